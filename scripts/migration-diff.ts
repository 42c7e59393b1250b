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
import { postgresSchema } from "../lib/db/postgres-schema";

const root = path.resolve(import.meta.dirname, "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

/**
 * Both dialects' pending SQL. PostgreSQL's is diffed from the same pulled schema (the state of
 * the committed migrations, provider switched) to generated/postgresql/schema.prisma, so no
 * PostgreSQL server is needed; lib/db/postgres.test.ts checks on a real server that the
 * PostgreSQL migrations build what the schema describes.
 */
export function pendingMigrations(): { sqlite: string; postgresql: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-migration-"));
  try {
    const file = path.join(dir, "scratch.db");
    bootstrapDatabase(file, { migrationsDir: path.join(root, "prisma", "migrations") });
    const env = { ...process.env, DATABASE_URL: `file:${file}` };
    const pulled = execFileSync(prismaBin, ["db", "pull", "--print"], { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const current = path.join(dir, "current.prisma");
    const text = pulled.slice(pulled.indexOf("generator client"));
    fs.writeFileSync(current, text);
    const currentPg = path.join(dir, "current-postgresql.prisma");
    fs.writeFileSync(currentPg, postgresSchema(text.replace(/output\s*=\s*"[^"]*"/, 'output = "../generated/prisma"').replace(/url\s*=\s*"[^"]*"/, 'url = "file:./unused.db"')));
    const targetPg = path.join(dir, "target-postgresql.prisma");
    fs.writeFileSync(targetPg, postgresSchema(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8")));
    const diff = (from: string, to: string) => {
      const sql = execFileSync(prismaBin, ["migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"], {
        cwd: root,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return sql.includes("This is an empty migration") ? "" : sql;
    };
    return { sqlite: diff(current, path.join(root, "prisma", "schema.prisma")), postgresql: diff(currentPg, targetPg) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pendingMigrationSql(): string {
  return pendingMigrations().sqlite;
}


