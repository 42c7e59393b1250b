"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import { LadderDiagram, type LadderSegment } from "@/components/ladder/ladder-diagram";
import { timersFromSteps } from "@/components/ladder/layout";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import { exportName } from "@/lib/lab/export";
import { shown, type Numbering } from "@/lib/lab/numbering";
import type { PlayerStep } from "@/lib/lab/player";
import { CONNECTION_APP_FAULTS, FAULT_KINDS, TRANSFER_APP_FAULTS, encodeFaults, explainRunHref, playerHref, type AppFault, type PlayerState } from "@/lib/lab/url";
import type { UrlIssue } from "@/lib/lab/url-schema";
import type { Bilingual, Fault, Side, Tcb } from "@/lib/tcp";
import type { LabEventStrings } from "@/lib/i18n/features/lab-events";
import type { StepFault } from "@/lib/lab/faults";
import type { TransferView } from "@/lib/lab/transfer";
import { ladderSvg, saveBlob, svgToPng } from "./download";
import { TransferCharts, TransferStepDetails } from "./transfer-views";
import { PredictPanel } from "./predict-panel";

type T = Dictionary["lab"];
type Lang = "zh" | "en";

export interface ScenarioChoice {
  name: string;
  title: string;
  description: string;
  group: "connection" | "transfer";
}

/** A data-transfer run (lib/lab/transfer.ts) and what the player needs beside it. */
export interface TransferRunProps {
  view: TransferView;
  /** the scenario's own faults, on step numbers */
  builtIn: StepFault[];
  /** a paragraph on the scenario with its RFC sections */
  about: string;
  ev: LabEventStrings;
}

/** What every step has, whichever simulator made it (the fault form, the ladder and the stepper use only this). */
type BaseStep = Pick<PlayerStep, "t" | "from" | "flags" | "seq" | "len" | "client" | "server" | "fate" | "retransmission"> & {
  ack: number | null;
  segment: number | null;
  note?: PlayerStep["note"];
  arrivesAt?: number;
};

const btn = "rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm font-medium disabled:opacity-50";
const primary = "rounded-md bg-[var(--color-accent)] px-3 py-1.5 text-sm font-medium text-[var(--color-accent-fg)]";
const input = "rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1.5";

/**
 * The scenario player: the server simulated the run (scenario, seed, faults from the URL); this
 * component steps through it. Changing the run navigates to a new URL; stepping only rewrites the
 * `step` parameter, so the address bar always shares exactly what is shown.
 */
