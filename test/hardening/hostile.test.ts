import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, freshDatabase, post, startServer, stopServer, type Server } from "../../scripts/load/server";
import { boolParam, contentDigest, execute, testProvider } from "../database";

/**
 * Hostile input: at least 10,000 generated requests across every route handler — wrong types,
 * missing and extra fields, huge and binary bodies, unknown and retired ids, stale card states,
 * another user's ids, other origins. Each must get a 4xx with a clear message (never a 5xx, never
 * a stack trace), and the database must be byte-for-byte the same afterwards.
 */
let server: Server;
let other: { userId: string; sessionId: string; mockId: string; turnId: string };
const RETIRED = "retired-question-for-tests";

const checksum = (database: string) => contentDigest(databaseUrl(database));

beforeAll(async () => {
  server = await startServer(await freshDatabase("hostile"));
  const url = databaseUrl(server.file);
  // Some real progress for the local user.
  const { queue } = (await (await fetch(`${server.url}/api/practice/queue`)).json()) as { queue: { itemId: string }[] };
  for (const [i, q] of queue.slice(0, 3).entries()) {
    await post(`${server.url}/api/practice/rate`, { itemId: q.itemId, rating: 3, cardVersion: 0, idempotencyKey: `seed-${i}-key`, durationMs: 1 });
  }
  await post(`${server.url}/api/practice/sessions`, {});
  // Another user with a session, a card and a mock interview; and a retired item.
  const now = new Date().toISOString().replace("Z", "+00:00");
  other = { userId: "user-b", sessionId: "session-of-b", mockId: "mock-of-b", turnId: "turn-of-b" };
  await execute(url, `INSERT INTO "User" ("id", "name", "isLocal", "createdAt") VALUES (?, 'B', ?, ?)`, other.userId, boolParam(url, false), now);
  await execute(url, `INSERT INTO "PracticeSession" ("id", "userId", "queue", "position", "seed", "startedAt") VALUES (?, ?, ?, 0, 1, ?)`, other.sessionId, other.userId, JSON.stringify([queue[0].itemId]), now);
  await execute(
    url,
    `INSERT INTO "MockInterview" ("id", "userId", "lengthMinutes", "focus", "lang", "seed", "status", "policyState", "startedAt") VALUES (?, ?, 10, 'all', 'en', 1, 'active', '{}', ?)`,
    other.mockId, other.userId, now,
  );
  await execute(url, `INSERT INTO "MockTurn" ("id", "interviewId", "index", "itemId", "kind", "askedAt") VALUES (?, ?, 0, ?, 'opening', ?)`, other.turnId, other.mockId, queue[0].itemId, now);
  await execute(url, `INSERT INTO "Item" ("id", "topic", "type", "difficulty", "frequency", "contentHash", "retiredAt", "createdAt", "updatedAt") VALUES (?, 'rst', 'open', 1, 1, 'x', ?, ?, ?)`, RETIRED, now, now, now);
});

afterAll(async () => {
  await stopServer(server);
});

const ids = fc.oneof(
  fc.constantFrom("close-wait-meaning", RETIRED, "no-such-item", "session-of-b", "mock-of-b", "turn-of-b", "", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --"),
  fc.string({ maxLength: 40 }),
);
const junk = fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 200 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)).filter((v) => v !== undefined);
const hugeString = fc.integer({ min: 70_000, max: 300_000 }).map((n) => "x".repeat(n));

