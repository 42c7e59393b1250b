import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listScenarios } from "@/lib/tcp";
import { playerSteps, simulateRun } from "./player";
import { dropRules, iptablesFlags, loopbackLength, NOT_REPRODUCIBLE, reproduction, SCRIPT_NOTES, tapFaults } from "./reproduce";

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
        // accept-queue-full scripts no learner fault (the other clients' segments share our shapes), and says so
        if (name === "accept-queue-full") {
          expect(rep.script).toContain("TAPPED = []");
          expect(rep.script).toContain("LOSSES = []");
          expect(rep.limits.length).toBe(r.faults.length > 0 ? 3 : 2);
        } else if (rep.script) {
          // (old-duplicate-syn's own old SYN and delayed real SYN are the tap's work, faults or not)
          expect(rep.script.includes("TAPPED = []")).toBe(r.faults.every((f) => f.kind === "drop") && name !== "old-duplicate-syn");
        }
      }), { numRuns: 60 });
  });

  describe("the listener scenarios: a namespace of their own", () => {
    const script = (name: string, faults: { step: number; kind: "drop" | "delay" }[] = []) => {
      const r = simulateRun(name, 1, faults);
      return reproduction(name, playerSteps(r.steps), r.faults, {});
    };

    it("syn-flood and syn-flood-cookies differ in tcp_syncookies only there; the namespace is deleted in finally, also on a timeout", () => {
      const off = script("syn-flood").script!, on = script("syn-flood-cookies").script!;
      expect(off).toContain('NAMESPACE = {"net.ipv4.tcp_syncookies":"0"}');
      expect(on).toContain('NAMESPACE = {"net.ipv4.tcp_syncookies":"1"}');
      for (const s of [off, on]) {
        expect(s).toMatch(/finally:\n\s+if p and p\.poll\(\) is None:\n\s+os\.killpg\(p\.pid, signal\.SIGKILL\); p\.wait\(\).*\n\s+subprocess\.run\(\["ip", "netns", "del", ns\]/);
        expect(s).toContain("return p.wait(timeout=60)");
        expect(s).toContain("class Flood(threading.Thread):");
        expect(s).toContain('drop(["-d", "127.0.0.2"])');
        expect(s).not.toMatch(/sysctl", "-qw", "net\.ipv4\.tcp_syncookies/); // never the host's
      }
      expect(off).toContain("socket.TCP_SYNCNT, 2");
    });

    it("the listener's own drops are the kernel's: no DROP rule for them, but one for a learner's drop", () => {
      for (const name of ["syn-flood", "accept-queue-full"]) {
        const steps = playerSteps(simulateRun(name, 1, []).steps);
        expect(steps.some((s) => s.fate === "dropped"), name).toBe(true);
        expect(script(name).script, name).toContain("LOSSES = []");
      }
      // syn-flood-cookies, the client's request dropped by the learner: one rule, the n-th 152-byte client segment
      const r = simulateRun("syn-flood-cookies", 1, [{ step: 4, kind: "drop" }]);
      const rep = reproduction("syn-flood-cookies", playerSteps(r.steps), r.faults, {});
      expect(rep.script).toContain('["--dport", "PORT", "--tcp-flags", "SYN,ACK,FIN,RST", "ACK", "-m", "length", "--length", "152"');
      // syn-flood, the learner drops the client's second SYN too: that one is a rule, the listener's drops are not (11 SYNs: Linux 6.5+'s schedule)
      const f = simulateRun("syn-flood", 1, [{ step: 2, kind: "drop" }]);
      expect(dropRules(playerSteps(f.steps))).toHaveLength(11);
      expect(reproduction("syn-flood", playerSteps(f.steps), f.faults, {}).script!.match(/"--packet", "\d+"\]/g)).toEqual(['"--packet", "1"]']);
    });

    it("syn-data sends its data on a SYN without a cookie option (tcp_fastopen = 5) to a listener without TCP_FASTOPEN; the notes say what ss and nstat show", () => {
      const s = script("syn-data").script!;
      expect(s).toContain('NAMESPACE = {"net.ipv4.tcp_fastopen":"5"}');
      expect(s).toContain("socket.MSG_FASTOPEN");
      expect(s).not.toContain("socket.TCP_FASTOPEN");
      for (const name of ["syn-flood", "syn-flood-cookies", "syn-data", "accept-queue-full"]) {
        expect(script(name).limits, name).toContainEqual(SCRIPT_NOTES[name]);
        expect(SCRIPT_NOTES[name].zh, name).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(SCRIPT_NOTES["syn-flood"].en).toMatch(/TcpExtTCPReqQFullDrop.*TcpExtListenDrops/);
      expect(SCRIPT_NOTES["syn-flood-cookies"].en).toMatch(/TcpExtSyncookiesSent.*TcpExtSyncookiesRecv/);
      expect(SCRIPT_NOTES["accept-queue-full"].en).toMatch(/LISTEN 2 1.*TcpExtListenOverflows/);
      // tcp-fast-open sets tcp_fastopen = 3 in its namespace, no longer on the host (set and restored)
      expect(script("tcp-fast-open").script).toContain('NAMESPACE = {"net.ipv4.tcp_fastopen":"3"}');
      expect(script("tcp-fast-open").script).not.toContain('"sysctl", "-qw", "net.ipv4.tcp_fastopen');
      // the other scripts stay on the host's loopback, as before
      expect(script("client-close").script).not.toContain("netns");
    });
  });
});
