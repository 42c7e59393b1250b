/**
 * What the practice page shows of a question (never its answer) and how an answer is checked.
 * Pure: the drawn parameters (option order, ISNs, payload lengths) come from `rand`, which the
 * server seeds from the session so a reload shows the same numbers and the check recomputes
 * them. Engine types are graded by the engine, never by comparing strings.
 */
import type { Item, ItemType, TraceItem, TransferCalc } from "@/lib/content/schema";
import { labEventStrings } from "@/lib/i18n/features/lab-events";
import { SEND_KINDS, TCP_STATES, type SendKind, type SimStep, type TcpState } from "@/lib/tcp";
import type { Lang } from "@/lib/tcp";
import { drawTransfer, PHASE_LABELS, PHASES, transferFieldCorrect } from "@/lib/content/transfer";
import { sequenceInstance, stateAnswer, traceAnswer } from "./engine-answers";
import { openFeedback, type OpenFeedback } from "./feedback";
import { gradeItem } from "./grade";
import { suggestRating, suggestRatingFromVerdict } from "./rating";
import type { Rating } from "./types";

/** Seconds a prepared candidate needs, by type (scaled by difficulty), for the suggested rating. */
const EXPECTED_SECONDS: Record<ItemType, number> = {
  flashcard: 20,
  single: 25,
  multiple: 40,
  ordering: 45,
  state: 30,
  sequence: 60,
  trace: 60,
  open: 120,
  transfer: 90,
};

export function expectedMs(item: Pick<Item, "type" | "difficulty">): number {
  return EXPECTED_SECONDS[item.type] * 1000 * (0.75 + 0.25 * item.difficulty);
}

/** A ladder row for the client: `null` seq/ack are the blanks to fill. */
export interface LadderRow {
  from: "client" | "server";
  flags: string;
  seq: number | null;
  ack: number | null;
  len: number;
  client: string;
  server: string;
  lost?: boolean;
  retransmission?: boolean;
}

export type Presented =
  | { type: "flashcard" }
  | { type: "open" }
  | { type: "single" | "multiple"; options: { id: string; text: string }[] }
  | { type: "ordering"; steps: { key: number; text: string }[] }
  | { type: "state"; state: TcpState; event: string; origin?: string; states: readonly string[]; sends: readonly SendKind[] }
  | { type: "sequence"; iss: { client: number; server: number }; rows: LadderRow[]; blanks: { segment: number; field: "seq" | "ack" }[] }
  | {
      type: "trace";
      lines: string[];
      ask: { kind: "states"; line: number } | { kind: "impossible" } | { kind: "ack"; line: number } | { kind: "event"; line: number };
      states: readonly string[];
      /** ask kind "event": the events to choose among, named in the learner's language */
      events?: { id: string; label: string }[];
    }
  | {
      type: "transfer";
      kind: TransferCalc["kind"];
      given: string[];
      /** incident: the host's tables and the handler, preformatted */
      exhibit?: string;
      handler?: string;
      fields: { key: string; label: string; kind: "number" | "phase" | "choice"; options?: { id: string; label: string }[] }[];
      phases: { id: string; label: string }[];
    };

export interface PresentedItem {
  itemId: string;
  topic: string;
  prompt: string;
  presented: Presented;
}

function shuffle<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function rows(steps: SimStep[], blanks: { segment: number; field: "seq" | "ack" }[]): LadderRow[] {
  return steps.map((s, i) => ({
    from: s.from,
    flags: s.flags,
    seq: blanks.some((b) => b.segment === i && b.field === "seq") ? null : s.seq,
    ack: blanks.some((b) => b.segment === i && b.field === "ack") ? null : s.ack,
    len: s.len,
    client: s.client,
    server: s.server,
    lost: s.fate === "dropped" || undefined,
    retransmission: s.retransmission || undefined,
  }));
}

/**
 * A trace question as shown: every line, except for an ack question, which shows the lines up to
 * the asked one, that line's ack masked (the lines after it would give the answer away).
 */
function presentTrace(item: TraceItem, lang: Lang): Presented {
  const lines = item.trace.replace(/\n+$/, "").split("\n");
  const ask = item.ask;
  if (ask.kind === "ack") {
    const shown = lines.slice(0, ask.line);
    shown[ask.line - 1] = (shown[ask.line - 1] ?? "").replace(/\back \d+/, "ack ?");
    return { type: "trace", lines: shown, ask: { kind: "ack", line: ask.line }, states: TCP_STATES };
  }
  if (ask.kind === "event") {
    const names = labEventStrings(lang).events;
    return { type: "trace", lines, ask: { kind: "event", line: ask.line }, states: TCP_STATES, events: ask.options.map((e) => ({ id: e, label: names[e].name })) };
  }
  return { type: "trace", lines, ask, states: TCP_STATES };
}

