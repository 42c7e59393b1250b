/**
 * How much the trace explainer reads: at most 1 MB (1,048,576 bytes of UTF-8) and at most 100,000
 * lines. The browser checks before sending and the route handler checks again, with the same
 * function, so a refused paste gets the same message either way.
 */
import type { Bilingual } from "@/lib/tcp";

export const MAX_TRACE_BYTES = 1024 * 1024;
export const MAX_TRACE_LINES = 100_000;

export type SizeCheck =
  | { ok: true; bytes: number; lines: number }
  | { ok: false; code: "too_many_bytes" | "too_many_lines"; bytes: number; lines: number; message: Bilingual };

/** Bytes of `text` as UTF-8, without encoding it (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Lines as the tcpdump reader counts them: a final newline does not start another line. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  let i = text.indexOf("\n");
  while (i >= 0) {
    if (i < text.length - 1) n++;
    i = text.indexOf("\n", i + 1);
  }
  return n;
}

export function tooManyBytes(bytes: number): Bilingual {
  const mb = (bytes / MAX_TRACE_BYTES).toFixed(2);
  return {
    en: `The trace is too large: ${mb} MB. The lab reads at most 1 MB (100,000 lines); cut the capture (e.g. tcpdump -c 10000, or one connection with "host A and port P") and try again.`,
    zh: `抓包文本太大：${mb} MB。实验室最多读取 1 MB（100,000 行）；请截短抓包（例如 tcpdump -c 10000，或用 “host A and port P” 只抓一条连接）后再试。`,
  };
}

export function tooManyLines(lines: number): Bilingual {
  const n = lines.toLocaleString("en");
  return {
    en: `The trace has too many lines: ${n}. The lab reads at most 100,000 lines (1 MB); cut the capture (e.g. tcpdump -c 10000) and try again.`,
    zh: `抓包文本行数太多：${n} 行。实验室最多读取 100,000 行（1 MB）；请截短抓包（例如 tcpdump -c 10000）后再试。`,
  };
}

/** Whether the explainer reads `text`, and if not, why (in both languages). */
export function checkTraceSize(text: string): SizeCheck {
  const bytes = utf8Length(text);
  if (bytes > MAX_TRACE_BYTES) return { ok: false, code: "too_many_bytes", bytes, lines: countLines(text), message: tooManyBytes(bytes) };
  const lines = countLines(text);
  if (lines > MAX_TRACE_LINES) return { ok: false, code: "too_many_lines", bytes, lines, message: tooManyLines(lines) };
  return { ok: true, bytes, lines };
}
