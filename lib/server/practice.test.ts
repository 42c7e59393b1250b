import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapTestDatabase, count as countIn, rows, scratchDatabase, type TestDatabase } from "@/test/database";
import { deserializeCard, toFsrs } from "@/lib/srs/mapper";
import { rate } from "@/lib/srs/scheduler";

/**
 * The practice data layer against a real database, as the server runs it: one Prisma client
 * in this process, ratings submitted concurrently. SQLite, or PostgreSQL with TEST_DATABASE=postgresql
 * (test/database.ts).
 */
let target: TestDatabase;
let mod: typeof import("./practice");
let prisma: typeof import("./prisma");

beforeAll(async () => {
  target = await scratchDatabase("practice");
  process.env.DATABASE_URL = target.url;
  await bootstrapTestDatabase(target);
  prisma = await import("./prisma");
  mod = await import("./practice");
});

afterAll(async () => {
  await prisma.disconnectPrisma();
  await target.drop();
});

async function newUser(name: string): Promise<string> {
  const db = await prisma.getPrisma();
  return (await db.user.create({ data: { name }, select: { id: true } })).id;
}

const count = (sql: string, ...args: unknown[]) => countIn(target.url, sql, ...args);

const itemIds = async () => (await rows<{ id: string }>(target.url, `SELECT "id" FROM "Item" ORDER BY "id"`)).map((r) => r.id);

