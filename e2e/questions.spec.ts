import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage } from "./helpers";

test("a search in Chinese finds the question about the SYN and accept queues", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await page.goto("/questions");
  await page.getByRole("searchbox", { name: "搜索" }).fill("半连接队列 全连接队列");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/q=/);
  const first = page.getByTestId("bank-results").getByRole("link").first();
  await expect(first).toContainText("半连接队列");
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("半连接队列和全连接队列");
  await expectNoSeriousA11yViolations(page);
});

test("a search in English finds why TIME_WAIT lasts 2MSL", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/questions?q=TIME_WAIT+2MSL");
  const results = page.getByTestId("bank-results");
  await expect(results.getByRole("link").first()).toContainText(/TIME_WAIT/);
  await expect(results.locator('a[href="/questions/time-wait-why-2msl"]')).toBeVisible();
});

test("filters narrow the bank by topic, type, difficulty and frequency", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/questions?topic=rst&type=state");
  const items = page.getByTestId("bank-results").getByRole("listitem");
  expect(await items.count()).toBeGreaterThan(0);
  for (const item of await items.all()) await expect(item).toContainText("State transition");
  await page.goto("/questions?q=zzzzqqq");
  await expect(page.getByText("No question matches.")).toBeVisible();
  // Malformed filters are ignored, not an error page.
  const res = await page.goto("/questions?difficulty=9&type=nope&topic=%3Cscript%3E");
  expect(res?.status()).toBe(200);
});

test("a question page shows its answer, explanation, references and the engine's ladder", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/questions/tcpdump-handshake-capture");
  await expect(page.getByRole("heading", { name: "The engine's answer" })).toBeVisible();
  await expect(page.getByText(/After line 2: client ESTABLISHED, server SYN_RECEIVED/)).toBeVisible();
  const ladder = page.getByTestId("ladder");
  await expect(ladder.locator("svg")).toBeVisible();
  await expect(ladder.locator("svg title")).toHaveText(/Segments between client and server/);
  await expect(page.getByRole("heading", { name: "References" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("a sequence question's page shows a worked instance with the ladder, in Chinese", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await page.goto("/questions/handshake-seq-ack-values");
  await expect(page.getByRole("heading", { name: "引擎给出的答案" })).toBeVisible();
  await expect(page.getByTestId("ladder").locator("svg")).toBeVisible();
  await expect(page.getByRole("heading", { name: "追问" })).toBeVisible();
});

test("an unknown question id is a 404", async ({ page }) => {
  const res = await page.goto("/questions/no-such-question");
  expect(res?.status()).toBe(404);
});
