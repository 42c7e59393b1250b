import { describe, expect, it } from "vitest";
import { TCP_EVENTS } from "../tcp/events";
import { labEventStrings } from "./features/lab-events";

describe("lab TCP analysis event strings", () => {
  it("name and explain every event in both languages, the Chinese in Chinese", () => {
    const en = labEventStrings("en");
    const zh = labEventStrings("zh");
    expect(Object.keys(en.events).sort()).toEqual([...TCP_EVENTS].sort());
    expect(Object.keys(zh.events).sort()).toEqual([...TCP_EVENTS].sort());
    for (const e of TCP_EVENTS) {
      for (const s of [en.events[e].name, en.events[e].explain, zh.events[e].name, zh.events[e].explain]) expect(s.trim(), e).not.toBe("");
      expect(zh.events[e].explain, e).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.events[e].explain, e).not.toBe(en.events[e].explain);
    }
    expect(zh.column).not.toBe(en.column);
    expect(zh.legend).not.toBe(en.legend);
  });
});
