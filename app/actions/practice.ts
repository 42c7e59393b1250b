"use server";

import crypto from "node:crypto";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { saveSettings, startSession } from "@/lib/server/practice";
import { getTzOffset } from "@/lib/server/request-context";
import { getCurrentUser } from "@/lib/server/users";
import { formOf } from "@/lib/http/form";
import { classifyDbError, recordFault } from "@/lib/db/faults";

/** Starts (or resumes) today's practice and opens it. */
export async function startPractice(): Promise<void> {
  const user = await getCurrentUser();
  await startSession(user.id, new Date(), await getTzOffset(), { seed: crypto.randomInt(2 ** 31) });
  redirect("/practice");
}

const Settings = z.object({
  desiredRetention: z.coerce.number().min(0.7, { message: "between 0.70 and 0.99" }).max(0.99, { message: "between 0.70 and 0.99" }),
  newPerDay: z.coerce.number().int().min(0, { message: "0 to 100" }).max(100, { message: "0 to 100" }),
  maxReviewsPerDay: z.coerce.number().int().min(1, { message: "1 to 9999" }).max(9999, { message: "1 to 9999" }),
  showIntervals: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

export type SettingsState = { ok: boolean; errors?: Partial<Record<keyof z.infer<typeof Settings>, string[]>>; unavailable?: boolean } | null;

/** Saves practice settings; field errors go back to the form and nothing is changed. */
export async function updateSettings(_prev: SettingsState, formArg: FormData): Promise<SettingsState> {
  const formData = formOf(formArg);
  if (!formData) return { ok: false };
  const parsed = Settings.safeParse({
    desiredRetention: formData.get("desiredRetention"),
    newPerDay: formData.get("newPerDay"),
    maxReviewsPerDay: formData.get("maxReviewsPerDay"),
    showIntervals: formData.get("showIntervals") ?? "false",
  });
  if (!parsed.success) return { ok: false, errors: z.flattenError(parsed.error).fieldErrors };
  const user = await getCurrentUser();
  try {
    await saveSettings(user.id, parsed.data);
  } catch (e) {
    // A database fault: nothing was saved; the form says so instead of an error page.
    const fault = classifyDbError(e);
    if (!fault) throw e;
    recordFault(fault);
    return { ok: false, unavailable: true };
  }
  revalidatePath("/");
  return { ok: true };
}
