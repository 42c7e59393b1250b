/**
 * Types and constants of the TCP engine, as fixed by docs/contracts.md.
 *
 * Read first: RFC 9293 §3.3.2 (state names), §3.10 (event processing).
 * State names are spelled as the RFC and netstat spell them, with `_` for `-`.
 */

export type Lang = "zh" | "en";
export type Bilingual = { zh: string; en: string };

export const TCP_STATES = [
  "CLOSED",
  "LISTEN",
  "SYN_SENT",
  "SYN_RECEIVED",
  "ESTABLISHED",
  "FIN_WAIT_1",
  "FIN_WAIT_2",
  "CLOSE_WAIT",
  "CLOSING",
  "LAST_ACK",
  "TIME_WAIT",
] as const;
export type TcpState = (typeof TCP_STATES)[number];

export const TCP_EVENTS = [
  "passive_open",
  "active_open",
  "close",
  "abort",
  "send_data",
  "rcv_syn",
  "rcv_syn_ack",
  "rcv_ack",
  "rcv_fin",
  "rcv_fin_ack",
  "rcv_rst",
  "rcv_data",
  "timeout_2msl",
] as const;
export type TcpEvent = (typeof TCP_EVENTS)[number];

export const SEND_KINDS = ["SYN", "SYN_ACK", "ACK", "FIN", "RST", "DATA"] as const;
export type SendKind = (typeof SEND_KINDS)[number];

export type Origin = "passive" | "active";

export type TransitionResult =
  | {
      ok: true;
      next: TcpState;
      send: SendKind[];
      origin?: Origin;
      /** e.g. "RFC 9293 §3.10.7.4" */
      rule: string;
      /** one sentence: why this happens */
      reason: Bilingual;
    }
  | {
      ok: false;
      /** e.g. "connection_does_not_exist" */
      code: string;
      message: Bilingual;
      /** the RFC's response, e.g. ["RST"], or [] */
      send: SendKind[];
      rule: string;
    };

/** Which end of a connection. The client is the endpoint that sent the first SYN. */
export type Side = "client" | "server";

/** A segment as tcpdump shows it. flags in tcpdump notation: "S", "S.", ".", "P.", "F.", "FP.", "R", "R.". */
export interface TraceSegment {
  /** 0-based position in the trace / simulation */
  index: number;
  from: Side;
  flags: string;
  /** as the trace prints it (absolute, or relative when the input was relative) */
  seq: number;
  ack: number | null;
  len: number;
  /**
   * state of each endpoint once this segment was processed by its receiver (a simulator step); in an
   * annotation, at the moment the capture saw the line (see `Annotation.segments`)
   */
  client: TcpState;
  server: TcpState;
  problems: Problem[];
}

export interface Problem {
  index: number;
  line?: number;
  code: string;
  message: Bilingual;
}

/** Transmission control block, RFC 9293 §3.3.1 variable names. */
export interface Tcb {
  state: TcpState;
  iss: number;
  irs: number;
  sndUna: number;
  sndNxt: number;
  rcvNxt: number;
}

export type TimerKind = "retransmit" | "2msl" | "syn_ack_retransmit";

export interface SimStep extends TraceSegment {
  /** ms since start */
  t: number;
  fate: "delivered" | "dropped" | "delayed" | "duplicated";
  retransmission: boolean;
  /** after this step */
  tcb: { client: Tcb; server: Tcb };
  timers: { side: Side; kind: TimerKind; expiresAt: number }[];
  /** what happened and why, when something notable happened */
  note?: Bilingual;
  /** the transmission index a `Fault` refers to; absent for a network copy or an injected segment */
  segment?: number;
}

/** What the network does to one transmitted segment. */
export const NETWORK_FAULT_KINDS = ["drop", "delay", "duplicate"] as const;
/**
 * A forged RST injected just after the segment reaches its receiver, spoofed from the segment's
 * sender (RFC 9293 §3.10.7.4 with RFC 5961 §3.2): `rst_next` at exactly RCV.NXT (resets the
 * connection), `rst_window` inside the window but not at RCV.NXT (answered with a challenge ACK),
 * `rst_outside` outside the window (dropped without an answer).
 */
export const RST_FAULT_KINDS = ["rst_next", "rst_window", "rst_outside"] as const;
export type NetworkFaultKind = (typeof NETWORK_FAULT_KINDS)[number];
export type RstFaultKind = (typeof RST_FAULT_KINDS)[number];

export interface Fault {
  /** index among transmitted segments, 0-based */
  segment: number;
  kind: NetworkFaultKind | RstFaultKind;
}

/**
 * A slow application (SimOptions.app): `slowAccept`, the server application calls accept() (and so
 * anything after it) SIM_SLOW_APP_MS late; `slowClose`, the side that received the first FIN calls
 * close() SIM_SLOW_APP_MS late (it sits in CLOSE_WAIT, its peer in FIN_WAIT_2).
 */
export interface AppFaults {
  slowAccept?: boolean;
  slowClose?: boolean;
}

export interface SimOptions {
  seed?: number;
  faults?: Fault[];
  /** a slow application (what-if) */
  app?: AppFaults;
  /** otherwise drawn from the seed */
  iss?: { client?: number; server?: number };
  /** data lengths, for scenarios that send data */
  payload?: { client?: number[]; server?: number[] };
  mslMs?: number;
}

export interface ScenarioInfo {
  name: string;
  title: Bilingual;
  description: Bilingual;
}

export interface SimResult {
  scenario: string;
  seed: number;
  steps: SimStep[];
  problems: Problem[];
}

export interface SkippedLine {
  line: number;
  raw: string;
  reason: Bilingual;
}

/**
 * How an annotated segment reached its receiver (lib/tcp/annotate.ts explains each kind):
 * at once on its own line, later because it crossed lines of its receiver, lost, answered by an ICMP
 * error, or still in flight at the end of the trace.
 */
export interface Delivery {
  kind: "at_once" | "crossed" | "lost" | "unreachable" | "end";
  /** index of the line at which its receiver processed it; null: never */
  at: number | null;
  /** for lost/unreachable: the line (index) that proves it */
  proof: number | null;
}

export interface Annotation {
  /**
   * One per segment line. In an annotation, `client`/`server` are the states at the moment the
   * capture saw the line (after its send, the receives proven before it, and its own receive when
   * `delivery.kind` is "at_once"): each column only moves forward through the diagram.
   */
  segments: (TraceSegment & {
    line: number; raw: string; delivery: Delivery;
    /** Wireshark's TCP analysis events of this segment (lib/tcp/events.ts), in TCP_EVENTS order */
    events: import("./events").TcpEvent[];
  })[];
  problems: Problem[];
  skipped: SkippedLine[];
  /** "addr.port" */
  client: string | null;
  server: string | null;
  /** capture started after the SYN */
  midStream: boolean;
  numbering: "absolute" | "relative";
}

export type RenderableSegment = Pick<TraceSegment, "from" | "flags" | "seq" | "ack" | "len">;

export interface RenderOptions {
  client?: string;
  server?: string;
  timestamps?: boolean;
}
