/**
 * The scenario player's state in the URL, so a learner can share exactly what they saw:
 *
 *   /lab/player?scenario=lost-last-ack&seed=7&faults=3-drop.9-duplicate&step=11
 *
 * `faults` lists `segment-kind` pairs joined by "." (only URL-safe characters, so links stay
 * readable), in segment order. This file only writes URLs and has no dependencies, so the browser
 * can use it; reading them (validated with zod) is `url-schema.ts`.
 */
import type { Fault } from "@/lib/tcp";

export const FAULT_KINDS = ["drop", "delay", "duplicate"] as const satisfies readonly Fault["kind"][];
export const DEFAULT_SCENARIO = "client-close";
export const DEFAULT_SEED = 1;
/** Seeds are the engine's 32-bit PRNG seeds. */
export const MAX_SEED = 0xffff_ffff;
export const MAX_FAULTS = 8;
/** No named scenario transmits more segments than this (syn-flood is the longest). */
export const MAX_FAULT_SEGMENT = 199;
export const MAX_STEP = 999;
/** A query string longer than this is refused whole rather than parsed. */
export const MAX_QUERY_LENGTH = 512;

export interface PlayerState {
  scenario: string;
  seed: number;
  faults: Fault[];
  /** 0-based index of the step shown */
  step: number;
}

/** One fault per segment, in segment order: the canonical form the URL holds. */
export function normalizeFaults(faults: readonly Fault[]): Fault[] {
  const seen = new Set<number>();
  const out: Fault[] = [];
  for (const f of faults) {
    if (seen.has(f.segment)) continue;
    seen.add(f.segment);
    out.push({ segment: f.segment, kind: f.kind });
  }
  return out.sort((a, b) => a.segment - b.segment).slice(0, MAX_FAULTS);
}

export function encodeFaults(faults: readonly Fault[]): string {
  return normalizeFaults(faults)
    .map((f) => `${f.segment}-${f.kind}`)
    .join(".");
}

/** The query string (without "?") for a state; defaults are left out. */
export function playerQuery(state: PlayerState): string {
  const p = new URLSearchParams();
  p.set("scenario", state.scenario);
  p.set("seed", String(state.seed));
  const faults = encodeFaults(state.faults);
  if (faults) p.set("faults", faults);
  if (state.step > 0) p.set("step", String(state.step));
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
  return `/lab?${p.toString()}`;
}
