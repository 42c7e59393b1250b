/**
 * The dashboard's one aggregate over the review log, as SQL text (shared by the data layer and
 * the benchmark, which times it raw). Parameters: the UTC offset in SECONDS, then the user id.
 *
 * A learner day is (unix seconds + offset seconds) / 86400 in integer arithmetic: the same day
 * number as lib/srs/stats `dayNumber` (floor of ms / 86,400,000) for every review after 1970,
 * because 86,400,000 is a multiple of 1000. `review` is stored as ISO 8601 text, which strftime
 * parses. The offset is CAST to an integer because drivers may bind a JS number as REAL, which
 * would turn the day into a fraction and every review into its own group. Undone ratings are left out. A review is mature when the log's scheduledDays — the
 * card's interval before that review, as ts-fsrs records it — is at least MATURE_DAYS.
 */
import { MATURE_DAYS } from "./figures";

const bucketsSql = (unixSeconds: string, offset: string) => `
  SELECT (${unixSeconds} + ${offset}) / 86400 AS day,
         COUNT(*) AS reviews,
         SUM("durationMs") AS "durationMs",
         SUM(CASE WHEN "scheduledDays" >= ${MATURE_DAYS} THEN 1 ELSE 0 END) AS mature,
         SUM(CASE WHEN "scheduledDays" >= ${MATURE_DAYS} AND "rating" > 1 THEN 1 ELSE 0 END) AS "maturePassed"
  FROM "ReviewLog"
  WHERE "userId" = ? AND "undoneAt" IS NULL
  GROUP BY day
  ORDER BY day`;

export const DAY_BUCKETS_SQL = bucketsSql(`CAST(strftime('%s', "review") AS INTEGER)`, "CAST(? AS INTEGER)");

/**
 * The same on PostgreSQL ($1 offset seconds, $2 user id): `review` is timestamp(3) holding UTC, so
 * EXTRACT(EPOCH …) gives its unix seconds; floor() drops the milliseconds as strftime('%s') does,
 * and bigint division truncates like SQLite's integer division (the same day for every review
 * after 1970).
 */
export const DAY_BUCKETS_SQL_POSTGRES = bucketsSql(`CAST(floor(EXTRACT(EPOCH FROM "review")) AS BIGINT)`, "CAST($1 AS INTEGER)").replace(`"userId" = ?`, `"userId" = $2`);
