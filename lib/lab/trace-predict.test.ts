import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate, listScenarios, type Fault } from "@/lib/tcp";
import { runAsTcpdump, simulateRun } from "./player";
import { scoreRun, type ConnGuess } from "./predict";
import { gradeTraceStep, traceInitial, traceSteps, type TraceStep } from "./trace-predict";
import { buildExplainView } from "./view";

const names = listScenarios().map((s) => s.name);
const CAPTURES = path.join(__dirname, "../tcp/captures");
const captureFiles = fs.readdirSync(CAPTURES).filter((f) => /^[a-z0-9-]+\.txt$/.test(f));

const viewOf = (text: string) => buildExplainView(annotate(text), []);
const perfect = (s: TraceStep): ConnGuess => ({ from: s.from, flags: s.flags, seq: s.seq, ack: s.ack ?? "none", client: s.client, server: s.server });

describe("predicting a capture line by line", () => {
  it("the explainer's own reading predicted exactly scores every line; one wrong state loses exactly that line (property: any scenario run with faults, as tcpdump text)", () => {
    const kinds: Fault["kind"][] = ["drop", "delay", "duplicate", "rst_next", "rst_window", "rst_outside"];
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }),
      fc.array(fc.record({ step: fc.integer({ min: 1, max: 12 }), kind: fc.constantFrom(...kinds) }), { maxLength: 2 }), fc.nat(),
      (name, seed, faults, pick) => {
        const uniq = faults.filter((f, i) => faults.findIndex((g) => g.step === f.step) === i);
        const view = viewOf(runAsTcpdump(simulateRun(name, seed, uniq).steps));
        const steps = traceSteps(view);
        expect(steps.map((s) => s.line)).toEqual(view.rows.map((r) => r[0]));
        const grades = steps.map((s, i) => gradeTraceStep(i, s, perfect(s)));
        expect(scoreRun(grades)).toEqual({ right: steps.length, total: steps.length, missed: [] });
        if (steps.length === 0) return;
        const k = pick % steps.length;
        const wrong = steps[k].server === "CLOSED" ? "LISTEN" : "CLOSED";
        const again = steps.map((s, i) => gradeTraceStep(i, s, i === k ? { ...perfect(s), server: wrong } : perfect(s)));
        expect(scoreRun(again).missed).toEqual([k]);
        expect(again[k].marks.find((m) => m.field === "server")!.verdict).toBe("wrong");
      }), { numRuns: 120 });
  });

  it("every state change of every built-in scenario and recorded Linux capture is explained by transition-table events (RFC clause), except the ones a capture cannot show", () => {
    const unexplained: string[] = [];
    const texts: [string, string][] = names.map((n) => [n, runAsTcpdump(simulateRun(n, 1, []).steps)]);
    for (const f of captureFiles) texts.push([f, fs.readFileSync(path.join(CAPTURES, f), "utf8")]);
    for (const [name, text] of texts) {
      for (const s of traceSteps(viewOf(text))) {
        for (const c of s.changes ?? []) if (c.cause === "read_from_capture") unexplained.push(`${name}:${s.line} ${c.side} ${c.from}→${c.to}`);
      }
    }
    // an ICMP error (not a TCP segment) ends the connect; the RST of an abort the capture ends on
    expect(unexplained.sort()).toEqual([
      "abort-data-in-flight.txt:9 server ESTABLISHED→CLOSED",
      "syn-icmp-unreachable.txt:3 client SYN_SENT→CLOSED",
    ]);
  });

  it("the handshake's reasons are the table's, with the RFC section; numbers are graded as the capture printed them", () => {
    const text = runAsTcpdump(simulateRun("client-close", 1, []).steps);
    const view = viewOf(text);
    expect(view.printed).toBe("absolute");
    const steps = traceSteps(view);
    expect(traceInitial(view)).toEqual({ client: "CLOSED", server: "LISTEN" });
    expect(steps[0].changes).toEqual([
      { side: "client", from: "CLOSED", to: "SYN_SENT", cause: "active_open" },
      { side: "server", from: "LISTEN", to: "SYN_RECEIVED", cause: "rcv_syn" },
    ]);
    const g = gradeTraceStep(0, steps[0], { ...perfect(steps[0]), seq: steps[0].seq + 1 });
    expect(g.correct).toBe(false);
    expect(g.marks.find((m) => m.field === "seq")!.verdict).toBe("wrong");
    expect(g.reasons.map((r) => r.rule)).toContain("RFC 9293 §3.3.1, §3.4");
    expect(g.reasons.some((r) => r.rule?.startsWith("RFC 9293 §3.10.7"))).toBe(true);
    // the printed (relative) numbers of a real capture are what the learner types
    const rel = viewOf(fs.readFileSync(path.join(CAPTURES, "client-close.txt"), "utf8"));
    expect(rel.printed).toBe("relative");
    const third = traceSteps(rel)[2];
    expect([third.seq, third.ack]).toEqual([1, 1]);
    expect(gradeTraceStep(2, third, { ...perfect(third), seq: 1, ack: 1 }).correct).toBe(true);
  });

  it("a lost line says which line shows the loss; a line that cannot happen carries annotate()'s message", () => {
    const lost = traceSteps(viewOf(runAsTcpdump(simulateRun("lost-syn", 1, []).steps)));
    expect(lost[0].fate).toBe("dropped");
    expect(lost[0].extra.map((r) => r.text.en).join(" ")).toMatch(/line 2 shows it was lost/);
    expect(lost[1].retransmission).toBe(true);
    const bad = viewOf(`IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0
IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [S.], seq 5000, ack 1001, win 65535, length 0
IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 5001, win 65535, length 0
IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 9000, win 65535, length 0
`);
    const s = traceSteps(bad);
    expect(bad.problems.map((p) => [p.index, p.code])).toEqual([[3, "ack_of_unsent"]]);
    expect(s[3].note).toEqual(bad.problems[0].message);
    expect(s[2].note).toBeUndefined();
    expect(gradeTraceStep(3, s[3], perfect(s[3])).reasons[0].text).toEqual(bad.problems[0].message);
  });

  it("a closed port: the server side had no listener (RFC 9293 §3.10.7.1)", () => {
    const s = traceSteps(viewOf(runAsTcpdump(simulateRun("closed-port", 1, []).steps)));
    expect(s[0].changes).toContainEqual({ side: "server", from: "LISTEN", to: "CLOSED", cause: "no_listener" });
    expect(gradeTraceStep(0, s[0], perfect(s[0])).reasons.some((r) => r.rule === "RFC 9293 §3.10.7.1")).toBe(true);
  });
});
