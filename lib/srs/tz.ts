/**
 * The learner's time zone, for days: streaks, "due tomorrow", the dashboard's figures. The `tz` cookie holds the UTC offset in whole
 * minutes east of UTC (+480 for Beijing, -300 for New York in winter), as the browser reports it
 * (`-new Date().getTimezoneOffset()`). Without a valid cookie days are UTC days (offset 0).
 */
export const TZ_COOKIE = "tz";

/** Real offsets run from UTC−12:00 to UTC+14:00. */
export const MIN_TZ_OFFSET = -720;
export const MAX_TZ_OFFSET = 840;

/** The offset in minutes from the cookie's value; 0 when absent or not a whole number in range. */
export function parseTzOffset(value: string | undefined | null): number {
  if (value === undefined || value === null || !/^[+-]?\d{1,4}$/.test(value.trim())) return 0;
  const n = Number(value.trim());
  return n >= MIN_TZ_OFFSET && n <= MAX_TZ_OFFSET ? n : 0;
}
