/**
 * Text analysis for the claim grader (pure; no React, Next.js or Prisma; no network, no model files).
 *
 * An answer becomes a list of **units**: the concepts of the shared bilingual lexicon
 * (lib/grading/lexicon.ts) that occur in it, each with where it is (UTF-16 offsets into the original
 * answer), which sentence and clause it sits in, and whether it is negated there.
 *
 * 1. **Normalisation**: NFKC per grapheme cluster and lower case, with a map back to the original
 *    offsets ("ＳＹＮ" = "SYN" = "syn").
 * 2. **Protocol atoms** are recognised before anything is split, so they are one token each and never
 *    match their parts: `CLOSE_WAIT` = `CLOSE-WAIT` = `close wait` → `close_wait`; `FIN_WAIT2` →
 *    `fin_wait_2`; `SYN+ACK` = `SYN/ACK` = `SYN-ACK` → `syn_ack`; `2MSL` = `2 × MSL` → `2msl`;
 *    `net.ipv4.tcp_fin_timeout` → `tcp_fin_timeout`; any word with an underscore (`SO_REUSEADDR`,
 *    `tcp_tw_reuse`) stays whole; `close()` and `close ()` → `close()`; `x+1`/`+ 1` → `plus1`;
 *    upper-case state names (`CLOSED`, `LISTEN`, `CLOSING`, `ESTAB`) become state tokens, while the
 *    ordinary words "closed", "listen", "closing" stay words.
 * 3. **Tokens**: Latin words (English contractions expanded: "doesn't" → "does not"), stemmed with
 *    the Porter stemmer (`stemmer`), numbers, and every Han character on its own.
 * 4. **Lexicon matching**: forward maximum matching of the lexicon's forms (tokenised the same way)
 *    over the tokens — the longest form starting at a token wins, so `close_wait` is never `close`,
 *    `依旧` (a neutral "blocker" form) never yields `旧`, and `没收到` is one "lost" unit. A form of
 *    one Han character must begin a word as `Intl.Segmenter("zh")` segments the text (猜 in 猜测 and
 *    猜到, not 旧 in 依旧). A form never spans punctuation.
 * 5. **Sentences and clauses**: sentences end at 。！？；.!?; and line breaks; clauses also at commas (not inside ASCII parentheses),
 *    colons and clause words (because, but, so, if, 因为, 但是, 所以, 否则, 如果 …).
 * 6. **Negation**: a negator (不, 没有, 无法, not, never, cannot, without, forgot to …) negates the next
 *    predicate in its clause, and every entity between them; two negators cancel. Negators inside a
 *    longer form (`不断`, `无论`, `收不到`, `not only`) are not negators. Some forms are negative in
 *    themselves (`close() is never called` is a negated `close`).
 */
import { stemmer } from "stemmer";
import { LEXICON, type ConceptKind } from "./lexicon";

export interface Unit {
  /** Concept ids this form stands for (usually one). */
  concepts: readonly string[];
  kind: ConceptKind;
  /** Offsets into the original answer, `[start, end)` in UTF-16 code units. */
  start: number;
  end: number;
  /** Token range `[first, last)` in `Analysis.tokens`. */
  first: number;
  last: number;
  sentence: number;
  clause: number;
  /** For entities and predicates: whether the unit is negated where it stands (any of its concepts). */
  negated: boolean;
  /** Per concept (same order as `concepts`): negated where it stands. */
  negatedEach: readonly boolean[];
}

export interface Token {
  /** The comparison form: a stem, a Han character, a number or an atom. */
  t: string;
  start: number;
  end: number;
  /** A run of tokens with no punctuation between them shares a run id. */
  run: number;
  sentence: number;
  clause: number;
}

export interface Analysis {
  text: string;
  tokens: Token[];
  units: Unit[];
  sentences: number;
}

// ---------------------------------------------------------------------------------------------
// Normalisation with an offset map

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const zhWords = new Intl.Segmenter("zh", { granularity: "word" });

interface Normalized {
  text: string;
  /** original start / end offsets for each UTF-16 unit of `text` */
  from: number[];
  to: number[];
}

