"use client";

import { en, zh } from "@/lib/i18n/features/dashboard";

// Error boundaries cannot read the server's dictionary; both languages are shown side by side,
// from the dashboard's own strings.
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-[var(--color-danger)] p-4">
      <h1 className="text-2xl font-bold">
        {zh.errors.pageTitle} <span lang="en">/ {en.errors.pageTitle}</span>
      </h1>
      <button type="button" onClick={() => reset()} className="mt-4 rounded-md border border-[var(--color-border)] px-3 py-1.5">
        {zh.errors.retry} <span lang="en">/ {en.errors.retry}</span>
      </button>
    </div>
  );
}
