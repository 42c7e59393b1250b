// Dev aid: grade a text for an item and show the spans (npx tsx scripts/dev/try.ts ITEM lang "text" | --answer).
import { loadContent } from "../../lib/content/loader";
import { gradeItem } from "../../lib/grading/grade";
import { analyze } from "../../lib/grading/analyze";
const [id, lang, text] = process.argv.slice(2) as [string, "zh" | "en", string];
const item = loadContent("content").items.find((i) => i.id === id)!;
const t = text === "--answer" ? item.answer![lang] : text;
const r = gradeItem(item, t, lang);
console.log(r.verdict, "matched", r.matched.map((m) => `${m.id}:${m.spans.map(([a, b]) => t.slice(a, b)).join("|")}`), "missed", r.missed);
for (const m of r.misconceptions) console.log("WRONG", m.id, m.spans.map(([a, b]) => t.slice(a, b)).join(" | "));
console.log(analyze(t).units.map((u) => `${u.concepts.join("/")}${u.negated ? "¬" : ""}@${u.sentence}.${u.clause}`).join(" "));
