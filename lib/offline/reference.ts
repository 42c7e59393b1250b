/**
 * What Check shows offline: the model answer of the showing (the server graded a blank answer
 * while online, lib/server/practice-offline.ts), with nothing that would pass for a verdict on
 * the learner's answer. The comparisons the page makes itself (components/practice/your-answer.tsx:
 * options, order, state, values, trace lines) are exact, so they stay; the open answer's
 * feedback and the transfer fields' marks were about the blank answer, so they become plain text.
 */
import type { CheckResult } from "@/lib/grading/practice";

export function offlineResult(reference: CheckResult): CheckResult {
  const base = { ...reference, correct: null, suggested: null };
  const d = reference.detail;
  switch (d.type) {
    case "open":
      return { ...base, detail: { type: "none" }, answer: [reference.answer, ...d.missed.map((m) => `• ${m.label}`)].filter(Boolean).join("\n") };
    case "transfer":
      return { ...base, detail: { type: "none" }, answer: [reference.answer, ...d.fields.map((f) => `${f.label}: ${f.expected}`), ...d.steps].filter(Boolean).join("\n") };
    case "trace":
      return { ...base, detail: { ...d, problems: [] } };
    default:
      return base;
  }
}
