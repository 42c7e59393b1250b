import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contentHash, formatError, loadContent, stableJson } from "./loader";
import { itemSchema } from "./schema";

const dirs: string[] = [];
function bank(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "content-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const card = (id: string, extra = "") => `
- id: ${id}
  topic: handshake
  type: flashcard
  difficulty: 1
  frequency: 1
  prompt: { zh: 问题？, en: Question? }
  answer: { zh: 答案。, en: Answer. }
  explanation: { zh: 解释。, en: Explanation. }
  references: [{ source: RFC 9293, section: "3.5" }]${extra}
`;

/** Messages for one directory, bank-wide coverage rules left out. */
function itemMessages(dir: string): string[] {
  return loadContent(dir)
    .errors.filter((e) => !e.path.startsWith("(topic") && !e.path.startsWith("(bank"))
    .map(formatError)
    .map((m) => m.replace(dir + path.sep, ""));
}

describe("loadContent", () => {
  it("maps a schema error to the line of the offending field", () => {
    const dir = bank({ "handshake.yaml": card("first") + card("second").replace("difficulty: 1", "difficulty: 7") });
    expect(itemMessages(dir)).toEqual(["handshake.yaml:15  second.difficulty: must be 1, 2 or 3"]);
  });

  it("points a missing field at its item and a missing language at its parent", () => {
    const dir = bank({
      "handshake.yaml": card("first").replace("  frequency: 1\n", "").replace("en: Answer. ", ""),
    });
    expect(itemMessages(dir)).toEqual([
      "handshake.yaml:2  first.frequency: Invalid input: expected number, received undefined",
      "handshake.yaml:7  first.answer.en: must be a string",
    ]);
  });

  it("reports every error of every file at once", () => {
    const dir = bank({
      "handshake.yaml": card("a").replace("type: flashcard", "type: essay") + card("b").replace("zh: 问题？", "zh: Question"),
      "isn.yaml": card("c").replace("topic: handshake", "topic: isn").replace("difficulty: 1", "difficulty: 0"),
    });
    expect(itemMessages(dir)).toEqual([
      "handshake.yaml:4  a.type: Invalid discriminator value. Expected 'flashcard' | 'single' | 'multiple' | 'ordering' | 'state' | 'sequence' | 'trace' | 'open' | 'transfer'",
      "handshake.yaml:17  b.prompt.zh: Chinese text must contain Chinese characters",
      "isn.yaml:5  c.difficulty: must be 1, 2 or 3",
    ]);
  });

  it("reports a YAML syntax error with its line", () => {
    const dir = bank({ "handshake.yaml": card("a") + "\n- id: b\n  prompt: { zh: x, en: [unclosed\n" });
    const [msg] = itemMessages(dir);
    expect(msg).toMatch(/^handshake\.yaml:1[34]  \(yaml\): /);
  });

  it("flags duplicate ids across files with the first occurrence", () => {
    const dir = bank({
      "handshake.yaml": card("same"),
      "isn.yaml": card("same").replace("topic: handshake", "topic: isn"),
    });
    expect(itemMessages(dir)).toEqual([`isn.yaml:2  same.id: duplicate id "same", already used at ${path.join(dir, "handshake.yaml")}:2`]);
  });

  it("flags follow-ups that do not resolve, point to themselves or to retired ids", () => {
    const dir = bank({
      "handshake.yaml": card("a", "\n  followUps: [b, missing, a, gone]") + card("b"),
      "retired.yaml": "- { id: gone, reason: merged into a, date: 2025-01-02 }\n",
    });
    expect(itemMessages(dir)).toEqual([
      'handshake.yaml:11  a.followUps.1: follow-up "missing" does not exist',
      "handshake.yaml:11  a.followUps.2: an item cannot be its own follow-up",
      'handshake.yaml:11  a.followUps.3: follow-up "gone" is retired',
    ]);
  });

  it("refuses to reuse a retired id", () => {
    const dir = bank({
      "handshake.yaml": card("old-one"),
      "retired.yaml": "- { id: old-one, reason: split in two, date: 2025-03-04 }\n",
    });
    expect(itemMessages(dir)).toEqual([
      'handshake.yaml:2  old-one.id: id "old-one" was retired on 2025-03-04 (split in two); retired ids are never reused',
    ]);
  });

  it("keeps an item in the file of its topic", () => {
    const dir = bank({ "isn.yaml": card("a") });
    expect(itemMessages(dir)).toEqual(['isn.yaml:3  a.topic: topic "handshake" belongs in handshake.yaml, not isn.yaml']);
  });

  it("enforces the coverage rules of the bank", () => {
    const dir = bank({ "handshake.yaml": card("a") + card("b") });
    const msgs = loadContent(dir).errors.map(formatError);
    expect(msgs).toContain(
      `${path.join(dir, "handshake.yaml")}  (topic handshake): has 2 item(s) of 1 type(s); every topic needs at least 3 items of at least 2 types`,
    );
    expect(msgs).toContain(`${dir}  (bank): has 2 items; at least 80 are required`);
    expect(msgs).toContain(`${dir}  (bank): has 0 engine-checked items; at least 25 are required`);
  });

  it("returns items with their file, line and a hash", () => {
    const dir = bank({ "handshake.yaml": card("a") + card("b") });
    const { items } = loadContent(dir);
    expect(items.map((i) => [i.id, path.basename(i.file), i.line])).toEqual([
      ["a", "handshake.yaml", 2],
      ["b", "handshake.yaml", 12],
    ]);
    expect(items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(items[0].hash).not.toBe(items[1].hash);
  });
});

describe("the content hash", () => {
  const item = itemSchema.parse({
    id: "x",
    topic: "isn",
    type: "flashcard",
    difficulty: 1,
    frequency: 1,
    prompt: { zh: "问？", en: "Q?" },
    answer: { zh: "答。", en: "A." },
    explanation: { zh: "解。", en: "E." },
    references: [{ source: "RFC 6528", section: "3" }],
  });

  it("does not depend on key order", () => {
    const reordered = JSON.parse(stableJson(item)) as typeof item;
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as typeof item;
    expect(contentHash(shuffled)).toBe(contentHash(item));
  });

  it("changes when any text changes", () => {
    expect(contentHash({ ...item, answer: { zh: "答。", en: "A!" } })).not.toBe(contentHash(item));
  });
});

describe("the real question bank", () => {
  it("loads without a single schema, bank or coverage error", () => {
    const r = loadContent(path.join(import.meta.dirname, "../../content"));
    expect(r.errors.map(formatError)).toEqual([]);
    expect(r.items.length).toBeGreaterThanOrEqual(80);
  });
});
