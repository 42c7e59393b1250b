/** Why a mock-interview request was refused; the UI shows the matching string of the mock dictionary. */
export type MockErrorCode = "not_found" | "finished" | "stale" | "too_long" | "no_questions" | "invalid";

export class MockError extends Error {
  override name = "MockError";
  constructor(readonly code: MockErrorCode) {
    super(code);
  }
}
