import "server-only";
import { gradeItem } from "@/lib/grading/grade";
import { suggestRatingFromVerdict } from "@/lib/grading/rating";
import type { Item } from "@/lib/content/schema";
import { getPrisma } from "./prisma";

/** Whether a chosen rating overrules a verdict: Good/Easy for an answer not accepted, Again for one accepted. */
export function overrules(verdict: "correct" | "partial" | "incorrect", chosen: 1 | 2 | 3 | 4): boolean {
  return verdict === "correct" ? chosen === 1 : chosen >= 3;
}

/**
 * Keeps a learner's overrule of the grader (practice, open answers). The server grades the text itself,
 * never trusting the client's verdict; a rating that agrees with the grader is not a dispute and is not
 * stored. Returns whether a dispute was recorded.
 */
export async function recordDispute(userId: string, item: Item, lang: "zh" | "en", text: string, chosen: 1 | 2 | 3 | 4): Promise<boolean> {
  const r = gradeItem(item, text, lang);
  if (!overrules(r.verdict, chosen)) return false;
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.gradeDispute.create({
      data: {
        userId,
        itemId: item.id,
        lang,
        answer: text,
        verdict: r.verdict,
        detail: JSON.stringify({ matched: r.matched.map((m) => m.id), missed: r.missed, misconceptions: r.misconceptions.map((m) => m.id) }),
        suggested: suggestRatingFromVerdict(r.verdict),
        chosen,
      },
    });
  });
  return true;
}
