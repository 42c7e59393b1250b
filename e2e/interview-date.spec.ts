import { expect, test, type Page } from "@playwright/test";
import { seedStatements, simulatedHistory } from "../test/seed-reviews";
import { localUserId, msOf, withE2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, setThemeCookie, wipeProgress } from "./helpers";

/**
 * Interview-date mode end to end (issue 20): the date and budget in the settings (refused input
 * changes nothing), the plan page in both languages at 375 px and desktop, light and dark, with
 * axe; the day's practice queue is the plan's; "Optimise now" on seeded reviews shows the stored
 * evaluation. On either database (e2e/db.ts): the fixtures are written straight into it.
 */
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
const dateIn = (days: number) => new Date((Math.floor(Date.now() / DAY) + days) * DAY).toISOString().slice(0, 10);

test.beforeAll(async () => {
  await wipeProgress();
  // a learner with 150 days of history (simulated through ts-fsrs): enough reviews for the optimiser
  await withE2eDb(
    async (db) => {
      const userId = await localUserId(db);
      const items = (await db.all<{ id: string }>(`SELECT "id" FROM "Item" WHERE "retiredAt" IS NULL AND "ownerId" IS NULL ORDER BY "id"`)).map((r) => r.id);
      const now = new Date();
      const h = simulatedHistory(items, { seed: 5, days: 150, end: new Date(now.getTime() - 60_000) });
      for (const [sql, values] of seedStatements(userId, h, now)) await db.run(db.provider === "sqlite" ? sql.replace(/FALSE/g, "0") : sql, ...values);
    },
    { transaction: true },
  );
});

// the specs after this one act for the same learner: no interview date, plan or fitted weights left behind
test.afterAll(async () => {
  await wipeProgress();
});

async function saveInterview(page: Page, date: string, minutes: string) {
  const form = page.locator("form", { has: page.locator('input[name="interviewDate"]') });
  // the server's checks, not the browser's (min/max on the inputs)
  await form.evaluate((f) => ((f as HTMLFormElement).noValidate = true));
  await page.locator('input[name="interviewDate"]').fill(date);
  await page.locator('input[name="dailyMinutes"]').fill(minutes);
  await form.getByRole("button").click();
}

const stored = () =>
  withE2eDb(async (db) => db.all<{ interviewDate: unknown; dailyMinutes: number | null }>(`SELECT "interviewDate", "dailyMinutes" FROM "UserSettings" WHERE "userId" = ?`, await localUserId(db)));

test("no date: the plan page says how to set one", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/plan");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Interview plan");
  await expect(page.getByTestId("plan-empty")).toContainText("No interview date is set");
  await expectNoSeriousA11yViolations(page);
});

test("bad input gets a clear message in both languages and changes nothing", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/");
  await saveInterview(page, dateIn(0), "20");
  await expect(page.locator("#interviewDate-error")).toHaveText("The interview date must be after today.");
  await saveInterview(page, dateIn(400), "20");
  await expect(page.locator("#interviewDate-error")).toHaveText("The interview date must be within a year from today.");
  await saveInterview(page, dateIn(10), "3");
  await expect(page.locator("#dailyMinutes-error")).toHaveText("Minutes a day must be a whole number from 5 to 240.");
  await setLanguage(context, baseURL!, "zh");
  await page.goto("/");
  await saveInterview(page, dateIn(10), "");
  await expect(page.locator("#dailyMinutes-error")).toHaveText("请填写每天可用于复习的分钟数，计划才能按它安排。");
  await saveInterview(page, dateIn(-3), "20");
  await expect(page.locator("#interviewDate-error")).toHaveText("面试日期必须晚于今天。");
  expect((await stored()).every((s) => s.interviewDate === null && s.dailyMinutes === null)).toBe(true);
});

