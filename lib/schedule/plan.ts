/**
 * Interview-date mode: the reviews of each day until the interview, chosen to maximise the
 * learner's expected recall on the interview date within a daily budget of minutes.
 *
 * OBJECTIVE. Maximise Σ_cards E[R_card(T)] — the expected number of cards recalled at the
 * interview instant T (a new card never introduced counts 0) — subject to, on every day k before
 * T, the expected seconds of that day's reviews ≤ the day's budget. Memory follows FSRS-6 with
 * the learner's weights (./model.ts: ts-fsrs's own stability update; a review is recalled with
 * probability R at that moment and then moves to the stability after a success, otherwise to the
 * stability after a lapse and a same-day relearning step; outcomes are kept as a mixture).
 *
 * ALGORITHM (greedy by marginal gain per second, with one rule for new cards):
 * 1. Days are 24-hour steps from `now` (day 0 is the rest of today) while they fall before T.
 *    Learning and relearning cards due today are kept on day 0 (their steps are minutes apart).
 * 2. For every card and every day k, the gain of adding a review on day k to the card's planned
 *    days is E[R(T) | days ∪ {k}] − E[R(T) | days] (that card's plan re-simulated from the review
 *    before k), and its cost is the expected seconds of that review. Cards that will be recalled on the date
 *    anyway gain almost nothing and are left alone; cards whose recall on the date would be low
 *    gain most, usually from a review shortly before the date plus earlier ones that build
 *    stability. A review that would raise the card's recall on the date by less than one point
 *    (MIN_GAIN) is never planned.
 * 3. New cards (in the order given: the caller's priority) are introduced only while they can
 *    still be consolidated before the date: an introduction on day d is always paired with a
 *    first review on a later day d' before the date (so no card is introduced on the last day).
 *    A new card goes on the earliest day with room for it (early days are the ones with time to
 *    spare, and an early start leaves room for the reviews that build stability), with the d'
 *    of the best ratio; it competes with the reviews by its value E[R(T)] over the seconds of
 *    both. Further reviews of it are then added like any card's (step 2).
 * 4. Repeatedly take the candidate with the highest gain per second whose day still has room
 *    (and, for introductions, room under `maxNewPerDay`), add it, re-evaluate that card, and
 *    stop when nothing with a gain of at least MIN_GAIN fits.
 * The plan is meant to be re-made every day from the real card states (only day 0 is acted on);
 * the prediction "with the plan" is that of the plan fixed today.
 *
 * WITHOUT THE PLAN: the standard FSRS schedule at the learner's desired retention under the
 * same budget, in expectation: each day the branches that are due (learner's calendar day) are
 * reviewed lowest recall first while the budget lasts, each outcome scheduled again by ts-fsrs's
 * interval at the desired retention, then new cards up to `maxNewPerDay` while the budget lasts.
 *
 * AFTER THE DATE (or with no day left before it) the function returns `mode: "fsrs"`: schedule
 * with normal FSRS.
 */
import { FSRSAlgorithm, generatorParameters, State } from "ts-fsrs";
import { z } from "zod";
import { dayNumber } from "../srs/stats";
import { DAY_MS, DEFAULT_RATINGS, DEFAULT_WEIGHTS, MemoryModel, RatingModelSchema, ReviewSecondsSchema, WeightsSchema, mergeBranches, mixtureRecall, wholeDays, type Branch, type RatingModel, type ReviewSeconds, type Weights } from "./model";

export const PlanCardSchema = z
  .object({
    id: z.string().min(1),
    topic: z.string().min(1),
    /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning */
    state: z.number().int().min(0).max(3),
    stability: z.number().min(0).finite(),
    difficulty: z.number().min(0).max(10),
    lastReview: z.date().nullable(),
    due: z.date(),
  })
  .refine((c) => c.state === State.New || (c.lastReview !== null && c.stability > 0 && c.difficulty >= 1), "a card that has been reviewed needs its last review, stability > 0 and difficulty ≥ 1");
export type PlanCard = z.infer<typeof PlanCardSchema>;

