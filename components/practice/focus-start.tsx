"use client";

import { useEffect, useRef, useState } from "react";
import { format } from "@/lib/i18n/dictionaries";
import type { FocusStrings } from "@/lib/i18n/features/focus";
import { ApiError, practiceApi } from "./api";

type Body = { only?: string[]; topic?: string; cram?: boolean };

async function start(body: Body, s: FocusStrings, lang: "zh" | "en", setError: (m: string | null) => void) {
  try {
    await practiceApi.start(body);
    window.location.assign("/practice");
  } catch (e) {
    setError(format(s.failed, { message: e instanceof ApiError ? (lang === "zh" ? e.zh : e.message) : String(e) }));
  }
}

/** A focused session in one click: the given items or topic, practised or crammed. */
export function FocusStart({ only, topic, s, lang, testId }: { only?: string[]; topic?: string; s: FocusStrings; lang: "zh" | "en"; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async (cram: boolean) => {
    setBusy(true);
    await start({ ...(only ? { only } : {}), ...(topic ? { topic } : {}), cram }, s, lang, setError);
    setBusy(false);
  };
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid={testId}>
      <button type="button" disabled={busy} onClick={() => void go(false)} className="min-h-10 rounded-md bg-[var(--color-accent)] px-3 py-1.5 text-sm font-medium text-[var(--color-accent-fg)]">
        {topic ? s.practiseTopic : s.practiseThese}
      </button>
      <button type="button" disabled={busy} onClick={() => void go(true)} className="min-h-10 rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm" title={s.cramNote}>
        {topic ? s.cramTopic : s.cramThese}
      </button>
      {error ? (
        <p role="alert" className="text-sm text-[var(--color-danger)]">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const SELECTION_FORM = "bank-selection";
export const SELECTION_MAX = 50;

/**
 * The bank page's selection bar: the checkboxes beside the questions belong to its form (by the
 * `form` attribute); it counts them and starts a focused session, practised or crammed.
 */
export function SelectionBar({ s, lang }: { s: FocusStrings; lang: "zh" | "en" }) {
  const form = useRef<HTMLFormElement>(null);
  const [ids, setIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const read = () => setIds(form.current ? (new FormData(form.current).getAll("id") as string[]) : []);
    const onChange = (e: Event) => {
      if ((e.target as HTMLInputElement | null)?.form === form.current) read();
    };
    document.addEventListener("change", onChange);
    read();
    return () => document.removeEventListener("change", onChange);
  }, []);
  const go = async (cram: boolean) => {
    setBusy(true);
    await start({ only: ids.slice(0, SELECTION_MAX), cram }, s, lang, setError);
    setBusy(false);
  };
  const clear = () => {
    for (const el of Array.from(form.current?.elements ?? [])) if (el instanceof HTMLInputElement && el.type === "checkbox") el.checked = false;
    setIds([]);
  };
  return (
    <form
      id={SELECTION_FORM}
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        void go(false);
      }}
      className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] p-2 text-sm"
      data-testid="selection-bar"
      aria-label={format(s.selected, { n: ids.length })}
    >
      <span role="status" className="font-medium">
        {format(s.selected, { n: ids.length })}
      </span>
      <button type="submit" disabled={busy || ids.length === 0} className="min-h-10 rounded-md bg-[var(--color-accent)] px-3 py-1.5 font-medium text-[var(--color-accent-fg)] disabled:opacity-50">
        {s.practiseSelected}
      </button>
      <button type="button" disabled={busy || ids.length === 0} onClick={() => void go(true)} className="min-h-10 rounded-md border border-[var(--color-border)] px-3 py-1.5 disabled:opacity-50" title={s.cramNote}>
        {s.cramSelected}
      </button>
      <button type="button" disabled={ids.length === 0} onClick={clear} className="min-h-10 rounded-md px-2 py-1.5 underline disabled:opacity-50">
        {s.clear}
      </button>
      {ids.length > SELECTION_MAX ? <span>{format(s.maxNote, { max: SELECTION_MAX })}</span> : null}
      {error ? (
        <span role="alert" className="text-[var(--color-danger)]">
          {error}
        </span>
      ) : null}
    </form>
  );
}
