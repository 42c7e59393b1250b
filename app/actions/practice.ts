"use server";

import crypto from "node:crypto";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { saveSettings, startSession } from "@/lib/server/practice";
import { optimiseNow } from "@/lib/server/learner-weights";
import { parseInterviewSettings, type InterviewSettingsError } from "@/lib/schedule/interview-settings";
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

export type SettingsState = {
  ok: boolean;
  errors?: Partial<Record<keyof z.infer<typeof Settings>, string[]>> & Partial<Record<"interviewDate" | "dailyMinutes", InterviewSettingsError[]>>;
  unavailable?: boolean;
} | null;

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
  // interview-date mode: a date after today (the learner's day) and within a year, 5–240 minutes
  const interview = parseInterviewSettings({ interviewDate: formData.get("interviewDate"), dailyMinutes: formData.get("dailyMinutes") }, new Date(), await getTzOffset());
  if (!parsed.success || !interview.ok) {
    return { ok: false, errors: { ...(parsed.success ? {} : z.flattenError(parsed.error).fieldErrors), ...(interview.ok ? {} : interview.errors) } };
  }
  const user = await getCurrentUser();
  try {
    await saveSettings(user.id, { ...parsed.data, ...interview.value });
  } catch (e) {
    // A database fault: nothing was saved; the form says so instead of an error page.
    const fault = classifyDbError(e);
    if (!fault) throw e;
    recordFault(fault);
    return { ok: false, unavailable: true };
  }
  revalidatePath("/");
  revalidatePath("/plan");
  return { ok: true };
}

export type OptimiseState = { ok: boolean; busy?: boolean; failed?: boolean; unavailable?: boolean; status?: string } | null;

/** "Optimise now": fits the learner's weights, stores the run with its evaluation, applies it only if better. */
export async function optimiseWeightsNow(_prev: OptimiseState, formArg: FormData): Promise<OptimiseState> {
  if (!formOf(formArg)) return { ok: false };
  const user = await getCurrentUser();
  try {
    const r = await optimiseNow(user.id, "manual");
    if (!r.ok) return { ok: false, busy: true };
    revalidatePath("/");
    revalidatePath("/plan");
    return { ok: true, status: r.record.status };
  } catch (e) {
    const fault = classifyDbError(e);
    if (fault) {
      recordFault(fault);
      return { ok: false, unavailable: true };
    }
    console.error("tcp-drill: optimiser failed:", e instanceof Error ? e.message : e);
    return { ok: false, failed: true };
  }
}
