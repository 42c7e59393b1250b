/**
 * Congestion-window calculator, in segments (SMSS units).
 *
 * Read first: RFC 5681 §3.1 (slow start, congestion avoidance), §3.2 (fast retransmit / fast
 * recovery), RFC 6582 §3.2 (NewReno's partial ACKs), RFC 9438 §4 (CUBIC's window function).
 *
 * Assumptions (docs/transfer.md says the same):
 *  - Initial window: `cwnd` defaults to 1 segment and `ssthresh` to 64 segments, the textbook
 *    start. RFC 5681 §3.1 would give IW = 3 for SMSS 1460 (min(4·SMSS, max(2·SMSS, 4380 B)));
 *    Linux starts at IW = 10 (RFC 6928, TCP_INIT_CWND) with ssthresh "infinite" (TCP_INFINITE_SSTHRESH).
 *  - Flight size: the data outstanding at the event is `flight` when the event gives it, else
 *    cwnd (the sender keeps its window full). Inside fast recovery cwnd is inflated by duplicate
 *    ACKs, so a timeout there uses the flight recorded when recovery began, as RFC 5681 eq. (4)
 *    asks for FlightSize and not cwnd.
 *  - ssthresh = max(floor(flight / 2), 2): RFC 5681 eq. (4) in whole segments, as Linux's
 *    tcp_reno_ssthresh (max(cwnd >> 1, 2)) computes it.
 *  - Events: `rtt` = a whole window acknowledged without loss (slow start: cwnd = min(2·cwnd,
 *    ssthresh); congestion avoidance: cwnd + 1; resets the per-ACK counter); `ack` = one ACK of
 *    `acked` (default 1) new segments (slow start: + min(acked, 1) as RFC 5681 eq. (2); congestion
 *    avoidance: RFC 5681's RECOMMENDED byte counting — the acknowledged segments are counted and
 *    cwnd grows by 1 each time the count reaches cwnd); `dupack` = one duplicate ACK; `timeout` =
 *    the retransmission timer expired.
 *  - Full and partial ACKs: in fast recovery an `ack` is a FULL acknowledgment (it covers the
 *    recovery point, RFC 6582's `recover`); a PARTIAL acknowledgment (new data, but below
 *    `recover`) is written `partial_ack`. Reno treats both alike: any ACK of new data ends fast
 *    recovery (cwnd = ssthresh). NewReno stays in fast recovery on a partial ACK and deflates
 *    cwnd by the segments it acknowledged, adding one back (RFC 6582 §3.2 step 3, partial acknowledgments); on the full ACK
 *    it sets cwnd = ssthresh (step 3, full acknowledgments, option 2).
 *  - Outside fast recovery `partial_ack` is an ordinary `ack`; `rtt` inside fast recovery means
 *    the whole window was acknowledged, i.e. a full ACK.
 *  - Repeated timeouts: when the timer expires again for a segment already retransmitted by the
 *    timer (no new ACK in between), ssthresh is held (RFC 5681 §3.1, note on eq. (4)).
 *
 * Where Linux differs: CUBIC is the default (RFC 9438; ssthresh after loss is 0.7·cwnd, not 1/2,
 * and the window grows by the cubic function below rather than 1 per RTT); fast recovery uses
 * Proportional Rate Reduction (RFC 6937) instead of inflating cwnd by 3 and by 1 per duplicate
 * ACK; loss is also detected by RACK-TLP (RFC 8985) and SACK, not only by three duplicate ACKs.
 */
import type { Bilingual } from "../types";
import { checkInt, checkNumber, TransferInputError } from "./errors";

export const CONGESTION_ALGOS = ["reno", "newreno"] as const;
export type CongestionAlgo = (typeof CONGESTION_ALGOS)[number];
export const CONGESTION_EVENTS = ["rtt", "ack", "partial_ack", "dupack", "timeout"] as const;
export type CongestionEventKind = (typeof CONGESTION_EVENTS)[number];
export type Phase = "slow_start" | "congestion_avoidance" | "fast_recovery";

