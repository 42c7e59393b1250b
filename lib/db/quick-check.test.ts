import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { quickCheck } from "./quick-check";

function database(rows: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-qc-")), "db.sqlite");
  const db = new Database(file);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const ins = db.prepare("INSERT INTO t (v) VALUES (?)");
  db.transaction(() => {
    for (let i = 0; i < rows; i++) ins.run("x".repeat(200));
  })();
  db.close();
  return file;
}

describe("start-up's quick_check", () => {
  it("passes a sound database and a file that does not exist yet", async () => {
    expect(await quickCheck(database(10), 10_000)).toEqual({ status: "ok" });
    expect(await quickCheck(path.join(os.tmpdir(), "tcp-drill-no-such.db"), 10_000)).toEqual({ status: "ok" });
  });

  it("finds a database corrupt past its header, in one line", async () => {
    const file = database(2000);
    const db = new Database(file, { readonly: true });
    const root = (db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 't'`).get() as { rootpage: number }).rootpage;
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    db.close();
    const fd = fs.openSync(file, "r+");
    fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    const r = await quickCheck(file, 10_000);
    expect(r.status).toBe("corrupt");
    if (r.status === "corrupt") expect(r.problem).not.toContain("\n");
  });

  it("is bounded in time: past the limit it stops the check and says so", async () => {
    expect(await quickCheck(database(20_000), 0)).toEqual({ status: "timeout", ms: 0 });
  });
});
