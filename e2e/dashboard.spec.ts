import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { TOPICS } from "../lib/content/topics";
import { checksumOf } from "../lib/dashboard/progress-file";
import { localUserId, ts, withE2eDb, type E2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, setThemeCookie, wipeProgress } from "./helpers";

/**
 * The progress dashboard end to end. The specs share the run's database and its local user, so
 * they run in order; rows for the fixtures are written straight into the run's database (either
 * provider, e2e/db.ts), the practice session through its HTTP API.
 */
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
async function counts() {
  return withE2eDb(async (db) => {
    const u = await localUserId(db);
    const n = async (table: string) => Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE "userId" = ?`, u))!.n);
    return { cards: await n("Card"), logs: await n("ReviewLog"), mocks: await n("MockInterview") };
  });
}

/** Deletes the local user's progress, as a fresh install would have it. */
const wipe = wipeProgress;

const UTC_TODAY = Math.floor(Date.now() / DAY);
const at = (daysAgo: number, hour = 12) => (UTC_TODAY - daysAgo) * DAY + hour * 3_600_000;

/**
 * A history whose figures are known by hand (days in UTC; the browser runs in UTC):
 * - reviews 1, 2, 3 days ago (mature: interval 30 d; ratings Good, Again, Good) → current streak 3
 * - reviews 10–14 days ago (young: interval 5 d) → longest streak 5
 * - a mature Again 40 days ago (outside the 30-day retention window), an undone mature Again
 *   yesterday (ignored everywhere)
 * → true retention 2 of 3 = 67 %; 9 reviews on 9 days in the last year; 8 reviews and 8 minutes
 *   in the last 30 days; one leech (failed 9 times); mock scores 60 then 75.
 */
async function seedFixture(): Promise<string[]> {
  return withE2eDb(
    async (db) => {
      const u = await localUserId(db);
      const items = (await db.all<{ id: string }>(`SELECT "id" FROM "Item" WHERE "retiredAt" IS NULL ORDER BY "id" LIMIT 7`)).map((r) => r.id);
      const prev = JSON.stringify({ due: new Date(0).toISOString(), stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 0, lastReview: null });
      // Seven cards, reviewed at various times with various stabilities, so recall differs.
      for (const [i, itemId] of items.entries()) {
        const last = at(1 + i * 5);
        await db.run(
          `INSERT INTO "Card" ("id", "userId", "itemId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "failures", "leech", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 5, 0, 30, 0, 3, ?, 2, ?, 3, ?, ?, ?, ?)`,
          `fx-card-${i}`, u, itemId, ts(last + 30 * DAY), 2 + i * 3, i === 0 ? 9 : 0, ts(last), i === 0 ? 9 : 0, db.bool(i === 0), ts(last), ts(last),
        );
      }
      let k = 0;
      const add = async (daysAgo: number, rating: number, scheduledDays: number, undone = false) => {
        const c = k % items.length;
        await db.run(
          `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "itemId", "idempotencyKey", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "previousCard", "cardVersion", "durationMs", "correct", "suggestedRating", "source", "sessionId", "undoneAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, 2, ?, 10, 5, 5, 0, ?, 0, ?, ?, 1, 60000, NULL, NULL, 'practice', NULL, ?, ?)`,
          `fx-log-${k}`, u, `fx-card-${c}`, items[c], `fx-key-${k}`, rating, ts(at(daysAgo)), scheduledDays, ts(at(daysAgo)), prev, undone ? ts(at(daysAgo) + 60_000) : null, ts(at(daysAgo)),
        );
        k++;
      };
      await add(1, 3, 30);
      await add(2, 1, 30);
      await add(3, 3, 30);
      for (let d = 10; d <= 14; d++) await add(d, 3, 5);
      await add(40, 1, 30);
      await add(1, 1, 30, true);
      await insertMocks(db, u, [ts(at(6)), ts(at(6) + 1_200_000), ts(at(2)), ts(at(2) + 1_200_000)]);
      return items;
    },
    { transaction: true },
  );
}

