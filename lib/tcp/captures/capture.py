#!/usr/bin/env python3
"""Make the real Linux captures in this folder (run as root: python3 lib/tcp/captures/capture.py).

Each scenario runs on loopback (127.0.0.1 or ::1) on its own port while
`tcpdump -i lo -n -w <pcap> tcp port <P>` records it; the pcap is then printed
with `tcpdump -n -r` (relative numbers) and `tcpdump -n -S -r` (absolute).
"""
import os, socket, struct, subprocess, sys, threading, time

OUT = os.path.dirname(os.path.abspath(__file__))
TMP = "/tmp/tcp-captures"
os.makedirs(TMP, exist_ok=True)


SNAPS = []


def snap(port, label):
    """Record `ss -tan` for the scenario's port after a step (written to NAME.ss.txt)."""
    time.sleep(0.02)
    out = subprocess.run(["ss", "-tanH", f"( sport = :{port} or dport = :{port} )"], capture_output=True, text=True).stdout
    rows = [" ".join(l.split()[:1] + l.split()[3:5]) for l in out.splitlines() if l.strip()]
    SNAPS.append(f"after {label}: " + (" | ".join(rows) if rows else "(no socket)") + "\n")


def capture(name, port, fn, variants=(("", []), (".S", ["-S"])), iface="lo", filt="tcp port {port}", keep_pcap=False):
    pcap = f"{TMP}/{name}.pcap"
    td = subprocess.Popen(["tcpdump", "-i", iface, "-n", "-U", "--immediate-mode", "-w", pcap, filt.format(port=port)],
                          stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        fn(port)
    finally:
        time.sleep(0.5)
        td.terminate(); td.wait()
    global OVERFLOW_FILTER
    filt = [OVERFLOW_FILTER] if OVERFLOW_FILTER else []
    OVERFLOW_FILTER = None
    if SNAPS:
        # the ground truth: the kernel's own states (ss -tan) after every step of the scenario
        with open(f"{OUT}/{name}.ss.txt", "w") as f:
            f.write("".join(SNAPS))
        SNAPS.clear()
    if keep_pcap:
        subprocess.run(["cp", pcap, f"{OUT}/{name}.pcap"], check=True)
    for suffix, flags in variants:
        txt = subprocess.run(["tcpdump", "-n", *flags, "-r", pcap, *filt], capture_output=True, text=True).stdout
        with open(f"{OUT}/{name}{suffix}.txt", "w") as f:
            f.write(txt)
        print(f"== {name}{suffix}\n{txt}")


def listener(port, family=socket.AF_INET, host="127.0.0.1"):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port)); s.listen(8)
    return s


def pair(port, family=socket.AF_INET, host="127.0.0.1"):
    l = listener(port, family, host)
    c = socket.socket(family, socket.SOCK_STREAM)
    c.connect((host, port))
    s, _ = l.accept()
    l.close()
    return c, s


def client_close(port):
    c, s = pair(port)
    c.sendall(b"GET / HTTP/1.0\r\n\r\n"); s.recv(100)
    s.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello"); c.recv(100)
    time.sleep(0.05)
    c.close(); time.sleep(0.05)
    s.recv(10); s.close(); time.sleep(0.1)


def server_close(port):
    c, s = pair(port)
    c.sendall(b"ping\n"); s.recv(100); s.sendall(b"pong\n"); c.recv(100)
    time.sleep(0.05)
    s.close(); time.sleep(0.05)
    c.recv(10); c.close(); time.sleep(0.1)


def half_close(port):
    c, s = pair(port)
    c.sendall(b"request body\n")
    c.shutdown(socket.SHUT_WR); time.sleep(0.05)
    s.recv(100); s.recv(100)  # data, then EOF
    for i in range(3):
        s.sendall(b"response part %d\n" % i); time.sleep(0.02)
    c.recv(1000); time.sleep(0.05)
    s.close(); time.sleep(0.05)
    c.recv(10); c.close(); time.sleep(0.1)


def abortive_close(port):
    c, s = pair(port)
    c.sendall(b"hello\n"); s.recv(100)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close(); time.sleep(0.05)
    try:
        s.recv(10)
    except OSError:
        pass
    s.close(); time.sleep(0.1)


