/**
 * The labelled answer set (content/answers/<item-id>.yaml): real-sounding candidate answers to the
 * items the claim grader scores (open items and flashcards with key points), each labelled PASS (an
 * interviewer would accept it and move on) or FAIL. `npm test` (the content check) fails when the
 * grader disagrees with any label of the main set; `content/answers/holdout/` is never used to tune the
 * grader and is reported by `npm run grade:eval` only.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { slug } from "./schema";

export const ANSWER_KINDS = ["canonical", "paraphrase", "terse", "negation", "misconception", "keywords", "backwards", "partial", "offtopic", "hedged", "dispute"] as const;

export const labelledAnswer = z.strictObject({
  lang: z.enum(["zh", "en"]),
  label: z.enum(["PASS", "FAIL"]),
  kind: z.enum(ANSWER_KINDS),
  text: z.string().trim().min(1),
  note: z.string().optional(),
});
export type LabelledAnswer = z.infer<typeof labelledAnswer>;

export const answersFile = z.strictObject({
  item: slug,
  answers: z.array(labelledAnswer).min(1),
});

/** Fewest labelled answers an item graded by key points needs in the main set. */
export const MIN_LABELLED = 8;

export interface AnswerSet {
  /** item id → answers */
  byItem: Map<string, LabelledAnswer[]>;
  errors: { file: string; message: string }[];
}

export function loadAnswers(dir: string): AnswerSet {
  const byItem = new Map<string, LabelledAnswer[]>();
  const errors: AnswerSet["errors"] = [];
  if (!fs.existsSync(dir)) return { byItem, errors };
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith(".yaml")) continue;
    const file = path.join(dir, name);
    let data: unknown;
    try {
      data = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      errors.push({ file, message: `not valid YAML: ${(e as Error).message.split("\n")[0]}` });
      continue;
    }
    const r = answersFile.safeParse(data);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push({ file, message: `${issue.path.join(".")}: ${issue.message}` });
      continue;
    }
    if (`${r.data.item}.yaml` !== name) errors.push({ file, message: `the file must be named after its item (${r.data.item}.yaml)` });
    byItem.set(r.data.item, [...(byItem.get(r.data.item) ?? []), ...r.data.answers]);
  }
  return { byItem, errors };
}
