/**
 * Data transfer, the second half of TCP (issue 17): calculators that grade numbers, and a seeded
 * simulator of one bulk or interactive transfer. Pure: no React, Next.js or Prisma; time and
 * randomness are parameters. The API is described in docs/transfer.md.
 *
 *   congestion.ts  Reno / NewReno congestion window per event (RFC 5681, RFC 6582), CUBIC's W(t)
 *   rto.ts         SRTT, RTTVAR, RTO and back-off (RFC 6298), Linux's estimator
 *   limits.ts      MSS from the MTU, scaled window and throughput, ephemeral ports and TIME-WAIT, length-prefix framing
 *   timers.ts      keepalive, SYN / SYN+ACK retries (tcp_syn_linear_timeouts), tcp_retries2, the Nagle + delayed-ACK stall
 *   window.ts      usable window, receiver ACKs with SACK / D-SACK, persist-timer probes, reassembly queue
 *   sim.ts         the seeded two-endpoint transfer simulator (windows, timers, recovery, Nagle, delayed ACK)
 *   scenarios.ts   its named scenarios
 *   render.ts      its output as tcpdump -n -S lines from a vantage point, and a tcptrace-style time-sequence series
 */
export { TransferInputError } from "./errors";
export {
  congestion, cubicWindow, CONGESTION_ALGOS, CONGESTION_EVENTS, CUBIC_BETA, CUBIC_C, DEFAULT_CWND, DEFAULT_SSTHRESH, DUPACK_THRESHOLD,
  type CongestionAlgo, type CongestionEvent, type CongestionEventKind, type CongestionInput, type CongestionStep, type Phase,
} from "./congestion";
export {
  rto, rfc6298Rto, rfc6298Sample, LINUX_MAX_RTO_MS, LINUX_MIN_RTO_MS, RFC_MAX_RTO_MS, RFC_MIN_RTO_MS, RTO_INITIAL_MS,
  type RtoInput, type RtoResult, type RtoStep, type RttEstimator,
} from "./rto";
export {
  persistTimer, receiverAcks, sendWindow,
  type ArrivalKind, type PersistInput, type PersistResult, type Probe, type ReceiverInput, type ReceiverStep, type SackBlock,
  type SendWindowInput, type SendWindowResult, type SeqRange,
} from "./window";
export {
  simulateTransfer, checkTransferOptions, rfc5681InitialWindow, TRANSFER_FAULT_KINDS,
  type SegmentKind, type TransferEvent, type TransferEventKind, type TransferFault, type TransferOptions, type TransferResult,
  type TransferSegment, type TransferState, type TransferTimer,
} from "./sim";
export { ReassemblyQueue } from "./window";
export {
  acceptQueue, ephemeralPorts, frameReads, mssFromMtu, scaledWindow, IP_HEADER, TCP_HEADER, UDP_HEADER, TIMESTAMPS_OPTION, TIME_WAIT_SECONDS,
  type AcceptQueueInput, type Bi, type EphemeralInput, type EphemeralResult, type FramingInput, type FramingRead, type MssInput, type MssResult, type WindowScaleInput, type WindowScaleResult,
} from "./limits";
export {
  keepaliveSchedule, modelTimeout, nagleStall, retransmitGiveUp, synRetries, LINUX_RTO_MAX_MS, LINUX_RTO_MIN_MS, TIMEOUT_INIT_MS,
  type GiveUpInput, type KeepaliveInput, type NagleInput, type SynRetriesInput, type SynRetriesResult,
} from "./timers";
export { listTransferScenarios, simulateTransferScenario, TRANSFER_SCENARIOS, type TransferScenario } from "./scenarios";
export { captured, renderTransferTcpdump, timeSequence, type TimeSequence, type Vantage } from "./render";
