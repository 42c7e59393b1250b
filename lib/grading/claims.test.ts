/**
 * The claim grader, feature by feature (atomic terms, the lexicon, relations, negation, misconceptions,
 * lists, hedges), the issue's own examples, and fast-check properties over the labelled answers.
 */
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAnswers } from "@/lib/content/answers";
import { loadContent } from "@/lib/content/loader";
import { analyze } from "./analyze";
import { gradeClaims, listPieces, parseClaim } from "./claims";
import { gradeItem } from "./grade";
import { LEXICON } from "./lexicon";

const content = path.join(import.meta.dirname, "../../content");
const bank = new Map(loadContent(content).items.map((i) => [i.id, i]));
const item = (id: string) => {
  const it = bank.get(id);
  if (!it) throw new Error(id);
  return it;
};
const concepts = (text: string) => analyze(text).units.flatMap((u) => u.concepts.map((c, k) => `${c}${u.negatedEach[k] ? "¬" : ""}`));
const one = (claim: string, answer: string) =>
  gradeClaims(answer, { keyPoints: [{ id: "p", claims: [claim] }] }).matched.length === 1;

describe("atomic protocol terms", () => {
  it("CLOSE_WAIT, close-wait, CLOSE WAIT and ＣＬＯＳＥ＿ＷＡＩＴ are one term that never matches close or wait", () => {
    for (const t of ["CLOSE_WAIT", "close-wait", "CLOSE WAIT", "ＣＬＯＳＥ＿ＷＡＩＴ", "closewait"]) {
      expect(concepts(`卡在 ${t} 状态`), t).toContain("close-wait");
      expect(concepts(`stuck in ${t}`), t).not.toContain("close-call");
      expect(concepts(`stuck in ${t}`), t).not.toContain("wait");
    }
  });

  it("sysctl names, socket options and calls stay whole", () => {
    expect(concepts("net.ipv4.tcp_fin_timeout")).toEqual(["fin-timeout"]);
    expect(concepts("lower tcp_fin_timeout")).not.toContain("fin-wait-2");
    expect(analyze("SO_REUSEADDR").tokens.map((t) => t.t)).toEqual(["so_reuseaddr"]);
    expect(concepts("the app calls close()")).toContain("close-call");
    expect(concepts("FIN_WAIT2 and FIN-WAIT-1")).toEqual(["fin-wait-2", "fin-wait-1"]);
    expect(concepts("SYN+ACK, SYN/ACK, SYN-ACK")).toEqual(["syn-ack", "syn-ack", "syn-ack"]);
    expect(concepts("2MSL 和 2 × MSL")).toEqual(["msl", "msl"]);
  });

  it("upper-case state names are states; the ordinary words are not", () => {
    expect(concepts("the server goes to CLOSED")).toContain("closed-state");
    expect(concepts("the socket is closed")).not.toContain("closed-state");
  });
});

describe("the shared bilingual lexicon", () => {
  it("序号, 序列号 and sequence number are one concept; 服务端, 服务器 and server another", () => {
    expect(concepts("序号")).toEqual(["seq-number"]);
    expect(concepts("序列号")).toEqual(["seq-number"]);
    expect(concepts("sequence number")).toEqual(["seq-number"]);
    for (const s of ["服务端", "服务器", "server"]) expect(concepts(s)).toEqual(["server"]);
  });

  it("one-character Chinese forms match at the start of a word only: 猜 in 猜测 and 猜到, not 旧 in 依旧", () => {
    expect(concepts("攻击者猜测序列号")).toContain("guess");
    expect(concepts("攻击者猜到序列号")).toContain("guess");
    expect(concepts("旧的连接")).toContain("old");
    expect(concepts("依旧可以")).not.toContain("old");
  });

  it("收到, 接收 and 接受 are receiving; 算出 and 计算 are computing", () => {
    for (const s of ["收到", "接收", "接受"]) expect(concepts(s)).toContain("receive");
    expect(concepts("算出")).toContain("compute");
    expect(concepts("计算")).toContain("compute");
  });

  it("English inflections share a stem: retransmits, retransmitted, retransmission", () => {
    for (const s of ["retransmits", "retransmitted", "retransmission", "resends it"]) expect(concepts(s), s).toContain("retransmit");
  });

  it("no form belongs to two kinds of word (the lexicon builds)", () => {
    expect(LEXICON.length).toBeGreaterThan(100);
    expect(() => analyze("x")).not.toThrow();
  });
});

