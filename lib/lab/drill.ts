/**
 * "Drill this capture" (issue 21, point 3): questions generated from one explained capture, each
 * an engine-graded trace question (lib/content/schema.ts traceItem) whose answer the engine
 * recomputes from the capture every time it is checked (lib/grading/engine-answers.ts):
 *
 * - states: the state of both ends after a line where one of them changes state;
 * - ack: the ack number a line carries, the line shown masked and the lines after it hidden
 *   (only where the engine's reading gives the number the capture shows);
 * - impossible: the line that cannot happen — the capture's own first flagged line, or, when the
 *   engine flags nothing, a copy of the capture with one line's ack moved beyond anything its peer
 *   sent (RFC 9293 §3.10.7.4: "If the ACK acks something not yet sent ... drop the segment"),
 *   kept only when the engine flags exactly that line;
 * - event: what a line the engine flags with a TCP analysis event (retransmission, duplicate ACK,
 *   zero window, ...) shows, among a few of the other events.
 *
 * Pure: no database, no randomness (the same capture gives the same questions).
 */
import { ACK, FIN, RST, SYN } from "@/lib/tcp";
import { annotateColumns, toAnnotation, type AnnotatedColumns } from "@/lib/tcp/annotate";
import { TCP_EVENTS, type TcpEvent } from "@/lib/tcp/events";
import type { Annotation, Bilingual } from "@/lib/tcp";
import { traceItem, type TraceItem } from "@/lib/content/schema";
import { expectedAck } from "@/lib/grading/engine-answers";
import { labEventStrings } from "@/lib/i18n/features/lab-events";
import { checkTraceSize, countLines } from "./limits";

/** A capture drilled is at most this many lines and bytes: each question shows it whole. */
export const MAX_DRILL_LINES = 300;
export const MAX_DRILL_BYTES = 64 * 1024;
/** Questions made from one capture, at most; per kind below. */
export const MAX_QUESTIONS = 12;
const MAX_STATES = 4;
const MAX_ACKS = 3;
const MAX_EVENTS = 4;
/** options shown with an event question (the right one among them) */
const EVENT_OPTIONS = 4;

export type DrillKind = "states" | "ack" | "impossible" | "event";

/** A generated question: a trace item without an id (the store gives it one), and its kind. */
export interface DrillQuestion {
  kind: DrillKind;
  /** the trace when it is not the capture itself (a generated impossible variant) */
  variant: boolean;
  item: Omit<TraceItem, "id">;
}

export type DrillResult =
  | { ok: true; questions: DrillQuestion[]; segments: number }
  | { ok: false; code: "too_large" | "no_connection"; message: Bilingual };

const SIDE: Record<"client" | "server", Bilingual> = { client: { en: "client", zh: "客户端" }, server: { en: "server", zh: "服务端" } };

/** Whether the capture is small enough to drill, and why not. */
export function checkDrillSize(text: string): { ok: true } | { ok: false; message: Bilingual } {
  const size = checkTraceSize(text);
  const lines = countLines(text);
  if (size.ok && size.bytes <= MAX_DRILL_BYTES && lines <= MAX_DRILL_LINES) return { ok: true };
  const kb = (size.bytes / 1024).toFixed(1);
  return {
    ok: false,
    message: {
      en: `This capture is too large to drill: ${lines.toLocaleString("en")} lines, ${kb} KB. Questions are made from captures of at most ${MAX_DRILL_LINES} lines and ${MAX_DRILL_BYTES / 1024} KB (one connection, e.g. tcpdump -c 100 "host A and port P"); the explainer still reads it.`,
      zh: `这个抓包太大，无法生成练习题：${lines.toLocaleString("en")} 行，${kb} KB。生成题目的抓包最多 ${MAX_DRILL_LINES} 行、${MAX_DRILL_BYTES / 1024} KB（只抓一条连接，例如 tcpdump -c 100 "host A and port P"）；解释器仍然可以读取它。`,
    },
  };
}

