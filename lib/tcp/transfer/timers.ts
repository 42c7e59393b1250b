/**
 * Linux's connection timers as schedules (issue 18): keepalive probing, SYN and SYN+ACK
 * retransmission with tcp_syn_retries / tcp_synack_retries and tcp_syn_linear_timeouts (Linux 6.5),
 * giving up on an established connection (tcp_retries2), and the stall Nagle's algorithm and a
 * delayed ACK make together. Checked against net/ipv4/tcp_timer.c (Linux 6.6: tcp_keepalive_timer,
 * tcp_write_timeout, retransmits_timed_out, tcp_model_timeout, tcp_retransmit_timer),
 * net/ipv4/inet_connection_sock.c (reqsk_timer_handler) and Documentation/networking/ip-sysctl.rst.
 * Pure; times in ms; each result carries its arithmetic as en/zh lines.
 */
import { checkInt, TransferInputError } from "./errors";
import type { Bi } from "./limits";

/** TCP_TIMEOUT_INIT (RFC 6298 §2.1: 1 s), TCP_RTO_MIN 200 ms, TCP_RTO_MAX 120 s (include/net/tcp.h). */
export const TIMEOUT_INIT_MS = 1000;
export const LINUX_RTO_MIN_MS = 200;
export const LINUX_RTO_MAX_MS = 120_000;

const s = (ms: number) => `${Math.round(ms) / 1000}`;
/** 7875 → "2 h 11 min 15 s" / "2 小时 11 分 15 秒" */
function duration(sec: number): Bi {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const r = sec % 60;
  return {
    en: [h ? `${h} h` : "", h || m ? `${m} min` : "", `${r} s`].filter(Boolean).join(" "),
    zh: [h ? `${h} 小时` : "", h || m ? `${m} 分` : "", `${r} 秒`].filter(Boolean).join(" "),
  };
}

export interface KeepaliveInput {
  /** tcp_keepalive_time / TCP_KEEPIDLE, seconds of idleness before the first probe */
  time: number;
  /** tcp_keepalive_intvl / TCP_KEEPINTVL, seconds between probes */
  intvl: number;
  /** tcp_keepalive_probes / TCP_KEEPCNT, unanswered probes that make the peer dead */
  probes: number;
}

/**
 * tcp_keepalive_timer: once the connection has been idle `time`, a probe goes out and the timer is
 * re-armed for `intvl`; when it fires with `probes` probes unanswered the connection is reset and the
 * error reported (no TCP_USER_TIMEOUT). So probes at time + k·intvl (k = 0 … probes − 1), dead at
 * time + probes·intvl — 7200 + 9 × 75 = 7875 s with the defaults.
 */
export function keepaliveSchedule(input: KeepaliveInput): { probes: number[]; dead: number; steps: Bi[] } {
  const time = checkInt(input.time, "time", 1, 32_767);
  const intvl = checkInt(input.intvl, "intvl", 1, 32_767);
  const n = checkInt(input.probes, "probes", 1, 127);
  const probes = Array.from({ length: n }, (_, k) => time + k * intvl);
  const dead = time + n * intvl;
  const shown = n <= 6 ? probes.join(", ") : `${probes.slice(0, 3).join(", ")}, …, ${probes[n - 1]}`;
  return {
    probes,
    dead,
    steps: [
      { en: `first probe after ${time} s idle; then one every ${intvl} s: ${shown} s`, zh: `空闲 ${time} 秒后发第一个探测，之后每 ${intvl} 秒一个：${shown} 秒` },
      {
        en: `the timer fires again ${intvl} s after probe ${n} with ${n} unanswered: dead at ${time} + ${n} × ${intvl} = ${dead} s (${duration(dead).en})`,
        zh: `第 ${n} 个探测之后再过 ${intvl} 秒定时器触发，已有 ${n} 个未应答：在 ${time} + ${n} × ${intvl} = ${dead} 秒（${duration(dead).zh}）判定对端死亡`,
      },
    ],
  };
}

/** tcp_model_timeout: the time `boundary` doubling retransmissions from `base` take, capped at TCP_RTO_MAX each. */
export function modelTimeout(boundary: number, baseMs: number): number {
  const thresh = Math.floor(Math.log2(LINUX_RTO_MAX_MS / baseMs));
  return boundary <= thresh ? (2 ** (boundary + 1) - 1) * baseMs : (2 ** (thresh + 1) - 1) * baseMs + (boundary - thresh) * LINUX_RTO_MAX_MS;
}

