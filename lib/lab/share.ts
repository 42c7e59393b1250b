/**
 * Sharing an explained paste: the trace text goes into the link's fragment (#trace=…, deflated
 * and base64url-encoded; the fragment never reaches the server) when it fits, or stays in this
 * browser's localStorage under an id (#local=…) when it does not. And the explained rows as CSV.
 * Pure apart from the platform's CompressionStream (browsers and Node alike).
 */
import { TCP_STATES } from "@/lib/tcp/types";
import type { ExplainView } from "./view";

/** Longest fragment put in a link (browsers and chat tools handle far more; this keeps links sane). */
export const MAX_LINK_CHARS = 8000;
export const LOCAL_PREFIX = "tcp-drill:lab:";

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeTrace(text: string): Promise<string> {
  return toBase64Url(await through(new TextEncoder().encode(text), new CompressionStream("deflate-raw")));
}

/** The text of an encoded trace, or null when the fragment is damaged. */
export async function decodeTrace(encoded: string, maxBytes: number): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  try {
    const bytes = await through(fromBase64Url(encoded), new DecompressionStream("deflate-raw"));
    if (bytes.length > maxBytes) return null;
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** What a fragment asks for: an encoded trace, a locally kept one, or nothing. */
export function parseFragment(hash: string): { kind: "trace"; value: string } | { kind: "local"; id: string } | null {
  const m = /^#(trace|local)=([A-Za-z0-9_-]{1,200000})$/.exec(hash);
  if (!m) return null;
  return m[1] === "trace" ? { kind: "trace", value: m[2] } : { kind: "local", id: m[2].slice(0, 64) };
}

const cell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The explained segments as CSV (RFC 4180, CRLF): one line per segment with both sides' states after it. */
export function viewCsv(view: ExplainView): string {
  const head = ["line", "from", "flags", "seq", "ack", "len", "client_state", "server_state"];
  const lines = view.rows.map(([line, from, flags, seq, ack, len, c, s]) =>
    [line, from === 0 ? "client" : "server", flags, seq, ack < 0 ? "" : ack, len, TCP_STATES[c] ?? "", TCP_STATES[s] ?? ""].map(cell).join(","),
  );
  return [head.join(","), ...lines].join("\r\n") + "\r\n";
}
