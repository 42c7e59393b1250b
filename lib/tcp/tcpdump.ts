/**
 * Reading and writing lines as `tcpdump -n` prints TCP segments (print-tcp.c):
 *
 *   [time] [iface dir] IP|IP6 src.port > dst.port: Flags [S.], seq 1:101, ack 1, win 512, options [...], length 100
 *
 * The reader is one pass over the text with `indexOf`/`charCodeAt` and no regular expressions.
 * Lines that are not TCP segments are returned as skipped with the reason, never guessed.
 * Numbers are returned as printed; turning tcpdump's relative numbers back into absolute ones is
 * the annotator's job because it needs the whole conversation.
 */
import type { Bilingual, RenderableSegment, RenderOptions, SkippedLine } from "./types";
import * as segment_ from "./segment";
// local copies: module-namespace getters are slow in the hot paths
const { ACK, FIN, RST, SYN, parseFlags, flagsToString } = segment_;

export interface ParsedLine {
  /** 1-based line number in the input */
  line: number;
  raw: string;
  src: string;
  dst: string;
  flags: number;
  flagText: string;
  /** printed seq, or null when tcpdump printed none (a pure ACK) */
  seq: number | null;
  ack: number | null;
  win: number | null;
  len: number;
  /** options mention TCP Fast Open ("tfo cookie …", "tfo cookiereq", "exp-tfo") */
  tfo: boolean;
}

const b = (en: string, zh: string): Bilingual => ({ zh, en });
const R_UDP = b("a UDP datagram, not a TCP segment", "这是 UDP 数据报，不是 TCP 报文段");
const R_ICMP = b("an ICMP message, not a TCP segment", "这是 ICMP 报文，不是 TCP 报文段");
const R_ARP = b("an ARP packet, not a TCP segment", "这是 ARP 包，不是 TCP 报文段");
const R_QUIET = b("tcpdump -q output: it shows no flags or sequence numbers, so the segment cannot be replayed",
  "这是 tcpdump -q 的输出：没有标志位和序号，无法重放该报文段");
const R_VHDR = b("an IP header line of tcpdump -v; the TCP segment is on the next line",
  "这是 tcpdump -v 的 IP 头行；TCP 报文段在下一行");
const R_TRUNC = b("a truncated TCP header ([|tcp]): flags and numbers are missing",
  "TCP 头被截断（[|tcp]）：缺少标志位和序号");
const R_OTHER = b("not a TCP segment line as tcpdump -n prints it (no \"src > dst: Flags [..]\")",
  "不是 tcpdump -n 打印的 TCP 报文段行（没有 \"源 > 目的: Flags [..]\"）");
const R_FLAGS = b("unknown letters in the TCP flags", "TCP 标志位中有无法识别的字母");
const R_ADDR = b("the addresses are not in address.port form", "地址不是 地址.端口 的形式");
const R_NUM = b("a seq/ack/length field is not a number", "seq/ack/length 字段不是数字");

