// "Did you mean …?": the candidates closest to a misspelt name.

/** Levenshtein distance, case-insensitive (case slips are the commonest typo in names). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/** Up to three candidates within a distance that scales with the name's length. */
export function closest(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...new Set(candidates)]
    .filter((c) => c !== name)
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c);
}

/** " (did you mean X?)" or "" — appended to unknown-name messages. */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  return ` (did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?)`;
}