test("set a date and budget, then see the plan in English and Chinese, on a phone and a desktop, light and dark", async ({ browser, page, context, baseURL }) => {
  test.setTimeout(180_000);
  await setLanguage(context, baseURL!, "en");
  await page.goto("/");
  await saveInterview(page, dateIn(10), "15");
  await expect(page.locator("#settings-status")).toHaveText("Settings saved.");
  expect((await stored()).map((r) => ({ interviewDate: r.interviewDate === null ? null : new Date(msOf(r.interviewDate)).toISOString(), dailyMinutes: r.dailyMinutes }))).toEqual([
    { interviewDate: `${dateIn(10)}T00:00:00.000Z`, dailyMinutes: 15 },
  ]);
  await page.reload();
  await expect(page.getByTestId("today-plan")).toContainText("Interview plan");
  await page.getByTestId("today-plan").getByRole("link").click();
  await expect(page).toHaveURL(/\/plan$/);
  await expect(page.getByTestId("plan")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("plan-chart")).toBeVisible();
  // the interview is 10 days away: 10 planned days in the table, within the budget
  await expect(page.getByTestId("plan-table").locator("tbody tr")).toHaveCount(10);
  const minutes = await page.getByTestId("plan-table").locator("tbody tr td:nth-child(4)").allInnerTexts();
  expect(minutes.every((m) => Number(m) <= 15)).toBe(true);
  await expect(page.getByTestId("plan-recall-with")).toHaveText(/^\d+ %$/);
  await expect(page.getByTestId("plan-topics").locator("tbody tr").first()).toBeVisible();
  // the plan is kept: made once today
  const plans = await withE2eDb(async (db) => db.all<{ day: number; computeMs: number }>(`SELECT "day", "computeMs" FROM "LearnerPlan" WHERE "userId" = ?`, await localUserId(db)));
  expect(plans).toHaveLength(1);

  for (const lang of ["en", "zh"] as const)
    for (const theme of ["light", "dark"] as const)
      for (const width of [375, 1280]) {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        await setLanguage(ctx, baseURL!, lang);
        await setThemeCookie(ctx, baseURL!, theme);
        const p = await ctx.newPage();
        await p.goto(`${baseURL}/plan`);
        await expect(p.getByRole("heading", { level: 1 })).toHaveText(lang === "en" ? "Interview plan" : "面试计划");
        await expect(p.getByTestId("plan")).toBeVisible();
        if (lang === "zh") await expect(p.getByTestId("plan-table")).toContainText("每天计划的学习量");
        // nothing scrolls sideways on the phone
        expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${lang} ${theme} ${width}`).toBe(true);
        await expectNoSeriousA11yViolations(p);
        await ctx.close();
      }
});

test("the plan page works from the keyboard: its tables can be scrolled, its links reached", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/plan");
  await expect(page.getByTestId("plan")).toBeVisible();
  const region = page.getByRole("region", { name: "Planned work per day" });
  for (let i = 0; i < 40 && !(await region.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(region).toBeFocused();
  for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.textContent)) !== "Back to Today"; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/$/);
});

test("today's practice queue is today's part of the plan", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/");
  await expect(page.getByTestId("today-plan")).toBeVisible();
  const plan = JSON.parse((await withE2eDb(async (db) => db.get<{ plan: string }>(`SELECT "plan" FROM "LearnerPlan" WHERE "userId" = ?`, await localUserId(db))))!.plan) as {
    result: { days: { reviews: string[]; introduce: string[] }[] };
  };
  const day0 = plan.result.days[0];
  const planned = [...day0.reviews, ...day0.introduce].sort();
  // the figures say what the queue will do: the plan's reviews for today, FSRS's own due count beside them
  const fsrsDue = await withE2eDb(async (db) => {
    const endOfDay = new Date((Math.floor(Date.now() / DAY) + 1) * DAY);
    const rows = await db.all<{ due: unknown }>(`SELECT "due" FROM "Card" WHERE "userId" = ? AND "state" <> 0`, await localUserId(db));
    return rows.filter((r) => msOf(r.due) < endOfDay.getTime()).length;
  });
  const due = page.getByTestId("today-due");
  await expect(due).toContainText("Planned today");
  await expect(due.locator("div").nth(1)).toHaveText(String(day0.reviews.length));
  await expect(due).toContainText(`FSRS alone: ${fsrsDue} due today`);
  await setLanguage(context, baseURL!, "zh");
  await page.reload();
  await expect(due).toContainText("今日计划");
  await expect(due).toContainText(`仅按 FSRS：今日到期 ${fsrsDue}`);
  if (planned.length === 0) {
    // the plan leaves today alone (every card will be recalled on the day anyway): nothing to start,
    // and the page says why FSRS's due cards are not in it
    await expect(page.getByTestId("today-empty")).toContainText(`仅按 FSRS，今天有 ${fsrsDue} 次复习到期`);
    await setLanguage(context, baseURL!, "en");
    await page.reload();
    await expect(page.getByRole("button", { name: "Start practice" })).toHaveCount(0);
    await expect(page.getByTestId("today-empty")).toContainText(`Nothing is left in today's plan. FSRS alone would have ${fsrsDue} reviews due today`);
    return;
  }
  await setLanguage(context, baseURL!, "en");
  await page.reload();
  await expect(page.getByTestId("today-new")).toContainText(String(day0.introduce.length));
  await page.getByRole("button", { name: "Start practice" }).click();
  await expect(page).toHaveURL(/\/practice/);
  const queue = JSON.parse((await withE2eDb(async (db) => db.get<{ queue: string }>(`SELECT "queue" FROM "PracticeSession" WHERE "userId" = ? ORDER BY "startedAt" DESC LIMIT 1`, await localUserId(db))))!.queue) as string[];
  expect([...queue].sort()).toEqual(planned);
});

test("Optimise now fits weights on the seeded reviews and shows the stored evaluation", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await setLanguage(context, baseURL!, "en");
  await page.goto("/");
  const panel = page.getByTestId("weights-panel");
  await expect(page.getByTestId("weights-source")).toHaveText("Default FSRS weights.");
  await expect(panel).toContainText("The optimiser has not run yet.");
  await panel.getByRole("button", { name: "Optimise now" }).click();
  await expect(page.getByTestId("optimise-status")).toHaveText(/better: applied|not better: kept the current weights/, { timeout: 60_000 });
  const run = (await withE2eDb(async (db) =>
    db.get<Record<string, number | string | boolean>>(`SELECT "status", "applied", "reviewsUsed", "logLossBefore", "logLossAfter", "rmseBefore", "rmseAfter" FROM "FittedParameters" WHERE "userId" = ?`, await localUserId(db)),
  ))!;
  expect(["better", "worse"]).toContain(run.status);
  expect(run.reviewsUsed).toBeGreaterThan(1000);
  const row = page.getByTestId("fit-history").locator("tbody tr").first();
  await expect(row).toContainText(`${(run.logLossBefore as number).toFixed(4)} → ${(run.logLossAfter as number).toFixed(4)}`);
  await expect(row).toContainText(`${(run.rmseBefore as number).toFixed(4)} → ${(run.rmseAfter as number).toFixed(4)}`);
  await expect(page.getByTestId("weights-source")).toHaveText(run.applied ? /Weights fitted to your reviews on/ : "Default FSRS weights.");
  await setLanguage(context, baseURL!, "zh");
  await page.reload();
  await expect(page.getByTestId("fit-history")).toContainText("优化记录");
  await expect(page.getByTestId("fit-history").locator("tbody tr").first()).toContainText(run.status === "better" ? "更好：已采用" : "没有更好：保留当前参数");
  await expectNoSeriousA11yViolations(page);
});
