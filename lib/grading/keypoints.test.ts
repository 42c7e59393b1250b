import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { highlight, matchKeyPoints, parsePhrasing, stem, tokenize, type KeyPoint, type Lang } from "./index";
import { SEGMENTER_CORPUS } from "./segmenter-corpus";

// Key points as the question bank would write them: the explaining term is required, so naming
// the topic alone does not match.
const label = { zh: "", en: "" };

/** "Why a three-way handshake and not two?" */
const WHY_THREE: KeyPoint[] = [
  {
    id: "old-duplicate-syn",
    label,
    match: {
      zh: ["旧的 | 历史 | 过期 | 失效 | 延迟 | 重复 | 滞留 + SYN | 连接请求", "历史连接"],
      en: ["old | stale | delayed | duplicate | expired | historical + SYN | connection request"],
    },
  },
  {
    id: "both-send-receive",
    label,
    match: {
      zh: ["双方 | 两端 | 彼此 | 客户端和服务端 + 发送 + 接收"],
      en: ["both | each side | each other | both sides + send + receive"],
    },
  },
  {
    id: "exchange-isn",
    label,
    match: {
      zh: ["交换 | 同步 | 协商 | 互相确认 + 初始序列号 | ISN | 序列号"],
      en: ["exchange | synchronize | synchronise | agree on + ISN | initial sequence number | sequence number"],
    },
  },
];

/** "Why does TIME_WAIT last 2MSL?" */
const WHY_2MSL: KeyPoint[] = [
  {
    id: "last-ack-lost",
    label,
    match: {
      zh: ["最后 | 第四次 + ACK | 确认 + 丢失 | 丢了 | 丢包 | 没收到", "重传 | 重发 | 再发 + FIN"],
      en: ["last | final | fourth + ACK | acknowledgment + lost | lose | drop | never arrive", "retransmit | resend | send again + FIN"],
    },
  },
  {
    id: "old-segments-expire",
    label,
    match: {
      zh: ["旧 | 历史 | 迟到 | 滞留 | 延迟 + 报文 | 数据包 | 分组 + 消失 | 过期 | 失效 | 丢弃"],
      en: ["old | stale | delayed | duplicate | wandering | lingering + segment | packet + expire | die | disappear | drain | gone"],
    },
  },
];

/** "What do thousands of CLOSE_WAIT sockets mean?" */
const MANY_CLOSE_WAIT: KeyPoint[] = [
  {
    id: "app-not-closing",
    label,
    match: {
      zh: ["应用 | 程序 | 代码 | 业务 | 进程 + 没有 | 没 | 未 | 忘记 | 忘了 | 漏了 + close | 关闭"],
      en: ["application | app | program | code | process + not | never | forgot | fail | didn't | doesn't + close"],
    },
  },
  {
    id: "resource-leak",
    label,
    match: {
      zh: ["泄漏 | 泄露 | 耗尽 | 占满 | 堆积 + 文件描述符 | fd | 连接 | 资源 | 端口"],
      en: ["leak | exhaust | run out | pile up + file descriptor | fd | socket | connection | resource"],
    },
  },
];

const ids = (r: ReturnType<typeof matchKeyPoints>) => r.matched.map((m) => m.id);
/** The substrings of the answer that the spans of one key point cover. */
function highlighted(answer: string, points: KeyPoint[], lang: Lang, id: string): string[] {
  const m = matchKeyPoints(answer, points, lang).matched.find((x) => x.id === id);
  return (m?.spans ?? []).map(([s, e]) => answer.slice(s, e));
}

