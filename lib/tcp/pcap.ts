/**
 * Reading binary captures: pcap (microsecond and nanosecond, either byte order) and pcapng, told
 * apart by their magic number, with Ethernet (and 802.1Q/802.1ad VLAN tags), Linux cooked SLL and
 * SLL2, raw IP and BSD loopback links, IPv4 and IPv6. Every TCP segment becomes one line in the text
 * form of `tcpdump -n -S` (absolute numbers), so a file is annotated exactly like the same capture
 * pasted as text. Packets that are not TCP are left out and counted.
 *
 * Pure and bounds-checked: any byte string gives either the text or a typed error (`CaptureError`
 * codes below), never an exception. Runs in the browser too (the lab reads a dropped file locally).
 * Formats: pcap — https://www.tcpdump.org/manpages/pcap-savefile.5.html; pcapng — RFC draft
 * draft-ietf-opsawg-pcapng (SHB 0x0A0D0D0A, IDB 1, EPB 6, SPB 3, obsolete PB 2).
 */
import type { Bilingual } from "./types";

export type CaptureErrorCode = "not_a_capture" | "truncated" | "bad_block" | "unsupported_link" | "no_tcp";
export type CaptureRead =
  | { ok: true; text: string; packets: number; segments: number; other: number; format: "pcap" | "pcapng" }
  | { ok: false; code: CaptureErrorCode; message: Bilingual };

const b = (en: string, zh: string): Bilingual => ({ zh, en });
const ERR: Record<CaptureErrorCode, Bilingual> = {
  not_a_capture: b("This file is neither pcap nor pcapng (its first bytes are no capture file's magic number).",
    "该文件既不是 pcap 也不是 pcapng（开头的字节不是抓包文件的魔数）。"),
  truncated: b("The capture file ends in the middle of a header or a packet record: it is cut short or damaged.",
    "抓包文件在某个头部或数据包记录中间就结束了：文件被截断或已损坏。"),
  bad_block: b("A block or record of the capture file has an impossible length: the file is damaged.",
    "抓包文件中某个块或记录的长度不可能成立：文件已损坏。"),
  unsupported_link: b("The capture's link type is not one this reader knows (Ethernet, Linux cooked SLL/SLL2, raw IP, BSD loopback).",
    "该抓包的链路类型不受支持（支持以太网、Linux cooked SLL/SLL2、原始 IP、BSD 环回）。"),
  no_tcp: b("The capture file holds no TCP segment.", "抓包文件中没有 TCP 报文段。"),
};
const fail = (code: CaptureErrorCode): CaptureRead => ({ ok: false, code, message: ERR[code] });

