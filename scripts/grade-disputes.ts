/**
 * npm run grade:disputes [-- --json]
 *
 * Lists the learners' disagreements with the grader kept in the local database, for review: practice
 * ratings that overruled the grader's verdict on an open answer (GradeDispute), and key points a
 * candidate disputed in a mock interview (MockTurn.disputes). Each row is printed with what the grader
 * said, so a reviewer can decide the right label and add the answer to content/answers/<item>.yaml.
 * Reads the database read-only; nothing is sent anywhere.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { loadConfig } from "../lib/config/env";

let databaseFile: string;
try {
  const file = loadConfig().databaseFile;
  if (file === null) throw new Error("reads an SQLite file; DATABASE_URL names a PostgreSQL database (query its GradeDispute table with psql)");
  databaseFile = file;
} catch (e) {
  console.error(`grade:disputes: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
if (!fs.existsSync(databaseFile)) {
  console.error(`grade:disputes: there is no database at ${databaseFile} (set DATABASE_URL?)`);
  process.exit(2);
}

interface Row { source: "practice" | "mock"; itemId: string; lang: string; answer: string; verdict: string; detail: string; chosen: string; at: string }

const db = new Database(databaseFile, { readonly: true, fileMustExist: true, timeout: 5000 });
const rows: Row[] = [];
try {
  const has = (t: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(t);
  if (has("GradeDispute")) {
    for (const r of db.prepare("SELECT itemId, lang, answer, verdict, detail, suggested, chosen, createdAt FROM GradeDispute ORDER BY createdAt").all() as Record<string, unknown>[]) {
      const names = ["", "Again", "Hard", "Good", "Easy"];
      rows.push({ source: "practice", itemId: String(r.itemId), lang: String(r.lang), answer: String(r.answer), verdict: String(r.verdict), detail: String(r.detail), chosen: `rated ${names[Number(r.chosen)]} (suggested ${names[Number(r.suggested)]})`, at: String(r.createdAt) });
    }
  }
  if (has("MockTurn")) {
    const turns = db.prepare("SELECT t.itemId, t.answer, t.result, t.disputes, m.lang FROM MockTurn t JOIN MockInterview m ON m.id = t.interviewId WHERE t.disputes IS NOT NULL AND t.disputes <> '[]'").all() as Record<string, unknown>[];
    for (const t of turns) {
      let disputes: { point?: string; note?: string; at?: string }[] = [];
      let result: { verdict?: string; matched?: { id: string }[]; missed?: string[]; misconceptions?: { id: string }[] } = {};
      try {
        disputes = JSON.parse(String(t.disputes));
        result = JSON.parse(String(t.result ?? "{}"));
      } catch {
        continue;
      }
      for (const d of disputes) {
        rows.push({
          source: "mock",
          itemId: String(t.itemId),
          lang: String(t.lang),
          answer: String(t.answer ?? ""),
          verdict: result.verdict ?? "(not recorded)",
          detail: JSON.stringify({ matched: (result.matched ?? []).map((m) => m.id), missed: result.missed ?? [], misconceptions: (result.misconceptions ?? []).map((m) => m.id) }),
          chosen: `disputed key point ${d.point ?? "?"}${d.note ? `: ${d.note}` : ""}`,
          at: d.at ?? "",
        });
      }
    }
  }
} finally {
  db.close();
}

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else if (rows.length === 0) {
  console.log(`No disputes in ${databaseFile}.`);
} else {
  console.log(`${rows.length} dispute(s) in ${databaseFile}. Review each; if the learner is right, add the answer with its label to content/answers/<item>.yaml and fix the grader until npm test passes.\n`);
  for (const r of rows) {
    console.log(`- ${r.at} ${r.source} ${r.itemId} [${r.lang}] grader: ${r.verdict} ${r.detail}; learner: ${r.chosen}`);
    console.log(`  ${r.answer.trim().replace(/\s+/g, " ")}`);
  }
}
