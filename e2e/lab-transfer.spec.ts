import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage, setThemeCookie } from "./helpers";

/**
 * The scenario player's data-transfer scenarios (issue 17): the values the charts, the window,
 * the timers and the event lists show are the simulator's (lib/tcp/transfer, seed 1), checked at
 * the steps where each mechanism acts, in both languages, on a desktop and a 375 px phone.
 */
const OUT = process.env.E2E_OUTPUT_DIR ?? "test-results";

const L = {
  en: {
    stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
    fastRtx: "fast retransmission",
    wsFast: "Fast retransmission",
    wsRtx: "Retransmission",
    wsDup: "Duplicate ACK",
    wsZero: "Zero window",
    wsProbe: "Zero-window probe",
    wsUpdate: "Window update",
    fastNote: "third duplicate ACK: fast retransmit 6001",
    cwndFr: "cwnd 8,000 B, ssthresh 5,000, fast recovery",
    cwndRto: "cwnd 1,000 B, ssthresh 2,000, slow start",
    bytes: (n: string) => `${n} B`,
    rtoRunning: "expires at t = 3,100 ms (in 2,000 ms)",
    rtoBackoff: "RTO 2,000 ms; back-off: doubled 1 times",
    firedRto: "Retransmission (RTO) at t = 1,100 ms (set at t = 100 ms)",
    persistRunning: "expires at t = 3,100 ms (in 2,000 ms)",
    probes: "probes sent while the window is zero: 1",
    firedPersist: "Persist at t = 1,100 ms (set at t = 100 ms)",
    nagle: "Nagle holds 300 bytes",
    firedDelack: "Delayed ACK (receiver) at t = 250 ms (set at t = 50 ms)",
    about: "RFC 6298 §2.4",
    dropped: "dropped by the network",
    group: "Data transfer",
  },
  zh: {
    stepOf: (n: number, total: number) => `第 ${n} 步，共 ${total} 步`,
    fastRtx: "快速重传",
    wsFast: "快速重传",
    wsRtx: "重传",
    wsDup: "重复 ACK",
    wsZero: "零窗口",
    wsProbe: "零窗口探测",
    wsUpdate: "窗口更新",
    fastNote: "第三个重复 ACK：快速重传 6001",
    cwndFr: "cwnd 8,000 字节，ssthresh 5,000，快速恢复",
    cwndRto: "cwnd 1,000 字节，ssthresh 2,000，慢启动",
    bytes: (n: string) => `${n} 字节`,
    rtoRunning: "在 t = 3,100 毫秒到期（还有 2,000 毫秒）",
    rtoBackoff: "RTO 2,000 毫秒；退避：已翻倍 1 次",
    firedRto: "重传（RTO），t = 1,100 毫秒（设于 t = 100 毫秒）",
    persistRunning: "在 t = 3,100 毫秒到期（还有 2,000 毫秒）",
    probes: "窗口为零期间已发探测：1 个",
    firedPersist: "坚持，t = 1,100 毫秒（设于 t = 100 毫秒）",
    nagle: "Nagle 算法暂扣 300 字节",
    firedDelack: "延迟确认（接收方），t = 250 毫秒（设于 t = 50 毫秒）",
    about: "RFC 6298 §2.4",
    dropped: "被网络丢弃",
    group: "数据传输",
  },
} as const;

type Lang = keyof typeof L;
const lang = (s: (typeof L)[Lang]) => (s === L.zh ? "毫秒" : "ms");

async function open(page: Page, query: string) {
  await page.goto(`/lab/player?${query}&v=2`);
  await expect(page.getByTestId("transfer-charts")).toBeVisible();
}

const field = (page: Page, name: string) => page.getByTestId("transfer-window-values").locator(`[data-field="${name}"]`);
const wireshark = (page: Page) => page.getByTestId("transfer-wireshark").locator("[data-event]");

