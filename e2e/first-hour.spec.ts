import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { localUserId, ts, withE2eDb } from "./db";
import { setLanguage, startDrill, wipeProgress } from "./helpers";

/**
 * The defects a new user met in the first hour (issue 14), each as the user sees it.
 */
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await wipeProgress();
});


const session = (page: Page) => page.getByTestId("practice-session");

test("/favicon.ico is served (no 404 on every page)", async ({ request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/image/);
});

test("reload after Check shows the card checked with the first answer, and that attempt is the one that counts", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["teardown-who-closes-first", "close-wait-meaning"]);
  await page.getByRole("radio", { name: "Only the client" }).check();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText("✗ Not quite")).toBeVisible();
  await page.reload();
  await expect(page.getByText("✗ Not quite")).toBeVisible();
  await expect(page.getByRole("radio", { name: "Only the client" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Only the client" })).toBeDisabled();
  // A second check (another tab, or a hand-made request with the right answer) gets the first grade.
  const sessionId = (await withE2eDb(async (db) => db.get<{ id: string }>(`SELECT "id" FROM "PracticeSession" WHERE "userId" = ? ORDER BY "startedAt" DESC LIMIT 1`, await localUserId(db))))!.id;
  const again = await page.request.post("/api/practice/check", {
    data: { sessionId, itemId: "teardown-who-closes-first", responseMs: 1000, answer: { type: "single", choice: "either" } },
  });
  expect((await again.json()).correct).toBe(false);
  await page.keyboard.press("4");
  await expect(page.getByText("Question 2 of 2", { exact: true })).toBeVisible();
  const logged = await withE2eDb(async (db) => db.get<{ correct: unknown }>(`SELECT "correct" FROM "ReviewLog" WHERE "itemId" = ? AND "userId" = ? AND "undoneAt" IS NULL ORDER BY "review" DESC LIMIT 1`, "teardown-who-closes-first", await localUserId(db)));
  expect(logged && Boolean(logged.correct)).toBe(false);
  expect(logged!.correct).not.toBeNull();
});

test("switching language mid-card shows the prompt, options and feedback in the new language; focus leaves the switch so Space does not flip it back", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["teardown-who-closes-first", "close-wait-meaning"]);
  await page.getByRole("radio", { name: "Only the server" }).check();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText("✗ Not quite")).toBeVisible();
  await page.getByRole("button", { name: /Switch the interface to Chinese/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", /zh/);
  await expect(page.getByRole("heading", { name: "哪一方可以发起四次挥手？" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "只能是服务端" })).toBeChecked();
  const result = page.getByTestId("result");
  await expect(result).toContainText("为什么不是“只能是客户端”");
  await expect(result).not.toContainText("Only the client");
  await expect(page.locator("#preferences button").first()).not.toBeFocused();
  await page.keyboard.press("Space");
  await page.waitForTimeout(300);
  await expect(page.locator("html")).toHaveAttribute("lang", /zh/);
  // The next card is in Chinese too.
  await page.keyboard.press("4");
  await expect(page.getByText("第 2 / 2 题", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 }).first()).toContainText(/\p{Script=Han}/u);
});

test("browser Back after rating shows where the session is, not the rated card", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["close-wait-meaning", "handshake-loss-syn-retries", "handshake-data-syn-consumes"]);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("result")).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goBack();
  await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
  expect(await session(page).getAttribute("data-item-id")).toBe("handshake-loss-syn-retries");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("result")).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.getByText("Question 3 of 3", { exact: true })).toBeVisible();
  await expect(page.getByText("reviewed elsewhere")).toHaveCount(0);
});

test("state questions name events and segments in words, not engine identifiers; the ladder has no made-up seq 0; Chinese says 不发送报文", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["handshake-listen-gets-syn"]);
  await expect(page.getByTestId("state-event")).toContainText("This side is in LISTEN; then a SYN arrives.");
  await expect(session(page)).not.toContainText("rcv_syn");
  await expect(page.getByRole("checkbox", { name: "SYN+ACK" })).toBeVisible();
  await page.getByLabel("Next state").selectOption("CLOSED");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("engine-expected")).toHaveText("Next state SYN_RECEIVED; it sends SYN+ACK");
  const ladder = page.getByTestId("ladder").locator("svg");
  await expect(ladder).toBeVisible();
  await expect(ladder).not.toContainText("seq 0");
  await page.keyboard.press("1");

  await setLanguage(context, baseURL!, "zh");
  await startDrill(page, ["teardown-fin-wait-1-gets-ack"]);
  await expect(page.getByTestId("state-event")).toContainText("这一端处于 FIN_WAIT_1，此时收到 ACK。");
  await page.getByLabel("下一个状态").selectOption("CLOSED");
  await page.getByRole("button", { name: "检查" }).click();
  await expect(page.getByTestId("engine-expected")).toHaveText("下一个状态 FIN_WAIT_2，不发送报文");
  await expect(page.getByTestId("result")).not.toContainText("发送 不发送");
});

