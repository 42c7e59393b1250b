"use client";

import { useActionState } from "react";
import { updateSettings, type SettingsState } from "@/app/actions/practice";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { PlanStrings } from "@/lib/i18n/features/plan";

type T = Dictionary["practice"]["today"];

export function SettingsForm({
  t,
  settings,
  plan,
  interview,
}: {
  t: T;
  settings: { desiredRetention: number; newPerDay: number; maxReviewsPerDay: number; showIntervals: boolean };
  plan: PlanStrings["settings"];
  /** the stored date (YYYY-MM-DD or ""), the budget, and the date input's bounds in the learner's zone */
  interview: { date: string; dailyMinutes: number | null; min: string; max: string };
}) {
  const [state, action, pending] = useActionState<SettingsState, FormData>(updateSettings, null);
  const field = "mt-1 block w-32 rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1";
  const err = (k: keyof NonNullable<NonNullable<SettingsState>["errors"]>) =>
    state?.errors?.[k] ? (
      <span id={`${k}-error`} className="block text-sm text-[var(--color-danger)]">
        {k === "interviewDate" || k === "dailyMinutes" ? state.errors[k]!.map((c) => plan.errors[c]).join(" ") : state.errors[k]!.join("; ")}
      </span>
    ) : null;
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2" aria-describedby="settings-status">
      <label className="text-sm font-medium">
        {t.retention}
        <input name="desiredRetention" type="number" step="0.01" min="0.7" max="0.99" defaultValue={settings.desiredRetention} className={field} aria-describedby="retention-help desiredRetention-error" />
        <span id="retention-help" className="block text-xs font-normal text-[var(--color-muted)]">
          {t.retentionHelp}
        </span>
        {err("desiredRetention")}
      </label>
      <label className="text-sm font-medium">
        {t.newPerDay}
        <input name="newPerDay" type="number" min="0" max="100" defaultValue={settings.newPerDay} className={field} />
        {err("newPerDay")}
      </label>
      <label className="text-sm font-medium">
        {t.maxReviews}
        <input name="maxReviewsPerDay" type="number" min="1" max="9999" defaultValue={settings.maxReviewsPerDay} className={field} />
        {err("maxReviewsPerDay")}
      </label>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input name="showIntervals" type="checkbox" defaultChecked={settings.showIntervals} />
        {t.showIntervals}
      </label>
      <fieldset className="grid gap-3 rounded-md border border-[var(--color-border)] p-3 sm:col-span-2 sm:grid-cols-2">
        <legend className="px-1 text-sm font-semibold">{plan.heading}</legend>
        <p id="interview-intro" className="text-xs text-[var(--color-muted)] sm:col-span-2">
          {plan.intro}
        </p>
        <label className="text-sm font-medium">
          {plan.interviewDate}
          <input
            name="interviewDate"
            type="date"
            min={interview.min}
            max={interview.max}
            defaultValue={interview.date}
            className="mt-1 block w-44 rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1"
            aria-describedby="interview-intro interviewDate-help interviewDate-error"
            aria-invalid={state?.errors?.interviewDate ? true : undefined}
          />
          <span id="interviewDate-help" className="block text-xs font-normal text-[var(--color-muted)]">
            {plan.interviewDateHelp}
          </span>
          {err("interviewDate")}
        </label>
        <label className="text-sm font-medium">
          {plan.dailyMinutes}
          <input
            name="dailyMinutes"
            type="number"
            min="5"
            max="240"
            step="1"
            defaultValue={interview.dailyMinutes ?? ""}
            className={field}
            aria-describedby="dailyMinutes-help dailyMinutes-error"
            aria-invalid={state?.errors?.dailyMinutes ? true : undefined}
          />
          <span id="dailyMinutes-help" className="block text-xs font-normal text-[var(--color-muted)]">
            {plan.dailyMinutesHelp}
          </span>
          {err("dailyMinutes")}
        </label>
        <p className="text-sm sm:col-span-2">
          <a href="/plan">{plan.seePlan}</a>
        </p>
      </fieldset>
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm">
          {t.save}
        </button>
        <span id="settings-status" role="status" className="ml-3 text-sm">
          {state?.ok ? t.saved : state?.unavailable ? t.unavailable : null}
        </span>
      </div>
    </form>
  );
}
