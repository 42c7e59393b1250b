/**
 * Key-point matching for open answers (docs/contracts.md, "lib/grading — key-point matching").
 *
 * Pure TypeScript: no React, Next.js or Prisma. The only platform API used is `Intl.Segmenter`
 * (word and grapheme granularity), which Node ≥ 20 and current browsers ship with ICU data for
 * Chinese; no dictionary package is involved.
 *
 * ## Matching policy
 * A key point has alternative phrasings (`match[lang]`, then — for mixed-language answers — the
 * phrasings of the other language). A phrasing is terms joined by ` + `; a term is synonyms joined by
 * ` | `. A phrasing matches when every term has at least one synonym somewhere in the answer, in any
 * order and at any distance. A key point matches when any of its phrasings matches.
 *
 * Both the answer and each synonym go through the same normalisation:
 * 1. NFKC per grapheme cluster, then lower case: "ＳＹＮ" = "SYN" = "syn", "，" = ",".
 * 2. Word segmentation with `Intl.Segmenter(lang, { granularity: "word" })`; punctuation and spaces
 *    are dropped. Word segments are further split at `_` and at letter/digit boundaries, so
 *    "TIME_WAIT" = "TIME-WAIT" = "time wait" (→ `time`,`wait`) and "2MSL" = "2 MSL" (→ `2`,`msl`).
 * 3. A light English stemmer (`stem`): "retransmits", "retransmitted", "retransmitting",
 *    "retransmission" → `retransmit`; "ACKs"/"ACKed" → `ack`; "closes"/"closed"/"closing" → `clos`.
 *
 * A synonym is found in the answer in one of two ways:
 * - **Token match** — the synonym's tokens, concatenated, equal the concatenation of consecutive
 *   answer tokens that are separated by nothing but spaces or connectors (`-`, `_`, `/`, `+`, `=`…);
 *   compared once token by token stemmed, once concatenated first and stemmed as one word. A synonym
 *   whose last word is Latin and at least four letters long also matches as a word prefix:
 *   "retransmi" finds "retransmission", "verif" finds "verifies" (the bank writes such stems);
 *   shorter words never do, so "FIN" does not match "final" nor "ACK" "acknowledge".
 *   Matching on the concatenation (not token by token) makes the match independent of where the
 *   segmenter put the boundaries *inside* the synonym, as long as the synonym's two ends are token
 *   boundaries in the answer: "连接请求" is found in 连接|请求, "timewait" in time|wait,
 *   "re-transmits" matches "retransmit". Sentence punctuation breaks a match: "连接。请求" ≠ "连接请求".
 * - **Substring fallback** — only for synonyms containing Chinese characters and at least two
 *   characters long: the synonym, with everything but letters and digits removed, is a substring of
 *   the answer with spaces and connectors removed (sentence punctuation kept as a separator).
 *
 *   Why the fallback (measured on Node 20.20's ICU with `segmenter-corpus.ts`): the segmenter's
 *   Chinese dictionary decides boundaries by context, so a term's end is sometimes not a token
 *   boundary inside an answer: "报文" is 报|文 on its own but 报|文段 inside "报文段"; "客户端" is
 *   客户|端 but 客户|端的 inside "客户端的计时器"; browsers ship other dictionaries than Node. On the
 *   47 positive pairs, plain token-sequence matching found 44 (and accepted 3 of the 13 near misses,
 *   by matching across punctuation), concatenated-token matching found 44 with no false positive,
 *   and with the substring fallback all 47, still with no false positive. Chinese words of two or
 *   more characters rarely sit inside longer unrelated words, so the fallback's extra recall costs
 *   little precision; one-character terms ("旧") are matched as tokens only, so "依旧" does not
 *   count as "旧". Latin terms never fall back to substrings: "ack"
 *   must not match inside "hack".
 *
 * Negation is deliberately ignored: "两次握手无法防止旧的 SYN" and "the server cannot tell whether
 * the SYN is old" are correct explanations that contain a negation, so refusing matches near "不/没/
 * not/cannot" would turn right answers into misses. Key points are written so that the *explaining*
 * term is required; the learner can overrule the suggested grade either way.
 *
 * The spans of a matched key point mark, for its first matching phrasing, the first occurrence of
 * each term (its earliest synonym), sorted and merged where they overlap.
 *
 * Spans are UTF-16 offsets into the original answer string (as `String.prototype.slice` takes them),
 * computed through a per-code-unit map from the normalised text back to the original grapheme
 * clusters, so they never split a surrogate pair or a full-width character.
 */
import type { HighlightSegment, KeyPoint, KeyPointResult, Lang, Span } from "./types";

export type { HighlightSegment, KeyPoint, KeyPointMatch, KeyPointResult, Lang, Rating, Span } from "./types";
export { suggestRating, suggestRatingFromCoverage } from "./rating";

