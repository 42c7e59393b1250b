/**
 * Screenshots of pages for a human to look at: desktop (1280 px) and phone (375 px), light and
 * dark, in the chosen language. Usage: start the app, then
 *   npx tsx scripts/screenshots.ts [baseURL] [lang] [path ...]
 * Files go to test-results/screenshots/.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const [base = "http://127.0.0.1:3000", lang = "en", ...paths] = process.argv.slice(2);
const pages = paths.length > 0 ? paths : ["/", "/practice", "/mock", "/dashboard", "/questions", "/lab"];
const out = path.join("test-results", "screenshots");
fs.mkdirSync(out, { recursive: true });
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && fs.existsSync(p));

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const theme of ["light", "dark"] as const) {
  for (const [label, width] of [["desktop", 1280], ["phone", 375]] as const) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
    await context.addCookies([
      { name: "lang", value: lang, url: base },
      { name: "theme", value: theme, url: base },
    ]);
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(base + p);
      await page.waitForLoadState("networkidle");
      const name = `${p === "/" ? "today" : p.replace(/^\//, "").replace(/[^\w-]+/g, "_")}-${lang}-${theme}-${label}.png`;
      await page.screenshot({ path: path.join(out, name), fullPage: true });
      console.log(path.join(out, name));
    }
    await context.close();
  }
}
await browser.close();
