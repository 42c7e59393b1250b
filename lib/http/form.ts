/**
 * Server actions are public endpoints: anyone can post any arguments (React's encoding lets a
 * request pass strings, numbers, arrays or nothing where a FormData is expected). Every action
 * takes its form through this check and refuses anything that is not a FormData.
 */
export function formOf(value: unknown): FormData | null {
  return value instanceof FormData ? value : null;
}
