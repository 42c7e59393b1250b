/**
 * Production-incident model (issue 18): a host's TCP sockets over time, from seeded parameters, and
 * what `ss -tan`, `ss -s`, a state histogram and `netstat -s` would show at a moment `atMs`.
 *
 * Every connection's state changes go through the engine's state machine (`transition()`, RFC 9293);
 * the queue limits, timers and counters are Linux's, checked against the kernel source of Linux 6.18
 * (the kernel the captures in lib/tcp/captures/incidents/ were recorded on, 6.18.44):
 *
 * - listen(): sk_max_ack_backlog = min(backlog, net.core.somaxconn) (__sys_listen).
 * - accept queue: sk_acceptq_is_full() is `sk_ack_backlog > sk_max_ack_backlog` (include/net/sock.h),
 *   so a listener holds max + 1 connections; ss shows that count as the listener's Recv-Q and the max
 *   as its Send-Q (tcp_diag_get_info).
 * - SYN queue: inet_csk_reqsk_queue_is_full() is `qlen > sk_max_ack_backlog` since Linux 6.13
 *   (commit 3479c7549fb1, "tcp/dccp: allow a connection when sk_max_ack_backlog is zero"; `>=` before):
 *   net.ipv4.tcp_max_syn_backlog is not the SYN queue's size. It only matters without syncookies,
 *   where tcp_conn_request() drops SYNs from unproven peers once fewer than a quarter of it is free.
 * - tcp_conn_request(), in this order: SYN queue full (or tcp_syncookies = 2) → a SYN cookie when
 *   tcp_syncookies ≥ 1 (TCPReqQFullDoCookies, SyncookiesSent) or a drop (TCPReqQFullDrop, ListenDrops);
 *   then accept queue full → drop (ListenOverflows and ListenDrops).
 * - the handshake's last ACK on a full accept queue (tcp_v4_syn_recv_sock, tcp_check_req): ListenOverflows
 *   and ListenDrops; with tcp_abort_on_overflow = 0 the request stays SYN-RECV and the SYN-ACK timer
 *   resends it (every answer is another try); = 1 resets the client.
 * - SYN-ACK timer (reqsk_timer_handler): 1 s doubling; a request expires after tcp_synack_retries
 *   retransmissions, fewer (down to 2) when the queue is more than half full of old requests.
 * - the client's SYN timer (tcp_retransmit_timer, tcp_write_timeout): 1 s for the first
 *   tcp_syn_linear_timeouts retransmissions (Linux 6.5+), then doubling; tcp_syn_retries +
 *   tcp_syn_linear_timeouts retransmissions in all.
 * - TIME-WAIT lasts TCP_TIMEWAIT_LEN = 60 s whatever tcp_fin_timeout says; an orphaned FIN-WAIT-2
 *   lasts tcp_fin_timeout (shown as FIN-WAIT-2, held by a timewait socket). Both count against
 *   tcp_max_tw_buckets: inet_twsk_alloc() refuses one when `count >= max` (TCPTimeWaitOverflow) and the
 *   socket is destroyed at once.
 * - connect(): an ephemeral port of ip_local_port_range is free for a destination when no socket
 *   holds it; a TIME-WAIT one may be reused for an outgoing connection after 1 s with tcp_tw_reuse = 1
 *   (2: loopback only) and timestamps (tcp_twsk_unique). No free port: EADDRNOTAVAIL.
 * - CLOSE-WAIT has no timer: it ends only when the application calls close() (RFC 9293 §3.10.4).
 *
 * Pure and deterministic: the same parameters give the same tables. The seed draws addresses,
 * ports and arrival jitter.
 */
import { mulberry32 } from "./prng";
import { transition } from "./transition";
import type { Bilingual, TcpEvent, TcpState } from "./types";

export interface IncidentSysctls {
  somaxconn: number;
  tcp_max_syn_backlog: number;
  tcp_syncookies: 0 | 1 | 2;
  tcp_synack_retries: number;
  tcp_syn_retries: number;
  tcp_syn_linear_timeouts: number;
  tcp_fin_timeout: number;
  tcp_max_tw_buckets: number;
  ip_local_port_range: [number, number];
  tcp_tw_reuse: 0 | 1 | 2;
  tcp_abort_on_overflow: 0 | 1;
}

/**
 * Linux 6.18's defaults (Documentation/networking/ip-sysctl.rst). tcp_max_syn_backlog and
 * tcp_max_tw_buckets scale with memory; these are the values of a machine with a few GB.
 */
export const LINUX_DEFAULTS: IncidentSysctls = {
  somaxconn: 4096,
  tcp_max_syn_backlog: 2048,
  tcp_syncookies: 1,
  tcp_synack_retries: 5,
  tcp_syn_retries: 6,
  tcp_syn_linear_timeouts: 4,
  tcp_fin_timeout: 60,
  tcp_max_tw_buckets: 131072,
  ip_local_port_range: [32768, 60999],
  tcp_tw_reuse: 2,
  tcp_abort_on_overflow: 0,
};

/** Linux TCP_TIMEWAIT_LEN (include/net/tcp.h). */
export const TIMEWAIT_LEN_MS = 60_000;
/** Linux TCP_TIMEOUT_INIT and TCP_RTO_MAX. */
const TIMEOUT_INIT_MS = 1_000;
const RTO_MAX_MS = 120_000;
/** Linux TCP_RTO_MIN: the RTO of an established connection is SRTT + max(4·RTTVAR, 200 ms). */
const RTO_MIN_MS = 200;

