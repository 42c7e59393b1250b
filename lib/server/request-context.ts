import "server-only";
import { cookies } from "next/headers";
import { TZ_COOKIE, parseTzOffset } from "@/lib/srs/tz";

/** The learner's UTC offset in minutes (east positive), from the `tz` cookie; and whether the cookie was there. */
export async function getTimeZone(): Promise<{ offset: number; fromCookie: boolean }> {
  const raw = (await cookies()).get(TZ_COOKIE)?.value;
  return { offset: parseTzOffset(raw), fromCookie: raw !== undefined };
}

/** The learner's UTC offset in minutes (east positive); 0 (UTC) until the page has set the cookie. */
export async function getTzOffset(): Promise<number> {
  return (await getTimeZone()).offset;
}
