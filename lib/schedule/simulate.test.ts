import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { compareSchedules, drawLearner, perturbedWeights, Simulation } from "./simulate";
import { mulberry32 } from "../tcp/prng";

describe("simulated learners", () => {
  it("perturbed weights differ from the defaults, stay within ts-fsrs's ranges, and repeat for a seed", () => {
    const a = perturbedWeights(mulberry32(5));
    expect(a).toHaveLength(21);
    expect(a).toEqual(perturbedWeights(mulberry32(5)));
    expect(a.filter((w, i) => Math.abs(w - default_w[i]) > 1e-9).length).toBeGreaterThan(15);
    expect(new Simulation({ learner: drawLearner(5), cards: 3, seed: 5 }).cards).toHaveLength(3);
  });

  it("keeps the app's view equal to the truth when the scheduler's weights are the true ones", () => {
    const learner = drawLearner(9, 0.4);
    const sim = new Simulation({ learner, schedWeights: learner.trueWeights, cards: 60, seed: 9 });
    for (let d = 0; d < 30; d++) {
      sim.standardDay(Infinity, 10);
      sim.nextDay();
    }
    expect(sim.log.length).toBeGreaterThan(100);
    for (const c of sim.cards) expect(c.trueMem!.stability).toBeCloseTo(c.sched.stability, 9);
    for (const l of sim.log) if (l.predicted !== null) expect(l.predicted).toBeGreaterThan(0);
  });

  it("a fork continues with the same luck per card: the same schedule gives the same log", () => {
    const sim = new Simulation({ learner: drawLearner(3), cards: 40, seed: 3 });
    for (let d = 0; d < 5; d++) {
      sim.standardDay(600, 8);
      sim.nextDay();
    }
    const a = sim.fork();
    const b = sim.fork();
    for (let d = 0; d < 10; d++) {
      a.standardDay(600, 8);
      b.standardDay(600, 8);
      a.nextDay();
      b.nextDay();
    }
    expect(a.log).toEqual(b.log);
    expect(a.log.length).toBeGreaterThan(sim.log.length);
  });

  it("interview-date mode beats standard FSRS at 0.9 on the mean true recall on the date, same budget (fixed seed)", () => {
    // the bench's first two learners (npm run bench -- schedule, 8 min/day, 14 days), scheduled on the default weights
    const rows = compareSchedules({ seed: 2026, learners: 2, cards: 120, warmupDays: 20, interviewDays: 14, dailyMinutes: 8, newPerDay: 5 });
    const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    for (const r of rows) expect(r.interview).toBeGreaterThan(r.standard);
    expect(mean((r) => r.interview) - mean((r) => r.standard)).toBeGreaterThan(0.02);
    // within the budget (a session finishes the card under way)
    for (const r of rows) expect(r.interviewMinutes).toBeLessThanOrEqual(8 * 1.05);
  });
});
