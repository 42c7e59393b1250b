import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-start-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEXT_TELEMETRY_DISABLED: "1", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 30_000,
  });
  const errLines = r.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("npm warn"));
  return { status: r.status, errLines };
}

function expectOneClearLine(result: ReturnType<typeof start>, pattern: RegExp) {
  expect(result.status).toBe(1);
  expect(result.errLines).toHaveLength(1);
  expect(result.errLines[0]).toMatch(/^tcp-drill: /);
  expect(result.errLines[0]).toMatch(pattern);
  expect(result.errLines[0]).not.toMatch(/\bat .*:\d+:\d+/);
}

describe("start-up with a bad set-up stops with one clear line", () => {
  it("names a DATABASE_URL that is neither a file: nor a postgresql:// URL", () => {
    expectOneClearLine(start({ DATABASE_URL: "mysql://db/x" }), /DATABASE_URL must be a file: URL .*or a postgresql:\/\/ URL/);
  });

  it("names a PostgreSQL server that cannot be reached, without the password", () => {
    const r = start({ DATABASE_URL: "postgresql://app:hunter2@127.0.0.1:1/app" });
    expectOneClearLine(r, /Cannot reach the PostgreSQL server of postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });

  it("names a database file that is not SQLite", () => {
    const file = path.join(dir, "corrupt.db");
    fs.writeFileSync(file, "garbage ".repeat(600));
    expectOneClearLine(start({ DATABASE_URL: `file:${file}` }), /not a valid SQLite file .*restore a backup/);
  });

  it("names a database folder that cannot be created", () => {
    const blocker = path.join(dir, "a-file");
    fs.writeFileSync(blocker, "");
    expectOneClearLine(start({ DATABASE_URL: `file:${blocker}/sub/db.sqlite` }), /Cannot create the data folder/);
  });

  it("names a database migrated by a newer version of the app", async () => {
    const file = path.join(dir, "newer.db");
    const { bootstrapDatabase } = await import("../lib/db/bootstrap");
    bootstrapDatabase(file);
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(file);
    db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('n', 'c', '2031-01-01T00:00:00.000+00:00', '20310101000000_from_the_future', '2031-01-01T00:00:00.000+00:00', 1)`,
    ).run();
    db.close();
    expectOneClearLine(start({ DATABASE_URL: `file:${file}` }), /migrated by a newer version of TCP Drill .*upgrade the app/);
  });

  it("names an invalid PORT", () => {
    expectOneClearLine(start({ PORT: "99999", DATABASE_URL: `file:${path.join(dir, "p.db")}` }), /PORT must be a whole number/);
  });

  it("names a port that is already in use and how to choose another", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = start({ PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "port.db")}` });
      expectOneClearLine(result, new RegExp(`port ${port} is in use: .*set PORT`));
    } finally {
      server.close();
    }
  });
});
