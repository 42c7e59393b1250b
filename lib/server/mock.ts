import "server-only";
import type { Lang } from "@/lib/grading";
import { acceptDisputedPoint } from "@/lib/mock/grade";
import { MockError } from "@/lib/mock/errors";
import { buildPool, modeOf } from "@/lib/mock/items";
import { MAX_ANSWER_CHARS, countChars, type MockFocus } from "@/lib/mock/limits";
import { buildReport, parseDisputes, parseResult, type Dispute, type InterviewRecord, type ReportModel, type TurnRecord } from "@/lib/mock/model";
import { firstTurn, nextTurn, parsePolicy, topicWeakness, type PolicyState, type TurnKind } from "@/lib/mock/policy";
import { newSeed, turnRandom } from "@/lib/mock/prng";
import { boundElapsed, overallScore, poorItems } from "@/lib/mock/report";
import { scoreOf, type TurnResult } from "@/lib/mock/grade";
import { draftHasContent, gradeTurn } from "@/lib/mock/turn";
import { toFsrs } from "@/lib/srs/mapper";
import { retrievability, State } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { learnerWeights } from "./learner-weights";
import { getSettings, makeDueNowIn } from "./practice";
import { getPrisma } from "./prisma";
import { learnerTransaction } from "./store";

/**
 * The mock-interview data layer: plain functions taking the acting user's id. Every write is one
 * transaction that re-reads the interview and refuses a stale turn (answered already, in another
 * tab or by a retried request).
 *
 * Clock. The interview's clock is the candidate's: the page counts the time it is open on a turn
 * (like a chess clock, paused while the page is closed) and reports it with every draft save and
 * answer. The server accepts it within bounds (lib/mock/report.ts boundElapsed): never negative,
 * never less than already recorded for the turn, never more than the time left in the interview.
 * The interview ends when the answers' times add up to its length. The server's own timestamps
 * (askedAt, answeredAt, startedAt, endedAt) are kept as the record of when things happened.
 */

/** What is stored in MockInterview.policyState: the policy's state, the weakness it was started with, the open turn's clock. */
interface Stored extends PolicyState {
  weakness: Record<string, number>;
  openMs: number;
}

function readStored(json: string): Stored {
  const policy = parsePolicy(json);
  let extra: Partial<Stored> = {};
  try {
    extra = JSON.parse(json) as Partial<Stored>;
  } catch {
    /* empty */
  }
  return { ...policy, weakness: extra.weakness ?? {}, openMs: typeof extra.openMs === "number" ? extra.openMs : 0 };
}

const TURN_SELECT = {
  id: true,
  index: true,
  itemId: true,
  kind: true,
  probe: true,
  askedAt: true,
  answeredAt: true,
  answer: true,
  draft: true,
  score: true,
  result: true,
  disputes: true,
} as const;

type TurnRow = {
  id: string;
  index: number;
  itemId: string;
  kind: string;
  probe: string | null;
  askedAt: Date;
  answeredAt: Date | null;
  answer: string | null;
  draft: string | null;
  score: number | null;
  result: string | null;
  disputes: string | null;
};

function toRecord(t: TurnRow): TurnRecord & { id: string; draft: string | null; answeredAt: Date | null } {
  return {
    id: t.id,
    index: t.index,
    itemId: t.itemId,
    kind: t.kind as TurnKind,
    probe: t.probe ? t.probe.split(",") : null,
    answer: t.answer,
    result: parseResult(t.result),
    disputes: parseDisputes(t.disputes),
    draft: t.draft,
    answeredAt: t.answeredAt,
  };
}

function usedMs(turns: readonly TurnRow[]): number {
  return turns.reduce((a, t) => a + (t.answeredAt ? (parseResult(t.result)?.elapsedMs ?? 0) : 0), 0);
}

export interface MockSummary {
  id: string;
  lengthMinutes: number;
  focus: string;
  lang: string;
  status: string;
  score: number | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** Past interviews, newest first. */
export async function listMocks(userId: string): Promise<MockSummary[]> {
  const db = await getPrisma();
  return db.mockInterview.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    take: 200,
    select: { id: true, lengthMinutes: true, focus: true, lang: true, status: true, score: true, startedAt: true, endedAt: true },
  });
}

export async function getActiveMock(userId: string): Promise<MockSummary | null> {
  const db = await getPrisma();
  return db.mockInterview.findFirst({
    where: { userId, status: "active" },
    orderBy: { startedAt: "desc" },
    select: { id: true, lengthMinutes: true, focus: true, lang: true, status: true, score: true, startedAt: true, endedAt: true },
  });
}

