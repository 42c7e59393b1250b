import { ChartSection, DataTable } from "@/components/dashboard/chart-section";
import { fmtNum, pct } from "@/components/dashboard/format";
import type { Locale } from "@/lib/i18n/config";
import { format, type Dictionary } from "@/lib/i18n/dictionaries";
import type { CardInfoData } from "@/lib/server/evidence";
import { formatInterval } from "@/lib/srs/scheduler";
import { ticks as niceTicks } from "@/lib/lab/transfer-charts";
import { XyChart } from "./xy-chart";

const utc = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

/** Card info of one item (as Anki's): memory state, forgetting curve, every review. */
export function CardInfoView({ info, locale, t }: { info: CardInfoData; locale: Locale; t: Dictionary }) {
  const c = t.schedule.card;
  const tableToggle = c.curveTable;
  const interviewIso = info.interviewDate ? info.interviewDate.toISOString().slice(0, 10) : null;
  const facts: [string, string, string][] = info.stability === null
    ? [["state", c.state, c.states[String(info.state)] ?? String(info.state)]]
    : [
        ["state", c.state, c.states[String(info.state)] ?? String(info.state)],
        ["difficulty", c.difficulty, fmtNum(locale, info.difficulty!, 2)],
        ["stability", `${c.stability} (${c.stabilityExplain})`, format(c.stabilityValue, { days: fmtNum(locale, info.stability, 1) })],
        ["recall-now", c.recallNow, `${fmtNum(locale, info.recallNow! * 100, 1)} %`],
        [
          "recall-interview",
          interviewIso ? format(c.recallAtInterview, { date: interviewIso }) : c.recallAtInterview.replace(/[(（].*[)）]/, "").trim(),
          info.recallAtInterview !== null ? `${fmtNum(locale, info.recallAtInterview * 100, 1)} %` : c.noInterview,
        ],
        ["last-review", c.lastReview, info.lastReview ? `${utc(info.lastReview)} UTC` : "—"],
        ["due", c.due, info.due ? `${utc(info.due)} UTC` : "—"],
        ["reps", c.reps, String(info.reps)],
        ["lapses", c.lapses, String(info.lapses)],
      ];

  const curve = info.curve;
  const span = curve.length ? curve[curve.length - 1].days : 0;
  const markers = [
    ...(info.nowDays !== null ? [{ x: info.nowDays, label: c.curveNowMark }] : []),
    ...(info.interviewDays !== null ? [{ x: info.interviewDays, label: `${c.curveInterviewMark} ${interviewIso}`, color: "var(--color-accent)" }] : []),
  ];
  const curveLabel = format(c.curveLabel, {
    now: info.recallNow !== null ? pct(info.recallNow) : "0",
    interview: info.recallAtInterview !== null ? format(c.curveInterview, { recall: pct(info.recallAtInterview) }) : "",
    days: fmtNum(locale, span, 0),
  });
  const tableStep = Math.max(1, Math.floor(curve.length / 12));

  return (
    <div className="flex flex-col gap-4" data-testid="card-info">
      <section aria-labelledby="card-memory-h" className="rounded-lg border border-[var(--color-border)] p-4">
        <h2 id="card-memory-h" className="text-lg font-semibold">
          {c.memory}
        </h2>
        {info.stability === null ? (
          <p className="mt-2" data-testid="card-not-studied">
            {c.notStudied}
          </p>
        ) : null}
        <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-2">
          {facts.map(([id, label, value]) => (
            <div key={id} className="flex justify-between gap-3 border-b border-[var(--color-border)] py-1" data-testid={`card-${id}`}>
              <dt className="text-[var(--color-muted)]">{label}</dt>
              <dd className="text-right font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-sm text-[var(--color-muted)]">{info.weightsSource === "fitted" ? format(c.weightsFitted, { date: info.weightsFittedAt ? info.weightsFittedAt.toISOString().slice(0, 10) : "—" }) : c.weightsDefault}</p>
      </section>

      {curve.length ? (
        <ChartSection
          id="curve"
          heading={c.curveHeading}
          explain={c.curveExplain}
          summary={curveLabel}
          tableToggle={tableToggle}
          chart={
            <XyChart
              testId="forgetting-curve"
              label={curveLabel}
              series={[{ points: curve.map((p) => ({ x: p.days, y: p.recall })), color: "var(--color-accent)" }]}
              markers={markers}
              x={{ min: 0, max: span, ticks: niceTicks(span), format: (v) => fmtNum(locale, v, 0) }}
              y={{ min: 0, max: 1, ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => `${pct(v)}%` }}
              xTitle={c.curveDays}
              yTitle={c.curveRecall}
            />
          }
          table={
            <DataTable
              caption={c.curveHeading}
              head={[c.curveDays, c.curveRecall]}
              rows={curve.filter((_, i) => i % tableStep === 0 || i === curve.length - 1).map((p) => [fmtNum(locale, p.days, 1), `${fmtNum(locale, p.recall * 100, 1)} %`])}
            />
          }
        />
      ) : null}

      <section aria-labelledby="card-reviews-h" className="rounded-lg border border-[var(--color-border)] p-4" data-testid="card-reviews">
        <h2 id="card-reviews-h" className="text-lg font-semibold">
          {c.reviewsHeading}
        </h2>
        {info.reviews.length === 0 ? (
          <p className="mt-2">{c.reviewsNone}</p>
        ) : (
          <>
            <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label={c.reviewsHeading}>
              <table className="w-full border-collapse text-sm">
                <caption className="sr-only">{c.reviewsHeading}</caption>
                <thead>
                  <tr>
                    {[c.reviewDate, c.rating, c.duration, c.interval].map((h, i) => (
                      <th key={h} scope="col" className={`border-b border-[var(--color-border)] px-2 py-1 font-semibold ${i === 0 ? "text-left" : "text-right"}`}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {info.reviews.map((r) => (
                    <tr key={r.id} data-undone={r.undone ? "true" : undefined} className={r.undone ? "text-[var(--color-muted)]" : undefined}>
                      <th scope="row" className="border-b border-[var(--color-border)] px-2 py-1 text-left font-normal tabular-nums">
                        {r.undone ? <s>{utc(r.review)}</s> : utc(r.review)}
                        {r.undone ? <span className="ml-2 rounded border border-[var(--color-border)] px-1 text-xs">{c.undone}</span> : null}
                      </th>
                      <td className="border-b border-[var(--color-border)] px-2 py-1 text-right">{c.ratings[String(r.rating)] ?? r.rating}</td>
                      <td className="border-b border-[var(--color-border)] px-2 py-1 text-right tabular-nums">{format(c.durationValue, { seconds: fmtNum(locale, r.durationMs / 1000, 1) })}</td>
                      <td className="border-b border-[var(--color-border)] px-2 py-1 text-right tabular-nums">
                        {Number.isFinite(r.intervalMs) ? formatInterval(r.review, new Date(r.review.getTime() + r.intervalMs)) : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {info.reviews.some((r) => r.undone) ? <p className="mt-2 text-sm text-[var(--color-muted)]">{c.undoneNote}</p> : null}
          </>
        )}
      </section>
    </div>
  );
}
