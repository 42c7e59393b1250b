import fs from "node:fs";
import { drillCapture } from "@/lib/lab/drill";
import { traceAnswer } from "@/lib/grading/engine-answers";
const dir = "lib/tcp/captures";
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".txt") && f !== "README.md")) {
  const text = fs.readFileSync(`${dir}/${f}`, "utf8");
  const r = drillCapture(text);
  if (!r.ok) { console.log(f, r.code); continue; }
  const kinds = r.questions.map((q) => q.kind + (q.item.ask.kind === "states" || q.item.ask.kind === "ack" || q.item.ask.kind === "event" ? q.item.ask.line : "") + (q.variant ? "*" : ""));
  const ans = r.questions.map((q) => { const t = traceAnswer({ trace: q.item.trace, ask: q.item.ask }); return t.kind === "ack" ? t.ack : t.kind === "impossible" ? t.line : t.kind === "event" ? t.events.join("/") : `${t.client}/${t.server}`; });
  console.log(f, r.segments, kinds.join(" "), "|", ans.join(" "));
}
