import { describe, expect, it } from "vitest";
import { LADDER, layoutLadder, segmentLabel, textWidth, timersFromSteps, wrapText, type LadderSegment } from "./layout";

const labels = { client: "Client", server: "Server", lost: "lost", retransmission: "retransmission" };

/** RFC 9293 figure 6, relative numbering: the three-way handshake. */
const HANDSHAKE: LadderSegment[] = [
  { from: "client", flags: "S", seq: 0, ack: null, len: 0, client: "SYN_SENT", server: "SYN_RECEIVED" },
  { from: "server", flags: "S.", seq: 0, ack: 1, len: 0, client: "ESTABLISHED", server: "SYN_RECEIVED" },
  { from: "client", flags: ".", seq: 1, ack: 1, len: 0, client: "ESTABLISHED", server: "ESTABLISHED" },
];

/** The first SYN is lost and retransmitted after the RTO. */
const LOST_SYN: LadderSegment[] = [
  { from: "client", flags: "S", seq: 0, ack: null, len: 0, client: "SYN_SENT", server: "LISTEN", lost: true },
  { from: "client", flags: "S", seq: 0, ack: null, len: 0, client: "SYN_SENT", server: "SYN_RECEIVED", retransmission: true },
  { from: "server", flags: "S.", seq: 0, ack: 1, len: 0, client: "ESTABLISHED", server: "SYN_RECEIVED" },
];

describe("segmentLabel", () => {
  it("prints flags, seq and ack as tcpdump does, leaving out ack when the ACK flag is off", () => {
    expect(segmentLabel(HANDSHAKE[0])).toBe("[S] seq 0");
    expect(segmentLabel(HANDSHAKE[1])).toBe("[S.] seq 0 ack 1");
  });

  it("adds the length only when the segment carries data", () => {
    expect(segmentLabel({ flags: "P.", seq: 1, ack: 1, len: 100 })).toBe("[P.] seq 1 ack 1 len 100");
  });
});

