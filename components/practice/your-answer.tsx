/**
 * Quizlet-style comparison after Check, for the objectively graded types: the learner's answer
 * beside the right one, each wrong option, position, blank or field marked. (Open answers and
 * flashcards have their own feedback.) Server-compatible: no hooks.
 */
import type { CheckResult, Presented } from "@/lib/grading/practice";
import type { Locale } from "@/lib/i18n/config";
import { sendLabel } from "@/lib/i18n/features/tcp-terms";
import type { AnswerState } from "./answer-input";

export interface YourAnswerStrings {
  yours: string;
  right: string;
  chosen: string;
  missedOption: string;
  blank: string;
  none: string;
  position: string;
}

export function yourAnswerStrings(locale: Locale): YourAnswerStrings {
  return locale === "zh"
    ? { yours: "你的答案", right: "正确答案", chosen: "你选的", missedOption: "漏选", blank: "空 {n}", none: "（未作答）", position: "第 {n} 步" }
    : { yours: "Your answer", right: "Right answer", chosen: "your choice", missedOption: "missed", blank: "Blank {n}", none: "(no answer)", position: "Step {n}" };
}

const OK = "text-[var(--color-success)]";
const BAD = "text-[var(--color-danger)]";
const fill = (t: string, n: number) => t.replace("{n}", String(n));

function Mark({ ok }: { ok: boolean }) {
  return <span aria-hidden="true" className={`font-bold ${ok ? OK : BAD}`}>{ok ? "✓" : "✗"}</span>;
}

export interface CompareRow {
  label: string;
  yours: string;
  right: string;
  ok: boolean;
  /** marks the right-answer cell (`data-expected`), for a field the tests read by key */
  key?: string;
}

