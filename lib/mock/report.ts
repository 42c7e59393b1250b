/**
 * The figures of a mock-interview report (pure).
 *
 * - Turn weights: opening, deeper and worked turns 1, probes ½ (a probe is a second chance at the
 *   same question, so it counts half).
 * - Overall score (0–100) = round(100 × Σ weight·score / Σ weight) over the answered turns.
 * - Score per topic: the same weighted mean over the topic's turns.
 * - Recommended time per answer: spoken question 45 s per key point, between 1 and 4 minutes;
 *   probe 1 minute; ladder 30 s per row, at least 1 minute; state 45 s; trace 90 s.
 * - Poorly answered: an item whose first turn scored below POOR (0.5, grading's PASS_COVERAGE),
 *   or any of whose probes scored below it. These become due now in daily practice.
 * - Change since the previous mock: this score minus the previous finished mock's score.
 */
import { PASS_COVERAGE } from "@/lib/grading";
import type { Mode, TurnKind } from "./policy";

export const TURN_WEIGHT: Record<TurnKind, number> = { opening: 1, deeper: 1, worked: 1, probe: 0.5, challenge: 0.5 };
export const POOR = PASS_COVERAGE;

export interface ScoredTurn {
  index: number;
  itemId: string;
  topic: string;
  kind: TurnKind;
  mode: Mode;
  /** 0–1, null when the turn was never answered */
  score: number | null;
  elapsedMs: number;
}

export function recommendedMs(mode: Mode, kind: TurnKind, size: { keyPoints?: number; rows?: number }): number {
  if (kind === "probe") return 60_000;
  switch (mode) {
    case "talk":
      return Math.min(240_000, Math.max(60_000, 45_000 * (size.keyPoints ?? 0)));
    case "ladder":
      return Math.max(60_000, 30_000 * (size.rows ?? 0));
    case "state":
      return 45_000;
    case "trace":
      return 90_000;
    case "calc":
      return Math.max(60_000, 30_000 * (size.rows ?? 2));
  }
}

function weightedMean(turns: readonly ScoredTurn[]): number | null {
  let sum = 0;
  let w = 0;
  for (const t of turns) {
    if (t.score === null) continue;
    sum += TURN_WEIGHT[t.kind] * t.score;
    w += TURN_WEIGHT[t.kind];
  }
  return w === 0 ? null : sum / w;
}

/** 0–100, or null when nothing was answered. */
export function overallScore(turns: readonly ScoredTurn[]): number | null {
  const m = weightedMean(turns);
  return m === null ? null : Math.round(100 * m);
}

/** Score (0–100) per topic, in order of first appearance. */
export function topicScores(turns: readonly ScoredTurn[]): { topic: string; score: number; turns: number }[] {
  const topics = [...new Set(turns.filter((t) => t.score !== null).map((t) => t.topic))];
  return topics.map((topic) => {
    const of = turns.filter((t) => t.topic === topic && t.score !== null);
    return { topic, score: Math.round(100 * (weightedMean(of) ?? 0)), turns: of.length };
  });
}

/** Items answered poorly, in the order they were asked. */
export function poorItems(turns: readonly ScoredTurn[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const t of turns) {
    if (t.score === null) continue;
    const first = !seen.has(t.itemId);
    seen.add(t.itemId);
    const poor = (first || t.kind === "probe") && t.score < POOR;
    if (poor && !out.includes(t.itemId)) out.push(t.itemId);
  }
  return out;
}

/** Total time on the clock: the sum of the answers' times. */
export function totalElapsed(turns: readonly Pick<ScoredTurn, "elapsedMs">[]): number {
  return turns.reduce((a, t) => a + Math.max(0, t.elapsedMs), 0);
}

/** This score minus the previous one, or null when either is missing. */
export function scoreChange(current: number | null, previous: number | null | undefined): number | null {
  if (current === null || previous === null || previous === undefined) return null;
  return Math.round(current - previous);
}

/** Network and rendering delay allowed between the browser's clock and the server's. */
export const CLOCK_SLACK_MS = 2_000;

/**
 * The candidate's reported elapsed time for the open turn, bounded by the server: never negative,
 * never less than what was already recorded for it, never more than the time left in the
 * interview, and never more than the server has seen pass since it asked the question
 * (`serverMs`, with CLOCK_SLACK_MS of slack): a browser's clock cannot claim time that did not pass.
 */
export function boundElapsed(reported: number, recorded: number, usedBeforeMs: number, lengthMs: number, serverMs = Number.POSITIVE_INFINITY): number {
  const left = Math.max(0, lengthMs - usedBeforeMs);
  const seen = Number.isFinite(serverMs) ? Math.max(0, Math.floor(serverMs)) + CLOCK_SLACK_MS : Number.POSITIVE_INFINITY;
  const r = Number.isFinite(reported) ? Math.floor(reported) : 0;
  return Math.min(left, Math.max(0, recorded, Math.min(r, seen)));
}
