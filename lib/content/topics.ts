/**
 * The topics of the question bank. Ids are stable: they are stored with learners'
 * history and used as file names in content/ (one file per topic). Never rename one;
 * add a new topic instead.
 *
 * `focus` says which mock-interview round a topic belongs to:
 * - handshake: opening a connection (and the header/tcpdump vocabulary it needs)
 * - teardown:  closing a connection, TIME_WAIT and CLOSE_WAIT
 * - states:    the state machine itself, simultaneous open, RST
 * - attacks:   SYN queue / accept queue, SYN flood and its defences
 * - reliability: TCP vs UDP, how TCP is reliable, retransmission, SACK, windows, flow control,
 *              Nagle and delayed ACK, message framing, MSS and MTU
 * - congestion: slow start, congestion avoidance, fast recovery, CUBIC and BBR
 * - sockets:   the socket API around a connection (accept, close, shutdown, SO_LINGER), keepalive,
 *              crashes and unplugged cables, connection limits, production incidents
 */
import type { Bilingual } from "@/lib/tcp";

export const FOCUSES = ["handshake", "teardown", "states", "attacks", "reliability", "congestion", "sockets"] as const;
export type Focus = (typeof FOCUSES)[number];

export interface Topic {
  id: string;
  name: Bilingual;
  focus: Focus;
}

export const TOPICS = [
  { id: "handshake", focus: "handshake", name: { zh: "三次握手", en: "Three-way handshake" } },
  { id: "why-three", focus: "handshake", name: { zh: "为什么是三次握手", en: "Why three segments, not two" } },
  { id: "isn", focus: "handshake", name: { zh: "初始序列号 ISN", en: "Initial sequence number (ISN)" } },
  { id: "handshake-data", focus: "handshake", name: { zh: "握手中携带数据与 TCP Fast Open", en: "Data in the handshake and TCP Fast Open" } },
  { id: "handshake-loss", focus: "handshake", name: { zh: "握手报文丢失与重传", en: "Lost handshake segments and retransmission" } },
  { id: "header", focus: "handshake", name: { zh: "TCP 首部与标志位", en: "TCP header fields and flags" } },
  { id: "tcpdump", focus: "handshake", name: { zh: "读懂 tcpdump 输出", en: "Reading tcpdump output" } },
  { id: "teardown", focus: "teardown", name: { zh: "四次挥手", en: "Four-way teardown" } },
  { id: "why-four", focus: "teardown", name: { zh: "为什么是四次挥手", en: "Why four segments (and when three)" } },
  { id: "time-wait", focus: "teardown", name: { zh: "TIME_WAIT 与 2MSL", en: "TIME_WAIT and 2MSL" } },
  { id: "close-wait", focus: "teardown", name: { zh: "CLOSE_WAIT", en: "CLOSE_WAIT" } },
  { id: "simultaneous-close", focus: "teardown", name: { zh: "同时关闭与 CLOSING", en: "Simultaneous close and CLOSING" } },
  { id: "states", focus: "states", name: { zh: "11 种 TCP 状态", en: "The 11 TCP states" } },
  { id: "simultaneous-open", focus: "states", name: { zh: "同时打开", en: "Simultaneous open" } },
  { id: "rst", focus: "states", name: { zh: "RST 复位报文", en: "RST: when a reset is sent" } },
  { id: "syn-queue", focus: "attacks", name: { zh: "半连接队列与全连接队列", en: "SYN queue and accept queue" } },
  { id: "syn-flood", focus: "attacks", name: { zh: "SYN 洪泛与 SYN Cookie", en: "SYN flood and SYN cookies" } },
  { id: "tcp-vs-udp", focus: "reliability", name: { zh: "TCP 与 UDP", en: "TCP vs UDP" } },
  { id: "reliability", focus: "reliability", name: { zh: "TCP 如何保证可靠传输", en: "How TCP delivers reliably" } },
  { id: "retransmission", focus: "reliability", name: { zh: "超时重传与 RTO", en: "Retransmission timeout (RTO)" } },
  { id: "fast-retransmit", focus: "reliability", name: { zh: "快速重传、SACK 与 D-SACK", en: "Fast retransmit, SACK and D-SACK" } },
  { id: "sliding-window", focus: "reliability", name: { zh: "滑动窗口与流量控制", en: "Sliding window and flow control" } },
  { id: "nagle", focus: "reliability", name: { zh: "Nagle 算法与延迟确认", en: "Nagle's algorithm and delayed ACK" } },
  { id: "framing", focus: "reliability", name: { zh: "粘包、消息边界与分帧", en: "Message boundaries and framing" } },
  { id: "mss-mtu", focus: "reliability", name: { zh: "MSS 与 MTU", en: "MSS and MTU" } },
  { id: "congestion", focus: "congestion", name: { zh: "拥塞控制：慢启动、拥塞避免、快速恢复", en: "Congestion control: slow start, avoidance, fast recovery" } },
  { id: "congestion-algorithms", focus: "congestion", name: { zh: "拥塞控制算法：Reno、CUBIC 与 BBR", en: "Congestion control algorithms: Reno, CUBIC and BBR" } },
  { id: "keepalive", focus: "sockets", name: { zh: "TCP keepalive 与 HTTP keep-alive", en: "TCP keepalive and HTTP keep-alive" } },
  { id: "failures", focus: "sockets", name: { zh: "进程崩溃、主机宕机与拔网线", en: "Process crash, host crash and unplugged cables" } },
  { id: "max-connections", focus: "sockets", name: { zh: "最大连接数：四元组、端口与文件描述符", en: "How many connections: four-tuples, ports and file descriptors" } },
  { id: "socket-api", focus: "sockets", name: { zh: "套接字调用：accept、close、shutdown 与 SO_LINGER", en: "Socket calls: accept, close, shutdown and SO_LINGER" } },
  { id: "incidents", focus: "sockets", name: { zh: "线上排障：CLOSE_WAIT、TIME_WAIT 与队列溢出", en: "Production incidents: CLOSE_WAIT, TIME_WAIT and queue overflows" } },
] as const satisfies readonly Topic[];

export type TopicId = (typeof TOPICS)[number]["id"];
export const TOPIC_IDS = TOPICS.map((t) => t.id) as [TopicId, ...TopicId[]];

export function topicById(id: string): Topic | undefined {
  return TOPICS.find((t) => t.id === id);
}