function normalizeMapped(text: string): Normalized {
  // Fast path: most answers keep their length under NFKC and lower-casing, unit for unit.
  const whole = text.normalize("NFKC").toLowerCase();
  if (whole.length === text.length && sameShape(text, whole)) {
    const from = new Array<number>(text.length);
    const to = new Array<number>(text.length);
    for (let i = 0; i < text.length; i++) {
      const high = text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff && i + 1 < text.length;
      from[i] = i;
      to[i] = high ? i + 2 : i + 1;
      if (high) {
        from[i + 1] = i;
        to[i + 1] = i + 2;
        i++;
      }
    }
    return { text: whole, from, to };
  }
  let out = "";
  const from: number[] = [];
  const to: number[] = [];
  for (const { segment, index } of graphemes.segment(text)) {
    const n = segment.normalize("NFKC").toLowerCase();
    out += n;
    for (let k = 0; k < n.length; k++) {
      from.push(index);
      to.push(index + segment.length);
    }
  }
  return { text: out, from, to };
}

// ---------------------------------------------------------------------------------------------
// Tokenisation

/** Atoms, tried at each position before ordinary words (on the normalised text). */
const ATOMS: [RegExp, (m: RegExpExecArray, original: string) => string | null][] = [
  [/net\.(?:ipv4|ipv6|core)\.([a-z0-9_]+)/y, (m) => m[1]],
  [/fin[\s_-]?wait[\s_-]?(1|2|one|two)\b/y, (m) => `fin_wait_${m[1] === "one" ? 1 : m[1] === "two" ? 2 : m[1]}`],
  [/fin[_-]wait\b/y, () => "fin_wait"],
  [/close[\s_-]?wait\b/y, () => "close_wait"],
  [/time[\s_-]?wait\b/y, () => "time_wait"],
  [/last[_-]ack\b/y, () => "last_ack"],
  [/syn[_-]sent\b/y, () => "syn_sent"],
  [/syn[_-](?:rcvd|recv|received|receive)\b/y, () => "syn_received"],
  [/syn\s*(?:[-+/,&]|and)?\s*ack\b/y, () => "syn_ack"],
  [/synack\b/y, () => "syn_ack"],
  [/(2|two)\s*[x×*]?\s*msl\b/y, () => "2msl"],
  [/(?:4|four)[\s-]?tuples?\b/y, () => "four_tuple"],
  [/recv[\s-]?q\b/y, () => "recv_q"],
  [/send[\s-]?q\b/y, () => "send_q"],
  [/([a-z_][a-z0-9_]*)\s*\(\s*\)/y, (m) => `${m[1]}()`],
  [/\+\s*1\b/y, () => "plus1"],
  [/[a-z0-9]+(?:_[a-z0-9]+)+/y, (m) => m[0]],
  [/(?:closed|listen|closing|established|estab)\b/y, (m, original) => (/^[A-Z]+$/.test(original) ? `st_${m[0] === "estab" ? "established" : m[0]}` : null)],
];