def refused(port):
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", port))
    except ConnectionRefusedError:
        pass
    c.close(); time.sleep(0.1)


def ipv6(port):
    c, s = pair(port, socket.AF_INET6, "::1")
    c.sendall(b"v6 hello\n"); s.recv(100); s.sendall(b"v6 world\n"); c.recv(100)
    time.sleep(0.05)
    c.close(); time.sleep(0.05); s.recv(10); s.close(); time.sleep(0.1)


def fin_with_data(port):
    c, s = pair(port)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
    c.sendall(b"last words then FIN\n")
    c.shutdown(socket.SHUT_WR)  # corked data leaves with the FIN: [FP.]
    time.sleep(0.05)
    s.recv(100); s.recv(100)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
    s.sendall(b"bye\n"); s.shutdown(socket.SHUT_WR)
    time.sleep(0.05)
    c.recv(100); c.close(); s.close(); time.sleep(0.1)


def rst_close_unread(port):
    # The server closes while the client's data sits unread in its receive queue:
    # Linux sends RST instead of FIN (RFC 2525 §2.17).
    c, s = pair(port)
    c.sendall(b"unread data\n"); time.sleep(0.05)
    s.close(); time.sleep(0.05)
    try:
        c.recv(10)
    except OSError:
        pass
    c.close(); time.sleep(0.1)


def rst_data_after_close(port):
    # The server closes (FIN), the client keeps writing: the orphaned server socket answers with RST.
    c, s = pair(port)
    s.close(); time.sleep(0.05)
    try:
        c.sendall(b"are you there?\n"); time.sleep(0.05)
        c.sendall(b"again\n")
    except OSError:
        pass
    time.sleep(0.05); c.close(); time.sleep(0.1)


def simultaneous_close(port):
    # Both ends shut down at the same instant from two processes; retried until
    # the two FINs cross (neither FIN acknowledges the other one).
    for attempt in range(400):
        c, s = pair(port)
        t = time.time() + 0.02
        pid = os.fork()
        if pid == 0:
            while time.time() < t: pass
            s.shutdown(socket.SHUT_WR); os._exit(0)
        while time.time() < t: pass
        c.shutdown(socket.SHUT_WR)
        os.waitpid(pid, 0)
        time.sleep(0.01)
        cport = c.getsockname()[1]
        states = subprocess.run(["ss", "-tanH", f"( sport = :{cport} or dport = :{cport} )"],
                                capture_output=True, text=True).stdout
        c.close(); s.close()
        print(states.strip().replace("\n", " | "), file=sys.stderr)
        if sum(1 for l in states.splitlines() if l.startswith("TIME-WAIT")) >= 2:
            print(f"simultaneous close after {attempt + 1} attempts", file=sys.stderr)
            return
    print("no simultaneous close", file=sys.stderr)


# ---- loss and timers: iptables DROP rules on lo (INPUT, after tcpdump has seen the packet) ----
TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_FASTOPEN_CONNECT = 4, 5, 6, 30


def drop(rule, add=True):
    subprocess.run(["iptables", "-A" if add else "-D", "INPUT", "-i", "lo", "-p", "tcp", *rule, "-j", "DROP"], check=True)


def dropping(rule, secs):
    drop(rule); time.sleep(secs); drop(rule, False)


def syn_retransmit(port):
    # The first two SYNs are dropped: Linux resends the SYN after 1 s and 2 s more (back-off).
    l = listener(port)
    rule = ["--dport", str(port), "--tcp-flags", "SYN,ACK", "SYN"]
    drop(rule)
    threading.Timer(2.5, drop, (rule, False)).start()
    threading.Timer(0.5, snap, (port, "first SYN dropped")).start()
    threading.Timer(1.5, snap, (port, "second SYN dropped")).start()
    c = socket.socket(); c.connect(("127.0.0.1", port)); s, _ = l.accept(); l.close()
    snap(port, "third SYN answered")
    c.sendall(b"late\n"); s.recv(100); c.close(); time.sleep(0.05); s.close(); time.sleep(0.1)


