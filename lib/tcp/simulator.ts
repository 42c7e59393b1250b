/**
 * Two endpoints and a network between them (issue 4 §2). Discrete-event, pure: time is a number of
 * milliseconds that only the simulator advances, randomness comes from the seed.
 *
 * Steps are the transmitted segments in the order they were sent. A step's `client`/`server` are
 * the states once its receiver processed it (for a dropped segment: when it was sent). This is the
 * view `annotate` reconstructs from a capture, so `annotate(renderTcpdump(steps))` gives them back.
 *
 * Timers follow Linux defaults and say so (constants.ts): initial RTO 1 s doubling per retry,
 * tcp_syn_retries 6, tcp_synack_retries 5, TIME_WAIT = 2MSL with MSL 30 s (Linux: fixed 60 s).
 */
import type { AppFaults, Bilingual, Fault, Problem, RstFaultKind, Side, SimOptions, SimStep, Tcb, TcpState, TimerKind } from "./types";
import { Endpoint } from "./endpoint";
import { ACK, RST, SYN, flagsToString, segLen, type Segment } from "./segment";
import { seqAdd, seqLe, seqLt } from "./seq";
import { mulberry32, randomU32 } from "./prng";
import {
  DEFAULT_MSL_MS, INITIAL_RTO_MS, LINUX_TCP_RETRIES2, LINUX_TCP_SYN_LINEAR_TIMEOUTS, LINUX_TCP_SYNACK_RETRIES, LINUX_TCP_SYN_RETRIES,
  RTO_MAX_MS, SIM_DELAY_FAULT_MS, SIM_LATENCY_MS, SIM_RST_OUTSIDE_OFFSET, SIM_RST_WINDOW_OFFSET, SIM_SLOW_APP_MS, SIM_WINDOW,
} from "./constants";
import { synRetries } from "./transfer/timers";

/**
 * A client's SYN retransmissions on Linux 6.5+ (net/ipv4/tcp_timer.c; defaults tcp_syn_retries = 6,
 * tcp_syn_linear_timeouts = 4): the same schedule as the `tcp` calculator's synRetries.
 */
const LINUX_SYN_SCHEDULE = synRetries({ side: "syn", retries: LINUX_TCP_SYN_RETRIES, linear: LINUX_TCP_SYN_LINEAR_TIMEOUTS, initialRto: INITIAL_RTO_MS });

/** The timeout that follows retransmission number `tries` of a SYN (the last one's runs to the give-up). */
function nextSynTimeout(tries: number): number {
  const r = LINUX_SYN_SCHEDULE.retransmits;
  return (tries < r.length ? r[tries] : LINUX_SYN_SCHEDULE.giveUp) - r[tries - 1];
}

/**
 * The listening socket in front of the server endpoint: its SYN queue (half-open connections) and
 * accept queue (completed connections waiting for accept()). RFC 9293 leaves both to the
 * implementation (§3.10.7.2 only says a SYN in LISTEN creates a connection); these follow Linux.
 */
export interface ListenerOptions {
  /** half-open (SYN_RECEIVED) entries the listener can hold: Linux tcp_max_syn_backlog, bounded by the backlog */
  synQueue: number;
  /**
   * completed connections the accept queue holds: the listen() backlog (Linux caps it at somaxconn;
   * its sk_acceptq_is_full() tests `sk_ack_backlog > sk_max_ack_backlog`, so listen(fd, n) holds n + 1)
   */
  acceptQueue: number;
  /**
   * completed connections already waiting for an accept() the application does not call (they fill
   * the accept queue; the server endpoint of this simulation would be the next one)
   */
  accepted?: number;
  /**
   * Linux net.ipv4.tcp_abort_on_overflow: when the accept queue is full, 0 (false, the default) drops
   * the handshake's final ACK and lets the SYN-ACK timer retry; 1 (true) answers it with RST
   */
  abortOnOverflow?: boolean;
  /** answer SYNs statelessly when the SYN queue is full (Linux net.ipv4.tcp_syncookies = 1, RFC 4987 §3.6) */
  synCookies: boolean;
  /** half-open entries held by a SYN flood from spoofed addresses (refilled as they expire) */
  flood: number;
}

export interface StateChange {
  t: number; side: Side; from: TcpState; to: TcpState; cause: string;
  /**
   * the step it belongs to: the segment whose arrival caused it, else the next segment sent (a
   * user call such as close() changes the state just before its FIN leaves); `steps.length` when
   * it happened after the last segment (a timer running out)
   */
  step: number;
}

