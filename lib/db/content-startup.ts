/**
 * Start-up check of the question bank. Filled in by the question-bank work: the app refuses to
 * start on invalid content, with the same messages as `npm run content:check`, and synchronises
 * the items into the database by id and content hash.
 */
export class ContentStartupError extends Error {
  override name = "ContentStartupError";
}

export function checkContentForStartup(_databaseFile: string, _root: string): void {
  // The content loader lands with the question bank (issue 5).
}
