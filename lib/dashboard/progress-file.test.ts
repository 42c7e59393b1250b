import { describe, expect, it } from "vitest";
import { buildProgressFile, canonicalJson, checksumOf, parseProgressFile, type ProgressPayload } from "./progress-file";

const KNOWN = new Set(["syn-basics", "fin-basics", "retired-item"]);

const previous = JSON.stringify({
  due: "2026-03-01T00:00:00.000Z",
  stability: 0,
  difficulty: 0,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
  state: 0,
  lastReview: null,
});

function payload(): ProgressPayload {
  return {
    settings: { desiredRetention: 0.9, newPerDay: 10, maxReviewsPerDay: 200, showIntervals: true },
    cards: [
      {
        itemId: "syn-basics",
        due: "2026-03-04T00:00:00.000Z",
        stability: 3.1,
        difficulty: 5.2,
        elapsedDays: 0,
        scheduledDays: 3,
        learningSteps: 0,
        reps: 1,
        lapses: 0,
        state: 2,
        lastReview: "2026-03-01T00:00:00.000Z",
        version: 1,
        failures: 0,
        leech: false,
      },
    ],
    reviewLogs: [
      {
        itemId: "syn-basics",
        idempotencyKey: "k1",
        rating: 3,
        state: 0,
        due: "2026-03-01T00:00:00.000Z",
        stability: 0,
        difficulty: 0,
        elapsedDays: 0,
        lastElapsedDays: 0,
        scheduledDays: 0,
        learningSteps: 0,
        review: "2026-03-01T00:00:00.000Z",
        previousCard: previous,
        cardVersion: 1,
        durationMs: 12000,
        correct: true,
        suggestedRating: 3,
        source: "practice",
        undoneAt: null,
        createdAt: "2026-03-01T00:00:00.000Z",
      },
    ],
    mockInterviews: [
      {
        lengthMinutes: 20,
        focus: "handshake",
        lang: "en",
        seed: 7,
        status: "finished",
        policyState: "{}",
        startedAt: "2026-03-02T10:00:00.000Z",
        endedAt: "2026-03-02T10:20:00.000Z",
        score: 72.5,
        turns: [
          {
            index: 0,
            itemId: "retired-item",
            kind: "opening",
            probe: null,
            askedAt: "2026-03-02T10:00:00.000Z",
            answeredAt: "2026-03-02T10:03:00.000Z",
            answer: "SYN, SYN-ACK, ACK",
            draft: null,
            score: 0.8,
            result: "{}",
            disputes: null,
          },
        ],
      },
    ],
  };
}

const exportedAt = new Date("2026-03-10T12:00:00.000Z");
const text = (p: ProgressPayload = payload()) => JSON.stringify(buildProgressFile(p, exportedAt));

/** Changes the parsed file and re-signs it, as someone who knows the format would. */
function resigned(change: (o: Record<string, unknown>) => void): string {
  const o = JSON.parse(text()) as Record<string, unknown>;
  change(o);
  o.checksum = checksumOf(o);
  return JSON.stringify(o);
}

describe("canonical JSON", () => {
  it("sorts keys at every level and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});

describe("progress file", () => {
  it("an exported file reads back unchanged, whatever the key order of the text", () => {
    const built = buildProgressFile(payload(), exportedAt);
    expect(built.format).toBe("tcp-drill-progress");
    expect(built.version).toBe(1);
    expect(built.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(built).reverse()), null, 2);
    const r = parseProgressFile(reordered, KNOWN);
    expect(r).toEqual({ ok: true, file: built });
  });

  it("a file that is not JSON is refused as not JSON", () => {
    expect(parseProgressFile("{nope", KNOWN)).toEqual({ ok: false, error: { code: "not_json" } });
  });

  it("JSON without the format marker is refused as not a progress file", () => {
    expect(parseProgressFile('{"cards":[]}', KNOWN)).toEqual({ ok: false, error: { code: "not_progress" } });
    expect(parseProgressFile("[1,2]", KNOWN)).toEqual({ ok: false, error: { code: "not_progress" } });
  });

  it("an unknown version is refused before anything else is read", () => {
    const r = parseProgressFile(resigned((o) => (o.version = 2)), KNOWN);
    expect(r).toEqual({ ok: false, error: { code: "unknown_version", version: "2" } });
  });

  it("a rating changed after export is refused as tampered", () => {
    const o = JSON.parse(text()) as { reviewLogs: { rating: number }[] };
    o.reviewLogs[0].rating = 4;
    expect(parseProgressFile(JSON.stringify(o), KNOWN)).toEqual({ ok: false, error: { code: "checksum" } });
  });

  it("a review removed after export is refused as tampered", () => {
    const o = JSON.parse(text()) as { reviewLogs: unknown[] };
    o.reviewLogs = [];
    expect(parseProgressFile(JSON.stringify(o), KNOWN)).toEqual({ ok: false, error: { code: "checksum" } });
  });

  it("wrong types are refused with the field path, even with a matching checksum", () => {
    const r = parseProgressFile(
      resigned((o) => {
        (o.cards as Record<string, unknown>[])[0].stability = "high";
        (o.reviewLogs as Record<string, unknown>[])[0].rating = 7;
      }),
      KNOWN,
    );
    expect(r.ok).toBe(false);
    if (r.ok || r.error.code !== "invalid") throw new Error("expected invalid");
    expect(r.error.details).toContain("cards.0.stability");
    expect(r.error.details).toContain("reviewLogs.0.rating");
  });

  it("unknown fields are refused", () => {
    const r = parseProgressFile(resigned((o) => ((o.cards as Record<string, unknown>[])[0].userId = "someone")), KNOWN);
    expect(r.ok === false && r.error.code).toBe("invalid");
  });

  it("a previous card that is not a card is refused", () => {
    const r = parseProgressFile(resigned((o) => ((o.reviewLogs as Record<string, unknown>[])[0].previousCard = "{}")), KNOWN);
    expect(r.ok === false && r.error.code).toBe("invalid");
  });

  it("item ids that are neither in the bank nor retired are refused and listed", () => {
    const p = payload();
    p.cards[0].itemId = "made-up";
    p.reviewLogs[0].itemId = "made-up";
    p.mockInterviews[0].turns[0].itemId = "also-made-up";
    expect(parseProgressFile(text(p), KNOWN)).toEqual({ ok: false, error: { code: "unknown_items", ids: ["also-made-up", "made-up"] } });
  });

  it("a review log without its card, a second card for one item and a reused key are refused", () => {
    const p = payload();
    p.reviewLogs.push({ ...p.reviewLogs[0], itemId: "fin-basics", idempotencyKey: "k1" });
    p.cards.push({ ...p.cards[0] });
    const r = parseProgressFile(text(p), KNOWN);
    expect(r.ok).toBe(false);
    if (r.ok || r.error.code !== "inconsistent") throw new Error("expected inconsistent");
    expect(r.error.details).toContain('cards.1: a second card for item "syn-basics"');
    expect(r.error.details).toContain('reviewLogs.1: no card for item "fin-basics"');
    expect(r.error.details).toContain('reviewLogs.1: idempotency key "k1" used twice');
  });
});
