import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listScenarios } from "@/lib/tcp";
import { playerSteps, simulateRun } from "./player";
import { dropRules, iptablesFlags, loopbackLength, NOT_REPRODUCIBLE, reproduction, tapFaults } from "./reproduce";

describe("the reproduction script", () => {
  it("drops the n-th segment of the lost one's shape: lost-last-ack drops the client's third pure ACK", () => {
    const steps = playerSteps(simulateRun("lost-last-ack", 1, []).steps);
    expect(dropRules(steps)).toEqual([["--dport", "PORT", "--tcp-flags", "SYN,ACK,FIN,RST", "ACK", "-m", "length", "--length", "52",
      "-m", "statistic", "--mode", "nth", "--every", "1000000", "--packet", "2"]]);
    expect(loopbackLength("S", 0)).toBe(60);
    expect(loopbackLength("P.", 100)).toBe(152);
    expect(iptablesFlags("FP.")).toBe("ACK,FIN");
  });

  it("every built-in scenario has a script or a stated reason; a script cleans up its rules in finally", () => {
    for (const { name } of listScenarios()) {
      const r = simulateRun(name, 1, []);
      const rep = reproduction(name, playerSteps(r.steps), [], {});
      if (NOT_REPRODUCIBLE[name]) {
        expect(rep.script, name).toBeNull();
        expect(rep.limits[0].en && rep.limits[0].zh).toBeTruthy();
      } else {
        expect(rep.script, name).toMatch(/finally:\n(.*\n){0,3}\s+for spec in list\(RULES\):\n\s+undrop\(spec\)/);
        expect(rep.script).toContain('ap.add_argument("--port", type=int, default=41000)');
        expect(rep.script).not.toContain("{{");
      }
    }
  });

  it("scripts every fault: delay and duplicate and forged RSTs by the tap, a delay's original lost by a DROP rule; and sets the slow application", () => {
    const faults = [{ step: 4, kind: "duplicate" as const }, { step: 7, kind: "rst_window" as const }, { step: 9, kind: "delay" as const }];
    const r = simulateRun("client-close", 1, faults, [], { slowAccept: true });
    expect(r.faults).toEqual(faults);
    const steps = playerSteps(r.steps);
    const rep = reproduction("client-close", steps, r.faults, { slowAccept: true });
    expect(rep.limits).toEqual([]);
    const tapped = tapFaults(steps, r.faults);
    expect(tapped.map((t) => t.kind)).toEqual(["duplicate", "rst_window", "delay"]);
    // step 4 is the client's first data segment: the first of its shape (100 bytes + 52 of headers)
    expect(tapped[0]).toEqual({ dir: "--dport", flags: "ACK", length: 152, n: 0, kind: "duplicate" });
    // the delayed step's original is dropped in INPUT, the tap sends it again
    const delayed = steps[8];
    expect(delayed.fate).toBe("delayed");
    expect(dropRules(steps)).toHaveLength(1);
    expect(dropRules(steps)[0].slice(0, 5)).toEqual([delayed.from === "client" ? "--dport" : "--sport", "PORT", "--tcp-flags", "SYN,ACK,FIN,RST", iptablesFlags(delayed.flags)]);
    for (const t of tapped) expect(rep.script).toContain(`(${JSON.stringify(t.dir)}, ${JSON.stringify(t.flags)}, ${t.length}, ${t.n}, ${JSON.stringify(t.kind)}),`);
    expect(rep.script).toContain('"-m", "dscp", "--dscp", "1", "-j", "ACCEPT"');
    expect(rep.script).toContain("SLOW_ACCEPT = True");
    expect(rep.script).toContain("SLOW_CLOSE = False");
  });

  it("a run without faults for the tap starts no tap (property: the tap's list is exactly the non-drop faults, in step order)", () => {
    const kinds = ["drop", "delay", "duplicate", "rst_next", "rst_window", "rst_outside"] as const;
    fc.assert(fc.property(fc.constantFrom(...listScenarios().map((s) => s.name)), fc.array(fc.record({ step: fc.integer({ min: 1, max: 10 }), kind: fc.constantFrom(...kinds) }), { maxLength: 3 }),
      (name, wanted) => {
        const uniq = wanted.filter((f, i) => wanted.findIndex((g) => g.step === f.step) === i);
        const r = simulateRun(name, 1, uniq);
        const steps = playerSteps(r.steps);
        expect(tapFaults(steps, r.faults).map((t) => t.kind)).toEqual(r.faults.filter((f) => f.kind !== "drop").map((f) => f.kind));
        const rep = reproduction(name, steps, r.faults, {});
        // (old-duplicate-syn's own old SYN and delayed real SYN are the tap's work, faults or not)
        if (rep.script) expect(rep.script.includes("TAPPED = []")).toBe(r.faults.every((f) => f.kind === "drop") && name !== "old-duplicate-syn");
      }), { numRuns: 60 });
  });
});
