import "server-only";
import { loadConfig } from "@/lib/config/env";
import { classifyDbError, recordFault, recordWriteOk } from "@/lib/db/faults";
import type { Prisma } from "@/generated/prisma/client";
import { LearnerQueues, LOCK_LEARNER_SQL, pgRead } from "@/lib/db/postgres";
import { runSync, type Dialect, type Steps } from "@/lib/db/steps";
import { getPool, getPrisma } from "./prisma";
import { read, writeTransaction } from "./sqlite";

/**
 * The one data-layer interface under pages, actions and route handlers: they call the functions
 * of lib/server/*.ts, which write through `write` and read through `read` (or the Prisma client,
 * which is the right one for the database), and never learn which database they talk to.
 *
 * - SQLite (file: URL): the steps run synchronously on the process's one connection, in
 *   lib/server/sqlite.ts's group commit (IMMEDIATE transaction, a savepoint per write).
 * - PostgreSQL (postgresql:// URL): each write runs in its own READ COMMITTED transaction on the
 *   shared pg pool, after locking the learner's row (lib/db/postgres.ts says why).
 *
 * Both give the write paths the same meaning: the writes of one learner happen one after the
 * other, each sees everything committed before it, and an acknowledged write is durable (SQLite
 * synchronous=FULL; PostgreSQL's default synchronous_commit=on, fsync=on).
 */
export interface DataStore {
  readonly dialect: Dialect;
  /** Runs the steps in one transaction that writes the rows of learner `userId` (null: no learner's rows). */
  write<T>(userId: string | null, steps: () => Steps<T>): Promise<T>;
  /** Runs read-only steps. */
  read<T>(steps: () => Steps<T>): Promise<T>;
}

const sqliteStore: DataStore = {
  dialect: "sqlite",
  write: (_userId, steps) => writeTransaction((db) => runSync(db, steps())),
  read: (steps) => read((db) => runSync(db, steps())),
};

const g = globalThis as unknown as { tcpDrillLearnerQueues?: LearnerQueues };
const queues = (g.tcpDrillLearnerQueues ??= new LearnerQueues(getPool));

const postgresStore: DataStore = {
  dialect: "postgresql",
  async write(userId, steps) {
    try {
      const value = await queues.write(userId, steps);
      recordWriteOk();
      return value;
    } catch (e) {
      const fault = classifyDbError(e);
      if (fault) recordFault(fault);
      throw e;
    }
  },
  read: async (steps) => pgRead(await getPool(), steps),
};

export function dialect(): Dialect {
  return loadConfig().database.provider;
}

export function getStore(): DataStore {
  return dialect() === "postgresql" ? postgresStore : sqliteStore;
}

/**
 * A Prisma interactive transaction that writes learner `userId`'s rows (sessions, mock
 * interviews): on PostgreSQL it queues behind the learner's other writes of this process and
 * takes the same learner lock first thing; on SQLite it is Prisma's $transaction as before (the
 * one connection runs one transaction at a time).
 */
export async function learnerTransaction<T>(userId: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  const db = await getPrisma();
  if (dialect() !== "postgresql") return db.$transaction(fn);
  return queues.exclusive(userId, () =>
    db.$transaction(async (tx) => {
      await lockLearner(tx, userId);
      return fn(tx);
    }),
  );
}

async function lockLearner(tx: { $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown> }, userId: string): Promise<void> {
  if (dialect() === "postgresql") await tx.$queryRawUnsafe(LOCK_LEARNER_SQL, userId);
}