const base = (prompt: Bilingual, explanation: Bilingual, references: TraceItem["references"]) => ({
  topic: "tcpdump" as const,
  tags: ["my-capture"],
  difficulty: 2,
  frequency: 1,
  prompt,
  explanation,
  keyPoints: [],
  followUps: [],
  references,
  misconceptions: [],
  type: "trace" as const,
});

function endpoints(a: Annotation): Bilingual {
  const c = a.client ?? "?";
  const s = a.server ?? "?";
  return { en: `client ${c}, server ${s}`, zh: `客户端 ${c}，服务端 ${s}` };
}

/** The first line (1-based) the engine flags, or Infinity. */
function firstProblemLine(a: Annotation): number {
  let first = Infinity;
  for (const p of a.problems) {
    const line = p.line ?? a.segments[p.index]?.line;
    if (line !== undefined && line < first) first = line;
  }
  return first;
}

/** `n` of `xs`, spread evenly and in order (all of them when there are few). */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, k) => xs[Math.floor((k * xs.length) / n)]);
}

function statesQuestions(a: Annotation, before: number): DrillQuestion[] {
  const who = endpoints(a);
  const changes = a.segments.filter((s, i) => s.line < before && (i === 0 || s.client !== a.segments[i - 1].client || s.server !== a.segments[i - 1].server));
  return spread(changes, MAX_STATES).map((s) => ({
    kind: "states",
    variant: false,
    item: {
      ...base(
        {
          en: `Your capture (${who.en}): what state is each side in after line ${s.line}?`,
          zh: `你的抓包（${who.zh}）：第 ${s.line} 行之后，双方各处于什么状态？`,
        },
        {
          en: `Replaying both ends through line ${s.line}, the engine has the client in ${s.client} and the server in ${s.server}: each side moves only on what it sends and what it has received by then.`,
          zh: `引擎重放两端直到第 ${s.line} 行：客户端处于 ${s.client}，服务端处于 ${s.server}。每一端只根据自己发出的和此时已经收到的报文改变状态。`,
        },
        [{ source: "RFC 9293", section: "3.3.2" }],
      ),
      trace: "",
      ask: { kind: "states", line: s.line },
    },
  }));
}

function ackQuestions(cols: AnnotatedColumns, a: Annotation, before: number): DrillQuestion[] {
  const { flags } = cols.cols;
  const candidates: { i: number; rank: number }[] = [];
  const lastAck = [-1, -1];
  for (let i = 0; i < cols.n; i++) {
    const s = a.segments[i];
    if (s.line >= before) break;
    const from = cols.from[i];
    const shown = s.ack;
    const prev = lastAck[from];
    if (shown !== null) lastAck[from] = shown;
    if (shown === null || flags[i] & (SYN | RST) || !(flags[i] & ACK)) continue;
    const expected = expectedAck(cols, i);
    if (expected === null || expected !== shown) continue;
    // the telling ones: a duplicate ACK (data beyond a hole), an ACK that moves on, one of a FIN
    const dup = s.events.includes("dup_ack");
    const moved = prev !== shown;
    if (!dup && !moved) continue;
    candidates.push({ i, rank: dup ? 0 : flags[i] & FIN ? 1 : 2 });
  }
  const chosen = [...candidates].sort((x, y) => x.rank - y.rank || x.i - y.i).slice(0, MAX_ACKS).sort((x, y) => x.i - y.i);
  return chosen.map(({ i }) => {
    const s = a.segments[i];
    const me = SIDE[s.from];
    const peer = SIDE[s.from === "client" ? "server" : "client"];
    return {
      kind: "ack" as const,
      variant: false,
      item: {
        ...base(
          {
            en: `Your capture, up to line ${s.line} (sent by the ${me.en}; the lines after it are hidden): what ack number does line ${s.line} carry? Answer in the numbering the capture prints.`,
            zh: `你的抓包，显示到第 ${s.line} 行（由${me.zh}发出，之后的行已隐藏）：第 ${s.line} 行携带的确认号 ack 是多少？按抓包打印的编号作答。`,
          },
          {
            en: `The ack is the ${me.en}'s RCV.NXT: the next byte it expects, past everything the ${peer.en} sent that has arrived in order (SYN and FIN count one). Data that arrived beyond a hole is kept but not acknowledged cumulatively, so the ack stays at the hole (a duplicate ACK); a lost segment is not counted.`,
            zh: `ack 就是${me.zh}的 RCV.NXT：它期望的下一个字节，即${peer.zh}发来且已按序到达的全部数据之后（SYN 和 FIN 各占一个序号）。越过空洞到达的数据会被保存，但不会被累计确认，所以 ack 停在空洞处（重复 ACK）；丢失的报文不算。`,
          },
          [
            { source: "RFC 9293", section: "3.10.7.4" },
            { source: "RFC 5681", section: "4.2" },
          ],
        ),
        trace: "",
        ask: { kind: "ack" as const, line: s.line },
      },
    };
  });
}

