/**
 * Seeded simulated learners, for the benchmark and the tests of lib/schedule. A learner's TRUE
 * memory follows FSRS-6 with weights perturbed from the defaults (each weight multiplied by
 * e^(σ·N(0,1)) and clipped to ts-fsrs's CLAMP_PARAMETERS); the app schedules them with its own
 * weights (the defaults, or fitted ones) through the real ts-fsrs scheduler, as lib/srs does
 * (fuzz off, short-term steps on). A review is recalled with the TRUE recall probability at
 * that instant; a recalled card is rated Hard / Good / Easy in the learner's proportions, a
 * forgotten one Again; learning and relearning steps are done within the same session. Every
 * rating costs the learner's seconds for that grade; a day's session stops when its budget is
 * spent (the card under way is finished).
 */
import { CLAMP_PARAMETERS, createEmptyCard, dateDiffInDays, default_w, fsrs, FSRSAlgorithm, forgetting_curve, generatorParameters, Rating, State, W17_W18_Ceiling, type Card, type FSRS, type Grade } from "ts-fsrs";
import { turnSeed } from "../mock/prng";
import { dayNumber } from "../srs/stats";
import { mulberry32 } from "../tcp/prng";
import { DAY_MS, DEFAULT_RATINGS, MemoryModel, type RatingModel, type ReviewSeconds, type Weights } from "./model";
import { greedyPlan, todayFromPlan, type PlanCard } from "./plan";

export interface SimLearner {
  trueWeights: number[];
  ratings: RatingModel;
  seconds: ReviewSeconds;
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Default weights, each multiplied by e^(σ·N(0,1)), clipped to the ranges ts-fsrs accepts. */
export function perturbedWeights(rng: () => number, sigma = 0.3): number[] {
  const clamp = CLAMP_PARAMETERS(W17_W18_Ceiling, true);
  return default_w.map((w, i) => Math.min(clamp[i][1], Math.max(clamp[i][0], w * Math.exp(sigma * normal(rng)))));
}

export function drawLearner(seed: number, sigma = 0.3): SimLearner {
  const rng = mulberry32(seed);
  return {
    trueWeights: perturbedWeights(rng, sigma),
    ratings: DEFAULT_RATINGS,
    seconds: { 1: 25, 2: 18, 3: 12, 4: 8 },
  };
}

/** One rating as the app would log it, with the recall the app's model predicted and the truth. */
export interface SimReview {
  card: number;
  at: number;
  rating: Grade;
  /** the card's state before the rating (ts-fsrs State) */
  state: State;
  /** whole days since the card's previous rating (ts-fsrs's count); 0 for the first */
  elapsedDays: number;
  /** recall probability predicted with the scheduler's weights at that instant (null for a new card) */
  predicted: number | null;
  recalled: boolean;
}

interface SimCard {
  sched: Card;
  trueMem: { stability: number; difficulty: number } | null;
  trueLast: number;
}

export interface SimOptions {
  learner: SimLearner;
  /** the weights the app schedules with */
  schedWeights?: Weights;
  cards: number;
  seed: number;
  start?: Date;
  desiredRetention?: number;
}

/** One simulated learner and deck: the true memory, the app's view, and the log. */
export class Simulation {
  readonly cards: SimCard[];
  readonly log: SimReview[] = [];
  readonly f: FSRS;
  readonly model: MemoryModel;
  private readonly trueAlgo: FSRSAlgorithm;
  private readonly learner: SimLearner;
  private draws: number[];
  now: number;

  constructor(private readonly opts: SimOptions) {
    this.learner = opts.learner;
    const w = [...(opts.schedWeights ?? default_w)];
    this.f = fsrs(generatorParameters({ w, request_retention: opts.desiredRetention ?? 0.9, enable_fuzz: false, enable_short_term: true }));
    this.model = new MemoryModel(w, this.learner.ratings, this.learner.seconds);
    this.trueAlgo = new FSRSAlgorithm(generatorParameters({ w: this.learner.trueWeights, enable_fuzz: false, enable_short_term: true }));
    this.now = (opts.start ?? new Date("2026-01-05T09:00:00Z")).getTime();
    this.cards = Array.from({ length: opts.cards }, () => ({ sched: createEmptyCard(new Date(this.now)), trueMem: null, trueLast: 0 }));
    this.draws = this.cards.map(() => 0);
  }