export interface IncidentParams {
  seed: number;
  /** the moment `ss` runs, ms since the model starts */
  atMs: number;
  /** round trip between this host and its peers (0 on loopback) */
  rttMs: number;
  sysctls?: Partial<IncidentSysctls>;
  /** the peers run on this host (loopback): their sockets appear in the tables too */
  loopback?: boolean;
  /** a server process on this host */
  server?: {
    port: number;
    /** listen()'s backlog */
    backlog: number;
    /** the accept loop is busy this long with each connection before it calls accept() again; null: never accepts */
    acceptEveryMs: number | null;
    /** after reading the request: reply after this many ms */
    replyAfterMs: number;
    /** after replying: close at once ("after-reply"), when the client's FIN is read ("on-eof") */
    closes: "after-reply" | "on-eof";
    /** one connection in this many takes a path that returns without close() (0: none) */
    leakOneIn: number;
  };
  /** clients connecting to the server (on other hosts unless loopback) */
  clients?: {
    ratePerS: number;
    /** stop after this many connections (default: as many as the rate gives) */
    count?: number;
    startMs?: number;
    /** bytes of the request sent right after connect() (0: none) */
    requestBytes: number;
    /** the client closes this long after the reply arrived; null: never */
    closeAfterReplyMs: number | null;
  };
  /** spoofed SYNs to the server's port: nobody answers the SYN-ACKs */
  flood?: { ratePerS: number; startMs: number; count?: number };
  /** this host as a client: short connections to one remote server, closed by this host */
  outbound?: { ratePerS: number; peer: string; port: number; holdMs: number; count?: number };
}

export const SS_STATE: Record<TcpState, string> = {
  CLOSED: "UNCONN",
  LISTEN: "LISTEN",
  SYN_SENT: "SYN-SENT",
  SYN_RECEIVED: "SYN-RECV",
  ESTABLISHED: "ESTAB",
  FIN_WAIT_1: "FIN-WAIT-1",
  FIN_WAIT_2: "FIN-WAIT-2",
  CLOSE_WAIT: "CLOSE-WAIT",
  CLOSING: "CLOSING",
  LAST_ACK: "LAST-ACK",
  TIME_WAIT: "TIME-WAIT",
};

/** One row of `ss -tan`. */
export interface SsRow {
  state: TcpState;
  recvQ: number;
  sendQ: number;
  local: string;
  peer: string;
}

export const COUNTERS = [
  "ListenOverflows",
  "ListenDrops",
  "SyncookiesSent",
  "SyncookiesRecv",
  "TCPReqQFullDoCookies",
  "TCPReqQFullDrop",
  "TCPTimeWaitOverflow",
  "TW",
] as const;
export type Counter = (typeof COUNTERS)[number];

export const INCIDENT_CAUSES = ["close-wait-leak", "time-wait-exhaustion", "syn-flood", "accept-overflow"] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

export interface IncidentResult {
  params: IncidentParams;
  sysctls: IncidentSysctls;
  /** sockets on this host at atMs: listener first, then in creation order */
  rows: SsRow[];
  counters: Record<Counter, number>;
  /** what the applications saw (no kernel counter): connect() failures with EADDRNOTAVAIL, resets */
  app: { started: number; connectFailures: number; connected: number; accepted: number; resets: number; leaked: number };
  /** when each TIME-WAIT socket present at atMs expires (ms, ascending) */
  timeWaitExpiries: number[];
  /** every state change, counted: "FROM>TO" */
  transitions: Record<string, number>;
  key: IncidentKey;
}

export interface IncidentKey {
  cause: IncidentCause | "healthy";
  /** the state that piles up: the cause's own (CLOSE-WAIT, TIME-WAIT, SYN-RECV), else the most common non-LISTEN state */
  pile: TcpState | null;
  pileCount: number;
  /** the counter that moves, if any */
  counter: Counter | null;
  fix: Bilingual;
}

export class IncidentInputError extends Error {}

// ---------------------------------------------------------------------------------------------
// the model

interface Sock {
  id: number;
  state: TcpState;
  local: string;
  peer: string;
  recvQ: number;
  sendQ: number;
  onHost: boolean;
  /** a request socket (SYN-RECV on a listener) */
  req?: { numTimeout: number; acked: boolean; spoofed: boolean };
  /** the ephemeral port this host's outbound connection holds */
  port?: number;
  /** a timewait socket (TIME-WAIT, or FIN-WAIT-2 of an orphan) */
  tw?: { expires: number; since: number };
  /** the application called close() (an orphan once in FIN-WAIT-1/2, CLOSING, LAST-ACK) */
  closed: boolean;
  gone: boolean;
}

interface Conn {
  n: number;
  client: Sock;
  /** the server's side: request, then child; null while nothing exists on the server */
  server: Sock | null;
  /** bytes of the request the client has not had acknowledged */
  pending: number;
  rto: number;
  /** the handler read the request / sent the reply */
  replied: boolean;
  sent: boolean;
  leak: boolean;
}

type Ev = { t: number; k: number; run: () => void };

