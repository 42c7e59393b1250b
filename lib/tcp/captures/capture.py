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


def capture(name, port, fn, variants=(("", []), (".S", ["-S"])), iface="lo"):
    pcap = f"{TMP}/{name}.pcap"
    td = subprocess.Popen(["tcpdump", "-i", iface, "-n", "-U", "--immediate-mode", "-w", pcap, f"tcp port {port}"],
                          stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        fn(port)
    finally:
        time.sleep(0.5)
        td.terminate(); td.wait()
    for suffix, flags in variants:
        txt = subprocess.run(["tcpdump", "-n", *flags, "-r", pcap], capture_output=True, text=True).stdout
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
    ]
    for name, port, fn, *kw in jobs:
        if only and name not in only:
            continue
        capture(name, port, fn, **(kw[0] if kw else {}))


if __name__ == "__main__":
    main()