/** One word of a text after normalisation, with where it sits in the original text. */
export interface Token {
  /** Normalised form: NFKC, lower case, English words stemmed. Compare tokens by this. */
  term: string;
  /** NFKC and lower case, not stemmed. */
  raw: string;
  /** Offsets into the original text, `[start, end)` in UTF-16 code units. */
  start: number;
  end: number;
  /** True when only spaces or connectors separate this token from the previous one. */
  joined: boolean;
  /** The normalised text between the previous token (or the start) and this one. */
  gap: string;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string, granularity: "word" | "grapheme"): Intl.Segmenter {
  const key = `${locale}:${granularity}`;
  let s = segmenters.get(key);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, s);
  }
  return s;
}
const localeOf = (lang: Lang) => (lang === "zh" ? "zh" : "en");

/** NFKC + lower case: the comparison form of any text (for search indexes too). */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

interface Normalized {
  /** The normalised text. */
  text: string;
  /** For each UTF-16 unit of `text`, the original grapheme cluster it came from. */
  from: number[];
  to: number[];
}

/**
 * Normalises grapheme cluster by grapheme cluster, so that every unit of the result can be traced
 * back to the cluster it came from (NFKC and lower-casing may change lengths: "ﬁ" → "fi").
 */
function normalizeMapped(text: string): Normalized {
  let out = "";
  const from: number[] = [];
  const to: number[] = [];
  for (const { segment, index } of segmenter("en", "grapheme").segment(text)) {
    const n = normalize(segment);
    out += n;
    for (let k = 0; k < n.length; k++) {
      from.push(index);
      to.push(index + segment.length);
    }
  }
  return { text: out, from, to };
}

/**
 * Characters allowed between two tokens of one term: spaces and word connectors ("SYN-ACK",
 * "SYN+ACK", "seq=x", "close()"). Sentence punctuation (. , ; : ! ? and their CJK forms, which NFKC
 * mostly folds into these) separates; a synonym that itself contains one ("SYN,ACK") allows it.
 */
const CONNECTOR_CHAR = /[\s\-_/·・'’‐‑+=&*~^|()[\]{}<>#@]/u;
const CONNECTOR = /^[\s\-_/·・'’‐‑+=&*~^|()[\]{}<>#@]*$/u;
/** Pieces of a word segment: numbers (with decimals) and runs of letters (with inner apostrophes). */
const PIECE = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const HAN = /\p{Script=Han}/u;

/**
 * A light English stemmer: enough to make plural, past, gerund and "-ion" forms of the words
 * interview answers use collapse onto one stem. Not Porter; consistent application to both the answer
 * and the term is what matters, not linguistic correctness. Words of three letters or fewer and
 * anything that is not plain ASCII letters are returned unchanged.
 */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/u, "");
  if (!/^[a-z]+$/.test(w) || w.length <= 3) return w;
  // First matching rule that leaves a stem of at least three letters.
  const rules: [string, string][] = [
    ["issions", "it"], ["ission", "it"], // retransmission → retransmit
    ["ations", ""], ["ation", ""], ["ating", ""], ["ated", ""], ["ates", ""], ["ate", ""],
    ["ledgements", "ledge"], ["ledgement", "ledge"], ["ledgments", "ledge"], ["ledgment", "ledge"],
    ["ions", ""], ["ion", ""], // connection → connect
    ["ings", ""], ["ing", ""],
    ["ies", "i"], ["ied", "i"],
    ["ed", ""],
  ];
  let stripped = false;
  for (const [suffix, replacement] of rules) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + replacement;
      stripped = true;
      break;
    }
  }
  if (!stripped && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1); // close / closes / closed → clos
  // retransmitt → retransmit, dropp → drop; "add" (from "added") stays.
  if (stripped && w.length >= 5 && /([b-df-hj-km-np-rtv-y])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 2 && w.endsWith("y")) w = w.slice(0, -1) + "i"; // retry / retries / retried → retri
  return w;
}

function tokenizeNormalized(n: Normalized, lang: Lang): Token[] {
  const tokens: Token[] = [];
  let gapStart = 0; // start (in n.text) of the text since the previous token
  for (const seg of segmenter(localeOf(lang), "word").segment(n.text)) {
    if (!seg.isWordLike) continue;
    for (const m of seg.segment.matchAll(PIECE)) {
      const a = seg.index + (m.index ?? 0);
      const b = a + m[0].length;
      const gap = n.text.slice(gapStart, a);
      const raw = m[0].replace(/’/g, "'");
      tokens.push({
        term: stem(raw),
        raw,
        start: n.from[a],
        end: n.to[b - 1],
        joined: tokens.length > 0 && CONNECTOR.test(gap),
        gap,
      });
      gapStart = b;
    }
  }
  return tokens;
}

