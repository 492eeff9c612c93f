import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A deterministic help-center corpus for the benchmark: FAQs in a three-level category tree and notices with
 * headings and tags, in ko + en, of realistic length and Markdown features, some with images. `seed` makes every
 * run write the same bytes.
 */

export interface CorpusOptions {
  docs: number;
  seed?: number;
}

function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, fast, reproducible.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const koWords = [
  '결제',
  '환불',
  '계정',
  '비밀번호',
  '배송',
  '주문',
  '쿠폰',
  '포인트',
  '앱',
  '로그인',
  '알림',
  '설정',
  '카드',
  '영수증',
  '문의',
  '점검',
  '업데이트',
  '이벤트',
  '회원',
  '보안',
];
const enWords = [
  'payment',
  'refund',
  'account',
  'password',
  'delivery',
  'order',
  'coupon',
  'points',
  'app',
  'sign-in',
  'notification',
  'settings',
  'card',
  'receipt',
  'inquiry',
  'maintenance',
  'update',
  'event',
  'member',
  'security',
];

/** A 1×1 PNG: attachments only need real bytes. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export function writeCorpus(root: string, options: CorpusOptions): { files: number; documents: number } {
  const next = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const sentence = (words: readonly string[], n: number) =>
    Array.from({ length: n }, () => pick(words)).join(' ');
  const write = (rel: string, content: string | Buffer) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };

  // 5 × 4 × 3 categories, ko + en names.
  const categories: string[] = [];
  const tree = Array.from({ length: 5 }, (_, a) => ({
    code: `c${a}`,
    name: { ko: `${koWords[a]} 분류`, en: `Topic ${a}` },
    children: Array.from({ length: 4 }, (_, b) => ({
      code: `c${a}-${b}`,
      name: { ko: `${koWords[(a + b + 5) % 20]} ${b}`, en: `Topic ${a}-${b}` },
      children: Array.from({ length: 3 }, (_, c) => {
        categories.push(`c${a}/c${a}-${b}/c${a}-${b}-${c}`);
        return { code: `c${a}-${b}-${c}`, name: { ko: `세부 ${a}-${b}-${c}`, en: `Detail ${a}-${b}-${c}` } };
      }),
    })),
  }));
  const yaml = (value: unknown, indent = ''): string =>
    (value as { code: string; name: { ko: string; en: string }; children?: unknown[] }[])
      .map(
        (c) =>
          `${indent}- code: ${c.code}\n${indent}  name: { ko: "${c.name.ko}", en: "${c.name.en}" }\n` +
          (c.children ? `${indent}  children:\n${yaml(c.children, `${indent}    `)}` : ''),
      )
      .join('');
  write('faq/_categories.yaml', yaml(tree));
  write(
    'notices/_headings.yaml',
    ['maintenance', 'update', 'event', 'policy']
      .map((c, i) => `- code: ${c}\n  name: { ko: "${koWords[i + 15]}", en: "${c}" }\n`)
      .join(''),
  );
  write(
    'notices/_tags.yaml',
    Array.from(
      { length: 12 },
      (_, i) => `- code: t${i}\n  name: { ko: "${koWords[i]}", en: "${enWords[i]}" }\n`,
    ).join(''),
  );
  write('faq/shared/diagram.png', PNG);

  const faqCount = Math.round(options.docs * 0.7);
  let files = 4;
  for (let i = 0; i < options.docs; i++) {
    const isFaq = i < faqCount;
    const body = (words: readonly string[], lang: 'ko' | 'en') => {
      const parts = [
        sentence(words, 30 + Math.floor(next() * 40)),
        '',
        `## ${sentence(words, 3)}`,
        '',
        ...Array.from(
          { length: 3 + Math.floor(next() * 4) },
          () => `- ${sentence(words, 6 + Math.floor(next() * 8))}`,
        ),
        '',
        `| ${lang === 'ko' ? '항목' : 'Item'} | ${lang === 'ko' ? '내용' : 'Detail'} |`,
        '|---|---|',
        ...Array.from({ length: 3 }, () => `| ${pick(words)} | ${sentence(words, 5)} |`),
        '',
        `**${sentence(words, 4)}** ${sentence(words, 20)} \`${pick(enWords)}\`.`,
      ];
      if (next() < 0.1)
        parts.push(
          '',
          `![${pick(words)}](${isFaq ? '../shared/diagram.png' : '../../faq/shared/diagram.png'})`,
        );
      return parts.join('\n');
    };
    if (isFaq) {
      const category = pick(categories);
      const dir = `faq/${category.split('/')[2]}`;
      const name = `q${String(i).padStart(5, '0')}`;
      write(
        `${dir}/${name}.md`,
        `---\ncategory: ${category.split('/').at(-1)}\n${next() < 0.1 ? 'recommended: true\n' : ''}---\n\n# ${sentence(koWords, 4)} ${i}?\n\n${body(koWords, 'ko')}\n`,
      );
      write(`${dir}/${name}.en.md`, `# ${sentence(enWords, 5)} ${i}?\n\n${body(enWords, 'en')}\n`);
    } else {
      const year = 2024 + (i % 3);
      const month = String(1 + (i % 12)).padStart(2, '0');
      const name = `n${String(i).padStart(5, '0')}`;
      const tags = Array.from(new Set([Math.floor(next() * 12), Math.floor(next() * 12)])).map(
        (t) => `t${t}`,
      );
      write(
        `notices/${year}/${name}.md`,
        `---\nheading: ${pick(['maintenance', 'update', 'event', 'policy'])}\ntags: [${tags.join(', ')}]\nstart: ${year}-${month}-01 09:00\n---\n\n# ${sentence(koWords, 4)} 안내 ${i}\n\n${body(koWords, 'ko')}\n`,
      );
      write(
        `notices/${year}/${name}.en.md`,
        `# ${sentence(enWords, 4)} notice ${i}\n\n${body(enWords, 'en')}\n`,
      );
    }
    files += 2;
  }
  return { files, documents: options.docs };
}
