/**
 * Offline practice, the pure part (no DOM, no storage): what card comes next offline, and how the
 * ratings kept in the browser are sent when the connection returns. The browser keeps them in
 * IndexedDB (components/practice/offline-store.ts); the server's idempotency (a repeated key is
 * stored once) and card versions (a rating against an older version is refused) make a re-send
 * safe. Used by the practice page and tested with a simulated server (queue.test.ts).
 */
import { z } from "zod";

export type Rating = 1 | 2 | 3 | 4;

/** What a practice card's rating needs to be sent later, exactly as it would have been sent then. */
export interface PendingRating {
  userId: string;
  sessionId: string;
  /** the session position the card was shown at (sent in order of position within a session) */
  position: number;
  itemId: string;
  rating: Rating;
  cardVersion: number;
  idempotencyKey: string;
  durationMs: number;
  /** when the learner rated (ms since epoch) */
  ratedAt: number;
  /** the question as it was shown, to name it if the server refuses the rating */
  prompt?: string;
  /**
   * Set once the session had moved on elsewhere (session_mismatch): from then on the rating is
   * sent as a plain card rating, still guarded by its card version. Kept so a retry sends the
   * very same request and the server's idempotency recognises it.
   */
  detached?: boolean;
}

/** A rating the server refused; kept and shown to the learner with what to do. */
export interface RefusedRating extends PendingRating {
  code: string;
  message: { en: string; zh: string };
  refusedAt: number;
}

/** What one send of a rating came back with. */
export type SendOutcome =
  | { kind: "stored" }
  | { kind: "duplicate" }
  /** the server answered with an error (4xx): the rating is not stored */
  | { kind: "refused"; status: number; code: string; message: { en: string; zh: string } }
  /** no answer, or a server fault (5xx, 429): try again later */
  | { kind: "retry" };

export type RateRequest = {
  sessionId?: string;
  itemId: string;
  rating: Rating;
  cardVersion: number;
  idempotencyKey: string;
  durationMs: number;
  correct: null;
  suggestedRating: null;
};

/** The request body of a pending rating: with its session unless it was detached. */
export function requestOf(p: PendingRating): RateRequest {
  return {
    ...(p.detached ? {} : { sessionId: p.sessionId }),
    itemId: p.itemId,
    rating: p.rating,
    cardVersion: p.cardVersion,
    idempotencyKey: p.idempotencyKey,
    durationMs: p.durationMs,
    correct: null,
    suggestedRating: null,
  };
}

/** Adds a rating to the queue; the same idempotency key twice (a double tap) is kept once. */
export function enqueue(queue: readonly PendingRating[], r: PendingRating): PendingRating[] {
  if (queue.some((q) => q.idempotencyKey === r.idempotencyKey)) return [...queue];
  return [...queue, r];
}

/** The order ratings are sent in: as they were made (rating time, then session position). */
export function sendOrder(queue: readonly PendingRating[]): PendingRating[] {
  return [...queue].sort((a, b) => a.ratedAt - b.ratedAt || a.position - b.position);
}

export interface FlushState {
  pending: PendingRating[];
  refused: RefusedRating[];
}

export interface FlushResult extends FlushState {
  /** ratings the server now holds (stored now or before: duplicates count once) */
  sent: number;
  /** true when a send could not be answered and the rest wait for the next try */
  stopped: boolean;
}

/**
 * Sends the queue in order. A rating is removed once the server holds it (stored, or a
 * duplicate of one stored before); a refused one moves to `refused` with the server's words; a
 * rating whose session moved on elsewhere is detached and sent again as a card rating (so the
 * card's version decides, and a card rated on two devices is refused, not lost). The first
 * rating without an answer stops the flush: the rest keep their order for the next try.
 * `save` is called after every change, so a closed tab loses nothing already decided.
 */
export async function flush(
  state: FlushState,
  send: (body: RateRequest) => Promise<SendOutcome>,
  save: (s: FlushState) => Promise<void>,
  now: () => number,
): Promise<FlushResult> {
  let pending = sendOrder(state.pending);
  let refused = [...state.refused];
  let sent = 0;
  while (pending.length > 0) {
    let head = pending[0];
    let out = await send(requestOf(head));
    if (out.kind === "refused" && !head.detached && (out.code === "session_mismatch" || out.code === "unknown_session")) {
      head = { ...head, detached: true };
      pending = [head, ...pending.slice(1)];
      await save({ pending, refused });
      out = await send(requestOf(head));
    }
    if (out.kind === "retry") return { pending, refused, sent, stopped: true };
    pending = pending.slice(1);
    if (out.kind === "refused") {
      const at = now();
      // A card refused as stale: its later showings in this session were rated on top of the
      // refused rating (their versions count it), so they are refused with it, not stored on
      // the other device's state.
      const withIt = out.code === "stale_card" ? pending.filter((p) => p.sessionId === head.sessionId && p.itemId === head.itemId) : [];
      pending = pending.filter((p) => !withIt.includes(p));
      refused = [...refused, ...[head, ...withIt].map((p) => ({ ...p, code: out.code, message: out.message, refusedAt: at }))];
    } else sent++;
    await save({ pending, refused });
  }
  return { pending, refused, sent, stopped: false };
}

