import { describe, expect, it } from "vitest";
import { listScenarios } from "@/lib/tcp";
import { playerSteps, simulateRun } from "./player";
import { dropRules, iptablesFlags, loopbackLength, NOT_REPRODUCIBLE, reproduction } from "./reproduce";

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
        expect(rep.script, name).toMatch(/finally:\n\s+for spec in list\(RULES\):\n\s+undrop\(spec\)/);
        expect(rep.script).toContain('ap.add_argument("--port", type=int, default=41000)');
        expect(rep.script).not.toContain("{{");
      }
    }
  });

  it("says which faults it leaves out, and sets the slow application", () => {
    const r = simulateRun("client-close", 1, [{ step: 4, kind: "duplicate" }, { step: 6, kind: "rst_window" }], [], { slowAccept: true });
    const rep = reproduction("client-close", playerSteps(r.steps), r.faults, { slowAccept: true });
    expect(rep.limits[0].en).toMatch(/^Left out: duplicate, rst_window/);
    expect(rep.script).toContain("SLOW_ACCEPT = True");
    expect(rep.script).toContain("SLOW_CLOSE = False");
  });
});
