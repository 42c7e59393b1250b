/**
 * What the scenario player shows for a data-transfer run (lib/tcp/transfer): the simulator's
 * segments as steps, each with the sender's state after it left, the Wireshark analysis labels a
 * capture on the sending host would give it, the simulator's events since the step before, and
 * the timers that ended in between; plus the series the charts draw. Pure: the page calls it on
 * the server and hands the (serialisable) view to the player.
 *
 * Steps are the simulator's transmissions in the order they left (`segment` = the transmission
 * index, so step N is transmission N − 1: the transfer simulator does not list the network's
 * copies as transmissions). Faults: the scenario's own (built in, shown but fixed) plus the
 * learner's, on step numbers, resolved like the connection player's (`faults.ts`).
 */
import { annotate, type Bilingual, type Fault, type Side } from "@/lib/tcp";
import type { TcpEvent } from "@/lib/tcp/events";
import {
  captured,
  renderTransferTcpdump,
  simulateTransfer,
  timeSequence,
  TRANSFER_FAULT_KINDS,
  TRANSFER_SCENARIOS,
  type TimeSequence,
  type TransferEventKind,
  type TransferFault,
  type TransferResult,
  type TransferSegment,
  type TransferState,
  type TransferTimer,
} from "@/lib/tcp/transfer";
import { resolveStepFaults, stepFaultsOf, type StepFault } from "./faults";

export const TRANSFER_SCENARIO_NAMES: readonly string[] = TRANSFER_SCENARIOS.map((s) => s.name);

export function isTransferScenario(name: string): boolean {
  return TRANSFER_SCENARIO_NAMES.includes(name);
}

export interface TransferStepNote {
  t: number;
  side: Side;
  kind: TransferEventKind;
  note: Bilingual;
}

/** One transmission of the run as the player shows it: the simulator's segment (its index as `segment`) and more. */
export interface TransferStep extends Omit<TransferSegment, "index" | "tx" | "state"> {
  /** the transmission index (what a fault is applied to); null for a forged RST, which no end sent */
  segment: number | null;
  /** the connection stays ESTABLISHED throughout (for the ladder's state labels) */
  client: "ESTABLISHED";
  server: "ESTABLISHED";
  /** both ends just after it left */
  state: TransferState;
  /** Wireshark's TCP analysis labels for it in a capture on the host that sent it (lib/tcp/events.ts) */
  wireshark: TcpEvent[];
  /** what the simulator noted after the previous step left, up to this one */
  notes: TransferStepNote[];
  /** timers that fired after the previous step left, up to this one */
  fired: TransferTimer[];
  /** ladder: the index of the last step sent before this segment arrived, when later than this one (it crossed those) */
  arrivesAt?: number;
}

export interface TransferView {
  scenario: string;
  seed: number;
  iss: { client: number; server: number };
  mss: number;
  /** bytes the receiver's application reads at most at once: its buffer */
  rcvBuf: number;
  steps: TransferStep[];
  cwnd: TransferResult["cwnd"];
  timers: TransferTimer[];
  series: TimeSequence;
  /** notes after the last segment left (e.g. the final delayed ACK's timer): shown with the last step */
  summary: TransferResult["summary"];
}

export interface TransferRun {
  result: TransferResult;
  /** the learner's faults, on step numbers of the run shown */
  faults: StepFault[];
  /** the learner's faults that name no step of the run */
  ignored: StepFault[];
  /** the scenario's own faults, on step numbers of the run shown */
  builtIn: StepFault[];
}