export const PlanInputSchema = z
  .object({
    /** every card of the learner; new cards in the order they should be introduced */
    cards: z.array(PlanCardSchema),
    weights: WeightsSchema.optional(),
    ratings: RatingModelSchema.optional(),
    now: z.date(),
    interview: z.date(),
    dailyMinutes: z.number().positive().max(24 * 60),
    /** seconds per review, overall or per rating (see secondsFromDurations) */
    seconds: ReviewSecondsSchema,
    desiredRetention: z.number().min(0.7).max(0.99).default(0.9),
    /** seconds already spent reviewing today (taken off day 0's budget) */
    spentTodaySeconds: z.number().min(0).default(0),
    maxNewPerDay: z.number().int().min(0).optional(),
    /** the learner's UTC offset in minutes (east positive), for calendar days */
    offsetMinutes: z.number().int().min(-840).max(840).default(0),
  })
  .refine((i) => new Set(i.cards.map((c) => c.id)).size === i.cards.length, "card ids must be unique");
export type PlanInput = z.input<typeof PlanInputSchema>;

export interface PlanDay {
  /** the learner's calendar day number (days since 1970-01-01 in their zone) */
  day: number;
  /** the instant the day's reviews are assumed to happen (now + k days) */
  at: Date;
  /** cards to review, lowest recall first */
  reviews: string[];
  /** new cards to introduce */
  introduce: string[];
  /** expected seconds of the day's work */
  seconds: number;
  /** the standard FSRS schedule on that day, in expectation */
  withoutPlan: { reviews: number; introduce: number; seconds: number };
}

export interface CardForecast {
  id: string;
  topic: string;
  /** expected recall at the interview, with the plan and with standard FSRS */
  withPlan: number;
  withoutPlan: number;
  /** indices into `days` of the planned reviews (the first is the introduction for a new card) */
  planDays: number[];
}

export interface TopicForecast {
  topic: string;
  cards: number;
  withPlan: number;
  withoutPlan: number;
}

export type PlanResult =
  | { mode: "fsrs"; reason: "interview_passed" | "no_day_left"; message: { en: string; zh: string } }
  | {
      mode: "interview";
      days: PlanDay[];
      cards: CardForecast[];
      topics: TopicForecast[];
      /** mean expected recall on the date over all cards */
      withPlan: number;
      withoutPlan: number;
    };

const FALLBACK_MESSAGES = {
  interview_passed: {
    en: "The interview date has passed: cards are scheduled by normal FSRS again.",
    zh: "面试日期已过：卡片重新按常规 FSRS 排期。",
  },
  no_day_left: {
    en: "No review day is left before the interview: cards are scheduled by normal FSRS.",
    zh: "面试前已没有可复习的日子：卡片按常规 FSRS 排期。",
  },
} as const;

/**
 * A review that raises the card's expected recall on the date by less than one point is not
 * worth doing, even with time to spare: cards that will be recalled anyway are left alone.
 */
export const MIN_GAIN = 0.01;

interface Ctx {
  model: MemoryModel;
  now: number;
  interview: number;
  K: number;
}

const at = (ctx: Ctx, k: number) => ctx.now + k * DAY_MS;

/** A card's plan evaluated: expected recall at the date and the expected seconds of each planned day. */
interface Eval {
  value: number;
  costs: number[];
}

/** The mixture before a planned review: after the reviews before it (or the card as it is now). */
interface Snap {
  mix: Branch[];
  /** day index of the last review, null: the card's own last review */
  lastK: number | null;
}

/** The card as it is before any planned review (a new card: after its introduction on `days[0]`). */
function start(ctx: Ctx, card: PlanCard, days: readonly number[]): { snap: Snap; costs: number[]; rest: readonly number[] } | null {
  if (card.state !== State.New) return { snap: { mix: [{ p: 1, stability: card.stability, difficulty: card.difficulty }], lastK: null }, costs: [], rest: days };
  if (days.length === 0) return null;
  const f = ctx.model.first();
  return { snap: { mix: f.branches, lastK: days[0] }, costs: [f.seconds], rest: days.slice(1) };
}

