#!/usr/bin/env python3
"""Random real connections, recorded with the kernel's own states: the engine's differential test.

Run as root: python3 lib/tcp/captures/fuzz.py [FIRST_SEED] [COUNT]

Each seed draws a small program for a client and a server socket on loopback — data either way
(sometimes more than a window's worth), shutdown(SHUT_WR), close() with or without unread data,
an abort (SO_LINGER {1, 0}), a side that stops reading, everything from one side dropped for a
while by an iptables rule — runs it on its own port while tcpdump records it, and takes an
`ss -tan` snapshot after every step, stamped with the wall-clock time before and after `ss` ran.
It writes fuzz/SEED.txt (`tcpdump -n -S -r`), fuzz/SEED.ss.txt (the snapshots) and
fuzz/SEED.program.txt (what was done). fuzz-captures.test.ts replays each capture with annotate()
and compares the engine's states at each snapshot's moment with the kernel's.

Snapshots are taken only when nothing is in doubt: never while a drop rule is active, and only
after the retransmissions that follow it have had time to go through (a dropped segment is in the
capture — tcpdump sees it before iptables drops it — so until it is resent the capture alone cannot
tell that it was lost).
"""
import os, random, select, socket, struct, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from capture import Sniffer, forge  # noqa: E402  (the raw-socket helpers of the issue-16 captures)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz")
TMP = "/tmp/tcp-fuzz"
BASE_PORT = 40000
os.makedirs(OUT, exist_ok=True)
os.makedirs(TMP, exist_ok=True)


def stamp(t):
    """The time as tcpdump prints it (local time, microseconds)."""
    lt = time.localtime(t)
    return time.strftime("%H:%M:%S", lt) + ".%06d" % int(round((t - int(t)) * 1e6) % 1000000)


class Side:
    def __init__(self, name, sock):
        self.name, self.sock = name, sock
        self.closed = False      # close() or abort called
        self.shut_wr = False
        self.reading = True      # a reader thread drains the socket
        self.unread = 0


def drain(side, stop):
    """The application reading: polls, and reads whatever has arrived, until told to stop."""
    while not stop.is_set():
        if not side.reading or side.closed:
            time.sleep(0.02)
            continue
        try:
            r, _, _ = select.select([side.sock], [], [], 0.02)
            if r and not side.closed:
                if not side.sock.recv(65536, socket.MSG_DONTWAIT):
                    side.reading = False  # EOF: nothing more will come
        except (BlockingIOError, InterruptedError):
            pass
        except (OSError, ValueError):
            side.reading = False


def send_some(sock, data, deadline=2.0):
    """Send without blocking for ever on a peer that stopped reading: give up after `deadline`."""
    end = time.time() + deadline
    while data and time.time() < end:
        try:
            _, w, _ = select.select([], [sock], [], 0.05)
            if w:
                data = data[sock.send(data, socket.MSG_DONTWAIT):]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return


def shut_wr(side):
    try:
        side.sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    side.shut_wr = True


def snapshot(port, label, log):
    before = time.time()
    out = subprocess.run(["ss", "-tanH", f"( sport = :{port} or dport = :{port} )"], capture_output=True, text=True).stdout
    after = time.time()
    rows = [" ".join(l.split()[:1] + l.split()[3:5]) for l in out.splitlines() if l.strip()]
    log.append(f"{stamp(before)} {stamp(after)} {label}: " + (" | ".join(rows) if rows else "(no socket)") + "\n")


def iptables(action, port, direction):
    # direction "client": packets the client sends (to the server's port); "server": from it
    match = ["--dport", str(port)] if direction == "client" else ["--sport", str(port)]
    subprocess.run(["iptables", action, "INPUT", "-i", "lo", "-p", "tcp", *match, "-j", "DROP"], check=True)


def draw_program(rng, rich):
    """Seeds below 100 draw from the first set of steps; from 100 on also crossings and forged RSTs."""
    ops = []
    state = {"client": {"closed": False, "shut": False}, "server": {"closed": False, "shut": False}}
    for _ in range(rng.randint(2, 7)):
        side = rng.choice(["client", "server"])
        st = state[side]
        if st["closed"]:
            continue
        r = rng.random()
        other = state["server" if side == "client" else "client"]
        if rich and rng.random() < 0.35:
            q = rng.random()
            both_open = not st["closed"] and not other["closed"]
            if q < 0.3 and both_open and not st["shut"] and not other["shut"]:
                ops.append(("send-both", side, rng.choice([100, 1400, 70000])))
            elif q < 0.55 and both_open:
                ops.append(("close-both", side)); st["closed"] = other["closed"] = True
            elif q < 0.7 and both_open and not st["shut"] and not other["shut"]:
                ops.append(("shutwr-both", side)); st["shut"] = other["shut"] = True
            elif both_open and not st["shut"] and not other["shut"]:
                ops.append(("forge-rst", side, rng.choice(["exact", "in-window", "in-window", "outside"])))
            continue
        if r < 0.40 and not st["shut"]:
            ops.append(("send", side, rng.choice([1, 100, 1400, 5000, 70000])))
        elif r < 0.50:
            ops.append(("stop-reading", side))
        elif r < 0.60 and not st["shut"]:
            ops.append(("shutwr", side)); st["shut"] = True
        elif r < 0.75:
            ops.append(("close", side)); st["closed"] = True
        elif r < 0.82:
            ops.append(("abort", side)); st["closed"] = True
        else:
            ops.append(("drop", rng.choice(["client", "server"]), rng.choice([0.15, 0.3, 0.6])))
    # end: close what is left, in a random order
    rest = [s for s in ("client", "server") if not state[s]["closed"]]
    rng.shuffle(rest)
    for s in rest:
        ops.append(("close", s))
    return ops


