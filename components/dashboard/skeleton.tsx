/** Placeholder blocks in the dashboard's layout while its figures load (no layout shift). */
export function DashboardSkeleton({ label }: { label: string }) {
  const block = "animate-pulse rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)]";
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-4" data-testid="dash-loading">
      <span className="sr-only">{label}</span>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className={`${block} h-20`} />
        ))}
      </div>
      <div className={`${block} h-64`} />
      <div className={`${block} h-48`} />
      <div className="grid gap-4 md:grid-cols-2">
        <div className={`${block} h-56`} />
        <div className={`${block} h-56`} />
      </div>
    </div>
  );
}
