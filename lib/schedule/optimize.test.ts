import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { historiesByCard, loadOptimizer, optimizeWeights, type ReviewRecord } from "./optimize";
import { drawLearner, Simulation } from "./simulate";

/** The review log of a simulated learner whose true weights differ from the defaults, scheduled on the defaults. */
function learnerLog(seed: number): ReviewRecord[] {
  const sim = new Simulation({ learner: drawLearner(seed, 0.4), cards: 600, seed });
  for (let d = 0; d < 150; d++) {
    sim.standardDay(Infinity, 15, 0.3);
    sim.nextDay();
  }
  return sim.log.map((l) => ({ cardId: String(l.card), at: new Date(l.at), rating: l.rating }));
}

describe("weights fitted to the learner", () => {
  it("orders each card's reviews and counts whole days between them", () => {
    const d = (s: string) => new Date(s);
    const h = historiesByCard([
      { cardId: "a", at: d("2026-01-03T09:00:00Z"), rating: 3 },
      { cardId: "a", at: d("2026-01-01T09:00:00Z"), rating: 1 },
      { cardId: "a", at: d("2026-01-01T09:10:00Z"), rating: 3 },
    ]);
    expect(h.get("a")).toEqual([
      { rating: 1, deltaT: 0 },
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 2 },
    ]);
  });

  it("keeps the current weights with too few reviews, and rejects malformed ones", async () => {
    const r = await optimizeWeights([{ cardId: "a", at: new Date(), rating: 3 }]);
    expect(r.status).toBe("too_few");
    expect(r.weights).toEqual([...default_w]);
    expect(r.message.zh).toMatch(/复习记录太少/);
    await expect(optimizeWeights([{ cardId: "a", at: new Date(), rating: 5 as 3 }])).rejects.toThrow(ZodError);
  });

  it("keeps the current weights (the defaults by default), saying why in both languages, where the optimiser does not load", async () => {
    const log = [...Array(1200)].map((_, i) => ({ cardId: `c${i % 100}`, at: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 100))), rating: 3 as const }));
    const load = async () => ({ error: "no binary for darwin-arm64" });
    expect((await optimizeWeights(log, undefined, { load })).weights).toEqual([...default_w]);
    const mine = [...default_w].map((w) => w * 1.01);
    const r = await optimizeWeights(log, mine, { load });
    expect(r.status).toBe("unavailable");
    expect(r.weights).toEqual(mine);
    expect(r.fitted).toBeNull();
    expect(r.message.en).toContain("no binary for darwin-arm64");
    expect(r.message.zh).toContain("无法加载 FSRS 优化器");
  });

  it("loads the linux-x64 optimiser here (the optional dependency); elsewhere says why", async () => {
    const o = await loadOptimizer();
    if (process.platform === "linux" && process.arch === "x64") expect("binding" in o).toBe(true);
    else expect("error" in o).toBe(true);
  });

  it.runIf(process.platform === "linux" && process.arch === "x64")(
    "fitted weights beat the defaults on held-out log loss for learners whose true weights differ, and only then are applied",
    async () => {
      for (const seed of [101, 102]) {
        const log = learnerLog(seed);
        expect(log.length).toBeGreaterThan(3000);
        const r = await optimizeWeights(log);
        expect(r.fitted).toHaveLength(21);
        expect(r.testItems).toBeGreaterThan(300);
        expect(r.after!.logLoss).toBeLessThan(r.before!.logLoss);
        expect(r.status).toBe(r.after!.rmseBins <= r.before!.rmseBins ? "better" : "not_better");
        expect(r.weights).toEqual(r.status === "better" ? r.fitted : [...default_w]);
      }
    },
    60_000,
  );

  it.runIf(process.platform === "linux" && process.arch === "x64")("never applies weights that evaluate worse than the current ones", async () => {
    // the current weights are the learner's true ones: a fit on a part of the data cannot do better on both metrics by much; whatever it returns, worse is never used
    const learner = drawLearner(103, 0.4);
    const sim = new Simulation({ learner, cards: 400, seed: 103, schedWeights: learner.trueWeights });
    for (let d = 0; d < 100; d++) {
      sim.standardDay(Infinity, 15, 0.3);
      sim.nextDay();
    }
    const r = await optimizeWeights(
      sim.log.map((l) => ({ cardId: String(l.card), at: new Date(l.at), rating: l.rating })),
      learner.trueWeights,
    );
    if (r.after!.logLoss >= r.before!.logLoss || r.after!.rmseBins > r.before!.rmseBins) {
      expect(r.status).toBe("not_better");
      expect(r.weights).toEqual(learner.trueWeights);
    } else expect(r.weights).toEqual(r.fitted);
  }, 60_000);
});
