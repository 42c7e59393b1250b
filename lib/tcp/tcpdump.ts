/**
 * Reading and writing lines as `tcpdump -n` prints TCP segments (print-tcp.c):
 *
 *   [time] [iface dir] IP|IP6 src.port > dst.port: Flags [S.], seq 1:101, ack 1, win 512, options [...], length 100
 *
 * The reader is one pass over the text into typed-array columns (`readColumns`): lines and marks are
 * found with `indexOf`, the fixed text of a usual line is checked by one sticky regular expression
 * per address pair, and only the digits are read with `charCodeAt` (no string or object per line).
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
const R_QUOTED = b("part of an ICMP error message (tcpdump -v): the TCP header quoted inside it is a copy of an earlier segment, not a segment of its own",
  "属于一条 ICMP 差错报文（tcpdump -v）：其中引用的 TCP 头是先前某个报文段的副本，并不是一个独立的报文段");
const R_DUMP = b("packet bytes printed by tcpdump -A/-X (headers and payload), not a packet line — even where the payload text looks like one",
  "tcpdump -A/-X 打印的包内容（头部和载荷），不是包行——即使载荷文本看起来像一行抓包输出");

function skipReason(raw: string): Bilingual {
  if (raw.includes("[|tcp]")) return R_TRUNC;
  if (raw.includes(" UDP") || raw.includes(": UDP,")) return R_UDP;
  if (raw.includes("ICMP")) return R_ICMP;
  if (raw.includes("ARP,") || raw.includes(" ARP ")) return R_ARP;
  if (/^\s*(\S+\s+)?IP6? \(/.test(raw)) return R_VHDR;
  if (/: tcp \d+/.test(raw)) return R_QUIET;
  return R_OTHER;
}

/** Parse an unsigned decimal at s[i..end): the value, or -1 when there is no digit; the end index in POS. */
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

/** Flag letter → header bit (-1: not a letter tcpdump prints for a bit; "e" is AccECN's AE, no bit here). */
const FLAG_BIT = new Int8Array(128).fill(-1);
FLAG_BIT[70] = FIN; FLAG_BIT[83] = SYN; FLAG_BIT[82] = RST; FLAG_BIT[80] = segment_.PSH; FLAG_BIT[46] = ACK;
FLAG_BIT[85] = segment_.URG; FLAG_BIT[69] = segment_.ECE; FLAG_BIT[87] = segment_.CWR; FLAG_BIT[101] = 0;

const FLAGS_MARK = ": Flags [";

/**
 * After "src > dst", the usual rest of a line up to the first digit of its length:
 * ": Flags [..], seq A[:B], ack C, win D, options [...], length " (seq, ack and options optional,
 * options without nested brackets). Matched natively; the digits are then read at known places.
 */
const USUAL_REST = String.raw`: Flags \[[^\]\n]*\](?:, seq \d+(?::\d+)?)?(?:, ack \d+)?, win \d+(?:, options \[[^[\]\n]*\])?, length (?=\d)`;

/**
 * A capture read into columns: slot k holds the k-th TCP segment line. Reading a long trace this
 * way allocates a dozen arrays, not an object, a string and boxed numbers per line. A number
 * tcpdump did not print is -1 (every printed number is an unsigned 32-bit value, exact in a
 * double). The raw text of a line is not copied: `raw(k)` slices it from `start`/`end` on demand.
 */
export class TraceColumns {
  /** number of segment lines */
  n = 0;
  /** 1-based line number in the input */
  line: Int32Array;
  /** offsets of the line in `text`, without its line break */
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
  /** options mention TCP Fast Open */
  tfo: Uint8Array;
  seq: Float64Array;
  ack: Float64Array;
  len: Float64Array;
  /** where the digits after "win " start (-1: no window printed); read on demand by `win()` */
  winPos: Int32Array;
  /** indices into `addrs` */
  src: Int32Array;
  dst: Int32Array;
  /**
   * the flags as printed when that is not their canonical text (`flagsToString`), by slot: most
   * lines print the canonical text, so no string is stored for them (see `flagText()`)
   */
  flagTextOdd = new Map<number, string>();
  /** every "address.port" seen, once */
  readonly addrs: string[] = [];
  /** whether each address has the "address.port" form */
  private readonly addrValid: boolean[] = [];
  private readonly addrIndex = new Map<string, number>();
  readonly skipped: SkippedLine[] = [];
  /** ICMP errors quoting a TCP port ("ICMP host tcp port P unreachable"): the line and "host.P" */
  readonly icmp: { line: number; addr: string }[] = [];

