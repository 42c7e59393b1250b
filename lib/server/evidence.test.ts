import fs from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORED_CARD_SELECT } from "@/lib/srs/mapper";
import { bootstrapTestDatabase, scratchDatabase, type TestDatabase } from "@/test/database";
import { brierScore } from "@/lib/schedule/calibration";
import { reviewPredictions } from "@/lib/schedule/evidence";

/**
 * Card info, the calibration panel and readiness against a real database, through the app's own
 * rating path (lib/server/practice rateCard): SQLite, or PostgreSQL with TEST_DATABASE=postgresql
 * (test/database.ts).
 */
let target: TestDatabase;
let mod: typeof import("./evidence");
let practice: typeof import("./practice");
let dashboard: typeof import("./dashboard");
let workload: typeof import("./workload");
let prisma: typeof import("./prisma");

beforeAll(async () => {
  target = await scratchDatabase("evidence");
  process.env.DATABASE_URL = target.url;
  await bootstrapTestDatabase(target);
  prisma = await import("./prisma");
  mod = await import("./evidence");
  practice = await import("./practice");
  dashboard = await import("./dashboard");
  workload = await import("./workload");
}, 120_000);

afterAll(async () => {
  await prisma.disconnectPrisma();
  await target.drop();
});

const DAY = 86_400_000;
const T0 = new Date("2026-10-01T09:00:00Z");
const at = (days: number, minutes = 0) => new Date(T0.getTime() + days * DAY + minutes * 60_000);

async function newUser(name: string): Promise<string> {
  const db = await prisma.getPrisma();
  return (await db.user.create({ data: { name }, select: { id: true } })).id;
}

let key = 0;
async function rateAll(userId: string, itemId: string, steps: [Date, 1 | 2 | 3 | 4][]) {
  const db = await prisma.getPrisma();
  let version = (await db.card.findUnique({ where: { userId_itemId: { userId, itemId } }, select: { version: true } }))?.version ?? 0;
  for (const [now, rating] of steps) {
    const r = await practice.rateCard({ userId, itemId, rating, cardVersion: version, idempotencyKey: `evidence-key-${++key}`, durationMs: 7000, now });
    version = r.cardVersion;
  }
}

const ITEM = "close-wait-meaning";
const OTHER = "time-wait-why-2msl";

describe("card info and calibration in the database", () => {
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    alice = await newUser("alice");
    bob = await newUser("bob");
    const steps: [Date, 1 | 2 | 3 | 4][] = [
      [at(0), 3],
      [at(0, 10), 3],
      [at(3), 3],
      [at(12), 1],
      [at(12, 10), 3],
      [at(20), 3],
    ];
    await rateAll(alice, ITEM, steps);
    await rateAll(alice, OTHER, [
      [at(0), 3],
      [at(0, 10), 3],
      [at(5), 3],
    ]);
    await rateAll(bob, ITEM, [[at(0), 1]]);
  });

  it("card info lists the learner's own ratings only, newest first, with the interval each produced", async () => {
    const info = (await mod.getCardInfo(alice, ITEM, at(22)))!;
    expect(info.reviews).toHaveLength(6);
    expect(info.reviews.map((r) => r.rating)).toEqual([3, 3, 1, 3, 3, 3]);
    expect(info.reviews.every((r) => r.durationMs === 7000 && !r.undone && r.intervalMs > 0)).toBe(true);
    // the Again at day 12 set the 10-minute relearning step
    expect(info.reviews[2].intervalMs).toBe(10 * 60_000);
    expect(info.recallNow).toBeGreaterThan(0);
    expect(info.recallNow).toBeLessThan(1);
    expect(info.recallAtInterview).toBeNull();
    expect(info.weightsSource).toBe("default");
    const bobs = (await mod.getCardInfo(bob, ITEM, at(22)))!;
    expect(bobs.reviews).toHaveLength(1);
    expect(bobs.reviews[0].rating).toBe(1);
  });

  it("an item the learner never rated has empty card info; an unknown item has none", async () => {
    const info = (await mod.getCardInfo(bob, OTHER, at(22)))!;
    expect(info.reviews).toEqual([]);
    expect(info.recallNow).toBeNull();
    expect(await mod.getCardInfo(alice, "no-such-item", at(22))).toBeNull();
  });

  it("an undone rating stays in card info, marked, and out of the calibration", async () => {
    await rateAll(alice, ITEM, [[at(30), 1]]);
    const before = await mod.getCalibration(alice);
    await practice.undoLastRating(alice, null, at(30, 1));
    const info = (await mod.getCardInfo(alice, ITEM, at(31)))!;
    expect(info.reviews[0]).toMatchObject({ rating: 1, undone: true });
    const after = await mod.getCalibration(alice);
    expect(after.count.reviews).toBe(before.count.reviews - 1);
  });

  it("calibration: every later review with the prediction ts-fsrs made before it, and the hand-computed Brier score", async () => {
    const c = await mod.getCalibration(alice);
    // ITEM: reviews at days 3, 12, 20 (a day or more after the last); OTHER: day 5
    expect(c.count).toEqual({ reviews: 4, mock: 0 });
    expect(c.enough).toBe(false);
    expect(c.bins.reduce((n, b) => n + b.n, 0)).toBe(4);
    const db = await prisma.getPrisma();
    const logs = await db.reviewLog.findMany({ where: { userId: alice }, select: { id: true, itemId: true, rating: true, review: true, durationMs: true, previousCard: true, undoneAt: true } });
    const preds = reviewPredictions(logs);
    expect(preds.map((p) => p.recalled).sort()).toEqual([false, true, true, true]);
    const hand = preds.reduce((s, p) => s + (p.p - (p.recalled ? 1 : 0)) ** 2, 0) / preds.length;
    expect(c.brier).toBeCloseTo(hand, 12);
    expect(c.brier).toBeCloseTo(brierScore(preds), 12);
    expect((await mod.getCalibration(bob)).count).toEqual({ reviews: 0, mock: 0 });
  });

  it("the dashboard's readiness is the mean predicted recall now, items never studied counting 0", async () => {
    const data = await dashboard.getDashboard(alice, at(22), 0);
    const total = data.readiness.reduce((n, t) => n + t.total, 0);
    const seen = data.readiness.reduce((n, t) => n + t.seen, 0);
    expect(seen).toBe(2);
    expect(total).toBeGreaterThan(100);
    const close = data.readiness.find((t) => t.seen > 0)!;
    expect(close.predicted).toBeLessThan(close.predictedSeen!);
    expect(data.readinessAt.getTime()).toBe(at(22).getTime());
    expect(data.interviewDate).toBeNull();
  });

  it("the workload curve rises with the desired retention and the second request is served from the cache", async () => {
    const first = await workload.getWorkload(alice);
    expect(first.points.map((p) => p.retention)).toEqual(workload.WORKLOAD_RETENTIONS);
    expect(first.current).toBe(0.9);
    expect(first.points[first.points.length - 1].reviewsPerDay).toBeGreaterThan(first.points[0].reviewsPerDay);
    expect(first.computedMs).toBeGreaterThan(0);
    console.log(`workload curve: ${first.points.length} retentions, ${first.cards} cards, ${first.days} days: ${Math.round(first.computedMs)} ms`);
    const second = await workload.getWorkload(alice);
    expect(second.computedMs).toBe(0);
    expect(second.points).toEqual(first.points);
  }, 120_000);
});

