import { transition, type TransitionResult } from "@/lib/tcp";
import type { Item } from "@/lib/content/schema";

/** The engine's answer to a state item (RFC 9293 transition table). */
export function stateAnswerOf(item: Item): TransitionResult {
  if (item.type !== "state") throw new Error(`${item.id} is not a state item`);
  return transition(item.state, item.event, item.origin ? { origin: item.origin } : undefined);
}
