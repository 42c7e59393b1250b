import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { dayNumber } from "@/lib/srs/stats";
import { execute, rows as dbRows, scratchDatabase, testProvider } from "@/test/database";
import { DAY_BUCKETS_SQL, DAY_BUCKETS_SQL_POSTGRES } from "./sql";

type Row = { user?: string; review: string; rating: number; scheduledDays: number; durationMs: number; undone?: boolean };
type Bucket = { day: number; reviews: number; durationMs: number; mature: number; maturePassed: number };

/**
 * Runs the dashboard's day-bucket query over `rows` on the provider under test (TEST_DATABASE):
 * SQLite in memory, with dates stored as the Prisma adapter stores them (ISO text), or a scratch
 * PostgreSQL database with Prisma's column types (timestamp(3) holding UTC).
 */
async function buckets(rows: Row[], offsetSeconds: number, user: string): Promise<Bucket[]> {
  const undoneAt = "2026-03-10T00:00:00.000+00:00";
  if (testProvider() === "sqlite") {
    const d = new Database(":memory:");
    d.exec(`CREATE TABLE "ReviewLog" (userId TEXT, review DATETIME, rating INTEGER, scheduledDays INTEGER, durationMs INTEGER, undoneAt DATETIME)`);
    const ins = d.prepare(`INSERT INTO "ReviewLog" VALUES (?, ?, ?, ?, ?, ?)`);
    for (const r of rows) ins.run(r.user ?? "u", r.review.replace("Z", "+00:00"), r.rating, r.scheduledDays, r.durationMs, r.undone ? undoneAt : null);
    return d.prepare(DAY_BUCKETS_SQL).all(offsetSeconds, user) as Bucket[];
  }
  const t = await scratchDatabase("day_buckets");
  try {
    await execute(t.url, `CREATE TABLE "ReviewLog" ("userId" TEXT, "review" TIMESTAMP(3), "rating" INTEGER, "scheduledDays" INTEGER, "durationMs" INTEGER, "undoneAt" TIMESTAMP(3))`);
    for (const r of rows) await execute(t.url, `INSERT INTO "ReviewLog" VALUES (?, ?, ?, ?, ?, ?)`, r.user ?? "u", r.review, r.rating, r.scheduledDays, r.durationMs, r.undone ? undoneAt : null);
    // The PostgreSQL text numbers its own parameters ($1 offset, $2 user); `rows` leaves those alone.
    return await dbRows<Bucket>(t.url, DAY_BUCKETS_SQL_POSTGRES, offsetSeconds, user);
  } finally {
    await t.drop();
  }
}

describe(`the day-bucket query (${testProvider()})`, () => {
  const rows = [
    // 2026-03-09 15:30 UTC is 23:30 in Beijing (day 20521 there); 16:30 UTC is already 3/10 (20522)
    { review: "2026-03-09T15:30:00.000Z", rating: 3, scheduledDays: 30, durationMs: 1000 },
    { review: "2026-03-09T16:30:00.000Z", rating: 1, scheduledDays: 25, durationMs: 2000 },
    { review: "2026-03-10T01:00:00.000Z", rating: 4, scheduledDays: 21, durationMs: 3000 },
    { review: "2026-03-10T02:00:00.000Z", rating: 2, scheduledDays: 20, durationMs: 4000 },
    // undone and another user's: never counted
    { review: "2026-03-10T03:00:00.000Z", rating: 3, scheduledDays: 40, durationMs: 9000, undone: true },
    { user: "other", review: "2026-03-10T03:00:00.000Z", rating: 3, scheduledDays: 40, durationMs: 9000 },
  ];

  it("groups by the learner's day, counts mature reviews (interval >= 21) and their passes, skips undone ones", async () => {
    // A JS number bound as the offset must still give whole days.
    const out = await buckets(rows, 480 * 60, "u");
    expect(out).toEqual([
      { day: 20521, reviews: 1, durationMs: 1000, mature: 1, maturePassed: 1 },
      { day: 20522, reviews: 3, durationMs: 9000, mature: 2, maturePassed: 1 },
    ]);
  });

  it("puts every review on the same day as dayNumber does, in UTC too", async () => {
    const out = await buckets(rows, 0, "u");
    expect(out.map((r) => [r.day, r.reviews])).toEqual([
      [dayNumber(new Date("2026-03-09T16:30:00Z"), 0), 2],
      [dayNumber(new Date("2026-03-10T02:00:00Z"), 0), 2],
    ]);
  });

  it("handles a negative offset (New York, UTC-5) and a fractional one (India, UTC+5:30)", async () => {
    const one = [{ review: "2026-03-10T03:00:00.000Z", rating: 3, scheduledDays: 0, durationMs: 0 }];
    expect((await buckets(one, -300 * 60, "u"))[0].day).toBe(dayNumber(new Date("2026-03-10T03:00:00Z"), -300));
    expect((await buckets(one, 330 * 60, "u"))[0].day).toBe(dayNumber(new Date("2026-03-10T03:00:00Z"), 330));
  });
});
