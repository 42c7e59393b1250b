/**
 * Scoring one answer of a mock interview (pure; the engine and the key-point matcher do the
 * checking, on the server).
 *
 * - Spoken question (opening, deeper): graded by lib/grading's gradeItem (the same claim grader as
 *   practice): score = key-point coverage = matched / all key points of the question, halved when
 *   the answer asserts one of the item's misconceptions. An empty answer scores 0.
 * - Probe: score = coverage of the key points that were still missed when the probe was asked.
 * - Challenge (the interviewer pressing on a wrong claim): scored like a probe on the points still
 *   missed (1 when none were), halved when the answer asserts the wrong claim again.
 * - Ladder: score = correct cells / all cells; a row's cells are its flags, seq, ack and both
 *   sides' states after it. Flags compare as sets, written as tcpdump prints them ("S.", "F.")
 *   or as names ("SYN+ACK", "FIN, ACK"); an absent ack is left empty (or "-") in a row whose
 *   flags were filled in.
 * - State: score = ½ for the right next state (or "refused" when the RFC rejects the event)
 *   + ½ for exactly the segments the RFC sends.
 * - Trace: both states after the line (½ each), or the first impossible line (all or nothing;
 *   "every line can happen" is a choice).
 * - Calc (a transfer item's numbers): score = right values / values asked, each compared as a number
 *   with the calculator's (within the field's tolerance, as in practice), a phase by its id.
 */
import { gradeItem } from "@/lib/grading/grade";
import type { KeyPointMatch, Lang } from "@/lib/grading";
import type { Item } from "@/lib/content/schema";
import { SEND_KINDS, TCP_STATES, type Bilingual, type SendKind } from "@/lib/tcp";
import type { TraceAnswer } from "@/lib/grading/engine-answers";
import { stateAnswerOf } from "./state-answer";
import { transferFieldCorrect, type TransferInstance } from "@/lib/content/transfer";
import type { LadderInstance } from "./items";

export const LADDER_FIELDS = ["flags", "seq", "ack", "client", "server"] as const;
export type LadderField = (typeof LADDER_FIELDS)[number];

/** What a worked turn's form sends: field name → value (see fieldName). */
export type Fields = Record<string, string>;

export function fieldName(row: number, field: LadderField): string {
  return `r${row}.${field}`;
}

interface Common {
  /** time spent on the answer, ms (the candidate's clock, bounded by the server) */
  elapsedMs: number;
  /** submitted because the interview's time ran out */
  timeUp?: boolean;
}

export type TurnResult =
  | (Common & {
      mode: "talk";
      coverage: number;
      scored: string[];
      matched: KeyPointMatch[];
      missed: string[];
      misconceptions?: KeyPointMatch[];
      verdict?: "correct" | "partial" | "incorrect";
      /** key points the candidate disputed and the interview accepted (counted as made) */
      accepted?: string[];
    })
  | (Common & { mode: "ladder"; correct: number; total: number; cells: { row: number; field: LadderField; expected: string; given: string; ok: boolean }[] })
  | (Common & {
      mode: "state";
      expected: { next: string; send: string[] };
      given: { next: string; send: string[] };
      stateOk: boolean;
      sendOk: boolean;
      rule: string;
      reason: Bilingual;
    })
  | (Common & { mode: "trace"; kind: "states"; expected: { client: string; server: string }; given: { client: string; server: string }; ok: [boolean, boolean] })
  | (Common & { mode: "trace"; kind: "impossible"; expected: number | null; given: number | null; ok: boolean })
  | (Common & {
      mode: "calc";
      correct: number;
      total: number;
      /** per value asked: its label, the calculator's value (a phase as its id), what was entered */
      cells: { key: string; label: Bilingual; kind: "number" | "phase" | "choice"; expected: string; given: string; ok: boolean }[];
      /** the drawn parameters and the worked arithmetic, as the practice page shows them */
      given: Bilingual[];
      steps: Bilingual[];
    });

