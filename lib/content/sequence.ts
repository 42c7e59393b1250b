/**
 * Parameters of a sequence-number question, drawn afresh each time it is shown.
 * Randomness is a parameter (`rand` returns [0, 1)), so tests and the check are
 * reproducible; the engine (`simulate`) computes the answers from these options.
 */
import type { SimOptions } from "@/lib/tcp";
import type { SequenceItem } from "./schema";

/** A small seeded generator (mulberry32), for the check and for tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lengths(r: { count: number; min: number; max: number } | undefined, rand: () => number): number[] | undefined {
  if (!r) return undefined;
  return Array.from({ length: r.count }, () => r.min + Math.floor(rand() * (r.max - r.min + 1)));
}

/** ISNs anywhere in the 32-bit space (wrap-around included), payload lengths within the item's ranges. */
export function drawSequenceOptions(item: Pick<SequenceItem, "payload" | "faults">, rand: () => number): SimOptions {
  const isn = () => Math.floor(rand() * 4294967296) >>> 0;
  const opts: SimOptions = { seed: Math.floor(rand() * 2 ** 31), iss: { client: isn(), server: isn() } };
  const client = lengths(item.payload?.client, rand);
  const server = lengths(item.payload?.server, rand);
  if (client || server) opts.payload = { ...(client ? { client } : {}), ...(server ? { server } : {}) };
  if (item.faults) opts.faults = item.faults;
  return opts;
}
