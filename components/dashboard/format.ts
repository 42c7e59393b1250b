import type { Locale } from "@/lib/i18n/config";
import { DAY_MS } from "@/lib/srs/stats";

/** Formatting shared by the dashboard's charts and tables (server-rendered, per locale). */
export const INTL_LOCALE: Record<Locale, string> = { zh: "zh-CN", en: "en-US" };

export function fmtInt(locale: Locale, n: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 0 }).format(n);
}

export function fmtNum(locale: Locale, n: number, digits = 1): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** 0.873 → "87" (the % sign is in the sentence, as "87 %"). */
export function pct(x: number): string {
  return String(Math.round(x * 100));
}

const dateOf = (day: number) => new Date(day * DAY_MS);

/** "3/10" — short enough for an axis label in both languages. */
export function shortDay(day: number): string {
  const d = dateOf(day);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
}

/** "Mar" / "3月" */
export function monthName(locale: Locale, day: number): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: "short", timeZone: "UTC" }).format(dateOf(day));
}

/** "Mar 2026" / "2026年3月" */
export function monthYear(locale: Locale, day: number): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: "short", year: "numeric", timeZone: "UTC" }).format(dateOf(day));
}

/** "Mon" / "周一" for weekday 0 (Monday) … 6 (Sunday). */
export function weekdayName(locale: Locale, wd: number): string {
  // 1970-01-05 was a Monday.
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: "short", timeZone: "UTC" }).format(dateOf(4 + wd));
}

/** "+08:00" for 480 minutes east of UTC. */
export function fmtOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
