import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { niceTicks } from "./xy-chart";

describe("axis ticks", () => {
  it("are round steps from 0 to the first at or above the maximum", () => {
    expect(niceTicks(41.3)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0)).toEqual([0]);
  });
  it("always cover the maximum with at most about n + 2 ticks (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (max) => {
        const t = niceTicks(max);
        expect(t[0]).toBe(0);
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(max - 1e-9);
        expect(t.length).toBeLessThanOrEqual(7);
      }),
    );
  });
});