/** A two-column table: what you gave, what is right, each row marked. */
export function Compare({ rows, s, testId }: { rows: CompareRow[]; s: Pick<YourAnswerStrings, "yours" | "right" | "none">; testId: string }) {
  return (
    <table className="w-full max-w-xl text-sm" data-testid={testId}>
      <thead>
        <tr className="border-b border-[var(--color-border)] text-left">
          <th scope="col" className="py-1 pr-2" />
          <th scope="col" className="py-1 pr-2">{s.yours}</th>
          <th scope="col" className="py-1">{s.right}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className="border-b border-[var(--color-border)]" data-ok={String(r.ok)}>
            <th scope="row" className="py-1 pr-2 text-left font-normal text-[var(--color-muted)]">{r.label}</th>
            <td className={`py-1 pr-2 ${r.ok ? "" : `${BAD} line-through decoration-2`}`}>
              <Mark ok={r.ok} /> {r.yours || s.none}
            </td>
            <td className={`py-1 font-medium ${OK}`} data-expected={r.key}>{r.right}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function YourAnswer({ result, presented: p, answer, lang }: { result: CheckResult; presented: Presented; answer: AnswerState; lang: Locale }) {
  const s = yourAnswerStrings(lang);
  const d = result.detail;
  if (d.type === "options" && (p.type === "single" || p.type === "multiple")) {
    const chosen = new Set(answer.type === "single" ? (answer.choice ? [answer.choice] : []) : answer.type === "multiple" ? answer.choices : []);
    return (
      <ul className="space-y-1 text-sm" data-testid="your-answer">
        {p.options.map((o) => {
          const right = d.correct.includes(o.id);
          const mine = chosen.has(o.id);
          const tone = mine && !right ? `${BAD} font-medium` : right ? `${OK} font-medium` : "text-[var(--color-muted)]";
          return (
            <li key={o.id} className={`rounded px-2 py-1 ${mine ? "border border-current" : ""} ${tone}`} data-option={o.id} data-chosen={String(mine)} data-right={String(right)}>
              <Mark ok={right} /> {o.text}
              {mine ? <span className="ml-2 rounded bg-[var(--color-surface)] px-1 text-xs">{s.chosen}</span> : null}
              {right && !mine && p.type === "multiple" ? <span className="ml-2 text-xs">({s.missedOption})</span> : null}
            </li>
          );
        })}
      </ul>
    );
  }
  if (d.type === "ordering" && answer.type === "ordering") {
    return (
      <Compare
        s={s}
        testId="your-answer"
        rows={d.correctOrder.map((k, i) => ({ label: fill(s.position, i + 1), yours: d.steps[answer.order[i]] ?? "", right: d.steps[k], ok: answer.order[i] === k }))}
      />
    );
  }
  if (d.type === "state" && answer.type === "state") {
    const expNext = "next" in d.expected ? d.expected.next : "REJECTED";
    const label = (x: string) => (x === "REJECTED" ? (lang === "zh" ? "不允许" : "not allowed") : x);
    const sends = (xs: readonly string[]) => (xs.length === 0 ? (lang === "zh" ? "不发送报文" : "nothing") : xs.map((k) => sendLabel(k, lang)).join(", "));
    const same = [...answer.send].sort().join() === [...d.expected.send].sort().join();
    return (
      <Compare
        s={s}
        testId="your-answer"
        rows={[
          { label: lang === "zh" ? "下一个状态" : "Next state", yours: answer.next ? label(answer.next) : "", right: label(expNext), ok: answer.next === expNext },
          { label: lang === "zh" ? "发送" : "Sends", yours: sends(answer.send), right: sends(d.expected.send), ok: same },
        ]}
      />
    );
  }
  if (d.type === "sequence" && answer.type === "sequence" && p.type === "sequence") {
    return (
      <Compare
        s={s}
        testId="your-answer"
        rows={d.expected.map((v, i) => {
          const b = p.blanks[i];
          const given = (answer.values[i] ?? "").trim();
          return { label: `${fill(s.blank, i + 1)} (#${b.segment + 1} ${b.field})`, yours: given, right: String(v), ok: /^\d+$/.test(given) && Number(given) >>> 0 === v >>> 0 };
        })}
      />
    );
  }
  if (d.type === "trace" && answer.type === "trace") {
    if ("client" in d.expected) {
      return (
        <Compare
          s={s}
          testId="your-answer"
          rows={[
            { label: lang === "zh" ? "客户端" : "Client", yours: answer.client, right: d.expected.client, ok: answer.client === d.expected.client },
            { label: lang === "zh" ? "服务端" : "Server", yours: answer.server, right: d.expected.server, ok: answer.server === d.expected.server },
          ]}
        />
      );
    }
    if ("ack" in d.expected) {
      const right = d.expected.ack === null ? "?" : String(d.expected.ack);
      return <Compare s={s} testId="your-answer" rows={[{ label: "ack", yours: answer.ack.trim(), right, ok: /^\d+$/.test(answer.ack.trim()) && Number(answer.ack.trim()) === d.expected.ack }]} />;
    }
    if ("event" in d.expected) {
      const chosen = answer.event === "" ? "" : ((p.type === "trace" ? p.events?.find((e) => e.id === answer.event)?.label : undefined) ?? answer.event);
      return (
        <Compare
          s={s}
          testId="your-answer"
          rows={[{ label: lang === "zh" ? "事件" : "Event", yours: chosen, right: d.expected.event.join(", "), ok: d.expected.event.includes(chosen) }]}
        />
      );
    }
    const every = lang === "zh" ? "每一行都可能出现" : "every line is possible";
    const line = (n: number | null) => (n === null ? every : lang === "zh" ? `第 ${n} 行` : `line ${n}`);
    return (
      <Compare
        s={s}
        testId="your-answer"
        rows={[{ label: lang === "zh" ? "不可能的行" : "Impossible line", yours: line(answer.line), right: line(d.expected.line), ok: answer.line === d.expected.line }]}
      />
    );
  }
  return null;
}
