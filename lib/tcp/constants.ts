/**
 * Timer and queue constants. The RFC gives few numbers; where these follow Linux they say so,
 * with the name Linux uses (include/net/tcp.h, Documentation/networking/ip-sysctl.rst).
 */

/** RFC 9293 §3.4.2: "the Maximum Segment Lifetime (MSL) ... is arbitrarily defined to be 2 minutes". */
export const RFC_MSL_MS = 120_000;
/**
 * Linux TCP_TIMEWAIT_LEN: TIME_WAIT lasts a fixed 60 s whatever the MSL. We default the MSL to
 * 30 s so that 2MSL equals Linux's 60 s; the RFC's 2 minutes would make it 4 minutes.
 */
export const LINUX_TIME_WAIT_MS = 60_000;
export const DEFAULT_MSL_MS = LINUX_TIME_WAIT_MS / 2;
/** Linux TCP_TIMEOUT_INIT and RFC 6298 §2.1: the initial retransmission timeout is 1 s. */
export const INITIAL_RTO_MS = 1_000;
/** Linux TCP_RTO_MAX: the back-off stops doubling at 120 s. */
export const RTO_MAX_MS = 120_000;
/**
 * Linux net.ipv4.tcp_syn_retries default: 6. Before Linux 6.5 a SYN was retransmitted 6 times with
 * doubling timeouts (connect() failed after about 127 s); since 6.5 tcp_syn_linear_timeouts (default 4)
 * keeps the first timeouts at 1 s and adds that many retransmissions (10 in all, failing after about 131 s;
 * net/ipv4/tcp_timer.c tcp_write_timeout()). The scenario simulator follows 6.5+ (lib/tcp/simulator.ts).
 */
export const LINUX_TCP_SYN_RETRIES = 6;
/** Linux net.ipv4.tcp_syn_linear_timeouts default (since 6.5, commit ccce324dabfe "tcp: make the first N SYN RTO backoffs linear"): 4. */
export const LINUX_TCP_SYN_LINEAR_TIMEOUTS = 4;
/** Linux net.ipv4.tcp_synack_retries default: a SYN-ACK is retransmitted 5 times (about 63 s). */
export const LINUX_TCP_SYNACK_RETRIES = 5;
/** Linux net.ipv4.tcp_retries2 default: data and FIN are retransmitted up to 15 times. */
export const LINUX_TCP_RETRIES2 = 15;
/** One-way delay of the simulated network. */
export const SIM_LATENCY_MS = 10;
/** Extra time a "delay" fault holds a segment, enough for the next one to overtake it. */
export const SIM_DELAY_FAULT_MS = 25;
/** How late a slow application (SimOptions.app) makes its call. Below Linux tcp_fin_timeout (60 s), so an orphaned FIN_WAIT_2 waits it out. */
export const SIM_SLOW_APP_MS = 3_000;
/** Where an injected `rst_window` RST lands: this far above RCV.NXT (inside SIM_WINDOW). */
export const SIM_RST_WINDOW_OFFSET = 1_000;
/** Where an injected `rst_outside` RST lands: this far above RCV.NXT (far outside any window). */
export const SIM_RST_OUTSIDE_OFFSET = 0x4000_0000;
/** Receive window the simulated endpoints advertise (no window scaling). */
export const SIM_WINDOW = 65_535;
/** Receive window assumed when annotating a capture: tcpdump shows scaled windows we cannot undo. */
export const ANNOTATE_WINDOW = 0x4000_0000;
