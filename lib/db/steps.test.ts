import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardRandom } from "@/lib/server/practice-view";
import { nextSeed } from "./rating-transaction";
import { all, get, numberedPlaceholders, orderedId, run, runSync, type Steps } from "./steps";

describe("the shared dialect of the write paths", () => {
  it("numbers ? placeholders for PostgreSQL in order", () => {
    expect(numberedPlaceholders(`SELECT "a" FROM "T" WHERE "x" = ? AND (CAST(? AS TEXT) IS NULL OR "y" = ?)`)).toBe(
      `SELECT "a" FROM "T" WHERE "x" = $1 AND (CAST($2 AS TEXT) IS NULL OR "y" = $3)`,
    );
    expect(numberedPlaceholders(`SELECT 1`)).toBe(`SELECT 1`);
  });

  it("makes ids that sort in creation order, within a millisecond and when the clock steps back", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), { minLength: 2, maxLength: 50 }), (times) => {
        const ids = times.map((t) => orderedId(t));
        expect([...ids].sort()).toEqual(ids);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });

  it("stores the next card's seed as a signed 32-bit integer whose drawings equal the unsigned one's", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.string({ minLength: 8, maxLength: 64 }), fc.nat(200), (position, key, at) => {
        const seed = nextSeed(position, key);
        expect(seed).toBeGreaterThanOrEqual(-(2 ** 31));
        expect(seed).toBeLessThan(2 ** 31);
        const a = cardRandom(seed, at);
        const b = cardRandom(seed >>> 0, at);
        for (let i = 0; i < 4; i++) expect(a()).toBe(b());
      }),
    );
  });

  it("runs steps on SQLite in order, handing each statement's result back, and lets a failed statement throw into the steps", () => {
    const db = new Database(":memory:");
    db.exec(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "v" TEXT NOT NULL)`);
    function* steps(): Steps<{ changed: number; rows: unknown[]; caught: string }> {
      const changed = (yield run(`INSERT INTO "T" ("id", "v") VALUES (?, ?), (?, ?)`, 1, "a", 2, "b")) as number;
      let caught = "";
      try {
        yield run(`INSERT INTO "T" ("id", "v") VALUES (?, ?)`, 1, "dup");
      } catch (e) {
        caught = (e as { code: string }).code;
      }
      const one = (yield get(`SELECT "v" FROM "T" WHERE "id" = ?`, 2)) as { v: string };
      expect(one.v).toBe("b");
      return { changed, rows: (yield all(`SELECT "id" FROM "T" ORDER BY "id"`)) as unknown[], caught };
    }
    expect(runSync(db, steps())).toEqual({ changed: 2, rows: [{ id: 1 }, { id: 2 }], caught: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    db.close();
  });
});
