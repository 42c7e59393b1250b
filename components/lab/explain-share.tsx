"use client";

import { useState, type RefObject } from "react";
import { labShareStrings } from "@/lib/i18n/features/lab-share";
import { LOCAL_PREFIX, MAX_LINK_CHARS, encodeTrace, viewCsv } from "@/lib/lab/share";
import type { ExplainView } from "@/lib/lab/view";
import { ladderSvg, saveBlob, svgToPng } from "./download";

const btn = "min-h-10 rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm font-medium";

/** A short id for a locally kept trace: a hash of its text, so the same paste keeps one entry. */
function localId(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${(h >>> 0).toString(36)}${text.length.toString(36)}`;
}

/**
 * The explainer's share link and exports, like the player's: a link that reproduces this result
 * (the trace in the fragment, or kept in localStorage when too long), the ladder as SVG or PNG,
 * and the segments as CSV.
 */
export function ExplainShare({ text, view, ladder, locale }: { text: string; view: ExplainView; ladder: RefObject<HTMLElement | null>; locale: "zh" | "en" }) {
  const s = labShareStrings(locale);
  const [note, setNote] = useState<string | null>(null);
  const [fallback, setFallback] = useState<string | null>(null);

  async function copyLink() {
    setFallback(null);
    const encoded = await encodeTrace(text);
    let link: string;
    let local = false;
    if (encoded.length <= MAX_LINK_CHARS) link = `${location.origin}/lab#trace=${encoded}`;
    else {
      const id = localId(text);
      try {
        localStorage.setItem(LOCAL_PREFIX + id, text);
      } catch {
        // storage full or disabled: the link below will not open elsewhere either way
      }
      link = `${location.origin}/lab#local=${id}`;
      local = true;
    }
    history.replaceState(null, "", link);
    try {
      await navigator.clipboard.writeText(link);
      setNote(local ? s.copiedLocal : s.copied);
    } catch {
      setNote(s.copyFailed);
      setFallback(link);
    }
  }

  async function exportLadder(kind: "svg" | "png") {
    const root = ladder.current?.querySelector<HTMLElement>("[data-testid=ladder-scroll]");
    if (!root) return;
    const { svg, width, height } = ladderSvg(root);
    const name = `tcp-lab-explained.${kind}`;
    if (kind === "svg") saveBlob(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }), name);
    else saveBlob(await svgToPng(svg, width, height), name);
  }

  return (
    <section aria-labelledby="lab-share-h" className="space-y-2" data-testid="lab-share">
      <h3 id="lab-share-h" className="font-semibold">
        {s.heading}
      </h3>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={btn} onClick={() => void copyLink()}>
          {s.copyLink}
        </button>
        <button type="button" className={btn} onClick={() => void exportLadder("svg")}>
          {s.svg}
        </button>
        <button type="button" className={btn} onClick={() => void exportLadder("png")}>
          {s.png}
        </button>
        <button type="button" className={btn} onClick={() => saveBlob(new Blob([viewCsv(view)], { type: "text/csv;charset=utf-8" }), "tcp-lab-explained.csv")}>
          {s.csv}
        </button>
      </div>
      <p role="status" aria-live="polite" className="text-sm">
        {note}
      </p>
      {fallback ? (
        <input readOnly value={fallback} aria-label={s.copyLink} className="w-full rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1 font-mono text-xs" />
      ) : null}
    </section>
  );
}
