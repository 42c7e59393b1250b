/**
 * Making the ladder stand alone outside the page, for the SVG and PNG downloads. On the page the
 * ladder's colours are the theme's CSS variables (`var(--color-fg, currentColor)`); a file has no
 * stylesheet, so they are replaced by the values the page was using, a background is painted, and
 * the size is fixed from the viewBox. Pure string work, so it is tested without a browser.
 */

export interface SvgColors {
  /** values of --color-* variables by name without the prefix, e.g. { fg: "#111827", bg: "#fff" } */
  [name: string]: string;
}

const VAR = /var\(--color-([a-z-]+)(?:\s*,\s*([^()]*))?\)/g;

export function resolveColors(markup: string, colors: SvgColors): string {
  const fg = colors.fg ?? "#000000";
  return markup
    .replace(VAR, (_m, name: string, fallback: string | undefined) => colors[name] ?? (fallback && fallback.trim() !== "currentColor" ? fallback.trim() : fg))
    .replace(/currentColor/g, fg);
}

/** A standalone SVG document from the ladder's `<svg>` markup as the page has it. */
export function standaloneSvg(markup: string, colors: SvgColors, scale = 1): { svg: string; width: number; height: number } {
  const open = /^<svg\b[^>]*>/.exec(markup);
  if (!open) throw new Error("not an <svg> element");
  const vb = /viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"/.exec(open[0]);
  const width = Math.round((vb ? Number(vb[1]) : 380) * scale);
  const height = Math.round((vb ? Number(vb[2]) : 400) * scale);
  let head = open[0]
    .replace(/\s(width|height|style|class)="[^"]*"/g, "")
    .replace(/\sxmlns="[^"]*"/, "");
  head = head.replace(/^<svg/, `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"`);
  const bg = colors.bg ?? "#ffffff";
  const font = `<style>text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC","PingFang SC",sans-serif}</style>`;
  const body = resolveColors(markup.slice(open[0].length), colors);
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${head}${font}<rect width="100%" height="100%" fill="${bg}"/>${body}`;
  return { svg, width, height };
}

/** A file name for a run's downloads: letters, digits, dots and dashes only. */
export function exportName(scenario: string, seed: number, faults: string, ext: "svg" | "png" | "txt"): string {
  const base = `tcp-lab-${scenario}-seed${seed}${faults ? `-${faults}` : ""}`.replace(/[^a-zA-Z0-9.-]+/g, "-");
  return `${base}.${ext}`;
}
