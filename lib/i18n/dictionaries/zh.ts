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
  notBuilt: {
    title: "尚未实现",
    body: "这个栏目已在计划中，但还没有做出来。这里没有真实数据，所以什么也不显示。",
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
