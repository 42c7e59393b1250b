import "server-only";
import { seededRandom } from "@/lib/content/sequence";
import { checkAnswer, presentItem, type CheckResult, type PresentedItem } from "@/lib/grading/practice";
import { checkedAt, parseChecked } from "@/lib/srs/checked";
import { AnswerBody } from "./practice-schemas";
import type { Locale } from "@/lib/i18n/config";
import { toFsrs } from "@/lib/srs/mapper";
import { formatInterval, previewIntervals } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { personalItem } from "./captures";
import { learnerWeights } from "./learner-weights";
import { cardForRating, getSession, getSessionSummary, getSettings } from "./practice";

export interface SessionView {
  sessionId: string;
  /** review, or cram (ratings do not change the schedule) */
  mode: "review" | "cram";
  position: number;
  total: number;
  finished: boolean;
  current: null | {
    item: PresentedItem;
    cardVersion: number;
    isNew: boolean;
    leech: boolean;
    /** interval label per rating 1..4, when the learner wants previews */
    intervals: Record<"1" | "2" | "3" | "4", string> | null;
    /** the answer already checked at this position, graded again in the page's language */
    checked: { given: unknown; result: CheckResult } | null;
  };
  summary: Awaited<ReturnType<typeof getSessionSummary>> | null;
}

/** The random draws of the card currently shown: the same across reloads, new for each showing. */
export function cardRandom(seed: number, position: number): () => number {
  return seededRandom((seed ^ Math.imul(position + 1, 0x9e3779b1)) >>> 0);
}

export async function buildSessionView(userId: string, sessionId: string, locale: Locale, now: Date, tzOffset: number): Promise<SessionView> {
  const { session, queue, currentItemId, card } = await getSession(userId, sessionId);
  const bank = getBank();
  const settings = await getSettings(userId);
  const base = { sessionId: session.id, mode: session.mode === "cram" ? ("cram" as const) : ("review" as const), position: session.position, total: queue.length };
  const item = currentItemId ? (bank.byId.get(currentItemId) ?? (await personalItem(userId, currentItemId))) : undefined;
  if (!currentItemId || !item) {
    return { ...base, finished: true, current: null, summary: await getSessionSummary(userId, session.id, now, tzOffset) };
  }
  const { stored, version } = cardForRating(card, now);
  const entry = checkedAt(parseChecked(session.checked), session.position, item.id);
  const given = entry ? AnswerBody.safeParse(entry.answer) : null;
  const checked =
    entry && given?.success
      ? { given: given.data, result: checkAnswer(item, given.data, { lang: locale, rand: cardRandom(session.seed, session.position), responseMs: entry.responseMs }) }
      : null;
  // the learner's applied fitted weights, as the rating transaction will use them
  const previews = previewIntervals(toFsrs(stored), now, settings.desiredRetention, (await learnerWeights(userId)).weights);
  return {
    ...base,
    finished: false,
    current: {
      item: presentItem(item, locale, cardRandom(session.seed, session.position)),
      cardVersion: version,
      isNew: version === 0 || stored.state === 0,
      leech: card?.leech ?? false,
      intervals: settings.showIntervals
        ? { "1": formatInterval(now, previews[1]), "2": formatInterval(now, previews[2]), "3": formatInterval(now, previews[3]), "4": formatInterval(now, previews[4]) }
        : null,
      checked,
    },
    summary: null,
  };
}