async function fastRetransmit(page: Page, s: (typeof L)[Lang]) {
  await open(page, "scenario=fast-retransmit&seed=1&step=28");
  const stepper = page.getByTestId("lab-stepper");
  await expect(stepper).toContainText(s.stepOf(28, 41));
  await expect(page.getByTestId("transfer-kind")).toHaveText(s.fastRtx);
  await expect(wireshark(page)).toHaveCount(1);
  await expect(page.getByTestId("transfer-wireshark").locator('[data-event="fast_retransmission"] dt')).toHaveText(s.wsFast);
  // the three duplicate ACKs that arrived since the step before, then the fast retransmit itself
  const notes = page.getByTestId("transfer-notes");
  await expect(notes.locator('[data-kind="dup_ack"]')).toHaveCount(3);
  await expect(notes.locator('[data-kind="fast_retransmit"]')).toContainText(s.fastNote);
  await expect(page.getByTestId("transfer-cwnd-now")).toHaveAttribute("data-phase", "fast_recovery");
  await expect(page.getByTestId("transfer-cwnd-now")).toContainText(s.cwndFr);
  await expect(field(page, "sndUna")).toHaveText("6,001");
  await expect(field(page, "sndNxt")).toHaveText("16,001");
  await expect(field(page, "flight")).toHaveText(s.bytes("10,000"));
  await expect(field(page, "usable")).toHaveText(s.bytes("0"));
  await expect(page.getByTestId("transfer-window").locator('[data-region="over"]')).toHaveCount(1);
  // the time–sequence graph rings the retransmitted bytes 6000–7000 at t = 200 and marks them R
  const cur = page.getByTestId("transfer-tsg").locator('[data-current="true"]');
  await expect(cur).toHaveAttribute("data-seg", "6000");
  await expect(cur.locator("text")).toHaveText("R");
  // the keyboard steps back to the last of the new segments, then forward to a duplicate ACK
  await stepper.focus();
  await page.keyboard.press("ArrowLeft");
  await expect(stepper).toContainText(s.stepOf(27, 41));
  await expect(page.getByTestId("transfer-wireshark-none")).toBeVisible();
  await expect(page.getByTestId("transfer-cwnd-now")).toHaveAttribute("data-phase", "slow_start");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(stepper).toContainText(s.stepOf(29, 41));
  await expect(page).toHaveURL(/scenario=fast-retransmit&seed=1&step=29&v=2/);
  await expect(wireshark(page)).toHaveText([new RegExp(s.wsDup)]);
  // the scenario's own loss is step 11, shown as part of the scenario
  await expect(page.getByTestId("transfer-built-in")).toContainText("11");
}

async function rtoTimeout(page: Page, s: (typeof L)[Lang]) {
  await open(page, "scenario=rto-timeout&seed=1&step=5");
  await expect(page.getByTestId("lab-stepper")).toContainText(s.stepOf(5, 7));
  await expect(page.getByTestId("transfer-step")).toContainText(s.dropped);
  await expect(page.getByTestId("transfer-wireshark").locator('[data-event="retransmission"] dt')).toHaveText(s.wsRtx);
  await expect(page.getByTestId("transfer-notes").locator('[data-kind="rto"]')).toContainText("RTO");
  await expect(page.getByTestId("transfer-fired")).toContainText(s.firedRto);
  const rto = page.getByTestId("transfer-timer-list").locator('[data-timer="retransmit"]');
  await expect(rto).toHaveAttribute("data-running", "true");
  await expect(rto).toContainText(s.rtoRunning);
  await expect(rto).toContainText(s.rtoBackoff);
  await expect(page.getByTestId("transfer-cwnd-now")).toContainText(s.cwndRto);
  await expect(field(page, "sndUna")).toHaveText("2,001");
  await expect(field(page, "flight")).toHaveText(s.bytes("1,000"));
  // four runs of the retransmission timer: two fired (a dot each), the first set again by the ACK
  await expect(page.getByTestId("transfer-timers").locator('[data-timer-run="retransmit"]')).toHaveCount(4);
  await expect(page.getByTestId("transfer-timers").locator('[data-timer-run="retransmit"] circle')).toHaveCount(2);
  await expect(page.getByTestId("transfer-about")).toContainText(s.about);
  // the second timeout doubles again
  await page.getByTestId("lab-stepper").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("transfer-timer-list").locator('[data-timer="retransmit"]')).toContainText(s.rtoBackoff.replace("2,000", "4,000").replace(/1( times| 次)/, "2$1"));
}

