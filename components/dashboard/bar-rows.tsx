/**
 * Horizontal bars, one row per entry: the label on its own line (full width, so long topic names
 * fit a phone), the value at the right, and a 0–100 % bar below. Widths are percentages of the
 * chart, text is in pixels.
 */
export interface BarRow {
  label: string;
  /** 0..1 */
  value: number;
  valueText: string;
  color: string;
  /** an optional tick, 0..1 (e.g. the desired retention) */
  marker?: number;
}

const ROW = 36;

export function BarRows({ rows, label }: { rows: BarRow[]; label: string }) {
  return (
    <svg width="100%" height={rows.length * ROW} role="img" aria-label={label} className="block">
      {rows.map((r, i) => {
        const y = i * ROW;
        return (
          <g key={i}>
            <text x="0" y={y + 13} fontSize={12.5} fill="var(--color-fg)">
              {r.label}
            </text>
            <text x="100%" y={y + 13} fontSize={12.5} textAnchor="end" fill="var(--color-fg)" fontWeight={600}>
              {r.valueText}
            </text>
            <rect x="0" y={y + 19} width="100%" height={10} rx={3} fill="var(--color-surface)" stroke="var(--color-border)" strokeWidth={0.75} />
            {r.value > 0 ? <rect x="0" y={y + 19} width={`${Math.min(1, r.value) * 100}%`} height={10} rx={3} fill={r.color} /> : null}
            {r.marker !== undefined ? (
              <line x1={`${r.marker * 100}%`} x2={`${r.marker * 100}%`} y1={y + 16} y2={y + 32} stroke="var(--color-fg)" strokeWidth={2} />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
