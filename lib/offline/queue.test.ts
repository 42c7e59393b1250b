import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alignBundle,
  enqueue,
  flush,
  offlineCursor,
  outcomeOf,
  requestOf,
  versionsAhead,
  type FlushState,
  type OfflineBundle,
  type PendingRating,
  type RateRequest,
  type Rating,
  type SendOutcome,
} from "./queue";

/**
 * A server that decides ratings as lib/db/rating-transaction.ts does: a known key is a duplicate
 * when it is the same request and a conflict otherwise; a session rating must be for the
 * session's current card; the card version must be the current one. Each stored rating moves
 * the card's version on by one and the session's position by one.
 */
class FakeServer {
  versions = new Map<string, number>();
  logs: { key: string; itemId: string; rating: number; version: number; sessionId: string | null }[] = [];
  constructor(
    public queue: string[],
    public position = 0,
    readonly sessionId = "s1",
  ) {}
  rate(b: RateRequest): SendOutcome {
    const refused = (code: string): SendOutcome => ({ kind: "refused", status: 409, code, message: { en: code, zh: code } });
    const existing = this.logs.find((l) => l.key === b.idempotencyKey);
    if (existing) {
      const same = existing.itemId === b.itemId && existing.rating === b.rating && existing.version === b.cardVersion + 1 && existing.sessionId === (b.sessionId ?? null);
      return same ? { kind: "duplicate" } : refused("idempotency_conflict");
    }
    if (b.sessionId) {
      if (b.sessionId !== this.sessionId) return { kind: "refused", status: 404, code: "unknown_session", message: { en: "", zh: "" } };
      if (this.queue[this.position] !== b.itemId) return refused("session_mismatch");
    }
    const v = this.versions.get(b.itemId) ?? 0;
    if (v !== b.cardVersion) return refused("stale_card");
    this.versions.set(b.itemId, v + 1);
    this.logs.push({ key: b.idempotencyKey, itemId: b.itemId, rating: b.rating, version: v + 1, sessionId: b.sessionId ?? null });
    if (b.sessionId) this.position++;
    return { kind: "stored" };
  }
}

/** The offline ratings of a whole session, rated in turn from its position. */
function ratingsFor(queue: string[], ratings: Rating[], start = 0): PendingRating[] {
  const ahead = queue.slice(start);
  const versions = versionsAhead("review", ahead.map((itemId) => ({ itemId, cardVersion: 0 })));
  return ahead.map((itemId, i) => ({
    userId: "u1",
    sessionId: "s1",
    position: start + i,
    itemId,
    rating: ratings[i % ratings.length],
    cardVersion: versions[i],
    idempotencyKey: `key-${start + i}-abcdef`,
    durationMs: 1000,
    ratedAt: 1_000_000 + i,
  }));
}

const noSave = async () => undefined;
const clock = () => 42;

/** Sends through a network that drops requests (before the server) or answers (after it). */
function lossy(server: FakeServer, faults: number[]) {
  let n = 0;
  return async (b: RateRequest): Promise<SendOutcome> => {
    const f = faults[n++ % faults.length];
    if (f === 1) return { kind: "retry" }; // lost on the way: the server never saw it
    const out = server.rate(b);
    if (f === 2) return { kind: "retry" }; // stored, but the answer was lost
    return out;
  };
}

