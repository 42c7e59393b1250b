/**
 * The progress file: all of a learner's progress as versioned JSON, and the checks an import
 * makes before it changes anything (pure apart from hashing with node:crypto).
 *
 *   { format: "tcp-drill-progress", version: 1, exportedAt, checksum: "sha256:<hex>",
 *     settings, cards, reviewLogs, mockInterviews: [{ …, turns }] }
 *
 * Rows carry no database ids: a card is named by its item id (one card per item and learner),
 * a review log by its item id and idempotency key. `checksum` is the sha256 of the canonical
 * JSON (keys sorted, no spaces) of the file without the checksum field, so any edit after
 * export — a changed rating, a removed review — is detected.
 *
 * Checks, in order, each with its own reason code: nesting depth → JSON → string validity →
 * format → version → checksum → shape (zod, with bounds on every number matching what the app
 * produces) → consistency (one card per item, each log's card present, unique keys and turn
 * indexes; every card equal to the replay of its review log through ts-fsrs) → every item id
 * known to the bank (live or retired). The checksum is unkeyed — anyone can recompute it — so
 * it only catches accidental edits; the other checks are what keep a crafted file harmless.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { MOCK_FOCUSES } from "@/lib/mock/limits";
import { fromFsrs, logFromFsrs, toFsrs, type StoredCard } from "@/lib/srs/mapper";
import { rate, type RatingValue } from "@/lib/srs/scheduler";

export const PROGRESS_FORMAT = "tcp-drill-progress";
export const PROGRESS_VERSION = 1;
/** Import refuses bodies larger than this (bytes). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Dates the app can produce: from 2000 to 2200 (a due date is at most 100 years ahead). */
const MIN_DATE = Date.UTC(2000, 0, 1);
const MAX_DATE = Date.UTC(2200, 0, 1);
const iso = z.iso.datetime().refine((v) => {
  const t = Date.parse(v);
  return t >= MIN_DATE && t <= MAX_DATE;
}, { error: "must be a date from 2000 to 2200" });
const int = z.number().int();
const nonNeg = int.min(0);
const finite = z.number().finite();
const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "must be an item id" }).max(200);

/**
 * Bounds on every number, matching what the app itself produces: FSRS stability at most
 * 36,500 days and difficulty 0 (new) to 10 (ts-fsrs's own limits), intervals at most 36,500
 * days, day counts within the date range, counts of reviews far above a lifetime's.
 */
export const LIMITS = {
  stability: 36_500,
  difficulty: 10,
  days: 80_000,
  scheduledDays: 36_500,
  learningSteps: 100,
  reps: 1_000_000,
  version: 10_000_000,
  durationMs: 24 * 3600 * 1000,
  seed: 2 ** 32,
  /** nesting depth of the JSON (the file itself needs 5) */
  depth: 32,
} as const;

const settingsSchema = z.strictObject({
  desiredRetention: finite.min(0.7).max(0.99),
  newPerDay: nonNeg.max(1000),
  maxReviewsPerDay: nonNeg.max(100_000),
  showIntervals: z.boolean(),
});

const cardFields = {
  due: iso,
  stability: finite.min(0).max(LIMITS.stability),
  difficulty: finite.min(0).max(LIMITS.difficulty),
  elapsedDays: nonNeg.max(LIMITS.days),
  scheduledDays: nonNeg.max(LIMITS.scheduledDays),
  learningSteps: nonNeg.max(LIMITS.learningSteps),
  reps: nonNeg.max(LIMITS.reps),
  lapses: nonNeg.max(LIMITS.reps),
  state: int.min(0).max(3),
  lastReview: iso.nullable(),
};

const cardSchema = z.strictObject({
  itemId,
  ...cardFields,
  version: nonNeg.max(LIMITS.version),
  failures: nonNeg.max(LIMITS.reps),
  leech: z.boolean(),
});

/** ReviewLog.previousCard: the card before the rating, as lib/srs/mapper serialises it. */
const previousCardSchema = z.object(cardFields);

const reviewLogSchema = z.strictObject({
  itemId,
  idempotencyKey: z.string().min(1).max(200),
  rating: int.min(1).max(4),
  ...cardFields,
  lastElapsedDays: nonNeg.max(LIMITS.days),
  review: iso,
  previousCard: z
    .string()
    .max(10_000)
    .refine((s) => {
      try {
        return previousCardSchema.safeParse(JSON.parse(s)).success;
      } catch {
        return false;
      }
    }, { error: "must be the JSON of the card before the rating" }),
  cardVersion: int.min(1).max(LIMITS.version),
  durationMs: nonNeg.max(LIMITS.durationMs),
  correct: z.boolean().nullable(),
  suggestedRating: int.min(1).max(4).nullable(),
  source: z.enum(["practice", "mock"]),
  undoneAt: iso.nullable(),
  createdAt: iso,
}).omit({ lastReview: true, reps: true, lapses: true });

