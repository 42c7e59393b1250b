import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseUrl, freshDatabase, post, root, startServer, stopServer, type Server } from "../../scripts/load/server";
import { rows } from "../database";

/**
 * Issue 19, part 4: isolation proven. Two learners sign up on one instance in accounts mode; A
 * practises, rates, checks answers, disputes a grade, runs a mock interview and exports. Then B,
 * signed in, tries every route handler, every page and every server action with A's ids (cards,
 * practice sessions, mock interviews and turns, idempotency keys, A's exported file, A's email and
 * password for deleting): nothing of A's is read or changed — A's rows hash the same before and
 * after, and nothing B is answered contains A's ids, name or email. Signed out, every API answers
 * 401 and every page the sign-in page. On SQLite, and on PostgreSQL with TEST_DATABASE=postgresql.
 *
 * The routes, pages and server actions are enumerated from app/ (route.ts, page.tsx, and the
 * exports of "use server" files): a new one without a case here fails the first test.
 */
class Redirect extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}
const request = { cookie: "" };
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ cookie: request.cookie, host: "127.0.0.1", "x-tcp-drill-client": "127.0.0.1" }),
  cookies: async () => {
    const jar = new Map(request.cookie.split("; ").filter(Boolean).map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const));
    return { get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined), set: () => undefined, delete: () => undefined };
  },
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

const SECRET = "isolation-test-secret-0123456789abcdef";
const A = { name: "Alice Isolation", email: "alice.isolation@example.com", password: "alice-password-1" };
const B = { name: "Bob Other", email: "bob.other@example.com", password: "bob-password-12" };

let server: Server;
let cookieA = "";
let cookieB = "";
let idA = "";
let ids: { sessionId: string; mockId: string; turnId: string; itemIds: string[]; cardVersions: Record<string, number>; keys: string[]; exportFile: string; captureId: string; personalId: string };
/** A's drilled capture (issue 21): its name is A's too */
const CAPTURE_NAME = "alice private capture";

let dbUrl = "";
/** Every table whose rows belong to one learner by "userId". */
const OWNED = ["Card", "ReviewLog", "PracticeSession", "MockInterview", "GradeDispute", "UserSettings", "Session", "Account", "Capture", "FittedParameters", "LearnerPlan"];

/** A hash of every row of learner `userId` (progress, mock turns, sessions, sign-in methods, the user row). */
async function learnerSnapshot(userId: string): Promise<string> {
  const h = crypto.createHash("sha256");
  for (const table of OWNED) {
    h.update(table);
    for (const row of await rows(dbUrl, `SELECT * FROM "${table}" WHERE "userId" = ? ORDER BY "${table === "UserSettings" || table === "LearnerPlan" ? "userId" : "id"}"`, userId)) h.update(JSON.stringify(row));
  }
  for (const row of await rows(dbUrl, `SELECT t.* FROM "MockTurn" t JOIN "MockInterview" m ON m."id" = t."interviewId" WHERE m."userId" = ? ORDER BY t."id"`, userId)) h.update(JSON.stringify(row));
  h.update(JSON.stringify(await rows(dbUrl, `SELECT * FROM "User" WHERE "id" = ?`, userId)));
  // personal items (drilled captures) belong to their learner by "ownerId"
  h.update(JSON.stringify(await rows(dbUrl, `SELECT * FROM "Item" WHERE "ownerId" = ? ORDER BY "id"`, userId)));
  return h.digest("hex");
}

async function signUp(who: typeof A): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify(who),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  expect(cookies.some((c) => c.startsWith("better-auth.session_token="))).toBe(true);
  return cookies.join("; ");
}

