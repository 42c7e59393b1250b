/**
 * Is the real question bank deep enough for a 30-minute mock interview on each focus?
 *
 * A candidate who answers every question completely is never probed, so the interview runs through
 * questions fastest; if even that candidate is kept busy for the longest interview offered, every
 * candidate is. The interview is played with the real policy (lib/mock/policy.ts) on the real bank,
 * each turn costing its recommended time (lib/mock/report.ts: 45 s per key point for a spoken
 * question, 30 s per ladder row, 45 s for a state question, 90 s for a trace).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/loader";
import type { Item } from "@/lib/content/schema";
import { buildPool, ladderInstance } from "./items";
import { LENGTHS, type MockFocus } from "./limits";
import { firstTurn, nextTurn, type Outcome } from "./policy";
import { turnRandom } from "./prng";
import { recommendedMs } from "./report";

const items: Item[] = loadContent(path.join(process.cwd(), "content")).items;
const byId = new Map(items.map((i) => [i.id, i]));
const LONGEST_MS = Math.max(...LENGTHS) * 60_000;

/** Total recommended time of an interview in which every answer makes every key point. */
function perfectInterviewMs(focus: MockFocus, seed: number): { ms: number; turns: number; spokenTurns: number } {
  const pool = buildPool(items, focus, {});
  let ms = 0;
  let turns = 0;
  let spokenTurns = 0;
  let step = firstTurn(pool, turnRandom(seed, 0));
  while (step && turns < 500) {
    const { plan } = step;
    const c = pool.candidates.find((x) => x.id === plan.itemId)!;
    const rows = plan.mode === "ladder" ? (ladderInstance(byId.get(plan.itemId)!, seed)?.rows.length ?? 0) : 0;
    ms += recommendedMs(plan.mode, plan.kind, { keyPoints: c.keyPoints.length, rows });
    turns++;
    if (plan.mode === "talk") spokenTurns++;
    const outcome: Outcome = { itemId: plan.itemId, kind: plan.kind, matched: plan.mode === "talk" ? c.keyPoints : [], misconceptions: [] };
    step = nextTurn(step.state, outcome, pool, turnRandom(seed, turns));
  }
  return { ms, turns, spokenTurns };
}

describe("the bank is deep enough for the longest mock interview", () => {
  for (const focus of ["reliability", "congestion", "sockets"] as const) {
    it(`${focus}: at least 8 spoken questions, and a flawless candidate is asked questions for ${Math.max(...LENGTHS)} minutes`, () => {
      const spoken = buildPool(items, focus, {}).candidates.filter((c) => c.mode === "talk");
      expect(spoken.length).toBeGreaterThanOrEqual(8);
      for (let seed = 1; seed <= 8; seed++) {
        const run = perfectInterviewMs(focus, seed);
        expect(run.spokenTurns).toBe(spoken.length);
        expect(run.ms).toBeGreaterThanOrEqual(LONGEST_MS);
      }
    });
  }

  it("the simulation ends: every askable item is asked once, then the interview has nothing left", () => {
    const pool = buildPool(items, "congestion", {});
    expect(perfectInterviewMs("congestion", 3).turns).toBe(pool.candidates.length);
  });
});
