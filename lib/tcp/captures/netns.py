#!/usr/bin/env python3
"""Record the data-transfer captures of analysis/ between two network namespaces
(run as root: python3 lib/tcp/captures/netns.py [name...]).

Loopback cannot show classic loss recovery: its round trip is a few microseconds, RACK/SACK resend
a hole at once, and every sysctl would apply to both ends. Here each scenario gets two fresh
namespaces joined by a veth pair:

    tcpdrill-snd (10.17.0.1, the client, which sends)  --veth--  tcpdrill-rcv (10.17.0.2, the server)

so per-namespace sysctls (tcp_sack, tcp_recovery, tcp_congestion_control, ...) apply to one side
only. The veth has MTU 1500 (MSS 1448 with timestamps) and `gso_max_segs 1`, so the stack hands
the device one MSS-sized segment at a time, as a NIC without TSO would see them; the receiving
veth does no GRO. tcpdump runs in the sender's namespace on its veth with a 64 MiB buffer
(-B 65536) and the recording fails unless it reports 0 packets dropped by the kernel.

Loss is made with iptables DROP rules inside the namespaces: in the receiver's INPUT (the
sender's capture saw the segment leave) or in the sender's INPUT (the capture saw the ACK arrive;
the sender's TCP never gets it). Deleting the namespaces (always, also on failure) removes the
veth pair, the rules and the sysctls with them. Each capture is kept as NAME.pcap, printed with
`tcpdump -n -r` (NAME.txt) and read by tshark (NAME.tshark.txt, analysis.write_tshark).
"""
import ctypes, os, re, socket, subprocess, sys, threading, time
from contextlib import contextmanager

import analysis as A

SND, MID, RCV = "tcpdrill-snd", "tcpdrill-mid", "tcpdrill-rcv"
SND_IP, RCV_IP = "10.17.1.1", "10.17.2.1"
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def sh(*args, ns=None, check=True):
    cmd = (["ip", "netns", "exec", ns] if ns else []) + list(args)
    return subprocess.run(cmd, check=check, capture_output=True, text=True)


def _setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {path}")
    finally:
        os.close(fd)


@contextmanager
def inside(ns):
    """Run the block in namespace `ns` (this thread only): sockets made there stay there."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        _setns(f"/run/netns/{ns}")
        yield
    finally:
        if _libc.setns(home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back")
        os.close(home)


def teardown():
    for ns in (SND, MID, RCV):
        sh("ip", "netns", "del", ns, check=False)


@contextmanager
def network(snd_sysctls=(), rcv_sysctls=(), rate=None, slow_class=False):
    """The three namespaces and the two veth pairs; removed (with every rule in them) when the block ends.
    `rate`: the router's link towards the server is a token bucket (tc tbf, a burst of one packet,
    a queue of 1 MB so that nothing overflows): the bottleneck whose queue makes the round trip.
    `slow_class`: that link is an HTB instead, whose default class is fast (10 Gbit/s) and class 1:30
    slow (100 kbit/s, a bucket of 1600 bytes); iptables CLASSIFY puts a packet in it (this kernel has
    no tc classifiers), behind UDP filler packets that empty its bucket. HTB lets a class run one
    bucket into debt, so two fillers pass at once and each later 1500-byte packet waits about 112 ms:
    a packet behind n fillers is delayed by about (n − 1) · 112 ms and overtaken by the fast class."""
    teardown()  # a previous run that was killed
    try:
        for ns in (SND, MID, RCV):
            sh("ip", "netns", "add", ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "link", "add", "veth0", "netns", SND, "type", "veth", "peer", "name", "left", "netns", MID)
        sh("ip", "link", "add", "veth0", "netns", RCV, "type", "veth", "peer", "name", "right", "netns", MID)
        for ns, dev, ip in ((SND, "veth0", SND_IP), (MID, "left", "10.17.1.2"), (MID, "right", "10.17.2.2"), (RCV, "veth0", RCV_IP)):
            sh("ip", "-n", ns, "link", "set", dev, "gso_max_segs", "1")
            sh("ip", "-n", ns, "addr", "add", f"{ip}/24", "dev", dev)
            sh("ip", "-n", ns, "link", "set", dev, "up")
        sh("ip", "-n", SND, "route", "add", "default", "via", "10.17.1.2")
        sh("ip", "-n", RCV, "route", "add", "default", "via", "10.17.2.2")
        sh("sysctl", "-qw", "net.ipv4.ip_forward=1", ns=MID)
        if slow_class:
            sh("tc", "qdisc", "add", "dev", "right", "root", "handle", "1:", "htb", "default", "10", "r2q", "100000", ns=MID)
            sh("tc", "class", "add", "dev", "right", "parent", "1:", "classid", "1:10", "htb", "rate", "10gbit", ns=MID)
            sh("tc", "class", "add", "dev", "right", "parent", "1:", "classid", "1:30", "htb", "rate", "100kbit",
               "ceil", "100kbit", "burst", "1600", "cburst", "1600", ns=MID)
            sh("iptables", "-t", "mangle", "-A", "POSTROUTING", "-p", "udp", "-j", "CLASSIFY", "--set-class", "1:30", ns=MID)
        if rate:
            sh("tc", "qdisc", "add", "dev", "right", "root", "tbf", "rate", rate, "burst", "1600", "limit", "1000000", ns=MID)
        for ns, kv in ((SND, snd_sysctls), (RCV, rcv_sysctls)):
            for k, v in kv:
                sh("sysctl", "-qw", f"{k}={v}", ns=ns)
        yield
    finally:
        teardown()


def drop(ns, chain, *rule):
    sh("iptables", "-A", chain, "-p", "tcp", *rule, "-j", "DROP", ns=ns)


def undrop(ns, chain, *rule):
    sh("iptables", "-D", chain, "-p", "tcp", *rule, "-j", "DROP", ns=ns)


FIRST_ONLY = ["-m", "statistic", "--mode", "nth", "--every", "1000000000", "--packet", "0"]


def marked(marker):
    """the first packet whose payload holds `marker` (its retransmission holds it too and passes)"""
    return ["-m", "string", "--string", marker, "--algo", "bm", *FIRST_ONLY]


def slow(port, *match):
    """the router puts the first packet to `port` matching `match` in the slow class"""
    sh("iptables", "-t", "mangle", "-I", "POSTROUTING", "-p", "tcp", "--dport", str(port), *match, *FIRST_ONLY,
       "-j", "CLASSIFY", "--set-class", "1:30", ns=MID)


def fillers(n):
    """n UDP packets of 1500 bytes from the client to the server's discard port, into the slow class"""
    with inside(SND):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(n):
        u.sendto(b"f" * 1472, (RCV_IP, 9))
    u.close()


