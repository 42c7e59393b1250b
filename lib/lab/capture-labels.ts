/**
 * What each real capture in lib/tcp/captures shows, in both languages, for the lab's sample list
 * (the file names are slugs, not names). Variants differ by how tcpdump printed them.
 */
import type { Bilingual } from "@/lib/tcp";

const BASE: Record<string, Bilingual> = {
  "abortive-close": { en: "Abortive close (SO_LINGER 0: RST instead of FIN)", zh: "强制关闭（SO_LINGER 0：用 RST 代替 FIN）" },
  "any-interface": { en: "Server closes first, captured with -i any", zh: "服务端先关闭，用 -i any 抓包" },
  "client-close": { en: "Client closes first (normal four-way close)", zh: "客户端先关闭（正常四次挥手）" },
  "client-rst-after-fin": { en: "Client resets from CLOSE_WAIT after the server's FIN", zh: "收到服务端 FIN 后客户端在 CLOSE_WAIT 发 RST" },
  "data-retransmit": { en: "A lost request retransmitted after the RTO", zh: "丢失的请求在 RTO 后重传" },
  "fast-open": { en: "TCP Fast Open: data in the SYN", zh: "TCP Fast Open：SYN 携带数据" },
  "fin-retransmit": { en: "A lost FIN retransmitted", zh: "丢失的 FIN 被重传" },
  "fin-with-data": { en: "FIN sent together with the last data", zh: "FIN 与最后的数据一起发送" },
  "half-close": { en: "Half-close: the server keeps sending in CLOSE_WAIT", zh: "半关闭：服务端在 CLOSE_WAIT 继续发送" },
  ipv6: { en: "Client closes first, over IPv6", zh: "客户端先关闭（IPv6）" },
  keepalive: { en: "Keep-alive probes on an idle connection", zh: "空闲连接上的保活探测" },
  "last-ack-lost": { en: "The last ACK is lost: the server resends its FIN", zh: "最后一个 ACK 丢失：服务端重发 FIN" },
  refused: { en: "Connection refused (RST to a SYN)", zh: "连接被拒绝（SYN 收到 RST）" },
  "rst-close-unread": { en: "Close with unread data: RST instead of FIN", zh: "有未读数据时关闭：发 RST 而非 FIN" },
  "rst-data-after-close": { en: "Data sent to a closed socket gets an RST", zh: "向已关闭的套接字发数据收到 RST" },
  "server-close": { en: "Server closes first", zh: "服务端先关闭" },
  "shut-rd": { en: "shutdown(SHUT_RD), then close with unread data", zh: "shutdown(SHUT_RD) 后带未读数据关闭" },
  "simultaneous-close": { en: "Simultaneous close: the FINs cross", zh: "同时关闭：双方 FIN 交叉" },
  "synack-retransmit": { en: "A lost SYN-ACK: SYN and SYN-ACK both resent", zh: "SYN-ACK 丢失：SYN 与 SYN-ACK 都被重传" },
  "time-wait-reuse": { en: "A new SYN reaches a port in TIME_WAIT", zh: "新的 SYN 到达处于 TIME_WAIT 的端口" },
  "abort-data-in-flight": { en: "An abort (RST) while data is still in flight", zh: "数据仍在途中时中止连接（RST）" },
  "challenge-ack": { en: "An in-window RST not at RCV.NXT draws a challenge ACK (RFC 5961)", zh: "窗口内但不等于 RCV.NXT 的 RST 得到挑战 ACK（RFC 5961）" },
  "payload-lookalike": { en: "Payload text that looks like a tcpdump line (-A, -X)", zh: "看起来像 tcpdump 行的载荷文本（-A、-X）" },
  "retransmit-close-wait": { en: "Data retransmitted into CLOSE_WAIT is acknowledged", zh: "重传到 CLOSE_WAIT 的数据被确认" },
  "simultaneous-open": { en: "Simultaneous open: both sides send a SYN", zh: "同时打开：双方都发 SYN" },
  "syn-icmp-unreachable": { en: "A SYN answered by ICMP port unreachable", zh: "SYN 收到 ICMP 端口不可达" },
  "syn-retransmit": { en: "A lost SYN retransmitted; the listener stays in LISTEN", zh: "丢失的 SYN 被重传，监听方仍在 LISTEN" },
};

const VARIANTS: Record<string, Bilingual> = {
  S: { en: "absolute numbers, -S", zh: "绝对序号，-S" },
  t: { en: "no timestamps, -t", zh: "无时间戳，-t" },
  "tt-S": { en: "epoch timestamps, -tt -S", zh: "Unix 时间戳，-tt -S" },
  A: { en: "payload as text, -A", zh: "以文本显示载荷，-A" },
  X: { en: "payload in hex and text, -X", zh: "以十六进制和文本显示载荷，-X" },
  v: { en: "verbose, -v", zh: "详细输出，-v" },
};

/** "client-close.S" → "Client closes first (…) · absolute numbers, -S"; an unknown slug is kept as it is. */
export function captureLabel(name: string): Bilingual {
  const dot = name.indexOf(".");
  const base = dot < 0 ? name : name.slice(0, dot);
  const variant = dot < 0 ? null : name.slice(dot + 1);
  const b = BASE[base];
  if (!b) return { en: name, zh: name };
  const v = variant ? VARIANTS[variant] : null;
  if (variant && !v) return { en: `${b.en} · ${variant}`, zh: `${b.zh} · ${variant}` };
  return v ? { en: `${b.en} · ${v.en}`, zh: `${b.zh} · ${v.zh}` } : b;
}
