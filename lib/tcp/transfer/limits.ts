/**
 * Sizes and counts a backend interview asks to compute (issue 18): the MSS from an MTU, the payload
 * per segment and the segments a write needs; the window a scaled advertisement stands for and the
 * throughput a window allows over a round trip; the ephemeral ports for one destination and what
 * TIME-WAIT does to them; and how a length-prefixed byte stream is cut into messages. Pure; each
 * result carries its arithmetic as en/zh lines (`steps`).
 */
import { checkInt, TransferInputError } from "./errors";

export type Bi = { en: string; zh: string };

/** IPv4 header without options (RFC 791), IPv6 fixed header (RFC 8200 §3), TCP header without options (RFC 9293 §3.1), UDP header (RFC 768). */
export const IP_HEADER = { ipv4: 20, ipv6: 40 } as const;
export const TCP_HEADER = 20;
export const UDP_HEADER = 8;
/** The timestamps option as Linux sends it on every segment: NOP, NOP, kind 8 length 10 (RFC 7323 §3; TCPOLEN_TSTAMP_ALIGNED). */
export const TIMESTAMPS_OPTION = 12;
/** TCP_TIMEWAIT_LEN in include/net/tcp.h: 60 s (Linux does not derive it from an MSL). */
export const TIME_WAIT_SECONDS = 60;
/** RFC 7323 §2.3: a shift above 14 is treated as 14. */
export const MAX_WSCALE = 14;

export interface MssInput {
  mtu: number;
  family: "ipv4" | "ipv6";
  /** the timestamps option on every segment (12 bytes) */
  timestamps?: boolean;
  /** the MSS the peer announced in its SYN; absent: assume it allows at least ours */
  peerMss?: number;
  /** bytes the application writes, to count segments */
  bytes?: number;
}
export interface MssResult {
  /** the MSS this host announces: MTU − IP header − TCP header (RFC 9293 §3.7.1, RFC 879) */
  mss: number;
  /** data bytes in one full segment this host sends: min(peer MSS, own MSS) − option bytes */
  payload: number;
  /** the largest UDP payload in one unfragmented datagram on the same link */
  udpPayload: number;
  /** full-sized segments and the last one, when `bytes` is given */
  segments: number | null;
  steps: Bi[];
}

export function mssFromMtu(input: MssInput): MssResult {
  const ip = IP_HEADER[input.family];
  if (ip === undefined) throw new TransferInputError(`family must be ipv4 or ipv6, got ${String(input.family)}`);
  const mtu = checkInt(input.mtu, "mtu", input.family === "ipv6" ? 1280 : 576, 65_535);
  const opts = input.timestamps ? TIMESTAMPS_OPTION : 0;
  const mss = mtu - ip - TCP_HEADER;
  const peer = input.peerMss === undefined ? undefined : checkInt(input.peerMss, "peerMss", 1, 65_535);
  const sendMss = peer === undefined ? mss : Math.min(peer, mss);
  const payload = sendMss - opts;
  if (payload < 1) throw new TransferInputError(`the options leave no room for data (MSS ${sendMss}, options ${opts})`);
  const bytes = input.bytes === undefined ? undefined : checkInt(input.bytes, "bytes", 1, 1_000_000_000);
  const segments = bytes === undefined ? null : Math.ceil(bytes / payload);
  const fam = input.family === "ipv6" ? "IPv6" : "IPv4";
  const steps: Bi[] = [
    {
      en: `announced MSS = MTU − ${fam} header − TCP header = ${mtu} − ${ip} − ${TCP_HEADER} = ${mss} (RFC 9293 §3.7.1: options are not counted)`,
      zh: `通告的 MSS = MTU − ${fam} 首部 − TCP 首部 = ${mtu} − ${ip} − ${TCP_HEADER} = ${mss}（RFC 9293 §3.7.1：不计选项）`,
    },
  ];
  if (peer !== undefined)
    steps.push({ en: `sending MSS = min(peer's MSS ${peer}, own ${mss}) = ${sendMss}`, zh: `发送用的 MSS = min(对端通告的 ${peer}，本端的 ${mss}) = ${sendMss}` });
  steps.push(
    opts > 0
      ? { en: `payload per segment = ${sendMss} − ${opts} (timestamps option on every segment) = ${payload}`, zh: `每段数据 = ${sendMss} − ${opts}（每个报文段都带时间戳选项）= ${payload}` }
      : { en: `payload per segment = ${sendMss} (no options)`, zh: `每段数据 = ${sendMss}（没有选项）` },
  );
  if (segments !== null)
    steps.push({ en: `segments = ⌈${bytes} / ${payload}⌉ = ${segments}`, zh: `报文段数 = ⌈${bytes} / ${payload}⌉ = ${segments}` });
  const udpPayload = mtu - ip - UDP_HEADER;
  steps.push({ en: `UDP: ${mtu} − ${ip} − ${UDP_HEADER} = ${udpPayload} bytes per unfragmented datagram`, zh: `UDP：${mtu} − ${ip} − ${UDP_HEADER} = ${udpPayload} 字节（不分片的单个数据报）` });
  return { mss, payload, udpPayload, segments, steps };
}

