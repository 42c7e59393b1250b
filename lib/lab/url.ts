/**
 * The scenario player's state in the URL, so a learner can share exactly what they saw:
 *
 *   /lab/player?scenario=lost-last-ack&seed=7&faults=4-drop.10-duplicate&step=12&v=2
 *
 * Version 2 (`v=2`, what this file writes) numbers steps from 1, as the player shows them: `step`
 * is the step shown and `faults` lists `step-kind` pairs joined by "." (only URL-safe
 * characters, so links stay readable), in step order; a fault's step is the step of the run shown
 * (see `faults.ts`). A link without `v` is the old form: `step` 0-based and each fault's number
 * the engine's 0-based transmission index; it is still read (`url-schema.ts`, and the page maps
 * the faults to step numbers). This file only writes URLs and has no dependencies, so the browser
 * can use it.
 */
import type { Fault } from "@/lib/tcp";
import type { StepFault } from "./faults";

export const FAULT_KINDS = ["drop", "delay", "duplicate", "rst_next", "rst_window", "rst_outside"] as const satisfies readonly Fault["kind"][];
/** A slow application (connection scenarios), in the URL as `app=slow_accept.slow_close`. */
export const APP_FAULTS = ["slow_accept", "slow_close", "slow_read"] as const;
/** The slow applications of a connection scenario (the connection simulator's `AppFaults`). */
export const CONNECTION_APP_FAULTS = ["slow_accept", "slow_close"] as const satisfies readonly (typeof APP_FAULTS)[number][];
/** The slow application of a data-transfer scenario: a receiver that does not read (lib/lab/transfer.ts). */
export const TRANSFER_APP_FAULTS = ["slow_read"] as const satisfies readonly (typeof APP_FAULTS)[number][];
export type AppFault = (typeof APP_FAULTS)[number];
export const DEFAULT_SCENARIO = "client-close";
export const DEFAULT_SEED = 1;
/** Seeds are the engine's 32-bit PRNG seeds. */
export const MAX_SEED = 0xffff_ffff;
export const MAX_FAULTS = 8;
/** No named scenario transmits more segments than this (syn-flood is the longest); old links only. */
export const MAX_FAULT_SEGMENT = 199;
/** The URL version this file writes. */
export const URL_VERSION = "2";
export const MAX_STEP = 999;
/** A query string longer than this is refused whole rather than parsed. */
export const MAX_QUERY_LENGTH = 512;

export interface PlayerState {
  scenario: string;
  seed: number;
  /** faults on 1-based step numbers of the run shown */
  faults: StepFault[];
  /** 0-based index of the step shown (written 1-based into the URL) */
  step: number;
  /** a slow application (what-if), in APP_FAULTS order */
  app?: AppFault[];
}

/** The engine's options for a slow application. */
export function appOptions(app: readonly AppFault[] | undefined): { slowAccept?: boolean; slowClose?: boolean } {
  return { ...(app?.includes("slow_accept") ? { slowAccept: true } : {}), ...(app?.includes("slow_close") ? { slowClose: true } : {}) };
}

/** One fault per step, in step order: the canonical form the URL holds. */
export function normalizeFaults(faults: readonly StepFault[]): StepFault[] {
  const seen = new Set<number>();
  const out: StepFault[] = [];
  for (const f of faults) {
    if (seen.has(f.step)) continue;
    seen.add(f.step);
    out.push({ step: f.step, kind: f.kind });
  }
  return out.sort((a, b) => a.step - b.step).slice(0, MAX_FAULTS);
}

export function encodeFaults(faults: readonly StepFault[]): string {
  return normalizeFaults(faults)
    .map((f) => `${f.step}-${f.kind}`)
    .join(".");
}

/** The query string (without "?") for a state; defaults are left out. */
export function playerQuery(state: PlayerState): string {
  const p = new URLSearchParams();
  p.set("scenario", state.scenario);
  p.set("seed", String(state.seed));
  const faults = encodeFaults(state.faults);
  if (faults) p.set("faults", faults);
  if (state.app && state.app.length > 0) p.set("app", APP_FAULTS.filter((a) => state.app!.includes(a)).join("."));
  if (state.step > 0) p.set("step", String(state.step + 1));
  p.set("v", URL_VERSION);
  return p.toString();
}

export function playerHref(state: PlayerState): string {
  return `/lab/player?${playerQuery(state)}`;
}

/** The explainer reading the tcpdump text of this run (the step does not matter there). */
export function explainRunHref(state: Omit<PlayerState, "step">): string {
  const p = new URLSearchParams();
  p.set("scenario", state.scenario);
  p.set("seed", String(state.seed));
  const faults = encodeFaults(state.faults);
  if (faults) p.set("faults", faults);
  if (state.app && state.app.length > 0) p.set("app", APP_FAULTS.filter((a) => state.app!.includes(a)).join("."));
  p.set("v", URL_VERSION);
  return `/lab?${p.toString()}`;
}
