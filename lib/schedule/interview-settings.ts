/**
 * The interview date and daily budget as the settings form sends them, validated (pure: `now`
 * and the learner's UTC offset are parameters). The date is a calendar date (YYYY-MM-DD, what
 * <input type="date"> sends); it must be after the learner's today and at most a year (365 days)
 * later. Empty clears it. The budget is 5–240 whole minutes; it is required while a date is set
 * (the plan is fitted into it). Errors are codes; the form shows them in the learner's language
 * (lib/i18n/features/plan.ts settings.errors).
 *
 * Stored: the date as the UTC midnight of that calendar date (a date, not an instant). The
 * interview instant the planner aims at is the start of that day in the learner's zone
 * (`interviewInstant`): recall on the morning of the interview; the last review day is the day
 * before.
 */
import { z } from "zod";
import { DAY_MS, dayNumber, dayStart } from "../srs/stats";

export const MIN_DAILY_MINUTES = 5;
export const MAX_DAILY_MINUTES = 240;
/** The farthest interview date accepted, in days after today. */
export const MAX_DAYS_AHEAD = 365;

export type InterviewSettingsError = "date" | "dateNotFuture" | "dateTooFar" | "minutes" | "minutesNeeded";

export interface InterviewSettings {
  interviewDate: Date | null;
  dailyMinutes: number | null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date "YYYY-MM-DD" as its UTC midnight, or null if it is not a real date. */
export function parseCalendarDate(s: string): Date | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  // rejects 2026-02-30 and the like (Date.UTC would roll them over)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return back;
}

/** "YYYY-MM-DD" of a stored interview date (its UTC calendar date). */
export function calendarDateString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The learner's day number of a stored interview date. */
export function interviewDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

/** The instant the plan aims at: the start of the interview day in the learner's zone. */
export function interviewInstant(d: Date, offsetMinutes: number): Date {
  return dayStart(interviewDay(d), offsetMinutes);
}

/** Whole days from the learner's today to the interview day (1 = tomorrow). */
export function daysUntil(d: Date, now: Date, offsetMinutes: number): number {
  return interviewDay(d) - dayNumber(now, offsetMinutes);
}

const text = z.preprocess((v) => (v === null || v === undefined ? "" : v), z.string().trim().max(32));

/** The schema for the form's two fields, relative to `now` in the learner's zone. */
export function interviewSettingsSchema(now: Date, offsetMinutes: number) {
  const today = dayNumber(now, offsetMinutes);
  return z
    .object({
      interviewDate: text.transform((s, ctx) => {
        if (s === "") return null;
        const d = parseCalendarDate(s);
        if (!d) {
          ctx.addIssue({ code: "custom", message: "date" satisfies InterviewSettingsError });
          return z.NEVER;
        }
        const day = interviewDay(d);
        if (day <= today) ctx.addIssue({ code: "custom", message: "dateNotFuture" satisfies InterviewSettingsError });
        else if (day > today + MAX_DAYS_AHEAD) ctx.addIssue({ code: "custom", message: "dateTooFar" satisfies InterviewSettingsError });
        return d;
      }),
      dailyMinutes: text.transform((s, ctx) => {
        if (s === "") return null;
        const n = /^\d{1,4}$/.test(s) ? Number(s) : NaN;
        if (!(Number.isInteger(n) && n >= MIN_DAILY_MINUTES && n <= MAX_DAILY_MINUTES)) {
          ctx.addIssue({ code: "custom", message: "minutes" satisfies InterviewSettingsError });
          return z.NEVER;
        }
        return n;
      }),
    })
    .superRefine((v, ctx) => {
      if (v.interviewDate !== null && v.dailyMinutes === null) ctx.addIssue({ code: "custom", path: ["dailyMinutes"], message: "minutesNeeded" satisfies InterviewSettingsError });
    });
}

/**
 * Validates the two fields: the settings, or the error code of each field that is wrong. Pure.
 */
export function parseInterviewSettings(
  input: { interviewDate: unknown; dailyMinutes: unknown },
  now: Date,
  offsetMinutes: number,
): { ok: true; value: InterviewSettings } | { ok: false; errors: Partial<Record<keyof InterviewSettings, InterviewSettingsError[]>> } {
  const r = interviewSettingsSchema(now, offsetMinutes).safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const errors: Partial<Record<keyof InterviewSettings, InterviewSettingsError[]>> = {};
  for (const issue of r.error.issues) {
    const key = issue.path[0] as keyof InterviewSettings;
    if (key !== "interviewDate" && key !== "dailyMinutes") continue;
    (errors[key] ??= []).push(issue.message as InterviewSettingsError);
  }
  return { ok: false, errors };
}

/** True while interview-date mode is on: a date and a budget set, and the interview instant still ahead. */
export function interviewModeOn(s: InterviewSettings, now: Date, offsetMinutes: number): boolean {
  return s.interviewDate !== null && s.dailyMinutes !== null && interviewInstant(s.interviewDate, offsetMinutes).getTime() > now.getTime();
}
