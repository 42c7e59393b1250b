import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { drillCapture } from "../lib/lab/drill";
import { traceAnswer } from "../lib/grading/engine-answers";
import { traceItem } from "../lib/content/schema";
import { expectNoSeriousA11yViolations, setLanguage, startDrill, wipeProgress } from "./helpers";

/**
 * "Drill this capture" (issue 21 point 3) end to end, in both languages, at 375 px and on the
 * desktop: paste a capture in the lab, turn it into questions, answer the first one in practice
 * the next day (Playwright's clock), see it on "My captures", delete it.
 */
const TEXT = fs.readFileSync(path.join(process.cwd(), "lib/tcp/captures/data-retransmit.txt"), "utf8");

/** The engine's answer to the first question (the states after line 1): what the learner picks. */
function firstAnswer() {
  const r = drillCapture(TEXT);
  if (!r.ok) throw new Error("the capture drills");
  const item = traceItem.parse({ ...r.questions[0].item, id: "first" });
  const t = traceAnswer(item);
  if (t.kind !== "states") throw new Error("the first question asks states");
  return { count: r.questions.length, line: t.line, client: t.client, server: t.server };
}

const L = {
  en: {
    explain: "Explain",
    drill: "Drill this capture",
    name: "Name",
    made: (n: number) => `${n} questions added to your practice.`,
    mine: "My captures",
    client: "Client",
    server: "Server",
    check: "Check",
    correct: "Correct",
    good: /Good/,
    remove: (name: string) => `Delete the capture ${name} and its questions`,
    removed: (n: number) => `Deleted the capture and its ${n} questions.`,
    empty: /No captures yet/,
  },
  zh: {
    explain: "解读",
    drill: "用这个抓包出题",
    name: "名称",
    made: (n: number) => `已向你的练习加入 ${n} 道题。`,
    mine: "我的抓包",
    client: "客户端",
    server: "服务端",
    check: "检查",
    correct: "正确",
    good: /良好/,
    remove: (name: string) => `删除抓包 ${name} 及其题目`,
    removed: (n: number) => `已删除该抓包及其 ${n} 道题。`,
    empty: /还没有抓包/,
  },
} as const;

async function paste(page: Page, text: string) {
  await page.getByLabel(/tcpdump output|tcpdump 输出/).evaluate((el, value) => {
    (el as HTMLTextAreaElement).value = value;
  }, text);
}

for (const [lang, width] of [["en", 1280], ["zh", 375]] as const) {
  test(`${lang} at ${width} px: paste a capture, drill it, answer it the next day, delete it`, async ({ page, context, baseURL }) => {
    test.setTimeout(90_000);
    const s = L[lang];
    const expected = firstAnswer();
    const name = lang === "en" ? "Retransmit drill" : "重传练习";
    await wipeProgress();
    await setLanguage(context, baseURL!, lang);
    await page.setViewportSize({ width, height: 900 });
    await page.clock.install({ time: new Date("2026-12-03T09:00:00Z") });

    // Day 1: explain the capture in the lab, then drill it.
    await page.goto("/lab");
    await paste(page, TEXT);
    await page.getByRole("button", { name: s.explain, exact: true }).click();
    const drill = page.getByTestId("lab-drill");
    await expect(drill).toBeVisible();
    await drill.getByLabel(s.name).fill(name);
    await drill.getByRole("button", { name: s.drill }).click();
    await expect(page.getByTestId("lab-drill-status")).toContainText(s.made(expected.count));
    await expectNoSeriousA11yViolations(page);

    await page.getByTestId("lab-drill-status").getByRole("link", { name: s.mine }).click();
    await expect(page).toHaveURL(/\/lab\/captures$/);
    const card = page.getByTestId("capture");
    await expect(card).toHaveCount(1);
    await expect(card.getByRole("heading", { name })).toBeVisible();
    await expect(card.locator("ol > li")).toHaveCount(expected.count);
    await expectNoSeriousA11yViolations(page);

    // Day 2: the questions are in today's queue; answer the first one, graded by the engine.
    await page.clock.setFixedTime(new Date("2026-12-04T09:00:00Z"));
    const queue = (await (await page.request.get("/api/practice/queue")).json()) as { queue: { itemId: string }[] };
    const mine = queue.queue.map((q) => q.itemId).filter((id) => id.startsWith("cap_"));
    expect(mine.length).toBeGreaterThan(0);
    await startDrill(page, mine.slice(0, 2));
    await expect(page.getByText(new RegExp(`${expected.line}`)).first()).toBeVisible();
    await page.getByRole("combobox", { name: s.client, exact: true }).selectOption(expected.client);
    await page.getByRole("combobox", { name: s.server, exact: true }).selectOption(expected.server);
    await page.getByRole("button", { name: s.check }).click();
    await expect(page.getByText(`✓ ${s.correct}`)).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: s.good }).click();
    await expect(page.getByRole("progressbar")).toHaveAccessibleName(/^\D*2\D/);
    // FSRS scheduled it like a bank card: a review log and a card for this learner
    const after = (await (await page.request.get("/api/practice/queue")).json()) as { queue: { itemId: string; cardVersion: number }[] };
    expect(after.queue.find((q) => q.itemId === mine[0])?.cardVersion ?? 1).toBeGreaterThanOrEqual(1);

    // Delete the capture: its questions go too.
    await page.goto("/lab/captures");
    await page.getByRole("button", { name: s.remove(name) }).click();
    await expect(page.getByTestId("captures-deleted")).toHaveText(s.removed(expected.count));
    await expect(page.getByTestId("captures-empty")).toContainText(s.empty);
    const left = (await (await page.request.get("/api/practice/queue")).json()) as { queue: { itemId: string }[] };
    expect(left.queue.filter((q) => q.itemId.startsWith("cap_"))).toEqual([]);
    await expectNoSeriousA11yViolations(page);
  });
}