export interface CongestionEvent {
  event: CongestionEventKind;
  /** ack / partial_ack: segments newly acknowledged (default 1) */
  acked?: number;
  /** dupack (the third) / timeout: segments in flight at the event (default: see the file comment) */
  flight?: number;
}
export interface CongestionInput {
  algo: CongestionAlgo;
  /** initial congestion window in segments (default 1) */
  cwnd?: number;
  /** initial slow-start threshold in segments (default 64) */
  ssthresh?: number;
  events: (CongestionEventKind | CongestionEvent)[];
}
export interface CongestionStep {
  event: CongestionEventKind;
  cwnd: number;
  ssthresh: number;
  phase: Phase;
  /** duplicate ACKs counted since the last ACK of new data */
  dupacks: number;
  /** the rule applied, with its arithmetic */
  why: Bilingual;
}

export const DEFAULT_CWND = 1;
export const DEFAULT_SSTHRESH = 64;
/** RFC 5681 §3.2: "the arrival of 3 duplicate ACKs" triggers fast retransmit. */
export const DUPACK_THRESHOLD = 3;
const MAX_SEGMENTS = 1_000_000;
const MAX_EVENTS = 10_000;

export function parsePhase(cwnd: number, ssthresh: number, inRecovery: boolean): Phase {
  if (inRecovery) return "fast_recovery";
  return cwnd < ssthresh ? "slow_start" : "congestion_avoidance";
}

function normalise(e: CongestionEventKind | CongestionEvent, i: number): CongestionEvent {
  const ev = typeof e === "string" ? { event: e } : e;
  if (!ev || !(CONGESTION_EVENTS as readonly string[]).includes(ev.event)) {
    throw new TransferInputError(`event ${i + 1} must be one of ${CONGESTION_EVENTS.join(", ")}, got ${JSON.stringify(typeof e === "string" ? e : ev?.event)}`);
  }
  if (ev.acked !== undefined) {
    if (ev.event !== "ack" && ev.event !== "partial_ack") throw new TransferInputError(`event ${i + 1}: only ack and partial_ack take a segment count`);
    checkInt(ev.acked, `event ${i + 1} acked`, 1, MAX_SEGMENTS);
  }
  if (ev.flight !== undefined) {
    if (ev.event !== "dupack" && ev.event !== "timeout") throw new TransferInputError(`event ${i + 1}: only dupack and timeout take a flight size`);
    checkInt(ev.flight, `event ${i + 1} flight`, 1, MAX_SEGMENTS);
  }
  return ev;
}

