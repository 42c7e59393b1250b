import { describe, expect, it } from "vitest";
import { en, zh } from "@/lib/i18n/features/dashboard";
import { readinessSentence } from "./readiness";

describe("readiness sentence", () => {
  it("says weak with the count below 70 % in English, as the issue's example", () => {
    const m = { topic: "syn-flood", total: 9, seen: 9, mastery: 0.6, below: 3 };
    expect(readinessSentence(m, "SYN flood and queues", en.readiness)).toEqual({
      level: "weak",
      text: "SYN flood and queues: weak — 3 of 9 items below 70 % recall",
    });
  });
  it("says the same in Chinese", () => {
    const m = { topic: "syn-flood", total: 9, seen: 9, mastery: 0.6, below: 3 };
    expect(readinessSentence(m, "SYN 洪泛", zh.readiness).text).toBe("SYN 洪泛：薄弱 — 9 道题中有 3 道回忆概率低于 70 %");
  });
  it("says nearly ready, ready and not started", () => {
    expect(readinessSentence({ topic: "t", total: 9, seen: 9, mastery: 0.8, below: 2 }, "T", en.readiness).text).toBe(
      "T: nearly ready — 2 of 9 items below 70 % recall",
    );
    expect(readinessSentence({ topic: "t", total: 4, seen: 4, mastery: 0.9, below: 0 }, "T", en.readiness).text).toBe(
      "T: ready — all 4 items at or above 70 % recall",
    );
    expect(readinessSentence({ topic: "t", total: 5, seen: 0, mastery: 0, below: 5 }, "T", zh.readiness).text).toBe("T：未开始 — 5 道题都还没练过");
  });
});