/** The two finished mock interviews of the fixtures (their report links must survive a re-import). */
async function insertMocks(db: E2eDb, u: string, [s1, e1, s2, e2]: string[]) {
  await db.run(
    `INSERT INTO "MockInterview" ("id", "userId", "lengthMinutes", "focus", "lang", "seed", "status", "policyState", "startedAt", "endedAt", "score") VALUES ('fx-mock-1', ?, 20, 'all', 'en', 1, 'finished', '{}', ?, ?, 60), ('fx-mock-2', ?, 20, 'all', 'en', 2, 'finished', '{}', ?, ?, 75)`,
    u, s1, e1, u, s2, e2,
  );
}

/** Every number the dashboard shows, as text, to compare two renders. */
async function figures(page: Page) {
  return page.evaluate(() => {
    const texts = (sel: string) => [...document.querySelectorAll(sel)].map((e) => e.textContent?.trim() ?? "");
    return {
      stats: texts('[data-testid^="stat-"]'),
      readiness: texts('[data-testid="dash-readiness"] li'),
      // (sorted: the calibration and workload panels stream in after the rest, so their place in the DOM
      // while React moves them in is not part of what is compared)
      summaries: texts('[data-testid^="dash-"] [data-testid="summary"]').sort(),
      mastery: texts('[data-testid="dash-mastery"] table tbody tr'),
      forecast: texts('[data-testid="dash-forecast"] table tbody tr'),
      weakest: [...document.querySelectorAll('[data-testid="dash-weakest"] li')].map((li) => li.getAttribute("data-item-id")),
      leeches: texts('[data-testid="dash-leeches"] li'),
    };
  });
}

const stat = (page: Page, id: string) => page.getByTestId(`stat-${id}`).locator("dd");
const summary = (page: Page, id: string) => page.getByTestId(`dash-${id}`).getByTestId("summary");

async function practiseThroughApi(request: APIRequestContext, ratings: (1 | 2 | 3 | 4)[]) {
  const started = await request.post("/api/practice/sessions", { data: {} });
  expect(started.status(), await started.text()).toBe(201);
  const { sessionId } = (await started.json()) as { sessionId: string };
  for (const rating of ratings) {
    const view = (await (await request.get(`/api/practice/sessions/${sessionId}`)).json()) as { current: { item: { itemId: string }; cardVersion: number } };
    const rated = await request.post("/api/practice/rate", {
      data: { sessionId, itemId: view.current.item.itemId, rating, cardVersion: view.current.cardVersion, idempotencyKey: crypto.randomUUID(), durationMs: 30_000 },
    });
    expect(rated.status(), await rated.text()).toBe(201);
  }
  return sessionId;
}

test("after a practice session the dashboard shows those reviews, and an undone rating is not counted", async ({ page, context, baseURL, request }) => {
  await setLanguage(context, baseURL!, "en");
  await wipe();
  await page.goto("/dashboard");
  await expect(page.getByTestId("dash-empty")).toBeVisible();
  await expect(stat(page, "reviews-today")).toHaveText("0");

  const sessionId = await practiseThroughApi(request, [3, 3, 3, 1]);
  const undo = await request.post("/api/practice/undo", { data: { sessionId } });
  expect(undo.status(), await undo.text()).toBe(200);

  await page.goto("/dashboard");
  await expect(page.getByTestId("dash-empty")).toHaveCount(0);
  await expect(stat(page, "reviews-today")).toHaveText("3");
  await expect(stat(page, "current-streak")).toHaveText("1");
  await expect(stat(page, "longest-streak")).toHaveText("1");
  // new cards rated Good are learning cards due again in minutes: due today
  await expect(stat(page, "due-today")).toHaveText("3");
  await expect(summary(page, "heatmap")).toHaveText(/^Reviews in the last 365 days: 3; days with reviews: 1\./);
  await expect(summary(page, "time")).toHaveText("Last 30 days: 1.5 min answering; reviews: 3.");
  await expect(page.getByTestId("dash-weakest").locator("li")).toHaveCount(3);
});

