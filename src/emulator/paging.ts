/**
 * Paged lists (notices, templates, FAQs, services), oc-api.md §4.1 and §7 item 6: the MyBatis PageHelper shape,
 * with `pageSize` capped at the 2023 maximum.
 */

export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  contents: T[];
  total: number;
  pages: number;
  pageNum: number;
  pageSize: number;
}

function integerOf(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^-?\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** `page` < 1 reads as 1; `pageSize` is clamped to 1..200; unreadable values fall back to the defaults. */
export function readPaging(
  page: string | undefined,
  pageSize: string | undefined,
  defaultPageSize: number,
): { page: number; pageSize: number } {
  return {
    page: Math.max(1, integerOf(page) ?? 1),
    pageSize: Math.min(MAX_PAGE_SIZE, Math.max(1, integerOf(pageSize) ?? defaultPageSize)),
  };
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const start = (page - 1) * pageSize;
  return {
    contents: items.slice(start, start + pageSize),
    total: items.length,
    pages: Math.ceil(items.length / pageSize),
    pageNum: page,
    pageSize,
  };
}
