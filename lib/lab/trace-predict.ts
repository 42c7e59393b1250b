/**
 * Predict, then reveal, over a capture (issue 21 §1, the trace explainer): before each captured line
 * is shown, the learner predicts who sends it, its flags, seq and ack (optional) and both ends'
 * states after it — the scenario player's connection prediction (`gradeConnStep`), graded against
 * `annotate()`'s reading of the line instead of a simulated step.
 *
 * A capture carries no causes, so the reasons are inferred: a state change at a line is explained
 * by the chain of transition-table events (lib/tcp/transition.ts, RFC 9293 §3.10) that the line's
 * own send and the segments its receiver processed at that line allow, the same table the
 * simulator's reasons come from. A change no such chain explains is shown as read from the
 * capture, without a rule. Lines `annotate()` finds impossible carry its message; a lost or
 * crossed segment says where the capture shows it. Pure: the explainer calls it in the browser.
 */
import { transition } from "@/lib/tcp/transition";
import type { Bilingual, Origin, Side, TcpEvent, TcpState } from "@/lib/tcp/types";
import { shown } from "./numbering";
import { gradeConnStep, type ConnGuess, type ConnStepFacts, type Reason, type StepChange, type StepGrade } from "./predict";
import { ARRIVALS, stateName, type ExplainView, type ViewRow } from "./view";

/** A captured line as predict mode needs it: the step facts, numbers as the capture printed them. */
export interface TraceStep extends ConnStepFacts {
  /** the line number in the pasted text */
  line: number;
  /** the line's `annotate()` problems, the arrival note */
  extra: Reason[];
}

const b = (en: string, zh: string): Bilingual => ({ en, zh });
const RETRANSMISSIONS = new Set(["retransmission", "fast_retransmission", "spurious_retransmission"]);

/** The states before the first line: both established for a capture that starts mid-stream. */
export function traceInitial(view: Pick<ExplainView, "midStream">): Record<Side, TcpState> {
  return view.midStream ? { client: "ESTABLISHED", server: "ESTABLISHED" } : { client: "CLOSED", server: "LISTEN" };
}

/** Events a side's own send at a line can stand for. */
function sendEvents(flags: string, len: number): TcpEvent[] {
  const out: TcpEvent[] = [];
  if (flags.includes("R")) out.push("abort");
  if (flags.includes("S") && !flags.includes(".")) out.push("active_open");
  if (flags.includes("F")) out.push("close");
  if (len > 0) out.push("send_data");
  return out;
}

/** Events a received segment can stand for (RFC 9293 §3.10.7): which one applies depends on the receiver's state. */
function receiveEvents(flags: string, len: number): TcpEvent[] {
  if (flags.includes("R")) return ["rcv_rst"];
  if (flags.includes("S")) return flags.includes(".") ? ["rcv_syn_ack"] : ["rcv_syn"];
  const out: TcpEvent[] = [];
  if (flags.includes("F")) out.push("rcv_fin_ack", "rcv_fin");
  if (flags.includes(".")) out.push("rcv_ack");
  if (len > 0) out.push("rcv_data");
  return out;
}

/**
 * The shortest chain (at most three events) of the given events that takes `from` to `to`, each
 * event used at most once. The transition table's answers, so each carries its reason and rule.
 */
function chain(from: TcpState, to: TcpState, events: readonly TcpEvent[], origin: Origin | undefined): { event: TcpEvent; from: TcpState; to: TcpState; origin?: Origin }[] | null {
  type Node = { state: TcpState; origin: Origin | undefined; used: TcpEvent[]; path: { event: TcpEvent; from: TcpState; to: TcpState; origin?: Origin }[] };
  let frontier: Node[] = [{ state: from, origin, used: [], path: [] }];
  for (let depth = 0; depth < 3; depth++) {
    const next: Node[] = [];
    for (const n of frontier) {
      for (const ev of events) {
        if (n.used.includes(ev)) continue;
        const r = transition(n.state, ev, n.origin ? { origin: n.origin } : undefined);
        if (!r.ok || r.next === n.state) continue;
        const o: Origin | undefined = r.next === "SYN_RECEIVED" ? (n.state === "SYN_SENT" ? "active" : "passive") : n.origin;
        const step = { event: ev, from: n.state, to: r.next, ...(n.state === "SYN_RECEIVED" && n.origin ? { origin: n.origin } : {}) };
        const path = [...n.path, step];
        if (r.next === to) return path;
        next.push({ state: r.next, origin: o, used: [...n.used, ev], path });
      }
    }
    frontier = next;
  }
  return null;
}