export interface SimRun {
  scenario: string;
  seed: number;
  steps: SimStep[];
  problems: Problem[];
  /** both TCBs when the simulation ended (after every timer ran out) */
  final: { t: number; client: Tcb; server: Tcb };
  /** every state change, in order (the `setState` trace) */
  transitions: StateChange[];
}

interface Timer { expiresAt: number; rto: number; tries: number; head: number; kind: TimerKind }
interface Pending {
  t: number; order: number; to: Side; seg: Segment; step: SimStep;
  /** inject this forged RST once the segment arrived */
  rst?: RstFaultKind;
  /** this is a forged RST: its seq is aimed at the receiver's RCV.NXT when it arrives */
  forged?: RstFaultKind;
}
/** A user call of a scenario's script; `call` says which application call it is (what a slow application delays). */
export interface Action {
  ready?: (sim: Simulator) => boolean;
  delay?: number;
  run: (sim: Simulator) => void;
  call?: { side: Side; kind: "write" | "close" | "abort" };
}

const b = (en: string, zh: string): Bilingual => ({ zh, en });
const other = (s: Side): Side => (s === "client" ? "server" : "client");

/** Linux sk_acceptq_is_full(): no room for another completed connection. */
function acceptQueueFull(l: ListenerOptions): boolean {
  return (l.accepted ?? 0) >= l.acceptQueue;
}

/**
 * Would this segment take a passive SYN_RECEIVED connection to ESTABLISHED (RFC 9293 §3.10.7.4
 * fifth, "if SND.UNA < SEG.ACK =< SND.NXT then enter ESTABLISHED")? That is the moment Linux moves
 * it from the SYN queue to the accept queue.
 */
function completesHandshake(rcv: Endpoint, seg: Segment): boolean {
  return rcv.state === "SYN_RECEIVED" && rcv.origin === "passive" && (seg.flags & ACK) !== 0 && !(seg.flags & (SYN | RST))
    && seqLt(rcv.sndUna, seg.ack) && seqLe(seg.ack, rcv.sndNxt);
}

export class Simulator {
  t = 0;
  readonly rng: () => number;
  readonly ep: Record<Side, Endpoint>;
  readonly steps: SimStep[] = [];
  readonly problems: Problem[] = [];
  readonly transitions: StateChange[] = [];
  readonly mslMs: number;
  listener: ListenerOptions | null = null;
  /** the client deletes its TCB instead of entering TIME_WAIT (scenario no-time-wait) */
  skipTimeWait: Partial<Record<Side, boolean>> = {};
  /** drop the next segment matching this predicate (scenario-defined fault) */
  dropIf: ((from: Side, seg: Segment, sim: Simulator) => boolean) | null = null;
  private readonly faults = new Map<number, Fault["kind"]>();
  private readonly app: AppFaults;
  /** the server application made its first call (after accept()) */
  private serverCalled = false;
  /** the segment being delivered (state changes belong to its step) */
  private delivering: SimStep | null = null;
  /** a note for the next step sent (why a slow application's call came late) */
  private nextNote: Bilingual | null = null;
  private txCount = 0;
  private order = 0;
  private readonly inflight: Pending[] = [];
  private readonly rtxTimer: Record<Side, Timer | null> = { client: null, server: null };
  private readonly twTimer: Record<Side, number | null> = { client: null, server: null };
  private readonly actions: Action[] = [];
  private scheduled: { t: number; action: Action } | null = null;
  private cookieIss: number | null = null;
  private synOptions: Partial<Record<Side, string>> = {};

  constructor(readonly scenario: string, readonly seed: number, opts: SimOptions) {
    this.rng = mulberry32(seed);
    this.mslMs = opts.mslMs ?? DEFAULT_MSL_MS;
    this.app = opts.app ?? {};
    for (const f of opts.faults ?? []) this.faults.set(f.segment, f.kind);
    const clientIss = opts.iss?.client ?? randomU32(this.rng);
    const serverIss = opts.iss?.server ?? randomU32(this.rng);
    const onState = (side: Side, from: TcpState, to: TcpState, cause: string) => {
      this.transitions.push({ t: this.t, side, from, to, cause, step: this.delivering ? this.delivering.index : this.steps.length });
      if (to === "TIME_WAIT" && this.skipTimeWait[side]) {
        // set after the transition is recorded, below in afterChange()
      }
    };
    this.ep = {
      client: new Endpoint({ side: "client", rcvWnd: SIM_WINDOW, onState, issFor: () => clientIss }),
      server: new Endpoint({ side: "server", rcvWnd: SIM_WINDOW, onState, issFor: () => serverIss }),
    };
    this.issOf = { client: clientIss, server: serverIss };
  }
  readonly issOf: Record<Side, number>;

