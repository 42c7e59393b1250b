import { expect, test, type Page } from "@playwright/test";
import { localUserId, withE2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, startDrill, wipeProgress } from "./helpers";

const cardRow = (itemId: string) =>
  withE2eDb(async (db) => db.get(`SELECT "due", "stability", "difficulty", "state", "reps", "lapses", "learningSteps", "lastReview" FROM "Card" WHERE "itemId" = ? AND "userId" = ?`, itemId, await localUserId(db)));

test.describe.configure({ mode: "serial" });

// A fresh learner: other specs share the local user.
test.beforeAll(async () => {
  await wipeProgress();
});

/** One question of every type, in this order. */
const EVERY_TYPE = [
  "close-wait-meaning", // flashcard
  "teardown-who-closes-first", // single
  "header-flags-meaning", // multiple
  "teardown-active-closer-states", // ordering
  "handshake-listen-gets-syn", // state
  "handshake-seq-ack-values", // sequence
  "tcpdump-handshake-capture", // trace: states after a line
  "tcpdump-data-after-fin", // trace: the impossible line
  "teardown-walkthrough", // open
];


const session = (page: Page) => page.getByTestId("practice-session");

async function currentType(page: Page) {
  return (await session(page).getAttribute("data-item-type"))!;
}

/** Answers the current card with the keyboard only, then rates it Good (3). */
async function answerByKeyboard(page: Page, type: string) {
  const kb = page.keyboard;
  switch (type) {
    case "flashcard":
      await kb.press("Space");
      break;
    case "open":
      await kb.press("Tab");
      await expect(page.getByRole("textbox")).toBeFocused();
      await kb.type("客户端发送 FIN 后进入 FIN_WAIT_1，服务端回 ACK 进入 CLOSE_WAIT；the server later sends its own FIN and waits in LAST_ACK; the client ends in TIME_WAIT.");
      await kb.press("Control+Enter");
      break;
    case "single":
      await kb.press("Tab");
      await kb.press("ArrowDown");
      await kb.press("Enter");
      break;
    case "multiple":
      await kb.press("Tab");
      await kb.press("Space");
      await kb.press("Enter");
      break;
    case "ordering":
      await kb.press("Tab");
      await kb.press("Alt+ArrowDown");
      await kb.press("Enter");
      break;
    case "state":
      await kb.press("Tab");
      await kb.press("ArrowDown"); // first state
      await kb.press("Tab");
      await kb.press("Space"); // send SYN
      await kb.press("Enter");
      break;
    case "sequence": {
      const blanks = await session(page).locator("input[data-blank]").count();
      for (let i = 0; i < blanks; i++) {
        await kb.press("Tab");
        await kb.type(String(1000 + i));
      }
      await kb.press("Enter");
      break;
    }
    case "trace": {
      const selects = await session(page).locator("select").count();
      if (selects > 0) {
        await kb.press("Tab"); // the capture (a scrolling region takes the focus)
        await kb.press("Tab");
        await kb.press("ArrowDown");
        await kb.press("Tab");
        await kb.press("ArrowDown");
        await kb.press("Tab"); // the Check button
        await kb.press("Enter");
      } else {
        await kb.press("Tab");
        await kb.press("Enter");
      }
      break;
    }
    default:
      throw new Error(`unknown type ${type}`);
  }
  await expect(page.getByTestId("result")).toBeVisible();
  // Easy: a new card rated Good is a learning card that comes back later in the session.
  await kb.press("4");
}

test("a new user completes a session with every question type, by keyboard only", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, EVERY_TYPE);
  const seen = new Set<string>();
  for (let n = 1; n <= EVERY_TYPE.length; n++) {
    await expect(page.getByText(`Question ${n} of ${EVERY_TYPE.length}`, { exact: true })).toBeVisible();
    const type = await currentType(page);
    seen.add(type);
    if (n === 1) await expectNoSeriousA11yViolations(page);
    await answerByKeyboard(page, type);
  }
  await expect(page.getByTestId("practice-summary")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Session complete" })).toBeVisible();
  await expect(page.getByText(`${EVERY_TYPE.length} questions reviewed`)).toBeVisible();
  expect([...seen].sort()).toEqual(["flashcard", "multiple", "open", "ordering", "sequence", "single", "state", "trace"]);
  await expectNoSeriousA11yViolations(page);
  const stored = await withE2eDb((db) =>
    db.get(`SELECT count(*) AS "n" FROM "ReviewLog" WHERE "undoneAt" IS NULL AND "itemId" IN (${EVERY_TYPE.map(() => "?").join(",")})`, ...EVERY_TYPE),
  );
  expect((stored as { n: number }).n).toBeGreaterThanOrEqual(EVERY_TYPE.length);
});

