import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent, type LoadedItem } from "@/lib/content/loader";
import type { Locale } from "@/lib/i18n/config";
import { fromFsrs, toFsrs } from "@/lib/srs/mapper";
import { newCard, rate, type RatingValue } from "@/lib/srs/scheduler";
import { apkgNotes } from "./export";
import { fieldChecksum, stripHtml } from "./notes";
import { buildApkg, DECK_ID, DECK_NAME, MODEL_ID } from "./package";
import { ankiCardSchedule, ankiDay, ankiRevlog, COLLECTION_CREATED_SECS, type ScheduleCard, type ScheduleReview } from "./schedule";

const items: LoadedItem[] = loadContent(path.join(process.cwd(), "content")).items;
const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;

/** A learner's history through real ts-fsrs: item → the ratings given, one a few days apart, ending before NOW. */
function history(ratings: Record<string, RatingValue[]>) {
  const cards = new Map<string, ScheduleCard>();
  const reviews = new Map<string, ScheduleReview[]>();
  for (const [id, rs] of Object.entries(ratings)) {
    let card = fromFsrs(newCard(new Date(NOW.getTime() - 60 * DAY)));
    let at = new Date(NOW.getTime() - 50 * DAY);
    const list: ScheduleReview[] = [];
    for (const r of rs) {
      const next = rate(toFsrs(card), r, at);
      list.push({ rating: r, review: at, durationMs: 4200, before: card });
      card = fromFsrs(next.card);
      // the next review when the card is due (or ten minutes later for a learning step)
      at = new Date(Math.max(card.due.getTime(), at.getTime() + 600_000));
    }
    cards.set(id, card);
    reviews.set(id, list);
  }
  return { cards, reviews };
}

const single = items.find((i) => i.type === "single")!;
const state = items.find((i) => i.type === "state")!;
const flash = items.find((i) => i.type === "flashcard")!;
const trace = items.find((i) => i.type === "trace")!;
const { cards, reviews } = history({ [single.id]: [3, 3, 3], [state.id]: [1], [flash.id]: [3, 1] });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apkg-test-"));
const opened: Record<string, { db: Database.Database; names: string[]; cleanup: () => Promise<void> }> = {};

async function open(lang: Locale) {
  const apkg = await buildApkg({ lang, now: NOW, notes: apkgNotes(items, cards, reviews, lang, NOW, 0.9), desiredRetention: 0.9, newPerDay: 10, maxReviewsPerDay: 200 });
  const files = unzipSync(fs.readFileSync(apkg.file));
  const file = path.join(dir, `${lang}.anki2`);
  fs.writeFileSync(file, files["collection.anki2"]);
  expect(strFromU8(files["media"])).toBe("{}");
  opened[lang] = { db: new Database(file, { readonly: true }), names: Object.keys(files).sort(), cleanup: apkg.cleanup };
  return apkg;
}

