import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, negotiateLocale } from "./config";
import { en } from "./dictionaries/en";
import { zh } from "./dictionaries/zh";
import { format, translate } from "./dictionaries";
import { nextTheme, parseTheme } from "./theme";

function leaves(obj: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

describe("dictionaries", () => {
  it("have exactly the same keys in both languages", () => {
    expect([...leaves(zh).keys()].sort()).toEqual([...leaves(en).keys()].sort());
  });

  it("have no empty string in either language", () => {
    for (const [key, value] of [...leaves(en), ...leaves(zh)]) expect(value.trim(), key).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    const zhLeaves = leaves(zh);
    for (const [key, value] of leaves(en)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(zhLeaves.get(key)!), key).toEqual(names(value));
    }
  });
});

describe("language negotiation and fallback", () => {
  it("prefers the cookie when it names a known language", () => {
    expect(negotiateLocale("zh", "en-US,en;q=0.9")).toBe("zh");
    expect(negotiateLocale("en", "zh-CN")).toBe("en");
  });

  it("follows Accept-Language on a first visit, any Chinese variant counting as Chinese", () => {
    expect(negotiateLocale(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(negotiateLocale(undefined, "zh-TW")).toBe("zh");
    expect(negotiateLocale(undefined, "en-GB,en;q=0.9")).toBe("en");
  });

  it("ranks Accept-Language by q-value, not by order", () => {
    expect(negotiateLocale(undefined, "en;q=0.5, zh;q=0.9")).toBe("zh");
    expect(negotiateLocale(undefined, "fr-FR, de;q=0.9, zh;q=0.2")).toBe("zh");
  });

  it("falls back to English for an unknown cookie, unknown languages or no header", () => {
    expect(negotiateLocale("klingon", "fr-FR,de")).toBe(DEFAULT_LOCALE);
    expect(negotiateLocale(undefined, undefined)).toBe("en");
    expect(negotiateLocale(undefined, "")).toBe("en");
    expect(negotiateLocale(undefined, "zh;q=0")).toBe("en");
  });

  it("falls back to English for a key missing in the requested language, then to the key", () => {
    expect(translate("zh", "nav.practice")).toBe("练习");
    expect(translate("zh", "no.such.key")).toBe("no.such.key");
    expect(translate("en", "theme.toggle", { current: "Dark", next: "System" })).toBe("Theme: Dark. Switch to System");
  });

  it("leaves unknown placeholders untouched", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});

describe("theme preference", () => {
  it("cycles system, light, dark and back", () => {
    expect(nextTheme("system")).toBe("light");
    expect(nextTheme("light")).toBe("dark");
    expect(nextTheme("dark")).toBe("system");
  });
  it("reads anything unknown as system", () => {
    expect(parseTheme("neon")).toBe("system");
    expect(parseTheme(undefined)).toBe("system");
    expect(parseTheme("dark")).toBe("dark");
  });
});