class Heap {
  private a: Ev[] = [];
  get size() {
    return this.a.length;
  }
  private less(i: number, j: number) {
    return this.a[i].t < this.a[j].t || (this.a[i].t === this.a[j].t && this.a[i].k < this.a[j].k);
  }
  push(e: Ev) {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): Ev {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(l, m)) m = l;
        if (r < a.length && this.less(r, m)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
  peek(): Ev | undefined {
    return this.a[0];
  }
}

const MAX_EVENTS = 2_000_000;

function validate(p: IncidentParams, s: IncidentSysctls) {
  const bad = (m: string) => {
    throw new IncidentInputError(m);
  };
  const int = (v: number, lo: number, hi: number, name: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi) bad(`${name} must be an integer in [${lo}, ${hi}]`);
  };
  int(p.seed >>> 0 === p.seed ? p.seed : -1, 0, 2 ** 32 - 1, "seed");
  int(p.atMs, 0, 3_600_000, "atMs");
  int(p.rttMs, 0, 10_000, "rttMs");
  int(s.somaxconn, 0, 65535, "somaxconn");
  int(s.tcp_max_syn_backlog, 1, 1 << 20, "tcp_max_syn_backlog");
  int(s.tcp_synack_retries, 1, 10, "tcp_synack_retries");
  int(s.tcp_syn_retries, 1, 10, "tcp_syn_retries");
  int(s.tcp_syn_linear_timeouts, 0, 10, "tcp_syn_linear_timeouts");
  int(s.tcp_fin_timeout, 1, 3600, "tcp_fin_timeout");
  int(s.tcp_max_tw_buckets, 0, 1 << 22, "tcp_max_tw_buckets");
  const [lo, hi] = s.ip_local_port_range;
  int(lo, 1024, 65535, "ip_local_port_range[0]");
  int(hi, lo, 65535, "ip_local_port_range[1]");
  if (![0, 1, 2].includes(s.tcp_syncookies)) bad("tcp_syncookies must be 0, 1 or 2");
  if (![0, 1, 2].includes(s.tcp_tw_reuse)) bad("tcp_tw_reuse must be 0, 1 or 2");
  if (![0, 1].includes(s.tcp_abort_on_overflow)) bad("tcp_abort_on_overflow must be 0 or 1");
  if (p.server) {
    int(p.server.port, 1, 65535, "server.port");
    int(p.server.backlog, 0, 65535, "server.backlog");
    if (p.server.acceptEveryMs !== null) int(p.server.acceptEveryMs, 0, 3_600_000, "server.acceptEveryMs");
    int(p.server.replyAfterMs, 0, 3_600_000, "server.replyAfterMs");
    int(p.server.leakOneIn, 0, 1_000_000, "server.leakOneIn");
  }
  const rate = (r: number, name: string) => {
    if (!Number.isFinite(r) || r <= 0 || r > 5000) bad(`${name} must be in (0, 5000]`);
  };
  if (p.clients) {
    if (!p.server) bad("clients need a server");
    rate(p.clients.ratePerS, "clients.ratePerS");
    if (p.clients.count !== undefined) int(p.clients.count, 0, 1_000_000, "clients.count");
    int(p.clients.requestBytes, 0, 1 << 20, "clients.requestBytes");
    if (p.clients.closeAfterReplyMs !== null) int(p.clients.closeAfterReplyMs, 0, 3_600_000, "clients.closeAfterReplyMs");
  }
  if (p.flood) {
    if (!p.server) bad("a flood needs a server");
    rate(p.flood.ratePerS, "flood.ratePerS");
    int(p.flood.startMs, 0, 3_600_000, "flood.startMs");
  }
  if (p.outbound) {
    rate(p.outbound.ratePerS, "outbound.ratePerS");
    int(p.outbound.port, 1, 65535, "outbound.port");
    int(p.outbound.holdMs, 0, 3_600_000, "outbound.holdMs");
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(p.outbound.peer)) bad("outbound.peer must be an IPv4 address");
  }
}

