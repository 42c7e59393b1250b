/**
 * The event-level TCP state machine: RFC 9293 §3.3.2 (Figure 5) and §3.10 (event processing).
 *
 * `transition(state, event)` is pure and table-driven: every (state, event, origin) answer is built
 * once at module load and frozen, so a call is two property lookups. The table is written per state
 * with `satisfies Record<TcpState, Record<TcpEvent, Entry>>`, so the compiler proves that every
 * state answers every event. Each entry names its RFC clause and says why, in Chinese and English.
 *
 * Event meanings (issue 4): `rcv_ack` is an acceptable ACK of our outstanding SYN or FIN without FIN;
 * `rcv_fin` a FIN that does not acknowledge our FIN (or we sent none); `rcv_fin_ack` a FIN whose ACK
 * acknowledges our FIN. Received segments are assumed acceptable (in window) unless the entry says
 * otherwise; the segment-level engine in `endpoint.ts` does the full SEGMENT ARRIVES checks.
 */
import type { Bilingual, Origin, SendKind, TcpEvent, TcpState, TransitionResult } from "./types";
import { TCP_EVENTS, TCP_STATES } from "./types";

type Ok = Extract<TransitionResult, { ok: true }>;
type Rejection = Extract<TransitionResult, { ok: false }>;
/** An entry either answers for both origins or, in SYN_RECEIVED, separately for each. */
type Entry = Ok | Rejection | { passive: Ok | Rejection; active: Ok | Rejection };

const S = (...k: SendKind[]): SendKind[] => k;
function ok(next: TcpState, send: SendKind[], rule: string, en: string, zh: string, origin?: Origin): Ok {
  const r: Ok = { ok: true, next, send, rule, reason: { zh, en } };
  if (origin) r.origin = origin;
  return r;
}
function no(code: string, send: SendKind[], rule: string, en: string, zh: string): Rejection {
  return { ok: false, code, message: { zh, en }, send, rule };
}

// ---- rejections shared by several states -------------------------------------------------------

const USER_NO_CONN = (call: string, sec: string) =>
  no("connection_does_not_exist", S(), `RFC 9293 §${sec}`,
    `${call} in CLOSED: the RFC answers "error: connection does not exist" — there is no TCB.`,
    `在 CLOSED 状态调用 ${call}：RFC 的回答是"错误：连接不存在"——根本没有 TCB。`);
const ALREADY = no("connection_already_exists", S(), "RFC 9293 §3.10.1",
  `OPEN on an existing connection: the RFC answers "error: connection already exists".`,
  `对已存在的连接再次 OPEN：RFC 的回答是"错误：连接已存在"。`);
const CLOSING_SEND = no("connection_closing", S(), "RFC 9293 §3.10.2",
  `SEND after this side's CLOSE: the RFC answers "error: connection closing" — our FIN is already queued or sent, no data may follow it.`,
  `本端已 CLOSE 后再 SEND：RFC 的回答是"错误：连接正在关闭"——FIN 已排队或已发出，其后不能再有数据。`);
const CLOSING_CLOSE = no("connection_closing", S(), "RFC 9293 §3.10.4",
  `A second CLOSE: the RFC answers "error: connection closing" and must not emit a second FIN.`,
  `重复 CLOSE：RFC 的回答是"错误：连接正在关闭"，且不得再发第二个 FIN。`);
const CLOSED_PORT = no("no_connection_rst", S("RST"), "RFC 9293 §3.10.7.1",
  `A segment reaching a CLOSED port (no TCB) is answered with RST: <SEQ=SEG.ACK><CTL=RST> if it carries an ACK, otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> — this is "connection refused".`,
  `到达 CLOSED 端口（无 TCB）的报文段会被回以 RST：若带 ACK 则 <SEQ=SEG.ACK><CTL=RST>，否则 <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>——这就是"连接被拒绝"。`);
const RST_TO_CLOSED = no("rst_ignored", S(), "RFC 9293 §3.10.7.1",
  `An RST arriving at a CLOSED port is discarded; an RST is never answered with an RST.`,
  `RST 到达 CLOSED 端口时被丢弃；RST 永远不会被回以 RST。`);
const NO_2MSL = (state: TcpState) =>
  no("no_2msl_timer", S(), "RFC 9293 §3.10.8",
    `Only TIME_WAIT runs the 2MSL timer; in ${state} there is no time-wait timeout to expire.`,
    `只有 TIME_WAIT 运行 2MSL 定时器；${state} 状态没有可以到期的 time-wait 超时。`);
const SYN_CHALLENGE = (state: TcpState) =>
  no("syn_in_synchronized_state", S("ACK"), "RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4",
    `A SYN in ${state} does not restart the connection: an old duplicate fails the sequence check and an in-window SYN gets a "challenge ACK" <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped.`,
    `${state} 状态收到 SYN 不会重建连接：旧的重复 SYN 通不过序号检查，窗口内的 SYN 会得到"挑战 ACK" <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>；该报文段被丢弃。`);
