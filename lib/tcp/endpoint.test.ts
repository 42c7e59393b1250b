import { describe, expect, it } from "vitest";
import { Endpoint } from "./endpoint";
import { ACK, FIN, PSH, RST, SYN, type Segment } from "./segment";
import { seqAdd } from "./seq";

// Sequence numbers close to 2^32 on purpose (smoltcp habit): every test crosses the wrap.
const LOCAL_ISS = 0xffff_fff0;
const REMOTE_ISS = 0xffff_fffe;
const seg = (seq: number, ack: number, flags: number, len = 0): Segment => ({ seq: seq >>> 0, ack: ack >>> 0, flags, len });
const drain = (e: Endpoint) => e.out.splice(0);

// ---- chained fixture builders ------------------------------------------------------------------
function closed(): Endpoint {
  return new Endpoint({ side: "server", issFor: () => LOCAL_ISS, rcvWnd: 1000 });
}
function listen(): Endpoint {
  const e = closed();
  e.listen();
  return e;
}
function synReceived(): Endpoint {
  const e = listen();
  e.arrive(seg(REMOTE_ISS, 0, SYN));
  drain(e);
  return e;
}
function synSent(): Endpoint {
  const e = closed();
  e.connect(LOCAL_ISS);
  drain(e);
  return e;
}
function established(): Endpoint {
  const e = synReceived();
  e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 1, ACK));
  drain(e);
  return e;
}
function finWait1(): Endpoint {
  const e = established();
  e.close();
  drain(e);
  return e;
}
function finWait2(): Endpoint {
  const e = finWait1();
  e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 2, ACK));
  drain(e);
  return e;
}
function closeWait(): Endpoint {
  const e = established();
  e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 1, FIN | ACK));
  drain(e);
  return e;
}
function lastAck(): Endpoint {
  const e = closeWait();
  e.close();
  drain(e);
  return e;
}
function closing(): Endpoint {
  const e = finWait1();
  e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 1, FIN | ACK));
  drain(e);
  return e;
}
function timeWait(): Endpoint {
  const e = finWait2();
  e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 2, FIN | ACK));
  drain(e);
  return e;
}

describe("fixtures", () => {
  it("each builder reaches the state it is named after", () => {
    expect([listen(), synSent(), synReceived(), established(), finWait1(), finWait2(), closeWait(), lastAck(), closing(), timeWait()]
      .map((e) => e.state)).toEqual(["LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
      "CLOSE_WAIT", "LAST_ACK", "CLOSING", "TIME_WAIT"]);
  });
});

describe("Tests for the CLOSED state", () => {
  it("a SYN to a closed port is refused with RST,ACK seq 0 ack SYN+1", () => {
    const e = closed();
    e.arrive(seg(REMOTE_ISS, 0, SYN));
    expect(drain(e)).toEqual([{ seq: 0, ack: seqAdd(REMOTE_ISS, 1), flags: RST | ACK, len: 0 }]);
  });
  it("an ACK-bearing segment to a closed port is answered <SEQ=SEG.ACK><CTL=RST>", () => {
    const e = closed();
    e.arrive(seg(5, 1234, ACK | PSH, 10));
    expect(drain(e)).toEqual([{ seq: 1234, ack: 0, flags: RST, len: 0 }]);
  });
  it("an RST to a closed port is discarded silently", () => {
    const e = closed();
    expect(e.arrive(seg(5, 0, RST)).code).toBe("rst_to_closed");
    expect(drain(e)).toEqual([]);
  });
});

