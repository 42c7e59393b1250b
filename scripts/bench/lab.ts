/**
 * Lab benchmark (issue 9, "Done when"): the lab's time to annotate AND render a 10,000-line paste,
 * beside the engine's bare annotate() of the same lines, and the ratio.
 *
 *   lab, in process   what POST /api/lab/annotate does (size check, annotate, the explainer view
 *                     with the bank's related questions, JSON) plus the browser's first render of
 *                     the results (renderToString of <ExplainResults>: summary, the first table
 *                     page, the ladder window, problems, skipped lines, related questions)
 *   lab, over HTTP    the same POST against the production build, whole response read (only when
 *                     a build exists: NEXT_DIST_DIR, else .next)
 *   engine            annotate(text) alone
 *
 * The trace is a long connection printed like `tcpdump -n -t` (no options), because 10,000 lines
 * with options would pass the explainer's 1 MB limit. Median of 25 after 3 warm-ups.
 *
 * Run alone: npx tsx scripts/bench/lab.ts
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadContent } from "../../lib/content/loader";
import { getDictionary } from "../../lib/i18n/dictionaries";
import { checkTraceSize, utf8Length } from "../../lib/lab/limits";
import type { BankEntry } from "../../lib/lab/related";
import { buildExplainView } from "../../lib/lab/view";
import { annotate, renderTcpdump, type RenderableSegment } from "../../lib/tcp/index";
import { startServer, stopServer, tempDatabase } from "../load/server";
import { root } from "./harness";

const LINES = 10_000;
const RUNS = 25;
const WARM = 3;

/** A connection of LINES segments: handshake, request/response pairs with ACKs, and a close. */
export function labTrace(lines = LINES): string {
  const segs: RenderableSegment[] = [];
  let c = 0xfff0_0000;
  let s = 7_654_321;
  segs.push({ from: "client", flags: "S", seq: c, ack: null, len: 0 });
  segs.push({ from: "server", flags: "S.", seq: s, ack: (c + 1) >>> 0, len: 0 });
  c = (c + 1) >>> 0;
  s = (s + 1) >>> 0;
  segs.push({ from: "client", flags: ".", seq: c, ack: s, len: 0 });
  while (segs.length + 4 <= lines - 4) {
    const req = 100 + (segs.length % 200);
    segs.push({ from: "client", flags: "P.", seq: c, ack: s, len: req });
    c = (c + req) >>> 0;
    segs.push({ from: "server", flags: ".", seq: s, ack: c, len: 0 });
    segs.push({ from: "server", flags: "P.", seq: s, ack: c, len: 1448 });
    s = (s + 1448) >>> 0;
    segs.push({ from: "client", flags: ".", seq: c, ack: s, len: 0 });
  }
  while (segs.length < lines - 4) segs.push({ from: "client", flags: ".", seq: c, ack: s, len: 0 });
  segs.push({ from: "client", flags: "F.", seq: c, ack: s, len: 0 });
  segs.push({ from: "server", flags: ".", seq: s, ack: (c + 1) >>> 0, len: 0 });
  segs.push({ from: "server", flags: "F.", seq: s, ack: (c + 1) >>> 0, len: 0 });
  segs.push({ from: "client", flags: ".", seq: (c + 1) >>> 0, ack: (s + 1) >>> 0, len: 0 });
  return renderTcpdump(segs, { numbering: "relative" } as Parameters<typeof renderTcpdump>[1]);
}

function median(fn: () => unknown): number {
  for (let i = 0; i < WARM; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function medianAsync(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARM; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function runLabBench(): Promise<void> {
  const text = labTrace(LINES);
  const size = checkTraceSize(text);
  if (!size.ok) throw new Error(`bench trace refused: ${size.message.en}`);
  const bank: BankEntry[] = loadContent(path.join(root, "content")).items.map((i) => ({
    id: i.id, topic: i.topic, tags: i.tags, type: i.type, frequency: i.frequency, prompt: i.prompt,
  }));
  const t = getDictionary("en").lab;
  // React's production build, as the server runs it (loaded here, after NODE_ENV is settled).
  (process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { ExplainResults } = await import("../../components/lab/explain-results");

  const check = annotate(text);
  const view = buildExplainView(check, bank);
  const html = renderToString(createElement(ExplainResults, { view, t, locale: "en" }));

  const tEngine = median(() => annotate(text).segments.length);
  let jsonBytes = 0;
  const tServer = median(() => {
    const ok = checkTraceSize(text).ok;
    const v = buildExplainView(annotate(text), bank);
    jsonBytes = JSON.stringify(v).length;
    return ok;
  });
  const tLab = median(() => {
    checkTraceSize(text);
    const v = JSON.parse(JSON.stringify(buildExplainView(annotate(text), bank)));
    return renderToString(createElement(ExplainResults, { view: v, t, locale: "en" })).length;
  });

  let tHttp: number | null = null;
  let httpNote = "(no production build found: the HTTP figure was skipped; run `npm run build` first)";
  const dist = path.join(root, process.env.NEXT_DIST_DIR || ".next");
  if (fs.existsSync(path.join(dist, "BUILD_ID"))) {
    const child = await startServer(tempDatabase("bench-lab"));
    const port = child.port;
    try {
      const url = `http://127.0.0.1:${port}/api/lab/annotate`;
      const probe = await fetch(url, { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, body: "x" });
      if (probe.status === 404) httpNote = `(the build in ${path.relative(root, dist)} predates the lab's route: the HTTP figure was skipped)`;
      else tHttp = await medianAsync(async () => {
        const r = await fetch(url, { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, body: text });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return (await r.text()).length;
      });
    } finally {
      await stopServer(child);
    }
  }

  console.log(`\n## lab (${LINES.toLocaleString("en")}-line paste, ${(utf8Length(text) / 1024).toFixed(0)} KB; median of ${RUNS} after ${WARM} warm-ups)`);
  console.log(
    `annotated ${check.segments.length} segments, ${check.problems.length} problems, ${check.skipped.length} skipped; ` +
      `view ${(jsonBytes / 1024).toFixed(0)} KB of JSON; first render ${(html.length / 1024).toFixed(0)} KB of HTML (100 table rows, 12-segment ladder)`,
  );
  const rows = [
    { measure: "engine: annotate() alone", ms: +tEngine.toFixed(1), ratio: 1 },
    { measure: "lab server: limits + annotate + view + JSON", ms: +tServer.toFixed(1), ratio: +(tServer / tEngine).toFixed(2) },
    { measure: "lab: server work + first render of results", ms: +tLab.toFixed(1), ratio: +(tLab / tEngine).toFixed(2) },
    ...(tHttp !== null ? [{ measure: "lab over HTTP: POST /api/lab/annotate", ms: +tHttp.toFixed(1), ratio: +(tHttp / tEngine).toFixed(2) }] : []),
  ];
  console.table(rows);
  if (tHttp === null) console.log(httpNote);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLabBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
