import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { traceItem, type TraceItem } from "@/lib/content/schema";
import { drillCapture, isPersonalItemId, personalItemId, type DrillKind } from "@/lib/lab/drill";
import type { Bilingual } from "@/lib/tcp";
import { all, get, run, type Steps } from "@/lib/db/steps";
import { sqliteDate as sqlDate } from "@/lib/db/dates";
import { State } from "@/lib/srs/scheduler";
import { getStore } from "./store";

/**
 * A learner's own captures and the personal items drilled from them ("Drill this capture", issue
 * 21): Capture rows, and Item rows with ownerId and captureId set whose `spec` is the question
 * (lib/lab/drill.ts). Cards and review logs are the ordinary ones, so FSRS schedules them like the
 * bank's; nothing here is in the bank (getBank()), so no other learner's queue, export or
 * dashboard can reach them, and every query below names the owner.
 */

/** At most this many captures, and personal items in all, per learner. */
export const MAX_CAPTURES = 20;
export const MAX_PERSONAL_ITEMS = 200;
/** New personal items a day, on top of the bank's new items (their own daily limit). */
export const PERSONAL_NEW_PER_DAY = 10;

export class CaptureError extends Error {
  constructor(
    readonly code: "too_large" | "no_connection" | "no_questions" | "too_many_captures" | "too_many_items" | "unknown_capture",
    readonly bilingual: Bilingual,
  ) {
    super(bilingual.en);
  }
}

/** A capture as the learner sends it to be drilled (validated at the boundary). */
export const NewCaptureBody = z.strictObject({
  name: z.string().trim().min(1, { message: "give the capture a name" }).max(80, { message: "a name is at most 80 characters" }),
  source: z.enum(["text", "pcap", "pcapng"]),
  /** the text the explainer read (a pcap/pcapng is read into this text in the browser) */
  text: z.string().min(1).max(200_000),
});
export type NewCapture = z.infer<typeof NewCaptureBody>;

/** The stored question: a trace item without its id and, unless it is a generated variant, its trace. */
const specSchema = traceItem.omit({ id: true, trace: true }).extend({ kind: z.enum(["states", "ack", "impossible", "event"]), trace: z.string().optional() });
type Spec = z.infer<typeof specSchema>;

export interface CaptureSummary {
  id: string;
  name: string;
  source: string;
  createdAt: Date;
  lines: number;
  items: { id: string; kind: DrillKind; line: number | null; due: Date | null; state: number | null }[];
}

/** Drills the capture and stores it with its questions, in one transaction; refuses past the limits. */
export async function createCapture(userId: string, input: NewCapture, now: Date): Promise<{ id: string; items: number }> {
  const drilled = drillCapture(input.text);
  if (!drilled.ok) throw new CaptureError(drilled.code, drilled.message);
  if (drilled.questions.length === 0) {
    throw new CaptureError("no_questions", {
      en: "The engine found nothing to ask about in this capture.",
      zh: "引擎在这个抓包中找不到可以出题的地方。",
    });
  }
  const id = crypto.randomUUID().replaceAll("-", "");
  return getStore().write(userId, function* (): Steps<{ id: string; items: number }> {
    const c = (yield get(`SELECT count(*) AS "n" FROM "Capture" WHERE "userId" = ?`, userId)) as { n: number | bigint };
    if (Number(c.n) >= MAX_CAPTURES) {
      throw new CaptureError("too_many_captures", {
        en: `You have ${MAX_CAPTURES} captures, the most one learner keeps: delete one on the "My captures" page first.`,
        zh: `你已经有 ${MAX_CAPTURES} 个抓包，这是每位学习者的上限：请先在“我的抓包”页面删除一个。`,
      });
    }
    const i = (yield get(`SELECT count(*) AS "n" FROM "Item" WHERE "ownerId" = ?`, userId)) as { n: number | bigint };
    const have = Number(i.n);
    if (have + drilled.questions.length > MAX_PERSONAL_ITEMS) {
      throw new CaptureError("too_many_items", {
        en: `This capture makes ${drilled.questions.length} questions and you have ${have}: at most ${MAX_PERSONAL_ITEMS} questions from your captures. Delete a capture first.`,
        zh: `这个抓包会生成 ${drilled.questions.length} 道题，你已有 ${have} 道：来自你的抓包的题目最多 ${MAX_PERSONAL_ITEMS} 道。请先删除一个抓包。`,
      });
    }
    const stamp = sqlDate(now);
    yield run(
      `INSERT INTO "Capture" ("id", "userId", "name", "source", "trace", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
      id, userId, input.name, input.source, input.text, stamp,
    );
    let n = 0;
    for (const q of drilled.questions) {
      const { trace, ...rest } = q.item;
      const spec: Spec = { ...rest, kind: q.kind, ...(q.variant ? { trace } : {}) };
      const itemId = personalItemId(id, ++n);
      const json = JSON.stringify(spec);
      yield run(
        `INSERT INTO "Item" ("id", "topic", "type", "difficulty", "frequency", "contentHash", "retiredAt", "createdAt", "updatedAt", "ownerId", "captureId", "spec") VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
        itemId, q.item.topic, q.item.type, q.item.difficulty, q.item.frequency, crypto.createHash("sha256").update(json).digest("hex").slice(0, 16),
        stamp, stamp, userId, id, json,
      );
    }
    return { id, items: n };
  });
}

