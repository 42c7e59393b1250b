import net from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { startServer, stopServer, tempDatabase, type Server } from "../scripts/load/server";

/**
 * Offline practice in accounts mode (its own server, AUTH_MODE=accounts): what the browser keeps
 * for offline practice belongs to the signed-in learner, and signing out drops the cached
 * practice page and session, so the next learner on the browser never gets them.
 */
test.describe.configure({ mode: "serial" });

let server: Server;
const run = Date.now().toString(36);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
  server = await startServer(process.env.E2E_DATABASE_URL ?? tempDatabase("e2e-offline-accounts"), {
    port,
    env: { AUTH_MODE: "accounts", BETTER_AUTH_SECRET: "e2e-offline-accounts-secret-0123456789ab" },
  });
});

test.afterAll(async () => {
  if (server) await stopServer(server);
});

async function signUp(page: Page, name: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email address").fill(`${name.toLowerCase()}-${run}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill(`${name.toLowerCase()}-password-1`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account\?welcome=1$/);
}

/** The keys of the offline store and whether the practice page is in the worker's cache. */
const offlineState = (page: Page) =>
  page.evaluate(async () => {
    const keys = await new Promise<string[]>((resolve, reject) => {
      const open = indexedDB.open("tcp-drill-offline");
      open.onerror = () => reject(open.error);
      open.onupgradeneeded = () => open.result.createObjectStore("kv");
      open.onsuccess = () => {
        const tx = open.result.transaction("kv", "readonly");
        const req = tx.objectStore("kv").getAllKeys();
        req.onsuccess = () => resolve(req.result.map(String));
        req.onerror = () => reject(req.error);
      };
    });
    return { keys, pageCached: !!(await caches.match("/practice")) };
  });

test("the offline copy belongs to the signed-in learner and is dropped at sign-out", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "lang", value: "en", url: server.url }]);
  const page = await context.newPage();
  await signUp(page, "Alice");
  const res = await page.request.post("/api/practice/sessions", { data: { only: ["close-wait-meaning", "teardown-who-closes-first"] } });
  expect(res.status()).toBe(201);
  await page.goto("/practice");
  const session = page.getByTestId("practice-session");
  await expect(session).toHaveAttribute("data-offline-cards", "2", { timeout: 20_000 });
  await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { timeout: 20_000 }).toBe(true);
  await expect.poll(async () => (await offlineState(page)).pageCached, { timeout: 20_000 }).toBe(true);
  const alice = await offlineState(page);
  expect(alice.keys.filter((k) => k.startsWith("bundle:"))).toHaveLength(1);

  // practise one card offline, back online: it is sent for Alice
  await context.setOffline(true);
  await session.getByRole("button", { name: "Show answer" }).click();
  await page.keyboard.press("3");
  await expect(page.getByTestId("offline-pending")).toHaveText("Saved offline, 1 to send");
  await context.setOffline(false);
  await expect(page.getByTestId("offline-sent")).toBeVisible({ timeout: 20_000 });

  // sign out: the page and the session kept for offline practice are gone
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect.poll(async () => offlineState(page), { timeout: 10_000 }).toEqual({ keys: [`queue:${alice.keys.find((k) => k.startsWith("bundle:"))!.slice(7)}`], pageCached: false });

  // the next learner on this browser, offline, does not get Alice's practice page
  await signUp(page, "Bob");
  await context.setOffline(true);
  await page.goto("/practice").catch(() => undefined);
  await expect(page.getByTestId("practice-session")).toHaveCount(0);
  await context.setOffline(false);
  await page.goto("/practice");
  // Bob has no session: the start button, not Alice's card
  await expect(page.getByTestId("practice-session")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start practice" })).toBeVisible();
  await context.close();
});
