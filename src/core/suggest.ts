/** Edit distance between two strings (Levenshtein, case-insensitive): small means "probably a typo". */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The candidates closest to `name`, best first: for "did you mean ...?" hints.
 *
 * @example nearNames('CartPol-v1', ['CartPole-v1', 'MinAtar/Breakout-v1']) // ['CartPole-v1']
 */
export function nearNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lowered = name.toLowerCase();
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let distance = editDistance(name, candidate);
    // A candidate that contains the name (or the reverse) is a good hint even when long.
    if (c.includes(lowered) || lowered.includes(c)) distance = Math.min(distance, 1);
    const allowed = Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= allowed) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** " Did you mean 'a' or 'b'?" or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearNames(name, candidates);
  if (near.length === 0) return '';
  return ` Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?`;
}