/** Reviews `snap` on each of `days` in turn: the mixtures before each, the costs, and the final one. */
function replay(ctx: Ctx, card: PlanCard, snap: Snap, days: readonly number[], snaps?: Snap[]): { end: Snap; costs: number[] } {
  const costs: number[] = [];
  let { mix, lastK } = snap;
  for (const k of days) {
    snaps?.push({ mix, lastK });
    const dt = lastK === null ? wholeDays(card.lastReview!, new Date(at(ctx, k))) : k - lastK;
    const r = ctx.model.review(mix, dt);
    mix = r.branches;
    costs.push(r.seconds);
    lastK = k;
  }
  return { end: { mix, lastK }, costs };
}

function recallAtDate(ctx: Ctx, card: PlanCard, s: Snap): number {
  const last = s.lastK === null ? card.lastReview!.getTime() : at(ctx, s.lastK);
  return mixtureRecall(ctx.model, s.mix, (ctx.interview - last) / DAY_MS);
}

/**
 * Expected recall at the interview of `card` reviewed on `days` (sorted; a new card's first is
 * its introduction), the expected seconds of each, and the mixture before each review that
 * follows the start (for evaluating insertions without replaying the prefix).
 */
function evaluate(ctx: Ctx, card: PlanCard, days: readonly number[]): Eval & { snaps: Snap[] } {
  const s = start(ctx, card, days);
  if (!s) return { value: 0, costs: [], snaps: [] };
  const snaps: Snap[] = [];
  const r = replay(ctx, card, s.snap, s.rest, snaps);
  snaps.push(r.end);
  return { value: recallAtDate(ctx, card, r.end), costs: [...s.costs, ...r.costs], snaps };
}

function insertSorted(days: readonly number[], k: number): number[] {
  const out = [...days, k];
  out.sort((a, b) => a - b);
  return out;
}

interface Planned {
  card: PlanCard;
  days: number[];
  ev: Eval & { snaps: Snap[] };
  /** the possible additions, best first */
  cands: Cand[];
}

type Cand = { k: number; ratio: number; cost: number };

/**
 * Every worthwhile addition to the card's plan, best ratio first. Their gains depend only on the
 * card's own plan, so the list is made again only when that changes; a day that fills up just
 * drops its entries (see `feasible`).
 */
function additions(ctx: Ctx, p: Planned): Cand[] {
  const isNew = p.card.state === State.New;
  if (isNew && p.days.length === 0) return [];
  const reviewDays = isNew ? p.days.slice(1) : p.days;
  const out: Cand[] = [];
  let j = 0; // planned reviews before k
  for (let k = isNew ? p.days[0] + 1 : 0; k < ctx.K; k++) {
    while (j < reviewDays.length && reviewDays[j] < k) j++;
    if (reviewDays[j] === k) continue;
    // from the mixture before the first planned review after k: review on k, then the rest
    const r = replay(ctx, p.card, p.ev.snaps[j], [k, ...reviewDays.slice(j)]);
    const gain = recallAtDate(ctx, p.card, r.end) - p.ev.value;
    if (gain >= MIN_GAIN) out.push({ k, ratio: gain / r.costs[0], cost: r.costs[0] });
  }
  return out.sort((a, b) => b.ratio - a.ratio || a.k - b.k);
}

/** The card's best addition that still fits its day (entries that no longer fit are dropped). */
function feasible(p: Planned, used: number[], cap: number[]): Cand | null {
  while (p.cands.length > 0 && used[p.cands[0].k] + p.cands[0].cost > cap[p.cands[0].k] + 1e-9) p.cands.shift();
  return p.cands[0] ?? null;
}

interface PlanCore {
  ctx: Ctx;
  planned: Planned[];
  used: number[];
  newCount: number[];
}