export function scoreOf(r: TurnResult): number {
  switch (r.mode) {
    case "talk":
      return r.coverage * (r.misconceptions && r.misconceptions.length > 0 ? 0.5 : 1);
    case "ladder":
      return r.total === 0 ? 0 : r.correct / r.total;
    case "state":
      return (r.stateOk ? 0.5 : 0) + (r.sendOk ? 0.5 : 0);
    case "trace":
      return r.kind === "states" ? (r.ok[0] ? 0.5 : 0) + (r.ok[1] ? 0.5 : 0) : r.ok ? 1 : 0;
    case "calc":
      return r.total === 0 ? 0 : r.correct / r.total;
  }
}

/**
 * A spoken answer, scored on `scored` key points (all of the item's, or the missed ones for a probe or
 * a challenge; an empty list scores 1 unless the answer asserts a misconception).
 */
export function gradeTalk(item: Item, answer: string, lang: Lang, scored: readonly string[] | null, elapsedMs: number): TurnResult {
  const ids = scored ?? item.keyPoints.map((k) => k.id);
  const points = item.keyPoints.filter((k) => ids.includes(k.id));
  if (answer.trim() === "") {
    return { mode: "talk", coverage: 0, scored: points.map((p) => p.id), matched: [], missed: points.map((p) => p.id), misconceptions: [], verdict: "incorrect", elapsedMs };
  }
  const r = gradeItem({ id: item.id, keyPoints: points, misconceptions: item.misconceptions }, answer, lang);
  const coverage = points.length === 0 ? 1 : r.coverage;
  return { mode: "talk", coverage, scored: points.map((p) => p.id), matched: r.matched, missed: r.missed, misconceptions: r.misconceptions, verdict: r.verdict, elapsedMs };
}

/** A talk result with a disputed missed point counted as made (coverage recomputed; the point is listed as accepted). */
export function acceptDisputedPoint(r: Extract<TurnResult, { mode: "talk" }>, point: string): Extract<TurnResult, { mode: "talk" }> {
  if (!r.missed.includes(point)) return r;
  const matched = [...r.matched, { id: point, spans: [] }];
  const missed = r.missed.filter((p) => p !== point);
  const total = r.scored.length;
  return { ...r, matched, missed, coverage: total === 0 ? 1 : matched.length / total, accepted: [...(r.accepted ?? []), point] };
}

const FLAG_NAMES: Record<string, string> = { SYN: "S", FIN: "F", RST: "R", PSH: "P", ACK: ".", URG: "U", ECE: "E", CWR: "W" };

/** The set of flags written in tcpdump notation ("S.", "FP.") or as names ("SYN+ACK", "fin, ack"), as a canonical string. */
export function normalizeFlags(text: string): string {
  const up = text.trim().toUpperCase();
  const set = new Set<string>();
  const words = up.match(/[A-Z]{3}/g);
  if (words && words.every((w) => w in FLAG_NAMES) && /^[A-Z\s,+/&\-|]*$/.test(up)) {
    for (const w of words) set.add(FLAG_NAMES[w]);
  } else {
    for (const ch of up.replace(/[\s[\]]/g, "")) {
      if ("SFRPUEW.".includes(ch)) set.add(ch);
      else return `?${up}`;
    }
  }
  return ["S", "F", "R", "P", "U", "E", "W", "."].filter((f) => set.has(f)).join("");
}

function parseNumber(text: string): number | null {
  const t = text.trim().replace(/[\s,_]/g, "");
  if (t === "" || t === "-" || /^(none|null|无|—)$/i.test(t)) return null;
  if (!/^\d+$/.test(t)) return NaN;
  return Number(t);
}

