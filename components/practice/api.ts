/** The practice page's calls to the practice API (same origin, JSON). */
import type { CheckResult } from "@/lib/grading/practice";
import type { SessionView } from "@/lib/server/practice-view";

export type { SessionView };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly zh: string,
  ) {
    super(message);
  }
}

async function call<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; zh: string } } | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? "error", e?.message ?? `HTTP ${res.status}`, e?.zh ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const practiceApi = {
  view: (sessionId: string) => call<SessionView>("GET", `/api/practice/sessions/${encodeURIComponent(sessionId)}`),
  check: (body: { sessionId: string; itemId: string; responseMs: number; answer: unknown }) => call<CheckResult & { given?: unknown }>("POST", "/api/practice/check", body),
  rate: (body: {
    sessionId: string;
    itemId: string;
    rating: 1 | 2 | 3 | 4;
    cardVersion: number;
    idempotencyKey: string;
    durationMs: number;
    correct: boolean | null;
    suggestedRating: number | null;
  }) => call<{ duplicate: boolean }>("POST", "/api/practice/rate", body),
  dispute: (body: { itemId: string; text: string; chosen: 1 | 2 | 3 | 4 }) => call<{ recorded: boolean }>("POST", "/api/practice/dispute", body),
  undo: (sessionId: string) => call<{ itemId: string; rating: number }>("POST", "/api/practice/undo", { sessionId }),
  start: (body: { only?: string[] }) => call<SessionView>("POST", "/api/practice/sessions", body),
};

/** A random id that works outside secure contexts too (crypto.randomUUID needs HTTPS or localhost). */
export function idempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
