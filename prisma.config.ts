import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseFileFromEnv } from "./lib/config/database-url";

// Prisma CLI configuration: the JavaScript engine and the better-sqlite3 driver adapter, so that
// no native Prisma engine is downloaded (see the README). The CLI works on the same file the app
// uses: DATABASE_URL, or data/tcp-drill.db.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const file = databaseFileFromEnv(process.env);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${file}` });
  },
});