/** The learner's captures, newest first, with their questions and where each stands. */
export async function listCaptures(userId: string): Promise<CaptureSummary[]> {
  return getStore().read(function* () {
    const caps = (yield all(
      `SELECT "id", "name", "source", "trace", "createdAt" FROM "Capture" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id"`,
      userId,
    )) as { id: string; name: string; source: string; trace: string; createdAt: string | Date }[];
    const items = (yield all(
      `SELECT i."id", i."captureId", i."spec", c."due", c."state" FROM "Item" i LEFT JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ?
       WHERE i."ownerId" = ? ORDER BY i."createdAt", length(i."id"), i."id"`,
      userId, userId,
    )) as { id: string; captureId: string; spec: string; due: string | Date | null; state: number | null }[];
    return caps.map((c) => ({
      id: c.id,
      name: c.name,
      source: c.source,
      createdAt: new Date(c.createdAt),
      lines: c.trace.replace(/\n+$/, "").split("\n").length,
      items: items
        .filter((i) => i.captureId === c.id)
        .map((i) => {
          const spec = JSON.parse(i.spec) as Spec;
          return { id: i.id, kind: spec.kind, line: "line" in spec.ask ? spec.ask.line : null, due: i.due === null ? null : new Date(i.due), state: i.state };
        }),
    }));
  });
}

/** Steps: removes the learner's personal items among `itemIds` from practice (logs, cards, unfinished sessions' queues), then the items. */
function* deleteItemsSteps(userId: string, itemIds: string[]): Steps<void> {
  if (itemIds.length === 0) return;
  const marks = itemIds.map(() => "?").join(", ");
  yield run(`DELETE FROM "ReviewLog" WHERE "userId" = ? AND "itemId" IN (${marks})`, userId, ...itemIds);
  yield run(`DELETE FROM "Card" WHERE "userId" = ? AND "itemId" IN (${marks})`, userId, ...itemIds);
  yield run(`DELETE FROM "Item" WHERE "ownerId" = ? AND "id" IN (${marks})`, userId, ...itemIds);
  // an unfinished session keeps its place: the deleted questions leave the part still ahead
  const gone = new Set(itemIds);
  const sessions = (yield all(`SELECT "id", "queue", "position" FROM "PracticeSession" WHERE "userId" = ? AND "finishedAt" IS NULL`, userId)) as {
    id: string;
    queue: string;
    position: number;
  }[];
  for (const s of sessions) {
    const queue = JSON.parse(s.queue) as string[];
    const kept = [...queue.slice(0, s.position), ...queue.slice(s.position).filter((q) => !gone.has(q))];
    if (kept.length !== queue.length) {
      yield run(`UPDATE "PracticeSession" SET "queue" = ?, "checked" = CASE WHEN ? THEN NULL ELSE "checked" END WHERE "id" = ?`, JSON.stringify(kept), gone.has(queue[s.position]) ? 1 : 0, s.id);
    }
  }
}