describe("why three-way handshake and not two", () => {
  it("a full Chinese answer in the textbook wording covers every key point", () => {
    const answer =
      "主要是为了防止已失效的连接请求报文段突然又传到了服务端，造成错误的连接；另外三次握手才能让双方都确认自己和对方的发送、接收能力正常，并且同步双方的初始序列号。";
    expect(matchKeyPoints(answer, WHY_THREE, "zh")).toMatchObject({ coverage: 1, missed: [] });
  });

  it("a Chinese answer using the synonym 历史连接 covers the old-SYN point", () => {
    const r = matchKeyPoints("三次握手最主要的原因是防止历史连接的初始化造成混乱。", WHY_THREE, "zh");
    expect(ids(r)).toEqual(["old-duplicate-syn"]);
    expect(r.missed).toEqual(["both-send-receive", "exchange-isn"]);
    expect(r.coverage).toBeCloseTo(1 / 3);
  });

  it("an English answer with inflected synonyms covers every key point", () => {
    const answer =
      "Two handshakes can't stop a delayed duplicate SYN from an earlier attempt opening a connection. " +
      "The third segment also lets both sides confirm that each can send and receive, " +
      "and the two ends exchange their ISNs.";
    expect(matchKeyPoints(answer, WHY_THREE, "en")).toMatchObject({ coverage: 1, missed: [] });
  });

  it("an answer that only names the handshake without explaining it covers nothing", () => {
    expect(matchKeyPoints("因为TCP需要三次握手才能建立可靠的连接，两次握手不够可靠。", WHY_THREE, "zh").coverage).toBe(0);
    expect(matchKeyPoints("Because TCP is reliable, it needs three handshakes; two are not enough.", WHY_THREE, "en").coverage).toBe(0);
  });

  it("naming the ISN without saying it is exchanged does not cover the ISN point", () => {
    const r = matchKeyPoints("握手报文里带有 ISN。", WHY_THREE, "zh");
    expect(r.missed).toContain("exchange-isn");
  });

  it("terms of a phrasing may come in any order", () => {
    const answer = "The SYN might be an old one that was delayed in the network.";
    expect(ids(matchKeyPoints(answer, WHY_THREE, "en"))).toEqual(["old-duplicate-syn"]);
    expect(ids(matchKeyPoints("SYN 可能是网络里滞留的旧的", WHY_THREE, "zh"))).toEqual(["old-duplicate-syn"]);
  });

  it("an answer that mentions a negation still matches", () => {
    const r = matchKeyPoints("两次握手无法防止旧的 SYN，服务端不知道它是不是过期的连接请求。", WHY_THREE, "zh");
    expect(ids(r)).toContain("old-duplicate-syn");
    expect(ids(matchKeyPoints("Two-way does not protect against an old SYN.", WHY_THREE, "en"))).toContain("old-duplicate-syn");
  });

  it("a mixed Chinese and English answer matches with the English phrasings as a fallback", () => {
    const answer = "防止 old duplicate SYN 被当成新连接；同时 both sides 都能 send and receive。";
    const r = matchKeyPoints(answer, WHY_THREE, "zh");
    expect(ids(r)).toEqual(["old-duplicate-syn", "both-send-receive"]);
  });

  it("highlights exactly the words that made a key point match", () => {
    const answer = "防止已失效的连接请求报文段突然又传到了服务端";
    expect(highlighted(answer, WHY_THREE, "zh", "old-duplicate-syn")).toEqual(["失效", "连接请求"]);
    const en = "The server could accept a stale SYN.";
    expect(highlighted(en, WHY_THREE, "en", "old-duplicate-syn")).toEqual(["stale", "SYN"]);
  });
});