def synack_retransmit(port):
    # The server's first SYN-ACK is dropped: after 1 s the client resends its SYN and the server
    # resends its SYN-ACK (both timers run out at about the same time).
    l = listener(port)
    rule = ["--sport", str(port), "--tcp-flags", "SYN,ACK", "SYN,ACK"]
    drop(rule)
    threading.Timer(0.5, drop, (rule, False)).start()
    c = socket.socket(); c.connect(("127.0.0.1", port)); s, _ = l.accept(); l.close()
    time.sleep(0.3)
    s.sendall(b"hi\n"); c.recv(100); s.close(); time.sleep(0.05); c.close(); time.sleep(0.1)


def syn_timeout(port):
    # Nobody answers (every SYN dropped); TCP_SYNCNT 2: three SYNs at 0, 1, 3 s, then ETIMEDOUT at 7 s.
    rule = ["--dport", str(port)]
    drop(rule)
    try:
        c = socket.socket(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, 2)
        try:
            c.connect(("127.0.0.1", port))
        except OSError as e:
            print("connect:", e, file=sys.stderr)
        c.close()
    finally:
        drop(rule, False)


def data_retransmit(port):
    # The first copy of the second request is dropped; the third one arrives out of order (SACK,
    # duplicate ACK), the RTO (min 200 ms) resends the lost one, one ACK then covers both.
    c, s = pair(port)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c.sendall(b"request 1\n"); s.recv(100)
    rule = ["--dport", str(port), "-m", "string", "--string", "LOSTONCE", "--algo", "bm"]
    drop(rule)
    c.sendall(b"request 2 LOSTONCE\n"); time.sleep(0.02)
    c.sendall(b"request 3\n"); time.sleep(0.05)
    drop(rule, False)
    time.sleep(0.6)
    print(s.recv(1000), file=sys.stderr)
    s.sendall(b"ok\n"); c.recv(100)
    c.close(); time.sleep(0.05); s.close(); time.sleep(0.1)


def fin_retransmit(port):
    # The client's first FIN is dropped; the server (still ESTABLISHED) answers nothing; RTO resends the FIN.
    c, s = pair(port)
    c.sendall(b"x\n"); s.recv(10)
    rule = ["--dport", str(port), "--tcp-flags", "FIN", "FIN"]
    drop(rule)
    c.close(); time.sleep(0.1)
    drop(rule, False)
    time.sleep(0.6)
    s.recv(10); s.close(); time.sleep(0.1)


def last_ack_lost(port):
    # The client closes first; its ACK of the server's FIN is dropped (with everything else to the
    # server for a while): the server in LAST_ACK resends its FIN, the client in TIME_WAIT
    # acknowledges each copy again, and the last one gets through.
    c, s = pair(port)
    snap(port, "handshake")
    c.sendall(b"x\n"); s.recv(10)
    c.close(); time.sleep(0.05)
    snap(port, "client close")
    s.recv(10)
    rule = ["--dport", str(port)]
    drop(rule)
    s.close(); time.sleep(0.1)
    snap(port, "server close, its FIN acknowledged but the ACK dropped")
    time.sleep(0.4)
    snap(port, "server FIN retransmitted, ACK dropped again")
    drop(rule, False)
    time.sleep(1.0)
    snap(port, "drop rule removed, the next FIN copy acknowledged")


def accept_overflow(port):
    # listen(0) and no accept(): the accept queue holds one connection. The SYN-ACKs are dropped for
    # a moment so that both clients' SYNs wait in the SYN queue; when the SYN-ACKs are resent, the
    # second client's ACK finds the accept queue full and Linux drops it (tcp_abort_on_overflow 0):
    # the client believes it is ESTABLISHED and sends its request, the server keeps resending its
    # SYN-ACK. Only the second client's connection is printed (see OVERFLOW_FILTER).
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port)); l.listen(0)
    rule = ["--sport", str(port), "--tcp-flags", "SYN,ACK", "SYN,ACK"]
    drop(rule)
    cs = []
    for i in range(2):
        c = socket.socket(); c.setblocking(False); c.bind(("127.0.0.1", 0))
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        cs.append(c)
    time.sleep(0.3)
    drop(rule, False)
    time.sleep(1.0)
    cs[1].setblocking(True)
    try:
        cs[1].send(b"anyone there?\n")
    except OSError as e:
        print("send", e, file=sys.stderr)
    print(subprocess.run(["ss", "-tanH", f"( sport = :{port} or dport = :{port} )"], capture_output=True, text=True).stdout, file=sys.stderr)
    time.sleep(2.5)
    a, _ = l.accept(); b_, _ = l.accept()
    time.sleep(0.5)
    print(subprocess.run(["ss", "-tanH", f"( sport = :{port} or dport = :{port} )"], capture_output=True, text=True).stdout, file=sys.stderr)
    global OVERFLOW_FILTER
    OVERFLOW_FILTER = f"port {cs[1].getsockname()[1]}"
    for x in (a, b_, *cs):
        x.close()
    l.close(); time.sleep(0.2)


