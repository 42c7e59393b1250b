/**
 * Issue 16 §2: no endpoint's state runs backwards. Along RFC 9293's diagram (Figure 5) each end
 * only moves forward — several steps on one line are fine — and the only other moves are a reset
 * to CLOSED, SYN_RECEIVED back to LISTEN, and a new connection on a reused four-tuple (from CLOSED
 * or TIME_WAIT into the handshake). Checked on every real capture in captures/ and on the
 * annotation of every simulator run (and on the simulator's own log of state changes).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "./annotate";
import { listScenarios, simulate } from "./scenarios";
import { renderTcpdump } from "./tcpdump";
import type { Fault, TcpState } from "./types";

/** The forward edges of RFC 9293 Figure 5. */
const EDGES: Record<TcpState, TcpState[]> = {
  CLOSED: ["LISTEN", "SYN_SENT"],
  LISTEN: ["SYN_RECEIVED", "SYN_SENT"],
  SYN_SENT: ["SYN_RECEIVED", "ESTABLISHED"],
  SYN_RECEIVED: ["ESTABLISHED", "FIN_WAIT_1"],
  ESTABLISHED: ["FIN_WAIT_1", "CLOSE_WAIT"],
  FIN_WAIT_1: ["FIN_WAIT_2", "CLOSING", "TIME_WAIT"],
  FIN_WAIT_2: ["TIME_WAIT"],
  CLOSING: ["TIME_WAIT"],
  TIME_WAIT: ["CLOSED"],
  CLOSE_WAIT: ["LAST_ACK"],
  LAST_ACK: ["CLOSED"],
};
function reach(from: TcpState): Set<TcpState> {
  const seen = new Set<TcpState>();
  const todo = [...EDGES[from]];
  while (todo.length) {
    const s = todo.pop()!;
    if (!seen.has(s)) {
      seen.add(s);
      // CLOSED ends the connection: what follows it is a new connection, allowed separately below
      if (s !== "CLOSED") todo.push(...EDGES[s]);
    }
  }
  return seen;
}
const REACH = Object.fromEntries(Object.keys(EDGES).map((s) => [s, reach(s as TcpState)])) as Record<TcpState, Set<TcpState>>;
const HANDSHAKE = new Set<TcpState>(["LISTEN", "SYN_SENT", "SYN_RECEIVED"]);

/** Is a → b a move allowed on one line? */
export function allowedMove(a: TcpState, b: TcpState): boolean {
  if (a === b || b === "CLOSED" || REACH[a].has(b)) return true;
  if (a === "SYN_RECEIVED" && b === "LISTEN") return true;
  return (a === "TIME_WAIT" || a === "CLOSED") && HANDSHAKE.has(b);
}

/** The first backwards move in a column of states, or null. */
function backwards(column: TcpState[]): string | null {
  for (let i = 1; i < column.length; i++) if (!allowedMove(column[i - 1], column[i])) return `line ${i}: ${column[i - 1]} → ${column[i]}`;
  return null;
}

describe("the move rule itself", () => {
  it("allows forward steps, resets and a new connection; refuses the moves issue 16 saw", () => {
    expect(allowedMove("SYN_SENT", "ESTABLISHED")).toBe(true);
    expect(allowedMove("FIN_WAIT_1", "TIME_WAIT")).toBe(true);
    expect(allowedMove("ESTABLISHED", "CLOSED")).toBe(true);
    expect(allowedMove("SYN_RECEIVED", "LISTEN")).toBe(true);
    expect(allowedMove("TIME_WAIT", "SYN_RECEIVED")).toBe(true);
    expect(allowedMove("CLOSING", "FIN_WAIT_1")).toBe(false);
    expect(allowedMove("SYN_RECEIVED", "SYN_SENT")).toBe(false);
    expect(allowedMove("CLOSED", "LAST_ACK")).toBe(true); // CLOSED reaches everything (new connection)
    expect(allowedMove("LAST_ACK", "CLOSE_WAIT")).toBe(false);
    expect(allowedMove("TIME_WAIT", "FIN_WAIT_2")).toBe(false);
  });
});

const CAPTURES = path.join(import.meta.dirname, "captures");
const files = readdirSync(CAPTURES).filter((f) => f.endsWith(".txt") && !f.endsWith(".ss.txt"));

describe("no state runs backwards on a real capture", () => {
  it("has captures to check", () => expect(files.length).toBeGreaterThan(40));
  for (const f of files) {
    it(f, () => {
      const a = annotate(readFileSync(path.join(CAPTURES, f), "utf8"));
      expect(a.problems).toEqual([]);
      expect(backwards(a.segments.map((s) => s.client))).toBeNull();
      expect(backwards(a.segments.map((s) => s.server))).toBeNull();
    });
  }
});

const faultArb = fc.array(fc.record({ segment: fc.integer({ min: 0, max: 14 }), kind: fc.constantFrom<Fault["kind"]>("drop", "delay", "duplicate") }), { maxLength: 3 });

describe("no state runs backwards on a simulator run", () => {
  it("in the annotation of the run's capture (every transmitted segment), for every scenario, seeds and faults", () => {
    const names = listScenarios().map((s) => s.name);
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }), faultArb, fc.constantFrom<"absolute" | "relative">("absolute", "relative"),
      (name, seed, faults, numbering) => {
        const r = simulate(name, { seed, faults });
        const a = annotate(renderTcpdump(r.steps, { numbering }));
        expect(backwards(a.segments.map((s) => s.client)), `${name} client`).toBeNull();
        expect(backwards(a.segments.map((s) => s.server)), `${name} server`).toBeNull();
      }), { numRuns: 400 });
  });
  it("in the simulator's own log of state changes", () => {
    const names = listScenarios().map((s) => s.name);
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }), faultArb, (name, seed, faults) => {
      const r = simulate(name, { seed, faults });
      for (const side of ["client", "server"] as const) {
        const moves = r.transitions.filter((t) => t.side === side);
        for (const m of moves) expect(allowedMove(m.from, m.to), `${name} ${side} ${m.from} → ${m.to}`).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
