/**
 * Predict, then reveal (issue 21 §1): before the player shows a step, the learner predicts it; the
 * engine's own run grades the prediction field by field and says why the step is what it is, with
 * the RFC section. Pure: the player calls it in the browser; the tests call it on simulated runs.
 *
 * - Connection scenarios: who sends the next segment, its flags (SYN, ACK, FIN, RST; PSH is the
 *   sender's choice and never graded), its seq and ack (optional: a blank number is not graded),
 *   and both ends' states once the step is done (the states the player shows for it).
 * - Data-transfer scenarios: who sends next; for the sender's segment the congestion window and
 *   ssthresh just after it left (RFC 5681), for the receiver's segment the number it acknowledges.
 * - Traces (the explainer): both ends' states at a captured line, as `annotate()` reads them.
 *
 * The reasons are the engine's: a step's note, and for every state change the transition table's
 * reason and rule (lib/tcp/transition.ts, RFC 9293 §3.10), so the explanation is the one the
 * engine acted on. Numbers are compared as the learner sees them (absolute or relative, see
 * numbering.ts).
 */
import { isTcpEvent, transition, type Bilingual, type Origin, type Side, type SimStep, type TcpState } from "@/lib/tcp";
import { shown, type Numbering } from "./numbering";

/** A state change of one side during a step (the simulator's transitions, attached to steps). */
export interface StepChange {
  side: Side;
  from: TcpState;
  to: TcpState;
  /** the simulator's cause: a TcpEvent (rcv_fin, close, timeout_2msl, …) or its own word (gave_up, syn_cookie, …) */
  cause: string;
  /** how this side reached SYN_RECEIVED, when it matters (RFC 9293 §3.10.7.4) */
  origin?: Origin;
}

export interface Reason {
  text: Bilingual;
  /** the RFC clause, when the text does not carry it */
  rule: string | null;
}

export type Verdict = "right" | "wrong" | "skipped";
export interface Mark {
  field: string;
  given: string;
  expected: string;
  verdict: Verdict;
}
export interface StepGrade {
  /** 0-based step index */
  index: number;
  /** every graded field right (a skipped optional field does not count against it) */
  correct: boolean;
  marks: Mark[];
  reasons: Reason[];
}

const b = (en: string, zh: string): Bilingual => ({ en, zh });
const SIDE_ZH: Record<Side, string> = { client: "客户端", server: "服务器" };
const SIDE_EN: Record<Side, string> = { client: "Client", server: "Server" };

/** The graded flags of a tcpdump flag string, in a fixed order: S, F, R and "." for ACK (PSH, URG, ECE, CWR are not graded). */
export function gradedFlags(flags: string): string {
  return ["S", "F", "R", "."].filter((f) => flags.includes(f)).join("");
}

/** A learner's number: blank is "not predicted"; anything else must be a whole number 0 … 2^32 − 1. */
export function parseGuessNumber(text: string): number | null | "invalid" {
  const t = text.trim();
  if (t === "") return null;
  if (!/^\d{1,10}$/.test(t)) return "invalid";
  const n = Number(t);
  return n <= 0xffff_ffff ? n : "invalid";
}

function mark(field: string, given: string | number | null, expected: string | number | null, optional = false): Mark {
  const g = given === null ? "" : String(given);
  const e = expected === null ? "—" : String(expected);
  if (given === null && optional) return { field, given: g, expected: e, verdict: "skipped" };
  return { field, given: g, expected: e, verdict: g === (expected === null ? "—" : String(expected)) ? "right" : "wrong" };
}

function grade(index: number, marks: Mark[], reasons: Reason[]): StepGrade {
  return { index, correct: marks.every((m) => m.verdict !== "wrong"), marks, reasons };
}

// ---- connection scenarios -------------------------------------------------------------------------

export interface ConnGuess {
  from: Side;
  /** tcpdump letters, any order; only S, F, R and "." are graded */
  flags: string;
  /** null: not predicted */
  seq: number | null;
  /** null: not predicted; "none" to predict that the segment carries no ACK */
  ack: number | "none" | null;
  client: TcpState;
  server: TcpState;
}

/** What grading needs of a simulated step (a PlayerStep has it all). */
export type ConnStepFacts = Pick<SimStep, "from" | "flags" | "seq" | "ack" | "len" | "client" | "server" | "retransmission" | "fate" | "note"> & {
  changes?: StepChange[];
};