export function gradeLadder(ladder: LadderInstance, fields: Fields, elapsedMs: number): TurnResult {
  const cells: Extract<TurnResult, { mode: "ladder" }>["cells"] = [];
  ladder.rows.forEach((row, i) => {
    for (const field of LADDER_FIELDS) {
      const given = (fields[fieldName(i, field)] ?? "").trim();
      let expected: string;
      let ok: boolean;
      if (field === "flags") {
        expected = row.flags;
        ok = given !== "" && normalizeFlags(given) === normalizeFlags(row.flags);
      } else if (field === "seq" || field === "ack") {
        const v = field === "seq" ? row.seq : row.ack;
        expected = v === null ? "—" : String(v);
        const n = parseNumber(given);
        // An absent ack is right when left empty, but only in a row the candidate filled in:
        // an untouched form scores nothing.
        const rowFilled = (fields[fieldName(i, "flags")] ?? "").trim() !== "";
        ok = v === null ? n === null && rowFilled : n === v;
      } else {
        expected = row[field];
        ok = given === row[field];
      }
      cells.push({ row: i, field, expected, given, ok });
    }
  });
  return { mode: "ladder", correct: cells.filter((c) => c.ok).length, total: cells.length, cells, elapsedMs };
}

export function sendField(kind: SendKind): string {
  return `send.${kind}`;
}

export function gradeState(item: Item, fields: Fields, elapsedMs: number): TurnResult {
  const answer = stateAnswerOf(item);
  const expectedNext = answer.ok ? answer.next : "REFUSED";
  const expectedSend = [...answer.send].sort();
  const givenNext = (fields.next ?? "").trim();
  const givenSend = SEND_KINDS.filter((k) => fields[sendField(k)] === "on" || fields[sendField(k)] === "1").sort();
  return {
    mode: "state",
    expected: { next: expectedNext, send: expectedSend },
    given: { next: givenNext, send: givenSend },
    stateOk: givenNext === expectedNext,
    sendOk: givenSend.join(",") === expectedSend.join(","),
    rule: answer.rule,
    reason: answer.ok ? answer.reason : answer.message,
    elapsedMs,
  };
}

export function gradeTrace(answer: TraceAnswer, fields: Fields, elapsedMs: number): TurnResult {
  if (answer.kind === "states") {
    const given = { client: (fields.client ?? "").trim(), server: (fields.server ?? "").trim() };
    return {
      mode: "trace",
      kind: "states",
      expected: { client: answer.client, server: answer.server },
      given,
      ok: [given.client === answer.client, given.server === answer.server],
      elapsedMs,
    };
  }
  const raw = (fields.line ?? "").trim();
  const given = raw === "none" ? null : /^\d+$/.test(raw) ? Number(raw) : NaN;
  return {
    mode: "trace",
    kind: "impossible",
    expected: answer.line,
    given: Number.isNaN(given) ? null : given,
    ok: raw !== "" && !Number.isNaN(given) && given === answer.line,
    elapsedMs,
  };
}

/** A number as typed: digits with an optional decimal point ("1 200", "1,200" and "1_200" group thousands); null for anything else. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(/[\s,_]/g, "");
  if (!/^-?\d{1,15}(\.\d{1,9})?$/.test(t)) return null;
  return Number(t);
}

export function gradeCalc(inst: TransferInstance, fields: Fields, elapsedMs: number): TurnResult {
  const cells = inst.fields.map((f) => {
    const given = (fields[f.key] ?? "").trim();
    const expected = inst.expected[f.key];
    const value = f.kind === "phase" ? given : parseDecimal(given);
    const ok = given !== "" && value !== null && transferFieldCorrect(f, expected, value);
    return { key: f.key, label: f.label, kind: f.kind, expected: String(expected), given, ok };
  });
  return { mode: "calc", correct: cells.filter((c) => c.ok).length, total: cells.length, cells, given: inst.given, steps: inst.steps, elapsedMs };
}

/** Whether a value names a TCP state (for validating form input). */
export function isStateName(v: string): boolean {
  return (TCP_STATES as readonly string[]).includes(v);
}
