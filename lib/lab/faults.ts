/**
 * Faults as the learner sees them: "drop step 4", where 4 is the 1-based step number the player
 * shows. The engine applies a fault to a transmission index (`Fault.segment`, 0-based, counting
 * neither the network's duplicate copies nor injected segments), so the two differ as soon as a
 * run contains a duplicated segment. This module turns step numbers into engine faults.
 *
 * Stability: a fault on step N only changes what happens from step N on, so the faults are
 * resolved in step order, each in the run that already carries the earlier ones. Every fault then
 * sits on the step number the learner chose, and adding another fault never renumbers it: a
 * fault added later in the run leaves the earlier steps as they were, and one added earlier keeps
 * the later fault on the same step number (of the run now shown).
 */
import type { Fault } from "@/lib/tcp";

export interface StepFault {
  /** 1-based step number, as the player shows it */
  step: number;
  kind: Fault["kind"];
}

type RunSteps = readonly { segment?: number | null }[];

export interface ResolvedFaults {
  /** what the engine is given */
  faults: Fault[];
  /** the step faults that landed on a transmitted segment, in step order */
  kept: StepFault[];
  /** step faults naming a step the run does not have, or the network's copy of a segment */
  ignored: StepFault[];
}

/**
 * Resolve step faults against a run. `run` simulates the scenario with the given engine faults
 * and returns its steps (at most one call per fault, plus one).
 */
export function resolveStepFaults(wanted: readonly StepFault[], run: (faults: Fault[]) => RunSteps): ResolvedFaults {
  const sorted = [...wanted].sort((a, b) => a.step - b.step);
  const faults: Fault[] = [];
  const kept: StepFault[] = [];
  const ignored: StepFault[] = [];
  let steps = run([]);
  for (const f of sorted) {
    const s = steps[f.step - 1];
    if (!s || s.segment === undefined || s.segment === null || faults.some((x) => x.segment === s.segment)) {
      ignored.push(f);
      continue;
    }
    faults.push({ segment: s.segment, kind: f.kind });
    kept.push({ step: f.step, kind: f.kind });
    steps = run(faults);
  }
  return { faults, kept, ignored };
}

/**
 * The step numbers of engine faults in the run that carries them (old links stored 0-based
 * transmission indexes). A fault on a transmission the run never reaches had no effect and is
 * left out.
 */
export function stepFaultsOf(faults: readonly Fault[], steps: RunSteps): StepFault[] {
  const out: StepFault[] = [];
  for (const f of faults) {
    const i = steps.findIndex((s) => s.segment === f.segment);
    if (i >= 0) out.push({ step: i + 1, kind: f.kind });
  }
  return out.sort((a, b) => a.step - b.step);
}