  constructor(readonly text: string, capacity: number) {
    this.line = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.tfo = new Uint8Array(capacity);
    this.seq = new Float64Array(capacity);
    this.ack = new Float64Array(capacity);
    this.len = new Float64Array(capacity);
    this.winPos = new Int32Array(capacity);
    this.src = new Int32Array(capacity);
    this.dst = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.line.length;
  }

  /** the line as printed */
  raw(k: number): string {
    return this.text.slice(this.start[k], this.end[k]);
  }

  /** the flags of slot k as printed ("S.", "FP.", "none", ...) */
  flagText(k: number): string {
    return this.flagTextOdd.size > 0 ? (this.flagTextOdd.get(k) ?? flagsToString(this.flags[k])) : flagsToString(this.flags[k]);
  }

  /** the advertised window as printed, or -1 */
  win(k: number): number {
    const at = this.winPos[k];
    return at < 0 ? -1 : num(this.text, at, this.end[k]);
  }

  grow(): void {
    const cap = this.line.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.line = g(this.line); this.start = g(this.start); this.end = g(this.end);
    this.flags = g(this.flags); this.tfo = g(this.tfo);
    this.seq = g(this.seq); this.ack = g(this.ack); this.len = g(this.len); this.winPos = g(this.winPos);
    this.src = g(this.src); this.dst = g(this.dst);
  }

