#!/usr/bin/env python3
"""Record real `ss -tan`, `ss -s` and `nstat -az` dumps for the incident model (issue 18).

Run as root: python3 lib/tcp/captures/incidents/record.py
Each scenario runs in a fresh network namespace (own loopback, own sysctls, counters from zero) and
writes NAME.ss.txt (`ss -tan`), NAME.summary.txt (`ss -s`), NAME.nstat.txt (`nstat -az`, the TcpExt
counters) and NAME.json (the parameters and the moments of each step) next to this script.
lib/tcp/incident-captures.test.ts runs the model with the same parameters and compares.
"""
import json, os, socket, subprocess, sys, threading, time

OUT = os.path.dirname(os.path.abspath(__file__))
NS = "k18i-incident"


def sh(*args):
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def in_ns():
    """Re-run this script inside the namespace (the child does the work)."""
    subprocess.run(["ip", "netns", "del", NS], capture_output=True)
    sh("ip", "netns", "add", NS)
    try:
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up")
        r = subprocess.run(["ip", "netns", "exec", NS, sys.executable, __file__, "--child", *sys.argv[1:]])
        return r.returncode
    finally:
        subprocess.run(["ip", "netns", "del", NS], capture_output=True)


def sysctl(**kv):
    for k, v in kv.items():
        path = "/proc/sys/net/" + k.replace(".", "/")
        with open(path, "w") as f:
            f.write(str(v))


def dump(name, meta):
    with open(f"{OUT}/{name}.ss.txt", "w") as f:
        f.write(sh("ss", "-tan"))
    with open(f"{OUT}/{name}.summary.txt", "w") as f:
        f.write(sh("ss", "-s"))
    with open(f"{OUT}/{name}.nstat.txt", "w") as f:
        f.write("".join(l + "\n" for l in sh("nstat", "-az").splitlines() if l.startswith("TcpExt")))
    meta["kernel"] = os.uname().release
    meta["ss"] = sh("ss", "-V").strip()
    with open(f"{OUT}/{name}.json", "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


def close_wait():
    """A server that reads the request, replies and returns without close(); clients close after the reply."""
    port, n, req = 8080, 5, 300
    srv = socket.socket(); srv.bind(("127.0.0.1", port)); srv.listen(128)
    keep = []

    def serve():
        for _ in range(n):
            c, _ = srv.accept()
            data = b""
            while len(data) < req:
                data += c.recv(req - len(data))
            c.sendall(b"ok")
            keep.append(c)  # the leak: never closed, never read again

    t = threading.Thread(target=serve); t.start()
    t0 = time.monotonic()
    for i in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        c.sendall(b"x" * req)
        c.recv(2)
        c.close()
        time.sleep(0.1)
    t.join()
    time.sleep(0.3)
    at = int((time.monotonic() - t0) * 1000)
    dump("close-wait", {"scenario": "close-wait", "port": port, "connections": n, "requestBytes": req, "intervalMs": 100, "atMs": at,
                        "sysctls": {"tcp_fin_timeout": 60}})


def accept_overflow():
    """A listener with backlog 2 that never calls accept(); five clients connect 200 ms apart and keep their sockets."""
    port, n = 9000, 5
    srv = socket.socket(); srv.bind(("127.0.0.1", port)); srv.listen(2)
    clients = []
    t0 = time.monotonic()
    for i in range(n):
        c = socket.socket(); c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        clients.append(c)
        time.sleep(0.2)
    # wait until t0 + 4.5 s: the first SYN retransmissions (1 s apart) have been dropped too
    time.sleep(max(0, 4.5 - (time.monotonic() - t0)))
    at = int((time.monotonic() - t0) * 1000)
    dump("accept-overflow", {"scenario": "accept-overflow", "port": port, "backlog": 2, "connections": n, "intervalMs": 200, "atMs": at,
                             "sysctls": {"somaxconn": 4096, "tcp_syncookies": 1, "tcp_syn_linear_timeouts": 4}})


def time_wait():
    """Short connections from this host to a local server that closes after the client: the client ends in TIME-WAIT.
    The port range is narrowed to 20 ports so that connect() runs out of them."""
    port, n, lo, hi = 7000, 30, 40000, 40019
    sysctl(**{"ipv4.ip_local_port_range": f"{lo} {hi}", "ipv4.tcp_tw_reuse": 0})
    srv = socket.socket(); srv.bind(("127.0.0.2", port)); srv.listen(64)

    def serve():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            c.recv(16); c.sendall(b"ok")
            c.recv(16)  # the client's FIN
            c.close()

    threading.Thread(target=serve, daemon=True).start()
    ok = fail = 0
    t0 = time.monotonic()
    for i in range(n):
        c = socket.socket()
        try:
            c.connect(("127.0.0.2", port))
            c.sendall(b"q"); c.recv(2)
            c.close()
            ok += 1
        except OSError as e:
            fail += 1
            c.close()
        time.sleep(0.02)
    time.sleep(0.2)
    at = int((time.monotonic() - t0) * 1000)
    dump("time-wait", {"scenario": "time-wait", "port": port, "attempts": n, "connected": ok, "failed": fail, "intervalMs": 20, "atMs": at,
                       "sysctls": {"ip_local_port_range": [lo, hi], "tcp_tw_reuse": 0}})
    srv.close()


SCENARIOS = {"close-wait": close_wait, "accept-overflow": accept_overflow, "time-wait": time_wait}

if __name__ == "__main__":
    if "--child" not in sys.argv:
        names = sys.argv[1:] or list(SCENARIOS)
        for name in names:
            sys.argv[1:] = [name]
            if in_ns() != 0:
                sys.exit(1)
    else:
        SCENARIOS[sys.argv[2]]()
