import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { practiceClient } from "../../scripts/load/practice-flows";
import { databaseUrl, freshDatabase, root, startServer, stopServer, tempDatabase, withDb } from "../../scripts/load/server";
import { scratchDatabase, testProvider } from "../database";

function backup(database: string, target: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/backup.ts", target], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(database) },
    encoding: "utf8",
  });
}

/** The dashboard's figures as text, without the parts that move with the clock. */
async function dashboardText(url: string): Promise<string> {
  const html = await (await fetch(`${url}/dashboard`, { headers: { Cookie: "lang=en; tz=0" } })).text();
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  return main.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

async function progress(url: string) {
  const data = (await (await fetch(`${url}/api/progress/export`)).json()) as Record<string, unknown>;
  delete data.exportedAt;
  delete data.checksum;
  return data;
}

describe.skipIf(testProvider() !== "sqlite")("backup and restore (SQLite: npm run backup)", () => {
  it("copies the database consistently while the app is busy, and the restored copy shows the same dashboard", async () => {
    const file = tempDatabase("backup");
    const server = await startServer(file);
    const target = path.join(path.dirname(file), "backups", "copy.db");
    let restored: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      // Ratings going on while the backup runs.
      const busy = Promise.all(Array.from({ length: 10 }, (_, c) => practiceClient(server.url, c, Date.now() + 4000)));
      await new Promise((r) => setTimeout(r, 1500));
      const result = backup(file, target);
      await busy;
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/backup written: .*copy\.db \(\d+ review logs, integrity ok\)/);
      expect(withDb(target, (db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");

      // Restore as the README says: stop the app, put the copy in place of the database, start.
      await stopServer(server);
      const before = await (async () => {
        const again = await startServer(file, { port: server.port });
        try {
          return { text: await dashboardText(again.url), data: await progress(again.url) };
        } finally {
          await stopServer(again);
        }
      })();
      // The copy was taken mid-run; take a second one of the final state to compare like with like.
      const final = path.join(path.dirname(file), "backups", "final.db");
      expect(backup(file, final).status).toBe(0);
      const restoreTo = path.join(path.dirname(file), "restored", "tcp-drill.db");
      fs.mkdirSync(path.dirname(restoreTo), { recursive: true });
      fs.copyFileSync(final, restoreTo);
      restored = await startServer(restoreTo);
      expect(await progress(restored.url)).toEqual(before.data);
      expect(await dashboardText(restored.url)).toBe(before.text);

      // The mid-run copy is a valid database the app starts on, too.
      const midRun = path.join(path.dirname(file), "restored-mid", "tcp-drill.db");
      fs.mkdirSync(path.dirname(midRun), { recursive: true });
      fs.copyFileSync(target, midRun);
      const mid = await startServer(midRun);
      expect((await fetch(`${mid.url}/api/health`)).status).toBe(200);
      await stopServer(mid);
    } finally {
      if (restored) await stopServer(restored);
      await stopServer(server);
    }
  });

  it("refuses to overwrite an existing file and names a missing database", () => {
    const file = tempDatabase("backup-errors");
    const missing = backup(file, path.join(path.dirname(file), "x.db"));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^backup: there is no database at .* to back up/);
  });
});

/** The PostgreSQL client programs of the server the tests run on (Debian's postgresql package). */
function pgBin(name: string): string {
  const dirs = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  const found = dirs.map((d) => path.join("/usr/lib/postgresql", d, "bin", name)).find((p) => fs.existsSync(p));
  return found ?? name;
}

function pg(name: string, args: string[]) {
  const r = spawnSync(pgBin(name), args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${name} ${args.join(" ")}: ${r.stderr}`);
  return r;
}

describe.runIf(testProvider() === "postgresql")("backup and restore (PostgreSQL: pg_dump and pg_restore, as docs/scaling.md says)", () => {
  it("a pg_dump taken while the app is busy restores into a new database that shows the same dashboard; npm run backup points to pg_dump", async () => {
    const url = await freshDatabase("backup");
    const server = await startServer(url);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-pgdump-"));
    let restored: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      // npm run backup copies SQLite files only and says what to use instead.
      const refused = backup(url, path.join(dir, "x.db"));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/PostgreSQL database: back it up with pg_dump/);

      // Ratings going on while pg_dump runs (one snapshot: consistent without stopping the app).
      const busy = Promise.all(Array.from({ length: 10 }, (_, c) => practiceClient(server.url, c, Date.now() + 4000)));
      await new Promise((r) => setTimeout(r, 1500));
      pg("pg_dump", ["--format=custom", "--file", path.join(dir, "mid.dump"), url]);
      await busy;

      await stopServer(server);
      const before = await (async () => {
        const again = await startServer(url, { port: server.port });
        try {
          return { text: await dashboardText(again.url), data: await progress(again.url) };
        } finally {
          await stopServer(again);
        }
      })();
      pg("pg_dump", ["--format=custom", "--file", path.join(dir, "final.dump"), url]);
      const target = await scratchDatabase("restored");
      pg("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", target.url, path.join(dir, "final.dump")]);
      restored = await startServer(target.url);
      expect(await progress(restored.url)).toEqual(before.data);
      expect(await dashboardText(restored.url)).toBe(before.text);

      // The mid-run dump is a database the app starts on, too.
      const midTarget = await scratchDatabase("restored_mid");
      pg("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", midTarget.url, path.join(dir, "mid.dump")]);
      const mid = await startServer(midTarget.url);
      expect((await fetch(`${mid.url}/api/health`)).status).toBe(200);
      await stopServer(mid);
    } finally {
      if (restored) await stopServer(restored);
      await stopServer(server);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
