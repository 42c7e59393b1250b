"use client";

import { useRef, useState } from "react";
import type { Locale } from "@/lib/i18n/config";
import { eventLabel, originLabel, sendLabel } from "@/lib/i18n/features/tcp-terms";
import type { Presented } from "@/lib/grading/practice";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";

type T = Dictionary["practice"]["session"];

export type AnswerState =
  | { type: "flashcard" }
  | { type: "open"; text: string }
  | { type: "single"; choice: string | null }
  | { type: "multiple"; choices: string[] }
  | { type: "ordering"; order: number[] }
  | { type: "state"; next: string; send: string[] }
  | { type: "sequence"; values: string[] }
  | { type: "trace"; client: string; server: string; line: number | null; ack: string; event: string }
  | { type: "transfer"; values: Record<string, string> };

export function emptyAnswer(p: Presented | undefined): AnswerState {
  switch (p?.type) {
    case undefined:
    case "flashcard":
      return { type: "flashcard" };
    case "open":
      return { type: "open", text: "" };
    case "single":
      return { type: "single", choice: null };
    case "multiple":
      return { type: "multiple", choices: [] };
    case "ordering":
      return { type: "ordering", order: p.steps.map((s) => s.key) };
    case "state":
      return { type: "state", next: "", send: [] };
    case "sequence":
      return { type: "sequence", values: p.blanks.map(() => "") };
    case "trace":
      return { type: "trace", client: "", server: "", line: null, ack: "", event: "" };
    case "transfer":
      return { type: "transfer", values: Object.fromEntries(p.fields.map((f) => [f.key, ""])) };
  }
}

/** The answer state of an answer the check API took (a card already checked, shown again). */
export function fromRequest(p: Presented | undefined, given: unknown): AnswerState {
  const empty = emptyAnswer(p);
  if (!given || typeof given !== "object" || (given as { type?: unknown }).type !== empty.type) return empty;
  const g = given as Record<string, unknown>;
  switch (empty.type) {
    case "single":
      return { type: "single", choice: typeof g.choice === "string" && g.choice !== "none" ? g.choice : null };
    case "sequence":
      return { type: "sequence", values: Array.isArray(g.values) ? g.values.map((v) => String(v)) : empty.values };
    case "trace":
      return {
        type: "trace",
        client: typeof g.client === "string" ? g.client : "",
        server: typeof g.server === "string" ? g.server : "",
        line: typeof g.line === "number" ? g.line : null,
        ack: typeof g.ack === "number" ? String(g.ack) : "",
        event: typeof g.event === "string" ? g.event : "",
      };
    case "transfer": {
      const v = g.values && typeof g.values === "object" ? (g.values as Record<string, unknown>) : {};
      return { type: "transfer", values: Object.fromEntries(Object.keys(empty.values).map((k) => [k, typeof v[k] === "number" || typeof v[k] === "string" ? String(v[k]) : ""])) };
    }
    default:
      return given as AnswerState;
  }
}

/** The answer as the check API takes it. */
export function toRequest(a: AnswerState): unknown {
  switch (a.type) {
    case "single":
      return { type: "single", choice: a.choice ?? "none" };
    case "sequence":
      return { type: "sequence", values: a.values.map((v) => (/^\d+$/.test(v.trim()) ? Math.min(Number(v.trim()), 4294967295) : 0)) };
    case "trace":
      return {
        type: "trace",
        ...(a.client ? { client: a.client } : {}),
        ...(a.server ? { server: a.server } : {}),
        ...(a.line !== null ? { line: a.line } : {}),
        ...(/^\d{1,10}$/.test(a.ack.trim()) && Number(a.ack.trim()) <= 4294967295 ? { ack: Number(a.ack.trim()) } : {}),
        ...(a.event ? { event: a.event } : {}),
      };
    case "transfer":
      return {
        type: "transfer",
        values: Object.fromEntries(
          Object.entries(a.values)
            .map(([k, v]) => [k, v.trim()] as const)
            .filter(([, v]) => v !== "")
            .map(([k, v]) => [k, /^\d+(\.\d+)?$/.test(v) ? Math.min(Number(v), 4294967295) : v.slice(0, 30)]),
        ),
      };
    default:
      return a;
  }
}

const field = "rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1.5";

