import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { practiceClient } from "../../scripts/load/practice-flows";
import { root, startServer, stopServer, tempDatabase, withDb } from "../../scripts/load/server";

function backup(databaseFile: string, target: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/backup.ts", target], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
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

describe("backup and restore", () => {
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
