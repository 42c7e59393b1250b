import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { loadContent } from "../lib/content/loader";
import { localUserId, withE2eDb } from "./db";
import { expectNoSeriousA11yViolations, setLanguage, wipeProgress } from "./helpers";

/**
 * The claim grader as the learner sees it: practice feedback (key points with the words that made
 * them, the interviewer's follow-up for each miss, wrong claims with their correction and source, the
 * suggested rating, an overrule kept as a dispute) and the mock interviewer pressing on a wrong claim,
 * in both languages.
 */
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await wipeProgress();
});

const bank = new Map(loadContent(path.join(process.cwd(), "content")).items.map((i) => [i.id, i]));

async function startDrill(page: Page, ids: string[]) {
  const res = await page.request.post("/api/practice/sessions", { data: { only: ids } });
  expect(res.status()).toBe(201);
  await page.goto("/practice");
  await expect(page.getByTestId("practice-session")).toBeVisible();
  // keyboard handlers are attached once the page is hydrated
  await expect(page.locator("[data-testid=practice-session][data-hydrated=true]")).toBeVisible();
}

test("practice in English: a complete answer with a wrong claim is not accepted; the claim is named, corrected and sourced", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["time-wait-why-2msl"]);
  const answer =
    "First, the final ACK may be lost; the peer in LAST_ACK retransmits its FIN and the side in TIME_WAIT can ACK it again. " +
    "Second, old segments of this connection expire, so a new connection on the same four-tuple cannot receive them. " +
    "And if nothing comes back during 2MSL, that proves the peer closed normally.";
  await page.getByRole("textbox").fill(answer);
  await page.getByRole("button", { name: "Check" }).click();
  const feedback = page.getByTestId("open-feedback");
  await expect(feedback).toHaveAttribute("data-verdict", "partial");
  await expect(feedback.getByTestId("verdict")).toContainText("Partly right");
  await expect(feedback.getByTestId("misconceptions")).toContainText("If nothing comes back during 2MSL, that proves the peer closed normally");
  await expect(feedback.getByTestId("misconceptions")).toContainText("Silence only shows that no retransmitted FIN arrived");
  await expect(feedback.getByTestId("misconceptions").getByText(/RFC 9293/)).toBeVisible();
  await expect(feedback.getByTestId("wrong-words").first()).toBeVisible();
  await expect(feedback.getByTestId("matched")).toContainText("found in");
  await expectNoSeriousA11yViolations(page);
  // The suggestion is Hard; the learner overrules it with Easy: kept as a dispute for review.
  await expect(page.locator("[data-rating='2']")).toContainText("suggested");
  await page.locator("[data-rating='4']").click();
  await expect.poll(async () => withE2eDb(async (db) => db.all(`SELECT "itemId", "verdict", "chosen" FROM "GradeDispute" WHERE "userId" = ?`, await localUserId(db)))).toEqual([{ itemId: "time-wait-why-2msl", verdict: "partial", chosen: 4 }]);
});

test("practice in Chinese: the canonical short answer is accepted, and a miss shows the question an interviewer would ask", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "zh");
  await startDrill(page, ["time-wait-why-2msl", "why-four-full-duplex"]);
  await page.getByRole("textbox").fill("防止历史连接中的数据被后面相同四元组的连接错误接收；保证被动关闭方能正确关闭");
  await page.getByRole("button", { name: "检查" }).click();
  const feedback = page.getByTestId("open-feedback");
  await expect(feedback).toHaveAttribute("data-verdict", "correct");
  await expect(feedback.getByTestId("verdict")).toContainText("面试官会接受这个回答");
  await expect(feedback.getByTestId("highlighted-answer").locator("mark").first()).toBeVisible();
  // The one point it leaves out is optional, and the feedback says what would be asked next.
  await expect(feedback.getByTestId("missed")).toContainText("加分项");
  await expect(feedback.getByTestId("missed")).toContainText("面试官会追问");
  await expectNoSeriousA11yViolations(page);
  await page.locator("[data-rating='4']").click();
  await expect(page.getByTestId("practice-session")).toHaveAttribute("data-item-id", "why-four-full-duplex");
  await page.getByRole("textbox").fill("因为 TCP 是全双工的。");
  await page.getByRole("button", { name: "检查" }).click();
  await expect(feedback).toHaveAttribute("data-verdict", "partial");
  await expect(feedback.getByTestId("missed")).toContainText(bank.get("why-four-full-duplex")!.keyPoints.find((k) => k.id === "still-data")!.ask.zh);
});

const current = (page: Page) => page.locator("section[aria-labelledby='current-h']");

async function firstSpokenItem(page: Page, lang: "zh" | "en") {
  const shown = await current(page).locator("[data-testid=interviewer] p[lang]").first().innerText();
  const item = [...bank.values()].find((i) => i.keyPoints.length > 0 && shown.includes(i.prompt[lang]));
  if (!item) throw new Error(`no spoken question in: ${shown}`);
  return item;
}

for (const lang of ["en", "zh"] as const) {
  test(`the mock interviewer challenges a wrong claim (${lang})`, async ({ page, context, baseURL }) => {
    await wipeProgress(); // one interview at a time: start from a fresh learner
    await setLanguage(context, baseURL!, lang);
    await page.goto("/mock");
    const T = lang === "en" ? { length: "10 minutes", focus: "Everything", language: "English", start: "Start the interview", send: "Send answer", answer: "Your answer" } : { length: "10 分钟", focus: "全部", language: "中文", start: "开始面试", send: "提交回答", answer: "你的回答" };
    await page.getByRole("radio", { name: T.length }).check();
    await page.getByRole("radio", { name: T.focus }).check();
    await page.getByRole("radio", { name: T.language, exact: true }).check();
    await page.getByRole("button", { name: T.start }).click();
    await expect(current(page)).toBeVisible();
    const item = await firstSpokenItem(page, lang);
    const wrong =
      lang === "en"
        ? " Also, the length of TIME_WAIT is configured by tcp_fin_timeout, so lowering it shortens TIME_WAIT."
        : "另外，TIME_WAIT 的时长是由 tcp_fin_timeout 配置的，调小它 TIME_WAIT 就变短了。";
    await current(page).getByRole("textbox", { name: T.answer }).fill(`${item.answer![lang]}${wrong}`);
    await current(page).getByRole("button", { name: T.send }).click();
    // The next turn goes straight at a wrong claim the answer made, on the same question.
    const wrongClaims = loadContent(path.join(process.cwd(), "content")).items.find((i) => i.id === item.id)!.misconceptions;
    await expect(current(page).getByTestId("interviewer")).toContainText(lang === "en" ? "Hold on" : "等一下");
    const said = await current(page).getByTestId("interviewer").innerText();
    const challenged = wrongClaims.filter((m) => said.includes(m.challenge[lang]));
    expect(challenged.length, said).toBeGreaterThan(0);
    const transcript = page.locator("section[aria-labelledby='transcript-h'] > ol > li").first();
    await expect(transcript.getByTestId("misconceptions")).toContainText(challenged[0].label[lang]);
    await expect(transcript.getByTestId("wrong-words").first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
}
