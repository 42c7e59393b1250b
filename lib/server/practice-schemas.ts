import { z } from "zod";
import { TCP_EVENTS as ANALYSIS_EVENTS } from "@/lib/tcp/events";

/** Request bodies of the practice API, validated at the boundary. */
const id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, { message: "must be an id (letters, digits, - and _)" });

export const StartSessionBody = z
  .strictObject({
    only: z.array(id).min(1).max(50).optional(),
    /** every item of one topic: due first, then the weakest, then the new */
    topic: id.optional(),
    /** review without changing the schedule (the day before the interview) */
    cram: z.boolean().optional(),
  })
  .refine((b) => !(b.only && b.topic), { message: "give either only or topic, not both" });

export const AnswerBody = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("flashcard") }),
  z.strictObject({ type: z.literal("open"), text: z.string().max(20_000, { message: "answers are limited to 20,000 characters" }) }),
  z.strictObject({ type: z.literal("single"), choice: id }),
  z.strictObject({ type: z.literal("multiple"), choices: z.array(id).max(20) }),
  z.strictObject({ type: z.literal("ordering"), order: z.array(z.int().min(0).max(50)).max(50) }),
  z.strictObject({ type: z.literal("state"), next: z.string().max(20), send: z.array(z.string().max(10)).max(6) }),
  z.strictObject({ type: z.literal("sequence"), values: z.array(z.int().min(0).max(4294967295)).max(10) }),
  z.strictObject({
    type: z.literal("trace"),
    client: z.string().max(20).optional(),
    server: z.string().max(20).optional(),
    line: z.int().min(1).max(100_000).optional(),
    /** the ack number a line carries (ask kind "ack") */
    ack: z.int().min(0).max(4294967295).optional(),
    /** the TCP analysis event chosen (ask kind "event") */
    event: z.enum(ANALYSIS_EVENTS).optional(),
  }),
  z.strictObject({
    type: z.literal("transfer"),
    values: z.record(z.string().regex(/^[A-Za-z0-9]{1,16}$/), z.union([z.number().finite().min(0).max(4294967295), z.string().max(30)])).refine((v) => Object.keys(v).length <= 10, { error: "at most 10 values" }),
  }),
]);

export const CheckBody = z.strictObject({
  sessionId: id,
  itemId: id,
  responseMs: z.int().min(0).max(24 * 3600 * 1000),
  answer: AnswerBody,
});

export const RateBody = z.strictObject({
  sessionId: id.nullable().optional(),
  itemId: id,
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { message: "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)" }),
  cardVersion: z.int().min(0),
  idempotencyKey: z.string().min(8).max(100).regex(/^[A-Za-z0-9_-]+$/, { message: "must be 8–100 letters, digits, - or _" }),
  durationMs: z.int().min(0).max(24 * 3600 * 1000),
  correct: z.boolean().nullable().optional(),
  suggestedRating: z.int().min(1).max(4).nullable().optional(),
});

export const UndoBody = z.strictObject({ sessionId: id.nullable().optional() });

/** A learner overruling the grader on an open answer: the server grades the text again and keeps it. */
export const DisputeBody = z.strictObject({
  itemId: id,
  text: z.string().min(1).max(20_000, { message: "answers are limited to 20,000 characters" }),
  chosen: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { message: "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)" }),
});
