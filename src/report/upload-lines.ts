import type { Plan } from '../sync/plan.js';
import { formatBytes } from '../system/bytes.js';

/**
 * The files a plan uploads and the uploads it deletes, as lines of the plan: `↑ upload faq/refund-form.pdf
 * (12.3 MiB) for faq/billing/refund`. Uploads the state only forgets (found on the service, never deleted) are not
 * shown: nothing happens to the service.
 */

export interface UploadLine {
  symbol: '↑' | '-';
  /** What is done, with the file's name as content/ has it. */
  text: string;
  /** Why, or when. */
  note?: string;
}

/** How many documents a line names before it counts the rest. */
const DOCUMENTS_SHOWN = 2;

export function uploadLines(plan: Plan): UploadLine[] {
  const lines: UploadLine[] = (plan.uploads ?? []).map((upload) => ({
    symbol: '↑',
    text: `upload ${upload.path} (${formatBytes(upload.size)})`,
    note: `attached by ${namesOf(upload.documents)}`,
  }));
  // Deleted only at the end of an apply in which every change went through: a held one may still need them.
  const held = plan.changes.some((change) => change.hold);
  for (const unused of plan.unusedUploads ?? []) {
    if (unused.forgetOnly) continue;
    lines.push({
      symbol: '-',
      text: `delete upload ${unused.fileName} (${formatBytes(unused.size)})`,
      note: held
        ? 'no file of content/ is it any more; kept until the held changes above go through'
        : 'no file of content/ is it any more',
    });
  }
  return lines;
}

/** `3 uploads (14.2 MiB), 1 upload to delete` for the summary line; empty when there are none. */
export function uploadCounts(plan: Plan): string[] {
  const uploads = plan.uploads ?? [];
  const deletes = (plan.unusedUploads ?? []).filter((unused) => !unused.forgetOnly).length;
  const counts: string[] = [];
  if (uploads.length) {
    const bytes = uploads.reduce((sum, upload) => sum + upload.size, 0);
    counts.push(`${uploads.length} ${uploads.length === 1 ? 'upload' : 'uploads'} (${formatBytes(bytes)})`);
  }
  if (deletes) counts.push(`${deletes} ${deletes === 1 ? 'upload' : 'uploads'} to delete`);
  return counts;
}

function namesOf(keys: readonly string[]): string {
  const shown = keys.slice(0, DOCUMENTS_SHOWN).join(', ');
  return keys.length > DOCUMENTS_SHOWN ? `${shown} and ${keys.length - DOCUMENTS_SHOWN} more` : shown;
}