describe("why TIME_WAIT lasts 2MSL", () => {
  it("a Chinese answer with both reasons covers both key points", () => {
    const answer =
      "第一，主动关闭方发的最后一个ACK可能丢失，对方会重传FIN，TIME_WAIT 期间还能再回 ACK；第二，等 2MSL 可以让这个连接里延迟的旧报文段在网络中都消失，不会被新连接收到。";
    expect(matchKeyPoints(answer, WHY_2MSL, "zh")).toMatchObject({ coverage: 1 });
  });

  it("an English answer in a different word order covers both key points", () => {
    const answer =
      "If the final ACK is lost the peer retransmits its FIN, and we must still be there to acknowledge it. " +
      "Waiting twice the MSL also lets any delayed segments of this connection expire before the port is reused.";
    expect(matchKeyPoints(answer, WHY_2MSL, "en")).toMatchObject({ coverage: 1 });
  });

  it("the retransmission phrasing matches every inflection of retransmit", () => {
    for (const verb of ["retransmits", "retransmitted", "will retransmit", "re-transmits", "triggers a retransmission of"]) {
      expect(ids(matchKeyPoints(`The passive closer ${verb} the FIN.`, WHY_2MSL, "en")), verb).toEqual(["last-ack-lost"]);
    }
  });

  it("an answer that only states the duration covers neither reason", () => {
    expect(matchKeyPoints("TIME_WAIT 要等待 2MSL，这是协议规定的，Linux 上是 60 秒。", WHY_2MSL, "zh").coverage).toBe(0);
    expect(matchKeyPoints("TIME_WAIT lasts 2MSL because the RFC says so; on Linux it is 60 seconds.", WHY_2MSL, "en").coverage).toBe(0);
  });

  it("full-width letters and punctuation match like half-width ones", () => {
    const answer = "最后一个ＡＣＫ可能丢失，对方会重传ＦＩＮ。";
    const r = matchKeyPoints(answer, WHY_2MSL, "zh");
    expect(ids(r)).toEqual(["last-ack-lost"]);
    expect(r.matched[0].spans.map(([s, e]) => answer.slice(s, e))).toEqual(["最后", "ＡＣＫ", "丢失"]);
  });

  it("TIME_WAIT, TIME-WAIT, time wait and ＴＩＭＥ＿ＷＡＩＴ are the same words", () => {
    const forms = ["TIME_WAIT", "TIME-WAIT", "time wait", "Time Wait", "ＴＩＭＥ＿ＷＡＩＴ", "timewait"];
    const point: KeyPoint = { id: "tw", label, match: { zh: ["TIME_WAIT + 2MSL"], en: ["TIME_WAIT + 2MSL"] } };
    for (const f of forms) {
      expect(matchKeyPoints(`主动关闭方进入${f}状态，持续２ＭＳＬ`, [point], "zh").coverage, f).toBe(1);
      expect(matchKeyPoints(`the active closer sits in ${f} for 2 MSL`, [point], "en").coverage, f).toBe(1);
    }
  });

  it("a Chinese answer naming SYN, ACK, FIN, TIME_WAIT and 2MSL in English letters matches the Chinese phrasings", () => {
    const answer = "client 发完最后的 ACK 进入 TIME_WAIT，如果这个 ACK 丢了，server 会重发 FIN；2MSL 后旧的数据包都过期了。";
    expect(matchKeyPoints(answer, WHY_2MSL, "zh")).toMatchObject({ coverage: 1 });
  });

  it("spans stay right after surrogate pairs and astral Chinese characters", () => {
    const answer = "😀𠀀 最后的ACK丢失了😀，所以要等";
    const spans = highlighted(answer, WHY_2MSL, "zh", "last-ack-lost");
    expect(spans).toEqual(["最后", "ACK", "丢失"]);
  });
});

describe("what many CLOSE_WAIT sockets mean", () => {
  it("a Chinese answer blaming the application covers both key points", () => {
    const answer = "说明对端已经发了 FIN，但我们的应用程序没有调用 close() 关闭 socket，时间长了会把文件描述符耗尽。";
    expect(matchKeyPoints(answer, MANY_CLOSE_WAIT, "zh")).toMatchObject({ coverage: 1 });
  });

  it("an English answer with contractions and synonyms covers both key points", () => {
    const answer = "The peer closed its side but our code never calls close() on the socket, so file descriptors leak until the process runs out.";
    expect(matchKeyPoints(answer, MANY_CLOSE_WAIT, "en")).toMatchObject({ coverage: 1 });
  });

  it("an answer that only describes the state does not say the application forgot to close", () => {
    const zh = matchKeyPoints("CLOSE_WAIT 是被动关闭方收到 FIN 之后进入的状态。", MANY_CLOSE_WAIT, "zh");
    expect(zh.missed).toEqual(["app-not-closing", "resource-leak"]);
    const en = matchKeyPoints("CLOSE_WAIT is the state the passive closer enters after receiving a FIN.", MANY_CLOSE_WAIT, "en");
    expect(en.coverage).toBe(0);
  });
});

describe("segmenter", () => {
  it("finds every Chinese term of the measurement corpus and none of its near misses", () => {
    const wrong = SEGMENTER_CORPUS.filter(({ answer, term, positive }) => {
      const r = matchKeyPoints(answer, [{ id: "t", label, match: { zh: [term], en: [] } }], "zh");
      return (r.coverage === 1) !== positive;
    });
    expect(wrong).toEqual([]);
  });

  it("a term the segmenter splits differently in context still matches (报文 inside 报文段)", () => {
    const answer = "旧的报文段会在网络中过期";
    expect(tokenize(answer, "zh").some((t) => t.term === "报文")).toBe(false);
    expect(highlighted(answer, WHY_2MSL, "zh", "old-segments-expire")).toEqual(["旧", "报文", "过期"]);
  });

  it("a one-character Chinese term matches only as a word of its own", () => {
    const point: KeyPoint = { id: "old", label, match: { zh: ["旧 + SYN"], en: [] } };
    expect(matchKeyPoints("依旧会收到 SYN", [point], "zh").coverage).toBe(0);
    expect(matchKeyPoints("旧的 SYN", [point], "zh").coverage).toBe(1);
  });

  it("a Latin term never matches inside a longer word", () => {
    const point: KeyPoint = { id: "ack", label, match: { zh: ["ACK"], en: ["ACK"] } };
    expect(matchKeyPoints("a hacker floods the port", [point], "en").coverage).toBe(0);
    expect(matchKeyPoints("黑客hack了服务器", [point], "zh").coverage).toBe(0);
  });

  it("a term does not match across sentence punctuation", () => {
    const point: KeyPoint = { id: "cr", label, match: { zh: ["连接请求"], en: ["connection request"] } };
    expect(matchKeyPoints("建立连接。请求方再发一次", [point], "zh").coverage).toBe(0);
    expect(matchKeyPoints("a connection. Request it again", [point], "en").coverage).toBe(0);
    expect(matchKeyPoints("a connection-request", [point], "en").coverage).toBe(1);
  });
});

