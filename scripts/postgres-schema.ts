/** Writes generated/postgresql/schema.prisma, the PostgreSQL twin of prisma/schema.prisma (lib/db/postgres-schema.ts). */
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA_FILE, postgresSchema } from "../lib/db/postgres-schema";

const root = path.resolve(import.meta.dirname, "..");
const target = path.join(root, POSTGRES_SCHEMA_FILE);
fs.mkdirSync(path.dirname(target), { recursive: true });
const text = postgresSchema(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8"));
if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) fs.writeFileSync(target, text);