export function ScenarioPlayer({
  t,
  locale,
  scenarios,
  state,
  issues,
  steps: connSteps,
  tcpdump,
  transfer,
  tt,
  tp,
  repro,
}: {
  t: T;
  locale: Lang;
  scenarios: ScenarioChoice[];
  state: PlayerState;
  issues: UrlIssue[];
  /** a connection-management run (empty for a transfer) */
  steps: PlayerStep[];
  tcpdump: string;
  /** a data-transfer run */
  transfer?: TransferRunProps;
  tt: Dictionary["labTransfer"];
  tp: Dictionary["labPredict"];
  /** the real-kernel script of a connection run (null for a transfer) */
  repro: { script: string | null; limits: Bilingual[] } | null;
}) {
  const p = t.player;
  const router = useRouter();
  const steps: BaseStep[] = transfer ? transfer.view.steps : connSteps;
  const total = steps.length;
  const [shownStep, setShownStep] = useState(() => Math.min(state.step, Math.max(0, total - 1)));
  // predict mode: steps are shown only up to the last one revealed (-1: none yet)
  const [predicting, setPredicting] = useState(false);
  const [revealed, setRevealed] = useState(-1);
  const [app, setApp] = useState<AppFault[]>(state.app ?? []);
  const step = predicting ? Math.max(0, revealed) : shownStep;
  const limit = predicting ? Math.max(0, revealed) : total - 1;
  const setStep = (n: number) => setShownStep(Math.max(0, Math.min(limit, n)));
  const [numbering, setNumbering] = useState<Numbering>("absolute");
  const [scenario, setScenario] = useState(state.scenario);
  const [seed, setSeed] = useState(String(state.seed));
  const [faultStep, setFaultStep] = useState(() => String(defaultFaultStep(steps)));
  const [faultKind, setFaultKind] = useState<Fault["kind"]>("drop");
  const [message, setMessage] = useState("");
  const ladderRef = useRef<HTMLDivElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.history.replaceState(window.history.state, "", playerHref({ ...state, step }));
  }, [step, state]);

  const go = (next: Omit<PlayerState, "step">) => router.push(playerHref({ ...next, step: 0 }));
  const side = (s: Side) => (s === "client" ? t.common.client : t.common.server);
  const other = (s: Side): Side => (s === "client" ? "server" : "client");
  const cur = steps[step];
  const conn = transfer ? undefined : connSteps[step];
  const xfer = transfer ? transfer.view.steps[step] : undefined;
  const name = scenarios.find((s) => s.name === state.scenario);
  const faultsText = encodeFaults(state.faults);

  const isn = (s: Side) => (transfer ? transfer.view.iss[s] : conn ? conn.tcb[s].iss : null);
  const num = (n: number, s: Side) => shown(n, isn(s), numbering);

  function onKey(ev: KeyboardEvent<HTMLDivElement>) {
    const tag = (ev.target as HTMLElement).tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    const to =
      ev.key === "ArrowRight" ? step + 1 : ev.key === "ArrowLeft" ? step - 1 : ev.key === "Home" ? 0 : ev.key === "End" ? total - 1 : null;
    if (to === null) return;
    ev.preventDefault();
    setStep(to);
  }

  const ladder: LadderSegment[] = steps.slice(0, step + 1).map((s) => ({
    from: s.from,
    flags: s.flags,
    seq: num(s.seq, s.from),
    ack: s.ack === null ? null : num(s.ack, other(s.from)),
    len: s.len,
    client: s.client,
    server: s.server,
    lost: s.fate === "dropped",
    retransmission: s.retransmission,
    note: s.note?.[locale],
    ...(s.arrivesAt !== undefined ? { arrivesAt: s.arrivesAt } : {}),
  }));
  const timers = transfer ? transferLadderTimers(transfer, step) : timersFromSteps(connSteps.slice(0, step + 1), (tm) => p.timerShort[tm.kind as keyof typeof p.timerShort] ?? tm.kind);

  async function exportLadder(kind: "svg" | "png") {
    try {
      if (!ladderRef.current) return;
      const file = exportName(state.scenario, state.seed, faultsText, kind);
      if (kind === "svg") {
        const { svg } = ladderSvg(ladderRef.current);
        saveBlob(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }), file);
      } else {
        const { svg, width, height } = ladderSvg(ladderRef.current);
        saveBlob(await svgToPng(svg, width, height), file);
      }
      setMessage(format(p.exported, { file }));
    } catch (e) {
      setMessage(format(p.exportFailed, { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  function exportScript() {
    if (!repro?.script) return;
    const file = exportName(state.scenario, state.seed, faultsText, "txt").replace(/\.txt$/, ".py");
    saveBlob(new Blob([repro.script], { type: "text/x-python;charset=utf-8" }), file);
    setMessage(format(p.exported, { file }));
  }

  function exportText() {
    const file = exportName(state.scenario, state.seed, faultsText, "txt");
    saveBlob(new Blob([tcpdump], { type: "text/plain;charset=utf-8" }), file);
    setMessage(format(p.exported, { file }));
  }

  const announce = xfer && transfer
    ? format(tt.announce, {
        n: step + 1,
        total,
        from: side(xfer.from),
        to: side(other(xfer.from)),
        kind: tt.segment.kinds[xfer.kind],
        fate: p.fates[xfer.fate],
        cwnd: xfer.state.cwnd,
        flight: xfer.state.flight,
      })
    : cur
    ? format(p.announce, {
        n: step + 1,
        total,
        from: side(cur.from),
        to: side(other(cur.from)),
        flags: cur.flags,
        fate: p.fates[cur.fate],
        client: cur.client,
        server: cur.server,
      })
    : "";

  const numberingField = (
                <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
                  <legend className="mb-1 text-sm font-semibold">{t.common.numbering}</legend>
                  {(["absolute", "relative"] as const).map((k) => (
                    <label key={k} className="inline-flex items-center gap-1.5 text-sm">
                      <input type="radio" name="lab-player-numbering" value={k} checked={numbering === k} onChange={() => setNumbering(k)} />
                      {k === "absolute" ? t.common.absolute : t.common.relative}
                    </label>
                  ))}
                </fieldset>
  );

  return (
    <div className="space-y-6">
      {issues.length > 0 ? (
        <p role="alert" data-testid="lab-url-issues" className="rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-3 text-sm">
          {format(p.urlIssues, { parts: issues.map((i) => p.issueNames[i]).join(locale === "zh" ? "、" : ", ") })}
        </p>
      ) : null}

      <section aria-labelledby="lab-run-h" className="space-y-4 rounded-md border border-[var(--color-border)] p-4">
        <h3 id="lab-run-h" className="font-semibold">
          {p.settings}
        </h3>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(ev) => {
            ev.preventDefault();
            const s = Number(seed);
            go({ scenario, seed: Number.isInteger(s) && s >= 0 && s <= 0xffff_ffff ? s : state.seed, faults: scenario === state.scenario ? state.faults : [] });
          }}
        >
          <div className="min-w-0 max-w-full">
            <label htmlFor="lab-scenario" className="mb-1 block text-sm font-semibold">
              {p.scenario}
            </label>
            <select id="lab-scenario" value={scenario} onChange={(ev) => setScenario(ev.target.value)} className={`${input} max-w-full`}>
              {(["connection", "transfer"] as const).map((g) => {
                const group = scenarios.filter((s) => s.group === g);
                if (group.length === 0) return null;
                return (
                  <optgroup key={g} label={tt.groups[g]}>
                    {group.map((s) => (
                      <option key={s.name} value={s.name}>
                        {s.title}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </div>
          <div>
            <label htmlFor="lab-seed" className="mb-1 block text-sm font-semibold">
              {p.seed}
            </label>
            <input
              id="lab-seed"
              type="number"
              inputMode="numeric"
              min={0}
              max={4294967295}
              value={seed}
              onChange={(ev) => setSeed(ev.target.value)}
              aria-describedby="lab-seed-hint"
              className={`${input} w-32`}
            />
          </div>
          <button type="submit" className={primary}>
            {p.show}
          </button>
          <p id="lab-seed-hint" className="basis-full text-sm text-[var(--color-muted)]">
            {p.seedHint}
          </p>
        </form>
        {name ? <p className="text-sm">{name.description}</p> : null}
        {transfer ? (
          <section aria-labelledby="lab-about-h" className="rounded-md bg-[var(--color-surface)] p-3" data-testid="transfer-about">
            <h4 id="lab-about-h" className="mb-1 text-sm font-semibold">
              {tt.about}
            </h4>
            <p className="max-w-3xl text-sm">{transfer.about}</p>
            {transfer.builtIn.length > 0 ? (
              <p className="mt-2 text-sm" data-testid="transfer-built-in">
                {format(tt.builtIn, { list: transfer.builtIn.map((f) => format(tt.builtInItem, { step: f.step, kind: p.kinds[f.kind] })).join(locale === "zh" ? "、" : ", ") })}
              </p>
            ) : null}
          </section>
        ) : null}

        <div>
          <h4 className="mb-1 text-sm font-semibold">{p.faults}</h4>
          {state.faults.length === 0 ? (
            <p className="text-sm">{p.noFaults}</p>
          ) : (
            <ul className="flex flex-wrap gap-2" data-testid="lab-faults">
              {state.faults.map((f) => (
                <li key={f.step} className="inline-flex items-center gap-1 rounded-md bg-[var(--color-surface)] px-2 py-1 text-sm">
                  {format(p.faultItem, { step: f.step, kind: p.kinds[f.kind] })}
                  <button
                    type="button"
                    aria-label={format(p.removeFault, { step: f.step })}
                    className="rounded px-1 font-bold"
                    onClick={() => go({ ...state, faults: state.faults.filter((x) => x.step !== f.step) })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          {total > 0 ? (
            <form
              className="mt-2 flex flex-wrap items-end gap-3"
              onSubmit={(ev) => {
                ev.preventDefault();
                const n = Number(faultStep);
                if (!Number.isInteger(n) || !steps[n - 1] || steps[n - 1].segment === null) return;
                go({ ...state, faults: [...state.faults.filter((x) => x.step !== n), { step: n, kind: faultKind }] });
              }}
            >
              <div className="min-w-0 max-w-full">
                <label htmlFor="lab-fault-segment" className="mb-1 block text-sm font-semibold">
                  {p.faultSegment}
                </label>
                <select id="lab-fault-segment" value={faultStep} onChange={(ev) => setFaultStep(ev.target.value)} className={`${input} max-w-full font-mono text-sm`}>
                  {/* numbered as the stepper numbers them; the network's copy of a segment cannot carry a fault */}
                  {steps.map((s, i) =>
                    s.segment === null ? null : (
                      <option key={i} value={i + 1}>
                        {`${i + 1}: ${s.from === "client" ? t.common.c2s : t.common.s2c} [${s.flags}]${s.retransmission ? ` ↻` : ""}`}
                      </option>
                    ),
                  )}
                </select>
              </div>
              <div className="min-w-0 max-w-full">
                <label htmlFor="lab-fault-kind" className="mb-1 block text-sm font-semibold">
                  {p.faultKind}
                </label>
                <select id="lab-fault-kind" value={faultKind} onChange={(ev) => setFaultKind(ev.target.value as Fault["kind"])} className={`${input} max-w-full`}>
                  {FAULT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {p.kinds[k]}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className={btn}>
                {p.addFault}
              </button>
              <p className="basis-full text-sm text-[var(--color-muted)]">{transfer ? tp.whatIf.transferOnly : tp.whatIf.rstHint}</p>
            </form>
          ) : null}
          {(
            <form
              className="mt-3 flex flex-wrap items-end gap-3"
              data-testid="lab-app-faults"
              onSubmit={(ev) => {
                ev.preventDefault();
                go({ ...state, app });
              }}
            >
              <fieldset className="flex min-w-0 max-w-full flex-wrap gap-x-4 gap-y-1">
                <legend className="mb-1 text-sm font-semibold">{tp.whatIf.app}</legend>
                {(transfer ? TRANSFER_APP_FAULTS : CONNECTION_APP_FAULTS).map((k) => (
                  <label key={k} className="inline-flex min-w-0 max-w-full items-center gap-1.5 text-sm">
                    <input type="checkbox" checked={app.includes(k)} onChange={(e) => setApp(e.target.checked ? [...app, k] : app.filter((x) => x !== k))} />
                    {k === "slow_accept" ? tp.whatIf.slowAccept : k === "slow_close" ? tp.whatIf.slowClose : tp.whatIf.slowRead}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className={btn}>
                {tp.whatIf.apply}
              </button>
            </form>
          )}
        </div>
      </section>

      {total > 0 && !predicting ? (
        <p>
          <button type="button" className={primary} data-testid="lab-predict-start" onClick={() => { setPredicting(true); setRevealed(-1); }}>
            {tp.predict.start}
          </button>
          <span className="ml-2 text-sm text-[var(--color-muted)]">{tp.predict.intro}</span>
        </p>
      ) : null}
      {predicting && total > 0 ? (
        <PredictPanel
          tp={tp.predict}
          locale={locale}
          run={transfer ? { kind: "transfer", steps: transfer.view.steps } : { kind: "connection", steps: connSteps }}
          iss={transfer ? transfer.view.iss : { client: connSteps[0].tcb.client.iss, server: connSteps[0].tcb.server.iss }}
          numbering={numbering}
          numberingName={numbering === "absolute" ? t.common.absolute : t.common.relative}
          sideName={side}
          hrefFor={(i) => playerHref({ ...state, step: i })}
          onReveal={(i) => { setRevealed(i); if (i >= 0) setShownStep(i); }}
          onStop={() => setPredicting(false)}
        />
      ) : null}

      {total === 0 || !cur ? (
        <p>{p.noSteps}</p>
      ) : predicting && revealed < 0 ? null : (
        <>
          <div
            role="group"
            aria-labelledby="lab-step-h"
            aria-describedby="lab-keys"
            aria-keyshortcuts="ArrowLeft ArrowRight Home End"
            tabIndex={0}
            onKeyDown={onKey}
            data-testid="lab-stepper"
            className="space-y-4 rounded-md border border-[var(--color-border)] p-4"
          >
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h3 id="lab-step-h" className="font-semibold tabular-nums">
                {format(p.stepOf, { n: step + 1, total })}
                <span className="ml-2 text-sm font-normal text-[var(--color-muted)]">{format(p.at, { t: cur.t })}</span>
              </h3>
              <div className="flex flex-wrap gap-2">
                <button type="button" className={btn} disabled={step === 0} onClick={() => setStep(0)}>
                  {p.first}
                </button>
                <button type="button" className={btn} disabled={step === 0} onClick={() => setStep(step - 1)}>
                  ← {p.prev}
                </button>
                <button type="button" className={btn} disabled={step >= limit} onClick={() => setStep(step + 1)}>
                  {p.next} →
                </button>
                <button type="button" className={btn} disabled={step >= limit} onClick={() => setStep(total - 1)}>
                  {p.last}
                </button>
              </div>
            </div>
            <p id="lab-keys" className="text-sm text-[var(--color-muted)]">
              {p.keys}
            </p>
            <p className="sr-only" role="status" aria-live="polite">
              {announce}
            </p>

            {transfer && xfer ? (
              <div data-testid="lab-step">
                <TransferStepDetails
                  step={xfer}
                  view={transfer.view}
                  tt={tt}
                  ev={transfer.ev}
                  locale={locale}
                  side={side}
                  seqText={`${side(xfer.from)} → ${side(other(xfer.from))}: [${xfer.flags}] seq ${num(xfer.seq, xfer.from)} ack ${num(xfer.ack, other(xfer.from))} win ${xfer.win}${xfer.len > 0 ? ` len ${xfer.len}` : ""} · ${p.fates[xfer.fate]}`}
                />
              </div>
            ) : null}
            {conn ? (
            <div className="space-y-1" data-testid="lab-step">
              <p className="font-mono text-sm">
                {`${side(conn.from)} → ${side(other(conn.from))}: [${conn.flags}] seq ${num(conn.seq, conn.from)}${conn.ack !== null ? ` ack ${num(conn.ack, other(conn.from))}` : ""}${conn.len > 0 ? ` len ${conn.len}` : ""}`}
              </p>
              <p className="text-sm">
                <span className={conn.fate === "dropped" ? "font-semibold text-[var(--color-danger)]" : ""}>{p.fates[conn.fate]}</span>
                {conn.retransmission ? <span className="ml-2 rounded bg-[var(--color-surface)] px-1.5 py-0.5 font-semibold text-[var(--color-accent)]">↻ {p.retransmission}</span> : null}
              </p>
              {conn.firedBy ? (
                <p className="text-sm">
                  {format(p.firedBy, { side: side(conn.firedBy.side), timer: p.timerKinds[conn.firedBy.kind], at: conn.firedBy.expiresAt })}
                </p>
              ) : null}
              {conn.note ? <p className="text-sm">{conn.note[locale]}</p> : null}
              {conn.timeWaitAnswer ? (
                <p className="rounded-md border-l-4 border-[var(--color-accent)] bg-[var(--color-surface)] p-2 text-sm" data-testid="lab-time-wait-answer">
                  {format(p.timeWaitAck, { side: side(conn.from) })}
                </p>
              ) : null}
            </div>
            ) : null}

            {conn ? (
            <div className="grid gap-4 md:grid-cols-2">
              <div className="overflow-x-auto" role="region" aria-labelledby="lab-tcb-h" tabIndex={0}>
                <table className="w-full border-collapse text-sm tabular-nums" data-testid="lab-tcb">
                  <caption id="lab-tcb-h" className="mb-1 text-left font-semibold">
                    {p.tcb}
                  </caption>
                  <thead>
                    <tr className="bg-[var(--color-surface)] text-left">
                      <th scope="col" className="px-2 py-1">{p.field}</th>
                      <th scope="col" className="px-2 py-1">{t.common.client}</th>
                      <th scope="col" className="px-2 py-1">{t.common.server}</th>
                    </tr>
                  </thead>
                  <tbody className="font-mono">
                    <TcbRow label={p.state} c={conn.tcb.client.state} s={conn.tcb.server.state} />
                    <TcbRow label="ISS" c={conn.tcb.client.iss} s={conn.tcb.server.iss} />
                    <TcbRow label="IRS" c={conn.tcb.client.irs} s={conn.tcb.server.irs} />
                    {(["sndUna", "sndNxt", "rcvNxt"] as const).map((k) => (
                      <TcbRow
                        key={k}
                        label={k === "sndUna" ? "SND.UNA" : k === "sndNxt" ? "SND.NXT" : "RCV.NXT"}
                        c={tcbNum(conn.tcb.client, conn.tcb.server, k, numbering)}
                        s={tcbNum(conn.tcb.server, conn.tcb.client, k, numbering)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <div>
                <h4 className="mb-1 text-sm font-semibold">{p.timers}</h4>
                {conn.timers.length === 0 ? (
                  <p className="text-sm">{p.noTimers}</p>
                ) : (
                  <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="lab-timers">
                    {conn.timers.map((tm, i) => (
                      <li key={i}>
                        {format(p.timerItem, { side: side(tm.side), timer: p.timerKinds[tm.kind], at: tm.expiresAt, left: Math.max(0, tm.expiresAt - conn.t) })}
                      </li>
                    ))}
                  </ul>
                )}
                {numberingField}
              </div>
            </div>
            ) : null}
            {transfer ? (
              <>
                <TransferCharts view={transfer.view} index={step} tt={tt} locale={locale} />
                {numberingField}
              </>
            ) : null}
          </div>

          <div ref={ladderRef} data-testid="lab-ladder">
            <LadderDiagram
              segments={ladder}
              timers={timers}
              highlight={step}
              labels={{
                client: t.common.client,
                server: t.common.server,
                lost: t.common.lost,
                retransmission: t.common.retransmission,
                title: format(p.ladderTitle, { scenario: name?.title ?? state.scenario, n: step + 1 }),
              }}
              id="lab-player-ladder"
            />
          </div>

          <section aria-labelledby="lab-export-h" className="space-y-2">
            <h3 id="lab-export-h" className="font-semibold">
              {p.export}
            </h3>
            <div className="flex flex-wrap gap-2">
              <button type="button" className={btn} onClick={() => void exportLadder("svg")}>
                {p.exportSvg}
              </button>
              <button type="button" className={btn} onClick={() => void exportLadder("png")}>
                {p.exportPng}
              </button>
              <button type="button" className={btn} onClick={exportText}>
                {p.exportTcpdump}
              </button>
            </div>
            <p className="text-sm text-[var(--color-muted)]">{p.exportNote}</p>
            {repro ? (
              <section aria-labelledby="lab-kernel-h" className="space-y-1 rounded-md bg-[var(--color-surface)] p-3" data-testid="lab-kernel">
                <h4 id="lab-kernel-h" className="text-sm font-semibold">{tp.kernel.heading}</h4>
                <p className="text-sm">{tp.kernel.intro}</p>
                {repro.script ? (
                  <button type="button" className={btn} onClick={exportScript}>
                    {tp.kernel.download}
                  </button>
                ) : (
                  <p className="text-sm">{format(tp.kernel.none, { reason: repro.limits[0]?.[locale] ?? "" })}</p>
                )}
                {repro.script && repro.limits.length > 0 ? (
                  <ul className="list-disc pl-5 text-sm">
                    {repro.limits.map((l, i) => <li key={i}>{tp.kernel.limits} {l[locale]}</li>)}
                  </ul>
                ) : null}
              </section>
            ) : null}
            <p>
              <a href={explainRunHref(state)}>{p.openInExplainer}</a>
            </p>
            <p role="status" aria-live="polite" className="text-sm" data-testid="lab-export-status">
              {message}
            </p>
          </section>
        </>
      )}
    </div>
  );
}

function TcbRow({ label, c, s }: { label: string; c: string | number; s: string | number }) {
  return (
    <tr className="border-t border-[var(--color-border)]">
      <th scope="row" className="px-2 py-1 text-left font-sans font-normal">
        {label}
      </th>
      <td className="px-2 py-1">{c}</td>
      <td className="px-2 py-1">{s}</td>
    </tr>
  );
}

/** SND.* relative to the side's own ISS, RCV.NXT to what it received (IRS). */
function tcbNum(own: Tcb, _peer: Tcb, k: "sndUna" | "sndNxt" | "rcvNxt", numbering: Numbering): number {
  return shown(own[k], k === "rcvNxt" ? own.irs : own.iss, numbering);
}

/** 1-based: the first FIN the network has not copied, else the first step. */
function defaultFaultStep(steps: readonly BaseStep[]): number {
  const fin = steps.findIndex((s) => s.flags.includes("F") && s.segment !== null);
  return fin >= 0 ? fin + 1 : 1;
}

/**
 * Ladder brackets for a transfer: the timers that fired up to this step, each from the step sent
 * when it was set (the last one at or before that moment) to the step it led to.
 */
function transferLadderTimers(transfer: TransferRunProps, step: number) {
  const steps = transfer.view.steps;
  const label = (k: string) => (k === "retransmit" ? "RTO" : k === "persist" ? "persist" : "delayed ACK");
  return transfer.view.timers
    .filter((x) => x.end === "fired" && x.endedBefore !== null && x.endedBefore <= step)
    .map((x) => {
      let from = 0;
      while (from + 1 < steps.length && steps[from + 1].t <= x.setAt) from++;
      return { side: x.side, label: `${label(x.kind)} ${x.expiresAt - x.setAt} ms`, from, to: Math.min(x.endedBefore!, steps.length - 1) };
    });
}
