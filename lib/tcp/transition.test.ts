import { describe, expect, it } from "vitest";
import { transition } from "./transition";
import { TCP_EVENTS, TCP_STATES, type SendKind, type TcpEvent, type TcpState } from "./types";

type Want = [TcpState, SendKind[]] | { reject: string; send: SendKind[] };
const rej = (reject: string, send: SendKind[] = []): Want => ({ reject, send });

/** The whole of RFC 9293's event processing at event level, written out as the spec. */
const SPEC: Record<TcpState, Record<TcpEvent, Want>> = {
  CLOSED: {
    passive_open: ["LISTEN", []], active_open: ["SYN_SENT", ["SYN"]],
    close: rej("connection_does_not_exist"), abort: rej("connection_does_not_exist"), send_data: rej("connection_does_not_exist"),
    rcv_syn: rej("no_connection_rst", ["RST"]), rcv_syn_ack: rej("no_connection_rst", ["RST"]), rcv_ack: rej("no_connection_rst", ["RST"]),
    rcv_fin: rej("no_connection_rst", ["RST"]), rcv_fin_ack: rej("no_connection_rst", ["RST"]), rcv_data: rej("no_connection_rst", ["RST"]),
    rcv_rst: rej("rst_ignored"), timeout_2msl: rej("no_2msl_timer"),
  },
  LISTEN: {
    passive_open: rej("connection_already_exists"), active_open: ["SYN_SENT", ["SYN"]],
    close: ["CLOSED", []], abort: ["CLOSED", []], send_data: rej("foreign_socket_unspecified"),
    rcv_syn: ["SYN_RECEIVED", ["SYN_ACK"]], rcv_syn_ack: rej("ack_in_listen", ["RST"]), rcv_ack: rej("ack_in_listen", ["RST"]),
    rcv_fin: rej("ack_in_listen", ["RST"]), rcv_fin_ack: rej("ack_in_listen", ["RST"]), rcv_data: rej("ack_in_listen", ["RST"]),
    rcv_rst: rej("rst_ignored"), timeout_2msl: rej("no_2msl_timer"),
  },
  SYN_SENT: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: ["CLOSED", []], abort: ["CLOSED", []], send_data: ["SYN_SENT", []],
    rcv_syn: ["SYN_RECEIVED", ["SYN_ACK"]], rcv_syn_ack: ["ESTABLISHED", ["ACK"]], rcv_ack: rej("no_syn_in_syn_sent"),
    rcv_fin: rej("fin_before_synchronized"), rcv_fin_ack: rej("ack_of_unsent_data", ["RST"]), rcv_data: rej("no_syn_in_syn_sent"),
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  SYN_RECEIVED: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: ["FIN_WAIT_1", ["FIN"]], abort: ["CLOSED", ["RST"]], send_data: ["SYN_RECEIVED", []],
    rcv_syn: ["LISTEN", []], rcv_syn_ack: ["ESTABLISHED", []], rcv_ack: ["ESTABLISHED", []],
    rcv_fin: ["CLOSE_WAIT", ["ACK"]], rcv_fin_ack: rej("ack_of_unsent_data", ["RST"]), rcv_data: ["ESTABLISHED", ["ACK"]],
    rcv_rst: ["LISTEN", []], timeout_2msl: rej("no_2msl_timer"),
  },
  ESTABLISHED: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: ["FIN_WAIT_1", ["FIN"]], abort: ["CLOSED", ["RST"]], send_data: ["ESTABLISHED", ["DATA"]],
    rcv_syn: rej("syn_in_synchronized_state", ["ACK"]), rcv_syn_ack: ["ESTABLISHED", ["ACK"]], rcv_ack: ["ESTABLISHED", []],
    rcv_fin: ["CLOSE_WAIT", ["ACK"]], rcv_fin_ack: rej("ack_of_unsent_data", ["ACK"]), rcv_data: ["ESTABLISHED", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  FIN_WAIT_1: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: rej("connection_closing"), abort: ["CLOSED", ["RST"]], send_data: rej("connection_closing"),
    rcv_syn: rej("syn_in_synchronized_state", ["ACK"]), rcv_syn_ack: ["FIN_WAIT_1", ["ACK"]], rcv_ack: ["FIN_WAIT_2", []],
    rcv_fin: ["CLOSING", ["ACK"]], rcv_fin_ack: ["TIME_WAIT", ["ACK"]], rcv_data: ["FIN_WAIT_1", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  FIN_WAIT_2: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: rej("connection_closing"), abort: ["CLOSED", ["RST"]], send_data: rej("connection_closing"),
    rcv_syn: rej("syn_in_synchronized_state", ["ACK"]), rcv_syn_ack: ["FIN_WAIT_2", ["ACK"]], rcv_ack: ["FIN_WAIT_2", []],
    rcv_fin: ["TIME_WAIT", ["ACK"]], rcv_fin_ack: ["TIME_WAIT", ["ACK"]], rcv_data: ["FIN_WAIT_2", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  CLOSE_WAIT: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: ["LAST_ACK", ["FIN"]], abort: ["CLOSED", ["RST"]], send_data: ["CLOSE_WAIT", ["DATA"]],
    rcv_syn: rej("syn_in_synchronized_state", ["ACK"]), rcv_syn_ack: ["CLOSE_WAIT", ["ACK"]], rcv_ack: ["CLOSE_WAIT", []],
    rcv_fin: ["CLOSE_WAIT", ["ACK"]], rcv_fin_ack: rej("ack_of_unsent_data", ["ACK"]), rcv_data: ["CLOSE_WAIT", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  CLOSING: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: rej("connection_closing"), abort: ["CLOSED", []], send_data: rej("connection_closing"),
    rcv_syn: rej("syn_in_synchronized_state", ["ACK"]), rcv_syn_ack: ["CLOSING", ["ACK"]], rcv_ack: ["TIME_WAIT", []],
    rcv_fin: ["CLOSING", ["ACK"]], rcv_fin_ack: ["TIME_WAIT", ["ACK"]], rcv_data: ["CLOSING", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  LAST_ACK: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: rej("connection_closing"), abort: ["CLOSED", []], send_data: rej("connection_closing"),
    rcv_syn: rej("syn_in_synchronized_state", ["ACK"]), rcv_syn_ack: ["LAST_ACK", ["ACK"]], rcv_ack: ["CLOSED", []],
    rcv_fin: ["LAST_ACK", ["ACK"]], rcv_fin_ack: ["CLOSED", []], rcv_data: ["LAST_ACK", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: rej("no_2msl_timer"),
  },
  TIME_WAIT: {
    passive_open: rej("connection_already_exists"), active_open: rej("connection_already_exists"),
    close: rej("connection_closing"), abort: ["CLOSED", []], send_data: rej("connection_closing"),
    rcv_syn: ["SYN_RECEIVED", ["SYN_ACK"]], rcv_syn_ack: ["TIME_WAIT", ["ACK"]], rcv_ack: ["TIME_WAIT", []],
    rcv_fin: ["TIME_WAIT", ["ACK"]], rcv_fin_ack: ["TIME_WAIT", ["ACK"]], rcv_data: ["TIME_WAIT", ["ACK"]],
    rcv_rst: ["CLOSED", []], timeout_2msl: ["CLOSED", []],
  },
};

for (const state of TCP_STATES) {
  describe(`${state} state`, () => {
    for (const event of TCP_EVENTS) {
      const want = SPEC[state][event];
      if (Array.isArray(want)) {
        it(`${event} leads to ${want[0]} sending ${want[1].join("+") || "nothing"}`, () => {
          const r = transition(state, event);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.next).toBe(want[0]);
          expect(r.send).toEqual(want[1]);
          expect(r.rule).toMatch(/^RFC \d+ §/);
          expect(r.reason.en.length).toBeGreaterThan(20);
          expect(r.reason.zh.length).toBeGreaterThan(5);
        });
      } else {
        it(`${event} is rejected as ${want.reject}${want.send.length ? ` answered with ${want.send.join("+")}` : ""}`, () => {
          const r = transition(state, event);
          expect(r.ok).toBe(false);
          if (r.ok) return;
          expect(r.code).toBe(want.reject);
          expect(r.send).toEqual(want.send);
          expect(r.message.en.length).toBeGreaterThan(20);
          expect(r.message.zh.length).toBeGreaterThan(5);
        });
      }
    }
  });
}

describe("origin of SYN_RECEIVED", () => {
  it("an RST returns a passively opened SYN_RECEIVED to LISTEN", () => {
    const r = transition("SYN_RECEIVED", "rcv_rst", { origin: "passive" });
    expect(r.ok && r.next).toBe("LISTEN");
  });
  it("an RST closes an actively opened SYN_RECEIVED (simultaneous open refused)", () => {
    const r = transition("SYN_RECEIVED", "rcv_rst", { origin: "active" });
    expect(r.ok && r.next).toBe("CLOSED");
  });
  it("a SYN in an actively opened SYN_RECEIVED gets a challenge ACK", () => {
    const r = transition("SYN_RECEIVED", "rcv_syn", { origin: "active" });
    expect(r.ok).toBe(false);
    expect(r.send).toEqual(["ACK"]);
  });
  it("entering SYN_RECEIVED records where it came from", () => {
    expect(transition("LISTEN", "rcv_syn")).toMatchObject({ ok: true, origin: "passive" });
    expect(transition("SYN_SENT", "rcv_syn")).toMatchObject({ ok: true, origin: "active" });
    expect(transition("SYN_RECEIVED", "send_data", { origin: "active" })).toMatchObject({ ok: true, origin: "active" });
  });
  it("the RFC's user-call errors are named as the RFC names them", () => {
    const r = transition("CLOSED", "close");
    expect(!r.ok && r.message.en).toContain("connection does not exist");
    const c = transition("FIN_WAIT_1", "send_data");
    expect(!c.ok && c.message.en).toContain("connection closing");
  });
  it("unknown states and events are type errors at run time too", () => {
    expect(() => transition("NOPE" as TcpState, "close")).toThrow(TypeError);
    expect(() => transition("CLOSED", "nope" as TcpEvent)).toThrow(TypeError);
  });
});
