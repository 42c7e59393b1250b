/** The lab explainer's share link and exports, both languages. */
import type { Locale } from "../config";

const en = {
  heading: "Share and export",
  copyLink: "Copy a link to this result",
  copied: "Link copied. It holds the trace itself: whoever opens it sees this result.",
  copiedLocal: "Link copied. This trace is too long for a link, so it is kept in this browser only: the link works here, not on another device.",
  copyFailed: "Could not copy; here is the link:",
  svg: "Ladder as SVG",
  png: "Ladder as PNG",
  csv: "Segments as CSV",
  loading: "Opening the shared trace…",
  badLink: "This link's trace could not be read (it is damaged, or was kept in another browser).",
};

const zh: typeof en = {
  heading: "分享与导出",
  copyLink: "复制此结果的链接",
  copied: "链接已复制。链接里包含抓包本身：打开它的人会看到同样的结果。",
  copiedLocal: "链接已复制。此抓包太长，放不进链接，只保存在本浏览器中：链接只在这里有效，换设备打不开。",
  copyFailed: "无法复制，链接如下：",
  svg: "梯形图导出为 SVG",
  png: "梯形图导出为 PNG",
  csv: "报文导出为 CSV",
  loading: "正在打开分享的抓包…",
  badLink: "无法读取此链接中的抓包（链接已损坏，或抓包保存在另一个浏览器中）。",
};

export type LabShareStrings = typeof en;

export function labShareStrings(locale: Locale): LabShareStrings {
  return locale === "zh" ? zh : en;
}
