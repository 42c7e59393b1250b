import { describe, expect, it } from "vitest";
import { firstTurn, followUpChoices, itemWeight, MAX_FOLLOW_UPS, nextTurn, parsePolicy, topicWeakness, type Candidate, type Outcome, type Pool, type PolicyState, type TurnPlan } from "./policy";
import { mulberry32, turnRandom, weightedPick } from "./prng";

const talk = (id: string, topic: string, frequency: number, keyPoints = ["a", "b", "c"]): Candidate => ({ id, topic, frequency, mode: "talk", keyPoints });
const worked = (id: string, topic: string, frequency = 2): Candidate => ({ id, topic, frequency, mode: "ladder", keyPoints: [] });

function pool(): Pool {
  return {
    candidates: [
      talk("walk", "handshake", 3),
      talk("why3", "why-three", 3),
      worked("ladder", "handshake"),
      talk("isn", "isn", 2),
      talk("tfo", "handshake-data", 1),
      talk("loss", "handshake-loss", 2),
    ],
    links: { walk: ["choice", "why3"], choice: ["ladder"], why3: ["isn"], ladder: [], isn: [], tfo: [], loss: [] },
    weakness: {},
  };
}

/** Plays an interview where each spoken answer matches `matches(plan)` and returns the plans. */
function play(seed: number, turns: number, matches: (plan: TurnPlan) => string[], p = pool()): TurnPlan[] {
  const plans: TurnPlan[] = [];
  let step = firstTurn(p, turnRandom(seed, 0));
  for (let i = 1; step && i <= turns; i++) {
    plans.push(step.plan);
    const outcome: Outcome = { itemId: step.plan.itemId, kind: step.plan.kind, matched: matches(step.plan) };
    step = nextTurn(step.state, outcome, p, turnRandom(seed, i));
  }
  return plans;
}