/** What "crossed" and "lost" mean at a line, naming the line that shows it. */
function arrivalReason(row: ViewRow, rows: readonly ViewRow[]): Reason | null {
  const at = row[9] >= 0 && row[9] < rows.length ? rows[row[9]][0] : null;
  switch (ARRIVALS[row[8]]) {
    case "lost":
      return { text: b(`This segment never reached its receiver: line ${at ?? "?"} shows it was lost (it is sent again, or never acknowledged).`,
        `这个报文段没有到达接收方：第 ${at ?? "?"} 行表明它丢失了（它被重传，或始终没有被确认）。`), rule: "RFC 9293 §3.8.1" };
    case "crossed":
      return { text: b(`This segment crossed segments going the other way: its receiver processed it at line ${at ?? "?"}, so its state changes there, not here.`,
        `这个报文段与反方向的报文段交错而过：接收方在第 ${at ?? "?"} 行才处理它，所以它的状态在那里改变，而不是这里。`), rule: null };
    case "unreachable":
      return { text: b(`An ICMP error (line ${at ?? "?"}) answered this segment: nothing listened for it.`, `一个 ICMP 错误（第 ${at ?? "?"} 行）回应了这个报文段：没有人接收它。`), rule: "RFC 9293 §3.9, RFC 5927" };
    case "end":
      return { text: b("The capture ends before its receiver is seen processing this segment.", "抓包在接收方处理这个报文段之前就结束了。"), rule: null };
    default:
      return null;
  }
}

/** Every line of an explained capture as a step to predict, numbers as the capture printed them. */
export function traceSteps(view: ExplainView): TraceStep[] {
  const rows = view.rows;
  const problems = new Map<number, Bilingual[]>();
  for (const p of view.problems) problems.set(p.index, [...(problems.get(p.index) ?? []), p.message]);
  const events = new Map<number, string[]>(view.events ?? []);
  // segments each line's receiver processed there: at once on their own line, or later (crossed)
  const receivedAt = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const kind = ARRIVALS[r[8]];
    const at = kind === "at_once" ? i : kind === "crossed" ? r[9] : -1;
    if (at >= 0) receivedAt.set(at, [...(receivedAt.get(at) ?? []), i]);
  });
  let before = traceInitial(view);
  const origin: Partial<Record<Side, Origin>> = {};
  return rows.map((row, i) => {
    const from: Side = row[1] === 0 ? "client" : "server";
    const other: Side = from === "client" ? "server" : "client";
    const after: Record<Side, TcpState> = { client: stateName(row[6]), server: stateName(row[7]) };
    const changes: StepChange[] = [];
    const extra: Reason[] = [];
    for (const side of ["client", "server"] as const) {
      if (before[side] === after[side]) continue;
      const evs: TcpEvent[] = side === from ? sendEvents(row[2], row[5]) : [];
      for (const j of receivedAt.get(i) ?? []) {
        const r = rows[j];
        if ((r[1] === 0 ? "client" : "server") !== side) evs.push(...receiveEvents(r[2], r[5]));
      }
      const path = chain(before[side], after[side], [...new Set(evs)], origin[side]);
      if (path) {
        for (const p of path) {
          changes.push({ side, from: p.from, to: p.to, cause: p.event, ...(p.origin ? { origin: p.origin } : {}) });
          if (p.to === "SYN_RECEIVED") origin[side] = p.from === "SYN_SENT" ? "active" : "passive";
        }
      } else {
        const cause = before[side] === "LISTEN" && after[side] === "CLOSED" ? "no_listener" : "read_from_capture";
        changes.push({ side, from: before[side], to: after[side], cause });
        if (after[side] === "SYN_RECEIVED") origin[side] = before[side] === "SYN_SENT" ? "active" : "passive";
      }
    }
    const lineProblems = problems.get(i) ?? [];
    for (const m of lineProblems.slice(1)) extra.push({ text: m, rule: null });
    const arrival = arrivalReason(row, rows);
    if (arrival) extra.push(arrival);
    before = after;
    return {
      line: row[0],
      from,
      flags: row[2],
      seq: shown(row[3], view.isn[from], view.printed),
      ack: row[4] < 0 ? null : shown(row[4], view.isn[other], view.printed),
      len: row[5],
      client: after.client,
      server: after.server,
      retransmission: (events.get(i) ?? []).some((e) => RETRANSMISSIONS.has(e)),
      fate: ARRIVALS[row[8]] === "lost" ? "dropped" : "delivered",
      ...(lineProblems[0] ? { note: lineProblems[0] } : {}),
      changes,
      extra,
    };
  });
}

/**
 * Grade a prediction of a captured line: the connection-step grading (sender, graded flags,
 * seq/ack as the capture printed them, both states), plus the line's own notes.
 */
export function gradeTraceStep(index: number, step: TraceStep, guess: ConnGuess): StepGrade {
  // the step's numbers are already as printed: compare them as they are
  const g = gradeConnStep(index, step, guess, { numbering: "absolute", iss: { client: 0, server: 0 } });
  return { ...g, reasons: [...g.reasons, ...step.extra] };
}

/**
 * The view with only the first `count` lines, for the explainer while the learner predicts: the
 * problems and analysis events of later lines are left out with them.
 */
export function revealedView(view: ExplainView, count: number): ExplainView {
  const n = Math.max(0, Math.min(count, view.rows.length));
  return {
    ...view,
    rows: view.rows.slice(0, n),
    problems: view.problems.filter((p) => p.index < n),
    events: (view.events ?? []).filter(([i]) => i < n),
  };
}
