/**
 * The gate in front of Next.js (run by scripts/start.ts for every request, before any route,
 * page or server action): what the framework would otherwise answer with a 500, or serve to a
 * page that is not ours.
 *
 * 1. X-Forwarded-* headers are removed unless the peer is a proxy named in TRUST_PROXY; the
 *    client's address is put in X-TCP-Drill-Client (whatever the client sent there is replaced).
 * 2. The Host (or a trusted proxy's X-Forwarded-Host) must name this server
 *    (lib/http/hosts.ts): anything else is a DNS-rebinding page or a misdirected request → 421.
 * 3. A path with a malformed %-escape cannot name any page → 400 (Next.js answers 500).
 * 4. A POST to a page is a server action (with the Next-Action header, or a form posted without
 *    JavaScript): from another origin → 403; more than 1 MB (Next.js's own limit) → 413; a body
 *    that is neither valid multipart form data nor UTF-8 JSON (the two encodings React sends)
 *    → 400. Next.js answers each of these with a 500.
 * Every refusal carries the security headers and a short bilingual text/plain message.
 */
import type http from "node:http";
import { isAllowedHost, isTrustedProxy, normaliseAddress, splitHost, type HostPolicy } from "./hosts";
import { SECURITY_HEADERS } from "./security-headers";

/** Next.js's default server-action body limit (serverActions.bodySizeLimit). */
export const MAX_ACTION_BYTES = 1024 * 1024;

export interface Refusal {
  status: number;
  message: string;
}

const FORWARDED = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-forwarded-port", "forwarded"];

type Head = Pick<http.IncomingMessage, "method" | "url" | "headers" | "rawHeaders"> & { socket: { remoteAddress?: string } };

/** Removes X-Forwarded-* / Forwarded unless the peer is a trusted proxy (mutates the request). */
export function dropUntrustedForwarding(req: Head, policy: HostPolicy): void {
  if (isTrustedProxy(req.socket.remoteAddress, policy)) return;
  if (!FORWARDED.some((h) => h in req.headers)) return;
  for (const h of FORWARDED) delete req.headers[h];
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!FORWARDED.includes(req.rawHeaders[i].toLowerCase())) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
}

/** The header the gate sets on every request to the client's address (better-auth's rate limiter reads it). */
export const CLIENT_ADDRESS_HEADER = "x-tcp-drill-client";

/**
 * Sets CLIENT_ADDRESS_HEADER to the client's address, replacing whatever the client sent: the
 * first X-Forwarded-For entry when the peer is a trusted proxy, else the peer itself. Run it after
 * dropUntrustedForwarding (mutates the request).
 */
export function setClientAddress(req: Head, policy: HostPolicy): void {
  const forwarded = isTrustedProxy(req.socket.remoteAddress, policy) ? req.headers["x-forwarded-for"] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const address = normaliseAddress(first || req.socket.remoteAddress || "unknown");
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== CLIENT_ADDRESS_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  raw.push(CLIENT_ADDRESS_HEADER, address);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  req.headers[CLIENT_ADDRESS_HEADER] = address;
}

/** The host the client asked for: a trusted proxy's X-Forwarded-Host, else Host. */
export function requestedHost(req: Head, policy: HostPolicy): string | undefined {
  const forwarded = isTrustedProxy(req.socket.remoteAddress, policy) ? req.headers["x-forwarded-host"] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || req.headers.host;
}

/** True for a POST that Next.js would treat as a server action (any POST outside /api). */
export function isActionRequest(req: Head): boolean {
  if (req.method !== "POST") return false;
  if (req.headers["next-action"] !== undefined) return true;
  const path = (req.url ?? "/").split("?")[0];
  return !(path === "/api" || path.startsWith("/api/"));
}

/** The checks made on the request line and headers alone; null when the request may go on. */
export function checkHead(req: Head, policy: HostPolicy): Refusal | null {
  const host = requestedHost(req, policy);
  if (!isAllowedHost(host, policy)) {
    return {
      status: 421,
      message:
        "This server answers only to localhost, 127.0.0.1 and [::1] (and names listed in ALLOWED_HOSTS); the request named another host and was not processed.\n" +
        "此服务器只接受 localhost、127.0.0.1、[::1]（以及 ALLOWED_HOSTS 中列出的名字）；请求使用了其他主机名，未被处理。",
    };
  }
  const path = (req.url ?? "/").split("?")[0];
  try {
    decodeURIComponent(path);
  } catch {
    return {
      status: 400,
      message: "The address contains a malformed %-escape.\n地址中包含格式错误的 % 转义。",
    };
  }
  if (isActionRequest(req)) {
    const origin = req.headers.origin;
    if (origin !== undefined && !sameAllowedOrigin(origin, host!, policy)) {
      return { status: 403, message: "Forms that change data must be sent from this site; nothing was changed.\n修改数据的表单必须从本站提交，数据未被修改。" };
    }
    const length = Number(req.headers["content-length"] ?? NaN);
    if (Number.isFinite(length) && length > MAX_ACTION_BYTES) return tooLarge();
  }
  return null;
}

