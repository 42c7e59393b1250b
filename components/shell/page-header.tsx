export function PageHeader({ title, intro }: { title: string; intro?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      {intro ? <p className="mt-1 text-[var(--color-muted)]">{intro}</p> : null}
    </div>
  );
}