/** Does the byte string start like a pcap or pcapng file? */
export function isCaptureFile(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const m = (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(m >>> 0);
}

// link types (LINKTYPE_* values as stored in files)
const LT_NULL = 0;
const LT_ETHERNET = 1;
const LT_RAW = 101;
const LT_RAW_OLD = 12;
const LT_LOOP = 108;
const LT_SLL = 113;
const LT_IPV4 = 228;
const LT_IPV6 = 229;
const LT_SLL2 = 276;
const KNOWN = new Set([LT_NULL, LT_ETHERNET, LT_RAW, LT_RAW_OLD, LT_LOOP, LT_SLL, LT_IPV4, LT_IPV6, LT_SLL2]);

class Out {
  lines: string[] = [];
  packets = 0;
  other = 0;
}

/** Read a pcap or pcapng file into tcpdump -n -S text. */
export function readCaptureFile(bytes: Uint8Array): CaptureRead {
  try {
    if (bytes.length < 4 || !isCaptureFile(bytes)) return fail("not_a_capture");
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Out();
    const isNg = dv.getUint32(0) === 0x0a0d0d0a;
    const r = isNg ? readPcapng(bytes, dv, out) : readPcap(bytes, dv, out);
    if (r !== null) return fail(r);
    if (out.lines.length === 0) return fail("no_tcp");
    return { ok: true, text: out.lines.join("\n") + "\n", packets: out.packets, segments: out.lines.length, other: out.other, format: isNg ? "pcapng" : "pcap" };
  } catch {
    // every read above is bounds-checked; this only keeps the promise "a typed error, never an exception"
    return fail("bad_block");
  }
}

function readPcap(bytes: Uint8Array, dv: DataView, out: Out): CaptureErrorCode | null {
  if (bytes.length < 24) return "truncated";
  const magic = dv.getUint32(0);
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const link = dv.getUint32(20, le) & 0x0fffffff; // the upper bits may carry the FCS length
  if (!KNOWN.has(link)) return "unsupported_link";
  let p = 24;
  while (p < bytes.length) {
    if (p + 16 > bytes.length) return "truncated";
    const sec = dv.getUint32(p, le);
    const frac = dv.getUint32(p + 4, le);
    const incl = dv.getUint32(p + 8, le);
    if (incl > 0x4000000) return "bad_block";
    if (p + 16 + incl > bytes.length) return "truncated";
    packet(bytes, dv, p + 16, incl, link, sec, nano ? Math.floor(frac / 1000) : frac, out);
    p += 16 + incl;
  }
  return null;
}

interface Iface {
  link: number;
  /** timestamp units per second */
  units: number;
}

function readPcapng(bytes: Uint8Array, dv: DataView, out: Out): CaptureErrorCode | null {
  let p = 0;
  let le = true;
  let ifaces: Iface[] = [];
  while (p < bytes.length) {
    if (p + 12 > bytes.length) return "truncated";
    const type = dv.getUint32(p, le);
    if (dv.getUint32(p) === 0x0a0d0d0a) {
      // Section Header Block: its byte-order magic decides how everything after it is read
      if (p + 28 > bytes.length) return "truncated";
      const bom = dv.getUint32(p + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else return "bad_block";
      ifaces = [];
    }
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || len % 4 !== 0) return "bad_block";
    if (p + len > bytes.length) return "truncated";
    if (dv.getUint32(p + len - 4, le) !== len) return "bad_block";
    const body = p + 8;
    const end = p + len - 4;
    if (type === 1) {
      if (body + 8 > end) return "bad_block";
      ifaces.push({ link: dv.getUint16(body, le), units: tsUnits(bytes, dv, body + 8, end, le) });
    } else if (type === 6 || type === 2) {
      if (body + 20 > end) return "bad_block";
      const id = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const iface = ifaces[id];
      if (!iface) return "bad_block";
      const hi = dv.getUint32(body + 4, le);
      const lo = dv.getUint32(body + 8, le);
      const cap = dv.getUint32(body + 12, le);
      if (body + 20 + cap > end) return "bad_block";
      if (!KNOWN.has(iface.link)) return "unsupported_link";
      const t = hi * 4294967296 + lo;
      const sec = Math.floor(t / iface.units);
      const us = Math.floor(((t - sec * iface.units) * 1e6) / iface.units);
      packet(bytes, dv, body + 20, cap, iface.link, sec, us, out);
    } else if (type === 3) {
      const iface = ifaces[0];
      if (!iface || body + 4 > end) return "bad_block";
      if (!KNOWN.has(iface.link)) return "unsupported_link";
      const orig = dv.getUint32(body, le);
      packet(bytes, dv, body + 4, Math.min(orig, end - body - 4), iface.link, 0, 0, out);
    }
    p += len;
  }
  return null;
}

/** if_tsresol (option 9) of an Interface Description Block: units per second (default 10^6). */
function tsUnits(bytes: Uint8Array, dv: DataView, p: number, end: number, le: boolean): number {
  while (p + 4 <= end) {
    const code = dv.getUint16(p, le);
    const len = dv.getUint16(p + 2, le);
    if (code === 0) break;
    if (code === 9 && len >= 1 && p + 4 < end) {
      const v = bytes[p + 4];
      const units = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** (v & 0x7f);
      return units > 0 && Number.isFinite(units) && units <= 1e15 ? units : 1e6;
    }
    p += 4 + ((len + 3) & ~3);
  }
  return 1e6;
}

/** One captured frame at bytes[p .. p+n): find its IP packet through the link layer. */
function packet(bytes: Uint8Array, dv: DataView, p: number, n: number, link: number, sec: number, us: number, out: Out): void {
  out.packets++;
  const end = p + n;
  let proto = -1; // 4 or 6
  let at = p;
  if (link === LT_ETHERNET) {
    if (at + 14 > end) return void out.other++;
    let type = dv.getUint16(at + 12);
    at += 14;
    while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && at + 4 <= end) {
      type = dv.getUint16(at + 2);
      at += 4;
    }
    proto = type === 0x0800 ? 4 : type === 0x86dd ? 6 : -1;
  } else if (link === LT_SLL) {
    if (at + 16 > end) return void out.other++;
    const type = dv.getUint16(at + 14);
    at += 16;
    proto = type === 0x0800 ? 4 : type === 0x86dd ? 6 : -1;
  } else if (link === LT_SLL2) {
    if (at + 20 > end) return void out.other++;
    const type = dv.getUint16(at);
    at += 20;
    proto = type === 0x0800 ? 4 : type === 0x86dd ? 6 : -1;
  } else if (link === LT_NULL || link === LT_LOOP) {
    if (at + 4 > end) return void out.other++;
    at += 4;
    proto = at < end ? bytes[at] >> 4 : -1;
  } else {
    proto = at < end ? bytes[at] >> 4 : -1;
    if (link === LT_IPV4 && proto !== 4) proto = -1;
    if (link === LT_IPV6 && proto !== 6) proto = -1;
  }
  if (proto === 4) ipv4(bytes, dv, at, end, sec, us, out);
  else if (proto === 6) ipv6(bytes, dv, at, end, sec, us, out);
  else out.other++;
}