test("a history with known figures shows each of them", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await wipe();
  const items = await seedFixture();
  await page.goto("/dashboard");
  await expect(stat(page, "reviews-today")).toHaveText("0");
  await expect(stat(page, "current-streak")).toHaveText("3");
  await expect(stat(page, "longest-streak")).toHaveText("5");
  await expect(stat(page, "true-retention")).toHaveText("67 %");
  await expect(stat(page, "total-reviews")).toHaveText("9");
  await expect(summary(page, "retention")).toHaveText("Passed 67 % of mature reviews in the last 30 days (2 of 3); desired retention 90 %.");
  await expect(summary(page, "heatmap")).toHaveText(/^Reviews in the last 365 days: 9; days with reviews: 9\./);
  await expect(summary(page, "time")).toHaveText("Last 30 days: 8 min answering; reviews: 8.");
  await expect(summary(page, "mock")).toHaveText(
    "Finished interviews: 2. Latest 75, best 75, average of the last five 68 (out of 100). Change from the one before: +15.",
  );
  await expect(page.getByTestId("dash-leeches").locator("li")).toHaveCount(1);
  await expect(page.getByTestId("dash-leeches").locator("li")).toContainText("failed 9 times");
  await expect(page.getByTestId("dash-weakest").locator("li")).toHaveCount(5);
  await expect(page.getByTestId("dash-readiness").locator("li")).toHaveCount(TOPICS.length);
  await expect(page.getByTestId("dash-readiness").locator("li").first()).toHaveText(/^.+: \d+ % predicted — /);

  // The weakest questions link into a practice session on exactly them.
  const weakest = (await figures(page)).weakest as string[];
  expect(weakest.every((id) => items.includes(id))).toBe(true);
  await page.getByTestId("drill-weakest").click();
  await expect(page).toHaveURL(/\/practice$/);
  const s = await withE2eDb(async (db) => db.get<{ queue: string }>(`SELECT "queue" FROM "PracticeSession" WHERE "userId" = ? ORDER BY "startedAt" DESC LIMIT 1`, await localUserId(db)));
  expect((JSON.parse(s!.queue) as string[]).sort()).toEqual([...weakest].sort());
});

