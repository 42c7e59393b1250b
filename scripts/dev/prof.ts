import { analyze } from "/work/main/lib/grading/analyze";
import { loadContent } from "/work/main/lib/content/loader";
import { loadAnswers } from "/work/main/lib/content/answers";
import { gradeItem } from "/work/main/lib/grading/grade";
const items = new Map(loadContent("/work/main/content").items.map((i) => [i.id, i]));
const ans = [...loadAnswers("/work/main/content/answers").byItem].flatMap(([id, as]) => as.map((a) => ({ item: items.get(id)!, ...a })));
const grow = (t: string) => { let s = t; while (s.length < 2000) s += "\n" + t; return s.slice(0, 2000); };
const texts = ans.map((a) => grow(a.text));
for (let r = 0; r < 2; r++) {
  let t = performance.now(); for (const x of texts) analyze(x); const ta = performance.now() - t;
  t = performance.now(); ans.forEach((a, i) => gradeItem(a.item, texts[i], a.lang)); const tg = performance.now() - t;
  const seg = new Intl.Segmenter("en", { granularity: "grapheme" });
  t = performance.now(); for (const x of texts) { for (const g of seg.segment(x)) g.segment.normalize("NFKC"); } const tn = performance.now() - t;
  console.log(`analyze ${(ta / texts.length).toFixed(2)} ms/answer, grade ${(tg / texts.length).toFixed(2)} ms/answer, grapheme+NFKC ${(tn / texts.length).toFixed(2)}`);
}
