/** The lab explainer's TCP analysis events (Wireshark's vocabulary, lib/tcp/events.ts), both languages. */
import type { Locale } from "../config";
import type { TcpEvent } from "../../tcp/events";

type EventText = Record<TcpEvent, { name: string; explain: string }>;

const enEvents: EventText = {
  retransmission: { name: "Retransmission", explain: "Data sent again below the highest sequence number seen: usually the retransmission timer (RTO) ran out." },
  fast_retransmission: { name: "Fast retransmission", explain: "Resent within 20 ms of the second or later duplicate ACK asking for it: fast retransmit, without waiting for the RTO (RFC 5681)." },
  spurious_retransmission: { name: "Spurious retransmission", explain: "Resends data the receiver had already acknowledged: the first copy arrived, this one was not needed." },
  dup_ack: { name: "Duplicate ACK", explain: "Repeats the sender's last ACK and window with no data: the receiver got something beyond a hole and asks again for the missing bytes." },
  out_of_order: { name: "Out of order", explain: "Below the highest sequence number, but within one round trip of it: reordered on the way rather than resent." },
  lost_segment: { name: "Previous segment not captured", explain: "Starts beyond the next expected sequence number: a segment before it was lost, or the capture missed it." },
  ack_lost_segment: { name: "ACKed unseen segment", explain: "Acknowledges data the capture never showed: the capture missed a segment that the receiver did get." },
  zero_window: { name: "Zero window", explain: "Advertises a window of 0: the receiver's buffer is full, the sender must stop and probe with its persist timer." },
  zero_window_probe: { name: "Zero-window probe", explain: "One byte at the next sequence number while the peer's window is 0: asks whether the window has opened." },
  zero_window_probe_ack: { name: "Zero-window probe ACK", explain: "Answers a zero-window probe by repeating the ACK, the window still 0." },
  window_full: { name: "Window full", explain: "This data reaches exactly the right edge of the peer's advertised window: nothing more may be sent until an ACK opens it." },
  window_update: { name: "Window update", explain: "A pure ACK that only changes the advertised window: the receiver's application read data and the window opened." },
  keep_alive: { name: "Keep-alive", explain: "An idle probe one byte below the next sequence number: checks that the peer is still there (SO_KEEPALIVE). Linux's zero-window probes look the same." },
  keep_alive_ack: { name: "Keep-alive ACK", explain: "Answers a keep-alive by repeating the ACK and window." },
};

const zhEvents: EventText = {
  retransmission: { name: "重传", explain: "数据的序号低于已见到的最高序号，再次发送：通常是重传定时器（RTO）超时。" },
  fast_retransmission: { name: "快速重传", explain: "在要求它的第二个及之后的重复 ACK 之后 20 毫秒内重发：快速重传，不等 RTO（RFC 5681）。" },
  spurious_retransmission: { name: "伪重传", explain: "重发的数据接收方早已确认：第一份已经到达，这次重传并不需要。" },
  dup_ack: { name: "重复 ACK", explain: "不带数据，重复发送方上一个 ACK 和窗口：接收方收到了空洞之后的数据，再次索要缺失的字节。" },
  out_of_order: { name: "乱序", explain: "序号低于最高序号，但与它相隔不到一个往返时间：是途中乱序，而不是重传。" },
  lost_segment: { name: "前一报文段未抓到", explain: "起始序号超过了下一个预期序号：它之前的报文段丢了，或抓包没有抓到。" },
  ack_lost_segment: { name: "确认了未见的报文段", explain: "确认了抓包里从未出现的数据：抓包漏掉了接收方确实收到的报文段。" },
  zero_window: { name: "零窗口", explain: "通告窗口为 0：接收缓冲区已满，发送方必须停下，用坚持定时器发探测。" },
  zero_window_probe: { name: "零窗口探测", explain: "对端窗口为 0 时，在下一个序号处发送 1 字节：询问窗口是否已经打开。" },
  zero_window_probe_ack: { name: "零窗口探测的 ACK", explain: "回应零窗口探测，重复 ACK，窗口仍为 0。" },
  window_full: { name: "窗口已满", explain: "这段数据正好到达对端通告窗口的右边界：在 ACK 打开窗口之前不能再发。" },
  window_update: { name: "窗口更新", explain: "只改变通告窗口的纯 ACK：接收方应用读走了数据，窗口重新打开。" },
  keep_alive: { name: "保活探测", explain: "空闲时的探测，序号比下一个序号小 1：检查对端是否还在（SO_KEEPALIVE）。Linux 的零窗口探测看起来与此相同。" },
  keep_alive_ack: { name: "保活 ACK", explain: "回应保活探测，重复 ACK 和窗口。" },
};

const en = {
  column: "TCP analysis",
  legend: "What the TCP analysis labels in this trace mean (Wireshark's terms)",
  events: enEvents,
};

const zh: typeof en = {
  column: "TCP 分析",
  legend: "本抓包中 TCP 分析标签的含义（Wireshark 的术语）",
  events: zhEvents,
};

export type LabEventStrings = typeof en;

export function labEventStrings(locale: Locale): LabEventStrings {
  return locale === "zh" ? zh : en;
}