describe("relations: claims hold within a sentence, a clause, or in order", () => {
  it("a sentence-scope claim needs its concepts in one sentence", () => {
    expect(one("peer + retransmit + fin", "对方会重传 FIN。")).toBe(true);
    expect(one("peer + retransmit + fin", "对方在等。FIN 会被重传。")).toBe(false);
  });

  it("a clause-scope claim needs them in one clause", () => {
    expect(one("clause: application + !close-call", "应用没有调用 close()，所以连接卡住")).toBe(true);
    expect(one("clause: application + !close-call", "应用很忙，但内核没有调用 close()")).toBe(false);
  });

  it("an ordered claim says who does what to whom", () => {
    expect(one("ordered: client + retransmit + ack", "the client retransmits the ACK")).toBe(true);
    expect(one("ordered: client + retransmit + ack", "the ACK from the client is never retransmitted")).toBe(false);
  });

  it("an absent term (-x) rules a scope out", () => {
    expect(one("clause: retransmit + ack + -syn-ack", "retransmits the ACK")).toBe(true);
    expect(one("clause: retransmit + ack + -syn-ack", "retransmits the SYN+ACK and then the ACK")).toBe(false);
  });

  it("a quoted literal matches those words", () => {
    expect(one('"两倍" + msl', "等两倍的 MSL")).toBe(true);
  });

  it("rejects unknown concepts", () => {
    expect(() => parseClaim("old + not-a-concept")).toThrow(/unknown concept/);
  });
});

describe("negation", () => {
  it("a negator negates the next verb of its clause: 两次握手无法防止历史连接", () => {
    expect(concepts("两次握手无法防止历史连接")).toContain("prevent¬");
    expect(concepts("TIME_WAIT 不需要等 2MSL")).toContain("wait¬");
    expect(concepts("the server never enters TIME_WAIT")).toContain("enter¬");
  });

  it("a correct answer that contains a negation still matches a claim that needs the negation", () => {
    expect(one("two-way + !prevent + old", "两次握手无法防止历史连接")).toBe(true);
    expect(one("two-way + prevent + old", "两次握手无法防止历史连接")).toBe(false);
  });

  it("two negators cancel; clause words end a negation's reach", () => {
    expect(concepts("不能不关闭")).toContain("close-call");
    expect(concepts("the app does not read, so the socket stays")).toContain("stay");
  });

  it("negators inside longer words are not negators: 不断, 无论, 收不到", () => {
    expect(concepts("不断重传")).toContain("retransmit");
    expect(concepts("对方收不到 ACK")).toContain("lost");
    expect(concepts("对方收不到 ACK")).not.toContain("lost¬");
  });

  it("adverbs pass a negation to their verb (不会被单独重传), 'no state' and 'consumes nothing' are negated", () => {
    expect(concepts("纯 ACK 不会被单独重传")).toContain("retransmit¬");
    expect(concepts("the server keeps no state")).toContain("store¬");
    expect(concepts("a bare ACK consumes nothing")).toContain("occupy¬");
  });
});

describe("misconceptions", () => {
  const why2msl = item("time-wait-why-2msl");
  const right = "一是最后的 ACK 可能丢失，对方会重传 FIN，TIME_WAIT 还能再回 ACK；二是让旧连接的报文在网络中过期，不会被同一四元组的新连接收到。";

  it("an answer that asserts one is never correct, and the result names it", () => {
    expect(gradeItem(why2msl, right, "zh").verdict).toBe("correct");
    const r = gradeItem(why2msl, right + "等满 2MSL 没收到任何报文，就证明对方已经正常关闭了。", "zh");
    expect(r.verdict).not.toBe("correct");
    expect(r.misconceptions.map((m) => m.id)).toContain("silence-proves-closed");
  });

  it("a refuted or reported one is not asserted", () => {
    expect(gradeItem(why2msl, right + "有人说等满 2MSL 没收到回复就证明对方关闭了，这是错的。", "zh").misconceptions).toEqual([]);
    expect(gradeItem(why2msl, right + " Some say that silence for 2MSL proves the peer closed. That's wrong.", "zh").misconceptions).toEqual([]);
  });

  it("after a self-correction (不对，应该是… / no wait, actually…) the corrected version is asserted again", () => {
    const said = "等满 2MSL 没收到任何报文就证明对方已经正常关闭了";
    expect(gradeItem(why2msl, right + "嗯，TIME_WAIT 是为了省内存，不对，应该是" + said + "。", "zh").misconceptions.map((m) => m.id)).toContain("silence-proves-closed");
    expect(gradeItem(why2msl, right + " It saves memory, no wait, actually silence for 2MSL proves the peer closed.", "en").misconceptions.map((m) => m.id)).toContain("silence-proves-closed");
    // the refuted part before it stays refuted, and a refutation with reasons after it opens nothing
    expect(gradeItem(why2msl, right + said + "，不对，应该是为了让旧报文过期。", "zh").misconceptions).toEqual([]);
    expect(gradeItem(why2msl, right + "有人说" + said + "，这是错的，因为对方可能只是还没发。", "zh").misconceptions).toEqual([]);
  });

  it("bank-wide misconceptions apply to every item graded by key points", () => {
    const cw = item("close-wait-production");
    const r = gradeItem(cw, "应用没有调用 close()，用 ss -tanp 找到进程修代码。另外把 tcp_fin_timeout 调小就能让 TIME_WAIT 变短。", "zh");
    expect(r.misconceptions.map((m) => m.id)).toContain("fin-timeout-sets-time-wait");
  });
});

