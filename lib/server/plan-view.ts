import "server-only";
import type { Locale } from "@/lib/i18n/config";
import type { FitRow } from "@/components/practice/weights-panel";
import { calendarDateString, MAX_DAYS_AHEAD } from "@/lib/schedule/interview-settings";
import { MIN_REVIEWS } from "@/lib/schedule/optimize";
import { dayNumber, DAY_MS } from "@/lib/srs/stats";
import { AUTO_EVERY, fitHistory, learnerWeights, optimizerAvailability } from "./learner-weights";
import type { PracticeSettings } from "./practice";

/** A date and time in the learner's language and zone (the offset in minutes, east positive). */
export function formatWhen(d: Date, locale: Locale, offsetMinutes: number, withTime = true): string {
  // the zone is given as an offset: shift the instant and format it as UTC
  const shifted = new Date(d.getTime() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    timeZone: "UTC",
    year: "numeric",
    month: "short",
    day: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
  }).format(shifted);
}

/** A calendar date stored as its UTC midnight, in the learner's language. */
export function formatDay(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric", weekday: "short" }).format(d);
}

/** What the settings need for the interview date and the memory model. */
export async function scheduleSettingsView(userId: string, settings: PracticeSettings, locale: Locale, now: Date, tzOffset: number) {
  const today = dayNumber(now, tzOffset);
  const [weights, availability, runs] = await Promise.all([learnerWeights(userId), optimizerAvailability(), fitHistory(userId, 5)]);
  return {
    interview: {
      date: settings.interviewDate ? calendarDateString(settings.interviewDate) : "",
      dailyMinutes: settings.dailyMinutes,
      min: calendarDateString(new Date((today + 1) * DAY_MS)),
      max: calendarDateString(new Date((today + MAX_DAYS_AHEAD) * DAY_MS)),
    },
    weights: {
      source: weights.source,
      fittedOn: weights.fittedAt ? formatWhen(weights.fittedAt, locale, tzOffset) : null,
      available: availability.available,
      autoEvery: AUTO_EVERY,
      minReviews: MIN_REVIEWS,
      runs: runs.map(
        (r): FitRow => ({
          id: r.id,
          when: formatWhen(r.createdAt, locale, tzOffset),
          status: r.status,
          trigger: r.trigger,
          applied: r.applied,
          reviewsUsed: r.reviewsUsed,
          logLoss: r.logLossBefore !== null && r.logLossAfter !== null ? [r.logLossBefore, r.logLossAfter] : null,
          rmse: r.rmseBefore !== null && r.rmseAfter !== null ? [r.rmseBefore, r.rmseAfter] : null,
        }),
      ),
    },
  };
}
