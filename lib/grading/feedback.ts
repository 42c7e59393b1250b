/**
 * What the learner sees of a graded open answer (pure): the answer cut into marked pieces (words that
 * made a key point, words that asserted a wrong claim), each key point found with its words, each
 * missed one with the interviewer's follow-up, and each misconception with its correction and source.
 * Practice and the mock report both render this, so they show the same thing.
 */
import type { GradeResult, Verdict } from "./claims";
import type { Lang, Span } from "./types";

export interface MarkedSegment {
  text: string;
  mark: "none" | "point" | "wrong";
}

export interface ItemForFeedback {
  keyPoints: readonly { id: string; label: { zh: string; en: string }; ask: { zh: string; en: string }; optional?: boolean }[];
  misconceptions: readonly {
    id: string;
    label: { zh: string; en: string };
    correction: { zh: string; en: string };
    references: readonly { source: string; section?: string; key?: string; url?: string }[];
  }[];
}

export interface OpenFeedback {
  verdict: Verdict;
  coverage: number;
  segments: MarkedSegment[];
  matched: { id: string; label: string; words: string[] }[];
  missed: { id: string; label: string; ask: string; optional: boolean }[];
  misconceptions: { id: string; label: string; correction: string; sources: { text: string; url?: string }[]; words: string[] }[];
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Cuts the answer at every span boundary; "wrong" wins over "point" where they overlap. */
export function markAnswer(answer: string, points: readonly Span[], wrong: readonly Span[]): MarkedSegment[] {
  const n = answer.length;
  const clamp = (x: number) => Math.max(0, Math.min(n, Math.round(x)));
  const cuts = new Set<number>([0, n]);
  for (const [s, e] of [...points, ...wrong]) {
    cuts.add(clamp(s));
    cuts.add(clamp(e));
  }
  const sorted = [...cuts].filter((c) => !(c > 0 && c < n && isHigh(answer.charCodeAt(c - 1)))).sort((a, b) => a - b);
  const inside = (spans: readonly Span[], a: number, b: number) => spans.some(([s, e]) => clamp(s) <= a && b <= clamp(e));
  const out: MarkedSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    if (b <= a) continue;
    const mark: MarkedSegment["mark"] = inside(wrong, a, b) ? "wrong" : inside(points, a, b) ? "point" : "none";
    const last = out[out.length - 1];
    if (last && last.mark === mark) last.text += answer.slice(a, b);
    else out.push({ text: answer.slice(a, b), mark });
  }
  return out;
}

export function referenceText(r: { source: string; section?: string; key?: string }): string {
  return [r.source, r.section ? `§${r.section}` : "", r.key ?? ""].filter(Boolean).join(" ");
}

export function openFeedback(item: ItemForFeedback, answer: string, r: GradeResult, lang: Lang): OpenFeedback {
  const words = (spans: readonly Span[]) => spans.map(([s, e]) => answer.slice(s, e));
  return {
    verdict: r.verdict,
    coverage: r.coverage,
    segments: markAnswer(answer, r.matched.flatMap((m) => m.spans), r.misconceptions.flatMap((m) => m.spans)),
    matched: r.matched.map((m) => {
      const k = item.keyPoints.find((p) => p.id === m.id);
      return { id: m.id, label: k ? k.label[lang] : m.id, words: words(m.spans) };
    }),
    missed: r.missed.map((id) => {
      const k = item.keyPoints.find((p) => p.id === id);
      return { id, label: k ? k.label[lang] : id, ask: k ? k.ask[lang] : "", optional: !!k?.optional };
    }),
    misconceptions: r.misconceptions.map((m) => {
      const c = item.misconceptions.find((x) => x.id === m.id);
      return {
        id: m.id,
        label: c ? c.label[lang] : m.id,
        correction: c ? c.correction[lang] : "",
        sources: (c?.references ?? []).map((ref) => ({ text: referenceText(ref), url: ref.url })),
        words: words(m.spans),
      };
    }),
  };
}
