/**
 * Browsing the question bank: filters by topic, type, difficulty and frequency, and a search
 * that works in Chinese and English alike. Pure.
 *
 * Search: the query and each item's text (both languages: prompt, answer, explanation, tags,
 * id, topic name) are normalised (NFKC, lower case, so full-width "ＳＹＮ" finds "SYN"), and the
 * query is cut into words with Intl.Segmenter (Chinese has no spaces: "半连接队列满了" becomes
 * 半 / 连接 / 队列 / 满了). An item matches when every word of the query occurs in its text
 * (Chinese words anywhere; Latin words at the start of a word, so "ack" does not find "backlog");
 * items whose prompt contains the words rank first, then by interview frequency.
 */
import { normalize, tokenize } from "@/lib/grading/keypoints";
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

/** The query's words, normalised; punctuation and spaces dropped. */
export function queryTerms(q: string): string[] {
  const text = q.trim();
  if (text === "") return [];
  const lang = HAN.test(text) ? "zh" : "en";
  const terms = tokenize(text, lang).map((t) => t.raw).filter((t) => t.length > 0);
  return [...new Set(terms)];
}

function haystack(item: Item): { prompt: string; all: string } {
  const topic = topicById(item.topic);
  const prompt = normalize(`${item.prompt.zh}\n${item.prompt.en}`);
  const parts = [
    prompt,
    item.answer ? `${item.answer.zh}\n${item.answer.en}` : "",
    `${item.explanation.zh}\n${item.explanation.en}`,
    item.tags.join(" "),
    item.id.replace(/-/g, " "),
    topic ? `${topic.name.zh} ${topic.name.en}` : "",
  ];
  return { prompt, all: normalize(parts.join("\n")).replace(/[_-]/g, " ") };
}

function wordStart(term: string): (text: string) => boolean {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u");
  return (text) => re.test(text);
}

const cache = new WeakMap<Item, { prompt: string; all: string }>();

export function searchBank<T extends Item>(items: readonly T[], filter: BankFilter): T[] {
  const terms = filter.q ? queryTerms(filter.q).map((t) => t.replace(/[_-]/g, " ")) : [];
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    if (filter.topic && item.topic !== filter.topic) return;
    if (filter.type && item.type !== filter.type) return;
    if (filter.difficulty && item.difficulty !== filter.difficulty) return;
    if (filter.frequency && item.frequency !== filter.frequency) return;
    let score = 0;
    if (terms.length > 0) {
      let h = cache.get(item);
      if (!h) cache.set(item, (h = haystack(item)));
      for (const term of terms) {
        const found = HAN.test(term) ? (t: string) => t.includes(term) : wordStart(term);
        if (!found(h.all)) return;
        if (found(h.prompt)) score += 2;
      }
    }
    scored.push({ item, score: score * 10 + item.frequency, index });
  });
  if (terms.length > 0) scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.item);
}
