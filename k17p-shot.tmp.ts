import { chromium } from "@playwright/test";
const [base, out, ...rest] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const spec of rest) {
  const [lang, theme, width, path, name] = spec.split("|");
  const ctx = await b.newContext({ viewport: { width: Number(width), height: 900 } });
  await ctx.addCookies([{ name: "lang", value: lang, url: base }, { name: "theme", value: theme, url: base }]);
  const page = await ctx.newPage();
  await page.goto(base + path);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await ctx.close();
}
await b.close();