/** Runs the events through Reno or NewReno congestion control and returns the state after each. */
export function congestion(input: CongestionInput): CongestionStep[] {
  if (!(CONGESTION_ALGOS as readonly string[]).includes(input.algo)) throw new TransferInputError(`algo must be reno or newreno, got ${JSON.stringify(input.algo)}`);
  let cwnd = checkInt(input.cwnd ?? DEFAULT_CWND, "cwnd", 1, MAX_SEGMENTS);
  let ssthresh = checkInt(input.ssthresh ?? DEFAULT_SSTHRESH, "ssthresh", 2, MAX_SEGMENTS);
  if (!Array.isArray(input.events) || input.events.length === 0) throw new TransferInputError("events must list at least one event");
  if (input.events.length > MAX_EVENTS) throw new TransferInputError(`at most ${MAX_EVENTS} events`);
  const events = input.events.map(normalise);
  const newReno = input.algo === "newreno";

  let inRecovery = false;
  let flightAtLoss = 0;
  let dupacks = 0;
  let caCount = 0; // segments acknowledged in congestion avoidance since cwnd last grew
  let timedOutSinceAck = false;
  const steps: CongestionStep[] = [];
  const push = (event: CongestionEventKind, why: Bilingual) =>
    steps.push({ event, cwnd, ssthresh, phase: parsePhase(cwnd, ssthresh, inRecovery), dupacks, why });
  const exitRecovery = (ackName: Bilingual): Bilingual => {
    const before = cwnd;
    inRecovery = false;
    cwnd = ssthresh;
    caCount = 0;
    dupacks = 0;
    return {
      en: `${ackName.en} ends fast recovery: cwnd deflates to ssthresh (${before} → ${ssthresh}) (RFC 5681 §3.2 step 6${newReno ? ", RFC 6582 §3.2 step 3, full acknowledgments" : ""})`,
      zh: `${ackName.zh}结束快速恢复：cwnd 收缩为 ssthresh（${before} → ${ssthresh}）（RFC 5681 §3.2 第 6 步${newReno ? "，RFC 6582 §3.2 第 3 步，完整确认" : ""}）`,
    };
  };

  for (const ev of events) {
    switch (ev.event) {
      case "rtt": {
        timedOutSinceAck = false;
        if (inRecovery) {
          push("rtt", exitRecovery({ en: "A whole window acknowledged (a full ACK)", zh: "整窗数据被确认（完整确认）" }));
          break;
        }
        dupacks = 0;
        caCount = 0;
        const before = cwnd;
        if (cwnd < ssthresh) {
          cwnd = Math.min(2 * cwnd, ssthresh);
          push("rtt", {
            en: `slow start: cwnd doubles per round trip, capped at ssthresh: min(2·${before}, ${ssthresh}) = ${cwnd} (RFC 5681 §3.1)`,
            zh: `慢启动：每个往返 cwnd 翻倍，不超过 ssthresh：min(2·${before}, ${ssthresh}) = ${cwnd}（RFC 5681 §3.1）`,
          });
        } else {
          cwnd += 1;
          push("rtt", {
            en: `congestion avoidance: cwnd grows by one segment per round trip: ${before} + 1 = ${cwnd} (RFC 5681 §3.1)`,
            zh: `拥塞避免：每个往返 cwnd 加一个报文段：${before} + 1 = ${cwnd}（RFC 5681 §3.1）`,
          });
        }
        break;
      }
      case "ack":
      case "partial_ack": {
        timedOutSinceAck = false;
        const n = ev.acked ?? 1;
        if (inRecovery && ev.event === "partial_ack" && newReno) {
          const before = cwnd;
          cwnd = Math.max(1, cwnd - n + 1);
          dupacks = 0;
          push(ev.event, {
            en: `NewReno partial ACK (below recover): retransmit the next hole, stay in fast recovery, deflate by the ${n} acknowledged and add one back: ${before} − ${n} + 1 = ${cwnd} (RFC 6582 §3.2 step 3, partial acknowledgments)`,
            zh: `NewReno 部分确认（未到 recover）：重传下一个空洞，留在快速恢复，减去被确认的 ${n} 段再加回一段：${before} − ${n} + 1 = ${cwnd}（RFC 6582 §3.2 第 3 步，部分确认）`,
          });
          break;
        }
        if (inRecovery) {
          const name = ev.event === "partial_ack"
            ? { en: "Reno: any ACK of new data, even a partial one,", zh: "Reno：任何确认新数据的 ACK（即使是部分确认）" }
            : { en: "The full ACK of new data", zh: "确认新数据的完整 ACK" };
          push(ev.event, exitRecovery(name));
          break;
        }
        dupacks = 0;
        const before = cwnd;
        if (cwnd < ssthresh) {
          cwnd += 1;
          push(ev.event, {
            en: `slow start: each ACK of new data adds min(${n}, 1) segment: ${before} + 1 = ${cwnd} (RFC 5681 §3.1 eq. 2)`,
            zh: `慢启动：每个确认新数据的 ACK 增加 min(${n}, 1) 段：${before} + 1 = ${cwnd}（RFC 5681 §3.1 式 2）`,
          });
        } else {
          caCount += n;
          if (caCount >= cwnd) {
            caCount -= cwnd;
            cwnd += 1;
            push(ev.event, {
              en: `congestion avoidance: acknowledged segments reached cwnd (${before}), so cwnd + 1 = ${cwnd}; ${caCount} carried over (RFC 5681 §3.1, byte counting)`,
              zh: `拥塞避免：累计确认的段数达到 cwnd（${before}），cwnd + 1 = ${cwnd}；余 ${caCount}（RFC 5681 §3.1，按字节计数）`,
            });
          } else {
            push(ev.event, {
              en: `congestion avoidance: ${caCount} of ${cwnd} segments acknowledged this round; cwnd stays ${cwnd} until the count reaches cwnd (RFC 5681 §3.1)`,
              zh: `拥塞避免：本轮已确认 ${caCount}/${cwnd} 段；计数达到 cwnd 之前 cwnd 保持 ${cwnd}（RFC 5681 §3.1）`,
            });
          }
        }
        break;
      }
      case "dupack": {
        dupacks += 1;
        if (inRecovery) {
          cwnd += 1;
          push("dupack", {
            en: `another duplicate ACK in fast recovery: a segment has left the network, inflate cwnd by one: ${cwnd - 1} + 1 = ${cwnd} (RFC 5681 §3.2 step 4)`,
            zh: `快速恢复中又一个重复 ACK：又有一段离开网络，cwnd 膨胀一段：${cwnd - 1} + 1 = ${cwnd}（RFC 5681 §3.2 第 4 步）`,
          });
        } else if (dupacks === DUPACK_THRESHOLD) {
          const flight = ev.flight ?? cwnd;
          flightAtLoss = flight;
          ssthresh = Math.max(Math.floor(flight / 2), 2);
          cwnd = ssthresh + 3;
          inRecovery = true;
          caCount = 0;
          push("dupack", {
            en: `third duplicate ACK: fast retransmit; ssthresh = max(⌊flight ${flight} / 2⌋, 2) = ${ssthresh}, cwnd = ssthresh + 3 = ${cwnd}; enter fast recovery (RFC 5681 §3.2 steps 2–3)`,
            zh: `第三个重复 ACK：快速重传；ssthresh = max(⌊在途 ${flight} / 2⌋, 2) = ${ssthresh}，cwnd = ssthresh + 3 = ${cwnd}；进入快速恢复（RFC 5681 §3.2 第 2–3 步）`,
          });
        } else {
          push("dupack", {
            en: `duplicate ACK ${dupacks} of ${DUPACK_THRESHOLD}: cwnd and ssthresh unchanged (limited transmit, RFC 3042, may send new data)`,
            zh: `第 ${dupacks}/${DUPACK_THRESHOLD} 个重复 ACK：cwnd 与 ssthresh 不变（有限传输 RFC 3042 可发新数据）`,
          });
        }
        break;
      }
      case "timeout": {
        const flight = ev.flight ?? (inRecovery ? flightAtLoss : cwnd);
        const held = timedOutSinceAck && ev.flight === undefined;
        if (!held) ssthresh = Math.max(Math.floor(flight / 2), 2);
        cwnd = 1;
        inRecovery = false;
        dupacks = 0;
        caCount = 0;
        timedOutSinceAck = true;
        push("timeout", held
          ? {
              en: `the timer expired again for a segment it already retransmitted: ssthresh held at ${ssthresh}, cwnd = 1 (RFC 5681 §3.1)`,
              zh: `计时器对已由超时重传过的段再次超时：ssthresh 保持 ${ssthresh}，cwnd = 1（RFC 5681 §3.1）`,
            }
          : {
              en: `retransmission timeout: ssthresh = max(⌊flight ${flight} / 2⌋, 2) = ${ssthresh}, cwnd = 1 (loss window); slow start again (RFC 5681 §3.1 eq. 4)`,
              zh: `重传超时：ssthresh = max(⌊在途 ${flight} / 2⌋, 2) = ${ssthresh}，cwnd = 1（丢失窗口）；重新慢启动（RFC 5681 §3.1 式 4）`,
            });
        break;
      }
    }
  }
  return steps;
}

