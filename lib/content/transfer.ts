/**
 * Data-transfer questions (issue 17): parameters drawn afresh per attempt from the item's ranges,
 * answers computed by the calculators in lib/tcp/transfer — never stored, never string-compared.
 * Pure; `rand` returns [0, 1) (the session's seeded random in practice, seededRandom in the check).
 */
import {
  acceptQueue, congestion, cubicWindow, CUBIC_BETA, ephemeralPorts, frameReads, keepaliveSchedule, mssFromMtu, nagleStall, receiverAcks, retransmitGiveUp, rto,
  scaledWindow, sendWindow, synRetries, type CongestionEvent, type Phase,
} from "@/lib/tcp/transfer";
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
  /** how far a number may be from the calculator's (default MS_TOLERANCE) */
  tolerance?: number;
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
      const order = segs.map((_, i) => i).filter((i) => i !== calc.lost);
      if (calc.order === "shuffled")
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
      const fields: TransferField[] = r.map((_, i) => ({ key: `ack${i + 1}`, label: { en: `ACK after arrival ${i + 1}`, zh: `第 ${i + 1} 个到达后的 ACK` }, kind: "number" as const }));
      const expected: Record<string, number> = Object.fromEntries(r.map((s, i) => [`ack${i + 1}`, s.ack]));
      const steps: Bi[] = r.map((s, i) => ({
        en: `${i + 1}. seq ${s.seq} (${s.len} B), ${kinds[s.kind].en}: ACK ${s.ack}${sackText(s)}`,
        zh: `${i + 1}. seq ${s.seq}（${s.len} 字节），${kinds[s.kind].zh}：ACK ${s.ack}${sackText(s)}`,
      }));
      const given: Bi[] = [
        { en: `RCV.NXT = ${rcvNxt}; ${calc.segments} segments of ${len} bytes sent${calc.sack ? "; SACK permitted" : ""}`, zh: `RCV.NXT = ${rcvNxt}；发出 ${calc.segments} 个 ${len} 字节的报文段${calc.sack ? "；已协商 SACK" : ""}` },
      ];
      if (calc.lost !== undefined) {
        const lostSeg = segs[Math.min(calc.lost, segs.length - 1)];
        given.push({ en: `The segment at seq ${lostSeg.seq} is lost.`, zh: `seq ${lostSeg.seq} 的报文段丢失。` });
        // RFC 5681 §2: a duplicate ACK acknowledges nothing new (the same ACK number as the one before).
        let prev = rcvNxt;
        let dup = 0;
        for (const s of r) {
          if (s.ack === prev) dup++;
          prev = s.ack;
        }
        fields.push({ key: "dupacks", label: { en: "how many of these ACKs are duplicates", zh: "其中重复 ACK 有几个" }, kind: "number" });
        expected.dupacks = dup;
        steps.push({
          en: `duplicate ACKs (same ACK number as the one before, RFC 5681 §2): ${dup}${dup >= 3 ? " — the third triggers fast retransmit" : " — fewer than 3: no fast retransmit, the RTO must fire"}`,
          zh: `重复 ACK（与上一个 ACK 号相同，RFC 5681 §2）：${dup} 个${dup >= 3 ? "——第三个触发快速重传" : "——不足 3 个：不会快速重传，只能等 RTO"}`,
        });
      }
      given.push(
        { en: `Arrival order (seq): ${arrivals.map((a) => a.seq).join(", ")}`, zh: `到达顺序（seq）：${arrivals.map((a) => a.seq).join(", ")}` },
        { en: "Every arrival is acknowledged at once.", zh: "每个报文段到达后立即确认。" },
      );
      return { kind: "window-ack", given, fields, expected, steps };
    }
    default:
      return drawLimit(calc, rand);
  }
}

type LimitCalc = Exclude<TransferCalc, { kind: "congestion" | "rto" | "window-send" | "window-ack" | "incident" }>;
const num = (key: string, en: string, zh: string, tolerance?: number): TransferField => ({ key, label: { en, zh }, kind: "number", ...(tolerance !== undefined ? { tolerance } : {}) });
const pickOne = <T,>(xs: readonly T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)];
/** The fields asked: all of `all`, or those `ask` lists, in `all`'s order. */
const asked = (all: TransferField[], ask: readonly string[] | undefined) => (ask ? all.filter((f) => ask.includes(f.key)) : all);
const sec = (ms: number) => Math.round(ms) / 1000;

