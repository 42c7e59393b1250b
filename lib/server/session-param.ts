import "server-only";
import { z } from "zod";
import { HttpError } from "./http";

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/** The `[id]` of a /api/practice/sessions/[id]/… route, validated (400 otherwise). */
export async function sessionIdParam(ctx: { params: Promise<{ id: string }> }): Promise<string> {
  const parsed = Id.safeParse((await ctx.params).id);
  if (!parsed.success) throw new HttpError(400, "invalid_request", "Invalid session id.", "会话 id 无效。");
  return parsed.data;
}
