"use client";

import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { countChars, formatClock, MAX_ANSWER_CHARS } from "@/lib/mock/limits";
import type { ActionState } from "@/app/mock/actions";

/** One input of a worked turn, described by the server (the client knows nothing about TCP). */
export interface FieldSpec {
  name: string;
  label: string;
  kind: "text" | "select" | "checkbox";
  options?: { value: string; label: string }[];
  numeric?: boolean;
}
export interface FieldGroup {
  legend: string;
  note?: string;
  fields: FieldSpec[];
}

export interface AnswerStrings {
  answerLabel: string;
  answerHelp: string;
  submit: string;
  submitting: string;
  end: string;
  endConfirm: string;
  chars: string;
  tooLong: string;
  draftSaved: string;
  draftFailed: string;
  clockQuestion: string;
  clockTotal: string;
  choose: string;
  errors: Record<string, string>;
}

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const DRAFT_DELAY_MS = 800;

export function AnswerForm(props: {
  interviewId: string;
  turnId: string;
  groups: FieldGroup[] | null;
  initialDraft: string;
  openMs: number;
  usedMs: number;
  lengthMs: number;
  s: AnswerStrings;
  submitAction: Action;
  endAction: Action;
}) {
  const { interviewId, turnId, groups, s } = props;
  const worked = groups !== null;
  const [text, setText] = useState(() => (worked ? "" : props.initialDraft));
  const [fields, setFields] = useState<Record<string, string>>(() => {
    if (!worked) return {};
    try {
      const v = JSON.parse(props.initialDraft || "{}") as Record<string, string>;
      return v && typeof v === "object" ? v : {};
    } catch {
      return {};
    }
  });
  const [state, submit, pending] = useActionState(props.submitAction, { error: null });
  const [endState, end, ending] = useActionState(props.endAction, { error: null });
  const [draftStatus, setDraftStatus] = useState<"" | "saved" | "failed">("");
  const [confirmEnd, setConfirmEnd] = useState(false);

  // The clock: time on this turn so far (from the server) plus time since the page opened.
  const mountedAt = useRef<number>(0);
  const [now, setNow] = useState(0);
  useEffect(() => {
    mountedAt.current = Date.now();
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const elapsed = useCallback(() => props.openMs + (mountedAt.current ? Date.now() - mountedAt.current : 0), [props.openMs]);
  const turnMs = props.openMs + (mountedAt.current ? now - mountedAt.current : 0);
  const leftMs = Math.max(0, props.lengthMs - props.usedMs - turnMs);

  const answer = worked ? JSON.stringify(fields) : text;
  const chars = worked ? 0 : countChars(text);
  const tooLong = chars > MAX_ANSWER_CHARS;

  // Drafts: saved a moment after typing stops, and at once when the page is hidden or closed.
  const latest = useRef({ answer, dirty: false });
  latest.current.answer = answer;
  const save = useCallback(
    (keepalive: boolean) => {
      latest.current.dirty = false;
      return fetch("/api/mock/draft", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ interviewId, turnId, draft: latest.current.answer, elapsedMs: Math.floor(elapsed()) }),
        keepalive,
      })
        .then((r) => setDraftStatus(r.ok ? "saved" : "failed"))
        .catch(() => setDraftStatus("failed"));
    },
    [interviewId, turnId, elapsed],
  );
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    latest.current.dirty = true;
    setDraftStatus("");
    const t = setTimeout(() => void save(false), DRAFT_DELAY_MS);
    return () => clearTimeout(t);
  }, [answer, save]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden") void save(true);
    };
    const onPageHide = () => void save(true);
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
    };
  }, [save]);

  // Time up: the answer as it stands is submitted.
  const formRef = useRef<HTMLFormElement>(null);
  const [timeUp, setTimeUp] = useState(false);
  useEffect(() => {
    if (mountedAt.current && leftMs <= 0 && !timeUp) {
      setTimeUp(true);
      setTimeout(() => formRef.current?.requestSubmit(), 0);
    }
  }, [leftMs, timeUp]);

  const error = state.error ?? endState.error;
  const message =
    error === "too_long"
      ? fill(s.tooLong, { n: state.chars ?? chars, max: MAX_ANSWER_CHARS })
      : error
        ? (s.errors[error] ?? s.errors.invalid)
        : tooLong
          ? fill(s.tooLong, { n: chars, max: MAX_ANSWER_CHARS })
          : "";

  const setField = (name: string, value: string) => setFields((f) => ({ ...f, [name]: value }));
  const inputClass = "rounded border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1";

  return (
    <div className="mt-4">
      <div className="mb-3 flex flex-wrap gap-x-6 gap-y-1 font-mono text-sm" aria-label={`${s.clockQuestion} / ${s.clockTotal}`}>
        <p>
          <span className="font-sans text-[var(--color-muted)]">{s.clockQuestion} </span>
          <span role="timer" aria-live="off" data-testid="clock-turn">
            {formatClock(turnMs)}
          </span>
        </p>
        <p>
          <span className="font-sans text-[var(--color-muted)]">{s.clockTotal} </span>
          <span role="timer" aria-live="off" data-testid="clock-total" className={leftMs < 60_000 ? "text-[var(--color-danger)]" : undefined}>
            {formatClock(leftMs)}
          </span>
        </p>
      </div>

      <form
        ref={formRef}
        action={submit}
        aria-describedby="answer-status"
      >
        <input type="hidden" name="interviewId" value={interviewId} />
        <input type="hidden" name="turnId" value={turnId} />
        <input type="hidden" name="elapsedMs" value={Math.floor(turnMs)} />
        <input type="hidden" name="timeUp" value={timeUp ? "1" : "0"} />
        {worked ? (
          <>
            <input type="hidden" name="answer" value={answer} />
            <div className="space-y-3">
              {groups.map((g) => (
                <fieldset key={g.legend} className="rounded border border-[var(--color-border)] p-3">
                  <legend className="px-1 font-medium">{g.legend}</legend>
                  {g.note ? <p className="mb-2 text-sm text-[var(--color-muted)]">{g.note}</p> : null}
                  <div className="flex flex-wrap gap-3">
                    {g.fields.map((f) => {
                      const fid = `f-${turnId}-${f.name}`;
                      if (f.kind === "checkbox")
                        return (
                          <label key={f.name} htmlFor={fid} className="flex items-center gap-1">
                            <input id={fid} type="checkbox" checked={fields[f.name] === "on"} onChange={(e) => setField(f.name, e.target.checked ? "on" : "")} />
                            {f.label}
                          </label>
                        );
                      return (
                        <label key={f.name} htmlFor={fid} className="flex flex-col text-sm">
                          {f.label}
                          {f.kind === "select" ? (
                            <select id={fid} className={inputClass} value={fields[f.name] ?? ""} onChange={(e) => setField(f.name, e.target.value)}>
                              <option value="">{s.choose}</option>
                              {f.options?.map((o) => (
                                <option key={o.value} value={o.value}>
                                  {o.label}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <input
                              id={fid}
                              className={`${inputClass} w-36 font-mono`}
                              inputMode={f.numeric ? "numeric" : undefined}
                              autoComplete="off"
                              spellCheck={false}
                              value={fields[f.name] ?? ""}
                              onChange={(e) => setField(f.name, e.target.value)}
                            />
                          )}
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ))}
            </div>
          </>
        ) : (
          <>
            <label htmlFor={`answer-${turnId}`} className="block font-medium">
              {s.answerLabel}
            </label>
            <p id={`answer-help-${turnId}`} className="text-sm text-[var(--color-muted)]">
              {s.answerHelp}
            </p>
            <textarea
              id={`answer-${turnId}`}
              name="answer"
              rows={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={`answer-help-${turnId} answer-count`}
              aria-invalid={tooLong || undefined}
              className="mt-1 w-full rounded border border-[var(--color-border)] bg-[var(--color-bg)] p-2"
            />
            <p id="answer-count" className={`text-sm ${tooLong ? "font-semibold text-[var(--color-danger)]" : "text-[var(--color-muted)]"}`}>
              {fill(s.chars, { n: chars, max: MAX_ANSWER_CHARS })}
            </p>
          </>
        )}
        <div id="answer-status" role="status" aria-live="polite" className="min-h-6 text-sm">
          {message ? <span className="font-semibold text-[var(--color-danger)]">{message}</span> : draftStatus === "saved" ? <span className="text-[var(--color-muted)]">{s.draftSaved}</span> : draftStatus === "failed" ? <span className="text-[var(--color-warning)]">{s.draftFailed}</span> : null}
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={pending || ending}
            className="rounded bg-[var(--color-accent)] px-4 py-2 font-semibold text-[var(--color-accent-fg)] disabled:opacity-60"
          >
            {pending ? s.submitting : s.submit}
          </button>
        </div>
      </form>

      <form action={end} className="mt-6 flex flex-wrap items-center gap-3 border-t border-[var(--color-border)] pt-3">
        <input type="hidden" name="interviewId" value={interviewId} />
        <input type="hidden" name="elapsedMs" value={Math.floor(turnMs)} />
        <input type="hidden" name="answer" value={answer} />
        {confirmEnd ? (
          <>
            <span className="text-sm">{s.endConfirm}</span>
            <button type="submit" disabled={ending} className="rounded border border-[var(--color-danger)] px-3 py-1 text-[var(--color-danger)]">
              {s.end}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmEnd(true)} className="rounded border border-[var(--color-border)] px-3 py-1">
            {s.end}
          </button>
        )}
      </form>
    </div>
  );
}