describe("lists and hedges", () => {
  it("a bare list of terms is a list; terse prose with verbs is not", () => {
    expect(listPieces(analyze("TIME_WAIT，2MSL，最后一个 ACK，FIN 重传，LAST_ACK，旧报文，四元组，新连接，RST。"))).not.toBeNull();
    expect(listPieces(analyze("服务端先 listen，客户端 connect 发 SYN，带初始序列号 x，进入 SYN_SENT；服务端回 SYN+ACK，ack=x+1。"))).toBeNull();
  });

  it("a bare list of the eleven state names is not an answer to what each waits for", () => {
    const names = "CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT";
    expect(gradeItem(item("states-all-eleven"), names, "en").verdict).not.toBe("correct");
  });

  it("an answer that says it is unsure of what it needs is never correct", () => {
    const r = gradeItem(item("isn-plus-one-flashcard"), "应该是 x+1 吧，还是 x？我不太确定，SYN 占用一个序列号。", "zh");
    expect(r.unsure).toBe(true);
    expect(r.verdict).not.toBe("correct");
  });

  it("a hedge before a required point in its sentence is unsure; doubt about a side detail of a complete answer is not", () => {
    const body = "每次 RTO 到期就重传，RTO 翻倍，也就是指数退避。到了 tcp_retries2 的次数就放弃，默认 15";
    const ending = "。之后连接关闭，应用收到 ETIMEDOUT。";
    const side = gradeItem(item("retransmission-until-give-up"), `${body}，具体多少秒我记不清了${ending}`, "zh");
    expect(side.unsure).toBeUndefined();
    expect(side.verdict).toBe("correct");
    const leading = gradeItem(item("retransmission-until-give-up"), `我不太确定，${body}${ending}`, "zh");
    expect(leading.unsure).toBe(true);
    expect(leading.verdict).toBe("partial");
    // with a required point missing, any hedge counts
    const short = gradeItem(item("retransmission-until-give-up"), "每次 RTO 到期就重传，RTO 翻倍，也就是指数退避。具体多少秒我记不清了。", "zh");
    expect(short.unsure).toBe(true);
  });

  it("a long line wrapped in the middle of a sentence does not end the sentence", () => {
    const a = analyze("The final ACK can't be retransmitted by anyone if it's dropped, so the peer's\nrepeated FIN would hit a socket that no longer exists.");
    expect(a.sentences).toBe(1);
    expect(analyze("LISTEN 等 SYN\nSYN_SENT 等 SYN+ACK").sentences).toBe(2);
  });

  it("worked numbers count as +1 (ISN 1000, ack 1001)", () => {
    expect(concepts("客户端 ISN 1000，服务端回 SYN+ACK，ack 1001")).toContain("plus-one");
    expect(concepts("间隔 1、2、4、8 秒")).not.toContain("plus-one");
  });
});

