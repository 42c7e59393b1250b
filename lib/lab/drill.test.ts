import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "@/lib/tcp";
import { traceItem, type TraceItem } from "@/lib/content/schema";
import { traceAnswer } from "@/lib/grading/engine-answers";
import { checkAnswer, presentItem } from "@/lib/grading/practice";
import { TCP_EVENTS } from "@/lib/tcp/events";
import { checkDrillSize, drillCapture, isPersonalItemId, MAX_DRILL_LINES, MAX_QUESTIONS, personalItemId, type DrillQuestion } from "./drill";

/** The recorded Linux captures (lib/tcp/captures/README.md): tcpdump text of real connections. */
const DIR = path.join(process.cwd(), "lib/tcp/captures");
const CAPTURES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".txt") && !f.includes(".ss."))
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), "utf8") }));

const asItem = (q: DrillQuestion, id = "drill"): TraceItem => traceItem.parse({ ...q.item, id });
const ctx = (lang: "en" | "zh") => ({ lang, rand: () => 0.5, responseMs: 10_000 });

function firstProblemLine(text: string): number {
  const a = annotate(text);
  return Math.min(Infinity, ...a.problems.map((p) => p.line ?? a.segments[p.index]?.line ?? Infinity));
}

/** The answer the engine gives, as the learner would type it, and a wrong one. */
function answers(item: TraceItem): { right: Record<string, unknown>; wrong: Record<string, unknown> } {
  const t = traceAnswer(item);
  switch (t.kind) {
    case "states":
      return { right: { type: "trace", client: t.client, server: t.server }, wrong: { type: "trace", client: t.client === "CLOSED" ? "LISTEN" : "CLOSED", server: t.server } };
    case "ack":
      return { right: { type: "trace", ack: t.ack! }, wrong: { type: "trace", ack: (t.ack! + 1) >>> 0 } };
    case "impossible":
      return { right: { type: "trace", line: t.line! }, wrong: { type: "trace", line: t.line! === 1 ? 2 : 1 } };
    case "event": {
      const options = item.ask.kind === "event" ? item.ask.options : [];
      return { right: { type: "trace", event: options.find((o) => t.events.includes(o)) }, wrong: { type: "trace", event: options.find((o) => !t.events.includes(o)) } };
    }
  }
}

describe("drillCapture on the recorded captures", () => {
  it("makes questions of every kind across the captures, at most MAX_QUESTIONS each", () => {
    const kinds = new Set<string>();
    for (const c of CAPTURES) {
      const r = drillCapture(c.text);
      expect(r.ok, c.name).toBe(true);
      if (!r.ok) continue;
      expect(r.questions.length, c.name).toBeGreaterThan(0);
      expect(r.questions.length).toBeLessThanOrEqual(MAX_QUESTIONS);
      for (const q of r.questions) kinds.add(q.kind + (q.variant ? "*" : ""));
    }
    expect(kinds).toEqual(new Set(["states", "ack", "impossible*", "event"]));
  });

  it("asks states the engine gives after that line, before any line it flags", () => {
    for (const c of CAPTURES) {
      const r = drillCapture(c.text);
      if (!r.ok) continue;
      const a = annotate(c.text);
      for (const q of r.questions.filter((x) => x.kind === "states")) {
        const ask = q.item.ask as { kind: "states"; line: number };
        const seg = a.segments.find((s) => s.line === ask.line)!;
        const t = traceAnswer(asItem(q));
        expect(t).toMatchObject({ kind: "states", client: seg.client, server: seg.server });
        expect(ask.line).toBeLessThan(firstProblemLine(c.text));
        expect(q.item.explanation.en).toContain(`client in ${seg.client} and the server in ${seg.server}`);
        expect(q.item.explanation.zh).toContain(`客户端处于 ${seg.client}，服务端处于 ${seg.server}`);
      }
    }
  });

  it("asks only acks the engine reads exactly as the capture prints them", () => {
    let n = 0;
    for (const c of CAPTURES) {
      const r = drillCapture(c.text);
      if (!r.ok) continue;
      const a = annotate(c.text);
      for (const q of r.questions.filter((x) => x.kind === "ack")) {
        const ask = q.item.ask as { kind: "ack"; line: number };
        const t = traceAnswer(asItem(q));
        expect(t.kind === "ack" && t.ack, `${c.name} line ${ask.line}`).toBe(a.segments.find((s) => s.line === ask.line)!.ack);
        n++;
      }
    }
    expect(n).toBeGreaterThan(40);
  });

  it("a duplicate ACK's ack stays at the hole: data-retransmit line 8 acks 11, not 40", () => {
    const text = CAPTURES.find((c) => c.name === "data-retransmit.txt")!.text;
    const r = drillCapture(text);
    expect(r.ok).toBe(true);
    const q = r.ok ? r.questions.find((x) => x.kind === "ack" && x.item.ask.kind === "ack" && x.item.ask.line === 8) : undefined;
    expect(q).toBeDefined();
    expect(traceAnswer(asItem(q!))).toMatchObject({ kind: "ack", ack: 11 });
    // shown: lines 1–8 only, line 8's ack masked
    const shown = presentItem(asItem(q!), "en", () => 0.5).presented;
    expect(shown.type === "trace" && shown.lines.length).toBe(8);
    expect(shown.type === "trace" && shown.lines[7]).toMatch(/ack \?,/);
    expect(shown.type === "trace" && shown.lines[7]).not.toMatch(/ack 11/);
  });

  it("an impossible variant differs from the capture in one line, the one the engine flags", () => {
    for (const c of CAPTURES) {
      const r = drillCapture(c.text);
      if (!r.ok) continue;
      for (const q of r.questions.filter((x) => x.kind === "impossible")) {
        const t = traceAnswer(asItem(q));
        expect(t.kind === "impossible" && t.line).not.toBe(null);
        if (!q.variant) {
          expect(t.kind === "impossible" && t.line).toBe(firstProblemLine(c.text));
          continue;
        }
        const before = c.text.split("\n");
        const after = q.item.trace.split("\n");
        const changed = before.map((l, i) => (l !== after[i] ? i + 1 : 0)).filter((x) => x > 0);
        expect(changed).toEqual([t.kind === "impossible" ? t.line : -1]);
        expect(firstProblemLine(c.text)).toBe(Infinity);
      }
    }
  });

  it("an event question has exactly one option the engine flags on that line", () => {
    for (const c of CAPTURES) {
      const r = drillCapture(c.text);
      if (!r.ok) continue;
      for (const q of r.questions.filter((x) => x.kind === "event")) {
        const ask = q.item.ask as { kind: "event"; line: number; options: string[] };
        const t = traceAnswer(asItem(q));
        const flagged = t.kind === "event" ? (t.events as string[]) : [];
        expect(ask.options.filter((o) => flagged.includes(o))).toHaveLength(1);
        expect(new Set(ask.options).size).toBe(ask.options.length);
      }
    }
  });

  it("every question, in both languages, grades the engine's answer right and another wrong", () => {
    for (const c of CAPTURES) {
      const r = drillCapture(c.text);
      if (!r.ok) continue;
      for (const q of r.questions) {
        const item = asItem(q);
        const { right, wrong } = answers(item);
        for (const lang of ["en", "zh"] as const) {
          expect(checkAnswer(item, right as never, ctx(lang)).correct, `${c.name} ${q.kind}`).toBe(true);
          expect(checkAnswer(item, wrong as never, ctx(lang)).correct, `${c.name} ${q.kind}`).toBe(false);
        }
        expect(/\p{Script=Han}/u.test(item.prompt.zh) && !/\p{Script=Han}/u.test(item.prompt.en)).toBe(true);
      }
    }
  });

  it("is deterministic", () => {
    const text = CAPTURES[0].text;
    expect(drillCapture(text)).toEqual(drillCapture(text));
  });
});