  addFault(segment: number, kind: Fault["kind"]): void {
    if (!this.faults.has(segment)) this.faults.set(segment, kind);
  }
  then(...actions: Action[]): this {
    this.actions.push(...actions);
    return this;
  }
  setSynOptions(side: Side, options: string): void {
    this.synOptions[side] = options;
  }

  isQuiet(): boolean {
    return this.inflight.length === 0 && this.ep.client.rtx.length === 0 && this.ep.server.rtx.length === 0;
  }

  // ---- sending and the network ------------------------------------------------------------------

  /** Put everything an endpoint queued in `out` on the wire. */
  flush(side: Side, note?: Bilingual, retransmission = false): void {
    const e = this.ep[side];
    while (e.out.length > 0) this.transmit(side, e.out.shift()!, retransmission, note);
    this.afterChange(side);
  }

  private snapshot(step: SimStep): void {
    step.client = this.ep.client.state;
    step.server = this.ep.server.state;
    step.tcb = { client: this.ep.client.tcb(), server: this.ep.server.tcb() };
    step.timers = this.timerList();
  }

  private timerList(): SimStep["timers"] {
    const out: SimStep["timers"] = [];
    for (const side of ["client", "server"] as const) {
      const r = this.rtxTimer[side];
      if (r) out.push({ side, kind: r.kind, expiresAt: r.expiresAt });
      const w = this.twTimer[side];
      if (w !== null) out.push({ side, kind: "2msl", expiresAt: w });
    }
    return out;
  }

  private newStep(from: Side, seg: Segment, fate: SimStep["fate"], retransmission: boolean, note?: Bilingual): SimStep {
    const step: SimStep = {
      index: this.steps.length, from, flags: flagsToString(seg.flags), seq: seg.seq,
      ack: seg.flags & ACK ? seg.ack : null, len: seg.len,
      client: this.ep.client.state, server: this.ep.server.state, problems: [],
      t: this.t, fate, retransmission, tcb: { client: this.ep.client.tcb(), server: this.ep.server.tcb() }, timers: [],
    };
    if (seg.flags & SYN && !(seg.flags & ACK)) {
      const o = this.synOptions[from];
      const tfo = seg.tfo ? "tfo cookie 5eed0cafe5eed0ca" : "";
      const opts = [o, tfo].filter(Boolean).join(",");
      if (opts) (step as SimStep & { options?: string }).options = opts;
    }
    if (note) step.note = note;
    else if (this.nextNote) step.note = this.nextNote;
    this.nextNote = null;
    this.steps.push(step);
    return step;
  }

  /** Send one segment: it gets the next transmission index, which is what faults refer to. */
  transmit(from: Side, seg: Segment, retransmission = false, note?: Bilingual): SimStep {
    const idx = this.txCount++;
    let kind = this.faults.get(idx);
    if (!kind && this.dropIf && this.dropIf(from, seg, this)) {
      kind = "drop";
      this.dropIf = null;
    }
    const to = other(from);
    if (kind === "drop") {
      const step = this.newStep(from, seg, "dropped", retransmission, note ?? b(
        "The network drops this segment.", "网络丢弃了这个报文段。"));
      step.segment = idx;
      this.pendingSnapshots.push(step);
      return step;
    }
    const step = this.newStep(from, seg, kind === "delay" ? "delayed" : "delivered", retransmission, note);
    step.segment = idx;
    const delay = SIM_LATENCY_MS + (kind === "delay" ? SIM_DELAY_FAULT_MS : 0);
    const rst = kind === "rst_next" || kind === "rst_window" || kind === "rst_outside" ? kind : undefined;
    this.inflight.push({ t: this.t + delay, order: this.order++, to, seg, step, ...(rst ? { rst } : {}) });
    if (kind === "duplicate") {
      const copy = this.newStep(from, seg, "duplicated", retransmission, b(
        "The network duplicates the previous segment.", "网络复制了上一个报文段。"));
      this.inflight.push({ t: this.t + delay + 1, order: this.order++, to, seg, step: copy });
    }
    return step;
  }
  /** dropped steps are snapshotted once the sender's action is complete */
  private readonly pendingSnapshots: SimStep[] = [];