OVERFLOW_FILTER = None


def fast_open(port):
    # TCP Fast Open (net.ipv4.tcp_fastopen=3): the first connection asks for a cookie ([S] with an
    # empty tfo option), the second carries its request in the SYN. Only the second is printed.
    subprocess.run(["sysctl", "-qw", "net.ipv4.tcp_fastopen=3"], check=True)
    l = listener(port)
    l.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 5)
    global OVERFLOW_FILTER
    ports = []
    for i in range(2):
        c = socket.socket(); c.bind(("127.0.0.1", 0)); ports.append(c.getsockname()[1])
        c.sendto(b"GET /tfo HTTP/1.0\r\n\r\n", socket.MSG_FASTOPEN, ("127.0.0.1", port))
        s, _ = l.accept(); s.recv(100); s.sendall(b"HTTP/1.0 200 OK\r\n\r\n"); c.recv(100)
        c.close(); time.sleep(0.05); s.close(); time.sleep(0.1)
    l.close()
    OVERFLOW_FILTER = f"port {ports[1]}"


def keepalive(port):
    # SO_KEEPALIVE with TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s: idle probes (seq = SND.UNA - 1, no data)
    # each answered by an ACK.
    c, s = pair(port)
    c.sendall(b"hello\n"); s.recv(10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, TCP_KEEPINTVL, 1)
    time.sleep(3.5)
    c.close(); time.sleep(0.05); s.recv(10); s.close(); time.sleep(0.1)


def keepalive_dead(port):
    # Keepalive probes to a peer that stopped answering (everything to the server dropped):
    # TCP_KEEPCNT 2 unanswered probes and the client gives up with an RST.
    c, s = pair(port)
    c.sendall(b"hello\n"); s.recv(10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, TCP_KEEPINTVL, 1)
    c.setsockopt(socket.IPPROTO_TCP, TCP_KEEPCNT, 2)
    rule = ["--dport", str(port)]
    drop(rule)
    time.sleep(4.0)
    drop(rule, False)
    c.close(); s.close(); time.sleep(0.1)