/** Classifies an HTTP answer to a rating (the practice API's JSON error shape). */
export function outcomeOf(status: number, body: unknown): SendOutcome {
  if (status === 200 || status === 201) {
    const dup = typeof body === "object" && body !== null && (body as { duplicate?: unknown }).duplicate === true;
    return dup ? { kind: "duplicate" } : { kind: "stored" };
  }
  // Faults of the server or the network path, and "signed out" (the learner signs in again):
  // nothing was decided about the rating, so it waits.
  if (status >= 500 || status === 429 || status === 401 || status === 0) return { kind: "retry" };
  const e = (typeof body === "object" && body !== null ? (body as { error?: { code?: unknown; message?: unknown; zh?: unknown } }).error : undefined) ?? {};
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : `HTTP ${status}`);
  return { kind: "refused", status, code: typeof e.code === "string" ? e.code : "error", message: { en: text(e.message), zh: text(e.zh) } };
}

// ---------------------------------------------------------------------------------------------
// The offline bundle: the rest of the session, made by the server while online.

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/** One card of the bundle. `item` and `reference` are the server's shapes, passed through as JSON. */
export const BundleCard = z.object({
  position: z.int().min(0),
  itemId: Id,
  cardVersion: z.int().min(0),
  isNew: z.boolean(),
  /** the key this showing's rating is sent with (the server's next seed follows from it) */
  idempotencyKey: z.string().min(8).max(100).regex(/^[A-Za-z0-9_-]+$/),
  item: z.looseObject({ itemId: Id, prompt: z.string(), topic: z.string(), presented: z.looseObject({ type: z.string() }) }),
  /** the model answer for this showing: what Check shows offline, where nothing can be graded */
  reference: z.looseObject({ answer: z.string().nullable(), explanation: z.string(), detail: z.looseObject({ type: z.string() }) }),
  intervals: z.record(z.enum(["1", "2", "3", "4"]), z.string()).nullable(),
});
export type BundleCard = z.infer<typeof BundleCard>;

export const OfflineBundle = z.object({
  version: z.literal(1),
  userId: Id,
  sessionId: Id,
  mode: z.enum(["review", "cram"]),
  lang: z.enum(["zh", "en"]),
  /** the session's length when the bundle was made (learning steps may add cards later) */
  total: z.int().min(0),
  createdAt: z.int().min(0),
  cards: z.array(BundleCard).max(1000),
});
export type OfflineBundle = z.infer<typeof OfflineBundle>;

/**
 * The card versions the rest of a session will be rated at when every card is rated in turn: a
 * review rating moves a card's version on by one, so an item that comes again later in the
 * queue (a learning step already queued) is one version further each time; a cram rating
 * leaves the card as it is.
 */
export function versionsAhead(mode: "review" | "cram", entries: readonly { itemId: string; cardVersion: number }[]): number[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const k = seen.get(e.itemId) ?? 0;
    seen.set(e.itemId, k + 1);
    return mode === "cram" ? e.cardVersion : e.cardVersion + k;
  });
}

/**
 * The card to show offline: the first card of the bundle not yet rated from it. Null when the
 * bundle is used up (the session's learning steps and the summary need the server).
 */
export function offlineCursor(bundle: OfflineBundle, pending: readonly PendingRating[], refused: readonly RefusedRating[] = []): BundleCard | null {
  const rated = new Set([...pending, ...refused].filter((p) => p.sessionId === bundle.sessionId).map((p) => p.idempotencyKey));
  let last = -1;
  bundle.cards.forEach((c, i) => {
    if (rated.has(c.idempotencyKey)) last = i;
  });
  return bundle.cards[last + 1] ?? null;
}

/**
 * The bundle from the card the server shows on, or null when it no longer describes the session
 * (another session or learner, the queue grew by a learning step, the card moved on elsewhere):
 * then a new bundle is fetched. Ratings made online use the bundle's keys, so the cards after
 * the shown one stay exactly what the server will show.
 */
export function alignBundle(
  bundle: OfflineBundle | null,
  view: { userId: string; sessionId: string; position: number; total: number; itemId: string | null; cardVersion: number | null },
): OfflineBundle | null {
  if (!bundle || bundle.userId !== view.userId || bundle.sessionId !== view.sessionId || bundle.total !== view.total) return null;
  const at = bundle.cards.findIndex((c) => c.position === view.position);
  const card = bundle.cards[at];
  if (!card || card.itemId !== view.itemId || card.cardVersion !== view.cardVersion) return null;
  return at === 0 ? bundle : { ...bundle, cards: bundle.cards.slice(at) };
}
