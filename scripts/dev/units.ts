// Dev aid: how the analyser reads a text (npx tsx scripts/dev/units.ts "text").
import { analyze } from "../../lib/grading/analyze";
const a = analyze(process.argv[2]);
console.log(a.tokens.map((t) => `${t.t}@${t.clause}`).join(" "));
console.log(a.units.map((u) => `${u.concepts.join("/")}${u.negated ? "¬" : ""}@${u.sentence}.${u.clause}`).join(" "));
