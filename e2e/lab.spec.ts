import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage, setThemeCookie } from "./helpers";

const CAPTURES = path.join(process.cwd(), "lib/tcp/captures");
const capture = (name: string) => fs.readFileSync(path.join(CAPTURES, `${name}.txt`), "utf8");
const OUT = process.env.E2E_OUTPUT_DIR ?? "test-results";

/** Client and server state after each line of client-close.txt, as the RFC has them. */
const NORMAL_CLOSE = [
  ["SYN_SENT", "SYN_RECEIVED"],
  ["ESTABLISHED", "SYN_RECEIVED"],
  ["ESTABLISHED", "ESTABLISHED"],
  ["ESTABLISHED", "ESTABLISHED"],
  ["ESTABLISHED", "ESTABLISHED"],
  ["ESTABLISHED", "ESTABLISHED"],
  ["ESTABLISHED", "ESTABLISHED"],
  ["FIN_WAIT_1", "CLOSE_WAIT"],
  ["FIN_WAIT_2", "CLOSE_WAIT"],
  ["TIME_WAIT", "LAST_ACK"],
  ["TIME_WAIT", "CLOSED"],
];

/** Puts text in the explainer's textarea at once (typing a megabyte would take minutes). */
async function paste(page: Page, text: string) {
  await page.getByLabel(/tcpdump output|tcpdump 输出/).evaluate((el, value) => {
    (el as HTMLTextAreaElement).value = value;
  }, text);
}

async function tableStates(page: Page): Promise<string[][]> {
  return page.locator("tbody tr[data-row]").evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('[data-state="client"]')!.textContent!, r.querySelector('[data-state="server"]')!.textContent!]),
  );
}

/** Every cell of every row of the results table, as text. */
async function tableCells(page: Page): Promise<string[][]> {
  return page.locator("tbody tr[data-row]").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}

/** Drops a file on the trace box as a browser does (a DataTransfer holding a File). */
async function dropFile(page: Page, name: string, bytes: Buffer) {
  await page.locator("#lab-trace").evaluate((el, [fileName, data]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data as number[])], fileName as string, { type: "application/octet-stream" }));
    el.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, [...bytes]] as const);
}

test.describe("binary captures (issue 16)", () => {
  for (const lang of ["en", "zh"] as const) {
    test(`${lang}: a dropped .pcapng is read in the browser and explained exactly as the same capture pasted as text`, async ({ page, context, baseURL }) => {
      await setLanguage(context, baseURL!, lang);
      const posted: string[] = [];
      page.on("request", (r) => {
        if (r.url().endsWith("/api/lab/annotate")) posted.push(r.headers()["content-type"] ?? "");
      });
      await page.goto("/lab");
      const bin = path.join(CAPTURES, "binary");
      await paste(page, fs.readFileSync(path.join(bin, "ipv6.pcapng.txt"), "utf8"));
      await page.getByRole("button", { name: lang === "en" ? "Explain" : "解读", exact: true }).click();
      await expect(page.getByTestId("lab-summary")).toContainText("11");
      const pasted = await tableCells(page);
      const summary = await page.getByTestId("lab-summary").textContent();
      await dropFile(page, "ipv6.pcapng", fs.readFileSync(path.join(bin, "ipv6.pcapng")));
      await expect(page.getByTestId("lab-file")).toContainText("ipv6.pcapng");
      await expect(page.getByTestId("lab-file")).toContainText(lang === "en" ? "not uploaded" : "没有上传");
      await expect(page.getByTestId("lab-summary")).toHaveText(summary!);
      expect(await tableCells(page)).toEqual(pasted);
      expect(pasted).toHaveLength(11);
      // only text was ever sent: the file is read in the browser
      expect(posted.every((t) => t.startsWith("text/plain"))).toBe(true);
      await expectNoSeriousA11yViolations(page);
    });
  }
  test("crossing FINs are shown in the Arrival column", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab");
    await paste(page, capture("simultaneous-close"));
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.locator('tbody tr[data-row] [data-arrival="crossed"]').first()).toContainText("in flight: received before line 7");
    expect(await tableStates(page)).toContainEqual(["FIN_WAIT_1", "ESTABLISHED"]);
  });
  test("a damaged capture file gets a typed message, nothing is sent", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab");
    const bytes = fs.readFileSync(path.join(CAPTURES, "binary", "simultaneous-open.pcap")).subarray(0, 60);
    await dropFile(page, "cut.pcap", Buffer.from(bytes));
    await expect(page.getByTestId("lab-error")).toContainText("cut.pcap could not be read");
  });
});

