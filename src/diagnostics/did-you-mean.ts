/**
 * Suggests the candidate a mistyped word was probably meant to be, for "unknown key" style messages in the config
 * and in front matter. Returns undefined when nothing is close enough: a wrong suggestion is worse than none.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const wanted = word.toLowerCase();
  // Short words tolerate one edit; longer ones about one per three letters, so `servceKey` finds `serviceKey`
  // but `id` does not suggest `os`.
  const tolerance = Math.max(1, Math.floor(wanted.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  let prefixMatch: string | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= tolerance && (best === undefined || distance < best.distance))
      best = { candidate, distance };
    // `env` for `environments`: a prefix says more than a raw distance does.
    if (prefixMatch === undefined && wanted.length >= 3 && candidate.toLowerCase().startsWith(wanted)) {
      prefixMatch = candidate;
    }
  }
  return best?.candidate ?? prefixMatch;
}

/** `status: Published` → "did you mean published?": a hint when a value is close to one the field accepts. */
export function closeValueHint(value: unknown, accepted: readonly unknown[]): { hint?: string } {
  if (typeof value !== 'string') return {};
  const suggestion = didYouMean(value, accepted.map(String));
  return suggestion ? { hint: `did you mean ${suggestion}?` } : {};
}

/**
 * Optimal-string-alignment distance: Levenshtein plus the swap of two adjacent letters, the most common typo
 * (`tiemZone`), counted as one edit.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
