import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DAY_MS } from "./model";
import { planUntil, type PlanCard, type PlanInput } from "./plan";

const now = new Date("2026-03-10T09:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);
const review = (id: string, topic: string, stability: number, lastDaysAgo: number, difficulty = 5): PlanCard => ({
  id,
  topic,
  state: 2,
  stability,
  difficulty,
  lastReview: daysAgo(lastDaysAgo),
  due: new Date(daysAgo(lastDaysAgo).getTime() + stability * DAY_MS),
});
const fresh = (id: string, topic: string): PlanCard => ({ id, topic, state: 0, stability: 0, difficulty: 0, lastReview: null, due: now });
const base = (cards: PlanCard[], over: Partial<PlanInput> = {}): PlanInput => ({ cards, now, interview: new Date(now.getTime() + 14 * DAY_MS), dailyMinutes: 5, seconds: { 1: 30, 2: 20, 3: 12, 4: 8 }, ...over });

function plan(input: PlanInput) {
  const r = planUntil(input);
  if (r.mode !== "interview") throw new Error(`expected a plan, got ${r.reason}`);
  return r;
}

describe("interview-date planner", () => {
  it("falls back to normal FSRS once the interview has passed, in both languages", () => {
    const r = planUntil(base([review("a", "t", 5, 3)], { interview: daysAgo(1) }));
    expect(r.mode).toBe("fsrs");
    if (r.mode === "fsrs") {
      expect(r.reason).toBe("interview_passed");
      expect(r.message.en).toMatch(/normal FSRS/);
      expect(r.message.zh).toMatch(/FSRS/);
    }
  });

  it("plans the rest of today when the interview is later today", () => {
    const r = plan(base([review("a", "t", 2, 10)], { interview: new Date(now.getTime() + 5 * 3_600_000) }));
    expect(r.days).toHaveLength(1);
    expect(r.days[0].reviews).toEqual(["a"]);
  });

  it("rejects invalid input at the boundary", () => {
    expect(() => planUntil(base([review("a", "t", 5, 3), review("a", "t", 5, 3)]))).toThrow(ZodError);
    expect(() => planUntil(base([{ ...review("a", "t", 5, 3), lastReview: null }]))).toThrow(ZodError);
    expect(() => planUntil(base([], { dailyMinutes: 0 }))).toThrow(ZodError);
    expect(() => planUntil(base([], { seconds: -3 }))).toThrow(ZodError);
  });

  it("leaves alone a card that will be recalled anyway and reviews the one that would be forgotten", () => {
    const r = plan(base([review("solid", "t", 400, 2, 3), review("weak", "t", 1.5, 6, 8)]));
    const solid = r.cards.find((c) => c.id === "solid")!;
    const weak = r.cards.find((c) => c.id === "weak")!;
    expect(solid.planDays).toEqual([]);
    expect(weak.planDays.length).toBeGreaterThan(0);
    expect(weak.withPlan).toBeGreaterThan(weak.withoutPlan);
    // the last review of the weak card is close to the date
    expect(Math.max(...weak.planDays)).toBeGreaterThanOrEqual(r.days.length - 3);
  });

  it("introduces new cards only with a later review before the date, never on the last day, within the daily limit", () => {
    const cards = [...Array(40)].map((_, i) => fresh(`n${i}`, i % 2 ? "x" : "y"));
    const r = plan(base(cards, { dailyMinutes: 20, maxNewPerDay: 3 }));
    const last = r.days.length - 1;
    expect(r.days[last].introduce).toEqual([]);
    for (const d of r.days) expect(d.introduce.length).toBeLessThanOrEqual(3);
    for (const c of r.cards.filter((c) => c.planDays.length > 0)) {
      expect(c.planDays.length).toBeGreaterThanOrEqual(2);
      expect(c.planDays[0]).toBeLessThan(last);
    }
    // introduced in the given order
    const introduced = r.days.flatMap((d) => d.introduce);
    expect(introduced).toEqual(cards.slice(0, introduced.length).map((c) => c.id));
    expect(r.cards.filter((c) => c.planDays.length === 0).every((c) => c.withPlan === 0)).toBe(true);
  });

  it("keeps a learning card due today on day 0 and takes today's spent minutes off today's budget", () => {
    const learning: PlanCard = { ...review("l", "t", 0.5, 0), state: 1, lastReview: new Date(now.getTime() - 600_000), due: new Date(now.getTime() + 600_000) };
    const cards = [learning, ...[...Array(30)].map((_, i) => review(`r${i}`, "t", 2, 5))];
    const r = plan(base(cards, { spentTodaySeconds: 240 }));
    expect(r.days[0].reviews).toContain("l");
    expect(r.days[0].seconds).toBeLessThanOrEqual(60 + 1e-6);
  });

  it("beats the standard FSRS schedule on the expected recall at the date for a deck with forgotten and new cards", () => {
    const cards = [...[...Array(60)].map((_, i) => review(`r${i}`, `t${i % 3}`, 1 + (i % 20), 1 + ((i * 7) % 30), 3 + (i % 6))), ...[...Array(30)].map((_, i) => fresh(`n${i}`, `t${i % 3}`))];
    const r = plan(base(cards, { dailyMinutes: 8, maxNewPerDay: 5 }));
    expect(r.withPlan).toBeGreaterThan(r.withoutPlan + 0.02);
    // topics are the means of their cards
    for (const t of r.topics) {
      const mine = r.cards.filter((c) => c.topic === t.topic);
      expect(t.cards).toBe(mine.length);
      expect(t.withPlan).toBeCloseTo(mine.reduce((s, c) => s + c.withPlan, 0) / mine.length, 9);
    }
  });

  it("never plans more expected seconds on a day than its budget, and recall stays a probability (property)", () => {
    const card = fc.oneof(
      fc.record({ s: fc.double({ min: 0.2, max: 200, noNaN: true }), ago: fc.integer({ min: 0, max: 60 }), d: fc.double({ min: 1, max: 10, noNaN: true }) }).map((x) => ({ kind: "review" as const, ...x })),
      fc.constant({ kind: "new" as const, s: 0, ago: 0, d: 0 }),
    );
    fc.assert(
      fc.property(fc.array(card, { maxLength: 25 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 15 }), (spec, minutes, days) => {
        const cards = spec.map((c, i) => (c.kind === "new" ? fresh(`c${i}`, "t") : review(`c${i}`, "t", c.s, c.ago, c.d)));
        const r = plan(base(cards, { dailyMinutes: minutes, interview: new Date(now.getTime() + days * DAY_MS) }));
        expect(r.days).toHaveLength(days);
        for (const d of r.days) expect(d.seconds).toBeLessThanOrEqual(minutes * 60 + 1e-6);
        for (const d of r.days) expect(d.withoutPlan.seconds).toBeLessThanOrEqual(minutes * 60 + 1e-6);
        for (const c of r.cards) {
          expect(c.withPlan).toBeGreaterThanOrEqual(0);
          expect(c.withPlan).toBeLessThanOrEqual(1);
          expect(c.withoutPlan).toBeGreaterThanOrEqual(0);
          expect(c.withoutPlan).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 40 },
    );
  });
});
