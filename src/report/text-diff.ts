import { diffLines } from 'diff';

/** Two texts' changed lines (`+ `, `- `), with `context` lines around each and `…` for what is left out. */
export function textDiff(before: string, after: string, context = 2): string[] {
  const parts = diffLines(before, after);
  const lines: { mark: ' ' | '+' | '-'; text: string }[] = [];
  for (const part of parts) {
    const mark = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of part.value.replace(/\n$/, '').split('\n')) lines.push({ mark, text });
  }
  const keep = new Set<number>();
  lines.forEach((line, i) => {
    if (line.mark === ' ') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep.add(j);
  });
  const out: string[] = [];
  let last = -1;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (i > last + 1) out.push('  …');
    const line = lines[i] as { mark: string; text: string };
    out.push(`${line.mark} ${line.text}`.trimEnd());
    last = i;
  }
  if (out.length > 0 && last < lines.length - 1) out.push('  …');
  return out;
}