/** Why each side's state changed in this step: the transition table's reason and rule for the cause. */
export function changeReasons(changes: readonly StepChange[]): Reason[] {
  return changes.map((c) => {
    const head = b(`${SIDE_EN[c.side]}: ${c.from} → ${c.to}. `, `${SIDE_ZH[c.side]}：${c.from} → ${c.to}。`);
    if (isTcpEvent(c.cause)) {
      const r = transition(c.from, c.cause, c.origin ? { origin: c.origin } : undefined);
      if (r.ok && r.next === c.to) return { text: b(head.en + r.reason.en, head.zh + r.reason.zh), rule: r.rule };
    }
    const why = causeText[c.cause] ?? b(`(${c.cause})`, `（${c.cause}）`);
    return { text: b(head.en + why.en, head.zh + why.zh), rule: causeRule[c.cause] ?? null };
  });
}

/** Causes the event-level table does not name (the simulator's own): what happened, in both languages. */
const causeText: Record<string, Bilingual> = {
  gave_up: b("Its retransmissions ran out (Linux tcp_syn_retries / tcp_synack_retries / tcp_retries2): the connection is given up.",
    "重传次数用尽（Linux tcp_syn_retries / tcp_synack_retries / tcp_retries2）：放弃这个连接。"),
  retransmission_limit: b("Its retransmissions ran out: the connection is given up.", "重传次数用尽：放弃这个连接。"),
  syn_cookie: b("The ACK returned a valid SYN cookie: the listener rebuilt the connection from it.", "ACK 带回了有效的 SYN cookie：监听方据此重建了连接。"),
  skip_time_wait: b("This endpoint skips TIME_WAIT and deletes its TCB at once.", "该端跳过 TIME_WAIT，立即删除 TCB。"),
  read_from_capture: b("The capture shows this state here; no segment processed at this line explains the change by itself (a segment the capture did not record, or a timer).",
    "抓包在这里显示了这个状态；本行处理的报文段都不能单独解释这一变化（抓包没有记录到的报文段，或某个计时器）。"),
  no_listener: b("Nothing listens on this port: there is no TCB, the server side was CLOSED all along, and a segment without RST to a closed port is answered with an RST.",
    "这个端口上没有监听者：不存在 TCB，服务器一侧始终是 CLOSED；发往关闭端口的不带 RST 的报文段会得到一个 RST 作为回应。"),
  accept_queue_overflow: b("The accept queue is full and tcp_abort_on_overflow = 1: the listener resets the half-open connection.",
    "全连接队列已满且 tcp_abort_on_overflow = 1：监听方重置这个半连接。"),
};
const causeRule: Record<string, string> = {
  gave_up: "RFC 9293 §3.8.3, RFC 1122 §4.2.3.5",
  retransmission_limit: "RFC 9293 §3.8.3, RFC 1122 §4.2.3.5",
  syn_cookie: "RFC 4987 §3.6",
  no_listener: "RFC 9293 §3.10.7.1",
};

/** Why the segment carries the numbers it does. */
function numberReason(s: ConnStepFacts): Reason {
  if (s.flags.includes("R")) {
    return { text: b("An RST that answers a segment takes its seq from that segment's ACK field, or is sent with seq 0 and ACK = SEG.SEQ + SEG.LEN when the segment had no ACK; a forged RST carries whatever its forger chose.",
      "回应某个报文段的 RST，其 seq 取自该报文段的 ACK 字段；若该报文段不带 ACK，则 seq 为 0 且 ACK = SEG.SEQ + SEG.LEN；伪造的 RST 则带着伪造者选的序号。"), rule: "RFC 9293 §3.10.7.1, §3.5.2" };
  }
  if (s.retransmission) {
    return { text: b("A retransmission repeats the oldest unacknowledged segment: its seq is SND.UNA, not SND.NXT.",
      "重传重复发送最早未被确认的报文段：它的 seq 是 SND.UNA，而不是 SND.NXT。"), rule: "RFC 9293 §3.8.1, RFC 6298 §5" };
  }
  return { text: b("seq is the sender's SND.NXT when it sends (a SYN or FIN takes one number of its own), ack its RCV.NXT: the next byte it expects.",
    "seq 是发送方发送时的 SND.NXT（SYN 和 FIN 各占一个序号），ack 是它的 RCV.NXT：它期望的下一个字节。"), rule: "RFC 9293 §3.3.1, §3.4" };
}

/**
 * Grade a prediction of a connection step. `iss` and `numbering` say how the learner sees numbers
 * (relative numbers count from each side's ISS).
 */
