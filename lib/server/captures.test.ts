import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapTestDatabase, count as countIn, rows, scratchDatabase, type TestDatabase } from "@/test/database";
import { checkAnswer } from "@/lib/grading/practice";
import { traceAnswer } from "@/lib/grading/engine-answers";

/**
 * The personal items of "Drill this capture" against a real database: SQLite, or PostgreSQL with
 * TEST_DATABASE=postgresql (test/database.ts). Stored per learner, in the daily queue, rated by
 * FSRS like the bank's, deleted with their cards and reviews, and never another learner's.
 */
let target: TestDatabase;
let captures: typeof import("./captures");
let practice: typeof import("./practice");
let prisma: typeof import("./prisma");
let accounts: typeof import("./accounts");

const TEXT = fs.readFileSync(path.join(process.cwd(), "lib/tcp/captures/data-retransmit.txt"), "utf8");
const CLOSE = fs.readFileSync(path.join(process.cwd(), "lib/tcp/captures/client-close.txt"), "utf8");

beforeAll(async () => {
  target = await scratchDatabase("captures");
  process.env.DATABASE_URL = target.url;
  await bootstrapTestDatabase(target);
  prisma = await import("./prisma");
  captures = await import("./captures");
  practice = await import("./practice");
  accounts = await import("./accounts");
}, 60_000);

afterAll(async () => {
  await prisma?.disconnectPrisma();
  await target?.drop();
});

async function newUser(name: string): Promise<string> {
  const db = await prisma.getPrisma();
  return (await db.user.create({ data: { name }, select: { id: true } })).id;
}
const count = (sql: string, ...args: unknown[]) => countIn(target.url, sql, ...args);
const NOW = new Date("2026-12-03T09:00:00Z");
const TOMORROW = new Date("2026-12-04T09:00:00Z");

