import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
function run(script: string, args: string[], input = "", env: Record<string, string> = {}) {
  const r = spawnSync(TSX, [script, ...args], { cwd: ROOT, input, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npm run grade", () => {
  it("prints the JSON verdict of an answer read from standard input, exit 0", () => {
    const r = run("scripts/grade.ts", ["time-wait-why-2msl", "--lang", "zh", "--json"], "防止历史连接中的数据被后面相同四元组的连接错误接收；保证被动关闭方能正确关闭");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      item: "time-wait-why-2msl",
      lang: "zh",
      verdict: "correct",
      coverage: expect.any(Number),
      matched: ["last-ack-lost", "old-segments"],
      missed: ["fin-retransmit"],
      misconceptions: [],
    });
  });

  it("names the misconceptions an answer asserts, and grades flashcards too", () => {
    const r = run("scripts/grade.ts", ["close-wait-production", "--lang", "en", "--json"], "CLOSE_WAIT piles up because the network is bad; lower tcp_fin_timeout");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.verdict).not.toBe("correct");
    expect(out.misconceptions).toContain("network-problem");
    const f = run("scripts/grade.ts", ["time-wait-fin-timeout", "--lang", "en", "--json"], "It limits how long an orphaned socket waits in FIN_WAIT_2; it has nothing to do with TIME_WAIT, which is a fixed 60 s.");
    expect(JSON.parse(f.out).verdict).toBe("correct");
  });

  it("exits 2 with one line on stderr for an unknown item, an item without key points, a bad language or empty input", () => {
    for (const [args, input] of [
      [["no-such-item", "--lang", "en"], "x"],
      [["header-port-range", "--lang", "en"], "x"],
      [["time-wait-why-2msl", "--lang", "fr"], "x"],
      [["time-wait-why-2msl", "--lang", "en"], "   \n"],
    ] as const) {
      const r = run("scripts/grade.ts", [...args], input);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.out).toBe("");
    }
  });
});

describe("npm run grade:disputes", () => {
  it("says where it looked when there is no database, exit 2", () => {
    const r = run("scripts/grade-disputes.ts", [], "", { DATABASE_URL: `file:${path.join(os.tmpdir(), "tcp-drill-none.db")}` });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no database/);
  });

  it("lists practice disputes from the database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-disputes-"));
    const file = path.join(dir, "db.sqlite");
    try {
      const { bootstrapDatabase } = await import("@/lib/db/bootstrap");
      bootstrapDatabase(file);
      const Database = (await import("better-sqlite3")).default;
      const db = new Database(file);
      db.prepare("INSERT INTO User (id, name, isLocal, createdAt) VALUES ('u1', 'x', 1, 0)").run();
      db.prepare("INSERT INTO GradeDispute (id, userId, itemId, lang, answer, verdict, detail, suggested, chosen, createdAt) VALUES ('d1','u1','time-wait-why-2msl','en','my answer','partial','{}',2,4,0)").run();
      db.close();
      const r = run("scripts/grade-disputes.ts", ["--json"], "", { DATABASE_URL: `file:${file}` });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ source: "practice", itemId: "time-wait-why-2msl", answer: "my answer", verdict: "partial" })]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
