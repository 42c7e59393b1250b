import AxeBuilder from "@axe-core/playwright";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export const SECTIONS = [
  { path: "/", en: "Today", zh: "今日" },
  { path: "/practice", en: "Practice", zh: "练习" },
  { path: "/mock", en: "Mock interview", zh: "模拟面试" },
  { path: "/dashboard", en: "Dashboard", zh: "学习看板" },
  { path: "/questions", en: "Question bank", zh: "题库" },
  { path: "/lab", en: "Lab", zh: "实验室" },
] as const;

export async function setLanguage(context: BrowserContext, baseURL: string, lang: "zh" | "en") {
  await context.addCookies([{ name: "lang", value: lang, url: baseURL }]);
}

export async function setThemeCookie(context: BrowserContext, baseURL: string, theme: "light" | "dark" | "system") {
  await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
}

/** Fails on any serious or critical axe violation, listing them. */
export async function expectNoSeriousA11yViolations(page: Page) {
  // Analyse a settled page (not one caught mid-navigation after a form's redirect); every page has a title.
  await page.waitForLoadState("load");
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`),
  ).toEqual([]);
}

/** Read-only access to the run's database, to check what the app stored. */
export async function withDb<T>(fn: (db: import("better-sqlite3").Database) => T): Promise<T> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(process.env.E2E_DATABASE_FILE!, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Every spec acts for the one local user of the run's database; a spec that depends on a fresh
 * learner starts by removing that user's progress (the same rows a fresh install lacks).
 */
export async function wipeProgress(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (url) {
    // The PostgreSQL pass (.ci/run): the same deletions in one transaction.
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query("BEGIN");
      const { rows } = await c.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "isLocal" = TRUE`);
      for (const { id } of rows)
        for (const table of ["ReviewLog", "Card", "MockInterview", "UserSettings", "PracticeSession", "FittedParameters", "LearnerPlan"]) await c.query(`DELETE FROM "${table}" WHERE "userId" = $1`, [id]);
      await c.query("COMMIT");
    } finally {
      await c.end();
    }
    return;
  }
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(process.env.E2E_DATABASE_FILE!, { fileMustExist: true, timeout: 5000 });
  try {
    db.transaction(() => {
      const users = db.prepare(`SELECT id FROM "User" WHERE isLocal = 1`).all() as { id: string }[];
      for (const { id } of users)
        for (const table of ["ReviewLog", "Card", "MockInterview", "UserSettings", "PracticeSession", "FittedParameters", "LearnerPlan"]) db.prepare(`DELETE FROM "${table}" WHERE userId = ?`).run(id);
    })();
  } finally {
    db.close();
  }
}

/** Starts a practice drill of the given items through the API and opens it. */
export async function startDrill(page: Page, ids: string[]) {
  const res = await page.request.post("/api/practice/sessions", { data: { only: ids } });
  expect(res.status()).toBe(201);
  await page.goto("/practice");
  await expect(page.getByTestId("practice-session")).toBeVisible();
  // keyboard handlers are attached once the page is hydrated
  await expect(page.locator("[data-testid=practice-session][data-hydrated=true]")).toBeVisible();
}
