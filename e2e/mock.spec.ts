import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { gradeItem } from "../lib/grading/grade";
import { loadAnswers } from "../lib/content/answers";
import { loadContent } from "../lib/content/loader";
import { localUserId, msOf, ts, withE2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, wipeProgress } from "./helpers";

/**
 * The mock interview end to end, on the production build. The interview's clock is the
 * candidate's (see lib/server/mock.ts): Playwright's page.clock drives it, so a 10-minute
 * interview takes seconds. One interview runs at a time per user, so these tests run in order.
 */
test.describe.configure({ mode: "serial" });

// A fresh learner: other specs share the local user.
test.beforeAll(async () => {
  await wipeProgress();
});

/**
 * Moves the interview's clock on, in the browser (Playwright's clock) and on the server: the
 * server bounds the browser's time by what it saw pass since it asked (lib/mock/report.ts
 * boundElapsed), so the open turn is marked as asked that much earlier.
 */
async function fastForward(page: Page, mmss: string) {
  const [m, s] = mmss.split(":").map(Number);
  const ms = (m * 60 + s) * 1000;
  await withE2eDb(
    async (db) => {
      const open = await db.all<{ id: string; askedAt: unknown }>(`SELECT "id", "askedAt" FROM "MockTurn" WHERE "answeredAt" IS NULL`);
      for (const r of open) await db.run(`UPDATE "MockTurn" SET "askedAt" = ? WHERE "id" = ?`, typeof r.askedAt === "number" ? r.askedAt - ms : ts(msOf(r.askedAt) - ms), r.id);
    },
    { transaction: true },
  );
  await page.clock.fastForward(mmss);
}

const current = (page: Page) => page.locator("section[aria-labelledby='current-h']");

async function startInterview(page: Page, opts: { length: string; focus: string; lang: string; submit: string }) {
  await page.goto("/mock");
  await page.getByRole("radio", { name: opts.length }).check();
  await page.getByRole("radio", { name: opts.focus }).check();
  await page.getByRole("radio", { name: opts.lang, exact: true }).check();
  await page.getByRole("button", { name: opts.submit }).click();
  await expect(page).toHaveURL(/\/mock\/[A-Za-z0-9_-]+$/);
  await expect(current(page)).toBeVisible();
}

/** Submits the current turn as it stands and waits for the next one (or the report). */
async function sendAndWait(page: Page, submit: string) {
  const before = await current(page).locator("[data-testid=interviewer]").innerText();
  const turnCount = await page.locator("section[aria-labelledby='transcript-h'] > ol > li").count();
  await current(page).getByRole("button", { name: submit }).click();
  await expect
    .poll(async () => {
      if (/\/report$/.test(page.url())) return "report";
      const n = await page.locator("section[aria-labelledby='transcript-h'] > ol > li").count();
      return n > turnCount ? "next" : "waiting";
    })
    .not.toBe("waiting");
  void before;
}

const bank = loadContent(path.join(process.cwd(), "content")).items;

const labelled = loadAnswers(path.join(process.cwd(), "content", "answers")).byItem;

/** A real candidate's partial answer to the question shown (from the labelled set: right, but missing a point). */
async function partialAnswer(page: Page, lang: "zh" | "en"): Promise<string> {
  const shown = await current(page).locator("[data-testid=interviewer] p[lang]").first().innerText();
  const item = bank.find((i) => shown.includes(i.prompt[lang]));
  if (!item || item.keyPoints.length === 0) throw new Error(`no spoken question found in: ${shown}`);
  // a labelled answer the grader reads as making some key points and missing others (a "partial"
  // labelled answer may make none, depending on the item the interview opened with)
  const some = (t: string) => {
    const r = gradeItem(item, t, lang);
    return r.matched.length > 0 && r.missed.length > 0;
  };
  const answers = (labelled.get(item.id) ?? []).filter((a) => a.lang === lang);
  const partial = answers.find((a) => a.kind === "partial" && some(a.text)) ?? answers.find((a) => a.label === "FAIL" && some(a.text));
  if (!partial) throw new Error(`no labelled partial answer for ${item.id} in ${lang}`);
  return partial.text.trim();
}

async function dueItemIds(itemIds: string[], now: number): Promise<string[]> {
  const rows = await withE2eDb(async (db) =>
    db.all<{ itemId: string; due: unknown }>(`SELECT "itemId", "due" FROM "Card" WHERE "userId" = ? AND "itemId" IN (${itemIds.map(() => "?").join(",")})`, await localUserId(db), ...itemIds),
  );
  return rows.filter((r) => msOf(r.due) <= now).map((r) => r.itemId);
}

