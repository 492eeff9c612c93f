import { Document, isPair, isScalar, isSeq, visit } from 'yaml';
import {
  documentStatusNames as documentStatus,
  templateStatusNames as templateStatus,
} from '../resources/front-matter.js';
import type { DocumentView } from '../resources/view.js';
import type { DocumentKind } from '../sync/remote-state.js';

/**
 * A pulled document as the files of DESIGN §1: front matter with friendly names (the inverse of each kind's
 * `content.fields`), the title always in `title:` (so it stays exactly what the service holds), then the body.
 */

/** `20261201090000` → `2026-12-01 09:00` (seconds only when not zero): the wall clock the content reader reads. */
export function apiDateToText(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return value;
  const [, y, mo, d, h, mi, s] = match;
  return `${y}-${mo}-${d} ${h}:${mi}${s === '00' ? '' : `:${s}`}`;
}

/**
 * The front matter of a kind's default-language file, from the record's view (references as codes). Values equal
 * to what the reader assumes when a key is left out are left out, except `status`, which a reader wants to see.
 */
export const defaultFrontMatter: Record<
  DocumentKind,
  (view: DocumentView, title: string) => Record<string, unknown>
> = {
  faq(view, title) {
    const f = view.fields;
    return {
      title,
      category: f.categoryCode,
      status: documentStatus[f.status as string] ?? f.status,
      ...(f.isRecommend ? { recommended: true } : {}),
      ...(f.isTop ? { pinned: true } : {}),
    };
  },
  notice(view, title) {
    const f = view.fields;
    const tags = (f.tagCodes as string[] | undefined) ?? [];
    return {
      title,
      heading: f.headingCode,
      ...(tags.length ? { tags } : {}),
      status: documentStatus[f.status as string] ?? f.status,
      ...(f.isTop ? { pinned: true } : {}),
      start: apiDateToText(String(f.startDt ?? '')),
      ...(f.endDt ? { end: apiDateToText(String(f.endDt)) } : {}),
      ...(f.displayDt ? { display: apiDateToText(String(f.displayDt)) } : {}),
    };
  },
  template(view, title) {
    const f = view.fields;
    const tags = (f.tagCodes as string[] | undefined) ?? [];
    return {
      subject: f.subject,
      ...(f.memo ? { memo: f.memo } : {}),
      title,
      heading: f.headingCode,
      ...(tags.length ? { tags } : {}),
      status: templateStatus[f.status as string] ?? f.status,
    };
  },
};

/** A Markdown file: YAML front matter (keys in the given order), a blank line, the body. */
export function documentText(frontMatter: Record<string, unknown>, body: string): string {
  const data = Object.fromEntries(Object.entries(frontMatter).filter(([, value]) => value !== undefined));
  const document = new Document(data);
  // Tags as `[app, web]`, as people write them.
  visit(document, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'tags' && isSeq(pair.value))
        pair.value.flow = true;
    },
  });
  const yaml = document.toString({ lineWidth: 0, flowCollectionPadding: false });
  const text = `---\n${yaml}---\n`;
  return body.trim() === '' ? text : `${text}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}
