/**
 * Named data-transfer scenarios for the simulator: each is a set of TransferOptions that shows one
 * mechanism, seeded and with its faults fixed, so that the same name always plays the same way.
 * Callers may override any option (a different seed, more loss) with simulateTransferScenario.
 */
import type { Bilingual } from "../types";
import { TransferInputError } from "./errors";
import { simulateTransfer, type TransferOptions, type TransferResult } from "./sim";

export interface TransferScenario {
  name: string;
  title: Bilingual;
  description: Bilingual;
  options: TransferOptions;
}

export const TRANSFER_SCENARIOS: readonly TransferScenario[] = [
  {
    name: "slow-start",
    title: { en: "Slow start", zh: "慢启动" },
    description: {
      en: "30 KB from an initial window of one segment, an ACK per segment: each ACK adds one MSS, so cwnd doubles every round trip (RFC 5681 §3.1).",
      zh: "从一个报文段的初始窗口发送 30 KB，每段一个 ACK：每个 ACK 让 cwnd 增加一个 MSS，所以 cwnd 每个往返翻倍（RFC 5681 §3.1）。",
    },
    options: { seed: 1, writes: 30_000, initialWindow: 1, delayedAckMs: false },
  },
  {
    name: "fast-retransmit",
    title: { en: "Fast retransmit and fast recovery", zh: "快速重传与快速恢复" },
    description: {
      en: "The 7th data segment is lost; the segments after it each draw a duplicate ACK, and the third duplicate ACK retransmits it long before the timer would (RFC 5681 §3.2, NewReno).",
      zh: "第 7 个数据段丢失；其后的每个段都引出一个重复 ACK，第三个重复 ACK 触发重传，远早于计时器（RFC 5681 §3.2，NewReno）。",
    },
    options: { seed: 1, writes: 20_000, delayedAckMs: false, faults: [{ from: "client", segment: 6, kind: "drop" }] },
  },
  {
    name: "rto-timeout",
    title: { en: "Retransmission timeout with back-off", zh: "重传超时与退避" },
    description: {
      en: "The last segment is lost, so no duplicate ACKs can come; the retransmission timer fires after 1 s, the retransmission is lost too, and the timer doubles to 2 s (RFC 6298 §5).",
      zh: "最后一个报文段丢失，不会有重复 ACK；重传计时器 1 秒后到期，重传的段也丢了，计时器翻倍为 2 秒（RFC 6298 §5）。",
    },
    options: { seed: 1, writes: 3_000, faults: [{ from: "client", segment: 2, kind: "drop" }, { from: "client", segment: 3, kind: "drop" }] },
  },
  {
    name: "zero-window-probe",
    title: { en: "Zero window and persist-timer probes", zh: "零窗口与坚持计时器探测" },
    description: {
      en: "The receiving application stops reading and its 4000-byte buffer fills: the window closes to zero. The sender's persist timer probes after one RTO and then at doubling intervals; the receiver's window update is lost, so a probe discovers the open window (RFC 9293 §3.8.6.1).",
      zh: "接收方应用停止读取，4000 字节缓冲区被填满，窗口降为零。发送方的坚持计时器在一个 RTO 后探测，之后间隔翻倍；接收方的窗口更新丢失，由探测发现窗口已打开（RFC 9293 §3.8.6.1）。",
    },
    options: { seed: 1, writes: 10_000, rcvBuf: 4_000, readPausedUntil: 2_500, faults: [{ from: "server", segment: 3, kind: "drop" }] },
  },
  {
    name: "nagle-delayed-ack-stall",
    title: { en: "Nagle meets delayed ACK", zh: "Nagle 与延迟确认相遇" },
    description: {
      en: "The client writes 200 bytes, then 300 more: Nagle holds the second small write until the first is acknowledged, and the receiver delays that ACK for 200 ms, so the request stalls for the delayed-ACK timeout (RFC 896, RFC 1122 §4.2.3.2).",
      zh: "客户端先写 200 字节，再写 300 字节：Nagle 扣住第二次小写入，直到第一段被确认；接收方把这个 ACK 延迟 200 毫秒，于是请求停顿整个延迟确认超时（RFC 896，RFC 1122 §4.2.3.2）。",
    },
    options: { seed: 1, writes: [{ at: 0, bytes: 200 }, { at: 1, bytes: 300 }] },
  },
  {
    name: "sack-recovery",
    title: { en: "SACK recovery of several losses", zh: "SACK 恢复多个丢失" },
    description: {
      en: "Three segments of one window are lost. SACK blocks tell the sender exactly which; it retransmits all three in the same round trip (RFC 2018, RFC 6675) where NewReno alone needs one round trip per hole.",
      zh: "同一窗口内丢了三个报文段。SACK 块准确告诉发送方丢了哪些；它在同一个往返内重传全部三个（RFC 2018，RFC 6675），而仅用 NewReno 需要每个空洞一个往返。",
    },
    options: {
      seed: 1, writes: 40_000, sack: true, delayedAckMs: false,
      faults: [{ from: "client", segment: 6, kind: "drop" }, { from: "client", segment: 8, kind: "drop" }, { from: "client", segment: 10, kind: "drop" }],
    },
  },
];

export function listTransferScenarios(): { name: string; title: Bilingual; description: Bilingual }[] {
  return TRANSFER_SCENARIOS.map(({ name, title, description }) => ({ name, title, description }));
}

/** Plays a named scenario; `overrides` replace its options one by one. */
export function simulateTransferScenario(name: string, overrides: Partial<TransferOptions> = {}): TransferResult & { scenario: string } {
  const s = TRANSFER_SCENARIOS.find((x) => x.name === name);
  if (!s) throw new TransferInputError(`unknown transfer scenario "${name}"; known: ${TRANSFER_SCENARIOS.map((x) => x.name).join(", ")}`);
  return { scenario: name, ...simulateTransfer({ ...s.options, ...overrides }) };
}
