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

export function explainToJson(text: string, bank: readonly BankEntry[]): ExplainJson {
  const size = checkTraceSize(text);
  if (!size.ok) return { ok: false, code: size.code, message: size.message };
  return { ok: true, json: JSON.stringify(buildExplainView(annotate(text), bank)) };
}
