/**
 * The tokenizer shared with search, the stemmer, and the highlighter. (The claim grader has its own
 * tests in claims.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { highlight, stem, tokenize } from "./keypoints";

describe("tokenize", () => {
  it("gives each word's normalised form and its offsets in the original text", () => {
    const text = "ＳＹＮ，ACKs 握手";
    expect(tokenize(text, "zh").map((t) => [t.term, text.slice(t.start, t.end)])).toEqual([
      ["syn", "ＳＹＮ"],
      ["ack", "ACKs"],
      ["握手", "握手"],
    ]);
  });

  it("splits 2MSL into a number and a word, so 2MSL and 2 MSL are equal", () => {
    expect(tokenize("2MSL", "en").map((t) => t.term)).toEqual(["2", "msl"]);
    expect(tokenize("2 MSL", "en").map((t) => t.term)).toEqual(["2", "msl"]);
  });

  it("stems plural, past, gerund and -ion forms onto one stem", () => {
    const same = (words: string[]) => new Set(words.map(stem)).size;
    expect(same(["retransmit", "retransmits", "retransmitted", "retransmitting", "retransmission"])).toBe(1);
    expect(same(["close", "closes", "closed", "closing"])).toBe(1);
    expect(same(["acknowledge", "acknowledged", "acknowledgment", "acknowledgement"])).toBe(1);
    expect(same(["expire", "expired", "expires", "expiration"])).toBe(1);
    expect(same(["connect", "connected", "connection", "connections"])).toBe(1);
    expect(same(["state", "states"])).toBe(1);
    expect(same(["drop", "dropped", "dropping", "drops"])).toBe(1);
    expect(same(["ack", "acks", "acked"])).toBe(1);
    expect(stem("add")).toBe(stem("added"));
    expect(stem("process")).toBe("process");
  });
});

describe("highlight", () => {
  it("cuts the answer into matched and unmatched text", () => {
    expect(highlight("old SYN again", [[4, 7], [0, 3]])).toEqual([
      { text: "old", matched: true },
      { text: " ", matched: false },
      { text: "SYN", matched: true },
      { text: " again", matched: false },
    ]);
  });

  it("merges overlapping and touching spans from different key points", () => {
    expect(highlight("abcdef", [[1, 3], [2, 4], [4, 5]])).toEqual([
      { text: "a", matched: false },
      { text: "bcde", matched: true },
      { text: "f", matched: false },
    ]);
  });

  it("clamps spans to the string and never splits a surrogate pair", () => {
    expect(highlight("😀x", [[1, 2]])).toEqual([{ text: "😀", matched: true }, { text: "x", matched: false }]);
    expect(highlight("ab", [[-5, 99]])).toEqual([{ text: "ab", matched: true }]);
    expect(highlight("ab", [])).toEqual([{ text: "ab", matched: false }]);
    expect(highlight("", [[0, 1]])).toEqual([]);
  });

  it("keeps markup as plain text", () => {
    const answer = "<b>SYN</b>";
    expect(highlight(answer, [[3, 6]]).map((s) => s.text).join("")).toBe(answer);
  });
});
