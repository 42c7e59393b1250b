import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapTestDatabase, scratchDatabase, type TestDatabase } from "@/test/database";

/**
 * Claiming the local progress into an account (once, explicit, only into an empty account) and
 * deleting an account with everything it owns, each one transaction. Runs on SQLite, and on
 * PostgreSQL with TEST_DATABASE=postgresql.
 */
let target: TestDatabase;
let mod: typeof import("./accounts");
let prisma: typeof import("./prisma");

beforeAll(async () => {
  target = await scratchDatabase("accounts");
  process.env.DATABASE_URL = target.url;
  await bootstrapTestDatabase(target);
  prisma = await import("./prisma");
  mod = await import("./accounts");
}, 60_000);

afterAll(async () => {
  await prisma?.disconnectPrisma();
  await target.drop();
});

async function progressOf(userId: string) {
  const db = await prisma.getPrisma();
  const [cards, reviews, mocks, sessions, disputes, settings] = await Promise.all([
    db.card.count({ where: { userId } }),
    db.reviewLog.count({ where: { userId } }),
    db.mockInterview.count({ where: { userId } }),
    db.practiceSession.count({ where: { userId } }),
    db.gradeDispute.count({ where: { userId } }),
    db.userSettings.count({ where: { userId } }),
  ]);
  return { cards, reviews, mocks, sessions, disputes, settings };
}

/** Some progress of every kind for `userId`. */
async function seed(userId: string, itemId = "close-wait-meaning") {
  const db = await prisma.getPrisma();
  const now = new Date();
  const card = await db.card.create({
    data: { userId, itemId, due: now, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 1, lapses: 0, state: 1, version: 1 },
  });
  await db.reviewLog.create({
    data: {
      userId, cardId: card.id, itemId, idempotencyKey: `k-${userId}`, rating: 3, state: 0, due: now, stability: 0, difficulty: 0, elapsedDays: 0,
      lastElapsedDays: 0, scheduledDays: 0, learningSteps: 0, review: now, previousCard: "{}", cardVersion: 1, durationMs: 1000,
    },
  });
  const mock = await db.mockInterview.create({ data: { userId, lengthMinutes: 10, focus: "all", lang: "en", seed: 1 } });
  await db.mockTurn.create({ data: { interviewId: mock.id, index: 0, itemId, kind: "opening", askedAt: now } });
  await db.practiceSession.create({ data: { userId, queue: JSON.stringify([itemId]), seed: 1 } });
  await db.gradeDispute.create({ data: { userId, itemId, lang: "en", answer: "a", verdict: "partial", detail: "{}", suggested: 2, chosen: 4 } });
  await db.userSettings.create({ data: { userId, newPerDay: 7 } });
}

describe("claiming the local progress", () => {
  it("moves every row of the local learner into an empty account once; a second claim is refused", async () => {
    const db = await prisma.getPrisma();
    const local = (await db.user.findFirst({ where: { isLocal: true } }))!;
    expect(await mod.claimableLocalProgress()).toBeNull(); // nothing yet
    expect(await mod.claimLocalProgress((await db.user.create({ data: { name: "early", email: "early@example.com" } })).id)).toEqual({ status: "nothing" });
    await seed(local.id);
    expect(await mod.claimableLocalProgress()).toEqual({ cards: 1, reviews: 1, mocks: 1, sessions: 1 });

    // An account with progress of its own cannot claim (two histories would mix).
    const busy = await db.user.create({ data: { name: "busy", email: "busy@example.com" } });
    await seed(busy.id, "time-wait-why-2msl");
    expect(await mod.claimLocalProgress(busy.id)).toEqual({ status: "not_empty" });
    expect(await progressOf(local.id)).toEqual({ cards: 1, reviews: 1, mocks: 1, sessions: 1, disputes: 1, settings: 1 });

    // Two fresh accounts claim at the same moment: exactly one gets it.
    const a = await db.user.create({ data: { name: "a", email: "a@example.com" } });
    const b = await db.user.create({ data: { name: "b", email: "b@example.com" } });
    await db.userSettings.create({ data: { userId: a.id, newPerDay: 3 } }); // gives way to the local settings
    const outcomes = await Promise.all([mod.claimLocalProgress(a.id), mod.claimLocalProgress(b.id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["already", "claimed"]);
    const winner = outcomes[0].status === "claimed" ? a : b;
    expect(await progressOf(winner.id)).toEqual({ cards: 1, reviews: 1, mocks: 1, sessions: 1, disputes: 1, settings: 1 });
    expect((await db.userSettings.findUnique({ where: { userId: winner.id } }))!.newPerDay).toBe(7);
    expect(await progressOf(local.id)).toEqual({ cards: 0, reviews: 0, mocks: 0, sessions: 0, disputes: 0, settings: 0 });
    expect((await db.user.findUnique({ where: { id: winner.id } }))!.claimedLocalAt).toBeInstanceOf(Date);
    expect(await mod.claimableLocalProgress()).toBeNull();

    // New local progress later (say the instance went back to local mode) cannot be claimed again.
    await seed(local.id, "time-wait-why-2msl");
    const c = await db.user.create({ data: { name: "c", email: "c@example.com" } });
    expect(await mod.claimLocalProgress(c.id)).toEqual({ status: "already" });
    expect(await mod.claimableLocalProgress()).toBeNull();
    // The account that claimed is not the local learner: the local learner never claims from itself.
    expect(await mod.claimLocalProgress(local.id)).toEqual({ status: "nothing" });
  });
});

describe("deleting an account", () => {
  it("deletes the account and every row it owns in one transaction, and nothing of anyone else", async () => {
    const db = await prisma.getPrisma();
    const gone = await db.user.create({ data: { name: "gone", email: "gone@example.com" } });
    const stays = await db.user.create({ data: { name: "stays", email: "stays@example.com" } });
    await seed(gone.id);
    await seed(stays.id);
    const expires = new Date(Date.now() + 3600_000);
    for (const u of [gone, stays]) {
      await db.session.create({ data: { userId: u.id, token: `t-${u.id}`, expiresAt: expires } });
      await db.account.create({ data: { userId: u.id, accountId: u.id, providerId: "credential", password: "hash" } });
    }
    const before = await progressOf(stays.id);
    expect(await mod.deleteAccount(gone.id)).toBe(true);
    expect(await db.user.findUnique({ where: { id: gone.id } })).toBeNull();
    expect(await progressOf(gone.id)).toEqual({ cards: 0, reviews: 0, mocks: 0, sessions: 0, disputes: 0, settings: 0 });
    expect(await db.session.count({ where: { userId: gone.id } })).toBe(0);
    expect(await db.account.count({ where: { userId: gone.id } })).toBe(0);
    expect(await db.mockTurn.count({ where: { interview: { userId: gone.id } } })).toBe(0);
    expect(await progressOf(stays.id)).toEqual(before);
    expect(await db.session.count({ where: { userId: stays.id } })).toBe(1);
    // The local learner is never deleted this way.
    const local = (await db.user.findFirst({ where: { isLocal: true } }))!;
    expect(await mod.deleteAccount(local.id)).toBe(false);
    expect(await db.user.findUnique({ where: { id: local.id } })).not.toBeNull();
  });
});
