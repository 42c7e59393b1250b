/**
 * Dashboard benchmark (issue 8): seeds a learner with 100,000 review logs over 5 years, then in
 * the same run times
 *   (a) the dashboard's server render: GET /dashboard on the production build, whole body read,
 *       median of 20 after 3 warm-ups, and
 *   (b) the raw SQL aggregation of the same figures with better-sqlite3 (the day buckets of the
 *       review log, the cards, the settings, the finished mock interviews), median of 20,
 * and prints both and their ratio. Goal: (a) under 200 ms.
 *
 *   npx tsx scripts/bench/dashboard.ts          (needs a production build: npm run build,
 *                                                or NEXT_DIST_DIR=<dir> for another one)
 *
 * `seedProgress` is also used by the dashboard's end-to-end tests and screenshots.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer, stopServer } from "../load/server";
import Database from "better-sqlite3";
import { DAY_BUCKETS_SQL } from "../../lib/dashboard/sql";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DAY = 86_400_000;

/** Deterministic PRNG (mulberry32), so every run seeds the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dates as the Prisma better-sqlite3 adapter stores them. */
const ts = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export interface SeedOptions {
  logs: number;
  years: number;
  now: Date;
  seed?: number;
  /** share of live items left unseen (never reviewed) */
  unseenShare?: number;
  mockInterviews?: number;
}

/**
 * Writes a plausible history for `userId` straight into the database: one card per seen live
 * item, `logs` review logs spread over `years` (denser recently, 1 % of them undone), a few
 * leeches, and finished mock interviews with rising scores. Replaces the user's progress.
 */
