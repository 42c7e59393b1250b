"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { WrongClaims } from "@/components/grading/wrong-claims";
import { LadderDiagram, type LadderSegment } from "@/components/ladder/ladder-diagram";
import type { CheckResult, LadderRow, Presented } from "@/lib/grading/practice";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import { sendsPhrase } from "@/lib/i18n/features/tcp-terms";
import { focusStrings } from "@/lib/i18n/features/focus";
import { ApiError, idempotencyKey, practiceApi, type SessionView } from "./api";
import { AnswerInput, fromRequest, toRequest, type AnswerState } from "./answer-input";
import { Compare, YourAnswer, yourAnswerStrings } from "./your-answer";
import { isNetworkError, OfflineStatus, referenceOf, useOfflinePractice, viewOfCard } from "./offline";
import { offlineStrings } from "@/lib/i18n/features/offline";

type T = Dictionary["practice"]["session"];
type Rating = 1 | 2 | 3 | 4;

/**
 * One practice session in the browser: answer, check (graded on the server — the engine never
 * ships to the client), rate, undo. The server keeps the session's position, so a reload or a
 * closed tab resumes at the same card. A rating carries the card version that was shown and an
 * idempotency key made once per showing: a double click or a retry is stored once. With no
 * connection the rest of the session comes from the browser (./offline.tsx): Check shows the
 * model answer, ratings wait in IndexedDB and are sent in order when the connection returns.
 */