export function presentItem(item: Item, lang: Lang, rand: () => number): PresentedItem {
  const base = { itemId: item.id, topic: item.topic, prompt: item.prompt[lang] };
  switch (item.type) {
    case "flashcard":
    case "open":
      return { ...base, presented: { type: item.type } };
    case "single":
    case "multiple":
      return { ...base, presented: { type: item.type, options: shuffle(item.options, rand).map((o) => ({ id: o.id, text: o.text[lang] })) } };
    case "ordering": {
      let order = shuffle(item.steps.map((_, i) => i), rand);
      if (order.every((k, i) => k === i) && order.length > 1) order = [...order.slice(1), order[0]];
      return { ...base, presented: { type: "ordering", steps: order.map((k) => ({ key: k, text: item.steps[k].text[lang] })) } };
    }
    case "state":
      return { ...base, presented: { type: "state", state: item.state, event: item.event, origin: item.origin, states: TCP_STATES, sends: SEND_KINDS } };
    case "sequence": {
      const inst = sequenceInstance(item, rand);
      return {
        ...base,
        presented: {
          type: "sequence",
          iss: { client: inst.options.iss?.client ?? 0, server: inst.options.iss?.server ?? 0 },
          rows: rows(inst.steps, item.blanks),
          blanks: item.blanks,
        },
      };
    }
    case "transfer": {
      const inst = drawTransfer(item.calc, rand);
      return {
        ...base,
        presented: {
          type: "transfer",
          kind: inst.kind,
          given: inst.given.map((g) => g[lang]),
          ...(inst.exhibit ? { exhibit: inst.exhibit[lang] } : {}),
          ...(inst.handler ? { handler: inst.handler[lang] } : {}),
          fields: inst.fields.map((f) => ({
            key: f.key,
            label: f.label[lang],
            kind: f.kind,
            ...(f.options ? { options: f.options.map((o) => ({ id: o.id, label: o.label[lang] })) } : {}),
          })),
          phases: PHASES.map((id) => ({ id, label: PHASE_LABELS[id][lang] })),
        },
      };
    }
    case "trace":
      return { ...base, presented: presentTrace(item, lang) };
  }
}

export type Answer =
  | { type: "flashcard" }
  | { type: "open"; text: string }
  | { type: "single"; choice: string }
  | { type: "multiple"; choices: string[] }
  | { type: "ordering"; order: number[] }
  | { type: "state"; next: string; send: string[] }
  | { type: "sequence"; values: number[] }
  | { type: "trace"; client?: string; server?: string; line?: number; ack?: number; event?: string }
  | { type: "transfer"; values: Record<string, number | string> };

