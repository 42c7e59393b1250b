import { describe, expect, it } from "vitest";
import { rto } from "./rto";

describe("RFC 6298 retransmission timeout", () => {
  it("RFC 6298 2.2: first sample 100 ms → SRTT 100, RTTVAR 50, RTO max(1000, 100 + 4·50) = 1000", () => {
    expect(rto({ samples: [100] }).steps).toEqual([{ sample: 100, srtt: 100, rttvar: 50, rto: 1000 }]);
  });
  it("RFC 6298 2.3 with min 200: 100, 120, 80 → RTTVAR ¾·50 + ¼·|100−120| = 42.5, SRTT ⅞·100 + ⅛·120 = 102.5, RTO 102.5 + 170 = 272.5; then RTTVAR ¾·42.5 + ¼·22.5 = 37.5, SRTT ⅞·102.5 + ⅛·80 = 99.6875, RTO 249.6875", () => {
    expect(rto({ samples: [100, 120, 80], minRto: 200 }).steps).toEqual([
      { sample: 100, srtt: 100, rttvar: 50, rto: 300 },
      { sample: 120, srtt: 102.5, rttvar: 42.5, rto: 272.5 },
      { sample: 80, srtt: 99.6875, rttvar: 37.5, rto: 249.6875 },
    ]);
  });
  it("RFC 6298 2.4: the 1 s minimum rounds every RTO of 100, 120, 80 up to 1000", () => {
    expect(rto({ samples: [100, 120, 80] }).steps.map((s) => s.rto)).toEqual([1000, 1000, 1000]);
  });
  it("RFC 6298 2.3 granularity: four samples of 100 ms leave RTTVAR 50 → 37.5 → 28.125 → 21.09375; with G = 100 RTO = 100 + max(100, 84.375) = 200, with G = 0 it is 184.375", () => {
    expect(rto({ samples: [100, 100, 100, 100], minRto: 0, granularity: 100 }).steps.at(-1)).toEqual({ sample: 100, srtt: 100, rttvar: 21.09375, rto: 200 });
    expect(rto({ samples: [100, 100, 100, 100], minRto: 0 }).steps.at(-1)!.rto).toBe(184.375);
  });
  it("RFC 6298 5.5: successive timeouts double RTO 1000 → 2000, 4000, 8000, 16000, 32000, then the 60 s maximum", () => {
    expect(rto({ samples: [100] }).backoff.map((b) => b.rto)).toEqual([2000, 4000, 8000, 16000, 32000, 60000]);
  });
  it("RFC 6298 2.5: a 50 s sample gives 50 000 + 4·25 000 = 150 000, capped at the 60 s maximum", () => {
    expect(rto({ samples: [50_000] }).steps[0].rto).toBe(60_000);
  });
  it("refuses no samples, negative or non-numeric samples, a minimum above the maximum and granularity with the linux variant", () => {
    expect(() => rto({ samples: [] })).toThrow(/at least one/);
    expect(() => rto({ samples: [-1] })).toThrow(/sample 1/);
    expect(() => rto({ samples: [Number.NaN] })).toThrow(/sample 1/);
    expect(() => rto({ samples: [1], minRto: 5000, maxRto: 1000 })).toThrow(/maxRto/);
    expect(() => rto({ samples: [1], variant: "linux", granularity: 4 })).toThrow(/granularity/);
  });
});

describe("Linux estimator (tcp_rtt_estimator, one sample per RTT)", () => {
  it("Linux first sample 100 ms: srtt 100, mdev 2·100 = 200 = 4·RTTVAR, rttvar_us max(200, rto_min 200) → RTO 100 + 200 = 300", () => {
    expect(rto({ samples: [100], variant: "linux" }).steps[0]).toEqual({ sample: 100, srtt: 100, rttvar: 50, rto: 300 });
  });
  it("Linux second sample 120: srtt 100 + 20/8 = 102.5, mdev 200 + (20 − 200/4) = 170 < rttvar 200, so RTO 102.5 + 200 = 302.5 where RFC-with-200-ms gives 272.5", () => {
    expect(rto({ samples: [100, 120], variant: "linux" }).steps[1].rto).toBe(302.5);
    expect(rto({ samples: [100, 120], minRto: 200 }).steps[1].rto).toBe(272.5);
  });
  it("Linux falling RTT gains only 1/32: 100 then 10 → srtt 88.75, mdev 200 + (90 − 50)/8 = 205, RTO 88.75 + 205 = 293.75 where RFC gives 88.75 + 4·60 = 328.75", () => {
    expect(rto({ samples: [100, 10], variant: "linux" }).steps[1]).toEqual({ sample: 10, srtt: 88.75, rttvar: 51.25, rto: 293.75 });
    expect(rto({ samples: [100, 10], minRto: 200 }).steps[1].rto).toBe(328.75);
  });
  it("Linux minimum bounds the variance term: a 10 ms path gets RTO 10 + 200 = 210, the RFC formula with a 200 ms floor gives max(200, 10 + 20) = 200", () => {
    expect(rto({ samples: [10], variant: "linux" }).steps[0].rto).toBe(210);
    expect(rto({ samples: [10], minRto: 200 }).steps[0].rto).toBe(200);
  });
  it("Linux backs off to the 120 s TCP_RTO_MAX", () => {
    expect(rto({ samples: [100], variant: "linux", timeouts: 10 }).backoff.at(-1)!.rto).toBe(120_000);
  });
});