export interface WindowScaleInput {
  /** the 16-bit window field as tcpdump prints it */
  win: number;
  /** the shift the sender of the segment announced in its SYN (0: no scaling) */
  wscale: number;
  /** round-trip time, ms, to compute window / RTT */
  rttMs?: number;
}
export interface WindowScaleResult {
  window: number;
  /** bytes per second one window per round trip allows, or null without an RTT */
  throughput: number | null;
  steps: Bi[];
}

/** RFC 7323 §2.3: the window is the field shifted left by the announced scale; one window per RTT bounds the throughput. */
export function scaledWindow(input: WindowScaleInput): WindowScaleResult {
  const win = checkInt(input.win, "win", 0, 65_535);
  const shift = checkInt(input.wscale, "wscale", 0, 255);
  const s = Math.min(shift, MAX_WSCALE);
  const window = win * 2 ** s;
  const steps: Bi[] = [
    shift === 0
      ? { en: `no window scaling: window = ${win} bytes`, zh: `没有窗口扩大：窗口 = ${win} 字节` }
      : {
          en: `window = win << wscale = ${win} × 2^${s} = ${window} bytes${shift > MAX_WSCALE ? ` (a shift above ${MAX_WSCALE} counts as ${MAX_WSCALE})` : ""}`,
          zh: `窗口 = win << wscale = ${win} × 2^${s} = ${window} 字节${shift > MAX_WSCALE ? `（大于 ${MAX_WSCALE} 的移位按 ${MAX_WSCALE} 计）` : ""}`,
        },
  ];
  let throughput: number | null = null;
  if (input.rttMs !== undefined) {
    const rtt = checkInt(input.rttMs, "rttMs", 1, 60_000);
    throughput = (window * 1000) / rtt;
    const t = Math.round(throughput * 1000) / 1000;
    steps.push({
      en: `at most one window per round trip: ${window} B / ${rtt} ms = ${t} bytes/s (${(t * 8 / 1e6).toFixed(2)} Mbit/s)`,
      zh: `每个往返最多发一个窗口：${window} 字节 / ${rtt} 毫秒 = ${t} 字节/秒（${(t * 8 / 1e6).toFixed(2)} Mbit/s）`,
    });
  }
  return { window, throughput, steps };
}

export interface EphemeralInput {
  /** net.ipv4.ip_local_port_range */
  low: number;
  high: number;
  /** distinct server address:port pairs connect() goes to */
  destinations?: number;
  /** new connections per second to one destination that this side closes first */
  rate?: number;
}
export interface EphemeralResult {
  ports: number;
  /** connections at once when connect() picks the port (a port is shared across destinations) */
  connect: number;
  /** connections at once when each socket bind()s to port 0 first: every socket needs its own port */
  bindFirst: number;
  /** the highest rate of actively closed connections to one destination the ports sustain (each held 60 s in TIME-WAIT) */
  maxRate: number;
  /** ports held in TIME-WAIT at `rate`, or null */
  inTimeWait: number | null;
  steps: Bi[];
}

