import { describe, expect, it } from "vitest";
import { fromFsrs, logFromFsrs, toFsrs } from "@/lib/srs/mapper";
import { rate } from "@/lib/srs/scheduler";
import { buildProgressFile, canonicalJson, checksumOf, jsonDepthExceeds, parseProgressFile, type ProgressPayload } from "./progress-file";

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

// The card and its log as the app stores them after one "Good" (ts-fsrs, fuzz off).
const rated = rate(toFsrs({ ...JSON.parse(previous), due: new Date("2026-03-01T00:00:00.000Z"), lastReview: null }), 3, new Date("2026-03-01T00:00:00.000Z"));
const after = fromFsrs(rated.card);
const log = logFromFsrs(rated.log);

function payload(): ProgressPayload {
  return {
    settings: { desiredRetention: 0.9, newPerDay: 10, maxReviewsPerDay: 200, showIntervals: true },
    cards: [
      {
        itemId: "syn-basics",
        due: after.due.toISOString(),
        stability: after.stability,
        difficulty: after.difficulty,
        elapsedDays: after.elapsedDays,
        scheduledDays: after.scheduledDays,
        learningSteps: after.learningSteps,
        reps: after.reps,
        lapses: after.lapses,
        state: after.state,
        lastReview: after.lastReview!.toISOString(),
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
        state: log.state,
        due: log.due.toISOString(),
        stability: log.stability,
        difficulty: log.difficulty,
        elapsedDays: log.elapsedDays,
        lastElapsedDays: log.lastElapsedDays,
        scheduledDays: log.scheduledDays,
        learningSteps: log.learningSteps,
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

  it("numbers beyond what the app can produce are refused with the field path, even re-signed", () => {
    const cases: [(o: { cards: Record<string, unknown>[]; reviewLogs: Record<string, unknown>[]; mockInterviews: Record<string, unknown>[] }) => void, string][] = [
      [(o) => (o.cards[0].version = Number.MAX_SAFE_INTEGER), "cards.0.version"],
      [(o) => (o.cards[0].stability = 1e300), "cards.0.stability"],
      [(o) => (o.cards[0].difficulty = -5), "cards.0.difficulty"],
      [(o) => (o.cards[0].reps = 2 ** 40), "cards.0.reps"],
      [(o) => (o.reviewLogs[0].durationMs = 1e15), "reviewLogs.0.durationMs"],
      [(o) => (o.reviewLogs[0].review = "9999-12-31T00:00:00.000Z"), "reviewLogs.0.review"],
      [(o) => (o.cards[0].due = "1900-01-01T00:00:00.000Z"), "cards.0.due"],
      [(o) => (o.mockInterviews[0].seed = 2 ** 60), "mockInterviews.0.seed"],
    ];
    for (const [change, field] of cases) {
      const r = parseProgressFile(resigned(change as (o: Record<string, unknown>) => void), KNOWN);
      expect(r.ok, field).toBe(false);
      if (r.ok || r.error.code !== "invalid") throw new Error(`expected invalid for ${field}: ${JSON.stringify(r)}`);
      expect(r.error.details).toContain(field);
    }
  });

  it("a card that contradicts the replay of its own review log is refused, naming the card", () => {
    for (const change of [
      (o: Record<string, unknown>) => ((o.cards as Record<string, unknown>[])[0].stability = 300),
      (o: Record<string, unknown>) => ((o.cards as Record<string, unknown>[])[0].reps = 5),
      (o: Record<string, unknown>) => ((o.reviewLogs as Record<string, unknown>[])[0].stability = 99),
      (o: Record<string, unknown>) => ((o.cards as Record<string, unknown>[])[0].version = 500),
      (o: Record<string, unknown>) => ((o.cards as Record<string, unknown>[])[0].failures = 3),
    ]) {
      const r = parseProgressFile(resigned(change), KNOWN);
      if (r.ok || r.error.code !== "inconsistent") throw new Error(`expected inconsistent: ${JSON.stringify(r)}`);
      expect(r.error.details).toContain('card "syn-basics"');
    }
    // A card with no review log must be an unrated one.
    const p = payload();
    p.reviewLogs = [];
    const r = parseProgressFile(text(p), KNOWN);
    expect(r.ok === false && r.error.code).toBe("inconsistent");
  });

  it("deep nesting and lone surrogates are refused before anything else, without a stack overflow", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
    const r1 = parseProgressFile(deep, KNOWN);
    expect(r1.ok === false && r1.error.code).toBe("invalid");
    const nested = resigned((o) => ((o.mockInterviews as Record<string, unknown>[])[0].policyState = "x")).replace('"policyState":"x"', `"policyState":${"[".repeat(5000)}${"]".repeat(5000)}`);
    const r2 = parseProgressFile(nested, KNOWN);
    expect(r2.ok === false && r2.error.code).toBe("invalid");
    const lone = resigned((o) => ((o.mockInterviews as { turns: Record<string, unknown>[] }[])[0].turns[0].answer = "a\ud800b"));
    const r3 = parseProgressFile(lone, KNOWN);
    if (r3.ok || r3.error.code !== "invalid") throw new Error(`expected invalid: ${JSON.stringify(r3)}`);
    expect(r3.error.details).toContain("mockInterviews.0.turns.0.answer");
    // Brackets inside strings do not count.
    expect(jsonDepthExceeds(JSON.stringify({ a: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" }), 3)).toBe(false);
  });
});
