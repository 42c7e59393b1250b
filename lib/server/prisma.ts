import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { loadConfig } from "@/lib/config/env";
import { BUSY_TIMEOUT_MS, CONNECTION_PRAGMAS } from "@/lib/db/sqlite";

/**
 * The one Prisma client of the process. Made on first use; the connection gets the same pragmas
 * as every other connection of the app (foreign keys, busy timeout, synchronous=FULL; WAL is a
 * property of the file, set at start-up).
 */
const globalForPrisma = globalThis as unknown as { tcpDrillPrisma?: Promise<PrismaClient> };

async function connect(): Promise<PrismaClient> {
  const { databaseFile } = loadConfig();
  const client = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: `file:${databaseFile}`, timeout: BUSY_TIMEOUT_MS }),
  });
  for (const pragma of CONNECTION_PRAGMAS) {
    await client.$queryRawUnsafe(pragma);
  }
  return client;
}

export function getPrisma(): Promise<PrismaClient> {
  if (!globalForPrisma.tcpDrillPrisma) {
    globalForPrisma.tcpDrillPrisma = connect().catch((e) => {
      globalForPrisma.tcpDrillPrisma = undefined;
      throw e;
    });
  }
  return globalForPrisma.tcpDrillPrisma;
}

/** Closes the connection (graceful shutdown). */
export async function disconnectPrisma(): Promise<void> {
  const p = globalForPrisma.tcpDrillPrisma;
  globalForPrisma.tcpDrillPrisma = undefined;
  if (p) await (await p).$disconnect();
}
