import { seededRandom } from '../../../src/emulator/random.js';

/**
 * A generated corpus of editor-style HTML: random but reproducible (seeded) documents built from the things web
 * editors produce — styled spans, `<font>`, `<b>` next to `<strong>`, `&nbsp;` runs, `<br>` soup, nested and mixed
 * lists, tables with colspan and inline styles, code blocks with blank lines, div wrappers, empty paragraphs,
 * comments, Korean, Japanese and English text, and whitespace everywhere.
 */

const words = [
  '환불',
  '신청은',
  '결제일로부터',
  '7일 이내',
  '고객센터로',
  '문의해 주세요.',
  '비밀번호를',
  '변경합니다',
  'お問い合わせ',
  'ありがとうございます。',
  '返金',
  '手続き',
  'refund',
  'within 7 days',
  'Settings > Account',
  'a & b',
  '<tag>',
  '*star*',
  '_under_',
  '1. not a list',
  '# not a heading',
  'back`tick',
  '[brackets]',
  'pipe | here',
  '\\slash',
  '※ 주의',
  '(괄호)',
  '「強調」',
  '50%',
  'www.example.com',
];

export function generateEditorHtml(count: number, seed = 6): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const space = () => pick(['', '', ' ', '\n', '\n  ', '&nbsp;', ' &nbsp;']);
  const nl = () => pick(['', '', '\n', '\n\n', '\n    ']);
  const escapeText = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const text = () => {
    const n = 1 + Math.floor(random() * 4);
    return Array.from({ length: n }, () => escapeText(pick(words))).join(
      pick([' ', ' ', '&nbsp;', '  ', '\n']),
    );
  };
  const inline = (depth = 0): string => {
    const parts: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const inner = depth < 2 && chance(0.3) ? inline(depth + 1) : text();
      const choice = Math.floor(random() * 20);
      switch (choice) {
        case 0:
          parts.push(`<span style="color: ${pick(['#ff0000', 'rgb(0, 117, 200)', 'red'])};">${inner}</span>`);
          break;
        case 1:
          parts.push(`<b>${inner}</b>`);
          break;
        case 2:
          parts.push(`<strong>${inner}</strong>`);
          break;
        case 3:
          parts.push(`<em>${inner}</em>`);
          break;
        case 4:
          parts.push(`<i>${inner}</i>`);
          break;
        case 5:
          parts.push(`<u>${inner}</u>`);
          break;
        case 6:
          parts.push(`<font color="blue" face="굴림">${inner}</font>`);
          break;
        case 7:
          parts.push(
            `<a href="https://example.com/${pick(['help', 'faq?id=3', 'a/b#c'])}"${chance(0.5) ? ' target="_blank"' : ''}>${inner}</a>`,
          );
          break;
        case 8:
          parts.push(`<code>${escapeText(pick(['npm install', 'x = 1', 'a  b', 'config.yaml']))}</code>`);
          break;
        case 9:
          parts.push('<br>');
          break;
        case 10:
          parts.push(
            `<img src="https://cdn.example.com/${pick(['a', 'b', 'c'])}.png"${chance(0.5) ? ' alt="그림"' : ''}${chance(0.4) ? ' width="300"' : ''}>`,
          );
          break;
        case 11:
          parts.push(`<sup>${inner}</sup>`);
          break;
        case 12:
          parts.push(`<del>${inner}</del>`);
          break;
        case 13:
          parts.push('&nbsp;');
          break;
        default:
          parts.push(inner);
      }
      parts.push(space());
    }
    return parts.join('');
  };
  const paragraph = () => {
    const attributes = pick([
      '',
      '',
      '',
      ' style="text-align: center;"',
      ' class="MsoNormal"',
      ' align="right"',
    ]);
    return `<p${attributes}>${pick(['', ' ', '\n'])}${inline()}${pick(['', '<br>', ' '])}</p>`;
  };
  const list = (depth = 0): string => {
    const tag = pick(['ul', 'ol']);
    const items = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
      let body = chance(0.2) ? `<p>${inline()}</p>` : inline();
      if (depth < 2 && chance(0.3)) body += nl() + list(depth + 1);
      return `${nl()}<li>${body}</li>`;
    });
    return `<${tag}${chance(0.15) ? ' style="padding-left: 20px"' : ''}>${items.join('')}${nl()}</${tag}>`;
  };
  const table = () => {
    const columns = 1 + Math.floor(random() * 3);
    const header = chance(0.5)
      ? `<thead><tr>${Array.from({ length: columns }, () => `<th>${text()}</th>`).join('')}</tr></thead>`
      : '';
    const rows = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      if (columns > 1 && chance(0.2))
        return `<tr><td colspan="${columns}" style="background:#eee">${inline()}</td></tr>`;
      return `<tr>${Array.from({ length: columns }, () => `${nl()}<td>${chance(0.3) ? inline() : text()}</td>`).join('')}</tr>`;
    }).join(nl());
    return `<table${chance(0.5) ? ' border="1" style="width:100%"' : ''}>${header}<tbody>${rows}</tbody></table>`;
  };
  const code = () =>
    `<pre>${chance(0.5) ? '<code>' : ''}${pick(['line one\n\nline three', 'if (a) {\n  b();\n}', '$ npm test\n', '  indented\n\n\n  more'])}${''}</pre>`.replace(
      /<pre><code>(.*)<\/pre>$/s,
      '<pre><code>$1</code></pre>',
    );
  const heading = () => {
    const level = 1 + Math.floor(random() * 6);
    return `<h${level}${chance(0.2) ? ' id="s1"' : ''}>${inline(2)}</h${level}>`;
  };
  const quote = () =>
    chance(0.5) ? `<blockquote><p>${inline()}</p></blockquote>` : `<blockquote>${inline()}</blockquote>`;
  const block = (depth = 0): string => {
    const choice = Math.floor(random() * 14);
    switch (choice) {
      case 0:
      case 1:
      case 2:
        return paragraph();
      case 3:
        return list();
      case 4:
        return table();
      case 5:
        return code();
      case 6:
        return heading();
      case 7:
        return quote();
      case 8:
        return depth < 2
          ? `<div${chance(0.5) ? ' class="se-component"' : ''}>${nl()}${Array.from({ length: 1 + Math.floor(random() * 3) }, () => block(depth + 1)).join(nl())}${nl()}</div>`
          : paragraph();
      case 9:
        return pick(['<p></p>', '<p>&nbsp;</p>', '<p><br></p>', '<div><br></div>', '<hr>']);
      case 10:
        return `${inline()}<br>${inline()}`;
      case 11:
        return `<div>${inline()}</div>`;
      case 12:
        return `<!-- ${pick(['StartFragment', '메모', 'x'])} -->`;
      default:
        return paragraph();
    }
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + Math.floor(random() * 10) }, () => block()).join(nl()),
  );
}