test("a complete 10-minute mock interview with a controlled clock, in English", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await setLanguage(context, baseURL!, "en");
  await page.clock.install({ time: new Date("2026-03-02T09:00:00Z") });
  await page.goto("/mock");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mock interview");
  await expectNoSeriousA11yViolations(page);

  await startInterview(page, { length: "10 minutes", focus: "Handshake", lang: "English", submit: "Start the interview" });
  const mockUrl = page.url();
  await expect(page.getByTestId("clock-total")).toHaveText("10:00");
  await expect(page.getByTestId("clock-turn")).toHaveText("0:00");

  // The first turn always opens with a spoken question.
  const answer = current(page).getByRole("textbox", { name: "Your answer" });
  await expect(answer).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The draft is kept on the server: leave and come back.
  await answer.fill("The client sends a SYN first.");
  await expect(current(page).getByRole("status")).toContainText("Draft saved");
  await fastForward(page, "00:30");
  await page.goto("/mock");
  await page.getByRole("link", { name: /Resume the interview/ }).click();
  await expect(current(page).getByRole("textbox", { name: "Your answer" })).toHaveValue("The client sends a SYN first.");

  // Over 20,000 characters: refused with a clear message, nothing lost.
  const long = "SYN ".repeat(5_001);
  await current(page).getByRole("textbox", { name: "Your answer" }).fill(long);
  await expect(current(page).getByText(/the limit is 20000/)).toBeVisible();
  await current(page).getByRole("button", { name: "Send answer" }).click();
  await expect(current(page).getByRole("textbox", { name: "Your answer" })).toHaveValue(long);
  await expect(current(page).getByRole("status")).toContainText("Shorten it");
  await expect(page).toHaveURL(mockUrl);

  // A weak answer: only the first key point.
  await current(page).getByRole("textbox", { name: "Your answer" }).fill(await partialAnswer(page, "en"));
  await fastForward(page, "02:00");
  await expect(page.getByTestId("clock-turn")).toHaveText(/^2:3\d$/);
  await sendAndWait(page, "Send answer");
  const first = page.locator("section[aria-labelledby='transcript-h'] > ol > li").first();
  await expect(first.locator("mark").first()).toBeVisible();
  await expect(first).toContainText("Missed");

  // Dispute a miss: kept and shown.
  await first.getByText("Dispute this miss").first().click();
  await first.getByRole("textbox", { name: /Why you think/ }).first().fill("I said the ISN is random.");
  await first.getByRole("button", { name: "Keep my dispute" }).first().click();
  await expect(page.locator("section[aria-labelledby='transcript-h']").getByTestId("accepted-dispute").first()).toContainText("I said the ISN is random.");

  // Two more turns, answered empty (allowed; they score zero), 2.5 minutes each.
  for (let i = 0; i < 2 && /\/mock\/[^/]+$/.test(page.url()); i++) {
    await fastForward(page, "02:30");
    await sendAndWait(page, "Send answer");
    const last = page.locator("section[aria-labelledby='transcript-h'] > ol > li").last();
    await expect(last).toContainText("Score 0%");
  }
  await expectNoSeriousA11yViolations(page);

  // The clock runs out on the last turn: the answer is submitted by itself and the report appears.
  if (/\/mock\/[^/]+$/.test(page.url())) await fastForward(page, "05:00");
  await expect(page).toHaveURL(/\/mock\/[^/]+\/report$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mock interview report");
  await expect(page.getByTestId("overall-score")).toHaveText(/^\d+ \/ 100$/);
  await expect(page.getByRole("heading", { name: "Score per topic" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Time per answer" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Missed key points and the model answer" })).toBeVisible();
  await expect(page.getByText("Model answer").first()).toBeVisible();
  await expect(page.getByTestId("accepted-dispute").first()).toContainText("I said the ISN is random.");
  // The first finished mock of this user, unless an earlier spec left one (specs share the local user).
  await expect(page.getByTestId("score-change")).toHaveText(/^(This is your first finished mock interview\.|[−+]\d+ points|no change)$/);
  await expectNoSeriousA11yViolations(page);

  // The weak questions are due now in daily practice: in the database, and on the Today page.
  const due = await page.getByTestId("due-list").locator("a").evaluateAll((as) => as.map((a) => (a.getAttribute("href") ?? "").split("/").pop()!));
  expect(due.length).toBeGreaterThan(0);
  expect((await dueItemIds(due, Date.now())).sort()).toEqual([...due].sort());
  await page.goto("/");
  await expect(page.getByTestId("today-due")).not.toHaveText(/^0$/);
  expect(Number((await page.getByTestId("today-due").innerText()).match(/\d+/)![0])).toBeGreaterThanOrEqual(due.length);

  // Export as Markdown.
  const reportUrl = mockUrl + "/report";
  const md = await page.request.get(reportUrl + "/export");
  expect(md.headers()["content-type"]).toContain("text/markdown");
  const text = await md.text();
  expect(text).toContain("# Mock interview report");
  expect(text).toContain("Counted after your dispute:");
  expect(text).toContain("I said the ISN is random\\.");

  // History lists it with its score.
  await page.goto("/mock");
  // At least this one (other specs share the local user and may have left interviews).
  expect(await page.getByTestId("mock-history").locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("mock-history")).toContainText("Handshake");
});

