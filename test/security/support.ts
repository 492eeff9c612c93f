import path from 'node:path';
import { readContent } from '../../src/content/read-content.js';
import type { UnsafeHtmlAllowance } from '../../src/content/unsafe-html.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { makeProject } from '../support/project.js';

export const lists = {
  'content/faq/_categories.yaml': '- code: billing\n  name: { ko: 결제, en: Billing }\n',
  'content/notices/_headings.yaml': '- code: maintenance\n  name: 점검\n',
  'content/notices/_tags.yaml': '- code: app\n  name: 앱\n',
};

export const faq = (frontMatter: string, body = '# 질문\n\n답변\n') => `---\n${frontMatter}\n---\n${body}`;

/** readContent over a temp project with the lists above and `files`; `setup` may add symlinks. */
export async function readProject(
  files: Record<string, string | Uint8Array>,
  options: { setup?: (root: string) => void; allowUnsafeHtml?: UnsafeHtmlAllowance } = {},
) {
  using project = makeProject({ ...lists, ...files });
  options.setup?.(project.root);
  return await readContent({
    projectRoot: project.root,
    contentDir: path.join(project.root, 'content'),
    languages: ['ko', 'en'],
    timeZone: 'Asia/Seoul',
    allowUnsafeHtml: options.allowUnsafeHtml,
  });
}

export const where = (d: Diagnostic) => [d.file, d.line, d.column, d.severity, d.rule] as const;
