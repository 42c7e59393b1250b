/**
 * PostgreSQL through node-postgres (pg): the pool, the runner for the write paths' steps
 * (lib/db/steps.ts) and the transaction every write of the app runs in. Not server-only: start-up,
 * the import worker and the tests use it too. No Next.js, no Prisma.
 *
 * Isolation: READ COMMITTED with a row lock. Every write transaction first takes
 * `SELECT … FROM "User" WHERE id = $1 FOR UPDATE` on the learner it writes for. All rows a write
 * touches (cards, review log, sessions, settings, mock interviews) belong to one learner, so this
 * lock orders exactly the transactions that could conflict — two tabs, two app instances, a
 * retried request — one after the other, as SQLite's single writer does, and lets different
 * learners write in parallel. Each statement after the lock sees every transaction committed
 * before it, so the rating's reads (idempotency key, session, card version) are current: the
 * semantics equal SQLite's serial ones, with no aborts and so no retries of the rating logic.
 * (SERIALIZABLE would give the same guarantee but abort conflicting transactions with 40001 —
 * under 50 clients on one learner nearly every concurrent pair — and need every caller to retry.)
 * Deadlocks cannot arise between our transactions (each takes one learner lock first); a
 * 40001/40P01 from anything else is retried a few times all the same.
 */
import pg from "pg";
import { numberedPlaceholders, type Query, type Steps } from "./steps";

/** timestamp without time zone (Prisma's DateTime on PostgreSQL) holds UTC: read it as UTC. */
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const parsers: Record<number, (s: string) => unknown> = {
  [TIMESTAMP_OID]: (s) => new Date(`${s.replace(" ", "T")}Z`),
  // count(*) is bigint; our counts are far below 2^53.
  [INT8_OID]: (s) => Number(s),
};
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) => parsers[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** Connections per app instance (the server's pool; Prisma's queries share it). */
export const POOL_SIZE = 10;

export function createPool(url: string, max = POOL_SIZE): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away must not take the process down.
  pool.on("error", () => undefined);
  return pool;
}

type Queryable = Pick<pg.PoolClient, "query">;

async function exec(client: Queryable, q: Query): Promise<unknown> {
  const r = await client.query({ text: numberedPlaceholders(q.sql), values: q.params as unknown[], types: PG_TYPES });
  return q.kind === "get" ? r.rows[0] : q.kind === "all" ? r.rows : (r.rowCount ?? 0);
}

/** Runs the steps on a PostgreSQL client, one statement after the other. */
export async function runAsync<T>(client: Queryable, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = await exec(client, next.value);
    } catch (e) {
      next = steps.throw(e);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/** The statement that makes a transaction the learner's only writer until it ends. */
export const LOCK_LEARNER_SQL = `SELECT "id" FROM "User" WHERE "id" = $1 FOR UPDATE`;

const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 5;

/**
 * Runs `steps()` in one transaction, after locking the learner's row when `userId` is given (see
 * the top of this file). Resolves after COMMIT; a failure rolls everything back and rejects.
 */
export async function pgTransaction<T>(pool: pg.Pool, userId: string | null, steps: () => Steps<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      if (userId !== null) await client.query(LOCK_LEARNER_SQL, [userId]);
      const value = await runAsync(client, steps());
      await client.query("COMMIT");
      return value;
    } catch (e) {
      try {
        await client.query("ROLLBACK");
      } catch {
        broken = true; // the connection is gone; do not give it back to the pool
      }
      const code = (e as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 5 * attempt));
        continue;
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

/** A read outside a transaction. */
export async function pgRead<T>(pool: pg.Pool, steps: () => Steps<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await runAsync(client, steps());
  } finally {
    client.release();
  }
}
