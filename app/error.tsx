"use client";

// Error boundaries cannot read the server's dictionary; both languages are shown side by side.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert">
      <h1 className="text-2xl font-bold">
        出错了 <span lang="en">/ Something went wrong</span>
      </h1>
      <button
        type="button"
        onClick={() => reset()}
        className="mt-4 rounded-md border border-[var(--color-border)] px-3 py-1.5"
      >
        重试 <span lang="en">/ Try again</span>
      </button>
    </div>
  );
}
