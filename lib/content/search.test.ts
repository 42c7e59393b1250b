import { describe, expect, it } from "vitest";
import type { Item } from "./schema";
import { queryTerms, searchBank } from "./search";

const base = {
  tags: [] as string[],
  difficulty: 1,
  frequency: 2,
  keyPoints: [],
  followUps: [],
  references: [{ source: "RFC 9293", section: "3.5" }],
};
const items = [
  {
    ...base,
    id: "syn-queue-full",
    topic: "syn-queue",
    type: "flashcard",
    frequency: 3,
    prompt: { zh: "半连接队列满了会怎样？", en: "What happens when the SYN queue is full?" },
    answer: { zh: "新的 SYN 会被丢弃，除非启用了 SYN Cookie。", en: "New SYNs are dropped unless SYN cookies are on." },
    explanation: { zh: "见 tcp_max_syn_backlog。", en: "See tcp_max_syn_backlog." },
  },
  {
    ...base,
    id: "time-wait-why",
    topic: "time-wait",
    type: "open",
    prompt: { zh: "为什么 TIME_WAIT 要等 2MSL？", en: "Why does TIME_WAIT last 2MSL?" },
    answer: { zh: "最后的 ACK 可能丢失。", en: "The last ACK may be lost." },
    explanation: { zh: "旧报文过期。", en: "Old segments expire." },
  },
] as unknown as Item[];

describe("searching the question bank", () => {
  it("finds a Chinese query without spaces by its words", () => {
    expect(searchBank(items, { q: "半连接队列" }).map((i) => i.id)).toEqual(["syn-queue-full"]);
  });

  it("finds an English query regardless of case and word order", () => {
    expect(searchBank(items, { q: "queue SYN full" }).map((i) => i.id)).toEqual(["syn-queue-full"]);
  });

  it("treats full-width and half-width forms alike", () => {
    expect(searchBank(items, { q: "ＴＩＭＥ＿ＷＡＩＴ" }).map((i) => i.id)).toEqual(["time-wait-why"]);
    expect(searchBank(items, { q: "time wait" }).map((i) => i.id)).toEqual(["time-wait-why"]);
  });

  it("requires every word of the query", () => {
    expect(searchBank(items, { q: "SYN 2MSL" })).toEqual([]);
  });

  it("combines search with filters", () => {
    expect(searchBank(items, { type: "open" }).map((i) => i.id)).toEqual(["time-wait-why"]);
    expect(searchBank(items, { q: "ACK", topic: "syn-queue" })).toEqual([]);
    expect(searchBank(items, { frequency: 3 }).map((i) => i.id)).toEqual(["syn-queue-full"]);
  });

  it("ignores punctuation in the query", () => {
    expect(queryTerms("  为什么？！ ")).not.toContain("？");
  });
});

describe("searching the real bank for protocol terms", async () => {
  const { loadContent } = await import("./loader");
  const { topicById } = await import("./topics");
  const bank = loadContent(`${process.cwd()}/content`).items;
  const text = (i: Item) => JSON.stringify(i).normalize("NFKC").toLowerCase();

  it("finds every item that mentions 2MSL, however it is written (2MSL, 2 MSL, 2×MSL), or whose topic is named after it", () => {
    const mention = bank.filter((i) => /2\s*[×*]?\s*msl/.test(text(i) + JSON.stringify(topicById(i.topic)?.name ?? "").toLowerCase())).map((i) => i.id);
    expect(mention.length).toBeGreaterThanOrEqual(12);
    expect(new Set(searchBank(bank, { q: "2MSL" }).map((i) => i.id))).toEqual(new Set(mention));
  });

  it("keeps TIME_WAIT one term: items about CLOSE_WAIT that say 'time' and 'wait' apart do not match, and the items asking about TIME_WAIT come first", () => {
    const found = searchBank(bank, { q: "TIME_WAIT" });
    // an item matches by its own text or by its topic's name (as in the 2MSL test above)
    for (const i of found) expect(text(i) + JSON.stringify(topicById(i.topic)?.name ?? "").toLowerCase(), i.id).toMatch(/time[\s_-]*wait/);
    const asking = found.filter((i) => /time[\s_-]*wait/i.test(`${i.prompt.en} ${i.prompt.zh}`));
    expect(asking.length).toBeGreaterThan(3);
    expect(found.slice(0, asking.length)).toEqual(asking);
  });
});
