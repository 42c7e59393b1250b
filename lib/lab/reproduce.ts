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
 * What a script cannot do is said, not faked: `reproduction()` names scenarios and faults that
 * plain sockets and iptables cannot produce (a SYN flood, data on a SYN without Fast Open, a
 * forged old SYN, delaying or copying one packet, forging an RST) and the script is not offered for them.
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

/** Scenarios that plain sockets and iptables cannot produce on one machine, and why. */
export const NOT_REPRODUCIBLE: Record<string, Bilingual> = {
  "syn-flood": b("A SYN flood needs thousands of spoofed SYNs and tcp_syncookies = 0 for the whole machine; this script does not do that to your machine.",
    "SYN 洪泛需要成千上万个伪造的 SYN，并把整台机器的 tcp_syncookies 设为 0；本脚本不会这样对待你的机器。"),
  "syn-flood-cookies": b("A SYN flood needs thousands of spoofed SYNs; this script does not do that to your machine.",
    "SYN 洪泛需要成千上万个伪造的 SYN；本脚本不会这样对待你的机器。"),
  "syn-data": b("Linux puts data on a SYN only with TCP Fast Open (MSG_FASTOPEN); a SYN with data and no Fast Open option must be forged with a raw socket.",
    "Linux 只在使用 TCP Fast Open（MSG_FASTOPEN）时才在 SYN 中携带数据；不带 Fast Open 选项而携带数据的 SYN 只能用原始套接字伪造。"),
  "old-duplicate-syn": b("An old duplicate SYN from an earlier connection must be forged with a raw socket, timed against the real SYN.",
    "来自早先连接的旧重复 SYN 必须用原始套接字伪造，并与真正的 SYN 精确配合时机。"),
  "accept-queue-full": b("The overflow depends on another client completing its handshake while our SYN-ACK is in flight; lib/tcp/captures/capture.py (accept_overflow) records a real one with two clients.",
    "队列溢出取决于另一个客户端恰好在我们的 SYN-ACK 途中完成握手；lib/tcp/captures/capture.py（accept_overflow）用两个客户端录下了真实的一次。"),
};

/** Each side's states in a run or capture, repeats collapsed. */
export interface StatePath { client: string[]; server: string[] }

/**
 * Where Linux (checked on 6.18, loopback, default sysctls) or a capture of it differs from the scenario's
 * RFC 9293 reading, per scenario. The kernel test then expects, instead of the scenario's own
 * states, another scenario's (`states`) or one of the documented paths (`paths`).
 */
