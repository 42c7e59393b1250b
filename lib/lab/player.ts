/**
 * What the scenario player shows for one simulated run: the engine's steps plus, for every
 * retransmission, the timer whose expiry caused it; and the run as tcpdump text.
 */
import { renderTcpdump, simulate, type AppFaults, type Fault, type SimStep, type Side, type StateChange, type TimerKind } from "@/lib/tcp";
import { resolveStepFaults, stepFaultsOf, type StepFault } from "./faults";
import { withOrigins, type StepChange } from "./predict";

export interface PlayerStep extends Omit<SimStep, "problems" | "index" | "segment"> {
  /** the timer whose expiry sent this retransmission */
  firedBy: { side: Side; kind: TimerKind; expiresAt: number } | null;
  /** a side in TIME_WAIT acknowledging a FIN the peer sent again (what TIME_WAIT is for) */
  timeWaitAnswer: boolean;
  /** the engine's transmission index (what a fault is applied to); null for a network copy */
  segment: number | null;
  /** the state changes that belong to this step (what predict mode explains) */
  changes: StepChange[];
}

/**
 * Simulate the run a player URL asks for. `faults` are on 1-based step numbers; `legacyFaults`
 * (an old link's engine transmission indexes) win when present and are mapped to the step numbers
 * they fall on. `faults` in the result is what the player shows; `ignored` the step faults that
 * name no transmitted segment of the run.
 */
export function simulateRun(
  scenario: string,
  seed: number,
  stepFaults: readonly StepFault[],
  legacyFaults: readonly Fault[] = [],
  app: AppFaults = {},
): { steps: SimStep[]; faults: StepFault[]; ignored: StepFault[]; transitions: StateChange[] } {
  if (legacyFaults.length > 0) {
    const r = simulate(scenario, { seed, faults: [...legacyFaults], app });
    return { steps: r.steps, faults: stepFaultsOf(legacyFaults, r.steps), ignored: [], transitions: r.transitions };
  }
  type Run = ReturnType<typeof simulate>;
  let last: { faults: Fault[]; run: Run } | null = null;
  const run = (faults: Fault[]) => {
    last = { faults: [...faults], run: simulate(scenario, { seed, faults, app }) };
    return last.run.steps;
  };
  const r = resolveStepFaults(stepFaults, run);
  const done = last as { faults: Fault[]; run: Run } | null;
  const final = done && done.faults.length === r.faults.length ? done.run : simulate(scenario, { seed, faults: r.faults, app });
  return { steps: final.steps, faults: r.kept, ignored: r.ignored, transitions: final.transitions };
}

export function playerSteps(steps: readonly SimStep[], transitions: readonly StateChange[] = []): PlayerStep[] {
  const changes = withOrigins(transitions);
  return steps.map((s, i) => {
    const before = i > 0 ? steps[i - 1].timers : [];
    const firedBy = s.retransmission
      ? (before.find((t) => t.side === s.from && t.kind !== "2msl" && t.expiresAt <= s.t) ?? null)
      : null;
    return {
      t: s.t,
      from: s.from,
      flags: s.flags,
      seq: s.seq,
      ack: s.ack,
      len: s.len,
      client: s.client,
      server: s.server,
      fate: s.fate,
      retransmission: s.retransmission,
      tcb: s.tcb,
      timers: s.timers,
      ...(s.note ? { note: s.note } : {}),
      firedBy,
      timeWaitAnswer: answersRetransmittedFin(steps, i),
      segment: s.segment ?? null,
      changes: changes.filter((c) => c.step === i).map(({ side, from, to, cause, origin }) => ({ side, from, to, cause, ...(origin ? { origin } : {}) })),
    };
  });
}

/**
 * The run as `tcpdump -n -S` would print it on a wire between the two ends: segments the network
 * dropped never reach the capture; timestamps are the simulated times. The explainer reads this
 * back to the same states.
 */
export function runAsTcpdump(steps: readonly Pick<SimStep, "from" | "flags" | "seq" | "ack" | "len" | "fate" | "t">[]): string {
  // Every transmitted segment, dropped ones too: a capture on the sending side (or on loopback,
  // where iptables drops after tcpdump) sees them, and that is what lets the explainer prove a loss.
  return renderTcpdump(
    [...steps],
    { timestamps: true, numbering: "absolute" } as Parameters<typeof renderTcpdump>[1],
  );
}

function answersRetransmittedFin(steps: readonly SimStep[], i: number): boolean {
  const s = steps[i];
  if (s.flags !== "." || s[s.from] !== "TIME_WAIT") return false;
  for (let k = i - 1; k >= 0; k--) {
    const p = steps[k];
    if (p.from === s.from) return false;
    if (p.fate !== "dropped" && p.flags.includes("F")) return p.retransmission && p[s.from] === "TIME_WAIT";
  }
  return false;
}