/** A body that is never a valid request: wrong types, stale versions, foreign or unknown ids, extra fields. */
function bodies(fields: Record<string, fc.Arbitrary<unknown>>) {
  const keys = Object.keys(fields);
  return fc.oneof(
    junk.map((v) => JSON.stringify(v ?? null)),
    fc.record(Object.fromEntries(keys.map((k) => [k, junk])), { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.record({ ...fields, extra: junk }).map((o) => JSON.stringify(o)),
    fc.record(fields, { requiredKeys: keys.slice(1) }).map((o) => JSON.stringify(o)),
    hugeString.map((s) => JSON.stringify({ [keys[0]]: s })),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
  );
}

interface Target {
  name: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: fc.Arbitrary<string>;
  body?: fc.Arbitrary<string>;
  contentType?: string;
  /** statuses that are fine for read-only requests (e.g. 200 for a GET with an unknown filter) */
  okStatuses?: number[];
}

const rateFields = {
  itemId: ids,
  rating: fc.oneof(fc.integer({ min: 1, max: 4 }), junk),
  cardVersion: fc.oneof(fc.integer({ min: 500, max: 10_000 }), junk), // stale
  idempotencyKey: fc.oneof(fc.stringMatching(/^[a-z0-9]{8,20}$/), junk),
  durationMs: fc.oneof(fc.integer({ min: 0, max: 1000 }), junk),
  sessionId: fc.oneof(fc.constant("session-of-b"), ids),
};

const TARGETS: Target[] = [
  { name: "rate", method: "POST", path: fc.constant("/api/practice/rate"), body: bodies(rateFields) },
  {
    name: "check",
    method: "POST",
    path: fc.constant("/api/practice/check"),
    body: bodies({ sessionId: fc.oneof(fc.constant("session-of-b"), ids), itemId: ids, responseMs: junk, answer: junk }),
  },
  // ({} and {sessionId: null} are valid undo requests: only foreign, unknown or malformed sessions here)
  {
    name: "undo",
    method: "POST",
    path: fc.constant("/api/practice/undo"),
    body: fc.oneof(
      fc.constantFrom("session-of-b", "no-such-session", "x").map((sessionId) => JSON.stringify({ sessionId })),
      fc.record({ sessionId: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }).map((x) => x + "<>"), fc.array(fc.integer())) }).map((o) => JSON.stringify(o)),
      fc.record({ sessionId: fc.constant("session-of-b"), extra: junk }).map((o) => JSON.stringify(o)),
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1") + "{"),
      hugeString.map((x) => JSON.stringify({ sessionId: x })),
    ),
  },
  // ({} resumes the current session: only drills of unknown, retired or malformed ids here)
  {
    name: "sessions",
    method: "POST",
    path: fc.constant("/api/practice/sessions"),
    body: fc.oneof(
      fc.array(fc.constantFrom(RETIRED, "no-such-item", "../x", "<b>"), { minLength: 1, maxLength: 60 }).map((only) => JSON.stringify({ only })),
      fc.record({ only: junk.filter((v) => v !== undefined) }).map((o) => JSON.stringify(o)),
      fc.record({ only: fc.constant(["close-wait-meaning"]), extra: junk }).map((o) => JSON.stringify(o)),
      hugeString.map((x) => JSON.stringify({ only: [x] })),
    ),
  },
  { name: "session view", method: "GET", path: ids.map((i) => `/api/practice/sessions/${encodeURIComponent(i || "x")}`) },
  {
    name: "mock draft",
    method: "POST",
    path: fc.constant("/api/mock/draft"),
    body: bodies({ interviewId: fc.oneof(fc.constant("mock-of-b"), ids), turnId: fc.oneof(fc.constant("turn-of-b"), ids), draft: junk, elapsedMs: junk }),
  },
  {
    name: "mock start",
    method: "POST",
    path: fc.constant("/api/mock/current"),
    body: bodies({ lengthMinutes: fc.oneof(fc.constantFrom(5, 15, 60, "10"), junk), focus: junk, lang: junk }),
  },
  {
    name: "mock answer",
    method: "POST",
    path: fc.constant("/api/mock/answer"),
    body: bodies({ interviewId: fc.oneof(fc.constant("mock-of-b"), ids), turnId: fc.oneof(fc.constant("turn-of-b"), ids), answer: junk, elapsedMs: junk }),
  },
  { name: "mock current (none in progress)", method: "GET", path: fc.constant("/api/mock/current") },
  { name: "import", method: "POST", path: fc.constant("/api/progress/import"), body: bodies({ format: junk, version: junk, checksum: junk, data: junk }) },
  {
    name: "lab annotate (wrong type)",
    method: "POST",
    path: fc.constant("/api/lab/annotate"),
    body: fc.string({ maxLength: 100 }),
    contentType: "application/x-www-form-urlencoded",
  },
  { name: "wrong method", method: "PUT", path: fc.constantFrom("/api/practice/rate", "/api/health", "/api/progress/import", "/api/practice/queue"), body: fc.constant("{}") },
  { name: "mock report of another user", method: "GET", path: fc.constant("/mock/mock-of-b/report/export") },
];