/**
 * Linux: connect() picks a local port from ip_local_port_range for which the four-tuple is unused
 * (__inet_hash_connect), so one port serves many destinations; bind(0) picks a port no other
 * socket is bound to (inet_csk_find_open_port). An active closer's four-tuple stays in TIME-WAIT
 * for TCP_TIMEWAIT_LEN (60 s) unless tcp_tw_reuse lets connect() take it over.
 */
export function ephemeralPorts(input: EphemeralInput): EphemeralResult {
  const low = checkInt(input.low, "low", 1, 65_535);
  const high = checkInt(input.high, "high", low, 65_535);
  const dest = checkInt(input.destinations ?? 1, "destinations", 1, 1_000_000);
  const ports = high - low + 1;
  const maxRate = Math.floor(ports / TIME_WAIT_SECONDS);
  const steps: Bi[] = [
    { en: `ports = ${high} − ${low} + 1 = ${ports}`, zh: `端口数 = ${high} − ${low} + 1 = ${ports}` },
    {
      en: `connect() needs only a unique four-tuple: ${ports} per destination × ${dest} destination(s) = ${ports * dest}`,
      zh: `connect() 只要求四元组不重复：每个目的地 ${ports} 个 × ${dest} 个目的地 = ${ports * dest}`,
    },
    { en: `bind(port 0) before connect(): every socket needs a port of its own, ${ports} in all`, zh: `先 bind(0) 再 connect()：每个套接字独占一个端口，总共 ${ports} 个` },
    {
      en: `closing first keeps each four-tuple 60 s in TIME-WAIT: at most ⌊${ports} / 60⌋ = ${maxRate} new connections per second to one destination`,
      zh: `主动关闭方的四元组在 TIME-WAIT 停留 60 秒：对同一目的地每秒最多 ⌊${ports} / 60⌋ = ${maxRate} 个新连接`,
    },
  ];
  let inTimeWait: number | null = null;
  if (input.rate !== undefined) {
    const rate = checkInt(input.rate, "rate", 1, 10_000_000);
    inTimeWait = rate * TIME_WAIT_SECONDS;
    steps.push({
      en: `at ${rate}/s: ${rate} × 60 = ${inTimeWait} ports in TIME-WAIT${inTimeWait > ports ? ` > ${ports}: connect() fails with EADDRNOTAVAIL` : ` ≤ ${ports}: enough`}`,
      zh: `每秒 ${rate} 个：${rate} × 60 = ${inTimeWait} 个端口处于 TIME-WAIT${inTimeWait > ports ? ` > ${ports}：connect() 报 EADDRNOTAVAIL` : ` ≤ ${ports}：够用`}`,
    });
  }
  return { ports, connect: ports * dest, bindFirst: ports, maxRate, inTimeWait, steps };
}

export interface FramingInput {
  /** bytes of the length prefix (big-endian) */
  header: number;
  /** content length of each message, in stream order */
  messages: number[];
  /** bytes each recv() returns, in order; they must add up to the stream */
  reads: number[];
}
export interface FramingRead {
  bytes: number;
  /** whole messages this read completes */
  completed: number;
  /** bytes left in the application's buffer afterwards (a partial message) */
  buffered: number;
}