describe("word prefixes and punctuation inside synonyms", () => {
  const kp = (en: string, zh = en): KeyPoint[] => [{ id: "p", label, match: { zh: [zh], en: [en] } }];
  const covers = (answer: string, points: KeyPoint[], lang: Lang = "en") => matchKeyPoints(answer, points, lang).coverage === 1;

  it("a synonym ending in a Latin word of four letters or more matches as a word prefix", () => {
    expect(covers("The client verifies the cookie.", kp("cookie + verif"))).toBe(true);
    expect(covers("Linux gives up after 6 retries.", kp("6 retr"))).toBe(true);
    expect(covers("RTO doubles on every retransmission", kp("doubl + retransmi"))).toBe(true);
  });

  it("a word prefix must start a word", () => {
    expect(covers("it was unverified", kp("verif"))).toBe(false);
  });

  it("a three-letter synonym is never a prefix: FIN does not match final, ACK not acknowledge", () => {
    expect(covers("the final segment", kp("FIN"))).toBe(false);
    expect(covers("they acknowledge it", kp("ACK"))).toBe(false);
  });

  it("synonyms written with plus, equals or a comma match answers written the same way", () => {
    expect(covers("server replies with SYN+ACK", kp("SYN+ACK"))).toBe(true);
    expect(covers("服务端回 SYN+ACK，ack 是 x+1", kp("SYN+ACK + x+1"), "zh")).toBe(true);
    expect(covers("first segment has seq=x", kp("seq=x"))).toBe(true);
    expect(covers("服务端回复 SYN,ACK", kp("SYN,ACK"), "zh")).toBe(true);
    expect(covers("服务端回复 SYN ACK", kp("SYN+ACK"), "zh")).toBe(true);
  });

  it("a comma the synonym does not contain still separates", () => {
    expect(covers("we sent the SYN, ACK came later", kp("SYN ACK"))).toBe(false);
  });
});

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

describe("parsePhrasing", () => {
  it("splits terms at spaced plus signs and synonyms at bars", () => {
    expect(parsePhrasing("旧的 | 历史 + SYN | 连接请求")).toEqual([["旧的", "历史"], ["SYN", "连接请求"]]);
    expect(parsePhrasing("SYN+ACK | SYN-ACK")).toEqual([["SYN+ACK", "SYN-ACK"]]);
    expect(parsePhrasing(" | ")).toEqual([]);
  });
});

describe("matchKeyPoints edge cases", () => {
  it("an empty answer covers nothing", () => {
    expect(matchKeyPoints("", WHY_THREE, "zh")).toEqual({
      coverage: 0,
      matched: [],
      missed: ["old-duplicate-syn", "both-send-receive", "exchange-isn"],
    });
  });

  it("no key points give coverage 0", () => {
    expect(matchKeyPoints("anything", [], "en")).toEqual({ coverage: 0, matched: [], missed: [] });
  });

  it("a phrasing without any word never matches", () => {
    const point: KeyPoint = { id: "empty", label, match: { zh: ["，", ""], en: ["!"] } };
    expect(matchKeyPoints("，！", [point], "zh").coverage).toBe(0);
  });

  it("a 20,000-character answer is graded quickly", () => {
    const answer = "最后一个ACK可能丢失，对方会重传FIN。".repeat(1000).slice(0, 20_000);
    const t0 = performance.now();
    const r = matchKeyPoints(answer, [...WHY_THREE, ...WHY_2MSL, ...MANY_CLOSE_WAIT], "zh");
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(ids(r)).toContain("last-ack-lost");
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

// -------------------------------------------------------------------------------------------------
// Properties

const ALL_POINTS = [...WHY_THREE, ...WHY_2MSL, ...MANY_CLOSE_WAIT];
const FRAGMENTS = [
  "最后", "ACK", "丢失", "重传", "FIN", "旧的", "SYN", "连接请求", "双方", "发送", "接收", "交换", "初始序列号",
  "old", "delayed", "segment", "expire", "both", "send", "receive", "exchange", "ISN", "application", "never",
  "close", "leak", "fd", "TIME_WAIT", "2MSL", "，", "。", " ", "-", "_", "😀", "𠀀", "é", "ﬁ", "İ",
];
const answerArb = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "binary", maxLength: 4 })), { maxLength: 30 })
  .map((parts) => parts.join(""));
