/**
 * The readiness summary: one sentence per topic, in the learner's language (pure; the sentence
 * templates come from the dashboard dictionary so both languages stay in one place).
 */
import { format } from "@/lib/i18n/dictionaries";
import type { en } from "@/lib/i18n/features/dashboard";
import type { Widen } from "@/lib/i18n/widen";
import { RECALL_THRESHOLD, readinessLevel, type ReadinessLevel, type TopicMastery } from "./figures";

type ReadinessStrings = Widen<typeof en>["readiness"];

const TEMPLATE: Record<ReadinessLevel, keyof ReadinessStrings> = {
  "not-started": "notStarted",
  weak: "weakOfEvidence",
  nearly: "nearlyOfEvidence",
  ready: "ready",
};

/** "SYN flood and queues: weak — 3 of the 6 items practised or asked in a mock are weak; 3 not started" */
export function readinessSentence(m: TopicMastery, topicName: string, strings: ReadinessStrings): { level: ReadinessLevel; text: string } {
  const level = readinessLevel(m);
  return {
    level,
    text: format(strings[TEMPLATE[level]], {
      topic: topicName,
      below: m.below,
      total: m.total,
      weak: m.weakSeen,
      evidenced: m.evidenced,
      unstarted: m.total - m.evidenced,
      threshold: Math.round(RECALL_THRESHOLD * 100),
    }),
  };
}
