/**
 * A small line chart shared by the forgetting curve, the reliability diagram and the workload
 * curve: one SVG with role="img" and a label that says what it shows (each caller also gives the
 * figures as a table). Coordinates are a fixed 360 × 220 view box scaled to the width, so text
 * stays in proportion on a phone.
 */
export interface XyPoint {
  x: number;
  y: number;
  title?: string;
}

export interface XySeries {
  points: XyPoint[];
  color: string;
  dashed?: boolean;
  /** draw a dot at every point (with its title as a tooltip) */
  dots?: boolean;
}

export interface XyMarker {
  x: number;
  label: string;
  color?: string;
}

const W = 360;
const H = 220;
const L = 40;
const R = 12;
const T = 14;
const B = 34;

export function XyChart({
  label,
  series,
  markers = [],
  x,
  y,
  xTitle,
  yTitle,
  testId,
}: {
  label: string;
  series: XySeries[];
  markers?: XyMarker[];
  x: { min: number; max: number; ticks: number[]; format: (v: number) => string };
  y: { min: number; max: number; ticks: number[]; format: (v: number) => string };
  xTitle: string;
  yTitle: string;
  testId?: string;
}) {
  const sx = (v: number) => L + ((v - x.min) / (x.max - x.min || 1)) * (W - L - R);
  const sy = (v: number) => H - B - ((v - y.min) / (y.max - y.min || 1)) * (H - T - B);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} className="block max-w-xl" data-testid={testId}>
      {y.ticks.map((v) => (
        <g key={`y${v}`}>
          <line x1={L} x2={W - R} y1={sy(v)} y2={sy(v)} stroke="var(--color-border)" strokeDasharray={v === y.min ? undefined : "3 3"} />
          <text x={L - 4} y={sy(v) + 4} fontSize={10} textAnchor="end" fill="var(--color-muted)">
            {y.format(v)}
          </text>
        </g>
      ))}
      {x.ticks.map((v) => (
        <text key={`x${v}`} x={sx(v)} y={H - B + 14} fontSize={10} textAnchor="middle" fill="var(--color-muted)">
          {x.format(v)}
        </text>
      ))}
      <text x={(L + W - R) / 2} y={H - 4} fontSize={10} textAnchor="middle" fill="var(--color-muted)">
        {xTitle}
      </text>
      <text x={10} y={(T + H - B) / 2} fontSize={10} textAnchor="middle" fill="var(--color-muted)" transform={`rotate(-90 10 ${(T + H - B) / 2})`}>
        {yTitle}
      </text>
      {markers.map((m, i) => (
        <g key={`m${i}`}>
          <line x1={sx(m.x)} x2={sx(m.x)} y1={T} y2={H - B} stroke={m.color ?? "var(--color-fg)"} strokeWidth={1.5} strokeDasharray="4 3" />
          <text x={sx(m.x) + (sx(m.x) > W - 70 ? -3 : 3)} y={T + 10 + i * 12} fontSize={10} textAnchor={sx(m.x) > W - 70 ? "end" : "start"} fill="var(--color-fg)">
            {m.label}
          </text>
        </g>
      ))}
      {series.map((s, i) => (
        <g key={`s${i}`}>
          {s.points.length > 1 ? (
            <polyline
              points={s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ")}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? "5 4" : undefined}
            />
          ) : null}
          {s.dots
            ? s.points.map((p, j) => (
                <circle key={j} cx={sx(p.x)} cy={sy(p.y)} r={3.5} fill="var(--color-bg)" stroke={s.color} strokeWidth={2}>
                  {p.title ? <title>{p.title}</title> : null}
                </circle>
              ))
            : null}
        </g>
      ))}
    </svg>
  );
}
