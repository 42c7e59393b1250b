/**
 * Seeded randomness for the mock interview. Every random choice of an interview is drawn from
 * `turnRandom(seed, turnIndex)`, so an interview replays exactly from its seed and answers.
 */

/** mulberry32: a small, fast generator; the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one turn of an interview, mixed so neighbouring turns do not correlate. */
export function turnSeed(seed: number, turnIndex: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (turnIndex + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export function turnRandom(seed: number, turnIndex: number): () => number {
  return mulberry32(turnSeed(seed, turnIndex));
}

/**
 * Picks one entry with probability proportional to its weight (non-positive weights never win
 * unless every weight is non-positive, then the first). Ties in order are resolved by position,
 * so the result depends only on the list, the weights and `rand`.
 */
export function weightedPick<T>(entries: readonly T[], weight: (t: T) => number, rand: () => number): T | undefined {
  if (entries.length === 0) return undefined;
  const ws = entries.map((e) => Math.max(0, weight(e)));
  const total = ws.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return entries[0];
  let r = rand() * total;
  for (let i = 0; i < entries.length; i++) {
    r -= ws[i];
    if (r < 0) return entries[i];
  }
  return entries[entries.length - 1];
}

/** A fresh interview seed from a random source (the server passes Math.random or crypto). */
export function newSeed(rand: () => number): number {
  return Math.floor(rand() * 2 ** 31) >>> 0;
}
