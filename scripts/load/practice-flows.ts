/**
 * Mixed practice flows from many concurrent clients, each logging what the server acknowledged;
 * and the check that the database holds exactly what was acknowledged.
 */
import { State } from "ts-fsrs";
import { deserializeCard, toFsrs } from "@/lib/srs/mapper";
import { rate } from "@/lib/srs/scheduler";
import { rows } from "../../test/database";
import { databaseUrl, post } from "./server";

export interface ClientLog {
  acked: Set<string>; // idempotency keys the server acknowledged (201, or 200 duplicate)
  refused: Set<string>; // keys the server refused with a 4xx and never acknowledged
  serverErrors: number; // 5xx answers
  undos: number;
  /** milliseconds of each rating request */
  latencies: number[];
  /** mock-interview answers the server accepted, and those it refused (another client answered first) */
  mockAcked: Set<string>;
  mockRefused: Set<string>;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function newLog(): ClientLog {
  return { acked: new Set(), refused: new Set(), serverErrors: 0, undos: 0, latencies: [], mockAcked: new Set(), mockRefused: new Set() };
}

export async function practiceClient(
  url: string,
  client: number,
  deadline: number,
  onStop: () => boolean = () => false,
  log: ClientLog = newLog(),
): Promise<ClientLog> {
  const rand = rng(client + 1);
  let n = 0;
  while (Date.now() < deadline && !onStop()) {
    try {
      // Today's queue; once it is used up (new-item limit, learning steps not due yet), any card.
      let q = await fetch(`${url}/api/practice/queue`);
      if (q.status >= 500) log.serverErrors++;
      let { queue } = (await q.json()) as { queue: { itemId: string; cardVersion: number }[] };
      if (!queue?.length) {
        q = await fetch(`${url}/api/practice/queue?scope=all`);
        if (q.status >= 500) log.serverErrors++;
        ({ queue } = (await q.json()) as { queue: { itemId: string; cardVersion: number }[] });
      }
      if (!queue?.length) break;
      const pick = queue[Math.floor(rand() * Math.min(queue.length, 15))];
      let version = pick.cardVersion;
      const rounds = rand() < 0.3 ? 2 : 1; // sometimes re-rate the same card at once
      for (let r = 0; r < rounds; r++) {
        const key = `c${client}-${n++}-${Math.floor(rand() * 1e9)}`;
        const body = { itemId: pick.itemId, rating: 1 + Math.floor(rand() * 4), cardVersion: version, idempotencyKey: key, durationMs: 1000 };
        const t0 = performance.now();
        const res = await post(`${url}/api/practice/rate`, body);
        log.latencies.push(performance.now() - t0);
        if (res.status === 201 || (res.status === 200 && res.json?.duplicate)) {
          log.acked.add(key);
          version = res.json.cardVersion;
          if (rand() < 0.1) {
            // a retried request: must be answered as a duplicate and stored once
            const again = await post(`${url}/api/practice/rate`, body);
            if (again.status >= 500) log.serverErrors++;
          }
        } else if (res.status >= 500) {
          log.serverErrors++;
          break;
        } else {
          log.refused.add(key);
          break;
        }
      }
      if (rand() < 0.1) await mockTurn(url, log, `m${client}-${n++}-${Math.floor(rand() * 1e9)}`);
      if (rand() < 0.08) {
        const u = await post(`${url}/api/practice/undo`, {});
        if (u.status >= 500) log.serverErrors++;
        else if (u.status === 200) log.undos++;
      }
    } catch {
      // connection refused or reset (the crash test kills the server): stop this client
      if (onStop()) break;
    }
  }
  return log;
}

/** Answers the open question of the interview in progress (starting one when there is none). */
async function mockTurn(url: string, log: ClientLog, text: string): Promise<void> {
  let res = await fetch(`${url}/api/mock/current`);
  if (res.status >= 500) log.serverErrors++;
  let current = res.status === 200 ? ((await res.json()) as { interviewId: string; turnId: string | null }) : null;
  if (!current) {
    const started = await post(`${url}/api/mock/current`, { lengthMinutes: 30, focus: "all", lang: "en" });
    if (started.status >= 500) log.serverErrors++;
    if (started.status !== 201) return;
    current = started.json;
  }
  if (!current?.turnId) return;
  const answer = await post(`${url}/api/mock/answer`, { interviewId: current.interviewId, turnId: current.turnId, answer: `load answer ${text}`, elapsedMs: 1000 });
  if (answer.status >= 500) log.serverErrors++;
  else if (answer.status === 200) log.mockAcked.add(`load answer ${text}`);
  else log.mockRefused.add(`load answer ${text}`);
}

export interface Verdict {
  acknowledged: number;
  storedOnce: number;
  missing: string[];
  duplicated: string[];
  refusedButStored: string[];
  cardsChecked: number;
  replayMismatches: string[];
  mockAnswers: number;
  mockMissing: string[];
  mockRefusedButStored: string[];
}

/** Every acknowledged key stored exactly once, no refused key stored, every card = replay of its log. */
export async function verify(database: string, logs: ClientLog[]): Promise<Verdict> {
  const url = databaseUrl(database);
  const acked = new Set<string>();
  const refused = new Set<string>();
  for (const l of logs) {
    l.acked.forEach((k) => acked.add(k));
    l.refused.forEach((k) => refused.add(k));
  }
  const counts = new Map<string, number>();
  for (const r of await rows<{ k: string; n: number | string }>(url, `SELECT "idempotencyKey" AS k, count(*) AS n FROM "ReviewLog" GROUP BY "idempotencyKey"`)) counts.set(r.k, Number(r.n));
  const missing = [...acked].filter((k) => !counts.has(k));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  const refusedButStored = [...refused].filter((k) => counts.has(k) && !acked.has(k));

  const retention = (await rows<{ r: number }>(url, `SELECT "desiredRetention" AS r FROM "UserSettings" LIMIT 1`))[0]?.r ?? 0.9;
  const mismatches: string[] = [];
  const cards = await rows<{
    version: number;
    id: string;
    itemId: string;
    due: string | Date;
    stability: number;
    difficulty: number;
    reps: number;
    lapses: number;
    state: number;
    learningSteps: number;
    scheduledDays: number;
  }>(url, `SELECT "id", "itemId", "due", "stability", "difficulty", "reps", "lapses", "state", "learningSteps", "scheduledDays", "version" FROM "Card"`);
  // Insertion order: SQLite's rowid; on PostgreSQL the review log's time-ordered ids (lib/db/steps.ts orderedId).
  const order = url.startsWith("file:") ? "rowid" : `"id"`;
  const allLogs = await rows<{ cardId: string; rating: number; review: string | Date; previousCard: string; undoneAt: string | Date | null }>(
    url,
    `SELECT "cardId", "rating", "review", "previousCard", "undoneAt" FROM "ReviewLog" ORDER BY ${order}`,
  );
  const byCard = new Map<string, typeof allLogs>();
  for (const l of allLogs) byCard.set(l.cardId, [...(byCard.get(l.cardId) ?? []), l]);
  let checked = 0;
  for (const c of cards) {
    const logRows = byCard.get(c.id) ?? [];
    const kept = logRows.filter((r) => r.undoneAt === null);
    if (logRows.length === 0) continue;
    checked++;
    let card = toFsrs(deserializeCard(logRows[0].previousCard));
    for (const r of kept) card = rate(card, r.rating as 1, new Date(r.review), retention).card;
    // Every rating and every undo moves the version on by one; a mock interview that went
    // poorly moves it on too when it makes the card due now (lib/server/practice makeDueNow),
    // which changes only the due date (and a new card's state), never the memory state.
    const madeDue = c.version > logRows.length + (logRows.length - kept.length);
    const same =
      (madeDue || (new Date(c.due).getTime() === card.due.getTime() && c.state === card.state)) &&
      Math.abs(c.stability - card.stability) < 1e-9 &&
      Math.abs(c.difficulty - card.difficulty) < 1e-9 &&
      c.reps === card.reps &&
      c.lapses === card.lapses &&
      c.learningSteps === card.learning_steps;
    if (!same && !(kept.length === 0 && c.state === State.New)) mismatches.push(c.itemId);
  }
  const mockAcked = new Set<string>();
  const mockRefused = new Set<string>();
  for (const l of logs) {
    l.mockAcked.forEach((k) => mockAcked.add(k));
    l.mockRefused.forEach((k) => mockRefused.add(k));
  }
  const answers = new Map<string, number>();
  for (const r of await rows<{ answer: string; n: number | string }>(url, `SELECT "answer", count(*) AS n FROM "MockTurn" WHERE "answer" LIKE 'load answer %' GROUP BY "answer"`))
    answers.set(r.answer, Number(r.n));
  return {
    mockAnswers: mockAcked.size,
    mockMissing: [...mockAcked].filter((a) => answers.get(a) !== 1),
    mockRefusedButStored: [...mockRefused].filter((a) => answers.has(a)),
    acknowledged: acked.size,
    storedOnce: [...acked].filter((k) => counts.get(k) === 1).length,
    missing,
    duplicated,
    refusedButStored,
    cardsChecked: checked,
    replayMismatches: mismatches,
  };
}
