#!/usr/bin/env python3
"""dns_split.py ADDR: a DNS server on ADDR port 53 for test_connect.sl's
per-family Happy Eyeballs scenario.  It answers the A query for names
starting with "aonly" (127.0.0.1) and never the AAAA one; it answers the
AAAA query for names starting with "v6only" (::1) and never the A one;
anything else gets NXDOMAIN.  It prints "ready PID" once bound, and runs
until killed."""
import os, socket, struct, sys

def qname(msg, off):
    labels = []
    while msg[off]:
        n = msg[off]
        labels.append(msg[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n
    return ".".join(labels).lower(), off + 1

def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((sys.argv[1], 53))
    print("ready", os.getpid(), flush=True)
    while True:
        msg, peer = s.recvfrom(4096)
        if len(msg) < 12:
            continue
        qid, flags, qd = struct.unpack("!HHH", msg[:6])
        name, off = qname(msg, 12)
        qtype, qclass = struct.unpack("!HH", msg[off:off + 4])
        question = msg[12:off + 4]
        rdata = None
        if name.startswith("aonly"):
            if qtype != 1:
                continue                 # never answer AAAA
            rdata = socket.inet_pton(socket.AF_INET, "127.0.0.1")
        elif name.startswith("v6only"):
            if qtype != 28:
                continue                 # never answer A
            rdata = socket.inet_pton(socket.AF_INET6, "::1")
        if rdata is None:
            hdr = struct.pack("!HHHHHH", qid, 0x8183, 1, 0, 0, 0)   # NXDOMAIN
            s.sendto(hdr + question, peer)
            continue
        hdr = struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0)
        ans = struct.pack("!HHHIH", 0xC00C, qtype, 1, 60, len(rdata)) + rdata
        s.sendto(hdr + question + ans, peer)

main()
