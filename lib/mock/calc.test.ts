import { describe, expect, it } from "vitest";
import { bankItem, bankItems } from "./bank.test-helper";
import { gradeCalc, parseDecimal, scoreOf } from "./grade";
import { buildPool, modeOf } from "./items";
import { firstTurn, nextTurn } from "./policy";
import { mulberry32 } from "./prng";
import { gradeTurn, turnCalc } from "./turn";

const items = bankItems();
const item = bankItem;
const turn = (index: number) => ({ index, kind: "worked" as const, probe: null });
const ctx = (seed: number) => ({ seed, lang: "en" as const, elapsedMs: 20_000 });

describe("transfer items as worked turns of a mock interview", () => {
  it("every transfer item is asked as a calculation, except the incident drills (tables to read, a practice item)", () => {
    const transfer = [...items.values()].filter((i) => i.type === "transfer");
    expect(transfer.length).toBeGreaterThan(20);
    for (const i of transfer) expect(modeOf(i)).toBe(i.type === "transfer" && i.calc.kind === "incident" ? null : "calc");
  });

  it("a congestion-focus interview has spoken questions and calculations; with only calculations it opens with one and keeps asking them", () => {
    const full = buildPool([...items.values()], "congestion", {});
    expect(full.candidates.some((c) => c.mode === "calc")).toBe(true);
    expect(full.candidates.some((c) => c.mode === "talk")).toBe(true);
    const pool = buildPool([...items.values()].filter((i) => modeOf(i) === "calc"), "congestion", {});
    expect(pool.candidates.length).toBeGreaterThan(1);
    expect(pool.candidates.every((c) => c.mode === "calc")).toBe(true);
    const rand = mulberry32(7);
    const first = firstTurn(pool, rand)!;
    expect(first.plan).toMatchObject({ kind: "worked", mode: "calc" });
    const second = nextTurn(first.state, { itemId: first.plan.itemId, kind: "worked", matched: [] }, pool, rand)!;
    expect(second.plan.mode).toBe("calc");
    expect(second.plan.itemId).not.toBe(first.plan.itemId);
  });

  it("draws fresh numbers per turn, the same ones again for the same seed and turn (so the grade matches what was shown)", () => {
    const it3 = item("congestion-calc-triple-dupack");
    const a = turnCalc(it3, 1234, 0)!;
    expect(turnCalc(it3, 1234, 0)).toEqual(a);
    const others = [1, 2, 3, 4, 5].map((i) => turnCalc(it3, 1234, i)!.given[1].en);
    expect(new Set([a.given[1].en, ...others]).size).toBeGreaterThan(1);
  });

  it("cwnd N, then duplicate ACKs: the calculator's cwnd, ssthresh and phase score 1; one wrong value scores 2/3", () => {
    const it3 = item("congestion-calc-triple-dupack");
    const inst = turnCalc(it3, 99, 2)!;
    const right = { cwnd: String(inst.expected.cwnd), ssthresh: String(inst.expected.ssthresh), phase: String(inst.expected.phase) };
    expect(inst.expected.phase).toBe("fast_recovery");
    const r = gradeTurn(it3, turn(2), JSON.stringify(right), ctx(99));
    expect(r.mode).toBe("calc");
    expect(scoreOf(r)).toBe(1);
    const wrong = gradeTurn(it3, turn(2), JSON.stringify({ ...right, cwnd: String(Number(right.cwnd) + 1) }), ctx(99));
    expect(scoreOf(wrong)).toBeCloseTo(2 / 3);
    if (wrong.mode !== "calc") throw new Error("calc");
    expect(wrong.cells.find((c) => c.key === "cwnd")).toMatchObject({ ok: false, expected: right.cwnd });
    expect(wrong.steps.length).toBeGreaterThan(2);
  });

  it("the answer is checked against the numbers of its own turn: another turn's right answer is wrong here", () => {
    const ka = item("keepalive-defaults");
    const a = turnCalc(ka, 5, 0)!;
    const b = turnCalc(ka, 5, 1)!;
    expect(a.expected.dead).not.toBe(b.expected.dead);
    const answerA = JSON.stringify({ lastProbe: String(a.expected.lastProbe), dead: String(a.expected.dead) });
    expect(scoreOf(gradeTurn(ka, turn(0), answerA, ctx(5)))).toBe(1);
    expect(scoreOf(gradeTurn(ka, turn(1), answerA, ctx(5)))).toBe(0);
  });

  it("an empty form scores 0; decimals are compared within the field's tolerance (CUBIC K to 0.005 s)", () => {
    const cubic = item("congestion-algorithms-calc-cubic");
    expect(scoreOf(gradeTurn(cubic, turn(0), "{}", ctx(3)))).toBe(0);
    const inst = turnCalc(cubic, 3, 0)!;
    const k = inst.expected.k as number;
    const near = gradeCalc(inst, { k: k.toFixed(2), ssthresh: String(inst.expected.ssthresh), w: (inst.expected.w as number).toFixed(1) }, 1000);
    expect(scoreOf(near)).toBe(1);
    const far = gradeCalc(inst, { k: (k + 0.02).toFixed(3) }, 1000);
    if (far.mode !== "calc") throw new Error("calc");
    expect(far.cells.find((c) => c.key === "k")!.ok).toBe(false);
  });

  it("parseDecimal reads grouped digits and decimals and refuses words", () => {
    expect(parseDecimal("28,232")).toBe(28232);
    expect(parseDecimal(" 924.6 ")).toBe(924.6);
    expect(parseDecimal("1 200")).toBe(1200);
    expect(parseDecimal("about 15 min")).toBeNull();
    expect(parseDecimal("")).toBeNull();
  });
});
