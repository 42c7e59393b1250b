/**
 * Reviews per day until the interview: a stacked column per day (planned reviews, new questions)
 * and a line for the reviews normal FSRS would schedule on the same budget. Horizontal positions
 * are percentages and vertical ones pixels, so it fits a 375 px phone and a desktop alike; colours
 * are the theme's variables. The page shows the same figures in a table (the accessible fallback).
 */
export interface PlanChartDay {
  label: string;
  reviews: number;
  fresh: number;
  without: number;
  /** "12 reviews, 3 new, normal FSRS 9" for the tooltip */
  title: string;
}

const H = 180;
const TOP = 18;
const BOTTOM = 22;

export function PlanChart({ days, title, desc, legend, maxLabel }: { days: PlanChartDay[]; title: string; desc: string; legend: { plan: string; fresh: string; fsrs: string }; maxLabel: (max: number) => string }) {
  const n = Math.max(1, days.length);
  const max = Math.max(1, ...days.map((d) => Math.max(d.reviews + d.fresh, d.without)));
  const plot = H - TOP - BOTTOM;
  const step = 100 / n;
  const y = (v: number) => TOP + plot - (v / max) * plot;
  const every = Math.ceil(n / 8);
  return (
    <figure className="m-0">
      <svg width="100%" height={H} role="img" aria-labelledby="plan-chart-title plan-chart-desc" className="block overflow-visible" data-testid="plan-chart">
        <title id="plan-chart-title">{title}</title>
        <desc id="plan-chart-desc">{desc}</desc>
        <line x1="0" x2="100%" y1={TOP} y2={TOP} stroke="var(--color-border)" strokeDasharray="3 3" />
        <text x="0" y={TOP - 5} fontSize={11} fill="var(--color-muted)">
          {maxLabel(max)}
        </text>
        <line x1="0" x2="100%" y1={TOP + plot} y2={TOP + plot} stroke="var(--color-border)" />
        {days.map((d, i) => {
          const hr = (d.reviews / max) * plot;
          const hn = (d.fresh / max) * plot;
          return (
            <g key={i}>
              <title>{d.title}</title>
              {hr > 0 ? <rect x={`${(i + 0.15) * step}%`} width={`${step * 0.7}%`} y={TOP + plot - hr} height={hr} fill="var(--color-accent)" /> : null}
              {hn > 0 ? <rect x={`${(i + 0.15) * step}%`} width={`${step * 0.7}%`} y={TOP + plot - hr - hn} height={hn} fill="var(--color-warning)" /> : null}
              {/* normal FSRS: a short dash across the column */}
              <line x1={`${(i + 0.05) * step}%`} x2={`${(i + 0.95) * step}%`} y1={y(d.without)} y2={y(d.without)} stroke="var(--color-fg)" strokeWidth={2} strokeDasharray="4 2" />
              {i % every === 0 ? (
                <text x={`${(i + 0.5) * step}%`} y={H - 6} fontSize={11} textAnchor="middle" fill="var(--color-muted)">
                  {d.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs" aria-hidden="true">
        <span>
          <span className="mr-1 inline-block h-3 w-3 align-middle" style={{ background: "var(--color-accent)" }} />
          {legend.plan}
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 align-middle" style={{ background: "var(--color-warning)" }} />
          {legend.fresh}
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-4 align-middle" style={{ borderTop: "2px dashed var(--color-fg)" }} />
          {legend.fsrs}
        </span>
      </figcaption>
    </figure>
  );
}
