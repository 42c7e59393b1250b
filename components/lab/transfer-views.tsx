"use client";

/**
 * The scenario player's data-transfer views: what happened at the step (Wireshark's labels with
 * their explanations, the simulator's notes), and four charts — cwnd/ssthresh with the phase, the
 * sender's window, the timers, and a tcptrace-style time–sequence graph. Every chart is an SVG
 * with a title and description and a table beside it; colours are the theme's variables, so both
 * themes work; the current step is marked in each. Geometry: lib/lab/transfer-charts.ts.
 */
import { useId, type ReactNode } from "react";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import type { LabEventStrings } from "@/lib/i18n/features/lab-events";
import { CHART, frame, phaseBands, relSeq, senderWindow, SSTHRESH_UNLIMITED, stepPath, ticks, type Frame } from "@/lib/lab/transfer-charts";
import type { TransferStep, TransferView } from "@/lib/lab/transfer";
import type { Phase, TransferTimer } from "@/lib/tcp/transfer";
import { DataTable } from "@/components/dashboard/chart-section";

type TT = Dictionary["labTransfer"];
type Lang = "zh" | "en";

const C = {
  fg: "var(--color-fg)",
  muted: "var(--color-muted)",
  accent: "var(--color-accent)",
  danger: "var(--color-danger)",
  success: "var(--color-success)",
  warning: "var(--color-warning)",
  border: "var(--color-border)",
  bg: "var(--color-bg)",
};
const PHASE_COLOUR: Record<Phase, string> = { slow_start: C.muted, congestion_avoidance: C.success, fast_recovery: C.danger };
const nf = (locale: Lang) => new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-US");