describe("Tests for the LISTEN state", () => {
  it("a SYN is answered with SYN-ACK and moves to SYN_RECEIVED (passive)", () => {
    const e = listen();
    e.arrive(seg(REMOTE_ISS, 0, SYN));
    expect(e.state).toBe("SYN_RECEIVED");
    expect(e.origin).toBe("passive");
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS, ack: REMOTE_ISS + 1, flags: SYN | ACK, len: 0 }]);
  });
  it("any ACK is bad and gets <SEQ=SEG.ACK><CTL=RST>", () => {
    const e = listen();
    expect(e.arrive(seg(1, 777, ACK)).code).toBe("ack_in_listen");
    expect(drain(e)).toEqual([{ seq: 777, ack: 0, flags: RST, len: 0 }]);
    expect(e.state).toBe("LISTEN");
  });
  it("an RST is ignored", () => {
    const e = listen();
    e.arrive(seg(1, 0, RST));
    expect(e.state).toBe("LISTEN");
  });
  it("data on a SYN without Fast Open is not acknowledged", () => {
    const e = listen();
    e.arrive({ seq: REMOTE_ISS, ack: 0, flags: SYN, len: 100 });
    expect(e.rcvNxt).toBe(seqAdd(REMOTE_ISS, 1));
  });
  it("data on a SYN with a Fast Open cookie is delivered and acknowledged", () => {
    const e = listen();
    e.tfoServer = true;
    e.arrive({ seq: REMOTE_ISS, ack: 0, flags: SYN, len: 100, tfo: true });
    expect(e.rcvNxt).toBe(seqAdd(REMOTE_ISS, 101));
    expect(e.delivered).toBe(100);
  });
});

describe("Tests for the SYN-SENT state", () => {
  it("an RST that acknowledges our SYN is 'connection refused'", () => {
    const e = synSent();
    expect(e.arrive(seg(0, LOCAL_ISS + 1, RST | ACK)).code).toBe("connection_refused");
    expect(e.state).toBe("CLOSED");
  });
  it("an RST without ACK is dropped", () => {
    const e = synSent();
    e.arrive(seg(0, 0, RST));
    expect(e.state).toBe("SYN_SENT");
  });
  it("an RST with an unacceptable ACK is dropped", () => {
    const e = synSent();
    e.arrive(seg(0, LOCAL_ISS + 7, RST | ACK));
    expect(e.state).toBe("SYN_SENT");
  });
  it("a SYN-ACK acknowledging something else is answered with <SEQ=SEG.ACK><CTL=RST>", () => {
    const e = synSent();
    e.arrive(seg(REMOTE_ISS, LOCAL_ISS - 5, SYN | ACK));
    expect(drain(e)).toEqual([{ seq: (LOCAL_ISS - 5) >>> 0, ack: 0, flags: RST, len: 0 }]);
    expect(e.state).toBe("SYN_SENT");
  });
  it("a good SYN-ACK across the wrap establishes and acknowledges", () => {
    const e = synSent();
    e.arrive(seg(REMOTE_ISS, LOCAL_ISS + 1, SYN | ACK));
    expect(e.state).toBe("ESTABLISHED");
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS + 1, ack: seqAdd(REMOTE_ISS, 1), flags: ACK, len: 0 }]);
  });
  it("a SYN without ACK is a simultaneous open", () => {
    const e = synSent();
    e.arrive(seg(REMOTE_ISS, 0, SYN));
    expect(e.state).toBe("SYN_RECEIVED");
    expect(e.origin).toBe("active");
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS, ack: seqAdd(REMOTE_ISS, 1), flags: SYN | ACK, len: 0 }]);
  });
  it("a bare ACK of our SYN is dropped", () => {
    const e = synSent();
    expect(e.arrive(seg(REMOTE_ISS, LOCAL_ISS + 1, ACK)).code).toBe("no_syn_in_syn_sent");
  });
});

describe("Tests for the SYN-RECEIVED state", () => {
  it("the third ACK establishes", () => {
    expect(established().state).toBe("ESTABLISHED");
  });
  it("an RST at RCV.NXT returns a passive open to LISTEN", () => {
    const e = synReceived();
    e.arrive(seg(REMOTE_ISS + 1, 0, RST));
    expect(e.state).toBe("LISTEN");
  });
  it("an RST returns an active (simultaneous) open to CLOSED", () => {
    const e = synSent();
    e.arrive(seg(REMOTE_ISS, 0, SYN));
    e.arrive(seg(REMOTE_ISS + 1, 0, RST));
    expect(e.state).toBe("CLOSED");
  });
  it("a retransmitted SYN fails the sequence test and is answered with an ACK", () => {
    const e = synReceived();
    expect(e.arrive(seg(REMOTE_ISS, 0, SYN)).code).toBe("unacceptable_segment");
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS + 1, ack: seqAdd(REMOTE_ISS, 1), flags: ACK, len: 0 }]);
    expect(e.state).toBe("SYN_RECEIVED");
  });
  it("an ACK that acknowledges something else is answered with RST", () => {
    const e = synReceived();
    e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 9, ACK));
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS + 9, ack: 0, flags: RST, len: 0 }]);
    expect(e.state).toBe("SYN_RECEIVED");
  });
  it("data carrying the ACK establishes even if the third ACK was lost", () => {
    const e = synReceived();
    e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 1, ACK | PSH, 50));
    expect(e.state).toBe("ESTABLISHED");
    expect(e.rcvNxt).toBe(seqAdd(REMOTE_ISS, 51));
  });
});

