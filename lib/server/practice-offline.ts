import "server-only";
import crypto from "node:crypto";
import { checkAnswer, presentItem, type Answer, type Presented } from "@/lib/grading/practice";
import type { Locale } from "@/lib/i18n/config";
import { nextSeed } from "@/lib/db/rating-transaction";
import { versionsAhead, type OfflineBundle } from "@/lib/offline/queue";
import { toFsrs } from "@/lib/srs/mapper";
import { formatInterval, previewIntervals } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { cardRandom } from "./practice-view";
import { CARD_SELECT, cardForRating, getSession, getSettings } from "./practice";
import { getPrisma } from "./prisma";

/** At most this many cards ahead are bundled for offline practice (a day's session is rarely longer). */
export const OFFLINE_AHEAD = 60;

/** An answer that gives nothing: graded, it yields the model answer of the showing. */
export function blankAnswer(p: Presented): Answer {
  switch (p.type) {
    case "flashcard":
      return { type: "flashcard" };
    case "open":
      return { type: "open", text: "" };
    case "single":
      return { type: "single", choice: "" };
    case "multiple":
      return { type: "multiple", choices: [] };
    case "ordering":
      return { type: "ordering", order: [] };
    case "state":
      return { type: "state", next: "", send: [] };
    case "sequence":
      return { type: "sequence", values: [] };
    case "trace":
      return { type: "trace" };
    case "transfer":
      return { type: "transfer", values: {} };
  }
}

/**
 * The rest of a session for offline practice: each card as the server will show it (its random
 * draws follow from the session's seed, and each next seed from the idempotency key chosen here
 * for the rating before it, as lib/db/rating-transaction.ts computes it), the card version it
 * will be rated at, and its model answer. Rated in order with these keys, the server's session
 * walks exactly these cards. Nothing is stored: a bundle made twice has other keys, and only
 * the ratings sent decide.
 */
export async function buildOfflineBundle(userId: string, sessionId: string, locale: Locale, now: Date): Promise<OfflineBundle> {
  const { session, queue } = await getSession(userId, sessionId);
  const bank = getBank();
  const settings = await getSettings(userId);
  const ahead = queue.slice(session.position, session.position + OFFLINE_AHEAD);
  const db = await getPrisma();
  const rows = await db.card.findMany({ where: { userId, itemId: { in: [...new Set(ahead)] } }, select: CARD_SELECT });
  const byItem = new Map(rows.map((r) => [r.itemId, r]));
  const entries = ahead.map((itemId) => ({ itemId, ...cardForRating(byItem.get(itemId) ?? null, now) }));
  const versions = versionsAhead(session.mode === "cram" ? "cram" : "review", entries.map((e) => ({ itemId: e.itemId, cardVersion: e.version })));
  const seen = new Set<string>();
  let seed = session.seed;
  const cards: OfflineBundle["cards"] = [];
  entries.forEach((e, i) => {
    const item = bank.byId.get(e.itemId);
    if (!item) return; // an item removed from the bank ends what can be practised offline
    if (cards.length !== i) return;
    const position = session.position + i;
    const presented = presentItem(item, locale, cardRandom(seed, position));
    const reference = checkAnswer(item, blankAnswer(presented.presented), { lang: locale, rand: cardRandom(seed, position), responseMs: 0 });
    const first = !seen.has(e.itemId);
    seen.add(e.itemId);
    const previews = first && settings.showIntervals ? previewIntervals(toFsrs(e.stored), now, settings.desiredRetention) : null;
    const idempotencyKey = crypto.randomBytes(16).toString("hex");
    cards.push({
      position,
      itemId: e.itemId,
      cardVersion: versions[i],
      isNew: first ? e.version === 0 || e.stored.state === 0 : false,
      idempotencyKey,
      item: presented as unknown as OfflineBundle["cards"][number]["item"],
      reference: { ...reference, correct: null, suggested: null } as unknown as OfflineBundle["cards"][number]["reference"],
      intervals: previews ? { "1": formatInterval(now, previews[1]), "2": formatInterval(now, previews[2]), "3": formatInterval(now, previews[3]), "4": formatInterval(now, previews[4]) } : null,
    });
    seed = nextSeed(position, idempotencyKey);
  });
  return {
    version: 1,
    userId,
    sessionId: session.id,
    mode: session.mode === "cram" ? "cram" : "review",
    lang: locale,
    total: queue.length,
    createdAt: now.getTime(),
    cards,
  };
}
