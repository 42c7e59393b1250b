/**
 * The single source of truth for what a question is. Types are inferred from it.
 *
 * Engine-computed types (state, sequence, trace, and ordering with `engine`) carry
 * only the parameters of the question: the app asks lib/tcp for the answer. An
 * optional hand-written expectation (`expect`) is compared with the engine by
 * `npm run content:check`, never shown as the answer.
 */
import { z } from "zod";
import { SEND_KINDS, TCP_EVENTS, TCP_STATES } from "@/lib/tcp/types";
import { INCIDENT_CAUSES } from "@/lib/tcp/incident";
import { TCP_EVENTS as ANALYSIS_EVENTS } from "@/lib/tcp/events";
import { TOPIC_IDS } from "./topics";
import { parseClaim } from "@/lib/grading/claims";

const HAN = /\p{Script=Han}/u;

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slug = z.string().regex(SLUG, { error: "must be a kebab-case slug (a-z, 0-9, -)" });

const text = z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" });

/** A short bilingual label (option, step): both languages present, no script rule. */
export const bilingual = z.strictObject({ zh: text, en: text });

/** Bilingual prose (prompt, answer, explanation): Chinese must contain Chinese, English must not. */
export const prose = z.strictObject({
  zh: text.refine((s) => HAN.test(s), { error: "Chinese text must contain Chinese characters" }),
  en: text.refine((s) => !HAN.test(s), { error: "English text must not contain Chinese characters" }),
});

/** A claim expression of the grader (lib/grading/claims.ts): concept ids of the lexicon joined by ` + `. */
const claim = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .superRefine((s, ctx) => {
    try {
      parseClaim(s);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
    }
  });

/**
 * One claim a good answer makes (docs/contracts.md, lib/grading/claims.ts): any of `claims` makes it.
 * `ask` is the follow-up a human interviewer asks when the point is missing. An `optional` point counts
 * towards coverage but an answer without it can still be correct.
 */
export const keyPoint = z.strictObject({
  id: slug,
  label: bilingual,
  ask: prose,
  claims: z.array(claim).min(1, { error: "needs at least one claim" }),
  optional: z.boolean().default(false),
});

export const reference = z
  .strictObject({
    source: text, // "RFC 9293", "RFC 6528", "Linux ip-sysctl", "tcpdump(8)"
    section: text.optional(), // "3.6.1"
    key: text.optional(), // a sysctl name, e.g. "tcp_fin_timeout"
    url: z.url({ error: "must be a URL" }).optional(),
  })
  .refine((r) => r.section !== undefined || r.key !== undefined || r.url !== undefined, {
    error: "give a section, a key or a url",
  });

/**
 * A wrong claim the item corrects, as the grader detects it: an answer that asserts it is never
 * correct. `label` states the wrong claim, `correction` says why it is wrong, `challenge` is the mock
 * interviewer's pointed follow-up, `references` the source of the correction.
 */
export const misconceptionClaim = z.strictObject({
  id: slug,
  label: bilingual,
  correction: prose,
  challenge: prose,
  claims: z.array(claim).min(1, { error: "needs at least one claim" }),
  references: z.array(reference).min(1, { error: "cite the source of the correction" }),
});

const level = z.int().min(1, { error: "must be 1, 2 or 3" }).max(3, { error: "must be 1, 2 or 3" });

export const tcpState = z.enum(TCP_STATES);
export const tcpEvent = z.enum(TCP_EVENTS);
export const sendKind = z.enum(SEND_KINDS);
export const side = z.enum(["client", "server"]);
/** a scenario name from lib/tcp's listScenarios() */
export const scenarioName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "must be a scenario name from listScenarios()" });

const base = {
  id: slug,
  topic: z.enum(TOPIC_IDS),
  tags: z.array(slug).default([]),
  difficulty: level,
  frequency: level,
  prompt: prose,
  answer: prose,
  explanation: prose,
  keyPoints: z.array(keyPoint).default([]),
  followUps: z.array(slug).default([]),
  references: z.array(reference).min(1, { error: "cite at least one reference" }),
  misconception: prose.optional(),
  misconceptions: z.array(misconceptionClaim).default([]),
};

/** Answers the engine computes: the hand-written answer text is optional. */
const engineBase = { ...base, answer: prose.optional() };

const option = z.strictObject({
  id: slug,
  text: bilingual,
  /** why this option is wrong; required for every wrong option */
  why: prose.optional(),
});

