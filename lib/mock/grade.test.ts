import { describe, expect, it } from "vitest";
import { bankItem, bankItems } from "./bank.test-helper";
import { fieldName, gradeLadder, gradeState, gradeTalk, gradeTrace, normalizeFlags, scoreOf, sendField, type Fields } from "./grade";
import { buildPool, ladderInstance, traceInstance } from "./items";

const items = bankItems();
const item = bankItem;

describe("scoring a spoken answer by key-point coverage", () => {
  it("scores an English answer by the share of key points matched, with spans on the matched words", () => {
    const answer = "The client sends a SYN with its ISN and enters SYN_SENT; the server replies SYN+ACK with ack = x+1.";
    const r = gradeTalk(item("handshake-walkthrough"), answer, "en", null, 30_000);
    if (r.mode !== "talk") throw new Error("talk");
    expect(r.matched.map((m) => m.id)).toEqual(["syn-isn", "syn-ack-ack-plus-one"]);
    expect(r.missed).toEqual(["third-ack", "states", "socket-calls"]);
    expect(scoreOf(r)).toBeCloseTo(2 / 5);
    const words = r.matched.flatMap((m) => m.spans.map(([s, e]) => answer.slice(s, e)));
    expect(words).toContain("SYN");
    expect(words).toContain("ISN");
  });

  it("scores a Chinese answer in Chinese", () => {
    const answer = "服务端先 listen，客户端 connect 发 SYN，带初始序列号 x，进入 SYN_SENT；服务端回 SYN+ACK，ack=x+1，进入 SYN_RECEIVED；客户端最后回 ACK，ack=y+1，双方 ESTABLISHED。";
    const r = gradeTalk(item("handshake-walkthrough"), answer, "zh", null, 30_000);
    if (r.mode !== "talk") throw new Error("talk");
    expect(r.missed).toEqual([]);
    expect(scoreOf(r)).toBe(1);
  });

  it("halves the score of an answer that asserts a misconception, and names it", () => {
    const right = "一是最后的 ACK 可能丢失，对方会重传 FIN，TIME_WAIT 还能再回 ACK；二是让旧连接的报文在网络中过期，不会被同一四元组的新连接收到。";
    const r = gradeTalk(item("time-wait-why-2msl"), right + "而且等满 2MSL 没收到任何报文，就证明对方已经正常关闭了。", "zh", null, 1);
    if (r.mode !== "talk") throw new Error("talk");
    expect(r.misconceptions?.map((m) => m.id)).toContain("silence-proves-closed");
    expect(r.verdict).not.toBe("correct");
    expect(scoreOf(r)).toBeLessThanOrEqual(0.5);
  });

  it("gives a partial Chinese answer partial credit", () => {
    const r = gradeTalk(item("time-wait-why-2msl"), "主动关闭方要等 2MSL，是为了让最后一个 ACK 丢失时对方重传 FIN 还能被处理。", "zh", null, 1);
    expect(scoreOf(r)).toBeGreaterThan(0);
    expect(scoreOf(r)).toBeLessThan(1);
  });

  it("grades the model answer of every spoken question correct, in both languages", () => {
    for (const it of items.values()) {
      if (it.keyPoints.length === 0 || !it.answer) continue;
      for (const lang of ["zh", "en"] as const) {
        const r = gradeTalk(it, it.answer[lang], lang, null, 1);
        expect(r.mode === "talk" && r.verdict, `${it.id} ${lang}`).toBe("correct");
        if (it.type === "open") expect(scoreOf(r), `${it.id} ${lang}`).toBe(1);
      }
    }
  });

  it("scores an empty answer zero", () => {
    const r = gradeTalk(item("handshake-walkthrough"), "   ", "en", null, 0);
    expect(scoreOf(r)).toBe(0);
    expect(r.mode === "talk" && r.missed.length).toBe(5);
  });

  it("scores a probe only on the points that were still missed", () => {
    const r = gradeTalk(item("handshake-walkthrough"), "listen() on the server, connect() on the client", "en", ["states", "socket-calls"], 1);
    expect(r.mode === "talk" && r.scored).toEqual(["states", "socket-calls"]);
    expect(scoreOf(r)).toBe(0.5);
  });
});

