import { describe, expect, it } from "vitest";
import { engineErrors } from "@/lib/content/check";
import type { LoadedItem } from "@/lib/content/loader";
import { itemSchema, type TransferItem } from "@/lib/content/schema";
import { seededRandom } from "@/lib/content/sequence";
import { drawTransfer } from "@/lib/content/transfer";
import { checkAnswer, presentItem, type Answer } from "./practice";
import { CheckBody } from "@/lib/server/practice-schemas";

const text = { en: "Why it is so.", zh: "原因如下。" };
function item(calc: unknown, id = "calc-item"): TransferItem {
  return itemSchema.parse({
    id,
    topic: "congestion",
    type: "transfer",
    difficulty: 2,
    frequency: 2,
    prompt: { en: "Compute it", zh: "计算" },
    explanation: text,
    references: [{ source: "RFC 5681", section: "3.1" }],
    calc,
  }) as TransferItem;
}

const congestionItem = item({ kind: "congestion", algo: ["reno", "newreno"], cwnd: { min: 8, max: 40 }, ssthresh: { min: 4, max: 8 }, events: [{ event: "dupack", repeat: { min: 3, max: 6 } }] });
const rtoItem = item({ kind: "rto", samples: { count: 3, min: 40, max: 200, step: 8 }, minRto: 200, timeouts: { min: 1, max: 3 } });
const sendItem = item({ kind: "window-send", inFlight: { min: 1000, max: 6000 }, wnd: { min: 8000, max: 64000 }, cwnd: { min: 2000, max: 12000 } });
const ackItem = item({ kind: "window-ack", segments: 4, len: { min: 100, max: 1460 }, sack: true });
const ctx = (seed: number, lang: "en" | "zh" = "en") => ({ lang, rand: seededRandom(seed), responseMs: 30_000 });
const answer = (values: Record<string, number | string>): Answer => ({ type: "transfer", values });