def bulk(port):
    # 64 KB from client to server in 1000-byte writes, the server reading slowly: window updates and
    # delayed ACKs; then both sides talk at once (piggy-backed ACKs) and the server closes.
    c, s = pair(port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    for i in range(64):
        c.sendall(b"%04d" % i + b"d" * 996)
        if i % 8 == 0:
            s.recv(4000)
    s.settimeout(0.3)
    try:
        while s.recv(65536):
            pass
    except socket.timeout:
        pass
    for i in range(5):
        c.sendall(b"c->s %d\n" % i); s.sendall(b"s->c %d\n" % i); time.sleep(0.002)
    time.sleep(0.1); c.recv(1000); s.recv(1000)
    s.close(); time.sleep(0.05); c.close(); time.sleep(0.1)


def zero_window(port):
    # The server never reads and has a tiny receive buffer: its window closes ([.] win 0) and the
    # client sends zero-window probes until the server reads.
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    l.bind(("127.0.0.1", port)); l.listen(1)
    c = socket.socket(); c.connect(("127.0.0.1", port)); s, _ = l.accept(); l.close()
    c.setblocking(False)
    try:
        c.send(b"z" * 20000)
    except BlockingIOError:
        pass
    time.sleep(1.6)
    s.setblocking(False)
    got = 0
    for _ in range(200):
        try:
            got += len(s.recv(65536))
        except BlockingIOError:
            time.sleep(0.02)
        if got >= 20000:
            break
    print("zero-window read", got, file=sys.stderr)
    c.close(); time.sleep(0.05); s.close(); time.sleep(0.1)


def shut_rd(port):
    # The server calls shutdown(SHUT_RD) (nothing on the wire); the client's later data still
    # arrives and is acknowledged; the server's close() with that data unread sends RST.
    c, s = pair(port)
    s.shutdown(socket.SHUT_RD); time.sleep(0.05)
    c.sendall(b"after SHUT_RD\n"); time.sleep(0.05)
    s.close(); time.sleep(0.05)
    try:
        c.recv(10)
    except OSError:
        pass
    c.close(); time.sleep(0.1)


def client_rst_after_fin(port):
    # The server closes (FIN), the client acknowledges it and then aborts (SO_LINGER 0): [R.] from CLOSE_WAIT.
    c, s = pair(port)
    c.sendall(b"x\n"); s.recv(10)
    s.close(); time.sleep(0.05)
    c.recv(10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close(); time.sleep(0.1)


def time_wait_reuse(port):
    # The server closes first and sits in TIME_WAIT; the client connects again from the same port
    # (SO_REUSEADDR): Linux accepts the new SYN in TIME_WAIT (higher timestamp) and a second
    # connection runs on the same four-tuple.
    l = listener(port)
    for i in range(2):
        c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind(("127.0.0.1", 38999)); c.connect(("127.0.0.1", port)); s, _ = l.accept()
        c.sendall(b"round %d\n" % i); s.recv(100)
        s.close(); time.sleep(0.05); c.recv(10); c.close(); time.sleep(0.2)
    l.close()


# ---- issue 16: forged RSTs (RFC 5961), ICMP errors, payload that looks like a line, crossings ----

class LoTap:
    """Every IPv4 TCP packet on lo (an AF_PACKET socket read by a thread), handed to `seen(ip, ihl)`
    until `stop` (subclasses set their fields before calling this constructor: the thread starts here)."""
    def __init__(self):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
        self.sock.bind(("lo", 0)); self.sock.settimeout(0.1)
        self.stop = False
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while not self.stop:
            try:
                f = self.sock.recv(65535)
            except socket.timeout:
                continue
            ip = f[14:]
            if len(ip) < 40 or ip[9] != 6:
                continue
            self.seen(ip, (ip[0] & 15) * 4)


class Sniffer(LoTap):
    """The last TCP numbers seen on lo for a port (AF_PACKET), to forge segments in the window."""
    def __init__(self, port, skip_rst=False):
        # skip_rst: RSTs (forged ones too) do not move the numbers: they occupy no sequence space
        self.port, self.last, self.skip_rst = port, {}, skip_rst
        super().__init__()

    def seen(self, ip, ihl):
        tcp = ip[ihl:]
        sport, dport, seq, ack = struct.unpack("!HHII", tcp[:12])
        if self.skip_rst and tcp[13] & 0x04:
            return
        doff = (tcp[12] >> 4) * 4
        plen = struct.unpack("!H", ip[2:4])[0] - ihl - doff
        # (sender port) -> (seq after this segment, ack)
        self.last[sport] = ((seq + plen) & 0xffffffff, ack)


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def forge(sport, dport, seq, ack, flags):
    """Send one TCP segment 127.0.0.1.sport > 127.0.0.1.dport through a raw socket."""
    src = dst = socket.inet_aton("127.0.0.1")
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 512, 0, 0)
    tcp = tcp[:16] + struct.pack("!H", csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    r.sendto(ip + tcp, ("127.0.0.1", 0)); r.close()


def challenge_ack(port):
    # RFC 5961 §3.2: an RST in the window but not at RCV.NXT gets a challenge ACK and the connection
    # goes on; an RST outside the window is dropped without an answer. Both RSTs are forged with the
    # client's four-tuple through a raw socket; the connection then carries data and closes normally.
    sn = Sniffer(port)
    c, s = pair(port)
    cport = c.getsockname()[1]
    c.sendall(b"hello\n"); s.recv(100); s.sendall(b"hi\n"); c.recv(100); time.sleep(0.05)
    snap(port, "handshake and one exchange")
    nxt = sn.last[cport][0]  # the client's SND.NXT = the server's RCV.NXT
    forge(cport, port, (nxt + 1000) & 0xffffffff, 0, 0x04)  # in window, not at RCV.NXT
    time.sleep(0.05)
    snap(port, "in-window RST (seq RCV.NXT+1000): challenge ACK, still established")
    forge(cport, port, (nxt + 0x40000000) & 0xffffffff, 0, 0x04)  # far outside the window
    time.sleep(0.05)
    snap(port, "out-of-window RST: dropped, still established")
    c.sendall(b"still here\n"); s.recv(100); s.sendall(b"yes\n"); c.recv(100); time.sleep(0.05)
    snap(port, "data after the RSTs")
    c.close(); time.sleep(0.05); s.recv(10); s.close(); time.sleep(0.1)
    snap(port, "normal close")
    sn.stop = True


def abort_data_in_flight(port):
    # The client's last data segment is dropped and the client aborts at once (SO_LINGER 0): its RST
    # (seq = SND.NXT, beyond the lost data) is in the server's window but not at RCV.NXT, so the server
    # answers with a challenge ACK and stays ESTABLISHED; the client, now without a TCB, answers that
    # ACK with an RST at exactly RCV.NXT, which resets the server.
    c, s = pair(port)
    c.sendall(b"first\n"); s.recv(100)
    snap(port, "handshake and one request")
    rule = ["--dport", str(port), "-m", "string", "--string", "LOSTDATA", "--algo", "bm"]
    drop(rule)
    c.sendall(b"LOSTDATA\n")
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close(); time.sleep(0.1)
    drop(rule, False)
    snap(port, "data dropped, client aborted: challenge ACK, client RST at RCV.NXT")
    try:
        s.recv(10)
    except OSError as e:
        print("server recv:", e, file=sys.stderr)
    s.close(); time.sleep(0.1)


def syn_icmp_unreachable(port):
    # The server port rejects with ICMP port unreachable (iptables REJECT): the SYN reaches no TCP;
    # Linux treats the ICMP error in SYN_SENT as fatal (connect() fails with ECONNREFUSED).
    rule = ["INPUT", "-i", "lo", "-p", "tcp", "--dport", str(port), "-j", "REJECT", "--reject-with", "icmp-port-unreachable"]
    subprocess.run(["iptables", "-A", *rule], check=True)
    try:
        c = socket.socket()
        try:
            c.connect(("127.0.0.1", port))
        except OSError as e:
            print("connect:", e, file=sys.stderr)
        snap(port, "SYN answered by ICMP port unreachable")
        c.close()
    finally:
        subprocess.run(["iptables", "-D", *rule], check=True)
    time.sleep(0.1)


def payload_lookalike(port):
    # The payload carries text that looks like a tcpdump line (a fake RST); printed with -A it
    # appears as a line of its own.
    c, s = pair(port)
    fake = (b"\n15:00:00.000000 IP 127.0.0.1.%d > 127.0.0.1.%d: Flags [R.], seq 1, ack 1, win 0, length 0\n"
            % (port, c.getsockname()[1]))
    c.sendall(b"log excerpt:" + fake); s.recv(1000)
    s.sendall(b"ok\n"); c.recv(100)
    snap(port, "payload sent and answered")
    c.close(); time.sleep(0.05); s.recv(10); s.close(); time.sleep(0.1)


def retransmit_close_wait(port):
    # Everything from the server is dropped for 0.5 s while the client sends data and closes: the
    # server receives both and is in CLOSE_WAIT, but its ACKs are lost, so the client retransmits
    # the data (and FIN) that the server already has: data arriving in CLOSE_WAIT, answered by an ACK.
    c, s = pair(port)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    rule = ["--sport", str(port)]
    drop(rule)
    c.sendall(b"request sent before the FIN\n"); c.shutdown(socket.SHUT_WR); time.sleep(0.1)
    snap(port, "data and FIN received, ACKs dropped")
    time.sleep(0.5)
    drop(rule, False)
    snap(port, "the retransmissions")
    time.sleep(0.5)
    s.recv(100); s.recv(100); s.close(); time.sleep(0.1)
    snap(port, "server close")
    c.close(); time.sleep(0.1)


def simultaneous_open(port):
    # Two sockets bound to each other's ports connect at the same instant; the first SYNs are
    # dropped so that the retransmitted ones (same RTO on both sides) cross: each side receives
    # the other's SYN in SYN_SENT (RFC 9293 Figure 7).
    p2 = port + 100
    a = socket.socket(); a.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); a.bind(("127.0.0.1", port))
    b_ = socket.socket(); b_.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); b_.bind(("127.0.0.1", p2))
    rule = ["--tcp-flags", "SYN,ACK", "SYN", "--dport", str(port)]
    rule2 = ["--tcp-flags", "SYN,ACK", "SYN", "--dport", str(p2)]
    drop(rule); drop(rule2)
    errs = []
    def go(s, dst):
        try:
            s.connect(("127.0.0.1", dst))
        except OSError as e:
            errs.append(e)
    ta = threading.Thread(target=go, args=(a, p2)); tb = threading.Thread(target=go, args=(b_, port))
    ta.start(); tb.start()
    time.sleep(0.5)
    drop(rule, False); drop(rule2, False)
    ta.join(); tb.join()
    print("simultaneous open errors:", errs, file=sys.stderr)
    snap(port, "simultaneous open")
    a.sendall(b"a\n"); b_.recv(10); time.sleep(0.05)
    a.close(); time.sleep(0.05); b_.recv(10); b_.close(); time.sleep(0.1)
    snap(port, "closed")


