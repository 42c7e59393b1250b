"use client";

import { useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from "react";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { format } from "@/lib/i18n/dictionaries";
import { MAX_TRACE_BYTES, checkTraceSize, countLines, tooManyBytes } from "@/lib/lab/limits";
import type { ExplainView } from "@/lib/lab/view";
import { isCaptureFile, readCaptureFile } from "@/lib/tcp/pcap";
import { DrillCapture } from "./drill-capture";
import { labShareStrings } from "@/lib/i18n/features/lab-share";
import { LOCAL_PREFIX, decodeTrace, parseFragment } from "@/lib/lab/share";
import { revealedView, traceInitial, traceSteps } from "@/lib/lab/trace-predict";
import { ExplainResults } from "./explain-results";
import { PredictPanel } from "./predict-panel";
import { ExplainShare } from "./explain-share";

type T = Dictionary["lab"];
type TP = Dictionary["labPredict"]["predict"];

/**
 * The explainer's input: paste, or read a file (chosen or dropped). A .pcap/.pcapng file (told by
 * its magic number) is read here in the browser into the text form of tcpdump -n -S (lib/tcp/pcap.ts)
 * and explained exactly like that text pasted; the file itself never leaves the browser.
 * Check the limits here (the server checks again),
 * send the text to POST /api/lab/annotate and show the view it returns. The textarea is
 * uncontrolled, so a megabyte of text does not re-render on every keystroke.
 */
export function TraceExplainer({
  t,
  tp,
  locale,
  initialText,
  initialView,
}: {
  t: T;
  /** predict mode's strings (issue 21: predict a capture line by line) */
  tp: TP;
  locale: "zh" | "en";
  initialText: string;
  initialView: ExplainView | null;
}) {
  const e = t.explainer;
  const textRef = useRef<HTMLTextAreaElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [view, setView] = useState<ExplainView | null>(initialView);
  const [run, setRun] = useState(0);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fileNote, setFileNote] = useState("");
  // The text the shown result was made from (what a share link carries).
  const [explained, setExplained] = useState(initialView ? initialText : "");
  // what the text came from, for "Drill this capture": pasted (or a text file), or a binary capture read into it
  const [source, setSource] = useState<"text" | "pcap" | "pcapng">("text");
  const sourceRef = useRef<"text" | "pcap" | "pcapng">("text");
  const resultsRef = useRef<HTMLDivElement>(null);
  // Predict mode: lines up to `revealed` (0-based) are shown; -1 none yet.
  const [predicting, setPredicting] = useState(false);
  const [revealed, setRevealed] = useState(-1);
  const [goTo, setGoTo] = useState<{ index: number; n: number } | undefined>(undefined);
  const steps = useMemo(() => (view && predicting ? traceSteps(view) : []), [view, predicting]);
  const shownView = view && predicting ? revealedView(view, revealed + 1) : view;

  // A shared link: the trace in the fragment (#trace=…) or kept in this browser (#local=…).
  useEffect(() => {
    const asked = parseFragment(location.hash);
    if (!asked) return;
    const s = labShareStrings(locale);
    void (async () => {
      setStatus(s.loading);
      const text = asked.kind === "trace" ? await decodeTrace(asked.value, MAX_TRACE_BYTES) : localStorage.getItem(LOCAL_PREFIX + asked.id);
      if (text === null) {
        setStatus("");
        setError(s.badLink);
        return;
      }
      if (textRef.current) textRef.current.value = text;
      await explain(text);
    })();
    // once, on arrival
  }, []);

  // After each new result, move focus to its heading (the summary is also announced).
  useEffect(() => {
    if (run > 0) headingRef.current?.focus();
  }, [run]);

  async function explain(text: string) {
    setError(null);
    if (text.trim() === "") {
      setError(e.empty);
      return;
    }
    const size = checkTraceSize(text);
    if (!size.ok) {
      setView(null);
      setStatus("");
      setError(size.message[locale]);
      return;
    }
    setBusy(true);
    setStatus(e.working);
    try {
      const res = await fetch("/api/lab/annotate", {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: text,
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string; zh?: string } } | null;
        const msg = body?.error ? (locale === "zh" ? body.error.zh : body.error.message) : `HTTP ${res.status}`;
        setView(null);
        setStatus("");
        setError(format(e.failed, { message: msg ?? "" }));
        return;
      }
      const next = (await res.json()) as ExplainView;
      setView(next);
      setPredicting(false);
      setExplained(text);
      setSource(sourceRef.current);
      sourceRef.current = "text";
      setRun((r) => r + 1);
      setStatus(
        format(e.summary, {
          segments: next.rows.length.toLocaleString("en"),
          problems: next.problems.length.toLocaleString("en"),
          skipped: next.skippedTotal.toLocaleString("en"),
        }),
      );
    } catch {
      setStatus("");
      setError(e.network);
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    void explain(textRef.current?.value ?? "");
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    setFileNote("");
    // a binary capture holds more bytes than its text form needs: allow up to 8 MB of file, then
    // the text form meets the usual limits
    if (file.size > 8 * MAX_TRACE_BYTES) {
      setError(tooManyBytes(file.size)[locale]);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      setError(e.fileUnreadable);
      return;
    }
    let text: string;
    if (isCaptureFile(bytes)) {
      const r = readCaptureFile(bytes);
      if (!r.ok) {
        setView(null);
        setStatus("");
        setError(format(e.fileCaptureError, { name: file.name, message: r.message[locale] }));
        return;
      }
      text = r.text;
      sourceRef.current = r.format;
      if (textRef.current) textRef.current.value = text;
      setFileNote(format(e.fileCapture, { name: file.name, format: r.format, segments: r.segments.toLocaleString("en"), other: r.other.toLocaleString("en") }));
    } else {
      if (file.size > MAX_TRACE_BYTES) {
        setError(tooManyBytes(file.size)[locale]);
        return;
      }
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        setError(e.fileUnreadable);
        return;
      }
      if (textRef.current) textRef.current.value = text;
      setFileNote(format(e.fileLoaded, { name: file.name, lines: countLines(text).toLocaleString("en") }));
    }
    await explain(text);
  }

  function onDrop(ev: DragEvent<HTMLTextAreaElement>) {
    const file = ev.dataTransfer?.files?.[0];
    if (!file) return;
    ev.preventDefault();
    void onFile(file);
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-3" aria-describedby="lab-trace-hint">
        <div>
          <label htmlFor="lab-trace" className="mb-1 block font-semibold">
            {e.traceLabel}
          </label>
          <textarea
            id="lab-trace"
            ref={textRef}
            name="trace"
            defaultValue={initialText}
            rows={10}
            spellCheck={false}
            autoComplete="off"
            placeholder={e.placeholder}
            aria-describedby="lab-trace-hint"
            onDragOver={(ev) => {
              if (ev.dataTransfer?.types?.includes("Files")) ev.preventDefault();
            }}
            onDrop={onDrop}
            className="block w-full rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] p-2 font-mono text-xs leading-relaxed"
          />
          <p id="lab-trace-hint" className="mt-1 text-sm text-[var(--color-muted)]">
            {e.traceHint}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <button
            type="submit"
            disabled={busy}
            className="rounded-md bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-accent-fg)] disabled:opacity-60"
          >
            {e.explain}
          </button>
          <div>
            <label htmlFor="lab-file" className="mb-1 block text-sm font-semibold">
              {e.upload}
            </label>
            <input
              id="lab-file"
              type="file"
              accept=".txt,.log,.out,.pcap,.pcapng,.cap,text/plain,application/vnd.tcpdump.pcap"
              onChange={(ev) => void onFile(ev.target.files?.[0])}
              className="block max-w-full text-sm"
            />
          </div>
        </div>
        {fileNote ? (
          <p className="text-sm" aria-live="polite" data-testid="lab-file">
            {fileNote}
          </p>
        ) : null}
        <p role="status" aria-live="polite" className="text-sm" data-testid="lab-status">
          {status}
        </p>
        <div role="alert" aria-live="assertive">
          {error ? (
            <p className="rounded-md border-l-4 border-[var(--color-danger)] bg-[var(--color-surface)] p-3 text-[var(--color-danger)]" data-testid="lab-error">
              {error}
            </p>
          ) : null}
        </div>
      </form>

      {view ? (
        <section aria-labelledby="lab-results-h">
          <h2 id="lab-results-h" ref={headingRef} tabIndex={-1} className="mb-2 text-lg font-semibold">
            {e.results}
          </h2>
          {view.rows.length > 0 && !predicting ? (
            <p className="mb-3">
              <button
                type="button"
                className="rounded-md bg-[var(--color-accent)] px-3 py-1.5 text-sm font-medium text-[var(--color-accent-fg)]"
                data-testid="lab-predict-start"
                onClick={() => { setPredicting(true); setRevealed(-1); }}
              >
                {tp.trace.start}
              </button>
              <span className="ml-2 text-sm text-[var(--color-muted)]">{tp.trace.intro}</span>
            </p>
          ) : null}
          {predicting ? (
            <div className="mb-4">
              <PredictPanel
                key={run}
                tp={tp}
                locale={locale}
                run={{ kind: "trace", steps }}
                iss={{ client: 0, server: 0 }}
                numbering={view.printed}
                numberingName={view.printed === "absolute" ? e.printedAbsolute : e.printedRelative}
                sideName={(s) => (s === "client" ? t.common.client : t.common.server)}
                initial={traceInitial(view)}
                onShow={(index) => setGoTo((g) => ({ index, n: (g?.n ?? 0) + 1 }))}
                onReveal={setRevealed}
                onStop={() => setPredicting(false)}
              />
            </div>
          ) : null}
          {predicting && revealed < 0 ? (
            <p className="text-sm" data-testid="lab-predict-hidden">{tp.trace.hidden}</p>
          ) : (
            <div ref={resultsRef}>
              <ExplainResults key={run} view={shownView ?? view} t={t} locale={locale} goTo={goTo} />
            </div>
          )}
          {explained && !predicting ? (
            <div className="mt-4">
              <ExplainShare text={explained} view={view} ladder={resultsRef} locale={locale} />
              <DrillCapture key={explained.length + ":" + source} text={explained} source={source} locale={locale} />
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
