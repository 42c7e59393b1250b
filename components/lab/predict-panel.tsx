"use client";

import { useState, type FormEvent } from "react";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import type { Numbering } from "@/lib/lab/numbering";
import type { PlayerStep } from "@/lib/lab/player";
import {
  gradeConnStep, gradeTransferStep, parseGuessNumber, scoreRun, type ConnGuess, type StepGrade,
} from "@/lib/lab/predict";
import { gradeTraceStep, type TraceStep } from "@/lib/lab/trace-predict";
import type { TransferStep } from "@/lib/lab/transfer";
import { TCP_STATES, type Side, type TcpState } from "@/lib/tcp";

type TP = Dictionary["labPredict"]["predict"];
const btn = "rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm font-medium disabled:opacity-50";
const primary = "rounded-md bg-[var(--color-accent)] px-3 py-1.5 text-sm font-medium text-[var(--color-accent-fg)]";
const input = "rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1.5";
const FLAGS = ["S", ".", "F", "R"] as const;

type Run = { kind: "connection"; steps: PlayerStep[] } | { kind: "transfer"; steps: TransferStep[] } | { kind: "trace"; steps: TraceStep[] };

/**
 * Predict mode of the scenario player and of the trace explainer (issue 21 §1): a form for the
 * next step (or captured line), graded by lib/lab/predict.ts (trace-predict.ts for a capture) when
 * the learner reveals it; the page shows steps only up to the last one revealed (`onReveal`). The
 * run ends with a score and links to the mispredicted steps (`hrefFor`), or buttons that show
 * them (`onShow`, the explainer).
 */
