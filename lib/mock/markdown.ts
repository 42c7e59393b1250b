/**
 * The report as Markdown, for export (pure). The candidate's own text (answers, dispute notes) is
 * quoted so that it can never turn into Markdown structure: answers in fenced blocks whose fence is
 * longer than any run of backticks inside, notes with Markdown's special characters escaped.
 */
import type { MockStrings } from "@/lib/i18n/features/mock";
import { format } from "@/lib/i18n/dictionaries";
import { formatClock } from "./limits";
import { PHASE_LABELS } from "@/lib/content/transfer";
import type { Phase } from "@/lib/tcp/transfer";
import type { ReportModel, ReportTurn } from "./model";

/** Backslash-escapes Markdown's inline syntax and folds line breaks, for user text on one line. */
export function escapeInline(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/([\\`*_{}[\]()<>#+\-.!|~])/g, "\\$1");
}

/** A fenced code block that the text cannot close early. */
export function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(Math.max(3, longest + 1));
  return `${f}text\n${text}\n${f}`;
}

function cell(text: string): string {
  return escapeHtml(text).replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/**
 * Backslash-escapes `<`, `>` and `&` (CommonMark: a literal character), so that stored text can
 * never become HTML in a viewer that renders Markdown, while the rest of its Markdown still reads.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[\\<>&]/g, "\\$&");
}

export interface MarkdownContext {
  t: MockStrings;
  focusName: string;
  langName: string;
  date: string;
  topicName: (id: string) => string;
}

function workedSummary(turn: ReportTurn, t: MockStrings, lang: "zh" | "en"): string[] {
  const r = turn.result;
  if (!r || r.mode === "talk") return [];
  if (r.mode === "ladder") {
    const wrong = r.cells.filter((c) => !c.ok);
    return [
      format(t.worked.cells, { correct: r.correct, total: r.total }),
      ...wrong.map((c) => `- #${c.row + 1} ${escapeInline(String(c.field))}: ${t.worked.expected} ${escapeInline(String(c.expected))}, ${t.worked.given} ${c.given === "" ? "—" : escapeInline(String(c.given))}`),
    ];
  }
  if (r.mode === "calc") {
    return [
      format(t.worked.cells, { correct: r.correct, total: r.total }),
      ...r.given.map((g) => `- ${escapeInline(g[lang])}`),
      ...r.cells.map((c) => `- ${escapeInline(c.label[lang])}: ${t.worked.expected} ${escapeInline(c.kind === "phase" ? PHASE_LABELS[c.expected as Phase][lang] : c.expected)}, ${t.worked.given} ${c.given === "" ? "—" : escapeInline(c.given)}`),
      ...r.steps.map((s) => `  - ${escapeInline(s[lang])}`),
    ];
  }
  if (r.mode === "state") {
    const send = (s: string[]) => (s.length ? escapeInline(s.join(", ")) : t.worked.nothing);
    return [
      `- ${t.worked.expected}: ${escapeInline(r.expected.next)}; ${send(r.expected.send)}`,
      `- ${t.worked.given}: ${r.given.next ? escapeInline(r.given.next) : "—"}; ${send(r.given.send)}`,
      `- ${escapeInline(r.rule)}`,
    ];
  }
  if (r.kind === "states") {
    return [
      `- ${t.worked.expected}: client ${escapeInline(r.expected.client)}, server ${escapeInline(r.expected.server)}`,
      `- ${t.worked.given}: client ${r.given.client ? escapeInline(r.given.client) : "—"}, server ${r.given.server ? escapeInline(r.given.server) : "—"}`,
    ];
  }
  const line = (n: number | null) => (n === null ? t.worked.everyLine : format(t.worked.line, { n }));
  return [`- ${t.worked.expected}: ${line(r.expected)}`, `- ${t.worked.given}: ${line(r.given)}`];
}

