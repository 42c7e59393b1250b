import type { Metadata } from "next";
import Link from "next/link";
import { CredentialsForm } from "@/components/account/credentials-form";
import { ClearOfflineData } from "@/components/practice/clear-offline";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { signInPageData } from "@/lib/server/sign-in-page";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.account.signUp.title };
}

/** Sign-up (AUTH_MODE=accounts); afterwards the account page, which offers any local progress to claim. */
export default async function SignUpPage() {
  const [{ t }, data] = await Promise.all([getI18n(), signInPageData("/account?welcome=1")]);
  const a = t.account;
  return (
    <div className="max-w-md">
      <ClearOfflineData />
      <PageHeader title={a.signUp.title} intro={a.signUp.intro} />
      <CredentialsForm
        mode="sign-up"
        next="/account?welcome=1"
        minPassword={data.minPassword}
        maxPassword={data.maxPassword}
        s={{ ...a.fields, passwordHint: format(a.fields.passwordHint, { min: data.minPassword }), submit: a.signUp.submit, busy: a.signUp.busy, errors: a.errors }}
      />
      <p className="mt-6">
        {a.signUp.haveAccount} <Link href="/sign-in" className="underline">{a.signUp.toSignIn}</Link>
      </p>
    </div>
  );
}
