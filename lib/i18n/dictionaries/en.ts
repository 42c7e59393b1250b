import * as practice from "../features/practice";
import * as mock from "../features/mock";
import * as dashboard from "../features/dashboard";
import * as lab from "../features/lab";
import * as labTransfer from "../features/lab-transfer";
import * as labPredict from "../features/lab-predict";
import * as account from "../features/account";
import * as schedule from "../features/schedule";
import type { Widen } from "../widen";

/** English UI strings. The shape of this object is the Dictionary type; zh.ts must match it. */
export const en = {
  meta: {
    title: "TCP Drill",
    description: "Interview drill for TCP connection management, graded by an RFC 9293 state engine.",
  },
  a11y: {
    skipToContent: "Skip to content",
    mainNav: "Main sections",
    preferences: "Preferences",
  },
  nav: {
    today: "Today",
    practice: "Practice",
    mock: "Mock interview",
    dashboard: "Dashboard",
    questions: "Question bank",
    lab: "Lab",
  },
  language: {
    label: "Language",
    switchTo: "中文",
    switchToLabel: "Switch the interface to Chinese",
  },
  theme: {
    label: "Theme",
    system: "System",
    light: "Light",
    dark: "Dark",
    toggle: "Theme: {current}. Switch to {next}",
  },
  pages: {
    today: {
      title: "Today",
      intro: "Your daily TCP drill: reviews due, new questions, and your streak.",
    },
    practice: {
      title: "Practice",
      intro: "Spaced-repetition practice of every question type, graded by the TCP engine.",
    },
    mock: {
      title: "Mock interview",
      intro: "An interviewer that asks, follows up, and scores you against the clock.",
    },
    dashboard: {
      title: "Dashboard",
      intro: "Retention, streaks, mastery by topic and the forecast of your reviews.",
    },
    questions: {
      title: "Question bank",
      intro: "Every question, with its answer, explanation, follow-ups and RFC references.",
    },
    lab: {
      title: "Lab",
      intro: "Paste a tcpdump capture or play a scenario, and watch both state machines.",
    },
  },
  bank: {
    searchLabel: "Search",
    searchPlaceholder: "e.g. TIME_WAIT, 半连接队列, lost third ACK",
    topic: "Topic",
    type: "Type",
    difficulty: "Difficulty",
    frequency: "Asked in interviews",
    any: "Any",
    apply: "Apply",
    reset: "Clear filters",
    results: "{count} questions",
    noResults: "No question matches. Try fewer words or clear the filters.",
    engineChecked: "checked by the engine",
    types: {
      flashcard: "Flashcard",
      single: "Single choice",
      multiple: "Multiple choice",
      ordering: "Ordering",
      state: "State transition",
      sequence: "Sequence numbers",
      trace: "Trace",
      open: "Open answer",
      transfer: "Data transfer calculation",
    },
    levels: { "1": "Easy", "2": "Medium", "3": "Hard" },
    frequencies: { "1": "Sometimes", "2": "Often", "3": "Very often" },
    backToBank: "All questions",
    prompt: "Question",
    answer: "Answer",
    explanation: "Explanation",
    misconception: "Common misconception",
    keyPoints: "Key points an interviewer listens for",
    options: "Options",
    correct: "correct",
    whyWrong: "Why not",
    steps: "In order",
    followUps: "Follow-up questions",
    references: "References",
    ladder: "Ladder diagram",
    engineAnswer: "The engine's answer",
    stateStart: "In {state}, event {event}",
    stateNext: "Next state: {next}",
    stateSends: "Sends: {send}",
    sendsNothing: "nothing",
    stateRejected: "Not allowed: {message}",
    rfcRule: "Rule: {rule}",
    sequenceIntro: "One instance, drawn with client ISN {client} and server ISN {server}. Practice draws new numbers every time.",
    transferIntro: "One instance with fixed numbers, computed by lib/tcp/transfer. Practice draws new numbers every time.",
    blank: "Segment {segment}, {field}",
    traceStates: "After line {line}: client {client}, server {server}",
    traceImpossible: "Line {line} cannot happen",
    traceAllValid: "Every line can happen",
    client: "Client",
    server: "Server",
    lost: "lost",
    retransmission: "retransmission",
    ladderTitle: "Segments between client and server",
    line: "Line",
    problems: "Problems the engine found",
  },
  practice: practice.en,
  mock: mock.en,
  dashboard: dashboard.en,
  lab: lab.en,
  labTransfer: labTransfer.en,
  labPredict: labPredict.en,
  account: account.en,
  schedule: schedule.en,
  footer: {
    about: "TCP Drill is open source. Facts are checked against RFC 9293 and the RFCs it names.",
  },
  errors: {
    title: "Something went wrong",
    retry: "Try again",
    notFound: "This page does not exist.",
    backHome: "Back to Today",
  },
} as const;

export type Dictionary = Widen<typeof en>;