function impossibleFromProblem(a: Annotation, line: number): DrillQuestion {
  const p = a.problems.find((q) => (q.line ?? a.segments[q.index]?.line) === line)!;
  return {
    kind: "impossible",
    variant: false,
    item: {
      ...base(
        {
          en: "Your capture: which line cannot happen, if any? Replay both ends line by line.",
          zh: "你的抓包：哪一行不可能发生（如果有）？逐行重放两端来判断。",
        },
        {
          en: `The engine flags line ${line}: ${p.message.en}`,
          zh: `引擎标出第 ${line} 行：${p.message.zh}`,
        },
        [{ source: "RFC 9293", section: "3.10.7" }],
      ),
      trace: "",
      ask: { kind: "impossible" },
    },
  };
}

/** Replace the ack number on one line of `text` (1-based), or null when it prints none. */
function withAck(text: string, line: number, ack: number): string | null {
  const lines = text.split("\n");
  const l = lines[line - 1];
  if (l === undefined || !/\back \d+/.test(l)) return null;
  lines[line - 1] = l.replace(/\back \d+/, `ack ${ack >>> 0}`);
  return lines.join("\n");
}

/**
 * A copy of the capture made impossible at one line: a pure ACK (after the handshake, from the
 * side that receives data) acknowledging 100,000 bytes past anything its peer sent. Kept only when
 * the engine flags that very line first. Tries the candidate lines from the middle outwards.
 */
function impossibleVariant(text: string, a: Annotation): DrillQuestion | null {
  const lines = a.segments.filter((s) => s.ack !== null && !/[SR]/.test(s.flags) && s.client !== "SYN_SENT" && s.server !== "SYN_RECEIVED");
  const mid = lines.length / 2;
  const order = [...lines].sort((x, y) => Math.abs(x.index - mid) - Math.abs(y.index - mid) || x.index - y.index).slice(0, 6);
  for (const s of order) {
    const forged = withAck(text, s.line, (s.ack! + 100_000) >>> 0);
    if (forged === null) continue;
    const b = toAnnotation(annotateColumns(forged));
    const first = firstProblemLine(b);
    const p = b.problems.find((q) => (q.line ?? b.segments[q.index]?.line) === first);
    if (first !== s.line || !p || p.code !== "ack_of_unsent") continue;
    return {
      kind: "impossible",
      variant: true,
      item: {
        ...base(
          {
            en: "A copy of your capture with one line altered so that it cannot happen: which line is it?",
            zh: "这是你的抓包的一个副本，其中一行被改得不可能发生：是哪一行？",
          },
          {
            en: `Line ${s.line} was altered to acknowledge ${100_000} bytes beyond anything its peer sent. The engine flags it: ${p.message.en} (RFC 9293 §3.10.7.4: an ACK of something not yet sent is answered with an ACK and dropped.)`,
            zh: `第 ${s.line} 行被改成确认了比对端发送过的数据多 ${100_000} 字节。引擎标出它：${p.message.zh}（RFC 9293 §3.10.7.4：确认了尚未发送的数据的 ACK，会被回一个 ACK 并丢弃。）`,
          },
          [{ source: "RFC 9293", section: "3.10.7.4" }],
        ),
        trace: forged,
        ask: { kind: "impossible" },
      },
    };
  }
  return null;
}

