/**
 * The report of a finished (or running) mock interview as plain data (pure): what the report page
 * and the Markdown export both show. See report.ts for the figures' definitions.
 */
import type { Item } from "@/lib/content/schema";
import { topicById } from "@/lib/content/topics";
import { type HighlightSegment, type Lang } from "@/lib/grading";
import { markAnswer, referenceText } from "@/lib/grading/feedback";
import { scoreOf, type TurnResult } from "./grade";
import type { Mode, TurnKind } from "./policy";
import { overallScore, poorItems, recommendedMs, scoreChange, topicScores, totalElapsed, type ScoredTurn } from "./report";

export interface Dispute {
  point: string;
  note: string;
  at: string;
}

export interface TurnRecord {
  /** the stored turn's id, when there is one */
  id?: string;
  index: number;
  itemId: string;
  kind: TurnKind;
  probe: string[] | null;
  answer: string | null;
  result: TurnResult | null;
  disputes: Dispute[];
}

export interface InterviewRecord {
  id: string;
  lengthMinutes: number;
  focus: string;
  lang: Lang;
  startedAt: Date;
  endedAt: Date | null;
  status: string;
}

export interface ReportTurn {
  id: string | null;
  index: number;
  itemId: string;
  topic: string;
  kind: TurnKind;
  mode: Mode;
  question: string;
  probeCount: number;
  answer: string | null;
  /** the answer cut into pieces: words that made a key point (`matched`) or a wrong claim (`wrong`) */
  segments: (HighlightSegment & { wrong?: boolean })[];
  score: number | null;
  elapsedMs: number;
  recommendedMs: number;
  over: boolean;
  result: TurnResult | null;
  matchedLabels: string[];
  missed: { id: string; label: string; disputes: Dispute[] }[];
  /** missed key points the candidate disputed and the interview counted, with the note */
  acceptedDisputes: { id: string; label: string; note: string }[];
  /** wrong claims the answer made (the claim grader's misconceptions), with their correction and source */
  misconceptions: { id: string; label: string; correction: string; sources: { text: string; url?: string }[]; words: string[] }[];
}

export interface ReportModel {
  interview: InterviewRecord;
  overall: number | null;
  previous: number | null;
  change: number | null;
  totalMs: number;
  topics: { topic: string; name: string; score: number; turns: number }[];
  turns: ReportTurn[];
  /** per question, what is still missed at the end, beside its model answer */
  missed: { itemId: string; question: string; points: ReportTurn["missed"]; model: string | null; worked: ReportTurn | null }[];
  due: { itemId: string; question: string }[];
}

export function modeOfResult(r: TurnResult | null, kind: TurnKind): Mode {
  if (r) return r.mode;
  return kind === "worked" ? "ladder" : "talk";
}

export function parseResult(json: string | null): TurnResult | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as TurnResult;
  } catch {
    return null;
  }
}

export function parseDisputes(json: string | null): Dispute[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as Dispute[]) : [];
  } catch {
    return [];
  }
}

export function buildReport(
  interview: InterviewRecord,
  turns: readonly TurnRecord[],
  items: ReadonlyMap<string, Item>,
  previous: number | null,
): ReportModel {
  const lang = interview.lang;
  const probeCounts = new Map<string, number>();
  const rows: ReportTurn[] = [];
  for (const t of [...turns].sort((a, b) => a.index - b.index)) {
    const item = items.get(t.itemId);
    const topic = item?.topic ?? "";
    const mode = modeOfResult(t.result, t.kind);
    const probeCount = t.kind === "probe" ? (probeCounts.get(t.itemId) ?? 0) + 1 : 0;
    if (t.kind === "probe") probeCounts.set(t.itemId, probeCount);
    const answered = t.result !== null;
    const label = (id: string) => item?.keyPoints.find((k) => k.id === id)?.label[lang] ?? id;
    const talk = t.result?.mode === "talk" ? t.result : null;
    const spans = talk ? talk.matched.flatMap((m) => m.spans) : [];
    const rec = recommendedMs(mode, t.kind, {
      keyPoints: item?.keyPoints.length,
      rows: t.result?.mode === "ladder" ? t.result.total / 5 : t.result?.mode === "calc" ? t.result.total : undefined,
    });
    const elapsedMs = t.result?.elapsedMs ?? 0;
    rows.push({
      id: t.id ?? null,
      index: t.index,
      itemId: t.itemId,
      topic,
      kind: t.kind,
      mode,
      question: item?.prompt[lang] ?? t.itemId,
      probeCount,
      answer: t.answer,
      segments:
        talk && t.answer
          ? markAnswer(t.answer, spans, (talk.misconceptions ?? []).flatMap((m) => m.spans)).map((x) => ({ text: x.text, matched: x.mark === "point", wrong: x.mark === "wrong" }))
          : t.answer
            ? [{ text: t.answer, matched: false }]
            : [],
      score: answered ? scoreOf(t.result!) : null,
      elapsedMs,
      recommendedMs: rec,
      over: answered && elapsedMs > rec,
      result: t.result,
      matchedLabels: talk ? talk.matched.filter((m) => !(talk.accepted ?? []).includes(m.id)).map((m) => label(m.id)) : [],
      missed: talk ? talk.missed.map((id) => ({ id, label: label(id), disputes: t.disputes.filter((d) => d.point === id) })) : [],
      acceptedDisputes: (talk?.accepted ?? []).map((id) => ({ id, label: label(id), note: t.disputes.find((d) => d.point === id)?.note ?? "" })),
      misconceptions: (talk?.misconceptions ?? []).map((m) => {
        const c = item?.misconceptions.find((x) => x.id === m.id);
        return {
          id: m.id,
          label: c?.label[lang] ?? m.id,
          correction: c?.correction[lang] ?? "",
          sources: (c?.references ?? []).map((r) => ({ text: referenceText(r), url: r.url })),
          words: t.answer ? m.spans.map(([a, b]) => t.answer!.slice(a, b)) : [],
        };
      }),
    });
  }
  const scored: ScoredTurn[] = rows.map((r) => ({ index: r.index, itemId: r.itemId, topic: r.topic, kind: r.kind, mode: r.mode, score: r.score, elapsedMs: r.elapsedMs }));
  const overall = overallScore(scored);

  // What is still missed per question: the last answered spoken turn on it says so.
  const missed: ReportModel["missed"] = [];
  const order = [...new Set(rows.filter((r) => r.score !== null).map((r) => r.itemId))];
  for (const itemId of order) {
    const item = items.get(itemId);
    const on = rows.filter((r) => r.itemId === itemId && r.score !== null);
    const last = on[on.length - 1];
    // A dispute made on any answer to the question stays with the point.
    const stillMissed = last.mode === "talk" ? last.missed.map((p) => ({ ...p, disputes: on.flatMap((r) => r.missed.filter((x) => x.id === p.id).flatMap((x) => x.disputes)) })) : [];
    const workedWrong = last.mode !== "talk" && (last.score ?? 0) < 1 ? last : null;
    if (stillMissed.length === 0 && !workedWrong) continue;
    missed.push({ itemId, question: item?.prompt[lang] ?? itemId, points: stillMissed, model: item?.answer?.[lang] ?? null, worked: workedWrong });
  }

  return {
    interview,
    overall,
    previous,
    change: scoreChange(overall, previous),
    totalMs: totalElapsed(scored),
    topics: topicScores(scored).map((s) => ({ ...s, name: topicById(s.topic)?.name[lang] ?? s.topic })),
    turns: rows,
    missed,
    due: poorItems(scored).map((itemId) => ({ itemId, question: items.get(itemId)?.prompt[lang] ?? itemId })),
  };
}
