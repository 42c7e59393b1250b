/**
 * Figures for the Today page and session summaries (pure). Days are calendar days in the
 * learner's time zone, given as a UTC offset in minutes (east positive, e.g. +480 for China).
 */
export const DAY_MS = 86_400_000;

/** The day number (days since 1970-01-01 in the learner's zone) of an instant. */
export function dayNumber(at: Date, offsetMinutes: number): number {
  return Math.floor((at.getTime() + offsetMinutes * 60_000) / DAY_MS);
}

/** The instant the learner's day `day` starts. */
export function dayStart(day: number, offsetMinutes: number): Date {
  return new Date(day * DAY_MS - offsetMinutes * 60_000);
}

/**
 * Streaks over the days with at least one review. The current streak counts back from today,
 * or from yesterday when today has no review yet (the streak is not broken until the day ends).
 */
export function streaks(reviewDays: Iterable<number>, today: number): { current: number; longest: number } {
  const days = [...new Set(reviewDays)].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1] + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const set = new Set(days);
  let start = set.has(today) ? today : set.has(today - 1) ? today - 1 : null;
  let current = 0;
  while (start !== null && set.has(start)) {
    current++;
    start--;
  }
  return { current, longest };
}

/** Minutes a session will take: the learner's median seconds per review, 40 s until known. */
export function estimateMinutes(count: number, recentDurationsMs: number[]): number {
  if (count === 0) return 0;
  const sorted = recentDurationsMs.filter((d) => d > 0 && d < 30 * 60_000).sort((a, b) => a - b);
  const perItem = sorted.length >= 5 ? sorted[Math.floor(sorted.length / 2)] : 40_000;
  return Math.max(1, Math.round((count * perItem) / 60_000));
}

export const LEECH_THRESHOLD = 8;

/**
 * The one definition of "due today", used by the Today page and the dashboard alike: reviews
 * (cards not New) whose due date falls before the end of the learner's day, overdue ones
 * included. `now` of them can be practised at once; the rest (`later`) become due later today,
 * mostly learning steps of minutes or hours.
 */
export function dueToday(cards: Iterable<{ due: Date; state: number }>, now: Date, offsetMinutes: number): { total: number; now: number; later: number } {
  const end = dayStart(dayNumber(now, offsetMinutes) + 1, offsetMinutes).getTime();
  let ready = 0;
  let later = 0;
  for (const c of cards) {
    if (c.state === 0) continue;
    const t = c.due.getTime();
    if (t <= now.getTime()) ready++;
    else if (t < end) later++;
  }
  return { total: ready + later, now: ready, later };
}
