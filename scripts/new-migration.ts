/** `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql. */
import fs from "node:fs";
import path from "node:path";
import { pendingMigrationSql } from "./migration-diff";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}
const sql = pendingMigrationSql();
if (sql === "") {
  console.log("schema.prisma matches the committed migrations: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(import.meta.dirname, "..", "prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql — read it, then run npx prisma generate and npm test`);
