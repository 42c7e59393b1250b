import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The hardening suite (npm run test:hardening, part of npm test after the build): load, crash,
 * shutdown, hostile input, isolation and backup tests against the production server, each test
 * starting its own server on its own database file.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["test/hardening/**/*.test.ts"],
    environment: "node",
    setupFiles: ["test/fast-check-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
