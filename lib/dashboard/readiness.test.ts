import { describe, expect, it } from "vitest";
import { en, zh } from "@/lib/i18n/features/dashboard";
import { readinessSentence } from "./readiness";

const m = (total: number, evidenced: number, weakSeen: number) => ({ topic: "t", total, seen: evidenced, mastery: 0.6, below: weakSeen + total - evidenced, evidenced, weakSeen });

describe("readiness sentence", () => {
  it("says weak with the count of weak items among those with evidence, in English", () => {
    expect(readinessSentence(m(9, 9, 3), "SYN flood and queues", en.readiness)).toEqual({
      level: "weak",
      text: "SYN flood and queues: weak — 3 of the 9 items practised or asked in a mock are below 70 % recall or were failed; 0 not started",
    });
  });
  it("says the same in Chinese", () => {
    expect(readinessSentence(m(9, 9, 3), "SYN 洪泛", zh.readiness).text).toBe("SYN 洪泛：薄弱 — 练过或模拟面试问过的 9 道题中有 3 道回忆概率低于 70 % 或答错；0 道未开始");
  });
  it("does not call a topic weak for the items not started: 5 of 10 practised and all remembered is nearly ready", () => {
    expect(readinessSentence(m(10, 5, 0), "T", en.readiness).text).toBe("T: nearly ready — 0 of the 5 items practised or asked in a mock are weak; 5 not started");
  });
  it("says ready and not started", () => {
    expect(readinessSentence(m(4, 4, 0), "T", en.readiness).text).toBe("T: ready — all 4 items at or above 70 % recall");
    expect(readinessSentence(m(5, 0, 0), "T", zh.readiness).text).toBe("T：未开始 — 5 道题都还没练过");
  });
});
