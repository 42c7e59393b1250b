import net from "node:net";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startServer, stopServer, tempDatabase, type Server } from "../scripts/load/server";
import { expectNoSeriousA11yViolations, setThemeCookie } from "./helpers";

/**
 * Issue 19, "Done when": on an instance in accounts mode (AUTH_MODE=accounts; its own server,
 * started here on a free port, on a fresh SQLite file, or on E2E_DATABASE_URL's PostgreSQL
 * database when the run is on PostgreSQL), a learner signs up, practises, runs a mock interview
 * and sees the dashboard — once in English and once in Chinese; a second learner sees none of it;
 * sign-out; account deletion. The sign-in and sign-up pages are checked with axe at 375 px and
 * desktop width, light and dark.
 */
test.describe.configure({ mode: "serial" });

let server: Server;
const run = Date.now().toString(36);
const learners = {
  en: { name: "Ada Accounts", email: `ada-${run}@example.com`, password: "ada-password-1" },
  zh: { name: "李雷", email: `lilei-${run}@example.com`, password: "lilei-password-1" },
  other: { name: "Other Learner", email: `other-${run}@example.com`, password: "other-password-1" },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const database = process.env.E2E_DATABASE_URL ?? tempDatabase("e2e-accounts");
  server = await startServer(database, {
    port: await freePort(),
    env: { AUTH_MODE: "accounts", BETTER_AUTH_SECRET: "e2e-accounts-secret-0123456789abcdefgh" },
  });
});

test.afterAll(async () => {
  if (server) await stopServer(server);
});

async function newContext(browser: Browser, lang: "en" | "zh", width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 900 } });
  await context.addCookies([{ name: "lang", value: lang, url: server.url }]);
  return { context, page: await context.newPage() };
}

async function signUp(page: Page, who: { name: string; email: string; password: string }, s: { name: string; email: string; password: string; submit: string }) {
  await page.goto("/sign-up");
  await page.getByLabel(s.name).fill(who.name);
  await page.getByLabel(s.email).fill(who.email);
  await page.getByLabel(s.password, { exact: true }).fill(who.password);
  await page.getByRole("button", { name: s.submit }).click();
  await expect(page).toHaveURL(/\/account\?welcome=1$/);
}

/** Practice: one question answered, checked and rated Easy on the practice page (Good would keep it in the session for its learning step), until the session is complete. */
async function practiseOne(page: Page, check: string, good: RegExp, complete: string) {
  const res = await page.request.post("/api/practice/sessions", { data: { only: ["header-flags-meaning"] } });
  expect(res.status()).toBe(201);
  await page.goto("/practice");
  await expect(page.locator("[data-testid=practice-session][data-hydrated=true]")).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: check }).click();
  await page.getByRole("button", { name: good }).click();
  await expect(page.getByRole("heading", { name: complete })).toBeVisible();
}