describe(`hostile requests (${testProvider()})`, () => {
  it("answer every one of 10,000+ generated requests with a clear 4xx and change nothing", async () => {
    const before = await checksum(server.file);
    const failures: string[] = [];
    let sent = 0;
    const crossOrigin = fc.boolean().map((b): Record<string, string> => (b ? { Origin: "http://evil.example" } : {}));
    const perTarget = Math.ceil(10_200 / TARGETS.length);
    for (const t of TARGETS) {
      const samples = fc.sample(fc.tuple(t.path, t.body ?? fc.constant(undefined), fc.oneof(fc.constant<Record<string, string>>({}), crossOrigin)), { numRuns: perTarget, seed: 4242 });
      // 20 requests at a time, like a busy client.
      for (let i = 0; i < samples.length; i += 20) {
        await Promise.all(
          samples.slice(i, i + 20).map(async ([path, body, extra]) => {
            const headers: Record<string, string> = { ...(extra as Record<string, string>) };
            sent++;
            const res = await fetch(server.url + path, {
              method: t.method,
              headers: { ...(body !== undefined ? { "Content-Type": t.contentType ?? "application/json" } : {}), ...headers },
              body,
            });
            const text = await res.text();
            const bad =
              res.status >= 500 ||
              (res.status < 400 && !(t.okStatuses ?? []).includes(res.status)) ||
              /\bat \S+:\d+:\d+|node_modules|Error: /.test(text);
            if (bad && failures.length < 20) failures.push(`${t.name} ${t.method} ${path} → ${res.status}: ${text.slice(0, 200)} (body ${String(body).slice(0, 120)})`);
            if (res.status >= 400 && res.headers.get("content-type")?.includes("json")) {
              // A clear message: {error: {message}} (the API's shape) or {message} (the import's).
              const j = JSON.parse(text) as { error?: { message?: unknown }; message?: unknown };
              const message = j.error?.message ?? j.message;
              if ((typeof message !== "string" || message.length < 10) && failures.length < 20)
                failures.push(`${t.name}: 4xx without a clear message: ${text.slice(0, 200)}`);
            }
          }),
        );
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(await checksum(server.file)).toBe(before);
    console.log(`hostile: ${sent} requests, all refused with 4xx, database unchanged`);
  }, 900_000);
});

describe(`two users in one database (${testProvider()})`, () => {
  it("never lets the local user read or change the other user's progress", async () => {
    const before = await checksum(server.file);
    const view = await fetch(`${server.url}/api/practice/sessions/${other.sessionId}`);
    expect(view.status).toBe(404);
    const check = await post(`${server.url}/api/practice/check`, { sessionId: other.sessionId, itemId: "close-wait-meaning", responseMs: 1, answer: { type: "flashcard" } });
    expect(check.status).toBe(404);
    const rate = await post(`${server.url}/api/practice/rate`, { sessionId: other.sessionId, itemId: "close-wait-meaning", rating: 3, cardVersion: 0, idempotencyKey: "foreign-session-key", durationMs: 1 });
    expect(rate.status).toBe(404);
    const draft = await post(`${server.url}/api/mock/draft`, { interviewId: other.mockId, turnId: other.turnId, draft: "mine now", elapsedMs: 1 });
    expect(draft.status).toBe(404);
    expect((await fetch(`${server.url}/mock/${other.mockId}/report/export`)).status).toBe(404);
    expect((await fetch(`${server.url}/mock/${other.mockId}`)).status).toBe(404);
    // The export holds only the local user's rows.
    const exported = await (await fetch(`${server.url}/api/progress/export`)).text();
    expect(exported).not.toContain(other.sessionId);
    expect(exported).not.toContain(other.mockId);
    expect(exported).not.toContain(other.userId);
    expect(await checksum(server.file)).toBe(before);
  });
});