test("a wrong state answer shows the engine's reasoning and the ladder", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["handshake-listen-gets-syn"]);
  await page.getByLabel("Next state").selectOption("CLOSED");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText("✗ Not quite")).toBeVisible();
  await expect(page.getByTestId("engine-expected")).toHaveText("Next state SYN_RECEIVED; it sends SYN+ACK");
  await expect(page.getByTestId("ladder").locator("svg")).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.getByTestId("practice-summary")).toBeVisible();
});

test("a reload in the middle of a session resumes at the same card", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  const ids = ["close-wait-meaning", "handshake-loss-syn-retries", "handshake-data-syn-consumes"];
  await startDrill(page, ids);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("result")).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
  const item = await session(page).getAttribute("data-item-id");
  await page.reload();
  await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
  expect(await session(page).getAttribute("data-item-id")).toBe(item);
});

test("undo brings the card's previous scheduling state back, in the database too", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  // A card that has been rated before (in the tests above), so it has a real scheduling state.
  const id = "close-wait-meaning";
  const before = await cardRow(id);
  expect(before).toBeTruthy();
  await startDrill(page, [id, "handshake-loss-syn-retries"]);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("result")).toBeVisible();
  await page.keyboard.press("1");
  // Again: the card comes back at the end of the session.
  await expect(page.getByText("Question 2 of 3", { exact: true })).toBeVisible();
  const rated = await cardRow(id);
  expect(rated).not.toEqual(before);
  await page.keyboard.press("u");
  await expect(page.getByText("Question 1 of 2", { exact: true })).toBeVisible();
  expect(await session(page).getAttribute("data-item-id")).toBe(id);
  const after = await cardRow(id);
  expect(after).toEqual(before);
  const undone = await withE2eDb(async (db) => db.get(`SELECT count(*) AS "n" FROM "ReviewLog" WHERE "itemId" = ? AND "undoneAt" IS NOT NULL AND "userId" = ?`, id, await localUserId(db)));
  expect((undone as { n: number }).n).toBeGreaterThanOrEqual(1);
});

test("practice in Chinese: open answers show matched key points highlighted", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await startDrill(page, ["teardown-walkthrough"]);
  await expect(page.getByText("第 1 / 1 题", { exact: true })).toBeVisible();
  await page.getByRole("textbox").fill("主动关闭方发 FIN 进入 FIN_WAIT_1，收到 ACK 后进入 FIN_WAIT_2，最后进入 TIME_WAIT；被动方进入 CLOSE_WAIT，发完数据再发 FIN 进入 LAST_ACK。");
  await page.getByRole("button", { name: "检查" }).click();
  await expect(page.getByText(/要点覆盖率/)).toBeVisible();
  await expect(page.getByTestId("open-feedback")).toHaveAttribute("data-verdict", /correct|partial/);
  await expect(page.getByTestId("highlighted-answer").locator("mark").first()).toBeVisible();
  await expect(page.getByTestId("highlighted-answer").locator("mark", { hasText: "FIN_WAIT_1" })).toBeVisible();
  await expect(page.getByText(/已覆盖（[2-9]）/)).toBeVisible();
  await expect(page.getByRole("button", { name: /良好/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: /简单/ }).click();
  await expect(page.getByRole("heading", { name: "本次练习完成" })).toBeVisible();
});

test("a stale rating from another tab is refused and the card reloads", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["header-flags-meaning"]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Check" }).click();
  // the result and its rating buttons are on screen before "3" is pressed (under load the check's
  // response can come after the other tab's rating)
  await expect(page.getByRole("button", { name: /Good/ })).toBeVisible();
  // Another tab rates the same card first.
  const view = await (await page.request.get(`/api/practice/sessions/${await currentSessionId(page)}`)).json();
  const res = await page.request.post("/api/practice/rate", {
    data: { itemId: "header-flags-meaning", rating: 3, cardVersion: view.current.cardVersion, idempotencyKey: `other-tab-${Date.now()}`, durationMs: 1000 },
  });
  expect(res.status()).toBe(201);
  await page.keyboard.press("3");
  await expect(page.getByText("This card was reviewed elsewhere")).toBeVisible();
});

async function currentSessionId(page: Page): Promise<string> {
  return (await withE2eDb(async (db) => db.get<{ id: string }>(`SELECT "id" FROM "PracticeSession" WHERE "userId" = ? ORDER BY "startedAt" DESC LIMIT 1`, await localUserId(db))))!.id;
}

test("the Today page shows the counts and starts practice", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await page.goto("/");
  await expect(page.getByTestId("today-due")).toBeVisible();
  await expect(page.getByTestId("today-new")).toContainText(/\d+/);
  // This run has reviews today, so the streak is at least 1 (other specs may have added history).
  await expect(page.getByTestId("today-streak")).toContainText(/Day streak[1-9]\d*/);
  await expectNoSeriousA11yViolations(page);
});
