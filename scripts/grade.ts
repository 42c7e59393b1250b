/**
 * npm run --silent grade -- <item-id> --lang zh|en [--json]
 *
 * Grades the answer read from standard input with the same function practice and the mock interview
 * use (lib/grading/grade.ts). Prints a short report, or with --json one line:
 *   {"item": "...", "lang": "zh", "verdict": "correct" | "partial" | "incorrect", "coverage": 0.0-1.0,
 *    "matched": [key point ids], "missed": [key point ids], "misconceptions": [ids]}
 * Exit 0 on a graded answer; 2 (one line on stderr) on an unknown item, an item without key points,
 * a bad language or empty input.
 */
import path from "node:path";
import { loadContent } from "../lib/content/loader";
import { gradeItem } from "../lib/grading/grade";

function fail(message: string): never {
  process.stderr.write(`grade: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const json = args.includes("--json");
const langAt = args.indexOf("--lang");
const lang = langAt >= 0 ? args[langAt + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith("--") && !(langAt >= 0 && i === langAt + 1));
const id = positional[0];
if (!id) fail("usage: npm run --silent grade -- <item-id> --lang zh|en [--json] < answer.txt");
if (lang !== "zh" && lang !== "en") fail(`--lang must be zh or en (got ${lang ?? "nothing"})`);

const { items } = loadContent(path.resolve(import.meta.dirname, "..", "content"));
const item = items.find((i) => i.id === id);
if (!item) fail(`unknown item "${id}"`);
if (item.keyPoints.length === 0) fail(`item "${id}" has no key points to grade against (it is a ${item.type} item)`);

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const answer = Buffer.concat(chunks).toString("utf8");
if (answer.trim() === "") fail("empty answer on standard input");

const r = gradeItem(item, answer, lang);
const out = {
  item: item.id,
  lang,
  verdict: r.verdict,
  coverage: Math.round(r.coverage * 1000) / 1000,
  matched: r.matched.map((m) => m.id),
  missed: r.missed,
  misconceptions: r.misconceptions.map((m) => m.id),
};
if (json) {
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  const label = (kid: string) => item.keyPoints.find((k) => k.id === kid)?.label[lang] ?? kid;
  const lines = [`${item.id} [${lang}]: ${r.verdict} (coverage ${Math.round(r.coverage * 100)} %)${r.unsure ? " — the answer says it is unsure" : ""}`];
  for (const m of r.matched) lines.push(`  ✓ ${m.id}: ${label(m.id)} — “${m.spans.map(([a, b]) => answer.slice(a, b)).join(" … ")}”`);
  for (const kid of r.missed) lines.push(`  ✗ ${kid}: ${label(kid)}`);
  for (const m of r.misconceptions) {
    const c = item.misconceptions.find((x) => x.id === m.id);
    lines.push(`  ! ${m.id}: ${c?.label[lang] ?? m.id} — “${m.spans.map(([a, b]) => answer.slice(a, b)).join(" … ")}”`);
    if (c) lines.push(`    ${c.correction[lang]}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