describe("layoutLadder", () => {
  it("puts the client lane left and the server lane right inside a narrow viewBox", () => {
    const l = layoutLadder({ segments: HANDSHAKE, initial: { client: "CLOSED", server: "LISTEN" }, labels });
    expect(l.width).toBe(380);
    expect(l.lanes.map((x) => [x.side, x.x])).toEqual([
      ["client", LADDER.laneX.client],
      ["server", LADDER.laneX.server],
    ]);
    expect(l.lanes.map((x) => x.heading.text)).toEqual(["Client", "Server"]);
    expect(l.lanes.every((lane) => lane.bottom <= l.height)).toBe(true);
  });

  it("draws each arrow down diagonally from the sender's lane to the receiver's", () => {
    const l = layoutLadder({ segments: HANDSHAKE, labels });
    const [syn, synAck] = l.rows;
    expect([syn.x1, syn.x2]).toEqual([LADDER.laneX.client, LADDER.laneX.server]);
    expect([synAck.x1, synAck.x2]).toEqual([LADDER.laneX.server, LADDER.laneX.client]);
    for (const r of l.rows) expect(r.y2 - r.y1).toBe(LADDER.arrowDy);
    // Rows follow each other downwards without overlapping.
    for (let i = 1; i < l.rows.length; i++) expect(l.rows[i].top).toBeGreaterThanOrEqual(l.rows[i - 1].bottom);
    expect(l.height).toBeGreaterThan(l.rows[2].bottom);
  });

  it("points each arrowhead's tip at the receiver's lane", () => {
    const l = layoutLadder({ segments: HANDSHAKE, labels });
    for (const r of l.rows) {
      expect(r.head?.[0]).toEqual([r.x2, r.y2]);
      expect(r.head).toHaveLength(3);
      expect(r.cross).toBeNull();
    }
  });

  it("stops a lost segment midway with a cross and no arrowhead", () => {
    const l = layoutLadder({ segments: LOST_SYN, labels });
    const lost = l.rows[0];
    expect(lost.lost).toBe(true);
    expect(lost.x2).toBe((LADDER.laneX.client + LADDER.laneX.server) / 2);
    expect(lost.y2).toBe(lost.y1 + LADDER.arrowDy / 2);
    expect(lost.head).toBeNull();
    expect(lost.cross).toMatchObject({ cx: lost.x2, cy: lost.y2 });
    expect(lost.cross?.lines).toHaveLength(2);
    expect(lost.labels.map((t) => [t.text, t.tone])).toContainEqual(["lost", "danger"]);
  });

  it("tags a retransmission above its label", () => {
    const l = layoutLadder({ segments: LOST_SYN, labels });
    expect(l.rows[1].retransmission).toBe(true);
    expect(l.rows[1].labels.map((t) => t.text)).toEqual(["↻ retransmission", "[S] seq 0"]);
    expect(l.rows[1].labels[0].y).toBeLessThan(l.rows[1].labels[1].y);
  });

  it("writes the initial states and then a side's state only when it changed", () => {
    const l = layoutLadder({ segments: HANDSHAKE, initial: { client: "CLOSED", server: "LISTEN" }, labels });
    expect(l.states.map((s) => [s.row, s.side, s.text])).toEqual([
      [-1, "client", "CLOSED"],
      [-1, "server", "LISTEN"],
      [0, "client", "SYN_SENT"],
      [0, "server", "SYN_RECEIVED"],
      [1, "client", "ESTABLISHED"],
      [2, "server", "ESTABLISHED"],
    ]);
  });

  it("without initial states the first row shows both sides", () => {
    const l = layoutLadder({ segments: LOST_SYN, labels });
    expect(l.states.map((s) => [s.row, s.side, s.text])).toEqual([
      [0, "client", "SYN_SENT"],
      [0, "server", "LISTEN"],
      [1, "server", "SYN_RECEIVED"],
      [2, "client", "ESTABLISHED"],
    ]);
  });

  it("writes the client's states left of its lane and the server's right of its lane, at the arrow's end", () => {
    const l = layoutLadder({ segments: HANDSHAKE, labels });
    for (const s of l.states) {
      if (s.side === "client") expect([s.anchor, s.x < LADDER.laneX.client]).toEqual(["end", true]);
      else expect([s.anchor, s.x > LADDER.laneX.server]).toEqual(["start", true]);
    }
    const row0 = l.states.filter((s) => s.row === 0);
    for (const s of row0) expect(s.y).toBe(l.rows[0].y1 + LADDER.arrowDy + 4);
  });

  it("the longest state name fits beside the client lane", () => {
    expect(textWidth("SYN_RECEIVED", LADDER.fontState)).toBeLessThanOrEqual(LADDER.laneX.client - LADDER.stateGap);
    expect(LADDER.laneX.server + LADDER.stateGap + textWidth("SYN_RECEIVED", LADDER.fontState)).toBeLessThanOrEqual(LADDER.width);
  });

  it("splits a label too wide for the gap between lanes over two lines", () => {
    const seg: LadderSegment = { from: "server", flags: "S.", seq: 3_000_000_000, ack: 1_234_567_891, len: 0, client: "SYN_SENT", server: "SYN_RECEIVED" };
    const l = layoutLadder({ segments: [seg], labels });
    expect(l.rows[0].labels.map((t) => t.text)).toEqual(["[S.] seq 3000000000", "ack 1234567891"]);
    const gap = LADDER.laneX.server - LADDER.laneX.client;
    for (const t of l.rows[0].labels) expect(textWidth(t.text, t.fontSize, true)).toBeLessThan(gap);
  });

  it("keeps every text at 11.5 units or more, about 11 px on a 375 px phone", () => {
    const l = layoutLadder({ segments: LOST_SYN.map((s) => ({ ...s, note: "note" })), labels, timers: [{ side: "client", label: "RTO 1s", from: 0, to: 1 }] });
    const sizes = [...l.states, ...l.rows.flatMap((r) => [...r.labels, ...r.notes]), ...l.lanes.map((x) => x.heading)].map((t) => t.fontSize);
    expect(Math.min(...sizes) * (375 / l.width)).toBeGreaterThanOrEqual(11);
  });

  it("wraps a long note under its arrow and makes the row taller", () => {
    const note = "服务端没有收到第一个 SYN，客户端的重传计时器到期后重传 SYN，RTO 从 1 秒开始指数退避。";
    const plain = layoutLadder({ segments: LOST_SYN, labels });
    const noted = layoutLadder({ segments: LOST_SYN.map((s, i) => (i === 0 ? { ...s, note } : s)), labels });
    const lines = noted.rows[0].notes;
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((t) => t.text).join("").replace(/\s/g, "")).toBe(note.replace(/\s/g, ""));
    for (const t of lines) expect(textWidth(t.text, t.fontSize)).toBeLessThanOrEqual(LADDER.width - 24);
    expect(noted.height).toBeGreaterThan(plain.height);
    expect(lines[0].y).toBeGreaterThan(noted.rows[0].y2);
  });

  it("marks only the highlighted row", () => {
    const l = layoutLadder({ segments: HANDSHAKE, labels, highlight: 1 });
    expect(l.rows.map((r) => r.highlighted)).toEqual([false, true, false]);
  });

  it("draws a timer bracket beside its lane from the segment that armed it to the one it caused", () => {
    const l = layoutLadder({ segments: LOST_SYN, labels, timers: [{ side: "client", label: "RTO 1s", from: 0, to: 1 }] });
    const [t] = l.timers;
    expect(t.label).toBe("RTO 1s");
    expect(t.y1).toBe(l.rows[0].y1);
    expect(t.y2).toBe(l.rows[1].y1);
    expect(t.x).toBeGreaterThan(LADDER.laneX.client);
    expect(t.x).toBeLessThan(LADDER.laneX.server);
  });

  it("runs an open-ended timer to the bottom of the lanes, and stacks overlapping timers apart", () => {
    const l = layoutLadder({
      segments: HANDSHAKE,
      labels,
      timers: [
        { side: "server", label: "2MSL", from: 2 },
        { side: "server", label: "RTO", from: 1, to: 99 },
      ],
    });
    expect(l.timers[0].y2).toBe(l.lanes[1].bottom);
    expect(l.timers[0].x).toBeLessThan(LADDER.laneX.server);
    expect(l.timers[1].x).toBeLessThan(l.timers[0].x);
  });

  it("an empty exchange still has lanes and headings", () => {
    const l = layoutLadder({ segments: [], labels });
    expect(l.rows).toEqual([]);
    expect(l.lanes).toHaveLength(2);
    expect(l.height).toBeGreaterThan(LADDER.rowsTop);
  });
});

