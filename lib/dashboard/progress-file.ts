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
 * Checks, in order, each with its own reason code: JSON → format → version → checksum → shape
 * (zod) → consistency (one card per item, each log's card present, unique keys and turn
 * indexes) → every item id known to the bank (live or retired).
 */
import { createHash } from "node:crypto";
import { z } from "zod";

export const PROGRESS_FORMAT = "tcp-drill-progress";
export const PROGRESS_VERSION = 1;
/** Import refuses bodies larger than this (bytes). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const iso = z.iso.datetime();
const int = z.number().int();
const nonNeg = int.min(0);
const finite = z.number().finite();
const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "must be an item id" }).max(200);

const settingsSchema = z.strictObject({
  desiredRetention: finite.min(0.7).max(0.99),
  newPerDay: nonNeg.max(1000),
  maxReviewsPerDay: nonNeg.max(100_000),
  showIntervals: z.boolean(),
});

const cardFields = {
  due: iso,
  stability: finite.min(0),
  difficulty: finite,
  elapsedDays: nonNeg,
  scheduledDays: nonNeg,
  learningSteps: nonNeg,
  reps: nonNeg,
  lapses: nonNeg,
  state: int.min(0).max(3),
  lastReview: iso.nullable(),
};

const cardSchema = z.strictObject({
  itemId,
  ...cardFields,
  version: nonNeg,
  failures: nonNeg,
  leech: z.boolean(),
});

/** ReviewLog.previousCard: the card before the rating, as lib/srs/mapper serialises it. */
const previousCardSchema = z.object(cardFields);

const reviewLogSchema = z.strictObject({
  itemId,
  idempotencyKey: z.string().min(1).max(200),
  rating: int.min(1).max(4),
  state: int.min(0).max(3),
  due: iso,
  stability: finite.min(0),
  difficulty: finite,
  elapsedDays: nonNeg,
  lastElapsedDays: nonNeg,
  scheduledDays: nonNeg,
  learningSteps: nonNeg,
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
  cardVersion: nonNeg,
  durationMs: nonNeg,
  correct: z.boolean().nullable(),
  suggestedRating: int.min(1).max(4).nullable(),
  source: z.enum(["practice", "mock"]),
  undoneAt: iso.nullable(),
  createdAt: iso,
});

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
  focus: z.enum(["handshake", "teardown", "states", "attacks", "all"]),
  lang: z.enum(["zh", "en"]),
  seed: int,
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
 * Reads and checks a whole progress file. `knownItemIds` holds every item id the bank has ever
 * had (live and retired). Nothing is trusted until every check passes.
 */
export function parseProgressFile(text: string, knownItemIds: ReadonlySet<string>): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: "not_json" } };
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
  const parsed = progressFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, MAX_LISTED).map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
    if (issues.length > MAX_LISTED) listed.push(`… ${issues.length - MAX_LISTED} more`);
    return { ok: false, error: { code: "invalid", details: listed.join("; ") } };
  }
  const file = parsed.data;
  const problems = consistencyProblems(file);
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
