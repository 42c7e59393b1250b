import "server-only";
import { learnerSchedule } from "./plan";

/**
 * The learner's interview date (`UserSettings.interviewDate`: the calendar date at its UTC
 * midnight), or null when none is set. The one place card info, readiness and the calibration
 * panel read it from.
 */
export async function interviewDateOf(userId: string): Promise<Date | null> {
  return (await learnerSchedule(userId)).interviewDate;
}