function checkOptions(
  item: { options: { id: string; why?: unknown }[]; correct: string | string[] },
  ctx: z.RefinementCtx,
) {
  const ids = item.options.map((o) => o.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: ["options", i, "id"], message: `duplicate option id "${id}"` });
  });
  const correct = Array.isArray(item.correct) ? item.correct : [item.correct];
  correct.forEach((c, i) => {
    if (!ids.includes(c))
      ctx.addIssue({
        code: "custom",
        path: Array.isArray(item.correct) ? ["correct", i] : ["correct"],
        message: `"${c}" is not an option id`,
      });
  });
  item.options.forEach((o, i) => {
    if (!correct.includes(o.id) && o.why === undefined)
      ctx.addIssue({ code: "custom", path: ["options", i, "why"], message: "a wrong option must say why it is wrong" });
  });
}

export const flashcardItem = z.strictObject({ ...base, type: z.literal("flashcard") });

export const singleItem = z
  .strictObject({
    ...base,
    type: z.literal("single"),
    options: z.array(option).min(2, { error: "needs at least 2 options" }),
    correct: slug,
  })
  .superRefine(checkOptions);

export const multipleItem = z
  .strictObject({
    ...base,
    type: z.literal("multiple"),
    options: z.array(option).min(3, { error: "needs at least 3 options" }),
    correct: z.array(slug).min(1, { error: "needs at least one correct option" }),
  })
  .superRefine(checkOptions);

export const orderingStep = z.strictObject({
  text: bilingual,
  /** the state this step leads to, for engine-verified state sequences */
  state: tcpState.optional(),
});

export const faultSchema = z.strictObject({
  segment: z.int().min(0),
  kind: z.enum(["drop", "delay", "duplicate"]),
});

/** Steps are written in the correct order; the app shuffles them. */
export const orderingItem = z
  .strictObject({
    ...base,
    type: z.literal("ordering"),
    steps: z.array(orderingStep).min(3, { error: "needs at least 3 steps" }),
    /** when present, the steps' `state`s must be the states `side` goes through in `simulate(scenario)` */
    engine: z
      .strictObject({ scenario: scenarioName, side, faults: z.array(faultSchema).optional() })
      .optional(),
  })
  .superRefine((item, ctx) => {
    if (!item.engine) return;
    item.steps.forEach((s, i) => {
      if (s.state === undefined)
        ctx.addIssue({ code: "custom", path: ["steps", i, "state"], message: "an engine-verified step needs a state" });
    });
  });

export const stateItem = z.strictObject({
  ...engineBase,
  type: z.literal("state"),
  state: tcpState,
  event: tcpEvent,
  origin: z.enum(["passive", "active"]).optional(),
  /** hand-written expectation, checked against transition(); never shown as the answer */
  expect: z
    .union([
      z.strictObject({ next: tcpState, send: z.array(sendKind) }),
      z.strictObject({ rejected: scenarioName, send: z.array(sendKind) }),
    ])
    .optional(),
});

const range = z
  .strictObject({ count: z.int().min(1).max(5), min: z.int().min(1), max: z.int().min(1).max(1460) })
  .refine((r) => r.min <= r.max, { error: "min must not exceed max" });

export const sequenceItem = z.strictObject({
  ...engineBase,
  type: z.literal("sequence"),
  scenario: scenarioName,
  /** how many data segments each side sends and their lengths, drawn afresh each time */
  payload: z.strictObject({ client: range.optional(), server: range.optional() }).optional(),
  faults: z.array(faultSchema).optional(),
  /** which fields the learner fills in; segment is the index among the simulation's steps */
  blanks: z
    .array(z.strictObject({ segment: z.int().min(0), field: z.enum(["seq", "ack"]) }))
    .min(1, { error: "needs at least one blank" }),
});

export const traceItem = z.strictObject({
  ...engineBase,
  type: z.literal("trace"),
  /** tcpdump output, one segment per line (lines are 1-based) */
  trace: text,
  ask: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("states"), line: z.int().min(1) }),
    z.strictObject({ kind: z.literal("impossible") }),
    /** the ack number line N carries (shown masked, with the lines after it hidden): what its sender has received in order */
    z.strictObject({ kind: z.literal("ack"), line: z.int().min(1) }),
    /** which of `options` (Wireshark's TCP analysis events, lib/tcp/events.ts) the engine flags on line N */
    z.strictObject({
      kind: z.literal("event"),
      line: z.int().min(1),
      options: z
        .array(z.enum(ANALYSIS_EVENTS))
        .min(2)
        .max(6)
        .refine((o) => new Set(o).size === o.length, { error: "options must differ" }),
    }),
  ]),
  /** hand-written expectation, checked against annotate() */
  expect: z
    .union([z.strictObject({ client: tcpState, server: tcpState }), z.strictObject({ line: z.int().min(1) })])
    .optional(),
});

