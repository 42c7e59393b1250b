"use client";

/**
 * Offline practice on the practice page: registers the service worker (app/sw.ts), keeps the
 * rest of the session in IndexedDB while online, serves its cards and keeps the ratings made
 * while the connection is gone, and sends them in order when it returns (lib/offline/queue.ts).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CheckResult } from "@/lib/grading/practice";
import { format } from "@/lib/i18n/dictionaries";
import { offlineStrings } from "@/lib/i18n/features/offline";
import { alignBundle, offlineCursor, OfflineBundle, type BundleCard, type FlushState, type Rating } from "@/lib/offline/queue";
import { offlineResult } from "@/lib/offline/reference";
import type { SessionView } from "./api";
import { addPending, dismissRefused, loadBundle, loadQueue, PAGE_CACHE, saveBundle, sendQueue } from "./offline-store";

const EMPTY: FlushState = { pending: [], refused: [] };

/** A fetch that got no answer at all (as opposed to an HTTP error). */
export function isNetworkError(e: unknown): boolean {
  return e instanceof TypeError;
}

/** The practice view of a bundled card, as the server would have sent it. */
export function viewOfCard(bundle: OfflineBundle, card: BundleCard): SessionView {
  return {
    sessionId: bundle.sessionId,
    mode: bundle.mode,
    position: card.position,
    total: bundle.total,
    finished: false,
    current: {
      item: card.item as unknown as NonNullable<SessionView["current"]>["item"],
      cardVersion: card.cardVersion,
      isNew: card.isNew,
      leech: false,
      intervals: card.intervals as NonNullable<SessionView["current"]>["intervals"],
      checked: null,
    },
    summary: null,
  };
}

export function referenceOf(card: BundleCard): CheckResult {
  return offlineResult(card.reference as unknown as CheckResult);
}

export function useOfflinePractice({ userId, view, onBackOnline }: { userId: string; view: SessionView; onBackOnline: () => Promise<void> }) {
  const [queue, setQueue] = useState<FlushState>(EMPTY);
  const [bundle, setBundle] = useState<OfflineBundle | null>(null);
  const [sending, setSending] = useState(false);
  const [sentNote, setSentNote] = useState<number | null>(null);
  const bundleRef = useRef<OfflineBundle | null>(null);
  const queueRef = useRef<FlushState>(EMPTY);
  const backOnline = useRef(onBackOnline);
  backOnline.current = onBackOnline;
  // resolves once the kept bundle and queue are read (an offline reload asks for its card at once)
  const loaded = useRef<{ promise: Promise<void>; resolve: () => void } | null>(null);
  if (!loaded.current) {
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    loaded.current = { promise, resolve };
  }

  const putBundle = useCallback((b: OfflineBundle | null) => {
    bundleRef.current = b;
    setBundle(b);
  }, []);
  const putQueue = useCallback((q: FlushState) => {
    queueRef.current = q;
    setQueue(q);
  }, []);

  /** Sends what waits; true when nothing is left to send. */
  const send = useCallback(async (): Promise<boolean> => {
    if (queueRef.current.pending.length === 0) return true;
    setSending(true);
    try {
      const r = await sendQueue(userId);
      // what the store holds now: this flush's outcome and anything another tab kept meanwhile
      putQueue(await loadQueue(userId).catch(() => ({ pending: r.pending, refused: r.refused })));
      if (r.sent > 0) setSentNote(r.sent);
      return r.pending.length === 0;
    } finally {
      setSending(false);
    }
  }, [putQueue, userId]);

  // The service worker, this learner's kept state, and the page itself in the worker's cache.
  useEffect(() => {
    let live = true;
    if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/serwist/sw.js", { scope: "/", type: "module" }).catch(() => undefined);
    if (typeof caches !== "undefined" && navigator.onLine) {
      // the first visit came before the worker: keep a copy of the page now (later visits refresh it)
      void caches
        .open(PAGE_CACHE)
        .then(async (c) => ((await c.match("/practice")) ? undefined : c.add("/practice")))
        .catch(() => undefined);
    }
    void (async () => {
      const [b, q] = await Promise.all([loadBundle(userId).catch(() => null), loadQueue(userId).catch(() => EMPTY)]);
      if (!live) return;
      if (!bundleRef.current) putBundle(b);
      putQueue(q);
      loaded.current?.resolve();
      if (navigator.onLine && q.pending.length > 0) {
        await send();
        await backOnline.current();
      }
    })();
    const onOnline = () => {
      void (async () => {
        await send();
        await backOnline.current();
      })();
    };
    window.addEventListener("online", onOnline);
    return () => {
      live = false;
      window.removeEventListener("online", onOnline);
    };
  }, [putBundle, putQueue, send, userId]);

  // While online, keep the bundle in step with the session the server shows.
  const cur = view.current;
  useEffect(() => {
    if (view.finished || !cur || !navigator.onLine) return;
    const shown = { userId, sessionId: view.sessionId, position: view.position, total: view.total, itemId: cur.item.itemId, cardVersion: cur.cardVersion };
    let live = true;
    void (async () => {
      const kept = bundleRef.current ?? (await loadBundle(userId));
      const aligned = alignBundle(kept, shown);
      if (aligned) {
        if (aligned !== kept) void saveBundle(aligned).catch(() => undefined);
        if (live) putBundle(aligned);
        return;
      }
      try {
        const res = await fetch(`/api/practice/sessions/${encodeURIComponent(view.sessionId)}/offline`, { cache: "no-store" });
        if (!res.ok) return;
        const parsed = OfflineBundle.safeParse(await res.json());
        if (!parsed.success || parsed.data.userId !== userId) return;
        await saveBundle(parsed.data).catch(() => undefined);
        if (live) putBundle(parsed.data);
      } catch {
        // offline now: the bundle kept before is what there is
      }
    })();
    return () => {
      live = false;
    };
  }, [cur, putBundle, userId, view.finished, view.position, view.sessionId, view.total]);

  /** The key to rate the shown card with: the bundle's, so the cards after it stay as bundled. */
  const keyFor = useCallback((v: SessionView): string | null => {
    const b = bundleRef.current;
    const c = v.current;
    if (!b || !c || b.sessionId !== v.sessionId) return null;
    const card = b.cards.find((x) => x.position === v.position);
    return card && card.itemId === c.item.itemId && card.cardVersion === c.cardVersion ? card.idempotencyKey : null;
  }, []);

  /** The card to show offline, or null when the bundle is used up (or there is none for this session). */
  const cursor = useCallback(async (sessionId: string): Promise<{ bundle: OfflineBundle; card: BundleCard } | null> => {
    await loaded.current?.promise;
    const b = bundleRef.current;
    if (!b || b.sessionId !== sessionId) return null;
    const card = offlineCursor(b, queueRef.current.pending, queueRef.current.refused);
    return card ? { bundle: b, card } : null;
  }, []);

  const rateOffline = useCallback(
    async (card: BundleCard, rating: Rating, durationMs: number) => {
      const b = bundleRef.current!;
      const q = await addPending({
        userId,
        sessionId: b.sessionId,
        position: card.position,
        itemId: card.itemId,
        rating,
        cardVersion: card.cardVersion,
        idempotencyKey: card.idempotencyKey,
        durationMs: Math.max(0, Math.min(24 * 3600 * 1000, Math.round(durationMs))),
        ratedAt: Date.now(),
        prompt: card.item.prompt.slice(0, 2000),
      });
      putQueue(q);
    },
    [putQueue, userId],
  );

  const dismiss = useCallback(async (key: string) => putQueue(await dismissRefused(userId, key)), [putQueue, userId]);

  return { queue, bundle, sending, sentNote, send, keyFor, cursor, rateOffline, dismiss };
}