export interface SynRetriesInput {
  /** "syn": the client in SYN-SENT (tcp_syn_retries); "synack": the server's request (tcp_synack_retries) */
  side: "syn" | "synack";
  retries: number;
  /** tcp_syn_linear_timeouts (Linux ≥ 6.5, default 4; 0 gives the older schedule); client only */
  linear?: number;
  /** the initial RTO, TCP_TIMEOUT_INIT = 1000 ms */
  initialRto?: number;
}
export interface SynRetriesResult {
  /** when each retransmission goes out, ms after the first SYN (or SYN+ACK) */
  retransmits: number[];
  /** when connect() fails with ETIMEDOUT (client) or the request is dropped (server), ms */
  giveUp: number;
  steps: Bi[];
}

/**
 * Client (tcp_retransmit_timer, tcp_write_timeout, Linux 6.5+): the RTO stays at the initial value for
 * the first `linear` timeouts and then doubles (capped at 120 s); the connection fails at the first
 * expiry with retries + linear retransmissions already sent, or once the time since the first SYN
 * reaches tcp_model_timeout(retries, initial RTO) — whichever comes first.
 * Server (reqsk_timer_handler): the SYN+ACK is resent at initial·2^k; the request is dropped at the
 * expiry after `retries` resends (the listen queue less than half full, no TCP_DEFER_ACCEPT):
 * 1 + 2 + … + 32 = 63 s with the default 5.
 */
export function synRetries(input: SynRetriesInput): SynRetriesResult {
  if (input.side !== "syn" && input.side !== "synack") throw new TransferInputError(`side must be syn or synack, got ${String(input.side)}`);
  const retries = checkInt(input.retries, "retries", 1, 127);
  const linear = input.side === "syn" ? checkInt(input.linear ?? 0, "linear", 0, 10) : 0;
  const init = checkInt(input.initialRto ?? TIMEOUT_INIT_MS, "initialRto", 1, 60_000);
  const retransmits: number[] = [];
  const steps: Bi[] = [];
  let t = 0;
  let rto = init;
  if (input.side === "synack") {
    for (let k = 0; ; k++) {
      t += Math.min(init * 2 ** k, LINUX_RTO_MAX_MS);
      if (k >= retries) break;
      retransmits.push(t);
    }
    steps.push(
      { en: `SYN+ACK resent when its timer expires, after ${init} ms · 2^k: at ${retransmits.map(s).join(", ")} s`, zh: `SYN+ACK 在定时器到期时重发，间隔 ${init} 毫秒 · 2^k：${retransmits.map(s).join(", ")} 秒` },
      { en: `the expiry after resend ${retries} drops the request: at ${s(t)} s`, zh: `第 ${retries} 次重发之后的那次到期丢弃该请求：${s(t)} 秒` },
    );
    return { retransmits, giveUp: t, steps };
  }
  const limit = modelTimeout(retries, init);
  const max = retries + linear;
  let backoff = 0;
  for (;;) {
    t += rto;
    const k = retransmits.length;
    if (k >= max || (k > 0 && t >= limit)) break;
    retransmits.push(t);
    backoff++;
    if (backoff > linear) rto = Math.min(rto * 2, LINUX_RTO_MAX_MS);
  }
  const count = retransmits.length;
  steps.push(
    linear > 0
      ? { en: `RTO ${init} ms for the first ${linear + 1} waits (${linear} linear timeouts), then doubling: SYN resent at ${retransmits.map(s).join(", ")} s`, zh: `前 ${linear + 1} 次等待的 RTO 都是 ${init} 毫秒（${linear} 次线性超时），之后翻倍：SYN 在 ${retransmits.map(s).join(", ")} 秒重发` }
      : { en: `RTO ${init} ms, doubling on every timeout: SYN resent at ${retransmits.map(s).join(", ")} s`, zh: `RTO ${init} 毫秒，每次超时翻倍：SYN 在 ${retransmits.map(s).join(", ")} 秒重发` },
    {
      en: `limits: ${retries}${linear ? ` + ${linear}` : ""} = ${max} retransmissions, or tcp_model_timeout(${retries}, ${init} ms) = ${s(limit)} s since the first SYN`,
      zh: `上限：${retries}${linear ? ` + ${linear}` : ""} = ${max} 次重传，或自第一个 SYN 起 tcp_model_timeout(${retries}, ${init} 毫秒) = ${s(limit)} 秒`,
    },
    {
      en: `the next expiry, at ${s(t)} s, finds ${count === max ? `${count} retransmissions sent` : `${s(t)} ≥ ${s(limit)} s elapsed`}: connect() fails with ETIMEDOUT`,
      zh: `下一次到期在 ${s(t)} 秒，此时${count === max ? `已重传 ${count} 次` : `已过 ${s(t)} ≥ ${s(limit)} 秒`}：connect() 以 ETIMEDOUT 失败`,
    },
  );
  return { retransmits, giveUp: t, steps };
}

