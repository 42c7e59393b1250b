/**
 * The interviewer's follow-up policy (pure; randomness is a parameter, so an interview is
 * deterministic for its seed and the candidate's answers).
 *
 * Threads. An interview is a series of threads. A thread opens with a question and follows up:
 * 1. At most MAX_FOLLOW_UPS (5) follow-ups per thread; after the fifth the next turn opens a new
 *    thread.
 * 2. Probe ("然后呢?"): after a spoken answer that missed key points, the interviewer asks the
 *    candidate to go on, on the same question. A question is probed at most MAX_PROBES (2) times,
 *    and a second time only when the first probe recovered at least one point (the candidate is
 *    getting there; otherwise pressing again only repeats the silence).
 * 2b. Challenge: after a spoken answer that asserted one of the item's misconceptions (the claim
 *    grader detects them), the next turn goes straight at that wrong claim with the item's pointed
 *    question, once per item, before any probe. Its `probe` lists "!<misconception id>" and then the
 *    key points still missed, which the answer is scored on.
 * 3. Deeper: when nothing was missed (or probing is over), the interviewer follows the question
 *    bank's follow-up links from the current question: the unasked askable follow-ups one link
 *    away, else two links away (through follow-ups that cannot be asked in a spoken interview,
 *    such as choice questions, or were already asked), drawn at random in proportion to their
 *    weight, worked turns counting double.
 * 4. New thread: an unasked spoken question of the focus drawn in proportion to its weight (a
 *    topic just used for the previous thread counts 0.3×); when no spoken question is left, any
 *    unasked askable item; when nothing is left the interview ends.
 *
 * Weight of a question = frequency (1–3, how often interviews ask it) × (1 + 2 × weakness of its
 * topic), weakness = 1 − the mean FSRS retrievability of the user's reviewed cards of the topic
 * (UNKNOWN_WEAKNESS for a topic never reviewed). So a weak topic weighs up to three times a mastered
 * one, and a very-often-asked question three times a rarely-asked one.
 */
import { weightedPick } from "./prng";
import type { MockFocus } from "./limits";

export const MAX_FOLLOW_UPS = 5;
export const MAX_PROBES = 2;
export const UNKNOWN_WEAKNESS = 0.5;
export const SAME_TOPIC_FACTOR = 0.3;
export const WORKED_FACTOR = 2;

export type Mode = "talk" | "ladder" | "state" | "trace" | "calc";
export type TurnKind = "opening" | "probe" | "challenge" | "deeper" | "worked";
export const TURN_KINDS = ["opening", "probe", "challenge", "deeper", "worked"] as const satisfies readonly TurnKind[];

/** An item the interviewer can ask, as the policy sees it. */
export interface Candidate {
  id: string;
  topic: string;
  frequency: number;
  mode: Mode;
  /** key point ids, in the bank's order (spoken questions) */
  keyPoints: string[];
}

export interface Pool {
  /** askable items of the interview's focus, in bank order */
  candidates: Candidate[];
  /** every bank item's follow-up links (also of items that cannot be asked), for walking them */
  links: Record<string, string[]>;
  /** weakness per topic id, 0 (mastered) … 1 (forgotten) */
  weakness: Record<string, number>;
}

export interface Thread {
  root: string;
  /** follow-ups asked in this thread */
  followUps: number;
  /** key points still missed, per spoken item of this thread */
  missed: Record<string, string[]>;
  /** probes asked, per item */
  probes: Record<string, number>;
  /** points the last probe recovered, per item */
  lastGain: Record<string, number>;
  /** misconceptions already challenged, per item */
  challenged?: Record<string, string[]>;
}

export interface PolicyState {
  v: 1;
  /** items asked so far (each item is asked once; probes repeat it) */
  used: string[];
  threads: number;
  thread: Thread | null;
  /** the topic of the previous thread's opening */
  lastRootTopic: string | null;
}

export interface TurnPlan {
  itemId: string;
  kind: TurnKind;
  mode: Mode;
  /** for a probe: the key points still missed, which the probe's answer is scored on */
  probe: string[] | null;
}

/** What the last answer did, as the policy needs it. */
export interface Outcome {
  itemId: string;
  kind: TurnKind;
  /** key point ids matched by this answer (spoken turns) */
  matched: string[];
  /** misconception ids this answer asserted (spoken turns) */
  misconceptions?: string[];
}

export function emptyPolicy(): PolicyState {
  return { v: 1, used: [], threads: 0, thread: null, lastRootTopic: null };
}

/** Parses a stored policy state; anything unreadable is an empty state. */
export function parsePolicy(json: string | null | undefined): PolicyState {
  try {
    const v = JSON.parse(json ?? "") as Partial<PolicyState>;
    if (v && v.v === 1 && Array.isArray(v.used)) {
      return { v: 1, used: v.used, threads: v.threads ?? 0, thread: v.thread ?? null, lastRootTopic: v.lastRootTopic ?? null };
    }
  } catch {
    /* empty */
  }
  return emptyPolicy();
}

export function itemWeight(c: Pick<Candidate, "topic" | "frequency">, weakness: Record<string, number>): number {
  const w = weakness[c.topic];
  const weak = typeof w === "number" && Number.isFinite(w) ? Math.min(1, Math.max(0, w)) : UNKNOWN_WEAKNESS;
  return Math.max(1, c.frequency) * (1 + 2 * weak);
}

/**
 * Weakness per topic from the user's cards: 1 − mean retrievability of the reviewed cards of the
 * topic. Cards never reviewed (retrievability null) do not count; a topic with none is absent.
 */
