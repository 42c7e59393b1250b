/**
 * Segments on the wire (the parts of the TCP header the state machine reads, RFC 9293 §3.1) and
 * their tcpdump flag notation. Flag bits are the header's own: FIN 0x01 ... CWR 0x80.
 */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;
export const ECE = 0x40;
export const CWR = 0x80;

export interface Segment {
  seq: number;
  /** meaningful only when ACK is set */
  ack: number;
  flags: number;
  /** payload length in bytes */
  len: number;
  /** carries a TCP Fast Open cookie (RFC 7413) */
  tfo?: boolean;
}

/** SEG.LEN of RFC 9293 §3.4: data plus one for SYN and one for FIN. */
export function segLen(s: { flags: number; len: number }): number {
  return s.len + (s.flags & SYN ? 1 : 0) + (s.flags & FIN ? 1 : 0);
}

// tcpdump prints flags in this order (print-tcp.c tcp_flag_values), ACK as ".".
const ORDER: [number, string][] = [
  [FIN, "F"], [SYN, "S"], [RST, "R"], [PSH, "P"], [ACK, "."], [URG, "U"], [ECE, "E"], [CWR, "W"],
];
const FLAG_TEXT: string[] = [];
for (let f = 0; f < 256; f++) {
  let s = "";
  for (const [bit, ch] of ORDER) if (f & bit) s += ch;
  FLAG_TEXT.push(s === "" ? "none" : s);
}
/** Flags in tcpdump notation: SYN|ACK → "S.", FIN|PSH|ACK → "FP.", no flag → "none". */
export function flagsToString(flags: number): string {
  return FLAG_TEXT[flags & 0xff];
}
/** Parses tcpdump flag notation ("S.", "FP.", "SEW", "none"); returns -1 for an unknown letter. */
export function parseFlags(s: string): number {
  if (s === "none") return 0;
  let f = 0;
  for (let i = 0; i < s.length; i++) {
    switch (s.charCodeAt(i)) {
      case 70: f |= FIN; break; // F
      case 83: f |= SYN; break; // S
      case 82: f |= RST; break; // R
      case 80: f |= PSH; break; // P
      case 46: f |= ACK; break; // .
      case 85: f |= URG; break; // U
      case 69: f |= ECE; break; // E
      case 87: f |= CWR; break; // W
      case 101: break; // e: AccECN "AE" bit, no meaning for the state machine
      default: return -1;
    }
  }
  return f;
}
