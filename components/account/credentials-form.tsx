"use client";

import { useId, useState } from "react";

export interface CredentialsStrings {
  name: string;
  email: string;
  password: string;
  passwordHint: string;
  submit: string;
  busy: string;
  errors: { invalid: string; exists: string; passwordShort: string; passwordLong: string; email: string; name: string; rateLimited: string; failed: string };
}

/**
 * Sign-in or sign-up against better-auth's own routes (/api/auth/sign-in/email,
 * /api/auth/sign-up/email), so its rate limiter and Origin check apply; the session cookie comes
 * back on the response. Errors are shown in the interface's language, announced to screen readers.
 */
export function CredentialsForm({ mode, s, minPassword, maxPassword, next }: { mode: "sign-in" | "sign-up"; s: CredentialsStrings; minPassword: number; maxPassword: number; next: string }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") };
    if (mode === "sign-up") body.name = String(form.get("name") ?? "").trim();
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/auth/${mode}/email`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const data = (await res.json().catch(() => ({}))) as { code?: string };
      setError(message(res, data.code));
    } catch {
      setError(s.errors.failed);
    }
    setPending(false);
  }

  function message(res: Response, code: string | undefined): string {
    const e = s.errors;
    if (res.status === 429) return e.rateLimited.replace("{seconds}", res.headers.get("X-Retry-After") ?? "60");
    switch (code) {
      case "INVALID_EMAIL_OR_PASSWORD":
        return e.invalid;
      case "USER_ALREADY_EXISTS":
      case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
        return e.exists;
      case "PASSWORD_TOO_SHORT":
        return e.passwordShort.replace("{min}", String(minPassword));
      case "PASSWORD_TOO_LONG":
        return e.passwordLong.replace("{max}", String(maxPassword));
      case "INVALID_EMAIL":
        return e.email;
      default:
        return res.status === 401 ? e.invalid : e.failed;
    }
  }

  const field = "mt-1 block w-full max-w-sm rounded border border-[var(--color-border)] bg-[var(--color-bg)] px-3 py-2";
  return (
    <form onSubmit={onSubmit} method="post" action={`/api/auth/${mode}/email`} className="space-y-4" aria-describedby={`${id}-status`}>
      {mode === "sign-up" ? (
        <label className="block font-medium">
          {s.name}
          <input name="name" type="text" autoComplete="name" required maxLength={100} className={field} />
        </label>
      ) : null}
      <label className="block font-medium">
        {s.email}
        <input name="email" type="email" autoComplete="email" required maxLength={254} className={field} />
      </label>
      <label className="block font-medium">
        {s.password}
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          required
          minLength={mode === "sign-up" ? minPassword : undefined}
          maxLength={maxPassword}
          aria-describedby={mode === "sign-up" ? `${id}-hint` : undefined}
          className={field}
        />
      </label>
      {mode === "sign-up" ? (
        <p id={`${id}-hint`} className="-mt-2 text-sm text-[var(--color-muted)]">
          {s.passwordHint}
        </p>
      ) : null}
      <div id={`${id}-status`} role="status" aria-live="polite" className="min-h-6 text-sm font-semibold text-[var(--color-danger)]">
        {error}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-[var(--color-accent)] px-4 py-2 font-semibold text-[var(--color-accent-fg)] disabled:opacity-60">
        {pending ? s.busy : s.submit}
      </button>
    </form>
  );
}

/** "Sign in with GitHub/Google": better-auth answers POST /api/auth/sign-in/social with the provider's URL. */
export function ProviderButton({ provider, label, next, failed }: { provider: string; label: string; next: string; failed: string }) {
  const [error, setError] = useState<string | null>(null);
  async function go() {
    setError(null);
    try {
      const res = await fetch("/api/auth/sign-in/social", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ provider, callbackURL: next }) });
      const data = (await res.json().catch(() => ({}))) as { url?: string };
      if (res.ok && data.url) return window.location.assign(data.url);
    } catch {
      // shown below
    }
    setError(failed);
  }
  return (
    <div>
      <button type="button" onClick={go} className="rounded border border-[var(--color-border)] px-4 py-2 font-semibold hover:bg-[var(--color-surface)]">
        {label}
      </button>
      <p role="status" aria-live="polite" className="text-sm font-semibold text-[var(--color-danger)]">
        {error}
      </p>
    </div>
  );
}
