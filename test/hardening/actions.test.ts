import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { boolParam, bootstrapTestDatabase, contentDigest, execute, scratchDatabase, testProvider, type TestDatabase } from "../database";

/**
 * Hostile input to every server action, called as Next.js calls them (with FormData), with the
 * request's headers and cookies stubbed: thousands of generated submissions with wrong types,
 * missing and extra fields, huge and binary strings, unknown, retired and another user's ids, and
 * another origin. Each must end in a refusal (an error state, or a redirect back) — never an
 * exception — and the database must be unchanged.
 */
class Redirect extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}
const request = { headers: new Headers(), cookies: new Map<string, string>(), sets: 0 };
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => {
      request.sets++;
      request.cookies.set(name, value);
    },
  }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
  notFound: () => {
    throw new Redirect("404");
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let testDb: TestDatabase;
let actions: {
  setLocale: (f: FormData) => Promise<void>;
  setTheme: (f: FormData) => Promise<void>;
  updateSettings: (p: unknown, f: FormData) => Promise<unknown>;
  startDrill: (f: FormData) => Promise<void>;
  startMockAction: (p: unknown, f: FormData) => Promise<unknown>;
  submitAnswerAction: (p: unknown, f: FormData) => Promise<unknown>;
  endMockAction: (p: unknown, f: FormData) => Promise<unknown>;
  disputeAction: (f: FormData) => Promise<void>;
  claimAction: (p: unknown, f: FormData) => Promise<unknown>;
  deleteAccountAction: (p: unknown, f: FormData) => Promise<unknown>;
  signOutAction: (f: FormData) => Promise<void>;
};
const RETIRED = "retired-question-for-tests";
let foreign: { mockId: string; turnId: string };

const checksum = () => contentDigest(testDb.url);

beforeAll(async () => {
  testDb = await scratchDatabase("actions");
  await bootstrapTestDatabase(testDb);
  process.env.DATABASE_URL = testDb.url;
  const url = testDb.url;
  const now = new Date().toISOString().replace("Z", "+00:00");
  foreign = { mockId: "mock-of-b", turnId: "turn-of-b" };
  await execute(url, `INSERT INTO "User" ("id", "name", "isLocal", "createdAt") VALUES ('user-b', 'B', ?, ?)`, boolParam(url, false), now);
  await execute(
    url,
    `INSERT INTO "MockInterview" ("id", "userId", "lengthMinutes", "focus", "lang", "seed", "status", "policyState", "startedAt") VALUES (?, 'user-b', 10, 'all', 'en', 1, 'active', '{}', ?)`,
    foreign.mockId, now,
  );
  await execute(url, `INSERT INTO "MockTurn" ("id", "interviewId", "index", "itemId", "kind", "askedAt") VALUES (?, ?, 0, 'close-wait-meaning', 'opening', ?)`, foreign.turnId, foreign.mockId, now);
  await execute(url, `INSERT INTO "Item" ("id", "topic", "type", "difficulty", "frequency", "contentHash", "retiredAt", "createdAt", "updatedAt") VALUES (?, 'rst', 'open', 1, 1, 'x', ?, ?, ?)`, RETIRED, now, now, now);
  actions = {
    ...(await import("@/app/actions/preferences")),
    ...(await import("@/app/actions/practice")),
    ...(await import("@/app/dashboard/actions")),
    ...(await import("@/app/mock/actions")),
    ...(await import("@/app/account/actions")),
  } as unknown as typeof actions;
});

afterAll(async () => {
  const { disconnectPrisma } = await import("@/lib/server/prisma");
  await disconnectPrisma();
  await testDb.drop();
});

const junk = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.integer().map(String),
  fc.constantFrom("", " ", "null", "undefined", "NaN", "-1", "1e309", "0x10", "<script>alert(1)</script>", "javascript:alert(1)", "../../etc/passwd"),
  fc.integer({ min: 30_000, max: 200_000 }).map((n) => "字".repeat(n)),
  fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString("latin1")),
);
const foreignIds = fc.constantFrom("mock-of-b", "turn-of-b", RETIRED, "no-such-id", "close-wait-meaning");

function form(fields: Record<string, string | string[] | undefined>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  }
  return f;
}

/** Runs one action call; a redirect is a normal way for an action to answer. */
async function call(fn: () => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof Redirect) return { ok: true, value: e.url };
    return { ok: false, error: e };
  }
}

interface Case {
  name: string;
  arb: fc.Arbitrary<Record<string, string | string[] | undefined>>;
  run: (f: FormData) => Promise<unknown>;
  /** what a refusal must look like */
  refused: (value: unknown) => boolean;
}