/** Run the model up to `atMs` and read the host's sockets and counters at that moment. */
export function runIncident(params: IncidentParams): IncidentResult {
  const sys: IncidentSysctls = { ...LINUX_DEFAULTS, ...params.sysctls };
  validate(params, sys);
  const rand = mulberry32(params.seed);
  const half = params.rttMs / 2;
  const q = new Heap();
  let k = 0;
  let now = 0;
  const at = (t: number, run: () => void) => q.push({ t, k: k++, run });
  const counters = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
  const app = { started: 0, connectFailures: 0, connected: 0, accepted: 0, resets: 0, leaked: 0 };
  const transitions: Record<string, number> = {};
  const socks: Sock[] = [];
  let ids = 0;
  const hostIp = params.loopback ? "127.0.0.1" : `10.${Math.floor(rand() * 250) + 1}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250) + 1}`;
  const newSock = (state: TcpState, local: string, peer: string, onHost: boolean): Sock => {
    const s: Sock = { id: ids++, state, local, peer, recvQ: 0, sendQ: 0, onHost, closed: false, gone: false };
    socks.push(s);
    return s;
  };
  /** every state change goes through RFC 9293's state machine (its answers memoised: they depend on the three inputs only) */
  const memo = new Map<string, ReturnType<typeof transition>>();
  const move = (s: Sock, event: TcpEvent, origin?: "passive" | "active") => {
    const key = `${s.state} ${event} ${origin ?? ""}`;
    let r = memo.get(key);
    if (!r) memo.set(key, (r = transition(s.state, event, origin ? { origin } : undefined)));
    if (!r.ok) throw new Error(`incident model: ${s.state} + ${event} rejected (${r.code})`);
    transitions[`${s.state}>${r.next}`] = (transitions[`${s.state}>${r.next}`] ?? 0) + 1;
    s.state = r.next;
    if (r.next === "CLOSED") destroy(s);
  };
  let busyCount = 0;
  const destroy = (s: Sock) => {
    if (s.gone) return;
    s.gone = true;
    if (s.port !== undefined) busyCount--;
  };
  let twCount = 0;
  /**
   * tcp_time_wait(): the socket becomes a timewait socket if this host's tcp_max_tw_buckets allows
   * (inet_twsk_alloc: refused when count >= max), else it is destroyed at once. `event` (if any) is the
   * state change that leads there; a timewait socket already held (an orphan's FIN-WAIT-2 receiving
   * the FIN) keeps its bucket. Peers on other hosts use their own buckets, not counted here.
   */
  const enterTw = (s: Sock, event: TcpEvent | null, lifetime: number) => {
    if (event) move(s, event);
    if (!s.tw && s.onHost) {
      if (twCount >= sys.tcp_max_tw_buckets) {
        counters.TCPTimeWaitOverflow++;
        destroy(s);
        return;
      }
      twCount++;
      counters.TW++; // LINUX_MIB_TIMEWAITED: counted when the timewait timer is armed (__inet_twsk_schedule)
    }
    const tw = { expires: now + lifetime, since: s.tw?.since ?? now };
    if (event) tw.since = now;
    s.tw = tw;
    at(tw.expires, () => {
      if (s.gone || s.tw !== tw) return;
      if (s.onHost) twCount--;
      s.tw = undefined;
      if (s.state === "TIME_WAIT") move(s, "timeout_2msl");
      else destroy(s); // the FIN-WAIT-2 timer (tcp_fin_timeout): destroyed without a segment
    });
  };
  const killTw = (s: Sock) => {
    if (s.tw && s.onHost) twCount--;
    s.tw = undefined;
    destroy(s);
  };

  // ------------------------------------------------------------------ the server's listener
  const srv = params.server;
  const maxAck = srv ? Math.min(srv.backlog, sys.somaxconn) : 0;
  const listenAddr = srv ? `${params.loopback ? "127.0.0.1" : "0.0.0.0"}:${srv.port}` : "";
  const listener = srv ? newSock("LISTEN", listenAddr, "0.0.0.0:*", true) : null;
  const acceptQ: Conn[] = [];
  let reqLen = 0;
  let young = 0;
  let loopBusyUntil = 0;
  let loopWaiting = true;
  let handled = 0;
  const serverLocal = srv ? `${params.loopback ? "127.0.0.1" : hostIp}:${srv.port}` : "";

  const dropReq = (r: Sock) => {
    if (r.gone) return;
    if (r.req!.numTimeout === 0) young--;
    reqLen--;
    r.gone = true;
  };

  const synAckTimer = (c: Conn | null, r: Sock) => {
    if (r.gone || r.state !== "SYN_RECEIVED" || !r.req) return;
    let maxRetries = sys.tcp_synack_retries;
    if (reqLen << 1 > Math.max(8, maxAck)) {
      let y = young << 1;
      while (maxRetries > 2) {
        if (reqLen < y) break;
        maxRetries--;
        y <<= 1;
      }
    }
    if (r.req.numTimeout >= maxRetries) {
      dropReq(r);
      if (c && c.server === r) c.server = null;
      return;
    }
    // resend the SYN-ACK; a live client answers it with an ACK (another try at the accept queue)
    if (c) at(now + half, () => clientGetsSynAck(c, true));
    if (r.req.numTimeout++ === 0) young--;
    at(now + Math.min(TIMEOUT_INIT_MS << r.req.numTimeout, RTO_MAX_MS), () => synAckTimer(c, r));
  };

  /** tcp_conn_request(): a SYN reaches the listener */
  const synArrives = (c: Conn | null, peer: string) => {
    let cookie = false;
    if (sys.tcp_syncookies === 2 || reqLen > maxAck) {
      if (sys.tcp_syncookies >= 1) {
        cookie = true;
        counters.TCPReqQFullDoCookies++; // tcp_syn_flood_action() counts tcp_syncookies = 2 too
      } else {
        counters.TCPReqQFullDrop++;
        counters.ListenDrops++;
        return;
      }
    }
    if (acceptQ.length > maxAck) {
      counters.ListenOverflows++;
      counters.ListenDrops++;
      return;
    }
    if (!cookie && sys.tcp_syncookies === 0 && sys.tcp_max_syn_backlog - reqLen < sys.tcp_max_syn_backlog >> 2) {
      counters.ListenDrops++;
      return;
    }
    if (cookie) {
      counters.SyncookiesSent++;
      if (c) at(now + half, () => clientGetsSynAck(c, false, true));
      return;
    }
    const r = newSock("LISTEN", serverLocal, peer, true);
    move(r, "rcv_syn");
    r.req = { numTimeout: 0, acked: false, spoofed: c === null };
    reqLen++;
    young++;
    if (c) {
      c.server = r;
      at(now + half, () => clientGetsSynAck(c, false));
    }
    at(now + TIMEOUT_INIT_MS, () => synAckTimer(c, r));
  };

  /** the client's ACK (or data) reaches a request socket or, with a SYN cookie, the listener */
  const ackArrives = (c: Conn, bytes: number, cookie: boolean) => {
    const r = c.server;
    if (!cookie && (!r || r.gone)) {
      // nothing left on the server but the listener: a segment without SYN is answered with RST
      at(now + half, () => clientReset(c));
      return;
    }
    if (r && !r.gone && r.state !== "SYN_RECEIVED") {
      // the child exists: data is queued
      if (bytes > 0) {
        r.recvQ += bytes;
        at(now + half, () => clientAcked(c, bytes));
        serverReads(c);
      }
      return;
    }
    if (acceptQ.length > maxAck) {
      counters.ListenOverflows++;
      counters.ListenDrops++;
      if (sys.tcp_abort_on_overflow === 1 && r) {
        dropReq(r);
        c.server = null;
        at(now + half, () => clientReset(c));
      } else if (r) r.req!.acked = true;
      return;
    }
    let child: Sock;
    if (cookie && (!r || r.gone)) {
      counters.SyncookiesRecv++;
      child = newSock("LISTEN", serverLocal, c.client.local, true);
      move(child, "rcv_syn");
      move(child, "rcv_ack", "passive");
    } else {
      dropReq(r!);
      child = r!;
      child.gone = false;
      child.req = undefined;
      move(child, "rcv_ack", "passive");
    }
    c.server = child;
    acceptQ.push(c);
    if (bytes > 0) {
      child.recvQ += bytes;
      at(now + half, () => clientAcked(c, bytes));
    }
    tryAccept();
  };

  const tryAccept = () => {
    if (!srv || srv.acceptEveryMs === null || !loopWaiting || acceptQ.length === 0) return;
    const start = Math.max(now, loopBusyUntil);
    loopWaiting = false;
    at(start, () => {
      const c = acceptQ.shift();
      if (!c) {
        loopWaiting = true;
        return;
      }
      app.accepted++;
      handled++;
      c.leak = srv.leakOneIn > 0 && handled % srv.leakOneIn === 0;
      loopBusyUntil = now + srv.acceptEveryMs!;
      at(loopBusyUntil, () => {
        loopWaiting = true;
        tryAccept();
      });
      serverReads(c);
    });
  };

  const accepted = (c: Conn) => c.server !== null && !acceptQ.includes(c) && c.server.state !== "SYN_RECEIVED";

  /** the handler: read the request, reply, then close or leak */
  const serverReads = (c: Conn) => {
    const s = c.server!;
    if (!accepted(c) || c.replied) return;
    const need = params.clients?.requestBytes ?? 0;
    if (s.recvQ < need) return; // waits for the rest of the request
    s.recvQ -= need;
    c.replied = true;
    at(now + srv!.replyAfterMs, () => {
      if (s.gone) return;
      c.sent = true;
      // the reply: sent and acknowledged (its bytes leave Send-Q after one round trip)
      at(now + half, () => clientGetsReply(c));
      if (c.leak) {
        app.leaked++;
        return; // the handler returns without close(): nobody reads or closes this socket again
      }
      if (srv!.closes === "after-reply") serverClose(c);
      else if (s.state === "CLOSE_WAIT") {
        s.recvQ = Math.max(0, s.recvQ - 1); // read() returns 0: the end of file is consumed
        serverClose(c);
      }
    });
  };

  const serverClose = (c: Conn) => {
    const s = c.server!;
    s.closed = true;
    const fromCloseWait = s.state === "CLOSE_WAIT";
    move(s, "close");
    at(now + half, () => (fromCloseWait ? clientGetsFinAfterOwn(c) : clientGetsFin(c)));
  };

  // ------------------------------------------------------------------ the clients
  const cl = params.clients;
  const clientIps: string[] = [];
  const clientIp = () => {
    if (params.loopback) return "127.0.0.1";
    if (clientIps.length < 8) clientIps.push(`172.${16 + Math.floor(rand() * 16)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 254) + 1}`);
    return clientIps[Math.floor(rand() * clientIps.length)];
  };
  const clientPort = () => 32768 + Math.floor(rand() * (60999 - 32768 + 1));
  const synTimeouts = () => {
    // send times of the SYN and its retransmissions, relative to connect()
    const out = [0];
    let rto = TIMEOUT_INIT_MS;
    let t = 0;
    for (let n = 1; n <= sys.tcp_syn_retries + sys.tcp_syn_linear_timeouts; n++) {
      t += rto;
      out.push(t);
      // retransmissions up to tcp_syn_linear_timeouts keep the 1 s timeout; later ones double it
      if (n > sys.tcp_syn_linear_timeouts) rto = Math.min(rto * 2, RTO_MAX_MS);
    }
    const giveUp = t + rto;
    return { sends: out, giveUp };
  };

  const clientConnect = (n: number) => {
    app.started++;
    const local = `${clientIp()}:${clientPort()}`;
    const s = newSock("CLOSED", local, serverLocal, !!params.loopback);
    move(s, "active_open");
    const c: Conn = { n, client: s, server: null, pending: 0, rto: 0, replied: false, sent: false, leak: false };
    const { sends, giveUp } = synTimeouts();
    const t0 = now;
    for (const dt of sends)
      at(t0 + dt, () => {
        if (s.state === "SYN_SENT") at(now + half, () => synArrives(c, s.local));
      });
    at(t0 + giveUp, () => {
      if (s.state === "SYN_SENT") {
        move(s, "abort");
        app.connectFailures++;
      }
    });
  };

  const clientGetsSynAck = (c: Conn, retransmitted: boolean, cookie = false) => {
    const s = c.client;
    if (s.gone) return;
    if (s.state === "SYN_SENT") {
      move(s, "rcv_syn_ack");
      app.connected++;
      c.rto = params.rttMs + Math.max(2 * params.rttMs, RTO_MIN_MS);
      at(now + half, () => ackArrives(c, 0, cookie));
      const bytes = cl?.requestBytes ?? 0;
      if (bytes > 0) {
        c.pending = bytes;
        s.sendQ = bytes;
        sendRequest(c, bytes, cookie, c.rto);
      }
    } else if (retransmitted && s.state === "ESTABLISHED") {
      at(now + half, () => ackArrives(c, 0, false)); // a duplicate SYN-ACK is answered with an ACK
    }
  };

  const sendRequest = (c: Conn, bytes: number, cookie: boolean, rto: number) => {
    at(now + half, () => ackArrives(c, bytes, cookie));
    at(now + rto, () => {
      if (c.pending > 0 && !c.client.gone && c.client.state === "ESTABLISHED") sendRequest(c, bytes, cookie, Math.min(rto * 2, RTO_MAX_MS));
    });
  };

  const clientAcked = (c: Conn, bytes: number) => {
    c.pending = Math.max(0, c.pending - bytes);
    c.client.sendQ = c.pending;
  };

  const clientReset = (c: Conn) => {
    const s = c.client;
    if (s.gone || s.state === "CLOSED") return;
    move(s, "rcv_rst");
    app.resets++;
  };

  const clientGetsReply = (c: Conn) => {
    const s = c.client;
    if (s.gone || !cl || cl.closeAfterReplyMs === null) return;
    at(now + cl.closeAfterReplyMs, () => {
      if (s.gone || s.closed) return;
      s.closed = true;
      const passive = s.state === "CLOSE_WAIT";
      move(s, "close");
      at(now + half, () => (passive ? serverGetsLastAckPeerFin(c) : serverGetsFin(c)));
    });
  };

  /** the client's FIN reaches the server's child */
  const serverGetsFin = (c: Conn) => {
    const s = c.server;
    if (!s || s.gone) return;
    if (s.state === "ESTABLISHED") {
      move(s, "rcv_fin");
      s.recvQ += 1; // the FIN counts in Recv-Q until read() returns 0 (rcv_nxt − copied_seq)
      at(now + half, () => clientFinAcked(c));
      if (!c.leak && c.sent && srv!.closes === "on-eof" && accepted(c)) {
        s.recvQ -= 1;
        serverClose(c);
      }
    } else if (s.state === "FIN_WAIT_2") {
      enterTw(s, "rcv_fin", TIMEWAIT_LEN_MS);
      at(now + half, () => clientFinAcked(c));
    } else if (s.state === "FIN_WAIT_1") {
      move(s, "rcv_fin"); // simultaneous close
      at(now + half, () => clientFinAcked(c));
    }
  };

  /** the client's FIN arrives after the server's FIN (the client closed from CLOSE-WAIT) */
  const serverGetsLastAckPeerFin = (c: Conn) => serverGetsFin(c);

  /** the ACK of the client's FIN reaches the client */
  const clientFinAcked = (c: Conn) => {
    const s = c.client;
    if (s.gone) return;
    if (s.state === "FIN_WAIT_1") {
      move(s, "rcv_ack");
      // an orphan in FIN-WAIT-2 lives tcp_fin_timeout (as a timewait socket when that is ≤ 60 s)
      const fin = sys.tcp_fin_timeout * 1000;
      if (fin <= TIMEWAIT_LEN_MS) enterTw(s, null, fin);
      else at(now + fin, () => void (s.state === "FIN_WAIT_2" && destroy(s)));
    } else if (s.state === "LAST_ACK") move(s, "rcv_ack");
    else if (s.state === "CLOSING") enterTw(s, "rcv_ack", TIMEWAIT_LEN_MS);
  };

  /** the server's FIN reaches the client (the server closed first) */
  const clientGetsFin = (c: Conn) => {
    const s = c.client;
    if (s.gone) {
      // a FIN to a socket that no longer exists: RST (not modelled further: the server's FIN is answered)
      return;
    }
    if (s.state === "ESTABLISHED") {
      move(s, "rcv_fin");
      at(now + half, () => serverFinAcked(c));
    } else if (s.state === "FIN_WAIT_2") {
      enterTw(s, "rcv_fin", TIMEWAIT_LEN_MS);
      at(now + half, () => serverFinAcked(c));
    } else if (s.state === "FIN_WAIT_1") {
      move(s, "rcv_fin");
      at(now + half, () => serverFinAcked(c));
    }
  };

  /** the server's FIN after the client's: the client in FIN-WAIT-2 goes to TIME-WAIT */
  const clientGetsFinAfterOwn = (c: Conn) => clientGetsFin(c);

  /** the ACK of the server's FIN reaches the server */
  const serverFinAcked = (c: Conn) => {
    const s = c.server;
    if (!s || s.gone) return;
    if (s.state === "FIN_WAIT_1") {
      move(s, "rcv_ack");
      const fin = sys.tcp_fin_timeout * 1000;
      if (fin <= TIMEWAIT_LEN_MS) enterTw(s, null, fin);
    } else if (s.state === "LAST_ACK") move(s, "rcv_ack");
    else if (s.state === "CLOSING") enterTw(s, "rcv_ack", TIMEWAIT_LEN_MS);
  };

  // ------------------------------------------------------------------ outbound short connections
  const ob = params.outbound;
  const [plo, phi] = sys.ip_local_port_range;
  const portOwner = new Map<number, Sock>();
  let portCursor = Math.floor(rand() * (phi - plo + 1));
  const reuseAllowed = sys.tcp_tw_reuse === 1 || (sys.tcp_tw_reuse === 2 && ob !== undefined && ob.peer.startsWith("127."));
  /** ports in the order they were taken: the oldest owner is the first candidate for reuse */
  const taken: number[] = [];
  let takenHead = 0;
  const outboundConnect = () => {
    app.started++;
    const span = phi - plo + 1;
    let chosen = -1;
    // the cursor moves on from the last port taken, so the next free port is usually the next one;
    // when every port is held, only the oldest TIME-WAIT socket can be taken over
    if (busyCount < span) {
      for (let i = 0; i < span; i++) {
        const port = plo + ((portCursor + i) % span);
        const owner = portOwner.get(port);
        if (!owner || owner.gone) {
          chosen = port;
          break;
        }
      }
    }
    if (chosen < 0 && reuseAllowed) {
      while (takenHead < taken.length && portOwner.get(taken[takenHead])?.gone !== false) takenHead++;
      const port = taken[takenHead];
      const owner = port === undefined ? undefined : portOwner.get(port);
      if (owner && owner.tw && owner.state === "TIME_WAIT" && now - owner.tw.since >= 1000) {
        killTw(owner); // tcp_twsk_unique(): the TIME-WAIT socket is taken over
        takenHead++;
        chosen = port;
      }
    }
    if (chosen < 0) {
      app.connectFailures++; // connect(): EADDRNOTAVAIL, "Cannot assign requested address"
      return;
    }
    portCursor = (chosen - plo + 1) % span;
    const s = newSock("CLOSED", `${hostIp}:${chosen}`, `${ob!.peer}:${ob!.port}`, true);
    s.port = chosen;
    portOwner.set(chosen, s);
    taken.push(chosen);
    busyCount++;
    move(s, "active_open");
    at(now + params.rttMs, () => {
      move(s, "rcv_syn_ack");
      app.connected++;
      at(now + ob!.holdMs + params.rttMs, () => {
        // the reply is in; this host closes first
        s.closed = true;
        move(s, "close");
        at(now + params.rttMs, () => {
          move(s, "rcv_ack");
          // the server reads EOF and closes: its FIN follows at once
          enterTw(s, "rcv_fin", TIMEWAIT_LEN_MS);
        });
      });
    });
  };

  // ------------------------------------------------------------------ arrivals
  const arrivals = (rate: number, start: number, count: number | undefined, fn: (n: number) => void) => {
    const gap = 1000 / rate;
    const limit = count ?? Math.ceil(((params.atMs - start) * rate) / 1000) + 1;
    for (let n = 0; n < limit; n++) {
      // evenly spaced with up to ±10 % seeded jitter (never before the start, never reordered)
      const t = Math.round(start + n * gap + (n === 0 ? 0 : (rand() - 0.5) * 0.2 * gap));
      if (t > params.atMs) break;
      at(t, () => fn(n));
    }
  };
  if (cl) arrivals(cl.ratePerS, cl.startMs ?? 0, cl.count, (n) => clientConnect(n));
  if (params.flood) {
    const peers = () => `${1 + Math.floor(rand() * 223)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}:${1024 + Math.floor(rand() * 64512)}`;
    arrivals(params.flood.ratePerS, params.flood.startMs, params.flood.count, () => synArrives(null, peers()));
  }
  if (ob) arrivals(ob.ratePerS, 0, ob.count, () => outboundConnect());

  let events = 0;
  while (q.size && q.peek()!.t <= params.atMs) {
    if (++events > MAX_EVENTS) throw new IncidentInputError("the model needs too many events: lower the rates or atMs");
    const e = q.pop();
    now = e.t;
    e.run();
  }

  const onHost = socks.filter((s) => s.onHost && !s.gone && s.state !== "CLOSED");
  // Send-Q of a full socket is write_seq − snd_una: the unacknowledged SYN or FIN counts as 1
  const ctl = (st: TcpState) => (st === "SYN_SENT" || st === "FIN_WAIT_1" || st === "LAST_ACK" || st === "CLOSING" ? 1 : 0);
  const rows: SsRow[] = onHost.map((s) => ({
    state: s.state,
    recvQ: s === listener ? acceptQ.length : s.tw || s.req ? 0 : s.recvQ,
    sendQ: s === listener ? maxAck : s.tw || s.req ? 0 : s.sendQ + ctl(s.state),
    local: s.local,
    peer: s.peer,
  }));
  const timeWaitExpiries = onHost.filter((s) => s.state === "TIME_WAIT" && s.tw).map((s) => s.tw!.expires - params.atMs).sort((a, b) => a - b);
  const result = { params, sysctls: sys, rows, counters, app, timeWaitExpiries, transitions };
  return { ...result, key: diagnose(result) };
}