test("Today: title with the site name, 'Longest: 1 day', and the same due-today figure as the dashboard, explained on hover", async ({ page, context, baseURL }) => {
  await wipeProgress();
  await setLanguage(context, baseURL!, "en");
  // One card failed now (due again in a minute: later today) and one rated Easy.
  await startDrill(page, ["close-wait-meaning", "teardown-who-closes-first"]);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("result")).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("result")).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.getByText("Question 3 of 3", { exact: true })).toBeVisible();

  await page.goto("/");
  await expect(page).toHaveTitle("Today · TCP Drill");
  await expect(page.getByTestId("today-streak")).toContainText("Longest: 1 day");
  await expect(page.getByTestId("today-streak")).not.toContainText("1 days");
  const due = page.getByTestId("today-due");
  const todayFigure = (await due.locator("div").nth(1).innerText()).trim();
  await expect(due).toHaveAttribute("title", /midnight/);
  await page.goto("/dashboard");
  const stat = page.getByTestId("stat-due-today");
  await expect(stat.locator("dd")).toHaveText(todayFigure);
  await expect(stat).toHaveAttribute("title", /midnight/);
  await expect(page.locator("body")).not.toContainText("NaN");
});

test("lab samples are named in words, not by file slug", async ({ page, context, baseURL }) => {
  for (const lang of ["en", "zh"] as const) {
    await setLanguage(context, baseURL!, lang);
    await page.goto("/lab");
    const options = await page.locator("#lab-sample option").allInnerTexts();
    expect(options.length).toBeGreaterThan(10);
    for (const o of options) expect(o).not.toMatch(/^[a-z0-9]+(-[a-z0-9]+)*(\.[A-Za-z-]+)?$/);
  }
});

test("searching the bank for 2MSL finds every item that mentions it", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/questions?q=2MSL");
  expect(await page.getByTestId("bank-results").locator("li").count()).toBeGreaterThanOrEqual(12);
  await page.goto("/questions?q=TIME_WAIT");
  // The items that ask about TIME_WAIT come first.
  await expect(page.getByTestId("bank-results").locator("li a").first()).toContainText(/TIME[_-]WAIT/);
});

test("mock interview: the heading says what is asked once, and the browser's clock cannot claim time the server did not see pass", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/mock");
  await page.getByRole("radio", { name: "10 minutes" }).check();
  await page.getByRole("radio", { name: "Handshake" }).check();
  await page.getByRole("radio", { name: "English", exact: true }).check();
  await page.getByRole("button", { name: "Start the interview" }).click();
  await expect(page).toHaveURL(/\/mock\/[A-Za-z0-9_-]+$/);
  const heading = page.locator("#current-h");
  await expect(heading).toBeVisible();
  await expect(heading).not.toContainText("Current question · Question");
  const interviewId = page.url().split("/").pop()!;
  const turnId = (await withE2eDb((db) => db.get<{ id: string }>(`SELECT "id" FROM "MockTurn" WHERE "interviewId" = ? AND "answeredAt" IS NULL`, interviewId)))!.id;
  const res = await page.request.post("/api/mock/draft", { data: { interviewId, turnId, draft: "SYN", elapsedMs: 9 * 60_000 } });
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { elapsedMs: number }).elapsedMs).toBeLessThan(60_000);
  // Ending asks for a confirmation in the page: the same button again.
  await page.getByRole("button", { name: "End the interview" }).click();
  await page.getByRole("button", { name: "End the interview" }).click();
  await expect.poll(async () => (await withE2eDb((db) => db.get<{ status: string }>(`SELECT "status" FROM "MockInterview" WHERE "id" = ?`, interviewId)))?.status).toBe("finished");
});

