import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listScenarios } from "@/lib/tcp";
import { appOptions, FAULT_KINDS, MAX_FAULTS, MAX_FAULT_SEGMENT, MAX_SEED, MAX_STEP, playerHref, playerQuery, type PlayerState } from "./url";
import { decodePlayerParams } from "./url-schema";

const NAMES = listScenarios().map((s) => s.name);
const read = (query: string) => decodePlayerParams(new URLSearchParams(query), NAMES);

const stateArb: fc.Arbitrary<PlayerState> = fc.record({
  scenario: fc.constantFrom(...NAMES),
  seed: fc.integer({ min: 0, max: MAX_SEED }),
  faults: fc
    .uniqueArray(fc.record({ step: fc.integer({ min: 1, max: MAX_STEP + 1 }), kind: fc.constantFrom(...FAULT_KINDS) }), {
      maxLength: MAX_FAULTS,
      selector: (f) => f.step,
    })
    .map((fs) => [...fs].sort((a, b) => a.step - b.step)),
  step: fc.integer({ min: 0, max: MAX_STEP }),
});

describe("the player URL", () => {
  it("carries forged-RST faults and a slow application (issue 21), and ignores a bad app list saying so", () => {
    const state: PlayerState = { scenario: "client-close", seed: 1, faults: [{ step: 5, kind: "rst_window" }], step: 0, app: ["slow_accept", "slow_close"] };
    const q = playerQuery(state);
    expect(q).toContain("faults=5-rst_window");
    expect(q).toContain("app=slow_accept.slow_close");
    expect(decodePlayerParams(new URLSearchParams(q), NAMES)).toEqual({ state, issues: [], legacyFaults: [] });
    for (const bad of ["slow", "slow_close.slow_close", "slow_close;rm"]) {
      const r = decodePlayerParams(new URLSearchParams({ scenario: "client-close", app: bad, v: "2" }), NAMES);
      expect(r.issues).toEqual(["app"]);
      expect(r.state.app).toBeUndefined();
    }
    expect(appOptions(["slow_close"])).toEqual({ slowClose: true });
  });

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

  it("writes readable links with only URL-safe characters in the faults, steps numbered from 1 as shown (v=2)", () => {
    const href = playerHref({ scenario: "lost-last-ack", seed: 7, faults: [{ step: 10, kind: "duplicate" }, { step: 4, kind: "drop" }], step: 11 });
    expect(href).toBe("/lab/player?scenario=lost-last-ack&seed=7&faults=4-drop.10-duplicate&step=12&v=2");
  });

  it("reads old links (no v) as 0-based: the step index, and faults as engine transmission indexes", () => {
    const r = read("scenario=lost-last-ack&seed=7&faults=9-duplicate.3-drop&step=11");
    expect(r.issues).toEqual([]);
    expect(r.state.step).toBe(11);
    expect(r.state.faults).toEqual([]);
    expect(r.legacyFaults).toEqual([{ segment: 3, kind: "drop" }, { segment: 9, kind: "duplicate" }]);
    expect(read("faults=0-drop").legacyFaults).toEqual([{ segment: 0, kind: "drop" }]);
    // version 2 has no step 0 and no fault on step 0
    expect(read("v=2&faults=0-drop&step=0").issues).toEqual(["faults", "step"]);
  });

  it("an empty query opens the default scenario with seed 1, no faults, at the first step", () => {
    expect(read("")).toEqual({ state: { scenario: "client-close", seed: 1, faults: [], step: 0 }, issues: [], legacyFaults: [] });
  });

  it("replaces each invalid part by its default and says which parts it ignored", () => {
    const r = read("scenario=no-such&seed=-4&faults=3-explode&step=x");
    expect(r.state).toEqual({ scenario: "client-close", seed: 1, faults: [], step: 0 });
    expect(r.issues).toEqual(["scenario", "seed", "faults", "step"]);
    expect(read("seed=4294967296").issues).toEqual(["seed"]);
    expect(read("seed=007").issues).toEqual(["seed"]);
    expect(read(`step=${MAX_STEP + 1}`).issues).toEqual(["step"]);
    expect(read(`v=2&step=${MAX_STEP + 2}`).issues).toEqual(["step"]);
    expect(read("v=2&faults=3-explode").issues).toEqual(["faults"]);
  });

  it("refuses two faults on one segment, more than the fault limit, and segments past the limit", () => {
    expect(read("faults=3-drop.3-delay").issues).toEqual(["faults"]);
    const many = Array.from({ length: MAX_FAULTS + 1 }, (_, i) => `${i}-drop`).join(".");
    expect(read(`faults=${many}`).issues).toEqual(["faults"]);
    expect(read(`faults=${MAX_FAULT_SEGMENT + 1}-drop`).issues).toEqual(["faults"]);
    expect(read("faults=").legacyFaults).toEqual([]);
    expect(read("v=2&faults=3-drop.3-delay").issues).toEqual(["faults"]);
    const manySteps = Array.from({ length: MAX_FAULTS + 1 }, (_, i) => `${i + 1}-drop`).join(".");
    expect(read(`v=2&faults=${manySteps}`).issues).toEqual(["faults"]);
    expect(read(`v=2&faults=${MAX_STEP + 2}-drop`).issues).toEqual(["faults"]);
    expect(read("v=2&faults=").state.faults).toEqual([]);
  });

  it("puts faults in step (or, in old links, segment) order whatever order the link has", () => {
    expect(read("v=2&faults=9-delay.2-drop").state.faults).toEqual([{ step: 2, kind: "drop" }, { step: 9, kind: "delay" }]);
    expect(read("faults=9-delay.2-drop").legacyFaults).toEqual([{ segment: 2, kind: "drop" }, { segment: 9, kind: "delay" }]);
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