export function gradeConnStep(
  index: number,
  step: ConnStepFacts,
  guess: ConnGuess,
  view: { numbering: Numbering; iss: Record<Side, number> },
): StepGrade {
  const other: Side = step.from === "client" ? "server" : "client";
  const expSeq = shown(step.seq, view.iss[step.from], view.numbering);
  const expAck = step.ack === null ? "none" : shown(step.ack, view.iss[other], view.numbering);
  const marks: Mark[] = [
    mark("from", guess.from, step.from),
    mark("flags", gradedFlags(guess.flags) || "—", gradedFlags(step.flags) || "—"),
    mark("seq", guess.seq, expSeq, true),
    mark("ack", guess.ack, expAck, true),
    mark("client", guess.client, step.client),
    mark("server", guess.server, step.server),
  ];
  const reasons: Reason[] = [];
  if (step.note) reasons.push({ text: step.note, rule: null });
  reasons.push(...changeReasons(step.changes ?? []));
  if (marks.some((m) => (m.field === "seq" || m.field === "ack") && m.verdict === "wrong")) reasons.push(numberReason(step));
  if (reasons.length === 0) {
    reasons.push({ text: b("Neither side changes state: this segment is accepted where it belongs (an ACK or data within the window).",
      "双方都不改变状态：这个报文段在窗口之内，被正常接受（ACK 或数据）。"), rule: "RFC 9293 §3.10.7.4" });
  }
  return grade(index, marks, reasons);
}

// ---- data-transfer scenarios ----------------------------------------------------------------------

/** ssthresh "arbitrarily high" (RFC 5681 §3.1) as the transfer simulator holds it. */
export const SSTHRESH_UNLIMITED = 0x7fff_ffff;

export interface TransferGuess {
  from: Side;
  /** bytes, null: not predicted */
  cwnd: number | null;
  /** bytes, "inf" for arbitrarily high, null: not predicted */
  ssthresh: number | "inf" | null;
  /** the number the receiver acknowledges, null: not predicted */
  ack: number | null;
}

export interface TransferStepFacts {
  from: Side;
  ack: number;
  kind: string;
  state: { cwnd: number; ssthresh: number };
  notes: { note: Bilingual }[];
}

const TRANSFER_RULES: Record<string, Reason> = {
  new: { text: b("New data: in slow start every ACK of new data adds up to one MSS to cwnd, in congestion avoidance about one MSS per round trip.",
    "新数据：慢启动期间每个确认新数据的 ACK 让 cwnd 至多增加一个 MSS，拥塞避免期间大约每个往返增加一个 MSS。"), rule: "RFC 5681 §3.1" },
  retransmission: { text: b("A timeout: ssthresh = max(FlightSize / 2, 2·MSS) and cwnd drops to one MSS.",
    "超时：ssthresh = max(FlightSize / 2, 2·MSS)，cwnd 降为一个 MSS。"), rule: "RFC 5681 §3.1, RFC 6298 §5" },
  fast_retransmission: { text: b("The third duplicate ACK: ssthresh = max(FlightSize / 2, 2·MSS), cwnd = ssthresh + 3·MSS (with SACK: cwnd = ssthresh).",
    "第三个重复 ACK：ssthresh = max(FlightSize / 2, 2·MSS)，cwnd = ssthresh + 3·MSS（使用 SACK 时 cwnd = ssthresh）。"), rule: "RFC 5681 §3.2, RFC 6582, RFC 6675" },
  sack_retransmission: { text: b("SACK recovery retransmits the holes the SACK blocks show, as pipe allows.", "SACK 恢复按 pipe 允许的量重传 SACK 块显示的空洞。"), rule: "RFC 6675 §5" },
  zero_window_probe: { text: b("The window is zero: the persist timer sends a probe; cwnd does not change.", "窗口为零：坚持计时器发出探测；cwnd 不变。"), rule: "RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17" },
  ack: { text: b("The receiver acknowledges RCV.NXT, the next in-order byte it expects (cumulative ACK), every second full segment or when its delayed-ACK timer fires.",
    "接收方确认 RCV.NXT，即它期望的下一个按序字节（累积确认）；每收到两个满段或延迟确认计时器到期时发送。"), rule: "RFC 9293 §3.4, RFC 5681 §4.2" },
  dup_ack: { text: b("An out-of-order segment is acknowledged at once with the same number: RCV.NXT stays at the hole (a duplicate ACK).",
    "乱序到达的报文段立即以相同的号码确认：RCV.NXT 停在空洞处（重复 ACK）。"), rule: "RFC 5681 §4.2, §3.2" },
  window_update: { text: b("The application read: the receiver advertises the opened window with the same ACK number.",
    "应用读取了数据：接收方以相同的确认号通告打开的窗口。"), rule: "RFC 9293 §3.8.6.2.2" },
  forged_rst: { text: b("A forged RST (a fault) with the other end's address: at RCV.NXT it resets its receiver, inside the window it only earns a challenge ACK, outside the window it is dropped without an answer.",
    "冒充另一端地址的伪造 RST（故障）：seq 等于 RCV.NXT 时重置接收方，落在窗口内只换来一个挑战 ACK，落在窗口外则被丢弃、不作回应。"), rule: "RFC 9293 §3.10.7.4, RFC 5961 §3.2" },
  challenge_ack: { text: b("An RST inside the window but not at RCV.NXT resets nothing: the receiver answers <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, so the real peer would send an RST at exactly RCV.NXT if it had really aborted.",
    "在窗口内但不等于 RCV.NXT 的 RST 不重置任何东西：接收方回 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>，若对端真的中止了，它会回一个恰好等于 RCV.NXT 的 RST。"), rule: "RFC 5961 §3.2" },
  rst: { text: b("The connection was reset here: without a TCB an end answers every segment that carries an ACK with <SEQ=SEG.ACK><CTL=RST>, which resets the other end in turn.",
    "这一端的连接已被重置：没有 TCB 的一端对每个带 ACK 的报文段回 <SEQ=SEG.ACK><CTL=RST>，它又会重置另一端。"), rule: "RFC 9293 §3.10.7.1" },
};
/** RSTs carry no ACK and change no window: only who sends them is predicted */
const RST_KINDS = new Set(["forged_rst", "rst"]);

