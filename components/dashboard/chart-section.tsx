import type { ReactNode } from "react";

/**
 * A dashboard section: heading, one-line explanation, the chart (an SVG with role="img" and a
 * text summary), and the same figures as a table behind a disclosure.
 */
export function ChartSection({
  id,
  heading,
  explain,
  summary,
  chart,
  table,
  tableToggle,
  className = "",
  children,
}: {
  id: string;
  heading: string;
  explain?: string;
  summary?: ReactNode;
  chart?: ReactNode;
  table?: ReactNode;
  tableToggle?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      data-testid={`dash-${id}`}
      className={`min-w-0 rounded-lg border border-[var(--color-border)] p-4 ${className}`}
    >
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {heading}
      </h2>
      {explain ? <p className="mt-1 text-sm text-[var(--color-muted)]">{explain}</p> : null}
      {summary ? (
        <p className="mt-2" data-testid="summary">
          {summary}
        </p>
      ) : null}
      {chart ? <div className="mt-3">{chart}</div> : null}
      {children}
      {table && tableToggle ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm text-[var(--color-accent)]">
            {tableToggle}
            {/* Four of these on one page: each names its chart, for screen readers and voice control. */}
            <span className="sr-only">: {heading}</span>
          </summary>
          <div className="mt-2 max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={`${heading}: ${tableToggle}`}>
            {table}
          </div>
        </details>
      ) : null}
    </section>
  );
}

/** A plain data table: caption for screen readers, header cells with scope. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i} scope="col" className={`border-b border-[var(--color-border)] px-2 py-1 font-semibold ${i === 0 ? "text-left" : "text-right"}`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row" className="border-b border-[var(--color-border)] px-2 py-1 text-left font-normal">
                  {c}
                </th>
              ) : (
                <td key={j} className="border-b border-[var(--color-border)] px-2 py-1 text-right tabular-nums">
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
