import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { LOCALE_COOKIE, negotiateLocale, type Locale } from "./config";
import { getDictionary, type Dictionary } from "./dictionaries";
import { THEME_COOKIE, parseTheme, type Theme } from "./theme";

/** The request's language: cookie, else Accept-Language, else English. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return negotiateLocale(c.get(LOCALE_COOKIE)?.value, h.get("accept-language"));
});

export const getI18n = cache(async (): Promise<{ locale: Locale; t: Dictionary }> => {
  const locale = await getLocale();
  return { locale, t: getDictionary(locale) };
});

export const getTheme = cache(async (): Promise<Theme> => {
  const c = await cookies();
  return parseTheme(c.get(THEME_COOKIE)?.value);
});