function ipv4(bytes: Uint8Array, dv: DataView, p: number, end: number, sec: number, us: number, out: Out): void {
  if (p + 20 > end) return void out.other++;
  const ihl = (bytes[p] & 15) * 4;
  const total = dv.getUint16(p + 2);
  const frag = dv.getUint16(p + 6) & 0x1fff;
  if (ihl < 20 || bytes[p + 9] !== 6 || frag !== 0 || total < ihl) return void out.other++;
  const src = `${bytes[p + 12]}.${bytes[p + 13]}.${bytes[p + 14]}.${bytes[p + 15]}`;
  const dst = `${bytes[p + 16]}.${bytes[p + 17]}.${bytes[p + 18]}.${bytes[p + 19]}`;
  tcp(bytes, dv, p + ihl, end, total - ihl, "IP", src, dst, sec, us, out);
}

function ipv6(bytes: Uint8Array, dv: DataView, p: number, end: number, sec: number, us: number, out: Out): void {
  if (p + 40 > end) return void out.other++;
  let next = bytes[p + 6];
  let left = dv.getUint16(p + 4);
  const src = v6(dv, p + 8);
  const dst = v6(dv, p + 24);
  let at = p + 40;
  // hop-by-hop, routing and destination options headers before TCP
  for (let k = 0; k < 8 && (next === 0 || next === 43 || next === 60); k++) {
    if (at + 8 > end) return void out.other++;
    const hl = (bytes[at + 1] + 1) * 8;
    next = bytes[at];
    at += hl;
    left -= hl;
  }
  if (next !== 6 || left < 0) return void out.other++;
  tcp(bytes, dv, at, end, left, "IP6", src, dst, sec, us, out);
}