  /** Inject a segment that no endpoint sent now (an old duplicate from an earlier connection). */
  inject(from: Side, seg: Segment, delayMs: number, note: Bilingual): void {
    const step = this.newStep(from, seg, "delivered", false, note);
    this.inflight.push({ t: this.t + delayMs, order: this.order++, to: other(from), seg, step });
  }

  private deliver(p: Pending): void {
    this.delivering = p.step;
    try {
      this.deliverNow(p);
    } finally {
      this.delivering = null;
    }
    if (p.rst) this.injectRst(p.to, p.rst);
  }

  /**
   * A forged RST from the peer's address reaches `to` right behind the segment it follows (an
   * attacker or a middlebox that saw the segment): its sequence number is aimed, when it arrives,
   * at the receiver's RCV.NXT (`rst_next`), inside the window above it (`rst_window`), or far
   * outside it (`rst_outside`). The receiver's SEGMENT ARRIVES processing (endpoint.ts) decides
   * what it does. It arrives at the same moment, so it delays nothing else.
   */
  private injectRst(to: Side, kind: RstFaultKind): void {
    const note = kind === "rst_next"
      ? b(`A forged RST with seq = the ${to}'s RCV.NXT: it is acceptable, so it resets the connection (RFC 9293 §3.10.7.4, second check; RFC 5961 §3.2).`,
        `一个伪造的 RST，seq 恰好等于${to === "client" ? "客户端" : "服务器"}的 RCV.NXT：它是可接受的，因此重置连接（RFC 9293 §3.10.7.4 第二步检查；RFC 5961 §3.2）。`)
      : kind === "rst_window"
        ? b(`A forged RST inside the ${to}'s receive window but not at RCV.NXT: it resets nothing and is answered with a challenge ACK (RFC 5961 §3.2, adopted by RFC 9293 §3.10.7.4).`,
          `一个伪造的 RST，落在${to === "client" ? "客户端" : "服务器"}的接收窗口内但不等于 RCV.NXT：它不重置任何东西，而是得到一个挑战 ACK（RFC 5961 §3.2，RFC 9293 §3.10.7.4 采纳）。`)
        : b(`A forged RST outside the ${to}'s receive window: the segment is not acceptable and, being an RST, is dropped without an answer (RFC 9293 §3.10.7.4, first check).`,
          `一个伪造的 RST，落在${to === "client" ? "客户端" : "服务器"}的接收窗口之外：报文段不可接受，又因为是 RST，被直接丢弃、不作回应（RFC 9293 §3.10.7.4 第一步检查）。`);
    this.inject(other(to), { seq: 0, ack: 0, flags: RST, len: 0 }, 0, note);
    this.inflight[this.inflight.length - 1].forged = kind;
  }

