import type { MockResult } from "@/lib/dashboard/figures";

/**
 * Mock-interview scores over time, 0–100: a line through the finished interviews, oldest at the
 * left. The line is drawn in a stretched inner SVG (non-scaling stroke), the points and labels
 * in percentages and pixels, so the chart fills any width without distorting text or dots.
 */
const H = 160;
const TOP = 12;
const BOTTOM = 12;
const LEFT_PCT = 3;
const RIGHT_PCT = 90;

export function MockTrendChart({ points, label, titleOf }: { points: MockResult[]; label: string; titleOf: (p: MockResult) => string }) {
  const plot = H - TOP - BOTTOM;
  const y = (score: number) => TOP + plot - (score / 100) * plot;
  const x = (i: number) => (points.length === 1 ? (LEFT_PCT + RIGHT_PCT) / 2 : LEFT_PCT + (i / (points.length - 1)) * (RIGHT_PCT - LEFT_PCT));
  return (
    <svg width="100%" height={H} role="img" aria-label={label} className="block">
      {[0, 50, 100].map((g) => (
        <g key={g}>
          <line x1="0" x2="100%" y1={y(g)} y2={y(g)} stroke="var(--color-border)" strokeDasharray={g === 0 ? undefined : "3 3"} />
          <text x="100%" y={y(g) + (g === 100 ? 11 : -3)} fontSize={11} textAnchor="end" fill="var(--color-muted)">
            {g}
          </text>
        </g>
      ))}
      <svg x="0" y="0" width="100%" height={H} viewBox={`0 0 100 ${H}`} preserveAspectRatio="none">
        <polyline
          points={points.map((p, i) => `${x(i)},${y(p.score)}`).join(" ")}
          fill="none"
          stroke="var(--color-accent)"
          strokeWidth={2}
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      {points.map((p, i) => (
        <circle key={i} cx={`${x(i)}%`} cy={y(p.score)} r={4} fill="var(--color-bg)" stroke="var(--color-accent)" strokeWidth={2}>
          <title>{titleOf(p)}</title>
        </circle>
      ))}
    </svg>
  );
}
