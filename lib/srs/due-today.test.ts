import { describe, expect, it } from "vitest";
import { dueToday } from "./stats";

describe("due today, the one definition", () => {
  const now = new Date("2026-03-10T10:00:00Z");
  const at = (iso: string, state = 2) => ({ due: new Date(iso), state });
  it("counts reviews due by the end of the learner's day, overdue included, and splits now from later", () => {
    const cards = [at("2026-03-01T00:00:00Z"), at("2026-03-10T10:00:00Z"), at("2026-03-10T10:10:00Z", 1), at("2026-03-10T23:59:00Z"), at("2026-03-11T00:00:00Z"), at("2026-03-09T00:00:00Z", 0)];
    expect(dueToday(cards, now, 0)).toEqual({ total: 4, now: 2, later: 2 });
  });
  it("ends the day at the learner's midnight (UTC+8 ends at 16:00 UTC)", () => {
    expect(dueToday([at("2026-03-10T15:59:00Z"), at("2026-03-10T16:00:00Z")], now, 480)).toEqual({ total: 1, now: 0, later: 1 });
  });
});