describe("follow-up policy", () => {
  it("is deterministic for a seed: the same seed and answers give the same interview", () => {
    const a = play(42, 12, (p) => (p.kind === "probe" ? [] : ["a"]));
    const b = play(42, 12, (p) => (p.kind === "probe" ? [] : ["a"]));
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(3);
  });

  it("different seeds open differently at least sometimes", () => {
    const openings = new Set(Array.from({ length: 30 }, (_, s) => firstTurn(pool(), turnRandom(s, 0))!.plan.itemId));
    expect(openings.size).toBeGreaterThan(1);
  });

  it("opens a thread with a spoken question", () => {
    for (let s = 0; s < 20; s++) expect(firstTurn(pool(), turnRandom(s, 0))!.plan).toMatchObject({ kind: "opening", mode: "talk" });
  });

  it("probes a missed key point on the same question, scored on the points still missed", () => {
    const first = firstTurn(pool(), mulberry32(1))!;
    const next = nextTurn(first.state, { itemId: first.plan.itemId, kind: "opening", matched: ["a"] }, pool(), mulberry32(2))!;
    expect(next.plan).toEqual({ itemId: first.plan.itemId, kind: "probe", mode: "talk", probe: ["b", "c"] });
    expect(next.state.thread!.followUps).toBe(1);
  });

  it("goes deeper along the bank's follow-up links when every key point was covered", () => {
    const p = pool();
    const state: PolicyState = { v: 1, used: ["walk"], threads: 1, lastRootTopic: "handshake", thread: { root: "walk", followUps: 0, missed: {}, probes: {}, lastGain: {} } };
    const next = nextTurn(state, { itemId: "walk", kind: "opening", matched: ["a", "b", "c"] }, p, mulberry32(3))!;
    expect(next.plan).toEqual({ itemId: "why3", kind: "deeper", mode: "talk", probe: null });
  });

  it("walks through a follow-up that cannot be asked to reach a worked turn two links away", () => {
    const p = pool();
    const state: PolicyState = { v: 1, used: ["walk", "why3"], threads: 1, lastRootTopic: "handshake", thread: { root: "walk", followUps: 1, missed: {}, probes: {}, lastGain: {} } };
    expect(followUpChoices("walk", state, p).map((c) => c.id)).toEqual(["ladder", "isn"]);
    const picks = new Set<string>();
    for (let s = 0; s < 40; s++) {
      const next = nextTurn(state, { itemId: "walk", kind: "deeper", matched: ["a", "b", "c"] }, p, mulberry32(s))!;
      picks.add(next.plan.itemId);
      if (next.plan.itemId === "ladder") expect(next.plan).toEqual({ itemId: "ladder", kind: "worked", mode: "ladder", probe: null });
    }
    expect(picks).toEqual(new Set(["ladder", "isn"]));
  });

  it("probes a second time only when the first probe recovered something", () => {
    const p = pool();
    const first = firstTurn(p, mulberry32(9))!;
    const id = first.plan.itemId;
    const probe1 = nextTurn(first.state, { itemId: id, kind: "opening", matched: [] }, p, mulberry32(10))!;
    expect(probe1.plan.kind).toBe("probe");
    const silent = nextTurn(probe1.state, { itemId: id, kind: "probe", matched: [] }, p, mulberry32(11))!;
    expect(silent.plan.kind).not.toBe("probe");
    const progress = nextTurn(probe1.state, { itemId: id, kind: "probe", matched: ["a"] }, p, mulberry32(11))!;
    expect(progress.plan).toMatchObject({ itemId: id, kind: "probe", probe: ["b", "c"] });
    const third = nextTurn(progress.state, { itemId: id, kind: "probe", matched: ["b"] }, p, mulberry32(12))!;
    expect(third.plan.kind).not.toBe("probe");
  });

  it(`asks at most ${MAX_FOLLOW_UPS} follow-ups in a thread, then opens a new one`, () => {
    const chain: Pool = {
      candidates: Array.from({ length: 9 }, (_, i) => talk(`q${i}`, i === 0 ? "root" : "chain", 2, ["a"])),
      links: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q${i}`, i < 8 ? [`q${i + 1}`] : []])),
      weakness: { root: 1, chain: 0 },
    };
    for (let seed = 0; seed < 10; seed++) {
      const plans = play(seed, 9, () => ["a"], chain);
      let followUps = 0;
      for (const plan of plans) {
        if (plan.kind === "opening") followUps = 0;
        else followUps++;
        expect(followUps).toBeLessThanOrEqual(MAX_FOLLOW_UPS);
      }
      expect(plans.filter((x) => x.kind === "opening").length).toBeGreaterThanOrEqual(2);
    }
  });

  it("never asks the same item twice except as a probe, and ends when nothing is left", () => {
    const plans = play(7, 100, () => ["a", "b", "c"]);
    const asked = plans.filter((p) => p.kind !== "probe").map((p) => p.itemId);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.sort()).toEqual(pool().candidates.map((c) => c.id).sort());
  });

  it("favours weak topics and frequently asked questions", () => {
    const p: Pool = { candidates: [talk("strong", "s", 3), talk("weak", "w", 3), talk("rare", "w", 1)], links: {}, weakness: { s: 0, w: 1 } };
    expect(itemWeight(p.candidates[1], p.weakness)).toBe(9);
    expect(itemWeight(p.candidates[0], p.weakness)).toBe(3);
    expect(itemWeight(p.candidates[2], p.weakness)).toBe(3);
    const counts: Record<string, number> = {};
    for (let s = 0; s < 2000; s++) {
      const id = firstTurn(p, turnRandom(s, 0))!.plan.itemId;
      counts[id] = (counts[id] ?? 0) + 1;
    }
    expect(counts.weak).toBeGreaterThan(counts.strong * 2);
    expect(counts.weak).toBeGreaterThan(counts.rare * 2);
  });

  it("computes weakness as one minus mean retrievability, ignoring cards never reviewed", () => {
    expect(topicWeakness([{ topic: "a", retrievability: 0.9 }, { topic: "a", retrievability: 0.5 }, { topic: "b", retrievability: null }])).toEqual({ a: 1 - 0.7 });
  });

  it("reads a damaged stored state as empty", () => {
    expect(parsePolicy("not json").used).toEqual([]);
    expect(parsePolicy(JSON.stringify({ v: 1, used: ["x"], threads: 1, thread: null, lastRootTopic: "t" })).used).toEqual(["x"]);
  });

  it("weighted pick follows the weights and ignores zero weights", () => {
    const r = mulberry32(5);
    for (let i = 0; i < 50; i++) expect(weightedPick(["a", "b"], (x) => (x === "a" ? 0 : 1), r)).toBe("b");
  });
});
