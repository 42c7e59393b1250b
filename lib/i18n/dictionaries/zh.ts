import * as practice from "../features/practice";
import * as mock from "../features/mock";
import * as dashboard from "../features/dashboard";
import * as lab from "../features/lab";
import * as labTransfer from "../features/lab-transfer";
import * as labPredict from "../features/lab-predict";
import * as account from "../features/account";
import * as schedule from "../features/schedule";
import type { Dictionary } from "./en";

/** 中文界面文字。结构由 Dictionary 类型约束，与 en.ts 一一对应。 */
export const zh: Dictionary = {
  meta: {
    title: "TCP Drill",
    description: "TCP 连接管理面试训练，由 RFC 9293 状态机引擎判分。",
  },
  a11y: {
    skipToContent: "跳到正文",
    mainNav: "主要栏目",
    preferences: "偏好设置",
  },
  nav: {
    today: "今日",
    practice: "练习",
    mock: "模拟面试",
    dashboard: "学习看板",
    questions: "题库",
    lab: "实验室",
  },
  language: {
    label: "语言",
    switchTo: "English",
    switchToLabel: "将界面切换为英文",
  },
  theme: {
    label: "主题",
    system: "跟随系统",
    light: "浅色",
    dark: "深色",
    toggle: "主题：{current}。切换为{next}",
  },
  pages: {
    today: {
      title: "今日",
      intro: "每天的 TCP 训练：到期复习、新题和连续打卡天数。",
    },
    practice: {
      title: "练习",
      intro: "基于间隔重复的练习，覆盖所有题型，由 TCP 引擎判分。",
    },
    mock: {
      title: "模拟面试",
      intro: "面试官提问、追问，并在限时内给你打分。",
    },
    dashboard: {
      title: "学习看板",
      intro: "记忆保持率、连续天数、各主题掌握度和复习量预测。",
    },
    questions: {
      title: "题库",
      intro: "每道题都有答案、解析、追问和 RFC 出处。",
    },
    lab: {
      title: "实验室",
      intro: "粘贴一段 tcpdump 抓包或播放一个场景，观察两端的状态机。",
    },
  },
  bank: {
    searchLabel: "搜索",
    searchPlaceholder: "例如 TIME_WAIT、半连接队列、第三次握手丢失",
    topic: "主题",
    type: "题型",
    difficulty: "难度",
    frequency: "面试出现频率",
    any: "不限",
    apply: "筛选",
    reset: "清除筛选",
    results: "共 {count} 道题",
    noResults: "没有匹配的题目。试试减少关键词或清除筛选。",
    engineChecked: "由引擎判定",
    types: {
      flashcard: "闪卡",
      single: "单选题",
      multiple: "多选题",
      ordering: "排序题",
      state: "状态转换题",
      sequence: "序列号计算题",
      trace: "抓包分析题",
      open: "问答题",
      transfer: "数据传输计算题",
    },
    levels: { "1": "简单", "2": "中等", "3": "困难" },
    frequencies: { "1": "偶尔", "2": "常考", "3": "高频" },
    backToBank: "全部题目",
    prompt: "题目",
    answer: "答案",
    explanation: "解析",
    misconception: "常见误区",
    keyPoints: "面试官想听到的要点",
    options: "选项",
    correct: "正确",
    whyWrong: "为什么不对",
    steps: "正确顺序",
    followUps: "追问",
    references: "参考资料",
    ladder: "时序图",
    engineAnswer: "引擎给出的答案",
    stateStart: "处于 {state}，发生事件 {event}",
    stateNext: "下一个状态：{next}",
    stateSends: "发送：{send}",
    sendsNothing: "不发送",
    stateRejected: "不允许：{message}",
    rfcRule: "依据：{rule}",
    sequenceIntro: "这是一个示例：客户端 ISN 为 {client}，服务端 ISN 为 {server}。练习时每次都会重新抽取数字。",
    transferIntro: "这是一个示例，数字固定，由 lib/tcp/transfer 计算。练习时每次都会重新抽取数字。",
    blank: "第 {segment} 个报文的 {field}",
    traceStates: "第 {line} 行之后：客户端 {client}，服务端 {server}",
    traceImpossible: "第 {line} 行不可能出现",
    traceAllValid: "每一行都可能出现",
    client: "客户端",
    server: "服务端",
    lost: "丢失",
    retransmission: "重传",
    ladderTitle: "客户端与服务端之间的报文",
    line: "行",
    problems: "引擎发现的问题",
  },
  practice: practice.zh,
  mock: mock.zh,
  dashboard: dashboard.zh,
  lab: lab.zh,
  labTransfer: labTransfer.zh,
  labPredict: labPredict.zh,
  account: account.zh,
  schedule: schedule.zh,
  footer: {
    about: "TCP Drill 是开源项目。所有知识点都对照 RFC 9293 及其引用的 RFC 核实。",
  },
  errors: {
    title: "出错了",
    retry: "重试",
    notFound: "这个页面不存在。",
    backHome: "回到今日",
  },
};