/** The greedy plan itself (no validation, no forecast without it): used by planUntil and the simulation. */
export function greedyPlan(
  cards: readonly PlanCard[],
  model: MemoryModel,
  opts: { now: Date; interview: Date; dailySeconds: number; spentTodaySeconds?: number; maxNewPerDay?: number },
): PlanCore {
  const now = opts.now.getTime();
  const interview = opts.interview.getTime();
  const K = Math.max(0, Math.ceil((interview - now) / DAY_MS));
  const ctx: Ctx = { model, now, interview, K };
  const cap = Array.from({ length: K }, (_, k) => (k === 0 ? Math.max(0, opts.dailySeconds - (opts.spentTodaySeconds ?? 0)) : opts.dailySeconds));
  const used = new Array<number>(K).fill(0);
  const newCount = new Array<number>(K).fill(0);
  const maxNew = opts.maxNewPerDay ?? Infinity;
  const planned: Planned[] = [];
  const addCosts = (p: Planned, sign: 1 | -1) => p.days.forEach((k, i) => (used[k] += sign * p.ev.costs[i]));

  const endOfToday = now + DAY_MS; // learning steps due within a day are done today
  for (const card of cards) {
    const p: Planned = { card, days: [], ev: { value: 0, costs: [], snaps: [] }, cands: [] };
    if ((card.state === State.Learning || card.state === State.Relearning) && card.due.getTime() < endOfToday && K > 0) {
      p.days = [0];
    }
    p.ev = evaluate(ctx, card, p.days);
    addCosts(p, 1);
    planned.push(p);
  }
  if (K === 0) return { ctx, planned, used, newCount };
  for (const p of planned) p.cands = additions(ctx, p);

  // new cards: homogeneous under the model, so the value of each (introduce d, review d') is computed once
  const fresh = planned.filter((p) => p.card.state === State.New);
  let nextNew = 0;
  const pairs: { d: number; d2: number; value: number; c1: number; c2: number }[] = [];
  if (fresh.length > 0) {
    for (let d = 0; d < K - 1; d++)
      for (let d2 = d + 1; d2 < K; d2++) {
        const ev = evaluate(ctx, fresh[0].card, [d, d2]);
        pairs.push({ d, d2, value: ev.value, c1: ev.costs[0], c2: ev.costs[1] });
      }
  }
  // the earliest day with room for an introduction, paired with the best consolidation day after it
  const bestPair = () => {
    if (nextNew >= fresh.length) return null;
    for (let d = 0; d < K - 1; d++) {
      let best: { pair: (typeof pairs)[number]; ratio: number } | null = null;
      for (const pr of pairs) {
        if (pr.d !== d || newCount[d] >= maxNew || used[d] + pr.c1 > cap[d] + 1e-9 || used[pr.d2] + pr.c2 > cap[pr.d2] + 1e-9) continue;
        const ratio = pr.value / (pr.c1 + pr.c2);
        if (!best || ratio > best.ratio) best = { pair: pr, ratio };
      }
      if (best) return best;
    }
    return null;
  };
  let newCand = bestPair();

  for (;;) {
    let pick: Planned | null = null;
    let pickCand: Cand | null = null;
    for (const p of planned) {
      const c = p.cands.length ? feasible(p, used, cap) : null;
      if (c && (!pickCand || c.ratio > pickCand.ratio)) {
        pick = p;
        pickCand = c;
      }
    }
    const newRatio = newCand && newCand.pair.value >= MIN_GAIN ? newCand.ratio : -Infinity;
    if (!pick && newRatio === -Infinity) break;
    if (!pick || newRatio > pickCand!.ratio) {
      const pr = newCand!.pair;
      if (newCount[pr.d] >= maxNew || used[pr.d] + pr.c1 > cap[pr.d] + 1e-9 || used[pr.d2] + pr.c2 > cap[pr.d2] + 1e-9) {
        newCand = bestPair();
        continue;
      }
      const p = fresh[nextNew++];
      p.days = [pr.d, pr.d2];
      p.ev = evaluate(ctx, p.card, p.days);
      addCosts(p, 1);
      newCount[pr.d]++;
      p.cands = additions(ctx, p);
      newCand = bestPair();
      continue;
    }
    addCosts(pick, -1);
    pick.days = insertSorted(pick.days, pickCand!.k);
    pick.ev = evaluate(ctx, pick.card, pick.days);
    addCosts(pick, 1);
    pick.cands = additions(ctx, pick);
  }
  return { ctx, planned, used, newCount };
}

