/**
 * Probability of recall now for stored cards, through the FSRS wrapper (ts-fsrs's forgetting
 * curve; never re-implemented here). Pure: `now` is a parameter.
 */
import { toFsrs, type StoredCard } from "@/lib/srs/mapper";
import { retrievability, State, type SchedulerWeights } from "@/lib/srs/scheduler";

/**
 * Retrievability of a card now; a card never reviewed (state New) has none (null), nor has one
 * without a usable stability (older databases hold mock-made cards with stability 0, whose
 * forgetting curve would divide by zero). `weights` are the learner's (lib/server/learner-weights
 * learnerWeights): the forgetting curve's shape depends on them (FSRS-6 w[20], the decay), so the
 * figure matches what the scheduler predicts for this learner; without them, ts-fsrs's defaults.
 */
export function recallNow(card: StoredCard, now: Date, weights?: SchedulerWeights): number | null {
  if (card.state === State.New || card.lastReview === null || !(card.stability > 0)) return null;
  return retrievability(toFsrs(card), now, undefined, weights);
}
