import type { Metadata, Viewport } from "next";
import "./globals.css";
import { SiteHeader } from "@/components/shell/site-header";
import { TimezoneCookie } from "@/components/shell/timezone-cookie";
import { HTML_LANG } from "@/lib/i18n/config";
import { getI18n, getTheme } from "@/lib/i18n/server";
import { getTzOffset } from "@/lib/server/request-context";
import { authMode, getSignedInUser } from "@/lib/server/users";

export const runtime = "nodejs";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: { default: t.meta.title, template: `%s · ${t.meta.title}` }, description: t.meta.description };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [{ locale, t }, theme, tz] = await Promise.all([getI18n(), getTheme(), getTzOffset()]);
  // accounts mode: the header links to the account page (signed in) or the sign-in page
  const account = authMode() === "accounts" ? { signedIn: (await getSignedInUser()) !== null } : null;
  return (
    <html lang={HTML_LANG[locale]} className={theme === "system" ? undefined : theme} data-theme={theme}>
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-[var(--color-bg)] focus:px-3 focus:py-2"
        >
          {t.a11y.skipToContent}
        </a>
        <TimezoneCookie rendered={tz} />
        <SiteHeader t={t} locale={locale} theme={theme} account={account} />
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 outline-none">
          {children}
        </main>
        <footer className="mx-auto max-w-5xl px-4 pb-8 pt-4 text-sm text-[var(--color-muted)]">{t.footer.about}</footer>
      </body>
    </html>
  );
}
