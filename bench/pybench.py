"""pybench.py: Python 3 `socket` side of "make bench" (see bench/run.sh).

Same workloads and output as bench/cbench.c:
  pingpong N | inproc N | bulk BYTES CHUNK | churn N | udp N SIZE | mem N |
  readline N PER | loop N ACTIVE IDLE CBENCH
"""
import os
import resource
import selectors
import subprocess
import socket
import sys
import time


def rss_kb():
    """Rss of /proc/self/smaps_rollup (exact) unless BENCH_RSS=status or it
    is missing; else VmRSS of /proc/self/status (see cbench.c)."""
    files = [("/proc/self/status", "VmRSS:")]
    if os.environ.get("BENCH_RSS") != "status":
        files.insert(0, ("/proc/self/smaps_rollup", "Rss:"))
    for name, key in files:
        try:
            with open(name) as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            pass
    return -1


def reap(pid):
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        sys.exit("pybench: child failed")


def listen_loopback(type_):
    s = socket.socket(socket.AF_INET, type_)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    if type_ == socket.SOCK_STREAM:
        s.listen(128)
    return s, s.getsockname()[1]


def pingpong(n):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        a.close()
        recv, send = b.recv, b.send
        for _ in range(n):
            send(recv(1))
        os._exit(0)
    b.close()
    recv, send = a.recv, a.send
    t0 = time.perf_counter()
    for _ in range(n):
        send(b"x")
        if len(recv(1)) != 1:
            sys.exit("pybench: short recv")
    t1 = time.perf_counter()
    reap(pid)
    print("%.1f" % (n / (t1 - t0)))


def inproc(n):
    """In-process ping-pong: one process, a blocking unix socketpair, n
    times a 1-byte send on one end then a 1-byte recv on the other.
    Prints "wall_ns cpu_ns" per send+recv pair (see cpu_ns)."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    send, recv = a.send, b.recv
    c0 = cpu_ns()
    t0 = time.perf_counter()
    for _ in range(n):
        send(b"x")
        d = recv(1)
    t1 = time.perf_counter()
    c1 = cpu_ns()
    if len(d) != 1:
        sys.exit("pybench: short recv")
    a.close()
    b.close()
    cpu = "-" if c0 is None or c1 is None else "%.1f" % ((c1 - c0) / n)
    print("%.1f %s" % ((t1 - t0) * 1e9 / n, cpu))


def cpu_ns():
    """CPU time this thread has run, in ns: the first field of
    /proc/self/schedstat, as in cbench.c (after a 1 ms sleep, which
    brings it up to date); None if it cannot be read."""
    time.sleep(0.001)
    try:
        with open("/proc/self/schedstat") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def vcsw():
    """Voluntary context switches of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw


