import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LadderDiagram, type LadderDiagramProps } from "./ladder-diagram";

const labels: LadderDiagramProps["labels"] = {
  client: "客户端",
  server: "服务端",
  lost: "丢失",
  retransmission: "重传",
  title: "第一个 SYN 丢失后重传",
  description: "客户端的 SYN 丢失，RTO 到期后重传。",
};

const props: LadderDiagramProps = {
  initial: { client: "CLOSED", server: "LISTEN" },
  labels,
  segments: [
    { from: "client", flags: "S", seq: 0, ack: null, len: 0, client: "SYN_SENT", server: "LISTEN", lost: true, note: "SYN 在网络中丢失" },
    { from: "client", flags: "S", seq: 0, ack: null, len: 0, client: "SYN_SENT", server: "SYN_RECEIVED", retransmission: true },
    { from: "server", flags: "S.", seq: 0, ack: 1, len: 0, client: "ESTABLISHED", server: "SYN_RECEIVED" },
    { from: "client", flags: ".", seq: 1, ack: 1, len: 0, client: "ESTABLISHED", server: "ESTABLISHED" },
  ],
  timers: [{ side: "client", label: "RTO 1s", from: 0, to: 1 }],
  highlight: 1,
};

const render = (p: LadderDiagramProps) => renderToStaticMarkup(createElement(LadderDiagram, p));

describe("LadderDiagram", () => {
  it("renders on the server as an SVG image named by its title and description", () => {
    const html = render(props);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 380 \d+(\.\d+)?"/);
    expect(html).toMatch(/<svg[^>]*width="100%"/);
    expect(html).toContain("<title id=");
    expect(html).toContain("第一个 SYN 丢失后重传</title>");
    expect(html).toContain("客户端的 SYN 丢失，RTO 到期后重传。</desc>");
    const [, labelledBy] = html.match(/aria-labelledby="([^"]+)"/) ?? [];
    for (const id of labelledBy.split(" ")) expect(html).toContain(`id="${id}"`);
  });

  it("labels every arrow as tcpdump does and writes the states", () => {
    const html = render(props);
    expect(html).toContain(">[S.] seq 0 ack 1</text>");
    expect(html).toContain(">[.] seq 1 ack 1</text>");
    for (const state of ["CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"]) expect(html).toContain(`>${state}</text>`);
  });

  it("draws the lost segment dashed with a cross, the retransmission, the timer and the highlight", () => {
    const html = render(props);
    expect(html).toMatch(/data-row="0" data-lost="true"><line[^>]*stroke-dasharray="5 4"/);
    expect(html).toContain('data-cross=""');
    expect(html).toContain(">丢失</text>");
    expect(html).toContain(">↻ 重传</text>");
    expect(html).toContain(">RTO 1s</text>");
    expect(html).toContain('data-highlight="1"');
  });

  it("uses the theme's colour variables, not fixed colours", () => {
    const html = render(props);
    expect(html).toContain("var(--color-fg");
    expect(html).toContain("var(--color-danger");
    expect(html).toContain("var(--color-accent");
    expect(html).not.toMatch(/(fill|stroke)="#[0-9a-f]{3,6}"/i);
  });

  it("gives screen readers an ordered list of every step with both states", () => {
    const html = render(props);
    const [, list] = html.match(/<ol class="sr-only">(.*)<\/ol>/) ?? [];
    const items = [...list.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((m) => m[1]);
    expect(items).toHaveLength(5);
    expect(items[0]).toBe("客户端: CLOSED; 服务端: LISTEN");
    expect(items[1]).toBe("客户端 → 服务端: [S] seq 0 (丢失). 客户端: SYN_SENT; 服务端: LISTEN. 客户端: RTO 1s. SYN 在网络中丢失");
    expect(items[2]).toContain("(重传)");
    expect(list).toContain('<li aria-current="step">客户端 → 服务端: [S] seq 0 (重传)');
  });

  it("escapes text instead of injecting markup", () => {
    const html = render({ ...props, labels: { ...labels, title: "<script>alert(1)</script>" }, segments: [{ ...props.segments[0], note: "<b>x</b>" }] });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("gives two different diagrams different ids, and keeps a given id", () => {
    const a = render(props).match(/<title id="([^"]+)"/)?.[1];
    const b = render({ ...props, segments: props.segments.slice(0, 2) }).match(/<title id="([^"]+)"/)?.[1];
    expect(a).not.toBe(b);
    expect(render({ ...props, id: "lost-syn" })).toContain('<title id="lost-syn-title"');
  });
});
