/**
 * Practice benchmark (issue 6), on the production build:
 * - ratings per second and p50/p99 latency through the production server with 50 concurrent
 *   clients on loopback (POST /api/practice/rate, each client rating its own card again and again);
 *   the app commits the ratings that arrive together in one transaction (lib/server/sqlite.ts:
 *   group commit, one fsync per group, each rating in its own savepoint), the bare server
 *   commits each rating on its own;
 * - beside (a) a bare node:http server doing the same validation and the same SQLite transaction
 *   (the floor for an HTTP write; goal: the app reaches at least half its throughput) and (b) a
 *   plain better-sqlite3 transaction loop (the disk's limit);
 * - the compressed JavaScript bytes the practice page loads in Chromium beside those of the
 *   lightest page of the app (goal: at most 1.3×).
 *
 * Run alone (after `npm run build`): npx tsx scripts/bench/practice.ts
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadContent } from "../../lib/content/loader";
import { bootstrapDatabase } from "../../lib/db/bootstrap";
import { checkContentForStartup } from "../../lib/db/content-startup";
import { openDatabase } from "../../lib/db/sqlite";
import { makeRater } from "./bare-rating-server";
import { startServer, stopServer, tempDatabase } from "../load/server";
import { load, root, stop, table, waitFor, type LoadResult } from "./harness";

const CLIENTS = 50;
const PER_CLIENT = Number(process.env.BENCH_RATINGS_PER_CLIENT ?? 30);

function items(): string[] {
  return loadContent(path.join(root, "content")).items.map((i) => i.id);
}

/** Each client rates its own card over and over, sending back the version the last rating gave. */
async function rateLoad(url: string, headers: Record<string, string>, ids: string[], clients = CLIENTS, perClient = PER_CLIENT): Promise<LoadResult> {
  const versions = new Array<number>(clients).fill(0);
  const run = Math.random().toString(36).slice(2, 10);
  return load(clients, perClient, async (c, i) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify({ itemId: ids[c % ids.length], rating: 3, cardVersion: versions[c], idempotencyKey: `bench-${run}-${c}-${i}`, durationMs: 1000 }),
    });
    const body = (await res.json()) as { cardVersion?: number };
    if (res.status !== 201 || typeof body.cardVersion !== "number") return false;
    versions[c] = body.cardVersion;
    return true;
  });
}

function preparedDb(name: string): string {
  const file = tempDatabase(`bench-${name}`);
  bootstrapDatabase(file);
  checkContentForStartup(file, root);
  return file;
}

async function jsBytes(base: string): Promise<{ page: string; bytes: number }[]> {
  const { chromium } = await import("@playwright/test");
  const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && fs.existsSync(p));
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const out: { page: string; bytes: number }[] = [];
  try {
    for (const p of ["/", "/practice", "/questions", "/dashboard", "/mock", "/lab"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const responses: import("@playwright/test").Response[] = [];
      page.on("response", (r) => {
        if (r.request().resourceType() === "script") responses.push(r);
      });
      await page.goto(base + p, { waitUntil: "networkidle" });
      let bytes = 0;
      for (const r of responses) bytes += (await r.request().sizes()).responseBodySize;
      out.push({ page: p, bytes });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

export async function runPracticeBench(): Promise<void> {
  if (!fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    console.log("practice bench: no production build; run `npm run build` first");
    return;
  }
  const ids = items();
  console.log(`\n## Practice: ratings through HTTP (${CLIENTS} concurrent clients × ${PER_CLIENT} ratings, loopback)`);

  // The app's production server.
  const app = await startServer(tempDatabase("bench-app"));
  const appPort = app.port;
  let appResult: LoadResult;
  let pages: { page: string; bytes: number }[] = [];
  try {
    await rateLoad(`http://127.0.0.1:${appPort}/api/practice/rate`, {}, ids.slice(CLIENTS), ids.length - CLIENTS, 5); // warm-up on cards the measured run does not use
    appResult = await rateLoad(`http://127.0.0.1:${appPort}/api/practice/rate`, {}, ids);
    // A practice session so the practice page shows a card (its heaviest state).
    await fetch(`http://127.0.0.1:${appPort}/api/practice/sessions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    pages = await jsBytes(`http://127.0.0.1:${appPort}`);
  } finally {
    await stopServer(app);
  }

  // (a) bare node:http, same validation and transaction.
  const barePort = 3302;
  const bare = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/bench/bare-rating-server.ts", String(barePort), preparedDb("bare")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let bareResult: LoadResult;
  try {
    await waitFor(`http://127.0.0.1:${barePort}/`, bare);
    await rateLoad(`http://127.0.0.1:${barePort}/rate`, {}, ids.slice(CLIENTS), ids.length - CLIENTS, 5);
    bareResult = await rateLoad(`http://127.0.0.1:${barePort}/rate`, {}, ids);
  } finally {
    await stop(bare);
  }

  // (b) the same transaction in a plain loop, no HTTP.
  const db = openDatabase(preparedDb("loop"));
  const userId = (db.prepare(`SELECT id FROM User WHERE isLocal = 1`).get() as { id: string }).id;
  const rater = makeRater(db, userId, new Set(ids));
  const versions = new Array<number>(CLIENTS).fill(0);
  const n = CLIENTS * PER_CLIENT;
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const c = k % CLIENTS;
    const r = rater({ itemId: ids[c], rating: 3, cardVersion: versions[c], idempotencyKey: `loop-${k}-x`, durationMs: 1000 }, new Date()) as { body: { cardVersion: number } };
    versions[c] = r.body.cardVersion;
  }
  const loopSeconds = (performance.now() - t0) / 1000;
  db.close();
  const loopRate = n / loopSeconds;

  const f = (x: number) => Math.round(x * 10) / 10;
  console.log(
    table([
      ["path", "ratings/s", "p50 ms", "p99 ms", "errors", "vs bare HTTP"],
      ["app (Next.js server; group commit)", f(appResult.perSecond), f(appResult.p50), f(appResult.p99), appResult.errors, `${f(appResult.perSecond / bareResult.perSecond)}×`],
      ["bare node:http, a commit per rating", f(bareResult.perSecond), f(bareResult.p50), f(bareResult.p99), bareResult.errors, "1×"],
      ["better-sqlite3 transaction loop", f(loopRate), "-", "-", 0, `${f(loopRate / bareResult.perSecond)}×`],
    ]),
  );
  console.log(`goal: app ≥ 0.5× bare HTTP → ${appResult.perSecond / bareResult.perSecond >= 0.5 ? "met" : "NOT met"}`);

  const lightest = pages.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  const practice = pages.find((p) => p.page === "/practice")!;
  console.log(`\n## Practice: JavaScript loaded in Chromium (compressed bytes on the wire)`);
  console.log(table([["page", "JS bytes"], ...pages.map((p) => [p.page, p.bytes])]));
  console.log(
    `practice ${practice.bytes} B vs lightest (${lightest.page}) ${lightest.bytes} B → ${f(practice.bytes / lightest.bytes)}× (goal ≤ 1.3×: ${practice.bytes / lightest.bytes <= 1.3 ? "met" : "NOT met"})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPracticeBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
