import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HighlightedAnswer, TalkResult, WorkedResult, turnMeta } from "@/components/mock/turn-view";
import { describeAnsweredTurns } from "@/components/mock/interviewer";
import { FocusStart } from "@/components/practice/focus-start";
import { focusStrings } from "@/lib/i18n/features/focus";
import { topicById } from "@/lib/content/topics";
import { HTML_LANG } from "@/lib/i18n/config";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { formatClock } from "@/lib/mock/limits";
import { getBank } from "@/lib/server/bank";
import { getMockView, getReport } from "@/lib/server/mock";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.mock.report.title };
}

const h2 = "mb-2 mt-8 text-lg font-semibold";
const th = "py-2 pr-3 text-left";
const td = "py-2 pr-3 align-top";

export default async function ReportPage({ params }: Props) {
  const { id } = await params;
  const [{ t, locale }, user] = await Promise.all([getI18n(), getCurrentUser()]);
  const [report, view] = await Promise.all([getReport(user.id, id), getMockView(user.id, id)]);
  if (!report || !view) notFound();
  const tm = t.mock;
  const lang = report.interview.lang;
  const qLang = HTML_LANG[lang];
  const bank = getBank();
  const dateFmt = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  const focusName = tm.focuses[report.interview.focus as keyof typeof tm.focuses] ?? report.interview.focus;
  const finished = report.interview.status === "finished";
  const described = describeAnsweredTurns(tm, report.turns, view.turns, view.interview.seed, bank.byId, lang);
  // What was asked at each turn, as the interviewer said it: a ladder turn asked to draw a ladder,
  // not the bank prompt of the item it was drawn from.
  const askedAt = new Map(described.map((d) => [d.turn.index, d.turn.mode === "ladder" ? d.said.question : d.turn.question]));

  return (
    <article>
      <p className="mb-2 text-sm">
        <Link href="/mock">← {tm.report.back}</Link>
      </p>
      <h1 className="text-2xl font-bold tracking-tight">{tm.report.title}</h1>
      <p className="text-sm text-[var(--color-muted)]">
        {format(tm.report.meta, { length: report.interview.lengthMinutes, focus: focusName, lang: tm.langs[lang], date: dateFmt.format(report.interview.startedAt) })}
      </p>
      {!finished ? (
        <p className="mt-2">
          {tm.report.notFinished} <Link href={`/mock/${id}`}>{tm.interview.title}</Link>
        </p>
      ) : null}

      <section aria-labelledby="overall-h" className="mt-4 flex flex-wrap items-end gap-6 rounded-md bg-[var(--color-surface)] p-4">
        <div>
          <h2 id="overall-h" className="text-sm font-medium text-[var(--color-muted)]">
            {tm.report.overall}
          </h2>
          <p className="text-4xl font-bold" data-testid="overall-score">
            {report.overall === null ? tm.report.noScore : `${report.overall} / 100`}
          </p>
        </div>
        <div>
          <p className="text-sm font-medium text-[var(--color-muted)]">{tm.report.change}</p>
          <p className="text-lg font-semibold" data-testid="score-change">
            {report.change === null
              ? tm.report.firstMock
              : report.change > 0
                ? format(tm.report.up, { n: report.change })
                : report.change < 0
                  ? format(tm.report.down, { n: -report.change })
                  : tm.report.same}
          </p>
        </div>
        <p className="text-sm">{format(tm.report.totalTime, { time: formatClock(report.totalMs) })}</p>
        <p className="ml-auto">
          <a href={`/mock/${id}/report/export`} download className="rounded border border-[var(--color-accent)] px-3 py-2 font-semibold no-underline">
            {tm.report.export}
          </a>
        </p>
      </section>

      <section aria-labelledby="topics-h">
        <h2 id="topics-h" className={h2}>
          {tm.report.perTopic}
        </h2>
        <div className="overflow-x-auto" role="region" aria-labelledby="topics-h" tabIndex={0}>
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-[var(--color-border)]">
                <th scope="col" className={th}>{tm.report.topic}</th>
                <th scope="col" className={`${th} text-right`}>{tm.report.turns}</th>
                <th scope="col" className={`${th} text-right`}>{tm.history.score}</th>
              </tr>
            </thead>
            <tbody>
              {report.topics.map((s) => (
                <tr key={s.topic} className="border-b border-[var(--color-border)]">
                  <td className={td}>{topicById(s.topic)?.name[locale] ?? s.topic}</td>
                  <td className={`${td} text-right font-mono`}>{s.turns}</td>
                  <td className={`${td} text-right font-mono`}>{s.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="timing-h">
        <h2 id="timing-h" className={h2}>
          {tm.report.timing}
        </h2>
        <div className="overflow-x-auto" role="region" aria-labelledby="timing-h" tabIndex={0}>
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-[var(--color-border)]">
                <th scope="col" className={th}>#</th>
                <th scope="col" className={th}>{tm.report.question}</th>
                <th scope="col" className={th}>{tm.report.kind}</th>
                <th scope="col" className={`${th} text-right`}>{tm.report.time}</th>
                <th scope="col" className={`${th} text-right`}>{tm.report.recommended}</th>
                <th scope="col" className={`${th} text-right`}>{tm.history.score}</th>
              </tr>
            </thead>
            <tbody>
              {report.turns.map((r) => (
                <tr key={r.index} className="border-b border-[var(--color-border)]">
                  <td className={td}>{r.index + 1}</td>
                  <td className={`${td} min-w-48`} lang={qLang}>
                    {askedAt.get(r.index) ?? r.question}
                  </td>
                  <td className={td}>{tm.interview.kinds[r.kind]}</td>
                  <td className={`${td} text-right font-mono ${r.over ? "font-semibold text-[var(--color-danger)]" : ""}`}>
                    {formatClock(r.elapsedMs)}
                    {r.over ? <span className="font-sans"> ({tm.report.over})</span> : null}
                  </td>
                  <td className={`${td} text-right font-mono`}>{formatClock(r.recommendedMs)}</td>
                  <td className={`${td} text-right font-mono`}>{r.score === null ? "—" : Math.round(r.score * 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="missed-h">
        <h2 id="missed-h" className={h2}>
          {tm.report.missedHeading}
        </h2>
        {report.missed.length === 0 ? <p>{tm.report.missedNone}</p> : null}
        <ul className="space-y-4">
          {report.missed.map((q) => (
            <li key={q.itemId} className="grid gap-3 rounded border border-[var(--color-border)] p-3 md:grid-cols-2">
              <div>
                <p className="font-medium" lang={qLang}>
                  {q.worked ? (askedAt.get(q.worked.index) ?? q.question) : q.question}
                </p>
                {q.points.length > 0 ? (
                  <ul className="mt-1 list-disc pl-6 text-sm">
                    {q.points.map((p) => (
                      <li key={p.id}>
                        <span className="text-[var(--color-danger)]">{tm.interview.missed}:</span> <span lang={qLang}>{p.label}</span>
                        {p.disputes.map((d) => (
                          <p key={d.at} className="mt-1 rounded border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] px-2 py-1">
                            {format(tm.dispute.disputed, { note: d.note })}
                          </p>
                        ))}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {q.worked ? <WorkedResult turn={q.worked} t={t} ladder={null} lang={lang} /> : null}
              </div>
              <div className="rounded bg-[var(--color-surface)] p-2 text-sm">
                <p className="font-medium">{q.model ? tm.report.modelAnswer : tm.report.engineAnswer}</p>
                {q.model ? (
                  <p className="whitespace-pre-line" lang={qLang}>
                    {q.model}
                  </p>
                ) : (
                  <p lang={qLang}>{bank.byId.get(q.itemId)?.explanation[lang]}</p>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="due-h">
        <h2 id="due-h" className={h2}>
          {tm.report.dueHeading}
        </h2>
        {report.due.length === 0 ? (
          <p>{tm.report.dueNone}</p>
        ) : (
          <>
            <p className="text-sm text-[var(--color-muted)]">{tm.report.dueExplain}</p>
            <ul className="mt-1 list-disc pl-6" data-testid="due-list">
              {report.due.map((d) => (
                <li key={d.itemId}>
                  <Link href={`/questions/${d.itemId}`} lang={qLang}>
                    {d.question}
                  </Link>
                </li>
              ))}
            </ul>
            <div className="mt-2">
              <FocusStart only={report.due.map((d) => d.itemId)} s={focusStrings(locale)} lang={locale} testId="mock-focus" />
            </div>
            <p className="mt-2">
              <Link href="/practice">{tm.report.goPractice}</Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="answers-h">
        <h2 id="answers-h" className={h2}>
          {tm.report.answers}
        </h2>
        <ol className="space-y-4">
          {described.map(({ turn: r, record: rec, ladder: l, said }) => {
            return (
              <li key={r.index} className="rounded border border-[var(--color-border)] p-3">
                <h3 className="text-sm font-medium text-[var(--color-muted)]">
                  {r.index + 1}. {tm.interview.kinds[r.kind]} · {topicById(r.topic)?.name[locale] ?? r.topic}
                </h3>
                <p lang={qLang}>
                  {said.lead ? <span>{said.lead} </span> : null}
                  {said.question}
                </p>
                {r.mode === "talk" ? <HighlightedAnswer turn={r} empty={tm.interview.emptyAnswer} /> : null}
                <p className="mt-1 text-sm">{turnMeta(r, t)}</p>
                {r.mode === "talk" ? (
                  <TalkResult turn={r} t={t} interviewId={id} turnId={rec.id} back="report" />
                ) : (
                  <WorkedResult turn={r} t={t} ladder={l} lang={lang} />
                )}
              </li>
            );
          })}
        </ol>
      </section>
    </article>
  );
}
