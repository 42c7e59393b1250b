import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotate } from "@/lib/tcp";
import { relatedQuestions, type BankEntry } from "./related";
import { buildExplainView, detectFeatures, stateName } from "./view";

const capture = (name: string) => fs.readFileSync(path.join(process.cwd(), "lib/tcp/captures", `${name}.txt`), "utf8");

const BANK: BankEntry[] = [
  { id: "tw-why", topic: "time-wait", tags: ["time-wait", "2msl"], type: "open", frequency: 3, prompt: { zh: "为什么", en: "Why" } },
  { id: "tw-trace", topic: "time-wait", tags: ["time-wait"], type: "trace", frequency: 2, prompt: { zh: "抓包", en: "Trace" } },
  { id: "hs", topic: "handshake", tags: ["handshake"], type: "single", frequency: 3, prompt: { zh: "握手", en: "Handshake" } },
  { id: "rst-1", topic: "rst", tags: ["rst"], type: "single", frequency: 1, prompt: { zh: "复位", en: "Reset" } },
  { id: "hc", topic: "teardown", tags: ["teardown", "half-close"], type: "open", frequency: 2, prompt: { zh: "半关闭", en: "Half-close" } },
];

describe("the explainer's view of a capture", () => {
  it("has one row per segment with both states after it, as the engine annotated them", () => {
    const a = annotate(capture("client-close"));
    const v = buildExplainView(a);
    expect(v.rows).toHaveLength(11);
    expect(v.rows.map((r) => `${stateName(r[6])}/${stateName(r[7])}`)).toEqual(a.segments.map((s) => `${s.client}/${s.server}`));
    expect([stateName(v.rows.at(-1)![6]), stateName(v.rows.at(-1)![7])]).toEqual(["TIME_WAIT", "CLOSED"]);
    expect(v.printed).toBe("relative");
    expect(v.isn.client).toBe(1573708932);
  });

  it("names what a normal close shows, and a half-close, a reset and a simultaneous close", () => {
    expect(detectFeatures(annotate(capture("client-close")))).toEqual(["handshake", "data", "teardown", "close-wait", "time-wait"]);
    expect(detectFeatures(annotate(capture("half-close")))).toContain("half-close");
    expect(detectFeatures(annotate(capture("abortive-close")))).toContain("rst");
    expect(detectFeatures(annotate(capture("simultaneous-close")))).toContain("simultaneous-close");
  });

  it("lists lines that are not TCP segments with a reason, keeping pasted markup as plain text", () => {
    const text = `<script>alert(1)</script>\n${capture("refused")}javascript:alert(2)\n`;
    const v = buildExplainView(annotate(text));
    expect(v.skipped.map((k) => k.raw)).toEqual(["<script>alert(1)</script>", "javascript:alert(2)"]);
    expect(v.reasons[v.skipped[0].reason].en).toMatch(/not a TCP segment/);
    expect(v.skippedTotal).toBe(2);
  });

  it("marks a line that cannot happen with its reason and line number", () => {
    const text = [
      "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 100, win 65535, length 0",
      "IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [S.], seq 300, ack 101, win 65535, length 0",
      "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 999, win 65535, length 0",
    ].join("\n");
    const v = buildExplainView(annotate(text));
    expect(v.problems.length).toBeGreaterThan(0);
    expect(v.problems[0]).toMatchObject({ line: 3 });
    expect(v.problems[0].message.en.length).toBeGreaterThan(10);
    expect(v.features).toContain("impossible");
  });

  it("links a trace to the bank's questions on what it shows, most asked first, none twice", () => {
    const groups = relatedQuestions(["handshake", "teardown", "half-close", "time-wait"], BANK);
    expect(groups.map((g) => [g.feature, g.items.map((i) => i.id)])).toEqual([
      ["handshake", ["hs"]],
      ["teardown", ["hc"]],
      ["time-wait", ["tw-trace", "tw-why"]],
    ]);
    const v = buildExplainView(annotate(capture("abortive-close")), BANK);
    expect(v.related.find((g) => g.feature === "rst")?.items.map((i) => i.id)).toEqual(["rst-1"]);
  });
});

describe("arrivals in the view (issue 16)", () => {
  it("a row says how its segment arrived and which row shows it: crossing FINs, a lost ACK", () => {
    const close = buildExplainView(annotate(capture("simultaneous-close")));
    expect(close.rows.map((r) => [r[8], r[9]])).toEqual([[0, 0], [0, 1], [0, 2], [1, 6], [0, 4], [1, 6], [0, 6]]);
    const lost = buildExplainView(annotate(capture("last-ack-lost")));
    expect(lost.rows[8].slice(8)).toEqual([2, 9]);
  });
});

describe("the view's TCP analysis events", () => {
  it("lists the rows with events, by index, as annotate gives them (keepalive capture: probes and their ACKs)", async () => {
    const { readFileSync } = await import("node:fs");
    const path = await import("node:path");
    const a = annotate(readFileSync(path.join(import.meta.dirname, "..", "tcp", "captures", "analysis", "keepalive.txt"), "utf8"));
    const v = buildExplainView(a);
    expect(v.events).toEqual(a.segments.flatMap((s, i) => (s.events.length ? [[i, s.events]] : [])));
    expect(v.events.map(([, e]) => e[0])).toEqual(["keep_alive", "keep_alive_ack", "keep_alive", "keep_alive_ack", "keep_alive", "keep_alive_ack"]);
  });
});