  /** Keep only the slots for which `keep` is 1, in order (filtering out other connections). */
  compact(keep: Uint8Array): void {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      if (!keep[r]) continue;
      if (w !== r) {
        this.line[w] = this.line[r]; this.start[w] = this.start[r]; this.end[w] = this.end[r];
        this.flags[w] = this.flags[r]; this.tfo[w] = this.tfo[r];
        this.seq[w] = this.seq[r]; this.ack[w] = this.ack[r]; this.len[w] = this.len[r]; this.winPos[w] = this.winPos[r];
        this.src[w] = this.src[r]; this.dst[w] = this.dst[r];
      }
      w++;
    }
    if (this.flagTextOdd.size > 0) {
      const odd = new Map<number, string>();
      for (let r = 0, k = 0; r < this.n; r++) if (keep[r]) {
        const t = this.flagTextOdd.get(r);
        if (t !== undefined) odd.set(k, t);
        k++;
      }
      this.flagTextOdd = odd;
    }
    this.n = w;
  }

  /** The id of the address text[a..b) (a capture has few: look the string up once per new one). */
  addr(a: number, b: number): number {
    const s = this.text.slice(a, b);
    let id = this.addrIndex.get(s);
    if (id === undefined) {
      id = this.addrs.length;
      this.addrs.push(s);
      this.addrValid.push(s.lastIndexOf(".") > 0);
      this.addrIndex.set(s, id);
    }
    return id;
  }

  addrOk(id: number): boolean {
    return this.addrValid[id];
  }

  /**
   * The two "src > dst" of the last lines (a capture alternates between two directions), each
   * compiled once into a sticky expression "src > dst" + USUAL_REST: one native match checks the
   * addresses and the shape of the line, where comparing ~40 characters with `startsWith` or a
   * `charCodeAt` loop costs several times more.
   */
  private readonly pairRe: (RegExp | null)[] = [null, null];
  private readonly pairLen = new Int32Array(2);
  private readonly pairIds = new Int32Array(4);
  /** a character where the two pairs differ (offset in the pair, its code there): a cheap first test */
  private readonly probeAt = new Int32Array(2);
  private readonly probeCode = new Int32Array(2);
  private pairLast = 0;
  private readonly pairCache = new Map<string, RegExp>();
  private readonly pairOnce = new Set<string>();
  private readonly pairTexts: string[] = ["", ""];

  /**
   * Read the line text[start..end), whose first ": Flags [" is at `fi`, into slot n when it has a
   * remembered "src > dst" (preceded by a space or the line start) and the usual shape; false
   * otherwise. Gives what the general reader gives: a remembered src has no space and a remembered
   * dst no " > ", so the general reader would cut the same addresses.
   */
  usualLine(start: number, end: number, fi: number): boolean {
    const text = this.text;
    for (let i = 0; i < 2; i++) {
      const r = this.pairLast ^ i;
      const re = this.pairRe[r];
      if (re === null) continue;
      const a = fi - this.pairLen[r];
      if (a < start || (a > start && text.charCodeAt(a - 1) !== 32)) continue;
      if (text.charCodeAt(a + this.probeAt[r]) !== this.probeCode[r]) continue;
      re.lastIndex = a;
      if (!re.test(text)) continue;
      const lenAt = re.lastIndex;
      if (lenAt >= end) continue;
      // flags (USUAL_REST checked the brackets; the letters are checked here)
      const fs = fi + 9;
      let fe = fs;
      let flags = 0;
      for (let ch = text.charCodeAt(fe); ch !== 93; ch = text.charCodeAt(++fe)) {
        const bit = ch < 128 ? FLAG_BIT[ch] : -1;
        if (bit < 0) return false; // "none" or unknown letters: the general reader decides
        flags |= bit;
      }
      // the numbers, at the places USUAL_REST proved
      let p = fe + 1;
      let seq = -1;
      let seqEnd = -1;
      let ack = -1;
      if (text.charCodeAt(p + 2) === 115) { // ", seq "
        seq = num(text, p + 6, end);
        p = POS;
        if (text.charCodeAt(p) === 58) {
          seqEnd = num(text, p + 1, end);
          p = POS;
        }
      }
      if (text.charCodeAt(p + 2) === 97) { // ", ack "
        ack = num(text, p + 6, end);
        p = POS;
      }
      const k = this.n;
      this.src[k] = this.pairIds[2 * r];
      this.dst[k] = this.pairIds[2 * r + 1];
      this.flags[k] = flags;
      const canon = flagsToString(flags);
      if (!(canon.length === fe - fs && at(text, fs, canon))) this.flagTextOdd.set(k, text.slice(fs, fe));
      this.seq[k] = seq;
      this.ack[k] = ack;
      this.winPos[k] = p + 6; // ", win "
      this.len[k] = num(text, lenAt, end);
      this.tfo[k] = 0;
      void seqEnd; // the length is printed, so the end of the range is not needed
      this.pairLast = r;
      return true;
    }
    return false;
  }

  /** Remember the "src > dst" text[a..fi) after the general reader cut it. */
  rememberPair(a: number, fi: number, src: number, dst: number): void {
    const pair = this.text.slice(a, fi);
    for (let r = 0; r < 2; r++) if (this.pairRe[r] !== null && this.pairIds[2 * r] === src && this.pairIds[2 * r + 1] === dst) return;
    let re = this.pairCache.get(pair);
    if (re === undefined) {
      // compile a pair's expression at its second sighting: a capture of many connections (one
      // line each) would otherwise compile one regular expression per line
      if (!this.pairOnce.has(pair)) {
        if (this.pairOnce.size > 4096) this.pairOnce.clear();
        this.pairOnce.add(pair);
        return;
      }
      re = new RegExp(pair.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") + USUAL_REST, "y");
      this.pairCache.set(pair, re);
    }
    const r = this.pairLast ^ 1;
    this.pairRe[r] = re;
    this.pairLen[r] = fi - a;
    this.pairIds[2 * r] = src;
    this.pairIds[2 * r + 1] = dst;
    this.pairTexts[r] = pair;
    // where the two remembered pairs first differ (for the cheap test in usualLine)
    const o = this.pairTexts[r ^ 1];
    let d = 0;
    while (d < pair.length && d < o.length && pair.charCodeAt(d) === o.charCodeAt(d)) d++;
    if (d >= pair.length) d = 0;
    for (const x of [r, r ^ 1]) {
      const t = this.pairTexts[x];
      this.probeAt[x] = d < t.length ? d : 0;
      this.probeCode[x] = t.charCodeAt(this.probeAt[x]);
    }
    this.pairLast = r;
  }
}

export interface ParseResult {
  lines: ParsedLine[];
  skipped: SkippedLine[];
}

/** Read every line; TCP segments are parsed, everything else is skipped with a reason. */
export function parseTcpdump(text: string): ParseResult {
  const c = readColumns(text);
  const lines: ParsedLine[] = new Array(c.n);
  const nul = (v: number) => (v < 0 ? null : v);
  for (let k = 0; k < c.n; k++) {
    lines[k] = {
      line: c.line[k], raw: c.raw(k), src: c.addrs[c.src[k]], dst: c.addrs[c.dst[k]], flags: c.flags[k], flagText: c.flagText(k),
      seq: nul(c.seq[k]), ack: nul(c.ack[k]), win: nul(c.win(k)), len: c.len[k], tfo: c.tfo[k] === 1,
    };
  }
  return { lines, skipped: c.skipped };
}

