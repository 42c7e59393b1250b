/**
 * The lab's explain step, pure (no server-only imports): size limits, the engine, the explainer's
 * view, serialised. Run in a worker thread by lib/server/lab-pool.ts, and in process where no worker
 * bundle exists (development, unit tests).
 */
import { annotate, type Bilingual } from "@/lib/tcp";
import { checkTraceSize } from "@/lib/lab/limits";
import type { BankEntry } from "@/lib/lab/related";
import { buildExplainView } from "@/lib/lab/view";

export type ExplainJson = { ok: true; json: string } | { ok: false; code: string; message: Bilingual };
/** The same, from and to UTF-8 bytes (what the worker thread receives and sends back, transferred). */
export type ExplainBytes = { ok: true; body: Uint8Array } | { ok: false; code: string; message: Bilingual };

export function explainToJson(text: string, bank: readonly BankEntry[]): ExplainJson {
  const size = checkTraceSize(text);
  if (!size.ok) return { ok: false, code: size.code, message: size.message };
  return { ok: true, json: JSON.stringify(buildExplainView(annotate(text), bank)) };
}

const NOT_UTF8: Bilingual = { en: "The trace is not UTF-8 text.", zh: "抓包文本不是 UTF-8 编码。" };

export function explainBytes(bytes: Uint8Array, bank: readonly BankEntry[]): ExplainBytes {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, code: "not_utf8", message: NOT_UTF8 };
  }
  const r = explainToJson(text, bank);
  return r.ok ? { ok: true, body: new TextEncoder().encode(r.json) } : r;
}
