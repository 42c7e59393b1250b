import { describe, expect, it } from "vitest";
import { newLog, practiceClient, verify } from "../../scripts/load/practice-flows";
import { freshDatabase, startServer, stopServer, type Server } from "../../scripts/load/server";
import { testProvider } from "../database";

/**
 * Several app servers on one database (PostgreSQL only: an SQLite file belongs to one machine).
 * Two production servers share one PostgreSQL database; 50 clients drive each with the mixed
 * practice flows of the load test (all acting for the one local learner, so every rating of both
 * instances contends for the same learner lock). Nothing lives in one instance's memory that the
 * other needs: what either acknowledged is in the database once, and every card equals the replay
 * of its log. Then one instance is killed with SIGKILL mid-load while the other keeps serving.
 */
const CLIENTS = 50;
const SECONDS = Math.min(60, Number(process.env.LOAD_SECONDS ?? 15));
const enabled = testProvider() === "postgresql";

describe.skipIf(!enabled)("two app instances on one PostgreSQL database", () => {
  it(`loses and duplicates nothing with ${CLIENTS} clients on each instance (${SECONDS} s)`, async () => {
    const database = await freshDatabase("instances");
    const servers: Server[] = [];
    try {
      // Started together: both run the start-up migrations; the advisory lock makes them take turns.
      servers.push(...(await Promise.all([startServer(database), startServer(database)])));
      const deadline = Date.now() + SECONDS * 1000;
      const logs = await Promise.all(servers.flatMap((s, i) => Array.from({ length: CLIENTS }, (_, c) => practiceClient(s.url, i * CLIENTS + c, deadline))));
      const v = await verify(database, logs);
      console.log(
        `instances: ${v.acknowledged} ratings acknowledged by two instances (${logs.reduce((a, l) => a + l.refused.size, 0)} refused as stale), ${v.mockAnswers} mock answers, ${v.cardsChecked} cards replayed`,
      );
      expect(logs.reduce((a, l) => a + l.serverErrors, 0)).toBe(0);
      expect(v.missing).toEqual([]);
      expect(v.duplicated).toEqual([]);
      expect(v.refusedButStored).toEqual([]);
      expect(v.replayMismatches).toEqual([]);
      expect(v.mockMissing).toEqual([]);
      expect(v.mockRefusedButStored).toEqual([]);
      // Real work was done (a floor, not a throughput target: npm run bench measures that).
      expect(v.acknowledged).toBeGreaterThan(10);
    } finally {
      await Promise.all(servers.map((s) => stopServer(s)));
    }
  });

  it("keeps everything either instance acknowledged when one is killed with SIGKILL mid-load, and the other serves on", async () => {
    const database = await freshDatabase("instances-kill");
    const [a, b] = await Promise.all([startServer(database), startServer(database)]);
    try {
      let killed = false;
      let killedAt = 0;
      // The survivor's clients go on for 8 s after the kill (a loaded machine may take a while to get there).
      const deadline = Date.now() + 90_000;
      const survivorDone = () => killed && Date.now() - killedAt > 8000;
      const logsA = Array.from({ length: CLIENTS }, () => newLog());
      const logsB = Array.from({ length: CLIENTS }, () => newLog());
      const clients = [
        ...logsA.map((log, c) => practiceClient(a.url, c, deadline, () => killed, log)),
        ...logsB.map((log, c) => practiceClient(b.url, CLIENTS + c, deadline, survivorDone, log)),
      ];
      const until = Date.now() + 20_000;
      while (Date.now() < until && logsA.reduce((n, l) => n + l.acked.size, 0) < 15) await new Promise((r) => setTimeout(r, 50));
      const ackedBByKill = logsB.reduce((n, l) => n + l.acked.size, 0);
      a.child.kill("SIGKILL");
      killed = true;
      killedAt = Date.now();
      await a.exited;
      const logs = await Promise.all(clients);
      const ackedA = logsA.reduce((n, l) => n + l.acked.size, 0);
      const ackedB = logsB.reduce((n, l) => n + l.acked.size, 0);
      const v = await verify(database, logs);
      console.log(`instances-kill: ${ackedA} acknowledged by the killed instance, ${ackedB} by the survivor (${ackedBByKill} before the kill)`);
      expect(v.missing).toEqual([]);
      expect(v.duplicated).toEqual([]);
      expect(v.refusedButStored).toEqual([]);
      expect(v.replayMismatches).toEqual([]);
      expect(v.mockMissing).toEqual([]);
      expect(ackedA).toBeGreaterThan(5);
      // The survivor went on acknowledging after the kill, without a server error.
      expect(ackedB).toBeGreaterThan(ackedBByKill);
      expect(logsB.reduce((n, l) => n + l.serverErrors, 0)).toBe(0);
    } finally {
      await stopServer(b);
    }
  });
});
