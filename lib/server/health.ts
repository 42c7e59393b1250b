import "server-only";
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "@/lib/config/env";
import { FAULT_ANSWERS, lastFault, type DbFault } from "@/lib/db/faults";
import { getConnection, getPrisma } from "./prisma";
import { importRunning } from "./progress-import";

export type Health =
  | {
      status: "ok" | "degraded";
      /** why writes would fail now (only when degraded) */
      reason?: string;
      fault?: DbFault;
      database: { reachable: true; migrations: number; users: number };
      content: { items: number; retired: number };
    }
  | { status: "unavailable"; reason: string };

/** Below this much free space the disk counts as full (a rating needs a few pages of WAL). */
const MIN_FREE_BYTES = 1024 * 1024;
/** A fault seen on a write counts for this long unless a later write succeeds. */
const FAULT_MEMORY_MS = 60_000;

export async function getHealth(): Promise<Health> {
  let base;
  try {
    const db = await getPrisma();
    const [migrations, users, items, retired] = await Promise.all([
      db.$queryRawUnsafe<{ n: bigint | number }[]>(
        `SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      ),
      db.user.count(),
      db.item.count({ where: { retiredAt: null, ownerId: null } }),
      db.item.count({ where: { retiredAt: { not: null }, ownerId: null } }),
    ]);
    base = {
      database: { reachable: true as const, migrations: Number(migrations[0]?.n ?? 0), users },
      content: { items, retired },
    };
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return { status: "unavailable", reason: `database unreachable: ${message}` };
  }
  const fault = await writeFault();
  if (fault) return { status: "degraded", fault, reason: FAULT_ANSWERS[fault].en, ...base };
  return { status: "ok", ...base };
}

/** Why a write would fail now, if it would: read-only file, full disk, another process's lock, or a fault just seen. */
async function writeFault(): Promise<DbFault | null> {
  const { databaseFile } = loadConfig();
  if (databaseFile === null) {
    // PostgreSQL: the server owns its files and locks; a write that failed says why (53100 disk
    // full, 25006 read-only, …) and is remembered below. Readiness is the queries above.
    const last = lastFault();
    return last && Date.now() - last.at < FAULT_MEMORY_MS ? last.fault : null;
  }
  const dir = path.dirname(databaseFile);
  try {
    fs.accessSync(databaseFile, fs.constants.W_OK);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    return "read_only";
  }
  try {
    const s = fs.statfsSync(dir);
    if (s.bavail * s.bsize < MIN_FREE_BYTES) return "disk_full";
  } catch {
    // statfs is unavailable on this platform: rely on the faults seen on writes
  }
  try {
    const db = await getConnection();
    if (!db.inTransaction) {
      // Takes the write lock for an instant (busy timeout 0: never waits), then lets it go.
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    // The lock of this server's own import (a worker, for a moment) is not a fault.
    if ((code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) && !importRunning()) return "locked";
    if (code.startsWith("SQLITE_READONLY")) return "read_only";
  }
  const last = lastFault();
  if (last && Date.now() - last.at < FAULT_MEMORY_MS) return last.fault;
  return null;
}
