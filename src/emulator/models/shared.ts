import type { AttachmentStore } from '../../resources/attachment.js';
import type { AttachmentUse, ModelContext } from './model.js';

/** Pieces several document models share: the acting user and attachment lists. */

/**
 * Every Open API write acts as the organization Owner (OUCODE is not emulated), so documents carry this user.
 * The ids are shaped like the samples' (`userId` 10021).
 */
export const OWNER = { userId: 10001, userName: 'Owner' } as const;

/** Attachment ids from a body list, in order, without repeats. */
export function attachmentIds(refs: readonly { attachmentId: string }[] | undefined): string[] {
  return [...new Set((refs ?? []).map((ref) => ref.attachmentId))];
}

/** The response form of an attachment list (oc-api.md §5.0); ids whose upload is gone are left out. */
export function attachmentViews(ids: readonly string[], ctx: ModelContext) {
  return ids.flatMap((id) => {
    const meta = ctx.attachment(id);
    return meta
      ? [{ attachmentId: id, fileName: meta.fileName, contentType: meta.contentType, size: meta.size }]
      : [];
  });
}

export function attachmentUses(
  contents: Record<string, { attachments: readonly string[] }>,
  store: AttachmentStore,
): AttachmentUse[] {
  return Object.entries(contents).flatMap(([language, entry]) =>
    entry.attachments.map((attachmentId) => ({
      store,
      attachmentId,
      field: `contents.${language}.attachments`,
    })),
  );
}

/** `contents` with one attachment removed from every language. */
export function withoutAttachmentIn<C extends { attachments: string[] }>(
  contents: Record<string, C>,
  attachmentId: string,
): Record<string, C> {
  const next: Record<string, C> = {};
  for (const [language, entry] of Object.entries(contents)) {
    next[language] = { ...entry, attachments: entry.attachments.filter((id) => id !== attachmentId) };
  }
  return next;
}

/** The names map of an expanded tag, heading or category (its `languages`). */
export function namesOf(view: Record<string, unknown> | undefined): Record<string, string> {
  return (view?.languages as Record<string, string> | undefined) ?? {};
}
