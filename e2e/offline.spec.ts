import { devices, expect, test, type BrowserContext, type Page } from "@playwright/test";
import { localUserId, withE2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, startDrill, wipeProgress } from "./helpers";

/**
 * Offline practice (issue 20, point 5) on the production build: the service worker keeps the
 * practice page and its scripts, the page keeps the rest of the session, ratings made with no
 * connection wait in IndexedDB and arrive exactly once when it returns; a card rated elsewhere
 * meanwhile shows the refusal and is kept on screen.
 */
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await wipeProgress();
});

// flashcard, single, multiple, flashcard: answered by a click or two
const ITEMS = ["close-wait-meaning", "teardown-who-closes-first", "header-flags-meaning", "congestion-phases"];

const STRINGS = {
  en: { check: /^(Check|Show answer)$/, saved: (n: number) => `Saved offline, ${n} to send`, notGraded: "Not graded offline", offline: "Offline — you can keep practising", stale: "was rated on another device first", again: "Practise it again", sent: /ratings made offline were sent/ },
  zh: { check: /^(检查|显示答案)$/, saved: (n: number) => `已离线保存，还有 ${n} 条待发送`, notGraded: "离线时无法判分", offline: "已离线", stale: "已先在另一台设备上评过分", again: "再练一次", sent: /条评分已发送/ },
} as const;

// Playwright's offline switch reaches service workers too (1.65: their network is emulated like a page's).
const goOffline = (context: BrowserContext) => context.setOffline(true);
const goOnline = (context: BrowserContext) => context.setOffline(false);

const session = (page: Page) => page.getByTestId("practice-session");