describe("drillCapture's limits and refusals", () => {
  it("refuses a capture over the size limit, in both languages", () => {
    const line = CAPTURES.find((c) => c.name === "data-retransmit.txt")!.text.split("\n")[3];
    const big = Array.from({ length: MAX_DRILL_LINES + 1 }, () => line).join("\n");
    const r = drillCapture(big);
    expect(r).toMatchObject({ ok: false, code: "too_large" });
    expect(!r.ok && r.message.en).toContain(`${MAX_DRILL_LINES} lines`);
    expect(!r.ok && r.message.zh).toContain(`${MAX_DRILL_LINES} 行`);
    expect(checkDrillSize(big.split("\n").slice(0, MAX_DRILL_LINES).join("\n")).ok).toBe(true);
  });

  it("refuses text with no connection", () => {
    expect(drillCapture("hello\nworld\n")).toMatchObject({ ok: false, code: "no_connection" });
  });

  it("personal ids never look like a bank id", () => {
    const id = personalItemId("0123456789abcdef0123456789abcdef", 3);
    expect(isPersonalItemId(id)).toBe(true);
    expect(/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)).toBe(false);
    expect(isPersonalItemId("close-wait-meaning")).toBe(false);
  });
});

describe("drillCapture properties", () => {
  it("on any prefix of a recorded capture, every question is a valid item whose engine answer is defined and graded right", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CAPTURES), fc.nat(), (c, cut) => {
        const lines = c.text.replace(/\n+$/, "").split("\n");
        const text = lines.slice(0, 2 + (cut % Math.max(1, lines.length - 1))).join("\n") + "\n";
        const r = drillCapture(text);
        if (!r.ok) return r.code === "no_connection";
        for (const q of r.questions) {
          const item = asItem(q, "p");
          const t = traceAnswer(item);
          if (t.kind === "ack") expect(t.ack).not.toBe(null);
          if (t.kind === "impossible") expect(t.line).not.toBe(null);
          if (t.kind === "event") expect(t.events.length).toBeGreaterThan(0);
          expect(checkAnswer(item, answers(item).right as never, ctx("en")).correct).toBe(true);
        }
        return r.questions.length <= MAX_QUESTIONS;
      }),
      { numRuns: 60 },
    );
  });

  it("an event question's options are all Wireshark's events", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CAPTURES), (c) => {
        const r = drillCapture(c.text);
        if (!r.ok) return true;
        return r.questions.every((q) => q.item.ask.kind !== "event" || q.item.ask.options.every((o) => (TCP_EVENTS as readonly string[]).includes(o)));
      }),
    );
  });
});
