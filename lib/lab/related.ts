/**
 * The bank's questions on what a trace shows. Each feature of a trace (handshake, half-close,
 * TIME_WAIT, RST …) names the bank topics and tags that cover it; the questions are picked from
 * the bank by those, most often asked first, a few per feature, none twice.
 */
import type { Bilingual } from "@/lib/tcp";
import type { Feature } from "./view";

export interface BankEntry {
  id: string;
  topic: string;
  tags: readonly string[];
  type: string;
  frequency: number;
  prompt: Bilingual;
}

export interface RelatedGroup {
  feature: Feature;
  items: { id: string; prompt: Bilingual; type: string }[];
}

export const FEATURE_LINKS: Record<Feature, { topics: string[]; tags: string[] }> = {
  handshake: { topics: ["handshake", "why-three"], tags: ["handshake"] },
  "handshake-loss": { topics: ["handshake-loss"], tags: ["retransmission"] },
  "handshake-data": { topics: ["handshake-data"], tags: ["tfo"] },
  "simultaneous-open": { topics: ["simultaneous-open"], tags: ["simultaneous-open"] },
  data: { topics: ["isn", "tcpdump"], tags: ["sequence-numbers"] },
  teardown: { topics: ["teardown", "why-four"], tags: ["teardown"] },
  "half-close": { topics: [], tags: ["half-close"] },
  "close-wait": { topics: ["close-wait"], tags: ["close-wait"] },
  "time-wait": { topics: ["time-wait"], tags: ["time-wait"] },
  "simultaneous-close": { topics: ["simultaneous-close"], tags: ["simultaneous-close", "closing"] },
  rst: { topics: ["rst"], tags: ["rst"] },
  impossible: { topics: ["tcpdump"], tags: ["impossible"] },
};

export const PER_FEATURE = 3;

export function relatedQuestions(features: readonly Feature[], bank: readonly BankEntry[], perFeature = PER_FEATURE): RelatedGroup[] {
  const used = new Set<string>();
  const groups: RelatedGroup[] = [];
  for (const feature of features) {
    const { topics, tags } = FEATURE_LINKS[feature];
    const score = (e: BankEntry) =>
      (e.tags.some((t) => tags.includes(t)) ? 2 : 0) + (topics.includes(e.topic) ? 1 : 0) + (e.type === "trace" ? 0.5 : 0) + e.frequency / 10;
    const picked = bank
      .filter((e) => !used.has(e.id) && (topics.includes(e.topic) || e.tags.some((t) => tags.includes(t))))
      .sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id))
      .slice(0, perFeature);
    for (const e of picked) used.add(e.id);
    if (picked.length > 0) groups.push({ feature, items: picked.map((e) => ({ id: e.id, prompt: e.prompt, type: e.type })) });
  }
  return groups;
}