test.describe("trace explainer", () => {
  test("pasting the capture of a normal close shows every row with both states, numbers both ways, and related questions", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lab");
    await paste(page, capture("client-close"));
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByTestId("lab-summary")).toHaveText("11 segments, 0 lines that cannot happen, 0 skipped lines.");
    await expect(page.getByRole("heading", { name: "The annotated trace" })).toBeFocused();
    expect(await tableStates(page)).toEqual(NORMAL_CLOSE);
    // relative as printed; absolute on request (line 2 is the SYN-ACK)
    const row2 = page.locator('tbody tr[data-row="2"] td');
    await expect(row2.nth(4)).toHaveText("0");
    await page.getByRole("radio", { name: "Absolute" }).check();
    await expect(row2.nth(4)).toHaveText("863690788");
    await expect(row2.nth(5)).toHaveText("1573708933");
    // the ladder shows the states too, and the bank's questions on what the trace shows are linked
    await expect(page.getByRole("img", { name: "The annotated capture as a ladder diagram" })).toBeVisible();
    const related = page.getByTestId("lab-related");
    await expect(related).toContainText("TIME_WAIT");
    await expect(related).toContainText("CLOSE_WAIT");
    const first = related.getByRole("link").first();
    const href = await first.getAttribute("href");
    expect(href).toMatch(/^\/questions\/[a-z0-9-]+$/);
    expect((await page.request.get(href!)).status()).toBe(200);
    await expectNoSeriousA11yViolations(page);
  });

  test("a sample from the bank opens annotated, and an impossible line is marked with its reason", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab");
    const options = await page.locator("#lab-sample option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.filter((v) => v.startsWith("bank:")).length).toBeGreaterThan(0);
    expect(options).toContain("capture:half-close");
    await page.getByLabel("Open a sample").selectOption("bank:tcpdump-data-after-fin");
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await expect(page).toHaveURL(/sample=bank%3Atcpdump-data-after-fin/);
    await expect(page.getByTestId("lab-summary")).toContainText(/[1-9]\d* lines? that cannot happen/);
    await expect(page.getByTestId("lab-problems")).toContainText("Line");
    await expect(page.locator("tbody")).toContainText("cannot happen");
    await expectNoSeriousA11yViolations(page);
  });

  test("pasted <script> and javascript: payloads are shown as text and nothing runs", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto("/lab");
    const payload = [
      `<script>window.__labPwned = 1; alert("script")</script>`,
      `<img src=x onerror="window.__labPwned = 2; alert('img')">`,
      `javascript:alert(document.cookie)`,
      `IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1, win 512, length 0 <b onmouseover=alert(1)>x</b>`,
      `IP <svg/onload=alert(3)>.1 > 10.0.0.2.80: Flags [S], seq 1, win 512, length 0`,
    ].join("\n");
    await paste(page, payload);
    await page.getByRole("button", { name: "Explain" }).click();
    const skipped = page.getByTestId("lab-skipped");
    await expect(skipped).toContainText(`<script>window.__labPwned = 1; alert("script")</script>`);
    await expect(skipped).toContainText(`<img src=x onerror="window.__labPwned = 2; alert('img')">`);
    await expect(skipped).toContainText("javascript:alert(document.cookie)");
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __labPwned?: number }).__labPwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator("main script, main img[src='x'], main b, main svg[onload]").count()).toBe(0);
    await expect(page.locator("main a[href^='javascript:']")).toHaveCount(0);
  });

  test("an over-limit paste is refused with the message, in the browser and on the server", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab");
    const line = "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 1, win 512, length 0\n";
    const big = line.repeat(Math.ceil((1024 * 1024 + 1) / line.length));
    await paste(page, big);
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByTestId("lab-error")).toContainText("The trace is too large");
    await expect(page.getByTestId("lab-error")).toContainText("at most 1 MB");
    await paste(page, "x\n".repeat(100_001));
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByTestId("lab-error")).toContainText("too many lines: 100,001");

    // the server enforces the same limits whatever the browser does
    const bytes = await page.request.post("/api/lab/annotate", { headers: { "content-type": "text/plain; charset=utf-8" }, data: big });
    expect(bytes.status()).toBe(413);
    expect((await bytes.json()).error.message).toContain("at most 1 MB");
    const lines = await page.request.post("/api/lab/annotate", { headers: { "content-type": "text/plain; charset=utf-8" }, data: "x\n".repeat(100_001) });
    expect(lines.status()).toBe(413);
    expect((await lines.json()).error.zh).toContain("100,001");
    const ok = await page.request.post("/api/lab/annotate", { headers: { "content-type": "text/plain; charset=utf-8" }, data: capture("refused") });
    expect(ok.status()).toBe(200);
  });

  test("a 10,000-line paste is annotated quickly and shown as a paginated table with a ladder of the chosen window", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab");
    const lines = ["IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1000, win 512, length 0",
      "IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [S.], seq 9000, ack 1001, win 512, length 0",
      "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 9001, win 512, length 0"];
    let c = 1001;
    while (lines.length < 10_000) {
      lines.push(`IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [P.], seq ${c}:${c + 10}, ack 9001, win 512, length 10`);
      c += 10;
      if (lines.length < 10_000) lines.push(`IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [.], ack ${c}, win 512, length 0`);
    }
    await paste(page, lines.join("\n"));
    const t0 = Date.now();
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByTestId("lab-summary")).toContainText("10,000 segments");
    expect(Date.now() - t0).toBeLessThan(5000);
    await expect(page.getByTestId("lab-big")).toContainText("10,000 segments");
    await expect(page.locator("tbody tr[data-row]")).toHaveCount(100);
    await expect(page.getByText("Rows 1–100 of 10,000")).toBeVisible();
    await expect(page.getByText("Segments 1–12 of 10,000")).toBeVisible();
    await page.getByRole("navigation", { name: "Table pages" }).getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Rows 101–200 of 10,000")).toBeVisible();
    await page.getByRole("button", { name: "Show line 150 in the ladder" }).click();
    await expect(page.getByText("Segments 150–161 of 10,000")).toBeVisible();
    await expect(page.locator("svg[role=img] [data-row]")).toHaveCount(12);
  });
});