/**
 * Weakness per topic from the user's FSRS cards (see lib/mock/policy.ts), with the learner's
 * weights (the applied fitted set, else the defaults), as the scheduler and the dashboard use.
 */
export async function weaknessFor(userId: string, now: Date): Promise<Record<string, number>> {
  const db = await getPrisma();
  const bank = getBank();
  const [{ desiredRetention }, { weights }] = await Promise.all([getSettings(userId), learnerWeights(userId)]);
  const cards = await db.card.findMany({
    where: { userId },
    select: { itemId: true, due: true, stability: true, difficulty: true, elapsedDays: true, scheduledDays: true, learningSteps: true, reps: true, lapses: true, state: true, lastReview: true },
  });
  return topicWeakness(
    cards.flatMap((c) => {
      const item = bank.byId.get(c.itemId);
      if (!item) return [];
      // A card never reviewed (new, or made due by a mock without a review) says nothing about recall.
      if (c.state === State.New || c.lastReview === null) return [{ topic: item.topic, retrievability: null }];
      let r: number | null;
      try {
        r = retrievability(toFsrs(c), now, desiredRetention, weights);
      } catch {
        r = null;
      }
      return [{ topic: item.topic, retrievability: r }];
    }),
  );
}

/** Starts an interview (or returns the one in progress: there is one at a time). */
export async function startMock(
  userId: string,
  input: { lengthMinutes: number; focus: MockFocus; lang: Lang },
  now: Date,
  rand: () => number,
): Promise<string> {
  const active = await getActiveMock(userId);
  if (active) return active.id;
  const weakness = await weaknessFor(userId, now);
  const seed = newSeed(rand);
  const pool = buildPool(getBank().items, input.focus, weakness);
  const first = firstTurn(pool, turnRandom(seed, 0));
  if (!first) throw new MockError("no_questions");
  return learnerTransaction(userId, async (tx) => {
    const again = await tx.mockInterview.findFirst({ where: { userId, status: "active" }, select: { id: true } });
    if (again) return again.id;
    const stored: Stored = { ...first.state, weakness, openMs: 0 };
    const mock = await tx.mockInterview.create({
      data: { userId, lengthMinutes: input.lengthMinutes, focus: input.focus, lang: input.lang, seed, policyState: JSON.stringify(stored), startedAt: now },
      select: { id: true },
    });
    await tx.mockTurn.create({
      data: { interviewId: mock.id, index: 0, itemId: first.plan.itemId, kind: first.plan.kind, probe: first.plan.probe?.join(",") ?? null, askedAt: now },
    });
    return mock.id;
  });
}

export interface MockView {
  interview: InterviewRecord & { seed: number; lengthMs: number };
  turns: (TurnRecord & { id: string; draft: string | null; answeredAt: Date | null })[];
  open: (TurnRecord & { id: string; draft: string | null }) | null;
  usedMs: number;
  openMs: number;
}

