import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, setLanguage, startDrill, wipeProgress } from "./helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await wipeProgress();
});

test("an incident drill shows the model's ss tables and handler, and grades the root cause and the count read off the histogram", async ({ page, context, baseURL }) => {
  await setLanguage(context, baseURL!, "en");
  await startDrill(page, ["incidents-drill-close-wait"]);
  const session = page.getByTestId("practice-session");
  expect(await session.getAttribute("data-item-type")).toBe("transfer");
  const exhibit = await page.getByTestId("incident-exhibit").innerText();
  expect(exhibit).toContain("State      Recv-Q Send-Q");
  await expect(page.getByTestId("incident-handler")).toContainText("return");
  await expectNoSeriousA11yViolations(page);
  const count = Number(exhibit.split("\n").find((l) => / CLOSE-WAIT$/.test(l))!.trim().split(/\s+/)[0]);
  await session.locator("select[data-field=cause]").selectOption("close-wait-leak");
  await session.locator("input[data-field=number]").fill(String(count));
  await session.locator("input[data-field=number]").press("Enter");
  await expect(page.getByTestId("result").getByText("✓ Correct", { exact: true })).toBeVisible();
  await expect(page.getByTestId("transfer-steps")).toContainText("CLOSE-WAIT");
  await expectNoSeriousA11yViolations(page);
});
