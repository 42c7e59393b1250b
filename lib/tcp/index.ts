/**
 * The embedded TCP state engine (pure: no React, Next.js or Prisma; time and randomness are parameters).
 * Authority: RFC 9293. Read first: §3.3.2 (states), §3.4 (sequence numbers), §3.10 (event processing).
 * The contract is docs/contracts.md.
 *
 *   transition.ts  event-level state machine (table-driven, exhaustive)
 *   seq.ts         sequence-number arithmetic modulo 2^32
 *   segment.ts     segments and tcpdump flag notation
 *   endpoint.ts    one endpoint at segment level: TCB, user calls, SEGMENT ARRIVES
 *   simulator.ts   two endpoints, a faulty network, timers, a listener with queues and SYN cookies
 *   scenarios.ts   the named scenarios
 *   tcpdump.ts     reading and writing `tcpdump -n` lines
 *   annotate.ts    replaying a capture through both endpoints
 */
export * from "./types";
export { transition, isTcpState, isTcpEvent } from "./transition";
export { listScenarios, simulate, UnknownScenarioError } from "./scenarios";
export type { SimRun, StateChange, ListenerOptions } from "./simulator";
export { annotate } from "./annotate";
export { renderTcpdump, parseTcpdump, type ParsedLine } from "./tcpdump";
export { Endpoint, SYNCHRONIZED, type Arrival } from "./endpoint";
export * from "./seq";
export * from "./constants";
export { FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, segLen, flagsToString, parseFlags, type Segment } from "./segment";
