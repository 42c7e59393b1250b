"use client";

import { useActionState } from "react";
import type { ClaimState, DeleteState } from "@/app/account/actions";

export interface ClaimStrings {
  submit: string;
  done: string;
  already: string;
  nothing: string;
  notEmpty: string;
  unavailable: string;
}

/** The explicit "claim the local progress" button (one form post; works without JavaScript too). */
export function ClaimForm({ s, action }: { s: ClaimStrings; action: (p: ClaimState, f: FormData) => Promise<ClaimState> }) {
  const [state, submit, pending] = useActionState(action, null);
  const text = (st: NonNullable<ClaimState>) => {
    switch (st.outcome) {
      case "claimed":
        return s.done.replace("{cards}", String(st.cards)).replace("{reviews}", String(st.reviews)).replace("{mocks}", String(st.mocks));
      case "already":
        return s.already;
      case "not_empty":
        return s.notEmpty;
      case "nothing":
        return s.nothing;
      default:
        return s.unavailable;
    }
  };
  return (
    <form action={submit} className="mt-3">
      {state?.outcome !== "claimed" ? (
        <button type="submit" disabled={pending} className="rounded bg-[var(--color-accent)] px-4 py-2 font-semibold text-[var(--color-accent-fg)] disabled:opacity-60">
          {s.submit}
        </button>
      ) : null}
      <p role="status" aria-live="polite" className="mt-2 min-h-6 font-semibold">
        {state ? text(state) : null}
      </p>
    </form>
  );
}

export interface DeleteStrings {
  confirmLabel: string;
  passwordLabel: string;
  submit: string;
  mismatch: string;
  wrongPassword: string;
  failed: string;
}

/** Deleting the account: type the email address (and the password, for an account that has one). */
export function DeleteAccountForm({ s, hasPassword, action }: { s: DeleteStrings; hasPassword: boolean; action: (p: DeleteState, f: FormData) => Promise<DeleteState> }) {
  const [state, submit, pending] = useActionState(action, null);
  const field = "mt-1 block w-full max-w-sm rounded border border-[var(--color-border)] bg-[var(--color-bg)] px-3 py-2";
  return (
    <form action={submit} className="mt-3 space-y-3">
      <label className="block font-medium">
        {s.confirmLabel}
        <input name="confirm" type="email" autoComplete="off" required maxLength={300} className={field} />
      </label>
      {hasPassword ? (
        <label className="block font-medium">
          {s.passwordLabel}
          <input name="password" type="password" autoComplete="current-password" required maxLength={128} className={field} />
        </label>
      ) : null}
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold text-[var(--color-danger)]">
        {state ? s[state.error] : null}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-[var(--color-danger)] px-4 py-2 font-semibold text-[var(--color-accent-fg)] disabled:opacity-60">
        {s.submit}
      </button>
    </form>
  );
}