function skipReason(raw: string): Bilingual {
  if (raw.includes("[|tcp]")) return R_TRUNC;
  if (raw.includes(" UDP") || raw.includes(": UDP,")) return R_UDP;
  if (raw.includes("ICMP")) return R_ICMP;
  if (raw.includes("ARP,") || raw.includes(" ARP ")) return R_ARP;
  if (/^\s*(\S+\s+)?IP6? \(/.test(raw)) return R_VHDR;
  if (/: tcp \d+/.test(raw)) return R_QUIET;
  return R_OTHER;
}

/** Parse an unsigned decimal at s[i..]: returns the value (-1 when no digit), the end index in POS. */
let POS = 0;
function num(s: string, i: number, end: number): number {
  let v = 0;
  const start = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  POS = i;
  return i === start ? -1 : v;
}

/** The fields of the line being read; reused for every line so that reading allocates nothing. */
export interface Scratch {
  src: string; dst: string; flags: number; flagText: string;
  seq: number; seqEnd: number; ack: number; win: number; len: number; tfo: boolean;
}
const SCR: Scratch = { src: "", dst: "", flags: 0, flagText: "", seq: -1, seqEnd: -1, ack: -1, win: -1, len: -1, tfo: false };

const FLAG_BIT: (number | undefined)[] = [];
FLAG_BIT[70] = FIN; FLAG_BIT[83] = SYN; FLAG_BIT[82] = RST; FLAG_BIT[80] = segment_.PSH; FLAG_BIT[46] = ACK;
FLAG_BIT[85] = segment_.URG; FLAG_BIT[69] = segment_.ECE; FLAG_BIT[87] = segment_.CWR; FLAG_BIT[101] = 0;

/** Addresses repeat on every line: reuse the last strings instead of slicing new ones. */
const RECENT: string[] = ["", "", "", ""];
let recentNext = 0;
function intern(text: string, a: number, b: number): string {
  const len = b - a;
  for (let k = 0; k < 4; k++) {
    const r = RECENT[k];
    if (r.length === len && text.startsWith(r, a)) return r;
  }
  const s = text.slice(a, b);
  RECENT[recentNext] = s;
  recentNext = (recentNext + 1) & 3;
  return s;
}

export interface ParseResult {
  lines: ParsedLine[];
  skipped: SkippedLine[];
}

const FLAGS_MARK = ": Flags [";

/** Read every line; TCP segments are parsed, everything else is skipped with a reason. */
export function parseTcpdump(text: string): ParseResult {
  const lines: ParsedLine[] = [];
  const skipped: SkippedLine[] = [];
  scanTcpdump(text, (lineNo, start, end, s) => {
    lines.push({
      line: lineNo, raw: text.slice(start, end), src: s.src, dst: s.dst, flags: s.flags, flagText: s.flagText,
      seq: s.seq < 0 ? null : s.seq, ack: s.ack < 0 ? null : s.ack, win: s.win < 0 ? null : s.win, len: s.len, tfo: s.tfo,
    });
  }, (k) => skipped.push(k));
  return { lines, skipped };
}

/**
 * The single pass behind `parseTcpdump`: calls `onSegment` with the line's position and a scratch
 * record (valid only during the call; -1 marks a number tcpdump did not print) for every TCP
 * segment, and `onSkip` for every other non-blank line.
 */
export function scanTcpdump(
  text: string,
  onSegment: (lineNo: number, start: number, end: number, s: Readonly<Scratch>) => void,
  onSkip: (s: SkippedLine) => void,
): void {
  const n = text.length;
  let pos = 0;
  let lineNo = 0;
  let fi = text.indexOf(FLAGS_MARK, 0);
  while (pos < n) {
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = n;
    lineNo++;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--; // CRLF
    const start = pos;
    pos = eol + 1;
    if (end === start) continue;
    if (fi >= 0 && fi < start) fi = text.indexOf(FLAGS_MARK, start);
    if (fi < 0 || fi >= end) {
      const raw = text.slice(start, end);
      if (raw.trim() !== "") onSkip({ line: lineNo, raw, reason: skipReason(raw) });
      continue;
    }
    const reason = parseSegmentLine(text, start, end, fi);
    if (reason !== null) onSkip({ line: lineNo, raw: text.slice(start, end), reason });
    else onSegment(lineNo, start, end, SCR);
  }
}

function parseSegmentLine(text: string, start: number, end: number, fi: number): Bilingual | null {
  // addresses: "... src > dst: Flags ["
  const gt = text.lastIndexOf(" > ", fi);
  if (gt < start) return R_ADDR;
  const sp = text.lastIndexOf(" ", gt - 1);
  const srcStart = sp < start ? start : sp + 1;
  const src = intern(text, srcStart, gt);
  const dst = intern(text, gt + 3, fi);
  if (src.lastIndexOf(".") <= 0 || dst.lastIndexOf(".") <= 0) return R_ADDR;
  // flags
  const fs = fi + FLAGS_MARK.length;
  const fe = text.indexOf("]", fs);
  if (fe < 0 || fe > end) return R_FLAGS;
  let flags = 0;
  for (let k = fs; k < fe; k++) {
    const bit = FLAG_BIT[text.charCodeAt(k)];
    if (bit === undefined) {
      flags = -1;
      break;
    }
    flags |= bit;
  }
  if (flags < 0) flags = parseFlags(text.slice(fs, fe)); // "none", or unknown letters
  if (flags < 0) return R_FLAGS;
  const canon = flagsToString(flags);
  const s = SCR;
  s.src = src;
  s.dst = dst;
  s.flags = flags;
  s.flagText = canon.length === fe - fs && text.startsWith(canon, fs) ? canon : text.slice(fs, fe);
  s.seq = -1;
  s.seqEnd = -1;
  s.ack = -1;
  s.win = -1;
  s.len = -1;
  s.tfo = false;
  let p = fe + 1;
  while (p < end) {
    // expect ", key ..."
    if (text.charCodeAt(p) === 44) p++;
    while (p < end && text.charCodeAt(p) === 32) p++;
    const c = text.charCodeAt(p);
    if (c === 115 && text.startsWith("seq ", p)) {
      const v = num(text, p + 4, end);
      if (v < 0) return R_NUM;
      s.seq = v;
      p = POS;
      if (text.charCodeAt(p) === 58) {
        const w = num(text, p + 1, end);
        if (w < 0) return R_NUM;
        s.seqEnd = w;
        p = POS;
      }
    } else if (c === 97 && text.startsWith("ack ", p)) {
      const v = num(text, p + 4, end);
      if (v < 0) return R_NUM;
      s.ack = v;
      p = POS;
    } else if (c === 119 && text.startsWith("win ", p)) {
      const v = num(text, p + 4, end);
      s.win = v;
      p = v < 0 ? p + 4 : POS;
    } else if (c === 108 && text.startsWith("length ", p)) {
      const v = num(text, p + 7, end);
      if (v < 0) return R_NUM;
      s.len = v;
      break; // anything after the length is the payload decoder's business
    } else if (c === 111 && text.startsWith("options [", p)) {
      let depth = 0;
      let q = p + 8;
      for (; q < end; q++) {
        const ch = text.charCodeAt(q);
        if (ch === 91) depth++;
        else if (ch === 93 && --depth === 0) break;
      }
      for (let k = p + 9; k + 2 < q; k++) {
        if (text.charCodeAt(k) === 116 && text.charCodeAt(k + 1) === 102 && text.charCodeAt(k + 2) === 111) {
          s.tfo = true; // "tfo cookie …", "tfo cookiereq", "exp-tfo"
          break;
        }
      }
      p = q + 1;
    } else {
      const q = text.indexOf(", ", p);
      if (q < 0 || q >= end) break;
      p = q;
    }
  }
  if (s.len < 0) {
    // old tcpdump versions print "seq a:b(n)" without "length"; use the range when present
    s.len = s.seq >= 0 && s.seqEnd >= 0 ? (s.seqEnd - s.seq) >>> 0 : 0;
  }
  return null;
}

// ---- writing -------------------------------------------------------------------------------------

function stamp(i: number, t?: number): string {
  const ms = t ?? i;
  const h = Math.floor(ms / 3_600_000) % 24;
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const us = Math.round((ms % 1000) * 1000);
  const p2 = (x: number) => String(x).padStart(2, "0");
  return `${p2(h)}:${p2(m)}:${p2(s)}.${String(us).padStart(6, "0")} `;
}

export interface RenderExtra {
  /** print numbers relative to each direction's ISN, as tcpdump does without -S */
  numbering?: "absolute" | "relative";
}

/**
 * Segments back into tcpdump -n notation. A segment may carry `options` (the text inside
 * "options [...]") and `t` (ms, used for the timestamp). Sequence numbers are printed for SYN, FIN,
 * RST and data, as print-tcp.c does; a pure ACK shows only its ack.
 */
export function renderTcpdump(
  segments: (RenderableSegment & { options?: string; t?: number; win?: number })[],
  opts: RenderOptions & RenderExtra = {},
): string {
  const client = opts.client ?? "10.0.0.1.40000";
  const server = opts.server ?? "10.0.0.2.80";
  const ip = client.includes(":") ? "IP6" : "IP";
  const relative = opts.numbering === "relative";
  // tcpdump's relative numbering: the first ACK-bearing segment (and every SYN-ACK) sets the bases
  let baseSet = false;
  const base = { client: 0, server: 0 };
  let out = "";
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const f = parseFlags(s.flags);
    const hasAck = f >= 0 && (f & ACK) !== 0;
    let seq = s.seq >>> 0;
    let ack = s.ack === null ? 0 : s.ack >>> 0;
    if (relative && hasAck) {
      const to = s.from === "client" ? "server" : "client";
      if (!baseSet || f & SYN) {
        baseSet = true;
        base[s.from] = seq;
        base[to] = (ack - 1) >>> 0;
      } else {
        seq = (seq - base[s.from]) >>> 0;
        ack = (ack - base[to]) >>> 0;
      }
    }
    const [src, dst] = s.from === "client" ? [client, server] : [server, client];
    let line = opts.timestamps ? stamp(i, s.t) : "";
    line += `${ip} ${src} > ${dst}: Flags [${s.flags}]`;
    if (s.len > 0 || (f >= 0 && f & (SYN | FIN | RST))) {
      line += `, seq ${seq}`;
      if (s.len > 0) line += `:${(seq + s.len) >>> 0}`;
    }
    if (hasAck && s.ack !== null) line += `, ack ${ack}`;
    line += `, win ${s.win ?? 65535}`;
    if (s.options) line += `, options [${s.options}]`;
    line += `, length ${s.len}\n`;
    out += line;
  }
  return out;
}