/** The plan's day-0 queue: reviews lowest recall first, then the new cards to introduce. */
export function todayFromPlan(core: PlanCore): { reviews: string[]; introduce: string[] } {
  return dayLists(core, 0);
}

function dayLists(core: PlanCore, k: number): { reviews: string[]; introduce: string[] } {
  const { ctx } = core;
  const reviews: { id: string; r: number }[] = [];
  const introduce: string[] = [];
  for (const p of core.planned) {
    const i = p.days.indexOf(k);
    if (i < 0) continue;
    if (p.card.state === State.New && i === 0) introduce.push(p.card.id);
    else {
      const lastT = i > 0 ? at(ctx, p.days[i - 1]) : p.card.lastReview!.getTime();
      const r = ctx.model.recall(i > 0 ? k - p.days[i - 1] : wholeDays(new Date(lastT), new Date(at(ctx, k))), p.card.stability || 1);
      reviews.push({ id: p.card.id, r });
    }
  }
  reviews.sort((a, b) => a.r - b.r || a.id.localeCompare(b.id));
  return { reviews: reviews.map((r) => r.id), introduce };
}

interface StdBranch extends Branch {
  /** day index of the last review (−1: the card's own last review) */
  lastK: number;
  /** day index it is due on */
  dueK: number;
}

/**
 * The standard FSRS schedule at `desiredRetention` under the same budget, in expectation: the
 * expected recall at the interview of every card, and each day's expected work.
 */
export function standardForecast(
  cards: readonly PlanCard[],
  model: MemoryModel,
  opts: { now: Date; interview: Date; dailySeconds: number; spentTodaySeconds?: number; maxNewPerDay?: number; desiredRetention: number; offsetMinutes: number },
): { recall: number[]; days: { reviews: number; introduce: number; seconds: number }[] } {
  const now = opts.now.getTime();
  const interview = opts.interview.getTime();
  const K = Math.max(0, Math.ceil((interview - now) / DAY_MS));
  const algo = new FSRSAlgorithm(generatorParameters({ w: [...model.weights], request_retention: opts.desiredRetention, enable_fuzz: false, enable_short_term: true }));
  const today = dayNumber(opts.now, opts.offsetMinutes);
  const dueIndex = (due: Date) => Math.max(0, dayNumber(due, opts.offsetMinutes) - today);
  const state: StdBranch[][] = cards.map((c) => (c.state === State.New ? [] : [{ p: 1, stability: c.stability, difficulty: c.difficulty, lastK: -1, dueK: dueIndex(c.due) }]));
  const lastTime = (ci: number, b: StdBranch) => (b.lastK < 0 ? cards[ci].lastReview!.getTime() : now + b.lastK * DAY_MS);
  const days: { reviews: number; introduce: number; seconds: number }[] = [];
  let nextNew = 0;
  const fresh = cards.map((c, i) => (c.state === State.New ? i : -1)).filter((i) => i >= 0);
  const schedule = (bs: Branch[], k: number): StdBranch[] => bs.map((b) => ({ ...b, lastK: k, dueK: k + algo.next_interval(b.stability, 0) }));
  for (let k = 0; k < K; k++) {
    const t = now + k * DAY_MS;
    let budget = k === 0 ? opts.dailySeconds - (opts.spentTodaySeconds ?? 0) : opts.dailySeconds;
    const due: { ci: number; b: StdBranch; r: number; dt: number }[] = [];
    for (let ci = 0; ci < cards.length; ci++)
      for (const b of state[ci])
        if (b.dueK <= k) {
          const dt = b.lastK < 0 ? wholeDays(cards[ci].lastReview!, new Date(t)) : k - b.lastK;
          due.push({ ci, b, r: model.recall(dt, b.stability), dt });
        }
    due.sort((a, b) => a.r - b.r || a.ci - b.ci);
    const day = { reviews: 0, introduce: 0, seconds: 0 };
    for (const d of due) {
      const cost = d.b.p * model.reviewSeconds(d.r);
      if (cost > budget) break;
      budget -= cost;
      day.reviews += d.b.p;
      day.seconds += cost;
      const out = model.review([{ ...d.b, p: 1 }], d.dt).branches.map((x) => ({ ...x, p: x.p * d.b.p }));
      state[d.ci] = state[d.ci].filter((x) => x !== d.b).concat(schedule(out, k));
    }
    const first = model.first();
    while (nextNew < fresh.length && day.introduce < (opts.maxNewPerDay ?? Infinity) && first.seconds <= budget) {
      budget -= first.seconds;
      day.seconds += first.seconds;
      day.introduce++;
      state[fresh[nextNew++]] = schedule(first.branches, k);
    }
    // branches of a card reviewed on the same day and due on the same day are one
    for (let ci = 0; ci < cards.length; ci++) {
      if (state[ci].length < 2) continue;
      const groups = new Map<string, StdBranch[]>();
      for (const b of state[ci]) {
        const key = `${b.lastK}:${b.dueK}`;
        groups.set(key, [...(groups.get(key) ?? []), b]);
      }
      state[ci] = [...groups.values()].map((g) => ({ ...mergeBranches(g, 1)[0], lastK: g[0].lastK, dueK: g[0].dueK }));
    }
    days.push(day);
  }
  const recall = cards.map((_, ci) => state[ci].reduce((s, b) => s + b.p * model.recall((interview - lastTime(ci, b)) / DAY_MS, b.stability), 0));
  return { recall, days };
}

