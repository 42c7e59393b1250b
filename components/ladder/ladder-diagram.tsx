/**
 * The ladder (sequence) diagram: client and server lanes, one arrow per segment labelled as tcpdump
 * prints it, each side's state beside its lane when it changes, lost segments stopping midway with a
 * ✕, retransmissions and timers marked. Server-compatible (no hooks, no "use client"); all geometry
 * comes from `layout.ts`. Colours are `currentColor` and the theme's CSS variables, so it follows the
 * light and dark themes. Text alternative: `<title>`/`<desc>` on the SVG plus a visually hidden
 * ordered list of every step, for screen readers.
 */
import type { CSSProperties } from "react";
import {
  layoutLadder,
  segmentLabel,
  type LadderSegment,
  type LadderSide,
  type LadderTimer,
  type TextItem,
  type Tone,
} from "./layout";

export type { LadderSegment, LadderSide, LadderTimer } from "./layout";

export interface LadderDiagramProps {
  segments: LadderSegment[];
  initial?: { client: string; server: string };
  /** Every visible or spoken word, already in the page's language. */
  labels: { client: string; server: string; lost: string; retransmission: string; title: string; description?: string };
  /** Index of the row to emphasise (stepping through a scenario). */
  highlight?: number;
  timers?: LadderTimer[];
  /** Prefix for the ids that tie the SVG to its title and description; derived from the content if omitted. */
  id?: string;
  className?: string;
}

const TONE: Record<Tone, string> = {
  fg: "var(--color-fg, currentColor)",
  muted: "var(--color-muted, currentColor)",
  accent: "var(--color-accent, currentColor)",
  danger: "var(--color-danger, currentColor)",
};
const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";
const SANS = "inherit";

function Text({ item, halo = false }: { item: TextItem; halo?: boolean }) {
  return (
    <text
      x={item.x}
      y={item.y}
      textAnchor={item.anchor}
      fontSize={item.fontSize}
      fontFamily={item.mono ? MONO : SANS}
      fontWeight={item.bold ? 600 : undefined}
      fill={TONE[item.tone]}
      {...(halo ? { stroke: "var(--color-bg, transparent)", strokeWidth: 4, paintOrder: "stroke", strokeLinejoin: "round" as const } : {})}
    >
      {item.text}
    </text>
  );
}

