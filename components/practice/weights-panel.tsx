"use client";

import { useActionState } from "react";
import { optimiseWeightsNow, type OptimiseState } from "@/app/actions/practice";
import { DataTable } from "@/components/dashboard/chart-section";
import { format } from "@/lib/i18n/dictionaries";
import type { PlanStrings } from "@/lib/i18n/features/plan";

export interface FitRow {
  id: string;
  /** formatted on the server in the learner's language and zone */
  when: string;
  status: "better" | "worse" | "too_few" | "unavailable";
  trigger: "manual" | "auto";
  applied: boolean;
  reviewsUsed: number;
  logLoss: [number, number] | null;
  rmse: [number, number] | null;
}

const num = (x: number) => x.toFixed(4);

/** The memory model in use, "Optimise now", and the stored runs with their held-out evaluation. */
export function WeightsPanel({
  t,
  source,
  fittedOn,
  available,
  autoEvery,
  minReviews,
  runs,
}: {
  t: PlanStrings["weights"];
  source: "default" | "fitted";
  fittedOn: string | null;
  available: boolean;
  autoEvery: number;
  minReviews: number;
  runs: FitRow[];
}) {
  const [state, action, pending] = useActionState<OptimiseState, FormData>(optimiseWeightsNow, null);
  return (
    <div data-testid="weights-panel">
      <p data-testid="weights-source">{!available ? t.unavailable : source === "fitted" && fittedOn ? format(t.fitted, { date: fittedOn }) : t.defaults}</p>
      {available ? (
        <>
          <p className="mt-1 text-xs text-[var(--color-muted)]">{format(t.auto, { n: autoEvery, min: minReviews })}</p>
          <form action={action} className="mt-2">
            <button type="submit" disabled={pending} className="rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm">
              {pending ? t.optimising : t.optimise}
            </button>
            <span role="status" className="ml-3 text-sm" data-testid="optimise-status">
              {state?.ok && state.status ? t.statuses[state.status as FitRow["status"]] : state?.busy ? t.busy : state?.failed || state?.unavailable ? t.failed : null}
            </span>
          </form>
        </>
      ) : null}
      {runs.length === 0 ? (
        <p className="mt-2 text-sm text-[var(--color-muted)]">{t.none}</p>
      ) : (
        <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label={t.history} data-testid="fit-history">
          <p className="mb-1 text-sm font-medium" aria-hidden="true">
            {t.history}
          </p>
          <DataTable
            caption={t.history}
            head={[t.when, t.status, t.reviews, t.logLoss, t.rmse]}
            rows={runs.map((r) => [`${r.when} · ${t.trigger[r.trigger]}`, t.statuses[r.status], r.reviewsUsed, r.logLoss ? `${num(r.logLoss[0])} → ${num(r.logLoss[1])}` : "—", r.rmse ? `${num(r.rmse[0])} → ${num(r.rmse[1])}` : "—"])}
          />
        </div>
      )}
    </div>
  );
}