export function PredictPanel({
  tp, locale, run, iss, numbering, numberingName, sideName, hrefFor, onShow, onReveal, onStop, initial,
}: {
  tp: TP;
  locale: "zh" | "en";
  run: Run;
  iss: Record<Side, number>;
  numbering: Numbering;
  numberingName: string;
  sideName: (s: Side) => string;
  /** the player link that shows a step (0-based) */
  hrefFor?: (index: number) => string;
  /** instead of links: show a step (0-based) on this page */
  onShow?: (index: number) => void;
  /** both ends' states before the first step (default CLOSED and LISTEN) */
  initial?: Record<Side, TcpState>;
  onReveal: (index: number) => void;
  onStop: () => void;
}) {
  const total = run.steps.length;
  const [grades, setGrades] = useState<StepGrade[]>([]);
  const [from, setFrom] = useState<Side>("client");
  const [flags, setFlags] = useState<string[]>([]);
  const [seq, setSeq] = useState("");
  const [ack, setAck] = useState("");
  const [noAck, setNoAck] = useState(false);
  const [client, setClient] = useState<TcpState>(initial?.client ?? "CLOSED");
  const [server, setServer] = useState<TcpState>(initial?.server ?? "LISTEN");
  const [cwnd, setCwnd] = useState("");
  const [ssthresh, setSsthresh] = useState("");
  const [error, setError] = useState("");
  const next = grades.length;
  const last = grades.at(-1);
  const score = scoreRun(grades);
  const trace = run.kind === "trace" ? run.steps : null;
  const tt = tp.trace;
  const stepLabel = (i: number) => (trace ? format(tt.stepLink, { line: trace[i].line }) : format(tp.stepLink, { n: i + 1 }));

  function submit(ev: FormEvent) {
    ev.preventDefault();
    const view = { numbering, iss };
    const num = (text: string, field: string): number | null | undefined => {
      const n = parseGuessNumber(text);
      if (n === "invalid") {
        setError(format(tp.invalid, { field }));
        return undefined;
      }
      return n;
    };
    let g: StepGrade;
    if (run.kind === "connection" || run.kind === "trace") {
      const s = num(seq, "seq");
      const a = noAck ? "none" : num(ack, "ack");
      if (s === undefined || a === undefined) return;
      const guess: ConnGuess = { from, flags: flags.join(""), seq: s, ack: a, client, server };
      g = run.kind === "trace" ? gradeTraceStep(next, run.steps[next], guess) : gradeConnStep(next, run.steps[next], guess, view);
    } else {
      const c = num(cwnd, "cwnd");
      const inf = /^\s*(inf|∞)\s*$/i.test(ssthresh);
      const t = inf ? "inf" : num(ssthresh, "ssthresh");
      const a = num(ack, "ack");
      if (c === undefined || t === undefined || a === undefined) return;
      g = gradeTransferStep(next, run.steps[next], { from, cwnd: c, ssthresh: t, ack: a }, view);
    }
    setError("");
    setGrades([...grades, g]);
    onReveal(next);
    // the revealed states are the starting point of the next prediction
    if (run.kind !== "transfer") {
      setClient(run.steps[next].client);
      setServer(run.steps[next].server);
    }
    setSeq("");
    setAck("");
    setNoAck(false);
    setFlags([]);
  }

  const verdict = last?.correct ? tp.right : tp.wrong;
  const status = !last
    ? ""
    : trace
      ? format(tt.status, { line: trace[last.index].line, verdict, right: score.right, done: grades.length })
      : format(tp.status, { n: last.index + 1, verdict, right: score.right, done: grades.length });

  return (
    <section aria-labelledby="lab-predict-h" className="space-y-3 rounded-md border-2 border-[var(--color-accent)] p-4" data-testid="lab-predict">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="lab-predict-h" className="font-semibold">{tp.heading}</h3>
        <button type="button" className={btn} onClick={onStop}>{tp.stop}</button>
      </div>
      <p className="sr-only" role="status" aria-live="polite">{status}</p>

      {last ? (
        <div className="space-y-2" data-testid="lab-predict-result">
          <p className={`font-semibold ${last.correct ? "text-[var(--color-success,inherit)]" : "text-[var(--color-danger)]"}`}>
            {stepLabel(last.index)}: {verdict}
          </p>
          <div className="overflow-x-auto" role="region" aria-label={tp.field} tabIndex={0}>
            <table className="w-full border-collapse text-sm">
              <thead>
                <tr className="bg-[var(--color-surface)] text-left">
                  <th scope="col" className="px-2 py-1">{tp.field}</th>
                  <th scope="col" className="px-2 py-1">{tp.yours}</th>
                  <th scope="col" className="px-2 py-1">{tp.expected}</th>
                  <th scope="col" className="px-2 py-1"><span className="sr-only">{tp.why}</span></th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {last.marks.map((m) => (
                  <tr key={m.field} className="border-t border-[var(--color-border)]">
                    <th scope="row" className="px-2 py-1 text-left font-sans font-normal">{tp.fields[m.field as keyof TP["fields"]] ?? m.field}</th>
                    <td className="px-2 py-1">{m.given || "—"}</td>
                    <td className="px-2 py-1">{m.expected}</td>
                    <td className={`px-2 py-1 font-sans ${m.verdict === "wrong" ? "font-semibold text-[var(--color-danger)]" : ""}`}>{tp.verdicts[m.verdict]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h4 className="text-sm font-semibold">{tp.why}</h4>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="lab-predict-reasons">
            {last.reasons.map((r, i) => (
              <li key={i}>{r.text[locale]}{r.rule ? ` (${r.rule})` : ""}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm">{trace ? tt.intro : tp.intro}</p>
      )}

      {next >= total ? (
        <div className="space-y-2" data-testid="lab-predict-score">
          <p className="font-semibold">{format(trace ? tt.done : tp.done, { right: score.right, total: score.total })}</p>
          <h4 className="text-sm font-semibold">{trace ? tt.missed : tp.missed}</h4>
          {score.missed.length === 0 ? (
            <p className="text-sm">{trace ? tt.noneMissed : tp.noneMissed}</p>
          ) : (
            <ul className="flex flex-wrap gap-2 text-sm" data-testid="lab-predict-missed">
              {score.missed.map((i) => (
                <li key={i}>
                  {onShow ? (
                    <button type="button" className="underline" onClick={() => onShow(i)}>{stepLabel(i)}</button>
                  ) : (
                    <a href={hrefFor?.(i)}>{stepLabel(i)}</a>
                  )}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className={btn} onClick={() => {
            setGrades([]);
            setClient(initial?.client ?? "CLOSED");
            setServer(initial?.server ?? "LISTEN");
            onReveal(-1);
          }}>{tp.again}</button>
        </div>
      ) : (
        <form className="space-y-3" onSubmit={submit} aria-labelledby="lab-predict-step-h" data-testid="lab-predict-form">
          <h4 id="lab-predict-step-h" className="text-sm font-semibold">
            {trace ? format(tt.stepN, { line: trace[next].line, n: next + 1, total }) : format(tp.stepN, { n: next + 1, total })}
          </h4>
          <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
            <legend className="mb-1 text-sm font-semibold">{tp.sender}</legend>
            {(["client", "server"] as const).map((s) => (
              <label key={s} className="inline-flex items-center gap-1.5 text-sm">
                <input type="radio" name="lab-predict-from" value={s} checked={from === s} onChange={() => setFrom(s)} />
                {sideName(s)}
              </label>
            ))}
          </fieldset>
          {run.kind !== "transfer" ? (
            <>
              <fieldset className="flex flex-wrap gap-x-4 gap-y-1" aria-describedby="lab-predict-flags-hint">
                <legend className="mb-1 text-sm font-semibold">{tp.flags}</legend>
                {FLAGS.map((f) => (
                  <label key={f} className="inline-flex items-center gap-1.5 text-sm">
                    <input type="checkbox" checked={flags.includes(f)} onChange={(e) => setFlags(e.target.checked ? [...flags, f] : flags.filter((x) => x !== f))} />
                    {tp.flagNames[f]}
                  </label>
                ))}
                <p id="lab-predict-flags-hint" className="basis-full text-sm text-[var(--color-muted)]">{tp.flagsHint}</p>
              </fieldset>
              <div className="flex flex-wrap items-end gap-3">
                <div>
                  <label htmlFor="lab-predict-seq" className="mb-1 block text-sm font-semibold">{tp.seq}</label>
                  <input id="lab-predict-seq" inputMode="numeric" value={seq} onChange={(e) => setSeq(e.target.value)} className={`${input} w-36 font-mono`} aria-describedby="lab-predict-num-hint" />
                </div>
                <div>
                  <label htmlFor="lab-predict-ack" className="mb-1 block text-sm font-semibold">{tp.ack}</label>
                  <input id="lab-predict-ack" inputMode="numeric" value={ack} disabled={noAck} onChange={(e) => setAck(e.target.value)} className={`${input} w-36 font-mono`} aria-describedby="lab-predict-num-hint" />
                </div>
                <label className="inline-flex items-center gap-1.5 text-sm">
                  <input type="checkbox" checked={noAck} onChange={(e) => setNoAck(e.target.checked)} />
                  {tp.noAck}
                </label>
              </div>
              <p id="lab-predict-num-hint" className="text-sm text-[var(--color-muted)]">{format(trace ? tt.numbersHint : tp.numbersHint, { numbering: numberingName })}</p>
              <div className="flex flex-wrap gap-3">
                {([["client", tp.clientAfter, client, setClient], ["server", tp.serverAfter, server, setServer]] as const).map(([k, label, value, set]) => (
                  <div key={k}>
                    <label htmlFor={`lab-predict-${k}`} className="mb-1 block text-sm font-semibold">{label}</label>
                    <select id={`lab-predict-${k}`} value={value} onChange={(e) => set(e.target.value as TcpState)} className={`${input} font-mono text-sm`}>
                      {TCP_STATES.map((st) => <option key={st} value={st}>{st}</option>)}
                    </select>
                  </div>
                ))}
              </div>
            </>
          ) : (
            <>
              <div className="flex flex-wrap items-end gap-3">
                <div>
                  <label htmlFor="lab-predict-cwnd" className="mb-1 block text-sm font-semibold">{tp.cwnd}</label>
                  <input id="lab-predict-cwnd" inputMode="numeric" value={cwnd} onChange={(e) => setCwnd(e.target.value)} className={`${input} w-36 font-mono`} />
                </div>
                <div>
                  <label htmlFor="lab-predict-ssthresh" className="mb-1 block text-sm font-semibold">{tp.ssthresh}</label>
                  <input id="lab-predict-ssthresh" value={ssthresh} onChange={(e) => setSsthresh(e.target.value)} className={`${input} w-36 font-mono`} />
                </div>
                <div>
                  <label htmlFor="lab-predict-ack" className="mb-1 block text-sm font-semibold">{tp.transferAck}</label>
                  <input id="lab-predict-ack" inputMode="numeric" value={ack} onChange={(e) => setAck(e.target.value)} className={`${input} w-36 font-mono`} />
                </div>
              </div>
              <p className="text-sm text-[var(--color-muted)]">{tp.transferHint} {format(tp.numbersHint, { numbering: numberingName })}</p>
            </>
          )}
          {error ? <p role="alert" className="text-sm text-[var(--color-danger)]">{error}</p> : null}
          <button type="submit" className={primary}>{tp.reveal}</button>
        </form>
      )}
    </section>
  );
}
