/**
 * Which bank items a mock interview can ask, and how (pure). Spoken questions are the items with key
 * points (open answers and flashcards); worked turns are the engine-checked items: sequence and
 * engine-verified ordering items become "draw the ladder" turns, state items "which state next and
 * what is sent", trace items "explain this tcpdump excerpt", transfer items "work out these numbers"
 * with parameters drawn afresh for the turn and graded by lib/tcp/transfer's calculators. Choice questions are not asked in a
 * spoken interview (their follow-up links are still walked).
 */
import { simulate, TCP_STATES, type SimStep, type TcpState } from "@/lib/tcp";
import type { Item } from "@/lib/content/schema";
import { topicById, type Focus } from "@/lib/content/topics";
import { traceAnswer, type TraceAnswer } from "@/lib/grading/engine-answers";
import { drawTransfer, type TransferInstance } from "@/lib/content/transfer";
import { mulberry32 } from "./prng";
import type { MockFocus } from "./limits";
import { inFocus, type Candidate, type Mode, type Pool } from "./policy";

export type Phase = "handshake" | "teardown";

export interface LadderRow {
  /** index in the simulation */
  index: number;
  from: "client" | "server";
  len: number;
  lost: boolean;
  flags: string;
  seq: number;
  ack: number | null;
  client: TcpState;
  server: TcpState;
}

export interface LadderInstance {
  scenario: string;
  phase: Phase;
  /** the states before the first row */
  before: { client: TcpState; server: TcpState };
  /** the next sequence number each side will use at the start of the phase (its ISN for a handshake) */
  start: { client: number; server: number };
  rows: LadderRow[];
}

/**
 * Scenario names the content used before the engine named its scenarios (docs/contracts.md says
 * names come from listScenarios()); the name itself and its kebab-case form are tried first.
 */
const SCENARIO_ALIASES: Record<string, string> = { handshake: "client-close", teardown: "client-close" };

function trySimulate(name: string, seed: number): { scenario: string; steps: SimStep[] } | null {
  const names = [name, name.replace(/_/g, "-"), SCENARIO_ALIASES[name]].filter((n): n is string => !!n);
  for (const n of [...new Set(names)]) {
    try {
      return { scenario: n, steps: simulate(n, { seed }).steps };
    } catch {
      /* next name */
    }
  }
  return null;
}

function ladderScenario(item: Item): string | null {
  if (item.type === "sequence") return item.scenario;
  if (item.type === "ordering" && item.engine) return item.engine.scenario;
  return null;
}

function phaseOf(item: Item): Phase {
  return topicById(item.topic)?.focus === "teardown" ? "teardown" : "handshake";
}

/** The rows of one phase of a simulated conversation: the opening up to both ESTABLISHED, or from the first FIN on. */
export function ladderRows(steps: readonly SimStep[], phase: Phase): { rows: LadderRow[]; before: LadderInstance["before"] } | null {
  const toRow = (s: SimStep): LadderRow => ({
    index: s.index,
    from: s.from,
    len: s.len,
    lost: s.fate === "dropped",
    flags: s.flags,
    seq: s.seq,
    ack: s.ack,
    client: s.client,
    server: s.server,
  });
  if (phase === "handshake") {
    const end = steps.findIndex((s) => s.client === "ESTABLISHED" && s.server === "ESTABLISHED");
    if (end < 0 || !steps[0]?.flags.includes("S")) return null;
    // A passive opener waits in LISTEN; in a simultaneous open the server sends a bare SYN too (RFC 9293 Figure 7).
    const serverOpensActively = steps.slice(0, end + 1).some((s) => s.from === "server" && s.flags === "S");
    return { rows: steps.slice(0, end + 1).map(toRow), before: { client: "CLOSED", server: serverOpensActively ? "CLOSED" : "LISTEN" } };
  }
  const first = steps.findIndex((s) => s.flags.includes("F"));
  if (first < 0) return null;
  const prev = steps[first - 1];
  return {
    rows: steps.slice(first).map(toRow),
    before: prev ? { client: prev.client, server: prev.server } : { client: "ESTABLISHED", server: "ESTABLISHED" },
  };
}

/** A fresh ladder to fill in for a sequence or engine-verified ordering item, drawn from `seed`; null when the engine cannot play it. */
export function ladderInstance(item: Item, seed: number): LadderInstance | null {
  const name = ladderScenario(item);
  if (!name) return null;
  const sim = trySimulate(name, seed);
  if (!sim) return null;
  const phase = phaseOf(item);
  const part = ladderRows(sim.steps, phase);
  if (!part || part.rows.length === 0) return null;
  const startOf = (side: "client" | "server") => part.rows.find((r) => r.from === side)?.seq ?? 0;
  return { scenario: sim.scenario, phase, before: part.before, start: { client: startOf("client"), server: startOf("server") }, rows: part.rows };
}

/** The engine's answer to a trace item, or null when the engine cannot read the trace. */
export function traceInstance(item: Item): TraceAnswer | null {
  if (item.type !== "trace") return null;
  try {
    return traceAnswer(item);
  } catch {
    return null;
  }
}

/** A transfer item's numbers drawn from `seed` with the calculator's answers, or null for any other item. */
export function calcInstance(item: Item, seed: number): TransferInstance | null {
  return item.type === "transfer" ? drawTransfer(item.calc, mulberry32(seed)) : null;
}

/** How an item is asked in a mock interview, or null when it is not asked. */
export function modeOf(item: Item): Mode | null {
  if ((item.type === "open" || item.type === "flashcard") && item.keyPoints.length > 0) return "talk";
  if (item.type === "state") return "state";
  // an incident drill is read off tables of ss/netstat output: a practice item, not a spoken turn
  if (item.type === "transfer") return item.calc.kind === "incident" ? null : "calc";
  if (item.type === "trace") return traceInstance(item) ? "trace" : null;
  if (ladderScenario(item) !== null) return ladderInstance(item, 1) ? "ladder" : null;
  return null;
}

/** The policy's view of the bank for an interview of `focus`. */
export function buildPool(items: readonly Item[], focus: MockFocus, weakness: Record<string, number>): Pool {
  const candidates: Candidate[] = [];
  const links: Record<string, string[]> = {};
  for (const item of items) {
    links[item.id] = [...item.followUps];
    const topicFocus: Focus | undefined = topicById(item.topic)?.focus;
    if (!topicFocus || !inFocus(topicFocus, focus)) continue;
    const mode = modeOf(item);
    if (!mode) continue;
    candidates.push({ id: item.id, topic: item.topic, frequency: item.frequency, mode, keyPoints: item.keyPoints.map((k) => k.id) });
  }
  return { candidates, links, weakness };
}

export const STATE_CHOICES = [...TCP_STATES, "REFUSED"] as const;
