import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PLAN_STRINGS } from "@/lib/i18n/features/plan";
import { format } from "@/lib/i18n/dictionaries";
import { todayFigures, type TodayCounts } from "./today-figures";

const counts = (o: Partial<TodayCounts>): TodayCounts => ({ planned: false, dueCount: 0, newAvailable: 0, dueToday: { total: 0, now: 0, later: 0 }, ...o });

describe("the Today page's figures agree with the queue", () => {
  it("with a plan that leaves today empty while FSRS has 3 due: 0 planned, FSRS's 3 beside it, and the plan-done message", () => {
    const f = todayFigures(counts({ planned: true, dueCount: 0, newAvailable: 0, dueToday: { total: 3, now: 3, later: 0 } }));
    expect(f).toEqual({ mode: "plan", reviews: 0, fsrsDue: 3, fresh: 0, work: 0, empty: "planDone" });
    for (const lang of ["en", "zh"] as const) {
      const t = PLAN_STRINGS[lang].today;
      expect(format(t.fsrsDue, { n: 3 })).toContain("3");
      expect(format(t.planDone, { n: 3 })).toContain("3");
    }
  });

  it("normal FSRS: the figure is due today (now + later), and nothing to do only when the queue is empty", () => {
    expect(todayFigures(counts({ dueCount: 2, dueToday: { total: 5, now: 2, later: 3 } }))).toEqual({ mode: "fsrs", reviews: 5, now: 2, later: 3, fresh: 0, work: 2, empty: null });
    expect(todayFigures(counts({ dueToday: { total: 3, now: 0, later: 3 } })).empty).toBe("nothing");
  });

  it("property: the page offers practice exactly when the queue has work, and in plan mode its review figure is the queue's", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(300), fc.nat(50), fc.nat(300), fc.nat(300), (planned, dueCount, newAvailable, now, later) => {
        const f = todayFigures(counts({ planned, dueCount, newAvailable, dueToday: { total: now + later, now, later } }));
        expect(f.work).toBe(dueCount + newAvailable);
        expect(f.empty === null).toBe(dueCount + newAvailable > 0);
        expect(f.fresh).toBe(newAvailable);
        if (f.mode === "plan") {
          expect(planned).toBe(true);
          expect(f.reviews).toBe(dueCount);
          expect(f.fsrsDue).toBe(now + later);
        } else expect(f.reviews).toBe(now + later);
      }),
    );
  });

  it("both languages say the same facts (the same numbers in every string)", () => {
    const en = PLAN_STRINGS.en.today;
    const zh = PLAN_STRINGS.zh.today;
    for (const key of ["planned", "fsrsDue", "plannedExplain", "planDone"] as const) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(zh[key])).toEqual(placeholders(en[key]));
      expect(zh[key]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
