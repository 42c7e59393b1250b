/**
 * Text normalisation shared by search and the highlighter (pure; Intl.Segmenter only).
 *
 * - `normalize`: NFKC + lower case, the comparison form of any text.
 * - `tokenize`: words of a text, segmented by `Intl.Segmenter` (Chinese by its dictionary), split at
 *   `_` and letter/digit boundaries, English words lightly stemmed, each with its offsets.
 * - `highlight`: cut an answer into plain-text pieces marked by spans (never HTML).
 *
 * Open answers are graded by the claim grader (lib/grading/claims.ts, analyze.ts, lexicon.ts), not here.
 */
import type { HighlightSegment, Lang, Span } from "./types";


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
