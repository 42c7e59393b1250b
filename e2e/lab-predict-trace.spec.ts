import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage } from "./helpers";

/**
 * Issue 21: predict through a pasted capture in the trace explainer and see the score; predict
 * through a scenario with a delayed or a duplicated segment. Both languages, 375 px and desktop, axe.
 */
const CAPTURE = fs.readFileSync(path.join(process.cwd(), "lib/tcp/captures/client-close.txt"), "utf8");

const WORDS = {
  en: {
    explain: "Explain", start: "Predict this capture", reveal: "Reveal step", right: "Right", client: "Client's state after it", server: "Server's state after it",
    done: /Capture finished: \d+ of 11 lines predicted right\./, missed: "Lines you mispredicted", line2: "Line 2", why: "Why", sender: "Server",
    runStart: "Predict this run",
  },
  zh: {
    explain: "解读", start: "预测这段抓包", reveal: "揭晓这一步", right: "正确", client: "此后客户端的状态", server: "此后服务器的状态",
    done: /抓包结束：11 行中预测对了 \d+ 行。/, missed: "你预测错的行", line2: "第 2 行", why: "原因", sender: "服务器",
    runStart: "预测这次运行",
  },
} as const;

async function revealAll(page: Page, reveal: string) {
  const button = page.getByTestId("lab-predict").getByRole("button", { name: reveal });
  for (let i = 0; i < 40 && (await button.count()) > 0; i++) await button.click();
}

for (const lang of ["en", "zh"] as const) {
  const L = WORDS[lang];
  // a dozen reveals and three axe runs: more than the default 30 s on a loaded machine
  test.describe.configure({ timeout: 90_000 });

  test(`${lang}: predict a pasted Linux capture line by line, see the score and go to a mispredicted line`, async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, lang);
    await page.goto("/lab");
    await page.locator("#lab-trace").fill(CAPTURE);
    await page.getByRole("button", { name: L.explain, exact: true }).click();
    await expect(page.getByTestId("lab-summary")).toContainText("11");
    await page.getByRole("button", { name: L.start }).click();
    const panel = page.getByTestId("lab-predict");
    await expect(panel).toBeVisible();
    // nothing of the capture's reading is shown before the first prediction
    await expect(page.getByTestId("lab-predict-hidden")).toBeVisible();
    await expect(page.locator("td[data-state]")).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    // line 1: the client's SYN; seq 0 as the capture prints it (relative), no ACK — all right
    await panel.getByRole("checkbox", { name: "SYN", exact: true }).check();
    await panel.locator("#lab-predict-seq").fill("0");
    await panel.getByRole("checkbox", { name: lang === "en" ? "no ACK" : "不带 ACK" }).check();
    await panel.getByLabel(L.client).selectOption("SYN_SENT");
    await panel.getByLabel(L.server).selectOption("SYN_RECEIVED");
    await panel.getByRole("button", { name: L.reveal }).click();
    const result = page.getByTestId("lab-predict-result");
    await expect(result).toContainText(L.right);
    await expect(page.getByTestId("lab-predict-reasons")).toContainText("RFC 9293 §3.10");
    await expect(page.locator('td[data-state="client"]')).toHaveText(["SYN_SENT"]);

    // line 2 by keyboard: the server's SYN-ACK, with the client's state predicted wrong (ESTABLISHED, not SYN_RECEIVED)
    await panel.getByRole("radio", { name: L.sender }).focus();
    await page.keyboard.press("Space");
    await panel.getByRole("checkbox", { name: "SYN", exact: true }).focus();
    await page.keyboard.press("Space");
    await panel.getByRole("checkbox", { name: "ACK", exact: true }).focus();
    await page.keyboard.press("Space");
    await panel.getByLabel(L.client).selectOption("SYN_RECEIVED");
    await panel.getByRole("button", { name: L.reveal }).focus();
    await page.keyboard.press("Enter");
    await expect(result).not.toContainText(L.right);
    await expect(result).toContainText(L.why);
    await expect(page.locator('td[data-state="client"]')).toHaveText(["SYN_SENT", "ESTABLISHED"]);
    await expectNoSeriousA11yViolations(page);

    await revealAll(page, L.reveal);
    const score = page.getByTestId("lab-predict-score");
    await expect(score).toContainText(L.done);
    await expect(score).toContainText(L.missed);
    const missed = page.getByTestId("lab-predict-missed").getByRole("button");
    await expect(missed.first()).toHaveText(L.line2);
    await expect(page.locator("td[data-state]")).toHaveCount(22);
    await missed.first().click();
    await expect(page.locator('tr[data-row="2"]')).toHaveAttribute("aria-current", "true");
    await expectNoSeriousA11yViolations(page);
  });

  test(`${lang}: predict through a scenario with a ${lang === "en" ? "delayed" : "duplicated"} segment and see the score`, async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, lang);
    const kind = lang === "en" ? "delay" : "duplicate";
    await page.goto(`/lab/player?scenario=client-close&seed=1&faults=4-${kind}&v=2`);
    await expect(page.getByTestId("lab-faults")).toContainText(lang === "en" ? "Step 4: delay" : "第 4 步：重复");
    await page.getByRole("button", { name: L.runStart }).click();
    const panel = page.getByTestId("lab-predict");
    await expect(page.getByTestId("lab-stepper")).toHaveCount(0);
    // steps 1–3: the handshake, predicted right
    const hs = [["client", "SYN", "SYN_SENT", "SYN_RECEIVED"], ["server", "SYN,ACK", "ESTABLISHED", "SYN_RECEIVED"], ["client", "ACK", "ESTABLISHED", "ESTABLISHED"]] as const;
    for (const [from, flags, client, server] of hs) {
      await panel.getByRole("radio", { name: from === "client" ? (lang === "en" ? "Client" : "客户端") : L.sender }).check();
      for (const f of flags.split(",")) await panel.getByRole("checkbox", { name: f, exact: true }).check();
      await panel.getByLabel(L.client).selectOption(client);
      await panel.getByLabel(L.server).selectOption(server);
      await panel.getByRole("button", { name: L.reveal }).click();
      await expect(page.getByTestId("lab-predict-result")).toContainText(L.right);
    }
    // step 4 is the faulty one (a duplicate's copy is step 5): reveal it and see the network's fate
    await panel.getByRole("button", { name: L.reveal }).click();
    if (lang === "zh") await panel.getByRole("button", { name: L.reveal }).click();
    await expect(page.getByTestId("lab-step")).toContainText(lang === "en" ? "delayed by the network" : "被网络复制");
    await revealAll(page, L.reveal);
    const total = lang === "en" ? 11 : 13; // a duplicate adds the network's copy and the receiver's second ACK
    await expect(page.getByTestId("lab-predict-score")).toContainText(
      lang === "en" ? new RegExp(`Run finished: \\d+ of ${total} steps predicted right\\.`) : new RegExp(`运行结束：${total} 步中预测对了 \\d+ 步。`),
    );
    await expectNoSeriousA11yViolations(page);
  });
}

test("375 px: predicting a capture fits the screen", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/lab");
  await page.locator("#lab-trace").fill(CAPTURE);
  await page.getByRole("button", { name: "解读", exact: true }).click();
  await page.getByRole("button", { name: "预测这段抓包" }).click();
  await page.getByRole("button", { name: "揭晓这一步" }).click();
  await expect(page.getByTestId("lab-predict-result")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
});