/** The offline line (while offline or while ratings wait) and the ratings the server refused, each with what to do. */
export function OfflineStatus({
  lang,
  ratingNames,
  offline,
  queue,
  sending,
  sentNote,
  onDismiss,
  onPractise,
}: {
  lang: "zh" | "en";
  ratingNames: Record<Rating, string>;
  offline: boolean;
  queue: FlushState;
  sending: boolean;
  sentNote: number | null;
  onDismiss: (key: string) => void;
  onPractise: (itemId: string, key: string) => void;
}) {
  const s = offlineStrings(lang);
  const n = queue.pending.length;
  return (
    <div className="space-y-2" data-testid="offline-status">
      <div role="status" aria-live="polite" className="text-sm">
        {offline ? <p className="rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-2" data-testid="offline-banner">{s.offline}</p> : null}
        {n > 0 ? (
          <p className="mt-1 font-medium" data-testid="offline-pending" data-count={n}>
            {sending ? format(s.sending, { n }) : format(s.savedOffline, { n })}
          </p>
        ) : sentNote !== null && !offline ? (
          <p className="mt-1" data-testid="offline-sent">{format(s.allSent, { n: sentNote })}</p>
        ) : null}
      </div>
      {queue.refused.length > 0 ? (
        <section className="rounded-md border border-[var(--color-danger)] p-3 text-sm" data-testid="offline-refused" aria-labelledby="offline-refused-h">
          <h2 id="offline-refused-h" className="font-medium">{format(s.refusedTitle, { n: queue.refused.length })}</h2>
          <ul className="mt-1 space-y-2">
            {queue.refused.map((r) => {
              const vars = { prompt: r.prompt ?? r.itemId, rating: ratingNames[r.rating] };
              return (
                <li key={r.idempotencyKey} data-item-id={r.itemId} data-code={r.code}>
                  <p>{r.code === "stale_card" ? format(s.refusedStale, vars) : format(s.refusedOther, { ...vars, message: r.message[lang] })}</p>
                  <div className="mt-1 flex gap-2">
                    <button type="button" className="rounded-md border border-[var(--color-border)] px-2 py-1" onClick={() => onPractise(r.itemId, r.idempotencyKey)}>
                      {s.practiseAgain}
                    </button>
                    <button type="button" className="rounded-md border border-[var(--color-border)] px-2 py-1" onClick={() => onDismiss(r.idempotencyKey)}>
                      {s.dismiss}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
