// Dev aid: grade the labelled answers of one item that contain a substring (npx tsx scripts/dev/ho.ts ITEM "substring" [held-out folder, e.g. holdout4]).
// Dev aid: grade the answers of one item's set whose text contains a substring (npx tsx scripts/dev/ho.ts ITEM "substring" [held-out folder, e.g. holdout4]).
import { loadContent } from "../../lib/content/loader";
import { loadAnswers } from "../../lib/content/answers";
import { gradeItem } from "../../lib/grading/grade";
import { analyze } from "../../lib/grading/analyze";
import { listPieces } from "../../lib/grading/claims";
const [id, sub, which] = process.argv.slice(2);
const item = loadContent("content").items.find((i) => i.id === id)!;
for (const a of loadAnswers(which ? `content/answers/${which}` : "content/answers").byItem.get(id) ?? []) {
  if (!a.text.includes(sub)) continue;
  const r = gradeItem(item, a.text, a.lang);
  console.log(a.label, r.verdict, "matched", r.matched.map((m) => m.id), "missed", r.missed, "wrong", r.misconceptions.map((m) => `${m.id}: ${m.spans.map(([x, y]) => a.text.slice(x, y)).join("|")}`), "list", !!listPieces(analyze(a.text)), "unsure", !!r.unsure);
}