const DUP_SYN_ACK = (state: TcpState) =>
  ok(state, S("ACK"), "RFC 9293 §3.10.7.4 (first)",
    `A retransmitted SYN-ACK (our ACK of it was lost) lies below RCV.NXT, fails the acceptability test and is answered with an ACK, which lets the peer finish its handshake; our state does not change.`,
    `重传的 SYN-ACK（我们对它的 ACK 丢了）序号低于 RCV.NXT，通不过可接受性检查，被回以 ACK，让对端完成握手；本端状态不变。`);
const RST_RESET = (state: TcpState) =>
  ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (second)",
    `An in-window RST (SEG.SEQ = RCV.NXT) in ${state} resets the connection: pending SENDs and RECEIVEs get "connection reset", the TCB is deleted.`,
    `${state} 状态收到窗口内（SEG.SEQ = RCV.NXT）的 RST 会重置连接：未完成的 SEND/RECEIVE 得到"连接被重置"，TCB 被删除。`);
const ABORT_RST = (state: TcpState) =>
  ok("CLOSED", S("RST"), "RFC 9293 §3.10.5",
    `ABORT in ${state} sends <SEQ=SND.NXT><CTL=RST>, flushes all queues and deletes the TCB (Linux sends it as [R.] with an ACK, e.g. close() with SO_LINGER 0).`,
    `${state} 状态 ABORT 发送 <SEQ=SND.NXT><CTL=RST>，清空所有队列并删除 TCB（Linux 发出的是带 ACK 的 [R.]，例如 SO_LINGER 为 0 时 close()）。`);
const ABORT_QUIET = (state: TcpState) =>
  ok("CLOSED", S(), "RFC 9293 §3.10.5",
    `ABORT in ${state} answers "ok" and deletes the TCB without sending anything: both FINs have been sent, no RST is needed.`,
    `${state} 状态 ABORT 直接回答"ok"并删除 TCB，不发送任何报文：双方的 FIN 都已发出，不需要 RST。`);
const ACK_OF_UNSENT = no("ack_of_unsent_data", S("ACK"), "RFC 9293 §3.10.7.4 (fifth)",
  `The FIN claims to acknowledge our FIN, but we have sent none: SEG.ACK > SND.NXT, so we send an ACK and drop the segment.`,
  `该 FIN 声称确认了我们的 FIN，但我们根本没发过：SEG.ACK > SND.NXT，于是回一个 ACK 并丢弃该报文段。`);
const DATA_AFTER_FIN = (state: TcpState) =>
  ok(state, S("ACK"), "RFC 9293 §3.10.7.4 (first, seventh)",
    `In ${state} the peer has already sent its FIN, so data arriving now can only be a retransmission of data it sent before that FIN (its first copy or our ACK of it was lost). It lies below RCV.NXT: the acceptability test fails (or only a duplicate remains), the text is ignored and the segment is answered with an ACK <SEQ=SND.NXT><ACK=RCV.NXT>; the state stays. New data beyond the FIN cannot happen ("this should not occur since a FIN has been received").`,
    `${state} 状态下对端已发过 FIN，此时到达的数据只能是它在 FIN 之前发出的数据的重传（第一份或我们的 ACK 丢了）。它位于 RCV.NXT 之下：通不过可接受性检查（或只剩重复部分），数据被忽略，并回以 ACK <SEQ=SND.NXT><ACK=RCV.NXT>；状态不变。FIN 之后的新数据不可能出现（RFC："不应发生，因为已收到对端的 FIN"）。`);
const PASSIVE_SEND = no("foreign_socket_unspecified", S(), "RFC 9293 §3.10.2",
  `SEND on a listening connection: with an unspecified foreign socket the RFC answers "error: foreign socket unspecified" (only a fully specified passive OPEN may turn active and send a SYN; the sockets API refuses with ENOTCONN).`,
  `在监听连接上 SEND：对端套接字未指定时 RFC 回答"错误：未指定对端套接字"（只有完全指定了对端的被动 OPEN 才会转为主动并发 SYN；套接字 API 返回 ENOTCONN）。`);

// ---- the table: one block per state -------------------------------------------------------------