/** Deletes one of the learner's captures with its items, their cards and reviews, in one transaction. */
export async function deleteCapture(userId: string, captureId: string): Promise<{ items: number }> {
  return getStore().write(userId, function* () {
    const c = yield get(`SELECT "id" FROM "Capture" WHERE "id" = ? AND "userId" = ?`, captureId, userId);
    if (!c) throw new CaptureError("unknown_capture", { en: "There is no such capture among yours.", zh: "你的抓包中没有这一个。" });
    const ids = ((yield all(`SELECT "id" FROM "Item" WHERE "ownerId" = ? AND "captureId" = ?`, userId, captureId)) as { id: string }[]).map((r) => r.id);
    yield* deleteItemsSteps(userId, ids);
    yield run(`DELETE FROM "Capture" WHERE "id" = ? AND "userId" = ?`, captureId, userId);
    return { items: ids.length };
  });
}

/** Steps for deleting a learner: their personal items first (a Card keeps its Item from being deleted). */
export function* deleteAllPersonalSteps(userId: string): Steps<void> {
  const ids = ((yield all(`SELECT "id" FROM "Item" WHERE "ownerId" = ?`, userId)) as { id: string }[]).map((r) => r.id);
  yield* deleteItemsSteps(userId, ids);
  yield run(`DELETE FROM "Capture" WHERE "userId" = ?`, userId);
}

/** One personal item of the learner as a trace question, or undefined (not theirs, or no such item). */
export async function personalItem(userId: string, itemId: string): Promise<TraceItem | undefined> {
  if (!isPersonalItemId(itemId)) return undefined;
  const row = await getStore().read(function* () {
    return (yield get(
      `SELECT i."spec", c."trace" FROM "Item" i JOIN "Capture" c ON c."id" = i."captureId" AND c."userId" = i."ownerId" WHERE i."id" = ? AND i."ownerId" = ?`,
      itemId, userId,
    )) as { spec: string; trace: string } | undefined;
  });
  if (!row) return undefined;
  const spec = specSchema.parse(JSON.parse(row.spec));
  const { kind: _kind, trace, ...rest } = spec;
  void _kind;
  return { ...rest, id: itemId, trace: trace ?? row.trace };
}

/** The learner's personal item ids that exist, among `ids`. */
export async function ownPersonalIds(userId: string, ids: string[]): Promise<Set<string>> {
  const mine = ids.filter(isPersonalItemId);
  if (mine.length === 0) return new Set();
  const rows = await getStore().read(function* () {
    return (yield all(`SELECT "id" FROM "Item" WHERE "ownerId" = ? AND "id" IN (${mine.map(() => "?").join(", ")})`, userId, ...mine)) as { id: string }[];
  });
  return new Set(rows.map((r) => r.id));
}

/**
 * The personal items for today's queue: those due (oldest due first), then new ones (in the order
 * they were made) up to PERSONAL_NEW_PER_DAY less those first rated today. One function, so the
 * daily queue (lib/server/practice.ts buildTodayQueue) merges them in one step.
 */
export async function personalQueue(userId: string, now: Date, startOfToday: Date): Promise<{ itemId: string; isNew: boolean; cardVersion: number }[]> {
  return getStore().read(function* () {
    const rows = (yield all(
      `SELECT i."id", c."due", c."state", c."version" FROM "Item" i JOIN "Capture" p ON p."id" = i."captureId" AND p."userId" = i."ownerId"
       LEFT JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ?
       WHERE i."ownerId" = ? ORDER BY i."createdAt", length(i."id"), i."id"`,
      userId, userId,
    )) as { id: string; due: string | Date | null; state: number | null; version: number | null }[];
    const newToday = (yield get(
      `SELECT count(*) AS "n" FROM "ReviewLog" WHERE "userId" = ? AND "undoneAt" IS NULL AND "state" = ? AND "review" >= ? AND "itemId" LIKE 'cap\\_%' ESCAPE '\\'`,
      userId, State.New, sqlDate(startOfToday),
    )) as { n: number | bigint };
    const due = rows
      .filter((r) => r.state !== null && r.state !== State.New && r.due !== null && new Date(r.due) <= now)
      .sort((a, b) => new Date(a.due!).getTime() - new Date(b.due!).getTime())
      .map((r) => ({ itemId: r.id, isNew: false, cardVersion: r.version ?? 0 }));
    const fresh = rows
      .filter((r) => r.state === null || r.state === State.New)
      .slice(0, Math.max(0, PERSONAL_NEW_PER_DAY - Number(newToday.n)))
      .map((r) => ({ itemId: r.id, isNew: true, cardVersion: r.version ?? 0 }));
    return [...due, ...fresh];
  });
}