  /** A copy that continues independently (the same random stream per card from here on). */
  fork(): Simulation {
    const s = Object.create(Simulation.prototype) as Simulation;
    Object.assign(s, this, { cards: structuredClone(this.cards), log: [...this.log], draws: [...this.draws] });
    return s;
  }

  /** A copy scheduled by standard FSRS at another desired retention (the same weights). */
  forkAt(desiredRetention: number): Simulation {
    const s = this.fork();
    Object.assign(s, { f: fsrs(generatorParameters({ ...this.f.parameters, request_retention: desiredRetention })) });
    return s;
  }

  /** The card's next uniform draw: a stream per card, so two schedules of one learner share luck. */
  private rand(ci: number): number {
    return mulberry32(turnSeed(turnSeed(this.opts.seed, ci), this.draws[ci]++))();
  }

  /** The TRUE recall probability of card `ci` at `at` (0 if never seen). */
  trueRecall(ci: number, at: number): number {
    const c = this.cards[ci];
    if (!c.trueMem) return 0;
    return forgetting_curve(this.learner.trueWeights, Math.max(0, (at - c.trueLast) / DAY_MS), c.trueMem.stability);
  }

  /** Rates card `ci` at `at` (with its same-session learning steps); returns the seconds spent. */
  study(ci: number, at: number): number {
    const c = this.cards[ci];
    let seconds = 0;
    let t = at;
    for (let step = 0; step < 8; step++) {
      const before = c.sched;
      const isNew = before.state === State.New;
      const elapsed = isNew || !before.last_review ? 0 : Math.max(0, dateDiffInDays(before.last_review, new Date(t)));
      let rating: Grade;
      let recalled: boolean;
      const u = this.rand(ci);
      const v = this.rand(ci);
      if (isNew) {
        const q = this.learner.ratings.first;
        rating = v < q.again ? Rating.Again : v < q.again + q.hard ? Rating.Hard : v < q.again + q.hard + q.good ? Rating.Good : Rating.Easy;
        recalled = rating !== Rating.Again;
      } else {
        recalled = u < this.trueRecall(ci, t);
        const q = this.learner.ratings.success;
        rating = !recalled ? Rating.Again : v < q.hard ? Rating.Hard : v < q.hard + q.good ? Rating.Good : Rating.Easy;
      }
      // the scheduler's prediction at this instant (fractional days, as the truth is drawn)
      const predicted = isNew || !before.last_review ? null : this.model.recall((t - before.last_review.getTime()) / DAY_MS, before.stability);
      this.log.push({ card: ci, at: t, rating, state: before.state, elapsedDays: elapsed, predicted, recalled });
      c.trueMem = this.trueAlgo.next_state(c.trueMem, elapsed, rating);
      c.trueLast = t;
      c.sched = this.f.next(before, new Date(t), rating).card;
      seconds += this.learner.seconds[rating];
      if (c.sched.state === State.Review) break;
      t = Math.max(t + 60_000, c.sched.due.getTime());
    }
    return seconds;
  }

  /** Cards the app has due today (learner's day, UTC), lowest predicted recall first. */
  dueToday(): number[] {
    const today = dayNumber(new Date(this.now), 0);
    const due: { ci: number; r: number }[] = [];
    this.cards.forEach((c, ci) => {
      if (c.sched.state !== State.New && dayNumber(c.sched.due, 0) <= today) due.push({ ci, r: this.f.get_retrievability(c.sched, new Date(this.now), false) });
    });
    return due.sort((a, b) => a.r - b.r || a.ci - b.ci).map((d) => d.ci);
  }

  /** Studies `queue` in order until `budgetSeconds` is spent; returns the seconds used. */
  session(queue: readonly number[], budgetSeconds: number): number {
    let used = 0;
    for (const ci of queue) {
      if (used >= budgetSeconds) break;
      used += this.study(ci, this.now + used * 1000);
    }
    return used;
  }