def pair(port, rcvbuf=None):
    with inside(RCV):
        l = socket.socket()
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf:
            l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before listen: sets the SYN's window scale
        l.bind((RCV_IP, port))
        l.listen(1)
    with inside(SND):
        c = socket.socket()
    c.connect((RCV_IP, port))
    s, _ = l.accept()
    l.close()
    return c, s


def read_all(s, n, timeout=5.0):
    s.settimeout(timeout)
    got = 0
    while got < n:
        b = s.recv(65536)
        if not b:
            break
        got += len(b)
    return got


def payload(segments, markers, mss=1448):
    """segments × mss bytes; markers {segment index: text} placed inside that segment"""
    b = bytearray(b"." * (segments * mss))
    for i, m in markers.items():
        b[i * mss + 100:i * mss + 100 + len(m)] = m.encode()
    return bytes(b)


def finish(c, s):
    s.sendall(b"ok\n")
    c.recv(100)
    c.close(); time.sleep(0.05); s.close(); time.sleep(0.3)


# ---- scenarios: each runs inside network() while tcpdump records; the client sends

NO_SACK_RENO = [("net.ipv4.tcp_sack", 0), ("net.ipv4.tcp_recovery", 0), ("net.ipv4.tcp_congestion_control", "reno")]


def fast_retransmit(port):
    # SACK and RACK off at the sender (so none is negotiated), Reno. 40 segments written at once; the
    # first copy of the third is dropped at the receiver. Every later segment is answered at once by a
    # duplicate ACK; the third duplicate ACK (tcp_reordering = 3) triggers the fast retransmission.
    c, s = pair(port)
    rule = marked("LOSTONCE")
    drop(RCV, "INPUT", "--dport", str(port), *rule)
    data = payload(40, {2: "LOSTONCE"})
    c.sendall(data)
    assert read_all(s, len(data)) == len(data)
    finish(c, s)


def newreno_partial(port):
    # As fast-retransmit, but the third and the sixth segments of the first flight are dropped: the
    # ACK of the fast retransmission is partial (it stops at the second hole), and NewReno resends
    # the second hole at once, without waiting for three more duplicate ACKs or the RTO.
    c, s = pair(port)
    drop(RCV, "INPUT", "--dport", str(port), *marked("LOSTONE"))
    drop(RCV, "INPUT", "--dport", str(port), *marked("LOSTTWO"))
    data = payload(40, {2: "LOSTONE", 5: "LOSTTWO"})
    c.sendall(data)
    assert read_all(s, len(data)) == len(data)
    finish(c, s)


def spurious_retransmit(port):
    # SACK on (D-SACK too). The client sends three segments; every ACK from the server is dropped in
    # the client's INPUT for 0.3 s (after the capture saw it). The client's RTO (200 ms minimum) resends
    # the first segment, which the server already has: its ACK carries a D-SACK block for it.
    c, s = pair(port)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c.sendall(b"hello\n"); s.recv(100); time.sleep(0.05)
    rule = ["--sport", str(port)]
    drop(SND, "INPUT", *rule)
    try:
        data = payload(3, {})
        c.sendall(data)
        assert read_all(s, len(data)) == len(data)
        time.sleep(0.3)
    finally:
        undrop(SND, "INPUT", *rule)
    time.sleep(0.5)
    finish(c, s)