describe("storing a drilled capture", () => {
  it("stores the capture once and one Item per question, owned by the learner and outside the bank", async () => {
    const u = await newUser("store");
    const made = await captures.createCapture(u, { name: "retransmit", source: "text", text: TEXT }, NOW);
    expect(made.items).toBeGreaterThan(5);
    expect(await count(`SELECT count(*) AS n FROM "Capture" WHERE "userId" = ?`, u)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "Item" WHERE "ownerId" = ? AND "captureId" = ?`, u, made.id)).toBe(made.items);
    const list = await captures.listCaptures(u);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: made.id, name: "retransmit", source: "text", lines: 17 });
    expect(list[0].items.map((i) => i.kind)).toContain("ack");
    // the bank as start-up synchronises it leaves personal rows alone
    const { syncContentSteps } = await import("@/lib/db/content-sync");
    const { getStore } = await import("./store");
    const { getBank } = await import("./bank");
    const bank = getBank().items.map((i) => ({ id: i.id, topic: i.topic, type: i.type, difficulty: i.difficulty, frequency: i.frequency, hash: "x" }));
    const synced = await getStore().write(null, () => syncContentSteps(bank, NOW));
    expect(synced.retired.filter((id) => id.startsWith("cap_"))).toEqual([]);
  });

  it("gives the learner back the question with the capture's trace, graded by the engine", async () => {
    const u = await newUser("resolve");
    const made = await captures.createCapture(u, { name: "c", source: "pcap", text: TEXT }, NOW);
    const [first] = (await captures.listCaptures(u))[0].items;
    const item = await practice.resolveItem(u, first.id);
    expect(item?.type).toBe("trace");
    expect(item?.id).toBe(first.id);
    if (item?.type !== "trace") throw new Error("a personal item is a trace question");
    const t = traceAnswer(item);
    const right = t.kind === "states" ? { type: "trace" as const, client: t.client, server: t.server } : null;
    expect(right).not.toBe(null);
    expect(checkAnswer(item!, right!, { lang: "zh", rand: () => 0.5, responseMs: 5000 }).correct).toBe(true);
    expect(made.id).toMatch(/^[a-f0-9]{32}$/);
  });

  it("refuses a capture too large, and past the per-learner limits, with messages in both languages", async () => {
    const u = await newUser("limits");
    const line = TEXT.split("\n")[3];
    await expect(captures.createCapture(u, { name: "big", source: "text", text: Array.from({ length: 400 }, () => line).join("\n") }, NOW)).rejects.toMatchObject({ code: "too_large" });
    for (let i = 0; i < captures.MAX_CAPTURES; i++) {
      const text = i % 2 ? TEXT : CLOSE;
      try {
        await captures.createCapture(u, { name: `c${i}`, source: "text", text }, NOW);
      } catch (e) {
        expect((e as { code: string }).code).toBe("too_many_items");
        expect((e as { bilingual: { zh: string } }).bilingual.zh).toContain(String(captures.MAX_PERSONAL_ITEMS));
        break;
      }
    }
    const n = await count(`SELECT count(*) AS n FROM "Item" WHERE "ownerId" = ?`, u);
    expect(n).toBeLessThanOrEqual(captures.MAX_PERSONAL_ITEMS);
    const caps = await count(`SELECT count(*) AS n FROM "Capture" WHERE "userId" = ?`, u);
    if (caps === captures.MAX_CAPTURES) {
      await expect(captures.createCapture(u, { name: "one more", source: "text", text: CLOSE }, NOW)).rejects.toMatchObject({ code: "too_many_captures" });
    }
    // a refused capture wrote nothing
    expect(await count(`SELECT count(*) AS n FROM "Capture" WHERE "userId" = ?`, u)).toBe(caps);
  });
});

describe("personal items in practice", () => {
  it("come up in the daily queue, are rated by FSRS, and come back when due", async () => {
    const u = await newUser("queue");
    await captures.createCapture(u, { name: "c", source: "text", text: CLOSE }, NOW);
    const mine = (await captures.listCaptures(u))[0].items.map((i) => i.id);
    const queue = await practice.buildTodayQueue(u, NOW, 0);
    const personal = queue.filter((e) => e.itemId.startsWith("cap_"));
    expect(personal.map((e) => e.itemId)).toEqual(mine.slice(0, captures.PERSONAL_NEW_PER_DAY));
    expect(personal.every((e) => e.kind === "new" && e.cardVersion === 0)).toBe(true);
    const today = await practice.getToday(u, NOW, 0);
    expect(today.personal.fresh).toBe(personal.length);

    const r = await practice.rateCard({ userId: u, itemId: mine[0], rating: 3, cardVersion: 0, idempotencyKey: "personal-rate-1", durationMs: 9000, now: NOW });
    expect(r.cardVersion).toBe(1);
    await practice.rateCard({ userId: u, itemId: mine[0], rating: 3, cardVersion: 1, idempotencyKey: "personal-rate-2", durationMs: 9000, now: NOW });
    const card = (await rows<{ due: string | Date; state: number }>(target.url, `SELECT "due", "state" FROM "Card" WHERE "userId" = ? AND "itemId" = ?`, u, mine[0]))[0];
    expect(card.state).toBe(2); // Review, as the bank's cards after two Goods
    const due = new Date(card.due);
    expect(due.getTime()).toBeGreaterThan(NOW.getTime());
    const later = await practice.buildTodayQueue(u, new Date(due.getTime() + 60_000), 0);
    expect(later.find((e) => e.itemId === mine[0])).toMatchObject({ kind: "review", cardVersion: 2 });
    expect(await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ? AND "itemId" = ?`, u, mine[0])).toBe(2);
  });

  it("a session started today holds them and serves them", async () => {
    const u = await newUser("session");
    await captures.createCapture(u, { name: "c", source: "text", text: TEXT }, NOW);
    const id = await practice.startSession(u, TOMORROW, 0, { seed: 7 });
    const { queue } = await practice.getSession(u, id);
    expect(queue.some((q) => q.startsWith("cap_"))).toBe(true);
  });

  it("stay out of the learner's export file", async () => {
    const u = await newUser("export");
    await captures.createCapture(u, { name: "c", source: "text", text: CLOSE }, NOW);
    const [first] = (await captures.listCaptures(u))[0].items;
    await practice.rateCard({ userId: u, itemId: first.id, rating: 3, cardVersion: 0, idempotencyKey: "export-rate-1", durationMs: 9000, now: NOW });
    const { exportProgress, exportReviewLogCsv } = await import("./progress-export");
    const file = await exportProgress(u, NOW);
    expect(JSON.stringify(file)).not.toContain("cap_");
    expect(await exportReviewLogCsv(u)).not.toContain("cap_");
  });
});