/**
 * Interview-date mode for one learner (see the module comment). Throws a ZodError on invalid
 * input. Returns `mode: "fsrs"` once the interview has passed or no review day is left.
 */
export function planUntil(input: PlanInput): PlanResult {
  const i = PlanInputSchema.parse(input);
  if (i.interview.getTime() <= i.now.getTime()) return { mode: "fsrs", reason: "interview_passed", message: FALLBACK_MESSAGES.interview_passed };
  const model = new MemoryModel((i.weights as Weights | undefined) ?? DEFAULT_WEIGHTS, (i.ratings as RatingModel | undefined) ?? DEFAULT_RATINGS, i.seconds as number | ReviewSeconds);
  const opts = { now: i.now, interview: i.interview, dailySeconds: i.dailyMinutes * 60, spentTodaySeconds: i.spentTodaySeconds, maxNewPerDay: i.maxNewPerDay };
  const core = greedyPlan(i.cards, model, opts);
  if (core.ctx.K === 0) return { mode: "fsrs", reason: "no_day_left", message: FALLBACK_MESSAGES.no_day_left };
  const std = standardForecast(i.cards, model, { ...opts, desiredRetention: i.desiredRetention, offsetMinutes: i.offsetMinutes });

  const days: PlanDay[] = Array.from({ length: core.ctx.K }, (_, k) => {
    const when = new Date(at(core.ctx, k));
    return { day: dayNumber(when, i.offsetMinutes), at: when, ...dayLists(core, k), seconds: core.used[k], withoutPlan: std.days[k] };
  });
  const cards: CardForecast[] = core.planned.map((p, ci) => ({ id: p.card.id, topic: p.card.topic, withPlan: p.ev.value, withoutPlan: std.recall[ci], planDays: [...p.days] }));
  const byTopic = new Map<string, TopicForecast>();
  for (const c of cards) {
    const t = byTopic.get(c.topic) ?? { topic: c.topic, cards: 0, withPlan: 0, withoutPlan: 0 };
    t.cards++;
    t.withPlan += c.withPlan;
    t.withoutPlan += c.withoutPlan;
    byTopic.set(c.topic, t);
  }
  const topics = [...byTopic.values()].map((t) => ({ ...t, withPlan: t.withPlan / t.cards, withoutPlan: t.withoutPlan / t.cards })).sort((a, b) => a.topic.localeCompare(b.topic));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return { mode: "interview", days, cards, topics, withPlan: mean(cards.map((c) => c.withPlan)), withoutPlan: mean(cards.map((c) => c.withoutPlan)) };
}
