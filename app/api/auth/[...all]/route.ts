import { NextResponse } from "next/server";
import { isCrossSite } from "@/lib/http/same-origin";
import { getAuth } from "@/lib/server/auth";
import { authMode } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * better-auth's standard routes (AUTH_MODE=accounts): POST /api/auth/sign-up/email,
 * /api/auth/sign-in/email, /api/auth/sign-out, GET /api/auth/get-session, and the OAuth callbacks of
 * the providers whose keys are configured. In local mode there is no sign-in: 404.
 * A POST from another origin is refused here, with the app's one same-origin rule (lib/http), before
 * better-auth sees it: better-auth checks Origin only on requests that carry cookies, which would let
 * another site sign a visitor in to the attacker's account (login CSRF).
 */
async function handle(request: Request): Promise<Response> {
  if (authMode() !== "accounts") {
    return NextResponse.json(
      { error: { code: "not_found", message: "This instance has no accounts (AUTH_MODE=local).", zh: "此实例未启用账户（AUTH_MODE=local）。" } },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  if (request.method !== "GET" && isCrossSite(request.headers)) {
    return NextResponse.json(
      { error: { code: "cross_origin", message: "Requests that change data must come from this site.", zh: "修改数据的请求必须来自本站。" } },
      { status: 403, headers: { "Cache-Control": "no-store" } },
    );
  }
  const auth = await getAuth();
  const response = await auth.handler(request);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const GET = handle;
export const POST = handle;
