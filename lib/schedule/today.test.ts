import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RUN } from "../srs/queue";
import { queueFromPlan, type QueueCard } from "./today";

const plannedAt = new Date("2026-12-01T08:00:00Z");
const now = new Date("2026-12-01T12:00:00Z");
const topics: Record<string, string> = { a: "t1", b: "t1", c: "t2", d: "t2", n1: "t3", n2: "t1", l: "t2", gone: "t9" };
const topicOf = (id: string) => (id === "gone" ? undefined : topics[id]);
const review = (itemId: string, lastReview = "2026-11-20T08:00:00Z", due = "2026-12-05T00:00:00Z"): QueueCard => ({ itemId, state: 2, due: new Date(due), lastReview: new Date(lastReview) });

describe("today's queue from the plan", () => {
  it("holds the planned reviews in the plan's order and the planned new questions, even cards FSRS would not show today", () => {
    const q = queueFromPlan({ today: { reviews: ["c", "a"], introduce: ["n1"] }, plannedAt, now, cards: [review("a"), review("c"), review("b", undefined, "2026-11-30T00:00:00Z")], topicOf });
    // b is due by FSRS but the plan leaves it alone; c is not due but planned
    expect(q.map((e) => [e.itemId, e.kind])).toEqual([
      ["c", "review"],
      ["a", "review"],
      ["n1", "new"],
    ]);
  });

  it("drops what was done since the plan was made and items no longer in the bank, keeps same-day steps", () => {
    const q = queueFromPlan({
      today: { reviews: ["a", "b", "gone"], introduce: ["n1", "n2"] },
      plannedAt,
      now,
      cards: [
        review("a", "2026-12-01T09:00:00Z"), // reviewed after the plan: done for today
        review("b"),
        review("gone"),
        { itemId: "n1", state: 1, due: new Date("2026-12-01T11:50:00Z"), lastReview: new Date("2026-12-01T11:40:00Z") }, // introduced, learning step due
        { itemId: "l", state: 3, due: new Date("2026-12-01T11:00:00Z"), lastReview: new Date("2026-11-28T08:00:00Z") }, // relearning, due: not in the plan
      ],
      topicOf,
    });
    expect(q.map((e) => e.itemId).sort()).toEqual(["b", "l", "n1", "n2"]);
    expect(q.find((e) => e.itemId === "n1")!.kind).toBe("review");
    expect(q.find((e) => e.itemId === "n2")!.kind).toBe("new");
  });

  it("property: every entry is planned or a due step, once, never a card done since the plan, and topic runs stay short", () => {
    const ids = ["a", "b", "c", "d", "n1", "n2", "l"];
    fc.assert(
      fc.property(
        fc.subarray(ids),
        fc.subarray(ids),
        fc.array(fc.record({ i: fc.integer({ min: 0, max: 6 }), state: fc.integer({ min: 0, max: 3 }), dueH: fc.integer({ min: -48, max: 48 }), lastH: fc.integer({ min: -72, max: 3 }) }), { maxLength: 7 }),
        (reviews, introduce, raw) => {
          const seen = new Set<string>();
          const cards: QueueCard[] = raw
            .filter((r) => !seen.has(ids[r.i]) && seen.add(ids[r.i]))
            .map((r) => ({ itemId: ids[r.i], state: r.state, due: new Date(now.getTime() + r.dueH * 3_600_000), lastReview: r.state === 0 ? null : new Date(now.getTime() + r.lastH * 3_600_000) }));
          const q = queueFromPlan({ today: { reviews, introduce }, plannedAt, now, cards, topicOf });
          const byId = new Map(cards.map((c) => [c.itemId, c]));
          expect(new Set(q.map((e) => e.itemId)).size).toBe(q.length);
          for (const e of q) {
            const c = byId.get(e.itemId);
            const step = !!c && (c.state === 1 || c.state === 3) && c.due <= now;
            if (e.kind === "new") expect(introduce.includes(e.itemId) && (c?.state ?? 0) === 0).toBe(true);
            else {
              expect(reviews.includes(e.itemId) || step).toBe(true);
              if (!step) expect(c!.lastReview! < plannedAt).toBe(true);
            }
          }
          let run = 1;
          const other = (i: number) => q.slice(i).some((e) => e.topic !== q[i - 1].topic);
          for (let i = 1; i < q.length; i++) {
            run = q[i].topic === q[i - 1].topic ? run + 1 : 1;
            if (run > MAX_RUN) expect(other(i)).toBe(false);
          }
        },
      ),
    );
  });
});