# ---- issue 21: a stale copy after the reply, and a new connection attempt from the same port ----

class Keeper(LoTap):
    """Keep the first IPv4 TCP packet on lo from `sport_of()` to `dport` whose payload holds `marker`."""
    def __init__(self, sport_of, dport, marker):
        self.sport_of, self.dport, self.marker, self.packet = sport_of, dport, marker, None
        super().__init__()

    def seen(self, ip, ihl):
        sport, dport = struct.unpack("!HH", ip[ihl:ihl + 4])
        if self.packet is None and sport == self.sport_of() and dport == self.dport and self.marker in ip:
            self.packet = bytes(ip[:struct.unpack("!H", ip[2:4])[0]])


def resend(ip):
    """Send a kept IP packet again, unchanged but for its checksums, through a raw socket: the network's copy."""
    ip = bytearray(ip)
    ihl = (ip[0] & 15) * 4
    tcp = bytearray(ip[ihl:])
    # loopback leaves the TCP checksum to "hardware" (CHECKSUM_PARTIAL): compute it for the copy
    tcp[16:18] = b"\0\0"
    tcp[16:18] = struct.pack("!H", csum(bytes(ip[12:20]) + struct.pack("!BBH", 0, 6, len(tcp)) + bytes(tcp)))
    ip[10:12] = b"\0\0"  # the kernel fills in the IP checksum
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    r.sendto(bytes(ip[:ihl]) + bytes(tcp), ("127.0.0.1", 0)); r.close()