describe("transfer questions", () => {
  it("congestion: cwnd 20, ssthresh 6, reno, 4 dupacks → ssthresh ⌊20/2⌋ = 10, cwnd 10 + 3 + 1 = 14, fast recovery", () => {
    const fixed = item({ kind: "congestion", algo: ["reno"], cwnd: { min: 20, max: 20 }, ssthresh: { min: 6, max: 6 }, events: [{ event: "dupack", repeat: { min: 4, max: 4 } }] });
    expect(checkAnswer(fixed, answer({ cwnd: 14, ssthresh: 10, phase: "fast_recovery" }), ctx(1)).correct).toBe(true);
    const wrong = checkAnswer(fixed, answer({ cwnd: 13, ssthresh: 10, phase: "fast_recovery" }), ctx(1));
    expect(wrong.correct).toBe(false);
    if (wrong.detail.type !== "transfer") throw new Error("detail");
    expect(wrong.detail.fields.map((f) => [f.key, f.expected, f.correct])).toEqual([
      ["cwnd", "14", false],
      ["ssthresh", "10", true],
      ["phase", "fast recovery", true],
    ]);
    expect(wrong.detail.chart?.map((p) => p.cwnd)).toEqual([20, 20, 20, 13, 14]);
    expect(wrong.detail.steps).toHaveLength(4);
  });

  it("rto: samples 100 → SRTT 100, RTTVAR 50, RTO max(1000, 100 + 200) = 1000; one timeout → 2000", () => {
    const fixed = item({ kind: "rto", samples: { count: 1, min: 100, max: 100, step: 10 }, minRto: 1000, timeouts: { min: 1, max: 1 } });
    expect(checkAnswer(fixed, answer({ srtt: 100, rttvar: 50, rto: 1000, backoff: 2000 }), ctx(3)).correct).toBe(true);
    expect(checkAnswer(fixed, answer({ srtt: 100, rttvar: 50, rto: 300, backoff: 2000 }), ctx(3)).correct).toBe(false);
  });

  it("rto: samples 100, 120 with min 200 → RTTVAR 3/4·50 + 1/4·20 = 42.5, SRTT 102.5, RTO 272.5 (0.01 tolerance)", () => {
    const two = item({ kind: "rto", samples: { count: 2, min: 100, max: 120, step: 20 }, minRto: 200 });
    // find a seed that draws 100 then 120
    const seed = [...Array(200).keys()].find((s) => drawTransfer(two.calc, seededRandom(s)).given[0].en.endsWith("100, 120"));
    expect(seed).toBeDefined();
    expect(checkAnswer(two, answer({ srtt: 102.5, rttvar: 42.5, rto: 272.5 }), ctx(seed!)).correct).toBe(true);
    expect(checkAnswer(two, answer({ srtt: 102.505, rttvar: 42.5, rto: 272.5 }), ctx(seed!)).correct).toBe(true);
    expect(checkAnswer(two, answer({ srtt: 102.6, rttvar: 42.5, rto: 272.5 }), ctx(seed!)).correct).toBe(false);
  });

  it("window-send: UNA + min(WND, cwnd) − NXT, modulo 2^32", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const p = presentItem(sendItem, "en", seededRandom(seed)).presented;
      if (p.type !== "transfer") throw new Error("type");
      const [una, nxt] = [...p.given[0].matchAll(/\d+/g)].map((m) => Number(m[0]));
      const [wnd, cwnd] = [...p.given[1].matchAll(/\d+/g)].map((m) => Number(m[0]));
      const usable = Math.min(wnd, cwnd) - (nxt - una + 2 ** 32) % 2 ** 32;
      const values: Record<string, number> = { usable: Math.max(0, usable) };
      if (usable > 0) values.last = (nxt + usable - 1) % 2 ** 32;
      expect(p.fields.map((f) => f.key)).toEqual(Object.keys(values));
      expect(checkAnswer(sendItem, answer(values), ctx(seed)).correct).toBe(true);
      expect(checkAnswer(sendItem, answer({ ...values, usable: values.usable + 1 }), ctx(seed)).correct).toBe(false);
    }
  });

  it("window-ack: the cumulative ACK after each arrival is RCV.NXT", () => {
    const p = presentItem(ackItem, "en", seededRandom(9)).presented;
    if (p.type !== "transfer") throw new Error("type");
    const rcvNxt = Number(p.given[0].match(/RCV\.NXT = (\d+)/)![1]);
    const len = Number(p.given[0].match(/of (\d+) bytes/)![1]);
    const order = p.given[1].split(": ")[1].split(", ").map(Number);
    const got = new Set<number>();
    let next = rcvNxt;
    const values: Record<string, number> = {};
    order.forEach((seq, i) => {
      got.add(seq);
      while (got.has(next)) next = (next + len) % 2 ** 32;
      values[`ack${i + 1}`] = next;
    });
    expect(checkAnswer(ackItem, answer(values), ctx(9)).correct).toBe(true);
    expect(checkAnswer(ackItem, answer({ ...values, ack1: values.ack1 + 1 }), ctx(9)).correct).toBe(false);
  });

  it("draws are reproducible from the seed and differ between seeds", () => {
    for (const it of [congestionItem, rtoItem, sendItem, ackItem]) {
      const a = presentItem(it, "en", seededRandom(42));
      expect(presentItem(it, "en", seededRandom(42))).toEqual(a);
      const others = [1, 2, 3, 4, 5].map((s) => JSON.stringify(presentItem(it, "en", seededRandom(s)).presented));
      expect(new Set(others).size).toBeGreaterThan(1);
    }
  });

  it("the check's answer is the presented instance's (same seed) and an empty answer is wrong", () => {
    for (const it of [congestionItem, rtoItem, sendItem, ackItem]) {
      const inst = drawTransfer(it.calc, seededRandom(7));
      expect(checkAnswer(it, answer(inst.expected), ctx(7)).correct).toBe(true);
      expect(checkAnswer(it, answer({}), ctx(7)).correct).toBe(false);
    }
  });

  it("shows given lines, labels and steps in Chinese", () => {
    const p = presentItem(congestionItem, "zh", seededRandom(5)).presented;
    if (p.type !== "transfer") throw new Error("type");
    expect(p.given[1]).toMatch(/初始/);
    expect(p.fields[2].label).toBe("所处阶段");
    const r = checkAnswer(congestionItem, answer({}), ctx(5, "zh"));
    if (r.detail.type !== "transfer") throw new Error("detail");
    expect(r.detail.steps[0]).toMatch(/cwnd \d+，ssthresh/);
  });

  it("the API accepts a transfer answer and rejects bad values", () => {
    const base = { sessionId: "x", itemId: "calc-item", responseMs: 1000 };
    const ok = CheckBody.safeParse({ ...base, answer: { type: "transfer", values: { cwnd: 14, phase: "fast_recovery" } } });
    const bad = CheckBody.safeParse({ ...base, answer: { type: "transfer", values: { cwnd: -1 } } });
    const badKey = CheckBody.safeParse({ ...base, answer: { type: "transfer", values: { "__proto__x": 1 } } });
    expect(bad.success).toBe(false);
    expect(badKey.success).toBe(false);
    expect(ok.error?.issues.filter((i) => i.path.includes("answer")) ?? []).toEqual([]);
  });

  it("the content check reports a calculation that cannot compute", () => {
    // cwnd 0 cannot pass the schema; a hand-built item stands for a calculator that rejects its parameters
    const broken = { ...congestionItem, calc: { ...congestionItem.calc, cwnd: { min: 0, max: 0 } } } as TransferItem;
    const loaded = (x: TransferItem) => ({ items: [{ ...x, file: "c.yaml", line: 1 } as LoadedItem], locate: () => ({ file: "c.yaml", line: 1 }) });
    for (const good of [congestionItem, rtoItem, sendItem, ackItem]) expect(engineErrors(loaded(good))).toEqual([]);
    const errs = engineErrors(loaded(broken));
    expect(errs).toHaveLength(1);
    expect(errs[0].message).toMatch(/calculator rejects the parameters drawn with seed 1/);
  });
});