function sameAllowedOrigin(origin: string, host: string, policy: HostPolicy): boolean {
  if (origin === "null") return false;
  try {
    const o = new URL(origin).host.toLowerCase();
    const h = splitHost(host);
    return !!h && o === host.toLowerCase() && isAllowedHost(o, policy);
  } catch {
    return false;
  }
}

function tooLarge(): Refusal {
  return { status: 413, message: "The form is larger than 1 MB; nothing was changed.\n表单超过 1 MB，数据未被修改。" };
}

const BAD_BODY: Refusal = {
  status: 400,
  message: "The form data could not be read (malformed or not UTF-8); nothing was changed.\n无法读取表单数据（格式错误或不是 UTF-8），数据未被修改。",
};

/**
 * Checks a server action's body (already read, at most MAX_ACTION_BYTES): valid multipart form
 * data when it says so, otherwise UTF-8 JSON (React's encoding of the arguments). With the
 * Next-Action header the arguments are React's reply encoding, checked by `checkReply`.
 */
export async function checkActionBody(contentType: string | undefined, body: Uint8Array, hasActionHeader = true): Promise<Refusal | null> {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(new Blob([body as Uint8Array<ArrayBuffer>]), { headers: { "content-type": contentType! } }).formData();
    } catch {
      return BAD_BODY;
    }
    const fields = new Map<string, FormDataEntryValue>();
    for (const [name, value] of form) {
      if (!isWellFormed(name) || (typeof value === "string" && !isWellFormed(value))) return BAD_BODY;
      fields.set(name, value);
    }
    if (!hasActionHeader) return null; // a form posted without JavaScript: Next.js reads its fields itself
    const root = fields.get("0");
    if (typeof root !== "string") return BAD_BODY;
    return checkReply(root, fields) ? null : BAD_BODY;
  }
  if (type.startsWith("application/x-www-form-urlencoded") && !hasActionHeader) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(body);
      return null;
    } catch {
      return BAD_BODY;
    }
  }
  if (!hasActionHeader && body.byteLength === 0) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return BAD_BODY;
  }
  return checkReply(text, new Map()) ? null : BAD_BODY;
}

/** Values React encodes in place, needing no other part of the body. */
const SELF_CONTAINED = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|n-?\d+$|D|K[0-9a-f]+$|T$)/;
/** A reference to another part ("chunk") of the body: "$<hex id>" or "$<hex id>:<path>". */
const MODEL_REFERENCE = /^\$([0-9a-f]+)(:|$)/;

/**
 * React's reply encoding of an action's arguments: JSON whose strings starting with "$" are
 * special. React's decoder throws (and Next.js answers 500) on a reference to a part that is not
 * there or of a kind it cannot build here. The app's forms send only FormData, plain values,
 * dates and references to parts that exist; anything else is refused. Depth and size are bounded
 * by the 1 MB body.
 */
export function checkReply(root: string, fields: ReadonlyMap<string, FormDataEntryValue>): boolean {
  const seen = new Set<string>();
  const pending: string[] = [root];
  while (pending.length > 0) {
    let value: unknown;
    try {
      value = JSON.parse(pending.pop()!);
    } catch {
      return false;
    }
    const stack: unknown[] = [value];
    while (stack.length > 0) {
      const v = stack.pop();
      if (typeof v === "string") {
        if (!v.startsWith("$") || SELF_CONTAINED.test(v)) continue;
        const m = MODEL_REFERENCE.exec(v);
        if (!m) return false;
        const key = String(parseInt(m[1], 16));
        const part = fields.get(key);
        if (typeof part !== "string") return false;
        if (!seen.has(key)) {
          seen.add(key);
          pending.push(part);
        }
      } else if (Array.isArray(v)) {
        for (const x of v) stack.push(x);
      } else if (v && typeof v === "object") {
        for (const x of Object.values(v)) stack.push(x);
      }
    }
  }
  return true;
}

/** No lone surrogates (String.prototype.isWellFormed, Node 20+). */
export function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Reads a body up to `limit` bytes; null when it is longer (the rest is discarded). */
export function readCapped(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

export function refusalHeaders(): Record<string, string> {
  const h: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  for (const { key, value } of SECURITY_HEADERS) h[key] = value;
  return h;
}

export function sendRefusal(res: http.ServerResponse, r: Refusal, extra: Record<string, string> = {}): void {
  const body = r.message + "\n";
  res.writeHead(r.status, { ...refusalHeaders(), ...extra, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}
