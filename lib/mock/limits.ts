/**
 * Limits and small helpers of the mock interview that both the server and the interview page's
 * client code use. Imports nothing, so the client bundle stays small.
 */

/** The interview lengths offered, in minutes. */
export const LENGTHS = [10, 20, 30] as const;
export type LengthMinutes = (typeof LENGTHS)[number];

/** A round's focus: one of the topic groups of lib/content/topics.ts, or everything. */
export const MOCK_FOCUSES = ["handshake", "teardown", "states", "attacks", "reliability", "congestion", "sockets", "all"] as const;
export type MockFocus = (typeof MOCK_FOCUSES)[number];

/** The longest answer accepted, in characters (code points). */
export const MAX_ANSWER_CHARS = 20_000;
/** Drafts may be longer than an answer, so that an over-long answer is never cut while it is edited. */
export const MAX_DRAFT_CHARS = 200_000;
/** The longest dispute note. */
export const MAX_DISPUTE_CHARS = 1_000;

/** Characters as a person counts them: code points, so an emoji or a rare CJK character is one. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** "m:ss" (or "h:mm:ss") for a duration in milliseconds; negative durations show as 0:00. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
