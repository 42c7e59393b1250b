/** Dates as Prisma stores DateTime in SQLite (ISO 8601 with +00:00), so rows written by raw SQL and by Prisma compare as text. */
export function sqliteDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