function scenarioOf(name: string) {
  const s = TRANSFER_SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown transfer scenario "${name}"`);
  return s;
}

/**
 * Simulate the transfer a player URL asks for: the scenario with the seed, its own faults and the
 * learner's (`stepFaults` on 1-based steps; `legacyFaults`, an old link's transmission indexes,
 * win when present).
 */
/** A slow reader (what-if `slow_read`): the receiving application reads nothing for this long (ms)… */
export const SLOW_READ_MS = 2_000;
/** …into a receive buffer of at most this many bytes (SO_RCVBUF), so that the window fills and closes. */
export const SLOW_READ_RCVBUF = 4_000;

/**
 * The run a transfer player URL asks for. The transfer simulator models the network's faults and
 * a slow reader (`slowRead`: the receiver's application reads nothing for SLOW_READ_MS, its buffer
 * at most SLOW_READ_RCVBUF, so the window closes and the sender probes it, RFC 9293 §3.8.6.1), and
 * forged RSTs right behind a segment (reset, challenge ACK or dropped: lib/tcp/transfer/sim.ts).
 */
export function simulateTransferRun(scenario: string, seed: number, stepFaults: readonly StepFault[], legacyFaults: readonly Fault[] = [], app: { slowRead?: boolean } = {}): TransferRun {
  const s = scenarioOf(scenario);
  const own = s.options.faults ?? [];
  const slow = app.slowRead
    ? { readPausedUntil: Math.max(s.options.readPausedUntil ?? 0, SLOW_READ_MS), rcvBuf: Math.min(s.options.rcvBuf ?? SLOW_READ_RCVBUF, SLOW_READ_RCVBUF) }
    : {};
  const network = (k: Fault["kind"]): k is TransferFault["kind"] => TRANSFER_FAULT_KINDS.includes(k);
  const run = (faults: readonly Fault[]) =>
    simulateTransfer({ ...s.options, ...slow, seed, faults: [...own, ...faults.flatMap((f): TransferFault[] => (network(f.kind) ? [{ segment: f.segment, kind: f.kind }] : []))] });
  const asSteps = (r: TransferResult) => r.segments.map((x) => ({ segment: x.tx }));
  let result: TransferResult;
  let faults: StepFault[];
  let ignored: StepFault[] = [];
  if (legacyFaults.length > 0) {
    result = run(legacyFaults);
    faults = stepFaultsOf(legacyFaults, asSteps(result));
  } else {
    let last: { n: number; r: TransferResult } | null = null;
    const resolved = resolveStepFaults(stepFaults.filter((f) => network(f.kind)), (fs) => {
      last = { n: fs.length, r: run(fs) };
      return asSteps(last.r);
    });
    const done = last as { n: number; r: TransferResult } | null;
    result = done && done.n === resolved.faults.length ? done.r : run(resolved.faults);
    faults = resolved.kept;
    ignored = [...stepFaults.filter((f) => !network(f.kind)), ...resolved.ignored];
  }
  return { result, faults, ignored, builtIn: builtInSteps(own, result) };
}

/** The step numbers of the scenario's own faults (given by index among one side's transmissions, or among all). */
export function builtInSteps(own: readonly TransferFault[], r: TransferResult): StepFault[] {
  const out: StepFault[] = [];
  const count: Record<Side, number> = { client: 0, server: 0 };
  for (const seg of r.segments) {
    if (seg.tx === null) continue; // a forged segment: no end sent it
    const sideIndex = count[seg.from]++;
    const f = own.find((x) => (x.from === undefined ? x.segment === seg.tx : x.from === seg.from && x.segment === sideIndex));
    if (f) out.push({ step: seg.index + 1, kind: f.kind });
  }
  return out;
}

/** Wireshark's labels per transmission index, each from a capture on the host that sent the segment. */
export function wiresharkLabels(r: TransferResult): TcpEvent[][] {
  const out: TcpEvent[][] = r.segments.map(() => []);
  for (const vantage of ["client", "server"] as const) {
    const rows = captured(r, vantage);
    const a = annotate(renderTransferTcpdump(r, { vantage }));
    // one annotated line per captured row (render.test.ts checks the counts agree)
    a.segments.forEach((line, i) => {
      const seg = rows[i]?.seg;
      if (seg && seg.from === vantage) for (const e of line.events) if (!out[seg.index].includes(e)) out[seg.index].push(e);
    });
  }
  return out;
}

/** The player's view of a run. */
export function transferView(scenario: string, r: TransferResult): TransferView {
  const s = scenarioOf(scenario);
  const labels = wiresharkLabels(r);
  const segs = r.segments;
  const steps: TransferStep[] = segs.map((seg, i) => {
    // what happened after the previous segment left and led to this one (the last step also shows what followed it)
    const mine = (before: number) => Math.min(before, segs.length - 1) === i;
    const notes = r.events.filter((e) => mine(e.before)).map(({ t, side, kind, note }) => ({ t, side, kind, note }));
    const fired = r.timers.filter((tm) => tm.end === "fired" && mine(tm.endedBefore!));
    let arrivesAt: number | undefined;
    if (seg.arrivedAt !== null) {
      let k = i;
      while (k + 1 < segs.length && segs[k + 1].t < seg.arrivedAt) k++;
      if (k > i) arrivesAt = k;
    }
    return {
      t: seg.t, arrivedAt: seg.arrivedAt, from: seg.from, flags: seg.flags, seq: seg.seq, ack: seg.ack, len: seg.len, win: seg.win,
      sack: seg.sack, kind: seg.kind, fate: seg.fate, retransmission: seg.retransmission, segment: seg.tx,
      ...(seg.forged ? { forged: true } : {}),
      client: "ESTABLISHED", server: "ESTABLISHED", state: seg.state!, wireshark: labels[i], notes, fired,
      ...(arrivesAt !== undefined ? { arrivesAt } : {}),
    };
  });
  return {
    scenario, seed: r.seed, iss: r.iss, mss: r.mss, rcvBuf: s.options.rcvBuf ?? 65_535, steps, cwnd: r.cwnd, timers: r.timers,
    series: timeSequence(r), summary: r.summary,
  };
}

/** The run as `tcpdump -n -S` text on the wire (every segment when it left, lost ones too), for the export. */
export function transferTcpdump(r: TransferResult): string {
  return renderTransferTcpdump(r, { vantage: "wire" });
}
