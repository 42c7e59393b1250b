/**
 * Reading the scenario player's URL (see `url.ts` for the format) with zod. Anything invalid is
 * replaced by its default and reported as an issue code, never thrown: a mistyped shared link
 * still opens the player, and says what it ignored.
 */
import { z } from "zod";
import {
  DEFAULT_SCENARIO,
  DEFAULT_SEED,
  FAULT_KINDS,
  MAX_FAULTS,
  MAX_FAULT_SEGMENT,
  MAX_QUERY_LENGTH,
  MAX_SEED,
  MAX_STEP,
  normalizeFaults,
  type PlayerState,
} from "./url";

export type UrlIssue = "too_long" | "scenario" | "seed" | "faults" | "step";

const DECIMAL = /^(0|[1-9][0-9]{0,9})$/;

const seedSchema = z
  .string()
  .regex(DECIMAL)
  .transform(Number)
  .pipe(z.int().min(0).max(MAX_SEED));

const stepSchema = z
  .string()
  .regex(DECIMAL)
  .transform(Number)
  .pipe(z.int().min(0).max(MAX_STEP));

const faultSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,2})-(drop|delay|duplicate)$/)
  .transform((s) => {
    const [segment, kind] = s.split("-");
    return { segment: Number(segment), kind: kind as (typeof FAULT_KINDS)[number] };
  })
  .pipe(z.object({ segment: z.int().min(0).max(MAX_FAULT_SEGMENT), kind: z.enum(FAULT_KINDS) }));

export const faultsSchema = z
  .string()
  .max(MAX_FAULTS * 14)
  .transform((s) => (s === "" ? [] : s.split(".")))
  .pipe(z.array(faultSchema).max(MAX_FAULTS))
  .refine((fs) => new Set(fs.map((f) => f.segment)).size === fs.length, { error: "one fault per segment" })
  .transform(normalizeFaults);

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

function queryLength(params: Params): number {
  if (params instanceof URLSearchParams) return params.toString().length;
  let n = 0;
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v ?? ""]) n += k.length + x.length + 2;
  return n;
}

/**
 * The player state a URL asks for. `scenarios` are the engine's scenario names (passed in, so
 * this module stays free of the engine and can be tested alone).
 */
export function decodePlayerParams(params: Params, scenarios: readonly string[]): { state: PlayerState; issues: UrlIssue[] } {
  const state: PlayerState = { scenario: scenarios.includes(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : scenarios[0], seed: DEFAULT_SEED, faults: [], step: 0 };
  if (queryLength(params) > MAX_QUERY_LENGTH) return { state, issues: ["too_long"] };
  const issues: UrlIssue[] = [];
  const scenario = get(params, "scenario");
  if (scenario !== undefined) {
    if (scenarios.includes(scenario)) state.scenario = scenario;
    else issues.push("scenario");
  }
  const seed = get(params, "seed");
  if (seed !== undefined) {
    const r = seedSchema.safeParse(seed);
    if (r.success) state.seed = r.data;
    else issues.push("seed");
  }
  const faults = get(params, "faults");
  if (faults !== undefined) {
    const r = faultsSchema.safeParse(faults);
    if (r.success) state.faults = r.data;
    else issues.push("faults");
  }
  const step = get(params, "step");
  if (step !== undefined) {
    const r = stepSchema.safeParse(step);
    if (r.success) state.step = r.data;
    else issues.push("step");
  }
  return { state, issues };
}
