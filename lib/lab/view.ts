/**
 * The explainer's view of an annotated capture: what the server sends the browser. Compact on
 * purpose — a 10,000-line paste becomes 10,000 short tuples, with states as indexes into
 * TCP_STATES, absolute numbers only (the browser derives relative ones from the two ISNs), and the
 * reasons for skipped lines shared instead of repeated. Messages stay bilingual, so switching the
 * language needs no new request. Nothing here is markup: every string is rendered as text.
 */
// The constants file, not the engine's index: the browser imports this module for `stateName`.
import { TCP_STATES, type Annotation, type Bilingual, type Side, type TcpState } from "@/lib/tcp/types";
import type { TcpEvent } from "@/lib/tcp/events";
import { initialNumbers, toAbsolute, type Numbering } from "./numbering";
import { relatedQuestions, type BankEntry, type RelatedGroup } from "./related";

/**
 * [line, from (0 client, 1 server), flags, seq (absolute), ack (absolute, -1 none), len, client state, server state,
 *  arrival (index into ARRIVALS), the row it refers to (received at, or proving the loss; -1 none)]
 */
export type ViewRow = [number, 0 | 1, string, number, number, number, number, number, number, number];

/** How a row's segment reached its receiver (lib/tcp/annotate.ts, `Delivery`). */
export const ARRIVALS = ["at_once", "crossed", "lost", "unreachable", "end"] as const;

export interface ViewProblem {
  index: number;
  line: number;
  code: string;
  message: Bilingual;
}

/** Skipped lines the view carries with their text; beyond this many only the count is sent. */
export const MAX_SKIPPED_SHOWN = 1000;
/** Longest line text carried for a skipped line (the rest is cut with "…"). */
export const MAX_RAW_SHOWN = 300;

export interface ExplainView {
  rows: ViewRow[];
  /** numbering the capture was printed in */
  printed: Numbering;
  isn: Record<Side, number | null>;
  client: string | null;
  server: string | null;
  midStream: boolean;
  problems: ViewProblem[];
  skipped: { line: number; raw: string; reason: number }[];
  skippedTotal: number;
  reasons: Bilingual[];
  features: Feature[];
  /** the bank's questions on what the trace shows */
  related: RelatedGroup[];
  /** Wireshark's TCP analysis events (lib/tcp/events.ts) of the rows that have any: [row index, events] */
  events: [number, TcpEvent[]][];
}

export const STATE_INDEX: Record<TcpState, number> = Object.fromEntries(TCP_STATES.map((s, i) => [s, i])) as Record<TcpState, number>;

export function stateName(i: number): TcpState {
  return TCP_STATES[i] ?? "CLOSED";
}

/** What a trace shows, for linking it to the bank's questions on it. */
export const FEATURES = [
  "handshake",
  "handshake-loss",
  "handshake-data",
  "simultaneous-open",
  "data",
  "teardown",
  "half-close",
  "close-wait",
  "time-wait",
  "simultaneous-close",
  "rst",
  "impossible",
] as const;
export type Feature = (typeof FEATURES)[number];

export function detectFeatures(a: Pick<Annotation, "segments" | "problems">): Feature[] {
  const found = new Set<Feature>();
  const synSeen = new Map<string, number>();
  const finFrom = new Set<Side>();
  for (const s of a.segments) {
    const syn = s.flags.includes("S");
    const fin = s.flags.includes("F");
    if (syn) {
      found.add("handshake");
      const key = `${s.from}:${s.flags}:${s.seq}`;
      if (synSeen.has(key)) found.add("handshake-loss");
      synSeen.set(key, s.index);
      if (s.len > 0) found.add("handshake-data");
    }
    if (s.client === "SYN_RECEIVED" || (s.from === "server" && s.flags === "S")) found.add("simultaneous-open");
    if (s.len > 0 && !syn) found.add("data");
    if (fin) {
      found.add("teardown");
      finFrom.add(s.from);
    }
    // data from a side after the other side's FIN: the half-closed direction still carries data
    if (s.len > 0 && finFrom.has(s.from === "client" ? "server" : "client") && !finFrom.has(s.from)) found.add("half-close");
    if (s.client === "CLOSE_WAIT" || s.server === "CLOSE_WAIT") found.add("close-wait");
    if (s.client === "TIME_WAIT" || s.server === "TIME_WAIT") found.add("time-wait");
    if (s.client === "CLOSING" || s.server === "CLOSING") found.add("simultaneous-close");
    if (s.flags.includes("R")) found.add("rst");
  }
  if (a.problems.length > 0) found.add("impossible");
  return FEATURES.filter((f) => found.has(f));
}

function cut(raw: string): string {
  return raw.length > MAX_RAW_SHOWN ? `${raw.slice(0, MAX_RAW_SHOWN)}…` : raw;
}

export function buildExplainView(a: Annotation, bank: readonly BankEntry[] = []): ExplainView {
  const abs = toAbsolute(a.segments, a.numbering);
  const rows: ViewRow[] = new Array(a.segments.length);
  const events: [number, TcpEvent[]][] = [];
  for (let i = 0; i < a.segments.length; i++) {
    const s = a.segments[i];
    if (s.events.length > 0) events.push([i, s.events]);
    const ack = abs.ack[i];
    const d = s.delivery;
    const ref = d.kind === "lost" || d.kind === "unreachable" ? d.proof : d.at;
    rows[i] = [s.line, s.from === "client" ? 0 : 1, s.flags, abs.seq[i], ack === null ? -1 : ack, s.len, STATE_INDEX[s.client], STATE_INDEX[s.server],
      ARRIVALS.indexOf(d.kind), ref ?? -1];
  }
  const lineOf = (index: number) => a.segments[index]?.line ?? 0;
  const problems: ViewProblem[] = a.problems.map((p) => ({ index: p.index, line: p.line ?? lineOf(p.index), code: p.code, message: p.message }));
  const reasons: Bilingual[] = [];
  const reasonIndex = new Map<string, number>();
  const skipped: ExplainView["skipped"] = [];
  for (const k of a.skipped) {
    if (skipped.length >= MAX_SKIPPED_SHOWN) break;
    const key = k.reason.en;
    let r = reasonIndex.get(key);
    if (r === undefined) {
      r = reasons.length;
      reasons.push(k.reason);
      reasonIndex.set(key, r);
    }
    skipped.push({ line: k.line, raw: cut(k.raw), reason: r });
  }
  const features = detectFeatures(a);
  return {
    rows,
    printed: a.numbering,
    isn: initialNumbers(a.segments, abs),
    client: a.client,
    server: a.server,
    midStream: a.midStream,
    problems,
    skipped,
    skippedTotal: a.skipped.length,
    reasons,
    features,
    related: relatedQuestions(features, bank),
    events,
  };
}
