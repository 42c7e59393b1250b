"use client";

import { standaloneSvg, type SvgColors } from "@/lib/lab/export";

/** Saves a blob under a file name through a temporary link. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const NAMES = ["fg", "bg", "muted", "surface", "border", "accent", "accent-fg", "danger", "success", "warning"];

/**
 * The theme's colours as the page is using them now, resolved to rgb(): the variables hold
 * light-dark(…) pairs, which only an element with the page's color-scheme can resolve.
 */
export function pageColors(): SvgColors {
  const probe = document.createElement("span");
  document.body.appendChild(probe);
  const out: SvgColors = {};
  try {
    for (const n of NAMES) {
      probe.style.color = `var(--color-${n})`;
      const v = getComputedStyle(probe).color.trim();
      if (v) out[n] = v;
    }
  } finally {
    probe.remove();
  }
  return out;
}

/** The ladder `<svg>` inside `root` as a standalone SVG document. */
export function ladderSvg(root: HTMLElement, scale = 1): { svg: string; width: number; height: number } {
  const el = root.querySelector("svg");
  if (!el) throw new Error("no ladder to export");
  return standaloneSvg(new XMLSerializer().serializeToString(el), pageColors(), scale);
}

/** Draws the SVG on a canvas (2× for sharp text) and returns it as PNG. */
export async function svgToPng(svg: string, width: number, height: number, ratio = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const img = new Image();
    img.width = width;
    img.height = height;
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    ctx.scale(ratio, ratio);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the canvas gave no PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
