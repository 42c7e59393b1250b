/**
 * Data-transfer questions (issue 17): parameters drawn afresh per attempt from the item's ranges,
 * answers computed by the calculators in lib/tcp/transfer — never stored, never string-compared.
 * Pure; `rand` returns [0, 1) (the session's seeded random in practice, seededRandom in the check).
 */
import { congestion, receiverAcks, rto, sendWindow, type CongestionEvent, type Phase } from "@/lib/tcp/transfer";
import type { TransferCalc } from "./schema";
import { drawIncident } from "./incident";

type Bi = { en: string; zh: string };
const U32 = 4294967296;

export interface TransferField {
  key: string;
  label: Bi;
  /** "number": a non-negative number (ms values may have decimals); "phase": one of PHASES; "choice": one of `options` */
  kind: "number" | "phase" | "choice";
  options?: { id: string; label: Bi }[];
}

export interface TransferInstance {
  kind: TransferCalc["kind"];
  /** the drawn parameters, as lines to show */
  given: Bi[];
  fields: TransferField[];
  expected: Record<string, number | string>;
  /** the worked explanation, one line per step */
  steps: Bi[];
  /** incident only: the host's tables (preformatted) and the handler's code */
  exhibit?: Bi;
  handler?: Bi;
  /** congestion only: cwnd and ssthresh before the first event (index 0) and after each */
  chart?: { label: string; cwnd: number; ssthresh: number }[];
}

export const PHASES = ["slow_start", "congestion_avoidance", "fast_recovery"] as const;
export const PHASE_LABELS: Record<Phase, Bi> = {
  slow_start: { en: "slow start", zh: "慢启动" },
  congestion_avoidance: { en: "congestion avoidance", zh: "拥塞避免" },
  fast_recovery: { en: "fast recovery", zh: "快速恢复" },
};

/** Tolerance for decimal answers (RTO arithmetic in ms). */
export const MS_TOLERANCE = 0.01;

const pick = (r: { min: number; max: number }, rand: () => number) => r.min + Math.floor(rand() * (r.max - r.min + 1));
const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

