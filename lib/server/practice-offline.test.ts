import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapTestDatabase, scratchDatabase, type TestDatabase } from "@/test/database";
import { OfflineBundle } from "@/lib/offline/queue";
import { offlineResult } from "@/lib/offline/reference";
import { checkAnswer, presentItem } from "@/lib/grading/practice";
import { seededRandom } from "@/lib/content/sequence";

/**
 * The offline bundle against a real database: rated in turn with its keys, the session walks
 * exactly the bundled cards (same draws, same versions), and every question of the bank has a
 * model answer to show offline.
 */
let target: TestDatabase;
let practice: typeof import("./practice");
let offline: typeof import("./practice-offline");
let view: typeof import("./practice-view");
let prisma: typeof import("./prisma");
let bank: typeof import("./bank");

beforeAll(async () => {
  target = await scratchDatabase("practice-offline");
  process.env.DATABASE_URL = target.url;
  await bootstrapTestDatabase(target);
  prisma = await import("./prisma");
  practice = await import("./practice");
  offline = await import("./practice-offline");
  view = await import("./practice-view");
  bank = await import("./bank");
}, 60_000);

afterAll(async () => {
  await prisma?.disconnectPrisma();
  await target.drop();
});

async function newUser(name: string): Promise<string> {
  const db = await prisma.getPrisma();
  return (await db.user.create({ data: { name }, select: { id: true } })).id;
}

// a flashcard, drawn sequence numbers, a drawn transfer calculation, shuffled options
const ITEMS = ["close-wait-meaning", "handshake-seq-ack-values", "congestion-timeout-calc", "teardown-who-closes-first", "header-flags-meaning"];

describe("the offline bundle", () => {
  it("is what the server shows when its cards are rated in turn with its keys", async () => {
    const userId = await newUser("offline");
    const now = new Date("2026-11-20T10:00:00Z");
    // one card already rated: its version is not 0
    await practice.rateCard({ userId, itemId: ITEMS[3], rating: 3, cardVersion: 0, idempotencyKey: "before-offline-1", durationMs: 1000, now });
    const sessionId = await practice.startSession(userId, now, 0, { only: ITEMS, seed: 12345 });
    const bundle = await offline.buildOfflineBundle(userId, sessionId, "en", now);
    expect(OfflineBundle.safeParse(bundle).success).toBe(true);
    expect(bundle.cards.map((c) => c.itemId)).toEqual(ITEMS);
    expect(bundle.cards.map((c) => c.cardVersion)).toEqual([0, 0, 0, 1, 0]);
    expect(new Set(bundle.cards.map((c) => c.idempotencyKey)).size).toBe(ITEMS.length);
    for (const card of bundle.cards) {
      const v = await view.buildSessionView(userId, sessionId, "en", now, 0);
      expect(v.position).toBe(card.position);
      expect(v.current?.item).toEqual(card.item);
      expect(v.current?.cardVersion).toBe(card.cardVersion);
      expect(v.current?.isNew).toBe(card.isNew);
      const r = await practice.rateCard({ userId, sessionId, itemId: card.itemId, rating: 3, cardVersion: card.cardVersion, idempotencyKey: card.idempotencyKey, durationMs: 900, now });
      expect(r.duplicate).toBe(false);
    }
    // a second bundle of the same session has other keys (nothing is stored by making one)
    const again = await offline.buildOfflineBundle(userId, sessionId, "zh", now);
    expect(again.lang).toBe("zh");
    expect(again.cards.every((c) => !bundle.cards.some((b) => b.idempotencyKey === c.idempotencyKey))).toBe(true);
  });

  it("gives an item that comes again in the queue the version after its first showing", async () => {
    const userId = await newUser("again");
    const now = new Date("2026-11-20T10:00:00Z");
    const sessionId = await practice.startSession(userId, now, 0, { only: ["close-wait-meaning", "teardown-who-closes-first"], seed: 7 });
    // Again on a new card: a learning step brings it back at the end of the session
    const first = await offline.buildOfflineBundle(userId, sessionId, "en", now);
    await practice.rateCard({ userId, sessionId, itemId: "close-wait-meaning", rating: 1, cardVersion: 0, idempotencyKey: first.cards[0].idempotencyKey, durationMs: 500, now });
    const bundle = await offline.buildOfflineBundle(userId, sessionId, "en", now);
    expect(bundle.cards.map((c) => [c.itemId, c.cardVersion, c.isNew])).toEqual([
      ["teardown-who-closes-first", 0, true],
      ["close-wait-meaning", 1, false],
    ]);
  });

  it("refuses another learner's session", async () => {
    const a = await newUser("a");
    const b = await newUser("b");
    const now = new Date("2026-11-20T10:00:00Z");
    const sessionId = await practice.startSession(a, now, 0, { only: ["close-wait-meaning"], seed: 1 });
    await expect(offline.buildOfflineBundle(b, sessionId, "en", now)).rejects.toMatchObject({ code: "unknown_session" });
  });

  it("has a model answer for every question of the bank, in both languages, that passes for no verdict", () => {
    for (const item of bank.getBank().items) {
      for (const lang of ["en", "zh"] as const) {
        const shown = presentItem(item, lang, seededRandom(99));
        const r = offlineResult(checkAnswer(item, offline.blankAnswer(shown.presented), { lang, rand: seededRandom(99), responseMs: 0 }));
        expect(r.correct, item.id).toBeNull();
        expect(r.suggested, item.id).toBeNull();
        expect(r.explanation.length, item.id).toBeGreaterThan(0);
        expect(["open", "transfer"], item.id).not.toContain(r.detail.type);
        if (item.type === "open" || item.type === "transfer") expect(r.answer?.length ?? 0, item.id).toBeGreaterThan(0);
      }
    }
  });
});
