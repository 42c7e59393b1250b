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
 */
import type { Bilingual } from "@/lib/tcp";

export const FOCUSES = ["handshake", "teardown", "states", "attacks"] as const;
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
] as const satisfies readonly Topic[];

export type TopicId = (typeof TOPICS)[number]["id"];
export const TOPIC_IDS = TOPICS.map((t) => t.id) as [TopicId, ...TopicId[]];

export function topicById(id: string): Topic | undefined {
  return TOPICS.find((t) => t.id === id);
}