export function drawTransfer(calc: TransferCalc, rand: () => number): TransferInstance {
  switch (calc.kind) {
    case "incident":
      return drawIncident(calc, rand);
    case "congestion": {
      const algo = calc.algo[Math.floor(rand() * calc.algo.length)];
      const cwnd = pick(calc.cwnd, rand);
      const ssthresh = pick(calc.ssthresh, rand);
      const events: CongestionEvent[] = [];
      for (const e of calc.events) {
        const n = e.repeat ? pick(e.repeat, rand) : 1;
        const acked = e.acked ? pick(e.acked, rand) : undefined;
        for (let i = 0; i < n; i++) events.push(acked !== undefined ? { event: e.event, acked } : { event: e.event });
      }
      const out = congestion({ algo, cwnd, ssthresh, events });
      const last = out[out.length - 1];
      const evName = (e: CongestionEvent) => (e.acked !== undefined ? `${e.event}:${e.acked}` : e.event);
      return {
        kind: "congestion",
        given: [
          { en: `Algorithm: ${algo === "reno" ? "Reno" : "NewReno"}`, zh: `算法：${algo === "reno" ? "Reno" : "NewReno"}` },
          { en: `Start: cwnd = ${cwnd}, ssthresh = ${ssthresh} (segments)`, zh: `初始：cwnd = ${cwnd}，ssthresh = ${ssthresh}（单位：报文段）` },
          { en: `Events: ${events.map(evName).join(", ")}`, zh: `事件：${events.map(evName).join(", ")}` },
        ],
        fields: [
          { key: "cwnd", label: { en: "cwnd after the last event", zh: "最后一个事件后的 cwnd" }, kind: "number" },
          { key: "ssthresh", label: { en: "ssthresh after the last event", zh: "最后一个事件后的 ssthresh" }, kind: "number" },
          { key: "phase", label: { en: "phase", zh: "所处阶段" }, kind: "phase" },
        ],
        expected: { cwnd: last.cwnd, ssthresh: last.ssthresh, phase: last.phase },
        steps: out.map((s, i) => ({
          en: `${i + 1}. ${evName(events[i])}: ${s.why.en} → cwnd ${s.cwnd}, ssthresh ${s.ssthresh}, ${PHASE_LABELS[s.phase].en}`,
          zh: `${i + 1}. ${evName(events[i])}：${s.why.zh} → cwnd ${s.cwnd}，ssthresh ${s.ssthresh}，${PHASE_LABELS[s.phase].zh}`,
        })),
        chart: [{ label: "0", cwnd, ssthresh }, ...out.map((s, i) => ({ label: String(i + 1), cwnd: s.cwnd, ssthresh: s.ssthresh }))],
      };
    }
    case "rto": {
      const { count, min, max, step } = calc.samples;
      const lo = Math.ceil(min / step);
      const hi = Math.max(lo, Math.floor(max / step));
      const samples = Array.from({ length: count }, () => pick({ min: lo, max: hi }, rand) * step);
      const timeouts = calc.timeouts ? pick(calc.timeouts, rand) : 0;
      const r = rto({ samples, minRto: calc.minRto, timeouts: Math.max(timeouts, 1) });
      const last = r.steps[r.steps.length - 1];
      const fields: TransferField[] = [
        { key: "srtt", label: { en: "SRTT (ms)", zh: "SRTT（毫秒）" }, kind: "number" },
        { key: "rttvar", label: { en: "RTTVAR (ms)", zh: "RTTVAR（毫秒）" }, kind: "number" },
        { key: "rto", label: { en: "RTO (ms)", zh: "RTO（毫秒）" }, kind: "number" },
      ];
      const expected: Record<string, number> = { srtt: last.srtt, rttvar: last.rttvar, rto: last.rto };
      const steps: Bi[] = r.steps.map((s, i) => {
        const prev = r.steps[i - 1];
        const core = `RTO = max(${calc.minRto}, ${fmt(s.srtt)} + 4·${fmt(s.rttvar)}) = ${fmt(s.rto)}`;
        if (!prev)
          return {
            en: `R1 = ${s.sample}: SRTT = R = ${fmt(s.srtt)}, RTTVAR = R/2 = ${fmt(s.rttvar)}; ${core}`,
            zh: `R1 = ${s.sample}：SRTT = R = ${fmt(s.srtt)}，RTTVAR = R/2 = ${fmt(s.rttvar)}；${core}`,
          };
        const a = `RTTVAR = 3/4·${fmt(prev.rttvar)} + 1/4·|${fmt(prev.srtt)} − ${s.sample}| = ${fmt(s.rttvar)}`;
        const b = `SRTT = 7/8·${fmt(prev.srtt)} + 1/8·${s.sample} = ${fmt(s.srtt)}`;
        return { en: `R${i + 1} = ${s.sample}: ${a}; ${b}; ${core}`, zh: `R${i + 1} = ${s.sample}：${a}；${b}；${core}` };
      });
      const given: Bi[] = [
        { en: `RTT samples (ms): ${samples.join(", ")}`, zh: `RTT 样本（毫秒）：${samples.join(", ")}` },
        { en: `RFC 6298, α = 1/8, β = 1/4, K = 4, G = 0, minimum RTO ${calc.minRto} ms`, zh: `RFC 6298，α = 1/8，β = 1/4，K = 4，G = 0，RTO 下限 ${calc.minRto} 毫秒` },
      ];
      if (timeouts > 0) {
        const b = r.backoff[timeouts - 1];
        fields.push({ key: "backoff", label: { en: `RTO after ${timeouts} successive timeout(s) (ms)`, zh: `连续 ${timeouts} 次超时后的 RTO（毫秒）` }, kind: "number" });
        expected.backoff = b.rto;
        given.push({ en: `Then ${timeouts} successive timeout(s) with no new sample`, zh: `随后连续 ${timeouts} 次超时，没有新样本` });
        steps.push({
          en: `Back-off: each timeout doubles the RTO (capped at 60 000 ms): ${r.backoff.slice(0, timeouts).map((x) => fmt(x.rto)).join(" → ")}`,
          zh: `退避：每次超时 RTO 翻倍（上限 60 000 毫秒）：${r.backoff.slice(0, timeouts).map((x) => fmt(x.rto)).join(" → ")}`,
        });
      }
      return { kind: "rto", given, fields, expected, steps };
    }
    case "window-send": {
      const sndUna = Math.floor(rand() * U32) >>> 0;
      const inFlight = pick(calc.inFlight, rand);
      const sndWnd = pick(calc.wnd, rand);
      const cwnd = calc.cwnd ? pick(calc.cwnd, rand) : undefined;
      const sndNxt = (sndUna + inFlight) % U32;
      const r = sendWindow({ sndUna, sndNxt, sndWnd, cwnd });
      const usable = r.usable?.bytes ?? 0;
      const fields: TransferField[] = [{ key: "usable", label: { en: "usable bytes (0 if none)", zh: "现在可发送的字节数（没有则填 0）" }, kind: "number" }];
      const expected: Record<string, number> = { usable };
      if (r.usable) {
        fields.push({ key: "last", label: { en: "last sequence number that may be sent", zh: "可发送的最后一个序列号" }, kind: "number" });
        expected.last = r.usable.last;
      }
      const win = cwnd === undefined ? `${sndWnd}` : `min(${sndWnd}, ${cwnd}) = ${r.window}`;
      return {
        kind: "window-send",
        given: [
          { en: `SND.UNA = ${sndUna}, SND.NXT = ${sndNxt}`, zh: `SND.UNA = ${sndUna}，SND.NXT = ${sndNxt}` },
          { en: `SND.WND = ${sndWnd} bytes${cwnd !== undefined ? `, cwnd = ${cwnd} bytes` : ""}`, zh: `SND.WND = ${sndWnd} 字节${cwnd !== undefined ? `，cwnd = ${cwnd} 字节` : ""}` },
          { en: "Sequence numbers are modulo 2^32.", zh: "序列号按 2^32 取模。" },
        ],
        fields,
        expected,
        steps: [
          { en: `window = ${win}`, zh: `窗口 = ${win}` },
          { en: `in flight = SND.NXT − SND.UNA = ${inFlight}`, zh: `已发送未确认 = SND.NXT − SND.UNA = ${inFlight}` },
          {
            en: `usable = SND.UNA + window − SND.NXT = ${r.window} − ${inFlight} = ${r.window - inFlight}${r.shrunk ? " (the window has shrunk: nothing may be sent)" : ""}`,
            zh: `可用窗口 = SND.UNA + 窗口 − SND.NXT = ${r.window} − ${inFlight} = ${r.window - inFlight}${r.shrunk ? "（窗口已收缩：不能发送）" : ""}`,
          },
          r.usable
            ? { en: `may send [${r.usable.first}, ${r.usable.last}] (mod 2^32), right edge ${r.rightEdge}`, zh: `可发送 [${r.usable.first}, ${r.usable.last}]（模 2^32），右边界 ${r.rightEdge}` }
            : { en: `right edge ${r.rightEdge}: wait for an ACK or a window update`, zh: `右边界 ${r.rightEdge}：等待 ACK 或窗口更新` },
        ],
      };
    }
    case "window-ack": {
      const rcvNxt = Math.floor(rand() * U32) >>> 0;
      const len = pick(calc.len, rand);
      const segs = Array.from({ length: calc.segments }, (_, i) => ({ seq: (rcvNxt + i * len) % U32, len }));
      const order = segs.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const arrivals = order.map((i) => segs[i]);
      const r = receiverAcks({ rcvNxt, arrivals, sack: calc.sack });
      const kinds: Record<string, Bi> = {
        in_order: { en: "in order", zh: "按序" },
        fills_gap: { en: "fills the gap", zh: "填补空洞" },
        out_of_order: { en: "out of order", zh: "乱序" },
        duplicate: { en: "duplicate", zh: "重复" },
        outside_window: { en: "outside the window", zh: "窗口外" },
      };
      const sackText = (s: (typeof r)[number]) => (calc.sack && s.sack.length ? ` SACK ${s.sack.map((b) => `${b.left}-${b.right}`).join(" ")}` : "");
      return {
        kind: "window-ack",
        given: [
          { en: `RCV.NXT = ${rcvNxt}; ${calc.segments} segments of ${len} bytes${calc.sack ? "; SACK permitted" : ""}`, zh: `RCV.NXT = ${rcvNxt}；${calc.segments} 个 ${len} 字节的报文段${calc.sack ? "；已协商 SACK" : ""}` },
          { en: `Arrival order (seq): ${arrivals.map((a) => a.seq).join(", ")}`, zh: `到达顺序（seq）：${arrivals.map((a) => a.seq).join(", ")}` },
          { en: "Every arrival is acknowledged at once.", zh: "每个报文段到达后立即确认。" },
        ],
        fields: r.map((_, i) => ({ key: `ack${i + 1}`, label: { en: `ACK after arrival ${i + 1}`, zh: `第 ${i + 1} 个到达后的 ACK` }, kind: "number" as const })),
        expected: Object.fromEntries(r.map((s, i) => [`ack${i + 1}`, s.ack])),
        steps: r.map((s, i) => ({
          en: `${i + 1}. seq ${s.seq} (${s.len} B), ${kinds[s.kind].en}: ACK ${s.ack}${sackText(s)}`,
          zh: `${i + 1}. seq ${s.seq}（${s.len} 字节），${kinds[s.kind].zh}：ACK ${s.ack}${sackText(s)}`,
        })),
      };
    }
  }
}

/** Whether one entered value matches the calculator's (ms values within MS_TOLERANCE; sequence numbers mod 2^32). */
export function transferFieldCorrect(field: TransferField, expected: number | string, given: number | string | undefined): boolean {
  if (given === undefined) return false;
  if (field.kind === "phase" || field.kind === "choice") return given === expected;
  if (typeof given !== "number" || typeof expected !== "number" || !Number.isFinite(given)) return false;
  return Math.abs(given - expected) <= MS_TOLERANCE + 1e-9;
}
