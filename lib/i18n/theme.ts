/** Theme preference kept in a cookie; "system" follows prefers-color-scheme. */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "theme";

export function parseTheme(v: unknown): Theme {
  return typeof v === "string" && (THEMES as readonly string[]).includes(v) ? (v as Theme) : "system";
}

/** The next theme of the toggle: system → light → dark → system. */
export function nextTheme(t: Theme): Theme {
  return THEMES[(THEMES.indexOf(t) + 1) % THEMES.length];
}