async function zeroWindow(page: Page, s: (typeof L)[Lang]) {
  await open(page, "scenario=zero-window-probe&seed=1&step=6");
  await expect(page.getByTestId("transfer-wireshark").locator('[data-event="zero_window"] dt')).toHaveText(s.wsZero);
  await page.getByTestId("lab-stepper").focus();
  await page.keyboard.press("ArrowRight");
  // step 7: the persist timer's first probe, one byte at 4001, with the timer set again for 2 s
  await expect(page.getByTestId("lab-stepper")).toContainText(s.stepOf(7, 21));
  await expect(page.getByTestId("transfer-wireshark").locator('[data-event="zero_window_probe"] dt')).toHaveText(s.wsProbe);
  await expect(page.getByTestId("transfer-fired")).toContainText(s.firedPersist);
  const persist = page.getByTestId("transfer-timer-list").locator('[data-timer="persist"]');
  await expect(persist).toHaveAttribute("data-running", "true");
  await expect(persist).toContainText(s.persistRunning);
  await expect(persist).toContainText(s.probes);
  await expect(page.getByTestId("transfer-timer-list").locator('[data-timer="retransmit"]')).toHaveAttribute("data-running", "false");
  await expect(field(page, "sndWnd")).toHaveText(s.bytes("0"));
  await expect(field(page, "usable")).toHaveText(s.bytes("0"));
  await expect(page.getByTestId("transfer-tsg").locator('[data-current="true"] text')).toHaveText("P");
  // step 9: the window update is lost; step 10: the second probe
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("transfer-wireshark").locator('[data-event="window_update"] dt')).toHaveText(s.wsUpdate);
  await expect(page.getByTestId("transfer-step")).toContainText(s.dropped);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("transfer-timer-list").locator('[data-timer="persist"]')).toContainText(s.probes.replace("1", "2"));
}

async function nagle(page: Page, s: (typeof L)[Lang]) {
  await open(page, "scenario=nagle-delayed-ack-stall&seed=1&step=2");
  const notes = page.getByTestId("transfer-notes");
  await expect(notes.locator("li")).toHaveCount(2);
  await expect(notes.locator('[data-kind="nagle_hold"]')).toContainText(s.nagle);
  await expect(notes.locator('[data-kind="delayed_ack"]')).toBeVisible();
  await expect(page.getByTestId("transfer-fired")).toContainText(s.firedDelack);
  await expect(page.getByTestId("transfer-timers").locator('[data-timer-run="delayed_ack"]')).toHaveCount(2);
  // step 3: the held 300 bytes leave at t = 300, once the delayed ACK arrived
  await page.getByTestId("lab-stepper").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("lab-stepper")).toContainText(`t = 300 ${lang(s)}`);
  await expect(field(page, "sndUna")).toHaveText("201");
  await expect(field(page, "flight")).toHaveText(s.bytes("300"));
}

for (const lang of ["en", "zh"] as const) {
  for (const width of [1280, 375] as const) {
    test(`${lang}, ${width} px: fast retransmit, RTO, zero-window probes and the Nagle/delayed-ACK stall show the simulator's values`, async ({ browser, baseURL }) => {
      test.setTimeout(90_000);
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await setLanguage(context, baseURL!, lang);
      const page = await context.newPage();
      const s = L[lang];
      await fastRetransmit(page, s);
      await expectNoSeriousA11yViolations(page);
      await rtoTimeout(page, s);
      await zeroWindow(page, s);
      await expectNoSeriousA11yViolations(page);
      await nagle(page, s);
      if (width === 375) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: path.join(OUT, `lab-transfer-${lang}-${width}.png`), fullPage: true });
      await context.close();
    });
  }
}

