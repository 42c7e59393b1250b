import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PLAN_STRINGS } from "../i18n/features/plan";
import { DAY_MS } from "../srs/stats";
import { calendarDateString, daysUntil, interviewInstant, interviewModeOn, MAX_DAYS_AHEAD, parseCalendarDate, parseInterviewSettings } from "./interview-settings";

const now = new Date("2026-12-01T22:30:00Z");
const date = (day: number) => calendarDateString(new Date(day * DAY_MS));
/** the learner's day number at `now` for an offset */
const today = (offset: number) => Math.floor((now.getTime() + offset * 60_000) / DAY_MS);

describe("interview date and daily budget (settings validation)", () => {
  it("accepts a date after today within a year with 5–240 minutes, and clearing both", () => {
    expect(parseInterviewSettings({ interviewDate: "2026-12-15", dailyMinutes: "20" }, now, 0)).toEqual({ ok: true, value: { interviewDate: new Date("2026-12-15T00:00:00Z"), dailyMinutes: 20 } });
    expect(parseInterviewSettings({ interviewDate: "", dailyMinutes: "" }, now, 0)).toEqual({ ok: true, value: { interviewDate: null, dailyMinutes: null } });
    expect(parseInterviewSettings({ interviewDate: null, dailyMinutes: null }, now, 0)).toEqual({ ok: true, value: { interviewDate: null, dailyMinutes: null } });
    // a budget without a date is kept for later
    expect(parseInterviewSettings({ interviewDate: "", dailyMinutes: "30" }, now, 0)).toEqual({ ok: true, value: { interviewDate: null, dailyMinutes: 30 } });
  });

  it("refuses today, the past, more than a year ahead and dates that do not exist, with a code per field", () => {
    const bad = (interviewDate: string, dailyMinutes = "20") => parseInterviewSettings({ interviewDate, dailyMinutes }, now, 0);
    expect(bad("2026-12-01")).toEqual({ ok: false, errors: { interviewDate: ["dateNotFuture"] } });
    expect(bad("2025-06-01")).toEqual({ ok: false, errors: { interviewDate: ["dateNotFuture"] } });
    expect(bad(date(today(0) + MAX_DAYS_AHEAD + 1))).toEqual({ ok: false, errors: { interviewDate: ["dateTooFar"] } });
    expect(bad("2027-02-30")).toEqual({ ok: false, errors: { interviewDate: ["date"] } });
    expect(bad("15/12/2026")).toEqual({ ok: false, errors: { interviewDate: ["date"] } });
    expect(bad("2026-12-15T00:00")).toEqual({ ok: false, errors: { interviewDate: ["date"] } });
  });

  it("refuses minutes outside 5–240, fractions and text, and a date without minutes", () => {
    for (const m of ["4", "241", "0", "-5", "12.5", "1e2", "ten", "99999"])
      expect(parseInterviewSettings({ interviewDate: "2026-12-15", dailyMinutes: m }, now, 0), m).toEqual({ ok: false, errors: { dailyMinutes: ["minutes"] } });
    expect(parseInterviewSettings({ interviewDate: "2026-12-15", dailyMinutes: "" }, now, 0)).toEqual({ ok: false, errors: { dailyMinutes: ["minutesNeeded"] } });
    expect(parseInterviewSettings({ interviewDate: "nope", dailyMinutes: "3" }, now, 0)).toEqual({ ok: false, errors: { interviewDate: ["date"], dailyMinutes: ["minutes"] } });
  });

  it("counts today in the learner's zone: 22:30 UTC is already 2 December in Beijing", () => {
    expect(parseInterviewSettings({ interviewDate: "2026-12-02", dailyMinutes: "10" }, now, 0).ok).toBe(true);
    expect(parseInterviewSettings({ interviewDate: "2026-12-02", dailyMinutes: "10" }, now, 480)).toEqual({ ok: false, errors: { interviewDate: ["dateNotFuture"] } });
  });

  it("property: exactly the days 1…365 after the learner's today are accepted, in any zone", () => {
    fc.assert(
      fc.property(fc.integer({ min: -800, max: 800 }), fc.integer({ min: -720, max: 840 }), (ahead, offset) => {
        const r = parseInterviewSettings({ interviewDate: date(today(offset) + ahead), dailyMinutes: "30" }, now, offset);
        expect(r.ok).toBe(ahead >= 1 && ahead <= MAX_DAYS_AHEAD);
        if (r.ok) expect(daysUntil(r.value.interviewDate!, now, offset)).toBe(ahead);
      }),
    );
  });

  it("property: whole minutes 5–240 are accepted and nothing else", () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 400 }), (m) => {
        expect(parseInterviewSettings({ interviewDate: "", dailyMinutes: String(m) }, now, 0).ok).toBe(m >= 5 && m <= 240);
      }),
    );
  });

  it("parses real calendar dates only (property: every day's string round-trips)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (day) => {
        const s = date(day);
        expect(parseCalendarDate(s)?.getTime()).toBe(day * DAY_MS);
      }),
    );
    expect(parseCalendarDate("2028-02-29")).not.toBeNull();
    expect(parseCalendarDate("2027-02-29")).toBeNull();
  });

  it("aims at the start of the interview day in the learner's zone; the mode is on until then", () => {
    const d = new Date("2026-12-15T00:00:00Z");
    expect(interviewInstant(d, 480).toISOString()).toBe("2026-12-14T16:00:00.000Z");
    expect(interviewModeOn({ interviewDate: d, dailyMinutes: 10 }, new Date("2026-12-14T15:59:00Z"), 480)).toBe(true);
    expect(interviewModeOn({ interviewDate: d, dailyMinutes: 10 }, new Date("2026-12-14T16:00:00Z"), 480)).toBe(false);
    expect(interviewModeOn({ interviewDate: d, dailyMinutes: null }, now, 0)).toBe(false);
    expect(interviewModeOn({ interviewDate: null, dailyMinutes: 10 }, now, 0)).toBe(false);
  });
});

describe("interview-date strings", () => {
  const leaves = (o: unknown, p = ""): [string, string][] =>
    typeof o === "string" ? [[p, o]] : Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, p ? `${p}.${k}` : k));
  it("have the same keys and placeholders in both languages, none empty", () => {
    const en = new Map(leaves(PLAN_STRINGS.en));
    const zh = new Map(leaves(PLAN_STRINGS.zh));
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of en) {
      expect(v.trim(), k).not.toBe("");
      expect(zh.get(k)!.trim(), k).not.toBe("");
      expect(ph(zh.get(k)!), k).toEqual(ph(v));
    }
  });
});
