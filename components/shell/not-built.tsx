import type { Dictionary } from "@/lib/i18n/dictionaries";

/** An honest placeholder for a section whose issue is not done: no fake data. */
export function NotBuilt({ t }: { t: Dictionary }) {
  return (
    <section
      aria-labelledby="not-built-title"
      className="rounded-lg border border-dashed border-[var(--color-border)] bg-[var(--color-surface)] p-5"
      data-testid="not-built"
    >
      <h2 id="not-built-title" className="font-semibold">
        {t.notBuilt.title}
      </h2>
      <p className="mt-1 text-[var(--color-muted)]">{t.notBuilt.body}</p>
    </section>
  );
}
