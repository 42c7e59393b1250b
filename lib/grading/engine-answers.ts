/**
 * Answers that the TCP engine computes for engine-checked questions. The question bank carries
 * only the parameters (state + event, scenario + blanks, a trace); these functions ask lib/tcp.
 * Pure: randomness is a parameter.
 */
import { annotate, simulate, transition, type Annotation, type SimStep, type TransitionResult } from "@/lib/tcp";
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
  | { kind: "impossible"; line: number | null; annotation: Annotation };

/** What the engine says about a trace question: both states after a line, or the first impossible line. */
export function traceAnswer(item: Pick<TraceItem, "trace" | "ask">): TraceAnswer {
  const annotation = annotate(item.trace);
  if (item.ask.kind === "states") {
    const line = item.ask.line;
    const seg = annotation.segments.find((s) => s.line === line);
    if (!seg) throw new Error(`line ${line} of the trace is not a TCP segment`);
    return { kind: "states", line, client: seg.client, server: seg.server, annotation };
  }
  const first = annotation.problems.find((p) => p.line !== undefined);
  return { kind: "impossible", line: first?.line ?? null, annotation };
}

/** The simulated steps behind an engine-verified ordering question (for its ladder). */
export function orderingSteps(item: Pick<OrderingItem, "engine">): SimStep[] | null {
  if (!item.engine) return null;
  return simulate(item.engine.scenario, { seed: 1, faults: item.engine.faults }).steps;
}
