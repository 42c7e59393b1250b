import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build (`npm run build` first; `npm test` does it),
 * served by the real start-up script on 127.0.0.1 with a fresh database file per run.
 * Browser: the system Chromium (CHROMIUM_PATH, else /usr/bin/chromium) when present, because
 * `npx playwright install` cannot download here; Playwright's own Chromium otherwise.
 */
const PORT = Number(process.env.E2E_PORT ?? 3199);
const BASE_URL = `http://127.0.0.1:${PORT}`;

function systemChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

// One database for the whole run, shared with the specs that inspect it (workers inherit env).
process.env.E2E_DATABASE_FILE ??= path.join(os.tmpdir(), `tcp-drill-e2e-${process.pid}-${Date.now()}.db`);
const executablePath = systemChromium();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // One worker: every spec acts for the same local user on one database, so specs must not interleave.
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      // E2E_DATABASE_URL (a postgresql:// URL) runs the app on PostgreSQL; specs that open the
      // SQLite file themselves are left out of that pass (.ci/run lists the ones it runs).
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:${process.env.E2E_DATABASE_FILE}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
