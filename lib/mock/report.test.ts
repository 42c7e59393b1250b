import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/loader";
import { en, zh, type MockStrings } from "@/lib/i18n/features/mock";
import { gradeTalk } from "./grade";
import { countChars, formatClock } from "./limits";
import { escapeInline, fence, reportMarkdown } from "./markdown";
import { buildReport, type TurnRecord } from "./model";
import { boundElapsed, overallScore, poorItems, recommendedMs, scoreChange, topicScores, type ScoredTurn } from "./report";

const turn = (index: number, itemId: string, topic: string, kind: ScoredTurn["kind"], score: number | null, elapsedMs = 60_000): ScoredTurn => ({
  index, itemId, topic, kind, mode: kind === "worked" ? "ladder" : "talk", score, elapsedMs,
});

describe("report figures", () => {
  it("weighs probes half and ignores unanswered turns in the overall score", () => {
    const turns = [turn(0, "a", "t1", "opening", 0.4), turn(1, "a", "t1", "probe", 1), turn(2, "b", "t2", "worked", 1), turn(3, "c", "t2", "deeper", null)];
    // (0.4 + 0.5 + 1) / 2.5 = 0.76
    expect(overallScore(turns)).toBe(76);
    expect(topicScores(turns)).toEqual([
      { topic: "t1", score: Math.round((100 * 0.9) / 1.5), turns: 2 },
      { topic: "t2", score: 100, turns: 1 },
    ]);
    expect(overallScore([turn(0, "a", "t", "opening", null)])).toBeNull();
  });

  it("counts a question as poorly answered when its first answer or a probe scored below one half", () => {
    expect(poorItems([turn(0, "a", "t", "opening", 0.4), turn(1, "a", "t", "probe", 1), turn(2, "b", "t", "deeper", 0.8), turn(3, "b", "t", "probe", 0), turn(4, "c", "t", "worked", 0.5)])).toEqual(["a", "b"]);
  });

  it("recommends time by the size of the question", () => {
    expect(recommendedMs("talk", "opening", { keyPoints: 5 })).toBe(225_000);
    expect(recommendedMs("talk", "opening", { keyPoints: 1 })).toBe(60_000);
    expect(recommendedMs("talk", "probe", { keyPoints: 5 })).toBe(60_000);
    expect(recommendedMs("ladder", "worked", { rows: 4 })).toBe(120_000);
  });

  it("reports the change since the previous mock", () => {
    expect(scoreChange(70, 55)).toBe(15);
    expect(scoreChange(70, null)).toBeNull();
  });

  it("bounds the candidate's clock: never backwards, never past the interview's end", () => {
    expect(boundElapsed(30_000, 10_000, 0, 600_000)).toBe(30_000);
    expect(boundElapsed(5_000, 10_000, 0, 600_000)).toBe(10_000);
    expect(boundElapsed(-1, 0, 0, 600_000)).toBe(0);
    expect(boundElapsed(900_000, 0, 500_000, 600_000)).toBe(100_000);
    expect(boundElapsed(Number.NaN, 0, 0, 600_000)).toBe(0);
  });

  it("bounds the browser's clock by the server's: no more than the server saw pass since it asked, plus slack", () => {
    // The browser claims 5 minutes; the server asked 40 s ago.
    expect(boundElapsed(300_000, 0, 0, 1_200_000, 40_000)).toBe(42_000);
    // A slower browser clock is believed.
    expect(boundElapsed(30_000, 0, 0, 1_200_000, 40_000)).toBe(30_000);
    // What was recorded stays.
    expect(boundElapsed(0, 20_000, 0, 1_200_000, 10_000)).toBe(20_000);
  });

  it("counts characters as code points and formats clocks", () => {
    expect(countChars("三次握手𠮷")).toBe(5);
    expect(formatClock(125_000)).toBe("2:05");
    expect(formatClock(-5)).toBe("0:00");
  });
});