describe("worked turns checked by the engine", () => {
  it("reads flags as tcpdump prints them or by name", () => {
    expect(normalizeFlags("S.")).toBe(normalizeFlags("SYN+ACK"));
    expect(normalizeFlags("syn, ack")).toBe("S.");
    expect(normalizeFlags("F.")).toBe(normalizeFlags("FIN ACK"));
    expect(normalizeFlags(".")).toBe(normalizeFlags("ACK"));
    expect(normalizeFlags("S")).not.toBe(normalizeFlags("S."));
    expect(normalizeFlags("hello")).not.toBe(normalizeFlags("."));
  });

  it("scores a ladder by the share of right cells, all right when filled from the engine", () => {
    const ladder = ladderInstance(item("handshake-seq-ack-values"), 11)!;
    expect(ladder.phase).toBe("handshake");
    expect(ladder.rows.length).toBe(3);
    const fields: Fields = {};
    ladder.rows.forEach((r, i) => {
      fields[fieldName(i, "flags")] = r.flags;
      fields[fieldName(i, "seq")] = String(r.seq);
      fields[fieldName(i, "ack")] = r.ack === null ? "" : String(r.ack);
      fields[fieldName(i, "client")] = r.client;
      fields[fieldName(i, "server")] = r.server;
    });
    expect(scoreOf(gradeLadder(ladder, fields, 1))).toBe(1);
    fields[fieldName(1, "ack")] = String(ladder.start.client); // forgot the +1
    const r = gradeLadder(ladder, fields, 1);
    expect(r.mode === "ladder" && [r.correct, r.total]).toEqual([14, 15]);
    expect(scoreOf(gradeLadder(ladder, {}, 1))).toBe(0);
  });

  it("draws the same ladder for the same seed and different numbers for another", () => {
    const a = ladderInstance(item("teardown-seq-ack"), 3)!;
    expect(ladderInstance(item("teardown-seq-ack"), 3)).toEqual(a);
    expect(ladderInstance(item("teardown-seq-ack"), 4)!.start).not.toEqual(a.start);
    expect(a.phase).toBe("teardown");
    expect(a.rows[0].flags).toContain("F");
  });

  it("scores a state answer half for the state and half for what is sent", () => {
    const it = item("handshake-syn-sent-gets-syn-ack");
    expect(scoreOf(gradeState(it, { next: "ESTABLISHED", [sendField("ACK")]: "on" }, 1))).toBe(1);
    expect(scoreOf(gradeState(it, { next: "ESTABLISHED" }, 1))).toBe(0.5);
    expect(scoreOf(gradeState(it, { next: "SYN_RECEIVED", [sendField("ACK")]: "on" }, 1))).toBe(0.5);
    expect(scoreOf(gradeState(item("rst-closed-gets-syn"), { next: "REFUSED", [sendField("RST")]: "on" }, 1))).toBe(1);
  });

  it("scores a trace answer by the engine's reading of the capture", () => {
    const t = traceInstance(item("teardown-trace-states"))!;
    expect(t.kind).toBe("states");
    if (t.kind !== "states") return;
    expect(scoreOf(gradeTrace(t, { client: t.client, server: t.server }, 1))).toBe(1);
    expect(scoreOf(gradeTrace(t, { client: t.client, server: "CLOSED" }, 1))).toBe(0.5);
    const imp = traceInstance(item("tcpdump-data-after-fin"))!;
    expect(scoreOf(gradeTrace(imp, { line: String(imp.line) }, 1))).toBe(1);
    expect(scoreOf(gradeTrace(imp, { line: "none" }, 1))).toBe(0);
  });

  it("builds a pool for every focus with spoken questions in it", () => {
    for (const focus of ["handshake", "teardown", "states", "attacks", "all"] as const) {
      const pool = buildPool([...items.values()], focus, {});
      expect(pool.candidates.some((c) => c.mode === "talk"), focus).toBe(true);
    }
  });
});

describe("an accepted dispute", () => {
  it("counts the disputed point as made and recomputes the score", async () => {
    const { acceptDisputedPoint } = await import("./grade");
    const r = gradeTalk(item("time-wait-why-2msl"), "最后的 ACK 可能丢失，对方会重传 FIN，TIME_WAIT 能再回 ACK。", "zh", null, 1);
    if (r.mode !== "talk") throw new Error("talk");
    expect(r.missed).toContain("old-segments");
    const before = scoreOf(r);
    const after = acceptDisputedPoint(r, "old-segments");
    expect(after.missed).not.toContain("old-segments");
    expect(after.accepted).toEqual(["old-segments"]);
    expect(scoreOf(after)).toBeGreaterThan(before);
    expect(acceptDisputedPoint(after, "not-a-missed-point")).toBe(after);
  });
});
