/** Focused study (a topic, a selection from the bank, a mock report's items; cram sessions), both languages. */
import type { Locale } from "../config";

const en = {
  selectLabel: "Select “{prompt}” for a focused session",
  selected: "{n} selected",
  practiseSelected: "Practise the selected",
  cramSelected: "Cram the selected",
  practiseTopic: "Practise this topic",
  cramTopic: "Cram this topic",
  practiseThese: "Practise these now",
  cramThese: "Cram these (no rescheduling)",
  cramNote: "Cram: a review the day before the interview. Ratings here do not change when cards are due.",
  cramBadge: "Cram session — the schedule is not changed",
  failed: "Could not start the session: {message}",
  clear: "Clear the selection",
  maxNote: "Up to {max} questions at a time.",
};

const zh: typeof en = {
  selectLabel: "选择“{prompt}”加入专项练习",
  selected: "已选 {n} 道",
  practiseSelected: "练习选中的题",
  cramSelected: "突击复习选中的题",
  practiseTopic: "练习这个主题",
  cramTopic: "突击复习这个主题",
  practiseThese: "现在练这些题",
  cramThese: "突击复习这些题（不改变复习计划）",
  cramNote: "突击复习：面试前一天的快速过一遍。这里的评分不会改变卡片的到期时间。",
  cramBadge: "突击复习 — 不改变复习计划",
  failed: "无法开始练习：{message}",
  clear: "清除选择",
  maxNote: "一次最多 {max} 道题。",
};

export type FocusStrings = typeof en;

export function focusStrings(locale: Locale): FocusStrings {
  return locale === "zh" ? zh : en;
}
