import { chromium } from "@playwright/test";
const [base, out, lang, theme, width, path, prefix] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await b.newContext({ viewport: { width: Number(width), height: 900 } });
await ctx.addCookies([{ name: "lang", value: lang, url: base }, { name: "theme", value: theme, url: base }]);
const page = await ctx.newPage();
await page.goto(base + path);
await page.waitForLoadState("networkidle");
for (const id of ["transfer-about", "transfer-step", "transfer-cwnd", "transfer-window", "transfer-timers", "transfer-tsg"]) {
  const el = page.getByTestId(id);
  if (await el.count()) await el.screenshot({ path: `${out}/${prefix}-${id}.png` });
}
await page.screenshot({ path: `${out}/${prefix}-top.png` });
await b.close();
