/**
 * The claim grader: one entry point for practice, the mock interview and the `grade` command.
 * Pure TypeScript; see lib/grading/analyze.ts for how an answer is read and lib/grading/lexicon.ts
 * for the shared vocabulary.
 *
 * ## Claims
 * A key point states one claim an answer must make; it lists one or more **claim expressions**, any
 * of which makes the point. A misconception lists the expressions that assert the wrong claim.
 *
 *     peer + retransmit + fin            all three in one sentence (the default scope)
 *     application + !close-call          `!` : the concept must be negated there ("never calls close()")
 *     ~wait + 2msl                       `~` : either polarity (the default for entities)
 *     old | stale-literal + segment      `|` : alternatives for one term
 *     "两倍" + msl                       a quoted literal: these words, as written
 *     clause: application + !close-call  the scope: `clause:`, `sentence:` (default) or `answer:`
 *     ordered: client + retransmit + ack the terms in this order (who does what to whom)
 *     peer + close-call + -wait          `-` : this concept must not occur in the same scope
 *
 * A predicate without a prefix must be asserted (not negated); an entity without a prefix may be
 * either. A clause ends at a comma or a clause word (because, but, 因为, 但是 …); a sentence at a
 * full stop, question mark, semicolon or line break.
 *
 * ## Verdict
 * - a misconception is **asserted** when one of its expressions matches in a sentence that does not
 *   refute or merely report it ("有人说……，这是错的", "some say …, a myth"); the sentence after it may
 *   refute it too ("That's wrong.").
 * - `correct`: no misconception asserted, the answer does not say it is unsure, and every key point that is not `optional` is matched (in
 *   an answer written as a list, a sentence-scope claim must hold within one piece: `listPieces`);
 * - `partial`: not correct, at least one key point matched, and (with a misconception) at least half;
 * - `incorrect`: otherwise.
 * `coverage` = key points matched / all key points.
 */
import { analyze, formTokens, type Analysis, type Unit } from "./analyze";
import { CONCEPT_IDS, conceptKind } from "./lexicon";
import type { Lang, Span } from "./types";

export type Verdict = "correct" | "partial" | "incorrect";
export type Scope = "clause" | "sentence" | "answer";
type Polarity = "pos" | "neg" | "any";

interface Alt {
  concept?: string;
  literal?: string[];
  polarity: Polarity;
}
export interface Claim {
  scope: Scope;
  ordered: boolean;
  terms: Alt[][];
  /** alternatives that must not occur in the group (`-id`) */
  absent: Alt[];
  source: string;
}

export interface ClaimPoint {
  id: string;
  claims: readonly string[];
  optional?: boolean;
}

export interface GradeInput {
  keyPoints: readonly ClaimPoint[];
  misconceptions?: readonly { id: string; claims: readonly string[] }[];
}

export interface PointMatch {
  id: string;
  /** the matched words, sorted and merged */
  spans: Span[];
}

export interface GradeResult {
  verdict: Verdict;
  /** the answer says it is unsure ("不太确定", "not sure"): never correct */
  unsure?: boolean;
  coverage: number;
  matched: PointMatch[];
  missed: string[];
  misconceptions: PointMatch[];
}

// ---------------------------------------------------------------------------------------------
// Parsing

const claimCache = new Map<string, Claim>();

