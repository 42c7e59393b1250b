import { describe, expect, it } from "vitest";
import { isEngineChecked, itemSchema } from "./schema";

const bi = (zh: string, en: string) => ({ zh, en });
const base = {
  id: "sample-item",
  topic: "handshake",
  difficulty: 1,
  frequency: 2,
  prompt: bi("三次握手是什么？", "What is the handshake?"),
  answer: bi("三个报文。", "Three segments."),
  explanation: bi("因为要同步序号。", "Sequence numbers must be synchronised."),
  references: [{ source: "RFC 9293", section: "3.5" }],
};

function messages(value: unknown): string[] {
  const r = itemSchema.safeParse(value);
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("the item schema", () => {
  it("accepts one good sample of every type", () => {
    const samples = [
      { ...base, type: "flashcard" },
      {
        ...base,
        type: "single",
        options: [
          { id: "a", text: bi("对", "right") },
          { id: "b", text: bi("错", "wrong"), why: bi("因为错了。", "Because it is wrong.") },
        ],
        correct: "a",
      },
      {
        ...base,
        type: "multiple",
        options: [
          { id: "a", text: bi("甲", "A") },
          { id: "b", text: bi("乙", "B") },
          { id: "c", text: bi("丙", "C"), why: bi("不对。", "Not so.") },
        ],
        correct: ["a", "b"],
      },
      {
        ...base,
        type: "ordering",
        steps: [
          { state: "CLOSED", text: bi("关闭", "closed") },
          { state: "SYN_SENT", text: bi("已发送", "sent") },
          { state: "ESTABLISHED", text: bi("已建立", "open") },
        ],
        engine: { scenario: "handshake", side: "client" },
      },
      { ...base, answer: undefined, type: "state", state: "LISTEN", event: "rcv_syn", expect: { next: "SYN_RECEIVED", send: ["SYN_ACK"] } },
      { ...base, type: "state", state: "CLOSED", event: "rcv_syn", expect: { rejected: "connection_does_not_exist", send: ["RST"] } },
      { ...base, type: "sequence", scenario: "handshake", blanks: [{ segment: 1, field: "ack" }] },
      { ...base, type: "trace", trace: "IP a.1 > b.2: Flags [S], seq 1, length 0", ask: { kind: "states", line: 1 } },
      {
        ...base,
        type: "open",
        keyPoints: [
          { id: "one", label: bi("一", "one"), ask: bi("旧的 SYN 呢？", "And an old SYN?"), claims: ["old + syn"] },
          { id: "two", label: bi("二", "two"), ask: bi("序列号呢？", "And the sequence numbers?"), claims: ["isn | seq-number + sync"] },
        ],
      },
    ];
    for (const s of samples) expect(messages(s), s.type).toEqual([]);
  });

  it("fills in empty tags, key points and follow-ups", () => {
    const r = itemSchema.parse({ ...base, type: "flashcard" });
    expect(r.tags).toEqual([]);
    expect(r.keyPoints).toEqual([]);
    expect(r.followUps).toEqual([]);
  });

  it("names a missing language, an empty text and text in the wrong script", () => {
    expect(messages({ ...base, type: "flashcard", prompt: { zh: "三次握手？" } })).toEqual([
      "prompt.en: must be a string",
    ]);
    expect(messages({ ...base, type: "flashcard", answer: bi("答案。", "   ") })).toEqual(["answer.en: must not be empty"]);
    expect(messages({ ...base, type: "flashcard", answer: bi("The answer.", "答案") })).toEqual([
      "answer.zh: Chinese text must contain Chinese characters",
      "answer.en: English text must not contain Chinese characters",
    ]);
  });

  it("rejects an unknown type, topic, key or level with the allowed values", () => {
    expect(messages({ ...base, type: "essay" })).toEqual(["type: Invalid discriminator value. Expected 'flashcard' | 'single' | 'multiple' | 'ordering' | 'state' | 'sequence' | 'trace' | 'open' | 'transfer'"]);
    expect(messages({ ...base, type: "flashcard", topic: "udp" })[0]).toMatch(/^topic: Invalid option: expected one of "handshake"\|/);
    expect(messages({ ...base, type: "flashcard", promt: bi("题", "q") })).toEqual([': Unrecognized key: "promt"']);
    expect(messages({ ...base, type: "flashcard", difficulty: 4 })).toEqual(["difficulty: must be 1, 2 or 3"]);
    expect(messages({ ...base, type: "flashcard", id: "Sample_Item" })).toEqual(["id: must be a kebab-case slug (a-z, 0-9, -)"]);
  });

  it("requires a reason for every wrong option and a correct answer among the options", () => {
    expect(
      messages({
        ...base,
        type: "single",
        options: [
          { id: "a", text: bi("对", "right") },
          { id: "b", text: bi("错", "wrong") },
          { id: "b", text: bi("重复", "again"), why: bi("重复了。", "Repeated.") },
        ],
        correct: "c",
      }),
    ).toEqual([
      'options.2.id: duplicate option id "b"',
      'correct: "c" is not an option id',
      "options.0.why: a wrong option must say why it is wrong",
      "options.1.why: a wrong option must say why it is wrong",
    ]);
  });

  it("rejects engine parameters outside the engine's vocabulary", () => {
    expect(messages({ ...base, type: "state", state: "SYN_RCVD", event: "rcv_syn" })[0]).toMatch(
      /^state: Invalid option: expected one of "CLOSED"\|"LISTEN"/,
    );
    expect(messages({ ...base, type: "state", state: "LISTEN", event: "rcv_syn", expect: { next: "SYN_RECEIVED", send: ["SYNACK"] } })).toEqual([
      "expect: Invalid input",
    ]);
    expect(messages({ ...base, type: "sequence", scenario: "handshake", blanks: [] })).toEqual(["blanks: needs at least one blank"]);
  });

  it("requires a state on every step of an engine-verified ordering", () => {
    expect(
      messages({
        ...base,
        type: "ordering",
        steps: [{ state: "CLOSED", text: bi("关", "a") }, { text: bi("中", "b") }, { state: "ESTABLISHED", text: bi("开", "c") }],
        engine: { scenario: "handshake", side: "client" },
      }),
    ).toEqual(["steps.1.state: an engine-verified step needs a state"]);
  });

  it("requires two key points on an open question, and claims made of lexicon concepts", () => {
    expect(messages({ ...base, type: "open", keyPoints: [] })).toEqual(["keyPoints: an open question needs at least 2 key points"]);
    const kp = (id: string, claim: string) => ({ id, label: bi("点", "point"), ask: bi("然后呢？", "And then?"), claims: [claim] });
    expect(messages({ ...base, type: "open", keyPoints: [kp("k", "old + nonsense-concept"), kp("j", "syn")] })).toEqual([
      'keyPoints.0.claims.0: unknown concept "nonsense-concept" in "old + nonsense-concept" (add it to lib/grading/lexicon.ts)',
    ]);
    expect(messages({ ...base, type: "open", keyPoints: [kp("k", "old + syn"), { ...kp("j", "syn"), ask: undefined }] })).toEqual([
      "keyPoints.1.ask: Invalid input: expected object, received undefined",
    ]);
  });

  it("counts state, sequence, trace and engine orderings as engine-checked", () => {
    const steps = [1, 2, 3].map((n) => ({ text: bi(`第${n}步`, `step ${n}`) }));
    expect(isEngineChecked(itemSchema.parse({ ...base, type: "ordering", steps }))).toBe(false);
    expect(isEngineChecked(itemSchema.parse({ ...base, type: "state", state: "LISTEN", event: "close" }))).toBe(true);
    expect(isEngineChecked(itemSchema.parse({ ...base, type: "flashcard" }))).toBe(false);
  });
});
