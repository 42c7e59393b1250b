/**
 * npm run content:check — validates content/ with the zod schema and the bank rules,
 * then has the TCP engine verify every engine-checked item. Prints every problem as
 * `file:line  field.path: message` and exits 1, or prints a one-line summary.
 */
import { checkContent } from "@/lib/content/check";

const dir = process.argv[2] ?? "content";
const result = checkContent(dir, undefined, { answers: true });
if (result.messages.length > 0) {
  for (const m of result.messages) console.error(m);
  console.error(`\ncontent:check: ${result.messages.length} problem(s) in ${dir}/`);
  process.exit(1);
}
console.log(result.summaryLine);