describe("wrapText", () => {
  it("breaks English at spaces and Chinese between characters, never over the width", () => {
    const en = wrapText("the last ACK may be lost and the peer then retransmits its FIN", 120, 11.5);
    expect(en.join(" ")).toBe("the last ACK may be lost and the peer then retransmits its FIN");
    for (const line of en) expect(textWidth(line, 11.5)).toBeLessThanOrEqual(120);
    const zh = wrapText("最后一个确认报文可能丢失对端会重传", 60, 11.5);
    expect(zh.join("")).toBe("最后一个确认报文可能丢失对端会重传");
    for (const line of zh) expect(textWidth(line, 11.5)).toBeLessThanOrEqual(60);
  });

  it("cuts a single word wider than the line", () => {
    const lines = wrapText("x".repeat(40), 60, 11.5);
    expect(lines.join("")).toBe("x".repeat(40));
    for (const line of lines) expect(textWidth(line, 11.5)).toBeLessThanOrEqual(60);
  });
});

describe("timersFromSteps", () => {
  it("turns the engine's per-step timer lists into brackets", () => {
    const steps = [
      { timers: [{ side: "client" as const, kind: "retransmit", expiresAt: 1000 }] },
      { timers: [{ side: "client" as const, kind: "retransmit", expiresAt: 3000 }] },
      { timers: [] },
      { timers: [{ side: "client" as const, kind: "2msl", expiresAt: 120_000 }] },
    ];
    const timers = timersFromSteps(steps, (t) => (t.kind === "2msl" ? "2MSL" : "RTO"));
    expect(timers).toEqual([
      { side: "client", label: "RTO", from: 0, to: 1 },
      { side: "client", label: "RTO", from: 1, to: 2 },
      { side: "client", label: "2MSL", from: 3 },
    ]);
  });
});

