#!/usr/bin/env python3
"""load_client.py PORT [N [SECONDS]]: the client side of test_load.sl.

Opens N (default 1000) TCP connections to 127.0.0.1:PORT, all of them
before any data goes out, then sends each a distinct 1-4 KiB payload,
half-closes it (SHUT_WR), reads the echo to end of file and checks every
byte.  Prints one line:

    load: N connections, B bytes, all ok

(B: the payload bytes sent, which all came back) and exits 0, or prints
what went wrong and exits 1.  Gives up after SECONDS (default 60).
"""

import errno
import resource
import selectors
import socket
import sys
import time


def payload(i):
    """A distinct payload of 1024..4096 bytes for connection i."""
    n = 1024 + (i * 2654435761) % 3073
    head = b"%d:" % i
    body = bytes(((i * 131 + k * 7) ^ (k >> 8)) & 0xFF for k in range(n - len(head)))
    return head + body


def raise_nofile(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        new = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        soft = new
    return soft == resource.RLIM_INFINITY or soft >= need


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    deadline = time.monotonic() + limit

    if not raise_nofile(n + 64):
        print("load: cannot raise RLIMIT_NOFILE to %d" % (n + 64))
        return 1

    data = [payload(i) for i in range(n)]
    sent = [0] * n
    got = [bytearray() for _ in range(n)]
    failures = {}
    sel = selectors.DefaultSelector()
    socks = []

    # phase 1: open every connection before sending anything
    for i in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        rc = s.connect_ex(("127.0.0.1", port))
        if rc not in (0, errno.EINPROGRESS):
            failures[i] = "connect: %s" % errno.errorcode.get(rc, rc)
            s.close()
            socks.append(None)
            continue
        socks.append(s)
        sel.register(s, selectors.EVENT_WRITE, i)
    pending = set(i for i in range(n) if socks[i] is not None)
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1.0):
            i = key.data
            if i not in pending:
                continue
            err = socks[i].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            sel.unregister(socks[i])
            if err:
                failures[i] = "connect: %s" % errno.errorcode.get(err, err)
                socks[i].close()
                socks[i] = None
            pending.discard(i)
    for i in pending:
        failures[i] = "connect: timed out"
        sel.unregister(socks[i])
        socks[i].close()
        socks[i] = None
    connected = sum(1 for s in socks if s is not None)

    # phase 2: send, half-close, read the echo to EOF
    active = set()
    for i, s in enumerate(socks):
        if s is None:
            continue
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, i)
        active.add(i)
    while active and time.monotonic() < deadline:
        for key, mask in sel.select(timeout=1.0):
            i = key.data
            s = socks[i]
            if i not in active:
                continue
            try:
                if mask & selectors.EVENT_WRITE and sent[i] < len(data[i]):
                    sent[i] += s.send(data[i][sent[i]:sent[i] + 65536])
                    if sent[i] == len(data[i]):
                        s.shutdown(socket.SHUT_WR)
                        sel.modify(s, selectors.EVENT_READ, i)
                if mask & selectors.EVENT_READ:
                    chunk = s.recv(65536)
                    if chunk:
                        got[i] += chunk
                    else:
                        active.discard(i)
                        sel.unregister(s)
                        s.close()
                        if sent[i] != len(data[i]):
                            failures[i] = "EOF after sending %d of %d bytes" % (sent[i], len(data[i]))
                        elif bytes(got[i]) != data[i]:
                            g = bytes(got[i])
                            at = next((k for k in range(min(len(g), len(data[i])))
                                       if g[k] != data[i][k]), min(len(g), len(data[i])))
                            failures[i] = "echo differs: %d of %d bytes back, first difference at %d" % (
                                len(g), len(data[i]), at)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError as e:
                failures[i] = "%s after %d sent, %d back" % (e, sent[i], len(got[i]))
                active.discard(i)
                sel.unregister(s)
                s.close()
    for i in active:
        failures[i] = "timed out: %d of %d sent, %d back" % (sent[i], len(data[i]), len(got[i]))
        socks[i].close()

    total = sum(len(d) for d in data)
    if not failures:
        print("load: %d connections, %d bytes, all ok" % (n, total))
        return 0
    print("load: %d connections (%d connected), %d bytes: %d failed" % (n, connected, total, len(failures)))
    for i in sorted(failures)[:10]:
        print("load:   connection %d: %s" % (i, failures[i]))
    return 1


if __name__ == "__main__":
    sys.exit(main())