const langArb = fc.constantFrom<Lang>("zh", "en");

/** An NFKC-equivalent spelling: ASCII letters, digits and punctuation as full-width forms, random case. */
function toFullWidth(text: string, mask: number): string {
  let i = 0;
  return text.replace(/[!-~ ]/g, (c) => {
    const flip = (mask >> i++ % 31) & 1;
    if (!flip) return /[a-z]/i.test(c) && i % 3 === 0 ? c.toUpperCase() : c;
    return c === " " ? "\u3000" : String.fromCharCode(c.charCodeAt(0) + 0xfee0);
  });
}

describe("properties", () => {
  it("coverage is always between 0 and 1 and matched plus missed are all the key points", () => {
    fc.assert(
      fc.property(answerArb, langArb, (answer, lang) => {
        const r = matchKeyPoints(answer, ALL_POINTS, lang);
        expect(r.coverage).toBeGreaterThanOrEqual(0);
        expect(r.coverage).toBeLessThanOrEqual(1);
        expect(r.matched.length + r.missed.length).toBe(ALL_POINTS.length);
        expect(r.coverage).toBe(r.matched.length / ALL_POINTS.length);
      }),
      { numRuns: 300 },
    );
  });

  it("spans lie inside the answer, are sorted, do not overlap and never split a surrogate pair", () => {
    fc.assert(
      fc.property(answerArb, langArb, (answer, lang) => {
        for (const { spans } of matchKeyPoints(answer, ALL_POINTS, lang).matched) {
          expect(spans.length).toBeGreaterThan(0);
          let prevEnd = 0;
          for (const [s, e] of spans) {
            expect(s).toBeGreaterThanOrEqual(prevEnd);
            expect(e).toBeGreaterThan(s);
            expect(e).toBeLessThanOrEqual(answer.length);
            const lowAt = (k: number) => k > 0 && k < answer.length && /[\udc00-\udfff]/.test(answer[k]) && /[\ud800-\udbff]/.test(answer[k - 1]);
            expect(lowAt(s) || lowAt(e)).toBe(false);
            prevEnd = e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("NFKC-equivalent answers (full-width, other case) get the same key points", () => {
    fc.assert(
      fc.property(answerArb, langArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (answer, lang, mask) => {
        const variant = toFullWidth(answer, mask);
        expect(variant.normalize("NFKC").toLowerCase()).toBe(answer.normalize("NFKC").toLowerCase());
        const a = matchKeyPoints(answer, ALL_POINTS, lang);
        const b = matchKeyPoints(variant, ALL_POINTS, lang);
        expect(b.coverage).toBe(a.coverage);
        expect(ids(b)).toEqual(ids(a));
      }),
      { numRuns: 300 },
    );
  });

  it("highlight gives back the answer and marks exactly the characters inside the spans", () => {
    const arb = fc.tuple(answerArb, fc.array(fc.tuple(fc.integer({ min: -3, max: 60 }), fc.integer({ min: -3, max: 60 }))));
    fc.assert(
      fc.property(arb, ([answer, spans]) => {
        const segments = highlight(answer, spans);
        expect(segments.map((s) => s.text).join("")).toBe(answer);
        expect(segments.every((s) => s.text.length > 0)).toBe(true);
        for (let k = 1; k < segments.length; k++) expect(segments[k].matched).not.toBe(segments[k - 1].matched);
        let at = 0;
        for (const seg of segments) {
          for (let k = at; k < at + seg.text.length; k++) {
            const inside = spans.some(([s, e]) => k >= s && k < e);
            // Widening to a whole surrogate pair may mark a unit that no span named itself.
            const pairMate = spans.some(([s, e]) => (k + 1 >= s && k + 1 < e) || (k - 1 >= s && k - 1 < e));
            if (!seg.matched) expect(inside).toBe(false);
            else expect(inside || pairMate).toBe(true);
          }
          at += seg.text.length;
        }
      }),
      { numRuns: 300 },
    );
  });
});