test("the scenario list groups the transfer scenarios; choosing one goes to its URL; dark theme passes axe", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await setThemeCookie(context, baseURL!, "dark");
  await page.goto("/lab/player?scenario=client-close&seed=1");
  const transfer = page.locator("#lab-scenario optgroup").filter({ has: page.locator('option[value="sack-recovery"]') });
  await expect(transfer).toHaveAttribute("label", L.en.group);
  await expect(transfer.locator("option")).toHaveCount(6);
  await page.getByLabel("Scenario", { exact: true }).selectOption("sack-recovery");
  await page.getByRole("button", { name: "Show run" }).click();
  await expect(page).toHaveURL(/scenario=sack-recovery&seed=1&v=2/);
  // SACK blocks on the duplicate ACKs, on the graph and in the step
  await expect(page.getByTestId("transfer-tsg")).toBeVisible();
  await page.getByTestId("lab-stepper").focus();
  for (let i = 0; i < 18; i++) await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("transfer-step")).toContainText("SACK 7001–8001");
  await expectNoSeriousA11yViolations(page);
  // a learner's fault goes into the URL as for the connection scenarios
  await page.getByLabel("On step", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Add fault" }).click();
  await expect(page).toHaveURL(/faults=1-drop&v=2/);
  await expect(page.getByTestId("lab-faults")).toContainText("Step 1: drop");
  // an old link (no v) to a transfer scenario still opens
  await page.goto("/lab/player?scenario=slow-start&seed=3&step=4");
  await expect(page.getByTestId("lab-stepper")).toContainText("Step 5 of 60");
  await expect(page.getByTestId("lab-url-issues")).toHaveCount(0);
});

// Issue 21 §4 follow-up: a data transfer takes forged RSTs as what-ifs, like the connection scenarios
const RST = {
  en: { step: "On step", fault: "Fault", add: "Add fault", forged: "forged RST (spoofed sender)", challenge: "challenge ACK (RFC 5961)", reset: "Connection reset" },
  zh: { step: "故障所在步骤", fault: "故障", add: "添加故障", forged: "伪造的 RST（冒充的发送方）", challenge: "挑战 ACK（RFC 5961）", reset: "连接被重置" },
} as const;
for (const lang of ["en", "zh"] as const) {
  test(`${lang}: a forged RST in a transfer — in the window a challenge ACK answers it; at RCV.NXT the connection is reset`, async ({ page, context, baseURL }) => {
    const s = RST[lang];
    await setLanguage(context, baseURL!, lang);
    // slow start, a forged RST in the server's window right behind step 3: step 6 is the RST, step 7 the server's challenge ACK
    await page.goto("/lab/player?scenario=slow-start&seed=1&faults=3-rst_window&step=6&v=2");
    await expect(page.getByTestId("transfer-kind")).toHaveText(s.forged);
    await page.getByTestId("lab-stepper").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("transfer-kind")).toHaveText(s.challenge);
    await expect(page.getByTestId("transfer-notes")).toContainText("RFC 5961 §3.2");
    // the forged step itself takes no fault (no end sent it); another step takes an RST at RCV.NXT
    await expect(page.getByLabel(s.step, { exact: true }).locator('option[value="6"]')).toHaveCount(0);
    await page.getByLabel(s.step, { exact: true }).selectOption("2");
    await page.getByLabel(s.fault, { exact: true }).selectOption("rst_next");
    await page.getByRole("button", { name: s.add }).click();
    await expect(page).toHaveURL(/faults=2-rst_next\.3-rst_window/);
    // an RST at the client's RCV.NXT behind the server's ACK (step 2) is step 5; the reset is noted on the step after it
    await page.goto("/lab/player?scenario=slow-start&seed=1&faults=2-rst_next&step=5&v=2");
    await expect(page.getByTestId("transfer-kind")).toHaveText(s.forged);
    await page.getByTestId("lab-stepper").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("transfer-notes")).toContainText(s.reset);
  });
}