/**
 * Splits text into normalised words (see the module comment), each with its offsets in `text`.
 * Chinese is segmented by `Intl.Segmenter`'s dictionary; Latin words are stemmed.
 */
export function tokenize(text: string, lang: Lang): Token[] {
  return tokenizeNormalized(normalizeMapped(text), lang);
}

// ---------------------------------------------------------------------------------------------
// Phrasings

/**
 * Splits a phrasing into terms (` + `) and each term into synonyms (` | `), trimmed, empty ones
 * dropped. `+` only separates terms when surrounded by spaces, so "SYN+ACK" stays one synonym.
 */
export function parsePhrasing(phrasing: string): string[][] {
  return phrasing
    .normalize("NFKC")
    .split(/\s+\+\s+/)
    .map((term) =>
      term
        .split("|")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .filter((synonyms) => synonyms.length > 0);
}

interface PreparedSynonym {
  /** Concatenated token terms (each stemmed); "" when the synonym has no word in it (never matches). */
  key: string;
  /** Concatenated unstemmed tokens, stemmed as one word: "TIME_WAIT" → stem("timewait"). */
  rawKey: string;
  tokenCount: number;
  /** Punctuation the synonym itself contains, allowed between its tokens in the answer. */
  gapChars: string;
  /**
   * Word-prefix form, when the synonym ends in a Latin word of PREFIX_MIN letters or more: the
   * stems before that word, and the word as written ("6 retr" → head "6", tail "retr").
   */
  prefix: { head: string; tail: string } | null;
  /** Letters and digits only, for the Chinese substring fallback; null when not eligible. */
  compact: string | null;
}

const synonymCache = new Map<string, PreparedSynonym>();
function prepareSynonym(synonym: string, lang: Lang): PreparedSynonym {
  const cacheKey = `${lang}\u0000${synonym}`;
  const cached = synonymCache.get(cacheKey);
  if (cached) return cached;
  const tokens = tokenize(synonym, lang);
  const key = tokens.map((t) => t.term).join("");
  const rawKey = stem(tokens.map((t) => t.raw).join(""));
  const letters = normalize(synonym).replace(/[^\p{L}\p{N}\p{M}]/gu, "");
  const eligible = HAN.test(letters) && [...letters].length >= 2;
  const gapChars = [...normalize(synonym)].filter((c) => !/[\p{L}\p{N}\p{M}\s]/u.test(c)).join("");
  const last = tokens[tokens.length - 1];
  const prefix =
    last && new RegExp(`^[a-z]{${PREFIX_MIN},}$`).test(last.raw)
      ? { head: tokens.slice(0, -1).map((t) => t.term).join(""), tail: last.raw }
      : null;
  const prepared = { key, rawKey, tokenCount: tokens.length, gapChars, prefix, compact: eligible ? letters : null };
  if (synonymCache.size > 10_000) synonymCache.clear();
  synonymCache.set(cacheKey, prepared);
  return prepared;
}

// ---------------------------------------------------------------------------------------------
// Answers

interface PreparedAnswer {
  tokens: Token[];
  /** Letters and digits of the normalised answer, sentence punctuation as "\u0000", spaces dropped. */
  compact: string;
  compactFrom: number[];
  compactTo: number[];
}

function prepareAnswer(answer: string, lang: Lang): PreparedAnswer {
  const n = normalizeMapped(answer);
  const tokens = tokenizeNormalized(n, lang);
  let compact = "";
  const compactFrom: number[] = [];
  const compactTo: number[] = [];
  let i = 0;
  for (const ch of n.text) {
    if (/[\p{L}\p{N}\p{M}]/u.test(ch)) {
      compact += ch;
      for (let k = 0; k < ch.length; k++) {
        compactFrom.push(n.from[i + k]);
        compactTo.push(n.to[i + k]);
      }
    } else if (!CONNECTOR_CHAR.test(ch) && !compact.endsWith("\u0000")) {
      compact += "\u0000";
      compactFrom.push(n.from[i]);
      compactTo.push(n.to[i]);
    }
    i += ch.length;
  }
  return { tokens, compact, compactFrom, compactTo };
}

/** Stemming shortens a word by at most this many letters ("retransmissions" → "retransmit"). */
const MAX_STEM_CUT = 6;
/** A synonym's last Latin word this long or longer also matches as a prefix ("verif" → "verifies"). */
export const PREFIX_MIN = 4;

/**
 * The first place the synonym occurs in the answer, or null. A window of joined answer tokens
 * matches when its per-token stems, concatenated, equal the synonym's ("delayed segments" =
 * "delay segment"), or when its unstemmed tokens, concatenated and stemmed as one word, equal the
 * synonym's likewise ("timewait" = "TIME_WAIT", "re-transmitted" = "retransmit"), or when the
 * synonym ends in a Latin word of PREFIX_MIN+ letters that starts the window's last word
 * ("retransmi" → "retransmission", "6 retr" → "6 retries").
 */
function findSynonym(s: PreparedSynonym, a: PreparedAnswer): Span | null {
  if (s.key) {
    const { tokens } = a;
    const maxRaw = s.rawKey.length + MAX_STEM_CUT;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].raw[0] !== s.rawKey[0] && !s.key.startsWith(tokens[i].term)) continue;
      let stems = "";
      let raw = "";
      for (let j = i; j < tokens.length && j - i < s.tokenCount + MAX_STEM_CUT; j++) {
        if (j > i && !tokens[j].joined && ![...tokens[j].gap].every((c) => CONNECTOR_CHAR.test(c) || s.gapChars.includes(c))) break;
        if (s.prefix && stems === s.prefix.head && tokens[j].raw.startsWith(s.prefix.tail)) return [tokens[i].start, tokens[j].end];
        stems += tokens[j].term;
        raw += tokens[j].raw;
        if (stems === s.key || stem(raw) === s.rawKey) return [tokens[i].start, tokens[j].end];
        if (!s.key.startsWith(stems) && raw.length > maxRaw) break;
      }
    }
  }
  if (s.compact) {
    const at = a.compact.indexOf(s.compact);
    if (at >= 0) return [a.compactFrom[at], a.compactTo[at + s.compact.length - 1]];
  }
  return null;
}

