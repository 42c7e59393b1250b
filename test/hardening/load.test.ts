import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { practiceClient, verify } from "../../scripts/load/practice-flows";
import { freshDatabase, startServer, stopServer, withDb, type Server } from "../../scripts/load/server";
import { testProvider } from "../database";

const CLIENTS = 50;
const SECONDS = Math.min(60, Number(process.env.LOAD_SECONDS ?? 15));

describe(`under load: 50 concurrent clients on loopback (${testProvider()})`, () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(await freshDatabase("load"));
  });
  afterAll(async () => {
    await stopServer(server);
  });

  it(`stores every acknowledged rating exactly once, none that was refused, and keeps each card equal to its log's replay (${SECONDS} s)`, async () => {
    const deadline = Date.now() + SECONDS * 1000;
    const logs = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => practiceClient(server.url, c, deadline)));
    const v = await verify(server.file, logs);
    console.log(`load: ${v.mockAnswers} mock answers accepted; ${v.acknowledged} ratings acknowledged, ${logs.reduce((a, l) => a + l.refused.size, 0)} refused, ${logs.reduce((a, l) => a + l.undos, 0)} undos, ${v.cardsChecked} cards replayed`);
    expect(logs.reduce((a, l) => a + l.serverErrors, 0)).toBe(0);
    expect(v.missing).toEqual([]);
    expect(v.duplicated).toEqual([]);
    expect(v.refusedButStored).toEqual([]);
    expect(v.storedOnce).toBe(v.acknowledged);
    expect(v.replayMismatches).toEqual([]);
    expect(v.mockAnswers).toBeGreaterThan(0);
    expect(v.mockMissing).toEqual([]);
    expect(v.mockRefusedButStored).toEqual([]);
    // A floor that shows real work was done (calibrated on SQLite; PostgreSQL's figures: docs/scaling.md).
    expect(v.acknowledged).toBeGreaterThan(testProvider() === "sqlite" ? 100 : 20);
    if (testProvider() === "sqlite") expect(withDb(server.file, (db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");
  });
});
