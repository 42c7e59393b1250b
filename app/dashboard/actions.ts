"use server";

import { randomInt } from "node:crypto";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getTzOffset } from "@/lib/server/request-context";
import { getBank } from "@/lib/server/bank";
import { startSession } from "@/lib/server/practice";
import { getCurrentUser } from "@/lib/server/users";
import { formOf } from "@/lib/http/form";

const DrillInput = z.object({
  itemIds: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(200))
    .min(1)
    .max(20),
});

/**
 * Starts a practice session on the given questions (the dashboard's weakest questions) and opens
 * it. Next.js refuses server actions whose Origin is not this host. Ids are checked against the
 * bank; anything else sends the learner back with a message and changes nothing.
 */
export async function startDrill(formData: FormData): Promise<void> {
  const parsed = DrillInput.safeParse({ itemIds: formOf(formData)?.getAll("itemId") });
  const bank = getBank();
  const ids = parsed.success ? [...new Set(parsed.data.itemIds)].filter((id) => bank.byId.has(id)) : [];
  if (ids.length === 0) redirect("/dashboard?drill=invalid");
  const [user, tz] = await Promise.all([getCurrentUser(), getTzOffset()]);
  await startSession(user.id, new Date(), tz, { only: ids, seed: randomInt(0, 2 ** 31) });
  // The practice page opens the learner's latest session, which is this one.
  redirect("/practice");
}