describe("Tests for the ESTABLISHED state", () => {
  it("in-order data across the wrap is acknowledged", () => {
    const e = established();
    e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 1, ACK | PSH, 10));
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS + 1, ack: seqAdd(REMOTE_ISS, 11), flags: ACK, len: 0 }]);
  });
  it("an RST exactly at RCV.NXT resets the connection", () => {
    const e = established();
    e.arrive(seg(REMOTE_ISS + 1, 0, RST));
    expect(e.state).toBe("CLOSED");
  });
  it("an in-window RST not at RCV.NXT gets a challenge ACK (RFC 5961)", () => {
    const e = established();
    expect(e.arrive(seg(REMOTE_ISS + 10, 0, RST)).code).toBe("rst_challenge_ack");
    expect(e.state).toBe("ESTABLISHED");
  });
  it("an RST outside the window is dropped silently", () => {
    const e = established();
    expect(e.arrive(seg(REMOTE_ISS + 100_000, 0, RST)).code).toBe("rst_out_of_window");
    expect(drain(e)).toEqual([]);
  });
  it("a SYN gets a challenge ACK and changes nothing", () => {
    const e = established();
    e.arrive(seg(REMOTE_ISS + 5, 0, SYN));
    expect(e.state).toBe("ESTABLISHED");
    expect(drain(e)[0].flags).toBe(ACK);
  });
  it("an ACK of data never sent is answered with an ACK and dropped", () => {
    const e = established();
    expect(e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 500, ACK)).code).toBe("ack_of_unsent_data");
  });
  it("a FIN moves to CLOSE_WAIT", () => {
    expect(closeWait().state).toBe("CLOSE_WAIT");
  });
  it("abort sends <SEQ=SND.NXT><CTL=RST>", () => {
    const e = established();
    e.abort();
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS + 1, ack: 0, flags: RST, len: 0 }]);
    expect(e.state).toBe("CLOSED");
  });
});

describe("Tests for the closing states", () => {
  it("FIN_WAIT_1 with a FIN that acknowledges our FIN goes straight to TIME_WAIT", () => {
    const e = finWait1();
    e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 2, FIN | ACK));
    expect(e.state).toBe("TIME_WAIT");
  });
  it("FIN_WAIT_1 with a FIN that does not acknowledge ours goes to CLOSING", () => {
    expect(closing().state).toBe("CLOSING");
  });
  it("CLOSING goes to TIME_WAIT on the ACK of our FIN", () => {
    const e = closing();
    e.arrive(seg(REMOTE_ISS + 2, LOCAL_ISS + 2, ACK));
    expect(e.state).toBe("TIME_WAIT");
  });
  it("FIN_WAIT_2 still receives data (half-close)", () => {
    const e = finWait2();
    e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 2, ACK | PSH, 20));
    expect(e.delivered).toBe(20);
    expect(e.state).toBe("FIN_WAIT_2");
  });
  it("CLOSE_WAIT can still send data", () => {
    const e = closeWait();
    expect(e.write(30)).toBe(true);
    expect(drain(e)[0].len).toBe(30);
  });
  it("LAST_ACK closes on the ACK of our FIN", () => {
    const e = lastAck();
    e.arrive(seg(REMOTE_ISS + 2, LOCAL_ISS + 2, ACK));
    expect(e.state).toBe("CLOSED");
  });
  it("TIME_WAIT acknowledges a retransmitted FIN and asks for the 2MSL timer to restart", () => {
    const e = timeWait();
    const a = e.arrive(seg(REMOTE_ISS + 1, LOCAL_ISS + 2, FIN | ACK));
    expect(a.restart2msl).toBe(true);
    expect(drain(e)).toEqual([{ seq: LOCAL_ISS + 2, ack: seqAdd(REMOTE_ISS, 2), flags: ACK, len: 0 }]);
    expect(e.state).toBe("TIME_WAIT");
  });
  it("TIME_WAIT ends with the 2MSL timeout", () => {
    const e = timeWait();
    e.timeWaitExpired();
    expect(e.state).toBe("CLOSED");
  });
  it("abort in CLOSING, LAST_ACK and TIME_WAIT sends no RST", () => {
    for (const e of [closing(), lastAck(), timeWait()]) {
      e.abort();
      expect(drain(e)).toEqual([]);
      expect(e.state).toBe("CLOSED");
    }
  });
  it("close after close is refused", () => {
    expect(finWait1().close()).toBe(false);
    expect(timeWait().close()).toBe(false);
  });
});

