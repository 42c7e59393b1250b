/**
 * Writes an Anki package (.apkg): a zip holding `collection.anki2` — an SQLite database in
 * Anki's legacy collection schema (11), which every Anki since 2.1 imports — and `media` ("{}",
 * no media files). Schema, column meanings and the JSON of `col.models`, `col.decks` and
 * `col.dconf` follow Anki's reader (ankitects/anki rslib/src/notetype/schema11.rs,
 * decks/schema11.rs, storage/card/data.rs) and genanki's writer (both read, not copied).
 *
 * The collection is written with better-sqlite3 into a temporary directory and zipped from there
 * into a file with fflate's streaming deflate, 64 KB at a time: memory stays bounded by the
 * chunk size and a batch of rows, whatever the size of the learner's review log. Row inserts are
 * done in batches with a yield to the event loop between them, so one large export does not stop
 * the server answering others.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { Locale } from "@/lib/i18n/config";
import { fieldChecksum, stripHtml, type AnkiNoteFields } from "./notes";
import {
  COLLECTION_CREATED_SECS,
  LEARNING_STEPS_MINUTES,
  RELEARNING_STEPS_MINUTES,
  ROLLOVER_HOUR,
  STARTING_EASE,
  type AnkiCardSchedule,
  type AnkiRevlog,
} from "./schedule";

/** Fixed ids per language: importing a newer export updates the same note type and deck. */
export const MODEL_ID: Record<Locale, number> = { en: 1_735_000_000_101, zh: 1_735_000_000_102 };
export const DECK_ID: Record<Locale, number> = { en: 1_735_000_000_201, zh: 1_735_000_000_202 };
export const DECK_NAME: Record<Locale, string> = { en: "TCP Drill", zh: "TCP Drill（中文）" };
const MODEL_NAME: Record<Locale, string> = { en: "TCP Drill (English)", zh: "TCP Drill（中文）" };
const FIELD_NAMES: Record<Locale, [string, string]> = { en: ["Front", "Back"], zh: ["正面", "背面"] };
const DECK_DESC: Record<Locale, string> = {
  en: "The TCP Drill question bank with your schedule, exported from TCP Drill.",
  zh: "TCP Drill 题库及你的复习进度，由 TCP Drill 导出。",
};
const DCONF_ID = 1;
/** Rows per insert batch; the event loop gets a turn between batches. */
const BATCH = 2000;

export interface ApkgNote {
  guid: string;
  fields: AnkiNoteFields;
  card: AnkiCardSchedule;
  revlog: AnkiRevlog[];
}

export interface ApkgInput {
  lang: Locale;
  notes: ApkgNote[];
  now: Date;
  /** the learner's FSRS desired retention, shown in the deck options */
  desiredRetention: number;
  newPerDay: number;
  maxReviewsPerDay: number;
}

const SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null,
  dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null,
  tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null,
  usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null,
  flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null,
  lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

const CSS = `.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left; color: black; background: white; }
.nightMode.card, .night_mode .card { color: #eee; background: #222; }
pre { font-size: 14px; overflow-x: auto; }
h3 { font-size: 16px; margin: 1em 0 0.25em; }`;

/** The note type: two fields, one card template (front; front, rule, back). */
export function modelJson(lang: Locale, nowSecs: number): Record<string, unknown> {
  const [front, back] = FIELD_NAMES[lang];
  const field = (name: string, ord: number) => ({ name, ord, sticky: false, rtl: false, font: "Arial", size: 20, media: [] });
  return {
    id: MODEL_ID[lang],
    name: MODEL_NAME[lang],
    type: 0,
    mod: nowSecs,
    usn: -1,
    sortf: 0,
    did: DECK_ID[lang],
    tmpls: [
      {
        name: lang === "zh" ? "卡片 1" : "Card 1",
        ord: 0,
        qfmt: `{{${front}}}`,
        afmt: `{{FrontSide}}\n\n<hr id=answer>\n\n{{${back}}}`,
        bqfmt: "",
        bafmt: "",
        did: null,
      },
    ],
    flds: [field(front, 0), field(back, 1)],
    css: CSS,
    latexPre: "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
    latexPost: "\\end{document}",
    req: [[0, "any", [0]]],
    tags: [],
    vers: [],
  };
}

function deckJson(id: number, name: string, desc: string, nowSecs: number): Record<string, unknown> {
  return {
    id,
    name,
    desc,
    mod: nowSecs,
    usn: -1,
    collapsed: false,
    browserCollapsed: false,
    dyn: 0,
    conf: DCONF_ID,
    extendNew: 0,
    extendRev: 0,
    newToday: [0, 0],
    revToday: [0, 0],
    lrnToday: [0, 0],
    timeToday: [0, 0],
  };
}

