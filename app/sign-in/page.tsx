import type { Metadata } from "next";
import Link from "next/link";
import { CredentialsForm, ProviderButton } from "@/components/account/credentials-form";
import { ClearOfflineData } from "@/components/practice/clear-offline";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { safeNext, signInPageData } from "@/lib/server/sign-in-page";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.account.signIn.title };
}

/** Sign-in (AUTH_MODE=accounts): email and password, and the OAuth providers whose keys are set. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNext(sp.next);
  const [{ t }, data] = await Promise.all([getI18n(), signInPageData(next)]);
  const a = t.account;
  return (
    <div className="max-w-md">
      <ClearOfflineData />
      <PageHeader title={a.signIn.title} intro={a.signIn.intro} />
      {sp.deleted ? (
        <p role="status" className="mb-4 font-semibold">
          {a.remove.deleted}
        </p>
      ) : null}
      <CredentialsForm mode="sign-in" next={next} minPassword={data.minPassword} maxPassword={data.maxPassword} s={{ ...a.fields, submit: a.signIn.submit, busy: a.signIn.busy, errors: a.errors }} />
      {data.providers.length > 0 ? (
        <div className="mt-6 flex flex-wrap gap-3">
          {data.providers.map((p) => (
            <ProviderButton key={p.id} provider={p.id} next={next} label={format(a.signIn.withProvider, { provider: p.name })} failed={a.errors.failed} />
          ))}
        </div>
      ) : null}
      <p className="mt-6">
        {a.signIn.noAccount} <Link href={next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`} className="underline">{a.signIn.toSignUp}</Link>
      </p>
    </div>
  );
}
