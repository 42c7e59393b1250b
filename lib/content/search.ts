/**
 * Browsing the question bank: filters by topic, type, difficulty and frequency, and a search
 * that works in Chinese and English alike. Pure.
 *
 * Search: the query and each item's text (both languages, every field: prompt, answer,
 * explanation, options, steps, key points, tags, id, topic name) are normalised (NFKC, lower case,
 * so full-width "ＳＹＮ" finds "SYN"). The query is cut at spaces; a Latin word is kept whole,
 * so a protocol term stays one term ("TIME_WAIT", "2MSL", "SYN-ACK"), and it matches whatever
 * separators the text uses between its parts ("2MSL", "2 MSL", "2×MSL"; "TIME_WAIT", "TIME-WAIT",
 * "time wait") at the start of a word (so "ack" does not find "backlog"). A Chinese run has no
 * spaces and is cut into words with Intl.Segmenter ("半连接队列满了" becomes 半 / 连接 / 队列 / 满了).
 * An item matches when every term occurs in its text. Items rank by where the terms occur —
 * in the prompt first, then in the tags, topic or id, then in the answer or explanation, then
 * anywhere else — and then by interview frequency.
 */
import type { Item, ItemType } from "./schema";
import { topicById } from "./topics";

export interface BankFilter {
  q?: string;
  topic?: string;
  type?: ItemType;
  difficulty?: number;
  frequency?: number;
}

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** The query's terms, normalised; punctuation dropped, protocol terms kept whole ("time_wait" → "time wait"). */
export function queryTerms(q: string): string[] {
  const terms: string[] = [];
  for (const chunk of normalize(q).split(/[^\p{L}\p{N}_\-+×]+/u)) {
    if (chunk === "") continue;
    if (HAN.test(chunk)) {
      for (const s of segmenter.segment(chunk)) if (s.isWordLike) terms.push(s.segment);
      continue;
    }
    const t = chunk.replace(/[_\-+×]+/g, " ").trim();
    if (t !== "") terms.push(t);
  }
  return [...new Set(terms)];
}

/** Every string in a value, depth first (the item's fields as the schema has them, whatever they are). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

interface Haystack {
  prompt: string;
  labels: string;
  core: string;
  all: string;
}

const NOT_TEXT = new Set(["file", "line", "hash", "id", "topic", "tags", "type", "difficulty", "frequency", "prompt", "answer", "explanation"]);

function haystack(item: Item): Haystack {
  const topic = topicById(item.topic);
  const rest = Object.entries(item as unknown as Record<string, unknown>)
    .filter(([k]) => !NOT_TEXT.has(k))
    .map(([, v]) => strings(v).join("\n"));
  const prompt = normalize(`${item.prompt.zh}\n${item.prompt.en}`);
  const labels = normalize([item.tags.join(" "), item.id.replace(/-/g, " "), topic ? `${topic.name.zh} ${topic.name.en}` : "", item.topic.replace(/-/g, " ")].join("\n"));
  const core = normalize([item.answer ? `${item.answer.zh}\n${item.answer.en}` : "", `${item.explanation.zh}\n${item.explanation.en}`].join("\n"));
  return { prompt, labels, core, all: [prompt, labels, core, normalize(rest.join("\n"))].join("\n") };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A matcher for one term: Chinese anywhere; a Latin term at a word start, any separator between its parts. */
function matcher(term: string): (text: string) => boolean {
  if (HAN.test(term)) return (text) => text.includes(term);
  // Parts: the words of the term, and inside a word its letter and digit runs ("2msl" → 2, msl).
  const parts = term.split(" ").flatMap((w) => w.match(/\p{L}+|\p{N}+/gu) ?? []);
  if (parts.length === 0) return () => false;
  const re = new RegExp(`(?<!\\p{L})${parts.map(escape).join("[\\s_\\-+×*]*")}`, "u");
  return (text) => re.test(text);
}

const cache = new WeakMap<Item, Haystack>();

export function searchBank<T extends Item>(items: readonly T[], filter: BankFilter): T[] {
  const matchers = filter.q ? queryTerms(filter.q).map(matcher) : [];
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    if (filter.topic && item.topic !== filter.topic) return;
    if (filter.type && item.type !== filter.type) return;
    if (filter.difficulty && item.difficulty !== filter.difficulty) return;
    if (filter.frequency && item.frequency !== filter.frequency) return;
    let score = 0;
    if (matchers.length > 0) {
      let h = cache.get(item);
      if (!h) cache.set(item, (h = haystack(item)));
      for (const found of matchers) {
        if (!found(h.all)) return;
        score += found(h.prompt) ? 8 : found(h.labels) ? 4 : found(h.core) ? 2 : 1;
      }
    }
    scored.push({ item, score: score * 10 + item.frequency, index });
  });
  if (matchers.length > 0) scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.item);
}