  private deliverNow(p: Pending): void {
    const rcv = this.ep[p.to];
    if (p.forged) {
      const off = p.forged === "rst_next" ? 0 : p.forged === "rst_window" ? SIM_RST_WINDOW_OFFSET : SIM_RST_OUTSIDE_OFFSET;
      p.seg = { ...p.seg, seq: seqAdd(rcv.rcvNxt, off) };
      p.step.seq = p.seg.seq;
    }
    const from = other(p.to);
    const seg = p.seg;
    let arrivalNote: Bilingual | undefined;
    // The listener in front of the endpoint: SYN queue, SYN cookies, accept queue.
    if (rcv.state === "LISTEN" && this.listener && seg.flags & SYN && !(seg.flags & (ACK | RST))) {
      const l = this.listener;
      if (acceptQueueFull(l)) {
        // Linux tcp_conn_request(): "if (sk_acceptq_is_full(sk)) goto drop" (LINUX_MIB_LISTENOVERFLOWS)
        p.step.fate = "dropped";
        p.step.note = b(
          `Accept queue full (${l.accepted ?? 0}/${l.acceptQueue} connections waiting for accept()): Linux drops a new SYN without a reply while the accept queue is full, so the client can only retransmit (RFC 9293 leaves queue limits to the implementation).`,
          `全连接队列已满（${l.accepted ?? 0}/${l.acceptQueue} 个连接等待 accept()）：全连接队列满时 Linux 不作回复地丢弃新的 SYN，客户端只能重传（RFC 9293 把队列上限留给实现决定）。`);
        this.snapshot(p.step);
        return;
      }
      if (l.flood >= l.synQueue) {
        if (!l.synCookies) {
          p.step.fate = "dropped";
          p.step.note = b(
            `SYN queue full (${l.flood}/${l.synQueue} half-open entries from a SYN flood): the listener drops this SYN without a reply, and the client can only retransmit.`,
            `SYN 队列已满（SYN 洪泛占用了 ${l.flood}/${l.synQueue} 个半连接）：监听方不作任何回复地丢弃该 SYN，客户端只能重传。`);
          this.snapshot(p.step);
          return;
        }
        // SYN cookie: answer statelessly, the ISS encodes what we need; the listener stays in LISTEN.
        this.cookieIss = randomU32(this.rng);
        this.snapshot(p.step);
        p.step.note = b(
          "SYN queue full, SYN cookies on: the listener answers with a SYN-ACK whose ISS is a cookie and keeps no SYN_RECEIVED state (RFC 4987 §3.6).",
          "SYN 队列已满且开启了 SYN cookie：监听方回复 ISS 为 cookie 的 SYN-ACK，不保留 SYN_RECEIVED 状态（RFC 4987 §3.6）。");
        this.transmit(p.to, { seq: this.cookieIss, ack: seqAdd(seg.seq, 1), flags: SYN | ACK, len: 0 });
        return;
      }
    }
    if (rcv.state === "LISTEN" && this.cookieIss !== null && seg.flags & ACK && !(seg.flags & (SYN | RST)) && seg.ack === seqAdd(this.cookieIss, 1)) {
      // A valid cookie comes back in the third ACK: the connection is created directly in ESTABLISHED.
      rcv.iss = this.cookieIss;
      rcv.sndUna = seg.ack;
      rcv.sndNxt = seg.ack;
      rcv.irs = seqAdd(seg.seq, -1);
      rcv.rcvNxt = seg.seq;
      this.cookieIss = null;
      rcv.setState("ESTABLISHED", "syn_cookie");
      arrivalNote = b("The ACK returns a valid SYN cookie: the listener rebuilds the connection from it and goes straight from LISTEN to ESTABLISHED.",
        "该 ACK 带回了有效的 SYN cookie：监听方据此重建连接，直接从 LISTEN 进入 ESTABLISHED。");
      if (seg.len > 0) rcv.arrive(seg);
    } else if (this.listener && acceptQueueFull(this.listener) && completesHandshake(rcv, seg)) {
      // The final ACK of a handshake (or data carrying it) while the accept queue is full: Linux
      // tcp_v4_syn_recv_sock() fails with "exit_overflow" and tcp_check_req() goes to listen_overflow.
      const l = this.listener;
      const full = `${l.accepted ?? 0}/${l.acceptQueue}`;
      if (!l.abortOnOverflow) {
        // tcp_abort_on_overflow = 0: drop it; the connection stays SYN_RECEIVED, its SYN-ACK timer retries
        p.step.fate = "dropped";
        p.step.note = b(
          `Accept queue full (${full}, the application does not call accept()): with tcp_abort_on_overflow = 0, Linux's default, the listener drops this ACK. The client believes it is ESTABLISHED; the server stays SYN_RECEIVED, and its SYN-ACK retransmission timer will send the SYN-ACK again.`,
          `全连接队列已满（${full}，应用程序不调用 accept()）：在 Linux 默认的 tcp_abort_on_overflow = 0 下，监听方丢弃这个 ACK。客户端以为自己已是 ESTABLISHED；服务器仍是 SYN_RECEIVED，它的 SYN-ACK 重传定时器到期后会再发 SYN-ACK。`);
        this.snapshot(p.step);
        return;
      }
      // tcp_abort_on_overflow = 1: answer with a reset (<SEQ=SEG.ACK><CTL=RST>) and forget the request
      rcv.closedBy = "rst_sent";
      rcv.setState("LISTEN", "accept_queue_overflow");
      this.afterChange(p.to, true);
      this.snapshot(p.step);
      p.step.note = b(
        `Accept queue full (${full}): with tcp_abort_on_overflow = 1 the listener answers the final ACK with RST and forgets the half-open connection, so the client's connection is reset at once instead of hanging.`,
        `全连接队列已满（${full}）：在 tcp_abort_on_overflow = 1 下，监听方用 RST 回应最后一个 ACK 并丢掉这个半连接，客户端的连接立即被重置，而不是悬而未决。`);
      this.transmit(p.to, { seq: seg.ack, ack: 0, flags: RST, len: 0 });
      return;
    } else {
      const a = rcv.arrive(seg);
      if (a.restart2msl && rcv.state === "TIME_WAIT") this.twTimer[p.to] = this.t + 2 * this.mslMs;
      arrivalNote = a.note;
    }
    if (arrivalNote && !p.step.note) p.step.note = arrivalNote;
    if (rcv.state === "TIME_WAIT" && this.skipTimeWait[p.to]) {
      rcv.closedBy = "graceful";
      rcv.setState("CLOSED", "skip_time_wait");
      this.twTimer[p.to] = null;
      p.step.note = b("This endpoint skips TIME_WAIT and deletes its TCB at once, so a retransmitted FIN will find no connection.",
        "该端跳过 TIME_WAIT，立即删除 TCB，因此重传的 FIN 将找不到连接。");
    }
    this.afterChange(p.to, true);
    this.snapshot(p.step);
    this.flush(p.to);
    void from;
  }