const TABLE = {
  CLOSED: {
    passive_open: ok("LISTEN", S(), "RFC 9293 §3.10.1",
      "A passive OPEN creates a TCB and waits for a SYN (listen()).",
      "被动 OPEN 创建 TCB 并等待 SYN（listen()）。"),
    active_open: ok("SYN_SENT", S("SYN"), "RFC 9293 §3.10.1",
      "An active OPEN picks an ISS, sends <SEQ=ISS><CTL=SYN> and sets SND.UNA = ISS, SND.NXT = ISS+1 (connect()).",
      "主动 OPEN 选取 ISS，发送 <SEQ=ISS><CTL=SYN>，并置 SND.UNA = ISS、SND.NXT = ISS+1（connect()）。"),
    close: USER_NO_CONN("CLOSE", "3.10.4"),
    abort: USER_NO_CONN("ABORT", "3.10.5"),
    send_data: USER_NO_CONN("SEND", "3.10.2"),
    rcv_syn: CLOSED_PORT, rcv_syn_ack: CLOSED_PORT, rcv_ack: CLOSED_PORT, rcv_fin: CLOSED_PORT,
    rcv_fin_ack: CLOSED_PORT, rcv_data: CLOSED_PORT,
    rcv_rst: RST_TO_CLOSED,
    timeout_2msl: NO_2MSL("CLOSED"),
  },
  LISTEN: {
    passive_open: ALREADY,
    active_open: ok("SYN_SENT", S("SYN"), "RFC 9293 §3.10.1",
      "An active OPEN on a listening connection turns it active: pick an ISS and send a SYN.",
      "在监听连接上主动 OPEN 会把它变成主动方：选取 ISS 并发送 SYN。"),
    close: ok("CLOSED", S(), "RFC 9293 §3.10.4",
      `CLOSE in LISTEN deletes the TCB; outstanding RECEIVEs get "error: closing". Nothing is sent.`,
      `LISTEN 状态 CLOSE 删除 TCB；未完成的 RECEIVE 得到"错误：正在关闭"。不发送任何报文。`),
    abort: ok("CLOSED", S(), "RFC 9293 §3.10.5",
      `ABORT in LISTEN deletes the TCB; there is no peer to tell.`,
      `LISTEN 状态 ABORT 删除 TCB；没有对端需要通知。`),
    send_data: PASSIVE_SEND,
    rcv_syn: ok("SYN_RECEIVED", S("SYN_ACK"), "RFC 9293 §3.10.7.2",
      "A SYN reaching a listener sets IRS = SEG.SEQ, RCV.NXT = SEG.SEQ+1, picks an ISS and answers <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.",
      "SYN 到达监听方：置 IRS = SEG.SEQ、RCV.NXT = SEG.SEQ+1，选取 ISS，回复 <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>。", "passive"),
    rcv_syn_ack: no("ack_in_listen", S("RST"), "RFC 9293 §3.10.7.2 (second)",
      "Any acknowledgment is bad in LISTEN — nothing has been sent yet — so the SYN-ACK is answered with <SEQ=SEG.ACK><CTL=RST>.",
      "LISTEN 状态下任何确认都是错误的——还什么都没发过——所以该 SYN-ACK 被回以 <SEQ=SEG.ACK><CTL=RST>。"),
    rcv_ack: no("ack_in_listen", S("RST"), "RFC 9293 §3.10.7.2 (second)",
      "An ACK reaching a listener acknowledges nothing it sent (e.g. the half-open entry was dropped): answered with <SEQ=SEG.ACK><CTL=RST>.",
      "到达监听方的 ACK 确认的不是它发过的东西（例如半连接条目已被丢弃）：回以 <SEQ=SEG.ACK><CTL=RST>。"),
    rcv_fin: no("ack_in_listen", S("RST"), "RFC 9293 §3.10.7.2 (second)",
      "A FIN after the handshake carries an ACK, which is bad in LISTEN: answered with <SEQ=SEG.ACK><CTL=RST>.",
      "握手之后的 FIN 都带 ACK，而 LISTEN 状态下 ACK 是错误的：回以 <SEQ=SEG.ACK><CTL=RST>。"),
    rcv_fin_ack: no("ack_in_listen", S("RST"), "RFC 9293 §3.10.7.2 (second)",
      "A FIN acknowledging a FIN cannot concern a listener, which has sent nothing: answered with <SEQ=SEG.ACK><CTL=RST>.",
      "确认 FIN 的 FIN 与监听方无关，它什么都没发过：回以 <SEQ=SEG.ACK><CTL=RST>。"),
    rcv_rst: no("rst_ignored", S(), "RFC 9293 §3.10.7.2 (first)",
      "An RST reaching a listener is ignored.", "到达监听方的 RST 被忽略。"),
    rcv_data: no("ack_in_listen", S("RST"), "RFC 9293 §3.10.7.2 (second)",
      "Data after the handshake carries an ACK, which is bad in LISTEN: answered with <SEQ=SEG.ACK><CTL=RST>.",
      "握手之后的数据都带 ACK，而 LISTEN 状态下 ACK 是错误的：回以 <SEQ=SEG.ACK><CTL=RST>。"),
    timeout_2msl: NO_2MSL("LISTEN"),
  },
  SYN_SENT: {
    passive_open: ALREADY, active_open: ALREADY,
    close: ok("CLOSED", S(), "RFC 9293 §3.10.4",
      `CLOSE in SYN_SENT deletes the TCB and returns "error: closing" to queued calls; no FIN is sent because nothing is synchronized.`,
      `SYN_SENT 状态 CLOSE 删除 TCB，排队的调用得到"错误：正在关闭"；由于尚未同步，不发送 FIN。`),
    abort: ok("CLOSED", S(), "RFC 9293 §3.10.5",
      `ABORT in SYN_SENT deletes the TCB; no RST is sent since the peer holds no state we know of.`,
      `SYN_SENT 状态 ABORT 删除 TCB；不发 RST，因为对端尚无我们已知的状态。`),
    send_data: ok("SYN_SENT", S(), "RFC 9293 §3.10.2",
      "SEND in SYN_SENT queues the data until ESTABLISHED (only TCP Fast Open, RFC 7413, puts data on the SYN itself).",
      "SYN_SENT 状态 SEND 会把数据排队到 ESTABLISHED 再发（只有 TCP Fast Open，RFC 7413，才把数据放进 SYN）。"),
    rcv_syn: ok("SYN_RECEIVED", S("SYN_ACK"), "RFC 9293 §3.10.7.3 (fourth)",
      "Simultaneous open: a SYN without ACK in SYN_SENT sets IRS and RCV.NXT and is answered with <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.",
      "同时打开：SYN_SENT 状态收到不带 ACK 的 SYN，设置 IRS 和 RCV.NXT，并回复 <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>。", "active"),
    rcv_syn_ack: ok("ESTABLISHED", S("ACK"), "RFC 9293 §3.10.7.3 (fourth)",
      "A SYN-ACK whose ACK acknowledges our SYN (SND.UNA < SEG.ACK =< SND.NXT) completes our side: enter ESTABLISHED and send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
      "SYN-ACK 的 ACK 确认了我们的 SYN（SND.UNA < SEG.ACK =< SND.NXT），本端完成握手：进入 ESTABLISHED 并发送 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>。"),
    rcv_ack: no("no_syn_in_syn_sent", S(), "RFC 9293 §3.10.7.3 (fifth)",
      "An ACK without SYN in SYN_SENT gives us no IRS to synchronize on: 'if neither of the SYN or RST bits is set, then drop the segment and return'.",
      "SYN_SENT 状态收到不带 SYN 的 ACK，无法得到 IRS 来同步：RFC 规定\"SYN 和 RST 都未置位时丢弃该报文段\"。"),
    rcv_fin: no("fin_before_synchronized", S(), "RFC 9293 §3.10.7.3 (fifth), §3.10.7.4 (eighth)",
      "A FIN cannot be processed in SYN_SENT because SEG.SEQ cannot be validated yet; the segment is dropped.",
      "SYN_SENT 状态无法处理 FIN，因为还无法校验 SEG.SEQ；该报文段被丢弃。"),
    rcv_fin_ack: no("ack_of_unsent_data", S("RST"), "RFC 9293 §3.10.7.3 (first)",
      "An ACK of a FIN we never sent is unacceptable in SYN_SENT (SEG.ACK > SND.NXT): answered with <SEQ=SEG.ACK><CTL=RST>.",
      "SYN_SENT 状态收到对我们从未发出的 FIN 的确认（SEG.ACK > SND.NXT），不可接受：回以 <SEQ=SEG.ACK><CTL=RST>。"),
    rcv_rst: ok("CLOSED", S(), "RFC 9293 §3.10.7.3 (second)",
      `An RST whose ACK acknowledges our SYN means nobody listens: "error: connection reset" (connection refused), delete the TCB. An RST without such an ACK is dropped.`,
      `ACK 确认了我们 SYN 的 RST 表示对方没有在监听："错误：连接被重置"（连接被拒绝），删除 TCB。不带这种 ACK 的 RST 被丢弃。`),
    rcv_data: no("no_syn_in_syn_sent", S(), "RFC 9293 §3.10.7.3 (fifth)",
      "Data without SYN in SYN_SENT cannot be placed in sequence space yet; the segment is dropped.",
      "SYN_SENT 状态收到不带 SYN 的数据，还无法放入序号空间；该报文段被丢弃。"),
    timeout_2msl: NO_2MSL("SYN_SENT"),
  },
  SYN_RECEIVED: {
    passive_open: ALREADY, active_open: ALREADY,
    close: ok("FIN_WAIT_1", S("FIN"), "RFC 9293 §3.10.4",
      "CLOSE in SYN_RECEIVED with nothing queued to send forms a FIN and enters FIN_WAIT_1 (with queued data it waits for ESTABLISHED).",
      "SYN_RECEIVED 状态 CLOSE 且没有待发数据时，发送 FIN 并进入 FIN_WAIT_1（有待发数据则等到 ESTABLISHED）。"),
    abort: ABORT_RST("SYN_RECEIVED"),
    send_data: ok("SYN_RECEIVED", S(), "RFC 9293 §3.10.2",
      "SEND in SYN_RECEIVED queues the data until ESTABLISHED.",
      "SYN_RECEIVED 状态 SEND 会把数据排队到 ESTABLISHED 再发。"),
    rcv_syn: {
      passive: ok("LISTEN", S(), "RFC 9293 §3.10.7.4 (fourth)",
        "An in-window SYN in SYN_RECEIVED that came from a passive OPEN returns the connection to LISTEN. (A retransmission of the first SYN is an old duplicate: it fails the sequence check and is answered with an ACK; Linux resends the SYN-ACK instead.)",
        "来自被动 OPEN 的 SYN_RECEIVED 收到窗口内的 SYN，连接回到 LISTEN。（重传的第一个 SYN 属于旧重复报文：通不过序号检查，被回以 ACK；Linux 则重发 SYN-ACK。）"),
      active: SYN_CHALLENGE("SYN_RECEIVED"),
    },
    rcv_syn_ack: ok("ESTABLISHED", S(), "RFC 9293 §3.10.7.4 (first, fifth)",
      "Simultaneous open (Figure 7): the peer's SYN-ACK repeats the SYN we already hold, so only its new part is processed; its ACK acknowledges our SYN, so enter ESTABLISHED.",
      "同时打开（图 7）：对端的 SYN-ACK 中的 SYN 我们已收过，只处理新的部分；它的 ACK 确认了我们的 SYN，于是进入 ESTABLISHED。"),
    rcv_ack: ok("ESTABLISHED", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "The third segment of the handshake: SND.UNA < SEG.ACK =< SND.NXT acknowledges our SYN, so enter ESTABLISHED.",
      "握手的第三个报文段：SND.UNA < SEG.ACK =< SND.NXT 确认了我们的 SYN，于是进入 ESTABLISHED。"),
    rcv_fin: ok("CLOSE_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (fifth, eighth)",
      "A FIN whose ACK acknowledges our SYN first takes us to ESTABLISHED, then the FIN moves us to CLOSE_WAIT and is acknowledged.",
      "ACK 确认了我们 SYN 的 FIN：先进入 ESTABLISHED，再因 FIN 进入 CLOSE_WAIT 并确认它。"),
    rcv_fin_ack: no("ack_of_unsent_data", S("RST"), "RFC 9293 §3.10.7.4 (fifth)",
      "In SYN_RECEIVED we have sent no FIN, so an ACK of one is unacceptable: answered with <SEQ=SEG.ACK><CTL=RST>.",
      "SYN_RECEIVED 状态我们没发过 FIN，对它的确认不可接受：回以 <SEQ=SEG.ACK><CTL=RST>。"),
    rcv_rst: {
      passive: ok("LISTEN", S(), "RFC 9293 §3.10.7.4 (second)",
        "An RST in SYN_RECEIVED reached from a passive OPEN returns the connection to LISTEN (Figure 8: recovery from an old duplicate SYN).",
        "由被动 OPEN 进入的 SYN_RECEIVED 收到 RST，连接回到 LISTEN（图 8：从旧的重复 SYN 中恢复）。", "passive"),
      active: ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (second)",
        `An RST in SYN_RECEIVED reached from an active OPEN (simultaneous open) means "connection refused": delete the TCB, enter CLOSED.`,
        `由主动 OPEN（同时打开）进入的 SYN_RECEIVED 收到 RST，意味着"连接被拒绝"：删除 TCB，进入 CLOSED。`, "active"),
    },
    rcv_data: ok("ESTABLISHED", S("ACK"), "RFC 9293 §3.10.7.4 (fifth, seventh)",
      "Data whose ACK acknowledges our SYN completes the handshake even if the pure third ACK was lost: enter ESTABLISHED, accept the data, acknowledge it.",
      "ACK 确认了我们 SYN 的数据段，即使单独的第三次握手 ACK 丢了也能完成握手：进入 ESTABLISHED，接收数据并确认。"),
    timeout_2msl: NO_2MSL("SYN_RECEIVED"),
  },
  ESTABLISHED: {
    passive_open: ALREADY, active_open: ALREADY,
    close: ok("FIN_WAIT_1", S("FIN"), "RFC 9293 §3.10.4",
      "CLOSE in ESTABLISHED queues a FIN after any pending data and enters FIN_WAIT_1 (the active closer).",
      "ESTABLISHED 状态 CLOSE：在待发数据之后排队一个 FIN，进入 FIN_WAIT_1（主动关闭方）。"),
    abort: ABORT_RST("ESTABLISHED"),
    send_data: ok("ESTABLISHED", S("DATA"), "RFC 9293 §3.10.2",
      "SEND in ESTABLISHED segmentizes and sends the data with the current ACK.",
      "ESTABLISHED 状态 SEND：把数据分段并带上当前 ACK 发送。"),
    rcv_syn: SYN_CHALLENGE("ESTABLISHED"),
    rcv_syn_ack: DUP_SYN_ACK("ESTABLISHED"),
    rcv_ack: ok("ESTABLISHED", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "An ACK in ESTABLISHED advances SND.UNA (SND.UNA < SEG.ACK =< SND.NXT) and frees acknowledged data; nothing is sent in reply to a pure ACK.",
      "ESTABLISHED 状态收到 ACK：推进 SND.UNA（SND.UNA < SEG.ACK =< SND.NXT）并释放已确认的数据；对纯 ACK 不作回复。"),
    rcv_fin: ok("CLOSE_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "The peer closes first: advance RCV.NXT over the FIN, acknowledge it, tell the application (read() returns 0) and enter CLOSE_WAIT (the passive closer).",
      "对端先关闭：RCV.NXT 越过 FIN，确认它，通知应用（read() 返回 0），进入 CLOSE_WAIT（被动关闭方）。"),
    rcv_fin_ack: ACK_OF_UNSENT,
    rcv_rst: RST_RESET("ESTABLISHED"),
    rcv_data: ok("ESTABLISHED", S("ACK"), "RFC 9293 §3.10.7.4 (seventh)",
      "In-order data advances RCV.NXT, is delivered to the application and acknowledged.",
      "按序到达的数据推进 RCV.NXT，交给应用并被确认。"),
    timeout_2msl: NO_2MSL("ESTABLISHED"),
  },
  FIN_WAIT_1: {
    passive_open: ALREADY, active_open: ALREADY,
    close: CLOSING_CLOSE,
    abort: ABORT_RST("FIN_WAIT_1"),
    send_data: CLOSING_SEND,
    rcv_syn: SYN_CHALLENGE("FIN_WAIT_1"),
    rcv_syn_ack: DUP_SYN_ACK("FIN_WAIT_1"),
    rcv_ack: ok("FIN_WAIT_2", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "Our FIN is acknowledged: enter FIN_WAIT_2 and wait for the peer's FIN (we can still receive data: half-close).",
      "我们的 FIN 被确认：进入 FIN_WAIT_2，等待对端的 FIN（仍可接收数据：半关闭）。"),
    rcv_fin: ok("CLOSING", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "Simultaneous close (Figure 13): the peer's FIN arrives before the ACK of ours, so acknowledge it and enter CLOSING.",
      "同时关闭（图 13）：对端的 FIN 先于对我们 FIN 的确认到达，确认它并进入 CLOSING。"),
    rcv_fin_ack: ok("TIME_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (fifth, eighth)",
      "A FIN that also acknowledges our FIN: the ACK takes us to FIN_WAIT_2 and the FIN straight on to TIME_WAIT; acknowledge it and start the 2MSL timer. (Linux typically sends its FIN only after ACKing ours, but both forms are legal.)",
      "同时确认了我们 FIN 的 FIN：ACK 让我们进入 FIN_WAIT_2，FIN 又直接让我们进入 TIME_WAIT；确认它并启动 2MSL 定时器。（Linux 常在确认我方 FIN 之后才发自己的 FIN，两种形式都合法。）"),
    rcv_rst: RST_RESET("FIN_WAIT_1"),
    rcv_data: ok("FIN_WAIT_1", S("ACK"), "RFC 9293 §3.10.7.4 (seventh)",
      "Closing only stops our sending: data from the peer is still delivered and acknowledged in FIN_WAIT_1. (Linux answers it with RST instead if the application called close() rather than shutdown(), because nobody can read it.)",
      "关闭只是停止我方发送：FIN_WAIT_1 仍会接收并确认对端数据。（若应用调用的是 close() 而非 shutdown()，Linux 会改回 RST，因为已无人读取。）"),
    timeout_2msl: NO_2MSL("FIN_WAIT_1"),
  },
  FIN_WAIT_2: {
    passive_open: ALREADY, active_open: ALREADY,
    close: CLOSING_CLOSE,
    abort: ABORT_RST("FIN_WAIT_2"),
    send_data: CLOSING_SEND,
    rcv_syn: SYN_CHALLENGE("FIN_WAIT_2"),
    rcv_syn_ack: DUP_SYN_ACK("FIN_WAIT_2"),
    rcv_ack: ok("FIN_WAIT_2", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "Our FIN is already acknowledged; a further ACK changes nothing. (The RFC waits here indefinitely; Linux times out an orphaned FIN_WAIT_2 after tcp_fin_timeout, 60 s.)",
      "我们的 FIN 已被确认；再来的 ACK 不改变任何东西。（RFC 会在此无限等待；Linux 对已无进程持有的 FIN_WAIT_2 在 tcp_fin_timeout 即 60 秒后超时。）"),
    rcv_fin: ok("TIME_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "The peer's FIN arrives in FIN_WAIT_2: acknowledge it, enter TIME_WAIT and start the 2MSL timer.",
      "FIN_WAIT_2 状态收到对端 FIN：确认它，进入 TIME_WAIT 并启动 2MSL 定时器。"),
    rcv_fin_ack: ok("TIME_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "The peer's FIN (whose ACK covers our FIN, as every FIN sent after it does) arrives in FIN_WAIT_2: acknowledge it, enter TIME_WAIT, start the 2MSL timer.",
      "FIN_WAIT_2 状态收到对端的 FIN（其 ACK 覆盖了我们的 FIN）：确认它，进入 TIME_WAIT，启动 2MSL 定时器。"),
    rcv_rst: RST_RESET("FIN_WAIT_2"),
    rcv_data: ok("FIN_WAIT_2", S("ACK"), "RFC 9293 §3.10.7.4 (seventh)",
      "Half-close: the peer in CLOSE_WAIT may keep sending; the data is delivered and acknowledged in FIN_WAIT_2. (Linux answers with RST instead if the application already called close().)",
      "半关闭：处于 CLOSE_WAIT 的对端可以继续发送；FIN_WAIT_2 接收并确认这些数据。（若应用已调用 close()，Linux 会改回 RST。）"),
    timeout_2msl: NO_2MSL("FIN_WAIT_2"),
  },
  CLOSE_WAIT: {
    passive_open: ALREADY, active_open: ALREADY,
    close: ok("LAST_ACK", S("FIN"), "RFC 9293 §3.10.4",
      "CLOSE in CLOSE_WAIT sends our FIN after any pending data and enters LAST_ACK. (A socket left in CLOSE_WAIT means the application never called close().)",
      "CLOSE_WAIT 状态 CLOSE：在待发数据之后发送我们的 FIN，进入 LAST_ACK。（套接字停留在 CLOSE_WAIT 说明应用一直没有调用 close()。）"),
    abort: ABORT_RST("CLOSE_WAIT"),
    send_data: ok("CLOSE_WAIT", S("DATA"), "RFC 9293 §3.10.2",
      "Half-close: after the peer's FIN we may still send data in CLOSE_WAIT.",
      "半关闭：收到对端 FIN 后，CLOSE_WAIT 状态仍可发送数据。"),
    rcv_syn: SYN_CHALLENGE("CLOSE_WAIT"),
    rcv_syn_ack: DUP_SYN_ACK("CLOSE_WAIT"),
    rcv_ack: ok("CLOSE_WAIT", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "An ACK of our data in CLOSE_WAIT advances SND.UNA; the state stays.",
      "CLOSE_WAIT 状态收到对我方数据的 ACK，推进 SND.UNA；状态不变。"),
    rcv_fin: ok("CLOSE_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (first, eighth)",
      "A retransmitted FIN (our ACK was lost) is acknowledged again; remain in CLOSE_WAIT.",
      "重传的 FIN（我们的 ACK 丢了）被再次确认；保持 CLOSE_WAIT。"),
    rcv_fin_ack: ACK_OF_UNSENT,
    rcv_rst: RST_RESET("CLOSE_WAIT"),
    rcv_data: DATA_AFTER_FIN("CLOSE_WAIT"),
    timeout_2msl: NO_2MSL("CLOSE_WAIT"),
  },
  CLOSING: {
    passive_open: ALREADY, active_open: ALREADY,
    close: CLOSING_CLOSE,
    abort: ABORT_QUIET("CLOSING"),
    send_data: CLOSING_SEND,
    rcv_syn: SYN_CHALLENGE("CLOSING"),
    rcv_syn_ack: DUP_SYN_ACK("CLOSING"),
    rcv_ack: ok("TIME_WAIT", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "Simultaneous close: the ACK of our FIN arrives in CLOSING, so enter TIME_WAIT and start the 2MSL timer — both sides end in TIME_WAIT.",
      "同时关闭：CLOSING 状态收到对我们 FIN 的 ACK，进入 TIME_WAIT 并启动 2MSL 定时器——双方都会经过 TIME_WAIT。"),
    rcv_fin: ok("CLOSING", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "A retransmitted FIN in CLOSING is acknowledged again; remain in CLOSING.",
      "CLOSING 状态收到重传的 FIN，再次确认；保持 CLOSING。"),
    rcv_fin_ack: ok("TIME_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (fifth, eighth)",
      "A retransmitted FIN that now acknowledges our FIN: the ACK takes CLOSING to TIME_WAIT and the duplicate FIN is acknowledged.",
      "重传的 FIN 这次确认了我们的 FIN：ACK 让 CLOSING 进入 TIME_WAIT，重复的 FIN 被确认。"),
    rcv_rst: ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (second)",
      "An in-window RST in CLOSING: enter CLOSED and delete the TCB.", "CLOSING 状态收到窗口内的 RST：进入 CLOSED，删除 TCB。"),
    rcv_data: DATA_AFTER_FIN("CLOSING"),
    timeout_2msl: NO_2MSL("CLOSING"),
  },
  LAST_ACK: {
    passive_open: ALREADY, active_open: ALREADY,
    close: CLOSING_CLOSE,
    abort: ABORT_QUIET("LAST_ACK"),
    send_data: CLOSING_SEND,
    rcv_syn: SYN_CHALLENGE("LAST_ACK"),
    rcv_syn_ack: DUP_SYN_ACK("LAST_ACK"),
    rcv_ack: ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "The only thing that can arrive in LAST_ACK is the ACK of our FIN: delete the TCB and enter CLOSED. The passive closer never enters TIME_WAIT.",
      "LAST_ACK 状态唯一会到达的是对我们 FIN 的 ACK：删除 TCB，进入 CLOSED。被动关闭方不会经过 TIME_WAIT。"),
    rcv_fin: ok("LAST_ACK", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "A retransmitted FIN that does not yet acknowledge ours: acknowledge it again, remain in LAST_ACK.",
      "尚未确认我方 FIN 的重传 FIN：再次确认，保持 LAST_ACK。"),
    rcv_fin_ack: ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "Its ACK acknowledges our FIN, and in LAST_ACK that ends everything at the ACK step: delete the TCB, enter CLOSED and return without processing the (duplicate) FIN.",
      "它的 ACK 确认了我们的 FIN，LAST_ACK 在 ACK 步骤就结束：删除 TCB，进入 CLOSED，不再处理其中（重复的）FIN。"),
    rcv_rst: ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (second)",
      "An in-window RST in LAST_ACK: enter CLOSED and delete the TCB.", "LAST_ACK 状态收到窗口内的 RST：进入 CLOSED，删除 TCB。"),
    rcv_data: DATA_AFTER_FIN("LAST_ACK"),
    timeout_2msl: NO_2MSL("LAST_ACK"),
  },
  TIME_WAIT: {
    passive_open: ALREADY, active_open: ALREADY,
    close: CLOSING_CLOSE,
    abort: ABORT_QUIET("TIME_WAIT"),
    send_data: CLOSING_SEND,
    // The answer follows Linux (and the annotator, which replays real captures): a new connection.
    rcv_syn: ok("SYN_RECEIVED", S("SYN_ACK"), "RFC 9293 §3.10.7.4 (fourth) and RFC 6191; Linux tcp_timewait_state_process()",
      "Linux (and BSD) reading, which this answer follows: a SYN in TIME_WAIT whose sequence number is above RCV.NXT (or whose timestamp is newer, RFC 6191) starts a new connection on the same 4-tuple — the TIME_WAIT TCB is dropped, the listener answers with a SYN-ACK and the new connection is in SYN_RECEIVED (tcpdump restarts its relative numbers). RFC 9293's default reading: the SYN gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4) and TIME_WAIT stays; RFC 9293 §3.10.7.4 allows the Linux behaviour as an option.",
      "Linux（及 BSD）的做法，本回答采用它：TIME_WAIT 收到序号大于 RCV.NXT（或时间戳更新，RFC 6191）的 SYN 时，在同一四元组上开始新连接——丢弃 TIME_WAIT 的 TCB，监听方回以 SYN-ACK，新连接进入 SYN_RECEIVED（tcpdump 重新开始相对序号）。RFC 9293 的默认做法：对该 SYN 回以挑战 ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>（RFC 5961 §4），保持 TIME_WAIT；RFC 9293 §3.10.7.4 允许采用 Linux 的做法。",
      "passive"),
    rcv_syn_ack: DUP_SYN_ACK("TIME_WAIT"),
    rcv_ack: ok("TIME_WAIT", S(), "RFC 9293 §3.10.7.4 (fifth)",
      "Our FIN is already acknowledged; another ACK changes nothing, TIME_WAIT runs on.",
      "我们的 FIN 早已被确认；再来的 ACK 不改变任何东西，TIME_WAIT 继续计时。"),
    rcv_fin: ok("TIME_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "The peer retransmitted its FIN because our last ACK was lost: acknowledge it again and restart the 2MSL timer — the reason TIME_WAIT exists.",
      "对端因我们的最后一个 ACK 丢失而重传 FIN：再次确认并重启 2MSL 定时器——这正是 TIME_WAIT 存在的理由。"),
    rcv_fin_ack: ok("TIME_WAIT", S("ACK"), "RFC 9293 §3.10.7.4 (eighth)",
      "The peer retransmitted its FIN (acknowledging ours) because our last ACK was lost: acknowledge it again and restart the 2MSL timer.",
      "对端因我们的最后一个 ACK 丢失而重传 FIN（其中确认了我们的 FIN）：再次确认并重启 2MSL 定时器。"),
    rcv_rst: ok("CLOSED", S(), "RFC 9293 §3.10.7.4 (second), RFC 1337",
      "An in-window RST ends TIME_WAIT early ('TIME-WAIT assassination', RFC 1337). Linux does the same unless net.ipv4.tcp_rfc1337 = 1, which ignores it.",
      "窗口内的 RST 会提前结束 TIME_WAIT（\"TIME-WAIT 暗杀\"，RFC 1337）。Linux 同样如此，除非设置 net.ipv4.tcp_rfc1337 = 1 忽略它。"),
    rcv_data: DATA_AFTER_FIN("TIME_WAIT"),
    timeout_2msl: ok("CLOSED", S(), "RFC 9293 §3.10.8",
      "The time-wait timeout (2MSL) expires: delete the TCB and enter CLOSED. (Linux holds TIME_WAIT a fixed 60 s, TCP_TIMEWAIT_LEN, whatever the MSL.)",
      "time-wait 超时（2MSL）到期：删除 TCB，进入 CLOSED。（Linux 的 TIME_WAIT 固定为 60 秒，即 TCP_TIMEWAIT_LEN，与 MSL 无关。）"),
  },
} satisfies Record<TcpState, Record<TcpEvent, Entry>>;

