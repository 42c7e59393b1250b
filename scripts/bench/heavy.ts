/**
 * `npm run bench -- heavy`: does the server stay responsive while it computes a workload curve
 * and builds an Anki package (issue 20: both run in the CPU worker thread, lib/server/cpu-worker.ts)?
 *
 * On the production build (npm run build first), a fresh SQLite database, the local learner with a
 * simulated 150-day history. A client requests /api/health every 20 ms
 *   (a) at rest (the baseline, measured in the same run), and
 *   (b) while /dashboard (whose workload curve is computed, not cached) and an .apkg export (its
 *       notes rendered, not memoised) are being answered;
 * then (c) a second export, its notes from the memo. Prints /api/health p50/p99/max in each phase
 * and the server's longest event-loop gap (perf_hooks.monitorEventLoopDelay in the server process,
 * preloaded from ./loop-monitor.mjs), and the heavy requests' own times.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { seedStatements, simulatedHistory } from "../../test/seed-reviews";
import { startServer, stopServer, tempDatabase } from "../load/server";
import { percentile } from "./harness";

export async function runHeavyBench(): Promise<void> {
  console.log("\n## heavy work off the event loop: /api/health while a workload curve and Anki exports are computed");
  const file = tempDatabase("heavy");
  const monitor = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-loop-")), "loop.txt");
  const server = await startServer(file, {
    ...(process.env.PORT ? { port: Number(process.env.PORT) } : {}),
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${path.join(import.meta.dirname, "loop-monitor.mjs")}`.trim(), LOOP_MONITOR_FILE: monitor },
  });
  try {
    const now = new Date();
    let reviews = 0;
    {
      const db = new Database(file, { fileMustExist: true, timeout: 5000 });
      const userId = (db.prepare(`SELECT id FROM "User" WHERE isLocal = 1`).get() as { id: string }).id;
      const items = (db.prepare(`SELECT id FROM "Item" WHERE retiredAt IS NULL AND ownerId IS NULL ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
      const h = simulatedHistory(items, { seed: 3, days: 150, end: new Date(now.getTime() - 60_000) });
      reviews = h.logs.length;
      db.transaction(() => {
        for (const [sql, values] of seedStatements(userId, h, now)) db.prepare(sql.replace(/FALSE/g, "0")).run(...values);
        // the export reads each review's card before it: give the seeded reviews one (the card as it is now)
        const update = db.prepare(`UPDATE "ReviewLog" SET "previousCard" = ? WHERE "cardId" = ?`);
        for (const c of h.cards) update.run(JSON.stringify({ ...c, due: c.due.toISOString(), lastReview: c.lastReview?.toISOString() ?? null }), c.id);
      })();
      db.close();
    }
    const health = async () => {
      const t = performance.now();
      const r = await fetch(`${server.url}/api/health`);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`/api/health answered ${r.status}`);
      return performance.now() - t;
    };
    const sample = async (until: Promise<unknown> | number) => {
      const out: number[] = [];
      let done = false;
      if (typeof until === "number") setTimeout(() => (done = true), until);
      else void until.finally(() => (done = true));
      while (!done) {
        out.push(await health());
        await new Promise((r) => setTimeout(r, 20));
      }
      return out.sort((a, b) => a - b);
    };
    const gap = (from: number, to: number) => {
      const lines = fs.existsSync(monitor) ? fs.readFileSync(monitor, "utf8").trim().split("\n") : [];
      let worst = 0;
      for (const l of lines) {
        const [at, pid, ms] = l.split(" ").map(Number);
        if (pid === server.child.pid && at >= from && at <= to + 100) worst = Math.max(worst, ms);
      }
      return worst;
    };
    const timed = async (what: () => Promise<Response>) => {
      const t = performance.now();
      const r = await what();
      const body = await r.arrayBuffer();
      return { ms: performance.now() - t, status: r.status, bytes: body.byteLength };
    };
    // warm up: the pages' and routes' code, the bank and the worker thread load on first use (not
    // the heavy jobs' doing); then a new-cards setting the warm-up did not use, so that the
    // measured /dashboard computes its workload curve afresh
    for (let i = 0; i < 5; i++) await health();
    await (await fetch(`${server.url}/questions`)).text();
    await (await fetch(`${server.url}/dashboard`)).text();
    await (await fetch(`${server.url}/api/progress/apkg?lang=fr`)).text();
    const newPerDay = (n: number) => {
      const db = new Database(file, { fileMustExist: true, timeout: 5000 });
      const userId = (db.prepare(`SELECT id FROM "User" WHERE isLocal = 1`).get() as { id: string }).id;
      db.prepare(`INSERT INTO "UserSettings" ("userId", "newPerDay", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("userId") DO UPDATE SET "newPerDay" = excluded."newPerDay"`).run(userId, n, new Date().toISOString().replace("Z", "+00:00"));
      db.close();
    };

    const restFrom = Date.now();
    const rest = await sample(4000);
    const restGap = gap(restFrom, Date.now());

    /** /api/health sampled while `requests` are answered, and the server's longest event-loop gap meanwhile */
    const phase = async (requests: () => Promise<Awaited<ReturnType<typeof timed>>[]>) => {
      const from = Date.now();
      const run = requests();
      const health = await sample(run);
      return { health, answers: await run, gap: gap(from, Date.now()) };
    };
    const exportEn = () => timed(() => fetch(`${server.url}/api/progress/apkg?lang=en`));
    const exportZh = () => timed(() => fetch(`${server.url}/api/progress/apkg?lang=zh`));
    const dashboard = () => timed(() => fetch(`${server.url}/dashboard`));
    newPerDay(7);
    const curve = await phase(async () => [await dashboard()]);
    // the same page with its curve from the cache: what the dashboard's own render costs the event loop
    const cached = await phase(async () => [await dashboard()]);
    const apkg = await phase(async () => [await exportEn()]);
    newPerDay(6);
    const both = await phase(() => Promise.all([dashboard(), exportZh()]));
    const memo = await phase(async () => [await exportEn()]);

    const row = (name: string, xs: number[], g: number) =>
      `| ${name} | ${xs.length} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 99).toFixed(1)} | ${xs[xs.length - 1].toFixed(1)} | ${g.toFixed(1)} |`;
    const ms = (p: { answers: { ms: number; status: number }[] }) => p.answers.map((a) => `${a.ms.toFixed(0)} ms (${a.status})`).join(", ");
    console.log(`local learner: ${reviews} reviews; machine load average ${os.loadavg()[0].toFixed(2)}`);
    console.log(`/dashboard, workload curve computed: ${ms(curve)}`);
    console.log(`/dashboard again, workload curve from the cache: ${ms(cached)}`);
    console.log(`/api/progress/apkg?lang=en, notes rendered: ${ms(apkg)}`);
    console.log(`/dashboard (curve computed) and /api/progress/apkg?lang=zh (notes rendered) at once: ${ms(both)}`);
    console.log(`/api/progress/apkg?lang=en again, notes memoised: ${ms(memo)}`);
    console.log("");
    console.log("| /api/health | n | p50 ms | p99 ms | max ms | longest event-loop gap ms |");
    console.log("|---|---|---|---|---|---|");
    console.log(row("at rest (baseline)", rest, restGap));
    console.log(row("during the workload curve", curve.health, curve.gap));
    console.log(row("during /dashboard, curve cached", cached.health, cached.gap));
    console.log(row("during an export", apkg.health, apkg.gap));
    console.log(row("during both at once", both.health, both.gap));
    console.log(row("during a memoised export", memo.health, memo.gap));
    console.log(`p50 during both / at rest: ${(percentile(both.health, 50) / percentile(rest, 50)).toFixed(2)}×; p99: ${(percentile(both.health, 99) / percentile(rest, 99)).toFixed(2)}×`);
  } finally {
    await stopServer(server);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runHeavyBench();
