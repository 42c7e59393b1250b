"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

interface Strings {
  importLabel: string;
  importButton: string;
  importing: string;
  confirm: string;
  noFile: string;
  imported: string;
  failed: string;
  network: string;
}

type Status = { kind: "idle" } | { kind: "busy" } | { kind: "ok"; text: string } | { kind: "error"; text: string };

const fill = (t: string, v: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

/**
 * Import of a progress file: the file's text is POSTed to /api/progress/import, which checks
 * everything and replaces the progress in one transaction or refuses with a message (shown here
 * in an alert region). On success the dashboard re-renders with the imported numbers.
 */
export function ImportForm({ strings }: { strings: Strings }) {
  const router = useRouter();
  const inputId = useId();
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) return setStatus({ kind: "error", text: strings.noFile });
    if (!window.confirm(strings.confirm)) return;
    setStatus({ kind: "busy" });
    try {
      const res = await fetch("/api/progress/import", { method: "POST", headers: { "Content-Type": "application/json" }, body: file });
      const body = (await res.json().catch(() => null)) as { ok?: boolean; message?: string; cards?: number; reviews?: number; mocks?: number } | null;
      if (res.ok && body?.ok) {
        setStatus({ kind: "ok", text: fill(strings.imported, { cards: body.cards ?? 0, reviews: body.reviews ?? 0, mocks: body.mocks ?? 0 }) });
        router.refresh();
      } else {
        setStatus({ kind: "error", text: fill(strings.failed, { message: body?.message ?? `HTTP ${res.status}` }) });
      }
    } catch {
      setStatus({ kind: "error", text: strings.network });
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor={inputId} className="text-sm font-medium">
          {strings.importLabel}
        </label>
        <input
          id={inputId}
          name="file"
          type="file"
          accept="application/json,.json"
          className="max-w-full text-sm file:mr-2 file:rounded-md file:border file:border-[var(--color-border)] file:bg-[var(--color-surface)] file:px-3 file:py-1.5 file:text-[var(--color-fg)]"
        />
      </div>
      <button
        type="submit"
        disabled={status.kind === "busy"}
        className="rounded-md border border-[var(--color-danger)] px-3 py-1.5 text-[var(--color-danger)] disabled:opacity-60"
      >
        {status.kind === "busy" ? strings.importing : strings.importButton}
      </button>
      <p role="status" data-testid="import-status" className="text-sm text-[var(--color-success)] sm:ml-2">
        {status.kind === "ok" ? status.text : ""}
      </p>
      <p role="alert" data-testid="import-error" className="text-sm text-[var(--color-danger)] sm:ml-2">
        {status.kind === "error" ? status.text : ""}
      </p>
    </form>
  );
}
