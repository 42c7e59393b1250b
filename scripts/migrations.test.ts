import { describe, expect, it } from "vitest";
import { pendingMigrationSql } from "./migration-diff";

describe("committed migrations", () => {
  it("produce exactly the schema in prisma/schema.prisma (no change left without a migration)", () => {
    expect(pendingMigrationSql()).toBe("");
  }, 60_000);
});
