"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { LOCALES, LOCALE_COOKIE } from "@/lib/i18n/config";
import { THEMES, THEME_COOKIE } from "@/lib/i18n/theme";
import { formOf } from "@/lib/http/form";

const ONE_YEAR = 60 * 60 * 24 * 365;
const cookieOptions = { path: "/", maxAge: ONE_YEAR, sameSite: "lax" as const, httpOnly: false };

const LocaleInput = z.object({ lang: z.enum(LOCALES) });
const ThemeInput = z.object({ theme: z.enum(THEMES) });

/** Keeps the chosen UI language in a cookie. Anything but a known language changes nothing. */
export async function setLocale(formData: FormData): Promise<void> {
  const parsed = LocaleInput.safeParse({ lang: formOf(formData)?.get("lang") });
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.lang, cookieOptions);
  revalidatePath("/", "layout");
}

/** Keeps the chosen theme (system, light or dark) in a cookie. Anything else changes nothing. */
export async function setTheme(formData: FormData): Promise<void> {
  const parsed = ThemeInput.safeParse({ theme: formOf(formData)?.get("theme") });
  if (!parsed.success) return;
  (await cookies()).set(THEME_COOKIE, parsed.data.theme, cookieOptions);
  revalidatePath("/", "layout");
}
