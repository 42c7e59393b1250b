/** Seeded pseudo-random numbers (mulberry32): the same seed gives the same simulation. */
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
/** A 32-bit unsigned integer from the generator (an ISS, RFC 9293 §3.4.1 / RFC 6528). */
export function randomU32(rng: () => number): number {
  return Math.floor(rng() * 4294967296) >>> 0;
}
