import { NextResponse } from "next/server";
import { getAuth } from "@/lib/server/auth";
import { authMode } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * better-auth's standard routes (AUTH_MODE=accounts): POST /api/auth/sign-up/email,
 * /api/auth/sign-in/email, /api/auth/sign-out, GET /api/auth/get-session, and the OAuth callbacks of
 * the providers whose keys are configured. In local mode there is no sign-in: 404.
 */
async function handle(request: Request): Promise<Response> {
  if (authMode() !== "accounts") {
    return NextResponse.json(
      { error: { code: "not_found", message: "This instance has no accounts (AUTH_MODE=local).", zh: "此实例未启用账户（AUTH_MODE=local）。" } },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  const auth = await getAuth();
  const response = await auth.handler(request);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const GET = handle;
export const POST = handle;
