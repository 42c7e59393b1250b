import { describe, expect, it } from "vitest";
import { annotate, simulate } from "@/lib/tcp";
import { settledLines } from "@/lib/tcp/annotate";
import { playerSteps, runAsTcpdump } from "./player";

describe("the scenario player's steps", () => {
  it("in lost-last-ack, the server's retransmission timer sends the FIN again and TIME_WAIT answers it", () => {
    const steps = playerSteps(simulate("lost-last-ack", { seed: 1 }).steps);
    const rtx = steps.findIndex((s) => s.retransmission);
    expect(steps[rtx]).toMatchObject({ from: "server", flags: "F.", client: "TIME_WAIT" });
    expect(steps[rtx].firedBy).toMatchObject({ side: "server", kind: "retransmit", expiresAt: steps[rtx].t });
    expect(steps[rtx + 1]).toMatchObject({ from: "client", flags: ".", client: "TIME_WAIT", server: "CLOSED", fate: "delivered" });
    expect(steps.filter((s) => s.firedBy === null && s.retransmission)).toEqual([]);
    expect(steps.map((s, i) => (s.timeWaitAnswer ? i : -1)).filter((i) => i >= 0)).toEqual([rtx + 1]);
  });

  it("a normal close has no TIME_WAIT answer: the first ACK of the FIN is not a re-answer", () => {
    expect(playerSteps(simulate("client-close", { seed: 1 }).steps).some((s) => s.timeWaitAnswer)).toBe(false);
  });

  it("exports a run as tcpdump text that the explainer reads back to the same states", () => {
    for (const [name, faults] of [
      ["client-close", []],
      ["lost-last-ack", []],
      ["client-close", [{ segment: 3, kind: "drop" as const }]],
      ["half-close", []],
    ] as const) {
      const run = simulate(name, { seed: 3, faults: [...faults] });
      const a = annotate(runAsTcpdump(run.steps));
      // every segment is exported, dropped ones too; the states agree on every settled line (received
      // at once, nothing earlier in flight: issue 16), and a dropped segment is explained as lost
      const settled = settledLines(a);
      const show = (flags: string, ok: boolean, c: string, s: string) => `${flags} ${ok ? `${c} ${s}` : "?"}`;
      expect(a.segments.map((s, i) => show(s.flags, settled[i] && run.steps[i].fate === "delivered", s.client, s.server)), name)
        .toEqual(run.steps.map((s, i) => show(s.flags, settled[i] && s.fate === "delivered", s.client, s.server)));
      expect(a.problems).toEqual([]);
      expect(a.segments.at(-1)!.client).toBe(run.steps.at(-1)!.client);
      expect(a.skipped).toEqual([]);
    }
  });
});