// ---------------------------------------------------------------------------------------------
// the answer key

export function stateCounts(rows: SsRow[]): Partial<Record<TcpState, number>> {
  const out: Partial<Record<TcpState, number>> = {};
  for (const r of rows) out[r.state] = (out[r.state] ?? 0) + 1;
  return out;
}

export const FIXES: Record<IncidentCause | "healthy", Bilingual> = {
  "close-wait-leak": {
    en: "Close the socket on every path of the handler (finally / defer / try-with-resources); no sysctl ends CLOSE-WAIT.",
    zh: "在处理函数的每条路径上关闭连接（finally / defer / try-with-resources）；没有哪个内核参数能结束 CLOSE-WAIT。",
  },
  "time-wait-exhaustion": {
    en: "Reuse connections (keep-alive or a pool) instead of one connection per request; tcp_tw_reuse = 1 and a wider ip_local_port_range only buy room.",
    zh: "复用连接（keep-alive 或连接池），不要每个请求建一条新连接；tcp_tw_reuse = 1 和更宽的 ip_local_port_range 只能争取余量。",
  },
  "syn-flood": {
    en: "Keep tcp_syncookies = 1 (cookies answer when the SYN queue is full) and filter the flood upstream; a larger backlog only delays the overflow.",
    zh: "保持 tcp_syncookies = 1（SYN 队列满时用 cookie 应答），并在上游过滤洪水；加大 backlog 只能推迟溢出。",
  },
  "accept-overflow": {
    en: "Make the accept loop keep up (accept in its own thread or event loop, hand the work to workers) and raise the listen() backlog with somaxconn.",
    zh: "让 accept 循环跟上（单独线程或事件循环里 accept，把处理交给工作线程），并同时调大 listen() 的 backlog 和 somaxconn。",
  },
  healthy: { en: "Nothing piles up.", zh: "没有堆积。" },
};

