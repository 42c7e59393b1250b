import { expect, test, type Page } from "@playwright/test";
import { checksumOf } from "../lib/dashboard/progress-file";
import { withE2eDb } from "./db";
import { setLanguage, wipeProgress } from "./helpers";

/**
 * Text a user types or imports is shown as text, never as markup: answers, disputes and imported
 * JSON carrying <script>, event-handler and javascript: payloads must appear literally, and
 * nothing may run.
 */
test.describe.configure({ mode: "serial" });

// A fresh learner: other specs share the local user.
test.beforeAll(async () => {
  await wipeProgress();
});

const PAYLOAD = `<script>window.__xss=1;alert("xss")</script><img src=x onerror="window.__xss=2;alert(2)"><a href="javascript:window.__xss=3">click</a>`;

function guard(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return {
    async expectNothingRan() {
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      // No element was created from the payload.
      expect(await page.locator('img[src="x"], a[href^="javascript:"]').count()).toBe(0);
    },
  };
}

test("a practice answer with markup is shown as text", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  const g = guard(page);
  expect((await page.request.post("/api/practice/sessions", { data: { only: ["teardown-walkthrough"] } })).status()).toBe(201);
  await page.goto("/practice");
  await page.getByRole("textbox").fill(`FIN_WAIT_1 ${PAYLOAD} TIME_WAIT`);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("highlighted-answer")).toContainText('<script>window.__xss=1;alert("xss")</script>');
  await expect(page.getByTestId("highlighted-answer")).toContainText('<a href="javascript:window.__xss=3">click</a>');
  await g.expectNothingRan();
  await page.keyboard.press("4");
  await expect(page.getByTestId("practice-summary")).toBeVisible();
});

test("a mock answer and a dispute with markup are shown as text, in the interview and in the report", async ({ page, context, baseURL }) => {
  test.setTimeout(90_000);
  await setLanguage(context, baseURL!, "en");
  const g = guard(page);
  await page.goto("/mock");
  await page.getByRole("radio", { name: "10 minutes" }).check();
  await page.getByRole("radio", { name: "Handshake" }).check();
  await page.getByRole("radio", { name: "English", exact: true }).check();
  await page.getByRole("button", { name: "Start the interview" }).click();
  await expect(page).toHaveURL(/\/mock\/[A-Za-z0-9_-]+$/);
  const current = page.locator("section[aria-labelledby='current-h']");
  await current.getByRole("textbox", { name: "Your answer" }).fill(PAYLOAD);
  await current.getByRole("button", { name: "Send answer" }).click();
  const first = page.locator("section[aria-labelledby='transcript-h'] > ol > li").first();
  await expect(first).toContainText("<script>window.__xss=1");
  await first.getByText("Dispute this miss").first().click();
  await first.getByRole("textbox", { name: /Why you think/ }).first().fill(`I meant it ${PAYLOAD}`);
  await first.getByRole("button", { name: "Keep my dispute" }).first().click();
  await expect(page.locator("section[aria-labelledby='transcript-h']").getByTestId("accepted-dispute").first()).toContainText("I meant it <script>");
  await g.expectNothingRan();
  await page.getByRole("button", { name: "End the interview" }).click();
  await page.getByRole("button", { name: "End the interview" }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByText(/<script>window.__xss=1/).first()).toBeVisible();
  await g.expectNothingRan();
  const md = await page.request.get(page.url() + "/export");
  expect(md.status()).toBe(200);
  expect(md.headers()["content-type"]).not.toContain("text/html");
});

test("imported progress with markup in it is shown as text", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  const g = guard(page);
  // Earlier specs may have left synthetic review rows (inserted straight into the database), which
  // an import refuses: every card must equal the replay of its log. Keep the mock interviews only.
  {
    await withE2eDb(
      async (db) => {
        await db.run(`DELETE FROM "ReviewLog"`);
        await db.run(`DELETE FROM "Card"`);
      },
      { transaction: true },
    );
  }
  const file = (await (await page.request.get("/api/progress/export")).json()) as Record<string, any>;
  expect(file.mockInterviews.length).toBeGreaterThan(0);
  const mock = file.mockInterviews.find((m: any) => m.turns.some((t: any) => t.answer !== null)) ?? file.mockInterviews[0];
  for (const turn of mock.turns) {
    if (turn.answer !== null) turn.answer = `imported ${PAYLOAD}`;
  }
  file.checksum = checksumOf(file);
  const res = await page.request.post("/api/progress/import", { headers: { "content-type": "application/json" }, data: JSON.stringify(file) });
  expect(res.status(), await res.text()).toBe(200);
  // The file carries no row ids; import makes new ones: find the imported interview in the database.
  const interviewId = (await withE2eDb((db) => db.get<{ id: string }>(`SELECT "interviewId" AS "id" FROM "MockTurn" WHERE "answer" LIKE 'imported %' LIMIT 1`)))!.id;
  await page.goto(`/mock/${interviewId}/report`);
  await expect(page.getByText(/imported <script>window.__xss=1/).first()).toBeVisible();
  await g.expectNothingRan();
  await page.goto("/dashboard");
  await g.expectNothingRan();
});
