import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listScenarios } from "@/lib/tcp";
import { FAULT_KINDS, MAX_FAULTS, MAX_FAULT_SEGMENT, MAX_SEED, MAX_STEP, playerHref, playerQuery, type PlayerState } from "./url";
import { decodePlayerParams } from "./url-schema";

const NAMES = listScenarios().map((s) => s.name);
const read = (query: string) => decodePlayerParams(new URLSearchParams(query), NAMES);

const stateArb: fc.Arbitrary<PlayerState> = fc.record({
  scenario: fc.constantFrom(...NAMES),
  seed: fc.integer({ min: 0, max: MAX_SEED }),
  faults: fc
    .uniqueArray(fc.record({ segment: fc.integer({ min: 0, max: MAX_FAULT_SEGMENT }), kind: fc.constantFrom(...FAULT_KINDS) }), {
      maxLength: MAX_FAULTS,
      selector: (f) => f.segment,
    })
    .map((fs) => [...fs].sort((a, b) => a.segment - b.segment)),
  step: fc.integer({ min: 0, max: MAX_STEP }),
});

describe("the player URL", () => {
  it("reads back exactly the state it was written from, for any scenario, seed, faults and step", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const { state: back, issues } = read(playerQuery(state));
        expect(issues).toEqual([]);
        expect(back).toEqual(state);
        expect(playerQuery(back)).toBe(playerQuery(state));
      }),
      { numRuns: 500 },
    );
  });

  it("writes readable links with only URL-safe characters in the faults", () => {
    const href = playerHref({ scenario: "lost-last-ack", seed: 7, faults: [{ segment: 9, kind: "duplicate" }, { segment: 3, kind: "drop" }], step: 11 });
    expect(href).toBe("/lab/player?scenario=lost-last-ack&seed=7&faults=3-drop.9-duplicate&step=11");
  });

  it("an empty query opens the default scenario with seed 1, no faults, at the first step", () => {
    expect(read("")).toEqual({ state: { scenario: "client-close", seed: 1, faults: [], step: 0 }, issues: [] });
  });

  it("replaces each invalid part by its default and says which parts it ignored", () => {
    const r = read("scenario=no-such&seed=-4&faults=3-explode&step=x");
    expect(r.state).toEqual({ scenario: "client-close", seed: 1, faults: [], step: 0 });
    expect(r.issues).toEqual(["scenario", "seed", "faults", "step"]);
    expect(read("seed=4294967296").issues).toEqual(["seed"]);
    expect(read("seed=007").issues).toEqual(["seed"]);
    expect(read(`step=${MAX_STEP + 1}`).issues).toEqual(["step"]);
  });

  it("refuses two faults on one segment, more than the fault limit, and segments past the limit", () => {
    expect(read("faults=3-drop.3-delay").issues).toEqual(["faults"]);
    const many = Array.from({ length: MAX_FAULTS + 1 }, (_, i) => `${i}-drop`).join(".");
    expect(read(`faults=${many}`).issues).toEqual(["faults"]);
    expect(read(`faults=${MAX_FAULT_SEGMENT + 1}-drop`).issues).toEqual(["faults"]);
    expect(read("faults=").state.faults).toEqual([]);
  });

  it("puts faults in segment order whatever order the link has", () => {
    expect(read("faults=9-delay.2-drop").state.faults).toEqual([{ segment: 2, kind: "drop" }, { segment: 9, kind: "delay" }]);
  });

  it("refuses an oversized query whole instead of parsing it", () => {
    const r = read(`scenario=lost-syn&pad=${"x".repeat(600)}`);
    expect(r.issues).toEqual(["too_long"]);
    expect(r.state.scenario).toBe("client-close");
  });

  it("reads Next.js searchParams objects as well, taking the first of repeated keys", () => {
    const r = decodePlayerParams({ scenario: ["lost-syn", "half-close"], seed: "5" }, NAMES);
    expect(r.state).toMatchObject({ scenario: "lost-syn", seed: 5 });
  });
});