export function seedProgress(db: Database.Database, userId: string, opts: SeedOptions): { cards: number; logs: number; mocks: number } {
  const rand = prng(opts.seed ?? 42);
  const now = opts.now.getTime();
  const items = db.prepare(`SELECT id FROM "Item" WHERE retiredAt IS NULL ORDER BY id`).all() as { id: string }[];
  const seen = items.filter(() => rand() >= (opts.unseenShare ?? 0.1));
  const span = opts.years * 365 * DAY;
  const perCard = new Map<string, number[]>();
  for (let i = 0; i < opts.logs; i++) {
    const item = seen[Math.floor(rand() * seen.length)].id;
    // sqrt skews towards the present: more reviews lately, as an active learner has.
    const at = now - Math.floor(Math.pow(rand(), 2) * span) - Math.floor(rand() * 3_600_000);
    (perCard.get(item) ?? perCard.set(item, []).get(item)!).push(at);
  }
  const insertCard = db.prepare(
    `INSERT INTO "Card" (id, userId, itemId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, version, failures, leech, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 2, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLog = db.prepare(
    `INSERT INTO "ReviewLog" (id, userId, cardId, itemId, idempotencyKey, rating, state, due, stability, difficulty, elapsedDays, lastElapsedDays, scheduledDays, learningSteps, review, previousCard, cardVersion, durationMs, correct, suggestedRating, source, sessionId, undoneAt, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, ?)`,
  );
  const insertMock = db.prepare(
    `INSERT INTO "MockInterview" (id, userId, lengthMinutes, focus, lang, seed, status, policyState, startedAt, endedAt, score) VALUES (?, ?, 20, 'all', 'en', ?, 'finished', '{}', ?, ?, ?)`,
  );
  const insertTurn = db.prepare(
    `INSERT INTO "MockTurn" (id, interviewId, "index", itemId, kind, askedAt, answeredAt, answer, score) VALUES (?, ?, 0, ?, 'opening', ?, ?, ?, ?)`,
  );
  let logCount = 0;
  let key = 0;
  db.transaction(() => {
    db.prepare(`DELETE FROM "ReviewLog" WHERE userId = ?`).run(userId);
    db.prepare(`DELETE FROM "Card" WHERE userId = ?`).run(userId);
    db.prepare(`DELETE FROM "MockInterview" WHERE userId = ?`).run(userId);
    let n = 0;
    for (const [itemId, times] of perCard) {
      times.sort((a, b) => a - b);
      const cardId = `seed-card-${n++}`;
      let interval = 0;
      let stability = 0.5;
      let failures = 0;
      let lapses = 0;
      let version = 0;
      const logRows: unknown[][] = [];
      for (let i = 0; i < times.length; i++) {
        const at = times[i];
        const passed = rand() < (interval >= 21 ? 0.88 : 0.8);
        const rating = passed ? (rand() < 0.8 ? 3 : rand() < 0.5 ? 2 : 4) : 1;
        const previous = JSON.stringify({
          due: new Date(at).toISOString(), stability, difficulty: 5, elapsedDays: 0, scheduledDays: interval,
          learningSteps: 0, reps: i, lapses, state: i === 0 ? 0 : 2, lastReview: i === 0 ? null : new Date(times[i - 1]).toISOString(),
        });
        version++;
        const undone = rand() < 0.01;
        logRows.push([
          `seed-log-${key}`, userId, cardId, itemId, `seed-${key}`, rating, i === 0 ? 0 : 2, ts(at), stability, 5,
          i === 0 ? 0 : Math.floor((at - times[i - 1]) / DAY), 0, interval, ts(at), previous, version,
          5_000 + Math.floor(rand() * 55_000), passed ? 1 : 0, rand() < 0.05 ? "mock" : "practice", undone ? ts(at + 60_000) : null, ts(at),
        ]);
        key++;
        if (passed) {
          stability = Math.min(400, stability * (1.6 + rand()));
        } else {
          failures++;
          lapses++;
          stability = Math.max(0.5, stability * 0.3);
        }
        interval = Math.max(1, Math.round(stability));
      }
      const last = times[times.length - 1];
      insertCard.run(
        cardId, userId, itemId, ts(last + interval * DAY), stability, 5, 0, interval, times.length, lapses, ts(last), version,
        failures, failures >= 8 ? 1 : 0, ts(times[0]), ts(last),
      );
      for (const row of logRows) insertLog.run(...row);
      logCount += logRows.length;
    }
    const mocks = opts.mockInterviews ?? 12;
    for (let m = 0; m < mocks; m++) {
      const ended = now - (mocks - m) * 9 * DAY;
      const score = Math.min(100, 45 + m * 4 + Math.floor(rand() * 10));
      insertMock.run(`seed-mock-${m}`, userId, m, ts(ended - 20 * 60_000), ts(ended), score);
      insertTurn.run(`seed-turn-${m}`, `seed-mock-${m}`, seen[m % seen.length].id, ts(ended - 19 * 60_000), ts(ended - 17 * 60_000), "SYN, SYN-ACK, ACK", score / 100);
    }
  })();
  return { cards: perCard.size, logs: logCount, mocks: opts.mockInterviews ?? 12 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The same figures as the dashboard, straight from SQLite: the floor for the render. */
function rawAggregation(db: Database.Database, userId: string, tzOffsetMinutes: number): void {
  db.prepare(DAY_BUCKETS_SQL).all(tzOffsetMinutes * 60, userId);
  db.prepare(
    `SELECT itemId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, failures, leech FROM "Card" WHERE userId = ?`,
  ).all(userId);
  db.prepare(`SELECT desiredRetention FROM "UserSettings" WHERE userId = ?`).get(userId);
  db.prepare(`SELECT endedAt, score FROM "MockInterview" WHERE userId = ? AND endedAt IS NOT NULL AND score IS NOT NULL ORDER BY endedAt DESC LIMIT 30`).all(userId);
}

export async function runDashboardBench(): Promise<void> {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"))) {
    throw new Error(`dashboard bench: no production build in ${distDir}: run \`npm run build\` (or set NEXT_DIST_DIR) first.`);
  }
  const { bootstrapDatabase } = await import("../../lib/db/bootstrap");
  const { checkContentForStartup } = await import("../../lib/db/content-startup");
  const file = path.join(os.tmpdir(), `tcp-drill-dashboard-bench-${process.pid}.db`);
  const now = new Date();
  const { localUserId } = bootstrapDatabase(file);
  checkContentForStartup(file, ROOT);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const t0 = performance.now();
  const seeded = seedProgress(db, localUserId, { logs: 100_000, years: 5, now, seed: 8 });
  console.log(
    `dashboard bench: seeded ${seeded.logs.toLocaleString("en")} review logs over 5 years on ${seeded.cards} cards, ${seeded.mocks} mock interviews (${Math.round(performance.now() - t0)} ms)`,
  );
  // A learner's years-old history is long since checkpointed into the main file; the seeding
  // transaction just wrote it all to the WAL, so fold it in before timing reads.
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.pragma("optimize");

  const RUNS = 20;
  const sqlTimes: number[] = [];
  for (let i = 0; i < 3 + RUNS; i++) {
    const s = performance.now();
    rawAggregation(db, localUserId, 480);
    if (i >= 3) sqlTimes.push(performance.now() - s);
  }

  const server = await startServer(file, { port: await freePort() });
  const base = server.url;
  try {
    const headers = { cookie: "lang=en; tz=480" };
    const renderTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3 + RUNS; i++) {
      const s = performance.now();
      const res = await fetch(`${base}/dashboard`, { headers });
      const html = await res.text();
      const ms = performance.now() - s;
      if (!res.ok || !html.includes('data-testid="dash-heatmap"')) throw new Error(`dashboard bench: GET /dashboard answered ${res.status} without the dashboard`);
      bytes = html.length;
      if (i >= 3) renderTimes.push(ms);
    }
    const render = median(renderTimes);
    const sql = median(sqlTimes);
    console.log(`dashboard bench: server render GET /dashboard (HTML ${Math.round(bytes / 1024)} KiB), median of ${RUNS}: ${render.toFixed(1)} ms (min ${Math.min(...renderTimes).toFixed(1)}, max ${Math.max(...renderTimes).toFixed(1)})`);
    console.log(`dashboard bench: raw SQL aggregation of the same figures (better-sqlite3), median of ${RUNS}: ${sql.toFixed(1)} ms`);
    console.log(`dashboard bench: ratio render / raw SQL = ${(render / sql).toFixed(2)}x; goal render < 200 ms: ${render < 200 ? "met" : "NOT met"}`);
  } finally {
    await stopServer(server);
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDashboardBench().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
