import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listScenarios, simulate, type Fault } from "@/lib/tcp";
import { resolveStepFaults, stepFaultsOf, type StepFault } from "./faults";
import { simulateRun } from "./player";
import { FAULT_KINDS } from "./url";

const NAMES = listScenarios().map((s) => s.name);
const run = (scenario: string, seed: number) => (faults: Fault[]) => simulate(scenario, { seed, faults }).steps;

describe("faults on the step numbers the player shows", () => {
  it("a fault on step N lands on the step shown as N, also after a duplicated segment shifted the steps", () => {
    // client-close seed 5: step 2 is the SYN-ACK; duplicating it inserts the copy as step 3
    const r = simulateRun("client-close", 5, [{ step: 2, kind: "duplicate" }, { step: 5, kind: "drop" }]);
    expect(r.ignored).toEqual([]);
    expect(r.faults).toEqual([{ step: 2, kind: "duplicate" }, { step: 5, kind: "drop" }]);
    expect(r.steps[1]).toMatchObject({ flags: "S.", fate: "delivered" });
    expect(r.steps[2]).toMatchObject({ flags: "S.", fate: "duplicated" });
    expect(r.steps[4].fate).toBe("dropped");
    expect(r.steps.filter((s) => s.fate === "dropped")).toHaveLength(1);
  });

  it("adding a second fault keeps the first on its step number, before or after it", () => {
    const one = simulateRun("client-close", 5, [{ step: 8, kind: "drop" }]);
    expect(one.steps[7]).toMatchObject({ flags: "F.", fate: "dropped" });
    // a fault later in the run: everything up to it stays as it was
    const later = simulateRun("client-close", 5, [{ step: 8, kind: "drop" }, { step: 10, kind: "delay" }]);
    expect(later.faults.map((f) => f.step)).toEqual([8, 10]);
    expect(later.steps.slice(0, 9)).toEqual(one.steps.slice(0, 9));
    // a fault earlier in the run that inserts a step: the first fault is still shown on step 8
    const earlier = simulateRun("client-close", 5, [{ step: 8, kind: "drop" }, { step: 2, kind: "duplicate" }]);
    expect(earlier.faults.map((f) => f.step)).toEqual([2, 8]);
    expect(earlier.steps[7].fate).toBe("dropped");
  });

  it("refuses a fault on a step the run lacks or on the network's copy of a segment", () => {
    const r = simulateRun("client-close", 5, [{ step: 2, kind: "duplicate" }, { step: 3, kind: "drop" }, { step: 500, kind: "drop" }]);
    expect(r.faults).toEqual([{ step: 2, kind: "duplicate" }]);
    expect(r.ignored).toEqual([{ step: 3, kind: "drop" }, { step: 500, kind: "drop" }]);
  });

  const faultsArb = fc.uniqueArray(fc.record({ step: fc.integer({ min: 1, max: 20 }), kind: fc.constantFrom(...FAULT_KINDS) }), {
    maxLength: 4,
    selector: (f) => f.step,
  });

  it("every kept fault sits on its step, for any scenario, seed and faults", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 1000 }), faultsArb, (scenario, seed, wanted: StepFault[]) => {
        const r = resolveStepFaults(wanted, run(scenario, seed));
        expect(r.kept.length + r.ignored.length).toBe(wanted.length);
        const steps = run(scenario, seed)(r.faults);
        r.kept.forEach((f, i) => expect(steps[f.step - 1].segment).toBe(r.faults[i].segment));
      }),
      { numRuns: 150 },
    );
  });

  it("maps an old link's transmission indexes to step numbers that resolve back to the same faults", () => {
    const legacyArb = fc.uniqueArray(fc.record({ segment: fc.integer({ min: 0, max: 15 }), kind: fc.constantFrom(...FAULT_KINDS) }), {
      maxLength: 4,
      selector: (f) => f.segment,
    });
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 1000 }), legacyArb, (scenario, seed, legacy: Fault[]) => {
        const steps = run(scenario, seed)(legacy);
        const asSteps = stepFaultsOf(legacy, steps);
        const reached = legacy.filter((f) => steps.some((s) => s.segment === f.segment)).sort((a, b) => a.segment - b.segment);
        const back = resolveStepFaults(asSteps, run(scenario, seed));
        expect(back.ignored).toEqual([]);
        expect(back.faults).toEqual(reached);
        expect(run(scenario, seed)(back.faults)).toEqual(run(scenario, seed)(reached));
      }),
      { numRuns: 150 },
    );
  });
});