const WORD = /[a-z0-9]+(?:['’][a-z]+)?/y;
const NUMBER = /\d+(?:\.\d+)+/y;
const HAN = /\p{Script=Han}/u;
const SENTENCE_END = /[。！？；;!?\n]/;
const CLAUSE_END = /[,，:：（）]/;

const CONTRACTIONS: Record<string, string[]> = {
  "can't": ["can", "not"],
  "cannot": ["can", "not"],
  "won't": ["will", "not"],
  "shan't": ["shall", "not"],
  "ain't": ["is", "not"],
};

const stemCache = new Map<string, string>();
function stemWord(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = /^[a-z]+$/.test(w) && w.length > 3 ? stemmer(w) : w;
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

interface RawToken {
  t: string;
  /** offsets in the normalised text */
  a: number;
  b: number;
  han: boolean;
  /** the punctuation before this token: 0 none, 1 clause, 2 sentence */
  brk: 0 | 1 | 2;
}

/** Whether every code unit of `a` maps to the one at the same place in `b` (ASCII, or a 1:1 fold). */
function sameShape(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // a change at the same place must be a single-unit fold (case, full width), not a shift
    if ((x >= 0xd800 && x <= 0xdfff) !== (y >= 0xd800 && y <= 0xdfff)) return false;
    if (a[i].normalize("NFKC").toLowerCase() !== b[i]) return false;
  }
  return true;
}

/** Tokens of the normalised text, with the strongest punctuation break before each. */
function rawTokens(n: Normalized, original: string): RawToken[] {
  const s = n.text;
  const out: RawToken[] = [];
  let brk: 0 | 1 | 2 = 0;
  let depth = 0; // inside ASCII parentheses
  let i = 0;
  const push = (t: string, a: number, b: number, han = false) => {
    out.push({ t, a, b, han, brk });
    brk = 0;
  };
  outer: while (i < s.length) {
    const c = s[i];
    if (/[a-z0-9+]/.test(c)) {
      const prevWord = c !== "+" && i > 0 && /[a-z0-9_]/.test(s[i - 1]);
      if (!prevWord) {
        for (const [re, make] of ATOMS) {
          re.lastIndex = i;
          const m = re.exec(s);
          if (!m) continue;
          const orig = original.slice(n.from[i], n.to[i + m[0].length - 1]);
          const atom = make(m, orig);
          if (atom === null) continue;
          push(atom, i, i + m[0].length);
          i += m[0].length;
          continue outer;
        }
      }
      NUMBER.lastIndex = i;
      const num = NUMBER.exec(s);
      if (num) {
        push(num[0], i, i + num[0].length);
        i += num[0].length;
        continue;
      }
      WORD.lastIndex = i;
      const w = WORD.exec(s);
      if (w) {
        const word = w[0].replace(/’/g, "'");
        const a = i;
        const b = i + w[0].length;
        if (CONTRACTIONS[word]) for (const part of CONTRACTIONS[word]) push(part, a, b);
        else if (word.endsWith("n't")) {
          push(stemWord(word.slice(0, -3)), a, b);
          push("not", a, b);
        } else push(stemWord(word.replace(/'s$/, "")), a, b);
        i = b;
        continue;
      }
      i++; // a lone "+"
      continue;
    }
    if (HAN.test(c)) {
      push(c, i, i + 1, true);
      i++;
      continue;
    }
    if (c === "." && i + 1 < s.length && /[a-z0-9]/.test(s[i + 1]) && i > 0 && /[a-z0-9]/.test(s[i - 1])) {
      i++; // "e.g", "4.4" (numbers are taken above), "ss.c"
      continue;
    }
    if (c === "\n" && softWrap(s, i)) {
      i++; // a long line wrapped mid-sentence: the line break is a space
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    if (c === "." || SENTENCE_END.test(c)) {
      brk = 2;
      depth = 0;
    } else if (CLAUSE_END.test(c)) {
      if (brk < 1 && !(depth > 0 && c === ",")) brk = 1; // "min(backlog, somaxconn)" is one clause
    }
    else if (c === "、" || /\s/.test(c) || /[-_/·'’=&*~^|[\]{}<>#@"“”「」『』《》‘`()]/.test(c)) {
      /* spaces and connectors do not break */
    } else if (/[\p{L}\p{N}]/u.test(c)) {
      push(c, i, i + 1); // other scripts: one token per character
    } else if (brk < 1) brk = 1;
    i++;
  }
  return out;
}

/** Lines at least this long that end inside a sentence were wrapped, not ended, by the line break. */
const SOFT_WRAP_MIN = 50;

/**
 * Whether the line break at `i` only wraps a long line (text pasted from an editor or written with
 * hard wraps): the line before it is long and does not end a sentence or clause, and no blank line or
 * list marker follows. Short lines ("LISTEN 等 SYN\nSYN_SENT 等 SYN+ACK") stay separate sentences.
 */
function softWrap(s: string, i: number): boolean {
  const start = s.lastIndexOf("\n", i - 1) + 1;
  const line = s.slice(start, i).trimEnd();
  // after a comma the break continues the sentence (the comma already ended the clause)
  if (/[,，、:：]$/.test(line)) return s.slice(i + 1).trimStart().length > 0 && !s.slice(i + 1).startsWith("\n");
  if (line.length < SOFT_WRAP_MIN) return false;
  if (!/[\p{L}\p{N}\p{Script=Han})）"”']$/u.test(line)) return false;
  const next = s.slice(i + 1).trimStart();
  return next.length > 0 && !s.slice(i + 1).startsWith("\n") && !/^([-*•·]|\d+[.)、])/.test(next);
}

/** Offsets (in the normalised text) where a Chinese word starts, as Intl.Segmenter sees it. */
function wordStarts(text: string): Set<number> {
  const starts = new Set<number>();
  for (const seg of zhWords.segment(text)) if (seg.isWordLike) starts.add(seg.index);
  return starts;
}

/** Negators that, right before a thing, negate that thing only ("no data", "without state", "没有数据"). */
const DETERMINERS = new Set(["no", "without", "none", "noth", "nothing", "无"]);
/** Negators that, right after a verb, negate it ("consumes nothing", "stores none"). */
const POSTVERBAL = new Set(["noth", "nothing", "none", "nobodi", "nobody"]);

/** Tokenises a lexicon form (or a literal of a claim) into comparison tokens. */
export function formTokens(form: string): string[] {
  const n = normalizeMapped(form);
  return rawTokens(n, form).map((t) => t.t);
}

// ---------------------------------------------------------------------------------------------
// The lexicon as a token trie

interface Entry {
  concepts: string[];
  /** per concept: a negative form ("收不到") */
  negative: boolean[];
  /** "p" when any concept is a predicate, else "e"; or the function word's kind */
  kind: ConceptKind;
  singleHan: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: Entry;
}

let trie: TrieNode | null = null;
/** Forms (tokenised) → how many concepts; built once from LEXICON. */
function lexiconTrie(): TrieNode {
  if (trie) return trie;
  const root: TrieNode = { next: new Map() };
  for (const concept of LEXICON) {
    const add = (form: string, negative: boolean) => {
      const toks = formTokens(form);
      if (toks.length === 0) return;
      let node = root;
      for (const t of toks) {
        let child = node.next.get(t);
        if (!child) {
          child = { next: new Map() };
          node.next.set(t, child);
        }
        node = child;
      }
      const singleHan = toks.length === 1 && HAN.test(toks[0]);
      const content = (k: ConceptKind) => k === "e" || k === "p" || k === "a";
      if (node.entry) {
        const e = node.entry;
        if (content(e.kind) !== content(concept.kind) || (!content(e.kind) && e.kind !== concept.kind)) {
          throw new Error(`lexicon: form "${form}" is both ${e.kind} and ${concept.kind}`);
        }
        if (!e.concepts.includes(concept.id)) {
          e.concepts.push(concept.id);
          e.negative.push(negative);
          if (concept.kind === "p" || (concept.kind === "a" && e.kind === "e")) e.kind = concept.kind;
        }
      } else node.entry = { concepts: [concept.id], negative: [negative], kind: concept.kind, singleHan };
    };
    for (const f of concept.forms) add(f, false);
    for (const f of concept.negForms ?? []) add(f, true);
  }
  trie = root;
  return root;
}

// ---------------------------------------------------------------------------------------------
// Analysis

/** Smallest number read as an example sequence number (ISN 1000 … ack 1001), so that 1, 2, 4, 8 is not. */
const EXAMPLE_SEQ_MIN = 100;

/**
 * Worked examples with concrete numbers ("ISN 1000 … ack 1001") state "+1" without writing it: a
 * number that is one more than an example sequence number earlier in the answer counts as `plus-one`.
 */
function addSuccessorNumbers(tokens: Token[], units: Unit[]): void {
  const seen = new Set<number>();
  tokens.forEach((t, i) => {
    if (!/^\d+$/.test(t.t)) return;
    const n = Number(t.t);
    if (n - 1 >= EXAMPLE_SEQ_MIN && seen.has(n - 1) && !units.some((u) => u.first <= i && i < u.last)) {
      units.push({ concepts: ["plus-one"], kind: "e", start: t.start, end: t.end, first: i, last: i + 1, sentence: t.sentence, clause: t.clause, negated: false, negatedEach: [false] });
    }
    seen.add(n);
  });
}

export function analyze(text: string): Analysis {
  const n = normalizeMapped(text);
  const raw = rawTokens(n, text);
  const starts = raw.some((t) => t.han) ? wordStarts(n.text) : new Set<number>();

  // Runs (no punctuation between tokens), sentences, clauses.
  const tokens: Token[] = [];
  let run = 0;
  let sentence = 0;
  let clause = 0;
  raw.forEach((r, i) => {
    if (i > 0 && r.brk > 0) {
      run++;
      clause++;
      if (r.brk === 2) sentence++;
    }
    tokens.push({ t: r.t, start: n.from[r.a], end: n.to[r.b - 1], run, sentence, clause });
  });

  // Forward maximum matching against the lexicon.
  const root = lexiconTrie();
  const matched: { first: number; last: number; entry: NonNullable<TrieNode["entry"]> }[] = [];
  for (let i = 0; i < tokens.length; ) {
    let node: TrieNode | undefined = root;
    let best: { last: number; entry: NonNullable<TrieNode["entry"]> } | null = null;
    for (let j = i; j < tokens.length && node; j++) {
      if (j > i && tokens[j].run !== tokens[i].run) break;
      node = node.next.get(tokens[j].t);
      if (node?.entry) {
        // one Han character must begin a word (旧 not in 依旧); negators (不, 没) are kept apart by blockers instead
        if (node.entry.singleHan && node.entry.kind !== "neg" && !starts.has(raw[i].a)) continue;
        best = { last: j + 1, entry: node.entry };
      }
    }
    if (best) {
      matched.push({ first: i, last: best.last, entry: best.entry });
      i = best.last;
    } else i++;
  }

  // Clause words (because, but, 因为, 但是 …) open a new clause where they stand.
  const cboundStarts = new Set(matched.filter((m) => m.entry.kind === "cbound").map((m) => m.first));
  let c = 0;
  let prevRaw = tokens.length ? tokens[0].clause : 0;
  for (let i = 0; i < tokens.length; i++) {
    const rawClause = tokens[i].clause;
    if (i > 0 && (rawClause !== prevRaw || cboundStarts.has(i))) c++;
    prevRaw = rawClause;
    tokens[i].clause = c;
  }

  // Units with negation: a negator negates the next predicate of its clause and the entities before it.
  const units: Unit[] = [];
  let pending = 0;
  let lastNegEnd = 0;
  let currentClause = -1;
  /** a determiner negator ("no", "without", "无", "没有") right before a thing negates only that thing */
  let determiner: { last: number } | null = null;
  let compoundAfter = -1;
  for (const m of matched) {
    const t = tokens[m.first];
    if (t.clause !== currentClause) {
      currentClause = t.clause;
      pending = 0;
    }
    const { kind } = m.entry;
    if (kind === "neg") {
      // "a bare ACK consumes nothing": a pronoun negator right after a predicate negates that predicate
      const prev = units[units.length - 1];
      const word = tokens.slice(m.first, m.last).map((x) => x.t).join(" ");
      if (POSTVERBAL.has(word) && prev && (prev.kind === "p" || prev.kind === "a") && prev.last === m.first && prev.clause === t.clause) {
        const flipped = prev.negatedEach.map((n) => !n);
        units[units.length - 1] = { ...prev, negatedEach: flipped, negated: flipped.some((x) => x) };
        determiner = null;
        continue;
      }
      // "不建半连接、不存任何状态": a negation that met no predicate does not reach across "、" to
      // cancel the next item's own negation
      if (pending > 0 && text.slice(lastNegEnd, t.start).includes("、")) pending = 0;
      lastNegEnd = tokens[m.last - 1].end;
      pending++;
      determiner = DETERMINERS.has(tokens.slice(m.first, m.last).map((x) => x.t).join(" ")) ? { last: m.last } : null;
      continue;
    }
    const consumed = kind === "e" && determiner !== null && determiner.last === m.first;
    // "no kernel timeout": the determiner also negates a word compounded right after its noun
    const compound = compoundAfter === m.first;
    determiner = null;
    compoundAfter = consumed ? m.last : -1;
    const odd = pending % 2 === 1 || compound;
    if (consumed) pending--;
    const negatedEach = m.entry.negative.map((n) => n !== odd);
    const unit: Unit = {
      concepts: m.entry.concepts,
      kind,
      start: t.start,
      end: tokens[m.last - 1].end,
      first: m.first,
      last: m.last,
      sentence: t.sentence,
      clause: t.clause,
      negated: negatedEach.some((x) => x),
      negatedEach,
    };
    if (kind === "p") pending = 0;
    if (kind !== "block" && kind !== "cbound") units.push(unit);
  }
  addSuccessorNumbers(tokens, units);
  units.sort((x, y) => x.first - y.first);
  return { text, tokens, units, sentences: tokens.length ? tokens[tokens.length - 1].sentence + 1 : 0 };
}
