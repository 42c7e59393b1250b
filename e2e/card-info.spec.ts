import { expect, test, type Page } from "@playwright/test";
import { localUserId, ts, withE2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, startDrill, wipeProgress } from "./helpers";

/**
 * Card info, the calibrated readiness, the calibration panel and the workload curve (issue 20),
 * end to end: cards rated in practice (with an undo), a card with a history of weeks written
 * straight into the run's database (either provider, e2e/db.ts), then the pages in English and Chinese, at 375 px and on a
 * desktop, checked with axe.
 */
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
const RATED = "handshake-listen-gets-syn";
const SECOND = "handshake-loss-syn-retries";
const HISTORY = "close-wait-meaning";

const iso = (ms: number) => new Date(ms).toISOString();
const prev = (state: number, stability: number, lastReview: number | null, due: number) =>
  JSON.stringify({ due: iso(due), stability, difficulty: 5, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 1, lapses: 0, state, lastReview: lastReview === null ? null : iso(lastReview) });

/** A card reviewed 40, 25 and 5 days ago: two reviews a day or more after the last, one recalled, one forgotten. */
async function seedHistory() {
  await withE2eDb(
    async (db) => {
      const user = await localUserId(db);
      const now = Date.now();
      await db.run(
        `INSERT INTO "Card" ("id", "userId", "itemId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "failures", "leech", "createdAt", "updatedAt") VALUES ('ci-card', ?, ?, ?, 2.5, 6, 0, 2, 0, 3, 1, 2, ?, 3, 1, ?, ?, ?)`,
        user, HISTORY, ts(now + 2 * DAY), ts(now - 5 * DAY), db.bool(false), ts(now - 40 * DAY), ts(now),
      );
      const log = (id: string, key: string, rating: number, due: number, review: number, previous: string, version: number) =>
        db.run(
          `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "itemId", "idempotencyKey", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "previousCard", "cardVersion", "durationMs", "correct", "suggestedRating", "source", "sessionId", "undoneAt", "createdAt") VALUES (?, ?, 'ci-card', ?, ?, ?, 2, ?, 5, 5, 0, 0, 0, 0, ?, ?, ?, 12000, NULL, NULL, 'practice', NULL, NULL, ?)`,
          id, user, HISTORY, key, rating, ts(due), ts(review), previous, version, ts(review),
        );
      await log("ci-log-1", "ci-key-1", 3, now - 40 * DAY, now - 40 * DAY, prev(0, 0, null, now - 40 * DAY), 1);
      await log("ci-log-2", "ci-key-2", 3, now - 40 * DAY, now - 25 * DAY, prev(2, 3, now - 40 * DAY, now - 37 * DAY), 2);
      await log("ci-log-3", "ci-key-3", 1, now - 25 * DAY, now - 5 * DAY, prev(2, 12, now - 25 * DAY, now - 13 * DAY), 3);
    },
    { transaction: true },
  );
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test.beforeAll(async () => {
  await wipeProgress();
  await seedHistory();
});

test("rate in practice, undo, rate again, then open the card info with the I key", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, [RATED, SECOND]);
  await expect(page.getByTestId("practice-session")).toHaveAttribute("data-item-id", RATED);
  await page.getByLabel("Next state").selectOption("SYN_RECEIVED");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("button", { name: /Good/ })).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByTestId("practice-session")).toHaveAttribute("data-item-id", SECOND);
  await expect(page.getByTestId("last-card-info")).toHaveAttribute("href", `/questions/${RATED}/card`);
  // undo the Again: the card comes back; rate it Good this time
  await page.keyboard.press("u");
  await expect(page.getByTestId("practice-session")).toHaveAttribute("data-item-id", RATED);
  await expect(page.getByRole("button", { name: /Good/ })).toBeVisible();
  await page.keyboard.press("3");
  await expect(page.getByTestId("practice-session")).toHaveAttribute("data-item-id", SECOND);
  await page.keyboard.press("i");
  await expect(page).toHaveURL(new RegExp(`/questions/${RATED}/card$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Card info");
  const rows = page.getByTestId("card-reviews").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Good");
  await expect(rows.nth(1)).toHaveAttribute("data-undone", "true");
  await expect(rows.nth(1)).toContainText("Again");
  await expect(rows.nth(1)).toContainText("undone");
  await expect(page.getByTestId("card-recall-now")).toContainText("%");
  await expect(page.getByTestId("card-recall-interview")).toContainText("No interview date set");
  await expect(page.getByTestId("forgetting-curve")).toBeVisible();
});

test("the bank and the item page link to card info; an unknown item is a 404", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto(`/questions/${HISTORY}`);
  await page.getByTestId("card-info-link").click();
  await expect(page).toHaveURL(new RegExp(`/questions/${HISTORY}/card$`));
  await page.goto("/questions");
  await expect(page.getByRole("link", { name: /^Card info: / }).first()).toBeVisible();
  const res = await page.goto("/questions/no-such-item/card");
  expect(res!.status()).toBe(404);
});

for (const lang of ["en", "zh"] as const) {
  for (const width of [375, 1280]) {
    test(`card info with weeks of history, ${lang}, ${width} px: state, curve, every review; accessible`, async ({ page, context, baseURL }) => {
      await setLanguage(context, baseURL!, lang);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/questions/${HISTORY}/card`);
      await expect(page.getByTestId("card-reviews").locator("tbody tr")).toHaveCount(3);
      await expect(page.getByTestId("card-stability")).toContainText(lang === "en" ? "2.5 days" : "2.5 天");
      await expect(page.getByTestId("forgetting-curve")).toHaveAttribute("aria-label", lang === "en" ? /^Forgetting curve: recall falls from 100 % / : /^遗忘曲线：/);
      await page.getByTestId("dash-curve").locator("summary", { hasText: lang === "en" ? "Show as a table" : "以表格显示" }).click();
      await expect(page.getByTestId("dash-curve").locator("table tbody tr").first()).toContainText("100");
      await noSidewaysScroll(page);
      await expectNoSeriousA11yViolations(page);
    });

    test(`dashboard: readiness as a predicted chance, the calibration panel and the workload curve, ${lang}, ${width} px; accessible`, async ({ page, context, baseURL }) => {
      test.setTimeout(90_000);
      await setLanguage(context, baseURL!, lang);
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/dashboard");
      const readiness = page.getByTestId("dash-readiness");
      await expect(readiness.locator("li").first()).toHaveText(lang === "en" ? /^.+: \d+ % predicted — / : /^.+：预测 \d+ % — /);
      const calibration = page.getByTestId("dash-calibration");
      // the history card's two reviews a day or more apart, and the practised card's none (same day)
      await expect(calibration.getByTestId("summary")).toHaveText(
        lang === "en" ? /^2 predictions \(2 reviews, 0 mock answers\); Brier score 0\.\d+ / : /^共 2 个预测（复习 2 次，模拟面试回答 0 次）；Brier 分数 0\.\d+/,
      );
      await expect(calibration.getByTestId("calibration-few")).toBeVisible();
      await expect(calibration.getByTestId("reliability-diagram")).toBeVisible();
      const workload = page.getByTestId("dash-workload");
      await expect(workload.getByTestId("workload-curve")).toBeVisible({ timeout: 60_000 });
      await expect(workload.getByTestId("summary")).toHaveText(lang === "en" ? /^At your setting, 90 %: about [\d.]+ reviews/ : /^按你的设置 90 %：每天约 [\d.]+ 次复习/);
      await expectNoSeriousA11yViolations(page);
    });
  }
}