describe("issue-18 kinds in practice: drawn per attempt, graded by the calculators", () => {
  const kinds = [
    item({ kind: "mss", mtu: { min: 1500, max: 1500 }, family: ["ipv4"], timestamps: [true], bytes: { min: 10000, max: 10000 } }),
    item({ kind: "window-scale", win: { min: 502, max: 502 }, wscale: { min: 7, max: 7 }, rtt: { min: 100, max: 100 } }),
    item({ kind: "ephemeral", low: { min: 32768, max: 32768 }, high: { min: 60999, max: 60999 }, rate: { min: 1000, max: 1000 } }),
    item({ kind: "keepalive", time: { min: 7200, max: 7200 }, intvl: { min: 75, max: 75 }, probes: { min: 9, max: 9 } }),
    item({ kind: "syn-retries", side: "syn", retries: { min: 6, max: 6 }, linear: { min: 4, max: 4 } }),
    item({ kind: "give-up", retries2: { min: 15, max: 15 }, rto: { min: 200, max: 200 } }),
    item({ kind: "nagle", rtt: { min: 40, max: 40 }, delayedAck: [200] }),
    item({ kind: "cubic", wMax: { min: 100, max: 100 }, t: { min: 0, max: 0 } }),
  ];
  it("fixed ranges give the textbook numbers: 1460/1448/7 segments, 64256 B and 642560 B/s, 28232 ports and 60000 in TIME-WAIT, 7875 s, 131 s, 924.6 s, 280 ms, K ≈ 4.217", () => {
    const e = kinds.map((k) => drawTransfer(k.calc, seededRandom(1)).expected);
    expect(e[0]).toEqual({ mss: 1460, payload: 1448, segments: 7, udpPayload: 1472 });
    expect(e[1]).toEqual({ window: 64256, throughput: 642560 });
    expect(e[2]).toEqual({ ports: 28232, maxRate: 470, inTimeWait: 60000 });
    expect(e[3]).toEqual({ lastProbe: 7800, dead: 7875 });
    expect(e[4]).toEqual({ count: 10, last: 67, giveUp: 131 });
    expect(e[5]).toEqual({ limit: 924.6, count: 15, giveUp: 924.6 });
    expect(e[6]).toEqual({ bodySent: 240, response: 280, noDelay: 40 });
    expect(e[7]).toMatchObject({ ssthresh: 70, k: 4.217, w: 70 });
  });
  it("the calculator's values are correct and one changed value is not, in both languages", () => {
    for (const k of kinds) {
      const inst = drawTransfer(k.calc, seededRandom(5));
      expect(checkAnswer(k, answer(inst.expected), ctx(5)).correct).toBe(true);
      const key = inst.fields[0].key;
      const off = { ...inst.expected, [key]: (inst.expected[key] as number) + 1 };
      const r = checkAnswer(k, answer(off), ctx(5, "zh"));
      expect(r.correct).toBe(false);
      if (r.detail.type !== "transfer") throw new Error("detail");
      expect(r.detail.steps.join("")).toMatch(/\p{Script=Han}/u);
    }
  });
  it("ask limits the fields asked; the throughput accepts a whole-byte rounding", () => {
    const only = item({ kind: "window-scale", win: { min: 65535, max: 65535 }, rtt: { min: 30, max: 30 }, ask: ["throughput"] });
    const inst = drawTransfer(only.calc, seededRandom(2));
    expect(inst.fields.map((f) => f.key)).toEqual(["throughput"]);
    expect(inst.expected.throughput).toBe(2184500);
    expect(checkAnswer(only, answer({ throughput: 2184500 }), ctx(2)).correct).toBe(true);
  });
  it("window-ack with a lost segment also asks the duplicate ACKs: 3 segments in order, the 2nd lost → 1 duplicate", () => {
    const lost = item({ kind: "window-ack", segments: 3, len: { min: 1000, max: 1000 }, lost: 1, order: "sent" });
    const inst = drawTransfer(lost.calc, seededRandom(4));
    expect(inst.fields.map((f) => f.key)).toEqual(["ack1", "ack2", "dupacks"]);
    expect(inst.expected.ack1).toBe(inst.expected.ack2);
    expect(inst.expected.dupacks).toBe(1);
  });
});

describe("the practice API takes the answer to every transfer item of the bank", () => {
  it("CheckBody accepts each item's fields filled with the calculator's values (camelCase keys such as lastProbe, at most 10 values)", async () => {
    const { loadContent } = await import("@/lib/content/loader");
    const bank = loadContent("content").items.filter((i): i is TransferItem & LoadedItem => i.type === "transfer");
    expect(bank.length).toBeGreaterThan(30);
    for (const it of bank) {
      const inst = drawTransfer(it.calc, seededRandom(11));
      const body = { sessionId: "s1", itemId: it.id, responseMs: 1000, answer: { type: "transfer", values: inst.expected } };
      const parsed = CheckBody.safeParse(body);
      expect(parsed.success, `${it.id}: ${parsed.success ? "" : parsed.error.message}`).toBe(true);
    }
  });
});