export interface GiveUpInput {
  /** tcp_retries2 */
  retries2: number;
  /** the RTO when the first unacknowledged segment was sent, ms */
  rto: number;
}

/**
 * An established connection whose segments go unanswered (tcp_write_timeout → retransmits_timed_out):
 * the limit is a time, tcp_model_timeout(tcp_retries2, TCP_RTO_MIN) — 924.6 s for 15 — counted from
 * the first transmission; the error comes at the first RTO expiry at or after it (ip-sysctl:
 * "TCP will effectively time out at the first RTO which exceeds the hypothetical timeout").
 */
export function retransmitGiveUp(input: GiveUpInput): { limit: number; retransmits: number[]; giveUp: number; steps: Bi[] } {
  const r2 = checkInt(input.retries2, "retries2", 1, 255);
  let rto = checkInt(input.rto, "rto", LINUX_RTO_MIN_MS, LINUX_RTO_MAX_MS);
  const limit = modelTimeout(r2, LINUX_RTO_MIN_MS);
  const retransmits: number[] = [];
  let t = 0;
  for (;;) {
    t += rto;
    if (retransmits.length > 0 && t >= limit) break;
    retransmits.push(t);
    rto = Math.min(rto * 2, LINUX_RTO_MAX_MS);
  }
  const thresh = Math.floor(Math.log2(LINUX_RTO_MAX_MS / LINUX_RTO_MIN_MS));
  const formula =
    r2 <= thresh
      ? `(2^${r2 + 1} − 1) × 0.2 s = ${s(limit)} s`
      : `(2^${thresh + 1} − 1) × 0.2 s + (${r2} − ${thresh}) × 120 s = ${s(limit)} s`;
  return {
    limit,
    retransmits,
    giveUp: t,
    steps: [
      { en: `hypothetical timeout tcp_model_timeout(${r2}, 200 ms): ${formula}`, zh: `假想超时 tcp_model_timeout(${r2}, 200 毫秒)：${formula}` },
      {
        en: `the actual RTO starts at ${input.rto} ms and doubles (at most 120 s): ${retransmits.length} retransmissions, the last at ${s(retransmits[retransmits.length - 1])} s`,
        zh: `实际 RTO 从 ${input.rto} 毫秒开始翻倍（最多 120 秒）：重传 ${retransmits.length} 次，最后一次在 ${s(retransmits[retransmits.length - 1])} 秒`,
      },
      { en: `the first expiry at or after ${s(limit)} s is at ${s(t)} s: the socket reports ETIMEDOUT`, zh: `${s(limit)} 秒之后的第一次到期在 ${s(t)} 秒：套接字报 ETIMEDOUT` },
    ],
  };
}

export interface NagleInput {
  /** round-trip time, ms */
  rtt: number;
  /** how long the receiver holds an ACK it cannot piggyback, ms (Linux 40–200, RFC 9293 < 500) */
  delayedAck: number;
}

/**
 * Write–write–read: the client writes a small header and a small body, then waits for the response,
 * which the server sends once it has both. With Nagle (RFC 9293 §3.7.4, RFC 896) the body waits until
 * the header is acknowledged; the server has nothing to send yet, so it delays that ACK (RFC 9293
 * §3.8.6.3, RFC 1122 §4.2.3.2). Assumes the receiver is not in quick-ACK mode and transmission time is nil.
 */
export function nagleStall(input: NagleInput): { bodySent: number; response: number; noDelay: number; steps: Bi[] } {
  const rtt = checkInt(input.rtt, "rtt", 1, 10_000);
  const d = checkInt(input.delayedAck, "delayedAck", 1, 500);
  const bodySent = rtt + d;
  const response = bodySent + rtt;
  return {
    bodySent,
    response,
    noDelay: rtt,
    steps: [
      { en: `0 ms: the header goes out; the body is small and data is unacknowledged, so Nagle holds it`, zh: `0 毫秒：头部发出；正文很小且有未确认数据，Nagle 把它扣住` },
      { en: `${rtt / 2} ms: the header arrives; the server has no reply yet and delays its ACK ${d} ms`, zh: `${rtt / 2} 毫秒：头部到达；服务器还没有响应可发，把 ACK 推迟 ${d} 毫秒` },
      { en: `${rtt / 2 + d} + ${rtt / 2} = ${bodySent} ms: the ACK reaches the client and the body goes out`, zh: `${rtt / 2 + d} + ${rtt / 2} = ${bodySent} 毫秒：ACK 回到客户端，正文发出` },
      { en: `${bodySent} + ${rtt} = ${response} ms: the response arrives (with TCP_NODELAY: ${rtt} ms, one round trip)`, zh: `${bodySent} + ${rtt} = ${response} 毫秒：响应到达（开 TCP_NODELAY：${rtt} 毫秒，一个往返）` },
    ],
  };
}
