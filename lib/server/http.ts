import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { classifyDbError, FAULT_ANSWERS, recordFault, RETRY_AFTER_SECONDS, type DbFault } from "@/lib/db/faults";
import { readBytesCapped } from "@/lib/http/body";
import { isCrossSite } from "@/lib/http/same-origin";

/**
 * The boundary of every route handler: same-origin check for requests that change data, a body
 * size limit, JSON parsing and zod validation, and errors as `{error: {code, message, zh}}` with
 * a 4xx status — never a stack trace.
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly zh: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export function errorResponse(e: HttpError): NextResponse {
  return NextResponse.json(
    { error: { code: e.code, message: e.message, zh: e.zh, ...(e.fields ? { fields: e.fields } : {}) } },
    { status: e.status, headers: { "Cache-Control": "no-store" } },
  );
}

/** Refuses a request that changes data when it comes from another origin (CSRF). */
export function assertSameOrigin(req: NextRequest): void {
  if (isCrossSite(req.headers)) {
    throw new HttpError(403, "cross_origin", "Requests that change data must come from this site.", "修改数据的请求必须来自本站。");
  }
}

/** Reads and validates a JSON body no larger than `limit` bytes. */
export async function readJson<S extends z.ZodType>(req: NextRequest, schema: S, limit = DEFAULT_BODY_LIMIT): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new HttpError(415, "unsupported_media_type", "Send the request body as application/json.", "请求体必须是 application/json。");
  }
  const body = await readBytesCapped(req, limit);
  if (!body.ok) throw tooLarge(limit);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body.bytes));
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.", "请求体不是有效的 JSON。");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? issue.path.join(".") : "(body)";
      (fields[key] ??= []).push(issue.message);
    }
    const first = Object.entries(fields)[0];
    throw new HttpError(
      400,
      "invalid_request",
      `Invalid request: ${first[0]}: ${first[1][0]}`,
      `请求无效：${first[0]}：${first[1][0]}`,
      fields,
    );
  }
  return parsed.data;
}

function tooLarge(limit: number): HttpError {
  const kb = Math.round(limit / 1024);
  return new HttpError(413, "body_too_large", `The request body is larger than ${kb} KB.`, `请求体超过 ${kb} KB。`);
}

/** Wraps a handler: HttpErrors and known domain errors become 4xx JSON; anything else a plain 500. */
export function route<Ctx>(handler: (req: NextRequest, ctx: Ctx) => Promise<NextResponse>) {
  return async (req: NextRequest, ctx: Ctx): Promise<NextResponse> => {
    try {
      return await handler(req, ctx);
    } catch (e) {
      if (e instanceof HttpError) return errorResponse(e);
      const domain = e as { name?: string; status?: number; code?: string; messages?: { en: string; zh: string } };
      if (domain?.name === "PracticeError" && domain.status && domain.messages) {
        return errorResponse(new HttpError(domain.status, domain.code ?? "error", domain.messages.en, domain.messages.zh));
      }
      const fault = classifyDbError(e);
      if (fault) return faultResponse(fault);
      console.error("tcp-drill: request failed:", e instanceof Error ? e.message : e);
      return errorResponse(new HttpError(500, "internal", "Something went wrong on the server; nothing was changed.", "服务器出错，数据未被修改。"));
    }
  };
}

/**
 * The answer to a request that met a database fault (lib/db/faults.ts): 503 with Retry-After for
 * a lock, 507 for a full disk, 503 otherwise, each saying that nothing was saved.
 */
export function faultResponse(fault: DbFault): NextResponse {
  recordFault(fault);
  const a = FAULT_ANSWERS[fault];
  return NextResponse.json(
    { error: { code: a.code, message: a.en, zh: a.zh } },
    { status: a.status, headers: { "Cache-Control": "no-store", ...(fault === "locked" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {}) } },
  );
}