const CASES: () => Case[] = () => [
  {
    name: "setLocale",
    arb: fc.record({ lang: junk.filter((v) => v !== "zh" && v !== "en"), extra: junk }, { requiredKeys: [] }),
    run: (f) => actions.setLocale(f),
    refused: () => true,
  },
  {
    name: "setTheme",
    arb: fc.record({ theme: junk.filter((v) => !["system", "light", "dark"].includes(v)), extra: junk }, { requiredKeys: [] }),
    run: (f) => actions.setTheme(f),
    refused: () => true,
  },
  {
    name: "updateSettings",
    arb: fc.record(
      { desiredRetention: fc.oneof(junk, fc.constantFrom("0.5", "1.5", "0")), newPerDay: fc.oneof(junk, fc.constantFrom("-1", "101", "2.5")), maxReviewsPerDay: junk, showIntervals: junk },
      { requiredKeys: ["desiredRetention"] },
    ).filter((r) => !(Number(r.desiredRetention) >= 0.7 && Number(r.desiredRetention) <= 0.99)),
    run: (f) => actions.updateSettings(null, f),
    refused: (v) => (v as { ok?: boolean } | null)?.ok === false,
  },
  {
    name: "startDrill",
    arb: fc.record({ itemId: fc.array(fc.oneof(junk, fc.constantFrom(RETIRED, "no-such-item")), { maxLength: 30 }) }),
    run: (f) => actions.startDrill(f),
    refused: (v) => v === "/dashboard?drill=invalid",
  },
  {
    name: "startMockAction",
    arb: fc.record({ lengthMinutes: fc.oneof(junk, fc.constantFrom("5", "15", "60", "10.5")), focus: junk, lang: junk }),
    run: (f) => actions.startMockAction({ error: null }, f),
    refused: (v) => typeof (v as { error?: unknown })?.error === "string",
  },
  {
    name: "submitAnswerAction",
    arb: fc.record({ interviewId: fc.oneof(foreignIds, junk), turnId: fc.oneof(foreignIds, junk), answer: junk, elapsedMs: junk, timeUp: junk }, { requiredKeys: [] }),
    run: (f) => actions.submitAnswerAction({ error: null }, f),
    refused: (v) => typeof (v as { error?: unknown })?.error === "string",
  },
  {
    name: "endMockAction",
    arb: fc.record({ interviewId: fc.oneof(foreignIds, junk), elapsedMs: junk, answer: junk }, { requiredKeys: [] }),
    run: (f) => actions.endMockAction({ error: null }, f),
    refused: (v) => typeof (v as { error?: unknown })?.error === "string",
  },
  {
    name: "disputeAction",
    arb: fc.record({ interviewId: fc.oneof(foreignIds, junk), turnId: fc.oneof(foreignIds, junk), point: junk, note: junk, back: fc.oneof(junk, fc.constantFrom("report", "interview")) }, { requiredKeys: [] }),
    run: (f) => actions.disputeAction(f),
    refused: (v) => v === undefined,
  },
  // Local mode (this suite's): the account actions have no account to act on and change nothing.
  {
    name: "claimAction",
    arb: fc.record({ extra: junk }, { requiredKeys: [] }),
    run: (f) => actions.claimAction(null, f),
    refused: (v) => (v as { outcome?: string })?.outcome === "nothing",
  },
  {
    name: "deleteAccountAction",
    arb: fc.record({ confirm: junk, password: junk }, { requiredKeys: [] }),
    run: (f) => actions.deleteAccountAction(null, f),
    refused: (v) => (v as { error?: string })?.error === "failed",
  },
  {
    name: "signOutAction",
    arb: fc.record({ extra: junk }, { requiredKeys: [] }),
    run: (f) => actions.signOutAction(f),
    refused: (v) => v === "/",
  },
];

describe(`server actions under hostile input (${testProvider()})`, () => {
  it("refuse every one of 10,000+ generated submissions without an exception, and change nothing", async () => {
    const before = await checksum();
    const failures: string[] = [];
    let sent = 0;
    const cases = CASES();
    const per = Math.ceil(10_400 / cases.length);
    for (const c of cases) {
      const samples = fc.sample(fc.tuple(c.arb, fc.boolean()), { numRuns: per, seed: 99 });
      for (const [fields, crossSite] of samples) {
        request.headers = new Headers(crossSite ? { origin: "http://evil.example", host: "127.0.0.1:3000" } : { host: "127.0.0.1:3000" });
        request.sets = 0;
        sent++;
        const r = await call(() => c.run(form(fields)));
        if (!r.ok) {
          if (failures.length < 15) failures.push(`${c.name} threw ${(r.error as Error)?.message ?? r.error} for ${JSON.stringify(fields).slice(0, 150)}`);
        } else if (!c.refused(r.value) && !(crossSite && (r.value === undefined || (r.value as { error?: string })?.error === "cross_origin"))) {
          if (failures.length < 15) failures.push(`${c.name} did not refuse ${JSON.stringify(fields).slice(0, 150)}: ${JSON.stringify(r.value).slice(0, 100)}`);
        }
        if ((c.name === "setLocale" || c.name === "setTheme") && request.sets > 0 && failures.length < 15) failures.push(`${c.name} set a cookie for ${JSON.stringify(fields)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(await checksum()).toBe(before);
    console.log(`server actions: ${sent} hostile submissions refused, database unchanged`);
  }, 300_000);

  it("refuse another origin for the mock interview's actions even with valid input", async () => {
    const before = await checksum();
    request.headers = new Headers({ origin: "http://evil.example", host: "127.0.0.1:3000" });
    const r = await call(() => actions.startMockAction({ error: null }, form({ lengthMinutes: "10", focus: "all", lang: "en" })));
    expect(r).toEqual({ ok: true, value: { error: "cross_origin" } });
    expect(await checksum()).toBe(before);
  });
});