/** Position of the next "tfo" in the text being read (-1: none left; -2: not searched yet). */
let TFO_AT = -2;

/**
 * The single pass behind `parseTcpdump` and `annotate`: every TCP segment line into the next slot
 * of the columns, every other non-blank line into `skipped` with the reason. Lines and marks are
 * found with `indexOf`, the usual line's fixed text by one sticky regular expression, and only
 * the digits read with `charCodeAt`: a loop over every character costs more than the whole read.
 */
export function readColumns(text: string): TraceColumns {
  const n = text.length;
  // most tcpdump lines are 80-200 characters; the columns double when a capture is denser
  const c = new TraceColumns(text, (n >>> 7) + 16);
  let pos = 0;
  let lineNo = 0;
  let fi = text.indexOf(FLAGS_MARK, 0);
  TFO_AT = -2;
  // A packet is its first line (not indented) and the indented lines after it (tcpdump -v). When
  // the packet is an ICMP error, the TCP header it quotes is not a segment.
  let inIcmp = false;
  // tcpdump -A prints the packet's bytes from the line after it: every line starting within the
  // first 40 (IPv4) or 60 (IPv6) header bytes + the payload length belongs to the dump, whatever
  // it says (payload text can look exactly like a tcpdump line). -1: not in a dump.
  let dumpStart = -1;
  let dumpLen = 0;
  let afterPacket = false;
  let lastLen = 0;
  while (pos < n) {
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = n;
    lineNo++;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--; // CRLF
    const start = pos;
    pos = eol + 1;
    const c0 = text.charCodeAt(start);
    if (dumpStart >= 0) {
      if (start - dumpStart < dumpLen) {
        if (end > start) c.skipped.push({ line: lineNo, raw: text.slice(start, end), reason: R_DUMP });
        continue;
      }
      dumpStart = -1;
    }
    if (afterPacket && end > start && (c0 === 69 || c0 === 96)) {
      // "E" (IPv4, 0x45) or "`" (IPv6, 0x60) right after a packet line: tcpdump -A's dump
      afterPacket = false;
      dumpStart = start;
      dumpLen = (c0 === 96 ? 60 : 40) + lastLen;
      c.skipped.push({ line: lineNo, raw: text.slice(start, end), reason: R_DUMP });
      continue;
    }
    if (end === start) continue;
    if (c0 === 9 && text.charCodeAt(start + 1) === 48 && text.charCodeAt(start + 2) === 120) {
      // "\t0x0000:  4500 ..." tcpdump -X/-x hex dump
      c.skipped.push({ line: lineNo, raw: text.slice(start, end), reason: R_DUMP });
      continue;
    }
    const indented = c0 === 32 || c0 === 9;
    if (!indented) inIcmp = false;
    if (fi >= 0 && fi < start) fi = text.indexOf(FLAGS_MARK, start);
    if (inIcmp && indented) {
      const raw = text.slice(start, end);
      icmpEvent(c, raw, lineNo);
      c.skipped.push({ line: lineNo, raw, reason: R_QUOTED });
      continue;
    }
    if (fi < 0 || fi >= end) {
      const raw = text.slice(start, end);
      if (raw.includes("ICMP")) {
        inIcmp = true;
        icmpEvent(c, raw, lineNo);
      }
      afterPacket = /^\S*\s*(\d[\d:.]*\s+)?(\S+\s+(In|Out|P|M)\s+)?IP6? /.test(raw);
      lastLen = 0;
      if (raw.trim() !== "") c.skipped.push({ line: lineNo, raw, reason: skipReason(raw) });
      continue;
    }
    if (c.n === c.capacity) c.grow();
    // "tfo" anywhere on the line: the general reader looks whether it is in the options
    if (TFO_AT === -2 || (TFO_AT >= 0 && TFO_AT < start)) TFO_AT = text.indexOf("tfo", start);
    if (!((TFO_AT < 0 || TFO_AT >= end) && c.usualLine(start, end, fi))) {
      const reason = parseSegmentLine(c, start, end, fi);
      if (reason !== null) {
        c.skipped.push({ line: lineNo, raw: text.slice(start, end), reason });
        continue;
      }
    }
    const k = c.n++;
    c.line[k] = lineNo;
    c.start[k] = start;
    c.end[k] = end;
    afterPacket = true;
    lastLen = c.len[k];
  }
  return c;
}

