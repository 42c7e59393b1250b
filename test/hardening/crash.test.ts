import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { newLog, practiceClient, verify } from "../../scripts/load/practice-flows";
import { databaseUrl, freshDatabase, post, startServer, stopServer, withDb } from "../../scripts/load/server";
import { count, testProvider } from "../database";

const sqlite = testProvider() === "sqlite";

describe(`crashes and shutdown (${testProvider()})`, () => {
  it("keeps every acknowledged rating when the server is killed with SIGKILL mid-run, and serves again at once", async () => {
    const file = await freshDatabase("crash");
    const server = await startServer(file);
    let killed = false;
    const deadline = Date.now() + 60_000;
    const live = Array.from({ length: 50 }, () => newLog());
    const clients = live.map((log, c) => practiceClient(server.url, c, deadline, () => killed, log));
    // Kill mid-run: once a good number of ratings has been acknowledged (or after 20 s).
    const until = Date.now() + 20_000;
    while (Date.now() < until && live.reduce((a, l) => a + l.acked.size, 0) < 40) await new Promise((r) => setTimeout(r, 50));
    server.child.kill("SIGKILL");
    killed = true;
    const logs = await Promise.all(clients);
    await server.exited;
    const acked = logs.reduce((a, l) => a + l.acked.size, 0);
    expect(acked).toBeGreaterThan(20);

    const started = Date.now();
    const again = await startServer(file, { port: server.port });
    const restartMs = Date.now() - started;
    try {
      if (sqlite) expect(withDb(file, (db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");
      const v = await verify(file, logs);
      expect(v.missing).toEqual([]);
      expect(v.duplicated).toEqual([]);
      expect(v.replayMismatches).toEqual([]);
      const health = await fetch(`${again.url}/api/health`);
      expect(health.status).toBe(200);
      console.log(`crash: ${acked} acknowledged before SIGKILL, all present; serving again ${restartMs} ms after restart`);
    } finally {
      await stopServer(again);
    }
  });

  it("on SIGTERM stops accepting, finishes the requests in flight, and closes the database cleanly", async () => {
    const file = await freshDatabase("sigterm");
    const server = await startServer(file);
    const { queue } = (await (await fetch(`${server.url}/api/practice/queue`)).json()) as { queue: { itemId: string }[] };
    const inflight = queue.slice(0, 10).map((q, i) =>
      post(`${server.url}/api/practice/rate`, { itemId: q.itemId, rating: 3, cardVersion: 0, idempotencyKey: `term-${i}-key`, durationMs: 1 }),
    );
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill("SIGTERM");
    const answers = await Promise.allSettled(inflight);
    const code = await stopServer(server);
    expect(code).toBe(0);
    expect(server.output()).toContain("stopped cleanly");
    // Every request that reached the server got its answer; the acknowledged ones are stored.
    const ok = answers.filter((a) => a.status === "fulfilled" && a.value.status === 201).length;
    const stored = await count(databaseUrl(file), `SELECT count(*) AS n FROM "ReviewLog"`);
    expect(stored).toBe(ok);
    // After the stop nothing listens any more.
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    if (sqlite) {
      // A clean close checkpoints the WAL into the database file and removes it.
      expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
      expect(withDb(file, (db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");
    }
  });
});
