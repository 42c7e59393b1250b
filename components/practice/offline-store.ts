/**
 * The browser's side of offline practice: the session bundle, the ratings made offline and those
 * the server refused, kept in IndexedDB (idb-keyval) under the learner's id, so one learner's
 * queue is never read or sent for another. The logic is in lib/offline/queue.ts.
 */
import { createStore, del, get, keys, set, update, type UseStore } from "idb-keyval";
import { z } from "zod";
import { flush, outcomeOf, OfflineBundle, type FlushResult, type FlushState, type PendingRating, type RateRequest, type RefusedRating, type SendOutcome } from "@/lib/offline/queue";

/** The Cache Storage names the service worker (app/sw.ts) keeps pages in; cleared at sign-out. */
export const PAGE_CACHE = "tcp-drill-pages";

let store: UseStore | null = null;
function db(): UseStore | null {
  if (typeof indexedDB === "undefined") return null;
  store ??= createStore("tcp-drill-offline", "kv");
  return store;
}

const bundleKey = (userId: string) => `bundle:${userId}`;
const queueKey = (userId: string) => `queue:${userId}`;

/** What is read back from IndexedDB is checked like any other input (another version may have written it). */
const Pending = z.object({
  userId: z.string(),
  sessionId: z.string(),
  position: z.int().min(0),
  itemId: z.string(),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  cardVersion: z.int().min(0),
  idempotencyKey: z.string(),
  durationMs: z.int().min(0),
  ratedAt: z.number(),
  detached: z.boolean().optional(),
  prompt: z.string().max(2000).optional(),
});
const Refused = Pending.extend({ code: z.string(), message: z.object({ en: z.string(), zh: z.string() }), refusedAt: z.number() });
const Queue = z.object({ pending: z.array(Pending), refused: z.array(Refused) });

const EMPTY: FlushState = { pending: [], refused: [] };

export async function loadBundle(userId: string): Promise<OfflineBundle | null> {
  const s = db();
  if (!s) return null;
  const parsed = OfflineBundle.safeParse(await get(bundleKey(userId), s).catch(() => null));
  return parsed.success && parsed.data.userId === userId ? parsed.data : null;
}

export async function saveBundle(bundle: OfflineBundle): Promise<void> {
  const s = db();
  if (s) await set(bundleKey(bundle.userId), bundle, s);
}

export async function loadQueue(userId: string): Promise<FlushState> {
  const s = db();
  if (!s) return EMPTY;
  const parsed = Queue.safeParse(await get(queueKey(userId), s).catch(() => null));
  if (!parsed.success) return EMPTY;
  // only this learner's ratings, whatever the store holds
  return { pending: parsed.data.pending.filter((p) => p.userId === userId), refused: parsed.data.refused.filter((r) => r.userId === userId) };
}

/** Adds a rating made offline (atomic in IndexedDB: another tab's rating is not overwritten). */
export async function addPending(r: PendingRating): Promise<FlushState> {
  const s = db();
  if (!s) throw new Error("IndexedDB is not available");
  let out = EMPTY;
  await update(
    queueKey(r.userId),
    (old) => {
      const q = Queue.safeParse(old);
      const cur = q.success ? q.data : EMPTY;
      out = cur.pending.some((p) => p.idempotencyKey === r.idempotencyKey) ? cur : { pending: [...cur.pending, r], refused: cur.refused };
      return out;
    },
    s,
  );
  return out;
}

export async function dismissRefused(userId: string, idempotencyKey: string): Promise<FlushState> {
  const s = db();
  if (!s) return EMPTY;
  let out = EMPTY;
  await update(
    queueKey(userId),
    (old) => {
      const q = Queue.safeParse(old);
      const cur = q.success ? q.data : EMPTY;
      out = { pending: cur.pending, refused: cur.refused.filter((r) => r.idempotencyKey !== idempotencyKey) };
      return out;
    },
    s,
  );
  return out;
}

async function sendRating(body: RateRequest): Promise<SendOutcome> {
  try {
    const res = await fetch("/api/practice/rate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), cache: "no-store" });
    return outcomeOf(res.status, await res.json().catch(() => null));
  } catch {
    return { kind: "retry" };
  }
}

let flushing: Promise<FlushResult> | null = null;

/**
 * Sends this learner's queue in order (one flush at a time in this tab; the server's
 * idempotency makes a second tab's overlapping send harmless).
 */
export function sendQueue(userId: string): Promise<FlushResult> {
  flushing ??= (async () => {
    const s = db();
    try {
      const state = await loadQueue(userId);
      const known = new Set([...state.pending, ...state.refused].map((p) => p.idempotencyKey));
      // Saved by merging: a rating another tab kept meanwhile (unknown to this flush) stays.
      const save = async (next: FlushState) => {
        if (!s) return;
        await update(
          queueKey(userId),
          (old) => {
            const q = Queue.safeParse(old);
            const cur = q.success ? q.data : EMPTY;
            const mine = new Set([...next.pending, ...next.refused].map((p) => p.idempotencyKey));
            const fresh = (p: { idempotencyKey: string }) => !known.has(p.idempotencyKey) && !mine.has(p.idempotencyKey);
            return { pending: [...next.pending, ...cur.pending.filter(fresh)], refused: [...next.refused, ...cur.refused.filter(fresh)] };
          },
          s,
        );
      };
      return await flush(state, sendRating, save, Date.now);
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/**
 * At sign-out or sign-in: the pages and bundles this browser kept are dropped, so the next learner
 * never sees another's cards. Ratings not yet sent stay under their learner's id and are sent
 * when that learner is signed in again.
 */
export async function clearOfflineData(): Promise<void> {
  if (typeof caches !== "undefined") {
    for (const name of await caches.keys()) if (name.startsWith(PAGE_CACHE)) await caches.delete(name);
  }
  const s = db();
  if (!s) return;
  for (const k of await keys(s)) if (String(k).startsWith("bundle:")) await del(k, s);
}

export type { FlushState, PendingRating, RefusedRating };