describe("deleting", () => {
  it("deletes a capture with its items, cards and reviews in one go, and drops them from an open session", async () => {
    const u = await newUser("delete");
    const keep = await captures.createCapture(u, { name: "keep", source: "text", text: CLOSE }, NOW);
    const gone = await captures.createCapture(u, { name: "gone", source: "text", text: TEXT }, NOW);
    const ids = (await captures.listCaptures(u)).find((c) => c.id === gone.id)!.items.map((i) => i.id);
    await practice.rateCard({ userId: u, itemId: ids[0], rating: 1, cardVersion: 0, idempotencyKey: "delete-rate-1", durationMs: 9000, now: NOW });
    const sid = await practice.startSession(u, NOW, 0, { only: [ids[1], ids[2], "close-wait-meaning"], seed: 1 });
    expect(await captures.deleteCapture(u, gone.id)).toEqual({ items: gone.items });
    for (const t of ["Item", "Card", "ReviewLog"]) {
      expect(await count(`SELECT count(*) AS n FROM "${t}" WHERE "${t === "Item" ? "id" : "itemId"}" LIKE ?`, `cap_${gone.id}_%`)).toBe(0);
    }
    expect(await count(`SELECT count(*) AS n FROM "Capture" WHERE "id" = ?`, gone.id)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "Item" WHERE "captureId" = ?`, keep.id)).toBe(keep.items);
    expect((await practice.getSession(u, sid)).queue).toEqual(["close-wait-meaning"]);
    await expect(captures.deleteCapture(u, gone.id)).rejects.toMatchObject({ code: "unknown_capture" });
  });

  it("deleting an account deletes its captures and personal items", async () => {
    const u = await newUser("account");
    await captures.createCapture(u, { name: "c", source: "text", text: CLOSE }, NOW);
    const [first] = (await captures.listCaptures(u))[0].items;
    await practice.rateCard({ userId: u, itemId: first.id, rating: 3, cardVersion: 0, idempotencyKey: "account-rate-1", durationMs: 9000, now: NOW });
    expect(await accounts.deleteAccount(u)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM "Item" WHERE "ownerId" = ?`, u)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "Capture" WHERE "userId" = ?`, u)).toBe(0);
  });
});

describe("another learner", () => {
  it("cannot read, queue, rate, start a session on or delete them", async () => {
    const owner = await newUser("owner");
    const other = await newUser("other");
    const made = await captures.createCapture(owner, { name: "mine", source: "text", text: TEXT }, NOW);
    const [first] = (await captures.listCaptures(owner))[0].items;
    expect(await captures.listCaptures(other)).toEqual([]);
    expect(await practice.resolveItem(other, first.id)).toBeUndefined();
    expect(await captures.personalItem(other, first.id)).toBeUndefined();
    expect((await practice.buildTodayQueue(other, NOW, 0)).some((e) => e.itemId.startsWith("cap_"))).toBe(false);
    await expect(practice.rateCard({ userId: other, itemId: first.id, rating: 3, cardVersion: 0, idempotencyKey: "other-rate-1", durationMs: 1, now: NOW })).rejects.toMatchObject({ code: "unknown_item" });
    await expect(practice.startSession(other, NOW, 0, { only: [first.id], seed: 1 })).rejects.toMatchObject({ code: "unknown_item" });
    await expect(captures.deleteCapture(other, made.id)).rejects.toMatchObject({ code: "unknown_capture" });
    expect(await count(`SELECT count(*) AS n FROM "Item" WHERE "captureId" = ?`, made.id)).toBe(made.items);
    expect(await count(`SELECT count(*) AS n FROM "Card" WHERE "userId" = ?`, other)).toBe(0);
  });
});
