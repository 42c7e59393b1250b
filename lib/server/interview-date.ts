import "server-only";

/**
 * The learner's interview date, or null when none is set. The one place card info, readiness and
 * the calibration panel read it from: at the merge it reads `UserSettings.interviewDate` (k20p's
 * column); until then no learner has one.
 */
export async function interviewDateOf(userId: string): Promise<Date | null> {
  void userId;
  return null;
}