const as = (cookie: string) => ({ Cookie: cookie, Origin: server.url });
const get = (p: string, cookie: string) => fetch(server.url + p, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

beforeAll(async () => {
  server = await startServer(await freshDatabase("isolation"), { env: { AUTH_MODE: "accounts", BETTER_AUTH_SECRET: SECRET } });
  dbUrl = databaseUrl(server.file);
  cookieA = await signUp(A);
  cookieB = await signUp(B);
  idA = (await rows<{ id: string }>(dbUrl, `SELECT "id" FROM "User" WHERE "email" = ?`, A.email))[0].id;

  // A's progress: a session with three rated cards, a checked answer, a dispute, a mock interview with a draft, settings.
  const session = await post(`${server.url}/api/practice/sessions`, {}, as(cookieA));
  expect(session.status, JSON.stringify(session.json)).toBeLessThan(300);
  const sessionId = session.json.sessionId ?? session.json.id;
  const { queue } = (await (await fetch(`${server.url}/api/practice/queue`, { headers: as(cookieA) })).json()) as { queue: { itemId: string }[] };
  const itemIds = queue.slice(0, 3).map((q) => q.itemId);
  const keys: string[] = [];
  for (const [i, itemId] of itemIds.entries()) {
    const key = `alice-key-${i}-${crypto.randomUUID().slice(0, 8)}`;
    keys.push(key);
    const r = await post(`${server.url}/api/practice/rate`, { itemId, rating: 3, cardVersion: 0, idempotencyKey: key, durationMs: 1000 }, as(cookieA));
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  await post(`${server.url}/api/practice/dispute`, { itemId: "close-wait-meaning", text: "CLOSE_WAIT means the peer closed", chosen: 4 }, as(cookieA));
  const mock = await post(`${server.url}/api/mock/current`, { lengthMinutes: 10, focus: "all", lang: "en" }, as(cookieA));
  expect(mock.status, JSON.stringify(mock.json)).toBe(201);
  await post(`${server.url}/api/mock/draft`, { interviewId: mock.json.interviewId, turnId: mock.json.turnId, draft: "alice draft", elapsedMs: 10 }, as(cookieA));
  const cardVersions = Object.fromEntries(
    (await rows<{ itemId: string; version: number }>(dbUrl, `SELECT "itemId", "version" FROM "Card" WHERE "userId" = ?`, idA)).map((c) => [c.itemId, Number(c.version)]),
  );
  const exportFile = await (await fetch(`${server.url}/api/progress/export`, { headers: as(cookieA) })).text();
  // A drills a capture and rates one of its questions (issue 21)
  const trace = fs.readFileSync(path.join(root, "lib/tcp/captures/client-close.txt"), "utf8");
  const drilled = await post(`${server.url}/api/lab/captures`, { name: CAPTURE_NAME, source: "text", text: trace }, as(cookieA));
  expect(drilled.status, JSON.stringify(drilled.json)).toBe(201);
  const personalId = `cap_${drilled.json.id}_1`;
  const pr = await post(`${server.url}/api/practice/rate`, { itemId: personalId, rating: 3, cardVersion: 0, idempotencyKey: `alice-personal-${crypto.randomUUID().slice(0, 8)}`, durationMs: 1000 }, as(cookieA));
  expect(pr.status, JSON.stringify(pr.json)).toBe(201);
  ids = { sessionId, mockId: mock.json.interviewId, turnId: mock.json.turnId, itemIds, cardVersions, keys, exportFile, captureId: drilled.json.id, personalId };
  expect(Object.keys(cardVersions).length).toBeGreaterThanOrEqual(3);

  // Server actions run in this process, on the same database, as the signed-in learner of request.cookie.
  process.env.DATABASE_URL = dbUrl;
  process.env.AUTH_MODE = "accounts";
  process.env.BETTER_AUTH_SECRET = SECRET;
  process.env.PORT = String(server.port);
}, 180_000);

afterAll(async () => {
  const { disconnectPrisma } = await import("@/lib/server/prisma");
  await disconnectPrisma();
  await stopServer(server);
});

/** The strings that must never reach B (keys[1] and keys[2] B reuses for its own ratings: those become B's too). */
const secretsOfA = () => [A.email, A.name, idA, ids.sessionId, ids.mockId, ids.turnId, ids.keys[0], "alice draft", ids.captureId, CAPTURE_NAME];

/** `requested`: the URL asked for — an id the requester put in it may be echoed back (it is theirs to know). */
function expectNothingOfA(text: string, what: string, requested = "") {
  for (const s of secretsOfA()) if (!requested.includes(s)) expect(text.includes(s), `${what} shows A's ${s}`).toBe(false);
}

type HttpCase = { method: "GET" | "POST" | "DELETE"; path: () => string; body?: () => unknown; contentType?: string; expect: (status: number) => boolean };

/** Every route handler, tried by B with A's ids (several tries per route). */
const ROUTES: Record<string, HttpCase[]> = {
  "/api/auth/[...all]": [{ method: "GET", path: () => "/api/auth/get-session", expect: (s) => s === 200 }],
  "/api/health": [{ method: "GET", path: () => "/api/health", expect: (s) => s === 200 }],
  "/api/lab/annotate": [{ method: "POST", path: () => "/api/lab/annotate", body: () => "1.0 IP a.1 > b.2: Flags [S], seq 1, win 100, length 0", contentType: "text/plain", expect: (s) => s === 200 }],
  "/api/lab/captures": [
    { method: "POST", path: () => "/api/lab/captures", body: () => ({ name: "bob capture", source: "text", text: fs.readFileSync(path.join(root, "lib/tcp/captures/server-close.txt"), "utf8") }), expect: (s) => s === 201 },
  ],
  "/api/lab/captures/[id]": [{ method: "DELETE", path: () => `/api/lab/captures/${ids.captureId}`, expect: (s) => s === 404 }],
  "/api/practice/queue": [{ method: "GET", path: () => "/api/practice/queue", expect: (s) => s === 200 }],
  "/api/practice/sessions": [{ method: "POST", path: () => "/api/practice/sessions", body: () => ({}), expect: (s) => s < 300 }],
  "/api/practice/sessions/[id]": [{ method: "GET", path: () => `/api/practice/sessions/${ids.sessionId}`, expect: (s) => s === 404 }],
  "/api/practice/sessions/[id]/offline": [{ method: "GET", path: () => `/api/practice/sessions/${ids.sessionId}/offline`, expect: (s) => s === 404 }],
  // the offline-practice service worker: the same static file for everyone
  "/serwist/[path]": [{ method: "GET", path: () => "/serwist/sw.js", expect: (s) => s === 200 }],
  "/api/practice/check": [
    { method: "POST", path: () => "/api/practice/check", body: () => ({ sessionId: ids.sessionId, itemId: ids.itemIds[0], responseMs: 1, answer: { type: "flashcard" } }), expect: (s) => s === 404 },
  ],
  "/api/practice/rate": [
    {
      method: "POST",
      path: () => "/api/practice/rate",
      body: () => ({ sessionId: ids.sessionId, itemId: ids.itemIds[0], rating: 1, cardVersion: ids.cardVersions[ids.itemIds[0]], idempotencyKey: `b-${ids.keys[0]}`, durationMs: 1 }),
      expect: (s) => s === 404,
    },
    // A's idempotency key and card version, without a session: B rates B's own card, never A's.
    { method: "POST", path: () => "/api/practice/rate", body: () => ({ itemId: ids.itemIds[1], rating: 1, cardVersion: 0, idempotencyKey: ids.keys[1], durationMs: 1 }), expect: (s) => s === 201 },
    // A's personal item (a question of A's capture): no such question for B
    { method: "POST", path: () => "/api/practice/rate", body: () => ({ itemId: ids.personalId, rating: 1, cardVersion: 1, idempotencyKey: `b-personal-${ids.keys[0]}`, durationMs: 1 }), expect: (s) => s === 404 },
    { method: "POST", path: () => "/api/practice/sessions", body: () => ({ only: [ids.personalId] }), expect: (s) => s === 404 },
    { method: "POST", path: () => "/api/practice/rate", body: () => ({ itemId: ids.itemIds[2], rating: 4, cardVersion: ids.cardVersions[ids.itemIds[2]], idempotencyKey: ids.keys[2], durationMs: 1 }), expect: (s) => s === 409 || s === 201 },
  ],
  "/api/practice/undo": [
    // (nothing of B's to undo in A's session: 409 "nothing to undo", as for any session without B's ratings)
    { method: "POST", path: () => "/api/practice/undo", body: () => ({ sessionId: ids.sessionId }), expect: (s) => s === 404 || s === 409 },
    { method: "POST", path: () => "/api/practice/undo", body: () => ({}), expect: (s) => s < 500 },
  ],
  "/api/practice/dispute": [{ method: "POST", path: () => "/api/practice/dispute", body: () => ({ itemId: "close-wait-meaning", text: "bob says something", chosen: 1 }), expect: (s) => s === 200 }],
  "/api/mock/current": [
    { method: "GET", path: () => "/api/mock/current", expect: (s) => s === 404 },
    { method: "POST", path: () => "/api/mock/current", body: () => ({ lengthMinutes: 10, focus: "all", lang: "zh" }), expect: (s) => s === 201 },
  ],
  "/api/mock/answer": [{ method: "POST", path: () => "/api/mock/answer", body: () => ({ interviewId: ids.mockId, turnId: ids.turnId, answer: "bob's answer", elapsedMs: 5 }), expect: (s) => s === 404 }],
  "/api/mock/draft": [{ method: "POST", path: () => "/api/mock/draft", body: () => ({ interviewId: ids.mockId, turnId: ids.turnId, draft: "bob overwrites", elapsedMs: 5 }), expect: (s) => s === 404 }],
  "/api/progress/export": [{ method: "GET", path: () => "/api/progress/export", expect: (s) => s === 200 }],
  "/api/progress/export/csv": [{ method: "GET", path: () => "/api/progress/export/csv", expect: (s) => s === 200 }],
  "/api/progress/apkg": [{ method: "GET", path: () => "/api/progress/apkg?lang=en", expect: (s) => s === 200 }],
  // A's own exported file, imported by B: at most B's progress becomes a copy; A's rows stay A's.
  "/api/progress/import": [{ method: "POST", path: () => "/api/progress/import", body: () => ids.exportFile, expect: (s) => s < 500 }],
  "/mock/[id]/report/export": [{ method: "GET", path: () => `/mock/${ids.mockId}/report/export`, expect: (s) => s === 404 }],
};

/** Every page, opened by B (with A's ids where the page takes one). */
const PAGES: Record<string, () => string> = {
  "/": () => "/",
  "/practice": () => "/practice",
  "/mock": () => "/mock",
  "/mock/[id]": () => `/mock/${ids.mockId}`,
  "/mock/[id]/report": () => `/mock/${ids.mockId}/report`,
  "/dashboard": () => "/dashboard",
  "/questions": () => "/questions",
  "/questions/[id]": () => "/questions/close-wait-meaning",
  // an item A has practised: B sees B's own (empty) card info of it, nothing of A's reviews
  "/questions/[id]/card": () => `/questions/${ids.itemIds[0]}/card`,
  "/plan": () => "/plan",
  "/lab": () => "/lab",
  "/lab/player": () => "/lab/player",
  "/lab/captures": () => "/lab/captures",
  "/account": () => "/account",
  "/sign-in": () => "/sign-in",
  "/sign-up": () => "/sign-up",
};
/** Pages anyone may open signed out (they have no learner data). */
const PUBLIC_PAGES = new Set(["/sign-in", "/sign-up"]);
// the service worker is a static file, like the scripts it lists (/_next/static): no learner's data
const PUBLIC_ROUTES = new Set(["/api/auth/[...all]", "/api/health", "/serwist/[path]"]);

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

type Actions = Record<string, (...args: unknown[]) => Promise<unknown>>;
/** Every server action, called by B with A's ids; `expect` checks B's answer. */
const ACTIONS: Record<string, (a: Actions) => Promise<unknown>> = {
  "app/actions/preferences.ts#setLocale": (a) => a.setLocale(form({ lang: "zh" })),
  "app/actions/preferences.ts#setTheme": (a) => a.setTheme(form({ theme: "dark" })),
  "app/actions/practice.ts#startPractice": (a) => a.startPractice(),
  "app/actions/practice.ts#updateSettings": (a) => a.updateSettings(null, form({ desiredRetention: "0.8", newPerDay: "3", maxReviewsPerDay: "50", showIntervals: "on" })),
  // fits B's weights on B's reviews (none: too few), never A's
  "app/actions/practice.ts#optimiseWeightsNow": (a) => a.optimiseWeightsNow({ ok: false }, form({})),
  "app/dashboard/actions.ts#startDrill": (a) => a.startDrill(form({ itemId: ids.itemIds[0] })),
  "app/mock/actions.ts#startMockAction": (a) => a.startMockAction({ error: null }, form({ lengthMinutes: "10", focus: "all", lang: "en" })),
  "app/mock/actions.ts#submitAnswerAction": (a) => a.submitAnswerAction({ error: null }, form({ interviewId: ids.mockId, turnId: ids.turnId, answer: "bob's answer", elapsedMs: "5" })),
  "app/mock/actions.ts#endMockAction": (a) => a.endMockAction({ error: null }, form({ interviewId: ids.mockId, elapsedMs: "5" })),
  "app/mock/actions.ts#disputeAction": (a) => a.disputeAction(form({ interviewId: ids.mockId, turnId: ids.turnId, point: "x", note: "bob disputes", back: "report" })),
  "app/account/actions.ts#claimAction": (a) => a.claimAction(null, form({})),
  // A's email and password, submitted by B: refused, nothing deleted.
  "app/account/actions.ts#deleteAccountAction": (a) => a.deleteAccountAction(null, form({ confirm: A.email, password: A.password })),
  // A's capture id, submitted by B: no such capture of B's, nothing deleted
  "app/lab/captures/actions.ts#deleteCaptureAction": (a) => a.deleteCaptureAction(form({ captureId: ids.captureId })),
  "app/account/actions.ts#signOutAction": (a) => a.signOutAction(form({})),
};

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const appFiles = () => walk(path.join(root, "app")).map((f) => path.relative(root, f).split(path.sep).join("/"));
const urlOf = (file: string, leaf: string) => "/" + file.slice("app/".length, -leaf.length).replace(/\/$/, "").replace(/\([^)]*\)\//g, "");

describe("isolation between two learners (AUTH_MODE=accounts)", () => {
  it("has a case for every route handler, page and server action in app/", () => {
    const files = appFiles();
    const routes = files.filter((f) => f.endsWith("/route.ts")).map((f) => urlOf(f, "route.ts").replace(/^\/$/, "/"));
    const pages = files.filter((f) => f.endsWith("/page.tsx") || f === "app/page.tsx").map((f) => (f === "app/page.tsx" ? "/" : urlOf(f, "page.tsx")));
    const actions = files
      .filter((f) => /\.tsx?$/.test(f) && /^["']use server["']/.test(fs.readFileSync(path.join(root, f), "utf8").trimStart()))
      .flatMap((f) => [...fs.readFileSync(path.join(root, f), "utf8").matchAll(/^export async function (\w+)/gm)].map((m) => `${f}#${m[1]}`));
    expect(routes.filter((r) => !(r in ROUTES)), "route handlers without an isolation case").toEqual([]);
    expect(pages.filter((p) => !(p in PAGES)), "pages without an isolation case").toEqual([]);
    expect(actions.filter((a) => !(a in ACTIONS)), "server actions without an isolation case").toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(17);
    expect(actions.length).toBeGreaterThanOrEqual(12);
    // And every page, route and action asks lib/server/users.ts who it acts for (public ones excepted).
    const unguarded = files
      .filter((f) => (f.endsWith("/route.ts") || f.endsWith("page.tsx") || actions.some((a) => a.startsWith(`${f}#`))) && !f.startsWith("app/api/auth/") && !f.startsWith("app/api/health/") && !f.startsWith("app/serwist/"))
      .filter((f) => !f.startsWith("app/sign-") && f !== "app/actions/preferences.ts")
      .filter((f) => !/from "@\/lib\/server\/users"/.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(unguarded, "files that never ask lib/server/users.ts who the request acts for").toEqual([]);
  });

  it("signed out: every API answers 401 JSON and every page sends to the sign-in page", async () => {
    for (const [route, cases] of Object.entries(ROUTES)) {
      if (PUBLIC_ROUTES.has(route)) continue;
      for (const c of cases) {
        const body = c.body?.();
        const res = await fetch(server.url + c.path(), {
          method: c.method,
          headers: body === undefined ? { Origin: server.url } : { "Content-Type": c.contentType ?? "application/json", Origin: server.url },
          body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
          redirect: "manual",
        });
        const text = await res.text();
        if (route === "/mock/[id]/report/export") expect([307, 303], `${route} → ${res.status}`).toContain(res.status);
        else {
          expect(res.status, `${c.method} ${c.path()} → ${res.status} ${text.slice(0, 120)}`).toBe(401);
          expect(JSON.parse(text).error.code).toBe("sign_in_required");
        }
      }
    }
    for (const [page, url] of Object.entries(PAGES)) {
      if (PUBLIC_PAGES.has(page)) continue;
      const res = await get(url(), "");
      const text = await res.text();
      const toSignIn = (res.status === 307 && res.headers.get("location")?.startsWith("/sign-in")) || (res.status === 200 && /http-equiv="refresh" content="[^"]*\/sign-in/.test(text));
      expect(toSignIn, `${page} signed out → ${res.status} ${res.headers.get("location")}`).toBe(true);
      expectNothingOfA(text, `${page} signed out`, url());
    }
  }, 120_000);

  it("B, with A's ids, neither reads nor changes anything of A's through any route or page", async () => {
    const before = await learnerSnapshot(idA);
    for (const [route, cases] of Object.entries(ROUTES)) {
      for (const c of cases) {
        const body = c.body?.();
        const res = await fetch(server.url + c.path(), {
          method: c.method,
          headers: { ...as(cookieB), ...(body === undefined ? {} : { "Content-Type": c.contentType ?? "application/json" }) },
          body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        });
        const text = await res.text();
        expect(c.expect(res.status), `${route}: ${c.method} ${c.path()} → ${res.status} ${text.slice(0, 160)}`).toBe(true);
        if (route !== "/api/progress/import") expectNothingOfA(text, `${c.method} ${c.path()}`, c.path());
      }
    }
    // After importing A's file, B's own export still names nothing of A's (the file carries no user or session ids).
    // (what the file itself carried, B had; nothing else of A's — user id, email, name — came with it)
    expectNothingOfA(await (await fetch(`${server.url}/api/progress/export`, { headers: as(cookieB) })).text(), "B's export after the import", ids.exportFile);
    for (const s of [A.email, A.name, idA]) expect(ids.exportFile.includes(s), `A's export names ${s}`).toBe(false);
    for (const [page, url] of Object.entries(PAGES)) {
      const res = await get(url(), cookieB);
      const text = await res.text();
      expect(res.status, `${page} → ${res.status}`).toBeLessThan(500);
      if (page.includes("[id]") && page.startsWith("/mock")) expect(res.status, `${page} with A's id`).toBe(404);
      expectNothingOfA(text, `page ${page}`, url());
    }
    const session = (await (await get("/api/auth/get-session", cookieB)).json()) as { user: { email: string } };
    expect(session.user.email).toBe(B.email);
    expect(await learnerSnapshot(idA)).toBe(before);
  }, 180_000);

  it("B, with A's ids, neither reads nor changes anything of A's through any server action", async () => {
    const before = await learnerSnapshot(idA);
    const actions = {
      ...(await import("@/app/actions/preferences")),
      ...(await import("@/app/actions/practice")),
      ...(await import("@/app/dashboard/actions")),
      ...(await import("@/app/mock/actions")),
      ...(await import("@/app/account/actions")),
      ...(await import("@/app/lab/captures/actions")),
    } as unknown as Actions;
    const outcomes: Record<string, unknown> = {};
    for (const [name, run] of Object.entries(ACTIONS)) {
      request.cookie = cookieB;
      try {
        outcomes[name] = await run(actions);
      } catch (e) {
        if (!(e instanceof Redirect)) throw new Error(`${name} threw: ${e instanceof Error ? e.message : String(e)}`);
        outcomes[name] = e.url;
      }
      expectNothingOfA(JSON.stringify(outcomes[name] ?? null), name);
    }
    expect((outcomes["app/mock/actions.ts#submitAnswerAction"] as { error?: string }).error).toBeTruthy();
    expect((outcomes["app/mock/actions.ts#endMockAction"] as { error?: string }).error).toBeTruthy();
    expect(outcomes["app/account/actions.ts#claimAction"]).toEqual({ outcome: "nothing" });
    expect(outcomes["app/account/actions.ts#deleteAccountAction"]).toEqual({ error: "mismatch" });
    expect(outcomes["app/account/actions.ts#signOutAction"]).toBe("/sign-in");
    expect(outcomes["app/lab/captures/actions.ts#deleteCaptureAction"]).toBe("/lab/captures?deleted=none");
    // B's own few reviews: too few to fit (or no optimiser on this platform); A's weights untouched (snapshot)
    expect(["too_few", "unavailable"]).toContain((outcomes["app/actions/practice.ts#optimiseWeightsNow"] as { status?: string }).status);
    expect(await learnerSnapshot(idA)).toBe(before);
    // Signed out, an action sends to the sign-in page and changes nothing.
    request.cookie = "";
    await expect(actions.startPractice()).rejects.toMatchObject({ url: "/sign-in" });
    // A is still signed in and sees A's progress.
    const mine = (await (await get("/api/auth/get-session", cookieA)).json()) as { user: { email: string } };
    expect(mine.user.email).toBe(A.email);
    expect(await learnerSnapshot(idA)).toBe(before);
  }, 120_000);

  it("deleting B's account deletes B's rows in one go and nothing of A's", async () => {
    const before = await learnerSnapshot(idA);
    const bob = await fetch(`${server.url}/api/auth/sign-in/email`, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify({ email: B.email, password: B.password }) });
    expect(bob.status).toBe(200);
    request.cookie = bob.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { deleteAccountAction } = (await import("@/app/account/actions")) as unknown as Actions;
    expect(await deleteAccountAction(null, form({ confirm: B.email, password: "wrong-password" }))).toEqual({ error: "wrongPassword" });
    await expect(deleteAccountAction(null, form({ confirm: B.email.toUpperCase(), password: B.password }))).rejects.toMatchObject({ url: "/sign-in?deleted=1" });
    const idB = await rows(dbUrl, `SELECT "id" FROM "User" WHERE "email" = ?`, B.email);
    let orphans = 0;
    for (const t of OWNED)
      orphans += Number((await rows<{ n: number }>(dbUrl, `SELECT COUNT(*) AS "n" FROM "${t}" WHERE "userId" NOT IN (SELECT "id" FROM "User")`))[0].n);
    const left = { idB: idB[0], orphans };
    expect(left).toEqual({ idB: undefined, orphans: 0 });
    expect(await learnerSnapshot(idA)).toBe(before);
  }, 60_000);

  it("session cookies are HttpOnly and SameSite=Lax; sign-in is rate-limited per address in the database", async () => {
    const signIn = (password: string) =>
      fetch(`${server.url}/api/auth/sign-in/email`, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify({ email: A.email, password }) });
    const ok = await signIn(A.password);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i); // plain http on loopback; BETTER_AUTH_URL=https://… makes it Secure
    // Another origin's POST is refused by better-auth's Origin check (and by the gate before it).
    const cross = await fetch(`${server.url}/api/auth/sign-in/email`, { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://evil.example" }, body: JSON.stringify({ email: A.email, password: A.password }) });
    expect(cross.status).toBe(403);
    expect(cross.headers.getSetCookie()).toEqual([]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn("wrong-password")).status);
    expect(statuses.filter((s) => s === 429).length, statuses.join(",")).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    // Even the right password waits out the window now, and the counter is a row of the database.
    const limited = await signIn(A.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    const limits = await rows<{ key: string; count: number }>(dbUrl, `SELECT "key", "count" FROM "RateLimit" WHERE "key" LIKE '%sign-in/email'`);
    expect(limits).toEqual([expect.objectContaining({ key: "127.0.0.1|/sign-in/email" })]);
    expect(Number(limits[0].count)).toBeGreaterThanOrEqual(5);
  }, 60_000);
});
