import Link from "next/link";
import { setLocale, setTheme } from "@/app/actions/preferences";
import { format, type Dictionary } from "@/lib/i18n/dictionaries";
import type { Locale } from "@/lib/i18n/config";
import { nextTheme, type Theme } from "@/lib/i18n/theme";
import { NavLinks } from "./nav-links";
import { MenuToggle } from "./menu-toggle";
import { PreferenceFocus } from "./preference-focus";

const MENU: Record<Locale, string> = { en: "Menu", zh: "菜单" };

/** The header on every page: sections, language switch and theme toggle (both plain forms, so
 * they work before JavaScript loads and by keyboard). */
export function SiteHeader({ t, locale, theme, account = null }: { t: Dictionary; locale: Locale; theme: Theme; account?: { signedIn: boolean } | null }) {
  const items = [
    { href: "/", label: t.nav.today },
    { href: "/practice", label: t.nav.practice },
    { href: "/mock", label: t.nav.mock },
    { href: "/dashboard", label: t.nav.dashboard },
    { href: "/questions", label: t.nav.questions },
    { href: "/lab", label: t.nav.lab },
  ];
  const other: Locale = locale === "zh" ? "en" : "zh";
  const upcoming = nextTheme(theme);
  const buttonClass =
    "rounded-md border border-[var(--color-border)] px-2.5 py-1.5 text-sm hover:bg-[var(--color-surface)]";
  return (
    <header className="border-b border-[var(--color-border)]">
      <noscript>
        <style>{"#site-nav{display:block!important}"}</style>
      </noscript>
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 md:gap-x-4 md:py-3">
        <Link href="/" className="mr-1 text-lg font-bold text-[var(--color-fg)] no-underline md:mr-2">
          TCP Drill
        </Link>
        <MenuToggle label={MENU[locale]} controls="site-nav" />
        <div id="site-nav" data-open="false" className="order-last hidden w-full data-[open=true]:block md:order-none md:block md:w-auto">
          <NavLinks items={items} label={t.a11y.mainNav} />
        </div>
        <div role="group" id="preferences" aria-label={t.a11y.preferences} className="ml-auto flex items-center gap-2">
          <PreferenceFocus stamp={`${locale}|${theme}`} groupId="preferences" />
          {account ? (
            <Link href={account.signedIn ? "/account" : "/sign-in"} className={`${buttonClass} no-underline`}>
              {account.signedIn ? t.account.nav.account : t.account.nav.signIn}
            </Link>
          ) : null}
          <form action={setLocale}>
            <input type="hidden" name="lang" value={other} />
            <button type="submit" className={buttonClass}>
              <span lang={other === "zh" ? "zh-CN" : "en"}>{t.language.switchTo}</span>
              <span className="sr-only"> — {t.language.switchToLabel}</span>
            </button>
          </form>
          <form action={setTheme}>
            <input type="hidden" name="theme" value={upcoming} />
            <button
              type="submit"
              className={buttonClass}
              data-theme-current={theme}
              aria-label={format(t.theme.toggle, { current: t.theme[theme], next: t.theme[upcoming] })}
            >
              <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
              <span className="hidden sm:inline"> {t.theme[theme]}</span>
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
