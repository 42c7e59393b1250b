/**
 * Retransmission timeout calculator (RFC 6298 §2, §5; Linux's estimator as a named variant).
 *
 * RFC 6298 §2, with α = 1/8, β = 1/4, K = 4 and clock granularity G:
 *   first sample R:      SRTT = R,  RTTVAR = R/2
 *   later samples R':    RTTVAR = (1 − β)·RTTVAR + β·|SRTT − R'|   (with the old SRTT)
 *                        SRTT   = (1 − α)·SRTT + α·R'
 *   RTO = SRTT + max(G, K·RTTVAR), then at least the minimum (§2.4: 1 s) and at most the
 *   maximum (§2.5: "at least 60 seconds").
 * Back-off (§5.5): each expiry of the timer doubles RTO (up to the maximum) until a new sample.
 * Before any sample RTO is 1 s (§2.1). Karn's algorithm (§3): samples from retransmitted
 * segments are not taken, so every sample given here is assumed to come from a segment sent once.
 *
 * Linux (`variant: "linux"`, net/ipv4/tcp_input.c tcp_rtt_estimator and tcp_set_rto) differs:
 *  - the minimum is 200 ms (TCP_RTO_MIN) and it bounds the variance term, not the whole RTO:
 *    RTO = SRTT + rttvar with rttvar ≥ rto_min, so RTO ≥ SRTT + 200 ms (the RFC's RTO ≥ 200 ms);
 *  - mdev (4·RTTVAR in the RFC's terms) grows with gain 1/4 but, when the sample is below
 *    SRTT by more than mdev/4, only with gain 1/32 (so a falling RTT does not inflate RTO);
 *  - rttvar follows the largest mdev of the last round trip and decays by 1/4 towards it once per
 *    round trip; here every sample is taken to end a round trip (one sample per RTT);
 *  - arithmetic is in whole microseconds with shifts (srtt·8, mdev·4), as the kernel keeps it;
 *    the kernel also rounds RTO up to jiffies, which is not modelled; the maximum is 120 s.
 */
import { checkInt, checkNumber, TransferInputError } from "./errors";

export const RTO_ALPHA = 1 / 8;
export const RTO_BETA = 1 / 4;
export const RTO_K = 4;
/** RFC 6298 §2.4 */
export const RFC_MIN_RTO_MS = 1_000;
/** Linux TCP_RTO_MIN */
export const LINUX_MIN_RTO_MS = 200;
/** RFC 6298 §2.5: a maximum "MAY be placed on RTO provided it is at least 60 seconds" */
export const RFC_MAX_RTO_MS = 60_000;
/** Linux TCP_RTO_MAX */
export const LINUX_MAX_RTO_MS = 120_000;
/** RFC 6298 §2.1 */
export const RTO_INITIAL_MS = 1_000;

export interface RtoInput {
  samples: number[];
  variant?: "rfc6298" | "linux";
  /** default 1000 ms (rfc6298) or 200 ms (linux) */
  minRto?: number;
  /** default 60 s (rfc6298) or 120 s (linux) */
  maxRto?: number;
  /** clock granularity G in ms (default 0: an ideal clock); rfc6298 only */
  granularity?: number;
  /** how many successive timeouts to show the back-off for, after the last sample (default 6) */
  timeouts?: number;
}
export interface RtoStep {
  sample: number;
  srtt: number;
  rttvar: number;
  rto: number;
}
export interface RtoResult {
  steps: RtoStep[];
  /** RTO after the 1st, 2nd, … successive timeout following the last sample: doubled, capped */
  backoff: { timeout: number; rto: number }[];
}

/** The RFC 6298 estimator as state, for the simulator to feed one sample at a time. */
export interface RttEstimator {
  srtt: number | null;
  rttvar: number;
}
export function rfc6298Sample(est: RttEstimator, r: number): RttEstimator {
  if (est.srtt === null) return { srtt: r, rttvar: r / 2 };
  return { rttvar: (1 - RTO_BETA) * est.rttvar + RTO_BETA * Math.abs(est.srtt - r), srtt: (1 - RTO_ALPHA) * est.srtt + RTO_ALPHA * r };
}
export function rfc6298Rto(est: RttEstimator, opts: { minRto: number; maxRto: number; granularity: number }): number {
  if (est.srtt === null) return Math.min(opts.maxRto, Math.max(opts.minRto, RTO_INITIAL_MS));
  return Math.min(opts.maxRto, Math.max(opts.minRto, est.srtt + Math.max(opts.granularity, RTO_K * est.rttvar)));
}

