import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brierScore, logLoss, outcomesOf, reliabilityBins, workloadCurve, type Outcome } from "./calibration";
import { drawLearner, Simulation } from "./simulate";

const o = (p: number, recalled: boolean): Outcome => ({ p, recalled });

describe("calibration figures", () => {
  it("Brier score and log loss of known cases", () => {
    expect(brierScore([o(1, true), o(0, false)])).toBe(0);
    expect(brierScore([o(0.5, true), o(0.5, false)])).toBe(0.25);
    expect(brierScore([o(0.9, false)])).toBeCloseTo(0.81, 12);
    expect(logLoss([o(0.5, true)])).toBeCloseTo(Math.log(2), 12);
    expect(logLoss([o(0, true)])).toBeCloseTo(-Math.log(1e-6), 9);
    expect(Number.isNaN(brierScore([]))).toBe(true);
  });

  it("decile bins hold about a tenth each and report mean prediction and observed rate; fixed bins by value", () => {
    const pts = [...Array(100)].map((_, i) => o(i / 100, i % 2 === 0));
    const q = reliabilityBins(pts);
    expect(q).toHaveLength(10);
    for (const b of q) expect(b.n).toBe(10);
    expect(q[0]).toMatchObject({ lo: 0, hi: 0.09, n: 10, observed: 0.5 });
    expect(q[0].predicted).toBeCloseTo(0.045, 12);
    const f = reliabilityBins([o(0.05, true), o(0.95, true), o(0.99, false), o(1, true)], 10, "fixed");
    expect(f.map((b) => b.n)).toEqual([1, 3]);
    expect(f[1].observed).toBeCloseTo(2 / 3, 12);
  });

  it("Brier score lies in [0, 1] and bins partition the points (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }), recalled: fc.boolean() }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (pts, bins) => {
        const b = brierScore(pts);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
        for (const mode of ["quantile", "fixed"] as const) {
          const rb = reliabilityBins(pts, bins, mode);
          expect(rb.reduce((s, x) => s + x.n, 0)).toBe(pts.length);
          for (const x of rb) expect(x.predicted).toBeGreaterThanOrEqual(x.lo - 1e-12);
        }
      }),
    );
  });

  it("predictions are reliable within ±5 points in every decile when the scheduler's weights are the learner's true ones (simulation)", () => {
    const learner = drawLearner(13, 0.4);
    const sim = new Simulation({ learner, schedWeights: learner.trueWeights, cards: 1500, seed: 13 });
    for (let d = 0; d < 150; d++) {
      sim.standardDay(Infinity, 30, 0.5);
      sim.nextDay();
    }
    const pts = outcomesOf(sim.log);
    expect(pts.length).toBeGreaterThan(10_000);
    const bins = reliabilityBins(pts);
    expect(bins).toHaveLength(10);
    for (const b of bins) expect(Math.abs(b.observed - b.predicted)).toBeLessThan(0.05);
    expect(brierScore(pts)).toBeLessThan(0.15);
  }, 30_000);

  it("a mis-specified model is caught: default weights for a learner who forgets faster", () => {
    // true weights: every initial stability a quarter of the defaults; the scheduler assumes the defaults
    const learner = drawLearner(13, 0);
    learner.trueWeights = learner.trueWeights.map((w, i) => (i < 4 ? w / 4 : w));
    const sim = new Simulation({ learner, cards: 600, seed: 13 });
    for (let d = 0; d < 60; d++) {
      sim.standardDay(Infinity, 20, 0.3);
      sim.nextDay();
    }
    const bins = reliabilityBins(outcomesOf(sim.log));
    expect(Math.max(...bins.map((b) => b.predicted - b.observed))).toBeGreaterThan(0.05);
  });

  it("workload grows with the desired retention and so does the recall it buys", () => {
    const learner = drawLearner(13, 0.4);
    const curve = workloadCurve({ weights: learner.trueWeights, ratings: learner.ratings, seconds: learner.seconds, retentions: [0.8, 0.9, 0.97], cards: 60, days: 90 });
    expect(curve.map((p) => p.retention)).toEqual([0.8, 0.9, 0.97]);
    expect(curve[2].reviewsPerDay).toBeGreaterThan(curve[1].reviewsPerDay);
    expect(curve[1].reviewsPerDay).toBeGreaterThan(curve[0].reviewsPerDay);
    expect(curve[2].meanRecall).toBeGreaterThan(curve[0].meanRecall);
    expect(curve[1].minutesPerDay).toBeGreaterThan(0);
  });
});
