/**
 * The SQL that takes a database at the last committed migration to prisma/schema.prisma.
 * Prisma 6's shadow database does not work with the driver adapter here, so instead of
 * `migrate dev` this applies the committed migrations to a scratch file, asks Prisma for the
 * schema they produce (`db pull`), and diffs that against schema.prisma (`migrate diff`).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bootstrapDatabase } from "../lib/db/bootstrap";

const root = path.resolve(import.meta.dirname, "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

export function pendingMigrationSql(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-migration-"));
  try {
    const file = path.join(dir, "scratch.db");
    bootstrapDatabase(file, { migrationsDir: path.join(root, "prisma", "migrations") });
    const env = { ...process.env, DATABASE_URL: `file:${file}` };
    const pulled = execFileSync(prismaBin, ["db", "pull", "--print"], { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const current = path.join(dir, "current.prisma");
    fs.writeFileSync(current, pulled.slice(pulled.indexOf("generator client")));
    const sql = execFileSync(
      prismaBin,
      ["migrate", "diff", "--from-schema-datamodel", current, "--to-schema-datamodel", path.join(root, "prisma", "schema.prisma"), "--script"],
      { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    return sql.includes("This is an empty migration") ? "" : sql;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
