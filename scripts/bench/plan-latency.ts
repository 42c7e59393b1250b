/**
 * `npx tsx scripts/bench/plan-latency.ts`: do other requests stay fast while a learner's plan is
 * computed? Starts the production server (npm run build first) on a fresh SQLite database, gives
 * the local learner a simulated 60-day history and an interview in 30 days at 15 min/day, then
 * requests /plan (which computes the plan in a worker thread) while another client requests
 * /api/health every 20 ms; prints the health latencies during the plan and at rest.
 */
import Database from "better-sqlite3";
import { seedStatements, simulatedHistory } from "../../test/seed-reviews";
import { startServer, stopServer, tempDatabase, withDb } from "../load/server";

const port = Number(process.env.PORT ?? 3231);
const file = tempDatabase("plan-latency");
const server = await startServer(file, { port });
try {
  const now = new Date();
  {
    const db = new Database(file, { fileMustExist: true, timeout: 5000 });
    const userId = (db.prepare(`SELECT id FROM "User" WHERE isLocal = 1`).get() as { id: string }).id;
    const items = (db.prepare(`SELECT id FROM "Item" WHERE retiredAt IS NULL ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
    const h = simulatedHistory(items, { seed: 3, days: 60, end: new Date(now.getTime() - 60_000), perDay: 4 });
    const day = Math.floor(now.getTime() / 86_400_000) + 30;
    db.transaction(() => {
      for (const [sql, values] of seedStatements(userId, h, now)) db.prepare(sql).run(...values);
      db.prepare(`INSERT INTO "UserSettings" ("userId", "interviewDate", "dailyMinutes", "updatedAt") VALUES (?, ?, 15, ?)`).run(userId, new Date(day * 86_400_000).toISOString().replace("Z", "+00:00"), now.toISOString());
    })();
    db.close();
  }
  const health = async () => {
    const t = performance.now();
    await (await fetch(`${server.url}/api/health`)).arrayBuffer();
    return performance.now() - t;
  };
  const sample = async (ms: number, until?: Promise<unknown>) => {
    const out: number[] = [];
    let done = false;
    void until?.then(() => (done = true));
    const end = Date.now() + ms;
    while (until ? !done : Date.now() < end) {
      out.push(await health());
      await new Promise((r) => setTimeout(r, 20));
    }
    return out.sort((a, b) => a - b);
  };
  const stats = (xs: number[]) => `n=${xs.length} median ${xs[xs.length >> 1].toFixed(1)} ms, p95 ${xs[Math.floor(xs.length * 0.95)].toFixed(1)} ms, max ${xs[xs.length - 1].toFixed(1)} ms`;
  for (let i = 0; i < 5; i++) await health();
  // warm up: the question bank and the page code load on first use, not the planner's doing
  await (await fetch(`${server.url}/questions`)).text();
  await (await fetch(`${server.url}/dashboard`)).text();
  const rest = await sample(3000);
  const t = performance.now();
  const page = fetch(`${server.url}/plan`).then((r) => r.text());
  const during = await sample(0, page);
  const html = await page;
  const planMs = performance.now() - t;
  const computeMs = withDb(file, (db) => (db.prepare(`SELECT computeMs FROM "LearnerPlan"`).get() as { computeMs: number } | undefined)?.computeMs);
  console.log(`/plan answered in ${planMs.toFixed(0)} ms (planner ${computeMs} ms in its thread; page ${html.includes('data-testid="plan"') ? "shows the plan" : "DID NOT show the plan"})`);
  console.log(`/api/health at rest:        ${stats(rest)}`);
  console.log(`/api/health during the plan: ${stats(during)}`);
} finally {
  await stopServer(server);
}