function diagnose(r: Omit<IncidentResult, "key">): IncidentKey {
  const counts = stateCounts(r.rows);
  let pile: TcpState | null = null;
  let pileCount = 0;
  for (const [st, n] of Object.entries(counts) as [TcpState, number][])
    if (st !== "LISTEN" && n > pileCount) {
      pile = st;
      pileCount = n;
    }
  const c = r.counters;
  let cause: IncidentCause | "healthy" = "healthy";
  let counter: Counter | null = null;
  const tw = counts.TIME_WAIT ?? 0;
  const ports = r.sysctls.ip_local_port_range[1] - r.sysctls.ip_local_port_range[0] + 1;
  if (r.app.leaked > 0 && (counts.CLOSE_WAIT ?? 0) > 0) cause = "close-wait-leak";
  else if (r.params.outbound && (r.app.connectFailures > 0 || c.TCPTimeWaitOverflow > 0 || tw >= ports / 2)) {
    cause = "time-wait-exhaustion";
    counter = c.TCPTimeWaitOverflow > 0 ? "TCPTimeWaitOverflow" : null;
  } else if (r.params.flood && (c.TCPReqQFullDoCookies > 0 || c.TCPReqQFullDrop > 0)) {
    cause = "syn-flood";
    counter = c.SyncookiesSent > 0 ? "SyncookiesSent" : "ListenDrops";
  } else if (c.ListenOverflows > 0) {
    cause = "accept-overflow";
    counter = "ListenOverflows";
  }
  // the state each cause piles up; otherwise the most common one
  const own: Partial<Record<IncidentCause, TcpState>> = { "close-wait-leak": "CLOSE_WAIT", "time-wait-exhaustion": "TIME_WAIT", "syn-flood": "SYN_RECEIVED" };
  const st = cause === "healthy" ? undefined : own[cause];
  if (st) {
    pile = st;
    pileCount = counts[st] ?? 0;
  }
  return { cause, pile, pileCount, counter, fix: FIXES[cause] };
}

