/**
 * Production start-up: validate the configuration, create and migrate the database, check the
 * question bank, then serve the built app. Every set-up problem ends start-up with one line that
 * names the problem and what to do (never a stack trace). SIGTERM/SIGINT stop accepting new
 * connections, let the requests in flight finish, and close the database cleanly.
 *
 * Safe by default: it listens on loopback only (127.0.0.1 and ::1) unless HOSTNAME says
 * otherwise, refuses to listen on another address without sign-in (AUTH_MODE=accounts) unless
 * TRUSTED_NETWORK=1 says every machine that can reach it may, and puts every request through the
 * gate of lib/http/gate.ts (Host names this server, well-formed path, sane server-action bodies)
 * before Next.js sees it.
 */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
import http from "node:http";
import path from "node:path";
import fs from "node:fs";
import { ConfigError, loadConfig } from "../lib/config/env";
import { bootstrapDatabase } from "../lib/db/bootstrap";
import { DatabaseSetupError } from "../lib/db/sqlite";
import { checkContentForStartup, ContentStartupError, contentForStartup } from "../lib/db/content-startup";
import { bootstrapPostgres } from "../lib/db/bootstrap-postgres";
import { redact } from "../lib/config/database-url";
import { quickCheck } from "../lib/db/quick-check";
import { hostPolicyFromEnv, isLoopbackAddress } from "../lib/http/hosts";
import { listenRefusal } from "../lib/config/auth";
import {
  checkActionBody,
  checkHead,
  dropUntrustedForwarding,
  isActionRequest,
  MAX_ACTION_BYTES,
  readCapped,
  sendRefusal,
  setClientAddress,
} from "../lib/http/gate";

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
  // The Next.js server in this process reads the same, now absolute, location, and the port
  // (the same-origin rule compares Origin with the hosts this server answers to, on this port).
  const database = config.database;
  process.env.DATABASE_URL = database.provider === "sqlite" ? `file:${database.file}` : database.url;
  process.env.PORT = String(config.port);

  // Loopback unless told otherwise; another address only with sign-in or an explicit opt-in.
  const listenOn = config.hostname ? [config.hostname] : ["127.0.0.1", "::1"];
  // (also: AUTH_MODE valid, and accounts mode's BETTER_AUTH_SECRET / BETTER_AUTH_URL; lib/config/auth.ts)
  const refusal = listenRefusal(config.hostname, process.env);
  if (refusal) fail(refusal);
  const policy = hostPolicyFromEnv({ ...process.env, PORT: String(config.port) });
  // A specific address the operator chose to listen on is a name clients will use.
  if (config.hostname && !isLoopbackAddress(config.hostname) && !["0.0.0.0", "::"].includes(config.hostname)) {
    policy.allowed.push(config.hostname.includes(":") ? `[${config.hostname.toLowerCase()}]` : config.hostname.toLowerCase());
  }
  if (config.hostname && !isLoopbackAddress(config.hostname) && policy.allowed.length === 0) {
    console.log(`tcp-drill: listening on ${config.hostname}, but answering only to localhost names: list the names clients use in ALLOWED_HOSTS.`);
  }

  let bootstrap;
  if (database.provider === "postgresql") {
    try {
      bootstrap = await bootstrapPostgres(database.url, { content: contentForStartup(root) });
    } catch (e) {
      if (e instanceof DatabaseSetupError || e instanceof ContentStartupError) fail(e.message);
      throw e;
    }
  } else {
    bootstrap = await bootstrapSqlite(database.file);
  }
  if (bootstrap.migrations.applied.length > 0) {
    console.log(`tcp-drill: applied migrations ${bootstrap.migrations.applied.join(", ")}`);
  }

  // Listen first, so a port in use is reported before the slower Next.js start; requests that
  // arrive meanwhile wait for the handler instead of hanging.
  let resolveHandler!: (h: Handler) => void;
  const handlerReady = new Promise<Handler>((r) => (resolveHandler = r));
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handlerReady
      .then((handle) => gate(req, res, handle))
      .catch((e: unknown) => {
        console.error("tcp-drill: request failed before the app:", e instanceof Error ? e.message : e);
        if (!res.headersSent) sendRefusal(res, { status: 400, message: "The request could not be read.\n无法读取请求。" });
        else res.destroy();
      });
  };
  const servers: http.Server[] = [];
  for (const [i, address] of listenOn.entries()) {
    const server = http.createServer(onRequest);
    const listened = await new Promise<boolean>((resolve) => {
      server.once("error", (e: NodeJS.ErrnoException) => {
        // ::1 is a second, optional address: a machine without IPv6 serves on 127.0.0.1 alone.
        if (i > 0 && !config.hostname && (e.code === "EADDRNOTAVAIL" || e.code === "EAFNOSUPPORT")) return resolve(false);
        if (e.code === "EADDRINUSE") fail(`port ${config.port} is in use: stop the other server or set PORT to a free port (e.g. PORT=${config.port + 1} npm start).`);
        if (e.code === "EACCES") fail(`not allowed to listen on port ${config.port}: choose a port above 1023 with PORT.`);
        fail(`cannot listen on ${address} port ${config.port} (${e.code ?? e.message}).`);
      });
      server.listen(config.port, address, () => resolve(true));
    });
    if (listened) servers.push(server);
  }

  /** The gate of lib/http/gate.ts, then Next.js. */
  async function gate(req: http.IncomingMessage, res: http.ServerResponse, handle: Handler): Promise<void> {
    dropUntrustedForwarding(req, policy);
    setClientAddress(req, policy);
    const refusal = checkHead(req, policy);
    if (refusal) {
      req.resume(); // drain the body so that the connection can be kept alive
      return sendRefusal(res, refusal);
    }
    if (!isActionRequest(req)) return handle(req, res);
    const body = await readCapped(req, MAX_ACTION_BYTES);
    if (!body) return sendRefusal(res, { status: 413, message: "The form is larger than 1 MB; nothing was changed.\n表单超过 1 MB，数据未被修改。" });
    const bad = await checkActionBody(req.headers["content-type"], body, req.headers["next-action"] !== undefined);
    if (bad) return sendRefusal(res, bad);
    return handle(withBody(req, body), res);
  }

  if (!fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    fail("no production build found: run `npm run build` first (`npm start` does it for you).");
  }

  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: config.hostname ?? "localhost", port: config.port });
  await app.prepare();
  resolveHandler(app.getRequestHandler());
  const shown = config.hostname && !["0.0.0.0", "::"].includes(config.hostname) ? config.hostname : "localhost";
  console.log(`tcp-drill: ready on http://${shown}:${config.port} (database ${database.provider === "sqlite" ? database.file : redact(database.url)})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`tcp-drill: ${signal} received, finishing requests in flight`);
    for (const extra of servers.slice(1)) extra.close();
    const server = servers[0];
    server.close(async () => {
      const g = globalThis as unknown as { tcpDrillPrisma?: Promise<{ $disconnect(): Promise<void> }>; tcpDrillDb?: { pool?: { end(): Promise<void>; ended: boolean } } };
      try {
        if (g.tcpDrillPrisma) await (await g.tcpDrillPrisma).$disconnect();
        const pool = g.tcpDrillDb?.pool;
        if (pool && !pool.ended) await pool.end();
      } catch {
        // the connection was never usable; nothing to close
      }
      console.log("tcp-drill: stopped cleanly");
      process.exit(0);
    });
    for (const sv of servers) sv.closeIdleConnections();
    // Keep-alive sockets that stay idle are closed as their requests finish.
    const timer = setInterval(() => servers.forEach((sv) => sv.closeIdleConnections()), 100);
    timer.unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** SQLite start-up: PRAGMA quick_check, migrations, the local user, the question bank. */
async function bootstrapSqlite(file: string) {
  const integrity = await quickCheck(file, Number(process.env.STARTUP_CHECK_MS) || 10_000);
  if (integrity.status === "corrupt") {
    fail(
      `the database ${file} is corrupt (PRAGMA quick_check: ${integrity.problem}): stop, restore a backup (README, "Backup and restore") or move the file away to start fresh.`,
    );
  }
  if (integrity.status === "timeout") {
    console.log(`tcp-drill: PRAGMA quick_check did not finish within ${integrity.ms} ms (large database); started without it — \`npm run backup\` checks a copy in full.`);
  }

  let bootstrap;
  try {
    bootstrap = bootstrapDatabase(file);
    checkContentForStartup(file, root);
  } catch (e) {
    if (e instanceof DatabaseSetupError || e instanceof ContentStartupError) fail(e.message);
    throw e;
  }
  return bootstrap;
}

/**
 * A request whose body the gate has read, for Next.js to read again: a new IncomingMessage on
 * the same socket with the same head and the buffered body.
 */
function withBody(req: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const headers = { ...req.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  copy.headers = headers;
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (name !== "content-length" && name !== "transfer-encoding") raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  raw.push("Content-Length", String(body.length));
  copy.rawHeaders = raw;
  copy.complete = true;
  if (body.length > 0) copy.push(body);
  copy.push(null);
  return copy;
}

main().catch((e: unknown) => {
  fail(`unexpected start-up failure: ${e instanceof Error ? e.message : String(e)}`);
});
