/**
 * Answers that the TCP engine computes for engine-checked questions. The question bank carries
 * only the parameters (state + event, scenario + blanks, a trace); these functions ask lib/tcp.
 * Pure: randomness is a parameter.
 */
import { ACK, FIN, RST, SYN, annotate, simulate, transition, type Annotation, type SimStep, type TransitionResult } from "@/lib/tcp";
import { annotateColumns, toAnnotation, type AnnotatedColumns } from "@/lib/tcp/annotate";
import type { TcpEvent } from "@/lib/tcp/events";
import { ReassemblyQueue } from "@/lib/tcp/transfer/window";
import type { OrderingItem, SequenceItem, StateItem, TraceItem } from "@/lib/content/schema";
import { drawSequenceOptions } from "@/lib/content/sequence";

export function stateAnswer(item: Pick<StateItem, "state" | "event" | "origin">): TransitionResult {
  return transition(item.state, item.event, item.origin ? { origin: item.origin } : undefined);
}

export interface SequenceBlank {
  segment: number;
  field: "seq" | "ack";
  value: number;
}

export interface SequenceInstance {
  /** the simulation options drawn for this showing (ISNs, payload lengths, seed) */
  options: ReturnType<typeof drawSequenceOptions>;
  steps: SimStep[];
  blanks: SequenceBlank[];
}

/** A fresh instance of a sequence-number question: new ISNs and lengths, answers from simulate(). */
export function sequenceInstance(item: Pick<SequenceItem, "scenario" | "payload" | "faults" | "blanks">, rand: () => number): SequenceInstance {
  const options = drawSequenceOptions(item, rand);
  const { steps } = simulate(item.scenario, options);
  const blanks = item.blanks.map((b) => {
    const step = steps[b.segment];
    if (!step) throw new Error(`segment ${b.segment} does not exist in scenario ${item.scenario}`);
    const value = b.field === "seq" ? step.seq : step.ack;
    if (value === null) throw new Error(`segment ${b.segment} of ${item.scenario} carries no ack number`);
    return { segment: b.segment, field: b.field, value };
  });
  return { options, steps, blanks };
}

export type TraceAnswer =
  | { kind: "states"; line: number; client: string; server: string; annotation: Annotation }
  | { kind: "impossible"; line: number | null; annotation: Annotation }
  | { kind: "ack"; line: number; ack: number | null; annotation: Annotation }
  | { kind: "event"; line: number; events: TcpEvent[]; annotation: Annotation };

/**
 * What the engine says about a trace question: both states after a line, the first impossible
 * line, the ack a line carries (expectedAck) or the analysis events it flags on a line.
 */
export function traceAnswer(item: Pick<TraceItem, "trace" | "ask">): TraceAnswer {
  if (item.ask.kind === "ack") {
    const cols = annotateColumns(item.trace);
    const annotation = toAnnotation(cols);
    const line = item.ask.line;
    const i = annotation.segments.findIndex((s) => s.line === line);
    if (i < 0) throw new Error(`line ${line} of the trace is not a TCP segment`);
    return { kind: "ack", line, ack: expectedAck(cols, i), annotation };
  }
  const annotation = annotate(item.trace);
  if (item.ask.kind === "states" || item.ask.kind === "event") {
    const line = item.ask.line;
    const seg = annotation.segments.find((s) => s.line === line);
    if (!seg) throw new Error(`line ${line} of the trace is not a TCP segment`);
    return item.ask.kind === "states"
      ? { kind: "states", line, client: seg.client, server: seg.server, annotation }
      : { kind: "event", line, events: seg.events, annotation };
  }
  const first = annotation.problems.find((p) => p.line !== undefined);
  return { kind: "impossible", line: first?.line ?? null, annotation };
}

/**
 * The ack number that slot `i` of a replayed capture carries by the engine's reading: its sender's
 * RCV.NXT (RFC 9293 §3.4, §3.10.7.4) after every segment of the peer the replay has it receive by
 * then (Annotation delivery: lost copies are not received), put through the receiver's reassembly
 * queue (lib/tcp/transfer/window.ts: out-of-order data waits above a hole, SYN and FIN count one),
 * in the numbering the capture prints on that line. Null where it is not defined: no ACK flag, a
 * SYN or RST on that line, the peer's SYN not received yet or carrying data (Fast Open), or a
 * numbering other than absolute or relative to the peer's ISN.
 */
export function expectedAck(r: AnnotatedColumns, i: number): number | null {
  const { flags, len, ack } = r.cols;
  if (!(flags[i] & ACK) || flags[i] & (SYN | RST) || ack[i] < 0) return null;
  const peer = r.from[i] ^ 1;
  let syn = -1;
  for (let k = 0; k < i; k++) if (r.from[k] === peer && flags[k] & SYN) { syn = k; break; }
  if (syn < 0 || r.recvAt[syn] < 0 || r.recvAt[syn] > i || len[syn] > 0) return null;
  const isn = r.absSeq[syn] >>> 0;
  const got: number[] = [];
  for (let k = syn + 1; k < r.n; k++) {
    if (r.from[k] !== peer || flags[k] & (SYN | RST)) continue;
    if (r.recvAt[k] >= 0 && r.recvAt[k] <= i) got.push(k);
  }
  got.sort((a, b) => r.recvAt[a] - r.recvAt[b] || a - b);
  const q = new ReassemblyQueue((isn + 1) >>> 0);
  for (const k of got) {
    const n = len[k] + (flags[k] & FIN ? 1 : 0);
    if (n > 0) q.arrive(r.absSeq[k] >>> 0, n, 0x3fff_c000);
  }
  const offset = (r.absAck[i] - ack[i]) >>> 0;
  if (offset !== 0 && offset !== isn) return null;
  return (q.rcvNxt - offset) >>> 0;
}

/** The simulated steps behind an engine-verified ordering question (for its ladder). */
export function orderingSteps(item: Pick<OrderingItem, "engine">): SimStep[] | null {
  if (!item.engine) return null;
  return simulate(item.engine.scenario, { seed: 1, faults: item.engine.faults }).steps;
}