describe("rating cards in the database", () => {
  it("stores the same rating sent 20 times in parallel exactly once", async () => {
    const userId = await newUser("twenty");
    const now = new Date("2026-11-20T10:00:00Z");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        mod.rateCard({ userId, itemId: "close-wait-meaning", rating: 3, cardVersion: 0, idempotencyKey: "same-key-123", durationMs: 1000, now }),
      ),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const values = results.map((r) => (r as PromiseFulfilledResult<{ duplicate: boolean; cardVersion: number }>).value);
    expect(values.filter((v) => !v.duplicate)).toHaveLength(1);
    expect(new Set(values.map((v) => v.cardVersion))).toEqual(new Set([1]));
    expect(await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ?`, userId)).toBe(1);
  });

  it("lands all of 200 different ratings sent in parallel", async () => {
    const users = await Promise.all([newUser("a"), newUser("b"), newUser("c")]);
    const items = (await itemIds());
    const now = new Date("2026-11-20T10:00:00Z");
    const jobs = Array.from({ length: 200 }, (_, i) => ({
      userId: users[Math.floor(i / items.length)],
      itemId: items[i % items.length],
      rating: ((i % 4) + 1) as 1 | 2 | 3 | 4,
      cardVersion: 0,
      idempotencyKey: `k-${i}-distinct`,
      durationMs: 500,
      now,
    }));
    const results = await Promise.allSettled(jobs.map((j) => mod.rateCard(j)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    let stored = 0;
    for (const u of users) stored += await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ?`, u);
    expect(stored).toBe(200);
  });

  it("commits the ratings of one group independently: a refused one leaves the others stored", async () => {
    const userId = await newUser("group");
    const now = new Date("2026-11-20T10:00:00Z");
    const items = (await itemIds()).slice(0, 6);
    const results = await Promise.allSettled(
      items.map((itemId, i) =>
        mod.rateCard({ userId, itemId, rating: 3, cardVersion: i % 2 === 0 ? 0 : 7, idempotencyKey: `group-${i}-key`, durationMs: 1, now }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled", "rejected"]);
    expect(await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ?`, userId)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM "Card" WHERE "userId" = ?`, userId)).toBe(3);
  });

  it("refuses a rating made against a card version that is no longer current", async () => {
    const userId = await newUser("stale");
    const now = new Date("2026-11-20T10:00:00Z");
    await mod.rateCard({ userId, itemId: "close-wait-meaning", rating: 3, cardVersion: 0, idempotencyKey: "first-rating", durationMs: 1, now });
    await expect(
      mod.rateCard({ userId, itemId: "close-wait-meaning", rating: 1, cardVersion: 0, idempotencyKey: "second-tab", durationMs: 1, now }),
    ).rejects.toMatchObject({ name: "PracticeError", code: "stale_card", status: 409 });
    expect(await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ?`, userId)).toBe(1);
  });

  it("keeps the card equal to a replay of its review log through ts-fsrs, and undo restores it exactly", async () => {
    const userId = await newUser("replay");
    const itemId = "handshake-loss-syn-retries";
    const ratings = [3, 3, 1, 2, 4, 3] as const;
    let t = new Date("2026-01-01T08:00:00Z").getTime();
    let version = 0;
    for (const [i, r] of ratings.entries()) {
      const res = await mod.rateCard({ userId, itemId, rating: r, cardVersion: version, idempotencyKey: `replay-${i}-key`, durationMs: 1, now: new Date(t) });
      version = res.cardVersion;
      t = res.due.getTime() + 3_600_000;
    }
    const db = await prisma.getPrisma();
    const logs = await db.reviewLog.findMany({ where: { userId, itemId }, orderBy: { review: "asc" } });
    let card = toFsrs(deserializeCard(logs[0].previousCard));
    for (const l of logs) card = rate(card, l.rating as 1, l.review).card;
    const stored = await db.card.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } } });
    expect(stored.due.getTime()).toBe(card.due.getTime());
    expect(stored.stability).toBeCloseTo(card.stability, 10);
    expect(stored.difficulty).toBeCloseTo(card.difficulty, 10);
    expect(stored.reps).toBe(card.reps);
    expect(stored.lapses).toBe(card.lapses);

    const before = deserializeCard(logs[logs.length - 1].previousCard);
    await mod.undoLastRating(userId, null, new Date(t));
    const undone = await db.card.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } } });
    expect({ ...undone, due: undone.due.toISOString(), lastReview: undone.lastReview?.toISOString() }).toMatchObject({
      due: before.due.toISOString(),
      stability: before.stability,
      difficulty: before.difficulty,
      reps: before.reps,
      lapses: before.lapses,
      state: before.state,
      learningSteps: before.learningSteps,
      scheduledDays: before.scheduledDays,
      lastReview: before.lastReview?.toISOString(),
    });
    expect(undone.version).toBe(version + 1);
  });

  it("flags a card failed 8 times as a leech", async () => {
    const userId = await newUser("leech");
    let version = 0;
    let t = new Date("2026-02-01T08:00:00Z").getTime();
    for (let i = 0; i < 8; i++) {
      const r = await mod.rateCard({ userId, itemId: "isn-why-not-fixed", rating: 1, cardVersion: version, idempotencyKey: `leech-${i}-key`, durationMs: 1, now: new Date(t) });
      version = r.cardVersion;
      t += 86_400_000;
      expect(r.leech).toBe(i === 7);
    }
  });

  it("makes chosen items due now, for mock interviews", async () => {
    const userId = await newUser("mock");
    const now = new Date("2026-03-01T08:00:00Z");
    expect(await mod.makeDueNow(userId, ["close-wait-meaning", "no-such-item"], now)).toBe(1);
    const today = await mod.getToday(userId, now, 0);
    expect(today.dueCount).toBe(1);
  });

  it("stores a mock-made card as a failed first review, with a stability its recall can be computed from", async () => {
    const userId = await newUser("mock-recall");
    const now = new Date("2026-03-01T08:00:00Z");
    await mod.makeDueNow(userId, ["close-wait-meaning"], now);
    const db = await prisma.getPrisma();
    const c = await db.card.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId: "close-wait-meaning" } } });
    expect(c.stability).toBeGreaterThan(0);
    expect(c.difficulty).toBeGreaterThan(0);
    expect(c.due.getTime()).toBe(now.getTime());
    const { recallNow } = await import("@/lib/dashboard/recall");
    const r = recallNow(c, new Date("2026-03-02T08:00:00Z"));
    expect(Number.isFinite(r)).toBe(true);
  });

  it("brings a failed card back later in the same session (Anki's learning steps), and undo takes the extra showing away", async () => {
    const userId = await newUser("relearn");
    const now = new Date("2026-03-01T08:00:00Z");
    const sessionId = await mod.startSession(userId, now, 0, { only: ["close-wait-meaning", "isn-why-not-fixed"], seed: 1 });
    const queueOf = async () => JSON.parse((await (await prisma.getPrisma()).practiceSession.findUniqueOrThrow({ where: { id: sessionId } })).queue) as string[];
    await mod.rateCard({ userId, sessionId, itemId: "close-wait-meaning", rating: 1, cardVersion: 0, idempotencyKey: "relearn-1-key", durationMs: 1, now });
    expect(await queueOf()).toEqual(["close-wait-meaning", "isn-why-not-fixed", "close-wait-meaning"]);
    // Easy graduates the card at once: it does not come back.
    await mod.rateCard({ userId, sessionId, itemId: "isn-why-not-fixed", rating: 4, cardVersion: 0, idempotencyKey: "relearn-2-key", durationMs: 1, now });
    expect(await queueOf()).toHaveLength(3);
    const undone = await mod.undoLastRating(userId, sessionId, now);
    expect(undone.rating).toBe(4);
    const again = await mod.undoLastRating(userId, sessionId, now);
    expect(again.rating).toBe(1);
    expect(await queueOf()).toEqual(["close-wait-meaning", "isn-why-not-fixed"]);
  });

  it("a cram session reviews without changing the schedule: no card, no review log; its summary and undo work from the session", async () => {
    const userId = await newUser("cram");
    const now = new Date("2026-03-01T08:00:00Z");
    const sessionId = await mod.startSession(userId, now, 0, { only: ["close-wait-meaning", "isn-why-not-fixed"], cram: true, seed: 1 });
    await mod.recordCheck(userId, sessionId, 0, { itemId: "close-wait-meaning", answer: { type: "flashcard" }, responseMs: 1000, correct: null });
    await mod.rateCard({ userId, sessionId, itemId: "close-wait-meaning", rating: 1, cardVersion: 0, idempotencyKey: "cram-1-key", durationMs: 1, now });
    await mod.rateCard({ userId, sessionId, itemId: "isn-why-not-fixed", rating: 3, cardVersion: 0, idempotencyKey: "cram-2-key", durationMs: 1, now });
    expect(await count(`SELECT count(*) AS n FROM "Card" WHERE "userId" = ?`, userId)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ?`, userId)).toBe(0);
    const summary = await mod.getSessionSummary(userId, sessionId, now, 0);
    expect(summary.reviewed).toBe(2);
    expect(summary.failed).toEqual(["close-wait-meaning"]);
    const undone = await mod.undoLastRating(userId, sessionId, now);
    expect(undone).toMatchObject({ itemId: "isn-why-not-fixed", rating: 3 });
    expect((await mod.getSessionSummary(userId, sessionId, now, 0)).reviewed).toBe(1);
  });

  it("a topic session holds the topic's items: due reviews first, new ones last", async () => {
    const userId = await newUser("topic");
    const now = new Date("2026-03-01T08:00:00Z");
    const { getBank } = await import("./bank");
    const topic = getBank().byId.get("close-wait-meaning")!.topic;
    const mine = getBank().items.filter((i) => i.topic === topic).map((i) => i.id);
    await mod.makeDueNow(userId, [mine[mine.length - 1]], now);
    const q = await mod.topicQueue(userId, topic, now);
    expect(new Set(q)).toEqual(new Set(mine.slice(0, 50)));
    expect(q[0]).toBe(mine[mine.length - 1]);
  });
});
