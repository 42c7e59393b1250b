// Dev aid: every disagreement of a labelled set, with the missed key points' claims (npx tsx scripts/dev/misses.ts DIR [ITEM]).
import { loadContent } from "../../lib/content/loader";
import { loadAnswers } from "../../lib/content/answers";
import { gradeItem } from "../../lib/grading/grade";
import { analyze } from "../../lib/grading/analyze";
const [dir, only] = process.argv.slice(2);
const items = new Map(loadContent("content").items.map((i) => [i.id, i]));
for (const [id, answers] of loadAnswers(dir).byItem) {
  if (only && id !== only) continue;
  const item: any = items.get(id);
  for (const a of answers) {
    const r = gradeItem(item, a.text, a.lang);
    if ((r.verdict === "correct") === (a.label === "PASS")) continue;
    console.log(`\n✗ ${id} [${a.lang} ${a.label} ${a.kind}] → ${r.verdict} matched [${r.matched.map((m) => m.id)}] missed [${r.missed}] mis [${r.misconceptions.map((m) => m.id)}]`);
    console.log("   " + a.text.trim().replace(/\s+/g, " "));
    if (a.label === "PASS") for (const k of item.keyPoints.filter((k: any) => r.missed.includes(k.id) && !k.optional)) console.log(`   KP ${k.id}: ${k.claims.join("  ||  ")}`);
    const an = analyze(a.text);
    console.log("   units: " + an.units.map((u) => `${u.concepts.join("/")}${u.negated ? "¬" : ""}@${u.sentence}.${u.clause}`).join(" "));
  }
}
