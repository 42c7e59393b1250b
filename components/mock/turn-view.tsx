import { WrongClaims } from "@/components/grading/wrong-claims";
import { LadderDiagram, type LadderSegment } from "@/components/ladder/ladder-diagram";
import { sendLabel } from "@/lib/i18n/features/tcp-terms";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import { formatClock } from "@/lib/mock/limits";
import type { ReportTurn } from "@/lib/mock/model";
import type { LadderInstance } from "@/lib/mock/items";
import { disputeAction } from "@/app/mock/actions";
import { HTML_LANG } from "@/lib/i18n/config";
import { PHASE_LABELS } from "@/lib/content/transfer";
import type { Phase } from "@/lib/tcp/transfer";

/** The candidate's answer with the words that matched a key point marked; plain text, never markup. */
export function HighlightedAnswer({ turn, empty }: { turn: ReportTurn; empty: string }) {
  if (!turn.answer || turn.answer.trim() === "") return <p className="italic text-[var(--color-muted)]">{empty}</p>;
  return (
    <p className="whitespace-pre-wrap break-words rounded bg-[var(--color-surface)] p-2">
      {turn.segments.map((s, i) =>
        s.wrong ? (
          <del key={i} className="decoration-2 text-[var(--color-danger)]" data-testid="wrong-words">
            {s.text}
          </del>
        ) : s.matched ? (
          <mark key={i} className="rounded-sm bg-[var(--color-accent)] px-0.5 text-[var(--color-accent-fg)]">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}

function ok(t: Dictionary, good: boolean) {
  return good ? <span className="text-[var(--color-success)]">✓ {t.mock.worked.correct}</span> : <span className="text-[var(--color-danger)]">✗ {t.mock.worked.wrong}</span>;
}

/** The head of a worked turn's table: (row,) field, expected, given, verdict. */
function CellsHead({ w, cellClass, numbered = false }: { w: Dictionary["mock"]["worked"]; cellClass: string; numbered?: boolean }) {
  return (
    <thead>
      <tr>
        {numbered ? <th className={cellClass}>#</th> : null}
        <th className={cellClass}>{w.field}</th>
        <th className={cellClass}>{w.expected}</th>
        <th className={cellClass}>{w.given}</th>
        <th className={cellClass}>
          <span className="sr-only">{w.correct}</span>
        </th>
      </tr>
    </thead>
  );
}

/** The engine's verdict on a worked turn: expected beside given. */
export function WorkedResult({ turn, t, ladder, lang }: { turn: ReportTurn; t: Dictionary; ladder: LadderInstance | null; lang: "zh" | "en" }) {
  const r = turn.result;
  const w = t.mock.worked;
  if (!r || r.mode === "talk") return null;
  const cellClass = "border border-[var(--color-border)] px-2 py-1 text-left";
  if (r.mode === "ladder") {
    const segments: LadderSegment[] | null = ladder
      ? ladder.rows.map((row) => ({ from: row.from, flags: row.flags, seq: row.seq, ack: row.ack, len: row.len, client: row.client, server: row.server, lost: row.lost }))
      : null;
    return (
      <div className="mt-2 space-y-2">
        <p id={`cells-${turn.index}`}>{format(w.cells, { correct: r.correct, total: r.total })}</p>
        <div className="overflow-x-auto" role="region" aria-labelledby={`cells-${turn.index}`} tabIndex={0}>
          <table className="border-collapse text-sm">
            <CellsHead w={w} cellClass={cellClass} numbered />
            <tbody>
              {r.cells.map((c) => (
                <tr key={`${c.row}-${c.field}`}>
                  <td className={cellClass}>{c.row + 1}</td>
                  <td className={cellClass}>{c.field === "client" ? w.clientState : c.field === "server" ? w.serverState : w[c.field]}</td>
                  <td className={`${cellClass} font-mono`}>{c.expected}</td>
                  <td className={`${cellClass} font-mono`}>{c.given || "—"}</td>
                  <td className={cellClass}>{ok(t, c.ok)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {segments ? (
          <LadderDiagram
            segments={segments}
            initial={ladder!.before}
            labels={{ client: t.bank.client, server: t.bank.server, lost: t.bank.lost, retransmission: t.bank.retransmission, title: `${w.engineSays}: ${t.bank.ladderTitle}` }}
            id={`mock-ladder-${turn.index}`}
          />
        ) : null}
      </div>
    );
  }
  if (r.mode === "state") {
    const send = (s: string[]) => (s.length ? s.map((k) => sendLabel(k, lang)).join(", ") : w.nothing);
    const next = (s: string) => (s === "REFUSED" ? w.refused : s || "—");
    return (
      <div className="mt-2 space-y-1">
        <p>
          {w.nextState}: {w.expected} <code>{next(r.expected.next)}</code> · {w.given} <code>{next(r.given.next)}</code> {ok(t, r.stateOk)}
        </p>
        <p>
          {w.sends}: {w.expected} <code>{send(r.expected.send)}</code> · {w.given} <code>{send(r.given.send)}</code> {ok(t, r.sendOk)}
        </p>
        <p className="text-sm text-[var(--color-muted)]">
          {w.engineSays}: <span lang={HTML_LANG[lang]}>{r.reason[lang]}</span> ({r.rule})
        </p>
      </div>
    );
  }
  if (r.mode === "calc") {
    const shown = (kind: "number" | "phase" | "choice", v: string) => (kind === "phase" && v in PHASE_LABELS ? PHASE_LABELS[v as Phase][lang] : v || "—");
    return (
      <div className="mt-2 space-y-2" data-testid="calc-result">
        <p id={`cells-${turn.index}`}>{format(w.cells, { correct: r.correct, total: r.total })}</p>
        <p className="text-sm text-[var(--color-muted)]" lang={HTML_LANG[lang]}>
          {w.calcGiven}: {r.given.map((g) => g[lang]).join(" · ")}
        </p>
        <div className="overflow-x-auto" role="region" aria-labelledby={`cells-${turn.index}`} tabIndex={0}>
          <table className="border-collapse text-sm">
            <CellsHead w={w} cellClass={cellClass} />
            <tbody>
              {r.cells.map((c) => (
                <tr key={c.key}>
                  <td className={cellClass} lang={HTML_LANG[lang]}>{c.label[lang]}</td>
                  <td className={`${cellClass} font-mono`}>{shown(c.kind, c.expected)}</td>
                  <td className={`${cellClass} font-mono`}>{shown(c.kind, c.given)}</td>
                  <td className={cellClass}>{ok(t, c.ok)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="font-medium">{w.calcWorked}</p>
        <ol className="space-y-0.5 font-mono text-xs sm:text-sm" lang={HTML_LANG[lang]} data-testid="calc-steps">
          {r.steps.map((s, i) => (
            <li key={i}>{s[lang]}</li>
          ))}
        </ol>
      </div>
    );
  }
  if (r.kind === "states") {
    return (
      <div className="mt-2 space-y-1">
        <p>
          {w.clientState}: {w.expected} <code>{r.expected.client}</code> · {w.given} <code>{r.given.client || "—"}</code> {ok(t, r.ok[0])}
        </p>
        <p>
          {w.serverState}: {w.expected} <code>{r.expected.server}</code> · {w.given} <code>{r.given.server || "—"}</code> {ok(t, r.ok[1])}
        </p>
      </div>
    );
  }
  const line = (n: number | null) => (n === null ? w.everyLine : format(w.line, { n }));
  return (
    <p className="mt-2">
      {w.expected}: {line(r.expected)} · {w.given}: {line(r.given)} {ok(t, r.ok)}
    </p>
  );
}

/** Score, time, matched and missed key points of an answered spoken turn, with a dispute form per miss. */
export function TalkResult({ turn, t, interviewId, turnId, back }: { turn: ReportTurn; t: Dictionary; interviewId: string; turnId: string; back: "interview" | "report" }) {
  const m = t.mock;
  return (
    <div className="mt-2 space-y-2 text-sm">
      <WrongClaims claims={turn.misconceptions} heading={format(m.interview.wrongClaims, { n: turn.misconceptions.length })} youSaid={(words) => format(m.interview.youSaid, { words })} source={m.interview.source} />
      {turn.matchedLabels.length > 0 ? (
        <div>
          <p className="font-medium text-[var(--color-success)]">{m.interview.matched}</p>
          <ul className="list-disc pl-6">
            {turn.matchedLabels.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {turn.acceptedDisputes.map((d) => (
        <p key={d.id} className="rounded border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] px-2 py-1" data-testid="accepted-dispute">
          {format(m.dispute.accepted, { label: d.label, note: d.note })}
        </p>
      ))}
      {turn.missed.length > 0 ? (
        <div>
          <p className="font-medium text-[var(--color-danger)]">{m.interview.missed}</p>
          <ul className="list-disc space-y-1 pl-6">
            {turn.missed.map((p) => (
              <li key={p.id}>
                {p.label}
                {p.disputes.map((d) => (
                  <p key={d.at} className="mt-1 rounded border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] px-2 py-1">
                    {format(m.dispute.disputed, { note: d.note })}
                  </p>
                ))}
                {p.disputes.length === 0 ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-[var(--color-accent)]">{m.dispute.summary}</summary>
                    <form action={disputeAction} className="mt-1 space-y-1">
                      <input type="hidden" name="interviewId" value={interviewId} />
                      <input type="hidden" name="turnId" value={turnId} />
                      <input type="hidden" name="point" value={p.id} />
                      <input type="hidden" name="back" value={back} />
                      <label className="block" htmlFor={`dispute-${turnId}-${p.id}`}>
                        {m.dispute.note}
                      </label>
                      <textarea
                        id={`dispute-${turnId}-${p.id}`}
                        name="note"
                        required
                        rows={2}
                        className="w-full rounded border border-[var(--color-border)] bg-[var(--color-bg)] p-1"
                      />
                      <p className="text-[var(--color-muted)]">{m.dispute.explain}</p>
                      <button type="submit" className="rounded border border-[var(--color-border)] px-2 py-1">
                        {m.dispute.submit}
                      </button>
                    </form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : turn.result?.mode === "talk" ? (
        <p className="text-[var(--color-success)]">{m.interview.noneMissed}</p>
      ) : null}
    </div>
  );
}

export function turnMeta(turn: ReportTurn, t: Dictionary): string {
  const parts = [];
  if (turn.score !== null) parts.push(format(t.mock.interview.score, { score: Math.round(turn.score * 100) }));
  parts.push(format(t.mock.interview.answered, { time: formatClock(turn.elapsedMs) }));
  return parts.join(" · ");
}