  /** A standard FSRS day: the due cards, then up to `newPerDay` new cards, within the budget. */
  standardDay(budgetSeconds: number, newPerDay: number, skipDue = 0): number {
    const due = this.dueToday().filter((ci) => !(skipDue > 0 && this.rand(ci) < skipDue));
    const fresh = this.cards.map((c, ci) => (c.sched.state === State.New ? ci : -1)).filter((ci) => ci >= 0).slice(0, newPerDay);
    return this.session([...due, ...fresh], budgetSeconds);
  }

  /** The cards as the planner sees them (the app's view, not the truth). */
  planCards(topics = 6): PlanCard[] {
    return this.cards.map((c, ci) => ({
      id: String(ci),
      topic: `topic-${ci % topics}`,
      state: c.sched.state,
      stability: c.sched.stability,
      difficulty: c.sched.difficulty,
      lastReview: c.sched.last_review ?? null,
      due: c.sched.due,
    }));
  }

  /** An interview-date day: today's part of a fresh plan, within the budget. */
  interviewDay(budgetSeconds: number, interview: number, maxNewPerDay?: number): number {
    const core = greedyPlan(this.planCards(), this.model, { now: new Date(this.now), interview: new Date(interview), dailySeconds: budgetSeconds, maxNewPerDay });
    const today = todayFromPlan(core);
    return this.session([...today.reviews, ...today.introduce].map(Number), budgetSeconds);
  }

  nextDay(): void {
    this.now += DAY_MS;
  }

  /** Mean TRUE recall over all cards at `at` (a card never studied counts 0). */
  meanTrueRecall(at: number): number {
    return this.cards.reduce((s, _, ci) => s + this.trueRecall(ci, at), 0) / this.cards.length;
  }
}

export interface ComparisonOptions {
  seed: number;
  learners: number;
  cards: number;
  /** days of standard practice before the interview is set */
  warmupDays: number;
  interviewDays: number;
  dailyMinutes: number;
  newPerDay: number;
  sigma?: number;
  /** the desired retention of the second standard run (default 0.97) */
  highRetention?: number;
  /** schedule with the learner's true weights (as if fitted perfectly) instead of the defaults */
  fitted?: boolean;
}

export interface ComparisonRow {
  learner: number;
  interview: number;
  standard: number;
  interviewMinutes: number;
  standardMinutes: number;
  /** standard FSRS at a higher desired retention, which uses more of the budget */
  standardHigh: number;
  standardHighMinutes: number;
}

/**
 * Each learner practises `warmupDays` with standard FSRS, then the interview is set
 * `interviewDays` ahead and the same learner is run twice from there: interview-date mode
 * (re-planned every day), standard FSRS at 0.9, and standard FSRS at `highRetention` (0.97:
 * it spends more of the budget), all with the same daily budget and new-card limit. Returns the
 * mean TRUE recall on the interview date of each and the minutes each used per day.
 */
export function compareSchedules(o: ComparisonOptions): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (let l = 0; l < o.learners; l++) {
    const seed = turnSeed(o.seed, l);
    const learner = drawLearner(seed, o.sigma);
    const sim = new Simulation({ learner, cards: o.cards, seed, schedWeights: o.fitted ? learner.trueWeights : undefined });
    const budget = o.dailyMinutes * 60;
    for (let d = 0; d < o.warmupDays; d++) {
      sim.standardDay(budget, o.newPerDay);
      sim.nextDay();
    }
    const interview = sim.now + o.interviewDays * DAY_MS;
    const a = sim.fork();
    const b = sim.fork();
    const c = sim.forkAt(o.highRetention ?? 0.97);
    let am = 0;
    let bm = 0;
    let cm = 0;
    for (let d = 0; d < o.interviewDays; d++) {
      am += a.interviewDay(budget, interview, o.newPerDay);
      bm += b.standardDay(budget, o.newPerDay);
      cm += c.standardDay(budget, o.newPerDay);
      for (const s of [a, b, c]) s.nextDay();
    }
    const minutes = (s: number) => s / 60 / o.interviewDays;
    rows.push({
      learner: l,
      interview: a.meanTrueRecall(interview),
      standard: b.meanTrueRecall(interview),
      interviewMinutes: minutes(am),
      standardMinutes: minutes(bm),
      standardHigh: c.meanTrueRecall(interview),
      standardHighMinutes: minutes(cm),
    });
  }
  return rows;
}