export function AnswerInput({
  presented: p,
  answer,
  setAnswer,
  disabled,
  t,
  lang,
  onSubmit,
}: {
  presented: Presented;
  answer: AnswerState;
  setAnswer: (a: AnswerState) => void;
  disabled: boolean;
  t: T;
  lang: Locale;
  onSubmit: () => void;
}) {
  switch (p.type) {
    case "flashcard":
      return null;
    case "open":
      if (answer.type !== "open") return null;
      return (
        <label className="block">
          <span className="text-sm font-medium">{t.typeAnswer}</span>
          <textarea
            value={answer.text}
            onChange={(e) => setAnswer({ type: "open", text: e.target.value })}
            disabled={disabled}
            rows={6}
            maxLength={20000}
            className={`mt-1 w-full ${field}`}
            aria-keyshortcuts="Control+Enter"
          />
        </label>
      );
    case "single":
    case "multiple": {
      const chosen = answer.type === "single" ? (answer.choice ? [answer.choice] : []) : answer.type === "multiple" ? answer.choices : [];
      const toggle = (id: string) => {
        if (p.type === "single") setAnswer({ type: "single", choice: id });
        else setAnswer({ type: "multiple", choices: chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id] });
      };
      return (
        <fieldset className="space-y-2" disabled={disabled}>
          <legend className="sr-only">{t.submit}</legend>
          {p.options.map((o) => (
            <label key={o.id} className="flex cursor-pointer items-start gap-2 rounded-md border border-[var(--color-border)] p-3 has-[:checked]:border-[var(--color-accent)]">
              <input
                type={p.type === "single" ? "radio" : "checkbox"}
                name="option"
                value={o.id}
                checked={chosen.includes(o.id)}
                onChange={() => toggle(o.id)}
                className="mt-1"
              />
              <span>{o.text}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    case "ordering":
      if (answer.type !== "ordering") return null;
      return <OrderingInput steps={p.steps} order={answer.order} setOrder={(order) => setAnswer({ type: "ordering", order })} disabled={disabled} t={t} />;
    case "state": {
      if (answer.type !== "state") return null;
      const toggleSend = (k: string) =>
        setAnswer({ ...answer, send: answer.send.includes(k) ? answer.send.filter((s) => s !== k) : [...answer.send, k] });
      return (
        <div className="space-y-3">
          <p className="text-sm" data-testid="state-event">
            {format(t.stateThen, { state: p.state, event: eventLabel(p.event, lang) })} {p.origin ? format(t.origin, { origin: originLabel(p.origin, lang) }) : null}
          </p>
          <label className="block text-sm font-medium">
            {t.nextState}
            <select value={answer.next} onChange={(e) => setAnswer({ ...answer, next: e.target.value })} disabled={disabled} className={`mt-1 block w-full max-w-xs ${field}`}>
              <option value="">—</option>
              {p.states.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
              <option value="REJECTED">{t.rejected}</option>
            </select>
          </label>
          <fieldset disabled={disabled}>
            <legend className="text-sm font-medium">{t.sends}</legend>
            <div className="mt-1 flex flex-wrap gap-3">
              {p.sends.map((k) => (
                <label key={k} className="flex items-center gap-1.5 font-mono text-sm">
                  <input type="checkbox" checked={answer.send.includes(k)} onChange={() => toggleSend(k)} />
                  {sendLabel(k, lang)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      );
    }
    case "transfer": {
      if (answer.type !== "transfer") return null;
      const set = (k: string, v: string) => setAnswer({ type: "transfer", values: { ...answer.values, [k]: v } });
      return (
        <div className="space-y-2">
          <p className="text-sm font-medium">{t.transferGiven}</p>
          <ul className="list-disc pl-5 font-mono text-sm" data-testid="transfer-given">
            {p.given.map((g, i) => (
              <li key={i} className="break-all">{g}</li>
            ))}
          </ul>
          {p.exhibit ? (
            <pre tabIndex={0} aria-label={t.incidentExhibit} className="max-h-96 overflow-auto rounded-md border border-[var(--color-border)] p-2 font-mono text-xs" data-testid="incident-exhibit">
              {p.exhibit}
            </pre>
          ) : null}
          {p.handler ? (
            <>
              <p className="text-sm font-medium">{t.incidentHandler}</p>
              <pre tabIndex={0} aria-label={t.incidentHandler} className="overflow-auto rounded-md border border-[var(--color-border)] p-2 font-mono text-xs" data-testid="incident-handler">
                {p.handler}
              </pre>
            </>
          ) : null}
          <p className="text-sm text-[var(--color-muted)]">{t.transferEnter}</p>
          <div className="grid gap-2 sm:grid-cols-2">
            {p.fields.map((f) => (
              <label key={f.key} className="block text-sm">
                <span>{f.label}</span>
                {f.kind === "choice" ? (
                  <select value={answer.values[f.key] ?? ""} disabled={disabled} onChange={(e) => set(f.key, e.target.value)} className={`mt-1 block w-full ${field}`} data-field={f.key}>
                    <option value="">{t.incidentPick}</option>
                    {(f.options ?? []).map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : f.kind === "phase" ? (
                  <select value={answer.values[f.key] ?? ""} disabled={disabled} onChange={(e) => set(f.key, e.target.value)} className={`mt-1 block w-full ${field}`} data-field={f.key}>
                    <option value="">{t.transferPhasePick}</option>
                    {p.phases.map((ph) => (
                      <option key={ph.id} value={ph.id}>
                        {ph.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    inputMode="decimal"
                    value={answer.values[f.key] ?? ""}
                    disabled={disabled}
                    onChange={(e) => set(f.key, e.target.value.replace(/[^\d.]/g, ""))}
                    className={`mt-1 block w-full font-mono ${field}`}
                    data-field={f.key}
                  />
                )}
              </label>
            ))}
          </div>
        </div>
      );
    }
    case "sequence": {
      if (answer.type !== "sequence") return null;
      let blank = -1;
      return (
        <div className="space-y-2">
          <p className="font-mono text-sm">{format(t.isn, { client: p.iss.client, server: p.iss.server })}</p>
          <p className="text-sm text-[var(--color-muted)]">{t.fillIn}</p>
          <div className="overflow-x-auto">
            <table className="min-w-full font-mono text-xs sm:text-sm">
              <thead>
                <tr className="border-b border-[var(--color-border)] text-left">
                  <th scope="col" className="px-1 py-1">#</th>
                  <th scope="col" className="px-1 py-1" />
                  <th scope="col" className="px-1 py-1">flags</th>
                  <th scope="col" className="px-1 py-1">seq</th>
                  <th scope="col" className="px-1 py-1">ack</th>
                  <th scope="col" className="px-1 py-1">len</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r, i) => {
                  const cell = (f: "seq" | "ack", v: number | null) => {
                    const isBlank = p.blanks.some((b) => b.segment === i && b.field === f);
                    if (!isBlank) return v === null ? "" : String(v);
                    blank++;
                    const at = p.blanks.findIndex((b) => b.segment === i && b.field === f);
                    return (
                      <input
                        inputMode="numeric"
                        pattern="[0-9]*"
                        aria-label={`${i + 1} ${r.flags} ${f}`}
                        value={answer.values[at]}
                        disabled={disabled}
                        onChange={(e) => setAnswer({ type: "sequence", values: answer.values.map((v2, j) => (j === at ? e.target.value.replace(/[^\d]/g, "") : v2)) })}
                        className={`w-24 ${field} py-0.5 sm:w-32`}
                        data-blank={blank}
                      />
                    );
                  };
                  return (
                    <tr key={i} className={`border-b border-[var(--color-border)] ${r.lost ? "text-[var(--color-muted)] line-through" : ""}`}>
                      <td className="px-1 py-1">{i + 1}</td>
                      <td className="whitespace-nowrap px-1 py-1">
                        <span aria-hidden="true">{r.from === "client" ? "C →" : "← S"}</span>
                        <span className="sr-only">{r.from === "client" ? t.client : t.server}</span>
                      </td>
                      <td className="px-1 py-1">[{r.flags}]</td>
                      <td className="px-1 py-1">{cell("seq", r.seq)}</td>
                      <td className="px-1 py-1">{cell("ack", r.ack)}</td>
                      <td className="px-1 py-1">{r.len}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      );
    }
    case "trace": {
      if (answer.type !== "trace") return null;
      // a scrolling region takes the keyboard focus, so it can be scrolled without a mouse
      const numbered = (
        <pre tabIndex={0} className="overflow-x-auto rounded-md bg-[var(--color-surface)] p-3 text-xs leading-relaxed">
          {p.lines.map((l, i) => `${String(i + 1).padStart(2)}  ${l}`).join("\n")}
        </pre>
      );
      if (p.ask.kind === "ack") {
        return (
          <div className="space-y-3">
            {numbered}
            <label className="block text-sm font-medium">
              {format(t.traceAck, { line: p.ask.line })}
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={answer.ack}
                disabled={disabled}
                onChange={(e) => setAnswer({ ...answer, ack: e.target.value })}
                className={`mt-1 block w-48 font-mono ${field}`}
              />
            </label>
          </div>
        );
      }
      if (p.ask.kind === "event") {
        return (
          <div className="space-y-3">
            {numbered}
            <fieldset disabled={disabled}>
              <legend className="text-sm font-medium">{format(t.traceEvent, { line: p.ask.line })}</legend>
              <ul className="mt-1 space-y-1">
                {(p.events ?? []).map((e) => (
                  <li key={e.id}>
                    <label className="flex items-center gap-2 text-sm">
                      <input type="radio" name="event" checked={answer.event === e.id} onChange={() => setAnswer({ ...answer, event: e.id })} />
                      {e.label}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </div>
        );
      }
      return (
        <div className="space-y-3">
          {p.ask.kind === "states" ? (
            <>
              {numbered}
              <p className="text-sm font-medium">{format(t.traceStates, { line: p.ask.line })}</p>
              <div className="flex flex-wrap gap-4">
                {(["client", "server"] as const).map((side) => (
                  <label key={side} className="text-sm font-medium">
                    {side === "client" ? t.client : t.server}
                    <select value={answer[side]} disabled={disabled} onChange={(e) => setAnswer({ ...answer, [side]: e.target.value })} className={`mt-1 block ${field}`}>
                      <option value="">—</option>
                      {p.states.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            </>
          ) : (
            <fieldset disabled={disabled}>
              <legend className="text-sm font-medium">{t.traceImpossible}</legend>
              <ol className="mt-1 space-y-1">
                {p.lines.map((l, i) => (
                  <li key={i}>
                    <label className="flex items-start gap-2 overflow-x-auto font-mono text-xs">
                      <input type="radio" name="line" checked={answer.line === i + 1} onChange={() => setAnswer({ ...answer, line: i + 1 })} />
                      <span className="whitespace-pre">{`${String(i + 1).padStart(2)}  ${l}`}</span>
                    </label>
                  </li>
                ))}
                <li>
                  <label className="flex items-center gap-2 text-sm">
                    <input type="radio" name="line" checked={answer.line === null} onChange={() => setAnswer({ ...answer, line: null })} />
                    {t.noLine}
                  </label>
                </li>
              </ol>
            </fieldset>
          )}
        </div>
      );
    }
  }
  void onSubmit;
}

/** Ordering by drag and drop, or by keyboard (Alt+↑/↓ on a focused step, or the buttons). */
function OrderingInput({
  steps,
  order,
  setOrder,
  disabled,
  t,
}: {
  steps: { key: number; text: string }[];
  order: number[];
  setOrder: (o: number[]) => void;
  disabled: boolean;
  t: T;
}) {
  const text = new Map(steps.map((s) => [s.key, s.text]));
  const [dragging, setDragging] = useState<number | null>(null);
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length || from === to) return;
    const next = [...order];
    const [k] = next.splice(from, 1);
    next.splice(to, 0, k);
    setOrder(next);
    requestAnimationFrame(() => refs.current[to]?.focus());
  };
  return (
    <div>
      <p className="mb-2 text-sm text-[var(--color-muted)]">{t.orderHelp}</p>
      <ol className="space-y-2" data-testid="ordering">
        {order.map((k, i) => (
          <li
            key={k}
            ref={(el) => {
              refs.current[i] = el;
            }}
            tabIndex={disabled ? -1 : 0}
            draggable={!disabled}
            data-key={k}
            onDragStart={() => setDragging(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, i);
              setDragging(null);
            }}
            onKeyDown={(e) => {
              if (disabled || !e.altKey) return;
              if (e.key === "ArrowUp") {
                e.preventDefault();
                move(i, i - 1);
              } else if (e.key === "ArrowDown") {
                e.preventDefault();
                move(i, i + 1);
              }
            }}
            className={`flex items-center gap-2 rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] p-2 ${dragging === i ? "opacity-50" : ""} ${disabled ? "" : "cursor-grab"}`}
          >
            <span className="w-6 text-right font-mono text-sm text-[var(--color-muted)]">{i + 1}.</span>
            <span className="flex-1">{text.get(k)}</span>
            <button type="button" disabled={disabled || i === 0} onClick={() => move(i, i - 1)} aria-label={`${t.moveUp}: ${text.get(k)}`} className="rounded border border-[var(--color-border)] px-2 disabled:opacity-40">
              ↑
            </button>
            <button type="button" disabled={disabled || i === order.length - 1} onClick={() => move(i, i + 1)} aria-label={`${t.moveDown}: ${text.get(k)}`} className="rounded border border-[var(--color-border)] px-2 disabled:opacity-40">
              ↓
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