function deepFreeze<T>(x: T): T {
  if (x && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}

/** Resolved table: state → event → [passive answer, active answer]. Built once, frozen. */
const RESOLVED: Record<string, Record<string, readonly [TransitionResult, TransitionResult]>> = {};
for (const state of TCP_STATES) {
  const row: Record<string, readonly [TransitionResult, TransitionResult]> = {};
  for (const event of TCP_EVENTS) {
    const e: Entry = TABLE[state][event];
    const pick = (o: Origin): TransitionResult => {
      const r = "passive" in e ? e[o] : e;
      // SYN_RECEIVED remembers its origin: events that stay there carry it along.
      if (r.ok && r.next === "SYN_RECEIVED" && !r.origin) return { ...r, origin: o };
      return r;
    };
    row[event] = deepFreeze([pick("passive"), pick("active")] as const);
  }
  RESOLVED[state] = row;
}

/**
 * The next state and what is sent, or a typed rejection (RFC 9293 §3.10).
 * `opts.origin` matters only in SYN_RECEIVED (default: passive, the common case of a listener).
 * The returned objects are shared and frozen: do not mutate them.
 */
export function transition(state: TcpState, event: TcpEvent, opts?: { origin?: Origin }): TransitionResult {
  const row = RESOLVED[state];
  if (row === undefined) throw new TypeError(`unknown TCP state: ${String(state)}`);
  const pair = row[event];
  if (pair === undefined) throw new TypeError(`unknown TCP event: ${String(event)}`);
  return pair[opts?.origin === "active" ? 1 : 0];
}

export function isTcpState(s: string): s is TcpState {
  return (TCP_STATES as readonly string[]).includes(s);
}
export function isTcpEvent(s: string): s is TcpEvent {
  return (TCP_EVENTS as readonly string[]).includes(s);
}
export type { Bilingual };