def bulk(total, chunk):
    l, port = listen_loopback(socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        l.close()
        c = socket.create_connection(("127.0.0.1", port))
        buf = b"b" * chunk
        sent = 0
        while sent < total:
            want = min(chunk, total - sent)
            c.sendall(buf if want == chunk else buf[:want])
            sent += want
        c.close()
        os._exit(0)
    s, _ = l.accept()
    recv = s.recv
    got = nrecv = 0
    v0 = vcsw()
    t0 = time.perf_counter()
    while got < total:
        d = recv(chunk)
        nrecv += 1
        if not d:
            break
        got += len(d)
    t1 = time.perf_counter()
    v1 = vcsw()
    reap(pid)
    if got != total:
        sys.exit("pybench: bulk got %d of %d" % (got, total))
    print("%.1f %.3f" % (total / 1e6 / (t1 - t0), (v1 - v0) / nrecv))


def churn(n):
    l, port = listen_loopback(socket.SOCK_STREAM)
    addr = ("127.0.0.1", port)
    S, AF, ST = socket.socket, socket.AF_INET, socket.SOCK_STREAM
    t0 = time.perf_counter()
    for _ in range(n):
        c = S(AF, ST)
        c.connect(addr)
        a, _ = l.accept()
        a.close()   # server closes first: TIME_WAIT there
        c.close()
    t1 = time.perf_counter()
    print("%.1f" % (n / (t1 - t0)))


def udp(n, size):
    u, port = listen_loopback(socket.SOCK_DGRAM)
    pid = os.fork()
    if pid == 0:
        recvfrom, sendto = u.recvfrom, u.sendto
        for _ in range(n):
            d, addr = recvfrom(65536)
            sendto(d, addr)
        os._exit(0)
    u.close()
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    recvfrom, sendto = c.recvfrom, c.sendto
    msg = b"u" * size
    srv = ("127.0.0.1", port)
    t0 = time.perf_counter()
    for _ in range(n):
        sendto(msg, srv)
        d, _ = recvfrom(65536)
        if len(d) != size:
            sys.exit("pybench: short datagram")
    t1 = time.perf_counter()
    reap(pid)
    print("%.1f" % (n / (t1 - t0)))


def readline(n, per):
    """A forked child writes n 80-byte lines over a unix socketpair, per
    lines to a write; the parent counts sock.makefile('rb').readline()
    lines until end of stream.  Prints lines per second."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        b.close()
        block = (b"x" * 79 + b"\n") * per
        left = n
        while left > 0:
            k = min(left, per)
            a.sendall(block if k == per else block[:80 * k])
            left -= k
        a.close()
        os._exit(0)
    a.close()
    f = b.makefile("rb")
    rl = f.readline
    got = 0
    t0 = time.perf_counter()
    while rl():
        got += 1
    t1 = time.perf_counter()
    reap(pid)
    if got != n:
        sys.exit("pybench: readline got %d lines of %d" % (got, n))
    print("%.1f" % (n / (t1 - t0)))


def loop(n, active, idle, cbench):
    """The event-loop workload (see bench/run.sh): active+idle unix
    stream connections to a "cbench loop_echo" child; a selectors loop
    (DefaultSelector: epoll; a callback per registered socket, as in the
    selectors documentation) answers the child's 1-byte pings on the
    active ones until n round trips.  Prints round trips per second."""
    path = os.path.join(os.environ.get("TMPDIR") or "/tmp",
                        "pybench-loop-%d.sock" % os.getpid())
    try:
        os.unlink(path)
    except OSError:
        pass
    l = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    l.bind(path)
    l.listen(4096)
    child = subprocess.Popen([cbench, "loop_echo", str(l.fileno()), str(active), str(idle)],
                             pass_fds=(l.fileno(),))
    socks = []
    for _ in range(active + idle):  # active first: the child's order
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        socks.append(s)
    l.close()
    os.unlink(path)
    if socks[0].recv(1) != b"R":
        sys.exit("pybench: loop_echo not ready")

    count = 0
    stop = False

    def active_cb(sock, mask):
        nonlocal count, stop
        d = sock.recv(1)
        if not d:
            sys.exit("pybench: short recv")
        sock.send(d)
        count += 1
        if count >= n:
            stop = True

    def idle_cb(sock, mask):
        sys.exit("pybench: an idle connection became ready")

    sel = selectors.DefaultSelector()
    for i, s in enumerate(socks):
        sel.register(s, selectors.EVENT_READ, active_cb if i < active else idle_cb)
    select = sel.select
    t0 = time.perf_counter()
    for s in socks[:active]:
        s.send(b"x")
    while not stop:
        for key, mask in select():
            key.data(key.fileobj, mask)
            if stop:
                break
    t1 = time.perf_counter()
    for s in socks[:active]:
        s.close()
    if child.wait() != 0:
        sys.exit("pybench: child failed")
    print("%.1f" % (n / (t1 - t0)))


def mem(n):
    socks = [None] * n
    socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    rss_kb()  # its own first-use allocations
    r0 = rss_kb()
    for i in range(n):
        socks[i] = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    r1 = rss_kb()
    print("%.1f %d %d" % ((r1 - r0) * 1024.0 / n, r0, r1))
    for s in socks:
        s.close()


def main():
    mode = sys.argv[1]
    if mode == "loop":
        n, active, idle = (int(x) for x in sys.argv[2:5])
        loop(n, active, idle, sys.argv[5])
        return
    args = [int(x) for x in sys.argv[2:]]
    {"pingpong": pingpong, "inproc": inproc, "bulk": bulk, "churn": churn, "udp": udp, "mem": mem,
     "readline": readline}[mode](*args)


if __name__ == "__main__":
    main()
