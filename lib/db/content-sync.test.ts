import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrapOpenDatabase } from "./bootstrap";
import { syncContent, type SyncItem } from "./content-sync";
import { openDatabase } from "./sqlite";

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-sync-"));
  db = openDatabase(path.join(dir, "db.sqlite"));
  bootstrapOpenDatabase(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const item = (id: string, hash = "h1", topic = "handshake"): SyncItem => ({ id, topic, type: "open", difficulty: 1, frequency: 2, hash });
const rows = () => db.prepare(`SELECT id, contentHash, retiredAt FROM "Item" ORDER BY id`).all() as { id: string; contentHash: string; retiredAt: string | null }[];

describe("synchronising the question bank into SQLite", () => {
  it("inserts new items", () => {
    const r = syncContent(db, [item("a"), item("b")]);
    expect(r.added).toEqual(["a", "b"]);
    expect(rows().map((x) => x.id)).toEqual(["a", "b"]);
  });

  it("changes nothing the second time", () => {
    syncContent(db, [item("a"), item("b")]);
    const before = db.prepare(`SELECT * FROM "Item" ORDER BY id`).all();
    const r = syncContent(db, [item("a"), item("b")], new Date("2030-01-01"));
    expect(r).toEqual({ added: [], updated: [], retired: [], restored: [], unchanged: 2 });
    expect(db.prepare(`SELECT * FROM "Item" ORDER BY id`).all()).toEqual(before);
  });

  it("updates an edited item in place, by id", () => {
    syncContent(db, [item("a")]);
    const r = syncContent(db, [item("a", "h2")]);
    expect(r.updated).toEqual(["a"]);
    expect(rows()).toEqual([{ id: "a", contentHash: "h2", retiredAt: null }]);
  });

  it("retires a removed item instead of deleting it, and restores it when it comes back", () => {
    syncContent(db, [item("a"), item("b")]);
    const r = syncContent(db, [item("a")], new Date("2027-01-01T00:00:00Z"));
    expect(r.retired).toEqual(["b"]);
    expect(rows()).toEqual([
      { id: "a", contentHash: "h1", retiredAt: null },
      { id: "b", contentHash: "h1", retiredAt: "2027-01-01T00:00:00.000+00:00" },
    ]);
    expect(syncContent(db, [item("a")]).retired).toEqual([]);
    expect(syncContent(db, [item("a"), item("b")]).restored).toEqual(["b"]);
    expect(rows()[1].retiredAt).toBeNull();
  });
});