// ---- RFC 9293 figures as golden traces -------------------------------------------------------------
/** Wire two endpoints directly; `script` lists who sends or receives what. */
function pair() {
  const a = new Endpoint({ side: "client", issFor: () => 100 });
  const b = new Endpoint({ side: "server", issFor: () => 300 });
  return { a, b };
}
function pass(from: Endpoint, to: Endpoint): Segment[] {
  const segs = drain(from);
  for (const s of segs) to.arrive(s);
  return segs;
}

describe("RFC 9293 figures", () => {
  it("Figure 6: the three-way handshake", () => {
    const { a, b } = pair();
    b.listen();
    a.connect(100);
    const syn = pass(a, b);
    expect(syn).toEqual([{ seq: 100, ack: 0, flags: SYN, len: 0 }]);
    expect([a.state, b.state]).toEqual(["SYN_SENT", "SYN_RECEIVED"]);
    const synAck = pass(b, a);
    expect(synAck).toEqual([{ seq: 300, ack: 101, flags: SYN | ACK, len: 0 }]);
    expect(a.state).toBe("ESTABLISHED");
    expect(pass(a, b)).toEqual([{ seq: 101, ack: 301, flags: ACK, len: 0 }]);
    expect(b.state).toBe("ESTABLISHED");
  });
  it("Figure 7: simultaneous open", () => {
    const { a, b } = pair();
    a.connect(100);
    b.connect(300);
    const synA = drain(a);
    const synB = drain(b);
    b.arrive(synA[0]);
    a.arrive(synB[0]);
    expect([a.state, b.state]).toEqual(["SYN_RECEIVED", "SYN_RECEIVED"]);
    const saA = drain(a);
    const saB = drain(b);
    expect(saA).toEqual([{ seq: 100, ack: 301, flags: SYN | ACK, len: 0 }]);
    expect(saB).toEqual([{ seq: 300, ack: 101, flags: SYN | ACK, len: 0 }]);
    a.arrive(saB[0]);
    b.arrive(saA[0]);
    expect([a.state, b.state]).toEqual(["ESTABLISHED", "ESTABLISHED"]);
  });
  it("Figure 12: normal close", () => {
    const { a, b } = pair();
    b.listen();
    a.connect(100);
    pass(a, b); pass(b, a); pass(a, b);
    a.close();
    expect(pass(a, b)).toEqual([{ seq: 101, ack: 301, flags: FIN | ACK, len: 0 }]);
    expect([a.state, b.state]).toEqual(["FIN_WAIT_1", "CLOSE_WAIT"]);
    pass(b, a);
    expect(a.state).toBe("FIN_WAIT_2");
    b.close();
    expect(pass(b, a)).toEqual([{ seq: 301, ack: 102, flags: FIN | ACK, len: 0 }]);
    expect([a.state, b.state]).toEqual(["TIME_WAIT", "LAST_ACK"]);
    pass(a, b);
    expect(b.state).toBe("CLOSED");
    a.timeWaitExpired();
    expect(a.state).toBe("CLOSED");
  });
  it("Figure 13: simultaneous close", () => {
    const { a, b } = pair();
    b.listen();
    a.connect(100);
    pass(a, b); pass(b, a); pass(a, b);
    a.close();
    b.close();
    const finA = drain(a);
    const finB = drain(b);
    b.arrive(finA[0]);
    a.arrive(finB[0]);
    expect([a.state, b.state]).toEqual(["CLOSING", "CLOSING"]);
    pass(a, b);
    pass(b, a);
    expect([a.state, b.state]).toEqual(["TIME_WAIT", "TIME_WAIT"]);
  });
});
