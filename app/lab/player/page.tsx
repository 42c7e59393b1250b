import type { Metadata } from "next";
import { LabTabs } from "@/components/lab/lab-tabs";
import { ScenarioPlayer } from "@/components/lab/scenario-player";
import { PageHeader } from "@/components/shell/page-header";
import { getI18n } from "@/lib/i18n/server";
import { playerSteps, runAsTcpdump, simulateRun } from "@/lib/lab/player";
import { encodeFaults } from "@/lib/lab/url";
import { decodePlayerParams } from "@/lib/lab/url-schema";
import { listScenarios } from "@/lib/tcp";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.lab.tabs.player} · ${t.pages.lab.title}` };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The scenario player: the URL says which run; the engine simulates it here, on the server. */
export default async function PlayerPage({ searchParams }: Props) {
  const { t, locale } = await getI18n();
  const list = listScenarios();
  const decoded = decodePlayerParams(await searchParams, list.map((s) => s.name));
  // faults are on the step numbers the player shows; an old link's transmission indexes are mapped to them
  const run = simulateRun(decoded.state.scenario, decoded.state.seed, decoded.state.faults, decoded.legacyFaults);
  const state = { ...decoded.state, faults: run.faults };
  const issues = run.ignored.length > 0 && !decoded.issues.includes("faults") ? [...decoded.issues, "faults" as const] : decoded.issues;
  const p = t.lab.player;
  return (
    <>
      <PageHeader title={t.pages.lab.title} intro={t.pages.lab.intro} />
      <LabTabs t={t.lab} current="player" />
      <h2 className="text-xl font-semibold">{p.heading}</h2>
      <p className="mb-4 mt-1 max-w-3xl">{p.intro}</p>
      <ScenarioPlayer
        key={`${state.scenario}|${state.seed}|${encodeFaults(state.faults)}`}
        t={t.lab}
        locale={locale}
        scenarios={list.map((s) => ({ name: s.name, title: s.title[locale], description: s.description[locale] }))}
        state={state}
        issues={issues}
        steps={playerSteps(run.steps)}
        tcpdump={runAsTcpdump(run.steps)}
      />
    </>
  );
}