test.describe("scenario player", () => {
  test("the lost-last-ack scenario shows TIME_WAIT answering the retransmitted FIN, stepped from the keyboard", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab/player?scenario=lost-last-ack&seed=1");
    const stepper = page.getByTestId("lab-stepper");
    await expect(stepper).toContainText("Step 1 of 13");
    await stepper.focus();
    await page.keyboard.press("ArrowRight");
    await expect(stepper).toContainText("Step 2 of 13");
    await page.keyboard.press("ArrowLeft");
    await expect(stepper).toContainText("Step 1 of 13");
    await page.keyboard.press("End");
    await expect(stepper).toContainText("Step 13 of 13");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    // step 11: the last ACK is lost
    await expect(stepper).toContainText("Step 11 of 13");
    await expect(page.getByTestId("lab-step")).toContainText("dropped by the network");
    await page.keyboard.press("ArrowRight");
    // step 12: the server's RTO sends the FIN again (the URL numbers steps as shown)
    await expect(page).toHaveURL(/step=12&v=2/);
    const step = page.getByTestId("lab-step");
    await expect(step).toContainText("[F.]");
    await expect(step).toContainText("Retransmission");
    await expect(step).toContainText("Sent because the Server's retransmission (RTO) timer expired at t = 1290 ms.");
    await expect(page.getByTestId("lab-timers")).toContainText("Client: 2MSL (TIME_WAIT)");
    await page.keyboard.press("ArrowRight");
    // step 13: TIME_WAIT answers it
    await expect(page.getByTestId("lab-time-wait-answer")).toContainText("The Client is in TIME_WAIT: it answers the retransmitted FIN with an ACK");
    const tcb = page.getByTestId("lab-tcb");
    await expect(tcb.getByRole("row", { name: /State/ })).toContainText("TIME_WAIT");
    await expect(tcb.getByRole("row", { name: /State/ })).toContainText("CLOSED");
    await expect(tcb.getByRole("row", { name: /SND\.UNA/ })).toBeVisible();
    await expect(tcb.getByRole("row", { name: /RCV\.NXT/ })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Step 13 of 13" })).toHaveCount(1);
    // the buttons step too, and the URL can be shared at any step
    await page.getByRole("button", { name: "← Previous step" }).click();
    await expect(stepper).toContainText("Step 12 of 13");
    await page.goto(page.url());
    await expect(page.getByTestId("lab-stepper")).toContainText("Step 12 of 13");
    await expectNoSeriousA11yViolations(page);
  });

  test("a fault chosen in the form goes into the URL and causes a retransmission", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab/player?scenario=client-close&seed=5");
    await page.getByLabel("On step", { exact: true }).selectOption("4");
    await page.getByLabel("Fault", { exact: true }).selectOption("drop");
    await page.getByRole("button", { name: "Add fault" }).click();
    await expect(page).toHaveURL(/scenario=client-close&seed=5&faults=4-drop&v=2/);
    await expect(page.getByTestId("lab-faults")).toContainText("Step 4: drop");
    const stepper = page.getByTestId("lab-stepper");
    await stepper.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("lab-step")).toContainText("Retransmission");
    await page.getByRole("button", { name: "Remove the fault on step 4" }).click();
    await expect(page).not.toHaveURL(/faults=/);
    // an invalid link still opens, and says what it ignored
    await page.goto("/lab/player?scenario=nope&seed=-1&faults=3-explode");
    await expect(page.getByTestId("lab-url-issues")).toContainText("scenario, seed, faults");
  });

  test("a fault added on step N is shown as step N, and stays so after a second fault; old 0-based links still open", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab/player?scenario=client-close&seed=5");
    const stepper = page.getByTestId("lab-stepper");
    const faults = page.getByTestId("lab-faults");
    const goToStep = async (n: number) => {
      await stepper.focus();
      await page.keyboard.press("Home");
      for (let i = 1; i < n; i++) await page.keyboard.press("ArrowRight");
      await expect(stepper).toContainText(`Step ${n} of`);
    };
    // step 8 is the client's FIN; the form numbers the steps as the stepper does
    await goToStep(8);
    await expect(page.getByTestId("lab-step")).toContainText("[F.]");
    const segment = page.getByLabel("On step", { exact: true });
    await expect(segment.locator("option[value='8']")).toHaveText(/^8: .*\[F\.\]/);
    await segment.selectOption("8");
    await page.getByLabel("Fault", { exact: true }).selectOption("drop");
    await page.getByRole("button", { name: "Add fault" }).click();
    await expect(page).toHaveURL(/faults=8-drop&v=2/);
    await expect(faults).toHaveText(/Step 8: drop/);
    await goToStep(8);
    await expect(page.getByTestId("lab-step")).toContainText("[F.]");
    await expect(page.getByTestId("lab-step")).toContainText("dropped by the network");
    // a second fault earlier in the run, one that adds a step (the network's copy of the SYN-ACK)
    await page.getByLabel("On step", { exact: true }).selectOption("2");
    await page.getByLabel("Fault", { exact: true }).selectOption("duplicate");
    await page.getByRole("button", { name: "Add fault" }).click();
    await expect(page).toHaveURL(/faults=2-duplicate\.8-drop&v=2/);
    await expect(faults.getByRole("listitem")).toHaveText([/Step 2: duplicate/, /Step 8: drop/]);
    await goToStep(8);
    await expect(page.getByTestId("lab-step")).toContainText("dropped by the network");
    await goToStep(3);
    await expect(page.getByTestId("lab-step")).toContainText("duplicated");
    await page.goto(page.url());
    await expect(faults.getByRole("listitem")).toHaveText([/Step 2: duplicate/, /Step 8: drop/]);
    // a link from before v=2 numbered transmitted segments from 0: segment 7 is step 8
    await page.goto("/lab/player?scenario=client-close&seed=5&faults=7-drop");
    await expect(page.getByTestId("lab-url-issues")).toHaveCount(0);
    await expect(faults).toHaveText(/Step 8: drop/);
  });

  test("exports the ladder as SVG and PNG, and the segments as tcpdump text the explainer reads back to the same states", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/lab/player?scenario=lost-last-ack&seed=3&step=12");
    const save = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
      const file = await download.path();
      return { name: download.suggestedFilename(), bytes: fs.readFileSync(file!) };
    };
    const svg = await save("Ladder as SVG");
    expect(svg.name).toBe("tcp-lab-lost-last-ack-seed3.svg");
    const svgText = svg.bytes.toString("utf8");
    expect(svgText).toMatch(/^<\?xml/);
    expect(svgText).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svgText).not.toContain("var(--color");
    expect(svgText).toContain("TIME_WAIT");
    const png = await save("Ladder as PNG");
    expect(png.name).toBe("tcp-lab-lost-last-ack-seed3.png");
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.length).toBeGreaterThan(5000);
    const txt = await save("Segments as tcpdump text");
    const text = txt.bytes.toString("utf8");

    // the player's states for every segment sent; the export holds the lost ACK too (issue 16: a
    // capture sees a segment before the network loses it), and the explainer proves it lost
    const played = await page.locator("[data-testid=lab-ladder] ol li").evaluateAll((lis) => lis.map((li) => li.textContent ?? ""));
    const expected = played.map((s) => /Client: (\w+); Server: (\w+)\./.exec(s)!.slice(1, 3));
    expect(expected.length).toBe(13);

    await page.goto("/lab");
    await paste(page, text);
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByTestId("lab-summary")).toContainText("13 segments, 0 lines that cannot happen, 0 skipped lines.");
    expect(await tableStates(page)).toEqual(expected);
    await expect(page.locator('tbody tr[data-row] [data-arrival="lost"]')).toHaveCount(1);

    // the same run through the player's link
    await page.goto("/lab/player?scenario=lost-last-ack&seed=3");
    await page.getByRole("link", { name: "Open this run in the trace explainer" }).click();
    await expect(page.getByTestId("lab-summary")).toContainText("13 segments");
    expect(await tableStates(page)).toEqual(expected);
  });
});

