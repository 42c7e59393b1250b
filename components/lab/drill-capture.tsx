"use client";

import Link from "next/link";
import { useState } from "react";
import { format } from "@/lib/i18n/dictionaries";
import type { Locale } from "@/lib/i18n/config";
import { labDrillStrings } from "@/lib/i18n/features/lab-drill";

/**
 * "Drill this capture": sends the explained text (a pcap/pcapng already read into it) to
 * POST /api/lab/captures, which adds its questions to the learner's own practice.
 */
export function DrillCapture({ text, source, locale }: { text: string; source: "text" | "pcap" | "pcapng"; locale: Locale }) {
  const s = labDrillStrings(locale);
  const [name, setName] = useState(s.defaultName);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function drill(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const res = await fetch("/api/lab/captures", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: name.trim() || s.defaultName, source, text }),
      });
      const body = (await res.json().catch(() => null)) as { items?: number; error?: { message?: string; zh?: string } } | null;
      if (res.ok && body?.items !== undefined) setMade(body.items);
      else setError((locale === "zh" ? body?.error?.zh : body?.error?.message) ?? s.failed);
    } catch {
      setError(s.failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="lab-drill-h" className="mt-6 rounded-md border border-[var(--color-border)] p-4" data-testid="lab-drill">
      <h3 id="lab-drill-h" className="text-base font-semibold">
        {s.heading}
      </h3>
      <p className="mt-1 text-sm text-[var(--color-muted)]">{s.intro}</p>
      <form onSubmit={drill} className="mt-3 flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">
          {s.name}
          <input
            type="text"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            className="mt-1 block rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1"
          />
        </label>
        <button type="submit" disabled={busy} className="rounded-md bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-accent-fg)] disabled:opacity-60">
          {busy ? s.busy : s.button}
        </button>
      </form>
      <p role="status" aria-live="polite" className="mt-2 text-sm" data-testid="lab-drill-status">
        {made !== null ? (
          <>
            {format(s.made, { n: made })}{" "}
            <Link href="/lab/captures" className="underline">
              {s.open}
            </Link>
          </>
        ) : null}
      </p>
      {error ? (
        <p className="mt-2 rounded-md border-l-4 border-[var(--color-danger)] bg-[var(--color-surface)] p-3 text-sm text-[var(--color-danger)]" data-testid="lab-drill-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
