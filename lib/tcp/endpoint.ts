/**
 * One TCP endpoint at segment level: the TCB (RFC 9293 §3.3.1), the user calls (§3.10.1–§3.10.5)
 * and SEGMENT ARRIVES (§3.10.7) in the order the RFC lists its checks: sequence acceptability, RST,
 * (security), SYN, ACK, (URG), text, FIN. Every dropped segment returns a reason code.
 *
 * The endpoint does not own time: it says what to send; the simulator (or the annotator) runs timers
 * and carries the segments. Every state change goes through `setState`, which can record a trace.
 */
import type { Bilingual, Origin, Side, Tcb, TcpState } from "./types";
import * as segment_ from "./segment";
import { type Segment } from "./segment";
// local copies: module-namespace getters are slow in the hot paths
const { ACK, FIN, PSH, RST, SYN, segLen } = segment_;
import * as seq_ from "./seq";
// local copies: module-namespace getters are slow in the hot paths
const { seqAdd, seqGt, seqLe, seqLt } = seq_;

export const SYNCHRONIZED: ReadonlySet<TcpState> = new Set<TcpState>([
  "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
]);

/** What happened to an arriving segment. `code` names the RFC step that decided. */
export interface Arrival {
  code: string;
  accepted: boolean;
  /** the 2MSL timer must (re)start */
  restart2msl: boolean;
  note?: Bilingual;
}

export interface EndpointOptions {
  side: Side;
  /** called when a SYN reaches LISTEN and an ISS is needed (RFC 6528 would hash a secret and the 4-tuple) */
  issFor?: () => number;
  /** receive window advertised and used for the acceptability test */
  rcvWnd?: number;
  /** accept data on a SYN that carries a valid Fast Open cookie (RFC 7413) */
  tfoServer?: boolean;
  /** whether to build reply segments (the annotator only needs the state changes) */
  emit?: boolean;
  onState?: (side: Side, from: TcpState, to: TcpState, cause: string) => void;
}

const n = (en: string, zh: string): Bilingual => ({ zh, en });

export class Endpoint implements Tcb {
  readonly side: Side;
  state: TcpState = "CLOSED";
  /** how SYN_RECEIVED was reached (RFC 9293 §3.10.7.4: an RST returns a passive one to LISTEN) */
  origin: Origin | null = null;
  iss = 0;
  irs = 0;
  sndUna = 0;
  sndNxt = 0;
  rcvNxt = 0;
  rcvWnd: number;
  /** sequence number of our FIN once sent */
  finSeq: number | null = null;
  /** how the TCB ended, for explanations */
  closedBy: "rst_sent" | "rst_received" | "graceful" | "timeout" | null = null;
  /** bytes delivered to the application */
  delivered = 0;
  /** segments to send, filled by user calls and arrivals when `emit` is on */
  readonly out: Segment[] = [];
  /** segments occupying sequence space and not yet fully acknowledged (the retransmission queue) */
  readonly rtx: Segment[] = [];
  /** data queued by SEND before ESTABLISHED (RFC 9293 §3.10.2) */
  readonly queued: number[] = [];
  closeQueued = false;
  tfoServer: boolean;
  emit: boolean;
  private readonly issFor: () => number;
  private readonly onState?: EndpointOptions["onState"];

  constructor(opts: EndpointOptions) {
    this.side = opts.side;
    this.rcvWnd = opts.rcvWnd ?? 65_535;
    this.issFor = opts.issFor ?? (() => 0);
    this.tfoServer = opts.tfoServer ?? false;
    this.emit = opts.emit ?? true;
    this.onState = opts.onState;
  }

  tcb(): Tcb {
    return { state: this.state, iss: this.iss, irs: this.irs, sndUna: this.sndUna, sndNxt: this.sndNxt, rcvNxt: this.rcvNxt };
  }

  setState(next: TcpState, cause: string): void {
    const from = this.state;
    if (from === next) return;
    this.state = next;
    if (next === "CLOSED" || next === "LISTEN") {
      this.rtx.length = 0;
      if (next === "LISTEN") this.origin = null;
    }
    this.onState?.(this.side, from, next, cause);
  }

