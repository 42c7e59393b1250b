/**
 * A column per day. Horizontal positions are percentages of the width and vertical ones pixels,
 * so the chart fills any width (1280 px desktop or a 375 px phone) while its text keeps its
 * size. Colours are the theme's CSS variables.
 */
export interface Column {
  value: number;
  /** tooltip and accessible detail, e.g. "3/14: 12 due" */
  title: string;
  /** axis label under the column, shown only when given */
  label?: string;
  highlight?: boolean;
}

const H = 150;
const TOP = 18;
const BOTTOM = 20;

export function ColumnChart({ columns, label, maxLabel }: { columns: Column[]; label: string; maxLabel: (max: number) => string }) {
  const n = columns.length;
  const max = Math.max(0, ...columns.map((c) => c.value));
  const plot = H - TOP - BOTTOM;
  const step = 100 / n;
  return (
    <svg width="100%" height={H} role="img" aria-label={label} className="block overflow-visible">
      <line x1="0" x2="100%" y1={TOP} y2={TOP} stroke="var(--color-border)" strokeDasharray="3 3" />
      <text x="0" y={TOP - 5} fontSize={11} fill="var(--color-muted)">
        {maxLabel(max)}
      </text>
      <line x1="0" x2="100%" y1={TOP + plot} y2={TOP + plot} stroke="var(--color-border)" />
      {columns.map((c, i) => {
        const h = max > 0 ? Math.round((c.value / max) * plot) : 0;
        return (
          <g key={i}>
            {h > 0 ? (
              <rect
                x={`${(i + 0.15) * step}%`}
                width={`${step * 0.7}%`}
                y={TOP + plot - h}
                height={h}
                rx={1.5}
                fill={c.highlight ? "var(--color-warning)" : "var(--color-accent)"}
              >
                <title>{c.title}</title>
              </rect>
            ) : null}
            {c.label ? (
              <text x={`${(i + 0.5) * step}%`} y={H - 5} fontSize={11} textAnchor="middle" fill="var(--color-muted)">
                {c.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