// ---------------------------------------------------------------------------------------------
// rendering

type Col = { right: boolean; delim: string };
const SS_COLS: Col[] = [
  { right: false, delim: "" }, // State
  { right: false, delim: " " }, // Recv-Q
  { right: false, delim: " " }, // Send-Q
  { right: true, delim: " " }, // Local Address:
  { right: false, delim: "" }, // Port
  { right: true, delim: " " }, // Peer Address:
  { right: false, delim: "" }, // Port
  { right: false, delim: "" }, // Process
];

const splitAddr = (a: string): [string, string] => {
  const i = a.lastIndexOf(":");
  return [a.slice(0, i + 1), a.slice(i + 1)];
};

/**
 * `ss -tan` as iproute2's ss prints it into a pipe or file (compact output: each column as wide as
 * its longest cell plus its one-space delimiter; addresses right-aligned, ports left-aligned;
 * misc/ss.c render_calc_width()). The kernel lists sockets in hash order; here the listener comes
 * first, then the others in the order they were created.
 */
export function renderSs(rows: SsRow[]): string {
  const cells = [
    ["State", "Recv-Q", "Send-Q", "Local Address:", "Port", "Peer Address:", "Port", "Process"],
    ...rows.map((r) => [SS_STATE[r.state], String(r.recvQ), String(r.sendQ), ...splitAddr(r.local), ...splitAddr(r.peer), ""]),
  ];
  const widths = SS_COLS.map((c, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = " ".repeat(widths[i] - cell.length);
          return SS_COLS[i].delim + (SS_COLS[i].right ? pad + cell : cell + pad);
        })
        .join(""),
    )
    .join("\n") + "\n";
}

