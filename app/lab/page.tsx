import type { Metadata } from "next";
import { LabTabs } from "@/components/lab/lab-tabs";
import { labDrillStrings } from "@/lib/i18n/features/lab-drill";
import { TraceExplainer } from "@/components/lab/trace-explainer";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { appOptions } from "@/lib/lab/url";
import { decodePlayerParams } from "@/lib/lab/url-schema";
import type { ExplainView } from "@/lib/lab/view";
import { explainChecked, runText, samples, sampleText, scenarioNames } from "./_server/data";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.lab.tabs.explainer} · ${t.pages.lab.title}` };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The trace explainer. `?sample=bank:<id>` or `?sample=capture:<name>` opens a sample, and
 * `?scenario=…&seed=…&faults=…` the tcpdump text of a scenario run (the player links here); both
 * are annotated on the server and arrive rendered. A pasted trace goes to POST /api/lab/annotate.
 */
export default async function LabPage({ searchParams }: Props) {
  await getCurrentUser(); // accounts mode: signed-in learners only (lib/server/users.ts)
  const { t, locale } = await getI18n();
  const sp = await searchParams;
  const e = t.lab.explainer;
  const sample = typeof sp.sample === "string" ? sp.sample.slice(0, 200) : "";
  let text = "";
  let notice: string | null = null;
  let refused: string | null = null;
  if (sample) {
    const found = sampleText(sample);
    if (found === null) notice = e.sampleUnknown;
    else text = found;
  } else if (typeof sp.scenario === "string") {
    const { state, legacyFaults } = decodePlayerParams(sp, scenarioNames());
    text = runText(state.scenario, state.seed, state.faults, legacyFaults, appOptions(state.app));
    notice = format(e.fromRun, { scenario: state.scenario, seed: state.seed });
  }
  let view: ExplainView | null = null;
  if (text) {
    const outcome = explainChecked(text);
    if (outcome.ok) view = outcome.view;
    else refused = outcome.message[locale];
  }
  const list = samples();

  return (
    <>
      <PageHeader title={t.pages.lab.title} intro={t.pages.lab.intro} />
      <LabTabs t={t.lab} current="explainer" mine={labDrillStrings(locale).open} />
      <h2 className="text-xl font-semibold">{e.heading}</h2>
      <p className="mb-4 mt-1 max-w-3xl">{e.intro}</p>

      <form method="get" action="/lab" className="mb-6 flex flex-wrap items-end gap-3 rounded-md bg-[var(--color-surface)] p-3">
        <div className="min-w-0 max-w-full">
          <label htmlFor="lab-sample" className="mb-1 block text-sm font-semibold">
            {e.samples}
          </label>
          <select
            id="lab-sample"
            name="sample"
            defaultValue={sample || undefined}
            className="w-full max-w-md rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1.5 text-sm"
          >
            <optgroup label={e.sampleCaptures}>
              {list.captures.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label[locale]}
                </option>
              ))}
            </optgroup>
            <optgroup label={e.sampleBank}>
              {list.bank.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label[locale].length > 90 ? `${s.label[locale].slice(0, 88)}…` : s.label[locale]}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="submit" className="rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-3 py-1.5 text-sm font-medium">
          {e.open}
        </button>
      </form>

      {notice ? <p className="mb-3 text-sm">{notice}</p> : null}
      {refused ? (
        <p role="alert" className="mb-3 rounded-md border-l-4 border-[var(--color-danger)] bg-[var(--color-surface)] p-3 text-[var(--color-danger)]">
          {refused}
        </p>
      ) : null}

      <TraceExplainer key={`${sample}|${String(sp.scenario ?? "")}|${String(sp.seed ?? "")}|${String(sp.faults ?? "")}`} t={t.lab} tp={t.labPredict.predict} locale={locale} initialText={text} initialView={view} />
    </>
  );
}

