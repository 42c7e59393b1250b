import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureLabel } from "./capture-labels";

describe("capture sample names", () => {
  const names = fs
    .readdirSync(path.join(process.cwd(), "lib", "tcp", "captures"))
    .filter((f) => f.endsWith(".txt") && !f.endsWith(".ss.txt"))
    .map((f) => f.slice(0, -4));

  it("names every committed capture in words in both languages, never by its file slug", () => {
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) {
      const l = captureLabel(n);
      expect(l.en, n).not.toBe(n);
      expect(l.zh, n).not.toBe(n);
      expect(l.zh, n).toMatch(/\p{Script=Han}/u);
    }
  });

  it("tells the variants of one capture apart", () => {
    expect(new Set(["client-close", "client-close.S", "client-close.t", "client-close.tt-S"].map((n) => captureLabel(n).en)).size).toBe(4);
  });
});
