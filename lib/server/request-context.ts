import "server-only";
import { cookies } from "next/headers";

export const TZ_COOKIE = "tz";

/** The learner's UTC offset in minutes (east positive), from the `tz` cookie the page sets; 0 if unknown. */
export async function getTzOffset(): Promise<number> {
  const raw = (await cookies()).get(TZ_COOKIE)?.value;
  const n = Number(raw);
  return Number.isInteger(n) && n >= -840 && n <= 840 ? n : 0;
}
