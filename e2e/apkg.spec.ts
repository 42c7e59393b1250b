import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { unzipSync } from "fflate";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage } from "./helpers";

/**
 * The dashboard's Anki export, in each UI language and for each card language, on a phone (375 px)
 * and a desktop: the export section is in view, nothing scrolls sideways, axe finds no serious
 * violation, and each link downloads a zip with collection.anki2 holding every note.
 */
for (const ui of ["en", "zh"] as const)
  for (const width of [375, 1280]) {
    test(`dashboard downloads the Anki package in both languages (UI ${ui}, ${width} px)`, async ({ page, context, baseURL }) => {
      await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
      await setLanguage(context, baseURL!, ui);
      await page.goto("/dashboard");
      const section = page.getByTestId("export-apkg-en").locator("xpath=ancestor::section[1]");
      await section.scrollIntoViewIfNeeded();
      await expect(section).toBeInViewport();
      await expect(page.getByTestId("export-apkg-zh")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `UI ${ui} at ${width} px scrolls sideways`).toBe(true);
      await expectNoSeriousA11yViolations(page);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-apkg-"));
      try {
        for (const lang of ["en", "zh"] as const) {
          const link = page.getByTestId(`export-apkg-${lang}`);
          await expect(link).toHaveText(
            ui === "en" ? `Export to Anki, in ${lang === "en" ? "English" : "Chinese"} (.apkg)` : `导出到 Anki，${lang === "en" ? "英文" : "中文"}（.apkg）`,
          );
          const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
          expect(download.suggestedFilename()).toMatch(new RegExp(`^tcp-drill-${lang}-\\d{4}-\\d{2}-\\d{2}\\.apkg$`));
          const file = path.join(dir, `${lang}.apkg`);
          await download.saveAs(file);
          const bytes = fs.readFileSync(file);
          expect(bytes.subarray(0, 2).toString()).toBe("PK");
          const files = unzipSync(bytes);
          expect(Object.keys(files).sort()).toEqual(["collection.anki2", "media"]);
          const col = path.join(dir, `${lang}.anki2`);
          fs.writeFileSync(col, files["collection.anki2"]);
          const db = new Database(col, { readonly: true });
          try {
            const { n } = db.prepare("SELECT count(*) AS n FROM notes").get() as { n: number };
            expect(n).toBeGreaterThan(200);
            expect(db.prepare("SELECT count(*) AS n FROM cards").get()).toEqual({ n });
            const han = (db.prepare("SELECT flds FROM notes").all() as { flds: string }[]).filter((r) => /\p{Script=Han}/u.test(r.flds)).length;
            expect(han).toBe(lang === "zh" ? n : 0);
          } finally {
            db.close();
          }
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

test("the Anki export refuses a missing or unknown language with a 400", async ({ request }) => {
  for (const q of ["", "?lang=fr"]) {
    const res = await request.get(`/api/progress/apkg${q}`);
    expect(res.status()).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
  }
});
