/**
 * Reproduce a run on a real kernel (issue 21 §4): the scenario player exports a small Python
 * script — plain sockets on loopback, an iptables DROP rule for every segment the run loses, sleeps
 * for a slow application — that records the same conversation with tcpdump as root and removes its
 * rules in `finally`. Modelled on the project's own lib/tcp/captures/capture.py.
 *
 * How a loss becomes a rule: each dropped step is matched by its direction (to or from the
 * server's port), its TCP flags (SYN, ACK, FIN, RST; PSH is the kernel's choice) and its IP length
 * on Linux loopback (20 bytes of IP, 20 of TCP, 20 of options on a SYN — MSS, SACK-permitted,
 * timestamps, window scale — and 12 of timestamps otherwise, plus the payload), and only the n-th
 * segment of that shape is dropped (`-m statistic --mode nth --every 1000000 --packet n`), n being
 * how many of the same shape the run sent before it. iptables drops in INPUT, after tcpdump saw
 * the segment, so the capture shows the lost copy, as the player's tcpdump export does.
 *
 * Delay, duplicate and forged RSTs (issue 21 §4) without tc netem (this kernel has no sch_netem,
 * and netem delays every packet of a qdisc) and without NFQUEUE: a packet socket on `lo` (the tap)
 * sees every segment before netfilter's INPUT hook, counts it by the same shape the DROP rules
 * use, and for the n-th segment of a faulty step
 * - delay: an iptables DROP rule loses the original in INPUT, and the tap sends the same IP packet
 *   again 50 ms later through a raw socket (IPPROTO_RAW);
 * - duplicate: the tap sends a copy 1 ms after it;
 * - rst_next / rst_window / rst_outside: the tap sends an RST from the segment's sender to its
 *   receiver, seq = the receiver's RCV.NXT once the segment is in (SEG.SEQ + SEG.LEN, + 1 for a
 *   SYN or FIN), + 1000 or + 2^30, as the simulator aims it.
 * What the script sends itself carries DSCP 1 (TOS 0x04), which an ACCEPT rule at the head of
 * INPUT lets through before the DROP rules count it, and which the tap ignores; tcpdump's text
 * does not show the TOS, so the capture reads as the wire would.
 * The listener scenarios (a SYN flood without and with cookies, data on a SYN, a full accept queue)
 * and tcp-fast-open need sysctls: their script runs itself again inside a network namespace of its
 * own with them (`NAMESPACES`), deletes it in `finally`, and prints `ss -tan` and `nstat`; the flood
 * is a raw socket's spoofed SYNs (see `NAMESPACE_BODIES`).
 * What a script cannot do is said, not faked: `reproduction()` names scenarios that plain sockets,
 * iptables and the tap cannot produce (`NOT_REPRODUCIBLE`, none at present) and the script is not
 * offered for them.
 * Where Linux answers differently from the scenario's RFC reading, `LINUX_DIFFERENCES` says how;
 * reproduce.kernel.test.ts runs every script and checks both.
 */
import type { AppFaults, Bilingual, Fault } from "@/lib/tcp";

/** The part of a step the script needs. */
export interface ReproStep {
  from: "client" | "server";
  flags: string;
  len: number;
  fate: "delivered" | "dropped" | "delayed" | "duplicated";
  /** null: the network's copy or an injected segment */
  segment: number | null;
}

export interface Reproduction {
  /** the script, or null when it cannot be made */
  script: string | null;
  /** why not (scenario) or what it leaves out (faults) */
  limits: Bilingual[];
}

const b = (en: string, zh: string): Bilingual => ({ en, zh });

/** Scenarios that plain sockets, iptables and the tap cannot produce on one machine, and why (none at present). */
export const NOT_REPRODUCIBLE: Record<string, Bilingual> = {};

/** Each side's states in a run or capture, repeats collapsed. */
export interface StatePath { client: string[]; server: string[] }

/**
 * Where Linux (checked on 6.18, loopback, default sysctls) or a capture of it differs from the scenario's
 * RFC 9293 reading, per scenario. The kernel test then expects, instead of the scenario's own
 * states, another scenario's (`states`) or one of the documented paths (`paths`).
 */