describe("offline rating queue", () => {
  it("keeps a double tap once", () => {
    const [a] = ratingsFor(["x"], [3]);
    expect(enqueue(enqueue([], a), a)).toEqual([a]);
  });

  it("sends a detached rating without its session, an attached one with it", () => {
    const [a] = ratingsFor(["x"], [3]);
    expect(requestOf(a).sessionId).toBe("s1");
    expect(requestOf({ ...a, detached: true })).not.toHaveProperty("sessionId");
  });

  it("sends in the order the ratings were made, whatever order they were stored in", async () => {
    const server = new FakeServer(["a", "b", "c"]);
    const r = ratingsFor(server.queue, [3, 1, 4]);
    const res = await flush({ pending: [r[2], r[0], r[1]], refused: [] }, async (b) => server.rate(b), noSave, clock);
    expect(res).toMatchObject({ sent: 3, stopped: false, pending: [], refused: [] });
    expect(server.logs.map((l) => l.itemId)).toEqual(["a", "b", "c"]);
    expect(server.position).toBe(3);
  });

  it("stops at the first rating without an answer and keeps the rest in order", async () => {
    const server = new FakeServer(["a", "b", "c"]);
    const r = ratingsFor(server.queue, [3]);
    let calls = 0;
    const res = await flush({ pending: r, refused: [] }, async (b) => (++calls === 2 ? { kind: "retry" } : server.rate(b)), noSave, clock);
    expect(res.stopped).toBe(true);
    expect(res.sent).toBe(1);
    expect(res.pending.map((p) => p.itemId)).toEqual(["b", "c"]);
  });

  it("a card rated on another device first is refused and kept, the others are stored", async () => {
    const server = new FakeServer(["a", "b", "c"]);
    const r = ratingsFor(server.queue, [3]);
    // the other device rated b (as a card, outside this session) before this one came online
    server.versions.set("b", 1);
    const saved: FlushState[] = [];
    const res = await flush({ pending: r, refused: [] }, async (b) => server.rate(b), async (s) => void saved.push(s), clock);
    expect(res.refused.map((x) => [x.itemId, x.code])).toEqual([["b", "stale_card"]]);
    expect(res.refused[0].refusedAt).toBe(42);
    expect(res.sent).toBe(2);
    // c could no longer be the session's current card: it went as a card rating
    expect(server.logs.map((l) => [l.itemId, l.sessionId])).toEqual([
      ["a", "s1"],
      ["c", null],
    ]);
    // every decision was saved as it was made
    expect(saved.at(-1)).toEqual({ pending: [], refused: res.refused });
  });

  it("a session moved on from another device: the ratings go as card ratings, and a repeat is still one", async () => {
    const server = new FakeServer(["a", "b"], 2); // the other device finished the session (a, b not rated here though: versions 0)
    const r = ratingsFor(["a", "b"], [2]);
    const lossyOnce = lossy(server, [0, 2, 0, 0, 0, 0]); // the detached send is stored but its answer lost
    let state: FlushState = { pending: r, refused: [] };
    const first = await flush(state, lossyOnce, noSave, clock);
    expect(first.stopped).toBe(true);
    expect(first.pending[0].detached).toBe(true); // kept detached: the retry is the same request
    state = first;
    const second = await flush(state, lossyOnce, noSave, clock);
    expect(second).toMatchObject({ pending: [], refused: [], stopped: false });
    expect(server.logs.map((l) => l.itemId)).toEqual(["a", "b"]);
  });

  it("property: over any lossy network, every rating arrives exactly once, in order, and the session ends where the learner did", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom<Rating>(1, 2, 3, 4), { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom(0, 0, 1, 2), { minLength: 1, maxLength: 9 }),
        async (queue, ratings, faults) => {
          fc.pre(faults.includes(0));
          const server = new FakeServer(queue);
          const send = lossy(server, faults);
          let state: FlushState = { pending: ratingsFor(queue, ratings), refused: [] };
          for (let round = 0; round < 200 && state.pending.length > 0; round++) state = await flush(state, send, noSave, clock);
          expect(state.pending).toEqual([]);
          expect(state.refused).toEqual([]);
          expect(server.logs.map((l) => l.key)).toEqual(queue.map((_, i) => `key-${i}-abcdef`));
          expect(server.position).toBe(queue.length);
          for (const id of new Set(queue)) expect(server.versions.get(id)).toBe(queue.filter((x) => x === id).length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: with another device's ratings mixed in, nothing is lost: each rating is stored once or refused and kept", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(fc.constantFrom("a", "b", "c", "d"), { maxLength: 4 }),
        fc.array(fc.constantFrom(0, 0, 1, 2), { minLength: 1, maxLength: 7 }),
        async (queue, elsewhere, faults) => {
          fc.pre(faults.includes(0));
          const server = new FakeServer(queue);
          for (const id of elsewhere) server.versions.set(id, 1);
          const send = lossy(server, faults);
          const mine = ratingsFor(queue, [3]);
          let state: FlushState = { pending: mine, refused: [] };
          for (let round = 0; round < 200 && state.pending.length > 0; round++) state = await flush(state, send, noSave, clock);
          expect(state.pending).toEqual([]);
          const stored = server.logs.map((l) => l.key);
          const refused = state.refused.map((r) => r.idempotencyKey);
          expect(new Set(stored).size).toBe(stored.length);
          expect([...stored, ...refused].sort()).toEqual(mine.map((m) => m.idempotencyKey).sort());
          // a card rated elsewhere is never overwritten by this device's rating
          for (const r of state.refused) {
            expect(r.code).toBe("stale_card");
            expect(elsewhere).toContain(r.itemId);
          }
          // and every showing of such a card here is refused with it (the later ones counted the first)
          for (const m of mine) expect(refused.includes(m.idempotencyKey)).toBe((elsewhere as string[]).includes(m.itemId));
          for (const id of elsewhere) if (queue.includes(id)) expect(refused.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the answer to a rating", () => {
  it("stored, duplicate, refused with the server's words, or try again", () => {
    expect(outcomeOf(201, { duplicate: false })).toEqual({ kind: "stored" });
    expect(outcomeOf(200, { duplicate: true })).toEqual({ kind: "duplicate" });
    expect(outcomeOf(409, { error: { code: "stale_card", message: "reviewed elsewhere", zh: "已在别处复习" } })).toEqual({
      kind: "refused",
      status: 409,
      code: "stale_card",
      message: { en: "reviewed elsewhere", zh: "已在别处复习" },
    });
    expect(outcomeOf(400, "not json")).toMatchObject({ kind: "refused", code: "error", message: { en: "HTTP 400" } });
    for (const s of [0, 401, 429, 500, 503]) expect(outcomeOf(s, null)).toEqual({ kind: "retry" });
  });
});

function bundleOf(queue: string[], start = 0, mode: "review" | "cram" = "review"): OfflineBundle {
  const versions = versionsAhead(mode, queue.slice(start).map((itemId) => ({ itemId, cardVersion: 2 })));
  return {
    version: 1,
    userId: "u1",
    sessionId: "s1",
    mode,
    lang: "en",
    total: queue.length,
    createdAt: 0,
    cards: queue.slice(start).map((itemId, i) => ({
      position: start + i,
      itemId,
      cardVersion: versions[i],
      isNew: false,
      idempotencyKey: `key-${start + i}-abcdef`,
      item: { itemId, prompt: itemId, topic: "t", presented: { type: "flashcard" } },
      reference: { answer: "A", explanation: "E", detail: { type: "none" } },
      intervals: null,
    })),
  };
}

describe("the offline bundle", () => {
  it("an item that comes again is one version further in review, the same in cram", () => {
    const e = [{ itemId: "a", cardVersion: 3 }, { itemId: "b", cardVersion: 0 }, { itemId: "a", cardVersion: 3 }, { itemId: "a", cardVersion: 3 }];
    expect(versionsAhead("review", e)).toEqual([3, 0, 4, 5]);
    expect(versionsAhead("cram", e)).toEqual([3, 0, 3, 3]);
  });

  it("the next card offline is the one after the last rated from the bundle", () => {
    const b = bundleOf(["a", "b", "c"]);
    const r = ratingsFor(["a", "b", "c"], [3]).map((p, i) => ({ ...p, cardVersion: b.cards[i].cardVersion }));
    expect(offlineCursor(b, [])?.itemId).toBe("a");
    expect(offlineCursor(b, [r[0]])?.itemId).toBe("b");
    // a refused rating was made too: the learner does not see the card again offline
    expect(offlineCursor(b, [], [{ ...r[1], code: "stale_card", message: { en: "", zh: "" }, refusedAt: 0 }])?.itemId).toBe("c");
    expect(offlineCursor(b, r)).toBeNull();
    // ratings of another session do not move this one
    expect(offlineCursor(b, [{ ...r[0], sessionId: "s2" }])?.itemId).toBe("a");
  });

  it("stays in use while it describes the session, from the shown card on", () => {
    const b = bundleOf(["a", "b", "c"]);
    const view = { userId: "u1", sessionId: "s1", position: 1, total: 3, itemId: "b", cardVersion: 2 };
    expect(alignBundle(b, view)?.cards.map((c) => c.itemId)).toEqual(["b", "c"]);
    expect(alignBundle(b, { ...view, position: 0, itemId: "a" })).toBe(b);
    expect(alignBundle(b, { ...view, userId: "u2" })).toBeNull(); // another learner
    expect(alignBundle(b, { ...view, total: 4 })).toBeNull(); // a learning step was queued
    expect(alignBundle(b, { ...view, cardVersion: 3 })).toBeNull(); // rated elsewhere
    expect(alignBundle(b, { ...view, itemId: "c" })).toBeNull();
    expect(alignBundle(null, view)).toBeNull();
  });
});
