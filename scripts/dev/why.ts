// Dev aid: show how the grader reads the failing labelled answers of one item (npx tsx scripts/dev/why.ts ITEM [--all]).
import path from "node:path";
import { loadContent } from "../../lib/content/loader";
import { loadAnswers } from "../../lib/content/answers";
import { gradeItem } from "../../lib/grading/grade";
import { analyze } from "../../lib/grading/analyze";
const [id, flag] = process.argv.slice(2);
const item = loadContent("content").items.find((i) => i.id === id)!;
const set = [...(loadAnswers("content/answers").byItem.get(id) ?? []), ...(flag === "--holdout" ? loadAnswers(process.env.HO ?? "content/answers/holdout4").byItem.get(id) ?? [] : [])];
for (const a of set) {
  const r = gradeItem(item, a.text, a.lang);
  const ok = (r.verdict === "correct") === (a.label === "PASS");
  if (ok && flag !== "--all") continue;
  console.log(`${ok ? "✓" : "✗"} [${a.lang} ${a.label} ${a.kind}] → ${r.verdict} matched [${r.matched.map((m) => m.id)}] missed [${r.missed}] mis [${r.misconceptions.map((m) => m.id)}]`);
  console.log("   " + a.text.trim().replace(/\s+/g, " "));
  for (const m of r.misconceptions) console.log(`   WRONG ${m.id}: ${m.spans.map(([x, y]) => a.text.slice(x, y)).join(" | ")}`);
  const an = analyze(a.text);
  console.log("   units: " + an.units.map((u) => `${u.concepts.join("/")}${u.negated ? "¬" : ""}@${u.sentence}.${u.clause}`).join(" "));
}