def duplicate_after_reply(port):
    # The network duplicates the client's request and the copy arrives after the server's reply and
    # the client's ACK of it: the copy carries the ACK the client sent with the request, below the one
    # it has sent since (a TCB always sends its current RCV.NXT, so this is no retransmission). The
    # server acknowledges the old data again (RFC 9293 §3.10.7.4); then a normal close, the client
    # first (TIME_WAIT). The copy is the request's own IP packet, kept by an AF_PACKET socket and sent
    # again through a raw socket 50 ms later.
    cport = [0]
    keep = Keeper(lambda: cport[0], port, b"DUPLICATED")
    l = listener(port)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect(("127.0.0.1", port)); cport[0] = c.getsockname()[1]
    s, _ = l.accept(); l.close()
    c.sendall(b"request DUPLICATED\n"); s.recv(100)
    s.sendall(b"response\n"); c.recv(100); time.sleep(0.05)
    snap(port, "request, response")
    keep.stop = True
    assert keep.packet is not None, "the request was not seen on lo"
    resend(keep.packet); time.sleep(0.05)
    snap(port, "the request's copy arrived after the reply: acknowledged again, still established")
    c.close(); time.sleep(0.05); s.recv(10); s.close(); time.sleep(0.1)
    snap(port, "client closed first, then the server")


