/**
 * Pure geometry of the ladder (sequence) diagram: where the lanes, arrows, labels, states and timer
 * brackets go. No React; `ladder-diagram.tsx` only draws what this computes, so everything that can
 * be wrong about the picture is tested here.
 *
 * Coordinates are SVG user units in a viewBox LADDER.width wide. The width is fixed and narrow
 * (380) so that, drawn at 100% of a 375 px phone, one unit is about one pixel and the smallest text
 * (11.5 units) stays about 11 px; a long exchange grows the height instead.
 */

export type LadderSide = "client" | "server";

/** One segment, as the engine's TraceSegment / SimStep have it (structurally compatible). */
export interface LadderSegment {
  from: LadderSide;
  /** tcpdump notation: "S", "S.", ".", "P.", "F.", "R" … */
  flags: string;
  /** null when the question does not fix the numbers (state questions): the label leaves it out */
  seq: number | null;
  ack: number | null;
  len: number;
  /** Each side's state once this segment was processed (or lost). */
  client: string;
  server: string;
  lost?: boolean;
  /**
   * Index of a later segment at whose row this one was received: it crossed the segments between
   * (in flight while they were sent), so its arrow runs down to that row.
   */
  arrivesAt?: number;
  retransmission?: boolean;
  /** What happened and why, in the page's language. */
  note?: string;
}

/**
 * A timer drawn as a bracket beside a lane, from the moment row `from` is sent until row `to` is
 * sent (e.g. the retransmission the timer caused), or to the bottom of the diagram when `to` is
 * omitted (a timer still running, such as 2MSL in TIME_WAIT).
 */
export interface LadderTimer {
  side: LadderSide;
  /** Already localised, e.g. "RTO 1s", "2MSL". */
  label: string;
  from: number;
  to?: number;
}

export const LADDER = {
  width: 380,
  laneX: { client: 104, server: 276 } as Record<LadderSide, number>,
  headingY: 20,
  initialY: 44,
  rowsTop: 56,
  arrowDy: 26,
  labelLine: 15,
  noteLine: 14,
  stateGap: 8,
  fontLabel: 12,
  fontState: 11.5,
  fontNote: 11.5,
  fontHeading: 13,
  headSize: 7,
  crossSize: 5,
  timerOffset: 7,
  timerSlot: 10,
  bottomPad: 12,
} as const;

export type Tone = "fg" | "muted" | "accent" | "danger";

export interface TextItem {
  text: string;
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
  tone: Tone;
  fontSize: number;
  mono?: boolean;
  bold?: boolean;
}

export interface StateLabel extends TextItem {
  side: LadderSide;
  /** -1 for the initial states, else the row after which the side is in this state. */
  row: number;
}

export interface RowLayout {
  index: number;
  top: number;
  bottom: number;
  /** Where the arrow starts (the sender's lane) and where it stops. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lost: boolean;
  retransmission: boolean;
  highlighted: boolean;
  /** Arrowhead triangle at (x2, y2), or null for a lost segment. */
  head: [number, number][] | null;
  /** The ✕ where a lost segment stops, as two line segments. */
  cross: { cx: number; cy: number; lines: [number, number, number, number][] } | null;
  /** The tcpdump-like label, over one or two lines, plus the retransmission / lost tags. */
  labels: TextItem[];
  notes: TextItem[];
  /** The band behind the notes (full width): lifelines and brackets pass under it, not through the words. */
  noteBand: { y: number; height: number } | null;
}

export interface TimerLayout {
  side: LadderSide;
  label: string;
  /** The bracket: a vertical line at x from y1 to y2, with ticks pointing at the lane. */
  x: number;
  y1: number;
  y2: number;
  tick: number;
  /** The label runs along the bracket, rotated -90° about (labelX, labelY). */
  labelX: number;
  labelY: number;
}

export interface LadderLayout {
  width: number;
  height: number;
  lanes: { side: LadderSide; x: number; top: number; bottom: number; heading: TextItem }[];
  states: StateLabel[];
  rows: RowLayout[];
  timers: TimerLayout[];
}

export interface LayoutInput {
  segments: readonly LadderSegment[];
  initial?: { client: string; server: string };
  labels: { client: string; server: string; lost: string; retransmission: string };
  highlight?: number;
  timers?: readonly LadderTimer[];
}

const other = (side: LadderSide): LadderSide => (side === "client" ? "server" : "client");

