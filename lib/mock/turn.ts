/**
 * Grading one submitted turn (pure): picks the checker for the turn's mode. Worked answers arrive as
 * form fields, serialised as JSON in the answer column.
 */
import type { Item } from "@/lib/content/schema";
import type { Lang } from "@/lib/grading";
import type { TransferInstance } from "@/lib/content/transfer";
import { gradeCalc, gradeLadder, gradeState, gradeTalk, gradeTrace, type Fields, type TurnResult } from "./grade";
import { calcInstance, ladderInstance, modeOf, traceInstance, type LadderInstance } from "./items";
import { turnSeed } from "./prng";
import type { TurnKind } from "./policy";

/** The ladder drawn for turn `index` of an interview with `seed`. */
export function turnLadder(item: Item, seed: number, index: number): LadderInstance | null {
  return ladderInstance(item, turnSeed(seed, index));
}

/** The numbers drawn for turn `index` of an interview with `seed` (a transfer item's calculation). */
export function turnCalc(item: Item, seed: number, index: number): TransferInstance | null {
  return calcInstance(item, turnSeed(seed, index));
}

export function parseFields(json: string | null | undefined): Fields {
  try {
    const v = JSON.parse(json ?? "") as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
    }
  } catch {
    /* not fields */
  }
  return {};
}

export function gradeTurn(
  item: Item,
  turn: { index: number; kind: TurnKind; probe: string[] | null },
  answer: string,
  ctx: { seed: number; lang: Lang; elapsedMs: number },
): TurnResult {
  const mode = modeOf(item);
  if (mode === "ladder") {
    const ladder = turnLadder(item, ctx.seed, turn.index);
    if (ladder) return gradeLadder(ladder, parseFields(answer), ctx.elapsedMs);
  }
  if (mode === "state") return gradeState(item, parseFields(answer), ctx.elapsedMs);
  if (mode === "calc") {
    const inst = turnCalc(item, ctx.seed, turn.index);
    if (inst) return gradeCalc(inst, parseFields(answer), ctx.elapsedMs);
  }
  if (mode === "trace") {
    const t = traceInstance(item);
    if (t) return gradeTrace(t, parseFields(answer), ctx.elapsedMs);
  }
  const scored = turn.kind === "probe" || turn.kind === "challenge" ? (turn.probe ?? []).filter((id) => !id.startsWith("!")) : null;
  return gradeTalk(item, answer, ctx.lang, scored, ctx.elapsedMs);
}

/** Whether a draft holds anything (text, or a filled field). */
export function draftHasContent(draft: string | null | undefined, worked: boolean): boolean {
  if (!draft) return false;
  if (!worked) return draft.trim() !== "";
  return Object.values(parseFields(draft)).some((v) => v.trim() !== "");
}
