"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/mock/actions";

export interface StartStrings {
  length: string;
  focus: string;
  language: string;
  submit: string;
  lengths: { value: number; label: string }[];
  focuses: { value: string; label: string }[];
  langs: { value: string; label: string }[];
  errors: Record<string, string>;
}

/** The start form: length, focus and language as radio groups; works as a plain form post too. */
export function StartForm({ s, action, defaultLang }: { s: StartStrings; action: (p: ActionState, f: FormData) => Promise<ActionState>; defaultLang: string }) {
  const [state, submit, pending] = useActionState(action, { error: null });
  const group = (legend: string, name: string, options: { value: string | number; label: string }[], def: string | number) => (
    <fieldset className="rounded border border-[var(--color-border)] p-3">
      <legend className="px-1 font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5">
            <input type="radio" name={name} value={o.value} defaultChecked={o.value === def} required />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
  return (
    <form action={submit} className="space-y-3">
      {group(s.length, "lengthMinutes", s.lengths, 10)}
      {group(s.focus, "focus", s.focuses, "all")}
      {group(s.language, "lang", s.langs, defaultLang)}
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold text-[var(--color-danger)]">
        {state.error ? (s.errors[state.error] ?? s.errors.invalid) : null}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-[var(--color-accent)] px-4 py-2 font-semibold text-[var(--color-accent-fg)] disabled:opacity-60">
        {s.submit}
      </button>
    </form>
  );
}