const reviewsOf = async (sessionId: string) =>
  Number((await withE2eDb((db) => db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ReviewLog" WHERE "sessionId" = ?`, sessionId)))!.n);

/** The worker is active, the page is in its cache and the rest of the session is in IndexedDB. */
async function readyForOffline(page: Page, cards: number) {
  await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => page.evaluate(async () => !!(await caches.match("/practice"))), { timeout: 20_000 }).toBe(true);
  await expect(session(page)).toHaveAttribute("data-offline-cards", String(cards), { timeout: 20_000 });
}

/** Answers the shown card (any answer will do) and rates it Good. */
async function answerAndRate(page: Page, lang: "en" | "zh") {
  const type = await session(page).getAttribute("data-item-type");
  if (type === "single") await session(page).getByRole("radio").first().check();
  if (type === "multiple") await session(page).getByRole("checkbox").first().check();
  await session(page).getByRole("button", { name: STRINGS[lang].check }).click();
  await expect(page.getByTestId("offline-not-graded")).toContainText(STRINGS[lang].notGraded);
  await page.keyboard.press("3");
}

async function latestSession(): Promise<string> {
  return (await withE2eDb(async (db) => db.get<{ id: string }>(`SELECT "id" FROM "PracticeSession" WHERE "userId" = ? ORDER BY "startedAt" DESC LIMIT 1`, await localUserId(db))))!.id;
}

const VIEWPORTS = [
  { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
  { name: "phone", use: (({ defaultBrowserType: _, ...phone }) => phone)(devices["Pixel 7"]) },
] as const;

for (const vp of VIEWPORTS) {
  for (const lang of ["en", "zh"] as const) {
    test.describe(`${vp.name} ${lang}`, () => {
      test.use(vp.use);

      test(`practise offline, reload offline, and the ratings arrive once (${vp.name}, ${lang})`, async ({ page, context, baseURL }) => {
        test.setTimeout(120_000);
        const s = STRINGS[lang];
        await setLanguage(context, baseURL!, lang);
        await startDrill(page, ITEMS);
        const sessionId = await latestSession();
        await readyForOffline(page, ITEMS.length);

        await goOffline(context);
        await expect(page.getByTestId("offline-banner")).toContainText(s.offline);
        await expect(session(page)).toHaveAttribute("data-item-id", ITEMS[0]);
        await answerAndRate(page, lang);
        await expect(page.getByTestId("offline-pending")).toHaveText(s.saved(1));
        await expect(session(page)).toHaveAttribute("data-item-id", ITEMS[1]);
        await answerAndRate(page, lang);
        await expect(page.getByTestId("offline-pending")).toHaveText(s.saved(2));

        // a reload with no connection: the page from the worker's cache, the next card from IndexedDB
        const workerTried: string[] = [];
        const onFailed = (r: import("@playwright/test").Request) => void (r.serviceWorker() && workerTried.push(new URL(r.url()).pathname));
        context.on("requestfailed", onFailed);
        const res = await page.reload();
        context.off("requestfailed", onFailed);
        // the worker asked the network, got nothing, and answered from its cache
        expect(res?.fromServiceWorker()).toBe(true);
        expect(res?.status()).toBe(200);
        expect(workerTried).toContain("/practice");
        await expect(session(page)).toHaveAttribute("data-item-id", ITEMS[2]);
        await expect(page.getByTestId("offline-pending")).toHaveText(s.saved(2));
        await expect(page.locator("[data-testid=practice-session][data-hydrated=true]")).toBeVisible();
        await answerAndRate(page, lang);
        await expect(page.getByTestId("offline-pending")).toHaveText(s.saved(3));
        await expect(session(page)).toHaveAttribute("data-item-id", ITEMS[3]);
        await expectNoSeriousA11yViolations(page);
        // nothing reached the server yet
        expect(await reviewsOf(sessionId)).toBe(0);

        await goOnline(context);
        await expect(page.getByTestId("offline-sent")).toBeVisible({ timeout: 20_000 });
        await expect(page.getByTestId("offline-sent")).toContainText(s.sent);
        await expect(page.getByTestId("offline-pending")).toHaveCount(0);
        await expect(session(page)).toHaveAttribute("data-item-id", ITEMS[3]);
        // the server has each rating once, in order, and the session went on from there
        // (ids sort in creation order: lib/db/steps.ts)
        const rows = await withE2eDb((db) => db.all(`SELECT "itemId", "rating" FROM "ReviewLog" WHERE "sessionId" = ? ORDER BY "createdAt", "id"`, sessionId));
        expect(rows).toEqual(ITEMS.slice(0, 3).map((itemId) => ({ itemId, rating: 3 })));
        const view = await (await page.request.get(`/api/practice/sessions/${sessionId}`)).json();
        expect(view.position).toBe(3);

        // going offline and online again re-sends nothing (the queue is empty; the keys would be duplicates)
        await goOffline(context);
        await goOnline(context);
        await page.reload();
        await expect(session(page)).toHaveAttribute("data-item-id", ITEMS[3]);
        expect(await reviewsOf(sessionId)).toBe(3);
      });

      test(`a card rated on another device meanwhile shows the refusal (${vp.name}, ${lang})`, async ({ page, context, baseURL, playwright }) => {
        test.setTimeout(120_000);
        const s = STRINGS[lang];
        await setLanguage(context, baseURL!, lang);
        await startDrill(page, ITEMS.slice(0, 2));
        await readyForOffline(page, 2);
        const first = await (await page.request.get(`/api/practice/sessions/${await latestSession()}`)).json();

        await goOffline(context);
        await answerAndRate(page, lang);
        await expect(page.getByTestId("offline-pending")).toHaveText(s.saved(1));

        // the other device (its own connection) rates the same card first
        const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
        const r = await other.post("/api/practice/rate", {
          data: { itemId: ITEMS[0], rating: 1, cardVersion: first.current.cardVersion, idempotencyKey: `other-device-${Date.now()}`, durationMs: 1000 },
        });
        expect(r.status()).toBe(201);
        await other.dispose();

        await goOnline(context);
        const refused = page.getByTestId("offline-refused");
        await expect(refused).toBeVisible({ timeout: 20_000 });
        await expect(refused.locator(`li[data-item-id="${ITEMS[0]}"]`)).toContainText(s.stale);
        await expect(refused.getByRole("button", { name: s.again })).toBeVisible();
        await expect(page.getByTestId("offline-pending")).toHaveCount(0);
        await expectNoSeriousA11yViolations(page);
        // the other device's review is the one kept; this one is on screen, not stored
        const logs = await withE2eDb(async (db) => db.get(`SELECT "rating" FROM "ReviewLog" WHERE "itemId" = ? AND "userId" = ? ORDER BY "createdAt" DESC LIMIT 1`, ITEMS[0], await localUserId(db)));
        expect(logs).toEqual({ rating: 1 });
        // still shown after a reload: the refusal is kept until the learner dismisses it
        await page.reload();
        await expect(page.getByTestId("offline-refused")).toBeVisible();
        await page.getByTestId("offline-refused").getByRole("button", { name: lang === "en" ? "Dismiss" : "知道了" }).click();
        await expect(page.getByTestId("offline-refused")).toHaveCount(0);
      });
    });
  }
}