/** The tcpdump-like label of a segment: `[S.] seq 0 ack 1`, with `len N` when it carries data. */
export function segmentLabel(s: Pick<LadderSegment, "flags" | "seq" | "ack" | "len">): string {
  return segmentLabelParts(s).join(" ");
}

function segmentLabelParts(s: Pick<LadderSegment, "flags" | "seq" | "ack" | "len">): string[] {
  const parts = [`[${s.flags}]`];
  if (s.seq !== null) parts.push(`seq ${s.seq}`);
  if (s.ack !== null) parts.push(`ack ${s.ack}`);
  if (s.len > 0) parts.push(`len ${s.len}`);
  return parts;
}

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Estimated advance width of text in user units (no font metrics on the server). */
export function textWidth(text: string, fontSize: number, mono = false): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 1 : mono ? 0.6 : /[A-Z_]/.test(ch) ? 0.66 : 0.56;
  return w * fontSize;
}

/** Greedy line breaking: at spaces for words, anywhere between Chinese characters. */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const units = text.match(/\s+|[\p{Script=Han}\u3000-\u303f\uff00-\uffef]|[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu) ?? [];
  const lines: string[] = [];
  let line = "";
  for (const unit of units) {
    if (textWidth(line + unit, fontSize) <= maxWidth || line.trim() === "") {
      line += unit;
      // A single word wider than the line is cut by characters.
      while (textWidth(line, fontSize) > maxWidth && [...line].length > 1) {
        const chars = [...line];
        let k = chars.length - 1;
        while (k > 1 && textWidth(chars.slice(0, k).join(""), fontSize) > maxWidth) k--;
        lines.push(chars.slice(0, k).join(""));
        line = chars.slice(k).join("");
      }
    } else {
      lines.push(line.trimEnd());
      line = /^\s+$/.test(unit) ? "" : unit;
    }
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines;
}

/** Computes the whole picture. Pure: the same input always gives the same layout. */
export function layoutLadder(input: LayoutInput): LadderLayout {
  const L = LADDER;
  const gap = L.laneX.server - L.laneX.client;
  const states: StateLabel[] = [];
  const stateItem = (side: LadderSide, text: string, y: number, row: number): StateLabel => ({
    side,
    row,
    text,
    x: side === "client" ? L.laneX.client - L.stateGap : L.laneX.server + L.stateGap,
    y,
    anchor: side === "client" ? "end" : "start",
    tone: "fg",
    fontSize: L.fontState,
  });

  const shown: Record<LadderSide, string | null> = { client: null, server: null };
  if (input.initial) {
    for (const side of ["client", "server"] as const) {
      states.push(stateItem(side, input.initial[side], L.initialY, -1));
      shown[side] = input.initial[side];
    }
  }

  const rows: RowLayout[] = [];
  let cursor: number = L.rowsTop;
  input.segments.forEach((seg, index) => {
    const top = cursor;
    const labels: TextItem[] = [];
    const mid = (L.laneX.client + L.laneX.server) / 2;
    let y = top + 4;
    const line = (text: string, tone: Tone, mono: boolean) => {
      y += L.labelLine;
      labels.push({ text, x: mid, y, anchor: "middle", tone, fontSize: L.fontLabel, mono });
    };
    if (seg.retransmission) line(`↻ ${input.labels.retransmission}`, "accent", false);
    const parts = segmentLabelParts(seg);
    const oneLine = parts.join(" ");
    if (textWidth(oneLine, L.fontLabel, true) <= gap - 12) line(oneLine, "fg", true);
    else {
      line(parts.slice(0, 2).join(" "), "fg", true);
      if (parts.length > 2) line(parts.slice(2).join(" "), "fg", true);
    }

    const x1 = L.laneX[seg.from];
    const xTo = L.laneX[other(seg.from)];
    const y1 = y + 6;
    const yTo = y1 + L.arrowDy;
    const lost = seg.lost === true;
    const x2 = lost ? (x1 + xTo) / 2 : xTo;
    const y2 = lost ? (y1 + yTo) / 2 : yTo;

    let head: RowLayout["head"] = null;
    let cross: RowLayout["cross"] = null;
    let below = yTo;
    if (lost) {
      const c = L.crossSize;
      cross = {
        cx: x2,
        cy: y2,
        lines: [
          [x2 - c, y2 - c, x2 + c, y2 + c],
          [x2 - c, y2 + c, x2 + c, y2 - c],
        ],
      };
      labels.push({ text: input.labels.lost, x: x2, y: y2 + c + 13, anchor: "middle", tone: "danger", fontSize: L.fontNote });
      below = Math.max(below, y2 + c + 13);
    } else {
      // Arrowhead: a triangle pointing along the arrow, its tip on the receiver's lane.
      const len = Math.hypot(x2 - x1, y2 - y1);
      const ux = (x2 - x1) / len;
      const uy = (y2 - y1) / len;
      const h = L.headSize;
      const bx = x2 - ux * h;
      const by = y2 - uy * h;
      head = [
        [round(x2), round(y2)],
        [round(bx - uy * h * 0.5), round(by + ux * h * 0.5)],
        [round(bx + uy * h * 0.5), round(by - ux * h * 0.5)],
      ];
    }

    // States beside the lanes at the arrow's end, only for a side whose state changed.
    for (const side of ["client", "server"] as const) {
      if (seg[side] !== shown[side]) {
        states.push(stateItem(side, seg[side], yTo + 4, index));
        shown[side] = seg[side];
      }
    }

    const notes: TextItem[] = [];
    let noteBand: RowLayout["noteBand"] = null;
    if (seg.note) {
      let ny = below + 4;
      for (const text of wrapText(seg.note, L.width - 24, L.fontNote)) {
        ny += L.noteLine;
        notes.push({ text, x: 12, y: ny, anchor: "start", tone: "muted", fontSize: L.fontNote });
      }
      noteBand = { y: below + 6, height: ny - below };
      below = ny;
    }

    const bottom = below + 10;
    rows.push({
      index,
      top,
      bottom,
      x1,
      y1,
      x2,
      y2,
      lost,
      retransmission: seg.retransmission === true,
      highlighted: input.highlight === index,
      head,
      cross,
      labels,
      notes,
      noteBand,
    });
    cursor = bottom;
  });

  // A segment that crossed others: its arrow ends on the receiver's lane at the row where it was
  // received, so it visibly crosses the arrows sent in between.
  input.segments.forEach((seg, index) => {
    const at = seg.arrivesAt;
    if (seg.lost || at === undefined || at <= index || at >= rows.length) return;
    const r = rows[index];
    const target = rows[at];
    const y2 = target.y1 + L.arrowDy;
    const len = Math.hypot(r.x2 - r.x1, y2 - r.y1);
    const ux = (r.x2 - r.x1) / len;
    const uy = (y2 - r.y1) / len;
    const h = L.headSize;
    const bx = r.x2 - ux * h;
    const by = y2 - uy * h;
    r.y2 = y2;
    r.head = [
      [round(r.x2), round(y2)],
      [round(bx - uy * h * 0.5), round(by + ux * h * 0.5)],
      [round(bx + uy * h * 0.5), round(by - ux * h * 0.5)],
    ];
  });

  // A timer still running at the end is drawn to the bottom: leave room for its (rotated) label.
  let lanesBottom = cursor + 4;
  for (const t of input.timers ?? []) {
    if (rows.length === 0 || (t.to !== undefined && t.to < rows.length)) continue;
    const from = rows[clamp(Math.floor(t.from), 0, rows.length - 1)];
    lanesBottom = Math.max(lanesBottom, from.y1 + textWidth(t.label, L.fontState) + 10);
  }
  const height = lanesBottom + L.bottomPad;

  const timers: TimerLayout[] = [];
  for (const t of input.timers ?? []) {
    if (rows.length === 0) break;
    const from = clamp(Math.floor(t.from), 0, rows.length - 1);
    const y1 = rows[from].y1;
    const y2 =
      t.to === undefined || t.to >= rows.length ? lanesBottom : Math.max(rows[clamp(Math.floor(t.to), 0, rows.length - 1)].y1, y1 + 12);
    // Timers on the same side whose brackets overlap move further into the gap.
    const slot = timers.filter((o) => o.side === t.side && o.y1 < y2 && y1 < o.y2).length;
    const dir = t.side === "client" ? 1 : -1;
    const x = L.laneX[t.side] + dir * (L.timerOffset + slot * L.timerSlot);
    const labelX = x + dir * 5;
    const placed = timerLabel(rows, timers, labelX, y1, y2, t.label);
    timers.push({ side: t.side, label: placed.text, x, y1, y2, tick: -dir * 4, labelX, labelY: placed.y });
  }

  const lanes = (["client", "server"] as const).map((side) => ({
    side,
    x: L.laneX[side],
    top: L.headingY + 8,
    bottom: lanesBottom,
    heading: {
      text: input.labels[side],
      x: L.laneX[side],
      y: L.headingY,
      anchor: "middle" as const,
      tone: "fg" as const,
      fontSize: L.fontHeading,
      bold: true,
    },
  }));

  return { width: L.width, height, lanes, states, rows, timers };
}

/**
 * A timer's (rotated) label: placed in the middle of the longest stretch of its bracket not
 * crossed by a note, an arrow label or another timer's label, so it never sits on other text;
 * when the full label ("RTO (SYN-ACK)") is longer than that stretch, the short one ("RTO").
 */
function timerLabel(rows: readonly RowLayout[], placed: readonly TimerLayout[], labelX: number, y1: number, y2: number, label: string): { y: number; text: string } {
  const { y, room } = timerLabelY(rows, placed, labelX, y1, y2);
  const short = label.replace(/\s*[(（].*[)）]\s*$/, "");
  const fits = (text: string) => textWidth(text, LADDER.fontState) + 4 <= room;
  return { y, text: fits(label) || short === "" ? label : short };
}

function timerLabelY(rows: readonly RowLayout[], placed: readonly TimerLayout[], labelX: number, y1: number, y2: number): { y: number; room: number } {
  const L = LADDER;
  const blocked: [number, number][] = [];
  for (const r of rows) {
    for (const t of [...r.labels, ...r.notes]) {
      const w = textWidth(t.text, t.fontSize, t.mono);
      const left = t.anchor === "start" ? t.x : t.anchor === "middle" ? t.x - w / 2 : t.x - w;
      // The rotated label is about one line (≈ 14 units) wide across the bracket.
      if (left - 2 <= labelX + 14 && left + w + 2 >= labelX - 14) blocked.push([t.y - t.fontSize, t.y + 4]);
    }
    if (r.noteBand) blocked.push([r.noteBand.y, r.noteBand.y + r.noteBand.height]);
  }
  // Labels of timers already placed near this x.
  for (const o of placed) {
    if (Math.abs(o.labelX - labelX) >= 14) continue;
    const half = textWidth(o.label, L.fontState) / 2 + 3;
    blocked.push([o.labelY - half, o.labelY + half]);
  }
  blocked.sort((a, b) => a[0] - b[0]);
  let best: [number, number] = [y1, y2];
  let bestLen = -1;
  let at = y1 + 2;
  const consider = (a: number, b: number) => {
    if (b - a > bestLen) {
      bestLen = b - a;
      best = [a, b];
    }
  };
  for (const [a, b] of blocked) {
    if (b <= at) continue;
    if (a >= y2 - 2) break;
    consider(at, Math.min(a, y2 - 2));
    at = Math.max(at, b);
  }
  consider(at, y2 - 2);
  return bestLen > L.fontState ? { y: round((best[0] + best[1]) / 2), room: bestLen } : { y: round((y1 + y2) / 2), room: Math.max(0, bestLen) };
}

const round = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Timer brackets from the engine's simulation steps (structurally: each step lists the timers
 * running after it). A timer is identified by side, kind and expiry; its bracket runs from the step
 * where it first appears to the first step where it no longer does, or to the end.
 */
export function timersFromSteps(
  steps: readonly { timers: readonly { side: LadderSide; kind: string; expiresAt: number }[] }[],
  label: (timer: { side: LadderSide; kind: string; expiresAt: number }, startStep: number) => string,
): LadderTimer[] {
  const out: LadderTimer[] = [];
  const open = new Map<string, LadderTimer>();
  steps.forEach((step, i) => {
    const now = new Set<string>();
    for (const t of step.timers) {
      const key = `${t.side}:${t.kind}:${t.expiresAt}`;
      now.add(key);
      if (!open.has(key)) {
        const timer: LadderTimer = { side: t.side, label: label(t, i), from: i };
        open.set(key, timer);
        out.push(timer);
      }
    }
    for (const [key, timer] of open) {
      if (!now.has(key)) {
        timer.to = i;
        open.delete(key);
      }
    }
  });
  return out;
}