export function topicWeakness(cards: readonly { topic: string; retrievability: number | null }[]): Record<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const c of cards) {
    if (c.retrievability === null || !Number.isFinite(c.retrievability)) continue;
    const s = sums.get(c.topic) ?? { sum: 0, n: 0 };
    s.sum += Math.min(1, Math.max(0, c.retrievability));
    s.n++;
    sums.set(c.topic, s);
  }
  const out: Record<string, number> = {};
  for (const [topic, s] of sums) out[topic] = 1 - s.sum / s.n;
  return out;
}

/** Whether a topic belongs to the interview's focus. */
export function inFocus(topicFocus: string, focus: MockFocus): boolean {
  return focus === "all" || topicFocus === focus;
}

function planFor(c: Candidate, followUp: boolean): TurnPlan {
  const kind: TurnKind = c.mode !== "talk" ? "worked" : followUp ? "deeper" : "opening";
  return { itemId: c.id, kind, mode: c.mode, probe: null };
}

function openThread(state: PolicyState, pool: Pool, rand: () => number): { plan: TurnPlan; state: PolicyState } | null {
  const used = new Set(state.used);
  const unused = pool.candidates.filter((c) => !used.has(c.id));
  const spoken = unused.filter((c) => c.mode === "talk");
  const choices = spoken.length > 0 ? spoken : unused;
  const pick = weightedPick(
    choices,
    (c) => itemWeight(c, pool.weakness) * (c.topic === state.lastRootTopic ? SAME_TOPIC_FACTOR : 1),
    rand,
  );
  if (!pick) return null;
  return {
    plan: planFor(pick, false),
    state: {
      ...state,
      used: [...state.used, pick.id],
      threads: state.threads + 1,
      lastRootTopic: pick.topic,
      thread: { root: pick.id, followUps: 0, missed: {}, probes: {}, lastGain: {} },
    },
  };
}

/** The unasked askable follow-ups nearest to `from` (one link, else two links away). */
export function followUpChoices(from: string, state: PolicyState, pool: Pool): Candidate[] {
  const used = new Set(state.used);
  const byId = new Map(pool.candidates.map((c) => [c.id, c]));
  let level = pool.links[from] ?? [];
  const seen = new Set<string>([from]);
  for (let depth = 1; depth <= 2 && level.length > 0; depth++) {
    const found: Candidate[] = [];
    const next: string[] = [];
    for (const id of level) {
      if (seen.has(id)) continue;
      seen.add(id);
      const c = byId.get(id);
      if (c && !used.has(id)) found.push(c);
      next.push(...(pool.links[id] ?? []));
    }
    if (found.length > 0) return found;
    level = next;
  }
  return [];
}

/** The interview's first turn. */
export function firstTurn(pool: Pool, rand: () => number): { plan: TurnPlan; state: PolicyState } | null {
  return openThread(emptyPolicy(), pool, rand);
}

/** The turn after `outcome`, or null when the bank has nothing left to ask. */
export function nextTurn(
  prev: PolicyState,
  outcome: Outcome,
  pool: Pool,
  rand: () => number,
): { plan: TurnPlan; state: PolicyState } | null {
  const item = pool.candidates.find((c) => c.id === outcome.itemId);
  let state = prev;
  const thread = prev.thread ? { ...prev.thread } : null;
  if (thread && item && item.mode === "talk") {
    const matched = new Set(outcome.matched);
    if (outcome.kind === "probe" || outcome.kind === "challenge") {
      const before = thread.missed[item.id] ?? [];
      const still = before.filter((id) => !matched.has(id));
      thread.missed = { ...thread.missed, [item.id]: still };
      thread.lastGain = { ...thread.lastGain, [item.id]: before.length - still.length };
    } else {
      thread.missed = { ...thread.missed, [item.id]: item.keyPoints.filter((id) => !matched.has(id)) };
    }
  }
  state = { ...state, thread };

  if (!thread || thread.followUps >= MAX_FOLLOW_UPS) return openThread(state, pool, rand);

  // Challenge: a wrong claim in the last answer, not yet pressed on for this item.
  if (item && item.mode === "talk") {
    const done = thread.challenged?.[item.id] ?? [];
    const wrong = (outcome.misconceptions ?? []).find((m) => !done.includes(m));
    if (wrong) {
      const missed = thread.missed[item.id] ?? [];
      return {
        plan: { itemId: item.id, kind: "challenge", mode: "talk", probe: [`!${wrong}`, ...missed] },
        state: {
          ...state,
          thread: { ...thread, followUps: thread.followUps + 1, challenged: { ...(thread.challenged ?? {}), [item.id]: [...done, wrong] } },
        },
      };
    }
  }

  // Probe: missed key points of a spoken question.
  if (item && item.mode === "talk") {
    const missed = thread.missed[item.id] ?? [];
    const probes = thread.probes[item.id] ?? 0;
    const mayProbe = probes === 0 || (probes < MAX_PROBES && (thread.lastGain[item.id] ?? 0) > 0);
    if (missed.length > 0 && mayProbe) {
      return {
        plan: { itemId: item.id, kind: "probe", mode: "talk", probe: missed },
        state: { ...state, thread: { ...thread, followUps: thread.followUps + 1, probes: { ...thread.probes, [item.id]: probes + 1 } } },
      };
    }
  }

  // Deeper along the bank's follow-up links.
  const choices = followUpChoices(outcome.itemId, state, pool);
  const pick = weightedPick(choices, (c) => itemWeight(c, pool.weakness) * (c.mode === "talk" ? 1 : WORKED_FACTOR), rand);
  if (pick) {
    return {
      plan: planFor(pick, true),
      state: { ...state, used: [...state.used, pick.id], thread: { ...thread, followUps: thread.followUps + 1 } },
    };
  }
  return openThread(state, pool, rand);
}