/** A short stable hash, so ids differ between diagrams without hooks. */
function hashId(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

export function LadderDiagram({ segments, initial, labels, highlight, timers, id, className }: LadderDiagramProps) {
  const layout = layoutLadder({ segments, initial, labels, highlight, timers });
  const prefix = id ?? `ladder-${hashId(JSON.stringify([segments, initial, labels.title, timers]))}`;
  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;
  const sideName = (side: LadderSide) => labels[side];
  // On a phone (globals.css .ladder-svg) never narrower than 1.15× its own units (text at about
  // 13 px): the diagram scrolls sideways in its box instead of shrinking below reading size.
  const svgStyle = { color: "var(--color-fg, currentColor)", height: "auto", maxWidth: "36rem", "--ladder-w": `${layout.width}px` } as CSSProperties;

  return (
    <div className={className}>
      <div className="overflow-x-auto" tabIndex={0} role="group" aria-label={labels.title} data-testid="ladder-scroll">
        <svg
          role="img"
          aria-labelledby={labels.description ? `${titleId} ${descId}` : titleId}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width="100%"
          preserveAspectRatio="xMidYMin meet"
          style={svgStyle}
          className="ladder-svg block w-full"
        >
          <title id={titleId}>{labels.title}</title>
          {labels.description ? <desc id={descId}>{labels.description}</desc> : null}

          {layout.rows
            .filter((r) => r.highlighted)
            .map((r) => (
              <rect
                key={`hl-${r.index}`}
                data-highlight={r.index}
                x={0}
                y={r.top}
                width={layout.width}
                height={r.bottom - r.top}
                rx={6}
                fill={TONE.accent}
                fillOpacity={0.12}
                stroke={TONE.accent}
                strokeOpacity={0.5}
              />
            ))}

          {layout.lanes.map((lane) => (
            <g key={lane.side} data-lane={lane.side}>
              <Text item={lane.heading} />
              <line x1={lane.x} y1={lane.top} x2={lane.x} y2={lane.bottom} stroke={TONE.muted} strokeWidth={2} />
            </g>
          ))}

          {layout.timers.map((t, i) => (
            <g key={`timer-${i}`} data-timer={t.side} stroke={TONE.accent} fill="none" strokeWidth={1.5}>
              <line x1={t.x} y1={t.y1} x2={t.x} y2={t.y2} />
              <line x1={t.x} y1={t.y1} x2={t.x + t.tick} y2={t.y1} />
              <line x1={t.x} y1={t.y2} x2={t.x + t.tick} y2={t.y2} />
              <text
                x={t.labelX}
                y={t.labelY}
                transform={`rotate(-90 ${t.labelX} ${t.labelY})`}
                textAnchor="middle"
                dominantBaseline={t.side === "client" ? "hanging" : "auto"}
                fontSize={11.5}
                fill={TONE.accent}
                stroke="var(--color-bg, transparent)"
                strokeWidth={4}
                paintOrder="stroke"
              >
                {t.label}
              </text>
            </g>
          ))}

          {layout.rows.map((r) => (
            <g key={`row-${r.index}`} data-row={r.index} data-lost={r.lost || undefined} data-retransmission={r.retransmission || undefined}>
              <line
                x1={r.x1}
                y1={r.y1}
                x2={r.x2}
                y2={r.y2}
                stroke={r.lost ? TONE.danger : r.retransmission ? TONE.accent : TONE.fg}
                strokeWidth={1.75}
                strokeDasharray={r.lost ? "5 4" : undefined}
              />
              {r.head ? <polygon points={r.head.map((p) => p.join(",")).join(" ")} fill={r.retransmission ? TONE.accent : TONE.fg} /> : null}
              {r.cross ? (
                <g data-cross="" stroke={TONE.danger} strokeWidth={2.25} strokeLinecap="round">
                  {r.cross.lines.map(([a, b, c, d], k) => (
                    <line key={k} x1={a} y1={b} x2={c} y2={d} />
                  ))}
                </g>
              ) : null}
              {r.labels.map((item, k) => (
                <Text key={k} item={item} halo />
              ))}
              {r.noteBand ? (
                <rect data-note-band="" x={0} y={r.noteBand.y} width={layout.width} height={r.noteBand.height} fill="var(--color-bg, #fff)" fillOpacity={0.94} />
              ) : null}
              {r.noteBand && r.highlighted ? (
                <rect x={0} y={r.noteBand.y} width={layout.width} height={r.noteBand.height} fill={TONE.accent} fillOpacity={0.12} />
              ) : null}
              {r.notes.map((item, k) => (
                <Text key={`n${k}`} item={item} halo />
              ))}
            </g>
          ))}

          {layout.states.map((s, i) => (
            <g key={`state-${i}`} data-state={s.side} data-state-row={s.row}>
              <Text item={s} halo />
            </g>
          ))}
        </svg>
      </div>

      <ol className="sr-only">
        {initial ? (
          <li>
            {`${sideName("client")}: ${initial.client}; ${sideName("server")}: ${initial.server}`}
          </li>
        ) : null}
        {segments.map((seg, i) => {
          const to: LadderSide = seg.from === "client" ? "server" : "client";
          const tags = [seg.retransmission ? labels.retransmission : null, seg.lost ? labels.lost : null].filter(Boolean);
          const started = (timers ?? []).filter((t) => Math.floor(t.from) === i);
          return (
            <li key={i} aria-current={highlight === i ? "step" : undefined}>
              {`${sideName(seg.from)} → ${sideName(to)}: ${segmentLabel(seg)}`}
              {tags.length > 0 ? ` (${tags.join(", ")})` : ""}
              {`. ${sideName("client")}: ${seg.client}; ${sideName("server")}: ${seg.server}.`}
              {started.map((t) => ` ${sideName(t.side)}: ${t.label}.`).join("")}
              {seg.note ? ` ${seg.note}` : ""}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export default LadderDiagram;
