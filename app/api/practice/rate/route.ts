import { after, NextResponse } from "next/server";
import { optimiseIfDue } from "@/lib/server/learner-weights";
import { assertSameOrigin, readJson, route } from "@/lib/server/http";
import { rateCard } from "@/lib/server/practice";
import { RateBody } from "@/lib/server/practice-schemas";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/**
 * Stores a rating. The server computes the scheduling; the body names only the rating, the card
 * version the learner saw and an idempotency key. A repeat of the key is answered with the first
 * result (200, duplicate: true); a stale card version is refused (409).
 */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, RateBody);
  const user = await getApiUser();
  const result = await rateCard({ ...body, userId: user.id, now: new Date() });
  // Once enough new reviews have accumulated, fit the learner's weights again: after the response
  // is sent, never inside the rating's transaction or its response time.
  if (!result.duplicate) after(() => optimiseIfDue(user.id));
  return NextResponse.json(result, { status: result.duplicate ? 200 : 201 });
});
