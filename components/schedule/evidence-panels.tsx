import Link from "next/link";
import { ChartSection, DataTable } from "@/components/dashboard/chart-section";
import { fmtNum, pct } from "@/components/dashboard/format";
import type { Locale } from "@/lib/i18n/config";
import { format, type Dictionary } from "@/lib/i18n/dictionaries";
import type { TopicReadiness } from "@/lib/schedule/evidence";
import { MIN_PREDICTIONS, type CalibrationData } from "@/lib/server/evidence";
import type { WorkloadData } from "@/lib/server/workload";
import { ticks as niceTicks } from "@/lib/lab/transfer-charts";
import { XyChart } from "./xy-chart";

const pctAxis = { min: 0, max: 1, ticks: [0, 0.25, 0.5, 0.75, 1], format: (v: number) => `${pct(v)}%` };

/** Per topic: the predicted probability of answering on the interview date (or now). */
export function ReadinessSection({
  readiness,
  interviewDate,
  topicName,
  t,
}: {
  readiness: TopicReadiness[];
  interviewDate: Date | null;
  topicName: (id: string) => string;
  t: Dictionary;
}) {
  const r = t.schedule.readiness;
  return (
    <ChartSection id="readiness" heading={r.heading} explain={interviewDate ? format(r.introDate, { date: interviewDate.toISOString().slice(0, 10) }) : r.introNow}>
      <ul className="mt-3 flex flex-col gap-2">
        {readiness.map((m) => (
          <li key={m.topic} className="flex flex-col gap-1" data-predicted={m.predicted.toFixed(4)}>
            <span>
              {m.seen === 0
                ? format(r.lineNone, { topic: topicName(m.topic), total: m.total })
                : format(r.line, {
                    topic: topicName(m.topic),
                    predicted: pct(m.predicted),
                    seen: m.seen,
                    total: m.total,
                    predictedSeen: pct(m.predictedSeen ?? 0),
                    unseen: m.total - m.seen,
                  })}
            </span>
            <span aria-hidden="true" className="block h-2 w-full rounded bg-[var(--color-surface)] outline outline-1 outline-[var(--color-border)]">
              <span className="block h-2 rounded bg-[var(--color-accent)]" style={{ width: `${Math.min(100, m.predicted * 100)}%` }} />
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm">
        <Link href="#calibration-heading">{r.calibrationLink}</Link>
      </p>
    </ChartSection>
  );
}

/** Predictions against outcomes: a reliability diagram (SVG and table) and the Brier score. */
export function CalibrationPanel({ data, locale, t }: { data: CalibrationData; locale: Locale; t: Dictionary }) {
  const c = t.schedule.calibration;
  const count = data.count.reviews + data.count.mock;
  const summary =
    count === 0
      ? c.none
      : format(c.summary, { count, reviews: data.count.reviews, mock: data.count.mock, brier: fmtNum(locale, data.brier ?? 0, 3) });
  const label = format(c.chartLabel, { bins: data.bins.length });
  return (
    <ChartSection
      id="calibration"
      heading={c.heading}
      explain={c.explain}
      summary={summary}
      tableToggle={data.bins.length ? c.table : undefined}
      chart={
        data.bins.length ? (
          <XyChart
            testId="reliability-diagram"
            label={label}
            series={[
              { points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], color: "var(--color-muted)", dashed: true },
              {
                points: data.bins.map((b) => ({ x: b.predicted, y: b.observed, title: `${c.predicted} ${pct(b.predicted)} % · ${c.observed} ${pct(b.observed)} % · n = ${b.n}` })),
                color: "var(--color-accent)",
                dots: true,
              },
            ]}
            x={pctAxis}
            y={pctAxis}
            xTitle={c.predicted}
            yTitle={c.observed}
          />
        ) : undefined
      }
      table={
        <DataTable
          caption={c.heading}
          head={[c.range, c.count, c.predicted, c.observed]}
          rows={data.bins.map((b) => [`${fmtNum(locale, b.lo * 100, 1)}–${fmtNum(locale, b.hi * 100, 1)} %`, b.n, `${fmtNum(locale, b.predicted * 100, 1)} %`, `${fmtNum(locale, b.observed * 100, 1)} %`])}
        />
      }
    >
      {count > 0 && !data.enough ? (
        <p className="mt-2 rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-2 text-sm" data-testid="calibration-few">
          {format(c.few, { count, min: MIN_PREDICTIONS })}
        </p>
      ) : null}
      {data.unseenMock.answered > 0 ? <p className="mt-2 text-sm">{format(c.unseenMock, data.unseenMock)}</p> : null}
      <p className="mt-2 text-sm text-[var(--color-muted)]">{data.weightsSource === "fitted" ? c.weightsFitted : c.weightsDefault}</p>
    </ChartSection>
  );
}

/** Reviews per day at each desired retention, the learner's setting marked. */
export function WorkloadSection({ data, locale, t }: { data: WorkloadData; locale: Locale; t: Dictionary }) {
  const w = t.schedule.workload;
  const current = data.points.find((p) => p.retention === data.current) ?? null;
  const maxReviews = Math.max(1, ...data.points.map((p) => p.reviewsPerDay));
  const ticks = niceTicks(maxReviews);
  const label = format(w.chartLabel, { current: pct(data.current) });
  return (
    <ChartSection
      id="workload"
      heading={w.heading}
      explain={format(w.explain, { days: data.days, cards: data.cards, newPerDay: data.newPerDay })}
      summary={
        current
          ? format(w.summary, {
              current: pct(data.current),
              reviews: fmtNum(locale, current.reviewsPerDay, 1),
              minutes: fmtNum(locale, current.minutesPerDay, 1),
              recall: pct(current.meanRecall),
            })
          : undefined
      }
      tableToggle={w.table}
      chart={
        <XyChart
          testId="workload-curve"
          label={label}
          series={[{ points: data.points.map((p) => ({ x: p.retention, y: p.reviewsPerDay, title: `${pct(p.retention)} %: ${fmtNum(locale, p.reviewsPerDay, 1)}` })), color: "var(--color-accent)", dots: true }]}
          markers={[{ x: data.current, label: `${w.current} ${pct(data.current)}%` }]}
          x={{ min: 0.7, max: Math.max(0.98, data.current), ticks: [0.7, 0.8, 0.9, Math.max(0.98, data.current)], format: (v) => `${pct(v)}%` }}
          y={{ min: 0, max: ticks[ticks.length - 1], ticks, format: (v) => fmtNum(locale, v, 0) }}
          xTitle={w.retention}
          yTitle={w.reviews}
        />
      }
      table={
        <DataTable
          caption={w.heading}
          head={[w.retention, w.reviews, w.minutes, w.recall]}
          rows={data.points.map((p) => [
            `${pct(p.retention)} %${p.retention === data.current ? ` (${w.current})` : ""}`,
            fmtNum(locale, p.reviewsPerDay, 1),
            fmtNum(locale, p.minutesPerDay, 1),
            `${pct(p.meanRecall)} %`,
          ])}
        />
      }
    >
      <p className="mt-2 text-xs text-[var(--color-muted)]">{data.computedMs > 0 ? format(w.cost, { ms: Math.round(data.computedMs) }) : w.cached}</p>
    </ChartSection>
  );
}