const ICMP_PORT = /ICMP (\S+) tcp port (\d+) unreachable/;
/** Remember an ICMP "port unreachable" about a TCP port (its quoted destination as "host.port"). */
function icmpEvent(c: TraceColumns, raw: string, line: number): void {
  const m = ICMP_PORT.exec(raw);
  if (m) c.icmp.push({ line, addr: `${m[1]}.${m[2]}` });
}

/** Does text[p..] start with `lit`? (charCodeAt: cheaper than a native call for a few characters) */
function at(text: string, p: number, lit: string): boolean {
  for (let i = 0; i < lit.length; i++) if (text.charCodeAt(p + i) !== lit.charCodeAt(i)) return false;
  return true;
}

/** The general reader: fields of the segment line text[start..end) (": Flags [" at fi) into slot n. */
function parseSegmentLine(c: TraceColumns, start: number, end: number, fi: number): Bilingual | null {
  const text = c.text;
  const k = c.n;
  // addresses: "... src > dst: Flags [" where src is the last word before " > "
  const gt = text.lastIndexOf(" > ", fi);
  if (gt < start) return R_ADDR;
  const sp = text.lastIndexOf(" ", gt - 1);
  const srcStart = sp < start ? start : sp + 1;
  const src = c.addr(srcStart, gt);
  const dst = c.addr(gt + 3, fi);
  if (!c.addrOk(src) || !c.addrOk(dst)) return R_ADDR;
  // flags
  const fs = fi + FLAGS_MARK.length;
  const fe = text.indexOf("]", fs);
  if (fe < 0 || fe > end) return R_FLAGS;
  let flags = 0;
  for (let q = fs; q < fe; q++) {
    const ch = text.charCodeAt(q);
    const bit = ch < 128 ? FLAG_BIT[ch] : -1;
    if (bit < 0) {
      flags = -1;
      break;
    }
    flags |= bit;
  }
  if (flags < 0) flags = parseFlags(text.slice(fs, fe)); // "none", or unknown letters
  if (flags < 0) return R_FLAGS;
  const canon = flagsToString(flags);
  let seq = -1;
  let seqEnd = -1;
  let ack = -1;
  let winAt = -1;
  let len = -1;
  let tfo = 0;
  let p = fe + 1;
  while (p < end) {
    // expect ", key ..."
    if (text.charCodeAt(p) === 44) p++;
    while (p < end && text.charCodeAt(p) === 32) p++;
    const ch = text.charCodeAt(p);
    if (ch === 115 && at(text, p + 1, "eq ")) {
      seq = num(text, p + 4, end);
      if (seq < 0) return R_NUM;
      p = POS;
      if (text.charCodeAt(p) === 58) {
        seqEnd = num(text, p + 1, end);
        if (seqEnd < 0) return R_NUM;
        p = POS;
      }
    } else if (ch === 97 && at(text, p + 1, "ck ")) {
      ack = num(text, p + 4, end);
      if (ack < 0) return R_NUM;
      p = POS;
    } else if (ch === 119 && at(text, p + 1, "in ")) {
      winAt = p + 4;
      const win = num(text, winAt, end);
      p = win < 0 ? p + 4 : POS;
    } else if (ch === 108 && at(text, p + 1, "ength ")) {
      len = num(text, p + 7, end);
      if (len < 0) return R_NUM;
      break; // anything after the length is the payload decoder's business
    } else if (ch === 111 && at(text, p + 1, "ptions [")) {
      let depth = 0;
      let q = p + 8;
      for (; q < end; q++) {
        const b = text.charCodeAt(q);
        if (b === 91) depth++;
        else if (b === 93 && --depth === 0) break;
      }
      for (let t = p + 9; t + 2 < q; t++) {
        if (text.charCodeAt(t) === 116 && text.charCodeAt(t + 1) === 102 && text.charCodeAt(t + 2) === 111) {
          tfo = 1; // "tfo cookie …", "tfo cookiereq", "exp-tfo"
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
  if (len < 0) {
    // old tcpdump versions print "seq a:b(n)" without "length"; use the range when present
    len = seq >= 0 && seqEnd >= 0 ? (seqEnd - seq) >>> 0 : 0;
  }
  c.src[k] = src;
  c.dst[k] = dst;
  c.flags[k] = flags;
  if (!(canon.length === fe - fs && at(text, fs, canon))) c.flagTextOdd.set(k, text.slice(fs, fe));
  c.seq[k] = seq;
  c.ack[k] = ack;
  c.winPos[k] = winAt;
  c.len[k] = len;
  c.tfo[k] = tfo;
  c.rememberPair(srcStart, fi, src, dst);
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
