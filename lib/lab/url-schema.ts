/**
 * Reading the scenario player's URL (see `url.ts` for the format, both versions) with zod. Anything invalid is
 * replaced by its default and reported as an issue code, never thrown: a mistyped shared link
 * still opens the player, and says what it ignored.
 */
import { z } from "zod";
import {
  APP_FAULTS,
  DEFAULT_SCENARIO,
  DEFAULT_SEED,
  FAULT_KINDS,
  MAX_FAULTS,
  MAX_FAULT_SEGMENT,
  MAX_QUERY_LENGTH,
  MAX_SEED,
  MAX_STEP,
  normalizeFaults,
  URL_VERSION,
  type PlayerState,
} from "./url";
import type { Fault } from "@/lib/tcp";

export type UrlIssue = "too_long" | "scenario" | "seed" | "faults" | "step" | "app";

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
  .pipe(z.int().min(0).max(MAX_STEP + 1));

/** Version 2: `step-kind`, the step numbered from 1 as the player shows it. */
const faultSchema = z
  .string()
  .regex(/^([1-9][0-9]{0,3})-(drop|delay|duplicate|rst_next|rst_window|rst_outside)$/)
  .transform((s) => {
    const [step, kind] = s.split("-");
    return { step: Number(step), kind: kind as (typeof FAULT_KINDS)[number] };
  })
  .pipe(z.object({ step: z.int().min(1).max(MAX_STEP + 1), kind: z.enum(FAULT_KINDS) }));

export const faultsSchema = z
  .string()
  .max(MAX_FAULTS * 16)
  .transform((s) => (s === "" ? [] : s.split(".")))
  .pipe(z.array(faultSchema).max(MAX_FAULTS))
  .refine((fs) => new Set(fs.map((f) => f.step)).size === fs.length, { error: "one fault per step" })
  .transform(normalizeFaults);

/** Links without `v`: `segment-kind`, the engine's 0-based transmission index. */
const legacyFaultSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,2})-(drop|delay|duplicate)$/)
  .transform((s) => {
    const [segment, kind] = s.split("-");
    return { segment: Number(segment), kind: kind as (typeof FAULT_KINDS)[number] };
  })
  .pipe(z.object({ segment: z.int().min(0).max(MAX_FAULT_SEGMENT), kind: z.enum(FAULT_KINDS) }));

export const legacyFaultsSchema = z
  .string()
  .max(MAX_FAULTS * 14)
  .transform((s) => (s === "" ? [] : s.split(".")))
  .pipe(z.array(legacyFaultSchema).max(MAX_FAULTS))
  .refine((fs) => new Set(fs.map((f) => f.segment)).size === fs.length, { error: "one fault per segment" })
  .transform((fs): Fault[] => [...fs].sort((a, b) => a.segment - b.segment));

/** `app=slow_accept.slow_close`: each at most once. */
const appSchema = z
  .string()
  .max(40)
  .transform((s) => (s === "" ? [] : s.split(".")))
  .pipe(z.array(z.enum(APP_FAULTS)).max(APP_FAULTS.length))
  .refine((a) => new Set(a).size === a.length, { error: "each once" })
  .transform((a) => APP_FAULTS.filter((x) => a.includes(x)));

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
 * this module stays free of the engine and can be tested alone). An old link (no `v=2`) has its
 * faults as engine transmission indexes in `legacyFaults` (and `state.faults` empty): the caller
 * simulates them and maps them to step numbers (`stepFaultsOf` in `faults.ts`).
 */
export function decodePlayerParams(
  params: Params,
  scenarios: readonly string[],
): { state: PlayerState; issues: UrlIssue[]; legacyFaults: Fault[] } {
  const state: PlayerState = { scenario: scenarios.includes(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : scenarios[0], seed: DEFAULT_SEED, faults: [], step: 0 };
  const legacyFaults: Fault[] = [];
  if (queryLength(params) > MAX_QUERY_LENGTH) return { state, issues: ["too_long"], legacyFaults };
  const issues: UrlIssue[] = [];
  const current = get(params, "v") === URL_VERSION;
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
    if (current) {
      const r = faultsSchema.safeParse(faults);
      if (r.success) state.faults = r.data;
      else issues.push("faults");
    } else {
      const r = legacyFaultsSchema.safeParse(faults);
      if (r.success) legacyFaults.push(...r.data);
      else issues.push("faults");
    }
  }
  const app = get(params, "app");
  if (app !== undefined) {
    const r = appSchema.safeParse(app);
    if (r.success) state.app = r.data;
    else issues.push("app");
  }
  const step = get(params, "step");
  if (step !== undefined) {
    const r = stepSchema.safeParse(step);
    // version 2 numbers the step shown from 1; old links from 0
    if (r.success && (current ? r.data >= 1 : r.data <= MAX_STEP)) state.step = current ? r.data - 1 : r.data;
    else issues.push("step");
  }
  return { state, issues, legacyFaults };
}