  /** Re-arm timers after anything changed on one side. */
  private afterChange(side: Side, fromArrival = false): void {
    const e = this.ep[side];
    if (e.state === "TIME_WAIT") {
      if (this.twTimer[side] === null) this.twTimer[side] = this.t + 2 * this.mslMs;
    } else this.twTimer[side] = null;
    const head = e.rtx[0];
    if (!head) this.rtxTimer[side] = null;
    else {
      const cur = this.rtxTimer[side];
      const headEnd = seqAdd(head.seq, segLen(head));
      if (!cur || cur.head !== headEnd) {
        const kind: TimerKind = head.flags & SYN && head.flags & ACK ? "syn_ack_retransmit" : "retransmit";
        this.rtxTimer[side] = { expiresAt: this.t + INITIAL_RTO_MS, rto: INITIAL_RTO_MS, tries: 0, head: headEnd, kind };
      }
    }
    void fromArrival;
    while (this.pendingSnapshots.length > 0) this.snapshot(this.pendingSnapshots.shift()!);
  }

  private fireRtx(side: Side): void {
    const e = this.ep[side];
    const tm = this.rtxTimer[side]!;
    const head = e.rtx[0];
    // A client's SYN follows Linux 6.5+'s schedule (tcp_syn_linear_timeouts = 4, then doubling;
    // tcp_syn_retries + 4 retransmissions: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, connect() fails at 131 s).
    const synOnly = !!head && !!(head.flags & SYN) && !(head.flags & ACK);
    const limit = synOnly ? LINUX_SYN_SCHEDULE.retransmits.length : head && head.flags & SYN ? LINUX_TCP_SYNACK_RETRIES : LINUX_TCP_RETRIES2;
    if (!head || tm.tries >= limit) {
      const was = e.state;
      e.giveUp();
      this.rtxTimer[side] = null;
      this.transitions.push({ t: this.t, side, from: was, to: e.state, cause: "gave_up", step: this.steps.length });
      this.afterChange(side);
      return;
    }
    tm.tries++;
    e.retransmit();
    const what = head.flags & SYN ? (head.flags & ACK ? "SYN-ACK" : "SYN") : head.len > 0 ? "data" : "FIN";
    const next = synOnly ? nextSynTimeout(tm.tries) : Math.min(tm.rto * 2, RTO_MAX_MS);
    const note =
      next === tm.rto
        ? b(
            `Retransmission timeout (${tm.rto / 1000} s): the ${what} is sent again (try ${tm.tries}); the next timeout stays ${next / 1000} s (tcp_syn_linear_timeouts, Linux 6.5+).`,
            `重传超时（${tm.rto / 1000} 秒）：再次发送 ${what}（第 ${tm.tries} 次重传）；下一次超时仍为 ${next / 1000} 秒（tcp_syn_linear_timeouts，Linux 6.5 起）。`)
        : b(
            `Retransmission timeout (${tm.rto / 1000} s): the ${what} is sent again (try ${tm.tries}); the next timeout doubles to ${next / 1000} s.`,
            `重传超时（${tm.rto / 1000} 秒）：再次发送 ${what}（第 ${tm.tries} 次重传）；下一次超时加倍为 ${next / 1000} 秒。`);
    tm.rto = next;
    tm.expiresAt = this.t + tm.rto;
    const keep = tm;
    this.flush(side, note, true);
    if (this.rtxTimer[side] !== null) this.rtxTimer[side] = keep;
  }

