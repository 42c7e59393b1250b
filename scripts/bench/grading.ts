/**
 * Grading time per answer (the claim grader, lib/grading/grade.ts) beside its floor: segmenting the same
 * text alone with Intl.Segmenter("zh", word) — every Chinese answer is segmented once by the analyser,
 * so the grader cannot be faster than that. Answers: every labelled answer of the main set, and each
 * grown to about 2,000 characters (the bound: under 20 ms).
 */
import path from "node:path";
import { loadAnswers } from "../../lib/content/answers";
import { loadContent } from "../../lib/content/loader";
import { gradeItem } from "../../lib/grading/grade";
import { percentile, root } from "./harness";

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function runGradingBench(): Promise<void> {
  const items = new Map(loadContent(path.join(root, "content")).items.map((i) => [i.id, i]));
  const answers = [...loadAnswers(path.join(root, "content", "answers")).byItem].flatMap(([id, as]) => as.map((a) => ({ item: items.get(id)!, ...a })));
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  const segment = (text: string) => {
    let n = 0;
    for (const s of segmenter.segment(text.normalize("NFKC").toLowerCase())) if (s.isWordLike) n++;
    return n;
  };
  const grow = (text: string) => {
    let t = text;
    while (t.length < 2000) t += `\n${text}`;
    return t.slice(0, 2000);
  };
  // warm up (JIT, the lexicon trie, ICU data)
  for (const a of answers.slice(0, 50)) gradeItem(a.item, a.text, a.lang);

  const rows: [string, number[], number[]][] = [];
  for (const [name, texts] of [
    ["labelled answers", answers.map((a) => a.text)],
    ["2,000-character answers", answers.map((a) => grow(a.text))],
  ] as const) {
    global.gc?.();
    const floor = texts.map((t) => time(() => segment(t))).sort((x, y) => x - y);
    global.gc?.();
    const grade = answers.map((a, i) => time(() => gradeItem(a.item, texts[i], a.lang))).sort((x, y) => x - y);
    rows.push([name, grade, floor]);
  }
  console.log(`\n## grading: the claim grader per answer vs segmenting the same text alone (${answers.length} answers)`);
  console.log("| answers | grader p50 | grader p99 | segmenter p50 | segmenter p99 | ratio p50 |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [name, g, f] of rows) {
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`| ${name} | ${ms(percentile(g, 50))} | ${ms(percentile(g, 99))} | ${ms(percentile(f, 50))} | ${ms(percentile(f, 99))} | ${(percentile(g, 50) / percentile(f, 50)).toFixed(1)}× |`);
  }
  const worst = rows[1][1][rows[1][1].length - 1];
  console.log(`2,000-character answers: slowest ${worst.toFixed(2)} ms (goal: under 20 ms).`);
}
