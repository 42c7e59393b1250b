/** Errors of the practice flow, each with an HTTP status and a message in both languages. */
export type PracticeErrorCode =
  | "stale_card"
  | "unknown_item"
  | "unknown_session"
  | "session_mismatch"
  | "nothing_to_undo"
  | "undo_superseded"
  | "idempotency_conflict";

const MESSAGES: Record<PracticeErrorCode, { status: number; en: string; zh: string }> = {
  stale_card: {
    status: 409,
    en: "This card was reviewed elsewhere (another tab or device). It has been reloaded.",
    zh: "这张卡片已在别处（另一个标签页或设备）复习过，已为你重新载入。",
  },
  unknown_item: { status: 404, en: "There is no such question.", zh: "没有这道题。" },
  unknown_session: { status: 404, en: "There is no such practice session.", zh: "没有这个练习会话。" },
  session_mismatch: {
    status: 409,
    en: "This question is not the current one of the session. The session has been reloaded.",
    zh: "这道题不是当前会话正在进行的题目，会话已重新载入。",
  },
  nothing_to_undo: { status: 409, en: "There is no rating to undo.", zh: "没有可以撤销的评分。" },
  undo_superseded: {
    status: 409,
    en: "The card was rated again after that rating, so it cannot be undone.",
    zh: "那次评分之后这张卡片又被评过分，无法撤销。",
  },
  idempotency_conflict: {
    status: 409,
    en: "This idempotency key was already used for a different rating; nothing was saved. Send a new key.",
    zh: "这个幂等键已用于另一次评分，本次未保存。请使用新的键。",
  },
};

export class PracticeError extends Error {
  override name = "PracticeError";
  readonly status: number;
  readonly messages: { en: string; zh: string };
  constructor(readonly code: PracticeErrorCode) {
    super(MESSAGES[code].en);
    this.status = MESSAGES[code].status;
    this.messages = { en: MESSAGES[code].en, zh: MESSAGES[code].zh };
  }
}