const turnSchema = z.strictObject({
  index: nonNeg,
  itemId,
  kind: z.enum(["opening", "probe", "deeper", "worked"]),
  probe: z.string().max(1000).nullable(),
  askedAt: iso,
  answeredAt: iso.nullable(),
  answer: z.string().max(20_000).nullable(),
  draft: z.string().max(20_000).nullable(),
  score: finite.min(0).max(1).nullable(),
  result: z.string().max(200_000).nullable(),
  disputes: z.string().max(50_000).nullable(),
});

const mockSchema = z.strictObject({
  /** the interview's id, kept on import so report links (/mock/<id>/report) still work; optional: older files lack it */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "must be an interview id" }).optional(),
  lengthMinutes: int.min(1).max(600),
  focus: z.enum(MOCK_FOCUSES),
  lang: z.enum(["zh", "en"]),
  seed: int.min(-LIMITS.seed).max(LIMITS.seed),
  status: z.enum(["active", "finished"]),
  policyState: z.string().max(200_000),
  startedAt: iso,
  endedAt: iso.nullable(),
  score: finite.min(0).max(100).nullable(),
  turns: z.array(turnSchema).max(1000),
});

export const progressFileSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  exportedAt: iso,
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  settings: settingsSchema.nullable(),
  cards: z.array(cardSchema).max(100_000),
  reviewLogs: z.array(reviewLogSchema).max(5_000_000),
  mockInterviews: z.array(mockSchema).max(100_000),
});

export type ProgressFile = z.infer<typeof progressFileSchema>;
export type ProgressPayload = Omit<ProgressFile, "format" | "version" | "exportedAt" | "checksum">;
export type ProgressCard = ProgressFile["cards"][number];
export type ProgressReviewLog = ProgressFile["reviewLogs"][number];
export type ProgressMock = ProgressFile["mockInterviews"][number];

/** JSON with object keys sorted at every level and no whitespace: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/** "sha256:<hex>" of the canonical JSON of the file without its checksum field. */
export function checksumOf(file: Record<string, unknown>): string {
  const { checksum: _omit, ...rest } = file;
  return `sha256:${createHash("sha256").update(canonicalJson(rest)).digest("hex")}`;
}

export function buildProgressFile(payload: ProgressPayload, exportedAt: Date): ProgressFile {
  const body = { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exportedAt: exportedAt.toISOString(), ...payload } as const;
  return { ...body, checksum: checksumOf(body) };
}

export type ProgressFileError =
  | { code: "not_json" }
  | { code: "not_progress" }
  | { code: "unknown_version"; version: string }
  | { code: "checksum" }
  | { code: "invalid"; details: string }
  | { code: "inconsistent"; details: string }
  | { code: "unknown_items"; ids: string[] };

export type ParseResult = { ok: true; file: ProgressFile } | { ok: false; error: ProgressFileError };

const MAX_LISTED = 5;

/**
 * The nesting depth of a JSON text (brackets outside strings), stopping as soon as it passes
 * `max`: checked before JSON.parse and before anything walks the value, so no check can
 * overflow the stack.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The path of the first string (or key) with a lone surrogate, which no database or page can hold; null if none. */
export function firstIllFormedString(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === "string") {
      if (!(v as string & { isWellFormed(): boolean }).isWellFormed()) return at || "(file)";
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], at ? `${at}.${i}` : String(i)]);
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (!(k as string & { isWellFormed(): boolean }).isWellFormed()) return at || "(file)";
        stack.push([x, at ? `${at}.${k}` : k]);
      }
    }
  }
  return null;
}

/**
 * Reads and checks a whole progress file. `knownItemIds` holds every item id the bank has ever
 * had (live and retired). Nothing is trusted until every check passes. First of all the nesting
 * depth (before parsing) and every string's validity (lone surrogates), then the format, the
 * checksum, the shape with its bounds, the consistency, and every card against the replay of
 * its review log through ts-fsrs.
 */