export const LINUX_DIFFERENCES: Record<string, { note: Bilingual; states?: string; paths?: StatePath[]; orScenario?: boolean }> = {
  "lost-syn-ack": {
    note: b("When the client's SYN is retransmitted, Linux's listener answers the duplicate SYN with its SYN-ACK again (net/ipv4/tcp_minisocks.c tcp_check_req(), inet_rtx_syn_ack()), where RFC 9293 §3.10.7.4 sends a bare ACK; the states are the same.",
      "客户端重传 SYN 时，Linux 的监听方对重复的 SYN 再发一次 SYN-ACK（net/ipv4/tcp_minisocks.c tcp_check_req()、inet_rtx_syn_ack()），而 RFC 9293 §3.10.7.4 只回一个 ACK；状态相同。"),
  },
  "no-time-wait": {
    note: b("Linux never skips TIME_WAIT (TCP_TIMEWAIT_LEN, 60 s): the retransmitted FIN meets the client in TIME_WAIT and is acknowledged, so the capture is that of lost-last-ack, not a reset.",
      "Linux 从不跳过 TIME_WAIT（TCP_TIMEWAIT_LEN，60 秒）：重传的 FIN 遇到处于 TIME_WAIT 的客户端并得到确认，所以抓包与 lost-last-ack 相同，而不是被重置。"),
    states: "lost-last-ack",
  },
  "simultaneous-open": {
    note: b("On loopback a segment arrives the moment it is sent, so two connect() calls never cross by themselves: the script drops both first SYNs, and their retransmissions cross. The capture shows the two lost SYNs first, so the explainer reads the second end as LISTEN until it sends its own SYN.",
      "在回环接口上报文段一发出就到达，两个 connect() 自己不会交错：脚本丢掉双方的第一个 SYN，让它们的重传交错。抓包开头是两个丢失的 SYN，所以解读器在第二端发出自己的 SYN 之前把它读作 LISTEN。"),
    paths: [{
      client: ["SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"],
      server: ["LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"],
    }],
  },
  "syn-flood": {
    note: b("The scenario follows Linux 6.5+ (net.ipv4.tcp_syn_linear_timeouts, default 4, ip-sysctl.rst): the client's first SYN retransmissions leave 1 s apart before backing off, so the capture shows SYNs at 0, 1, 2, 3, 4, 5 s as the scenario does; the script ends after 5 of them (TCP_SYNCNT 2, 7 s) instead of 10 (about 131 s). A kernel before 6.5 doubles from the first (1, 3, 7, 15, 31, 63 s; RFC 6298 §5.5). The states are the same.",
      "场景按 Linux 6.5 起的行为（net.ipv4.tcp_syn_linear_timeouts，默认 4，见 ip-sysctl.rst）：客户端最初几次 SYN 重传间隔都是 1 秒，之后才退避，所以抓包与场景一样，SYN 出现在 0、1、2、3、4、5 秒；脚本在 5 次重传后结束（TCP_SYNCNT 2，7 秒），而不是 10 次（约 131 秒）。6.5 之前的内核从第一次起就加倍（1、3、7、15、31、63 秒；RFC 6298 §5.5）。状态相同。"),
  },
  "syn-flood-cookies": {
    note: b("A capture cannot show that the listener kept no state: a cookie SYN-ACK looks like any other, so the explainer reads the server SYN_RECEIVED after the SYN, where the scenario keeps it in LISTEN until the ACK returns the cookie. That the cookie was used shows in nstat (TcpExtSyncookiesRecv 1), not in the capture.",
      "抓包无法显示监听方没有保留状态：带 cookie 的 SYN-ACK 与普通的并无两样，所以解读器在 SYN 之后把服务器读作 SYN_RECEIVED，而场景让它停在 LISTEN，直到 ACK 带回 cookie。cookie 是否被使用要看 nstat（TcpExtSyncookiesRecv 为 1），抓包里看不出来。"),
    paths: [{ client: ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"], server: ["SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"] }],
  },
  "accept-queue-full": {
    note: b("Each of the client's ACKs but the last is followed by another SYN-ACK, which shows it was dropped; the last one (the capture ends before the SYN-ACK at 7 s) carries no such evidence, so the explainer reads the server ESTABLISHED from it, where the kernel still holds the connection in SYN-RECV (ss -tan shows it).",
      "客户端的每个 ACK 之后都跟着又一个 SYN-ACK，说明它被丢弃了，只有最后一个例外（抓包在 7 秒的 SYN-ACK 之前结束），它没有这样的证据，所以解读器从它起把服务器读作 ESTABLISHED，而内核仍把这条连接留在 SYN-RECV（ss -tan 可见）。"),
    paths: [{ client: ["SYN_SENT", "ESTABLISHED"], server: ["SYN_RECEIVED", "ESTABLISHED"] }],
  },
  "syn-data": {
    note: b("Linux sends the unacknowledged SYN data again at once with the handshake's ACK (one segment; net/ipv4/tcp_output.c tcp_send_syn_data(): \"the data are retransmitted in the first ACK\"), where the scenario sends a bare ACK and then the data; the states are the same.",
      "Linux 在握手的 ACK 中立即重发未被确认的 SYN 数据（一个报文段；net/ipv4/tcp_output.c tcp_send_syn_data()：“数据在第一个 ACK 中重传”），而场景先发一个纯 ACK 再发数据；状态相同。"),
  },
  "simultaneous-close": {
    note: b("Both ends do go through CLOSING on Linux (ss shows both in TIME-WAIT), but a capture cannot show when the second FIN's sender received the first FIN: the explainer receives it at that end's ACK line, after the peer's ACK, so that end's column reads FIN_WAIT_1 → TIME_WAIT (FIN_WAIT_2 and TIME_WAIT on one line). Which end that is depends on whose FIN reached the wire first. When both FINs reach the capture before either ACK (seen on a loaded machine), both columns read CLOSING, as the scenario does.",
      "在 Linux 上两端确实都经过 CLOSING（ss 显示两端都处于 TIME-WAIT），但抓包无法显示第二个 FIN 的发送方何时收到第一个 FIN：解读器把它放在该端的 ACK 那一行、对端 ACK 之后接收，于是该端一列读作 FIN_WAIT_1 → TIME_WAIT（FIN_WAIT_2 与 TIME_WAIT 在同一行）。是哪一端取决于谁的 FIN 先上线路。若两个 FIN 都在任何 ACK 之前被抓到（在负载较重的机器上见过），两列都读作 CLOSING，与场景一致。"),
    orScenario: true,
    paths: [
      { client: ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"], server: ["SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"] },
      { client: ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"], server: ["SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"] },
    ],
  },
};

/** How the shape of a step is counted (iptables' nth and the tap count the same way). */
function shapeOf(s: ReproStep): { dir: "--dport" | "--sport"; flags: string; length: number; key: string } {
  const dir = s.from === "client" ? "--dport" : "--sport";
  const flags = iptablesFlags(s.flags);
  const length = loopbackLength(s.flags, s.len);
  return { dir, flags, length, key: `${dir} ${flags} ${length}` };
}

/** A fault on a 1-based step number of the run (lib/lab/faults.ts `StepFault`). */
export interface StepFaultLike { step: number; kind: Fault["kind"] }

/** A fault the tap acts on: the n-th (0-based) segment of its shape. */
export interface TapFault {
  dir: "--dport" | "--sport";
  flags: string;
  length: number;
  n: number;
  /** `old_syn`: the scenario old-duplicate-syn's forged SYN of an earlier connection, sent before the real one */
  kind: Exclude<Fault["kind"], "drop"> | "old_syn";
}

/**
 * Scenarios whose own events the tap makes: old-duplicate-syn delays the client's SYN (a DROP rule
 * and the tap's copy 50 ms later, as for `delay`) and sends before it a SYN from the same port with
 * seq = ISS − 10,000, as the simulator injects it.
 */
const SCENARIO_TAPS: Record<string, (steps: readonly ReproStep[]) => TapFault[]> = {
  "old-duplicate-syn": () => [{ dir: "--dport", flags: "SYN", length: loopbackLength("S", 0), n: 0, kind: "old_syn" }],
};

/**
 * The tap's faults of a run: each faulty step's shape and number, and what to do. `faults` are on
 * the run's 1-based step numbers (as the player shows them); a delayed step also gets a DROP rule
 * (`dropRules` reads `fate === "delayed"` as a loss of the original).
 */
export function tapFaults(steps: readonly ReproStep[], faults: readonly StepFaultLike[]): TapFault[] {
  const seen = new Map<string, number>();
  const out: TapFault[] = [];
  for (const [i, s] of steps.entries()) {
    if (s.segment === null) continue;
    const sh = shapeOf(s);
    const n = seen.get(sh.key) ?? 0;
    seen.set(sh.key, n + 1);
    const f = faults.find((x) => x.step === i + 1);
    if (f && f.kind !== "drop") out.push({ dir: sh.dir, flags: sh.flags, length: sh.length, n, kind: f.kind });
  }
  return out;
}

/** The IP length of a segment on Linux loopback (see the top of this file). */
export function loopbackLength(flags: string, len: number): number {
  return 20 + 20 + (flags.includes("S") ? 20 : 12) + len;
}

/** The tcp-flags value iptables matches (mask SYN,ACK,FIN,RST). */
export function iptablesFlags(flags: string): string {
  const out = [flags.includes("S") && "SYN", flags.includes(".") && "ACK", flags.includes("F") && "FIN", flags.includes("R") && "RST"].filter(Boolean);
  return out.length > 0 ? out.join(",") : "NONE";
}

/** One DROP rule per dropped step: direction, flags, length, and which of that shape. */
export function dropRules(steps: readonly ReproStep[]): string[][] {
  const seen = new Map<string, number>();
  const rules: string[][] = [];
  for (const s of steps) {
    if (s.segment === null) continue;
    const { dir, key: shape } = shapeOf(s);
    const n = seen.get(shape) ?? 0;
    seen.set(shape, n + 1);
    // a delayed segment: the original is lost in INPUT, the tap sends it again later
    if (s.fate !== "dropped" && s.fate !== "delayed") continue;
    rules.push([dir, "PORT", "--tcp-flags", "SYN,ACK,FIN,RST", iptablesFlags(s.flags), "-m", "length", "--length", String(loopbackLength(s.flags, s.len)),
      "-m", "statistic", "--mode", "nth", "--every", "1000000", "--packet", String(n)]);
  }
  return rules;
}

/** The body of `run(port)` per scenario: what the two applications do (client request 100 bytes, answer 200). */
const BODIES: Record<string, string> = {
  "client-close": `
    l = listener(port); c = connect(port); s = accept(l)
    c.sendall(b"q" * 100); recv_n(s, 100)
    s.sendall(b"r" * 200); recv_n(c, 200)
    time.sleep(0.05); c.close(); time.sleep(0.05)
    s.recv(10); close_passive(s)`,
  "server-close": `
    l = listener(port); c = connect(port); s = accept(l)
    c.sendall(b"q" * 100); recv_n(s, 100)
    s.sendall(b"r" * 200); recv_n(c, 200)
    time.sleep(0.05); s.close(); time.sleep(0.05)
    c.recv(10); close_passive(c)`,
  "lost-third-ack-data": `
    l = listener(port); c = connect(port)
    c.sendall(b"q" * 100)
    s = accept(l); recv_n(s, 100)
    s.sendall(b"r" * 200); recv_n(c, 200)
    time.sleep(0.05); c.close(); time.sleep(0.05)
    s.recv(10); close_passive(s)`,
  "simultaneous-close": `
    for attempt in range(400):
        l = listener(port); c = connect(port); s = accept(l); l.close()
        c.sendall(b"q" * 100); recv_n(s, 100); s.sendall(b"r" * 200); recv_n(c, 200)
        t = time.time() + 0.02
        pid = os.fork()
        if pid == 0:
            while time.time() < t: pass
            s.shutdown(socket.SHUT_WR); os._exit(0)
        while time.time() < t: pass
        c.shutdown(socket.SHUT_WR)
        os.waitpid(pid, 0); time.sleep(0.01)
        cport = c.getsockname()[1]
        states = subprocess.run(["ss", "-tanH", f"( sport = :{cport} or dport = :{cport} )"], capture_output=True, text=True).stdout
        c.close(); s.close()
        if sum(1 for x in states.splitlines() if x.startswith("TIME-WAIT")) >= 2:
            return f"port {cport}"  # print only the attempt whose FINs crossed
        time.sleep(0.05)
    raise SystemExit("the FINs never crossed in 400 attempts")`,
  "closed-port": `
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", port))
    except ConnectionRefusedError:
        print("connect: connection refused", file=sys.stderr)
    c.close()`,
  "abortive-close": `
    l = listener(port); c = connect(port); s = accept(l)
    c.sendall(b"q" * 100); recv_n(s, 100)
    s.sendall(b"r" * 200); recv_n(c, 200)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close(); time.sleep(0.05)
    try:
        s.recv(10)
    except OSError as e:
        print("server recv:", e, file=sys.stderr)
    s.close()`,
  "half-close": `
    l = listener(port); c = connect(port); s = accept(l)
    c.sendall(b"q" * 100); c.shutdown(socket.SHUT_WR); time.sleep(0.05)
    recv_n(s, 100); s.recv(10)  # the request, then end of stream
    for i in range(3):
        s.sendall(b"r" * 300); time.sleep(0.05)
    recv_n(c, 900); time.sleep(0.05)
    close_passive(s); time.sleep(0.05); c.recv(10); c.close()`,
  "simultaneous-open": `
    a, b = socket.socket(), socket.socket()
    for x, p in ((a, port), (b, port + 1)):
        x.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); x.bind(("127.0.0.1", p)); x.setblocking(False)
    hold = ["--tcp-flags", "SYN,ACK,FIN,RST", "SYN", "-m", "multiport", "--ports", f"{port},{port + 1}"]
    drop(hold)
    for x, p in ((a, port + 1), (b, port)):
        try:
            x.connect(("127.0.0.1", p))
        except BlockingIOError:
            pass
    time.sleep(0.5); undrop(hold); time.sleep(1.5)
    a.setblocking(True); b.setblocking(True)
    a.sendall(b"q" * 100); recv_n(b, 100); b.sendall(b"r" * 200); recv_n(a, 200)
    time.sleep(0.05); a.close(); time.sleep(0.05); b.recv(10); close_passive(b)`,
  "tcp-fast-open": `
    l = listener(port); l.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 5)
    ports = []
    for i in range(2):  # the first connection fetches the cookie, the second uses it
        c = socket.socket(); c.bind(("127.0.0.1", 0)); ports.append(c.getsockname()[1])
        c.sendto(b"q" * 100, socket.MSG_FASTOPEN, ("127.0.0.1", port))
        s = accept(l) if i == 1 else l.accept()[0]
        recv_n(s, 100); s.sendall(b"r" * 200); recv_n(c, 200)
        time.sleep(0.05); c.close(); time.sleep(0.05); s.recv(10); close_passive(s) if i == 1 else s.close()
        time.sleep(0.1)
    return f"port {ports[1]}"`,
};
/**
 * The listener scenarios (issue 21 §4): a SYN flood, data on a SYN, a full accept queue. They (and
 * tcp-fast-open, whose body is above) run in
 * a network namespace of their own (`ip netns`, deleted in `finally`), so the sysctls they need
 * (`NAMESPACES`) and the flood never touch the host; `show()` prints `ss -tan` and the listener's
 * counters (`nstat`, net/ipv4/proc.c names; a fresh namespace counts from 0) on stderr.
 */
const FLOOD_BODY = (cookies: boolean) => `
    drop(["-d", "127.0.0.2"])  # the flood's SYN-ACKs go nowhere (no RST frees a half-open entry)
    l = listener(port)  # backlog 8: the SYN queue holds 9 half-open connections (qlen > backlog is full)
    flood = Flood(port); flood.start(); time.sleep(0.5)
    c = socket.socket(); c.bind(("127.0.0.1", 0)); cport = c.getsockname()[1]
${cookies ? `    c.connect(("127.0.0.1", port))  # answered with a cookie SYN-ACK at once
    s, _ = l.accept(); show(port)
    flood.done.set(); flood.join()
    c.sendall(b"q" * 100); recv_n(s, 100)
    s.sendall(b"r" * 200); recv_n(c, 200)
    time.sleep(0.05); c.close(); time.sleep(0.05)
    s.recv(10); close_passive(s)` : `    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, 2)  # give up after 2 retransmissions (7 s), not 6 (127 s)
    threading.Timer(2.0, show, [port]).start()  # while the client waits
    try:
        c.connect(("127.0.0.1", port))
    except OSError as e:
        print("connect:", e, file=sys.stderr)  # timed out: every SYN was dropped
    flood.done.set(); flood.join()`}
    return f"port {cport}"`;

const NAMESPACE_BODIES: Record<string, string> = {
  "syn-flood": FLOOD_BODY(false),
  "syn-flood-cookies": FLOOD_BODY(true),
  "syn-data": `
    l = listener(port)  # no TCP_FASTOPEN on the listener: it ignores data on a SYN
    c = socket.socket()
    c.sendto(b"q" * 100, socket.MSG_FASTOPEN, ("127.0.0.1", port))  # tcp_fastopen = 5: the data on the SYN, no cookie option
    s = accept(l); recv_n(s, 100)  # the data came again after the handshake
    s.sendall(b"r" * 200); recv_n(c, 200)
    time.sleep(0.05); c.close(); time.sleep(0.05)
    s.recv(10); close_passive(s); show(port)`,
  "accept-queue-full": `
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port)); l.listen(1)  # and never accept(): the accept queue holds backlog + 1 = 2
    first = connect(port)  # one connection already waits for accept()
    c = socket.socket(); c.bind(("127.0.0.1", 0)); cport = c.getsockname()[1]
    hold = ["--sport", str(cport), "--tcp-flags", "SYN,ACK,FIN,RST", "ACK"]
    drop(hold)  # our ACK is held back ...
    c.connect(("127.0.0.1", port))  # ... so our client is ESTABLISHED, the server still SYN-RECV,
    other = connect(port)  # ... while another client's handshake completes: the accept queue is full
    undrop(hold)
    time.sleep(3.5)  # the SYN-ACK comes again at 1 s and 3 s; the listener drops each ACK of ours
    show(port)
    KEEP.extend([l, first, c, other])  # open until the capture ends
    return f"port {cport}"`,
};

/** The sysctls of each listener scenario's namespace (ip-sysctl.rst). */
const NAMESPACES: Record<string, Record<string, string>> = {
  "syn-flood": { "net.ipv4.tcp_syncookies": "0" },
  "syn-flood-cookies": { "net.ipv4.tcp_syncookies": "1" },
  // 0x1 client on, 0x4 data on the SYN without a cookie option (TFO_CLIENT_NO_COOKIE); no server bit
  "syn-data": { "net.ipv4.tcp_fastopen": "5" },
  "accept-queue-full": { "net.ipv4.tcp_abort_on_overflow": "0" },
  // 0x1 client, 0x2 server (ip-sysctl.rst): the first connection gets the cookie, the second sends data on the SYN
  "tcp-fast-open": { "net.ipv4.tcp_fastopen": "3" },
};
Object.assign(BODIES, NAMESPACE_BODIES);

/** What a listener script does its own way, said with the script. */
export const SCRIPT_NOTES: Record<string, Bilingual> = {
  "syn-flood": b("The script floods from 127.0.0.2 (20 SYNs every 20 ms, a new port each) against a listener with backlog 8, in a namespace with tcp_syncookies = 0, and drops the SYN-ACKs to 127.0.0.2. The client gives up after 2 retransmissions (TCP_SYNCNT, 7 s) instead of 6 (about 127 s); the states are the same. Expect in ss -tan: LISTEN 0 8, nine SYN-RECV from 127.0.0.2, the client SYN-SENT; in nstat: TcpExtTCPReqQFullDrop and TcpExtListenDrops growing with every dropped SYN, TcpExtSyncookiesSent 0.",
    "脚本从 127.0.0.2 发起洪泛（每 20 毫秒 20 个 SYN，每个换一个端口），目标是 backlog 为 8 的监听套接字，运行在 tcp_syncookies = 0 的网络命名空间里，并丢弃发往 127.0.0.2 的 SYN-ACK。客户端重传 2 次后放弃（TCP_SYNCNT，7 秒），而不是 6 次（约 127 秒）；状态相同。ss -tan 中应看到：LISTEN 0 8、来自 127.0.0.2 的九个 SYN-RECV、处于 SYN-SENT 的客户端；nstat 中：TcpExtTCPReqQFullDrop 和 TcpExtListenDrops 随每个被丢弃的 SYN 增长，TcpExtSyncookiesSent 为 0。"),
  "syn-flood-cookies": b("The same flood in a namespace with tcp_syncookies = 1. Expect in nstat: TcpExtTCPReqQFullDoCookies and TcpExtSyncookiesSent for every SYN answered with a cookie (the flood's too), TcpExtSyncookiesRecv 1 for the client's ACK that returned a valid one; in ss -tan the client's connection ESTAB beside the flood's nine SYN-RECV.",
    "同样的洪泛，运行在 tcp_syncookies = 1 的命名空间里。nstat 中应看到：每个用 cookie 回应的 SYN（包括洪泛的）都计入 TcpExtTCPReqQFullDoCookies 和 TcpExtSyncookiesSent，客户端带回有效 cookie 的 ACK 使 TcpExtSyncookiesRecv 为 1；ss -tan 中客户端的连接为 ESTAB，旁边是洪泛的九个 SYN-RECV。"),
  "syn-data": b("Linux sends data on a SYN without a Fast Open option only with net.ipv4.tcp_fastopen bit 0x4 (TFO_CLIENT_NO_COOKIE, ip-sysctl.rst), set to 5 in the script's namespace; the listener has no TCP_FASTOPEN, so it acknowledges only the SYN and the client sends the 100 bytes again with the handshake's ACK (tcp_rcv_fastopen_synack(), counted as TcpExtTCPFastOpenActiveFail).",
    "Linux 只有在 net.ipv4.tcp_fastopen 含 0x4 位（TFO_CLIENT_NO_COOKIE，见 ip-sysctl.rst）时才会在不带 Fast Open 选项的 SYN 中携带数据；脚本在其命名空间中把它设为 5。监听套接字没有设置 TCP_FASTOPEN，所以只确认 SYN，客户端在握手的 ACK 中重发这 100 字节（tcp_rcv_fastopen_synack()，计入 TcpExtTCPFastOpenActiveFail）。"),
  "accept-queue-full": b("The listener has backlog 1 and never calls accept(), so its accept queue holds 2; one connection already waits. To let another client complete its handshake while ours is half done, the script holds back our first ACK with an iptables rule (a loss on the wire), and the listener drops the ACKs that answer its SYN-ACK retransmissions at 1 s and 3 s (tcp_abort_on_overflow = 0). Expect in ss -tan: LISTEN 2 1, our client ESTAB, the server's side of it SYN-RECV; in nstat: TcpExtListenOverflows and TcpExtListenDrops 2. The script ends after 3.5 s, before the server's later SYN-ACKs (7, 15, 31 s).",
    "监听套接字的 backlog 为 1 且从不调用 accept()，所以全连接队列可容纳 2 个连接，其中一个已在等待。为了让另一个客户端在我们握手进行到一半时完成握手，脚本用一条 iptables 规则拦下我们的第一个 ACK（线路上的一次丢失）；之后服务器在 1 秒和 3 秒重传 SYN-ACK，我们回应的 ACK 都被监听方丢弃（tcp_abort_on_overflow = 0）。ss -tan 中应看到：LISTEN 2 1、我们的客户端为 ESTAB、服务器一侧为 SYN-RECV；nstat 中：TcpExtListenOverflows 和 TcpExtListenDrops 为 2。脚本在 3.5 秒后结束，不等服务器之后的 SYN-ACK（7、15、31 秒）。"),
};

/** Scenarios whose dropped steps (without a learner's drop) are the listener's, not the network's. */
const LISTENER_DROPS = new Set(["syn-flood", "accept-queue-full"]);

// the loss scenarios are client-close with the losses their steps show (the drop rules do the rest)
for (const name of ["lost-syn", "lost-syn-ack", "lost-third-ack", "lost-last-ack", "no-time-wait", "old-duplicate-syn"]) BODIES[name] = BODIES["client-close"];

const PY_HEAD = `#!/usr/bin/env python3
"""TCP Drill scenario {{TITLE}} on a real Linux kernel.

Run as root (iptables and tcpdump need it):  sudo python3 {{FILE}} [--port N] [--pcap FILE]
It records the conversation on loopback with tcpdump and prints it as \`tcpdump -n -S\` text,
which the TCP Drill trace explainer reads. Every iptables rule it adds is removed in \`finally\`.
{{NOTES}}"""
import argparse, os, signal, socket, struct, subprocess, sys, threading, time

SLOW_ACCEPT = {{SLOW_ACCEPT}}   # the server application calls accept() 3 s late
SLOW_CLOSE = {{SLOW_CLOSE}}    # the side that receives the first FIN calls close() 3 s late
# one DROP rule per segment the run loses or delays ("PORT" is the server's port)
LOSSES = {{LOSSES}}
# segments the tap delays, duplicates or follows with a forged RST: direction, flags, IP length, which of that shape, what
TAPPED = {{TAPPED}}
RULES = []
MARK = 0x04  # TOS of what this script sends itself (DSCP 1): let through first, never counted
DELAY = 0.05  # seconds a delayed segment is held
RST_OFFSET = {"rst_next": 0, "rst_window": 1000, "rst_outside": 1 << 30}
FLAG_BITS = (("FIN", 0x01), ("SYN", 0x02), ("RST", 0x04), ("ACK", 0x10))


def checksum(data):
    if len(data) % 2:
        data += b"\\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


class Tap(threading.Thread):
    """Sees each segment on lo before iptables' INPUT, counts it by shape, and delays, copies or follows it with a forged RST."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.seen, self.done = port, {}, threading.Event()
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
        self.sock.bind(("lo", 0)); self.sock.settimeout(0.05)
        self.raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)

    def send(self, ip, after):
        # loopback leaves the TCP checksum to "hardware" (CHECKSUM_PARTIAL): what the tap saw has none, so compute it
        ip = bytearray(ip); ip[1] = MARK; ip[10:12] = b"\\0\\0"  # the kernel fills in the IP checksum
        ihl = (ip[0] & 0x0F) * 4
        tcp = bytearray(ip[ihl:]); tcp[16:18] = b"\\0\\0"
        tcp[16:18] = struct.pack("!H", checksum(bytes(ip[12:20]) + struct.pack("!BBH", 0, 6, len(tcp)) + bytes(tcp)))
        ip[ihl:] = tcp
        out = lambda: self.raw.sendto(bytes(ip), ("127.0.0.1", 0))
        if after > 0:
            threading.Timer(after, out).start()
        else:
            out()  # right behind the segment

    def old_syn(self, ip, tcp):
        src, dst = ip[12:16], ip[16:20]
        sport, dport, seq = struct.unpack("!HHI", tcp[:8])
        hdr = struct.pack("!HHIIBBHHH", sport, dport, (seq - 10000) & 0xFFFFFFFF, 0, 5 << 4, 0x02, 65535, 0, 0)
        self.send(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(hdr), 0, 0, 64, 6, 0, src, dst) + hdr, 0)

    def rst(self, ip, tcp, plen, flags, kind):
        src, dst = ip[12:16], ip[16:20]
        sport, dport, seq = struct.unpack("!HHI", tcp[:8])
        nxt = (seq + plen + (1 if flags & 0x03 else 0) + RST_OFFSET[kind]) & 0xFFFFFFFF
        hdr = struct.pack("!HHIIBBHHH", sport, dport, nxt, 0, 5 << 4, 0x04, 0, 0, 0)
        self.send(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(hdr), 0, 0, 64, 6, 0, src, dst) + hdr, 0)

    def run(self):
        while not self.done.is_set():
            try:
                frame, addr = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            if addr[2] == socket.PACKET_OUTGOING:
                continue  # loopback shows a packet twice, leaving and arriving: count it once
            ip = frame[14:]
            if len(ip) < 40 or ip[9] != 6 or ip[1] == MARK:
                continue
            ihl = (ip[0] & 0x0F) * 4
            tcp = ip[ihl:]
            sport, dport = struct.unpack("!HH", tcp[:4])
            if self.port not in (sport, dport):
                continue
            flags = tcp[13]
            names = ",".join(n for n, bit in (("SYN", 0x02), ("ACK", 0x10), ("FIN", 0x01), ("RST", 0x04)) if flags & bit) or "NONE"
            total = struct.unpack("!H", ip[2:4])[0]
            shape = ("--dport" if dport == self.port else "--sport", names, total)
            n = self.seen.get(shape, 0); self.seen[shape] = n + 1
            for d, f, length, nth, kind in TAPPED:
                if (d, f, length, nth) != (*shape, n):
                    continue
                if kind == "delay":
                    self.send(ip[:total], DELAY)
                elif kind == "old_syn":
                    self.old_syn(ip, tcp); self.send(ip[:total], DELAY)
                elif kind == "duplicate":
                    self.send(ip[:total], 0)
                else:
                    self.rst(ip, tcp, total - ihl - (tcp[12] >> 4) * 4, flags, kind)


def drop(spec):
    subprocess.run(["iptables", "-A", "INPUT", "-i", "lo", "-p", "tcp", *spec, "-j", "DROP"], check=True)
    RULES.append(spec)


def undrop(spec):
    if spec in RULES:
        RULES.remove(spec)
        subprocess.run(["iptables", "-D", "INPUT", "-i", "lo", "-p", "tcp", *spec, "-j", "DROP"], check=False)


def listener(port):
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port)); l.listen(8)
    return l


def connect(port):
    c = socket.socket(); c.connect(("127.0.0.1", port))
    return c


def accept(l):
    if SLOW_ACCEPT:
        time.sleep(3.0)
    s, _ = l.accept(); l.close()
    return s


def recv_n(sock, n):
    got = 0
    while got < n:
        d = sock.recv(n - got)
        if not d:
            break
        got += len(d)
    if TAPPED:
        time.sleep(0.005)  # let the tap's copy or forged RST land right behind the segment, before the answer


def close_passive(sock):
    if SLOW_CLOSE:
        time.sleep(3.0)
    sock.close()


def run(port):
    """What the two applications do; returns a tcpdump filter when only part of the capture is this run."""
`;

/** Python for the listener scripts: `show()`, and the flood for the SYN-flood ones. */
const PY_SHOW = `

KEEP = []  # sockets that stay open until the capture ends
COUNTERS = ["TcpExtListenOverflows", "TcpExtListenDrops", "TcpExtTCPReqQFullDrop", "TcpExtTCPReqQFullDoCookies",
            "TcpExtSyncookiesSent", "TcpExtSyncookiesRecv", "TcpExtSyncookiesFailed", "TcpExtTCPFastOpenActiveFail"]


def show(port):
    """What ss -tan and nstat show now, on stderr: the queues, and the counters of this namespace (from 0)."""
    ss = subprocess.run(["ss", "-tan", f"( sport = :{port} or dport = :{port} )"], capture_output=True, text=True).stdout
    counters = subprocess.run(["nstat", "-asz", *COUNTERS], capture_output=True, text=True).stdout
    print(f"--- ss -tan\\n{ss}--- nstat -asz\\n{counters}", file=sys.stderr, end="")
`;

const PY_FLOOD = `

class Flood(threading.Thread):
    """Spoofed SYNs from 127.0.0.2, a new source port each, 20 every 20 ms, until done is set."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.done = port, threading.Event()
        self.raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)

    def syn(self, sport):
        src, dst = socket.inet_aton("127.0.0.2"), socket.inet_aton("127.0.0.1")
        seq = struct.unpack("!I", os.urandom(4))[0]
        tcp = struct.pack("!HHIIBBHHH", sport, self.port, seq, 0, 5 << 4, 0x02, 65535, 0, 0)
        tcp = tcp[:16] + struct.pack("!H", checksum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
        return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0, 64, 6, 0, src, dst) + tcp

    def run(self):
        sport = 20000
        while not self.done.is_set():
            for _ in range(20):
                sport = 20000 + (sport - 19999) % 40000
                self.raw.sendto(self.syn(sport), ("127.0.0.1", 0))
            time.sleep(0.02)
`;

/** The namespace around a listener script: made, set up, and deleted even on failure or timeout. */
const PY_NAMESPACE = `

def in_namespace(a):
    """Run this script again inside a new network namespace with NAMESPACE's sysctls; delete it afterwards."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # so that finally runs
    ns = f"tcp-drill-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    p = None
    try:
        subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True)
        for key, value in NAMESPACE.items():
            subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-qw", f"{key}={value}"], check=True)
        p = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__), "--inside", *sys.argv[1:]],
                             start_new_session=True)
        return p.wait(timeout=60)
    finally:
        if p and p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL); p.wait()  # tcpdump too: a namespace lives while a process is in it
        subprocess.run(["ip", "netns", "del", ns], check=False)
`;

const PY_TAIL = `

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default={{PORT}})
    ap.add_argument("--pcap", default="/tmp/tcp-drill-{{NAME}}.pcap")
    ap.add_argument("--wait", type=float, default={{WAIT}}, help="seconds to keep capturing for retransmissions"){{NAMESPACE_ARG}}
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root: iptables and tcpdump need it"){{NAMESPACE_MAIN}}
    td = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-w", a.pcap, f"tcp port {a.port}"],
                          stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    only = None
    tap = None
    mark = ["-i", "lo", "-p", "tcp", "-m", "dscp", "--dscp", "1", "-j", "ACCEPT"]
    try:
        if TAPPED:
            socket.setdefaulttimeout(10)  # a forged RST may leave an application waiting for an answer
            subprocess.run(["iptables", "-I", "INPUT", "1", *mark], check=True)
            tap = Tap(a.port); tap.start()
        for spec in LOSSES:
            drop([str(a.port) if x == "PORT" else x for x in spec])
        try:
            only = run(a.port)
        except OSError as e:  # a forged RST reset the connection under the application
            print("the application saw:", e, file=sys.stderr)
        time.sleep(a.wait)
    finally:
        if tap:
            tap.done.set(); tap.join()
            subprocess.run(["iptables", "-D", "INPUT", *mark], check=False)
        for spec in list(RULES):
            undrop(spec)
        time.sleep(0.3)
        td.terminate(); td.wait()
    print(subprocess.run(["tcpdump", "-n", "-S", "-r", a.pcap, *([only] if only else [])], capture_output=True, text=True).stdout, end="")


if __name__ == "__main__":
    main()
`;

/** How long the script keeps capturing after the applications are done: retransmissions need it. */
function waitFor(steps: readonly ReproStep[]): number {
  return steps.some((s) => s.fate === "dropped") ? 2.5 : 0.3;
}

/** Python's repr of the tap's faults. */
function pyTapped(faults: readonly TapFault[]): string {
  if (faults.length === 0) return "[]";
  return `[\n${faults.map((f) => `    (${JSON.stringify(f.dir)}, ${JSON.stringify(f.flags)}, ${f.length}, ${f.n}, ${JSON.stringify(f.kind)}),`).join("\n")}\n]`;
}

/** Python's repr of the rules. */
function pyList(rules: string[][]): string {
  if (rules.length === 0) return "[]";
  return `[\n${rules.map((r) => `    [${r.map((x) => JSON.stringify(x)).join(", ")}],`).join("\n")}\n]`;
}

/**
 * The script for a run: the scenario, the run's steps (its losses, the scenario's own and the
 * learner's), the learner's faults and the slow application. `port` is the default server port.
 */
export function reproduction(scenario: string, steps: readonly ReproStep[], faults: readonly StepFaultLike[], app: AppFaults, port = 41000): Reproduction {
  const not = NOT_REPRODUCIBLE[scenario];
  const body = BODIES[scenario];
  if (not || !body) return { script: null, limits: [not ?? b(`No script for ${scenario}.`, `${scenario} 没有脚本。`)] };
  const limits: Bilingual[] = [];
  const diff = LINUX_DIFFERENCES[scenario];
  if (diff) limits.push(diff.note);
  const own = SCRIPT_NOTES[scenario];
  if (own) limits.push(own);
  // the listener's own drops are the kernel's doing, not rules'; the learner's drops are the network's
  const lost = LISTENER_DROPS.has(scenario)
    ? steps.map((s, i) => s.fate === "dropped" && !faults.some((f) => f.step === i + 1 && f.kind === "drop") ? { ...s, fate: "delivered" as const } : s)
    : steps;
  // accept-queue-full: the other clients' segments have our segments' shapes, so the rules and the tap would miscount
  const scripted = scenario !== "accept-queue-full";
  const ownFaults = scripted ? faults : [];
  if (!scripted && faults.length > 0) limits.push(b("The learner's faults are not in this script: the other clients' segments have the same shapes as ours, so a rule or the tap could not tell which n-th segment is meant.",
    "本脚本不包含学习者添加的故障：其他客户端的报文段与我们的形状相同，规则或抓包分路器无法分辨第 n 个指的是哪一个。"));
  const ns = NAMESPACES[scenario];
  const notes = limits.map((l) => `\nNote: ${l.en}\n`).join("")
    + (ns ? "\nIt runs in a network namespace of its own (ip netns, deleted at the end), so neither its sysctls nor its traffic touch this machine's.\n" : "");
  const script = PY_HEAD
    .replace("{{TITLE}}", scenario)
    .replace("{{FILE}}", `tcp-drill-${scenario}.py`)
    .replace("{{NOTES}}", notes.replace(/"""/g, "'''"))
    .replace("{{SLOW_ACCEPT}}", app.slowAccept ? "True" : "False")
    .replace("{{SLOW_CLOSE}}", app.slowClose ? "True" : "False")
    .replace("{{LOSSES}}", pyList(scripted ? dropRules(lost) : []))
    .replace("{{TAPPED}}", pyTapped([...(SCENARIO_TAPS[scenario]?.(steps) ?? []), ...tapFaults(steps, ownFaults)]))
    + body.replace(/^\n/, "") + "\n"
    + (ns ? `${PY_SHOW}${scenario.startsWith("syn-flood") ? PY_FLOOD : ""}${PY_NAMESPACE}\nNAMESPACE = ${JSON.stringify(ns)}  # the namespace's sysctls\n` : "")
    + PY_TAIL.replace("{{PORT}}", String(port)).replace("{{NAME}}", scenario).replace("{{WAIT}}", String(waitFor(lost)))
      .replace("{{NAMESPACE_ARG}}", ns ? `\n    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)` : "")
      .replace("{{NAMESPACE_MAIN}}", ns ? "\n    if not a.inside:\n        sys.exit(in_namespace(a))" : "");
  return { script, limits };
}