describe("the learner's weights everywhere", () => {
  it("the dashboard's recall and the mock interview's weakness use the applied fitted set, not the defaults", async () => {
    const carol = await newUser("carol");
    await rateAll(carol, ITEM, [
      [at(0), 3],
      [at(0, 10), 3],
      [at(4), 3],
    ]);
    await rateAll(carol, OTHER, [
      [at(0), 3],
      [at(0, 10), 3],
    ]);
    const now = at(40);
    const before = await dashboard.getDashboard(carol, now, 0);
    // a fitted set whose forgetting curve decays differently (FSRS-6 w[20]) and with other stabilities
    const { default_w } = await import("ts-fsrs");
    const fitted = default_w.map((w, i) => (i === 20 ? 0.6 : w));
    const db = await prisma.getPrisma();
    await db.fittedParameters.create({ data: { userId: carol, weights: JSON.stringify(fitted), reviewsUsed: 1500, status: "better", applied: true } });
    const after = await dashboard.getDashboard(carol, now, 0);
    expect(after.weightsSource).toBe("fitted");
    const cards = await db.card.findMany({ where: { userId: carol }, select: { itemId: true, ...STORED_CARD_SELECT } });
    const { recallNow } = await import("@/lib/dashboard/recall");
    for (const w of after.weakest) {
      const c = cards.find((x) => x.itemId === w.itemId)!;
      expect(w.recall).toBeCloseTo(recallNow(c, now, fitted)!, 12);
      expect(Math.abs(w.recall - recallNow(c, now)!)).toBeGreaterThan(0.01);
    }
    expect(after.weakest.map((w) => w.recall)).not.toEqual(before.weakest.map((w) => w.recall));
    expect(after.weakest).toHaveLength(2);
    // the mock's weakness per topic: 1 − mean recall with the same weights
    const mock = await import("./mock");
    const weakness = await mock.weaknessFor(carol, now);
    const { getBank } = await import("./bank");
    const byTopic = new Map<string, number[]>();
    for (const c of cards) {
      const topic = getBank().byId.get(c.itemId)!.topic;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), recallNow(c, now, fitted)!]);
    }
    expect(Object.keys(weakness).sort()).toEqual([...byTopic.keys()].sort());
    for (const [topic, rs] of byTopic) expect(weakness[topic]).toBeCloseTo(1 - rs.reduce((a, b) => a + b, 0) / rs.length, 12);
  });
});

