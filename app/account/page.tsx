import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ClaimForm, DeleteAccountForm } from "@/components/account/account-forms";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { claimableLocalProgress } from "@/lib/server/accounts";
import { getPrisma } from "@/lib/server/prisma";
import { authMode, getCurrentUser } from "@/lib/server/users";
import { claimAction, deleteAccountAction, signOutAction } from "./actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.account.page.title };
}

/** The signed-in learner's account: sign out, claim the local progress (once), delete everything. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (authMode() !== "accounts") redirect("/");
  const [{ t }, user, sp] = await Promise.all([getI18n(), getCurrentUser(), searchParams]);
  const [claimable, credential] = await Promise.all([
    claimableLocalProgress(),
    getPrisma().then((db) => db.account.findFirst({ where: { userId: user.id, providerId: "credential" }, select: { id: true } })),
  ]);
  const a = t.account;
  return (
    <>
      <PageHeader title={a.page.title} intro={format(a.page.signedInAs, { email: user.email ?? user.name })} />
      {sp.welcome ? (
        <p className="mb-6" role="status">
          {a.page.welcome} <Link href="/practice" className="underline">{a.page.startPractice}</Link>
        </p>
      ) : null}
      <form action={signOutAction} className="mb-8">
        <button type="submit" className="rounded border border-[var(--color-border)] px-4 py-2 font-semibold hover:bg-[var(--color-surface)]">
          {a.page.signOut}
        </button>
      </form>
      {claimable ? (
        <section aria-labelledby="claim-h" className="mb-8 max-w-prose rounded-md border border-[var(--color-border)] p-4">
          <h2 id="claim-h" className="text-lg font-semibold">
            {a.claim.heading}
          </h2>
          <p className="mt-1">{format(a.claim.body, { cards: claimable.cards, reviews: claimable.reviews, mocks: claimable.mocks })}</p>
          <ClaimForm action={claimAction} s={{ ...a.claim, unavailable: a.errors.failed }} />
        </section>
      ) : null}
      <section aria-labelledby="delete-h" className="max-w-prose rounded-md border border-[var(--color-danger)] p-4">
        <h2 id="delete-h" className="text-lg font-semibold">
          {a.remove.heading}
        </h2>
        <p className="mt-1">{a.remove.body}</p>
        <DeleteAccountForm
          action={deleteAccountAction}
          hasPassword={!!credential}
          s={{ ...a.remove, confirmLabel: format(a.remove.confirmLabel, { email: user.email ?? "" }) }}
        />
      </section>
    </>
  );
}
