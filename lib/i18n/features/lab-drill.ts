/** "Drill this capture" and the "My captures" page (issue 21 point 3), both languages. */
import type { Locale } from "../config";
import type { Widen } from "../widen";

export const en = {
  heading: "Drill this capture",
  intro:
    "Turn this capture into questions for your own practice: the state of each side after a line, the ack a line carries, the line that cannot happen, what each flagged event means there. The engine grades them; they are yours only and scheduled like the bank's questions.",
  name: "Name",
  defaultName: "My capture",
  button: "Drill this capture",
  busy: "Making questions…",
  made: "{n} questions added to your practice.",
  open: "My captures",
  failed: "The questions could not be made.",
  page: {
    title: "My captures",
    intro:
      "Captures you turned into questions in the lab. Their questions come up in your practice, scheduled like the bank's; nobody else sees them. Deleting a capture deletes its questions and their review history.",
    empty: "No captures yet: explain one in the lab and choose “Drill this capture”.",
    toLab: "Go to the lab",
    lines: "{n} lines",
    source: { text: "pasted text", pcap: "pcap file", pcapng: "pcapng file" },
    questions: "Questions",
    kind: {
      states: "State of each side after line {line}",
      ack: "The ack of line {line}",
      impossible: "The line that cannot happen",
      event: "The event flagged on line {line}",
    },
    fresh: "new",
    due: "next due {date}",
    remove: "Delete",
    removeLabel: "Delete the capture {name} and its questions",
    removed: "Deleted the capture and its {n} questions.",
  },
};

export const zh: Widen<typeof en> = {
  heading: "用这个抓包出题",
  intro:
    "把这个抓包变成你自己的练习题：某一行之后双方的状态、某一行携带的 ack、不可能出现的那一行、每个被标出的事件在这里的含义。由引擎判分；题目只属于你，像题库的题一样排期复习。",
  name: "名称",
  defaultName: "我的抓包",
  button: "用这个抓包出题",
  busy: "正在生成题目……",
  made: "已向你的练习加入 {n} 道题。",
  open: "我的抓包",
  failed: "无法生成题目。",
  page: {
    title: "我的抓包",
    intro: "你在实验室里生成过题目的抓包。它们的题目会出现在你的练习中，像题库的题一样排期；其他人看不到。删除抓包会同时删除它的题目和复习记录。",
    empty: "还没有抓包：在实验室解释一个抓包，然后选择“用这个抓包出题”。",
    toLab: "前往实验室",
    lines: "{n} 行",
    source: { text: "粘贴的文本", pcap: "pcap 文件", pcapng: "pcapng 文件" },
    questions: "题目",
    kind: {
      states: "第 {line} 行之后双方的状态",
      ack: "第 {line} 行的 ack",
      impossible: "不可能出现的那一行",
      event: "第 {line} 行标出的事件",
    },
    fresh: "新题",
    due: "下次复习 {date}",
    remove: "删除",
    removeLabel: "删除抓包 {name} 及其题目",
    removed: "已删除该抓包及其 {n} 道题。",
  },
};

export type LabDrillStrings = typeof en;

export function labDrillStrings(locale: Locale): LabDrillStrings {
  return locale === "zh" ? zh : en;
}