async function mockInterview(page: Page, s: { length: string; focus: string; lang: string; submit: string; end: string; report: string }) {
  await page.goto("/mock");
  await page.getByRole("radio", { name: s.length }).check();
  await page.getByRole("radio", { name: s.focus }).check();
  await page.getByRole("radio", { name: s.lang, exact: true }).check();
  await page.getByRole("button", { name: s.submit }).click();
  await expect(page).toHaveURL(/\/mock\/[A-Za-z0-9_-]+$/);
  const current = page.locator("section[aria-labelledby='current-h']");
  await current.getByRole("textbox").fill("The passive closer enters CLOSE_WAIT after the FIN 被动关闭方收到 FIN 后进入 CLOSE_WAIT");
  await current.getByRole("button", { name: s.end }).click();
  await current.getByRole("button", { name: s.end }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(s.report);
  return page.url().replace(/\/report$/, "");
}

test("sign-in and sign-up pages: accessible at 375 px and desktop, light and dark, both languages; signed out goes to sign-in", async ({ browser }) => {
  test.setTimeout(240_000); // 16 axe runs
  for (const lang of ["en", "zh"] as const)
    for (const width of [375, 1280])
      for (const theme of ["light", "dark"] as const) {
        const { context, page } = await newContext(browser, lang, width);
        await setThemeCookie(context, server.url, theme);
        await page.goto("/dashboard");
        await expect(page).toHaveURL(/\/sign-in$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(lang === "en" ? "Sign in" : "登录");
        await expectNoSeriousA11yViolations(page);
        await page.goto("/sign-up");
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(lang === "en" ? "Create an account" : "注册账户");
        await expectNoSeriousA11yViolations(page);
        // Nothing wider than the viewport.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await context.close();
      }
  // The API answers 401 JSON.
  const res = await fetch(`${server.url}/api/practice/queue`);
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("sign_in_required");
});

test("an English learner signs up, practises, runs a mock and sees the dashboard; wrong password refused; sign out", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page } = await newContext(browser, "en");
  await signUp(page, learners.en, { name: "Name", email: "Email address", password: "Password", submit: "Create account" });
  await expect(page.getByText(`Signed in as ${learners.en.email}.`)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await practiseOne(page, "Check", /^4 · Easy/, "Session complete");
  await mockInterview(page, { length: "10 minutes", focus: "Everything", lang: "English", submit: "Start the interview", end: "End the interview", report: "Mock interview report" });
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  await expect(page.getByTestId("stat-reviews-today")).toHaveText(/[1-9]/);
  // Sign out from the account page: the session is gone, pages send to sign-in again.
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/practice");
  await expect(page).toHaveURL(/\/sign-in$/);
  // A wrong password is refused in words; the right one signs in again.
  await page.getByLabel("Email address").fill(learners.en.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The email address or password is wrong." })).toBeVisible();
  await page.getByLabel("Password").fill(learners.en.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/dashboard");
  await expect(page.getByTestId("stat-reviews-today")).toHaveText(/[1-9]/);
  await context.close();
});

test("a Chinese learner signs up, practises, runs a mock and sees the dashboard", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page } = await newContext(browser, "zh");
  await signUp(page, learners.zh, { name: "名字", email: "电子邮箱", password: "密码", submit: "注册" });
  await expect(page.getByText(`当前登录：${learners.zh.email}。`)).toBeVisible();
  await practiseOne(page, "检查", /^4 · 简单/, "本次练习完成");
  await mockInterview(page, { length: "10 分钟", focus: "全部", lang: "中文", submit: "开始面试", end: "结束面试", report: "模拟面试报告" });
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("学习看板");
  await expect(page.getByTestId("stat-reviews-today")).toHaveText(/[1-9]/);
  await context.close();
});

test("a second learner sees none of it, and deletes the account with everything in it", async ({ browser }) => {
  test.setTimeout(60_000);
  const { context, page } = await newContext(browser, "en");
  await signUp(page, learners.other, { name: "Name", email: "Email address", password: "Password", submit: "Create account" });
  await page.goto("/dashboard");
  await expect(page.getByTestId("dash-empty")).toBeVisible();
  await page.goto("/mock");
  await expect(page.getByTestId("mock-history")).toHaveCount(0);
  const exported = await (await page.request.get("/api/progress/export")).text();
  for (const who of [learners.en, learners.zh]) {
    expect(exported).not.toContain(who.email);
    expect(await page.content()).not.toContain(who.name);
  }
  const file = JSON.parse(exported) as { cards: unknown[]; reviewLogs: unknown[]; mockInterviews: unknown[] };
  expect([file.cards.length, file.reviewLogs.length, file.mockInterviews.length]).toEqual([0, 0, 0]);
  // Delete: the wrong address is refused, the right one deletes and signs out.
  await page.goto("/account");
  await page.getByLabel(/To confirm, type your email address/).fill("someone-else@example.com");
  await page.getByLabel("Your password").fill(learners.other.password);
  await page.getByRole("button", { name: "Delete my account and all its data" }).click();
  await expect(page.getByText("The email address you typed does not match your account; nothing was deleted.")).toBeVisible();
  // (the form is reset after each submission: both fields are typed again)
  await page.getByLabel(/To confirm, type your email address/).fill(learners.other.email);
  await page.getByLabel("Your password").fill(learners.other.password);
  await page.getByRole("button", { name: "Delete my account and all its data" }).click();
  await expect(page).toHaveURL(/\/sign-in\?deleted=1$/);
  await expect(page.getByText("Your account and all its data were deleted.")).toBeVisible();
  // The account is gone: signing in again fails.
  const again = await page.request.post("/api/auth/sign-in/email", { data: { email: learners.other.email, password: learners.other.password }, headers: { Origin: server.url } });
  expect(again.status()).toBe(401);
  await context.close();
});
