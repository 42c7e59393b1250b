import { describe, expect, it } from "vitest";
import { pendingMigrations } from "./migration-diff";

describe("committed migrations", () => {
  it("produce exactly the schema in prisma/schema.prisma (no change left without a migration), in both dialects", () => {
    // PostgreSQL's is diffed from the SQLite migrations' state; lib/db/postgres.test.ts checks the
    // PostgreSQL migrations themselves on a server.
    expect(pendingMigrations()).toEqual({ sqlite: "", postgresql: "" });
  }, 60_000);
});
