/**
 * Production start-up: validate the configuration, create and migrate the database, check the
 * question bank, then serve the built app. Every set-up problem ends start-up with one line that
 * names the problem and what to do (never a stack trace). SIGTERM/SIGINT stop accepting new
 * connections, let the requests in flight finish, and close the database cleanly.
 */
import http from "node:http";
import path from "node:path";
import fs from "node:fs";
import { ConfigError, loadConfig } from "../lib/config/env";
import { bootstrapDatabase } from "../lib/db/bootstrap";
import { DatabaseSetupError } from "../lib/db/sqlite";
import { checkContentForStartup, ContentStartupError } from "../lib/db/content-startup";

const root = path.resolve(import.meta.dirname, "..");

function fail(line: string): never {
  console.error(`tcp-drill: ${line}`);
  process.exit(1);
}

async function main(): Promise<void> {
  process.chdir(root);
  let config;
  try {
    config = loadConfig(process.env, root);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  // The Next.js server in this process reads the same, now absolute, location.
  process.env.DATABASE_URL = `file:${config.databaseFile}`;

  let bootstrap;
  try {
    bootstrap = bootstrapDatabase(config.databaseFile);
    checkContentForStartup(config.databaseFile, root);
  } catch (e) {
    if (e instanceof DatabaseSetupError || e instanceof ContentStartupError) fail(e.message);
    throw e;
  }
  if (bootstrap.migrations.applied.length > 0) {
    console.log(`tcp-drill: applied migrations ${bootstrap.migrations.applied.join(", ")}`);
  }

  // Listen first, so a port in use is reported before the slower Next.js start; requests that
  // arrive meanwhile wait for the handler instead of hanging.
  let resolveHandler!: (h: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) => void;
  const handlerReady = new Promise<(req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>>(
    (r) => (resolveHandler = r),
  );
  const server = http.createServer((req, res) => {
    void handlerReady.then((handle) => handle(req, res));
  });
  await new Promise<void>((resolve) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") fail(`port ${config.port} is in use: stop the other server or set PORT to a free port (e.g. PORT=${config.port + 1} npm start).`);
      if (e.code === "EACCES") fail(`not allowed to listen on port ${config.port}: choose a port above 1023 with PORT.`);
      fail(`cannot listen on port ${config.port} (${e.code ?? e.message}).`);
    });
    server.listen(config.port, config.hostname, () => resolve());
  });

  if (!fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    fail("no production build found: run `npm run build` first (`npm start` does it for you).");
  }

  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: config.hostname ?? "localhost", port: config.port });
  await app.prepare();
  resolveHandler(app.getRequestHandler());
  const shown = config.hostname && config.hostname !== "0.0.0.0" ? config.hostname : "localhost";
  console.log(`tcp-drill: ready on http://${shown}:${config.port} (database ${config.databaseFile})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`tcp-drill: ${signal} received, finishing requests in flight`);
    server.close(async () => {
      const g = globalThis as unknown as { tcpDrillPrisma?: Promise<{ $disconnect(): Promise<void> }> };
      try {
        if (g.tcpDrillPrisma) await (await g.tcpDrillPrisma).$disconnect();
      } catch {
        // the connection was never usable; nothing to close
      }
      console.log("tcp-drill: stopped cleanly");
      process.exit(0);
    });
    server.closeIdleConnections();
    // Keep-alive sockets that stay idle are closed as their requests finish.
    const timer = setInterval(() => server.closeIdleConnections(), 100);
    timer.unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e: unknown) => {
  fail(`unexpected start-up failure: ${e instanceof Error ? e.message : String(e)}`);
});