test.describe("learning within the session, safer keys", () => {
  test("a card rated Again comes back in the same session; the finished session offers the failed ones again", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await startDrill(page, ["close-wait-meaning", "teardown-who-closes-first"]);
    await page.keyboard.press("Space");
    await expect(page.getByTestId("result")).toBeVisible();
    await page.keyboard.press("1");
    await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
    await page.getByRole("radio", { name: "Only the client" }).check();
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByTestId("result")).toBeVisible();
    await page.keyboard.press("4");
    await expect(page.getByText("Question 3 of 3", { exact: true })).toBeVisible();
    expect(await session(page).getAttribute("data-item-id")).toBe("close-wait-meaning");
    await page.keyboard.press("Space");
    await expect(page.getByTestId("result")).toBeVisible();
    await page.keyboard.press("4");
    await expect(page.getByTestId("practice-summary")).toBeVisible();
    // Both failed: the flashcard rated Again, the single choice answered wrong (whatever was rated).
    await page.getByRole("button", { name: "Practise the 2 failed again" }).click();
    await expect(page.getByText("Question 1 of 2", { exact: true })).toBeVisible();
    expect(await session(page).getAttribute("data-item-id")).toBe("close-wait-meaning");
  });

  test("Enter never commits the suggested rating on a new card; ? lists the keys; Ctrl+Z brings the card back as rated", async ({ page, context, baseURL }) => {
    await wipeProgress();
    await setLanguage(context, baseURL!, "en");
    await startDrill(page, ["teardown-who-closes-first", "close-wait-meaning"]);
    await page.keyboard.press("?");
    await expect(page.getByTestId("key-help")).toContainText("Ctrl+Z");
    await expect(page.getByTestId("key-help")).toContainText("tick it");
    await page.keyboard.press("?");
    await expect(page.getByTestId("key-help")).toHaveCount(0);
    await page.getByRole("radio", { name: /Either/ }).check();
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByText("✓ Correct")).toBeVisible();
    // A fast right answer on a new card: the suggestion is at most Good, and Enter does not take it.
    await expect(page.locator("[data-rating='4']")).not.toContainText("suggested");
    await page.locator("main").focus();
    await page.keyboard.press("Enter");
    await page.waitForTimeout(300);
    await expect(page.getByText("Question 1 of 2", { exact: true })).toBeVisible();
    await page.keyboard.press("2");
    await expect(page.getByText(/Question 2 of \d/)).toBeVisible();
    await page.keyboard.press("Control+z");
    await expect(page.getByText("Question 1 of 2", { exact: true })).toBeVisible();
    await expect(page.getByText("✓ Correct")).toBeVisible();
    await expect(page.getByText("Rating undone: you had rated this card Hard")).toBeVisible();
    await expect(page.getByRole("radio", { name: /Either/ })).toBeChecked();
  });
});

test("dashboard: each 'Show as a table' control names its chart", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/dashboard");
  // This file's earlier tests left reviews, so the charts (and their table toggles) are there.
  const names = await page.locator("details > summary").allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(3);
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) expect(n).toMatch(/^Show as a table: .+/);
});

test.describe("focused study", () => {
  test("a selection from the bank, crammed: the schedule does not change", async ({ page, context, baseURL }) => {
    await wipeProgress();
    await setLanguage(context, baseURL!, "en");
    await page.goto("/questions?q=2MSL");
    const boxes = page.getByTestId("bank-results").getByRole("checkbox");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expect(page.getByTestId("selection-bar")).toContainText("2 selected");
    const picked = await Promise.all([0, 1].map((i) => boxes.nth(i).getAttribute("value")));
    await page.getByRole("button", { name: "Cram the selected" }).click();
    await expect(page).toHaveURL(/\/practice$/);
    await expect(page.getByTestId("cram-badge")).toBeVisible();
    await expect(page.getByText("Question 1 of 2", { exact: true })).toBeVisible();
    expect(picked).toContain(await session(page).getAttribute("data-item-id"));
    for (let n = 0; n < 2; n++) {
      await page.getByRole("button", { name: /^(Check|Show answer)$/ }).click();
      await expect(page.getByTestId("result")).toBeVisible();
      await page.keyboard.press("3");
    }
    await expect(page.getByTestId("practice-summary")).toBeVisible();
    await expect(page.getByText("2 questions reviewed")).toBeVisible();
    // The local learner's rows (the PostgreSQL pass's database also holds the accounts spec's learners).
    const stored = await withE2eDb(async (db) => {
      const u = await localUserId(db);
      return db.get<{ n: number }>(`SELECT (SELECT count(*) FROM "Card" WHERE "userId" = ?) + (SELECT count(*) FROM "ReviewLog" WHERE "userId" = ?) AS "n"`, u, u);
    });
    expect(Number(stored!.n)).toBe(0);
  });

  test("one topic from the bank page", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/questions?topic=time-wait");
    const count = await page.getByTestId("bank-results").locator("li").count();
    await page.getByTestId("topic-focus").getByRole("button", { name: "Practise this topic" }).click();
    await expect(page).toHaveURL(/\/practice$/);
    await expect(page.getByText(`Question 1 of ${count}`, { exact: true })).toBeVisible();
    await expect(page.getByTestId("cram-badge")).toHaveCount(0);
  });
});