/** Deck options: the app's learning steps and daily limits (Anki applies FSRS itself when the learner enables it). */
export function deckConfigJson(input: ApkgInput): Record<string, unknown> {
  return {
    id: DCONF_ID,
    name: "Default",
    mod: 0,
    usn: 0,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: LEARNING_STEPS_MINUTES, initialFactor: STARTING_EASE, ints: [1, 4, 0], order: 1, perDay: input.newPerDay },
    lapse: { delays: RELEARNING_STEPS_MINUTES, leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: input.maxReviewsPerDay, hardFactor: 1.2 },
    desiredRetention: input.desiredRetention,
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes the collection (SQLite) to `file`. */
export async function writeCollection(file: string, input: ApkgInput): Promise<void> {
  const nowMs = input.now.getTime();
  const nowSecs = Math.floor(nowMs / 1000);
  const { lang } = input;
  const db = new Database(file);
  try {
    db.pragma("journal_mode = DELETE");
    db.exec(SCHEMA);
    const conf = {
      activeDecks: [DECK_ID[lang]],
      curDeck: DECK_ID[lang],
      curModel: String(MODEL_ID[lang]),
      newSpread: 0,
      collapseTime: 1200,
      timeLim: 0,
      estTimes: true,
      dueCounts: true,
      sortType: "noteFld",
      sortBackwards: false,
      addToCur: true,
      nextPos: input.notes.length + 1,
      schedVer: 2,
      rollover: ROLLOVER_HOUR,
    };
    const decks = {
      "1": deckJson(1, lang === "zh" ? "默认" : "Default", "", nowSecs),
      [DECK_ID[lang]]: deckJson(DECK_ID[lang], DECK_NAME[lang], DECK_DESC[lang], nowSecs),
    };
    db.prepare("INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')").run(
      COLLECTION_CREATED_SECS,
      nowMs,
      nowMs,
      JSON.stringify(conf),
      JSON.stringify({ [MODEL_ID[lang]]: modelJson(lang, nowSecs) }),
      JSON.stringify(decks),
      JSON.stringify({ [DCONF_ID]: deckConfigJson(input) }),
    );
    const insertNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const insertCard = db.prepare("INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)");
    const insertRevlog = db.prepare("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)");
    // Note and card ids are creation times in Anki (ms): one per note, just before the export.
    const firstId = nowMs - input.notes.length;
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const n = input.notes[i];
        const id = firstId + i;
        const { front, back, tags } = n.fields;
        insertNote.run(id, n.guid, MODEL_ID[lang], nowSecs, ` ${tags.join(" ")} `, `${front}\x1f${back}`, stripHtml(front), fieldChecksum(front));
        const c = n.card;
        insertCard.run(id, id, DECK_ID[lang], nowSecs, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, c.data);
        for (const r of n.revlog) insertRevlog.run(r.id, id, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type);
      }
    });
    // Batches of notes sized by their rows (a note and its card, plus its reviews).
    let from = 0;
    while (from < input.notes.length) {
      let to = from;
      let rows = 0;
      while (to < input.notes.length && (to === from || rows + input.notes[to].revlog.length + 2 <= BATCH)) {
        rows += input.notes[to].revlog.length + 2;
        to++;
      }
      writeBatch(from, to);
      from = to;
      await tick();
    }
  } finally {
    db.close();
  }
}

const CHUNK = 64 * 1024;

/** Zips `entries` (name → file path or literal text) into `out`, reading and writing in 64 KB chunks. */
export async function zipFiles(out: string, entries: { name: string; file?: string; text?: string }[]): Promise<void> {
  const sink = fs.createWriteStream(out);
  const done = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
  });
  let failed: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) {
      failed = err;
      sink.destroy(err);
      return;
    }
    sink.write(chunk);
    if (final) sink.end();
  });
  for (const e of entries) {
    if (e.text !== undefined) {
      const entry = new ZipPassThrough(e.name);
      zip.add(entry);
      entry.push(new TextEncoder().encode(e.text), true);
      continue;
    }
    const entry = new ZipDeflate(e.name, { level: 6 });
    zip.add(entry);
    const handle = await fsp.open(e.file!, "r");
    try {
      const buf = Buffer.alloc(CHUNK);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        entry.push(buf.subarray(0, bytesRead).slice());
        // Let the file stream drain before reading more (bounded memory for a slow disk).
        if (sink.writableNeedDrain) await new Promise<void>((r) => sink.once("drain", () => r()));
      }
      entry.push(new Uint8Array(0), true);
    } finally {
      await handle.close();
    }
  }
  zip.end();
  await done;
  if (failed) throw failed;
}

/**
 * Builds the .apkg in a new temporary directory and returns its path and a cleanup that
 * removes the directory (the caller streams the file, then cleans up).
 */
export async function buildApkg(input: ApkgInput): Promise<{ file: string; size: number; cleanup: () => Promise<void> }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "tcp-drill-apkg-"));
  const cleanup = () => fsp.rm(dir, { recursive: true, force: true });
  try {
    const collection = path.join(dir, "collection.anki2");
    await writeCollection(collection, input);
    const file = path.join(dir, "tcp-drill.apkg");
    await zipFiles(file, [
      { name: "collection.anki2", file: collection },
      { name: "media", text: "{}" },
    ]);
    await fsp.rm(collection);
    return { file, size: (await fsp.stat(file)).size, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