test("export, wipe, import gives the same numbers; a tampered or invalid file is refused and changes nothing", async ({ page, context, baseURL, request }) => {
  await setLanguage(context, baseURL!, "en");
  await wipe();
  // Genuine reviews (an import checks every card against the replay of its log through FSRS,
  // which the synthetic fixture does not satisfy).
  await practiseThroughApi(request, [3, 1, 3, 4, 2, 3, 1, 3]);
  // Two finished mock interviews with known ids (their report links must survive a re-import).
  {
    const t = Date.now();
    await withE2eDb(async (db) => insertMocks(db, await localUserId(db), [ts(t - 3_600_000), ts(t - 2_400_000), ts(t - 1_800_000), ts(t - 600_000)]));
  }
  await page.goto("/dashboard");
  const before = await figures(page);
  const countsBefore = await counts();

  // Export JSON (through the page's download link) and CSV.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown> & { reviewLogs: { rating: number; itemId: string }[] };
  expect(exported.format).toBe("tcp-drill-progress");
  expect(exported.version).toBe(1);
  expect(exported.reviewLogs).toHaveLength(countsBefore.logs);
  const csv = await request.get("/api/progress/export/csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines[0]).toBe("review,itemId,topic,rating,state,scheduledDays,elapsedDays,stability,difficulty,durationMs,correct,source,undoneAt");
  expect(lines).toHaveLength(countsBefore.logs + 1);

  // Wipe, then import through the page.
  await wipe();
  await page.goto("/dashboard");
  await expect(page.getByTestId("dash-empty")).toBeVisible();
  page.once("dialog", (d) => void d.accept());
  await page.getByLabel("Progress file to import").setInputFiles(file);
  await page.getByRole("button", { name: "Import and replace my progress" }).click();
  await expect(page.getByTestId("import-status")).toHaveText(`Imported: ${countsBefore.cards} cards, ${countsBefore.logs} reviews, ${countsBefore.mocks} mock interviews.`);
  await page.goto("/dashboard");
  expect(await figures(page)).toEqual(before);
  expect(await counts()).toEqual(countsBefore);
  // Re-importing one's own export keeps the interviews' ids: old report links still open.
  for (const id of ["fx-mock-1", "fx-mock-2"]) expect((await page.goto(`/mock/${id}/report`))!.status(), id).toBe(200);
  await page.goto("/dashboard");

  // A rating changed after export: refused by the checksum, through the page.
  const tampered = structuredClone(exported);
  tampered.reviewLogs[0].rating = tampered.reviewLogs[0].rating === 4 ? 3 : 4;
  const tamperedPath = test.info().outputPath("tampered.json");
  fs.writeFileSync(tamperedPath, JSON.stringify(tampered));
  page.once("dialog", (d) => void d.accept());
  await page.getByLabel("Progress file to import").setInputFiles(tamperedPath);
  await page.getByRole("button", { name: "Import and replace my progress" }).click();
  await expect(page.getByTestId("import-error")).toContainText("checksum does not match");

  // Through the API: each refusal names its reason and changes nothing.
  const post = (data: string | Buffer, headers: Record<string, string> = {}) =>
    // a Buffer, so Playwright sends the bytes as they are (it would JSON-encode a string)
    request.post("/api/progress/import", { data: typeof data === "string" ? Buffer.from(data) : data, headers: { "content-type": "application/json", ...headers } });
  const resign = (change: (o: Record<string, unknown>) => void) => {
    const o = structuredClone(exported) as Record<string, unknown>;
    change(o);
    o.checksum = checksumOf(o);
    return JSON.stringify(o);
  };
  const cases: [string, Promise<Awaited<ReturnType<typeof post>>>, number, string][] = [
    ["not JSON", post("{ this is not json"), 422, "not_json"],
    ["unknown version", post(resign((o) => (o.version = 2))), 422, "unknown_version"],
    ["wrong types", post(resign((o) => ((o.reviewLogs as { rating: unknown }[])[0].rating = "good"))), 422, "invalid"],
    ["unknown item", post(resign((o) => ((o.reviewLogs as { itemId: string }[])[0].itemId = "no-such-item"))), 422, "inconsistent"],
    ["too large", post(Buffer.alloc(20 * 1024 * 1024 + 1, 0x20)), 413, "too_large"],
    ["cross-origin", post(JSON.stringify(exported), { origin: "https://evil.example" }), 403, "cross_origin"],
  ];
  for (const [name, pending, status, code] of cases) {
    const res = await pending;
    expect(res.status(), name).toBe(status);
    const body = (await res.json()) as { ok: boolean; code: string; message: string };
    expect(body.ok, name).toBe(false);
    expect(body.code, name).toBe(code);
    expect(body.message.length, name).toBeGreaterThan(10);
  }
  const unknownCard = await post(
    resign((o) => {
      const card = (o.cards as { itemId: string }[])[0];
      for (const l of o.reviewLogs as { itemId: string }[]) if (l.itemId === card.itemId) l.itemId = "no-such-item";
      card.itemId = "no-such-item";
    }),
  );
  expect(((await unknownCard.json()) as { code: string }).code).toBe("unknown_items");
  expect(await counts()).toEqual(countsBefore);
  await page.goto("/dashboard");
  expect(await figures(page)).toEqual(before);
  // The tests below read the fixture's known figures.
  await wipe();
  await seedFixture();
});

test.describe("both languages and themes, accessibility, phone width", () => {
  for (const lang of ["en", "zh"] as const) {
    for (const theme of ["light", "dark"] as const) {
      test(`no serious axe violation with data, ${lang}, ${theme}`, async ({ page, context, baseURL }) => {
        await setLanguage(context, baseURL!, lang);
        await setThemeCookie(context, baseURL!, theme);
        await page.goto("/dashboard");
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(lang === "zh" ? "学习看板" : "Dashboard");
        await expect(page.getByRole("heading", { level: 2, name: lang === "zh" ? "各主题准备度" : "Readiness by topic" })).toBeVisible();
        // the tables behind the charts too
        for (const d of await page.locator("details").all()) await d.locator("summary").click();
        await expectNoSeriousA11yViolations(page);
      });
    }
  }

  test("the readiness sentences are in Chinese in Chinese", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "zh");
    await page.goto("/dashboard");
    await expect(page.getByTestId("dash-readiness").locator("li").first()).toHaveText(/^.+：预测 \d+ % — /);
    await expect(summary(page, "retention")).toHaveText("近 30 天成熟复习通过率 67 %（3 次中 2 次）；目标保持率 90 %。");
  });

  test("on a 375 px phone nothing scrolls sideways", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    await setLanguage(context, baseURL!, "en");
    const page = await context.newPage();
    await page.goto("/dashboard");
    await expect(page.getByTestId("dash-heatmap")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
  });
});
