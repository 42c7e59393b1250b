import type { Metadata } from "next";
import Link from "next/link";
import { StartForm, type StartStrings } from "@/components/mock/start-form";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { LENGTHS, MOCK_FOCUSES } from "@/lib/mock/limits";
import { getActiveMock, listMocks } from "@/lib/server/mock";
import { getCurrentUser } from "@/lib/server/users";
import { startMockAction } from "./actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.pages.mock.title };
}

export default async function MockPage() {
  const [{ t, locale }, user] = await Promise.all([getI18n(), getCurrentUser()]);
  const [active, history] = await Promise.all([getActiveMock(user.id), listMocks(user.id)]);
  const tm = t.mock;
  const dateFmt = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  const focusName = (f: string) => tm.focuses[f as keyof typeof tm.focuses] ?? f;
  const finished = history.filter((h) => h.status === "finished");
  const strings: StartStrings = {
    length: tm.start.length,
    focus: tm.start.focus,
    language: tm.start.language,
    submit: tm.start.submit,
    lengths: LENGTHS.map((n) => ({ value: n, label: format(tm.start.minutes, { n }) })),
    focuses: MOCK_FOCUSES.map((f) => ({ value: f, label: tm.focuses[f] })),
    langs: (["zh", "en"] as const).map((l) => ({ value: l, label: tm.langs[l] })),
    errors: { invalid: tm.start.invalid, no_questions: tm.start.noQuestions, cross_origin: tm.start.invalid, unavailable: tm.start.unavailable },
  };

  return (
    <>
      <PageHeader title={t.pages.mock.title} intro={t.pages.mock.intro} />
      {active ? (
        <section aria-labelledby="active-h" className="mb-6 rounded-md border-2 border-[var(--color-accent)] p-4">
          <h2 id="active-h" className="text-lg font-semibold">
            {tm.start.resumeHeading}
          </h2>
          <p className="mt-1">
            <Link href={`/mock/${active.id}`} className="font-semibold">
              {format(tm.start.resume, { when: dateFmt.format(active.startedAt) })}
            </Link>
          </p>
          <p className="text-sm text-[var(--color-muted)]">
            {focusName(active.focus)} · {format(tm.start.minutes, { n: active.lengthMinutes })} · {tm.start.activeNote}
          </p>
        </section>
      ) : (
        <section aria-labelledby="start-h" className="mb-8">
          <h2 id="start-h" className="mb-2 text-lg font-semibold">
            {tm.start.heading}
          </h2>
          <p className="mb-3 max-w-prose text-[var(--color-muted)]">{tm.start.explain}</p>
          <StartForm s={strings} action={startMockAction} defaultLang={locale} />
        </section>
      )}

      <section aria-labelledby="history-h">
        <h2 id="history-h" className="mb-2 text-lg font-semibold">
          {tm.history.heading}
        </h2>
        {finished.length === 0 ? (
          <p className="text-[var(--color-muted)]">{tm.history.empty}</p>
        ) : (
          <div className="overflow-x-auto" role="region" aria-labelledby="history-h" tabIndex={0}>
            <table className="w-full border-collapse text-sm" data-testid="mock-history">
              <caption className="sr-only">{tm.history.caption}</caption>
              <thead>
                <tr className="border-b border-[var(--color-border)] text-left">
                  <th scope="col" className="py-2 pr-3">{tm.history.date}</th>
                  <th scope="col" className="py-2 pr-3">{tm.history.focus}</th>
                  <th scope="col" className="py-2 pr-3">{tm.history.length}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{tm.history.score}</th>
                  <th scope="col" className="py-2">{tm.history.report}</th>
                </tr>
              </thead>
              <tbody>
                {finished.map((h) => (
                  <tr key={h.id} className="border-b border-[var(--color-border)]">
                    <td className="py-2 pr-3">{dateFmt.format(h.startedAt)}</td>
                    <td className="py-2 pr-3">{focusName(h.focus)}</td>
                    <td className="py-2 pr-3">{format(tm.start.minutes, { n: h.lengthMinutes })}</td>
                    <td className="py-2 pr-3 text-right font-mono">{h.score === null ? "—" : Math.round(h.score)}</td>
                    <td className="py-2">
                      <Link href={`/mock/${h.id}/report`}>
                        {tm.history.open}
                        <span className="sr-only"> · {dateFmt.format(h.startedAt)}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