test.describe("languages, themes and phones", () => {
  test("everything is in Chinese when Chinese is chosen, and axe finds nothing serious", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "zh");
    await page.goto("/lab?sample=capture:client-close");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("实验室");
    await expect(page.getByRole("heading", { name: "抓包解读", level: 2 })).toBeVisible();
    await expect(page.getByTestId("lab-summary")).toHaveText("11 个报文段，0 行不可能出现，跳过 0 行。");
    await expect(page.getByText("题库中与该抓包相关的题目")).toBeVisible();
    expect(await tableStates(page)).toEqual(NORMAL_CLOSE);
    await expectNoSeriousA11yViolations(page);
    await paste(page, "x\n".repeat(100_001));
    await page.getByRole("button", { name: "解读" }).click();
    await expect(page.getByTestId("lab-error")).toContainText("抓包文本行数太多");

    await page.goto("/lab/player?scenario=lost-last-ack&seed=1&step=12");
    await expect(page.getByTestId("lab-stepper")).toContainText("第 13 步，共 13 步");
    await expect(page.getByTestId("lab-time-wait-answer")).toContainText("客户端处于 TIME_WAIT");
    await expect(page.getByRole("button", { name: "上一步" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("dark theme passes axe on both tools", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await setThemeCookie(context, baseURL!, "dark");
    await page.goto("/lab?sample=capture:half-close");
    await expect(page.getByTestId("lab-summary")).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto("/lab/player?scenario=lost-syn&seed=2&step=1");
    await expectNoSeriousA11yViolations(page);
  });

  for (const lang of ["en", "zh"] as const) {
    test(`on a 375 px phone (${lang}) nothing overflows the page and the screenshots are taken`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
      await setLanguage(context, baseURL!, lang);
      const page = await context.newPage();
      for (const [name, url] of [
        ["explainer", "/lab?sample=capture:client-close"],
        ["player", "/lab/player?scenario=lost-last-ack&seed=1&step=11"],
      ] as const) {
        await page.goto(url);
        await page.waitForLoadState("networkidle");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await page.screenshot({ path: path.join(OUT, `lab-${name}-${lang}-phone.png`), fullPage: true });
      }
      // the state columns are on screen without scrolling the table sideways
      await page.goto("/lab?sample=capture:client-close");
      const box = await page.locator('tbody tr[data-row="11"] [data-state="server"]').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      await context.close();
    });
  }
});

test.describe("TCP analysis events (issue 17)", () => {
  const zeroWindow = fs.readFileSync(path.join(CAPTURES, "analysis", "zero-window.txt"), "utf8");
  for (const [lang, explain, zw, probe, legend] of [
    ["en", "Explain", "Zero window", "Keep-alive", "the receiver's buffer is full"],
    ["zh", "解读", "零窗口", "保活探测", "接收缓冲区已满"],
  ] as const) {
    test(`${lang}: the table names each line's events and the legend explains them`, async ({ page, context, baseURL }) => {
      await setLanguage(context, baseURL!, lang);
      await page.goto("/lab");
      await paste(page, zeroWindow);
      await page.getByRole("button", { name: explain, exact: true }).click();
      // line 7: the server's window closes; line 8: Linux's probe; line 13: the window opens again
      await expect(page.locator('tbody tr[data-row="7"] [data-events]')).toHaveAttribute("data-events", "zero_window");
      await expect(page.locator('tbody tr[data-row="7"] [data-events]')).toHaveText(zw);
      await expect(page.locator('tbody tr[data-row="8"] [data-events]')).toHaveText(probe);
      await expect(page.locator('tbody tr[data-row="13"] [data-events]')).toHaveAttribute("data-events", "window_update");
      const legendBox = page.getByTestId("lab-events-legend");
      await expect(legendBox.locator('[data-event="zero_window"]')).toContainText(legend);
      await expect(legendBox.locator('[data-event="window_full"]')).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });
  }
});