beforeAll(async () => {
  await open("en");
  await open("zh");
});
afterAll(async () => {
  for (const o of Object.values(opened)) {
    o.db.close();
    await o.cleanup();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

type NoteRow = { id: number; guid: string; mid: number; tags: string; flds: string; sfld: string; csum: number };
type CardRow = { id: number; nid: number; did: number; ord: number; type: number; queue: number; due: number; ivl: number; factor: number; reps: number; lapses: number; left: number; data: string };
const noteOf = (lang: Locale, itemPrompt: string) =>
  (opened[lang].db.prepare("SELECT * FROM notes").all() as NoteRow[]).find((n) => n.flds.split("\x1f")[0].includes(itemPrompt))!;
const cardOf = (lang: Locale, nid: number) => opened[lang].db.prepare("SELECT * FROM cards WHERE nid = ?").get(nid) as CardRow;

describe("Anki package", () => {
  it("is a zip of collection.anki2 and media, with Anki's legacy schema", () => {
    expect(opened.en.names).toEqual(["collection.anki2", "media"]);
    const tables = (opened.en.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(["cards", "col", "graves", "notes", "revlog"]);
    const col = opened.en.db.prepare("SELECT * FROM col").get() as Record<string, unknown>;
    expect(col.ver).toBe(11);
    expect(col.crt).toBe(COLLECTION_CREATED_SECS);
  });

  it("has one note per live item and one card per note, in one deck, with the note type's two fields", () => {
    for (const lang of ["en", "zh"] as const) {
      const db = opened[lang].db;
      expect(db.prepare("SELECT count(*) AS n FROM notes").get()).toEqual({ n: items.length });
      expect(db.prepare("SELECT count(*) AS n FROM cards").get()).toEqual({ n: items.length });
      expect(db.prepare("SELECT count(DISTINCT nid) AS n FROM cards").get()).toEqual({ n: items.length });
      expect(db.prepare("SELECT DISTINCT did, ord FROM cards").all()).toEqual([{ did: DECK_ID[lang], ord: 0 }]);
      expect(db.prepare("SELECT count(DISTINCT guid) AS n FROM notes").get()).toEqual({ n: items.length });
      const col = db.prepare("SELECT models, decks, conf FROM col").get() as { models: string; decks: string; conf: string };
      const models = JSON.parse(col.models);
      const model = models[String(MODEL_ID[lang])];
      expect(model.flds.map((f: { ord: number }) => f.ord)).toEqual([0, 1]);
      expect(model.tmpls[0].qfmt).toBe(`{{${model.flds[0].name}}}`);
      expect(model.tmpls[0].afmt).toContain(`{{${model.flds[1].name}}}`);
      const decks = JSON.parse(col.decks);
      expect(decks[String(DECK_ID[lang])].name).toBe(DECK_NAME[lang]);
      expect(JSON.parse(col.conf).schedVer).toBe(2);
      expect((db.prepare("SELECT DISTINCT mid FROM notes").all() as { mid: number }[]).map((r) => r.mid)).toEqual([MODEL_ID[lang]]);
    }
  });

  it("writes the chosen language: prompt on the front; answer, explanation and references on the back", () => {
    const en = noteOf("en", single.prompt.en.slice(0, 30).replaceAll("&", "&amp;").replaceAll("'", "&#39;").replaceAll('"', "&quot;"));
    const zh = noteOf("zh", single.prompt.zh.slice(0, 20));
    const [enFront, enBack] = en.flds.split("\x1f");
    const [zhFront, zhBack] = zh.flds.split("\x1f");
    expect(stripHtml(enFront)).toContain(single.prompt.en);
    expect(stripHtml(zhFront)).toContain(single.prompt.zh);
    expect(stripHtml(enBack)).toContain(single.answer!.en);
    expect(stripHtml(enBack)).toContain(single.explanation.en);
    expect(stripHtml(zhBack)).toContain(single.answer!.zh);
    expect(stripHtml(zhBack)).toContain(single.explanation.zh);
    expect(stripHtml(enBack)).toContain(single.references[0].source);
    expect(enBack).toContain("References");
    expect(zhBack).toContain("参考资料");
    expect(/\p{Script=Han}/u.test(stripHtml(zhFront))).toBe(true);
    expect(/\p{Script=Han}/u.test(stripHtml(enFront + enBack))).toBe(false);
    expect(en.guid).not.toBe(zh.guid);
    // the engine answers a state question; the capture is on a trace question's front
    const st = noteOf("en", state.prompt.en.slice(0, 25).replaceAll("'", "&#39;"));
    expect(st.flds.split("\x1f")[1]).toContain("The engine");
    expect(noteOf("en", trace.prompt.en.slice(0, 25).replaceAll("'", "&#39;")).flds.split("\x1f")[0]).toContain("<pre>");
  });

  it("stores Anki's sort field and checksum: first 8 hex digits of SHA-1 of the stripped first field", () => {
    for (const lang of ["en", "zh"] as const) {
      for (const n of opened[lang].db.prepare("SELECT flds, sfld, csum FROM notes").all() as NoteRow[]) {
        const first = n.flds.split("\x1f")[0];
        expect(n.sfld).toBe(stripHtml(first));
        expect(n.csum).toBe(parseInt(createHash("sha1").update(n.sfld).digest("hex").slice(0, 8), 16));
      }
    }
    expect(stripHtml("<p>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</p><!-- x --><style>p{}</style>")).toBe(`a <b> & "c" 'd'`);
    expect(fieldChecksum("<b>x</b>")).toBe(fieldChecksum("x"));
  });

  it("tags every note with its topic and type", () => {
    const n = noteOf("en", flash.prompt.en.slice(0, 25).replaceAll("'", "&#39;"));
    expect(n.tags).toBe(` tcp-drill topic::${flash.topic} type::flashcard `);
    const all = opened.zh.db.prepare("SELECT tags FROM notes").all() as { tags: string }[];
    expect(all.every((r) => /^ tcp-drill topic::[a-z0-9-]+ type::[a-z]+ $/.test(r.tags))).toBe(true);
  });

  it("carries the learner's schedule: review card due day and interval, FSRS memory state, revlog; others new", () => {
    const c = cards.get(single.id)!;
    expect(c.state).toBe(2);
    const card = cardOf("en", noteOf("en", single.prompt.en.slice(0, 30).replaceAll("'", "&#39;").replaceAll('"', "&quot;")).id);
    expect(card).toMatchObject({ type: 2, queue: 2, ivl: c.scheduledDays, reps: 3, lapses: 0, left: 0, factor: 2500 });
    // due in days from today, as in TCP Drill
    const today = ankiDay(NOW);
    expect(card.due - today).toBe(Math.floor((c.due.getTime() - Date.UTC(2000, 0, 1, 4)) / DAY) - Math.floor((NOW.getTime() - Date.UTC(2000, 0, 1, 4)) / DAY));
    const data = JSON.parse(card.data);
    expect(data.s).toBeCloseTo(c.stability, 3);
    expect(data.d).toBeCloseTo(c.difficulty, 2);
    expect(data.dr).toBe(0.9);
    expect(data.lrt).toBe(Math.floor(c.lastReview!.getTime() / 1000));
    const revlog = opened.en.db.prepare("SELECT * FROM revlog WHERE cid = ? ORDER BY id").all(card.id) as Record<string, number>[];
    expect(revlog.map((r) => r.ease)).toEqual([3, 3, 3]);
    expect(revlog.map((r) => r.time)).toEqual([4200, 4200, 4200]);
    expect(revlog[0].type).toBe(0);
    expect(revlog[2].type).toBe(1);
    expect(revlog[2].ivl).toBe(c.scheduledDays);
    // a lapsed card is relearning (or back in review), never new
    const lapsed = cardOf("en", noteOf("en", flash.prompt.en.slice(0, 25).replaceAll("'", "&#39;")).id);
    expect(lapsed.type).not.toBe(0);
    expect(lapsed.lapses).toBe(cards.get(flash.id)!.lapses);
    // every card without a rating is new, numbered in bank order
    const newCards = opened.en.db.prepare("SELECT due FROM cards WHERE type = 0 ORDER BY nid").all() as { due: number }[];
    expect(newCards.length).toBe(items.length - 3);
    expect(newCards.map((r) => r.due)).toEqual(newCards.map((_r, i) => i + 1));
    expect(opened.en.db.prepare("SELECT count(*) AS n FROM revlog").get()).toEqual({ n: 6 });
  });

  it("reads back with python's sqlite3 when python is there", () => {
    let python: string | null = null;
    try {
      execFileSync("python3", ["-c", "import sqlite3"], { stdio: "ignore" });
      python = "python3";
    } catch {
      python = null;
    }
    if (!python) return;
    const file = path.join(dir, "en.anki2");
    const out = execFileSync(python, [
      "-c",
      `import sqlite3, hashlib, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
bad = 0
for flds, sfld, csum in c.execute("select flds, sfld, csum from notes"):
    if int(hashlib.sha1(sfld.encode()).hexdigest()[:8], 16) != csum: bad += 1
    if len(flds.split("\\x1f")) != 2: bad += 1
print(c.execute("select count(*) from notes").fetchone()[0], c.execute("select count(*) from cards where queue = 2").fetchone()[0], bad)`,
      file,
    ]).toString().trim();
    expect(out).toBe(`${items.length} 1 0`);
  });
});

describe("schedule mapping (properties)", () => {
  const arbCard = fc.record({
    due: fc.date({ min: new Date("2020-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }),
    stability: fc.double({ min: 0.01, max: 36_500, noNaN: true }),
    difficulty: fc.double({ min: 1, max: 10, noNaN: true }),
    scheduledDays: fc.integer({ min: 0, max: 36_500 }),
    learningSteps: fc.integer({ min: 0, max: 2 }),
    reps: fc.integer({ min: 1, max: 1000 }),
    lapses: fc.integer({ min: 0, max: 100 }),
    state: fc.constantFrom(1, 2, 3),
    lastReview: fc.date({ min: new Date("2020-01-01"), max: new Date("2026-03-10"), noInvalidDate: true }),
  });

  it("a review card's due day is its due date's day; a learning step today stays in seconds; memory state kept", () => {
    fc.assert(
      fc.property(arbCard, (c) => {
        const a = ankiCardSchedule(c, 1, NOW, 0.9);
        const data = JSON.parse(a.data);
        expect(Math.abs(data.s - c.stability)).toBeLessThanOrEqual(5e-5);
        expect(Math.abs(data.d - c.difficulty)).toBeLessThanOrEqual(5e-4);
        expect(a.reps).toBe(c.reps);
        expect(a.lapses).toBe(c.lapses);
        if (c.state === 2) {
          expect(a).toMatchObject({ type: 2, queue: 2, due: ankiDay(c.due), ivl: Math.max(1, c.scheduledDays) });
        } else {
          expect(a.type).toBe(c.state === 3 ? 3 : 1);
          expect(a.left).toBeGreaterThanOrEqual(1);
          if (ankiDay(c.due) <= ankiDay(NOW)) expect(a).toMatchObject({ queue: 1, due: Math.floor(c.due.getTime() / 1000) });
          else expect(a).toMatchObject({ queue: 3, due: ankiDay(c.due) });
        }
      }),
    );
  });

  it("a card without a rating is new, at its position", () => {
    fc.assert(
      fc.property(arbCard, fc.integer({ min: 1, max: 10_000 }), (c, pos) => {
        expect(ankiCardSchedule({ ...c, state: 0 }, pos, NOW, 0.9)).toMatchObject({ type: 0, queue: 0, due: pos, data: "{}" });
        expect(ankiCardSchedule(null, pos, NOW, 0.9)).toMatchObject({ type: 0, queue: 0, due: pos });
      }),
    );
  });

  it("ankiDay counts whole days from the 4 am rollover and is monotonic", () => {
    expect(ankiDay(new Date(Date.UTC(2000, 0, 1, 4)))).toBe(0);
    expect(ankiDay(new Date(Date.UTC(2000, 0, 1, 3, 59)))).toBe(-1);
    expect(ankiDay(new Date(Date.UTC(2000, 0, 2, 4)))).toBe(1);
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-02"), max: new Date("2199-01-01"), noInvalidDate: true }), fc.integer({ min: 0, max: 10 * DAY }), (d, ms) => {
        const later = ankiDay(new Date(d.getTime() + ms)) - ankiDay(d);
        expect(later).toBeGreaterThanOrEqual(Math.floor(ms / DAY));
        expect(later).toBeLessThanOrEqual(Math.ceil(ms / DAY));
      }),
    );
  });

  it("revlog ids are unique even for reviews in the same millisecond", () => {
    const c = cards.get(single.id)!;
    const rs = reviews.get(single.id)!;
    const taken = new Map<number, number>();
    const a = ankiRevlog(rs, c, taken);
    const b = ankiRevlog(rs, c, taken);
    expect(new Set([...a, ...b].map((r) => r.id)).size).toBe(6);
  });
});