/** `ss -tan | awk '{print $1}' | LC_ALL=C sort | uniq -c` (the header's "State" counts once). */
export function renderHistogram(rows: SsRow[]): string {
  const names = ["State", ...rows.map((r) => SS_STATE[r.state])];
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((n) => `${String(counts.get(n)).padStart(7)} ${n}`)
    .join("\n") + "\n";
}

/**
 * The TCP line of `ss -s`, with the figures the model knows: estab counts ESTABLISHED and CLOSE-WAIT
 * (TCP_MIB_CURRESTAB as RFC 1213's tcpCurrEstab; Linux 6.10+ counts CLOSE-WAIT, as the capture
 * close-wait.summary.txt shows), timewait the timewait sockets (TIME-WAIT and the orphans' FIN-WAIT-2),
 * orphaned the closed sockets still sending (FIN-WAIT-1, LAST-ACK, CLOSING). The total and "closed"
 * count every TCP socket the kernel has allocated, also those of other processes and sockets not yet
 * bound or already closed: the model does not know them and prints "…".
 */
export function ssSummary(r: IncidentResult): { estab: number; orphaned: number; timewait: number } {
  const counts = stateCounts(r.rows);
  const n = (s: TcpState) => counts[s] ?? 0;
  const fw2tw = r.sysctls.tcp_fin_timeout * 1000 <= TIMEWAIT_LEN_MS;
  return {
    estab: n("ESTABLISHED") + n("CLOSE_WAIT"),
    orphaned: n("FIN_WAIT_1") + n("LAST_ACK") + n("CLOSING") + (fw2tw ? 0 : r.rows.filter((x) => x.state === "FIN_WAIT_2").length),
    timewait: n("TIME_WAIT") + (fw2tw ? n("FIN_WAIT_2") : 0),
  };
}

export function renderSsSummary(r: IncidentResult): string {
  const f = ssSummary(r);
  return `TCP:   … (estab ${f.estab}, closed …, orphaned ${f.orphaned}, timewait ${f.timewait})\n`;
}

/** netstat -s wording (net-tools statistics.c) for the counters; zero counters are not printed, as netstat does. */
const NETSTAT_TEXT: Record<Counter, (n: number) => string> = {
  ListenOverflows: (n) => `${n} times the listen queue of a socket overflowed`,
  ListenDrops: (n) => `${n} SYNs to LISTEN sockets dropped`,
  SyncookiesSent: (n) => `${n} SYN cookies sent`,
  SyncookiesRecv: (n) => `${n} SYN cookies received`,
  TCPReqQFullDoCookies: (n) => `TCPReqQFullDoCookies: ${n}`,
  TCPReqQFullDrop: (n) => `TCPReqQFullDrop: ${n}`,
  TCPTimeWaitOverflow: (n) => `TCPTimeWaitOverflow: ${n}`,
  TW: (n) => `${n} TCP sockets finished time wait in fast timer`,
};
const NETSTAT_ORDER: Counter[] = ["SyncookiesSent", "SyncookiesRecv", "TW", "ListenOverflows", "ListenDrops", "TCPReqQFullDoCookies", "TCPReqQFullDrop", "TCPTimeWaitOverflow"];

export function renderNetstat(counters: Record<Counter, number>): string {
  const lines = NETSTAT_ORDER.filter((c) => counters[c] > 0).map((c) => `    ${NETSTAT_TEXT[c](counters[c])}`);
  return `TcpExt:\n${lines.join("\n")}${lines.length ? "\n" : ""}`;
}