describe("timer labels", () => {
  it("a timer label moves along its bracket to avoid a note that crosses it", () => {
    const note = "SYN 在网络中丢失，客户端的重传计时器到期后重传 SYN。";
    const segments = LOST_SYN.map((s, i) => (i === 0 ? { ...s, note } : s));
    const l = layoutLadder({ segments, labels, timers: [{ side: "client", label: "RTO 1s", from: 0, to: 1 }] });
    const [t] = l.timers;
    const half = textWidth("RTO 1s", 11.5) / 2;
    for (const n of l.rows[0].notes) {
      const overlaps = t.labelY - half < n.y + 4 && t.labelY + half > n.y - n.fontSize;
      expect(overlaps).toBe(false);
    }
    expect(t.labelY).toBeGreaterThan(t.y1);
    expect(t.labelY).toBeLessThan(t.y2);
  });
});

describe("room for timer labels", () => {
  it("grows the diagram so that a timer running to the end has room for its whole label", () => {
    const seg = { from: "client" as const, flags: "S", seq: 1, ack: null, len: 0, client: "SYN_SENT", server: "SYN_RECEIVED" };
    const labels = { client: "Client", server: "Server", lost: "lost", retransmission: "re", title: "t" };
    const label = "RTO (SYN-ACK) timer label";
    const l = layoutLadder({ segments: [seg], labels, timers: [{ side: "server", label, from: 0 }] });
    const t = l.timers[0];
    expect(t.y2 - t.y1).toBeGreaterThanOrEqual(textWidth(label, LADDER.fontState));
    expect(l.height).toBeGreaterThan(t.y2);
  });
});

describe("a segment that crossed others (issue 16)", () => {
  /** Simultaneous close: the client's FIN is received only at the server's ACK of it, two rows later. */
  const CROSSING: LadderSegment[] = [
    { from: "client", flags: "F.", seq: 1, ack: 1, len: 0, client: "FIN_WAIT_1", server: "ESTABLISHED", arrivesAt: 2 },
    { from: "server", flags: "F.", seq: 1, ack: 1, len: 0, client: "CLOSING", server: "FIN_WAIT_1" },
    { from: "server", flags: ".", seq: 2, ack: 2, len: 0, client: "TIME_WAIT", server: "TIME_WAIT" },
  ];
  it("draws its arrow down to the row where it was received, across the arrows between", () => {
    const l = layoutLadder({ segments: CROSSING, labels });
    const [fin, crossing, ack] = l.rows;
    expect(fin.y2).toBe(ack.y1 + LADDER.arrowDy);
    expect(fin.y2).toBeGreaterThan(crossing.y2);
    expect(fin.head![0]).toEqual([fin.x2, fin.y2]);
  });
  it("without arrivesAt the arrow ends on its own row", () => {
    const l = layoutLadder({ segments: CROSSING.map(({ arrivesAt: _, ...s }) => s), labels });
    expect(l.rows[0].y2).toBeLessThan(l.rows[1].y1);
  });
});

describe("segment labels without numbers", () => {
  it("leaves out seq when the segment has none (state questions), instead of printing seq 0", () => {
    expect(segmentLabel({ flags: "S.", seq: null, ack: null, len: 0 })).toBe("[S.]");
    expect(segmentLabel({ flags: "S.", seq: 0, ack: 1, len: 0 })).toBe("[S.] seq 0 ack 1");
  });
});
