import "server-only";
import type { Item } from "@/lib/content/schema";
import { format } from "@/lib/i18n/dictionaries";
import type { MockStrings } from "@/lib/i18n/features/mock";
import type { LadderInstance } from "@/lib/mock/items";
import type { TurnKind } from "@/lib/mock/policy";

/** What the interviewer says for a turn: a short lead-in, the question, and (for a probe) the question it returns to. */
export function interviewerSays(
  tm: MockStrings,
  turn: { index: number; kind: TurnKind; probe: string[] | null },
  item: Item | undefined,
  lang: "zh" | "en",
  opts: { probeCount: number; ladder: LadderInstance | null },
): { lead: string | null; question: string; context: string | null } {
  const prompt = item?.prompt[lang] ?? "";
  if (turn.kind === "probe") {
    const n = turn.probe?.length ?? 0;
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
  return { lead, question: prompt, context: null };
}
