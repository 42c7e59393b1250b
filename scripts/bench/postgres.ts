/**
 * Ratings on PostgreSQL beside SQLite (issue 19): the load flows of the hardening test (50 clients
 * per app instance: fetch the queue, rate, retry, undo, re-rate, mock answers) against
 *   SQLite, one instance;  PostgreSQL, one instance;  PostgreSQL, two instances on one database,
 * for LOAD_SECONDS each (default 15). Prints acknowledged ratings per second, p50/p99 of the
 * rating requests, and the lost and duplicated counts (must be 0). Every client acts for the one
 * local learner (there is no sign-in yet), so every rating contends for one learner's lock: the
 * figures are the worst case of one very busy learner, not a many-learner throughput.
 *
 * Needs a PostgreSQL server whose role may CREATE DATABASE: BENCH_POSTGRES_URL or
 * TEST_POSTGRES_URL (scripts/ci/pg-cluster.sh start prints one). Run alone (after
 * `npm run build`): npx tsx scripts/bench/postgres.ts
 */
import { pathToFileURL } from "node:url";
import pg from "pg";
import { bootstrapPostgres } from "../../lib/db/bootstrap-postgres";
import { contentForStartup } from "../../lib/db/content-startup";
import { createPool, LearnerQueues } from "../../lib/db/postgres";
import { rateSteps } from "../../lib/db/rating-transaction";
import { practiceClient, verify } from "../load/practice-flows";
import { startServer, stopServer, tempDatabase, type Server } from "../load/server";
import { percentile, table } from "./harness";

async function createDatabase(admin: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function run(label: string, database: string, instances: number, seconds: number, clients: number) {
  const servers: Server[] = [];
  for (let i = 0; i < instances; i++) servers.push(await startServer(database));
  try {
    const t0 = performance.now();
    const deadline = Date.now() + seconds * 1000;
    const logs = await Promise.all(servers.flatMap((s, i) => Array.from({ length: clients }, (_, c) => practiceClient(s.url, i * clients + c, deadline))));
    const elapsed = (performance.now() - t0) / 1000;
    const v = await verify(database, logs);
    const lat = logs.flatMap((l) => l.latencies).sort((a, b) => a - b);
    const f = (x: number) => Math.round(x * 10) / 10;
    return [label, instances * clients, v.acknowledged, f(v.acknowledged / elapsed), f(percentile(lat, 50)), f(percentile(lat, 99)), logs.reduce((a, l) => a + l.serverErrors, 0), v.missing.length, v.duplicated.length, v.replayMismatches.length];
  } finally {
    await Promise.all(servers.map((s) => stopServer(s)));
  }
}

/**
 * The rating transaction alone (no HTTP, no Next.js), through the app's per-learner queues and a
 * pool of 10: `learners` learners rating `perLearner` new cards each, all at once. This is what one
 * primary does for many learners; the HTTP figures above are one learner's worst case.
 */
export async function transactions(admin: string, learners: number, perLearner: number) {
  const url = await createDatabase(admin, `bench_tx_${learners}`);
  await bootstrapPostgres(url, { content: contentForStartup(process.cwd()) });
  const pool = createPool(url, 10);
  try {
    const items = (await pool.query<{ id: string }>(`SELECT "id" FROM "Item" ORDER BY "id" LIMIT $1`, [perLearner])).rows.map((r) => r.id);
    const users: string[] = [];
    for (let i = 0; i < learners; i++) {
      const id = `bench-learner-${i}`;
      await pool.query(`INSERT INTO "User" ("id", "name", "isLocal") VALUES ($1, $1, FALSE)`, [id]);
      users.push(id);
    }
    const queues = new LearnerQueues(async () => pool);
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      users.map(async (userId) => {
        await Promise.all(
          items.map(async (itemId, k) => {
            const t = performance.now();
            await queues.write(userId, () => rateSteps({ userId, itemId, rating: 3, cardVersion: 0, idempotencyKey: `${userId}-${k}-bench`, durationMs: 1, now: new Date() }, 0.9, "postgresql"));
            lat.push(performance.now() - t);
          }),
        );
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    const f = (x: number) => Math.round(x * 10) / 10;
    return [`${learners} learners × ${perLearner}`, lat.length, f(lat.length / seconds), f(percentile(lat, 50)), f(percentile(lat, 99))];
  } finally {
    await pool.end();
  }
}

export async function runPostgresBench(): Promise<void> {
  const admin = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  const seconds = Number(process.env.LOAD_SECONDS ?? 15);
  const clients = 50;
  console.log(`\n## PostgreSQL beside SQLite: ${clients} clients per instance, load flows, ${seconds} s each, one learner`);
  if (!admin) {
    console.log("skipped: set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) to a PostgreSQL role that may create databases (scripts/ci/pg-cluster.sh start)");
    return;
  }
  const rows: (string | number)[][] = [["setup", "clients", "acknowledged", "ratings/s", "rate p50 ms", "rate p99 ms", "5xx", "lost", "duplicated", "replay mismatches"]];
  rows.push(await run("SQLite, 1 instance", tempDatabase("bench-pg-sqlite"), 1, seconds, clients));
  rows.push(await run("PostgreSQL, 1 instance", await createDatabase(admin, "bench_one"), 1, seconds, clients));
  rows.push(await run("PostgreSQL, 2 instances", await createDatabase(admin, "bench_two"), 2, seconds, clients));
  console.log(table(rows));
  console.log("\nThe rating transaction alone on PostgreSQL (per-learner queues, group commit, pool of 10):");
  console.log(table([["learners × ratings each, all at once", "ratings", "ratings/s", "p50 ms", "p99 ms"], await transactions(admin, 1, 100), await transactions(admin, 20, 50), await transactions(admin, 100, 20)]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPostgresBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
