/** Offline practice (components/practice/offline.tsx), both languages. */
import type { Locale } from "../config";
import type { Widen } from "../widen";

const en = {
  offline: "Offline — you can keep practising. Ratings are saved on this device and sent when the connection returns.",
  savedOffline: "Saved offline, {n} to send",
  sending: "Sending {n} ratings…",
  allSent: "Back online: {n} ratings made offline were sent.",
  notGraded: "Not graded offline: compare your answer with the model answer below and rate yourself.",
  endOfOffline: "That is every card this device has for offline practice. Your ratings are sent when the connection returns, and the session goes on from there.",
  undoOffline: "Undo needs the connection (the rating is still on this device, not yet sent).",
  refusedTitle: "Ratings the server did not take ({n})",
  refusedStale: "“{prompt}” ({rating}) was not recorded: this card was rated on another device first, so this rating would have overwritten that review. The other device's review is kept; practise the card again to record how you did here.",
  refusedOther: "“{prompt}” ({rating}) was not recorded: {message}",
  practiseAgain: "Practise it again",
  dismiss: "Dismiss",
};

const zh: Widen<typeof en> = {
  offline: "已离线 — 你可以继续练习。评分保存在本设备上，联网后自动发送。",
  savedOffline: "已离线保存，还有 {n} 条待发送",
  sending: "正在发送 {n} 条评分……",
  allSent: "已恢复联网：离线时的 {n} 条评分已发送。",
  notGraded: "离线时无法判分：请把你的答案与下面的参考答案对照，自己评分。",
  endOfOffline: "本设备可离线练习的卡片已经练完。联网后评分会自动发送，练习从那里继续。",
  undoOffline: "撤销需要联网（这条评分还在本设备上，尚未发送）。",
  refusedTitle: "服务器未接受的评分（{n} 条）",
  refusedStale: "“{prompt}”（{rating}）未被记录：这张卡片已先在另一台设备上评过分，这条评分会覆盖那次复习。另一台设备上的复习已保留；再练一次这张卡片，记录你在这里的掌握情况。",
  refusedOther: "“{prompt}”（{rating}）未被记录：{message}",
  practiseAgain: "再练一次",
  dismiss: "知道了",
};

export type OfflineStrings = typeof en;

export function offlineStrings(locale: Locale): OfflineStrings {
  return locale === "zh" ? zh : en;
}

export const offlineDictionaries = { en, zh };
