import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate, listScenarios, type Fault, type Side } from "@/lib/tcp";
import { playerSteps, runAsTcpdump, simulateRun } from "./player";
import {
  changeReasons, gradeConnStep, gradedFlags, gradeTraceLine, gradeTransferStep, parseGuessNumber, scoreRun,
  type ConnGuess, type StepGrade,
} from "./predict";
import { shown, type Numbering } from "./numbering";
import { simulateTransferRun, transferView } from "./transfer";

const names = listScenarios().map((s) => s.name);

function connRun(name: string, seed: number, faults: { step: number; kind: Fault["kind"] }[] = [], app = {}) {
  const r = simulateRun(name, seed, faults, [], app);
  const steps = playerSteps(r.steps, r.transitions);
  const iss = { client: steps[0]?.tcb.client.iss ?? 0, server: steps[0]?.tcb.server.iss ?? 0 };
  return { steps, iss };
}

/** The prediction that is exactly what the engine does. */
function perfect(s: ReturnType<typeof connRun>["steps"][number], iss: Record<Side, number>, numbering: Numbering): ConnGuess {
  const other: Side = s.from === "client" ? "server" : "client";
  return {
    from: s.from, flags: s.flags, seq: shown(s.seq, iss[s.from], numbering),
    ack: s.ack === null ? "none" : shown(s.ack, iss[other], numbering), client: s.client, server: s.server,
  };
}

describe("grading a connection step", () => {
  it("the engine's own run predicted exactly scores every step, in both numberings (property: any scenario, seed, faults, slow app)", () => {
    const kinds: Fault["kind"][] = ["drop", "delay", "duplicate", "rst_next", "rst_window", "rst_outside"];
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }),
      fc.array(fc.record({ step: fc.integer({ min: 1, max: 12 }), kind: fc.constantFrom(...kinds) }), { maxLength: 2 }),
      fc.constantFrom<Numbering>("absolute", "relative"), fc.boolean(),
      (name, seed, faults, numbering, slow) => {
        const uniq = faults.filter((f, i) => faults.findIndex((g) => g.step === f.step) === i);
        const { steps, iss } = connRun(name, seed, uniq, { slowClose: slow, slowAccept: slow });
        const grades = steps.map((s, i) => gradeConnStep(i, s, perfect(s, iss, numbering), { numbering, iss }));
        expect(scoreRun(grades)).toEqual({ right: steps.length, total: steps.length, missed: [] });
        for (const g of grades) expect(g.reasons.length).toBeGreaterThan(0);
      }));
  });

  it("one wrong field makes the step wrong and lists it among the missed, naming the field and the right answer", () => {
    const { steps, iss } = connRun("client-close", 1);
    const numbering = "relative" as const;
    const fin = steps.findIndex((s) => s.flags === "F.");
    const grades: StepGrade[] = steps.map((s, i) => {
      const g = perfect(s, iss, numbering);
      // the classic mistake: the server goes straight to LAST_ACK on the client's FIN
      return gradeConnStep(i, s, i === fin ? { ...g, server: "LAST_ACK" } : g, { numbering, iss });
    });
    expect(scoreRun(grades)).toEqual({ right: steps.length - 1, total: steps.length, missed: [fin] });
    expect(grades[fin].marks.find((m) => m.field === "server")).toEqual({ field: "server", given: "LAST_ACK", expected: "CLOSE_WAIT", verdict: "wrong" });
    // the reasons are the transition table's, with their RFC clauses
    expect(grades[fin].reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["RFC 9293 §3.10.4", "RFC 9293 §3.10.7.4 (eighth)"]));
    expect(grades[fin].reasons.some((r) => r.text.en.startsWith("Server: ESTABLISHED → CLOSE_WAIT.") && r.text.zh.startsWith("服务器：ESTABLISHED → CLOSE_WAIT。"))).toBe(true);
  });

  it("flags: order and PSH do not matter; a missing ACK does", () => {
    expect(gradedFlags("P.")).toBe(".");
    expect(gradedFlags("FP.")).toBe(gradedFlags(".F"));
    const { steps, iss } = connRun("client-close", 1);
    const data = steps.findIndex((s) => s.len > 0);
    const g = perfect(steps[data], iss, "absolute");
    expect(gradeConnStep(data, steps[data], { ...g, flags: "." }, { numbering: "absolute", iss }).correct).toBe(true);
    expect(gradeConnStep(data, steps[data], { ...g, flags: "P" }, { numbering: "absolute", iss }).correct).toBe(false);
  });

  it("a blank seq or ack is not graded; a wrong one is, and explained", () => {
    const { steps, iss } = connRun("lost-syn", 1);
    const rtx = steps.findIndex((s) => s.retransmission);
    const g = perfect(steps[rtx], iss, "relative");
    const blank = gradeConnStep(rtx, steps[rtx], { ...g, seq: null, ack: null }, { numbering: "relative", iss });
    expect(blank.correct).toBe(true);
    expect(blank.marks.filter((m) => m.verdict === "skipped").map((m) => m.field)).toEqual(["seq", "ack"]);
    const wrong = gradeConnStep(rtx, steps[rtx], { ...g, seq: 1 }, { numbering: "relative", iss });
    expect(wrong.correct).toBe(false);
    expect(wrong.reasons.at(-1)!.rule).toBe("RFC 9293 §3.8.1, RFC 6298 §5");
  });

  it("every state change of every built-in scenario is explained by the transition table or a named cause", () => {
    for (const name of names) {
      for (const s of connRun(name, 7).steps) {
        for (const r of changeReasons(s.changes)) {
          expect(r.text.en, name).not.toMatch(/\(\w+\)$/);
          expect(r.text.zh, name).not.toMatch(/（\w+）$/);
        }
      }
    }
  });

  it("a forged RST at RCV.NXT: the reason cites RFC 9293's second check", () => {
    const { steps, iss } = connRun("client-close", 1, [{ step: 4, kind: "rst_next" }]);
    const i = steps.findIndex((s) => s.segment === null && s.flags === "R");
    const g = gradeConnStep(i, steps[i], { ...perfect(steps[i], iss, "absolute"), server: "ESTABLISHED" }, { numbering: "absolute", iss });
    expect(g.correct).toBe(false);
    expect(g.reasons[0].text.en).toMatch(/RFC 9293 §3.10.7.4, second check/);
    expect(g.reasons.some((r) => r.rule === "RFC 9293 §3.10.7.4 (second)" && r.text.en.startsWith("Server: ESTABLISHED → CLOSED."))).toBe(true);
  });
});

