/**
 * Database faults a request can meet, named (pure): another process holds the write lock, the
 * disk is full, the file is read-only, or the file is corrupt. Each becomes an answer that says
 * what happened and that nothing was saved — 503 with Retry-After for a lock (it passes), 507
 * for a full disk — instead of a generic 500; /api/health reports the last one as "degraded".
 */
export type DbFault = "locked" | "disk_full" | "read_only" | "corrupt";

// PostgreSQL's SQLSTATEs (Appendix A of its manual): 55P03 lock_not_available, 53100 disk_full,
// 25006 read_only_sql_transaction (a hot standby, or default_transaction_read_only).
const BY_CODE: [RegExp, DbFault][] = [
  [/^SQLITE_BUSY|^SQLITE_LOCKED|^55P03$/, "locked"],
  [/^SQLITE_FULL|^SQLITE_IOERR_(WRITE|FSYNC|SHMSIZE|TRUNCATE)$|^ENOSPC$|^53100$/, "disk_full"],
  [/^SQLITE_READONLY|^SQLITE_PERM|^SQLITE_CANTOPEN|^EROFS$|^EACCES$|^25006$/, "read_only"],
  [/^SQLITE_CORRUPT|^SQLITE_NOTADB/, "corrupt"],
];

const BY_MESSAGE: [RegExp, DbFault][] = [
  [/database is locked|database table is locked|SQLITE_BUSY/i, "locked"],
  [/database or disk is full|disk I\/O error|no space left|SQLITE_FULL|ENOSPC/i, "disk_full"],
  [/readonly database|read-only|SQLITE_READONLY/i, "read_only"],
  [/database disk image is malformed|file is not a database|SQLITE_CORRUPT/i, "corrupt"],
];

/** The fault behind an error (better-sqlite3's, Prisma's wrapped one, or a cause chain), if any. */
export function classifyDbError(e: unknown): DbFault | null {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const o = cur as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    // better-sqlite3's code; the Prisma driver adapter keeps it as originalCode (and maps
    // SQLITE_BUSY to P1008, "socket timeout").
    for (const code of [o.code, o.originalCode]) {
      if (typeof code === "string") for (const [re, f] of BY_CODE) if (re.test(code)) return f;
    }
    if (o.code === "P1008") return "locked";
    if (typeof o.message === "string") for (const [re, f] of BY_MESSAGE) if (re.test(o.message)) return f;
    if (o.meta && typeof o.meta === "object") {
      const text = JSON.stringify(o.meta);
      for (const [re, f] of BY_MESSAGE) if (re.test(text)) return f;
    }
    cur = o.cause;
  }
  return null;
}

/** Seconds a client should wait before trying again after a lock. */
export const RETRY_AFTER_SECONDS = 2;

export const FAULT_ANSWERS: Record<DbFault, { status: number; code: string; en: string; zh: string }> = {
  locked: {
    status: 503,
    code: "database_locked",
    en: "The database is busy (another program is writing to it); nothing was saved. Try again in a moment.",
    zh: "数据库正忙（另一个程序正在写入），本次未保存。请稍后重试。",
  },
  disk_full: {
    status: 507,
    code: "disk_full",
    en: "The disk is full; nothing was saved. Free some space, then try again.",
    zh: "磁盘已满，本次未保存。请释放一些空间后重试。",
  },
  read_only: {
    status: 503,
    code: "database_read_only",
    en: "The database cannot be written (read-only file or folder); nothing was saved.",
    zh: "数据库无法写入（文件或文件夹只读），本次未保存。",
  },
  corrupt: {
    status: 503,
    code: "database_corrupt",
    en: "The database file is damaged; nothing was saved. Restore a backup (see the README).",
    zh: "数据库文件已损坏，本次未保存。请恢复备份（见 README）。",
  },
};

/** The last fault seen on a write, for /api/health (a later successful write clears it). */
const state = globalThis as unknown as { tcpDrillLastFault?: { fault: DbFault; at: number } | null };

export function recordFault(fault: DbFault, now = Date.now()): void {
  state.tcpDrillLastFault = { fault, at: now };
}

export function recordWriteOk(): void {
  state.tcpDrillLastFault = null;
}

export function lastFault(): { fault: DbFault; at: number } | null {
  return state.tcpDrillLastFault ?? null;
}
