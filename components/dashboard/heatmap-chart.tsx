import { heatLevel, weekday, dayIso, type Heatmap } from "@/lib/dashboard/figures";
import type { Locale } from "@/lib/i18n/config";
import { monthName, weekdayName } from "./format";

const CELL = 11;
const STEP = 13;
const LEFT = 30;
const TOP = 16;
/** Shades 1–4 are the accent colour at rising opacity; 0 is an outlined empty cell. */
const OPACITY = [0, 0.3, 0.55, 0.8, 1];

interface Props {
  data: Heatmap;
  locale: Locale;
  /** weeks shown: 53 for the whole year, fewer on a phone */
  weeks: number;
  label: string;
  less: string;
  more: string;
}

/**
 * The review heatmap: one column per week (Monday at the top), one cell per day, the most
 * recent week at the right. Drawn in viewBox units sized so one unit is about one CSS pixel at
 * the width it is shown at (the phone variant has fewer weeks, so its labels stay legible).
 */
export function HeatmapChart({ data, locale, weeks, label, less, more }: Props) {
  const today = data.days[data.days.length - 1].day;
  const lastMonday = today - weekday(today);
  const firstMonday = lastMonday - (weeks - 1) * 7;
  const shown = data.days.filter((d) => d.day >= firstMonday);
  const width = LEFT + weeks * STEP;
  const height = TOP + 7 * STEP + 24;
  const months: { x: number; text: string }[] = [];
  for (let w = 0; w < weeks; w++) {
    const monday = firstMonday + w * 7;
    // Label the week in which a month starts (its first day falls in this column).
    for (let i = 0; i < 7; i++) {
      if (Number(dayIso(monday + i).slice(8, 10)) === 1 && w < weeks - 1) months.push({ x: LEFT + w * STEP, text: monthName(locale, monday + i) });
    }
  }
  // One path per shade (a square per day) keeps the markup small: 365 days would otherwise be
  // 365 elements, twice (HTML and the RSC payload). The table beside the chart has the numbers.
  const cells: string[][] = [[], [], [], [], []];
  for (const d of shown) {
    const col = Math.floor((d.day - firstMonday) / 7);
    cells[heatLevel(d.count, data.max)].push(`M${LEFT + col * STEP} ${TOP + weekday(d.day) * STEP}h${CELL}v${CELL}h-${CELL}z`);
  }
  const cellPaths = cells.map((c) => c.join(""));
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={label} style={{ maxWidth: `${width * 1.4}px`, height: "auto" }}>
      {months.map((m, i) => (
        <text key={i} x={m.x} y={11} fontSize={10} fill="var(--color-muted)">
          {m.text}
        </text>
      ))}
      {[0, 2, 4].map((wd) => (
        <text key={wd} x={0} y={TOP + wd * STEP + 9} fontSize={10} fill="var(--color-muted)">
          {weekdayName(locale, wd)}
        </text>
      ))}
      {cellPaths.map((d, level) =>
        d ? (
          <path
            key={level}
            d={d}
            fill={level === 0 ? "var(--color-surface)" : "var(--color-accent)"}
            fillOpacity={level === 0 ? 1 : OPACITY[level]}
            stroke={level === 0 ? "var(--color-border)" : "none"}
            strokeWidth={0.5}
          />
        ) : null,
      )}
      <g transform={`translate(${width - 5 * STEP - 60}, ${TOP + 7 * STEP + 8})`}>
        <text x={0} y={9} fontSize={10} fill="var(--color-muted)" textAnchor="end" dx={-4}>
          {less}
        </text>
        {OPACITY.map((o, i) => (
          <rect
            key={i}
            x={i * STEP}
            y={0}
            width={CELL}
            height={CELL}
            fill={i === 0 ? "var(--color-surface)" : "var(--color-accent)"}
            fillOpacity={i === 0 ? 1 : o}
            stroke={i === 0 ? "var(--color-border)" : "none"}
            strokeWidth={0.5}
          />
        ))}
        <text x={5 * STEP + 2} y={9} fontSize={10} fill="var(--color-muted)">
          {more}
        </text>
      </g>
    </svg>
  );
}