/** Sorts spans and merges the overlapping ones. */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.map((s) => [s[0], s[1]] as Span).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push(s);
  }
  return out;
}

/** Spans of the terms when every term of the phrasing occurs, else null. */
function matchPhrasing(phrasing: string, phrasingLang: Lang, a: PreparedAnswer): Span[] | null {
  const terms = parsePhrasing(phrasing);
  if (terms.length === 0) return null;
  const spans: Span[] = [];
  for (const synonyms of terms) {
    let best: Span | null = null;
    for (const synonym of synonyms) {
      const found = findSynonym(prepareSynonym(synonym, phrasingLang), a);
      if (found && (!best || found[0] < best[0])) best = found;
    }
    if (!best) return null;
    spans.push(best);
  }
  return mergeSpans(spans);
}

/**
 * Which key points an answer covers. See the module comment for the policy.
 * `lang` is the answer's language: its phrasings are tried first, then the other language's.
 */
export function matchKeyPoints(answer: string, points: KeyPoint[], lang: Lang): KeyPointResult {
  const prepared = prepareAnswer(answer, lang);
  const other: Lang = lang === "zh" ? "en" : "zh";
  const matched: KeyPointResult["matched"] = [];
  const missed: string[] = [];
  for (const point of points) {
    let spans: Span[] | null = null;
    for (const [phrasings, phrasingLang] of [
      [point.match[lang], lang],
      [point.match[other], other],
    ] as const) {
      for (const phrasing of phrasings ?? []) {
        spans = matchPhrasing(phrasing, phrasingLang, prepared);
        if (spans) break;
      }
      if (spans) break;
    }
    if (spans) matched.push({ id: point.id, spans });
    else missed.push(point.id);
  }
  return { coverage: points.length === 0 ? 0 : matched.length / points.length, matched, missed };
}

// ---------------------------------------------------------------------------------------------
// Highlighting

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Cuts the answer into plain-text segments, marking those inside any span, for rendering as text
 * nodes (e.g. `<mark>`). Spans may come from several key points: they are clamped to the string,
 * widened so they never split a surrogate pair, sorted and merged. Joining the segments' text gives
 * back the answer exactly; empty segments are never produced.
 */
export function highlight(answer: string, spans: readonly (readonly [number, number])[]): HighlightSegment[] {
  const fixed: Span[] = [];
  for (const [s, e] of spans) {
    let start = Math.max(0, Math.min(answer.length, Math.floor(s)));
    let end = Math.max(0, Math.min(answer.length, Math.ceil(e)));
    if (!(end > start)) continue;
    if (start > 0 && isLow(answer.charCodeAt(start)) && isHigh(answer.charCodeAt(start - 1))) start--;
    if (end < answer.length && isLow(answer.charCodeAt(end)) && isHigh(answer.charCodeAt(end - 1))) end++;
    fixed.push([start, end]);
  }
  const merged = mergeSpans(fixed);
  const out: HighlightSegment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: answer.slice(at, s), matched: false });
    const last = out[out.length - 1];
    if (last?.matched && s <= at) last.text += answer.slice(Math.max(at, s), e);
    else out.push({ text: answer.slice(Math.max(at, s), e), matched: true });
    at = Math.max(at, e);
  }
  if (at < answer.length) out.push({ text: answer.slice(at), matched: false });
  return out;
}