describe("the issue's examples", () => {
  it("the canonical Chinese answer to why TIME_WAIT lasts 2MSL is correct; the English misconception is not", () => {
    expect(gradeItem(item("time-wait-why-2msl"), "防止历史连接中的数据被后面相同四元组的连接错误接收；保证被动关闭方能正确关闭", "zh").verdict).toBe("correct");
    const wrong = "If nothing comes back in 2MSL that proves the peer closed, and it also lets old segments expire so a new connection is safe.";
    expect(gradeItem(item("time-wait-why-2msl"), wrong, "en").verdict).not.toBe("correct");
  });

  it("'CLOSE_WAIT piles up because the network is bad; lower tcp_fin_timeout' is not correct", () => {
    const r = gradeItem(item("close-wait-production"), "CLOSE_WAIT piles up because the network is bad; lower tcp_fin_timeout", "en");
    expect(r.verdict).not.toBe("correct");
    expect(r.misconceptions.map((m) => m.id)).toEqual(expect.arrayContaining(["network-problem"]));
  });

  it("'the backlog controls the SYN queue; somaxconn is irrelevant' is not correct", () => {
    const r = gradeItem(item("syn-queue-two-queues"), "The SYN queue holds half-open SYN_RECEIVED requests, the accept queue holds established connections waiting for accept(). The backlog controls the SYN queue; somaxconn is irrelevant.", "en");
    expect(r.verdict).not.toBe("correct");
    expect(r.misconceptions.length).toBeGreaterThan(0);
  });

  it("'the client retransmits the lost third ACK' is not correct", () => {
    const r = gradeItem(item("handshake-loss-third-ack"), "The client is ESTABLISHED; the server retransmits the SYN+ACK. The client retransmits the lost third ACK after a timeout.", "en");
    expect(r.misconceptions.map((m) => m.id)).toContain("client-retransmits-ack");
    expect(r.verdict).not.toBe("correct");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over the labelled answers

const labelled = loadAnswers(path.join(content, "answers")).byItem;
const passes = [...labelled].flatMap(([id, answers]) => answers.filter((a) => a.label === "PASS").map((a) => ({ id, ...a })));

/** Sentences about nothing in TCP (an aside, a pleasantry) in each language. */
const UNRELATED = {
  zh: ["这部分我面试前专门复习过。", "我之前在项目里也碰到过类似的问题。", "这个问题挺常见的。", "嗯，我想想怎么说得更清楚一点。"],
  en: ["I reviewed this part before the interview.", "We ran into something similar at my last job.", "It's a pretty common question.", "Let me think how to put it clearly."],
};

/** Bank-wide misconceptions stated plainly, one per language. */
const WRONG = {
  zh: [
    "另外，TIME_WAIT 的时长是由 tcp_fin_timeout 配置的，调小它 TIME_WAIT 就变短了。",
    "另外，建议打开 tcp_tw_recycle 来解决问题。",
    "另外，开启 tcp_tw_reuse 会把 TIME_WAIT 缩短到一秒。",
  ],
  en: [
    "Also, the length of TIME_WAIT is configured by tcp_fin_timeout, so lowering it shortens TIME_WAIT.",
    "Also, I would enable tcp_tw_recycle to fix it.",
    "Also, tcp_tw_reuse shortens TIME_WAIT to one second.",
  ],
};

describe("properties over the labelled answers", () => {
  it("adding an unrelated sentence to a correct answer never makes it incorrect", () => {
    fc.assert(
      fc.property(fc.constantFrom(...passes), fc.nat(3), fc.boolean(), (a, k, before) => {
        const extra = UNRELATED[a.lang][k % UNRELATED[a.lang].length];
        const text = before ? `${extra}${a.lang === "en" ? " " : ""}${a.text}` : `${a.text.trimEnd()}${a.lang === "en" ? " " : ""}${extra}`;
        expect(gradeItem(item(a.id), text, a.lang).verdict).toBe("correct");
      }),
      { numRuns: 200 },
    );
  });

  it("appending a misconception always makes an answer not correct", () => {
    fc.assert(
      fc.property(fc.constantFrom(...passes), fc.nat(2), (a, k) => {
        const wrong = WRONG[a.lang][k % WRONG[a.lang].length];
        const text = `${a.text.trimEnd()}\n\n${wrong}`;
        const r = gradeItem(item(a.id), text, a.lang);
        expect(r.verdict).not.toBe("correct");
        expect(r.misconceptions.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it("grades a 2,000-character answer without throwing, whatever its characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 0, maxLength: 2000 }), (s) => {
        const r = gradeItem(item("time-wait-why-2msl"), s, "zh");
        expect(["correct", "partial", "incorrect"]).toContain(r.verdict);
        for (const m of r.matched) for (const [x, y] of m.spans) expect(0 <= x && x <= y && y <= s.length).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