test("a mock interview in Chinese: matched words highlighted, ended early, report with the change since the last one", async ({ page, context, baseURL }) => {
  test.setTimeout(90_000);
  await setLanguage(context, baseURL!, "zh");
  await page.clock.install({ time: new Date("2026-03-03T09:00:00Z") });
  await page.goto("/mock");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("模拟面试");
  await expectNoSeriousA11yViolations(page);
  await startInterview(page, { length: "20 分钟", focus: "四次挥手与 TIME_WAIT", lang: "中文", submit: "开始面试" });
  await expect(page.getByTestId("clock-total")).toHaveText("20:00");
  await current(page).getByRole("textbox", { name: "你的回答" }).fill(await partialAnswer(page, "zh"));
  await fastForward(page, "01:10");
  await sendAndWait(page, "提交回答");
  const first = page.locator("section[aria-labelledby='transcript-h'] > ol > li").first();
  await expect(first).toContainText(/得分 \d+%/);
  await expect(first.locator("mark").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await current(page).getByRole("button", { name: "结束面试" }).click();
  await current(page).getByRole("button", { name: "结束面试" }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("模拟面试报告");
  await expect(page.getByTestId("score-change")).toHaveText(/提高|下降|没有变化/);
  await expect(page.getByRole("heading", { name: "各主题得分" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const md = await (await page.request.get(page.url() + "/export")).text();
  expect(md).toContain("# 模拟面试报告");
});

test("a congestion-focus interview asks worked calculations with drawn numbers and shows the calculator's steps", async ({ page }) => {
  test.setTimeout(90_000);
  await page.clock.install({ time: new Date("2026-03-04T09:00:00Z") });
  await startInterview(page, { length: "10 minutes", focus: "Congestion control", lang: "English", submit: "Start the interview" });
  // The focus mixes spoken questions and calculations: answer spoken turns (with an empty-ish answer)
  // until the interviewer asks a calculation, its numbers shown beside the question.
  for (let turn = 0; turn < 8; turn++) {
    const heading = await current(page).getByRole("heading", { level: 2 }).innerText();
    if (/Work it out/.test(heading)) break;
    await current(page).getByRole("textbox").first().fill("I am not sure.");
    await fastForward(page, "00:30");
    await sendAndWait(page, "Send answer");
  }
  await expect(current(page).getByRole("heading", { level: 2 })).toContainText("Work it out");
  await expect(current(page).getByText("Given", { exact: true })).toBeVisible();
  const inputs = current(page).locator("input[type=text], input:not([type])");
  const n = await inputs.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await inputs.nth(i).fill("0");
  const selects = current(page).locator("select");
  for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption({ index: 1 });
  await expectNoSeriousA11yViolations(page);
  await fastForward(page, "01:00");
  await sendAndWait(page, "Send answer");
  const first = page.locator("section[aria-labelledby='transcript-h'] > ol > li").filter({ has: page.getByTestId("calc-result") }).first();
  await expect(first.getByTestId("calc-result")).toBeVisible();
  await expect(first.getByTestId("calc-result")).toContainText(/\d+ of \d+ cells right/);
  await expect(first.getByTestId("calc-steps").locator("li").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await current(page).getByRole("button", { name: "End the interview" }).click();
  await current(page).getByRole("button", { name: "End the interview" }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByTestId("calc-result").first()).toBeVisible();
  const md = await (await page.request.get(page.url() + "/export")).text();
  expect(md).toMatch(/\d+ of \d+ cells right/);
});

test("drafts from another site are refused, and bad input changes nothing", async ({ request }) => {
  const cross = await request.post("/api/mock/draft", {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: { interviewId: "x", turnId: "y", draft: "", elapsedMs: 0 },
  });
  expect(cross.status()).toBe(403);
  const bad = await request.post("/api/mock/draft", { data: { interviewId: "x", turnId: "y", draft: 5, elapsedMs: -1 } });
  expect(bad.status()).toBe(400);
  const unknown = await request.post("/api/mock/draft", { data: { interviewId: "nope", turnId: "nope", draft: "", elapsedMs: 0 } });
  expect(unknown.status()).toBe(404);
});
