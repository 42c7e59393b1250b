/**
 * Probability of recall now for stored cards, through the FSRS wrapper (ts-fsrs's forgetting
 * curve; never re-implemented here). Pure: `now` is a parameter.
 */
import { toFsrs, type StoredCard } from "@/lib/srs/mapper";
import { retrievability, State } from "@/lib/srs/scheduler";

/**
 * Retrievability of a card now; a card never reviewed (state New) has none (null), nor has one
 * without a usable stability (older databases hold mock-made cards with stability 0, whose
 * forgetting curve would divide by zero).
 */
export function recallNow(card: StoredCard, now: Date): number | null {
  if (card.state === State.New || card.lastReview === null || !(card.stability > 0)) return null;
  return retrievability(toFsrs(card), now);
}
