import "server-only";
import type Database from "better-sqlite3";
import type pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "@/generated/prisma-pg/client";
import { createPool } from "@/lib/db/postgres";
import { loadConfig } from "@/lib/config/env";
import { classifyDbError } from "@/lib/db/faults";
import { APP_BUSY_TIMEOUT_MS, APP_CONNECTION_PRAGMAS } from "@/lib/db/sqlite";

/** How long a write waits (asynchronously) for another process's lock before it is refused. */
export const LOCK_WAIT_MS = 3000;

/**
 * The one Prisma client of the process, and the one SQLite connection under it. Made on first
 * use; the connection gets foreign keys and synchronous=FULL like every other connection of the
 * app, but a busy timeout of 0: it never waits synchronously for another process's lock (see
 * ./sqlite.ts). WAL is a property of the file, set at start-up.
 *
 * The hot write paths (ratings, undo) run as synchronous better-sqlite3 transactions on this same
 * connection (see ./sqlite.ts): Prisma's per-query overhead is several times the cost of the
 * transaction itself, and sharing the connection means there is still exactly one writer.
 */
type Shared = { prisma?: Promise<PrismaClient>; raw?: Database.Database; pool?: pg.Pool };
const shared = globalThis as unknown as { tcpDrillDb?: Shared; tcpDrillPrisma?: Promise<PrismaClient> };
const state: Shared = (shared.tcpDrillDb ??= {});

/** Wraps the adapter factory to keep a handle on the connection it opens. */
function capturingAdapter(url: string) {
  const inner = new PrismaBetterSQLite3({ url, timeout: APP_BUSY_TIMEOUT_MS });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      state.raw = (adapter as unknown as { client: Database.Database }).client;
      return retryingWhenLocked(adapter);
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  } as unknown as PrismaBetterSQLite3;
}

/**
 * The adapter (and each of its transactions) with every statement retried, asynchronously, while
 * another process holds the write lock: the connection's busy timeout is 0, so SQLite answers
 * SQLITE_BUSY at once instead of freezing the event loop, and the statement runs again after 5 ms
 * doubling to 100 ms, for up to LOCK_WAIT_MS; then the error goes up (answered 503). A statement
 * that failed with SQLITE_BUSY changed nothing, so running it again is safe.
 */
function retryingWhenLocked<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (prop === "queryRaw" || prop === "executeRaw") {
        return async (...args: unknown[]) => {
          const started = Date.now();
          for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
            try {
              return await method.apply(t, args);
            } catch (e) {
              if (classifyDbError(e) !== "locked" || Date.now() - started >= LOCK_WAIT_MS) throw e;
              await new Promise((r) => setTimeout(r, wait));
            }
          }
        };
      }
      if (prop === "startTransaction") return async (...args: unknown[]) => retryingWhenLocked((await method.apply(t, args)) as object);
      return method.bind(t);
    },
  });
}

async function connect(): Promise<PrismaClient> {
  const { database } = loadConfig();
  if (database.provider === "postgresql") {
    // One pool per process, shared by the Prisma client and the write paths (lib/server/store.ts).
    const pool = (state.pool = createPool(database.url));
    const client = new PgPrismaClient({ adapter: new PrismaPg(pool) });
    await client.$connect();
    // The two generated clients have the same models and API; only the SQL they emit differs.
    return client as unknown as PrismaClient;
  }
  const client = new PrismaClient({ adapter: capturingAdapter(`file:${database.file}`) });
  for (const pragma of APP_CONNECTION_PRAGMAS) {
    await client.$queryRawUnsafe(pragma);
  }
  return client;
}

export function getPrisma(): Promise<PrismaClient> {
  if (!state.prisma) {
    state.prisma = connect().catch((e) => {
      state.prisma = undefined;
      throw e;
    });
    shared.tcpDrillPrisma = state.prisma; // the start-up script closes it on SIGTERM
  }
  return state.prisma;
}

/** The PostgreSQL pool under the Prisma client (connected first if needed). */
export async function getPool(): Promise<pg.Pool> {
  await getPrisma();
  if (!state.pool) throw new Error("the database is not PostgreSQL");
  return state.pool;
}

/** The SQLite connection under the Prisma client (connected first if needed). */
export async function getConnection(): Promise<Database.Database> {
  await getPrisma();
  if (!state.raw) throw new Error("the database connection is not open");
  return state.raw;
}

/** Closes the connection (graceful shutdown, tests). */
export async function disconnectPrisma(): Promise<void> {
  const p = state.prisma;
  const pool = state.pool;
  state.prisma = undefined;
  state.raw = undefined;
  state.pool = undefined;
  shared.tcpDrillPrisma = undefined;
  if (p) await (await p).$disconnect();
  // PrismaPg does not end a pool it was given.
  if (pool && !pool.ended) await pool.end();
}
