import "server-only";
import type { Item } from "@/lib/content/schema";
import { format } from "@/lib/i18n/dictionaries";
import type { MockStrings } from "@/lib/i18n/features/mock";
import type { LadderInstance } from "@/lib/mock/items";
import type { TurnKind } from "@/lib/mock/policy";
import { turnCalc, turnLadder } from "@/lib/mock/turn";
import type { TransferInstance } from "@/lib/content/transfer";

/** What the interviewer says for a turn: a short lead-in, the question, and (for a probe) the question it returns to. */
export function interviewerSays(
  tm: MockStrings,
  turn: { index: number; kind: TurnKind; probe: string[] | null },
  item: Item | undefined,
  lang: "zh" | "en",
  opts: { probeCount: number; ladder: LadderInstance | null; calc?: TransferInstance | null },
): { lead: string | null; question: string; context: string | null } {
  const prompt = item?.prompt[lang] ?? "";
  if (turn.kind === "challenge") {
    const id = (turn.probe ?? []).find((p) => p.startsWith("!"))?.slice(1);
    const m = item?.misconceptions.find((x) => x.id === id);
    return { lead: tm.interview.challengeLead, question: m ? m.challenge[lang] : format(tm.interview.probe, { n: 0 }), context: prompt };
  }
  if (turn.kind === "probe") {
    const missed = (turn.probe ?? []).filter((p) => !p.startsWith("!"));
    // A human asks about the specific gap: the follow-up written for the first missed key point.
    const ask = item?.keyPoints.find((k) => k.id === missed[0])?.ask[lang];
    const n = missed.length;
    // After an answer that made none of the points, the interviewer gives a hint before asking again.
    const nothingYet = opts.probeCount <= 1 && item !== undefined && missed.length === item.keyPoints.length;
    const hint = nothingYet ? format(tm.interview.hint, { label: item!.keyPoints.find((k) => k.id === missed[0])!.label[lang] }) : null;
    if (ask) return { lead: opts.probeCount > 1 ? tm.interview.probeAgainLead : hint, question: ask, context: prompt };
    return { lead: null, question: format(opts.probeCount > 1 ? tm.interview.probeAgain : tm.interview.probe, { n }), context: prompt };
  }
  const lead = turn.kind === "deeper" ? tm.interview.deeperLead : turn.index > 0 && turn.kind === "opening" ? tm.interview.newThreadLead : null;
  if (opts.ladder) {
    const l = opts.ladder;
    const question =
      format(tm.worked.ladderPrompt, { phase: l.phase === "teardown" ? tm.worked.phaseTeardown : tm.worked.phaseHandshake, client: l.before.client, server: l.before.server }) +
      " " +
      format(tm.worked.ladderStart, { client: l.start.client, server: l.start.server });
    return { lead, question, context: null };
  }
  // A calculation: the question with the numbers drawn for this turn.
  if (opts.calc) return { lead, question: prompt, context: opts.calc.given.map((g) => g[lang]).join(" · ") };
  return { lead, question: prompt, context: null };
}

/**
 * Everything the transcript and the report show for each answered turn: its stored record, the
 * bank item, the ladder of a worked turn, and what the interviewer said.
 */
export function describeAnsweredTurns<
  R extends { index: number; itemId: string; mode: string; probeCount: number },
  V extends { index: number; id: string; kind: TurnKind; probe: string[] | null },
>(
  tm: MockStrings,
  turns: readonly R[],
  records: readonly V[],
  seed: number,
  byId: ReadonlyMap<string, Item>,
  lang: "zh" | "en",
): { turn: R; record: V; item: Item | undefined; ladder: LadderInstance | null; said: ReturnType<typeof interviewerSays> }[] {
  return turns.map((turn) => {
    const record = records.find((x) => x.index === turn.index)!;
    const item = byId.get(turn.itemId);
    const ladder = turn.mode === "ladder" && item ? turnLadder(item, seed, turn.index) : null;
    const calc = turn.mode === "calc" && item ? turnCalc(item, seed, turn.index) : null;
    return { turn, record, item, ladder, said: interviewerSays(tm, record, item, lang, { probeCount: turn.probeCount, ladder, calc }) };
  });
}