export function PracticeSession({
  initial,
  t,
  lang,
  topicNames,
  userId,
}: {
  initial: SessionView;
  t: T;
  lang: "zh" | "en";
  topicNames: Record<string, string>;
  /** the learner the page was rendered for: the offline store is theirs alone */
  userId: string;
}) {
  const [view, setView] = useState<SessionView>(initial);
  // Set once React has taken over the page: keys pressed before that would reach no handler.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [answer, setAnswer] = useState<AnswerState>(() => answerOf(initial));
  const [result, setResult] = useState<CheckResult | null>(initial.current?.checked?.result ?? null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Rating | null>(() => suggestedOf(initial.current?.checked?.result ?? null, initial.current?.isNew ?? true));
  const [help, setHelp] = useState(false);
  // the last card rated in this page: its card info is one link (or the I key) away
  const [lastRated, setLastRated] = useState<string | null>(null);
  const shownAt = useRef<number>(Date.now());
  const key = useRef<string>(idempotencyKey());
  const headingRef = useRef<HTMLHeadingElement>(null);
  // no connection: cards come from the offline bundle; `offlineDone` once it is used up
  const [offline, setOffline] = useState(false);
  const [offlineDone, setOfflineDone] = useState(false);
  const offlineRef = useRef(false);
  offlineRef.current = offline;

  const current = view.current;
  const viewRef = useRef(view);
  viewRef.current = view;

  const backOnline = useRef<() => Promise<void>>(async () => undefined);
  const off = useOfflinePractice({ userId, view, onBackOnline: () => backOnline.current() });

  const load = useCallback(
    (next: SessionView) => {
      setView(next);
      setAnswer(answerOf(next));
      setResult(next.current?.checked?.result ?? null);
      setChosen(suggestedOf(next.current?.checked?.result ?? null, next.current?.isNew ?? true));
      shownAt.current = Date.now();
      key.current = off.keyFor(next) ?? idempotencyKey();
      requestAnimationFrame(() => headingRef.current?.focus());
    },
    [off.keyFor],
  );

  /** Shows the next card the browser has for this session (the one after the last rated offline). */
  const showOfflineCard = useCallback(async () => {
    const c = await off.cursor(viewRef.current.sessionId);
    if (!c) {
      setOfflineDone(true);
      return null;
    }
    setOfflineDone(false);
    const v = viewRef.current;
    // the card on screen already: keep what the learner typed
    if (!(v.position === c.card.position && v.current?.item.itemId === c.card.itemId && v.current.cardVersion === c.card.cardVersion)) load(viewOfCard(c.bundle, c.card));
    return c;
  }, [load, off.cursor]);

  const goOffline = useCallback(async () => {
    setOffline(true);
    return showOfflineCard();
  }, [showOfflineCard]);

  backOnline.current = async () => {
    try {
      const fresh = await practiceApi.view(viewRef.current.sessionId);
      setOffline(false);
      setOfflineDone(false);
      load(fresh);
    } catch {
      // still no answer from the server: stay offline
    }
  };

  useEffect(() => {
    const onOffline = () => void goOffline();
    window.addEventListener("offline", onOffline);
    return () => window.removeEventListener("offline", onOffline);
  }, [goOffline]);

  // A new render from the server (a language switch, a refresh): take its words — the prompt,
  // the options and the checked card's feedback, graded again in the new language — and keep
  // what the learner has typed on the same card.
  const lastInitial = useRef(initial);
  useEffect(() => {
    if (lastInitial.current === initial) return;
    lastInitial.current = initial;
    const same = initial.sessionId === view.sessionId && initial.position === view.position && initial.current?.item.itemId === view.current?.item.itemId;
    if (!same) {
      load(initial);
      return;
    }
    setView(initial);
    if (initial.current?.checked) setResult(initial.current.checked.result);
  }, [initial, load, view.sessionId, view.position, view.current?.item.itemId]);

  // Browser Back (or a restored tab) can show a page rendered before later ratings: ask the
  // server where the session is, on mount and whenever the page is shown from the cache.
  useEffect(() => {
    const sync = async () => {
      try {
        const fresh = await practiceApi.view(viewRef.current.sessionId);
        const v = viewRef.current;
        if (fresh.position !== v.position || fresh.current?.cardVersion !== v.current?.cardVersion || fresh.finished !== v.finished) {
          setMessage(t.moved);
          load(fresh);
        }
      } catch (e) {
        // no connection (a page opened offline from the worker's cache): the browser's cards
        if (!navigator.onLine || isNetworkError(e)) void goOffline();
      }
    };
    void sync();
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) void sync();
    };
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, [goOffline, load, t.moved]);

  const fail = useCallback(
    async (e: unknown) => {
      if (e instanceof ApiError) {
        if (e.code === "stale_card" || e.code === "session_mismatch") {
          const fresh = await practiceApi.view(view.sessionId);
          setMessage(fresh.position !== view.position ? t.moved : t.stale);
          load(fresh);
          return;
        }
        setMessage(format(t.failed, { message: lang === "zh" ? e.zh : e.message }));
      } else {
        setMessage(t.network);
      }
    },
    [lang, load, t, view.sessionId, view.position],
  );

  /** Check with no connection: the model answer of the showing; the learner rates themselves. */
  const checkOffline = useCallback(async () => {
    const c = await showOfflineCard();
    if (!c || c.card.position !== viewRef.current.position) return;
    setResult(referenceOf(c.card));
    setChosen(null);
  }, [showOfflineCard]);

  const check = useCallback(async () => {
    if (!current || busy || result) return;
    setBusy(true);
    setMessage(null);
    if (offlineRef.current || !navigator.onLine) {
      setOffline(true);
      await checkOffline();
      setBusy(false);
      return;
    }
    try {
      const r: CheckResult & { given?: unknown } = await practiceApi.check({
        sessionId: view.sessionId,
        itemId: current.item.itemId,
        responseMs: Date.now() - shownAt.current,
        answer: toRequest(answer),
      });
      setResult(r);
      if (r.given !== undefined) setAnswer(fromRequest(current.item.presented, r.given));
      setChosen(suggestedOf(r, current.isNew));
    } catch (e) {
      if (isNetworkError(e)) {
        setOffline(true);
        await checkOffline();
      } else await fail(e);
    } finally {
      setBusy(false);
    }
  }, [answer, busy, checkOffline, current, fail, result, view.sessionId]);

  /** A rating with no connection: kept in the browser with its key and card version, then the next card. */
  const rateOffline = useCallback(
    async (rating: Rating) => {
      const c = await off.cursor(viewRef.current.sessionId);
      if (!c || c.card.position !== viewRef.current.position || c.card.itemId !== viewRef.current.current?.item.itemId) {
        setMessage(t.network);
        return;
      }
      await off.rateOffline(c.card, rating, Date.now() - shownAt.current);
      await showOfflineCard();
    },
    [off, showOfflineCard, t.network],
  );

  const rate = useCallback(
    async (rating: Rating) => {
      if (!current || !result || busy) return;
      setBusy(true);
      setMessage(null);
      if (offlineRef.current || !navigator.onLine) {
        setOffline(true);
        try {
          await rateOffline(rating);
        } finally {
          setBusy(false);
        }
        return;
      }
      try {
        await practiceApi.rate({
          sessionId: view.sessionId,
          itemId: current.item.itemId,
          rating,
          cardVersion: current.cardVersion,
          idempotencyKey: key.current,
          durationMs: Date.now() - shownAt.current,
          correct: result.correct,
          suggestedRating: result.suggested,
        });
        // Rating an open answer against the grader's verdict is a dispute: kept locally for review.
        if (result.detail.type === "open" && answer.type === "open" && (result.correct ? rating === 1 : rating >= 3)) {
          await practiceApi.dispute({ itemId: current.item.itemId, text: answer.text, chosen: rating }).catch(() => undefined);
        }
        setLastRated(current.item.itemId);
        load(await practiceApi.view(view.sessionId));
      } catch (e) {
        if (isNetworkError(e)) {
          setOffline(true);
          await rateOffline(rating);
        } else await fail(e);
      } finally {
        setBusy(false);
      }
    },
    [answer, busy, current, fail, load, rateOffline, result, view.sessionId],
  );

  const undo = useCallback(async () => {
    if (busy) return;
    if (offlineRef.current) {
      setMessage(offlineStrings(lang).undoOffline);
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const undone = await practiceApi.undo(view.sessionId);
      load(await practiceApi.view(view.sessionId));
      // The card comes back as it was rated: its result, and the rating that was given.
      if (undone.rating >= 1 && undone.rating <= 4) {
        setChosen(undone.rating as Rating);
        setMessage(format(t.undone, { rating: ratingName(t, undone.rating as Rating) }));
      }
    } catch (e) {
      await fail(e);
    } finally {
      setBusy(false);
    }
  }, [busy, fail, lang, load, t, view.sessionId]);

  const startAgain = useCallback(
    async (only?: string[]) => {
      if (busy) return;
      setBusy(true);
      setMessage(null);
      try {
        const next = await practiceApi.start(only ? { only } : {});
        load(next);
        if (next.finished || !next.current) setMessage(t.nothingMore);
      } catch (e) {
        await fail(e);
      } finally {
        setBusy(false);
      }
    },
    [busy, fail, load, t.nothingMore],
  );

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && (target as HTMLInputElement).type !== "radio" && (target as HTMLInputElement).type !== "checkbox") || target.tagName === "SELECT");
      if (typing) {
        if (e.key === "Enter" && (e.ctrlKey || target!.tagName === "INPUT") && !result) {
          e.preventDefault();
          void check();
        }
        return;
      }
      if (e.key === "Escape" && help) {
        setHelp(false);
        return;
      }
      if (e.key === "?") {
        e.preventDefault();
        setHelp((h) => !h);
        return;
      }
      if (e.ctrlKey) {
        if (e.key === "z" || e.key === "Z") {
          e.preventDefault();
          void undo();
        }
        return;
      }
      const choice = !!target && target.tagName === "INPUT";
      if (choice && e.key === " ") return; // Space ticks a checkbox or radio, as usual (the key list says so)
      const onButton = !!target && (target.tagName === "BUTTON" || target.tagName === "A" || target.tagName === "SUMMARY");
      if (!result && (e.key === " " || e.key === "Enter") && !onButton) {
        e.preventDefault();
        void check();
      } else if (result && ["1", "2", "3", "4"].includes(e.key)) {
        e.preventDefault();
        void rate(Number(e.key) as Rating);
      } else if (result && e.key === "Enter" && !onButton && chosen && current && !current.isNew) {
        // Enter takes the suggestion only on a card reviewed before: on a new card the first
        // interval is chosen with a number key, never by one keystroke meant for something else.
        e.preventDefault();
        void rate(chosen);
      } else if (e.key === "u" || e.key === "U") {
        e.preventDefault();
        void undo();
      } else if ((e.key === "i" || e.key === "I") && lastRated) {
        e.preventDefault();
        window.location.assign(`/questions/${encodeURIComponent(lastRated)}/card`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [check, chosen, current, help, lastRated, rate, result, undo]);

  const ratingNames: Record<Rating, string> = { 1: t.again, 2: t.hard, 3: t.good, 4: t.easy };
  const status = (
    <OfflineStatus
      lang={lang}
      ratingNames={ratingNames}
      offline={offline}
      queue={off.queue}
      sending={off.sending}
      sentNote={off.sentNote}
      onDismiss={(k) => void off.dismiss(k)}
      onPractise={(itemId, k) => {
        void off.dismiss(k);
        void startAgain([itemId]);
      }}
    />
  );

  if (offline && offlineDone) {
    return (
      <div className="space-y-4" data-testid="practice-offline-done">
        {status}
        <p>{offlineStrings(lang).endOfOffline}</p>
      </div>
    );
  }

  if (view.finished || !current) {
    return (
      <>
        {status}
        <Summary view={view} t={t} topicNames={topicNames} onUndo={undo} onStart={startAgain} busy={busy} message={message} />
      </>
    );
  }

  const p = current.item.presented;
  const comesBack = !!result && chosen === 1;
  return (
    <div className="space-y-4" data-testid="practice-session" data-item-id={current.item.itemId} data-item-type={p.type} data-hydrated={hydrated ? "true" : undefined} data-offline={offline ? "true" : undefined} data-offline-cards={off.bundle?.cards.length ?? 0}>
      {status}
      <div>
        <div className="flex items-center justify-between text-sm text-[var(--color-muted)]">
          <span>{format(t.progress, { n: view.position + 1, m: view.total })}</span>
          <span>{topicNames[current.item.topic] ?? current.item.topic}</span>
        </div>
        <div
          role="progressbar"
          aria-label={format(t.progress, { n: view.position + 1, m: view.total })}
          aria-valuemin={0}
          aria-valuemax={view.total}
          aria-valuenow={view.position}
          className="mt-1 h-2 overflow-hidden rounded bg-[var(--color-surface)]"
        >
          <div className="h-full bg-[var(--color-accent)]" style={{ width: `${(view.position / Math.max(1, view.total)) * 100}%` }} />
        </div>
      </div>

      {view.mode === "cram" ? (
        <p className="rounded-md border-l-4 border-[var(--color-accent)] bg-[var(--color-surface)] p-2 text-sm" data-testid="cram-badge">
          {focusStrings(lang).cramBadge}
        </p>
      ) : null}

      {current.leech ? (
        <p className="rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-3 text-sm">{t.leech}</p>
      ) : null}

      <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold leading-snug outline-none">
        {current.item.prompt}
      </h2>

      <AnswerInput presented={p} answer={answer} setAnswer={setAnswer} disabled={!!result || busy} t={t} lang={lang} onSubmit={check} />

      {!result ? (
        <button
          type="button"
          onClick={() => void check()}
          disabled={busy}
          className="rounded-md bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-accent-fg)] disabled:opacity-60"
        >
          {busy ? t.checking : p.type === "flashcard" ? t.reveal : t.submit}
        </button>
      ) : (
        <>
          {offline ? (
            <p className="rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-2 text-sm" data-testid="offline-not-graded">
              {offlineStrings(lang).notGraded}
            </p>
          ) : null}
          <ResultPanel result={result} presented={p} answer={answer} t={t} lang={lang} />
          <fieldset className="rounded-lg border border-[var(--color-border)] p-3">
            <legend className="px-1 text-sm font-medium">{result.correct === null ? t.selfRate : t.rateTitle}</legend>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {([1, 2, 3, 4] as Rating[]).map((r) => (
                <button
                  key={r}
                  type="button"
                  disabled={busy}
                  onClick={() => void rate(r)}
                  aria-keyshortcuts={String(r)}
                  data-rating={r}
                  className={`min-h-12 rounded-md border px-3 py-2 text-sm ${
                    chosen === r ? "border-[var(--color-accent)] bg-[var(--color-accent)] text-[var(--color-accent-fg)]" : "border-[var(--color-border)]"
                  }`}
                >
                  <span className="font-semibold">
                    <span className="key-hint">{r} · </span>
                    {ratingNames[r]}
                  </span>
                  {current.intervals ? <span className="block text-xs opacity-90">{current.intervals[String(r) as "1"]}</span> : null}
                  {suggestedOf(result, current.isNew) === r ? <span className="block text-xs opacity-90">({t.suggested})</span> : null}
                </button>
              ))}
            </div>
          </fieldset>
          {comesBack ? <p className="text-sm text-[var(--color-muted)]">{t.againSoon}</p> : null}
        </>
      )}

      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button type="button" onClick={() => void undo()} disabled={busy || view.position === 0} aria-keyshortcuts="U" className="rounded-md border border-[var(--color-border)] px-3 py-1.5 disabled:opacity-50">
          {t.undo}
        </button>
        {lastRated ? (
          <a href={`/questions/${encodeURIComponent(lastRated)}/card`} aria-keyshortcuts="I" data-testid="last-card-info">
            {t.lastCardInfo}
          </a>
        ) : null}
        <span className="key-hint text-[var(--color-muted)]">{t.keysShort}</span>
        <button
          type="button"
          className="key-hint rounded-md border border-[var(--color-border)] px-2 py-1 text-[var(--color-muted)]"
          onClick={() => setHelp((h) => !h)}
          aria-expanded={help}
          aria-controls="practice-keys"
          aria-keyshortcuts="?"
        >
          {t.keysTitle}
        </button>
      </div>
      {help ? (
        <section id="practice-keys" aria-labelledby="practice-keys-h" className="rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-3 text-sm" data-testid="key-help">
          <h3 id="practice-keys-h" className="font-semibold">
            {t.keysTitle}
          </h3>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {t.keyList.map(([k, what]) => (
              <div key={k} className="contents">
                <dt>
                  <kbd className="rounded border border-[var(--color-border)] px-1 font-mono">{k}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="mt-2 rounded-md border border-[var(--color-border)] px-2 py-1" onClick={() => setHelp(false)}>
            {t.keysClose}
          </button>
        </section>
      ) : null}
      <p role="status" aria-live="polite" className="min-h-6 text-sm text-[var(--color-danger)]">
        {message}
      </p>
    </div>
  );
}

type OpenDetail = Extract<CheckResult["detail"], { type: "open" }>;

/** An open answer's feedback: the verdict, the answer with key points and wrong claims marked, then each point. */
function OpenResult({ d, t }: { d: OpenDetail; t: T }) {
  const quote = (words: string[]) => words.join(" … ");
  return (
    <div data-testid="open-feedback" data-verdict={d.verdict}>
      <p className="text-sm font-medium" data-testid="verdict">
        {d.verdict === "correct" ? t.verdict_correct : d.verdict === "partial" ? t.verdict_partial : t.verdict_incorrect}
        {" · "}
        {format(t.coverage, { pct: Math.round(d.coverage * 100) })}
      </p>
      <p className="mt-1 text-sm text-[var(--color-muted)]">{t.yourAnswer}</p>
      <p className="mt-1 whitespace-pre-wrap rounded bg-[var(--color-surface)] p-2" data-testid="highlighted-answer">
        {d.segments.map((s, i) =>
          s.mark === "point" ? (
            <mark key={i} className="rounded bg-[var(--color-accent)] px-0.5 text-[var(--color-accent-fg)]" title={t.legendPoint}>
              {s.text}
            </mark>
          ) : s.mark === "wrong" ? (
            <del key={i} className="decoration-2 text-[var(--color-danger)]" title={t.legendWrong} data-testid="wrong-words">
              {s.text}
            </del>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
      </p>
      <WrongClaims claims={d.misconceptions} heading={format(t.wrongClaims, { n: d.misconceptions.length })} youSaid={(words) => format(t.youSaid, { words })} source={format(t.source, { source: "" })} />
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <div>
          <p className="text-sm font-medium text-[var(--color-success)]">{format(t.covered, { n: d.matched.length })}</p>
          <ul className="list-disc pl-5 text-sm" data-testid="matched">
            {d.matched.map((m) => (
              <li key={m.id}>
                {m.label}
                {m.words.length ? <span className="text-[var(--color-muted)]"> — {format(t.matchedWords, { words: quote(m.words) })}</span> : null}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <p className="text-sm font-medium text-[var(--color-danger)]">{format(t.missed, { n: d.missed.length })}</p>
          <ul className="list-disc pl-5 text-sm" data-testid="missed">
            {d.missed.map((m) => (
              <li key={m.id}>
                {m.label}
                {m.optional ? <span className="text-[var(--color-muted)]"> ({t.niceToHave})</span> : null}
                {m.ask ? <span className="block text-[var(--color-muted)]">{format(t.wouldAsk, { ask: m.ask })}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function ratingName(t: T, r: Rating): string {
  return { 1: t.again, 2: t.hard, 3: t.good, 4: t.easy }[r];
}

/** The answer shown for a view: the checked one when the card was checked, else empty. */
function answerOf(v: SessionView): AnswerState {
  return fromRequest(v.current?.item.presented, v.current?.checked?.given);
}

/**
 * The rating to suggest: the grader's, but never Easy on a card not yet learned — a fast right
 * answer to a new card is no reason for an 8-day first interval.
 */
export function suggestedOf(r: CheckResult | null, isNew: boolean): Rating | null {
  const s = (r?.suggested ?? null) as Rating | null;
  return s !== null && isNew && s > 3 ? 3 : s;
}

function ResultPanel({ result, presented, answer, t, lang }: { result: CheckResult; presented: Presented; answer: AnswerState; t: T; lang: "zh" | "en" }) {
  const d = result.detail;
  return (
    <section aria-live="polite" className="space-y-3 rounded-lg border border-[var(--color-border)] p-4" data-testid="result">
      {result.correct !== null ? (
        <p className={`font-semibold ${result.correct ? "text-[var(--color-success)]" : "text-[var(--color-danger)]"}`} data-correct={String(result.correct)}>
          {result.correct ? `✓ ${t.correct}` : `✗ ${t.incorrect}`}
        </p>
      ) : null}

      {d.type === "open" ? <OpenResult d={d} t={t} /> : null}

      <YourAnswer result={result} presented={presented} answer={answer} lang={lang} />

      {d.type === "options" && (presented.type === "single" || presented.type === "multiple") ? (
        <ul className="space-y-1 text-sm" data-testid="why-not">
          {presented.options
            .filter((o) => !d.correct.includes(o.id))
            .map((o) => (
              <li key={o.id}>
                <span className="text-[var(--color-danger)]">✗</span> {format(t.whyNot, { option: o.text })}: {d.why[o.id]}
              </li>
            ))}
        </ul>
      ) : null}

      {d.type === "state" ? (
        <div className="text-sm">
          <p className="font-medium" data-testid="engine-expected">
            {"next" in d.expected
              ? format(t.expectedStateSends, { next: d.expected.next, sends: sendsPhrase(d.expected.send, lang) })
              : format(t.expectedRejectedSends, { message: d.expected.rejected, sends: sendsPhrase(d.expected.send, lang) })}
          </p>
          <p className="mt-1">{format(t.engineSays, { reason: d.reason })}</p>
          <p className="text-[var(--color-muted)]">{d.rule}</p>
          {result.correct === false && presented.type === "state" ? (
            <Ladder rows={d.rows} t={t} labels={{ client: `${t.thisSide} (${presented.state})`, server: t.peer }} />
          ) : null}
        </div>
      ) : null}

      {d.type === "sequence" ? (
        <div className="text-sm">
          <p className="font-medium">{format(t.expectedValues, { values: d.expected.join(", ") })}</p>
          {result.correct === false ? <Ladder rows={d.rows} t={t} /> : null}
        </div>
      ) : null}

      {d.type === "transfer" ? (
        <TransferResult
          d={d}
          answer={answer}
          t={t}
          lang={lang}
          phases={presented.type === "transfer" ? [...presented.phases, ...presented.fields.flatMap((f) => f.options ?? [])] : []}
        />
      ) : null}

      {d.type === "trace" ? (
        <div className="text-sm">
          <p className="font-medium">
            {"client" in d.expected
              ? format(t.expectedTrace, { line: presented.type === "trace" && presented.ask.kind === "states" ? presented.ask.line : "?", client: d.expected.client, server: d.expected.server })
              : "ack" in d.expected
                ? format(t.expectedAck, { line: presented.type === "trace" && presented.ask.kind === "ack" ? presented.ask.line : "?", ack: d.expected.ack ?? "?" })
                : "event" in d.expected
                  ? format(t.expectedEvent, { line: presented.type === "trace" && presented.ask.kind === "event" ? presented.ask.line : "?", events: d.expected.event.join(", ") })
                  : d.expected.line === null
                    ? t.allValid
                    : format(t.expectedLine, { line: d.expected.line })}
          </p>
          {d.problems.length > 0 ? (
            <>
              <p className="mt-1 font-medium">{t.problems}</p>
              <ul className="list-disc pl-5">
                {d.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </>
          ) : null}
          <Ladder rows={d.rows} t={t} />
        </div>
      ) : null}

      {result.answer ? (
        <div>
          <p className="text-sm font-medium">{t.answer}</p>
          <p className="whitespace-pre-line">{result.answer}</p>
        </div>
      ) : null}
      <div>
        <p className="text-sm font-medium">{t.explanation}</p>
        <p className="whitespace-pre-line">{result.explanation}</p>
      </div>
      {result.misconception ? (
        <div className="border-l-4 border-[var(--color-warning)] pl-3">
          <p className="text-sm font-medium">{t.misconception}</p>
          <p className="whitespace-pre-line text-sm">{result.misconception}</p>
        </div>
      ) : null}
    </section>
  );
}

type TransferDetail = Extract<CheckResult["detail"], { type: "transfer" }>;

/** The transfer question's result: each value against the calculator's, the worked steps, and for congestion a cwnd chart. */
function TransferResult({ d, answer, t, phases, lang }: { d: TransferDetail; answer: AnswerState; t: T; phases: { id: string; label: string }[]; lang: "zh" | "en" }) {
  const yours = answer.type === "transfer" ? answer.values : {};
  const shown = (k: string) => String(phases.find((p) => p.id === yours[k])?.label ?? yours[k] ?? "");
  return (
    <div className="space-y-2 text-sm" data-testid="transfer-result">
      <Compare
        rows={d.fields.map((f) => ({ label: f.label, yours: shown(f.key), right: String(f.expected), ok: f.correct, key: f.key }))}
        s={{ ...yourAnswerStrings(lang), yours: t.transferYours, right: t.transferExpected }}
        testId="transfer-compare"
      />
      <p className="font-medium">{t.transferWorked}</p>
      <ol className="space-y-0.5 font-mono text-xs sm:text-sm" data-testid="transfer-steps">
        {d.steps.map((x, i) => (
          <li key={i} className="break-words">{x}</li>
        ))}
      </ol>
      {d.chart ? <CwndChart points={d.chart} t={t} /> : null}
    </div>
  );
}

function CwndChart({ points, t }: { points: { label: string; cwnd: number; ssthresh: number }[]; t: T }) {
  const W = 360;
  const H = 160;
  const pad = { l: 32, r: 8, t: 8, b: 22 };
  const top = Math.max(2, ...points.map((p) => Math.max(p.cwnd, p.ssthresh)));
  const x = (i: number) => pad.l + (points.length === 1 ? 0 : (i * (W - pad.l - pad.r)) / (points.length - 1));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / top);
  const line = (k: "cwnd" | "ssthresh") => points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`).join(" ");
  return (
    <figure>
      <figcaption className="font-medium">{t.transferChart}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="mt-1 w-full max-w-md" role="img" aria-label={format(t.transferChartDesc, { values: points.map((p) => p.cwnd).join(", ") })} data-testid="cwnd-chart">
        <line x1={pad.l} y1={y(0)} x2={W - pad.r} y2={y(0)} stroke="currentColor" strokeOpacity="0.4" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={y(0)} stroke="currentColor" strokeOpacity="0.4" />
        <text x={pad.l - 4} y={y(top) + 4} textAnchor="end" fontSize="10" fill="currentColor">{top}</text>
        <text x={pad.l - 4} y={y(0)} textAnchor="end" fontSize="10" fill="currentColor">0</text>
        <text x={W - pad.r} y={H - 4} textAnchor="end" fontSize="10" fill="currentColor">{t.transferEvent}</text>
        <path d={line("ssthresh")} fill="none" stroke="var(--color-muted)" strokeDasharray="4 3" strokeWidth="1.5" />
        <path d={line("cwnd")} fill="none" stroke="var(--color-accent)" strokeWidth="2" />
        {points.map((p, i) => (
          <circle key={i} cx={x(i)} cy={y(p.cwnd)} r="2.5" fill="var(--color-accent)" />
        ))}
        <text x={pad.l + 4} y={H - 4} fontSize="10" fill="var(--color-accent)">— cwnd</text>
        <text x={pad.l + 56} y={H - 4} fontSize="10" fill="currentColor">- - ssthresh</text>
      </svg>
    </figure>
  );
}

function Ladder({ rows, t, labels }: { rows: LadderRow[]; t: T; labels?: { client: string; server: string } }) {
  const segments: LadderSegment[] = rows.map((r) => ({
    from: r.from,
    flags: r.flags,
    seq: r.seq,
    ack: r.ack,
    len: r.len,
    client: r.client,
    server: r.server,
    lost: r.lost,
    retransmission: r.retransmission,
  }));
  return (
    <figure className="mt-3 max-w-md" data-testid="ladder">
      <figcaption className="mb-1 text-sm font-medium">{t.ladder}</figcaption>
      <LadderDiagram
        segments={segments}
        labels={{ client: labels?.client ?? t.client, server: labels?.server ?? t.server, lost: t.lost, retransmission: t.retransmission, title: t.ladderTitle }}
      />
    </figure>
  );
}

function Summary({
  view,
  t,
  topicNames,
  onUndo,
  onStart,
  busy,
  message,
}: {
  view: SessionView;
  t: T;
  topicNames: Record<string, string>;
  onUndo: () => void;
  onStart: (only?: string[]) => void;
  busy: boolean;
  message: string | null;
}) {
  const s = view.summary;
  if (view.total === 0) {
    return (
      <div className="space-y-3" data-testid="practice-summary">
        <p>{t.sessionEmpty}</p>
        <a href="/">{t.backToday}</a>
      </div>
    );
  }
  return (
    <section className="space-y-4" data-testid="practice-summary" aria-labelledby="summary-h">
      <h2 id="summary-h" className="text-xl font-semibold">
        {t.summaryTitle}
      </h2>
      {s ? (
        <>
          <p>{format(t.summaryReviewed, { n: s.reviewed, min: Math.max(1, Math.round(s.timeMs / 60000)) })}</p>
          <table className="w-full max-w-md text-sm">
            <caption className="mb-1 text-left font-medium">{t.summaryTopic}</caption>
            <thead>
              <tr className="border-b border-[var(--color-border)] text-left">
                <th scope="col" className="py-1">
                  {t.topicCol}
                </th>
                <th scope="col" className="py-1 text-right">
                  {t.accuracyCol}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.topics.map((tp) => (
                <tr key={tp.topic} className="border-b border-[var(--color-border)]">
                  <td className="py-1">{topicNames[tp.topic] ?? tp.topic}</td>
                  <td className="py-1 text-right">
                    {tp.passed} / {tp.total} ({Math.round((tp.passed / tp.total) * 100)} %)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{format(t.summaryTomorrow, { n: s.dueTomorrow })}</p>
        </>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={() => void onStart()} disabled={busy} className="rounded-md bg-[var(--color-accent)] px-3 py-1.5 text-[var(--color-accent-fg)]">
          {t.continueDue}
        </button>
        {s && s.failed.length > 0 ? (
          <button type="button" onClick={() => void onStart(s.failed)} disabled={busy} className="rounded-md border border-[var(--color-border)] px-3 py-1.5">
            {format(t.practiseFailed, { n: s.failed.length })}
          </button>
        ) : null}
        <a href="/" className="rounded-md border border-[var(--color-border)] px-3 py-1.5 no-underline">
          {t.backToday}
        </a>
        <button type="button" onClick={() => void onUndo()} disabled={busy} className="rounded-md border border-[var(--color-border)] px-3 py-1.5">
          {t.undo}
        </button>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-[var(--color-danger)]">
        {message}
      </p>
    </section>
  );
}