export async function getMockView(userId: string, id: string): Promise<MockView | null> {
  const db = await getPrisma();
  const mock = await db.mockInterview.findFirst({ where: { id, userId }, include: { turns: { select: TURN_SELECT, orderBy: { index: "asc" } } } });
  if (!mock) return null;
  const turns = mock.turns.map(toRecord);
  const open = turns.find((t) => t.answeredAt === null) ?? null;
  const stored = readStored(mock.policyState);
  return {
    interview: {
      id: mock.id,
      lengthMinutes: mock.lengthMinutes,
      lengthMs: mock.lengthMinutes * 60_000,
      focus: mock.focus,
      lang: mock.lang === "zh" ? "zh" : "en",
      startedAt: mock.startedAt,
      endedAt: mock.endedAt,
      status: mock.status,
      seed: mock.seed,
    },
    turns,
    open: mock.status === "active" ? open : null,
    usedMs: usedMs(mock.turns),
    openMs: stored.openMs,
  };
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getPrisma>>["$transaction"]>[0]>[0];

async function loadForWrite(tx: Tx, userId: string, interviewId: string) {
  const mock = await tx.mockInterview.findFirst({ where: { id: interviewId, userId }, include: { turns: { select: TURN_SELECT, orderBy: { index: "asc" } } } });
  if (!mock) throw new MockError("not_found");
  if (mock.status !== "active") throw new MockError("finished");
  const open = mock.turns.find((t) => t.answeredAt === null) ?? null;
  return { mock, open, stored: readStored(mock.policyState) };
}

/** Keeps what the candidate is typing, and the open turn's clock. */
export async function saveDraft(userId: string, input: { interviewId: string; turnId: string; draft: string; elapsedMs: number }): Promise<{ elapsedMs: number }> {
  return learnerTransaction(userId, async (tx) => {
    const { mock, open, stored } = await loadForWrite(tx, userId, input.interviewId);
    if (!open || open.id !== input.turnId) throw new MockError("stale");
    const elapsedMs = boundElapsed(input.elapsedMs, stored.openMs, usedMs(mock.turns), mock.lengthMinutes * 60_000, Date.now() - open.askedAt.getTime());
    await tx.mockTurn.update({ where: { id: open.id }, data: { draft: input.draft } });
    await tx.mockInterview.update({ where: { id: mock.id }, data: { policyState: JSON.stringify({ ...stored, openMs: elapsedMs }) } });
    return { elapsedMs };
  });
}

function finishData(turns: readonly { itemId: string; kind: string; score: number | null; result: TurnResult | null }[], now: Date) {
  const bank = getBank();
  const scored = turns.map((t, index) => ({
    index,
    itemId: t.itemId,
    topic: bank.byId.get(t.itemId)?.topic ?? "",
    kind: t.kind as TurnKind,
    mode: t.result?.mode ?? "talk",
    score: t.score,
    elapsedMs: t.result?.elapsedMs ?? 0,
  }));
  return { data: { status: "finished", endedAt: now, score: overallScore(scored) }, poor: poorItems(scored) };
}

/**
 * Records the answer to the open turn, scores it and asks the next question — or finishes the
 * interview when its time is used up or nothing is left to ask. Refuses an answer over
 * MAX_ANSWER_CHARS (nothing is changed) and an answer to a turn that is no longer open.
 */
export async function submitAnswer(
  userId: string,
  input: { interviewId: string; turnId: string; answer: string; elapsedMs: number; timeUp: boolean },
  now: Date,
): Promise<{ finished: boolean }> {
  if (countChars(input.answer) > MAX_ANSWER_CHARS) throw new MockError("too_long");
  const bank = getBank();
  const out = await learnerTransaction(userId, async (tx) => {
    const { mock, open, stored } = await loadForWrite(tx, userId, input.interviewId);
    if (!open || open.id !== input.turnId) throw new MockError("stale");
    const item = bank.byId.get(open.itemId);
    if (!item) throw new MockError("not_found");
    const lengthMs = mock.lengthMinutes * 60_000;
    const before = usedMs(mock.turns);
    const elapsedMs = boundElapsed(input.elapsedMs, stored.openMs, before, lengthMs, now.getTime() - open.askedAt.getTime());
    const lang: Lang = mock.lang === "zh" ? "zh" : "en";
    const kind = open.kind as TurnKind;
    const probe = open.probe ? open.probe.split(",") : null;
    const result: TurnResult = { ...gradeTurn(item, { index: open.index, kind, probe }, input.answer, { seed: mock.seed, lang, elapsedMs }), ...(input.timeUp ? { timeUp: true } : {}) };
    const score = scoreOf(result);
    const updated = await tx.mockTurn.updateMany({
      where: { id: open.id, answeredAt: null },
      data: { answer: input.answer, draft: null, answeredAt: now, score, result: JSON.stringify(result) },
    });
    if (updated.count !== 1) throw new MockError("stale");

    const answered = [
      ...mock.turns.filter((t) => t.answeredAt).map((t) => ({ itemId: t.itemId, kind: t.kind, score: t.score, result: parseResult(t.result) })),
      { itemId: open.itemId, kind: open.kind, score, result },
    ];
    const timeOver = before + elapsedMs >= lengthMs;
    const next = timeOver
      ? null
      : nextTurn(
          stored,
          {
            itemId: open.itemId,
            kind,
            matched: result.mode === "talk" ? result.matched.map((m) => m.id) : [],
            misconceptions: result.mode === "talk" ? (result.misconceptions ?? []).map((m) => m.id) : [],
          },
          buildPool(bank.items, mock.focus as MockFocus, stored.weakness),
          turnRandom(mock.seed, open.index + 1),
        );
    if (!next) {
      const fin = finishData(answered, now);
      await tx.mockInterview.update({ where: { id: mock.id }, data: { ...fin.data, policyState: JSON.stringify({ ...stored, openMs: 0 }) } });
      // The questions answered poorly become due now, in the same transaction as the finish.
      await makeDueNowIn(tx, userId, fin.poor, now);
      return { finished: true, poor: fin.poor };
    }
    await tx.mockTurn.create({
      data: { interviewId: mock.id, index: open.index + 1, itemId: next.plan.itemId, kind: next.plan.kind, probe: next.plan.probe?.join(",") ?? null, askedAt: now },
    });
    const nextStored: Stored = { ...next.state, weakness: stored.weakness, openMs: 0 };
    await tx.mockInterview.update({ where: { id: mock.id }, data: { policyState: JSON.stringify(nextStored) } });
    return { finished: false, poor: [] as string[] };
  });
  return { finished: out.finished };
}

/**
 * Ends the interview now. The open turn's draft, when it holds anything, is submitted as its answer;
 * an open turn with nothing typed is dropped (it was never answered).
 */
export async function endMock(userId: string, input: { interviewId: string; elapsedMs: number; draft?: string }, now: Date): Promise<void> {
  const bank = getBank();
  await learnerTransaction(userId, async (tx) => {
    const { mock, open, stored } = await loadForWrite(tx, userId, input.interviewId);
    const answered = mock.turns.filter((t) => t.answeredAt).map((t) => ({ itemId: t.itemId, kind: t.kind, score: t.score, result: parseResult(t.result) }));
    if (open) {
      if (input.draft !== undefined) open.draft = input.draft;
      const item = bank.byId.get(open.itemId);
      const worked = item ? modeOf(item) !== "talk" : false;
      if (item && draftHasContent(open.draft, worked) && countChars(open.draft ?? "") <= MAX_ANSWER_CHARS) {
        const elapsedMs = boundElapsed(input.elapsedMs, stored.openMs, usedMs(mock.turns), mock.lengthMinutes * 60_000, now.getTime() - open.askedAt.getTime());
        const lang: Lang = mock.lang === "zh" ? "zh" : "en";
        const result = gradeTurn(item, { index: open.index, kind: open.kind as TurnKind, probe: open.probe ? open.probe.split(",") : null }, open.draft ?? "", { seed: mock.seed, lang, elapsedMs });
        const score = scoreOf(result);
        await tx.mockTurn.update({ where: { id: open.id }, data: { answer: open.draft, draft: null, answeredAt: now, score, result: JSON.stringify(result) } });
        answered.push({ itemId: open.itemId, kind: open.kind, score, result });
      } else {
        await tx.mockTurn.delete({ where: { id: open.id } });
      }
    }
    const fin = finishData(answered, now);
    await tx.mockInterview.update({ where: { id: mock.id }, data: { ...fin.data, policyState: JSON.stringify({ ...stored, openMs: 0 }) } });
    await makeDueNowIn(tx, userId, fin.poor, now);
  });
}

/**
 * Keeps the candidate's dispute of a missed key point and accepts it: the point counts as made, the
 * turn's score is recomputed (and the interview's, once it has finished), and the dispute stays
 * recorded and visible in the transcript and the report.
 */
export async function addDispute(userId: string, input: { interviewId: string; turnId: string; point: string; note: string }, now: Date): Promise<void> {
  await learnerTransaction(userId, async (tx) => {
    const turn = await tx.mockTurn.findFirst({
      where: { id: input.turnId, interviewId: input.interviewId, interview: { userId } },
      select: { id: true, result: true, disputes: true, interview: { select: { id: true, status: true, endedAt: true } } },
    });
    if (!turn) throw new MockError("not_found");
    const result = parseResult(turn.result);
    if (!result || result.mode !== "talk" || !result.missed.includes(input.point)) throw new MockError("invalid");
    const disputes: Dispute[] = [...parseDisputes(turn.disputes).filter((d) => d.point !== input.point), { point: input.point, note: input.note, at: now.toISOString() }];
    const accepted = acceptDisputedPoint(result, input.point);
    await tx.mockTurn.update({ where: { id: turn.id }, data: { disputes: JSON.stringify(disputes), result: JSON.stringify(accepted), score: scoreOf(accepted) } });
    if (turn.interview.status === "finished") {
      const answered = await tx.mockTurn.findMany({ where: { interviewId: turn.interview.id, answeredAt: { not: null } }, orderBy: { index: "asc" }, select: { itemId: true, kind: true, score: true, result: true } });
      const fin = finishData(answered.map((t) => ({ ...t, result: parseResult(t.result) })), turn.interview.endedAt ?? now);
      await tx.mockInterview.update({ where: { id: turn.interview.id }, data: { score: fin.data.score } });
    }
  });
}

/** The report of one interview, with the previous finished interview's score for the change. */
export async function getReport(userId: string, id: string): Promise<ReportModel | null> {
  const view = await getMockView(userId, id);
  if (!view) return null;
  const db = await getPrisma();
  const previous = await db.mockInterview.findFirst({
    where: { userId, status: "finished", startedAt: { lt: view.interview.startedAt }, id: { not: id } },
    orderBy: { startedAt: "desc" },
    select: { score: true },
  });
  const items = new Map(getBank().items.map((i) => [i.id, i] as const));
  return buildReport(
    view.interview,
    view.turns.filter((t) => t.answeredAt !== null),
    items,
    previous?.score ?? null,
  );
}

