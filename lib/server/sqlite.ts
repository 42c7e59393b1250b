import "server-only";
import type Database from "better-sqlite3";
import { classifyDbError, recordFault, recordWriteOk } from "@/lib/db/faults";
import { getConnection, LOCK_WAIT_MS } from "./prisma";

/**
 * The app has one SQLite connection, under the Prisma client. Prisma's driver adapter serialises
 * its interactive transactions with a mutex but runs other statements at once, so a statement
 * issued while an interactive transaction is open runs inside it. Hence: every write is a
 * transaction (Prisma's $transaction, or writeTransaction below), never a bare statement.
 *
 * writeTransaction(fn) runs `fn` (synchronous, must not be async) atomically and resolves once its
 * changes are durable. Group commit: the jobs that arrive while the connection is busy are run
 * together in one IMMEDIATE transaction, each inside its own SAVEPOINT — a job that throws is
 * rolled back alone and rejected, the others commit — and all are answered after the single
 * COMMIT (synchronous=FULL: one fsync for the group instead of one per rating). Jobs run in
 * arrival order and each sees the effects of those before it, exactly as if run one by one. If a
 * Prisma interactive transaction is open on the connection, the group waits for it to finish; once
 * the connection is free the whole group runs without yielding.
 *
 * Another process's write lock never blocks the server: the connection's busy timeout is 0 (no
 * synchronous busy wait on the event loop), and a group whose BEGIN IMMEDIATE meets the lock is
 * tried again after an asynchronous back-off (5 ms doubling to 100 ms) while other requests run;
 * a job still waiting LOCK_WAIT_MS after it arrived is rejected with the SQLITE_BUSY error
 * (answered 503 with Retry-After, nothing stored).
 */
interface Job {
  arrived: number;
  fn: (db: Database.Database) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}
const pending: Job[] = [];
let flushing = false;

export function writeTransaction<T>(fn: (db: Database.Database) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending.push({ arrived: Date.now(), fn, resolve: resolve as (v: unknown) => void, reject });
    if (!flushing) {
      flushing = true;
      setImmediate(() => void flush());
    }
  });
}

async function flush(): Promise<void> {
  try {
    const db = await getConnection();
    while (pending.length > 0) {
      while (db.inTransaction) await new Promise((r) => setImmediate(r));
      const batch = pending.splice(0, MAX_GROUP);
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      try {
        db.transaction(() => {
          for (const job of batch) {
            try {
              // Nested: better-sqlite3 runs it in a SAVEPOINT and rolls back to it if it throws.
              outcomes.push({ ok: true, value: db.transaction(() => job.fn(db))() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        }).immediate();
      } catch (error) {
        // BEGIN or COMMIT failed: nothing of the group was stored.
        const fault = classifyDbError(error);
        if (fault === "locked") {
          // Another process holds the write lock: wait without blocking, then try again.
          const now = Date.now();
          const waiting = batch.filter((job) => now - job.arrived < LOCK_WAIT_MS);
          for (const job of batch) if (!waiting.includes(job)) job.reject(error);
          if (waiting.length < batch.length) recordFault("locked");
          pending.unshift(...waiting);
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, 100);
          continue;
        }
        if (fault) recordFault(fault);
        for (const job of batch) job.reject(error);
        continue;
      }
      backoff = 5;
      if (outcomes.some((o) => o.ok)) recordWriteOk();
      batch.forEach((job, i) => {
        const o = outcomes[i];
        if (o.ok) job.resolve(o.value);
        else job.reject(o.error);
      });
    }
  } catch (error) {
    for (const job of pending.splice(0)) job.reject(error);
  } finally {
    flushing = false;
    if (pending.length > 0) {
      flushing = true;
      setImmediate(() => void flush());
    }
  }
}

/** At most this many jobs share one commit (bounds the time the connection is held). */
const MAX_GROUP = 200;

let backoff = 5;

/** A read on the app's connection, without a transaction. */
export async function read<T>(fn: (db: Database.Database) => T): Promise<T> {
  return fn(await getConnection());
}

export { stmt } from "@/lib/db/statements";

export { sqliteDate as sqlDate } from "@/lib/db/dates";

export function fromSqlDate(s: string | null): Date | null {
  return s === null ? null : new Date(s);
}