/** Grade a prediction of a data-transfer step (`iss` and `numbering` as for connections). */
export function gradeTransferStep(
  index: number,
  step: TransferStepFacts,
  guess: TransferGuess,
  view: { numbering: Numbering; iss: Record<Side, number> },
): StepGrade {
  const marks: Mark[] = [mark("from", guess.from, step.from)];
  if (RST_KINDS.has(step.kind)) {
    // nothing more to predict
  } else if (step.from === "client") {
    const inf = step.state.ssthresh >= SSTHRESH_UNLIMITED;
    marks.push(mark("cwnd", guess.cwnd, step.state.cwnd, true));
    marks.push(mark("ssthresh", guess.ssthresh, inf ? "inf" : step.state.ssthresh, true));
  } else {
    marks.push(mark("ack", guess.ack, shown(step.ack, view.iss.client, view.numbering), true));
  }
  const reasons: Reason[] = step.notes.map((n) => ({ text: n.note, rule: null }));
  const rule = TRANSFER_RULES[step.kind];
  if (rule) reasons.push(rule);
  return grade(index, marks, reasons);
}

// ---- traces (the explainer) -----------------------------------------------------------------------

export interface TraceGuess {
  client: TcpState;
  server: TcpState;
}

/** Grade a prediction of both ends' states at an annotated line; the reasons are the line's problems and how it arrived. */
export function gradeTraceLine(
  index: number,
  line: { client: TcpState; server: TcpState; problems: { message: Bilingual }[] },
  guess: TraceGuess,
  arrival: Bilingual | null,
): StepGrade {
  const marks = [mark("client", guess.client, line.client), mark("server", guess.server, line.server)];
  const reasons: Reason[] = line.problems.map((p) => ({ text: p.message, rule: null }));
  if (arrival) reasons.push({ text: arrival, rule: null });
  return grade(index, marks, reasons);
}

// ---- a run ------------------------------------------------------------------------------------------

export interface RunScore {
  right: number;
  total: number;
  /** 0-based indexes of the steps predicted wrong, in order */
  missed: number[];
}

/** The score of a run: one point per step whose every graded field was right. */
export function scoreRun(grades: readonly StepGrade[]): RunScore {
  const missed = grades.filter((g) => !g.correct).map((g) => g.index);
  return { right: grades.length - missed.length, total: grades.length, missed };
}

/** Origins of SYN_RECEIVED per side, read off the changes so far (passive from LISTEN, active from SYN_SENT). */
export function withOrigins<T extends { side: Side; from: TcpState; to: TcpState }>(changes: readonly T[]): (T & { origin?: Origin })[] {
  const origin: Partial<Record<Side, Origin>> = {};
  return changes.map((c) => {
    if (c.to === "SYN_RECEIVED") origin[c.side] = c.from === "SYN_SENT" ? "active" : "passive";
    const o = origin[c.side];
    return c.from === "SYN_RECEIVED" && o ? { ...c, origin: o } : { ...c };
  });
}