describe("the report and its Markdown export", () => {
  const items = new Map(loadContent(path.join(process.cwd(), "content")).items.map((i) => [i.id, i]));
  const walk = items.get("handshake-walkthrough")!;

  function model(lang: "zh" | "en", answer: string) {
    const turns: TurnRecord[] = [
      { index: 0, itemId: walk.id, kind: "opening", probe: null, answer, result: gradeTalk(walk, answer, lang, null, 200_000), disputes: [{ point: "states", note: "I said *both* sides `ESTABLISHED`", at: "2025-01-01T00:00:00Z" }] },
    ];
    return buildReport({ id: "m1", lengthMinutes: 10, focus: "handshake", lang, startedAt: new Date(0), endedAt: new Date(600_000), status: "finished" }, turns, items, 40);
  }

  it("lists what was missed beside the model answer, and the weak question as due", () => {
    const m = model("en", "SYN with the ISN, then ```SYN+ACK``` with ack = x+1");
    expect(m.overall).toBe(40);
    expect(m.change).toBe(0);
    expect(m.missed[0].points.map((p) => p.id)).toEqual(["third-ack", "states", "socket-calls"]);
    expect(m.missed[0].points[1].disputes).toHaveLength(1);
    expect(m.missed[0].model).toBe(walk.answer!.en);
    expect(m.due.map((d) => d.itemId)).toEqual([walk.id]);
    expect(m.turns[0].segments.filter((s) => s.matched).map((s) => s.text)).toContain("ISN");
  });

  it("exports Markdown in English and in Chinese with the candidate's text quoted, not interpreted", () => {
    const ctx = (t: MockStrings) => ({ t, focusName: "Handshake", langName: "English", date: "2025-01-01", topicName: (id: string) => id });
    const mdEn = reportMarkdown(model("en", "SYN with the ISN, then ```SYN+ACK``` with ack = x+1"), ctx(en));
    expect(mdEn).toContain("# Mock interview report");
    expect(mdEn).toContain("## Overall score: 40 / 100");
    expect(mdEn).toContain("````text\nSYN with the ISN, then ```SYN+ACK``` with ack = x+1\n````");
    expect(mdEn).toContain("Disputed: I said \\*both\\* sides \\`ESTABLISHED\\`");
    expect(mdEn).toContain(`> ${walk.answer!.en.split("\n")[0]}`);
    const mdZh = reportMarkdown(model("zh", "客户端发 SYN，带初始序列号"), ctx(zh));
    expect(mdZh).toContain("# 模拟面试报告");
    expect(mdZh).toContain("遗漏");
  });

  it("escapes Markdown in one-line user text and picks a fence longer than any backtick run", () => {
    expect(escapeInline("# a\n[b](c)")).toBe("\\# a \\[b\\]\\(c\\)");
    expect(fence("a ```` b").startsWith("`````text")).toBe(true);
  });

  it("never writes stored text as HTML: a probe, an answer or a dispute with tags comes out escaped", () => {
    const evil = `<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;`;
    const turns: TurnRecord[] = [
      { index: 0, itemId: walk.id, kind: "opening", probe: null, answer: evil, result: gradeTalk(walk, evil, "en", null, 200_000), disputes: [{ point: "states", note: evil, at: "2025-01-01T00:00:00Z" }] },
      {
        index: 1,
        itemId: walk.id,
        kind: "worked",
        probe: null,
        answer: null,
        // A worked result as stored in the database (an import can put anything there).
        result: { mode: "state", expected: { next: "ESTABLISHED", send: [] }, given: { next: evil, send: [evil] }, stateOk: false, sendOk: false, rule: evil, reason: { en: evil, zh: evil }, elapsedMs: 1000, score: 0 } as unknown as TurnRecord["result"],
        disputes: [],
      },
    ];
    const m = buildReport({ id: "m1", lengthMinutes: 10, focus: "handshake", lang: "en", startedAt: new Date(0), endedAt: new Date(600_000), status: "finished" }, turns, items, null);
    const md = reportMarkdown(m, { t: en, focusName: "Handshake", langName: "English", date: "2025-01-01", topicName: () => "<b>topic</b>" });
    // Outside fenced code blocks (where nothing is HTML), no "<" is left unescaped.
    const outsideFences = md.replace(/(`{3,})text\n[\s\S]*?\n\1/g, "");
    expect(outsideFences).toContain("\\<img");
    expect(outsideFences).not.toMatch(/(^|[^\\])</m);
  });
});
