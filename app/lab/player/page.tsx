import type { Metadata } from "next";
import { LabTabs } from "@/components/lab/lab-tabs";
import { ScenarioPlayer } from "@/components/lab/scenario-player";
import { PageHeader } from "@/components/shell/page-header";
import { labEventStrings } from "@/lib/i18n/features/lab-events";
import { getI18n } from "@/lib/i18n/server";
import { playerSteps, runAsTcpdump, simulateRun } from "@/lib/lab/player";
import { isTransferScenario, simulateTransferRun, transferTcpdump, transferView } from "@/lib/lab/transfer";
import { reproduction } from "@/lib/lab/reproduce";
import { CONNECTION_APP_FAULTS, TRANSFER_APP_FAULTS, appOptions, encodeFaults } from "@/lib/lab/url";
import { decodePlayerParams } from "@/lib/lab/url-schema";
import { listScenarios } from "@/lib/tcp";
import { listTransferScenarios } from "@/lib/tcp/transfer";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.lab.tabs.player} · ${t.pages.lab.title}` };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The scenario player: the URL says which run; the engine simulates it here, on the server. Connection
 * scenarios run on the state-machine simulator (lib/tcp), data-transfer scenarios on the transfer
 * simulator (lib/tcp/transfer); the URL has the same form for both.
 */
export default async function PlayerPage({ searchParams }: Props) {
  await getCurrentUser(); // accounts mode: signed-in learners only (lib/server/users.ts)
  const { t, locale } = await getI18n();
  const list = listScenarios();
  const transfers = listTransferScenarios();
  const decoded = decodePlayerParams(await searchParams, [...list.map((s) => s.name), ...transfers.map((s) => s.name)]);
  const { scenario, seed } = decoded.state;
  const scenarios = [
    ...list.map((s) => ({ name: s.name, title: s.title[locale], description: s.description[locale], group: "connection" as const })),
    ...transfers.map((s) => ({ name: s.name, title: s.title[locale], description: s.description[locale], group: "transfer" as const })),
  ];
  const p = t.lab.player;
  // faults are on the step numbers the player shows; an old link's transmission indexes are mapped to them
  const run = isTransferScenario(scenario)
    ? (() => {
        const app = (decoded.state.app ?? []).filter((a) => (TRANSFER_APP_FAULTS as readonly string[]).includes(a));
        const r = simulateTransferRun(scenario, seed, decoded.state.faults, decoded.legacyFaults, { slowRead: app.includes("slow_read") });
        const about = t.labTransfer.scenarios[scenario as keyof typeof t.labTransfer.scenarios];
        return {
          faults: r.faults, ignored: r.ignored, steps: [], tcpdump: transferTcpdump(r.result), repro: null, app,
          transfer: { view: transferView(scenario, r.result), builtIn: r.builtIn, about, ev: labEventStrings(locale) },
        };
      })()
    : (() => {
        const app = appOptions(decoded.state.app);
        const r = simulateRun(scenario, seed, decoded.state.faults, decoded.legacyFaults, app);
        const steps = playerSteps(r.steps, r.transitions);
        return {
          faults: r.faults, ignored: r.ignored, steps, tcpdump: runAsTcpdump(r.steps), transfer: undefined,
          repro: reproduction(scenario, steps, r.faults, app),
          app: (decoded.state.app ?? []).filter((a) => (CONNECTION_APP_FAULTS as readonly string[]).includes(a)),
        };
      })();
  const state = { ...decoded.state, faults: run.faults, app: run.app };
  const issues = run.ignored.length > 0 && !decoded.issues.includes("faults") ? [...decoded.issues, "faults" as const] : decoded.issues;
  return (
    <>
      <PageHeader title={t.pages.lab.title} intro={t.pages.lab.intro} />
      <LabTabs t={t.lab} current="player" />
      <h2 className="text-xl font-semibold">{p.heading}</h2>
      <p className="mb-4 mt-1 max-w-3xl">{p.intro}</p>
      <ScenarioPlayer
        key={`${state.scenario}|${state.seed}|${encodeFaults(state.faults)}|${state.app.join(".")}`}
        t={t.lab}
        tt={t.labTransfer}
        tp={t.labPredict}
        repro={run.repro}
        locale={locale}
        scenarios={scenarios}
        state={state}
        issues={issues}
        steps={run.steps}
        tcpdump={run.tcpdump}
        transfer={run.transfer}
      />
    </>
  );
}

