// Dev aid: checks the two grader properties of lib/grading/claims.test.ts exhaustively over every PASS answer (npx tsx scripts/dev/exhaust.ts).
import path from "node:path";
import { loadAnswers } from "../../lib/content/answers";
import { loadContent } from "../../lib/content/loader";
import { gradeItem } from "../../lib/grading/grade";
const items = new Map(loadContent("content").items.map((i) => [i.id, i]));
const passes = [...loadAnswers("content/answers").byItem].flatMap(([id, as]) => as.filter((a) => a.label === "PASS").map((a) => ({ id, ...a })));
const UNRELATED = { zh: ["这部分我面试前专门复习过。", "我之前在项目里也碰到过类似的问题。", "这个问题挺常见的。", "嗯，我想想怎么说得更清楚一点。"], en: ["I reviewed this part before the interview.", "We ran into something similar at my last job.", "It's a pretty common question.", "Let me think how to put it clearly."] };
const WRONG = { zh: ["另外，TIME_WAIT 的时长是由 tcp_fin_timeout 配置的，调小它 TIME_WAIT 就变短了。", "另外，建议打开 tcp_tw_recycle 来解决问题。", "另外，开启 tcp_tw_reuse 会把 TIME_WAIT 缩短到一秒。"], en: ["Also, the length of TIME_WAIT is configured by tcp_fin_timeout, so lowering it shortens TIME_WAIT.", "Also, I would enable tcp_tw_recycle to fix it.", "Also, tcp_tw_reuse shortens TIME_WAIT to one second."] };
let bad = 0;
for (const a of passes) {
  for (const extra of UNRELATED[a.lang]) for (const before of [true, false]) {
    const text = before ? `${extra}${a.lang === "en" ? " " : ""}${a.text}` : `${a.text.trimEnd()}${a.lang === "en" ? " " : ""}${extra}`;
    const v = gradeItem(items.get(a.id)!, text, a.lang).verdict;
    if (v !== "correct") { bad++; console.log("UNRELATED", a.id, a.lang, before, extra, v); }
  }
  for (const w of WRONG[a.lang]) {
    const r = gradeItem(items.get(a.id)!, `${a.text.trimEnd()}\n\n${w}`, a.lang);
    if (r.verdict === "correct" || r.misconceptions.length === 0) { bad++; console.log("WRONG", a.id, a.lang, w); }
  }
}
console.log("bad", bad, "of", passes.length * 11);