  private send(seg: Segment): void {
    if (this.emit) this.out.push(seg);
    if (segLen(seg) > 0 && !(seg.flags & RST)) this.rtx.push(seg);
  }
  private reply(seq: number, ack: number, flags: number): void {
    if (this.emit) this.out.push({ seq, ack, flags, len: 0 });
  }
  private sendAck(): void {
    this.reply(this.sndNxt, this.rcvNxt, ACK);
  }

  // ---- user calls (RFC 9293 §3.10.1–§3.10.5) ----------------------------------------------------

  /** passive OPEN: listen(). */
  listen(): void {
    if (this.state !== "CLOSED") throw new Error(`listen in ${this.state}: connection already exists`);
    this.setState("LISTEN", "passive_open");
  }

  /** active OPEN: connect(). `synData` puts data on the SYN (only meaningful with a Fast Open cookie). */
  connect(iss: number, synData = 0, tfoCookie = false): void {
    if (this.state !== "CLOSED" && this.state !== "LISTEN") throw new Error(`connect in ${this.state}: connection already exists`);
    this.iss = iss >>> 0;
    this.sndUna = this.iss;
    this.sndNxt = seqAdd(this.iss, 1 + synData);
    this.setState("SYN_SENT", "active_open");
    const seg: Segment = { seq: this.iss, ack: 0, flags: SYN, len: synData };
    if (tfoCookie) seg.tfo = true;
    this.send(seg);
  }

