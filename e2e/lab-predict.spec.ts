import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage } from "./helpers";

/**
 * Issue 21: predict through a scenario with a dropped segment and see the score, in both
 * languages; export the run as a real-kernel Python script.
 */
for (const lang of ["en", "zh"] as const) {
  const L = lang === "en"
    ? { start: "Predict this run", reveal: "Reveal step", done: /Run finished: \d+ of 12 steps predicted right\./, missed: "Steps you mispredicted", server: "Server's state after it", script: "Download the Python script", right: "Right", why: "Why" }
    : { start: "预测这次运行", reveal: "揭晓这一步", done: /运行结束：12 步中预测对了 \d+ 步。/, missed: "你预测错的步骤", server: "此后服务器的状态", script: "下载 Python 脚本", right: "正确", why: "原因" };

  test(`${lang}: predict lost-syn step by step (a dropped SYN), see the score and the mispredicted steps`, async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, lang);
    await page.goto("/lab/player?scenario=lost-syn&seed=1&v=2");
    await page.getByRole("button", { name: L.start }).click();
    const panel = page.getByTestId("lab-predict");
    await expect(panel).toBeVisible();
    await expect(page.getByTestId("lab-stepper")).toHaveCount(0); // nothing revealed before the first prediction
    await expectNoSeriousA11yViolations(page);

    // step 1: the client's SYN — predicted right (it is dropped: the server stays in LISTEN)
    await panel.getByRole("checkbox", { name: "SYN", exact: true }).check();
    await panel.getByLabel(L.server).selectOption("LISTEN");
    await panel.getByLabel(lang === "en" ? "Client's state after it" : "此后客户端的状态").selectOption("SYN_SENT");
    await panel.getByRole("button", { name: L.reveal }).click();
    await expect(page.getByTestId("lab-predict-result")).toContainText(L.right);
    await expect(page.getByTestId("lab-step")).toBeVisible();

    // step 2 by keyboard only: the classic mistake, expecting the SYN-ACK (it is the SYN again after the RTO)
    await panel.getByRole("radio", { name: lang === "en" ? "Server" : "服务器" }).focus();
    await page.keyboard.press("Space");
    await panel.getByRole("checkbox", { name: "SYN", exact: true }).focus();
    await page.keyboard.press("Space");
    await panel.getByRole("checkbox", { name: "ACK", exact: true }).focus();
    await page.keyboard.press("Space");
    await panel.getByRole("button", { name: L.reveal }).focus();
    await page.keyboard.press("Enter");
    const result = page.getByTestId("lab-predict-result");
    await expect(result).not.toContainText(L.right);
    await expect(result).toContainText(L.why);
    await expect(page.getByTestId("lab-predict-reasons")).toContainText(/1 s|1 秒/);

    // reveal the rest without predicting anything new
    const reveal = panel.getByRole("button", { name: L.reveal });
    for (let i = 0; i < 40 && (await reveal.count()) > 0; i++) await reveal.click();
    const score = page.getByTestId("lab-predict-score");
    await expect(score).toContainText(L.done);
    await expect(score).toContainText(L.missed);
    const missed = page.getByTestId("lab-predict-missed").getByRole("link");
    expect(await missed.count()).toBeGreaterThan(0);
    await expect(missed.first()).toHaveAttribute("href", /step=2&v=2$/);
    await expectNoSeriousA11yViolations(page);
  });
}

test("the player exports a real-kernel script for a what-if (forged RST in the window, dropped FIN, slow close)", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/lab/player?scenario=client-close&seed=1&faults=5-rst_window.10-drop&app=slow_close&v=2");
  await expect(page.getByTestId("lab-faults")).toContainText("then a forged RST in the window");
  await expect(page.getByTestId("lab-app-faults").getByRole("checkbox", { name: /close\(\) 3 s late/ })).toBeChecked();
  const kernel = page.getByTestId("lab-kernel");
  await expect(kernel).not.toContainText("Left out");
  const [download] = await Promise.all([page.waitForEvent("download"), kernel.getByRole("button", { name: "Download the Python script" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.py$/);
  const script = fs.readFileSync((await download.path())!, "utf8");
  expect(script).toContain("SLOW_CLOSE = True");
  expect(script).toMatch(/"--tcp-flags", "SYN,ACK,FIN,RST", "ACK,FIN"/);
  expect(script).toContain("finally:");
  // the forged RST is the tap's: step 5 is the server's ACK of the request, the first of its shape
  expect(script).toMatch(/TAPPED = \[\n {4}\("--sport", "ACK", \d+, 0, "rst_window"\),\n\]/);
});

test("375 px: predict mode fits the screen", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/lab/player?scenario=fast-retransmit&seed=1&v=2");
  await page.getByRole("button", { name: "预测这次运行" }).click();
  await page.getByRole("button", { name: "揭晓这一步" }).click();
  await expect(page.getByTestId("lab-predict-result")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
});
