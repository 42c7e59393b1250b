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
import { pgLockTimeoutMs } from "../config/env";
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

/** `lockTimeoutMs`: a lock held elsewhere longer than this fails the statement with 55P03 (lib/config/env.ts pgLockTimeoutMs). */
export function createPool(url: string, max = POOL_SIZE, lockTimeoutMs = pgLockTimeoutMs()): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, lock_timeout: lockTimeoutMs });
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
  const [outcome] = await pgGroupTransaction(pool, userId, [steps]);
  if (!outcome.ok) throw outcome.error;
  return outcome.value as T;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit, as lib/server/sqlite.ts does it on SQLite: several writes of one learner in ONE
 * transaction (one lock, one WAL flush), each in its own SAVEPOINT — a write that fails is rolled
 * back alone and rejected, the others commit — answered after the single COMMIT. They run in
 * order and each sees the effects of those before it, exactly as if run one by one. A failure of
 * BEGIN, the lock or COMMIT rejects them all (nothing was stored).
 */
export async function pgGroupTransaction(pool: pg.Pool, userId: string | null, jobs: (() => Steps<unknown>)[]): Promise<Outcome[]> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      if (userId !== null) await client.query(LOCK_LEARNER_SQL, [userId]);
      const outcomes: Outcome[] = [];
      if (jobs.length === 1) {
        outcomes.push({ ok: true, value: await runAsync(client, jobs[0]()) });
      } else {
        for (const job of jobs) {
          await client.query("SAVEPOINT job");
          try {
            outcomes.push({ ok: true, value: await runAsync(client, job()) });
            await client.query("RELEASE SAVEPOINT job");
          } catch (error) {
            await client.query("ROLLBACK TO SAVEPOINT job");
            outcomes.push({ ok: false, error });
          }
        }
      }
      await client.query("COMMIT");
      return outcomes;
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
      if (jobs.length === 1) return [{ ok: false, error: e }];
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

/** At most this many writes share one commit. */
const MAX_GROUP = 200;

type Job =
  | { kind: "steps"; steps: () => Steps<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  | { kind: "exclusive"; fn: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * The writes of each learner, queued in this process: one transaction per learner at a time
 * holds (or waits for) a pooled connection, so writes that would only wait for the learner lock
 * do not take the pool's connections from reads and other learners; the writes that queued up
 * meanwhile share the next commit (pgGroupTransaction). Correctness never depends on this queue —
 * another instance has its own, and the learner lock orders the two — it only keeps the pool free.
 * `exclusive` runs a Prisma interactive transaction in the same order, alone.
 */
export class LearnerQueues {
  private readonly queues = new Map<string, Job[]>();
  constructor(private readonly pool: () => Promise<pg.Pool>) {}

  write<T>(userId: string | null, steps: () => Steps<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.push(userId ?? "", { kind: "steps", steps, resolve: resolve as (v: unknown) => void, reject }));
  }

  exclusive<T>(userId: string, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.push(userId, { kind: "exclusive", fn, resolve: resolve as (v: unknown) => void, reject }));
  }

  private push(key: string, job: Job): void {
    const q = this.queues.get(key);
    if (q) {
      q.push(job);
      return;
    }
    const fresh = [job];
    this.queues.set(key, fresh);
    void this.drain(key, fresh);
  }

  private async drain(key: string, q: Job[]): Promise<void> {
    while (q.length > 0) {
      const head = q[0];
      if (head.kind === "exclusive") {
        q.shift();
        try {
          head.resolve(await head.fn());
        } catch (e) {
          head.reject(e);
        }
        continue;
      }
      let n = 0;
      while (n < q.length && n < MAX_GROUP && q[n].kind === "steps") n++;
      const batch = q.splice(0, n) as Extract<Job, { kind: "steps" }>[];
      try {
        const outcomes = await pgGroupTransaction(await this.pool(), key === "" ? null : key, batch.map((j) => j.steps));
        batch.forEach((job, i) => (outcomes[i].ok ? job.resolve(outcomes[i].value) : job.reject(outcomes[i].error)));
      } catch (e) {
        for (const job of batch) job.reject(e);
      }
    }
    this.queues.delete(key);
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