  /** SEND: returns false (and sends nothing) where the RFC answers with an error. */
  write(len: number): boolean {
    switch (this.state) {
      case "ESTABLISHED":
      case "CLOSE_WAIT":
        this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: PSH | ACK, len });
        this.sndNxt = seqAdd(this.sndNxt, len);
        return true;
      case "SYN_SENT":
      case "SYN_RECEIVED":
        this.queued.push(len); // §3.10.2: queue until ESTABLISHED
        return true;
      default:
        return false; // CLOSED: "connection does not exist"; LISTEN: "foreign socket unspecified"; else "connection closing"
    }
  }

  /** CLOSE (§3.10.4). Returns false where the RFC answers with an error. */
  close(): boolean {
    switch (this.state) {
      case "LISTEN":
      case "SYN_SENT":
        this.setState("CLOSED", "close");
        return true;
      case "SYN_RECEIVED":
        if (this.queued.length > 0) {
          this.closeQueued = true;
          return true;
        }
        this.sendFin("FIN_WAIT_1");
        return true;
      case "ESTABLISHED":
        this.sendFin("FIN_WAIT_1");
        return true;
      case "CLOSE_WAIT":
        this.sendFin("LAST_ACK");
        return true;
      default:
        return false;
    }
  }

  private sendFin(next: TcpState): void {
    this.finSeq = this.sndNxt;
    this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: FIN | ACK, len: 0 });
    this.sndNxt = seqAdd(this.sndNxt, 1);
    this.setState(next, "close");
  }

  /** ABORT (§3.10.5): RST from SYN_RECEIVED and the states where our FIN is not yet sent or acknowledged. */
  abort(): boolean {
    switch (this.state) {
      case "CLOSED":
        return false;
      case "SYN_RECEIVED":
      case "ESTABLISHED":
      case "FIN_WAIT_1":
      case "FIN_WAIT_2":
      case "CLOSE_WAIT":
        this.reply(this.sndNxt, 0, RST);
        this.closedBy = "rst_sent";
        this.setState("CLOSED", "abort");
        return true;
      default:
        this.setState("CLOSED", "abort");
        return true;
    }
  }

  /** Retransmit the oldest unacknowledged segment with the current ACK; false when there is none. */
  retransmit(): Segment | null {
    const head = this.rtx[0];
    if (!head) return null;
    // our SYN retransmitted after a simultaneous open has taken us to SYN_RECEIVED is a SYN-ACK now
    const flags = head.flags & SYN && this.state !== "SYN_SENT" ? head.flags | ACK : head.flags;
    const seg: Segment = { seq: head.seq, ack: flags & ACK ? this.rcvNxt : 0, flags, len: head.len };
    if (head.tfo) seg.tfo = true;
    if (this.emit) this.out.push(seg);
    return seg;
  }

  /** The 2MSL timer expired (§3.10.8). */
  timeWaitExpired(): void {
    if (this.state === "TIME_WAIT") {
      this.closedBy = "graceful";
      this.setState("CLOSED", "timeout_2msl");
    }
  }

  /** Give up after too many retransmissions (user timeout, §3.10.8). */
  giveUp(): void {
    this.closedBy = "timeout";
    if (this.state === "SYN_RECEIVED" && this.origin === "passive") this.setState("LISTEN", "retransmission_limit");
    else this.setState("CLOSED", "retransmission_limit");
  }

  private ackAdvanced(ack: number): void {
    this.sndUna = ack;
    // drop fully acknowledged segments from the retransmission queue
    while (this.rtx.length > 0) {
      const h = this.rtx[0];
      if (seqLe(seqAdd(h.seq, segLen(h)), ack)) this.rtx.shift();
      else break;
    }
  }

  private flushQueued(): void {
    while (this.queued.length > 0) this.write(this.queued.shift()!);
    if (this.closeQueued) {
      this.closeQueued = false;
      this.close();
    }
  }

  // ---- SEGMENT ARRIVES (§3.10.7) ------------------------------------------------------------------

  arrive(seg: Segment): Arrival {
    switch (this.state) {
      case "CLOSED":
        return this.arriveClosed(seg);
      case "LISTEN":
        return this.arriveListen(seg);
      case "SYN_SENT":
        return this.arriveSynSent(seg);
      default:
        return this.arriveOtherwise(seg);
    }
  }

  /** §3.10.7.1: no TCB. An RST is discarded; anything else is answered with an RST. */
  private arriveClosed(seg: Segment): Arrival {
    if (seg.flags & RST) return res("rst_to_closed", false);
    if (seg.flags & ACK) this.reply(seg.ack, 0, RST); // <SEQ=SEG.ACK><CTL=RST>
    else this.reply(0, seqAdd(seg.seq, segLen(seg)), RST | ACK); // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
    return res("no_connection_rst", false, n(
      "No connection here (CLOSED): the segment is answered with RST.",
      "这里没有连接（CLOSED）：该报文段被回以 RST。"));
  }

  /** §3.10.7.2: LISTEN checks RST, then ACK, then SYN. */
  private arriveListen(seg: Segment): Arrival {
    if (seg.flags & RST) return res("rst_ignored", false);
    if (seg.flags & ACK) {
      this.reply(seg.ack, 0, RST);
      return res("ack_in_listen", false, n(
        "An ACK reached a listener, which has sent nothing: answered with <SEQ=SEG.ACK><CTL=RST>.",
        "ACK 到达了什么都没发过的监听方：回以 <SEQ=SEG.ACK><CTL=RST>。"));
    }
    if (!(seg.flags & SYN)) return res("no_syn_in_listen", false);
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    let note: Bilingual | undefined;
    if (seg.len > 0) {
      if (this.tfoServer && seg.tfo) {
        this.rcvNxt = seqAdd(this.rcvNxt, seg.len);
        this.delivered += seg.len;
        note = n(`TCP Fast Open: the cookie is valid, so the ${seg.len} bytes on the SYN are delivered at once and acknowledged in the SYN-ACK (RFC 7413).`,
          `TCP Fast Open：cookie 有效，SYN 上的 ${seg.len} 字节立即交给应用，并在 SYN-ACK 中确认（RFC 7413）。`);
      } else {
        note = n(`The SYN carries ${seg.len} bytes but no Fast Open cookie: only the SYN is acknowledged. RFC 9293 would queue the text for SYN_RECEIVED, where a segment without ACK is dropped; Linux discards it. The client must send it again after the handshake.`,
          `SYN 携带 ${seg.len} 字节但没有 Fast Open cookie：只确认 SYN。RFC 9293 会把数据留到 SYN_RECEIVED 再处理，而那里不带 ACK 的报文段会被丢弃；Linux 直接丢弃。客户端必须在握手后重发。`);
      }
    }
    this.iss = this.issFor() >>> 0;
    this.sndUna = this.iss;
    this.sndNxt = seqAdd(this.iss, 1);
    this.origin = "passive";
    this.setState("SYN_RECEIVED", "rcv_syn");
    this.send({ seq: this.iss, ack: this.rcvNxt, flags: SYN | ACK, len: 0 });
    return res("syn_received", true, note);
  }

  /** §3.10.7.3: SYN_SENT checks ACK, RST, SYN. */
  private arriveSynSent(seg: Segment): Arrival {
    const hasAck = (seg.flags & ACK) !== 0;
    if (hasAck && (seqLe(seg.ack, this.iss) || seqGt(seg.ack, this.sndNxt))) {
      if (seg.flags & RST) return res("rst_bad_ack", false);
      this.reply(seg.ack, 0, RST);
      return res("bad_ack_in_syn_sent", false, n(
        `SEG.ACK ${seg.ack} does not acknowledge our SYN (ISS ${this.iss}): it answers something we never sent, e.g. an old duplicate SYN, so we reply <SEQ=SEG.ACK><CTL=RST> and stay in SYN_SENT.`,
        `SEG.ACK ${seg.ack} 没有确认我们的 SYN（ISS ${this.iss}）：它回应的是我们从未发出的东西（例如旧的重复 SYN），于是回复 <SEQ=SEG.ACK><CTL=RST> 并保持 SYN_SENT。`));
    }
    if (seg.flags & RST) {
      if (!hasAck) return res("rst_without_ack_in_syn_sent", false);
      this.closedBy = "rst_received";
      this.setState("CLOSED", "rcv_rst");
      return res("connection_refused", true, n(
        `"error: connection reset" — the RST acknowledges our SYN, so nobody listens on that port (connect() fails with ECONNREFUSED).`,
        `"错误：连接被重置"——该 RST 确认了我们的 SYN，说明该端口无人监听（connect() 以 ECONNREFUSED 失败）。`));
    }
    if (!(seg.flags & SYN)) return res("no_syn_in_syn_sent", false);
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    if (hasAck) this.ackAdvanced(seg.ack);
    if (seqGt(this.sndUna, this.iss)) {
      this.setState("ESTABLISHED", "rcv_syn_ack");
      let note: Bilingual | undefined;
      let lost = 0;
      if (seqLt(this.sndUna, this.sndNxt) && this.rtx.length > 0) {
        // Data on our SYN was not accepted: send it again as ordinary data (RFC 7413 §4.2.2).
        lost = (this.sndNxt - this.sndUna) >>> 0;
        this.rtx.length = 0;
        this.sndNxt = this.sndUna;
      }
      this.sendAck();
      if (lost > 0) {
        this.write(lost);
        note = n(`The SYN-ACK acknowledges only the SYN, not the ${lost} bytes it carried: they are sent again after the handshake.`,
          `SYN-ACK 只确认了 SYN，没有确认其携带的 ${lost} 字节：握手后重新发送。`);
      }
      this.flushQueued();
      return res("established", true, note);
    }
    this.origin = "active";
    this.setState("SYN_RECEIVED", "rcv_syn");
    this.reply(this.iss, this.rcvNxt, SYN | ACK);
    return res("simultaneous_open", true, n(
      "Simultaneous open: a SYN arrived while our own SYN is unanswered; we answer with SYN-ACK and enter SYN_RECEIVED.",
      "同时打开：我们自己的 SYN 尚未得到回应时收到了对端 SYN；回复 SYN-ACK，进入 SYN_RECEIVED。"));
  }

  /** §3.10.7.4: SYN_RECEIVED and the synchronized states. */
  private arriveOtherwise(seg: Segment): Arrival {
    let seq = seg.seq;
    let flags = seg.flags;
    let len = seg.len;
    // A SYN-ACK that repeats the SYN we already hold (simultaneous open, Figure 7): "if a segment's
    // contents straddle the boundary between old and new, only the new parts are processed".
    if (flags & SYN && flags & ACK && seq === this.irs && this.state === "SYN_RECEIVED") {
      flags &= ~SYN;
      seq = seqAdd(seq, 1);
    }
    const slen = len + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0);
    // first: sequence number acceptability (the four cases of the table in §3.10.7.4)
    if (!this.acceptable(seq, slen)) {
      if (flags & RST) return res("rst_out_of_window", false);
      if (this.state === "TIME_WAIT" && flags & FIN && seqAdd(seq, slen) === this.rcvNxt) {
        // The retransmitted FIN TIME_WAIT exists for: ACK it and restart 2MSL (§3.10.7.4 eighth;
        // strictly the acceptability test rejects the duplicate first — BSD and Linux restart anyway).
        this.sendAck();
        return { code: "time_wait_fin_retransmission", accepted: true, restart2msl: true, note: n(
          "TIME_WAIT absorbs the retransmitted FIN: our last ACK was lost, so we acknowledge the FIN again and restart the 2MSL timer.",
          "TIME_WAIT 吸收了重传的 FIN：我们的最后一个 ACK 丢了，于是再次确认该 FIN 并重启 2MSL 定时器。") };
      }
      this.sendAck();
      return res("unacceptable_segment", false, n(
        "The segment lies outside the receive window (an old duplicate): answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and dropped.",
        "该报文段不在接收窗口内（旧的重复报文）：回以 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> 并丢弃。"));
    }
    // keep only the new part of a segment that starts before RCV.NXT
    if (seqLt(seq, this.rcvNxt)) {
      let skip = (this.rcvNxt - seq) >>> 0;
      if (flags & SYN) {
        flags &= ~SYN;
        skip--;
      }
      const d = Math.min(skip, len);
      len -= d;
      skip -= d;
      if (skip > 0) flags &= ~FIN;
      seq = this.rcvNxt;
    }
    // second: RST (RFC 5961 §3.2 as adopted by RFC 9293: reset only on an exact match)
    if (flags & RST) {
      if (seq !== this.rcvNxt) {
        this.sendAck();
        return res("rst_challenge_ack", false, n(
          "An RST inside the window but not at RCV.NXT gets a challenge ACK instead of resetting (RFC 5961 §3.2).",
          "在窗口内但不等于 RCV.NXT 的 RST 不会重置连接，而是得到挑战 ACK（RFC 5961 §3.2）。"));
      }
      this.closedBy = "rst_received";
      if (this.state === "SYN_RECEIVED" && this.origin === "passive") {
        this.setState("LISTEN", "rcv_rst");
        return res("rst_back_to_listen", true, n(
          "An RST in a SYN_RECEIVED reached by passive OPEN sends the connection back to LISTEN.",
          "由被动 OPEN 进入的 SYN_RECEIVED 收到 RST，连接回到 LISTEN。"));
      }
      const was = this.state;
      this.setState("CLOSED", "rcv_rst");
      return res("connection_reset", true, was === "SYN_RECEIVED"
        ? n(`"connection refused": RST in a SYN_RECEIVED reached by active OPEN.`, `"连接被拒绝"：由主动 OPEN 进入的 SYN_RECEIVED 收到 RST。`)
        : n(`"connection reset": an RST at RCV.NXT in ${was} deletes the TCB.`, `"连接被重置"：${was} 状态收到序号等于 RCV.NXT 的 RST，删除 TCB。`));
    }
    // fourth: SYN
    if (flags & SYN) {
      if (this.state === "SYN_RECEIVED" && this.origin === "passive") {
        this.setState("LISTEN", "rcv_syn");
        return res("syn_back_to_listen", true);
      }
      this.sendAck();
      return res("syn_challenge_ack", false, n(
        "A SYN in a synchronized state gets a challenge ACK and is dropped (RFC 5961 §4).",
        "同步状态收到 SYN：回以挑战 ACK 并丢弃（RFC 5961 §4）。"));
    }
    // fifth: ACK
    if (!(flags & ACK)) return res("no_ack", false);
    const ack = seg.ack;
    if (this.state === "SYN_RECEIVED") {
      if (seqLt(this.sndUna, ack) && seqLe(ack, this.sndNxt)) {
        this.ackAdvanced(ack);
        this.setState("ESTABLISHED", "rcv_ack");
        this.flushQueued();
      } else {
        this.reply(ack, 0, RST);
        return res("bad_ack_in_syn_received", false);
      }
    } else if (seqGt(ack, this.sndNxt)) {
      this.sendAck();
      return res("ack_of_unsent_data", false);
    } else if (seqGt(ack, this.sndUna)) {
      this.ackAdvanced(ack);
    }
    const finAcked = this.finSeq !== null && seqGt(this.sndUna, this.finSeq);
    let restart2msl = false;
    switch (this.state) {
      case "FIN_WAIT_1":
        if (finAcked) this.setState("FIN_WAIT_2", "rcv_ack");
        break;
      case "CLOSING":
        if (finAcked) {
          this.setState("TIME_WAIT", "rcv_ack");
          restart2msl = true;
        }
        break;
      case "LAST_ACK":
        if (finAcked) {
          this.closedBy = "graceful";
          this.setState("CLOSED", "rcv_ack");
          return res("last_ack_done", true);
        }
        break;
      default:
        break;
    }
    // seventh: segment text
    let needAck = false;
    let inOrder = true;
    if (len > 0) {
      if (seq !== this.rcvNxt) {
        // RFC 9293 lets a receiver hold out-of-order segments; this model does not: dup ACK and drop.
        this.sendAck();
        return { code: "out_of_order", accepted: false, restart2msl, note: n(
          "Out-of-order data (a gap before it): acknowledged with a duplicate ACK and dropped (no reassembly queue in this model).",
          "乱序数据（前面有空缺）：回以重复 ACK 并丢弃（本模型不做乱序重组）。") };
      }
      if (this.state === "ESTABLISHED" || this.state === "FIN_WAIT_1" || this.state === "FIN_WAIT_2") {
        this.rcvNxt = seqAdd(this.rcvNxt, len);
        this.delivered += len;
        needAck = true;
      } else {
        inOrder = false; // CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT: "ignore the segment text"
      }
    }
    // eighth: FIN
    if (flags & FIN && inOrder && seqAdd(seq, len) === this.rcvNxt) {
      this.rcvNxt = seqAdd(this.rcvNxt, 1);
      needAck = true;
      switch (this.state) {
        case "SYN_RECEIVED":
        case "ESTABLISHED":
          this.setState("CLOSE_WAIT", "rcv_fin");
          break;
        case "FIN_WAIT_1":
          if (finAcked) {
            this.setState("TIME_WAIT", "rcv_fin_ack");
            restart2msl = true;
          } else this.setState("CLOSING", "rcv_fin");
          break;
        case "FIN_WAIT_2":
          this.setState("TIME_WAIT", "rcv_fin");
          restart2msl = true;
          break;
        case "TIME_WAIT":
          restart2msl = true;
          break;
        default:
          break; // CLOSE_WAIT, CLOSING, LAST_ACK: remain
      }
    } else if (flags & FIN && seqGt(seq, this.rcvNxt)) {
      inOrder = false;
    }
    if (needAck) this.sendAck();
    return restart2msl ? ACCEPTED_2MSL : ACCEPTED;
  }

  /** The four cases of the acceptability test (§3.10.7.4 first). */
  private acceptable(seq: number, slen: number): boolean {
    const wnd = this.rcvWnd;
    if (slen === 0) {
      if (wnd === 0) return seq === this.rcvNxt;
      return ((seq - this.rcvNxt) >>> 0) < wnd;
    }
    if (wnd === 0) return false;
    return ((seq - this.rcvNxt) >>> 0) < wnd || ((seqAdd(seq, slen - 1) - this.rcvNxt) >>> 0) < wnd;
  }
}

function res(code: string, accepted: boolean, note?: Bilingual): Arrival {
  if (note) return { code, accepted, restart2msl: false, note };
  return accepted ? (code === "accepted" ? ACCEPTED : { code, accepted, restart2msl: false }) : { code, accepted, restart2msl: false };
}
const ACCEPTED: Arrival = Object.freeze({ code: "accepted", accepted: true, restart2msl: false });
const ACCEPTED_2MSL: Arrival = Object.freeze({ code: "accepted", accepted: true, restart2msl: true });