  private fireTw(side: Side): void {
    this.twTimer[side] = null;
    this.ep[side].timeWaitExpired();
    this.afterChange(side);
  }

  /** Run until nothing is left to happen (or a safety limit). */
  run(limitMs = 900_000): void {
    for (let guard = 0; guard < 100_000; guard++) {
      if (!this.scheduled && this.actions.length > 0) {
        const a = this.actions[0];
        if ((a.ready ?? ((s: Simulator) => s.isQuiet()))(this)) {
          this.actions.shift();
          this.scheduled = { t: this.t + (a.delay ?? 50) + this.slowBy(a), action: a };
        }
      }
      let best = Infinity;
      let kind = "";
      let who: Side = "client";
      let pi = -1;
      for (let i = 0; i < this.inflight.length; i++) {
        const p = this.inflight[i];
        if (p.t < best || (p.t === best && kind === "deliver" && p.order < this.inflight[pi].order)) {
          best = p.t; kind = "deliver"; pi = i;
        }
      }
      if (this.scheduled && this.scheduled.t < best) { best = this.scheduled.t; kind = "action"; }
      for (const side of ["client", "server"] as const) {
        const r = this.rtxTimer[side];
        if (r && r.expiresAt < best) { best = r.expiresAt; kind = "rtx"; who = side; }
        const w = this.twTimer[side];
        if (w !== null && w < best) { best = w; kind = "tw"; who = side; }
      }
      if (best === Infinity || best > limitMs) break;
      this.t = best;
      if (kind === "deliver") this.deliver(this.inflight.splice(pi, 1)[0]);
      else if (kind === "action") {
        const a = this.scheduled!.action;
        this.scheduled = null;
        a.run(this);
        this.flush("client");
        this.flush("server");
      } else if (kind === "rtx") this.fireRtx(who);
      else this.fireTw(who);
    }
  }

  /** How much later a slow application makes this call (SimOptions.app), noting why on the next segment. */
  private slowBy(a: Action): number {
    if (!a.call) return 0;
    const { side, kind } = a.call;
    const first = side === "server" && !this.serverCalled;
    if (side === "server") this.serverCalled = true;
    if (this.app.slowAccept && first && this.ep.server.origin === "passive") {
      this.nextNote = b(
        `The server application calls accept() ${SIM_SLOW_APP_MS / 1000} s late. The kernel completed the handshake and acknowledged the request without it (the connection waited in the accept queue), so only the application's answer is late.`,
        `服务器应用晚了 ${SIM_SLOW_APP_MS / 1000} 秒才调用 accept()。内核早已独立完成握手并确认了请求（连接在全连接队列里等待），所以只是应用的回应来晚了。`);
      return SIM_SLOW_APP_MS;
    }
    if (this.app.slowClose && kind === "close" && this.ep[side].state === "CLOSE_WAIT") {
      this.nextNote = b(
        `The ${side} application calls close() ${SIM_SLOW_APP_MS / 1000} s after reading the end of the stream: meanwhile it sits in CLOSE_WAIT and its peer in FIN_WAIT_2. Only the application can end CLOSE_WAIT (RFC 9293 §3.10.4).`,
        `${side === "client" ? "客户端" : "服务器"}应用读到流结束后晚了 ${SIM_SLOW_APP_MS / 1000} 秒才调用 close()：这段时间它停在 CLOSE_WAIT，对端停在 FIN_WAIT_2。只有应用才能结束 CLOSE_WAIT（RFC 9293 §3.10.4）。`);
      return SIM_SLOW_APP_MS;
    }
    return 0;
  }

  result(): SimRun {
    return {
      scenario: this.scenario, seed: this.seed, steps: this.steps, problems: this.problems,
      final: { t: this.t, client: this.ep.client.tcb(), server: this.ep.server.tcb() },
      transitions: this.transitions,
    };
  }
}