/** Rounds away binary noise (values are multiples of 2^-3k ms; 1e-6 ms is far below any clock). */
const clean = (x: number) => Math.round(x * 1e6) / 1e6;

export function rto(input: RtoInput): RtoResult {
  const variant = input.variant ?? "rfc6298";
  if (variant !== "rfc6298" && variant !== "linux") throw new TransferInputError(`variant must be rfc6298 or linux, got ${JSON.stringify(variant)}`);
  if (!Array.isArray(input.samples) || input.samples.length === 0) throw new TransferInputError("samples must list at least one RTT in ms");
  if (input.samples.length > 10_000) throw new TransferInputError("at most 10000 samples");
  input.samples.forEach((s, i) => checkNumber(s, `sample ${i + 1}`, 0, 3_600_000));
  const minRto = checkNumber(input.minRto ?? (variant === "linux" ? LINUX_MIN_RTO_MS : RFC_MIN_RTO_MS), "minRto", 0, 3_600_000);
  const maxRto = checkNumber(input.maxRto ?? (variant === "linux" ? LINUX_MAX_RTO_MS : RFC_MAX_RTO_MS), "maxRto", Math.max(minRto, 1), 3_600_000);
  const granularity = checkNumber(input.granularity ?? 0, "granularity", 0, 60_000);
  if (variant === "linux" && input.granularity !== undefined) throw new TransferInputError("granularity applies to the rfc6298 variant only");
  const timeouts = checkInt(input.timeouts ?? 6, "timeouts", 0, 64);

  const steps: RtoStep[] = variant === "rfc6298" ? rfcSteps(input.samples, { minRto, maxRto, granularity }) : linuxSteps(input.samples, minRto, maxRto);
  const last = steps[steps.length - 1].rto;
  const backoff: RtoResult["backoff"] = [];
  let r = last;
  for (let k = 1; k <= timeouts; k++) {
    r = Math.min(maxRto, r * 2);
    backoff.push({ timeout: k, rto: clean(r) });
  }
  return { steps, backoff };
}

function rfcSteps(samples: number[], opts: { minRto: number; maxRto: number; granularity: number }): RtoStep[] {
  let est: RttEstimator = { srtt: null, rttvar: 0 };
  return samples.map((sample) => {
    est = rfc6298Sample(est, sample);
    return { sample, srtt: clean(est.srtt!), rttvar: clean(est.rttvar), rto: clean(rfc6298Rto(est, opts)) };
  });
}

/** The kernel's right shift of a non-negative value, without int32 overflow. */
const shr = (x: number, n: number) => Math.floor(x / 2 ** n);

/** Linux tcp_rtt_estimator + __tcp_set_rto, in microseconds, one sample per round trip. */
function linuxSteps(samples: number[], minRtoMs: number, maxRtoMs: number): RtoStep[] {
  const rtoMin = Math.round(minRtoMs * 1000);
  let srtt8 = 0; // srtt_us: SRTT << 3
  let mdev = 0; // mdev_us: 4·mean deviation
  let mdevMax = 0;
  let rttvar = 0; // rttvar_us
  return samples.map((sample) => {
    let m = Math.max(1, Math.round(sample * 1000)); // tcp_rtt_estimator is called with mrtt_us ≥ 1
    if (srtt8 !== 0) {
      m -= shr(srtt8, 3);
      srtt8 += m;
      if (m < 0) {
        m = -m;
        m -= shr(mdev, 2);
        if (m > 0) m = shr(m, 3);
      } else {
        m -= shr(mdev, 2);
      }
      mdev += m;
      if (mdev > mdevMax) {
        mdevMax = mdev;
        if (mdevMax > rttvar) rttvar = mdevMax;
      }
      // one sample per round trip: after(snd_una, rtt_seq) holds at every sample
      if (mdevMax < rttvar) rttvar -= shr(rttvar - mdevMax, 2);
      mdevMax = rtoMin;
    } else {
      srtt8 = m * 8;
      mdev = m * 2;
      rttvar = Math.max(mdev, rtoMin);
      mdevMax = rttvar;
    }
    srtt8 = Math.max(1, srtt8);
    const rtoUs = Math.min(maxRtoMs * 1000, shr(srtt8, 3) + rttvar);
    // rttvar on the RFC's scale (the kernel's rttvar_us is 4·RTTVAR), so RTO = srtt + 4·rttvar here too
    return { sample, srtt: shr(srtt8, 3) / 1000, rttvar: rttvar / 4 / 1000, rto: rtoUs / 1000 };
  });
}
