import { describe, expect, it } from "vitest";
import { exportName, resolveColors, standaloneSvg } from "./export";

const MARKUP =
  '<svg role="img" viewBox="0 0 380 412.5" width="100%" style="color:var(--color-fg, currentColor)" class="block w-full"><title>x</title>' +
  '<line stroke="var(--color-muted, currentColor)"/><text fill="var(--color-danger, currentColor)" stroke="var(--color-bg, transparent)">&lt;script&gt;</text>' +
  '<polygon fill="currentColor"/></svg>';

describe("ladder export", () => {
  it("replaces the theme's colour variables by the page's values, and currentColor by the text colour", () => {
    const out = resolveColors(MARKUP, { fg: "#111111", muted: "#222222", danger: "#333333" });
    expect(out).not.toContain("var(");
    expect(out).toContain('stroke="#222222"');
    expect(out).toContain('fill="#333333"');
    expect(out).toContain('stroke="transparent"');
    expect(out).toContain('<polygon fill="#111111"/>');
  });

  it("makes a standalone document: namespace, fixed size from the viewBox, painted background, text kept escaped", () => {
    const { svg, width, height } = standaloneSvg(MARKUP, { fg: "#000", bg: "#fafafa" }, 2);
    expect([width, height]).toEqual([760, 825]);
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="760" height="825" role="img" viewBox="0 0 380 412.5">');
    expect(svg).toContain('<rect width="100%" height="100%" fill="#fafafa"/>');
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).not.toContain("class=");
  });

  it("names downloads after the run, with nothing but safe characters", () => {
    expect(exportName("lost-last-ack", 7, "3-drop.9-delay", "png")).toBe("tcp-lab-lost-last-ack-seed7-3-drop.9-delay.png");
    expect(exportName("a/b c", 1, "", "svg")).toBe("tcp-lab-a-b-c-seed1.svg");
  });
});
