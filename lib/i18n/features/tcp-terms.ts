/**
 * Learner-facing names for the engine's identifiers (events, segment kinds, open origins), in
 * both languages. The engine and the bank keep their identifiers (`rcv_syn`, `SYN_ACK`); the UI
 * never shows them raw. An identifier without a label is shown as it is (never blank).
 */
import type { Locale } from "../config";

const EVENTS: Record<string, { en: string; zh: string }> = {
  passive_open: { en: "a passive OPEN (listen)", zh: "被动打开（listen）" },
  active_open: { en: "an active OPEN (connect)", zh: "主动打开（connect）" },
  close: { en: "the application calls CLOSE", zh: "应用调用 CLOSE（close）" },
  abort: { en: "the application calls ABORT", zh: "应用调用 ABORT（中止连接）" },
  send_data: { en: "the application sends data", zh: "应用发送数据" },
  rcv_syn: { en: "a SYN arrives", zh: "收到 SYN" },
  rcv_syn_ack: { en: "a SYN+ACK arrives", zh: "收到 SYN+ACK" },
  rcv_ack: { en: "an ACK arrives", zh: "收到 ACK" },
  rcv_fin: { en: "a FIN arrives", zh: "收到 FIN" },
  rcv_fin_ack: { en: "a FIN+ACK arrives", zh: "收到 FIN+ACK" },
  rcv_rst: { en: "an RST arrives", zh: "收到 RST" },
  rcv_data: { en: "data arrives", zh: "收到数据" },
  timeout_2msl: { en: "the 2MSL timer expires", zh: "2MSL 定时器到期" },
};

const SENDS: Record<string, { en: string; zh: string }> = {
  SYN: { en: "SYN", zh: "SYN" },
  SYN_ACK: { en: "SYN+ACK", zh: "SYN+ACK" },
  ACK: { en: "ACK", zh: "ACK" },
  FIN: { en: "FIN", zh: "FIN" },
  RST: { en: "RST", zh: "RST" },
  DATA: { en: "data", zh: "数据" },
};

const ORIGINS: Record<string, { en: string; zh: string }> = {
  passive: { en: "passive", zh: "被动" },
  active: { en: "active", zh: "主动" },
};

export function eventLabel(event: string, locale: Locale): string {
  return EVENTS[event]?.[locale] ?? event;
}

export function sendLabel(kind: string, locale: Locale): string {
  return SENDS[kind]?.[locale] ?? kind;
}

export function originLabel(origin: string, locale: Locale): string {
  return ORIGINS[origin]?.[locale] ?? origin;
}

/** What a side sends, as a phrase: "sends SYN+ACK, ACK" / "sends nothing" (zh "发送 …" / "不发送报文"). */
export function sendsPhrase(kinds: readonly string[], locale: Locale): string {
  if (kinds.length === 0) return locale === "zh" ? "不发送报文" : "sends nothing";
  const list = kinds.map((k) => sendLabel(k, locale)).join(locale === "zh" ? "、" : ", ");
  return locale === "zh" ? `发送 ${list}` : `sends ${list}`;
}
