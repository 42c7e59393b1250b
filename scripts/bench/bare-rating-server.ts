/**
 * The floor for an HTTP write: a bare node:http server that does what POST /api/practice/rate
 * does — the same zod validation and the very same SQLite transaction code (idempotency lookup,
 * card version check, ts-fsrs scheduling, card update, review-log insert) — with no framework and
 * one commit per rating. Used only by the practice benchmark.
 *
 *   npx tsx scripts/bench/bare-rating-server.ts <port> <database file>
 */
import http from "node:http";
import path from "node:path";
import type Database from "better-sqlite3";
import { loadContent } from "../../lib/content/loader";
import { openDatabase } from "../../lib/db/sqlite";
import { RateBody } from "../../lib/server/practice-schemas";
import { rateInTransaction } from "../../lib/db/rating-transaction";
import { PracticeError } from "../../lib/srs/errors";

/**
 * The rating transaction the app runs (lib/db/rating-transaction.ts), one commit per rating, with
 * the app's refusals turned into statuses.
 */
export function makeRater(db: Database.Database, userId: string, items: Set<string>) {
  return (body: { itemId: string; rating: 1 | 2 | 3 | 4; cardVersion: number; idempotencyKey: string; durationMs: number }, now: Date) => {
    if (!items.has(body.itemId)) return { status: 404, body: { error: "unknown item" } };
    try {
      const r = db.transaction(() => rateInTransaction(db, { ...body, userId, now }, 0.9)).immediate();
      return { status: r.duplicate ? 200 : 201, body: r };
    } catch (e) {
      if (e instanceof PracticeError) return { status: e.status, body: { error: e.message } };
      throw e;
    }
  };
}

if (process.argv[1]?.endsWith("bare-rating-server.ts")) {
  const port = Number(process.argv[2]);
  const file = process.argv[3];
  const db = openDatabase(file);
  const userId = (db.prepare(`SELECT id FROM User WHERE isLocal = 1`).get() as { id: string }).id;
  const items = new Set(loadContent(path.join(process.cwd(), "content")).items.map((i) => i.id));
  const rateTx = makeRater(db, userId, items);
  http
    .createServer((req, res) => {
      if (req.method !== "POST" || req.url !== "/rate") {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= 65536) chunks.push(c);
      });
      req.on("end", () => {
        let out: { status: number; body: unknown };
        try {
          const parsed = RateBody.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          out = parsed.success ? rateTx(parsed.data, new Date()) : { status: 400, body: { error: parsed.error.issues[0]?.message } };
        } catch {
          out = { status: 400, body: { error: "invalid JSON" } };
        }
        res.writeHead(out.status, { "Content-Type": "application/json" }).end(JSON.stringify(out.body));
      });
    })
    .listen(port, "127.0.0.1", () => console.log("ready"));
}