export interface CheckResult {
  /** null for self-rated flashcards */
  correct: boolean | null;
  suggested: Rating | null;
  /** the model answer and explanation, in the learner's language */
  answer: string | null;
  explanation: string;
  misconception: string | null;
  detail:
    | { type: "none" }
    | { type: "options"; correct: string[]; why: Record<string, string> }
    | { type: "ordering"; correctOrder: number[]; steps: string[] }
    | { type: "state"; expected: { next: string; send: string[] } | { rejected: string; send: string[] }; reason: string; rule: string; rows: LadderRow[] }
    | { type: "sequence"; expected: number[]; rows: LadderRow[] }
    | {
        type: "trace";
        expected: { client: string; server: string } | { line: number | null } | { ack: number | null } | { event: string[] };
        problems: string[];
        rows: LadderRow[];
      }
    | ({ type: "open" } & OpenFeedback)
    | {
        type: "transfer";
        fields: { key: string; label: string; expected: string; correct: boolean }[];
        steps: string[];
        chart: { label: string; cwnd: number; ssthresh: number }[] | null;
      };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

/** One arrow per segment of a transition: what arrives (for rcv_* events), then what is sent. */
function transitionRows(state: string, event: string, next: string, send: string[]): LadderRow[] {
  const FLAGS: Record<string, string> = { SYN: "S", SYN_ACK: "S.", ACK: ".", FIN: "F.", RST: "R", DATA: "P." };
  const inbound: Record<string, string> = { rcv_syn: "S", rcv_syn_ack: "S.", rcv_ack: ".", rcv_fin: "F.", rcv_fin_ack: "F.", rcv_rst: "R", rcv_data: "P." };
  const out: LadderRow[] = [];
  if (inbound[event]) out.push({ from: "server", flags: inbound[event], seq: null, ack: null, len: event === "rcv_data" ? 1 : 0, client: next, server: "" });
  for (const s of send) out.push({ from: "client", flags: FLAGS[s] ?? s, seq: null, ack: null, len: s === "DATA" ? 1 : 0, client: next, server: "" });
  if (out.length === 0) out.push({ from: "client", flags: "—", seq: null, ack: null, len: 0, client: next, server: "" });
  void state; // the initial state is shown by the ladder's heading
  return out;
}

export function checkAnswer(item: Item, answer: Answer, ctx: { lang: Lang; rand: () => number; responseMs: number }): CheckResult {
  const lang = ctx.lang;
  const common = {
    answer: item.answer ? item.answer[lang] : null,
    explanation: item.explanation[lang],
    misconception: item.misconception ? item.misconception[lang] : null,
  };
  const timing = { responseMs: ctx.responseMs, expectedMs: expectedMs(item) };
  const judged = (correct: boolean) => ({ correct, suggested: suggestRating({ correct, ...timing }) });
  if (answer.type !== item.type) throw new TypeError(`answer of type ${answer.type} for a ${item.type} question`);

  switch (item.type) {
    case "flashcard":
      return { ...common, correct: null, suggested: null, detail: { type: "none" } };
    case "single":
    case "multiple": {
      const correct = Array.isArray(item.correct) ? item.correct : [item.correct];
      const chosen = answer.type === "single" ? [answer.choice] : answer.type === "multiple" ? answer.choices : [];
      const why = Object.fromEntries(item.options.filter((o) => o.why).map((o) => [o.id, o.why![lang]]));
      return { ...common, ...judged(sameSet(chosen, correct)), detail: { type: "options", correct, why } };
    }
    case "ordering": {
      const order = answer.type === "ordering" ? answer.order : [];
      const ok = order.length === item.steps.length && order.every((k, i) => k === i);
      return { ...common, ...judged(ok), detail: { type: "ordering", correctOrder: item.steps.map((_, i) => i), steps: item.steps.map((s) => s.text[lang]) } };
    }
    case "state": {
      const r = stateAnswer(item);
      const a = answer.type === "state" ? answer : { next: "", send: [] };
      const ok = r.ok ? a.next === r.next && sameSet(a.send, r.send) : a.next === "REJECTED" && sameSet(a.send, r.send);
      return {
        ...common,
        ...judged(ok),
        detail: {
          type: "state",
          expected: r.ok ? { next: r.next, send: r.send } : { rejected: r.message[lang], send: r.send },
          reason: r.ok ? r.reason[lang] : r.message[lang],
          rule: r.rule,
          rows: transitionRows(item.state, item.event, r.ok ? r.next : item.state, r.send),
        },
      };
    }
    case "sequence": {
      const inst = sequenceInstance(item, ctx.rand);
      const values = answer.type === "sequence" ? answer.values : [];
      const expected = inst.blanks.map((b) => b.value);
      const ok = values.length === expected.length && values.every((v, i) => (v >>> 0) === (expected[i] >>> 0));
      return { ...common, ...judged(ok), detail: { type: "sequence", expected, rows: rows(inst.steps, []) } };
    }
    case "trace": {
      const t = traceAnswer(item);
      const a: { client?: string; server?: string; line?: number; ack?: number; event?: string } = answer.type === "trace" ? answer : {};
      const ok =
        t.kind === "states"
          ? a.client === t.client && a.server === t.server
          : t.kind === "impossible"
            ? (a.line ?? null) === t.line
            : t.kind === "ack"
              ? t.ack !== null && a.ack !== undefined && a.ack >>> 0 === t.ack
              : a.event !== undefined && (t.events as string[]).includes(a.event);
      const ann = t.annotation;
      // an ack question shows the capture up to its line only: so does the ladder of its answer
      const shown = item.ask.kind === "ack" ? ann.segments.filter((s) => s.line <= t.line!) : ann.segments;
      return {
        ...common,
        ...judged(ok),
        detail: {
          type: "trace",
          expected:
            t.kind === "states"
              ? { client: t.client, server: t.server }
              : t.kind === "impossible"
                ? { line: t.line }
                : t.kind === "ack"
                  ? { ack: t.ack }
                  : { event: t.events.map((e) => labEventStrings(lang).events[e].name) },
          problems: ann.problems.map((p) => (p.line !== undefined ? `${p.line}: ${p.message[lang]}` : p.message[lang])),
          rows: shown.map((s) => ({ from: s.from, flags: s.flags, seq: s.seq, ack: s.ack, len: s.len, client: s.client, server: s.server })),
        },
      };
    }
    case "transfer": {
      const inst = drawTransfer(item.calc, ctx.rand);
      const values = answer.type === "transfer" ? answer.values : {};
      const fields = inst.fields.map((f) => {
        const exp = inst.expected[f.key];
        const given = Object.prototype.hasOwnProperty.call(values, f.key) ? values[f.key] : undefined;
        const shown =
          f.kind === "phase"
            ? PHASE_LABELS[exp as (typeof PHASES)[number]][lang]
            : f.kind === "choice"
              ? (f.options?.find((o) => o.id === exp)?.label[lang] ?? String(exp))
              : String(exp);
        return { key: f.key, label: f.label[lang], expected: shown, correct: transferFieldCorrect(f, exp, given) };
      });
      return {
        ...common,
        ...judged(fields.every((f) => f.correct)),
        detail: { type: "transfer", fields, steps: inst.steps.map((x) => x[lang]), chart: inst.chart ?? null },
      };
    }
    case "open": {
      const text = answer.type === "open" ? answer.text : "";
      const r = gradeItem(item, text, lang);
      return {
        ...common,
        correct: r.verdict === "correct",
        suggested: suggestRatingFromVerdict(r.verdict, timing),
        detail: { type: "open", ...openFeedback(item, text, r, lang) },
      };
    }
  }
}