export function reportMarkdown(m: ReportModel, ctx: MarkdownContext): string {
  const { t } = ctx;
  const out: string[] = [];
  out.push(`# ${t.report.title}`, "");
  out.push(format(t.report.meta, { length: m.interview.lengthMinutes, focus: ctx.focusName, lang: ctx.langName, date: ctx.date }), "");
  out.push(`## ${t.report.overall}: ${m.overall === null ? t.report.noScore : `${m.overall} / 100`}`, "");
  if (m.change === null) out.push(t.report.firstMock);
  else
    out.push(
      `${t.report.change}: ${m.change > 0 ? format(t.report.up, { n: m.change }) : m.change < 0 ? format(t.report.down, { n: -m.change }) : t.report.same}`,
    );
  out.push("", format(t.report.totalTime, { time: formatClock(m.totalMs) }), "");

  out.push(`## ${t.report.perTopic}`, "", `| ${t.report.topic} | ${t.report.turns} | ${t.history.score} |`, "| --- | ---: | ---: |");
  for (const s of m.topics) out.push(`| ${cell(s.name)} | ${s.turns} | ${s.score} |`);
  out.push("");

  out.push(`## ${t.report.timing}`, "", `| # | ${t.report.question} | ${t.report.kind} | ${t.report.time} | ${t.report.recommended} | ${t.history.score} |`, "| ---: | --- | --- | ---: | ---: | ---: |");
  for (const r of m.turns) {
    const q = r.question.length > 60 ? `${r.question.slice(0, 59)}…` : r.question;
    out.push(
      `| ${r.index + 1} | ${cell(q)} | ${t.interview.kinds[r.kind]} | ${formatClock(r.elapsedMs)}${r.over ? ` (${t.report.over})` : ""} | ${formatClock(r.recommendedMs)} | ${r.score === null ? "—" : Math.round(r.score * 100)} |`,
    );
  }
  out.push("");

  out.push(`## ${t.report.missedHeading}`, "");
  if (m.missed.length === 0) out.push(t.report.missedNone, "");
  for (const q of m.missed) {
    out.push(`### ${cell(q.question)}`, "");
    for (const p of q.points) {
      out.push(`- ${t.interview.missed}: ${escapeInline(p.label)}`);
      for (const d of p.disputes) out.push(`  - ${format(t.dispute.disputed, { note: escapeInline(d.note) })}`);
    }
    if (q.worked) out.push(...workedSummary(q.worked, t, m.interview.lang));
    if (q.model) out.push("", `**${t.report.modelAnswer}**`, "", ...q.model.trim().split("\n").map((l) => `> ${escapeHtml(l)}`));
    out.push("");
  }

  out.push(`## ${t.report.dueHeading}`, "");
  if (m.due.length === 0) out.push(t.report.dueNone);
  else out.push(t.report.dueExplain, "", ...m.due.map((d) => `- ${escapeInline(d.question)}`));
  out.push("");

  out.push(`## ${t.report.answers}`, "");
  for (const r of m.turns) {
    out.push(`### ${r.index + 1}. ${t.interview.kinds[r.kind]} · ${escapeInline(ctx.topicName(r.topic))}`, "");
    out.push(`**${t.interview.interviewer}:** ${escapeInline(r.question)}`, "");
    if (r.result?.mode === "talk" || r.result === null) {
      out.push(`**${t.interview.you}:**`, "", fence(r.answer && r.answer.trim() !== "" ? r.answer : t.interview.emptyAnswer), "");
    }
    if (r.score !== null) out.push(format(t.interview.score, { score: Math.round(r.score * 100) }) + ` · ${format(t.interview.answered, { time: formatClock(r.elapsedMs) })}`, "");
    if (r.matchedLabels.length) out.push(`- ${t.interview.matched}: ${escapeInline(r.matchedLabels.join("; "))}`);
    if (r.missed.length) out.push(`- ${t.interview.missed}: ${escapeInline(r.missed.map((p) => p.label).join("; "))}`);
    for (const p of r.missed) for (const d of p.disputes) out.push(`  - ${escapeInline(p.label)}: ${format(t.dispute.disputed, { note: escapeInline(d.note) })}`);
    for (const d of r.acceptedDisputes) out.push(`- ${format(t.dispute.accepted, { label: escapeInline(d.label), note: escapeInline(d.note) })}`);
    for (const c of r.misconceptions) out.push(`- ✗ ${escapeInline(c.label)}: ${escapeInline(c.correction)}`);
    out.push(...workedSummary(r, t, m.interview.lang), "");
  }
  out.push("---", "", t.md.generated, "");
  return out.join("\n");
}