test("feedback puts your answer beside the right one and marks what was wrong, for the objective types", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["teardown-who-closes-first", "teardown-active-closer-states", "teardown-fin-wait-1-gets-ack", "handshake-seq-ack-values"]);
  const yours = page.getByTestId("your-answer");
  const checkThenRate = async () => {
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByTestId("result")).toBeVisible();
  };
  // single: the wrong choice marked as yours, the right one marked right
  await page.getByRole("radio", { name: "Only the client" }).check();
  await checkThenRate();
  await expect(yours.locator("[data-option='client']")).toHaveAttribute("data-chosen", "true");
  await expect(yours.locator("[data-option='client']")).toHaveAttribute("data-right", "false");
  await expect(yours.locator("[data-option='client']")).toContainText("your choice");
  await expect(yours.locator("[data-option='either']")).toHaveAttribute("data-right", "true");
  await page.keyboard.press("4");
  // ordering as shown (shuffled, never the right order): at least one step marked wrong, each beside the right one
  await expect(page.getByText(/Question 2 of \d/)).toBeVisible();
  await checkThenRate();
  await expect(yours.locator("tbody tr[data-ok='false']").first()).toBeVisible();
  await page.keyboard.press("4");
  // state: your next state and sends beside the engine's
  await expect(page.getByText(/Question 3 of \d/)).toBeVisible();
  await page.getByLabel("Next state").selectOption("CLOSED");
  await checkThenRate();
  await expect(yours.locator("tbody tr").first()).toHaveAttribute("data-ok", "false");
  await expect(yours.locator("tbody tr").first()).toContainText("CLOSED");
  await expect(yours.locator("tbody tr").first()).toContainText("FIN_WAIT_2");
  await expect(yours.locator("tbody tr").nth(1)).toHaveAttribute("data-ok", "true");
  await page.keyboard.press("4");
  // sequence: a wrong blank is marked, with the right value beside it
  await expect(page.getByText(/Question 4 of \d/)).toBeVisible();
  await session(page).locator("input[data-blank]").first().fill("7");
  await checkThenRate();
  const first = yours.locator("tbody tr").first();
  await expect(first).toHaveAttribute("data-ok", "false");
  await expect(first.locator("td").first()).toHaveText("✗ 7");
  await expect(first.locator("td").nth(1)).toHaveText(/^\d+$/);
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });

  test("the header is one row with a menu; rating buttons are touch-sized; no key hints on a touch screen", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    await page.goto("/");
    const header = await page.locator("header").boundingBox();
    expect(header!.height).toBeLessThanOrEqual(72);
    const nav = page.getByRole("navigation", { name: "Main sections" });
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).tap();
    await expect(nav.getByRole("link", { name: "Practice" })).toBeVisible();
    await nav.getByRole("link", { name: "Practice" }).tap();
    await expect(page).toHaveURL(/\/practice$/);
    await expect(nav).toBeHidden();

    await startDrill(page, ["close-wait-meaning"]);
    await page.getByRole("button", { name: "Show answer" }).tap();
    const good = page.locator("[data-rating='3']");
    const box = await good.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => matchMedia("(hover: none) and (pointer: coarse)").matches)).toBe(true);
    await expect(good.locator(".key-hint")).toBeHidden();
    await expect(page.getByText(/^Keys:/)).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

test.describe("the scenario player's ladder", () => {
  test("notes sit on a band the lifelines pass under, timer labels do not overlap each other or the notes, and at 375 px it scrolls at reading size", async ({ page, context, baseURL }) => {
    await setLanguage(context, baseURL!, "en");
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/lab/player?scenario=lost-third-ack&seed=1&step=12");
      const svg = page.locator("[data-testid=ladder-scroll] svg").first();
      await expect(svg).toBeVisible();
      const boxes = async (sel: string) => (await svg.locator(sel).all()).map((l) => l.boundingBox());
      const labels = (await Promise.all(await boxes("[data-timer] text"))).filter((b) => b !== null);
      const notes = (await Promise.all(await boxes("[data-note-band]"))).filter((b) => b !== null);
      expect(labels.length).toBeGreaterThanOrEqual(3);
      expect(notes.length).toBeGreaterThanOrEqual(1);
      const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
        a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i], labels[j]), `timer labels ${i} and ${j}`).toBe(false);
        for (const n of notes) expect(overlap(labels[i], n), `timer label ${i} and a note`).toBe(false);
      }
      // Reading size: the diagram's own units are drawn at least 1.15 px each (on a desktop it has room anyway).
      const box = (await svg.boundingBox())!;
      const units = Number((await svg.getAttribute("viewBox"))!.split(" ")[2]);
      expect(box.width / units).toBeGreaterThanOrEqual(1.14);
      // The explainer's ladder column on a desktop is not cut off: its box does not scroll.
      if (width === 1280) {
        await page.goto("/lab?sample=capture:client-close");
        const scroll = page.locator("[data-testid=ladder-scroll]").first();
        expect(await scroll.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  });
});

