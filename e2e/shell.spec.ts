import { expect, test } from "@playwright/test";
import { SECTIONS, expectNoSeriousA11yViolations, setLanguage, setThemeCookie } from "./helpers";

test.describe("every page renders in both languages", () => {
  for (const lang of ["en", "zh"] as const) {
    for (const section of SECTIONS) {
      test(`${section.path} in ${lang}`, async ({ page, context, baseURL }) => {
        await setLanguage(context, baseURL!, lang);
        const response = await page.goto(section.path);
        expect(response?.status()).toBe(200);
        await expect(page.locator("html")).toHaveAttribute("lang", lang === "zh" ? "zh-CN" : "en");
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(section[lang]);
        await expect(page.getByRole("navigation", { name: lang === "zh" ? "主要栏目" : "Main sections" })).toBeVisible();
      });
    }
  }
});

test("a first visit follows Accept-Language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("今日");
  await context.close();
});

test("the language switch changes every string and is kept across visits", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/practice");
  await page.getByRole("button", { name: /Switch the interface to Chinese/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("练习");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const cookies = await context.cookies(baseURL);
  expect(cookies.find((c) => c.name === "lang")?.value).toBe("zh");
  await page.goto("/lab");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("实验室");
});

test("the theme toggle persists across reloads", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  await page.getByRole("button", { name: /^Theme: System/ }).click();
  await expect(page.locator("html")).toHaveClass("light");
  await page.getByRole("button", { name: /^Theme: Light/ }).click();
  await expect(page.locator("html")).toHaveClass("dark");
  const bgDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(page.locator("html")).toHaveClass("dark");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bgDark);
  expect(bgDark).toBe("rgb(15, 23, 42)");
  await page.goto("/dashboard");
  await expect(page.locator("html")).toHaveClass("dark");
});

test("the system theme follows prefers-color-scheme", async ({ page, context, baseURL }) => {
  await setThemeCookie(context, baseURL!, "system");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(15, 23, 42)");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
});

test("the header is reachable and usable by keyboard alone", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "TCP Drill" })).toBeFocused();
  const nav = page.getByRole("navigation", { name: "Main sections" });
  for (const section of SECTIONS) {
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: section.en })).toBeFocused();
  }
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /Switch the interface to Chinese/ })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^Theme:/ })).toBeFocused();
  // Back to the lab link and follow it with Enter.
  for (let i = 0; i < 2; i++) await page.keyboard.press("Shift+Tab");
  await expect(nav.getByRole("link", { name: "Lab" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/lab$/);
  await expect(nav.getByRole("link", { name: "Lab" })).toHaveAttribute("aria-current", "page");
});

test("the skip link moves focus to the main content", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/questions");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test.describe("accessibility: no serious or critical axe violation", () => {
  for (const theme of ["light", "dark"] as const) {
    for (const lang of ["en", "zh"] as const) {
      test(`every page, ${theme} theme, ${lang}`, async ({ page, context, baseURL }) => {
        // Six full axe runs (the bank page alone lists every question with its checkbox): more
        // than the default 30 s on a loaded two-core machine.
        test.setTimeout(90_000);
        await setLanguage(context, baseURL!, lang);
        await setThemeCookie(context, baseURL!, theme);
        for (const section of SECTIONS) {
          await page.goto(section.path);
          await expectNoSeriousA11yViolations(page);
        }
      });
    }
  }
});

test("unknown pages answer 404 in the chosen language", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("这个页面不存在。")).toBeVisible();
});
