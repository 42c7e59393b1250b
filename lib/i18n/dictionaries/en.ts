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
  notBuilt: {
    title: "Not built yet",
    body: "This section is planned but does not exist yet. Nothing here is real data, so nothing is shown.",
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

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Dictionary = Widen<typeof en>;
