import { describe, expect, it } from "vitest";
import { offlineDictionaries, offlineStrings } from "./features/offline";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("offline practice strings", () => {
  it("say the same in both languages: every key, non-empty, the same placeholders, the Chinese in Chinese", () => {
    const { en, zh } = offlineDictionaries;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[k].trim(), k).not.toBe("");
      expect(zh[k], k).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
    }
    expect(offlineStrings("zh")).toBe(zh);
    expect(offlineStrings("en")).toBe(en);
  });
});