def syn_new_attempt(port):
    # Two SYNs with different ISNs from one port: the first connect()'s SYNs are dropped before the
    # listener (iptables, INPUT), the application gives up and closes the socket in SYN_SENT (nothing
    # on the wire, RFC 9293 §3.10.4), and a new socket bound to the same port connects again: a new
    # ISN (Linux: secure_tcp_seq(), the four-tuple's hash plus a 64 ns clock, so 0.3 s later it is
    # about 4.7 million higher). The handshake completes; data, then a normal close.
    cport = 39991
    l = listener(port)
    rule = ["--dport", str(port), "--tcp-flags", "SYN,ACK", "SYN"]
    c1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c1.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c1.bind(("127.0.0.1", cport)); c1.setblocking(False)
    drop(rule)
    try:
        c1.connect_ex(("127.0.0.1", port)); time.sleep(0.3)
        snap(port, "first SYN dropped")
        c1.close(); time.sleep(0.05)
        snap(port, "the first socket closed in SYN_SENT")
    finally:
        drop(rule, False)
    c2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c2.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c2.bind(("127.0.0.1", cport)); c2.connect(("127.0.0.1", port))
    s, _ = l.accept(); l.close()
    c2.sendall(b"hello\n"); s.recv(100); s.sendall(b"hi\n"); c2.recv(100); time.sleep(0.05)
    snap(port, "the new socket connected, one exchange")
    c2.close(); time.sleep(0.05); s.recv(10); s.close(); time.sleep(0.1)
    snap(port, "client closed first, then the server")


def main():
    only = sys.argv[1:]
    jobs = [
        ("client-close", 38001, client_close, {"variants": (("", []), (".S", ["-S"]), (".t", ["-t"]), (".tt-S", ["-tt", "-S"]))}),
        ("server-close", 38002, server_close),
        ("half-close", 38003, half_close),
        ("abortive-close", 38004, abortive_close),
        ("refused", 38005, refused),
        ("ipv6", 38006, ipv6),
        ("fin-with-data", 38007, fin_with_data),
        ("rst-close-unread", 38008, rst_close_unread),
        ("rst-data-after-close", 38009, rst_data_after_close),
        ("simultaneous-close", 38010, simultaneous_close),
        # -i any: tcpdump prefixes each line with the interface and direction ("lo    In  IP ...")
        ("any-interface", 38011, server_close, {"iface": "any", "variants": (("", []),)}),
        ("syn-retransmit", 38012, syn_retransmit),
        ("synack-retransmit", 38013, synack_retransmit),
        ("syn-timeout", 38014, syn_timeout),
        ("data-retransmit", 38015, data_retransmit),
        ("fin-retransmit", 38016, fin_retransmit),
        ("last-ack-lost", 38017, last_ack_lost),
        ("accept-overflow", 38018, accept_overflow),
        ("fast-open", 38019, fast_open),
        ("keepalive", 38020, keepalive),
        ("keepalive-dead", 38021, keepalive_dead),
        ("bulk", 38022, bulk),
        ("zero-window", 38023, zero_window),
        ("shut-rd", 38024, shut_rd),
        ("client-rst-after-fin", 38025, client_rst_after_fin),
        ("time-wait-reuse", 38026, time_wait_reuse),
        ("ipv6-any", 38027, ipv6, {"iface": "any", "variants": (("", []), (".S", ["-S"]))}),
        ("challenge-ack", 38028, challenge_ack),
        ("abort-data-in-flight", 38029, abort_data_in_flight),
        ("syn-icmp-unreachable", 38030, syn_icmp_unreachable,
         {"filt": "tcp port {port} or icmp", "variants": (("", []), (".S", ["-S"]), (".v", ["-v", "-S"]))}),
        ("payload-lookalike", 38031, payload_lookalike, {"variants": (("", []), (".A", ["-A", "-S"]), (".X", ["-X", "-S"]))}),
        ("retransmit-close-wait", 38032, retransmit_close_wait),
        ("simultaneous-open", 38033, simultaneous_open),
    ]
    for name, port, fn, *kw in jobs:
        if only and name not in only:
            continue
        capture(name, port, fn, **(kw[0] if kw else {}))


if __name__ == "__main__":
    main()
