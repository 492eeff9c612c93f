import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { escapeHtml, linkTo } from './html.js';
import { crumbs, layout, type PageContext } from './layout.js';
import type { SiteModel } from './site-model.js';
import { documentPath, homePath } from './site-paths.js';

/** `file:line:column`, as the CLI prints it. */
function where(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column || 1}` : d.file;
}

/** A document's problems, on its page. */
export function problemsBox(problems: readonly Diagnostic[]): string {
  if (!problems.length) return '';
  const items = problems.map(
    (d) =>
      `<li><code>${escapeHtml(where(d))}</code> <strong>${escapeHtml(d.severity)}</strong> ${escapeHtml(d.message)} <span class="meta">[${escapeHtml(d.rule)}]</span>${d.hint ? `<br><span class="meta">hint: ${escapeHtml(d.hint)}</span>` : ''}</li>`,
  );
  return `<section class="problems" aria-label="Problems"><h2>Problems</h2><ul>${items.join('')}</ul></section>`;
}

/** Every problem of content/ and the config in one table, each linked to the page of its document. */
export function problemsPage(context: PageContext): string {
  const { site } = context;
  const owner = documentOfFile(site);
  const rows = site.diagnostics.map((d) => {
    const key = owner.get(d.file);
    const file = key
      ? linkTo(context.page, documentPath(context.language, key), where(d))
      : escapeHtml(where(d));
    return `<tr><td><code>${file}</code></td><td>${escapeHtml(d.severity)}</td><td>${escapeHtml(d.message)}${d.hint ? `<br><span class="meta">hint: ${escapeHtml(d.hint)}</span>` : ''}</td><td><code>${escapeHtml(d.rule)}</code></td></tr>`;
  });
  const body = rows.length
    ? `<table><thead><tr><th scope="col">Where</th><th scope="col">Severity</th><th scope="col">Problem</th><th scope="col">Rule</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p>No problems: content/ validates.</p>';
  const trail = crumbs(context, [
    [homePath(context.language), 'Home'],
    [context.page, 'Problems'],
  ]);
  return layout(context, 'Problems', `${trail}<h1>Problems (${site.diagnostics.length})</h1>${body}`);
}

function documentOfFile(site: SiteModel): Map<string, string> {
  const owner = new Map<string, string>();
  for (const entry of site.documents.values()) for (const file of entry.files) owner.set(file, entry.key);
  return owner;
}