test("the lab explainer's result can be shared by a link that reproduces it, and exported as SVG, PNG and CSV", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  const trace = [
    "10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 65535, length 0",
    "10:00:00.001000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 300, ack 101, win 65535, length 0",
    "10:00:00.002000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 301, win 65535, length 0",
  ].join("\n");
  await page.goto("/lab");
  await page.locator("#lab-trace").fill(trace);
  await page.getByRole("button", { name: "Explain", exact: true }).click();
  const share = page.getByTestId("lab-share");
  await expect(share).toBeVisible();
  await share.getByRole("button", { name: "Copy a link to this result" }).click();
  await expect(share.getByRole("status")).toContainText("Link copied");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/lab#trace=[A-Za-z0-9_-]+$/);

  const [csv] = await Promise.all([page.waitForEvent("download"), share.getByRole("button", { name: "Segments as CSV" }).click()]);
  const rows = fs.readFileSync((await csv.path())!, "utf8").trimEnd().split("\r\n");
  expect(rows).toHaveLength(4);
  expect(rows[3]).toBe("3,client,.,101,301,0,ESTABLISHED,ESTABLISHED");
  const [svg] = await Promise.all([page.waitForEvent("download"), share.getByRole("button", { name: "Ladder as SVG" }).click()]);
  expect(fs.readFileSync((await svg.path())!, "utf8")).toContain("<svg");
  const [png] = await Promise.all([page.waitForEvent("download"), share.getByRole("button", { name: "Ladder as PNG" }).click()]);
  expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe("PNG");

  // Someone else opens the link: the same result, without pasting anything.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator("#lab-trace")).toHaveValue(trace);
  await expect(other.getByTestId("lab-share")).toBeVisible();
  await expect(other.getByTestId("lab-status")).toContainText("3");
  const broken = await context.newPage();
  await broken.goto("/lab#trace=AAAA");
  await expect(broken.getByTestId("lab-error")).toContainText("could not be read");
});

test("a mock report names a ladder turn by the ladder the interviewer asked for, not by the bank prompt of the item it was drawn from (Chinese)", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  const at = Date.now() - 3_600_000;
  await withE2eDb(
    async (db) => {
      const user = await localUserId(db);
      await db.run(
        `INSERT INTO "MockInterview" ("id", "userId", "lengthMinutes", "focus", "lang", "seed", "status", "policyState", "startedAt", "endedAt", "score") VALUES ('fh-ladder-mock', ?, 10, 'handshake', 'zh', 7, 'finished', '{}', ?, ?, 20)`,
        user, ts(at), ts(at + 120_000),
      );
      const result = { mode: "ladder", correct: 1, total: 5, cells: [{ row: 0, field: "flags", expected: "S", given: "S", ok: true }], elapsedMs: 60_000 };
      await db.run(
        `INSERT INTO "MockTurn" ("id", "interviewId", "index", "itemId", "kind", "askedAt", "answeredAt", "answer", "score", "result") VALUES ('fh-ladder-turn', 'fh-ladder-mock', 0, 'handshake-seq-ack-values', 'worked', ?, ?, '{}', 0.2, ?)`,
        ts(at), ts(at + 60_000), JSON.stringify(result),
      );
    },
    { transaction: true },
  );
  await page.goto("/mock/fh-ladder-mock/report");
  const row = page.locator("table", { has: page.getByRole("columnheader", { name: "问题", exact: true }) }).locator("tbody tr").first();
  await expect(row).toContainText("画出三次握手的时序图");
  await expect(row).not.toContainText("请填写空白处的 seq 和 ack");
  // The items the report lists can be practised from it at once.
  await page.getByTestId("mock-focus").getByRole("button", { name: "现在练这些题" }).click();
  await expect(page).toHaveURL(/\/practice$/);
  await expect(page.getByText("第 1 / 1 题", { exact: true })).toBeVisible();
  expect(await session(page).getAttribute("data-item-id")).toBe("handshake-seq-ack-values");
});
