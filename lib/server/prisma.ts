import "server-only";
import type Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { loadConfig } from "@/lib/config/env";
import { APP_BUSY_TIMEOUT_MS, APP_CONNECTION_PRAGMAS } from "@/lib/db/sqlite";

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
type Shared = { prisma?: Promise<PrismaClient>; raw?: Database.Database };
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
      return adapter;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  } as unknown as PrismaBetterSQLite3;
}

async function connect(): Promise<PrismaClient> {
  const { databaseFile } = loadConfig();
  const client = new PrismaClient({ adapter: capturingAdapter(`file:${databaseFile}`) });
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

/** The connection under the Prisma client (connected first if needed). */
export async function getConnection(): Promise<Database.Database> {
  await getPrisma();
  if (!state.raw) throw new Error("the database connection is not open");
  return state.raw;
}

/** Closes the connection (graceful shutdown, tests). */
export async function disconnectPrisma(): Promise<void> {
  const p = state.prisma;
  state.prisma = undefined;
  state.raw = undefined;
  shared.tcpDrillPrisma = undefined;
  if (p) await (await p).$disconnect();
}
