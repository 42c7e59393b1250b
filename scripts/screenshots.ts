/**
 * Screenshots for a human to look at: practice (a checked card), mock interview, dashboard, lab
 * explainer and scenario player, at 1280 px and 375 px, light and dark, in Chinese and English.
 *
 *   npx tsx scripts/screenshots.ts                      # starts the built app on a fresh database
 *   npx tsx scripts/screenshots.ts <baseURL> [lang] [path ...]   # an app already running; just those pages
 *
 * Needs `npm run build` first when it starts the app. Files go to test-results/screenshots/.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { startServer, tempDatabase, type Server } from "./load/server";

const [given, onlyLang, ...paths] = process.argv.slice(2);
const out = path.join("test-results", "screenshots");
fs.mkdirSync(out, { recursive: true });
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && fs.existsSync(p));

let server: Server | null = null;
const base = given ?? (server = await startServer(tempDatabase("screenshots"))).url;

/** A page of the tour: where to go and what to do there before the picture. */
interface Shot {
  name: string;
  go: (page: Page, lang: "zh" | "en") => Promise<void>;
}

const tour: Shot[] =
  paths.length > 0
    ? paths.map((p) => ({ name: p === "/" ? "today" : p.replace(/^\//, "").replace(/[^\w-]+/g, "_"), go: async (page) => void (await page.goto(base + p)) }))
    : [
        {
          name: "practice",
          go: async (page) => {
            await page.request.post(`${base}/api/practice/sessions`, { data: { only: ["handshake-listen-gets-syn"] }, headers: { origin: base } });
            await page.goto(`${base}/practice`);
            await page.locator("select").first().selectOption("CLOSED");
            await page.locator("[data-testid=practice-session] button").filter({ hasText: /^(Check|检查)$/ }).click();
            await page.getByTestId("result").waitFor();
          },
        },
        {
          name: "dashboard",
          go: async (page) => void (await page.goto(`${base}/dashboard`)),
        },
        {
          name: "mock",
          go: async (page, lang) => {
            await page.goto(`${base}/mock`);
            const start = page.locator("main form button[type=submit]");
            if (await start.count()) {
              await page.locator(`main input[type=radio][value=${lang}]`).check();
              await start.first().click();
              await page.waitForURL(/\/mock\/[A-Za-z0-9_-]+$/);
            } else await page.locator("main a[href^='/mock/']").first().click();
          },
        },
        { name: "lab", go: async (page) => void (await page.goto(`${base}/lab?sample=capture:last-ack-lost`)) },
        { name: "player", go: async (page) => void (await page.goto(`${base}/lab/player?scenario=lost-third-ack&seed=1&step=12`)) },
      ];

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const lang of onlyLang ? [onlyLang as "zh" | "en"] : (["en", "zh"] as const)) {
    for (const theme of ["light", "dark"] as const) {
      for (const [label, width] of [["desktop", 1280], ["phone", 375]] as const) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1, hasTouch: label === "phone" });
        await context.addCookies([
          { name: "lang", value: lang, url: base },
          { name: "theme", value: theme, url: base },
        ]);
        const page = await context.newPage();
        for (const shot of tour) {
          await shot.go(page, lang);
          await page.waitForLoadState("networkidle");
          const file = path.join(out, `${shot.name}-${lang}-${theme}-${label}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(file);
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  if (server) {
    server.child.kill();
    await server.exited;
  }
}
