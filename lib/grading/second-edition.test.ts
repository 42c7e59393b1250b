/**
 * The wrong beliefs of the second edition's topics (reliability, congestion, sockets) that no labelled
 * answer happens to state in so many words: each is detected when asserted, in both languages, and not
 * when it is only reported and refuted ("有人说……，这是错的", "some say …, but that's a myth").
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/loader";
import type { Item } from "@/lib/content/schema";
import { gradeItem } from "./grade";

const items = new Map<string, Item>(loadContent(path.join(import.meta.dirname, "../../content")).items.map((i) => [i.id, i]));
const item = (id: string) => {
  const it = items.get(id);
  if (!it) throw new Error(`no item ${id}`);
  return it;
};
const wrong = (id: string, text: string, lang: "zh" | "en") => gradeItem(item(id), text, lang).misconceptions.map((m) => m.id);

const CASES: [item: string, misconception: string, zh: string, en: string][] = [
  ["keepalive-vs-http", "tcp-keepalive-is-http-keepalive", "TCP keepalive 就是 HTTP 的 keep-alive，都是为了复用连接。", "TCP keepalive is the same as HTTP keep-alive."],
  ["tcp-vs-udp-when", "udp-never-fits", "UDP 不可靠，所以需要可靠性的场景永远不能用 UDP。", "UDP is unreliable, so it can never be used when you need reliability."],
  ["fast-retransmit-why-three", "fast-retransmit-waits-rto", "快速重传也要等到 RTO 超时才重传。", "Fast retransmit still waits for the RTO to expire."],
  ["nagle-nodelay-flashcard", "nagle-waits-fixed-time", "Nagle 算法会等 200 毫秒再发送小数据。", "Nagle waits 200 ms before sending small data."],
  ["reliability-lost-data-vs-ack", "receiver-delivers-twice", "重复的数据会再交给应用一次。", "The duplicate data is delivered to the application twice."],
  ["sack-dsack-explain", "sack-replaces-ack", "SACK 取代了累积确认。", "SACK replaces the cumulative ACK."],
  ["flow-control-explain", "zero-window-closes", "窗口为 0 时连接会被关闭。", "A zero window closes the connection."],
  ["mss-mtu-explain", "mss-includes-headers", "MSS 包括 TCP 和 IP 首部。", "The MSS includes the TCP and IP headers."],
  ["congestion-algorithms-loss-vs-model", "bbr-ignores-congestion", "BBR 不做拥塞控制，只管猛发。", "BBR does no congestion control at all."],
];

describe("second-edition wrong beliefs", () => {
  for (const [id, mis, zh, en] of CASES) {
    it(`${mis}: asserted is caught, refuted is not`, () => {
      expect(wrong(id, zh, "zh")).toContain(mis);
      expect(wrong(id, en, "en")).toContain(mis);
      expect(wrong(id, `有人说${zh.replace(/。$/, "")}，这是错的。`, "zh")).not.toContain(mis);
      expect(wrong(id, `Some say ${en.replace(/\.$/, "")}, but that's a myth.`, "en")).not.toContain(mis);
    });
  }

  it("the correct statements do not trip them", () => {
    expect(wrong("keepalive-vs-http", "TCP keepalive 和 HTTP keep-alive 不是一回事：一个是内核的保活探测，一个是在同一个连接上发多个请求。", "zh")).toEqual([]);
    expect(wrong("mss-mtu-explain", "The MTU includes the IP and TCP headers; the MSS does not, so it is 1460 on Ethernet.", "en")).toEqual([]);
    expect(wrong("fast-retransmit-why-three", "Fast retransmit resends on the third duplicate ACK instead of waiting for the RTO.", "en")).toEqual([]);
    expect(wrong("nagle-nodelay-flashcard", "Nagle 没有计时器，它等的是 ACK；200 毫秒来自对方的延迟确认。", "zh")).toEqual([]);
  });
});