def run(seed):
    rng = random.Random(seed)
    port = BASE_PORT + seed
    ops = draw_program(rng, seed >= 100)
    nodelay = rng.random() < 0.5
    # from seed 300 on, one handshake segment may be dropped for 0.5 s: the SYN, the SYN-ACK or the
    # third ACK (each is then resent by the kernel's timers: SYN and SYN-ACK after 1 s)
    hs_fault = rng.choice([None, "syn", "synack", "ack"]) if seed >= 300 else None
    pcap = f"{TMP}/{seed}.pcap"
    td = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-B", "8192", "-w", pcap, f"tcp port {port}"],
                          stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    log, program = [], [f"seed {seed} port {port} nodelay {nodelay}" + (f" handshake-drop {hs_fault}" if hs_fault else "") + "\n"]
    stop = threading.Event()
    threads = []
    sniffer = Sniffer(port, skip_rst=True)
    try:
        l = socket.socket()
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(("127.0.0.1", port)); l.listen(8)
        c = socket.socket()
        if nodelay:
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        rule = {
            "syn": ["--dport", str(port), "--tcp-flags", "SYN,ACK", "SYN"],
            "synack": ["--sport", str(port), "--tcp-flags", "SYN,ACK", "SYN,ACK"],
            "ack": ["--dport", str(port), "--tcp-flags", "SYN,ACK,FIN,RST,PSH", "ACK"],
        }.get(hs_fault)
        if rule:
            spec = ["INPUT", "-i", "lo", "-p", "tcp", *rule, "-j", "DROP"]
            subprocess.run(["iptables", "-A", *spec], check=True)
            lift = threading.Timer(0.5, lambda: subprocess.run(["iptables", "-D", *spec], check=True))
            lift.start()
        c.connect(("127.0.0.1", port))
        s, _ = l.accept(); l.close()
        if rule:
            lift.join()
        if nodelay:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sides = {"client": Side("client", c), "server": Side("server", s)}
        for side in sides.values():
            t = threading.Thread(target=drain, args=(side, stop), daemon=True); t.start(); threads.append(t)
        time.sleep(0.3)
        snapshot(port, "after the handshake", log)
        for op in ops:
            program.append(" ".join(map(str, op)) + "\n")
            kind, who = op[0], op[1]
            side = sides.get(who)
            if kind == "send":
                if side.closed or side.shut_wr:
                    continue
                send_some(side.sock, b"x" * op[2])
            elif kind == "stop-reading":
                side.reading = False
            elif kind == "shutwr":
                shut_wr(side)
            elif kind in ("close", "abort"):
                if kind == "abort":
                    side.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                side.closed = True
                time.sleep(0.06)  # let the reader thread see `closed` and leave the socket alone
                side.sock.close()
            elif kind in ("send-both", "close-both", "shutwr-both"):
                # both applications act at the same moment: the segments cross on the wire
                live = [x for x in sides.values() if not x.closed]
                go = threading.Barrier(len(live))
                def act(x, kind=kind):
                    go.wait()
                    if kind == "send-both":
                        send_some(x.sock, b"z" * op[2])
                    elif kind == "shutwr-both":
                        shut_wr(x)
                    else:
                        x.sock.close()
                if kind == "close-both":
                    for x in live:
                        x.closed = True
                    time.sleep(0.06)
                ts = [threading.Thread(target=act, args=(x,)) for x in live]
                for t in ts:
                    t.start()
                for t in ts:
                    t.join(3)
            elif kind == "forge-rst":
                # an RST with the sender's four-tuple, at RCV.NXT, in the window, or far outside it
                # (RFC 9293 §3.10.7.4 / RFC 5961 §3.2): only the first resets the receiver
                mine = side.sock.getsockname()[1]
                peer = side.sock.getpeername()[1]
                nxt = sniffer.last.get(mine, (None,))[0]
                if nxt is not None:
                    off = {"exact": 0, "in-window": 1000, "outside": 0x40000000}[op[2]]
                    forge(mine, peer, (nxt + off) & 0xffffffff, 0, 0x04)
            elif kind == "drop":
                iptables("-A", port, who)
                try:
                    # make traffic while the rule is on: whichever side can still send does
                    talker = next((x for x in sides.values() if not x.closed and not x.shut_wr), None)
                    if talker is not None:
                        send_some(talker.sock, b"y" * 200, 0.2)
                    time.sleep(op[2])
                finally:
                    iptables("-D", port, who)
                time.sleep(2.5)  # resent segments get through, so the capture shows what was lost
            time.sleep(0.3)
            snapshot(port, f"after {' '.join(map(str, op))}", log)
        time.sleep(0.5)
        snapshot(port, "at the end", log)
    finally:
        stop.set()
        sniffer.stop = True
        for t in threads:
            t.join(1)
        time.sleep(0.3)
        td.terminate(); td.wait()
    txt = subprocess.run(["tcpdump", "-n", "-S", "-r", pcap], capture_output=True, text=True).stdout
    with open(f"{OUT}/{seed}.txt", "w") as f:
        f.write(txt)
    with open(f"{OUT}/{seed}.ss.txt", "w") as f:
        f.write("".join(log))
    with open(f"{OUT}/{seed}.program.txt", "w") as f:
        f.write("".join(program))
    print(f"seed {seed}: {len(txt.splitlines())} lines, {len(log)} snapshots: {' ; '.join(p.strip() for p in program[1:])}")


if __name__ == "__main__":
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    for seed in range(first, first + count):
        run(seed)
