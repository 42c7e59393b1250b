/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4).
 *
 * "It is essential to remember that the actual sequence number space is finite, though very
 * large ... all arithmetic dealing with sequence numbers must be performed modulo 2**32."
 * Comparisons use the signed 32-bit difference, as smoltcp's `TcpSeqNumber` and every BSD
 * stack (`SEQ_LT`) do: a < b when (a - b) interpreted as int32 is negative.
 */

export const SEQ_MOD = 0x1_0000_0000;

/** a + n modulo 2^32, as an unsigned 32-bit number. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
/** a - b as a signed 32-bit distance. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}
export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}
/** lo <= x < lo + size (modulo 2^32); size 0 is an empty window. */
export function seqInWindow(x: number, lo: number, size: number): boolean {
  return ((x - lo) >>> 0) < size;
}
/** The larger of two sequence numbers by wrapping comparison. */
export function seqMax(a: number, b: number): number {
  return seqGt(a, b) ? a : b;
}
