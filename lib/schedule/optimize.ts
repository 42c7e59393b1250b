/**
 * Weights fitted to the learner, with the FSRS optimiser (fsrs-rs) of
 * `@open-spaced-repetition/binding-linux-x64-gnu@0.5.0`, an optional dependency: it is loaded at
 * call time (Node's ESM loader cannot import a `.node` addon, so through `createRequire`), and
 * where it does not load (other platforms; its wrapper package breaks `npm ci` here) the
 * current weights are kept — the defaults, unless the caller passes weights fitted elsewhere —
 * and the reason is returned in both languages.
 *
 * The learner's reviews are split by card (a fifth of the cards, chosen by a hash of the id, are
 * held out); the optimiser fits on the rest; both the current and the fitted weights are then
 * evaluated on the held-out reviews with the optimiser's own metrics (log loss and RMSE over
 * bins, as FSRS reports them). The fitted weights are returned as the ones to use only when they
 * are better on both; worse ones are never applied.
 */
import { createRequire } from "node:module";
import { checkParameters, dateDiffInDays } from "ts-fsrs";
import { z } from "zod";
import { turnSeed } from "../mock/prng";
import { DEFAULT_WEIGHTS, type Weights } from "./model";

export const OPTIMIZER_PACKAGE = "@open-spaced-repetition/binding-linux-x64-gnu";

/** The part of the binding used here (0.5.0's exports). */
interface Binding {
  computeParameters(items: unknown[], options?: { enableShortTerm?: boolean }): Promise<number[]>;
  FSRSBindingItem: new (reviews: unknown[]) => unknown;
  FSRSBindingReview: new (rating: number, deltaT: number) => unknown;
  FSRSBinding: new (parameters: number[]) => { evaluate(items: unknown[]): { logLoss: number; rmseBins: number } };
}

let loaded: Promise<{ binding: Binding } | { error: string }> | null = null;

/** The optimiser, or why it cannot be loaded here (cached after the first call). */
export function loadOptimizer(): Promise<{ binding: Binding } | { error: string }> {
  loaded ??= (async () => {
    try {
      const req = createRequire(import.meta.url);
      const m = req(OPTIMIZER_PACKAGE) as Partial<Binding>;
      if (typeof m.computeParameters !== "function" || typeof m.FSRSBinding !== "function") return { error: `${OPTIMIZER_PACKAGE} has no computeParameters/FSRSBinding` };
      return { binding: m as Binding };
    } catch (e) {
      return { error: e instanceof Error ? e.message.split("\n")[0] : String(e) };
    }
  })();
  return loaded;
}