/** TCP delivers a byte stream without write boundaries (RFC 9293 §2.2): the receiver cuts messages by their length prefixes. */
export function frameReads(input: FramingInput): { reads: FramingRead[]; steps: Bi[] } {
  const header = checkInt(input.header, "header", 1, 8);
  if (!Array.isArray(input.messages) || input.messages.length < 1 || input.messages.length > 20) throw new TransferInputError("messages must list 1 to 20 lengths");
  if (!Array.isArray(input.reads) || input.reads.length < 1 || input.reads.length > 20) throw new TransferInputError("reads must list 1 to 20 sizes");
  const lens = input.messages.map((m, i) => checkInt(m, `messages[${i}]`, 0, 1_000_000));
  const reads = input.reads.map((r, i) => checkInt(r, `reads[${i}]`, 1, 100_000_000));
  const total = lens.reduce((a, m) => a + header + m, 0);
  const got = reads.reduce((a, r) => a + r, 0);
  if (got !== total) throw new TransferInputError(`the reads return ${got} bytes but the stream holds ${total}`);
  const ends: number[] = [];
  let pos = 0;
  for (const m of lens) ends.push((pos += header + m));
  let received = 0;
  let done = 0;
  const out: FramingRead[] = [];
  const steps: Bi[] = [
    { en: `stream: ${lens.map((m) => `[${header}+${m}]`).join(" ")} = ${total} bytes; messages end at ${ends.join(", ")}`, zh: `字节流：${lens.map((m) => `[${header}+${m}]`).join(" ")} = ${total} 字节；各消息结束于 ${ends.join(", ")}` },
  ];
  reads.forEach((r, i) => {
    received += r;
    const before = done;
    while (done < ends.length && ends[done] <= received) done++;
    const buffered = received - (done === 0 ? 0 : ends[done - 1]);
    out.push({ bytes: r, completed: done - before, buffered });
    steps.push({
      en: `recv ${i + 1} returns ${r} → ${received} bytes so far: ${done - before} message(s) complete, ${buffered} byte(s) kept for the next one`,
      zh: `第 ${i + 1} 次 recv 返回 ${r} → 累计 ${received} 字节：凑齐 ${done - before} 条消息，缓存 ${buffered} 字节留给下一条`,
    });
  });
  return { reads: out, steps };
}

export interface AcceptQueueInput {
  /** the backlog passed to listen() */
  backlog: number;
  /** net.core.somaxconn (4096 since Linux 5.4, 128 before) */
  somaxconn: number;
  /** handshakes completed while the application does not call accept() */
  completed?: number;
}

/**
 * The accept queue of a listener (Linux 6.6): __sys_listen caps the backlog at somaxconn and
 * sk_max_ack_backlog is that value, which ss shows as Send-Q; sk_acceptq_is_full (include/net/sock.h)
 * is `sk_ack_backlog > sk_max_ack_backlog`, so the queue holds one connection more before a
 * completing handshake is refused, and ss's Recv-Q (the queue's length) can read Send-Q + 1.
 */
export function acceptQueue(input: AcceptQueueInput): { sendQ: number; holds: number; recvQ: number | null; refused: number | null; steps: Bi[] } {
  const backlog = checkInt(input.backlog, "backlog", 0, 65_535);
  const somaxconn = checkInt(input.somaxconn, "somaxconn", 0, 2_147_483_647);
  const sendQ = Math.min(backlog, somaxconn);
  const holds = sendQ + 1;
  const steps: Bi[] = [
    { en: `listen backlog = min(${backlog}, somaxconn ${somaxconn}) = ${sendQ}: ss shows Send-Q ${sendQ}`, zh: `listen 的 backlog = min(${backlog}，somaxconn ${somaxconn}) = ${sendQ}：ss 的 Send-Q 显示 ${sendQ}` },
    { en: `full only when the length exceeds it (sk_acceptq_is_full uses >): ${sendQ} + 1 = ${holds} connections fit`, zh: `只有长度超过它才算满（sk_acceptq_is_full 用的是 >）：能放 ${sendQ} + 1 = ${holds} 个连接` },
  ];
  let recvQ: number | null = null;
  let refused: number | null = null;
  if (input.completed !== undefined) {
    const n = checkInt(input.completed, "completed", 0, 10_000_000);
    recvQ = Math.min(n, holds);
    refused = n - recvQ;
    steps.push({
      en: `${n} completed handshakes, none accepted: Recv-Q = min(${n}, ${holds}) = ${recvQ}; ${refused} find the queue full (their final ACK is dropped, so the client retransmits, or gets an RST with tcp_abort_on_overflow)`,
      zh: `${n} 个握手完成且都没被 accept：Recv-Q = min(${n}，${holds}) = ${recvQ}；${refused} 个遇到队列已满（第三个 ACK 被丢弃，客户端重传；开启 tcp_abort_on_overflow 时回 RST）`,
    });
  }
  return { sendQ, holds, recvQ, refused, steps };
}
