/**
 * The PostgreSQL twin of prisma/schema.prisma: the one schema, with the datasource's provider
 * switched and the client generated into generated/prisma-pg. scripts/postgres-schema.ts writes it
 * to generated/postgresql/schema.prisma (`npm run build` and `typecheck` run it before
 * `prisma generate`); the PostgreSQL migrations are diffed from it. Pure.
 */
export const POSTGRES_SCHEMA_FILE = "generated/postgresql/schema.prisma";

export function postgresSchema(sqliteSchema: string): string {
  const out = replaceOnce(
    replaceOnce(
      replaceOnce(sqliteSchema, /provider\s*=\s*"sqlite"/, 'provider = "postgresql"'),
      /url\s*=\s*"file:[^"]*"/,
      // Required by Prisma 6 but not used: the pg driver adapter connects to DATABASE_URL.
      'url      = "postgresql://unused@localhost/unused"',
    ),
    /output\s*=\s*"\.\.\/generated\/prisma"/,
    'output     = "../prisma-pg"',
  );
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts: do not edit.\n${out}`;
}

function replaceOnce(text: string, re: RegExp, by: string): string {
  const matches = text.match(new RegExp(re.source, "g")) ?? [];
  if (matches.length !== 1) throw new Error(`prisma/schema.prisma: expected one match of ${re.source}, found ${matches.length}`);
  return text.replace(re, by);
}
