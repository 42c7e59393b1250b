import "server-only";
import { POOR } from "@/lib/mock/report";
import { brierScore, reliabilityBins, type ReliabilityBin } from "@/lib/schedule/calibration";
import { cardInfo, mockPredictions, reviewPredictions, type CardInfo, type ReviewRow } from "@/lib/schedule/evidence";
import { STORED_CARD_SELECT, type StoredCard } from "@/lib/srs/mapper";
import { getBank } from "./bank";
import { interviewDateOf } from "./interview-date";
import { learnerWeights } from "./learner-weights";
import { getPrisma } from "./prisma";

/**
 * The data layer of card info and the calibration panel (issue 20). Plain Prisma queries, so the
 * same code runs on SQLite and PostgreSQL; every query is scoped to the learner's id, which the
 * caller takes from lib/server/users.ts — a learner can only ever read their own cards.
 */

const REVIEW_SELECT = { id: true, itemId: true, rating: true, review: true, durationMs: true, previousCard: true, undoneAt: true } as const;

export interface CardInfoData extends CardInfo {
  interviewDate: Date | null;
  weightsSource: "default" | "fitted";
  weightsFittedAt: Date | null;
}

/** Card info of one bank item for this learner (an item never rated has an empty card); null for an unknown item. */
export async function getCardInfo(userId: string, itemId: string, now: Date): Promise<CardInfoData | null> {
  if (!getBank().byId.has(itemId)) return null;
  const db = await getPrisma();
  const [card, settings, weights, interviewDate] = await Promise.all([
    db.card.findUnique({ where: { userId_itemId: { userId, itemId } }, select: { id: true, ...STORED_CARD_SELECT } }),
    db.userSettings.findUnique({ where: { userId }, select: { desiredRetention: true } }),
    learnerWeights(userId),
    interviewDateOf(userId),
  ]);
  const logs: ReviewRow[] = card
    ? await db.reviewLog.findMany({ where: { userId, cardId: card.id }, select: REVIEW_SELECT, orderBy: { review: "asc" } })
    : [];
  const info = cardInfo({ card, logs, now, interview: interviewDate, weights: weights.weights, desiredRetention: settings?.desiredRetention ?? 0.9 });
  return { ...info, interviewDate, weightsSource: weights.source, weightsFittedAt: weights.fittedAt ?? null };
}

/** Fewer predictions than this and the panel says the figures mean little yet. */
export const MIN_PREDICTIONS = 50;

export interface CalibrationData {
  count: { reviews: number; mock: number };
  brier: number | null;
  bins: ReliabilityBin[];
  /** mock answers on items never practised by then (no prediction; readiness counts them 0) */
  unseenMock: { answered: number; passed: number };
  weightsSource: "default" | "fitted";
  enough: boolean;
}

/**
 * Predictions against outcomes for one learner: every later review (lib/schedule/evidence
 * reviewPredictions) and every answered turn of a finished mock interview (passed: score ≥ POOR,
 * the mock report's threshold), in decile bins with the Brier score.
 */
export async function getCalibration(userId: string): Promise<CalibrationData> {
  const db = await getPrisma();
  const [logs, cards, turns, weights] = await Promise.all([
    db.reviewLog.findMany({ where: { userId }, select: REVIEW_SELECT }),
    db.card.findMany({ where: { userId }, select: { itemId: true, ...STORED_CARD_SELECT } }),
    db.mockTurn.findMany({
      where: { interview: { userId, status: "finished" }, answeredAt: { not: null }, score: { not: null }, kind: { not: "probe" } },
      select: { itemId: true, score: true, answeredAt: true },
    }),
    learnerWeights(userId),
  ]);
  const cardMap = new Map<string, StoredCard>(cards.map((c) => [c.itemId, c]));
  const reviews = reviewPredictions(logs, weights.weights);
  const mock = mockPredictions(
    turns.map((t) => ({ itemId: t.itemId, answeredAt: t.answeredAt!, passed: (t.score ?? 0) >= POOR })),
    cardMap,
    logs,
    weights.weights,
  );
  const all = [...reviews, ...mock.predictions];
  return {
    count: { reviews: reviews.length, mock: mock.predictions.length },
    brier: all.length ? brierScore(all) : null,
    bins: reliabilityBins(all),
    unseenMock: mock.unseen,
    weightsSource: weights.source,
    enough: all.length >= MIN_PREDICTIONS,
  };
}