/** An IPv6 address as tcpdump prints it (RFC 5952: lowercase, longest run of zero groups as ::). */
function v6(dv: DataView, p: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(dv.getUint16(p + 2 * i));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

const FLAG_ORDER: [number, string][] = [[0x01, "F"], [0x02, "S"], [0x04, "R"], [0x08, "P"], [0x10, "."], [0x20, "U"], [0x40, "E"], [0x80, "W"]];

function tcp(bytes: Uint8Array, dv: DataView, p: number, end: number, ipPayload: number, ip: string, src: string, dst: string, sec: number, us: number, out: Out): void {
  if (p + 20 > end) return void out.other++;
  const sport = dv.getUint16(p);
  const dport = dv.getUint16(p + 2);
  const seq = dv.getUint32(p + 4);
  const ack = dv.getUint32(p + 8);
  const off = (bytes[p + 12] >> 4) * 4;
  const fl = bytes[p + 13];
  const ae = bytes[p + 12] & 1;
  const win = dv.getUint16(p + 14);
  if (off < 20 || ipPayload < off) return void out.other++;
  const len = ipPayload - off;
  let flags = "";
  for (const [bit, ch] of FLAG_ORDER) if (fl & bit) flags += ch;
  if (ae) flags += "e";
  if (flags === "") flags = "none";
  let line = `${stamp(sec, us)} ${ip} ${src}.${sport} > ${dst}.${dport}: Flags [${flags}]`;
  if (len > 0 || fl & 0x07) line += len > 0 ? `, seq ${seq}:${(seq + len) >>> 0}` : `, seq ${seq}`;
  if (fl & 0x10) line += `, ack ${ack}`;
  line += `, win ${win}`;
  const opts = options(bytes, dv, p + 20, Math.min(p + off, end));
  if (opts) line += `, options [${opts}]`;
  line += `, length ${len}`;
  out.lines.push(line);
}

/** The TCP options tcpdump prints (the ones the annotator reads: Fast Open; the rest for the eye). */
function options(bytes: Uint8Array, dv: DataView, p: number, end: number): string {
  const parts: string[] = [];
  while (p < end) {
    const kind = bytes[p];
    if (kind === 0) {
      parts.push("eol");
      break;
    }
    if (kind === 1) {
      parts.push("nop");
      p++;
      continue;
    }
    if (p + 2 > end) break;
    const len = bytes[p + 1];
    if (len < 2 || p + len > end) break;
    if (kind === 2 && len === 4) parts.push(`mss ${dv.getUint16(p + 2)}`);
    else if (kind === 3 && len === 3) parts.push(`wscale ${bytes[p + 2]}`);
    else if (kind === 4) parts.push("sackOK");
    else if (kind === 8 && len === 10) parts.push(`TS val ${dv.getUint32(p + 2)} ecr ${dv.getUint32(p + 6)}`);
    else if (kind === 5) {
      const blocks: string[] = [];
      for (let q = p + 2; q + 8 <= p + len; q += 8) blocks.push(`{${dv.getUint32(q)}:${dv.getUint32(q + 4)}}`);
      parts.push(`sack ${blocks.length} ${blocks.join("")}`);
    } else if (kind === 34) parts.push(len === 2 ? "tfo cookiereq" : `tfo cookie ${hexBytes(bytes, p + 2, p + len)}`);
    else if (kind === 254 && len >= 4 && dv.getUint16(p + 2) === 0xf989) parts.push(len === 4 ? "exp-tfo cookiereq" : `exp-tfo cookie ${hexBytes(bytes, p + 4, p + len)}`);
    else parts.push(`unknown-${kind}`);
    p += len;
  }
  return parts.join(",");
}

function hexBytes(bytes: Uint8Array, a: number, z: number): string {
  let s = "";
  for (let i = a; i < z; i++) s += bytes[i].toString(16).padStart(2, "0");
  return s;
}

function stamp(sec: number, us: number): string {
  const d = sec % 86400;
  const p2 = (x: number) => String(x).padStart(2, "0");
  return `${p2(Math.floor(d / 3600))}:${p2(Math.floor(d / 60) % 60)}:${p2(d % 60)}.${String(us % 1e6).padStart(6, "0")}`;
}
