"use client";

import { useEffect, useId, useMemo, useState } from "react";
import { LadderDiagram, type LadderSegment } from "@/components/ladder/ladder-diagram";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import { shown, type Numbering } from "@/lib/lab/numbering";
import { ARRIVALS, stateName, type ExplainView, type ViewRow } from "@/lib/lab/view";
import { labEventStrings, type LabEventStrings } from "@/lib/i18n/features/lab-events";
import { TCP_EVENTS, type TcpEvent } from "@/lib/tcp/events";

type T = Dictionary["lab"];
type Lang = "zh" | "en";

/** Rows per table page. */
export const PAGE_SIZE = 100;
/** Segments in the ladder of a big trace (a window starting at the chosen row). */
export const LADDER_WINDOW = 12;
/** Up to this many segments the ladder shows the whole trace. */
export const WHOLE_LADDER = 40;

const n = (x: number) => x.toLocaleString("en");

/**
 * The annotated trace: summary, a paginated table (one row per segment, both states after it),
 * a ladder of the whole trace or, for a big one, of a window from the chosen row, the lines that
 * cannot happen, the skipped lines and the bank's questions. Everything from the paste is
 * rendered as React text, never as markup.
 */
export function ExplainResults({ view, t, locale, goTo }: {
  view: ExplainView;
  t: T;
  locale: Lang;
  /** select this row and focus it (each new `n` once): predict mode's links to mispredicted lines */
  goTo?: { index: number; n: number };
}) {
  const e = t.explainer;
  const uid = useId();
  const total = view.rows.length;
  const big = total > WHOLE_LADDER;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const [numbering, setNumbering] = useState<Numbering>(view.printed);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState(0);

  const problemsAt = useMemo(() => {
    const m = new Map<number, string>();
    for (const p of view.problems) if (!m.has(p.index)) m.set(p.index, p.message[locale]);
    return m;
  }, [view.problems, locale]);
  const ev = labEventStrings(locale);
  // Wireshark's analysis events by row (a shared link made before they existed has none)
  const eventsAt = useMemo(() => new Map<number, TcpEvent[]>(view.events ?? []), [view.events]);
  const eventsSeen = useMemo(() => {
    const seen = new Set<TcpEvent>();
    for (const [, list] of view.events ?? []) for (const x of list) seen.add(x);
    return TCP_EVENTS.filter((x) => seen.has(x));
  }, [view.events]);

  const num = (row: ViewRow) => {
    const from = row[1] === 0 ? "client" : "server";
    const to = row[1] === 0 ? "server" : "client";
    return {
      seq: shown(row[3], view.isn[from], numbering),
      ack: row[4] < 0 ? null : shown(row[4], view.isn[to], numbering),
    };
  };

  const winStart = big ? Math.min(selected, Math.max(0, total - LADDER_WINDOW)) : 0;
  const winEnd = big ? Math.min(total, winStart + LADDER_WINDOW) : total;
  const ladderSegments: LadderSegment[] = view.rows.slice(winStart, winEnd).map((row, k) => {
    const { seq, ack } = num(row);
    return {
      from: row[1] === 0 ? "client" : "server",
      flags: row[2],
      seq,
      ack,
      len: row[5],
      client: stateName(row[6]),
      server: stateName(row[7]),
      note: problemsAt.get(winStart + k) ?? (row[8] === 0 ? eventNames(eventsAt.get(winStart + k), ev) : arrivalText(row, view.rows, e)),
      lost: row[8] === 2 || row[8] === 3 || (row[8] === 4 && row[9] < 0),
      // a segment that crossed others: its arrow runs down to the row where it was received
      arrivesAt: (row[8] === 1 || row[8] === 4) && row[9] > winStart + k && row[9] < winEnd ? row[9] - winStart : undefined,
    };
  });
  const before = winStart > 0 ? view.rows[winStart - 1] : null;
  const initial = before
    ? { client: stateName(before[6]), server: stateName(before[7]) }
    : view.midStream
      ? { client: "ESTABLISHED", server: "ESTABLISHED" }
      : { client: "CLOSED", server: "LISTEN" };

  const select = (index: number, focus: boolean) => {
    setSelected(index);
    setPage(Math.floor(index / PAGE_SIZE));
    if (focus) requestAnimationFrame(() => document.getElementById(`${uid}-row-${index}`)?.focus());
  };

  useEffect(() => {
    if (goTo && goTo.index < total) select(goTo.index, true);
    // once per request
  }, [goTo?.n]);

  const pageStart = page * PAGE_SIZE;
  const pageRows = view.rows.slice(pageStart, pageStart + PAGE_SIZE);
  const btn = "rounded-md border border-[var(--color-border)] px-2.5 py-1 text-sm disabled:opacity-50";

  const pager =
    pages > 1 ? (
      <nav aria-label={e.pages} className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={btn} disabled={page === 0} onClick={() => setPage(0)}>
          {e.first}
        </button>
        <button type="button" className={btn} disabled={page === 0} onClick={() => setPage(page - 1)}>
          {e.prev}
        </button>
        <span className="text-sm tabular-nums">
          {format(e.rows, { from: n(pageStart + 1), to: n(Math.min(total, pageStart + PAGE_SIZE)), total: n(total) })}
        </span>
        <button type="button" className={btn} disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
          {e.next}
        </button>
        <button type="button" className={btn} disabled={page >= pages - 1} onClick={() => setPage(pages - 1)}>
          {e.last}
        </button>
      </nav>
    ) : null;

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <p data-testid="lab-summary">
          {format(e.summary, { segments: n(total), problems: n(view.problems.length), skipped: n(view.skippedTotal) })}
        </p>
        {total > 0 ? (
          <>
            <p className="text-sm text-[var(--color-muted)]">
              {format(e.printed, { numbering: view.printed === "absolute" ? e.printedAbsolute : e.printedRelative })}{" "}
              {view.client && view.server ? format(e.endpoints, { client: view.client, server: view.server }) : null}
            </p>
            {view.midStream ? <p className="text-sm">{e.midStream}</p> : null}
            <p className="text-sm text-[var(--color-muted)]">{e.statesMoment}</p>
          </>
        ) : (
          <p>{e.noSegments}</p>
        )}
      </div>

      {total > 0 ? (
        <>
          {big ? (
            <p className="rounded-md border-l-4 border-[var(--color-accent)] bg-[var(--color-surface)] p-3 text-sm" data-testid="lab-big">
              {format(e.big, { count: n(total), page: PAGE_SIZE, window: LADDER_WINDOW })}
            </p>
          ) : null}

          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <legend className="mb-1 text-sm font-semibold">{t.common.numbering}</legend>
            {(["absolute", "relative"] as const).map((k) => (
              <label key={k} className="inline-flex items-center gap-1.5">
                <input type="radio" name={`${uid}-numbering`} value={k} checked={numbering === k} onChange={() => setNumbering(k)} />
                {k === "absolute" ? t.common.absolute : t.common.relative}
              </label>
            ))}
          </fieldset>

          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
            <div className="min-w-0">
              <div
                role="region"
                aria-labelledby={`${uid}-caption`}
                tabIndex={0}
                className="overflow-x-auto rounded-md border border-[var(--color-border)]"
              >
                <table className="w-full border-collapse text-sm tabular-nums">
                  <caption id={`${uid}-caption`} className="sr-only">
                    {e.tableCaption}
                  </caption>
                  <thead className="bg-[var(--color-surface)] text-left">
                    <tr>
                      <th scope="col" className="px-1.5 py-1.5 sm:px-2">{e.line}</th>
                      <th scope="col" className="px-1.5 py-1.5 sm:px-2">{e.flags}</th>
                      <th scope="col" className="px-1.5 py-1.5 sm:px-2">{e.clientAfter}</th>
                      <th scope="col" className="px-1.5 py-1.5 sm:px-2">{e.serverAfter}</th>
                      <th scope="col" className="px-1.5 py-1.5 text-right sm:px-2">{e.seq}</th>
                      <th scope="col" className="px-1.5 py-1.5 text-right sm:px-2">{e.ack}</th>
                      <th scope="col" className="px-1.5 py-1.5 text-right sm:px-2">{e.len}</th>
                      <th scope="col" className="px-1.5 py-1.5 sm:px-2">{e.arrival}</th>
                      <th scope="col" className="px-1.5 py-1.5 sm:px-2">{ev.column}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pageRows.map((row, k) => {
                      const index = pageStart + k;
                      const { seq, ack } = num(row);
                      const problem = problemsAt.get(index);
                      const current = index === selected;
                      const cls = `border-t border-[var(--color-border)] ${current ? "bg-[var(--color-surface)]" : ""}`;
                      return (
                        <Row
                          key={index}
                          id={`${uid}-row-${index}`}
                          cls={cls}
                          row={row}
                          seq={seq}
                          ack={ack}
                          current={current}
                          problem={problem}
                          arrival={arrivalText(row, view.rows, e)}
                          events={eventsAt.get(index)}
                          ev={ev}
                          t={t}
                          onSelect={() => select(index, false)}
                        />
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {pager}
              {eventsSeen.length > 0 ? (
                <section aria-labelledby={`${uid}-events-h`} className="mt-3" data-testid="lab-events-legend">
                  <h4 id={`${uid}-events-h`} className="text-sm font-semibold">{ev.legend}</h4>
                  <dl className="mt-1 space-y-1 text-sm">
                    {eventsSeen.map((x) => (
                      <div key={x} data-event={x}>
                        <dt className="inline font-semibold">{ev.events[x].name}:</dt>
                        <dd className="ml-1 inline">{ev.events[x].explain}</dd>
                      </div>
                    ))}
                  </dl>
                </section>
              ) : null}
            </div>

            <section aria-labelledby={`${uid}-ladder-h`} className="min-w-0">
              <h3 id={`${uid}-ladder-h`} className="font-semibold">
                {e.ladder}
              </h3>
              <p className="mb-2 text-sm text-[var(--color-muted)]" aria-live="polite">
                {format(e.ladderWindow, { from: n(winStart + 1), to: n(winEnd), total: n(total) })}
              </p>
              <LadderDiagram
                segments={ladderSegments}
                initial={initial}
                highlight={big ? selected - winStart : undefined}
                labels={{
                  client: t.common.client,
                  server: t.common.server,
                  lost: t.common.lost,
                  retransmission: t.common.retransmission,
                  title: e.ladderTitle,
                }}
                id={`${uid}-ladder`}
              />
            </section>
          </div>
        </>
      ) : null}

      <section aria-labelledby={`${uid}-problems-h`}>
        <h3 id={`${uid}-problems-h`} className="mb-1 font-semibold">
          {format(e.problems, { count: n(view.problems.length) })}
        </h3>
        {view.problems.length === 0 ? (
          <p className="text-sm">{e.noProblems}</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="lab-problems">
            {view.problems.slice(0, 200).map((p, k) => (
              <li key={k}>
                <button type="button" className="font-semibold text-[var(--color-danger)] underline" onClick={() => select(p.index, true)}>
                  {format(e.lineN, { line: p.line })}
                </button>
                {": "}
                <span>{p.message[locale]}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={`${uid}-skipped-h`}>
        <h3 id={`${uid}-skipped-h`} className="mb-1 font-semibold">
          {format(e.skipped, { count: n(view.skippedTotal) })}
        </h3>
        {view.skippedTotal === 0 ? (
          <p className="text-sm">{e.noSkipped}</p>
        ) : (
          <>
            <ul className="space-y-2 text-sm" data-testid="lab-skipped">
              {view.skipped.map((k, i) => (
                <li key={i} className="min-w-0">
                  <span className="font-semibold">{format(e.lineN, { line: k.line })}</span>
                  {": "}
                  {view.reasons[k.reason]?.[locale]}
                  <code className="mt-0.5 block overflow-x-auto whitespace-pre rounded bg-[var(--color-surface)] px-2 py-1 text-xs">{k.raw}</code>
                </li>
              ))}
            </ul>
            {view.skippedTotal > view.skipped.length ? (
              <p className="mt-1 text-sm">{format(e.skippedMore, { count: n(view.skippedTotal - view.skipped.length) })}</p>
            ) : null}
          </>
        )}
      </section>

      {view.related.length > 0 ? (
        <section aria-labelledby={`${uid}-related-h`}>
          <h3 id={`${uid}-related-h`} className="mb-1 font-semibold">
            {e.related}
          </h3>
          <ul className="space-y-2 text-sm" data-testid="lab-related">
            {view.related.map((g) => (
              <li key={g.feature}>
                <span className="font-semibold">{e.features[g.feature]}</span>
                <ul className="list-disc pl-6">
                  {g.items.map((item) => (
                    <li key={item.id}>
                      <a href={`/questions/${encodeURIComponent(item.id)}`}>{item.prompt[locale]}</a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function Row({
  id,
  cls,
  row,
  seq,
  ack,
  current,
  problem,
  arrival,
  events,
  ev,
  t,
  onSelect,
}: {
  id: string;
  cls: string;
  row: ViewRow;
  seq: number;
  ack: number | null;
  current: boolean;
  problem: string | undefined;
  arrival: string;
  events: TcpEvent[] | undefined;
  ev: LabEventStrings;
  t: T;
  onSelect: () => void;
}) {
  const e = t.explainer;
  const client = row[1] === 0;
  return (
    <>
      <tr className={cls} data-row={row[0]} aria-current={current ? "true" : undefined}>
        <td className={`px-1.5 py-1 sm:px-2 ${problem ? "border-l-4 border-l-[var(--color-danger)]" : ""}`}>
          <button
            id={id}
            type="button"
            onClick={onSelect}
            aria-label={format(e.showInLadder, { line: row[0] })}
            className="rounded px-1 font-mono underline decoration-dotted"
          >
            {row[0]}
          </button>
        </td>
        <td className="whitespace-nowrap px-1.5 py-1 sm:px-2">
          <span aria-hidden="true" className="text-xs text-[var(--color-muted)]">{client ? t.common.c2s : t.common.s2c}</span>
          <span className="sr-only">{client ? t.common.c2sLong : t.common.s2cLong}</span>
          <span className="ml-1 font-mono">[{row[2]}]</span>
        </td>
        <td className="px-1.5 py-1 font-mono text-xs sm:px-2" data-state="client">{stateName(row[6])}</td>
        <td className="px-1.5 py-1 font-mono text-xs sm:px-2" data-state="server">{stateName(row[7])}</td>
        <td className="px-1.5 py-1 text-right font-mono sm:px-2">{seq}</td>
        <td className="px-1.5 py-1 text-right font-mono sm:px-2">{ack ?? "—"}</td>
        <td className="px-1.5 py-1 text-right font-mono sm:px-2">{row[5]}</td>
        <td className={`px-1.5 py-1 text-xs sm:px-2 ${row[8] === 0 ? "text-[var(--color-muted)]" : ""}`} data-arrival={ARRIVALS[row[8]]}>{arrival}</td>
        <td className="px-1.5 py-1 text-xs sm:px-2" data-events={events?.join(" ") || undefined}>
          {events?.map((x) => (
            <span key={x} title={ev.events[x].explain} className="mr-1 inline-block whitespace-nowrap rounded border border-[var(--color-border)] px-1">
              {ev.events[x].name}
            </span>
          ))}
        </td>
      </tr>
      {problem ? (
        <tr className="bg-[var(--color-surface)]">
          <td colSpan={9} className="border-l-4 border-l-[var(--color-danger)] px-2 py-1 text-[var(--color-danger)]">
            <span className="font-semibold">{e.impossible}</span>: {problem}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The ladder's note for a row that arrived at once: its analysis events, by name. */
function eventNames(events: TcpEvent[] | undefined, ev: LabEventStrings): string | undefined {
  return events && events.length > 0 ? events.map((x) => ev.events[x].name).join(", ") : undefined;
}

/** The arrival column: how the row's segment reached its receiver, naming the line that shows it. */
function arrivalText(row: ViewRow, rows: readonly ViewRow[], e: T["explainer"]): string {
  const line = row[9] >= 0 && row[9] < rows.length ? rows[row[9]][0] : null;
  switch (ARRIVALS[row[8]]) {
    case "crossed":
      return format(e.arrivalCrossed, { line: line ?? "?" });
    case "lost":
      return format(e.arrivalLost, { line: line ?? "?" });
    case "unreachable":
      return format(e.arrivalUnreachable, { line: line ?? "?" });
    case "end":
      return line === null ? e.arrivalEnd : format(e.arrivalEndAt, { line });
    default:
      return e.arrivalAtOnce;
  }
}