describe("grading a data-transfer step", () => {
  it("fast retransmit: cwnd = ssthresh + 3·MSS on the retransmission, and the receiver repeats its ACK at the hole", () => {
    const r = simulateTransferRun("fast-retransmit", 1, []);
    const view = transferView("fast-retransmit", r.result);
    const iss = view.iss;
    const fr = view.steps.findIndex((s) => s.kind === "fast_retransmission");
    const s = view.steps[fr];
    const right = gradeTransferStep(fr, s, { from: "client", cwnd: s.state.ssthresh + 3 * view.mss, ssthresh: s.state.ssthresh, ack: null }, { numbering: "relative", iss });
    expect(right.correct).toBe(true);
    expect(right.reasons.some((x) => x.rule === "RFC 5681 §3.2, RFC 6582, RFC 6675")).toBe(true);
    const wrong = gradeTransferStep(fr, s, { from: "client", cwnd: s.state.ssthresh, ssthresh: s.state.ssthresh, ack: null }, { numbering: "relative", iss });
    expect(wrong.marks.find((m) => m.field === "cwnd")?.verdict).toBe("wrong");
    const dup = view.steps.findIndex((x) => x.kind === "dup_ack");
    const d = view.steps[dup];
    expect(gradeTransferStep(dup, d, { from: "server", cwnd: null, ssthresh: null, ack: shown(d.ack, iss.client, "relative") }, { numbering: "relative", iss }).correct).toBe(true);
    expect(gradeTransferStep(dup, d, { from: "server", cwnd: null, ssthresh: null, ack: shown(d.ack, iss.client, "relative") + 1000 }, { numbering: "relative", iss }).correct).toBe(false);
  });

  it("a forged RST in a transfer (what-if): only its apparent sender is predicted; the challenge ACK's reason cites RFC 5961 §3.2", () => {
    const view = transferView("slow-start", simulateTransferRun("slow-start", 1, [{ step: 2, kind: "rst_window" }]).result);
    const v = { numbering: "absolute" as const, iss: view.iss };
    const k = view.steps.findIndex((x) => x.kind === "forged_rst");
    const f = view.steps[k];
    const g = gradeTransferStep(k, f, { from: f.from, cwnd: null, ssthresh: null, ack: null }, v);
    expect(g.correct).toBe(true);
    expect(g.marks.map((m) => m.field)).toEqual(["from"]);
    expect(g.reasons.map((r) => r.rule)).toContain("RFC 9293 §3.10.7.4, RFC 5961 §3.2");
    const c = view.steps.findIndex((x) => x.kind === "challenge_ack");
    const ch = view.steps[c];
    expect(gradeTransferStep(c, ch, { from: ch.from, cwnd: null, ssthresh: null, ack: ch.ack }, v).reasons.map((r) => r.rule)).toContain("RFC 5961 §3.2");
  });

  it("slow start's ssthresh is 'inf' until the first loss; the wrong sender is wrong", () => {
    const view = transferView("slow-start", simulateTransferRun("slow-start", 1, []).result);
    const s = view.steps[0];
    const v = { numbering: "absolute" as const, iss: view.iss };
    expect(gradeTransferStep(0, s, { from: "client", cwnd: s.state.cwnd, ssthresh: "inf", ack: null }, v).correct).toBe(true);
    expect(gradeTransferStep(0, s, { from: "client", cwnd: s.state.cwnd, ssthresh: 65535, ack: null }, v).correct).toBe(false);
    expect(gradeTransferStep(0, s, { from: "server", cwnd: null, ssthresh: null, ack: null }, v).correct).toBe(false);
  });
});

describe("grading a trace line", () => {
  it("the states annotate() gives, with the line's problems as the reasons", () => {
    const r = simulateRun("lost-last-ack", 1, []);
    const a = annotate(runAsTcpdump(r.steps));
    const last = a.segments.length - 1;
    const line = a.segments[last];
    expect(gradeTraceLine(last, line, { client: line.client, server: line.server }, null).correct).toBe(true);
    const g = gradeTraceLine(last, line, { client: "CLOSED", server: line.server }, { en: "on this line", zh: "在本行" });
    expect(g.correct).toBe(false);
    expect(g.reasons.at(-1)!.text.en).toBe("on this line");
  });
});

describe("a learner's number", () => {
  it("blank is not predicted, digits up to 2^32 − 1 are numbers, anything else is invalid", () => {
    expect(parseGuessNumber("  ")).toBeNull();
    expect(parseGuessNumber("0")).toBe(0);
    expect(parseGuessNumber("4294967295")).toBe(4294967295);
    for (const bad of ["4294967296", "-1", "1e3", "12a", "1.5"]) expect(parseGuessNumber(bad)).toBe("invalid");
  });
});