export function parseProgressFile(text: string, knownItemIds: ReadonlySet<string>): ParseResult {
  if (jsonDepthExceeds(text, LIMITS.depth)) {
    return { ok: false, error: { code: "invalid", details: `(file): nested deeper than ${LIMITS.depth} levels` } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: "not_json" } };
  }
  const badString = firstIllFormedString(raw);
  if (badString !== null) {
    return { ok: false, error: { code: "invalid", details: `${badString}: not valid Unicode text (a lone surrogate)` } };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw) || (raw as Record<string, unknown>).format !== PROGRESS_FORMAT) {
    return { ok: false, error: { code: "not_progress" } };
  }
  const obj = raw as Record<string, unknown>;
  if (obj.version !== PROGRESS_VERSION) {
    return { ok: false, error: { code: "unknown_version", version: JSON.stringify(obj.version ?? null).slice(0, 20) } };
  }
  if (typeof obj.checksum !== "string" || obj.checksum !== checksumOf(obj)) {
    return { ok: false, error: { code: "checksum" } };
  }
  const parsed = parseShape(raw);
  raw = undefined;
  if (!parsed.ok) {
    const listed = parsed.issues.slice(0, MAX_LISTED);
    if (parsed.issues.length > MAX_LISTED) listed.push("… more");
    return { ok: false, error: { code: "invalid", details: listed.join("; ") } };
  }
  const file = parsed.file;
  const problems = consistencyProblems(file);
  if (problems.length === 0) problems.push(...replayProblems(file));
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED);
    if (problems.length > MAX_LISTED) listed.push(`… ${problems.length - MAX_LISTED} more`);
    return { ok: false, error: { code: "inconsistent", details: listed.join("; ") } };
  }
  const unknown = new Set<string>();
  for (const c of file.cards) if (!knownItemIds.has(c.itemId)) unknown.add(c.itemId);
  for (const l of file.reviewLogs) if (!knownItemIds.has(l.itemId)) unknown.add(l.itemId);
  for (const m of file.mockInterviews) for (const t of m.turns) if (!knownItemIds.has(t.itemId)) unknown.add(t.itemId);
  if (unknown.size > 0) return { ok: false, error: { code: "unknown_items", ids: [...unknown].sort() } };
  return { ok: true, file };
}

/** The file's top level, with its lists checked element by element below. */
const shallowSchema = progressFileSchema.extend({
  cards: z.array(z.unknown()).max(100_000),
  reviewLogs: z.array(z.unknown()).max(5_000_000),
  mockInterviews: z.array(z.unknown()).max(100_000),
});

/**
 * progressFileSchema, element by element, stopping after a few bad elements: a crafted file of
 * tens of thousands of wrong rows costs as much as its first few, not one error object per field.
 */
function parseShape(raw: unknown): { ok: true; file: ProgressFile } | { ok: false; issues: string[] } {
  const describe = (prefix: (string | number)[], issues: readonly z.core.$ZodIssue[]) =>
    issues.map((i) => `${[...prefix, ...i.path].join(".") || "(file)"}: ${i.message}`);
  const top = shallowSchema.safeParse(raw);
  if (!top.success) return { ok: false, issues: describe([], top.error.issues) };
  const issues: string[] = [];
  const each = <T>(name: string, list: unknown[], schema: z.ZodType<T>): T[] => {
    const out: T[] = [];
    for (let i = 0; i < list.length && issues.length <= MAX_LISTED; i++) {
      const r = schema.safeParse(list[i]);
      if (r.success) out.push(r.data);
      else issues.push(...describe([name, i], r.error.issues));
    }
    return out;
  };
  const cards = each("cards", top.data.cards, cardSchema);
  const reviewLogs = each("reviewLogs", top.data.reviewLogs, reviewLogSchema);
  const mockInterviews = each("mockInterviews", top.data.mockInterviews, mockSchema);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, file: { ...top.data, cards, reviewLogs, mockInterviews } };
}

type PrevCard = z.infer<typeof previousCardSchema>;

function storedFrom(c: PrevCard): StoredCard {
  return { ...c, due: new Date(c.due), lastReview: c.lastReview === null ? null : new Date(c.lastReview) };
}

/** The memory state FSRS carries from review to review (the due date a mock interview may move). */
function sameMemory(a: StoredCard, b: StoredCard): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  return (
    close(a.stability, b.stability) &&
    close(a.difficulty, b.difficulty) &&
    a.reps === b.reps &&
    a.lapses === b.lapses &&
    a.learningSteps === b.learningSteps &&
    a.state === b.state &&
    (a.lastReview?.getTime() ?? null) === (b.lastReview?.getTime() ?? null)
  );
}

/** A card no rating has touched: new, or made due by a mock interview (state learning). */
function isUnrated(c: StoredCard): boolean {
  return c.reps === 0 && c.lapses === 0 && c.stability === 0 && c.difficulty === 0 && c.learningSteps === 0 && (c.state === 0 || c.state === 1);
}