const intRange = (lo: number, hi: number) =>
  z
    .strictObject({ min: z.int().min(lo).max(hi), max: z.int().min(lo).max(hi) })
    .refine((r) => r.min <= r.max, { error: "min must not exceed max" });

/** Parameters of a data-transfer calculation, drawn afresh per attempt from these ranges (lib/content/transfer.ts). */
const transferCalc = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("congestion"),
    /** drawn among these */
    algo: z.array(z.enum(["reno", "newreno"])).min(1),
    cwnd: intRange(1, 1000),
    ssthresh: intRange(2, 1000),
    /** in order; each repeated a drawn number of times (default once) */
    events: z
      .array(
        z.strictObject({
          event: z.enum(["rtt", "ack", "partial_ack", "dupack", "timeout"]),
          repeat: intRange(1, 10).optional(),
          acked: intRange(1, 100).optional(),
        }),
      )
      .min(1)
      .max(12),
  }),
  z.strictObject({
    kind: z.literal("rto"),
    /** RTT samples in ms: how many, and each a multiple of `step` within [min, max] */
    samples: z
      .strictObject({ count: z.int().min(1).max(6), min: z.int().min(1).max(10_000), max: z.int().min(1).max(10_000), step: z.int().min(1).max(1000).default(10) })
      .refine((r) => r.min <= r.max, { error: "min must not exceed max" }),
    minRto: z.union([z.literal(1000), z.literal(200)]).default(1000),
    /** also ask the RTO after this many successive timeouts */
    timeouts: intRange(0, 6).optional(),
  }),
  z.strictObject({
    kind: z.literal("window-send"),
    /** SND.UNA is drawn anywhere in the 32-bit space; in flight = SND.NXT − SND.UNA */
    inFlight: intRange(0, 1_000_000),
    wnd: intRange(1, 1_000_000),
    cwnd: intRange(1, 1_000_000).optional(),
  }),
  z.strictObject({
    kind: z.literal("window-ack"),
    /** equal segments, RCV.NXT drawn in the 32-bit space, arriving in a drawn order */
    segments: z.int().min(2).max(6),
    len: intRange(1, 1460),
    sack: z.boolean().default(false),
    /** index of a segment that never arrives (the others still do); with it, also ask how many ACKs are duplicates */
    lost: z.int().min(0).max(5).optional(),
    /** "sent": the segments arrive in the order sent; "shuffled" (default): in a drawn order */
    order: z.enum(["sent", "shuffled"]).default("shuffled"),
  }),
  // Issue 18: sizes, counts and Linux timers (lib/tcp/transfer/limits.ts, timers.ts). `ask` picks the fields asked (default: all).
  z.strictObject({
    kind: z.literal("mss"),
    mtu: intRange(1280, 9000),
    /** drawn among these */
    family: z.array(z.enum(["ipv4", "ipv6"])).min(1).default(["ipv4"]),
    /** the timestamps option on every segment; drawn when both are listed */
    timestamps: z.array(z.boolean()).min(1).default([false]),
    peerMss: intRange(536, 8960).optional(),
    bytes: intRange(1, 10_000_000).optional(),
    ask: z.array(z.enum(["mss", "payload", "segments", "udpPayload"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("window-scale"),
    win: intRange(0, 65535),
    wscale: intRange(0, 14).default({ min: 0, max: 0 }),
    /** with a round-trip time (ms, drawn in steps of 10), also ask the throughput one window per RTT allows */
    rtt: intRange(10, 1000).optional(),
    ask: z.array(z.enum(["window", "throughput"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("ephemeral"),
    /** ip_local_port_range: low and high drawn from these */
    low: intRange(1024, 40000),
    high: intRange(20000, 65535),
    destinations: intRange(1, 100).optional(),
    /** new connections per second to one destination, closed by this side */
    rate: intRange(1, 100_000).optional(),
    ask: z.array(z.enum(["ports", "connect", "bindFirst", "maxRate", "inTimeWait"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("accept-queue"),
    /** listen()'s backlog, drawn among these */
    backlog: z.array(z.int().min(0).max(65535)).min(1),
    /** net.core.somaxconn, drawn among these */
    somaxconn: z.array(z.int().min(0).max(65535)).min(1),
    /** handshakes completed while the application does not accept() */
    completed: intRange(0, 100_000).optional(),
    ask: z.array(z.enum(["sendQ", "holds", "recvQ", "refused"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("framing"),
    header: z.union([z.literal(2), z.literal(4)]).default(4),
    messages: z.strictObject({ count: z.int().min(1).max(4), min: z.int().min(1).max(2000), max: z.int().min(1).max(2000) }).refine((r) => r.min <= r.max, { error: "min must not exceed max" }),
    /** how many recv() calls return the stream, cut at drawn places */
    reads: z.int().min(1).max(5),
  }),
  z.strictObject({
    kind: z.literal("keepalive"),
    time: intRange(1, 32767),
    intvl: intRange(1, 32767),
    probes: intRange(1, 127),
    /** "sysctl": tcp_keepalive_time/intvl/probes; "socket": TCP_KEEPIDLE/KEEPINTVL/KEEPCNT */
    names: z.enum(["sysctl", "socket"]).default("sysctl"),
    ask: z.array(z.enum(["dead", "lastProbe"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("syn-retries"),
    side: z.enum(["syn", "synack"]),
    retries: intRange(1, 20),
    /** tcp_syn_linear_timeouts (Linux 6.5+); absent or 0: the older doubling schedule */
    linear: intRange(0, 10).optional(),
    ask: z.array(z.enum(["count", "last", "giveUp"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("give-up"),
    retries2: intRange(1, 30),
    /** the RTO at the first loss, ms, drawn in steps of 100 */
    rto: intRange(200, 3000),
    ask: z.array(z.enum(["limit", "giveUp", "count"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("nagle"),
    /** ms, drawn even */
    rtt: intRange(2, 2000),
    /** the receiver's delayed-ACK timeout, drawn among these (ms) */
    delayedAck: z.array(z.int().min(1).max(500)).min(1),
    ask: z.array(z.enum(["bodySent", "response", "noDelay"])).min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal("cubic"),
    /** W_max in segments */
    wMax: intRange(10, 1000),
    /** seconds since the reduction, drawn in tenths within this range */
    t: intRange(0, 30),
    ask: z.array(z.enum(["k", "w", "ssthresh"])).min(1).optional(),
  }),
  /** a production incident: the host drawn per attempt, run by lib/tcp/incident.ts (lib/content/incident.ts) */
  z.strictObject({
    kind: z.literal("incident"),
    cause: z.enum(INCIDENT_CAUSES),
    /** the number asked besides the root cause */
    ask: z.enum(["close-wait-count", "syn-recv-count", "accept-queue", "time-wait-count"]),
  }),
]);

export const transferItem = z.strictObject({
  ...engineBase,
  type: z.literal("transfer"),
  calc: transferCalc,
});

export const openItem = z.strictObject({
  ...base,
  type: z.literal("open"),
  keyPoints: z.array(keyPoint).min(2, { error: "an open question needs at least 2 key points" }),
});

export const itemSchema = z.discriminatedUnion("type", [
  flashcardItem,
  singleItem,
  multipleItem,
  orderingItem,
  stateItem,
  sequenceItem,
  traceItem,
  openItem,
  transferItem,
]);

/** A content file: a list of items. */
export const fileSchema = z.array(itemSchema);

export const retiredSchema = z.array(
  z.strictObject({
    id: slug,
    reason: text,
    date: z.iso.date({ error: "must be a date YYYY-MM-DD" }),
  }),
);

export type KeyPointDef = z.infer<typeof keyPoint>;
export type Reference = z.infer<typeof reference>;
export type Item = z.infer<typeof itemSchema>;
export type ItemType = Item["type"];
export type FlashcardItem = z.infer<typeof flashcardItem>;
export type SingleItem = z.infer<typeof singleItem>;
export type MultipleItem = z.infer<typeof multipleItem>;
export type OrderingItem = z.infer<typeof orderingItem>;
export type StateItem = z.infer<typeof stateItem>;
export type SequenceItem = z.infer<typeof sequenceItem>;
export type TraceItem = z.infer<typeof traceItem>;
export type OpenItem = z.infer<typeof openItem>;
export type TransferItem = z.infer<typeof transferItem>;
export type TransferCalc = TransferItem["calc"];
export type Retired = z.infer<typeof retiredSchema>[number];

export const ITEM_TYPES = ["flashcard", "single", "multiple", "ordering", "state", "sequence", "trace", "open", "transfer"] as const;

/** Whether lib/tcp computes or verifies this item's answer. */
export function isEngineChecked(item: Item): boolean {
  return (
    item.type === "state" ||
    item.type === "sequence" ||
    item.type === "trace" ||
    item.type === "transfer" ||
    (item.type === "ordering" && item.engine !== undefined)
  );
}