function eventQuestions(a: Annotation, before: number): DrillQuestion[] {
  const en = labEventStrings("en").events;
  const zh = labEventStrings("zh").events;
  const firstOf = new Map<TcpEvent, number>();
  for (const s of a.segments) {
    if (s.line >= before) break;
    for (const e of s.events) if (!firstOf.has(e)) firstOf.set(e, s.index);
  }
  const out: DrillQuestion[] = [];
  for (const [event, index] of [...firstOf].slice(0, MAX_EVENTS)) {
    const s = a.segments[index];
    // the right event and the next ones in TCP_EVENTS order that this line does not carry
    const others = TCP_EVENTS.filter((e) => !s.events.includes(e));
    const at = TCP_EVENTS.indexOf(event);
    const distractors = [...others.filter((e) => TCP_EVENTS.indexOf(e) > at), ...others.filter((e) => TCP_EVENTS.indexOf(e) < at)].slice(0, EVENT_OPTIONS - 1);
    const options = [event, ...distractors].sort((x, y) => ((TCP_EVENTS.indexOf(x) * 7) % 13) - ((TCP_EVENTS.indexOf(y) * 7) % 13));
    out.push({
      kind: "event",
      variant: false,
      item: {
        ...base(
          {
            en: `Your capture: the engine flags line ${s.line} with a TCP analysis event (Wireshark's terms). Which one, and what does it mean there?`,
            zh: `你的抓包：引擎给第 ${s.line} 行标了一个 TCP 分析事件（Wireshark 的术语）。是哪一个？它在这里说明什么？`,
          },
          {
            en: `Line ${s.line}: ${en[event].name}. ${en[event].explain}`,
            zh: `第 ${s.line} 行：${zh[event].name}。${zh[event].explain}`,
          },
          [{ source: "Wireshark User's Guide", section: "TCP Analysis", url: "https://www.wireshark.org/docs/wsug_html_chunked/ChAdvTCPAnalysis.html" }],
        ),
        trace: "",
        ask: { kind: "event", line: s.line, options },
      },
    });
  }
  return out;
}

/**
 * The questions of one capture (tcpdump text, or a pcap/pcapng already read into that text by
 * lib/tcp/pcap.ts). Every one is checked by the engine here before it is returned: its answer is
 * defined (traceAnswer does not throw) and it passes the item schema.
 */
export function drillCapture(text: string): DrillResult {
  const size = checkDrillSize(text);
  if (!size.ok) return { ok: false, code: "too_large", message: size.message };
  const cols = annotateColumns(text);
  const a = toAnnotation(cols);
  if (a.segments.length < 2) {
    return {
      ok: false,
      code: "no_connection",
      message: {
        en: "The engine found no TCP connection to ask about in this capture (it needs at least two segments of one connection).",
        zh: "引擎在这个抓包中没有找到可以出题的 TCP 连接（至少需要同一连接的两个报文段）。",
      },
    };
  }
  const before = firstProblemLine(a);
  const questions: DrillQuestion[] = [
    ...statesQuestions(a, before),
    ...ackQuestions(cols, a, before),
    ...(before !== Infinity ? [impossibleFromProblem(a, before)] : [impossibleVariant(text, a)].filter((q): q is DrillQuestion => q !== null)),
    ...eventQuestions(a, before),
  ];
  const checked = questions
    .map((q) => ({ ...q, item: { ...q.item, trace: q.variant ? q.item.trace : text } }))
    .filter((q) => traceItem.safeParse({ ...q.item, id: "drill" }).success)
    .slice(0, MAX_QUESTIONS);
  return { ok: true, questions: checked, segments: a.segments.length };
}

/**
 * Ids of personal items: `cap_<capture id>_<n>`. The underscore never occurs in a bank item's id
 * (a kebab-case slug), so the two can never collide.
 */
export const PERSONAL_PREFIX = "cap_";
export const isPersonalItemId = (id: string): boolean => id.startsWith(PERSONAL_PREFIX);
export const personalItemId = (captureId: string, n: number): string => `${PERSONAL_PREFIX}${captureId}_${n}`;
