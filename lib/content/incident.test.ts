/**
 * Incident drills (lib/content/incident.ts): every draw is diagnosed by the model as the item's cause,
 * the exhibit is the model's own tables, and answers are graded against the model.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INCIDENT_CAUSES, runIncident, stateCounts } from "@/lib/tcp/incident";
import { mulberry32 } from "@/lib/tcp/prng";
import { drawIncident, drawIncidentParams } from "./incident";
import { drawTransfer, transferFieldCorrect } from "./transfer";

const ASKS = { "close-wait-leak": "close-wait-count", "time-wait-exhaustion": "time-wait-count", "syn-flood": "syn-recv-count", "accept-overflow": "accept-queue" } as const;

describe("incident drills", () => {
  it.each(INCIDENT_CAUSES)("every draw of %s is diagnosed as that cause by the model (fast-check over the draw's seed)", (cause) => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const inst = drawIncident({ kind: "incident", cause, ask: ASKS[cause] }, mulberry32(seed));
        expect(inst.expected.cause).toBe(cause);
        expect(inst.fields.map((f) => f.key)).toEqual(["cause", "number"]);
        expect(inst.fields[0].options!.map((o) => o.id)).toEqual([...INCIDENT_CAUSES]);
      }),
      { numRuns: 15 },
    );
  });
  it("the number is read off the model's own table: the CLOSE-WAIT rows of the exhibit's histogram", () => {
    const inst = drawIncident({ kind: "incident", cause: "close-wait-leak", ask: "close-wait-count" }, mulberry32(7));
    const line = inst.exhibit!.en.split("\n").find((l) => / CLOSE-WAIT$/.test(l))!;
    expect(Number(line.trim().split(/\s+/)[0])).toBe(inst.expected.number);
    const p = drawIncidentParams("close-wait-leak", mulberry32(7));
    expect(stateCounts(runIncident(p).rows).CLOSE_WAIT).toBe(inst.expected.number);
  });
  it("TIME-WAIT holds the whole port range when ports run out, and the accept queue holds min(backlog, somaxconn) + 1", () => {
    for (let s = 0; s < 5; s++) {
      const tw = drawIncidentParams("time-wait-exhaustion", mulberry32(s));
      const [lo, hi] = tw.sysctls!.ip_local_port_range!;
      expect(drawIncident({ kind: "incident", cause: "time-wait-exhaustion", ask: "time-wait-count" }, mulberry32(s)).expected.number).toBeLessThanOrEqual(hi - lo + 1);
      const p = drawIncidentParams("accept-overflow", mulberry32(s));
      const inst = drawIncident({ kind: "incident", cause: "accept-overflow", ask: "accept-queue" }, mulberry32(s));
      // full at max + 1; the accept loop may have just taken one when ss runs
      const max = Math.min(p.server!.backlog, p.sysctls!.somaxconn!);
      expect(inst.expected.number).toBeGreaterThanOrEqual(max);
      expect(inst.expected.number).toBeLessThanOrEqual(max + 1);
    }
  });
  it("grades the choice and the number: the right pair passes, a wrong cause or count fails", () => {
    const inst = drawTransfer({ kind: "incident", cause: "syn-flood", ask: "syn-recv-count" }, mulberry32(3));
    const [cause, number] = inst.fields;
    expect(transferFieldCorrect(cause, inst.expected.cause, "syn-flood")).toBe(true);
    expect(transferFieldCorrect(cause, inst.expected.cause, "accept-overflow")).toBe(false);
    expect(transferFieldCorrect(number, inst.expected.number, inst.expected.number)).toBe(true);
    expect(transferFieldCorrect(number, inst.expected.number, (inst.expected.number as number) - 1)).toBe(false);
  });
  it("both languages carry the same tables; the handler's comments are translated", () => {
    const inst = drawIncident({ kind: "incident", cause: "accept-overflow", ask: "accept-queue" }, mulberry32(11));
    const tables = (s: string) => s.split("\n").filter((l) => !l.startsWith("$") && !l.includes("行") && !l.includes("more lines"));
    expect(tables(inst.exhibit!.zh)).toEqual(tables(inst.exhibit!.en));
    expect(inst.handler!.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(inst.handler!.en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