describe("heavy work off the event loop (lib/server/cpu-worker.ts)", () => {
  /** The longest event-loop delay while `fn` runs (ms), by perf_hooks.monitorEventLoopDelay. */
  async function longestGap<T>(fn: () => Promise<T>): Promise<{ value: T; gapMs: number; wallMs: number; onThread: boolean }> {
    const h = monitorEventLoopDelay({ resolution: 10 });
    const started = performance.now();
    // Proof that the work ran on the pool's thread, not here (timings are logged, not asserted: they
    // belong to `npm run bench -- heavy`): the pool reports a running job while `fn` is pending.
    const pool = () => (globalThis as { tcpDrillCpuPool?: { load: { running: number } } }).tcpDrillCpuPool;
    let onThread = false;
    const probe = setInterval(() => void ((pool()?.load.running ?? 0) > 0 && (onThread = true)), 2);
    h.enable();
    try {
      const value = await fn();
      return { value, gapMs: h.max / 1e6, wallMs: performance.now() - started, onThread };
    } finally {
      h.disable();
      clearInterval(probe);
    }
  }

  it("the workload curve: computed in the worker thread (the event loop's longest gap is logged)", async () => {
    const dave = await newUser("dave");
    await rateAll(dave, ITEM, [[at(0), 2]]);
    // newPerDay 4: inputs no other test has, so the curve is computed here, not read from the cache
    await practice.saveSettings(dave, { ...practice.DEFAULT_SETTINGS, newPerDay: 4 });
    const { value, gapMs, onThread } = await longestGap(() => workload.getWorkload(dave));
    console.log(`workload curve: ${Math.round(value.computedMs)} ms (worker thread); longest event-loop gap ${gapMs.toFixed(1)} ms`);
    expect(value.computedMs).toBeGreaterThan(0);
    expect(value.newPerDay).toBe(4);
    expect(onThread).toBe(true);
  }, 120_000);

  it("the Anki export: the notes are rendered in the worker thread once per language and bank, the event loop stays free", async () => {
    const { ankiFieldsFor, exportApkg } = await import("./apkg-export");
    const { getBank } = await import("./bank");
    const { noteFields } = await import("@/lib/anki/notes");
    const items = getBank().items;
    const first = await longestGap(() => ankiFieldsFor(items, "zh"));
    console.log(`Anki note fields (zh, ${items.length} items): ${first.value.ms} ms in the worker thread; longest event-loop gap ${first.gapMs.toFixed(1)} ms`);
    expect(first.value.cached).toBe(false);
    expect(first.value.fields).toHaveLength(items.length);
    expect(first.value.fields[0]).toEqual(noteFields(items[0], "zh"));
    const again = await ankiFieldsFor(items, "zh");
    expect(again).toMatchObject({ cached: true, ms: 0 });
    expect(again.fields).toBe(first.value.fields);
    // a changed bank (one item's content hash) is rendered afresh; the other language too
    expect((await ankiFieldsFor([{ ...items[0], hash: "changed" }, ...items.slice(1)], "zh")).cached).toBe(false);
    expect((await ankiFieldsFor(items, "en")).cached).toBe(false);
    // the export itself, with the rendered notes: only the learner's schedule and the file are built here
    // a learner with reviews on 60 items, made through the app's rating path
    const erin = await newUser("erin");
    for (const item of items.slice(0, 60))
      await rateAll(erin, item.id, [
        [at(0), 3],
        [at(0, 10), 3],
        [at(6), 2],
      ]);
    const end = at(40);
    const exported = await longestGap(() => exportApkg(erin, "zh", end));
    console.log(`Anki export (zh, 180 reviews, notes from the memo): ${exported.wallMs.toFixed(0)} ms, ${exported.value.buildMs} ms of it building the package in the worker thread; longest event-loop gap ${exported.gapMs.toFixed(1)} ms`);
    expect(exported.value.size).toBeGreaterThan(10_000);
    expect(fs.existsSync(exported.value.file)).toBe(true);
    expect(exported.onThread).toBe(true);
    // read back: every note, the learner's 60 cards scheduled, their 180 reviews in the revlog
    const files = unzipSync(fs.readFileSync(exported.value.file));
    const col = path.join(path.dirname(exported.value.file), "read.anki2");
    fs.writeFileSync(col, files["collection.anki2"]);
    const anki = new Database(col, { readonly: true });
    try {
      expect(anki.prepare("SELECT count(*) AS n FROM notes").get()).toEqual({ n: items.length });
      expect(anki.prepare("SELECT count(*) AS n FROM cards WHERE type <> 0").get()).toEqual({ n: 60 });
      expect(anki.prepare("SELECT count(*) AS n FROM revlog").get()).toEqual({ n: 180 });
    } finally {
      anki.close();
    }
    await exported.value.cleanup();
    expect(fs.existsSync(path.dirname(exported.value.file))).toBe(false);
  }, 120_000);
});