/** Parses a claim expression; throws an Error naming the problem (the content check reports it). */
export function parseClaim(source: string): Claim {
  const cached = claimCache.get(source);
  if (cached) return cached;
  let rest = source.trim();
  let scope: Scope = "sentence";
  let ordered = false;
  for (;;) {
    const m = /^(clause|sentence|answer|ordered):\s*/.exec(rest);
    if (!m) break;
    if (m[1] === "ordered") ordered = true;
    else scope = m[1] as Scope;
    rest = rest.slice(m[0].length);
  }
  const absent: Alt[] = [];
  const parseAlt = (raw: string): Alt => {
      let t = raw.trim();
      let polarity: Polarity | null = null;
      if (t.startsWith("!")) {
        polarity = "neg";
        t = t.slice(1);
      } else if (t.startsWith("~")) {
        polarity = "any";
        t = t.slice(1);
      } else if (t.startsWith("=")) {
        polarity = "pos";
        t = t.slice(1);
      }
      const lit = /^"(.+)"$/.exec(t);
      if (lit) {
        const toks = formTokens(lit[1]);
        if (toks.length === 0) throw new Error(`empty literal in "${source}"`);
        return { literal: toks, polarity: polarity ?? "any" };
      }
      if (!CONCEPT_IDS.has(t)) throw new Error(`unknown concept "${t}" in "${source}" (add it to lib/grading/lexicon.ts)`);
      return { concept: t, polarity: polarity ?? (conceptKind(t) === "e" ? "any" : "pos") };
  };
  const terms: Alt[][] = [];
  for (const term of rest.split(/\s+\+\s+/)) {
    const t = term.trim();
    if (t.startsWith("-")) {
      for (const alt of t.slice(1).split(/\s+\|\s+/)) {
        const parsed = parseAlt(alt);
        // an absent concept is absent in either polarity unless the claim says which (`-!x`)
        absent.push(/^[!=~]/.test(alt.trim()) ? parsed : { ...parsed, polarity: "any" });
      }
    } else terms.push(t.split(/\s+\|\s+/).map(parseAlt));
  }
  if (terms.length === 0 || terms.some((alts) => alts.length === 0)) throw new Error(`empty claim "${source}"`);
  const claim = { scope, ordered, terms, absent, source };
  claimCache.set(source, claim);
  return claim;
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Hit {
  start: number;
  end: number;
  /** token index, for ordering */
  at: number;
}

function polarityOk(p: Polarity, negated: boolean): boolean {
  return p === "any" || (p === "neg") === negated;
}

interface Occurrence {
  at: number;
  start: number;
  end: number;
  negated: boolean;
}

/**
 * What matching needs of one analysed answer, computed once so that grading stays linear in the
 * answer's length: occurrences of each concept and each token (sorted by position), the groups of each
 * scope, and which sentences refute or report what they say.
 */
interface Index {
  a: Analysis;
  byConcept: Map<string, Occurrence[]>;
  byToken: Map<string, number[]>;
  groups: Map<string, [number, number][]>;
  /** per sentence: it refutes or reports what it says, or the next sentence opens by refuting it */
  distanced: boolean[];
  /**
   * per sentence: the first token after a self-correction ("……，不对，应该是……", "…, no wait, actually
   * …"); what follows it is asserted again, although the sentence refutes what came before. -1: none.
   */
  correctedAt: number[];
  /**
   * per token: it sits in a sentence that only says what the topic is related to ("这个跟
   * tcp_syn_retries、RTO、指数退避都有关系", "It's related to FIN_WAIT_2 and TIME_WAIT…"): naming the
   * right things there explains nothing, so such sentences make no key point.
   */
  vague: Uint8Array;
}

const VAGUE_ZH = /^[\s嗯呃啊哦额，,…。.]*(?:这个|这|它|那个|那)?(?:问题)?(?:跟|和|与|同)[^。！？；]{0,80}?(?:有关系|有关|相关|有联系|挂钩)/;
const VAGUE_EN = /^[\s,.]*(?:(?:well|um|uh|so|hmm|ok|okay)[\s,.]+)*(?:it|this|that)(?:'s|’s| is| has| was)?\s+(?:all\s+|mostly\s+|basically\s+|kind of\s+|sort of\s+)?(?:related to|relates to|to do with|connected to|linked to|tied to|involves|involved with)\b/i;

/** Tokens of sentences that only say what the answer is related to (see Index.vague). */
function vagueTokens(a: Analysis): Uint8Array {
  const out = new Uint8Array(a.tokens.length);
  let i = 0;
  while (i < a.tokens.length) {
    let j = i;
    while (j < a.tokens.length && a.tokens[j].sentence === a.tokens[i].sentence) j++;
    const text = a.text.slice(a.tokens[i].start, a.tokens[j - 1].end);
    // the sentence may begin before its first token (an interjection, punctuation)
    const lead = a.text.slice(i === 0 ? 0 : a.tokens[i - 1].end, a.tokens[i].start).replace(/^[^\p{L}\p{N}]*[。！？；;!?.]/u, "");
    if (VAGUE_ZH.test(lead + text) || VAGUE_EN.test(lead + text)) out.fill(1, i, j);
    i = j;
  }
  return out;
}

/** Words that, right after a refutation, open the speaker's own corrected version. */
const SELF_CORRECTION = /^[\s,，:：;；.。!！—–-]*(?:应该是|应该|应当是|应当|而是|其实是|准确地说|准确说|我是说|正确的是|no wait|wait|actually|rather|i mean|it should be|it is|it's|should be)(?![a-z])/i;

function buildIndex(a: Analysis): Index {
  const byConcept = new Map<string, Occurrence[]>();
  for (const u of a.units) {
    u.concepts.forEach((c, k) => {
      let list = byConcept.get(c);
      if (!list) byConcept.set(c, (list = []));
      list.push({ at: u.first, start: u.start, end: u.end, negated: u.negatedEach[k] });
    });
  }
  const byToken = new Map<string, number[]>();
  a.tokens.forEach((t, i) => {
    let list = byToken.get(t.t);
    if (!list) byToken.set(t.t, (list = []));
    list.push(i);
  });
  const distanced = new Array<boolean>(a.sentences).fill(false);
  const firstOfSentence = new Array<number>(a.sentences).fill(-1);
  a.tokens.forEach((t, i) => {
    if (firstOfSentence[t.sentence] < 0) firstOfSentence[t.sentence] = i;
  });
  const correctedAt = new Array<number>(a.sentences).fill(-1);
  for (const u of a.units) {
    if (u.kind !== "refute" && u.kind !== "report") continue;
    distanced[u.sentence] = true;
    const opener = u.kind === "refute" ? SELF_CORRECTION.exec(a.text.slice(u.end, u.end + 24)) : null;
    if (opener) {
      const after = u.end + opener[0].length;
      const next = a.tokens.findIndex((t) => t.start >= after);
      if (next >= 0 && a.tokens[next].sentence === u.sentence) correctedAt[u.sentence] = Math.max(correctedAt[u.sentence], next);
    }
    // "… proves the peer closed. That's wrong." — a refutation among the first words of the next sentence.
    if (u.kind === "refute" && u.sentence > 0 && u.first - firstOfSentence[u.sentence] <= 4) distanced[u.sentence - 1] = true;
  }
  return { a, byConcept, byToken, groups: new Map(), distanced, correctedAt, vague: vagueTokens(a) };
}

/** Index of the first element whose position is at least `from` (the lists are sorted). */
function lowerBound<T>(list: readonly T[], from: number, pos: (x: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pos(list[mid]) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Occurrences of one alternative within a group of tokens [from, to). */
function hitsOf(alt: Alt, ix: Index, from: number, to: number): Hit[] {
  const out: Hit[] = [];
  if (alt.concept) {
    const list = ix.byConcept.get(alt.concept) ?? [];
    for (let i = lowerBound(list, from, (o) => o.at); i < list.length && list[i].at < to; i++) {
      const o = list[i];
      if (polarityOk(alt.polarity, o.negated)) out.push({ start: o.start, end: o.end, at: o.at });
    }
    return out;
  }
  const lit = alt.literal!;
  const tokens = ix.a.tokens;
  const list = ix.byToken.get(lit[0]) ?? [];
  for (let j = lowerBound(list, from, (x) => x); j < list.length && list[j] + lit.length <= to; j++) {
    const i = list[j];
    let ok = true;
    for (let k = 1; k < lit.length && ok; k++) ok = tokens[i + k].t === lit[k] && tokens[i + k].run === tokens[i].run;
    if (ok) out.push({ start: tokens[i].start, end: tokens[i + lit.length - 1].end, at: i });
  }
  return out;
}

const listCache = new WeakMap<Analysis, [number, number][] | null>();
function listOf(a: Analysis): [number, number][] | null {
  if (!listCache.has(a)) listCache.set(a, listPieces(a));
  return listCache.get(a)!;
}

/** Token ranges [from, to) of the groups a claim of this scope must fit in. */
function groups(ix: Index, scope: Scope, asserted = false): [number, number][] {
  const key = `${scope}:${asserted}`;
  const cached = ix.groups.get(key);
  if (cached) return cached;
  const a = ix.a;
  let out: [number, number][];
  const pieces = scope === "answer" || asserted ? null : listOf(a);
  if (scope === "answer") {
    out = a.tokens.length ? [[0, a.tokens.length]] : [];
  } else if (pieces) {
    // In a list, a piece that names one thing ("tcp_syn_retries", "指数退避") asserts nothing.
    const weight = new Array<number>(a.tokens.length + 1).fill(0);
    for (const u of a.units) if (u.kind === "e" || u.kind === "p" || u.kind === "a") weight[u.first]++;
    a.tokens.forEach((t, i) => {
      if (/^\d/.test(t.t)) weight[i]++;
    });
    out = pieces.filter(([from, to]) => {
      let n = 0;
      for (let i = from; i < to && n < 2; i++) n += weight[i];
      return n >= 2;
    });
  } else {
    const k = scope === "clause" ? "clause" : "sentence";
    out = [];
    let start = 0;
    for (let i = 1; i <= a.tokens.length; i++) {
      if (i === a.tokens.length || (a.tokens[i][k] !== a.tokens[i - 1][k] && !(k === "sentence" && continuesAfterSemicolon(a, i)))) {
        out.push([start, i]);
        start = i;
      }
    }
  }
  ix.groups.set(key, out);
  return out;
}

/**
 * The first group where the claim holds, as the hits of its terms, or null. A misconception
 * (`asserted`) is matched on ordinary sentences, even in a list, and not in a sentence that refutes
 * or reports it.
 */
function matchClaim(claim: Claim, ix: Index, asserted = false): Hit[] | null {
  for (let [from, to] of groups(ix, claim.scope, asserted)) {
    if (asserted && claim.scope !== "answer") {
      const sentence = ix.a.tokens[from].sentence;
      if (ix.distanced[sentence]) {
        // after a self-correction the rest of the sentence is the speaker's own claim again
        const corrected = ix.correctedAt[sentence];
        if (corrected < 0 || to <= corrected) continue;
        if (from < corrected) from = corrected;
      }
    }
    // what a sentence refutes or reports does not count against a claim (up to a self-correction)
    if (claim.absent.some((alt) => hitsOf(alt, ix, from, to).some((h) => !retracted(ix, h.at)))) continue;
    const hits: Hit[] = [];
    let after = -1;
    let ok = true;
    for (const alts of claim.terms) {
      let best: Hit | null = null;
      for (const alt of alts) {
        for (const h of hitsOf(alt, ix, from, to)) {
          if (claim.ordered && h.at <= after) continue;
          if (!asserted && ix.vague[h.at]) continue;
          if (!best || h.at < best.at) best = h;
          break; // hits come in order: the first usable one is the earliest
        }
      }
      if (!best) {
        ok = false;
        break;
      }
      hits.push(best);
      after = best.at;
    }
    if (ok) return hits;
  }
  return null;
}

const PRONOUN_OPENERS = new Set(["it", "thi", "this", "that", "they", "它", "这", "那", "其"]);
/**
 * "close() is different; it drops our file descriptor…": a sentence after a semicolon that opens with
 * a pronoun goes on about the same subject, so a sentence-scope claim sees both.
 */
function continuesAfterSemicolon(a: Analysis, i: number): boolean {
  if (!PRONOUN_OPENERS.has(a.tokens[i].t)) return false;
  return /[;；]\s*$/.test(a.text.slice(a.tokens[i - 1].end, a.tokens[i].start));
}

/** Is token `at` in a sentence that refutes or reports what it says (and before any self-correction)? */
function retracted(ix: Index, at: number): boolean {
  const sentence = ix.a.tokens[at].sentence;
  if (!ix.distanced[sentence]) return false;
  const corrected = ix.correctedAt[sentence];
  return corrected < 0 || at < corrected;
}

function spansOf(hits: Hit[]): Span[] {
  const sorted = hits.map((h) => [h.start, h.end] as Span).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** Fewest pieces, and most words per piece on average, that make an answer a list. */
export const LIST_MIN_PIECES = 4;
/** Share of a list's pieces that must be short (LIST_SHORT_TOKENS words or fewer). */
export const LIST_SHORT_SHARE = 0.8;
export const LIST_SHORT_TOKENS = 6;
/** At most this share of a list's pieces have a verb. */
export const LIST_VERB_SHARE = 0.5;
/** …or at least this share of them name a single thing. */
export const LIST_SINGLE_SHARE = 0.5;
export const LIST_MEAN_TOKENS = 5;

/**
 * The pieces of an answer written as a list ("TIME_WAIT，2MSL，最后一个 ACK，LAST_ACK，旧报文，四元组"): the
 * token ranges between commas, 、, semicolons, full stops and line breaks, when there are at least
 * LIST_MIN_PIECES of them averaging at most LIST_MEAN_TOKENS words (a Chinese character counts as one),
 * nearly all (LIST_SHORT_SHARE) of them LIST_SHORT_TOKENS words or fewer, and either at most
 * LIST_VERB_SHARE of them with a verb or at least LIST_SINGLE_SHARE of them naming a single thing;
 * a piece that starts with a number ("16 bits") belongs to the one before it. Null for prose.
 *
 * In a list each piece stands alone: terms in different pieces assert no relation, so a claim that
 * must hold within a sentence (or clause) must hold within one piece, and a piece that only names one
 * thing ("tcp_syn_retries", "指数退避") asserts nothing. A bare list of the right terms therefore
 * makes no multi-term claim, which is what an interviewer hears in it; a list of facts ("seq 32, ack 32,
 * window 16", "客户端 SYN_SENT，服务端 SYN_RECEIVED") still makes its claims.
 */
/** Tokens (stems) that only prose has: articles, copulas, prepositions, pronouns, particles. */
const PROSE_WORDS = new Set(["the", "a", "an", "is", "are", "wa", "was", "were", "be", "for", "to", "of", "with", "by", "it", "thi", "this", "that", "can", "will", "should", "you", "we", "they", "so", "then", "from", "into", "when", "if", "是", "的", "用", "在", "就", "会", "要", "把", "被", "了", "让", "可", "从", "给", "对", "时", "后"]);

export function listPieces(a: Analysis): [number, number][] | null {
  const out: [number, number][] = [];
  let start = 0;
  let prevEnd = -1;
  a.tokens.forEach((t, i) => {
    if (prevEnd >= 0 && /[,，、;；\n。.]/.test(a.text.slice(prevEnd, t.start)) && !/^(\d|one$|two$|each$|各$|一$|两$)/.test(t.t)) {
      out.push([start, i]);
      start = i;
    }
    prevEnd = t.end;
  });
  if (a.tokens.length) out.push([start, a.tokens.length]);
  const short = out.filter(([from, to]) => to - from <= LIST_SHORT_TOKENS).length;
  if (out.length < LIST_MIN_PIECES || a.tokens.length / out.length > LIST_MEAN_TOKENS || short / out.length < LIST_SHORT_SHARE) return null;
  // Terse prose ("客户端 connect 发 SYN，进入 SYN_SENT，…") has a verb in most pieces; a list of terms does not.
  const pieceOf = new Array<number>(a.tokens.length);
  out.forEach(([from, to], p) => {
    for (let i = from; i < to; i++) pieceOf[i] = p;
  });
  const things = new Array<number>(out.length).fill(0);
  const verbs = new Array<number>(out.length).fill(0);
  for (const u of a.units) {
    if (u.kind !== "e" && u.kind !== "p" && u.kind !== "a") continue;
    things[pieceOf[u.first]]++;
    if (u.kind !== "e") verbs[pieceOf[u.first]]++;
  }
  // function words of a sentence ("for the default", "是…的") make a piece prose, not a term
  const prose = new Array<number>(out.length).fill(0);
  a.tokens.forEach((t, i) => {
    if (PROSE_WORDS.has(t.t)) prose[pieceOf[i]]++;
  });
  const withVerb = verbs.filter((n, p) => n > 0 || prose[p] > 0).length;
  // …and a list names one thing per piece ("close()，shutdown，半关闭，读，写").
  const single = things.filter((n, p) => n <= 1 && prose[p] === 0).length;
  return withVerb / out.length <= LIST_VERB_SHARE || single / out.length >= LIST_SINGLE_SHARE ? out : null;
}

/** Grades an answer against key points and misconceptions. `lang` is accepted for symmetry; the lexicon is bilingual. */
export function gradeClaims(answer: string, input: GradeInput, _lang?: Lang): GradeResult {
  const a = analyze(answer);
  const ix = buildIndex(a);
  const matched: PointMatch[] = [];
  const missed: string[] = [];
  /** the words that made a required point: where they stand */
  const requiredAt: { sentence: number; clause: number; at: number }[] = [];
  for (const point of input.keyPoints) {
    let hit: Hit[] | null = null;
    for (const c of point.claims) {
      hit = matchClaim(parseClaim(c), ix);
      if (hit) break;
    }
    if (hit) {
      matched.push({ id: point.id, spans: spansOf(hit) });
      if (!point.optional) for (const h of hit) requiredAt.push({ sentence: a.tokens[h.at]?.sentence ?? -1, clause: a.tokens[h.at]?.clause ?? -1, at: h.at });
    } else missed.push(point.id);
  }
  const misconceptions: PointMatch[] = [];
  for (const m of input.misconceptions ?? []) {
    for (const c of m.claims) {
      const hit = matchClaim(parseClaim(c), ix, true);
      if (hit) {
        misconceptions.push({ id: m.id, spans: spansOf(hit) });
        break;
      }
    }
  }
  const total = input.keyPoints.length;
  const coverage = total === 0 ? 0 : matched.length / total;
  const essentialMissed = input.keyPoints.some((p) => !p.optional && missed.includes(p.id));
  let verdict: Verdict;
  // Unsure: a hedge ("我不太确定", "not sure") on what the answer needs: in the clause that makes a required point,
  // or earlier in its sentence ("我不太确定，TCP 会重传…", "not sure, but I think …"). A hedge elsewhere, when every
  // required point is made, is doubt about a side detail ("tcp_retries2 默认 15，具体多少秒我记不清了"), which an
  // interviewer does not hold against an answer that is otherwise complete.
  const hedges = a.units.filter((u) => u.kind === "hedge");
  const unsure =
    hedges.length > 0 &&
    (essentialMissed || hedges.some((u) => requiredAt.some((r) => r.clause === u.clause || (r.sentence === u.sentence && u.first <= r.at))));
  if (misconceptions.length === 0 && !essentialMissed && total > 0 && !unsure) verdict = "correct";
  else if (matched.length > 0 && (misconceptions.length === 0 || coverage >= 0.5)) verdict = "partial";
  else verdict = "incorrect";
  return { verdict, coverage, matched, missed, misconceptions, ...(unsure ? { unsure } : {}) };
}
