import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Attachments, oc-api.md §5.5 and §5.8. Two stores: `notice` for notices and `help` (not `helpdoc`) for FAQs.
 * Uploads are multipart with one part named `file`, signed with the file's MD5; downloads return bytes, not JSON.
 */

export const attachmentStores = ['notice', 'help'] as const;
export type AttachmentStore = (typeof attachmentStores)[number];

export const attachmentRoutes = {
  upload: { method: 'POST', path: 'v1/attachments/{store}/upload.json' },
  download: { method: 'GET', path: 'v2/attachments/{store}/{ref}' },
  delete: { method: 'DELETE', path: 'v1/attachments/{store}/{ref}.json' },
} as const;

export const attachmentIdPattern = /^[0-9a-f]{32}$/;

export const uploadedAttachment = z.looseObject({
  attachmentId: z.string().regex(attachmentIdPattern),
  fileName: z.string().nullish(),
  contentType: z.string().nullish(),
  size: z.number(),
});
export type UploadedAttachment = z.infer<typeof uploadedAttachment>;

/**
 * What one upload is to oc-sync: the file's bytes (MD5) and the name the service offers it under. Identical bytes
 * linked under two names are two uploads, so each document keeps its own file name. A 32-hex digest, like the MD5
 * it replaces in state keys (`store:<identity>`), placeholders (`oc-sync:attachment/<identity>`) and views.
 */
export function attachmentIdentity(md5: string, fileName: string): string {
  return createHash('md5').update(`${md5}\u0000${fileName}`).digest('hex');
}