/** The segment, its Wireshark labels with their meaning, and what the endpoints did since the previous step. */
export function TransferStepDetails({
  step,
  view,
  tt,
  ev,
  locale,
  side,
  seqText,
}: {
  step: TransferStep;
  view: TransferView;
  tt: TT;
  ev: LabEventStrings;
  locale: Lang;
  side: (s: "client" | "server") => string;
  seqText: string;
}) {
  const n = nf(locale);
  const e = tt.events;
  return (
    <div className="space-y-3" data-testid="transfer-step">
      <p className="font-mono text-sm">{seqText}</p>
      <p className="text-sm">
        <span className="font-semibold" data-testid="transfer-kind">{tt.segment.kinds[step.kind]}</span>
        {step.arrivedAt !== null ? <span className="ml-2 text-[var(--color-muted)]">{format(tt.segment.arrived, { t: n.format(step.arrivedAt) })}</span> : null}
        {step.sack.length > 0 ? (
          <span className="ml-2 font-mono">
            {format(tt.segment.sack, { blocks: step.sack.map((b) => `${relSeq(b.left, view.iss.client)}–${relSeq(b.right, view.iss.client)}`).join(", ") })}
          </span>
        ) : null}
      </p>
      <section aria-labelledby="transfer-events-h" className="space-y-2">
        <h4 id="transfer-events-h" className="text-sm font-semibold">{e.heading}</h4>
        <div>
          <h5 className="text-sm font-semibold">{e.wireshark}</h5>
          <p className="text-xs text-[var(--color-muted)]">{e.wiresharkNote}</p>
          {step.wireshark.length === 0 ? (
            <p className="text-sm" data-testid="transfer-wireshark-none">{e.noWireshark}</p>
          ) : (
            <dl className="mt-1 space-y-1 text-sm" data-testid="transfer-wireshark">
              {step.wireshark.map((w) => (
                <div key={w} data-event={w} className="rounded-md border-l-4 border-[var(--color-accent)] bg-[var(--color-surface)] px-2 py-1">
                  <dt className="font-semibold">{ev.events[w].name}</dt>
                  <dd>{ev.events[w].explain}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <div>
          <h5 className="text-sm font-semibold">{e.simulator}</h5>
          {step.notes.length === 0 ? (
            <p className="text-sm">{e.noSimulator}</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm" data-testid="transfer-notes">
              {step.notes.map((x, i) => (
                <li key={i} data-kind={x.kind}>
                  <span className="font-semibold">{e.kinds[x.kind]}</span>
                  <span className="text-[var(--color-muted)]">
                    {locale === "zh" ? `（${side(x.side)}，${format(e.at, { t: n.format(x.t) })}）：` : ` (${side(x.side)}, ${format(e.at, { t: n.format(x.t) })}): `}
                  </span>
                  {x.note[locale]}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </div>
  );
}

function Figure({ id, title, desc, children, table, tableLabel, testid, extra, height = CHART.height }: {
  id: string;
  title: string;
  desc: string;
  children: ReactNode;
  table?: ReactNode;
  tableLabel: string;
  testid: string;
  extra?: ReactNode;
  /** the SVG's height in user units (its width is CHART.width) */
  height?: number;
}) {
  return (
    <figure className="min-w-0 space-y-2 rounded-md border border-[var(--color-border)] p-2 sm:p-3" data-testid={testid} aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`} className="text-sm font-semibold">{title}</figcaption>
      <svg
        viewBox={`0 0 ${CHART.width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        className="h-auto w-full max-w-[36rem]"
        style={{ color: C.fg }}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {children}
      </svg>
      {extra}
      {table ? (
        <details className="text-sm">
          <summary className="cursor-pointer">{tableLabel}</summary>
          <div className="mt-1 max-h-64 overflow-auto" tabIndex={0} role="region" aria-label={tableLabel}>
            {table}
          </div>
        </details>
      ) : null}
    </figure>
  );
}

function Axes({ f, xTicks, yTicks, n, xLabel, yLabel }: { f: Frame; xTicks: number[]; yTicks: number[]; n: Intl.NumberFormat; xLabel: string; yLabel: string }) {
  const short = (v: number) => (v >= 10_000 ? `${n.format(v / 1000)}k` : n.format(v));
  return (
    <g fontSize={CHART.font - 1} fill={C.muted} aria-hidden="true">
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line x1={f.x0} x2={f.x1} y1={f.y(v)} y2={f.y(v)} stroke={C.border} strokeWidth={0.5} />
          <text x={f.x0 - 4} y={f.y(v) + 3.5} textAnchor="end">{short(v)}</text>
        </g>
      ))}
      {xTicks.map((v) => (
        <text key={`x${v}`} x={f.x(v)} y={f.y0 + 14} textAnchor="middle">{short(v)}</text>
      ))}
      <line x1={f.x0} x2={f.x1} y1={f.y0} y2={f.y0} stroke={C.muted} />
      <line x1={f.x0} x2={f.x0} y1={f.y0} y2={f.y1} stroke={C.muted} />
      <text x={f.x1} y={f.y0 + 30} textAnchor="end">{xLabel}</text>
      <text x={4} y={f.y1 - 10}>{yLabel}</text>
    </g>
  );
}

function Cursor({ f, t }: { f: Frame; t: number }) {
  return <line x1={f.x(t)} x2={f.x(t)} y1={f.y0} y2={f.y1} stroke={C.fg} strokeWidth={1.2} strokeDasharray="3 2" data-cursor={t} />;
}

function Legend({ items }: { items: { label: string; colour: string; dash?: boolean; mark?: string; box?: boolean }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label} className="inline-flex items-center gap-1">
          <svg width="18" height="10" viewBox="0 0 18 10">
            {i.box ? (
              <rect x="1" y="1" width="16" height="8" fill={i.colour} opacity={0.7} />
            ) : i.mark ? (
              <text x="9" y="9" textAnchor="middle" fontSize="10" fontWeight={700} fill={i.colour}>{i.mark}</text>
            ) : (
              <line x1="1" x2="17" y1="5" y2="5" stroke={i.colour} strokeWidth={2.5} strokeDasharray={i.dash ? "3 2" : undefined} />
            )}
          </svg>
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** The four charts for the step shown. */
export function TransferCharts({ view, index, tt, locale }: { view: TransferView; index: number; tt: TT; locale: Lang }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const cur = view.steps[index];
  const tEnd = Math.max(view.summary.endT, ...view.steps.map((s) => s.t), 1);
  const props = { view, cur, index, tEnd, tt, n: nf(locale), lang: locale };
  return (
    <div className="grid items-start gap-4 lg:grid-cols-2" data-testid="transfer-charts">
      <CwndChart {...props} id={`${uid}-cw`} />
      <WindowPanel {...props} id={`${uid}-win`} />
      <TimersPanel {...props} id={`${uid}-tm`} />
      <TimeSeqChart {...props} id={`${uid}-ts`} />
    </div>
  );
}

type ChartProps = { id: string; view: TransferView; cur: TransferStep; index: number; tEnd: number; tt: TT; n: Intl.NumberFormat; lang: Lang };

function CwndChart({ id, view, cur, index, tEnd, tt, n }: ChartProps) {
  const finite = (v: number) => v < SSTHRESH_UNLIMITED;
  const vMax = Math.max(...view.cwnd.map((p) => p.cwnd), ...view.cwnd.map((p) => p.ssthresh).filter(finite), view.mss);
  const yT = ticks(vMax, 5);
  const f = frame(tEnd, yT[yT.length - 1], CHART, -tEnd * 0.02);
  const xT = ticks(tEnd, 4);
  const cw = stepPath(view.cwnd.map((p) => ({ t: p.t, v: p.cwnd })), f, tEnd);
  // ssthresh is drawn from the moment it is first finite
  const firstFinite = view.cwnd.findIndex((p) => finite(p.ssthresh));
  const ss = firstFinite < 0 ? "" : stepPath(view.cwnd.slice(firstFinite).map((p) => ({ t: p.t, v: finite(p.ssthresh) ? p.ssthresh : vMax })), f, tEnd);
  const bands = phaseBands(view.cwnd, tEnd);
  const st = cur.state;
  const ssText = finite(st.ssthresh) ? n.format(st.ssthresh) : tt.cwnd.unlimited;
  const phase = tt.phases[st.phase];
  return (
    <Figure
      id={id}
      testid="transfer-cwnd"
      title={tt.cwnd.title}
      desc={format(tt.cwnd.desc, { end: n.format(tEnd), n: index + 1, t: n.format(cur.t), cwnd: n.format(st.cwnd), ssthresh: ssText, phase })}
      tableLabel={tt.cwnd.table}
      extra={
        <>
          <p className="text-sm tabular-nums" data-testid="transfer-cwnd-now" data-phase={st.phase}>
            {format(tt.cwnd.now, { cwnd: n.format(st.cwnd), ssthresh: ssText, phase })}
          </p>
          <Legend
            items={[
              { label: "cwnd", colour: C.accent },
              ...(ss ? [{ label: "ssthresh", colour: C.warning, dash: true }] : []),
              ...(["slow_start", "congestion_avoidance", "fast_recovery"] as const).filter((p) => bands.some((b) => b.phase === p)).map((p) => ({ label: tt.phases[p], colour: PHASE_COLOUR[p], box: true })),
            ]}
          />
        </>
      }
      table={
        <DataTable
          caption={tt.cwnd.title}
          head={[tt.cwnd.time, "cwnd", "ssthresh", tt.cwnd.phase]}
          rows={view.cwnd.map((p) => [n.format(p.t), n.format(p.cwnd), finite(p.ssthresh) ? n.format(p.ssthresh) : tt.cwnd.unlimited, tt.phases[p.phase]])}
        />
      }
    >
      <Axes f={f} xTicks={xT} yTicks={yT} n={n} xLabel={tt.ts.axisT} yLabel="B" />
      {bands.map((b, i) => (
        <rect key={i} x={f.x(b.from)} width={Math.max(0.5, f.x(b.to) - f.x(b.from))} y={f.y0 - 7} height={7} fill={PHASE_COLOUR[b.phase]} opacity={0.7} data-phase={b.phase} />
      ))}
      {ss ? <path d={ss} fill="none" stroke={C.warning} strokeWidth={1.8} strokeDasharray="5 3" /> : null}
      <path d={cw} fill="none" stroke={C.accent} strokeWidth={2} />
      <Cursor f={f} t={cur.t} />
      <circle cx={f.x(cur.t)} cy={f.y(st.cwnd)} r={4} fill={C.accent} stroke={C.bg} strokeWidth={1.5} />
    </Figure>
  );
}

function WindowPanel({ id, view, cur, tt, n }: ChartProps) {
  const st = cur.state;
  const w = senderWindow(st);
  const span = Math.max(w.wndEdge, w.cwndEdge, w.max, w.nxt, view.mss) * 1.08;
  const x0 = 12;
  const x1 = CHART.width - 12;
  const x = (v: number) => Math.round((x0 + ((x1 - x0) * Math.min(v, span)) / span) * 100) / 100;
  const y = 44;
  const h = 30;
  const una = relSeq(st.sndUna, view.iss.client);
  const inFlight = Math.min(w.nxt, w.limit);
  const marks = [
    { v: 0, label: `${tt.window.sndUna} ${n.format(una)}`, row: 0, colour: C.fg },
    { v: w.nxt, label: `${tt.window.sndNxt} ${n.format(una + w.nxt)}`, row: 1, colour: C.fg },
    { v: w.cwndEdge, label: `cwnd ${n.format(w.cwndEdge)}`, row: 2, colour: C.accent },
    { v: w.wndEdge, label: `SND.WND ${n.format(w.wndEdge)}`, row: 3, colour: C.success },
  ];
  return (
    <Figure
      id={id}
      testid="transfer-window"
      title={tt.window.title}
      desc={format(tt.window.desc, { flight: n.format(w.flight), nxt: n.format(una + w.nxt), limit: n.format(una + w.limit), wnd: n.format(st.sndWnd), cwnd: n.format(st.cwnd) })}
      tableLabel=""
      height={136}
      extra={
        <>
          <Legend
            items={[
              { label: tt.window.inFlight, colour: C.accent },
              ...(w.nxt > w.limit ? [{ label: tt.window.over, colour: C.danger }] : []),
              { label: tt.window.usable, colour: C.success },
              { label: tt.window.blocked, colour: C.muted, dash: true },
            ]}
          />
          <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-0.5 text-sm tabular-nums" data-testid="transfer-window-values">
            <dt>{tt.window.sndUna}</dt>
            <dd className="text-right font-mono" data-field="sndUna">{n.format(una)}</dd>
            <dt>{tt.window.sndNxt}</dt>
            <dd className="text-right font-mono" data-field="sndNxt">{n.format(relSeq(st.sndNxt, view.iss.client))}</dd>
            <dt>{tt.window.sndMax}</dt>
            <dd className="text-right font-mono" data-field="sndMax">{n.format(relSeq(st.sndMax, view.iss.client))}</dd>
            <dt>{tt.window.sndWnd}</dt>
            <dd className="text-right font-mono" data-field="sndWnd">{format(tt.window.bytes, { n: n.format(st.sndWnd) })}</dd>
            <dt>{tt.window.cwnd}</dt>
            <dd className="text-right font-mono" data-field="cwnd">{format(tt.window.bytes, { n: n.format(st.cwnd) })}</dd>
            <dt>{tt.window.flight}</dt>
            <dd className="text-right font-mono" data-field="flight">{format(tt.window.bytes, { n: n.format(w.flight) })}</dd>
            <dt>{tt.window.usableBytes}</dt>
            <dd className="text-right font-mono" data-field="usable">{format(tt.window.bytes, { n: n.format(w.usable) })}</dd>
            <dt>{tt.window.limitBy}</dt>
            <dd className="text-right" data-field="limitedBy">{w.limitedBy === "cwnd" ? tt.window.byCwnd : tt.window.byRwnd}</dd>
          </dl>
          <p className="text-sm tabular-nums" data-testid="transfer-receiver">
            {format(tt.window.receiver, { rcvNxt: n.format(relSeq(st.rcvNxt, view.iss.client)), rcvWnd: n.format(st.rcvWnd), pending: n.format(st.ackPending) })}
          </p>
        </>
      }
    >
      <rect x={x0} y={y} width={x1 - x0} height={h} fill="none" stroke={C.muted} strokeDasharray="4 3" />
      {inFlight > 0 ? <rect x={x(0)} y={y} width={x(inFlight) - x(0)} height={h} fill={C.accent} opacity={0.8} data-region="in-flight" /> : null}
      {w.nxt > w.limit ? <rect x={x(w.limit)} y={y} width={x(w.nxt) - x(w.limit)} height={h} fill={C.danger} opacity={0.6} data-region="over" /> : null}
      {w.usable > 0 ? <rect x={x(w.nxt)} y={y} width={x(w.limit) - x(w.nxt)} height={h} fill={C.success} opacity={0.55} data-region="usable" /> : null}
      {marks.map((m) => (
        <g key={m.row} fontSize={CHART.font}>
          <line x1={x(m.v)} x2={x(m.v)} y1={m.row < 2 ? y - 6 - m.row * 16 : y + h} y2={m.row < 2 ? y + h : y + h + 8 + (m.row - 2) * 18} stroke={m.colour} strokeWidth={1.5} />
          <text
            x={x(m.v)}
            y={m.row < 2 ? y - 9 - m.row * 16 : y + h + 20 + (m.row - 2) * 18}
            textAnchor={x(m.v) < CHART.width / 3 ? "start" : x(m.v) > (2 * CHART.width) / 3 ? "end" : "middle"}
            fill={m.colour}
            stroke={C.bg}
            strokeWidth={3}
            paintOrder="stroke"
          >
            {m.label}
          </text>
        </g>
      ))}
    </Figure>
  );
}

const TIMER_ROWS: TransferTimer["kind"][] = ["retransmit", "persist", "delayed_ack"];

function TimersPanel({ id, view, cur, index, tEnd, tt, n, lang }: ChartProps) {
  const st = cur.state;
  const name = (k: TransferTimer["kind"]) => (k === "retransmit" ? tt.timers.rto : k === "persist" ? tt.timers.persist : tt.timers.delayedAck);
  const box = { ...CHART, height: 124, top: 6, bottom: 24, left: 74 };
  const f = frame(tEnd, 3, box, -tEnd * 0.02);
  const xT = ticks(tEnd, 4);
  const rowY = (k: TransferTimer["kind"]) => f.y1 + 10 + TIMER_ROWS.indexOf(k) * 30;
  const running: Record<TransferTimer["kind"], number | null> = { retransmit: st.timers.retransmit, persist: st.timers.persist, delayed_ack: st.timers.delayedAck };
  const item = (k: TransferTimer["kind"], extra: string) => {
    const exp = running[k];
    return (
      <li key={k} data-timer={k} data-running={exp === null ? "false" : "true"}>
        <span className="font-semibold">{name(k)}</span>
        {lang === "zh" ? "：" : ": "}
        {exp === null ? tt.timers.off : format(tt.timers.running, { at: n.format(exp), left: n.format(Math.max(0, exp - cur.t)) })}
        {extra ? <span className="block text-[var(--color-muted)]">{extra}</span> : null}
      </li>
    );
  };
  const rtt = st.srtt === null ? tt.timers.noRtt : format(tt.timers.rtt, { srtt: n.format(st.srtt), rttvar: n.format(st.rttvar ?? 0) });
  return (
    <Figure
      id={id}
      testid="transfer-timers"
      title={tt.timers.title}
      desc={format(tt.timers.desc, { n: index + 1, t: n.format(cur.t) })}
      tableLabel={tt.timers.table}
      height={box.height}
      extra={
        <div className="space-y-1 text-sm tabular-nums">
          <h4 className="font-semibold">{tt.timers.heading}</h4>
          <ul className="space-y-1" data-testid="transfer-timer-list">
            {item("retransmit", `${format(tt.timers.rtoValue, { rto: n.format(st.rto), backoff: st.backoff })}${lang === "zh" ? "；" : "; "}${rtt}`)}
            {item("persist", format(tt.timers.probes, { n: st.probes }))}
            {item("delayed_ack", format(tt.timers.pending, { n: n.format(st.ackPending) }))}
          </ul>
          {cur.fired.length > 0 ? (
            <p data-testid="transfer-fired">
              {format(tt.timers.fired, {
                list: cur.fired.map((x) => format(tt.timers.firedItem, { timer: name(x.kind), at: n.format(x.endedAt ?? x.expiresAt), set: n.format(x.setAt) })).join(lang === "zh" ? "；" : "; "),
              })}
            </p>
          ) : null}
        </div>
      }
      table={
        <DataTable
          caption={tt.timers.title}
          head={[tt.timers.timer, tt.timers.set, tt.timers.expires, tt.timers.end]}
          rows={view.timers.map((x) => [name(x.kind), n.format(x.setAt), n.format(x.expiresAt), `${tt.timers.ends[x.end]}${x.endedAt !== null ? ` (${n.format(x.endedAt)})` : ""}`])}
        />
      }
    >
      <g fontSize={CHART.font} fill={C.fg}>
        {TIMER_ROWS.map((k) => (
          <text key={k} x={box.left - 6} y={rowY(k) + 4} textAnchor="end">
            {k === "retransmit" ? "RTO" : k === "persist" ? tt.timers.persist : "ACK"}
          </text>
        ))}
      </g>
      <g fontSize={CHART.font - 1} fill={C.muted} aria-hidden="true">
        {xT.map((v) => (
          <text key={v} x={f.x(v)} y={f.y0 + 14} textAnchor="middle">{n.format(v)}</text>
        ))}
        <line x1={f.x0} x2={f.x1} y1={f.y0} y2={f.y0} stroke={C.muted} />
      </g>
      {view.timers.map((x, i) => {
        const end = x.endedAt ?? Math.max(tEnd, x.expiresAt);
        const future = x.setAt > cur.t;
        const y = rowY(x.kind);
        const colour = x.kind === "retransmit" ? C.danger : x.kind === "persist" ? C.warning : C.accent;
        return (
          <g key={i} opacity={future ? 0.25 : 1} data-timer-run={x.kind}>
            <line x1={f.x(x.setAt)} x2={f.x(Math.min(end, tEnd))} y1={y} y2={y} stroke={colour} strokeWidth={6} strokeLinecap="butt" />
            {/* each run starts with a tick, so a timer set again shows where */}
            <line x1={f.x(x.setAt)} x2={f.x(x.setAt)} y1={y - 6} y2={y + 6} stroke={C.fg} strokeWidth={1} />
            {x.end === "fired" ? <circle cx={f.x(x.endedAt!)} cy={y} r={4.5} fill={colour} stroke={C.bg} strokeWidth={1.5} /> : null}
          </g>
        );
      })}
      <Cursor f={f} t={cur.t} />
    </Figure>
  );
}

function TimeSeqChart({ id, view, cur, index, tEnd, tt, n, lang }: ChartProps) {
  const s = view.series;
  const dataMax = Math.max(1, ...s.data.map((d) => d.end), ...s.ack.map((a) => a.ack));
  const yT = ticks(dataMax * 1.05, 5);
  const yMax = yT[yT.length - 1];
  const f = frame(tEnd, yMax, CHART, -tEnd * 0.02);
  const xT = ticks(tEnd, 4);
  const ack = stepPath(s.ack.map((a) => ({ t: a.t, v: a.ack })), f, tEnd);
  // above the plot the window line is clipped, as tcptrace's is when you zoom in on the data
  const win = stepPath(s.window.map((a) => ({ t: a.t, v: a.edge })), f, tEnd);
  const curStart = cur.from === "client" && cur.len > 0 ? relSeq(cur.seq, view.iss.client) - 1 : null;
  const clip = `${id}-clip`;
  const dataRows = s.data;
  return (
    <Figure
      id={id}
      testid="transfer-tsg"
      title={tt.ts.title}
      desc={format(tt.ts.desc, { end: n.format(tEnd), n: index + 1, t: n.format(cur.t) })}
      tableLabel={tt.ts.table}
      extra={
        <Legend
          items={[
            { label: tt.ts.data, colour: C.fg },
            { label: tt.ts.rtx, colour: C.danger, mark: "R" },
            { label: tt.ts.lost, colour: C.danger, mark: "✕" },
            { label: tt.ts.probe, colour: C.warning, mark: "P" },
            { label: tt.ts.ack, colour: C.accent },
            { label: tt.ts.window, colour: C.success, dash: true },
            { label: tt.ts.sack, colour: C.warning },
          ]}
        />
      }
      table={
        <DataTable
          caption={tt.ts.title}
          head={[tt.ts.time, tt.ts.bytes, tt.ts.what]}
          rows={dataRows.map((d) => [
            n.format(d.t),
            `${n.format(d.start + 1)}–${n.format(d.end)}`,
            [d.probe ? tt.ts.probe : d.retransmission ? tt.ts.rtx : tt.ts.data, d.lost ? tt.ts.lost : ""].filter(Boolean).join(lang === "zh" ? "，" : ", "),
          ])}
        />
      }
    >
      <defs>
        <clipPath id={clip}>
          <rect x={f.x0} y={f.y1} width={f.x1 - f.x0} height={f.y0 - f.y1} />
        </clipPath>
      </defs>
      <Axes f={f} xTicks={xT} yTicks={yT} n={n} xLabel={tt.ts.axisT} yLabel={tt.ts.axisSeq} />
      <g clipPath={`url(#${clip})`}>
        <path d={win} fill="none" stroke={C.success} strokeWidth={1.5} strokeDasharray="5 3" />
        <path d={ack} fill="none" stroke={C.accent} strokeWidth={1.8} />
        {s.sack.map((b, i) => (
          <line key={`s${i}`} x1={f.x(b.t) + 2} x2={f.x(b.t) + 2} y1={f.y(b.start)} y2={f.y(b.end)} stroke={C.warning} strokeWidth={3} opacity={b.t > cur.t ? 0.25 : 1} />
        ))}
        {dataRows.map((d, i) => {
          const future = d.t > cur.t;
          const isCur = curStart !== null && d.t === cur.t && d.start === curStart;
          const colour = d.probe ? C.warning : d.retransmission ? C.danger : C.fg;
          const x = f.x(d.t);
          const top = Math.min(f.y(d.end), f.y(d.start) - 2);
          return (
            <g key={i} opacity={future ? 0.25 : 1} data-seg={d.start} data-current={isCur ? "true" : undefined}>
              <line x1={x} x2={x} y1={f.y(d.start)} y2={top} stroke={colour} strokeWidth={d.retransmission || d.probe ? 2.5 : 1.5} />
              <line x1={x - 2} x2={x + 2} y1={top} y2={top} stroke={colour} strokeWidth={1.2} />
              {d.retransmission ? <text x={x + 3} y={top - 2} fontSize={CHART.font - 1} fontWeight={700} fill={C.danger}>R</text> : null}
              {d.probe ? <text x={x + 3} y={top - 2} fontSize={CHART.font - 1} fontWeight={700} fill={C.warning}>P</text> : null}
              {d.lost ? <text x={x - 3.5} y={top - 2} fontSize={CHART.font - 1} fontWeight={700} fill={C.danger}>✕</text> : null}
              {isCur ? <circle cx={x} cy={(f.y(d.start) + top) / 2} r={6} fill="none" stroke={C.accent} strokeWidth={2} /> : null}
            </g>
          );
        })}
      </g>
      <Cursor f={f} t={cur.t} />
    </Figure>
  );
}