/** The issue-18 kinds: sizes, counts and Linux timers (lib/tcp/transfer/limits.ts, timers.ts). */
function drawLimit(calc: LimitCalc, rand: () => number): TransferInstance {
  const make = (given: Bi[], all: TransferField[], ask: readonly string[] | undefined, expected: Record<string, number>, steps: Bi[]): TransferInstance => {
    const fields = asked(all, ask);
    return { kind: calc.kind, given, fields, expected: Object.fromEntries(fields.map((f) => [f.key, expected[f.key]])), steps };
  };
  switch (calc.kind) {
    case "mss": {
      const family = pickOne(calc.family, rand);
      const timestamps = pickOne(calc.timestamps, rand);
      const mtu = pick(calc.mtu, rand);
      const peerMss = calc.peerMss ? pick(calc.peerMss, rand) : undefined;
      const bytes = calc.bytes ? pick(calc.bytes, rand) : undefined;
      const r = mssFromMtu({ mtu, family, timestamps, peerMss, bytes });
      const fam = family === "ipv6" ? "IPv6" : "IPv4";
      const given: Bi[] = [
        { en: `Link MTU ${mtu} bytes, ${fam}, no IP options`, zh: `链路 MTU ${mtu} 字节，${fam}，没有 IP 选项` },
        timestamps ? { en: "Both sides use the timestamps option (on every segment).", zh: "双方启用了时间戳选项（每个报文段都带）。" } : { en: "No TCP options after the handshake.", zh: "握手之后报文段不带 TCP 选项。" },
      ];
      if (peerMss !== undefined) given.push({ en: `The peer's SYN announced MSS ${peerMss}.`, zh: `对端 SYN 通告的 MSS 为 ${peerMss}。` });
      if (bytes !== undefined) given.push({ en: `The application writes ${bytes} bytes.`, zh: `应用写入 ${bytes} 字节。` });
      const all = [
        num("mss", "MSS this host announces (bytes)", "本端通告的 MSS（字节）"),
        num("payload", "data bytes in one full segment it sends", "本端每个满载报文段的数据字节数"),
        ...(bytes !== undefined ? [num("segments", "segments needed for the write", "这次写入需要的报文段数")] : []),
        num("udpPayload", "largest UDP payload without fragmentation (bytes)", "不分片时 UDP 数据报的最大载荷（字节）"),
      ];
      return make(given, all, calc.ask, { mss: r.mss, payload: r.payload, segments: r.segments ?? 0, udpPayload: r.udpPayload }, r.steps);
    }
    case "window-scale": {
      const win = pick(calc.win, rand);
      const wscale = pick(calc.wscale, rand);
      const rtt = calc.rtt ? pick({ min: Math.ceil(calc.rtt.min / 10), max: Math.floor(calc.rtt.max / 10) }, rand) * 10 : undefined;
      const r = scaledWindow({ win, wscale, rttMs: rtt });
      const given: Bi[] = [
        wscale > 0
          ? { en: `The receiver announced window scale ${wscale} in its SYN; a segment shows win ${win}.`, zh: `接收方在 SYN 中通告窗口扩大因子 ${wscale}；一个报文段显示 win ${win}。` }
          : { en: `No window scaling; the receive window is ${win} bytes.`, zh: `没有窗口扩大；接收窗口为 ${win} 字节。` },
      ];
      if (rtt !== undefined) given.push({ en: `RTT ${rtt} ms; the window is the only limit.`, zh: `RTT ${rtt} 毫秒；只受这个窗口限制。` });
      const all = [
        num("window", "receive window (bytes)", "接收窗口（字节）"),
        ...(rtt !== undefined ? [num("throughput", "most bytes per second (whole bytes)", "每秒最多字节数（取整）", 1)] : []),
      ];
      return make(given, all, calc.ask, { window: r.window, throughput: r.throughput ?? 0 }, r.steps);
    }
    case "ephemeral": {
      const low = pick(calc.low, rand);
      const high = Math.max(low, pick(calc.high, rand));
      const destinations = calc.destinations ? pick(calc.destinations, rand) : undefined;
      const rate = calc.rate ? pick(calc.rate, rand) : undefined;
      const r = ephemeralPorts({ low, high, destinations, rate });
      const given: Bi[] = [{ en: `net.ipv4.ip_local_port_range = ${low} ${high}; one client address`, zh: `net.ipv4.ip_local_port_range = ${low} ${high}；客户端只有一个地址` }];
      if (destinations !== undefined) given.push({ en: `Connections go to ${destinations} different server address:port pair(s).`, zh: `连接去往 ${destinations} 个不同的服务器地址:端口。` });
      if (rate !== undefined) given.push({ en: `${rate} new connections per second to one server, each closed first by the client; tcp_tw_reuse does not apply.`, zh: `每秒向同一服务器新建 ${rate} 个连接，都由客户端先关闭；tcp_tw_reuse 不起作用。` });
      const all = [
        num("ports", "ephemeral ports in the range", "范围内的临时端口数"),
        ...(destinations !== undefined ? [num("connect", "connections at once, letting connect() pick the port", "由 connect() 选端口时最多同时几个连接"), num("bindFirst", "connections at once if each socket bind()s port 0 first", "每个套接字先 bind(0) 时最多同时几个连接")] : []),
        num("maxRate", "most new connections per second to one server (closing first, 60 s TIME-WAIT)", "对同一服务器每秒最多新建几个连接（主动关闭，TIME-WAIT 60 秒）"),
        ...(rate !== undefined ? [num("inTimeWait", "ports held in TIME-WAIT at this rate", "这个速率下处于 TIME-WAIT 的端口数")] : []),
      ];
      return make(given, all, calc.ask, { ports: r.ports, connect: r.connect, bindFirst: r.bindFirst, maxRate: r.maxRate, inTimeWait: r.inTimeWait ?? 0 }, r.steps);
    }
    case "accept-queue": {
      const backlog = pickOne(calc.backlog, rand);
      const somaxconn = pickOne(calc.somaxconn, rand);
      const completed = calc.completed ? pick(calc.completed, rand) : undefined;
      const r = acceptQueue({ backlog, somaxconn, completed });
      const given: Bi[] = [{ en: `listen(fd, ${backlog}); net.core.somaxconn = ${somaxconn}`, zh: `listen(fd, ${backlog})；net.core.somaxconn = ${somaxconn}` }];
      if (completed !== undefined)
        given.push({ en: `${completed} clients complete the handshake while the application is stuck and never calls accept().`, zh: `应用卡住、一直不调用 accept()，期间有 ${completed} 个客户端完成了握手。` });
      const all = [
        num("sendQ", "Send-Q that ss -lnt shows for the listener", "ss -lnt 显示的监听套接字 Send-Q"),
        num("holds", "completed connections the accept queue holds", "全连接队列最多容纳的已完成连接数"),
        ...(completed !== undefined ? [num("recvQ", "Recv-Q that ss -lnt shows", "ss -lnt 显示的 Recv-Q"), num("refused", "handshakes that find the queue full", "遇到队列已满的握手数")] : []),
      ];
      return make(given, all, calc.ask, { sendQ: r.sendQ, holds: r.holds, recvQ: r.recvQ ?? 0, refused: r.refused ?? 0 }, r.steps);
    }
    case "framing": {
      const messages = Array.from({ length: calc.messages.count }, () => pick(calc.messages, rand));
      const total = messages.reduce((a, m) => a + calc.header + m, 0);
      const cuts = new Set<number>();
      const n = Math.min(calc.reads, total);
      while (cuts.size < n - 1) cuts.add(1 + Math.floor(rand() * (total - 1)));
      const points = [0, ...[...cuts].sort((a, b) => a - b), total];
      const reads = points.slice(1).map((p, i) => p - points[i]);
      const r = frameReads({ header: calc.header, messages, reads });
      const given: Bi[] = [
        { en: `Each message is a ${calc.header}-byte length followed by that many bytes.`, zh: `每条消息是 ${calc.header} 字节的长度字段加上这么多字节的内容。` },
        { en: `The sender writes messages of ${messages.join(", ")} content bytes.`, zh: `发送方依次写出内容为 ${messages.join(", ")} 字节的消息。` },
        { en: `The receiver's recv() calls return ${reads.join(", ")} bytes.`, zh: `接收方各次 recv() 依次返回 ${reads.join(", ")} 字节。` },
      ];
      const all = r.reads.map((_, i) => num(`done${i + 1}`, `messages recv ${i + 1} completes`, `第 ${i + 1} 次 recv 凑齐的消息数`));
      return make(given, all, undefined, Object.fromEntries(r.reads.map((x, i) => [`done${i + 1}`, x.completed])), r.steps);
    }
    case "keepalive": {
      const time = pick(calc.time, rand);
      const intvl = pick(calc.intvl, rand);
      const probes = pick(calc.probes, rand);
      const r = keepaliveSchedule({ time, intvl, probes });
      const names = calc.names === "socket" ? ["TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"] : ["tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes"];
      const given: Bi[] = [
        { en: `${names[0]} = ${time}, ${names[1]} = ${intvl}, ${names[2]} = ${probes} (seconds, seconds, probes)`, zh: `${names[0]} = ${time}，${names[1]} = ${intvl}，${names[2]} = ${probes}（秒、秒、个）` },
        { en: "The peer vanished right after the last segment; nothing is sent or received since; no TCP_USER_TIMEOUT.", zh: "对端在最后一个报文段之后就消失了；此后没有收发任何数据；没有设置 TCP_USER_TIMEOUT。" },
      ];
      const all = [num("lastProbe", "when the last probe is sent (s)", "最后一个探测在第几秒发出"), num("dead", "when the connection is declared dead (s)", "第几秒判定连接已死")];
      return make(given, all, calc.ask, { lastProbe: r.probes[r.probes.length - 1], dead: r.dead }, r.steps);
    }
    case "syn-retries": {
      const retries = pick(calc.retries, rand);
      const linear = calc.side === "syn" && calc.linear ? pick(calc.linear, rand) : 0;
      const r = synRetries({ side: calc.side, retries, linear });
      const given: Bi[] =
        calc.side === "syn"
          ? [
              { en: `Client: tcp_syn_retries = ${retries}, tcp_syn_linear_timeouts = ${linear}${linear === 0 ? " (or a kernel before 6.5)" : ""}; initial RTO 1 s`, zh: `客户端：tcp_syn_retries = ${retries}，tcp_syn_linear_timeouts = ${linear}${linear === 0 ? "（或 6.5 之前的内核）" : ""}；初始 RTO 1 秒` },
              { en: "Every SYN is silently dropped (no RST, no ICMP).", zh: "所有 SYN 都被静默丢弃（没有 RST，也没有 ICMP）。" },
            ]
          : [
              { en: `Server: tcp_synack_retries = ${retries}; initial RTO 1 s; the listen queue is far from full`, zh: `服务器：tcp_synack_retries = ${retries}；初始 RTO 1 秒；监听队列远未满` },
              { en: "The client's ACK never arrives.", zh: "客户端的 ACK 始终没有到达。" },
            ];
      const what = calc.side === "syn" ? { en: "connect() fails with ETIMEDOUT", zh: "connect() 以 ETIMEDOUT 失败" } : { en: "the server drops the half-open request", zh: "服务器丢弃这个半连接请求" };
      const all = [
        num("count", "retransmissions sent", "重传了几次"),
        num("last", "time of the last retransmission (s)", "最后一次重传在第几秒"),
        num("giveUp", `when ${what.en} (s)`, `第几秒${what.zh}`),
      ];
      return make(given, all, calc.ask, { count: r.retransmits.length, last: sec(r.retransmits[r.retransmits.length - 1]), giveUp: sec(r.giveUp) }, r.steps);
    }
    case "give-up": {
      const retries2 = pick(calc.retries2, rand);
      const rtoMs = pick({ min: Math.ceil(calc.rto.min / 100), max: Math.floor(calc.rto.max / 100) }, rand) * 100;
      const r = retransmitGiveUp({ retries2, rto: rtoMs });
      const given: Bi[] = [
        { en: `tcp_retries2 = ${retries2}; the RTO is ${rtoMs} ms when the segment is first sent`, zh: `tcp_retries2 = ${retries2}；该报文段首次发送时 RTO 为 ${rtoMs} 毫秒` },
        { en: "The peer is gone: no ACK ever comes back. TCP_RTO_MIN 200 ms, TCP_RTO_MAX 120 s, no TCP_USER_TIMEOUT.", zh: "对端已消失，再也收不到 ACK。TCP_RTO_MIN 200 毫秒，TCP_RTO_MAX 120 秒，没有 TCP_USER_TIMEOUT。" },
      ];
      const all = [
        num("limit", "the hypothetical timeout (s)", "假想超时（秒）"),
        num("count", "retransmissions sent", "重传了几次"),
        num("giveUp", "when the socket reports ETIMEDOUT (s)", "第几秒套接字报 ETIMEDOUT"),
      ];
      return make(given, all, calc.ask, { limit: sec(r.limit), count: r.retransmits.length, giveUp: sec(r.giveUp) }, r.steps);
    }
    case "nagle": {
      const rtt = pick({ min: Math.ceil(calc.rtt.min / 2), max: Math.floor(calc.rtt.max / 2) }, rand) * 2;
      const delayedAck = pickOne(calc.delayedAck, rand);
      const r = nagleStall({ rtt, delayedAck });
      const given: Bi[] = [
        { en: `RTT ${rtt} ms; the server delays an ACK it cannot piggyback by ${delayedAck} ms`, zh: `RTT ${rtt} 毫秒；服务器对无法捎带的 ACK 延迟 ${delayedAck} 毫秒` },
        { en: "The client writes a small header, then a small body, then waits for the response; the server answers once it has both. Nagle is on.", zh: "客户端先写一个小头部，再写一个小正文，然后等响应；服务器收齐两者才响应。Nagle 开启。" },
      ];
      const all = [
        num("bodySent", "when the body leaves the client (ms)", "正文在第几毫秒离开客户端"),
        num("response", "when the response arrives (ms)", "响应在第几毫秒到达"),
        num("noDelay", "when it arrives with TCP_NODELAY (ms)", "开 TCP_NODELAY 时响应在第几毫秒到达"),
      ];
      return make(given, all, calc.ask, { bodySent: r.bodySent, response: r.response, noDelay: r.noDelay }, r.steps);
    }
    case "cubic": {
      const wMax = pick(calc.wMax, rand);
      const t = pick({ min: calc.t.min * 10, max: calc.t.max * 10 }, rand) / 10;
      const { k, w } = cubicWindow({ wMax, t });
      const ssthresh = wMax * CUBIC_BETA;
      const given: Bi[] = [
        { en: `CUBIC (RFC 9438): W_max = ${wMax} segments at the loss, C = 0.4, β = 0.7`, zh: `CUBIC（RFC 9438）：丢包时 W_max = ${wMax} 个报文段，C = 0.4，β = 0.7` },
        { en: `t = ${t} s after the reduction`, zh: `窗口降低之后 t = ${t} 秒` },
      ];
      const all = [
        num("ssthresh", "ssthresh after the loss (segments, 1 decimal)", "丢包后的 ssthresh（报文段，保留 1 位小数）", 0.05),
        num("k", "K (s, 2 decimals)", "K（秒，保留 2 位小数）", 0.005),
        num("w", "W_cubic(t) (segments, 1 decimal)", "W_cubic(t)（报文段，保留 1 位小数）", 0.05),
      ];
      const r3 = (x: number) => Math.round(x * 1000) / 1000;
      return make(given, all, calc.ask, { ssthresh: r3(ssthresh), k: r3(k), w: r3(w) }, [
        { en: `ssthresh = β·W_max = 0.7 × ${wMax} = ${r3(ssthresh)} (RFC 9438 §4.6)`, zh: `ssthresh = β·W_max = 0.7 × ${wMax} = ${r3(ssthresh)}（RFC 9438 §4.6）` },
        { en: `K = ∛(W_max·(1 − β)/C) = ∛(${wMax} × 0.3 / 0.4) = ${r3(k)} s (RFC 9438 eq. 2)`, zh: `K = ∛(W_max·(1 − β)/C) = ∛(${wMax} × 0.3 / 0.4) = ${r3(k)} 秒（RFC 9438 式 2）` },
        { en: `W_cubic(${t}) = 0.4·(${t} − ${r3(k)})³ + ${wMax} = ${r3(w)} (RFC 9438 eq. 1)`, zh: `W_cubic(${t}) = 0.4·(${t} − ${r3(k)})³ + ${wMax} = ${r3(w)}（RFC 9438 式 1）` },
      ]);
    }
  }
}

/** Whether one entered value matches the calculator's (ms values within MS_TOLERANCE; sequence numbers mod 2^32). */
export function transferFieldCorrect(field: TransferField, expected: number | string, given: number | string | undefined): boolean {
  if (given === undefined) return false;
  if (field.kind === "phase" || field.kind === "choice") return given === expected;
  if (typeof given !== "number" || typeof expected !== "number" || !Number.isFinite(given)) return false;
  return Math.abs(given - expected) <= (field.tolerance ?? MS_TOLERANCE) + 1e-9;
}