/** CUBIC's constants (RFC 9438 §4: β_cubic = 0.7, C = 0.4; Linux tcp_cubic.c: beta 717/1024, C = bic_scale 41 · 10 / 1024). */
export const CUBIC_C = 0.4;
export const CUBIC_BETA = 0.7;

/**
 * CUBIC's window t seconds after the last congestion event (RFC 9438 §4.2):
 *   W_cubic(t) = C·(t − K)^3 + W_max,   K = cbrt(W_max·(1 − β) / C)   (eq. 1 and 2, with cwnd_epoch = β·W_max)
 * W_max is the window (segments) just before the reduction. The curve starts at β·W_max, is
 * concave up to W_max (reached at t = K), then convex beyond it.
 */
export function cubicWindow(input: { wMax: number; t: number; c?: number; beta?: number }): { k: number; w: number } {
  const wMax = checkNumber(input.wMax, "wMax", 1, MAX_SEGMENTS);
  const t = checkNumber(input.t, "t", 0, 86_400);
  const c = checkNumber(input.c ?? CUBIC_C, "c", 0.01, 10);
  const beta = checkNumber(input.beta ?? CUBIC_BETA, "beta", 0.1, 0.99);
  const k = Math.cbrt((wMax * (1 - beta)) / c);
  return { k, w: c * (t - k) ** 3 + wMax };
}