export const ReviewRecordSchema = z.object({
  cardId: z.string().min(1),
  at: z.date(),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

export interface Metrics {
  logLoss: number;
  rmseBins: number;
}

export type OptimizeStatus = "better" | "not_better" | "too_few" | "unavailable";

export interface OptimizeResult {
  status: OptimizeStatus;
  /** the weights to use from now on: the fitted ones only when status is "better" */
  weights: number[];
  /** the fitted weights, whether applied or not */
  fitted: number[] | null;
  /** held-out evaluation of the current and of the fitted weights */
  before: Metrics | null;
  after: Metrics | null;
  trainItems: number;
  testItems: number;
  evaluatedAt: Date;
  message: { en: string; zh: string };
}

/** Reviews needed before fitting (the optimiser fits 21 weights: it wants a few thousand). */
export const MIN_REVIEWS = 1000;

type Rev = { rating: number; deltaT: number };

/** Each card's reviews in time order as (rating, whole days since the previous one). */
export function historiesByCard(reviews: readonly ReviewRecord[]): Map<string, Rev[]> {
  const by = new Map<string, ReviewRecord[]>();
  for (const r of reviews) by.set(r.cardId, [...(by.get(r.cardId) ?? []), r]);
  const out = new Map<string, Rev[]>();
  for (const [id, rs] of by) {
    rs.sort((a, b) => a.at.getTime() - b.at.getTime());
    out.set(
      id,
      rs.map((r, i) => ({ rating: r.rating, deltaT: i === 0 ? 0 : Math.max(0, dateDiffInDays(rs[i - 1].at, r.at)) })),
    );
  }
  return out;
}

/** True for the cards held out for evaluation (a fifth, by a hash of the id). */
export function heldOut(cardId: string, seed = 0): boolean {
  let h = seed >>> 0;
  for (let i = 0; i < cardId.length; i++) h = turnSeed(h, cardId.charCodeAt(i));
  return h % 5 === 0;
}

function items(b: Binding, histories: Iterable<Rev[]>): unknown[] {
  const out: unknown[] = [];
  for (const h of histories) {
    const revs = h.map((r) => new b.FSRSBindingReview(r.rating, r.deltaT));
    // one item per review after the first: the history up to it, the last one predicted
    for (let i = 1; i < revs.length; i++) if (h[i].deltaT > 0) out.push(new b.FSRSBindingItem(revs.slice(0, i + 1)));
  }
  return out;
}

const MESSAGES: Record<OptimizeStatus, (x: { error?: string; n?: number }) => { en: string; zh: string }> = {
  better: () => ({ en: "Weights fitted to your reviews predict your recall better than the current ones, so they are used from now on.", zh: "根据你的复习记录拟合的参数比当前参数更能预测你的记忆，已改用新参数。" }),
  not_better: () => ({ en: "Weights fitted to your reviews did not predict your recall better than the current ones; the current ones are kept.", zh: "根据你的复习记录拟合的参数并没有比当前参数预测得更准，仍使用当前参数。" }),
  too_few: ({ n }) => ({ en: `Too few reviews to fit weights (${n} of the ${MIN_REVIEWS} needed); the current ones are kept.`, zh: `复习记录太少，无法拟合参数（${n} 条，需要 ${MIN_REVIEWS} 条）；仍使用当前参数。` }),
  unavailable: ({ error }) => ({ en: `The FSRS optimiser cannot be loaded on this platform (${error}); the current weights (the defaults unless fitted before) are kept.`, zh: `此平台无法加载 FSRS 优化器（${error}）；仍使用当前参数（未拟合过则为默认参数）。` }),
};

/**
 * Fits weights to `reviews` and evaluates them against `current` on held-out cards. Never
 * returns worse weights than `current` as the ones to use.
 */
export async function optimizeWeights(reviewsIn: readonly ReviewRecord[], current: Weights = DEFAULT_WEIGHTS, opts: { minReviews?: number; seed?: number; load?: typeof loadOptimizer } = {}): Promise<OptimizeResult> {
  const reviews = z.array(ReviewRecordSchema).parse(reviewsIn);
  const cur = [...current];
  const base = { weights: cur, fitted: null, before: null, after: null, trainItems: 0, testItems: 0, evaluatedAt: new Date() };
  const min = opts.minReviews ?? MIN_REVIEWS;
  if (reviews.length < min) return { ...base, status: "too_few", message: MESSAGES.too_few({ n: reviews.length }) };
  const opt = await (opts.load ?? loadOptimizer)();
  // the current weights stay (the defaults, unless weights fitted elsewhere are passed in)
  if ("error" in opt) return { ...base, status: "unavailable", message: MESSAGES.unavailable({ error: opt.error }) };
  const b = opt.binding;
  const train: Rev[][] = [];
  const test: Rev[][] = [];
  for (const [id, h] of historiesByCard(reviews)) (heldOut(id, opts.seed) ? test : train).push(h);
  const trainItems = items(b, train);
  const testItems = items(b, test);
  if (trainItems.length === 0 || testItems.length === 0) return { ...base, status: "too_few", message: MESSAGES.too_few({ n: reviews.length }) };
  const fitted = [...checkParameters(await b.computeParameters(trainItems, { enableShortTerm: true }))];
  if (fitted.length !== 21 || fitted.some((w) => !Number.isFinite(w))) throw new Error(`the optimiser returned ${fitted.length} weights`);
  const before = new b.FSRSBinding(cur).evaluate(testItems);
  const after = new b.FSRSBinding(fitted).evaluate(testItems);
  const better = after.logLoss < before.logLoss && after.rmseBins <= before.rmseBins;
  const status: OptimizeStatus = better ? "better" : "not_better";
  return {
    status,
    weights: better ? fitted : cur,
    fitted,
    before: { logLoss: before.logLoss, rmseBins: before.rmseBins },
    after: { logLoss: after.logLoss, rmseBins: after.rmseBins },
    trainItems: trainItems.length,
    testItems: testItems.length,
    evaluatedAt: base.evaluatedAt,
    message: MESSAGES[status]({}),
  };
}