/**
 * Every card against the replay of its review log through ts-fsrs (fuzz off, as the app rates):
 * each review must be what FSRS computes from the card before it, each kept review must start
 * from the card the kept reviews before it left, and the card must be what the last one left
 * (a mock interview may have moved only its due date). Version and failures are bounded by the
 * number of reviews and mock turns that can move them. Problems name the card.
 */
function replayProblems(file: ProgressFile): string[] {
  const problems: string[] = [];
  const logsByItem = new Map<string, ProgressReviewLog[]>();
  for (const l of file.reviewLogs) {
    const list = logsByItem.get(l.itemId);
    if (list) list.push(l);
    else logsByItem.set(l.itemId, [l]);
  }
  const turnsByItem = new Map<string, number>();
  for (const m of file.mockInterviews) for (const t of m.turns) turnsByItem.set(t.itemId, (turnsByItem.get(t.itemId) ?? 0) + 1);
  const at = (s: string) => Date.parse(s);

  file.cards.forEach((card, i) => {
    if (problems.length >= MAX_LISTED + 1) return;
    const name = `card "${card.itemId}" (cards.${i})`;
    const logs = (logsByItem.get(card.itemId) ?? []).slice().sort((a, b) => at(a.review) - at(b.review) || at(a.createdAt) - at(b.createdAt));
    let expected: StoredCard | null = null;
    let failures = 0;
    for (const log of logs) {
      const before = storedFrom(previousCardSchema.parse(JSON.parse(log.previousCard)));
      if (log.undoneAt === null && !(expected === null ? isUnrated(before) : sameMemory(before, expected))) {
        problems.push(`${name}: review "${log.idempotencyKey}" does not start from the card its earlier reviews left`);
        return;
      }
      let next;
      try {
        next = rate(toFsrs(before), log.rating as RatingValue, new Date(log.review));
      } catch {
        next = null;
      }
      const l = next && logFromFsrs(next.log);
      const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
      if (
        !next ||
        !l ||
        l.state !== log.state ||
        !close(l.stability, log.stability) ||
        !close(l.difficulty, log.difficulty) ||
        l.elapsedDays !== log.elapsedDays ||
        l.lastElapsedDays !== log.lastElapsedDays ||
        l.learningSteps !== log.learningSteps ||
        !Number.isFinite(next.card.stability) ||
        !Number.isFinite(next.card.due.getTime())
      ) {
        problems.push(`${name}: review "${log.idempotencyKey}" is not what FSRS computes from the card before it`);
        return;
      }
      if (log.undoneAt === null) {
        expected = fromFsrs(next.card);
        if (log.rating === 1) failures++;
      }
    }
    const stored = storedFrom(card);
    if (!(expected === null ? isUnrated(stored) : sameMemory(stored, expected))) {
      problems.push(`${name}: does not equal the replay of its review log through FSRS`);
      return;
    }
    const maxVersion = 2 * logs.length + (turnsByItem.get(card.itemId) ?? 0) + 1;
    if (card.version > maxVersion) problems.push(`${name}: version ${card.version} is more than its ${logs.length} reviews can make`);
    else if (card.failures !== failures) problems.push(`${name}: ${card.failures} failures, but its review log has ${failures} "Again" ratings`);
  });
  return problems;
}

function consistencyProblems(file: ProgressFile): string[] {
  const problems: string[] = [];
  const cards = new Set<string>();
  file.cards.forEach((c, i) => {
    if (cards.has(c.itemId)) problems.push(`cards.${i}: a second card for item "${c.itemId}"`);
    cards.add(c.itemId);
  });
  const keys = new Set<string>();
  file.reviewLogs.forEach((l, i) => {
    if (!cards.has(l.itemId)) problems.push(`reviewLogs.${i}: no card for item "${l.itemId}"`);
    if (keys.has(l.idempotencyKey)) problems.push(`reviewLogs.${i}: idempotency key "${l.idempotencyKey}" used twice`);
    keys.add(l.idempotencyKey);
  });
  file.mockInterviews.forEach((m, i) => {
    const indexes = new Set<number>();
    m.turns.forEach((t, j) => {
      if (indexes.has(t.index)) problems.push(`mockInterviews.${i}.turns.${j}: turn index ${t.index} used twice`);
      indexes.add(t.index);
    });
    if (m.status === "finished" && m.endedAt === null) problems.push(`mockInterviews.${i}: finished without endedAt`);
  });
  return problems;
}
