/**
 * Starting the production server (scripts/start.ts) on its own port and database, for the
 * hardening tests and the benchmarks. A database is an SQLite file path or a postgresql:// URL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { scratchDatabase, testProvider } from "../../test/database";

export const root = path.resolve(import.meta.dirname, "..", "..");
let nextPort = 3400 + (process.pid % 200);

export interface Server {
  url: string;
  port: number;
  /** the SQLite file, or the postgresql:// URL */
  file: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function tempDatabase(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), `tcp-drill-${name}-`)), "db.sqlite");
}

/** DATABASE_URL for a database as the tests name it (file path or postgresql:// URL). */
export function databaseUrl(database: string): string {
  return /^postgres(ql)?:\/\//.test(database) ? database : `file:${database}`;
}

/**
 * A fresh database for a test or benchmark that runs on either provider: an SQLite file, or with
 * TEST_DATABASE=postgresql a new database on TEST_POSTGRES_URL's server (test/database.ts).
 */
export async function freshDatabase(name: string): Promise<string> {
  if (testProvider() === "sqlite") return tempDatabase(name);
  return (await scratchDatabase(name)).url;
}

export async function startServer(file: string, opts: { port?: number; env?: Record<string, string> } = {}): Promise<Server> {
  const port = opts.port ?? nextPort++;
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: databaseUrl(file), NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 60_000) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, file, child, output: () => out, exited };
}

export async function stopServer(s: Server, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (s.child.exitCode === null) s.child.kill(signal);
  return Promise.race([s.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
}

export function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}
