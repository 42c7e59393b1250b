import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage, startDrill, wipeProgress } from "./helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await wipeProgress();
});

const session = (page: Page) => page.getByTestId("practice-session");
const given = async (page: Page) => (await page.getByTestId("transfer-given").locator("li").allInnerTexts()).join("\n");
const nums = (s: string) => [...s.matchAll(/\d+/g)].map((m) => Number(m[0]));

/** Fills the fields in order with the keyboard only and checks with Enter (or Tab + Enter after a select). */
async function enter(page: Page, values: string[], endsWithSelect = false) {
  for (const v of values) {
    await page.keyboard.press("Tab");
    if (v.startsWith("select:")) {
      await session(page).locator("select:focus").selectOption(v.slice(7));
    } else await page.keyboard.type(v);
  }
  if (endsWithSelect) await page.keyboard.press("Tab"); // to the Check button
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("result")).toBeVisible();
}

test("one drawn question of each data-transfer kind, answered right by keyboard, with the worked calculation", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["congestion-calc-triple-dupack", "rto-calc-first-sample", "window-calc-usable"]);
  for (let n = 1; n <= 3; n++) {
    await expect(page.getByText(`Question ${n} of 3`, { exact: true })).toBeVisible();
    expect(await session(page).getAttribute("data-item-type")).toBe("transfer");
    const g = await given(page);
    if (g.startsWith("Algorithm")) {
      // cwnd C, then d duplicate ACKs: ssthresh = max(⌊C/2⌋, 2), cwnd = ssthresh + 3 + (d − 3)
      const [c] = nums(g.split("\n")[1]);
      const d = g.split("\n")[2].split(",").length;
      const ss = Math.max(Math.floor(c / 2), 2);
      if (n === 1) await expectNoSeriousA11yViolations(page);
      await enter(page, [String(ss + d), String(ss), "select:fast_recovery"], true);
      await expect(page.getByTestId("cwnd-chart")).toBeVisible();
    } else if (g.startsWith("RTT samples")) {
      // first sample R: SRTT = R, RTTVAR = R/2, RTO = max(1000, R + 4·R/2)
      const [r] = nums(g.split("\n")[0]);
      await enter(page, [String(r), String(r / 2), String(Math.max(1000, 3 * r))]);
    } else {
      const [una, nxt] = nums(g.split("\n")[0]);
      const [wnd] = nums(g.split("\n")[1]);
      const usable = wnd - ((nxt - una + 2 ** 32) % 2 ** 32);
      await enter(page, usable > 0 ? [String(usable), String((nxt + usable - 1) % 2 ** 32)] : ["0"]);
    }
    await expect(page.getByTestId("result").getByText("✓ Correct", { exact: true })).toBeVisible();
    await expect(page.getByTestId("transfer-steps").locator("li").first()).toBeVisible();
    await page.keyboard.press("4");
  }
  await expect(page.getByTestId("practice-summary")).toBeVisible();
});

test("issue-18 kinds: keepalive and MSS questions drawn per attempt, answered right, with the worked arithmetic", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["keepalive-defaults", "mss-vs-mtu"]);
  for (let n = 1; n <= 2; n++) {
    await expect(page.getByText(`Question ${n} of 2`, { exact: true })).toBeVisible();
    const g = await given(page);
    if (g.startsWith("tcp_keepalive_time")) {
      // probes at T, T + I, …; dead at T + P·I (tcp_keepalive_timer)
      const [t, i, p] = nums(g.split("\n")[0]);
      await enter(page, [String(t + (p - 1) * i), String(t + p * i)]);
    } else {
      // MSS = MTU − IP header (20 / 40) − 20; payload = MSS − 12 with timestamps
      const mtu = Number(/MTU (\d+)/.exec(g)![1]);
      const mss = mtu - (g.includes("IPv6") ? 40 : 20) - 20;
      await enter(page, [String(mss), String(mss - (g.includes("timestamps option") ? 12 : 0))]);
    }
    await expect(page.getByTestId("result").getByText("✓ Correct", { exact: true })).toBeVisible();
    await expect(page.getByTestId("transfer-steps").locator("li").first()).toBeVisible();
    if (n === 1) await expectNoSeriousA11yViolations(page);
    await page.keyboard.press("4");
  }
  await expect(page.getByTestId("practice-summary")).toBeVisible();
});

test("in Chinese, a wrong congestion answer shows the expected values, the steps and the chart", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await startDrill(page, ["congestion-calc-timeout"]);
  await expect(page.getByTestId("transfer-given")).toContainText("初始");
  await enter(page, ["999", "999", "select:fast_recovery"], true);
  await expect(page.getByTestId("result").getByText("✗ 不太对", { exact: true })).toBeVisible();
  const result = page.getByTestId("transfer-result");
  await page.screenshot({ path: "test-results/transfer-zh.png", fullPage: true });
  await expect(result.locator("[data-expected=phase]")).toHaveText(/慢启动|拥塞避免/);
  await expect(page.getByTestId("transfer-steps")).toContainText("超时");
  await expect(page.getByTestId("cwnd-chart")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("the bank page of a transfer question shows one worked instance", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  const res = await page.goto("/questions/rto-calc-first-sample");
  expect(res?.status()).toBe(200);
  await expect(page.getByText(/RTT samples \(ms\): \d+/)).toBeVisible();
  await expect(page.getByText(/^R1 = \d+: SRTT = R = /)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
