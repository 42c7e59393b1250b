import type { Metadata } from "next";
import { LabTabs } from "@/components/lab/lab-tabs";
import { ScenarioPlayer } from "@/components/lab/scenario-player";
import { PageHeader } from "@/components/shell/page-header";
import { getI18n } from "@/lib/i18n/server";
import { playerSteps, runAsTcpdump } from "@/lib/lab/player";
import { encodeFaults } from "@/lib/lab/url";
import { decodePlayerParams } from "@/lib/lab/url-schema";
import { listScenarios, simulate } from "@/lib/tcp";

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
  const { state, issues } = decodePlayerParams(await searchParams, list.map((s) => s.name));
  const run = simulate(state.scenario, { seed: state.seed, faults: state.faults });
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
