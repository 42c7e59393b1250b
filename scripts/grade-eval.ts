/**
 * `npm run grade:eval`: the grader against the labelled answers (content/answers/, and the holdout set
 * in content/answers/holdout/ that is never used for tuning). Prints, per set, per language and overall:
 * agreement, correct answers failed, wrong answers passed, and the worst items. `--verbose` lists every
 * disagreement; `--item ID` limits to one item. Exit 1 when the main set has any disagreement.
 */
import fs from "node:fs";
import path from "node:path";
import { formatError, loadContent } from "../lib/content/loader";
import { loadAnswers, type LabelledAnswer } from "../lib/content/answers";
import { gradeItem } from "../lib/grading/grade";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const verbose = args.includes("--verbose") || args.includes("-v");
const only = args.includes("--item") ? args[args.indexOf("--item") + 1] : null;
const loaded = loadContent(path.join(root, "content"));
// A bank that does not load would be graded without the parts that failed (a misconception file with
// one bad claim would silently drop every bank-wide misconception): refuse instead.
if (loaded.errors.length) {
  for (const e of loaded.errors) console.error(formatError(e));
  console.error("grade:eval: the bank has errors (npm run content:check); not grading");
  process.exit(2);
}
const { items } = loaded;
const byId = new Map(items.map((i) => [i.id, i]));

interface Row { item: string; a: LabelledAnswer; verdict: string; ok: boolean; detail: string }

function run(dir: string): Row[] {
  const set = loadAnswers(dir);
  for (const e of set.errors) console.error(`${e.file}: ${e.message}`);
  const rows: Row[] = [];
  for (const [id, answers] of set.byItem) {
    if (only && id !== only) continue;
    const item = byId.get(id);
    if (!item) {
      console.error(`${dir}: unknown item ${id}`);
      continue;
    }
    for (const a of answers) {
      const r = gradeItem(item, a.text, a.lang);
      const ok = (r.verdict === "correct") === (a.label === "PASS");
      rows.push({ item: id, a, verdict: r.verdict, ok, detail: `matched [${r.matched.map((m) => m.id).join(",")}] missed [${r.missed.join(",")}] misconceptions [${r.misconceptions.map((m) => m.id).join(",")}]` });
    }
  }
  return rows;
}

function report(name: string, rows: Row[]): number {
  const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)} %`);
  console.log(`\n${name}: ${rows.length} answers`);
  for (const lang of ["zh", "en", null] as const) {
    const rs = rows.filter((r) => lang === null || r.a.lang === lang);
    const agree = rs.filter((r) => r.ok).length;
    const rightFailed = rs.filter((r) => r.a.label === "PASS" && !r.ok).length;
    const wrongPassed = rs.filter((r) => r.a.label === "FAIL" && !r.ok).length;
    console.log(`  ${lang ?? "all"}: agreement ${pct(agree, rs.length)} (${agree}/${rs.length}); correct answers failed ${rightFailed}; wrong answers passed ${wrongPassed}`);
  }
  const byItem = new Map<string, Row[]>();
  for (const r of rows) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  const worst = [...byItem].map(([id, rs]) => ({ id, bad: rs.filter((r) => !r.ok).length, n: rs.length })).filter((w) => w.bad > 0).sort((x, y) => y.bad / y.n - x.bad / x.n).slice(0, 8);
  if (worst.length) console.log(`  worst items: ${worst.map((w) => `${w.id} ${w.bad}/${w.n}`).join(", ")}`);
  if (verbose) for (const r of rows.filter((r) => !r.ok)) console.log(`  ✗ ${r.item} [${r.a.lang} ${r.a.label} ${r.a.kind}] → ${r.verdict}: ${r.detail}\n      ${r.a.text.trim().replace(/\s+/g, " ").slice(0, 300)}`);
  return rows.filter((r) => !r.ok).length;
}

const answersDir = path.join(root, "content", "answers");
const main = report("main set (content/answers)", run(answersDir));
// Every subfolder is a held-out set: answers written independently and never used to tune the grader.
if (!args.includes("--main")) {
  for (const sub of fs.readdirSync(answersDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    // "tuned-…": a former held-out set the claims were since tuned on, kept to show it stays fixed
    report(sub.startsWith("tuned-") ? `former held-out set (content/answers/${sub}, since tuned on)` : `held-out set (content/answers/${sub}, never tuned on)`, run(path.join(answersDir, sub)));
  }
}
process.exitCode = main > 0 ? 1 : 0;
