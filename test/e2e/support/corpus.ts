import type { E2eProject } from './project.js';

/**
 * A help center big enough that an apply against a slow emulator takes a second or two: FAQs across a small
 * category tree and notices under two headings, some linking to a document created in the same run (the link
 * pass), some sharing an attachment. Every document has its own title, so duplicates show.
 */
export interface Corpus {
  faqs: number;
  notices: number;
}

const pad = (n: number) => String(n).padStart(3, '0');

export function faqTitle(i: number, revision = 0): string {
  return `자주 묻는 질문 ${pad(i)}${revision ? ` (개정 ${revision})` : ''}`;
}

export function noticeTitle(i: number, revision = 0): string {
  return `공지 ${pad(i)}${revision ? ` (개정 ${revision})` : ''}`;
}

/** Writes the corpus; a new `revision` changes every document's title and body. */
export function writeCorpus(project: E2eProject, corpus: Corpus, revision = 0): void {
  project.write(
    'content/faq/_categories.yaml',
    '- code: general\n  name: { ko: 일반, en: General }\n  children:\n    - code: billing\n      name: { ko: 결제, en: Billing }\n- code: account\n  name: { ko: 계정, en: Account }\n',
  );
  project.write(
    'content/notices/_headings.yaml',
    '- code: news\n  name: { ko: 소식, en: News }\n- code: maintenance\n  name: { ko: 점검, en: Maintenance }\n',
  );
  project.write('content/notices/_tags.yaml', '- code: app\n  name: { ko: 앱, en: App }\n');
  project.write('content/faq/bulk/form.pdf', Buffer.from('%PDF-1.4 a form every tenth FAQ links\n'));
  for (let i = 1; i <= corpus.faqs; i++) {
    const next = i % 5 === 0 && i < corpus.faqs ? `\n\n다음 질문: [${pad(i + 1)}](./q-${pad(i + 1)}.md)` : '';
    const form = i % 10 === 0 ? '\n\n[신청서](./form.pdf)' : '';
    project.write(
      `content/faq/bulk/q-${pad(i)}.md`,
      `---\ncategory: ${['general', 'billing', 'account'][i % 3]}\n---\n\n# ${faqTitle(i, revision)}\n\n답변 ${i}번입니다. (판 ${revision})${next}${form}\n`,
    );
  }
  for (let i = 1; i <= corpus.notices; i++) {
    const faq = i % 4 === 0 ? `\n\n관련 질문: [FAQ](../../faq/bulk/q-${pad(i)}.md)` : '';
    project.write(
      `content/notices/bulk/n-${pad(i)}.md`,
      `---\nheading: ${i % 2 ? 'news' : 'maintenance'}\ntags: [app]\nstart: 2026-01-${String((i % 28) + 1).padStart(2, '0')}\n---\n\n# ${noticeTitle(i, revision)}\n\n공지 내용 ${i}. (판 ${revision})${faq}\n`,
    );
  }
}

/** Removes documents from the end of the corpus, as a writer deleting files would (none that a kept one links to). */
export function removeFromCorpus(project: E2eProject, corpus: Corpus, remaining: Corpus): void {
  for (let i = remaining.faqs + 1; i <= corpus.faqs; i++) project.remove(`content/faq/bulk/q-${pad(i)}.md`);
  for (let i = remaining.notices + 1; i <= corpus.notices; i++)
    project.remove(`content/notices/bulk/n-${pad(i)}.md`);
}
