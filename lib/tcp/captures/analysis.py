#!/usr/bin/env python3
"""Record the captures of analysis/ (run as root: python3 lib/tcp/captures/analysis.py [name...]).

Each scenario of capture.py is recorded again on its own port, the pcap is kept, printed with
`tcpdump -n -r` (NAME.txt) and read by tshark's TCP analysis (NAME.tshark.txt: frame number and
every tcp.analysis field that is set), which analysis.test.ts compares with annotate()'s events.
"""
import os, subprocess, sys, time
import capture as C

OUT = os.path.join(C.OUT, "analysis")
FIELDS = ["retransmission", "fast_retransmission", "spurious_retransmission", "duplicate_ack", "out_of_order",
          "lost_segment", "ack_lost_segment", "zero_window", "zero_window_probe", "zero_window_probe_ack",
          "window_full", "window_update", "keep_alive", "keep_alive_ack"]


def record(name, port, fn, variants=(("", []),)):
    C.OUT = OUT  # capture() writes NAME.txt (and, kept, NAME.pcap; NAME.ss.txt when it snaps) here
    C.capture(name, port, fn, variants=variants, keep_pcap=True)
    write_tshark(name)


def write_tshark(name):
    """NAME.tshark.txt: tshark's TCP analysis of analysis/NAME.pcap, one line per flagged frame."""
    pcap = f"{OUT}/{name}.pcap"
    cmd = ["tshark", "-r", pcap, "-Y", "tcp.analysis.flags", "-T", "fields", "-e", "frame.number"]
    for fld in FIELDS:
        cmd += ["-e", f"tcp.analysis.{fld}"]
    ts = subprocess.run(cmd, capture_output=True, text=True).stdout
    with open(f"{OUT}/{name}.tshark.txt", "w") as f:
        ver = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.split()[2]
        f.write(f"# tshark -r {name}.pcap -Y tcp.analysis.flags -T fields -e frame.number -e tcp.analysis.{{{','.join(FIELDS)}}} (TShark {ver})\n")
        f.write("# columns: frame.number, then one column per field above (1 = set)\n")
        f.write(ts)
    print(ts)


def sack_retransmit(port):
    # TCP_NODELAY, eight small writes; only the first copy of the second is dropped (`-m string` then
    # `-m statistic --mode nth --every 1000000 --packet 0`: the first matching packet only): the later
    # writes arrive out of order, the server answers each with a duplicate ACK carrying SACK blocks,
    # and the client retransmits the hole without waiting for the RTO. On loopback Linux (RACK, RTT of
    # microseconds) resends it right after the first SACK, before the next write: one duplicate ACK.
    c, s = C.pair(port)
    c.setsockopt(C.socket.IPPROTO_TCP, C.socket.TCP_NODELAY, 1)
    c.sendall(b"write 0\n"); s.recv(100); time.sleep(0.05)
    rule = ["--dport", str(port), "-m", "string", "--string", "LOSTONCE", "--algo", "bm",
            "-m", "statistic", "--mode", "nth", "--every", "1000000", "--packet", "0"]
    C.drop(rule)
    try:
        c.sendall(b"write 1 LOSTONCE\n")
        for i in range(2, 8):
            c.sendall(b"write %d\n" % i)
        time.sleep(0.5)
    finally:
        C.drop(rule, False)
    got = b""
    s.settimeout(1.0)
    while got.count(b"\n") < 7:
        got += s.recv(1000)
    s.sendall(b"ok\n"); c.recv(100)
    c.close(); time.sleep(0.05); s.close(); time.sleep(0.1)


def main():
    only = sys.argv[1:]
    jobs = [
        ("data-retransmit", 38216, C.data_retransmit),
        ("zero-window", 38217, C.zero_window),
        ("keepalive", 38218, C.keepalive),
        ("bulk", 38219, C.bulk),
        ("sack-retransmit", 38220, sack_retransmit),
        # issue 21: also printed with -S (NAME.S.txt) and with ss -tan snapshots (NAME.ss.txt)
        ("duplicate-after-reply", 38221, C.duplicate_after_reply, (("", []), (".S", ["-S"]))),
        ("syn-new-attempt", 38222, C.syn_new_attempt, (("", []), (".S", ["-S"]))),
    ]
    for name, port, fn, *variants in jobs:
        if not only or name in only:
            record(name, port, fn, *variants)


if __name__ == "__main__":
    main()