def zero_window(port):
    # The server's receive buffer is small and it reads nothing for 3.5 s: the window closes, the
    # client's persist timer sends zero-window probes (Linux: a pure ACK at SND.UNA − 1, every RTO
    # doubled from 200 ms), then the server reads everything: window update, the rest flows.
    c, s = pair(port, rcvbuf=4096)
    c.setblocking(False)
    data = payload(30, {})
    sent = 0
    try:
        sent = c.send(data)
    except BlockingIOError:
        pass
    time.sleep(3.5)
    c.setblocking(True)
    c.sendall(data[sent:])
    assert read_all(s, len(data)) == len(data)
    finish(c, s)


def slow_reader(port):
    # The server reads 2000 bytes every 20 ms from a small buffer while the client writes 64 KB:
    # segments that fill the advertised window exactly, window updates as the reader drains it.
    c, s = pair(port, rcvbuf=8192)
    data = payload(45, {})
    done = []

    def writer():
        c.sendall(data)
        done.append(1)
    t = threading.Thread(target=writer)
    t.start()
    got = 0
    s.settimeout(5.0)
    while got < len(data):
        time.sleep(0.02)
        b = s.recv(2000)
        if not b:
            break
        got += len(b)
    t.join()
    assert got == len(data)
    finish(c, s)


def reorder(port):
    # Real reordering, no loss. The client's handshake ACK waits behind three fillers (~230 ms), so the
    # first round trip seen at the server is long; later the third data segment waits behind two
    # (~112 ms) while the other seven overtake it. The client was meant to wait (tcp_recovery=0,
    # tcp_early_retrans=0, tcp_reordering=127) but Linux 6.18 still resent the hole right after the
    # seventh SACK ACK; the late original then arrives after the ACK that covers it (a spurious
    # retransmission for tshark, and a D-SACK). Recorded at the server.
    slow(port, "--tcp-flags", "ALL", "ACK", "-m", "length", "--length", "52")
    slow(port, "-m", "string", "--string", "REORDER", "--algo", "bm")
    fillers(3)
    c, s = pair(port)  # accept() returns when the delayed ACK arrives
    time.sleep(0.2)
    data = payload(10, {2: "REORDER"})
    fillers(2)
    c.sendall(data)
    assert read_all(s, len(data)) == len(data)
    time.sleep(0.3)
    finish(c, s)


JOBS = [
    ("fast-retransmit", 38230, fast_retransmit, NO_SACK_RENO, (), "20mbit"),
    ("newreno-partial", 38231, newreno_partial, NO_SACK_RENO, (), "20mbit"),
    ("spurious-retransmit", 38232, spurious_retransmit, (), (), None),
    ("zero-window-probes", 38233, zero_window, (), (), None),
    ("slow-reader", 38234, slow_reader, (), (), None),
    ("reorder", 38235, reorder, [("net.ipv4.tcp_recovery", 0), ("net.ipv4.tcp_early_retrans", 0), ("net.ipv4.tcp_reordering", 127)], (),
     {"slow_class": True, "at": RCV}),
]


def record(name, port, fn, snd_sysctls, rcv_sysctls, net):
    """`net`: a rate for network(), or its keywords, with `at`: the namespace to record in (the client's by default)"""
    net = dict(net) if isinstance(net, dict) else {"rate": net}
    at = net.pop("at", SND)
    tmp = f"/tmp/tcp-captures/{name}.pcap"
    os.makedirs(os.path.dirname(tmp), exist_ok=True)
    with network(snd_sysctls, rcv_sysctls, **net):
        td = subprocess.Popen(["ip", "netns", "exec", at, "tcpdump", "-i", "veth0", "-B", "65536", "-n", "-U",
                               "--immediate-mode", "-w", tmp, "tcp", "port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(1.0)
            fn(port)
            time.sleep(0.5)
        finally:
            td.terminate()
            err = td.communicate(timeout=10)[1]
    m = re.search(r"(\d+) packets? dropped by kernel", err)
    if not m or m.group(1) != "0":
        raise SystemExit(f"{name}: tcpdump lost packets or did not say: {err!r}")
    subprocess.run(["cp", tmp, f"{A.OUT}/{name}.pcap"], check=True)
    txt = subprocess.run(["tcpdump", "-n", "-r", tmp], capture_output=True, text=True, check=True).stdout
    with open(f"{A.OUT}/{name}.txt", "w") as f:
        f.write(txt)
    print(f"== {name}\n{txt}")
    A.write_tshark(name)


def main():
    if os.geteuid() != 0:
        raise SystemExit("run as root")
    only = sys.argv[1:]
    for name, port, fn, snd, rcv, rate in JOBS:
        if not only or name in only:
            record(name, port, fn, snd, rcv, rate)


if __name__ == "__main__":
    main()