export const LINUX_DIFFERENCES: Record<string, { note: Bilingual; states?: string; paths?: StatePath[] }> = {
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
  "simultaneous-close": {
    note: b("Both ends do go through CLOSING on Linux (ss shows both in TIME-WAIT), but a capture cannot show when the second FIN's sender received the first FIN: the explainer receives it at that end's ACK line, after the peer's ACK, so that end's column reads FIN_WAIT_1 → TIME_WAIT (FIN_WAIT_2 and TIME_WAIT on one line). Which end that is depends on whose FIN reached the wire first.",
      "在 Linux 上两端确实都经过 CLOSING（ss 显示两端都处于 TIME-WAIT），但抓包无法显示第二个 FIN 的发送方何时收到第一个 FIN：解读器把它放在该端的 ACK 那一行、对端 ACK 之后接收，于是该端一列读作 FIN_WAIT_1 → TIME_WAIT（FIN_WAIT_2 与 TIME_WAIT 在同一行）。是哪一端取决于谁的 FIN 先上线路。"),
    paths: [
      { client: ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"], server: ["SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"] },
      { client: ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"], server: ["SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"] },
    ],
  },
};

/** Fault kinds a script reproduces: drops by iptables; the others are named in `limits`. */
const SCRIPTED: readonly Fault["kind"][] = ["drop"];

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
    const dir = s.from === "client" ? "--dport" : "--sport";
    const shape = `${dir} ${iptablesFlags(s.flags)} ${loopbackLength(s.flags, s.len)}`;
    const n = seen.get(shape) ?? 0;
    seen.set(shape, n + 1);
    if (s.fate !== "dropped") continue;
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
    old = subprocess.run(["sysctl", "-n", "net.ipv4.tcp_fastopen"], capture_output=True, text=True).stdout.strip()
    subprocess.run(["sysctl", "-qw", "net.ipv4.tcp_fastopen=3"], check=True)
    try:
        l = listener(port); l.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 5)
        ports = []
        for i in range(2):  # the first connection fetches the cookie, the second uses it
            c = socket.socket(); c.bind(("127.0.0.1", 0)); ports.append(c.getsockname()[1])
            c.sendto(b"q" * 100, socket.MSG_FASTOPEN, ("127.0.0.1", port))
            s = accept(l) if i == 1 else l.accept()[0]
            recv_n(s, 100); s.sendall(b"r" * 200); recv_n(c, 200)
            time.sleep(0.05); c.close(); time.sleep(0.05); s.recv(10); close_passive(s) if i == 1 else s.close()
            time.sleep(0.1)
        return f"port {ports[1]}"
    finally:
        subprocess.run(["sysctl", "-qw", f"net.ipv4.tcp_fastopen={old}"], check=True)`,
};
// the loss scenarios are client-close with the losses their steps show (the drop rules do the rest)
for (const name of ["lost-syn", "lost-syn-ack", "lost-third-ack", "lost-last-ack", "no-time-wait"]) BODIES[name] = BODIES["client-close"];

const PY_HEAD = `#!/usr/bin/env python3
"""TCP Drill scenario {{TITLE}} on a real Linux kernel.

Run as root (iptables and tcpdump need it):  sudo python3 {{FILE}} [--port N] [--pcap FILE]
It records the conversation on loopback with tcpdump and prints it as \`tcpdump -n -S\` text,
which the TCP Drill trace explainer reads. Every iptables rule it adds is removed in \`finally\`.
{{NOTES}}"""
import argparse, os, socket, struct, subprocess, sys, time

SLOW_ACCEPT = {{SLOW_ACCEPT}}   # the server application calls accept() 3 s late
SLOW_CLOSE = {{SLOW_CLOSE}}    # the side that receives the first FIN calls close() 3 s late
# one DROP rule per segment the run loses ("PORT" is the server's port)
LOSSES = {{LOSSES}}
RULES = []


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


def close_passive(sock):
    if SLOW_CLOSE:
        time.sleep(3.0)
    sock.close()


def run(port):
    """What the two applications do; returns a tcpdump filter when only part of the capture is this run."""
`;

const PY_TAIL = `

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default={{PORT}})
    ap.add_argument("--pcap", default="/tmp/tcp-drill-{{NAME}}.pcap")
    ap.add_argument("--wait", type=float, default={{WAIT}}, help="seconds to keep capturing for retransmissions")
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root: iptables and tcpdump need it")
    td = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-w", a.pcap, f"tcp port {a.port}"],
                          stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    only = None
    try:
        for spec in LOSSES:
            drop([str(a.port) if x == "PORT" else x for x in spec])
        only = run(a.port)
        time.sleep(a.wait)
    finally:
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

/** Python's repr of the rules. */
function pyList(rules: string[][]): string {
  if (rules.length === 0) return "[]";
  return `[\n${rules.map((r) => `    [${r.map((x) => JSON.stringify(x)).join(", ")}],`).join("\n")}\n]`;
}

/**
 * The script for a run: the scenario, the run's steps (its losses, the scenario's own and the
 * learner's), the learner's faults and the slow application. `port` is the default server port.
 */
export function reproduction(scenario: string, steps: readonly ReproStep[], faults: readonly { kind: Fault["kind"] }[], app: AppFaults, port = 41000): Reproduction {
  const not = NOT_REPRODUCIBLE[scenario];
  const body = BODIES[scenario];
  if (not || !body) return { script: null, limits: [not ?? b(`No script for ${scenario}.`, `${scenario} 没有脚本。`)] };
  const limits: Bilingual[] = [];
  const left = faults.filter((f) => !SCRIPTED.includes(f.kind));
  if (left.length > 0) {
    limits.push(b(`Left out: ${[...new Set(left.map((f) => f.kind))].join(", ")} — iptables cannot delay or copy one packet (tc netem acts on every packet) and forging an RST needs a raw socket; the script reproduces the losses and the slow application only.`,
      `未包含：${[...new Set(left.map((f) => f.kind))].join("、")}——iptables 无法延迟或复制单个数据包（tc netem 作用于所有数据包），伪造 RST 需要原始套接字；脚本只重现丢包和慢应用。`));
  }
  const diff = LINUX_DIFFERENCES[scenario];
  if (diff) limits.push(diff.note);
  const notes = limits.map((l) => `\nNote: ${l.en}\n`).join("");
  const script = PY_HEAD
    .replace("{{TITLE}}", scenario)
    .replace("{{FILE}}", `tcp-drill-${scenario}.py`)
    .replace("{{NOTES}}", notes.replace(/"""/g, "'''"))
    .replace("{{SLOW_ACCEPT}}", app.slowAccept ? "True" : "False")
    .replace("{{SLOW_CLOSE}}", app.slowClose ? "True" : "False")
    .replace("{{LOSSES}}", pyList(dropRules(steps)))
    + body.replace(/^\n/, "") + "\n"
    + PY_TAIL.replace("{{PORT}}", String(port)).replace("{{NAME}}", scenario).replace("{{WAIT}}", String(waitFor(steps)));
  return { script, limits };
}
