/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * (SQLite) and prisma/postgresql/migrations/<timestamp>_<name>/migration.sql (PostgreSQL).
 */
import fs from "node:fs";
import path from "node:path";
import { pendingMigrations } from "./migration-diff";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}
const { sqlite: sql, postgresql } = pendingMigrations();
if (sql === "" && postgresql === "") {
  console.log("schema.prisma matches the committed migrations: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const [where, text] of [[["prisma", "migrations"], sql], [["prisma", "postgresql", "migrations"], postgresql]] as const) {
  if (text === "") continue;
  const dir = path.join(import.meta.dirname, "..", ...where, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), text);
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql — read it`);
}
console.log("then run npm run typecheck and npm test (TEST_DATABASE=postgresql for PostgreSQL; docs/scaling.md)");
