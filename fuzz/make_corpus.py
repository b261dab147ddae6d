#!/usr/bin/env python3
"""make_corpus.py: write the seed corpus fuzz/corpus/ for fuzz/fuzz_socket.

An input is a byte program that fuzz_socket.c decodes into S-Lang calls; the
Enc class below mirrors that decoder (gen_stmt and the gen_* helpers), one
method per choice it reads.  The value tables are parsed from fuzz_socket.c,
so the indices follow it.  Each seed names the calls it makes; with --check
BIN the script runs BIN on every seed with FUZZ_DEBUG=1 and verifies that
those calls are the statements the harness built (run it from a scratch
directory: unix paths land in the working directory).

    python3 fuzz/make_corpus.py [--check fuzz/fuzz_socket]
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = open(os.path.join(HERE, "fuzz_socket.c")).read()


def table(name):
    m = re.search(r"static const char \*%s\[\] =\s*\{(.*?)\};" % name, SRC, re.S)
    items = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    return [bytes(s, "ascii").decode("unicode_escape") for s in items]


INT_LITS = table("Int_Lits")
TIMEOUTS = table("Timeouts")
HOSTS = table("Fixed_Hosts")
PORT_STRS = table("Port_Strs")
PATHS = table("Fixed_Paths")
DOMAINS = table("Domains")
TYPES = table("Types")
RECV_FLAGS = table("Recv_Flags")
MAXLENS = table("Maxlens")
OPTS = re.findall(r'\{"([A-Z0-9_]+)", K_[A-Z0-9]+\}', SRC)
def funs(name):
    m = re.search(r"static const Fun %s\[\] =\s*\{(.*?)\};" % name, SRC, re.S)
    return re.findall(r'\{"([a-z_]+)", \d, \d, ST_[A-Z0-9]+\}', m.group(1))


SF_OFFSETS = table("Sf_Offsets")
SF_COUNTS = table("Sf_Counts")
FUNS = funs("Funs")
EXT_FUNS = funs("Ext_Funs")
X = {name: i for i, name in enumerate(EXT_FUNS)}
N_OPS = len(FUNS) + 3

F = {name: i for i, name in enumerate(FUNS)}


class Enc:
    def __init__(self, use_try=False):
        self.b = bytearray([1 if use_try else 0])
        self.calls = []

    def byte(self, v):
        self.b.append(v & 0xFF)

    def u16(self, v):
        self.byte(v)
        self.byte(v >> 8)

    # --- atoms -------------------------------------------------------
    def sock(self, k):
        self.byte(k)                    # s<k>

    def int_(self, lit):
        if isinstance(lit, str):
            self.byte(INT_LITS.index(lit))
        else:
            self.byte(200)              # decimal u16
            self.u16(lit)

    def timeout(self, t="0"):
        self.byte(TIMEOUTS.index(t))

    def text(self, data, maxlen):
        assert len(data) <= maxlen
        self.byte(len(data))
        self.b += data

    def host(self, h):
        if h in HOSTS:
            self.byte(HOSTS.index(h))
        else:
            # prefix "" + fuzz bytes; the harness appends '%' when needed
            self.byte(160)
            self.byte(7)                # Host_Prefixes[7] == ""
            self.byte(len(h))
            self.b += h.encode()

    def port(self, p):
        if isinstance(p, int):
            self.byte(5)
            self.u16(p)
        elif p is None:
            self.byte(12)
        else:
            self.byte(8)
            self.byte(PORT_STRS.index(p))

    def path(self, p):
        if isinstance(p, str) and p in PATHS:
            self.byte(0)
            self.byte(PATHS.index(p))
        elif isinstance(p, bytes) and p[:1] == b"\0":
            self.byte(6)                # abstract
            self.byte(len(p) - 1)
            self.b += p[1:]
        elif isinstance(p, int):        # around sun_path's size
            self.byte(5)
            self.byte([105, 106, 107, 108, 109, 200].index(p))
            self.byte(0)
        else:
            self.byte(3)
            self.byte(len(p))
            self.b += p.encode()

    def addr_path(self, p):
        self.byte(0)
        self.path(p)

    def addr_host(self, h, p):
        self.byte(3)
        self.host(h)
        self.port(p)

    def addr_list(self, v):
        self.byte(6)
        self.byte(v)                    # __push_list (v<v>)

    def data_text(self, data, binary=False):
        self.byte(0)
        self.byte(1 if binary else 0)
        self.text(data, 200)

    def data_big(self, i):
        self.byte(3)
        self.byte(i)                    # pack ("x<size>")

    def fds(self, mask):
        self.byte(1)                    # send_fds: an array
        self.byte(0)
        self.u16(mask)                  # __fz_fds (mask)

    def choice(self, i):
        self.byte(i)

    # --- statements --------------------------------------------------
    def op(self, name, slot=0, slot2=0):
        self.byte(F[name])
        self.byte(slot)
        self.byte(slot2)
        self.calls.append(name)

    def sendfile(self, sock, file, offset, count, t="0"):
        """sendfile (s, file, offset, count ; timeout=t): bit 2 of the
        first byte, op 240.  file: "regular", "dir", "s12", "p0" or
        ("sock", k)."""
        self.b[0] |= 4
        self.byte(240)
        self.byte(0)
        self.byte(0)
        self.calls.append("sendfile")
        self.sock(sock)
        if isinstance(file, tuple):
            self.byte(4)
            self.sock(file[1])
        else:
            self.byte({"regular": 0, "dir": 2, "s12": 3, "p0": 5}[file])
        self.byte(SF_OFFSETS.index(offset))
        self.byte(SF_COUNTS.index(count))
        self.timeout(t)

    def socket(self, dom, typ, slot, pair=False, slot2=0):
        self.op("socketpair" if pair else "socket", slot, slot2)
        self.choice(DOMAINS.index(dom))
        self.choice(TYPES.index(typ))
        self.byte(1)                    # protocol 0

    def connect_host(self, s, h, p, t="0"):
        self.op("connect")
        self.sock(s)
        self.addr_host(h, p)
        self.timeout(t)

    def connect_path(self, s, p, t="0"):
        self.op("connect")
        self.sock(s)
        self.addr_path(p)
        self.timeout(t)

    def connect_list(self, s, v, t="0"):
        self.op("connect")
        self.sock(s)
        self.addr_list(v)
        self.timeout(t)

    def bind_host(self, s, h, p):
        self.op("bind")
        self.sock(s)
        self.addr_host(h, p)
        self.byte(255)                  # no mode=

    def bind_path(self, s, p, mode=None, unlink0=False):
        self.op("bind")
        self.sock(s)
        self.addr_path(p)
        if mode is None:
            self.byte(232 if unlink0 else 255)
        else:
            self.byte(30 if unlink0 else 0)
            self.byte(mode)

    def listen(self, s, backlog="4"):
        self.op("listen")
        self.sock(s)
        self.int_(backlog)

    def accept(self, s, slot, nrefs=0, t="0"):
        self.op("accept", slot)
        self.sock(s)
        self.byte(nrefs)
        self.timeout(t)

    def getname(self, which, s, v):
        self.op(which, v)
        self.sock(s)

    def sockopt(self, which, s, opt, value=None, kbyte=0):
        self.op(which, 1)
        self.sock(s)
        self.byte(0)                    # the option's own level
        self.byte(OPTS.index(opt))
        if which == "setsockopt":
            self.byte(kbyte)            # kind-specific shape selector
            for v in value:
                self.byte(v) if isinstance(v, int) else self.host(v[1])

    def send(self, s, data, flags=None, t="0", binary=False):
        self.op("send", 2)
        self.sock(s)
        self.data_text(data, binary)
        if flags is None:
            self.byte(0)
        else:
            self.byte(1)
            self.byte(RECV_FLAGS.index(flags))
        self.timeout(t)

    def sendto_host(self, s, data, h, p, t="0"):
        self.op("sendto", 3)
        self.sock(s)
        self.data_text(data)
        self.byte(0)                    # flags 0
        self.addr_host(h, p)
        self.timeout(t)

    def sendto_path(self, s, data, p, t="0"):
        self.op("sendto", 3)
        self.sock(s)
        self.data_text(data)
        self.byte(0)
        self.addr_path(p)
        self.timeout(t)

    def recv(self, s, maxlen, flags=None, v=4, t="0", which="recv"):
        self.op(which, v)
        self.sock(s)
        self.choice(MAXLENS.index(maxlen))
        if flags is None:
            self.byte(0)
        else:
            self.byte(1)
            self.byte(RECV_FLAGS.index(flags))
        self.timeout(t)

    def sendall(self, s, big, t="0"):
        self.op("sendall", 5)
        self.sock(s)
        self.data_big(big)
        self.timeout(t)

    def send_fds(self, s, data, mask, t="0"):
        self.op("send_fds", 5)
        self.sock(s)
        self.data_text(data)
        self.fds(mask)
        self.timeout(t)

    def recv_fds(self, s, maxlen, maxfds_i, v=6, t="0"):
        self.op("recv_fds", v)
        self.sock(s)
        self.choice(MAXLENS.index(maxlen))
        self.choice(maxfds_i)
        self.timeout(t)

    def getaddrinfo(self, h, svc, nargs=2, fam=0, st=0, proto=0, flags=0):
        self.op("getaddrinfo", 7)
        if h is None:
            self.byte(180)
        else:
            self.byte(0)
        self.byte(nargs - 2)
        if h is not None:
            self.host(h)
        self.port(svc)
        if nargs > 2: self.choice(fam)
        if nargs > 3: self.choice(st)
        if nargs > 4: self.choice(proto)
        if nargs > 5: self.byte(flags)

    def getnameinfo(self, h, p, flags=None):
        self.op("getnameinfo", 0)
        self.host(h)
        self.port(p)
        if flags is None:
            self.byte(0)
        else:
            self.byte(1)
            self.byte(flags)

    def inet_pton(self, fam_i, h):
        self.op("inet_pton", 1)
        self.choice(fam_i)
        self.byte(0)
        self.host(h)

    def inet_ntop(self, fam_i, data):
        self.op("inet_ntop", 2)
        self.choice(fam_i)
        k = {4: 0, 16: 1}.get(len(data), 2)
        self.byte(k)
        if k == 2:
            self.byte(len(data))
        self.b += data
        self.byte(1)                    # a BString

    def poll(self, mask, ev_i, to_i):
        self.op("poll", 3)
        self.byte(2)                    # 3 arguments
        self.byte(1)                    # fds: an array ...
        self.byte(0)
        self.u16(mask)                  # ... __fz_fds (mask)
        self.choice(ev_i)
        self.byte(to_i)

    def setblocking(self, s, flag):
        self.op("setblocking")
        self.sock(s)
        self.int_(flag)

    def getblocking(self, s):
        self.op("getblocking", 0)
        self.sock(s)

    def shutdown(self, s, how_i):
        self.op("shutdown")
        self.sock(s)
        self.choice(how_i)

    def create_connection(self, h, p, t="0.001", bits=0, extra=b""):
        self.op("create_connection", 14)
        self.host(h)
        self.port(p)
        self.timeout(t)
        self.byte(bits)
        self.b += extra

    def create_server(self, kind, what, p=None, bits=0, extra=b""):
        # bits: 1 family=, 2 backlog=, 4 reuse_port=, 8 dualstack=,
        # 16 mode= (32: 0600), 64 unlink=0
        self.op("create_server", 13)
        self.byte(kind)                 # 0: path, 2: host
        if kind == 0:
            self.path(what)
        else:
            self.host(what)
        if p is None:
            self.byte(0)
        else:
            self.byte(1)
            self.port(p)
        self.byte(bits)
        self.b += extra

    def tcppair(self, slot, slot2, v6=False):
        self.op("__fz_tcppair", slot, slot2)
        self.byte(1 if v6 else 0)

    def close(self, s):
        self.op("close", 7)
        self.sock(s)

    def dup_fd(self, s, slot, foreign=None):
        """foreign=None: the slot2 byte 0 (a foreign copy for even slots)."""
        b = 0 if foreign is None else (slot + 1 + (1 if foreign else 0)) % 2
        self.op("dup_fd", slot, b)
        if (slot + 1 + b) % 16 % 2:
            self.calls[-1] = "__fz_foreign"
        self.sock(s)

    def raw(self, fname, atoms, v=7):
        """fname with atoms: each atom is a list of raw bytes for gen_any."""
        self.byte(N_OPS - 1)
        self.byte(0)
        self.byte(0)
        self.byte(FUNS.index(fname))
        self.byte(v)
        self.byte(len(atoms))
        for a in atoms:
            self.b += bytes(a)
        self.byte(0)                    # timeout=0
        self.byte(0)                    # no other qualifier
        self.calls.append(fname)


SEL_EVENTS = table("Sel_Events")
SEL_TIMEOUTS = table("Sel_Timeouts")
TIMER_SECS = table("Timer_Secs")
BUFSIZES = table("Bufsizes")
LIMITS = table("Limits")
DELIMS = table("Delims")
BUFLENS = table("Buflens")
IF_NAMES = table("If_Names")


class XEnc(Enc):
    """The calls of the newer section (bit 1 of the first byte; op 128 + X).
    Such an input starts with e0 = selector_new (), lp0 = eventloop_new (),
    t0 = stream_new (s1), t1 a stream of "a\\nb\\r\\nc" then its end, and
    the pipe (p0, p1)."""

    def __init__(self, use_try=False):
        Enc.__init__(self, use_try)
        self.b[0] |= 2

    def xop(self, name, slot=0, call=None):
        self.byte(128 + X[name])
        self.byte(slot)
        self.byte(0)
        self.calls.append(call or name)

    # operands
    def t(self, i):                     # gen_stream: t<i>
        self.byte(i)

    def e(self, i):                     # gen_selector: e<i>
        self.byte(i)

    def lp(self, i):                    # gen_loop: lp<i>
        self.byte(i)

    def w_sock(self, k):                # gen_watchable: s<k>
        self.byte(0)
        self.byte(k)

    def w_stream(self, i):              # gen_watchable: t<i>
        self.byte(120 + i)

    def w_pipe(self, i):                # gen_watchable: p<i>
        self.byte(208 + i)

    def events(self, ev):
        self.byte(SEL_EVENTS.index(ev))

    def no_extra(self):                 # maybe_extra: none
        self.byte(1)

    def quals(self, bufsize=None, limit=None):
        self.byte((1 if bufsize is not None else 0) | (2 if limit is not None else 0))
        if bufsize is not None: self.byte(BUFSIZES.index(bufsize))
        if limit is not None: self.byte(LIMITS.index(limit))

    def line_text(self, i=None, data=None, long_i=None):
        if i is not None:
            self.byte(0); self.byte(i)  # Line_Texts[i]
        elif data is not None:
            self.byte(4); self.byte(0); self.text(data, 200)
        else:
            self.byte(6); self.byte(long_i)   # pack ("x<n>") + "\nend"

    def cb(self, k, args=()):
        """&__fz_cb<k> with args: each ("s", k) a socket, ("t", i) a stream, ("i", lit) an int"""
        self.byte(k)
        self.byte(len(args))
        for kind, v in args:
            if kind == "s":
                self.byte(0); self.byte(v)
            elif kind == "t":
                self.byte(64 + v)
            else:
                self.byte(96); self.byte(INT_LITS.index(v))

    # statements
    def stream_new(self, slot, sock=None, pipe=None, bufsize=None, limit=None):
        self.xop("stream_new", slot)
        if pipe is not None:
            self.byte(150 + pipe)
        else:
            self.byte(0); self.byte(sock)
        self.no_extra()
        self.quals(bufsize, limit)

    def eofstream(self, slot, kind, text_i=None, data=None, long_i=None, bufsize=None, limit=None):
        self.xop("__fz_eofstream", slot)
        self.line_text(text_i, data, long_i)
        self.byte(kind)
        self.quals(bufsize, limit)

    def foreach(self, kind, text_i=None, data=None, long_i=None, var=True, using=None, body=0,
                bufsize=None, limit=None):
        """using: None (var form: none; else using ("line")), or an index in Foreach_Usings"""
        k = (1 if var else 0) | (0 if using is not None else 2)
        self.xop("foreach")
        self.byte(k)
        self.line_text(text_i, data, long_i)
        self.byte(kind)
        self.quals(bufsize, limit)
        if using is not None:
            self.byte(using)
        self.byte(body)

    def sread(self, name, t, tmo="0.002", arg=None, v=1):
        self.xop(name, v)
        self.t(t)
        if name in ("stream_read", "stream_read_some"):
            self.choice(MAXLENS.index(arg))
        elif name == "stream_read_until":
            self.byte(1); self.byte(arg)     # Delims[arg]
        else:
            self.no_extra()
        self.timeout(tmo)

    def swrite(self, t, data, tmo="0", v=2):
        self.xop("stream_write", v)
        self.t(t)
        self.data_text(data)
        self.timeout(tmo)

    def s1(self, name, t, v=3, slot=None):
        """stream_pending / stream_fd"""
        self.xop(name, v if slot is None else slot)
        self.t(t)
        self.no_extra()

    def sel_add(self, e, w, ev, data=("i", "1"), modify=False):
        self.xop("selector_modify" if modify else "selector_add")
        self.e(e)
        w(self)
        self.events(ev)
        if data is None:
            self.byte(0 if not modify else 0)
        else:
            self.byte(1)
            kind, v = data
            if kind == "s": self.byte(0); self.byte(v)
            elif kind == "t": self.byte(64 + v)
            else: self.byte(96); self.byte(INT_LITS.index(v))
        self.no_extra()

    def sel_remove(self, e, w):
        self.xop("selector_remove")
        self.e(e)
        w(self)

    def sel_wait(self, e, tmo="0", v=4):
        self.xop("selector_wait", v)
        self.e(e)
        self.byte(SEL_TIMEOUTS.index(tmo))

    def noargs(self, name, slot=0):
        self.xop(name, slot)
        self.no_extra()

    def one(self, name, obj):          # selector_close / eventloop_stop
        self.xop(name)
        self.byte(obj)
        self.no_extra()

    def watch(self, lp, w, ev, cb, args=(), v=5):
        self.xop("eventloop_watch", v)
        self.lp(lp)
        w(self)
        self.events(ev)
        self.cb(cb, args)

    def timer(self, every, lp, secs, cb, args=(), v=6):
        self.xop("eventloop_every" if every else "eventloop_after", v)
        self.lp(lp)
        self.choice(TIMER_SECS.index(secs))
        self.cb(cb, args)

    def unwatch(self, lp, ident, cancel=False):
        self.xop("eventloop_cancel" if cancel else "eventloop_unwatch")
        self.lp(lp)
        self.byte(ident)

    def run(self, lp, tmo="0.002"):
        self.xop("eventloop_run")
        self.lp(lp)
        self.timeout(tmo)

    def sd(self, name, env, state=None, unset=None, v=7):
        self.xop(name, v, call="__fz_env")
        self.byte(env)
        if name == "sd_notify":
            if isinstance(state, int):
                self.byte(0); self.byte(state)       # Notify_States[state]
            else:
                self.byte(3); self.byte(0); self.byte(0); self.text(state, 200)   # gen_data text
        self.no_extra()
        if unset is None:
            self.byte(0)
        else:
            self.byte(1 | (unset << 1))

    def nametoindex(self, i, v=0):
        self.xop("if_nametoindex", v)
        self.byte(0); self.byte(i)

    def indextoname(self, i, v=0):
        self.xop("if_indextoname", v)
        self.byte(i)

    def rawget(self, s, opt, buflen, v=1):
        self.xop("getsockopt", v)
        self.sock(s)
        self.byte(0); self.byte(OPTS.index(opt))
        self.choice(BUFLENS.index(buflen))

    def rawset(self, s, opt, kind, vals):
        """kind 0: a BString of bytes vals; 2: pack ("i", lit); 3: pack ("ii", lit, lit)"""
        self.xop("setsockopt")
        self.sock(s)
        self.byte(0); self.byte(OPTS.index(opt))
        self.byte(kind)
        if kind == 0:
            self.byte(len(vals)); self.b += bytes(vals)
        else:
            for lit in vals:
                self.byte(INT_LITS.index(lit))

    def xpoll(self, kind, ev_k=0, to_i=0, v=2, extra=()):
        """kind: 0 one watchable (extra: its bytes), 2 a list (extra: count, bytes...),
        4 __fz_any (extra: u32 mask), 6 __fz_streams (extra: mask), 7 typed empty
        array (extra: any?, n), 8 [t, t] (extra: i, j)"""
        self.xop("poll", v)
        self.byte(kind)
        if kind == 4:
            m = extra[0]
            self.u16(m & 0xffff); self.u16(m >> 16)
        else:
            self.b += bytes(extra)
        self.byte(ev_k)
        self.byte(to_i)

    def xraw(self, name, atoms, env=None):
        self.xop("__fz_xraw", 0, call=("__fz_env" if env is not None else name))
        self.byte(X[name])
        if env is not None:
            self.byte(env)
        self.byte(len(atoms))
        for a in atoms:
            self.b += bytes(a)
        self.byte(0)                    # timeout=0
        self.byte(0)                    # no other qualifier


W_S = lambda k: (lambda e: e.w_sock(k))
W_T = lambda i: (lambda e: e.w_stream(i))
W_P = lambda i: (lambda e: e.w_pipe(i))


# gen_any selectors (u8 % 16): 0 int, 2 double, 3 text, 5 NULL, 6 sock,
# 8 host, 9 path, 10 struct, 11 array, 12 ref, 13 __push_list
ANY_INT = lambda i: [0, INT_LITS.index(i)]
ANY_NULL = [5]
ANY_SOCK = lambda k: [6, k]
ANY_DBL = lambda i: [2, i]


def seeds():
    S = {}

    e = Enc()                           # unix stream: send, peek, recv
    e.send(0, b"hello")
    e.recv(1, "16", "MSG_PEEK")
    e.recv(1, "100")
    e.recv(1, "100")                    # EAGAIN
    e.shutdown(0, 1)
    e.recv(1, "2000000")                # end of stream; capped size
    S["unix_stream_send_recv"] = e

    e = Enc()                           # datagrams: recvfrom, MSG_TRUNC
    e.send(2, b"x" * 40)
    e.recv(3, "16", "MSG_PEEK|MSG_TRUNC", which="recvfrom")
    e.recv(3, "2147483647", which="recvfrom")
    e.send(4, b"seq")
    e.recv(5, "1", "MSG_TRUNC")
    S["unix_dgram_recvfrom"] = e

    e = Enc()                           # unix path server: bind, listen, connect, accept
    e.bind_path(10, "fz_sock", mode=0)
    e.listen(10)
    e.socket("AF_UNIX", "SOCK_STREAM|SOCK_NONBLOCK", 14)
    e.connect_path(14, "fz_sock")
    e.accept(10, 15, nrefs=1)
    e.getname("getsockname", 15, 0)
    e.getname("getpeername", 14, 1)
    e.connect_list(14, 0)               # EISCONN
    S["unix_path_server"] = e

    e = Enc()                           # abstract names
    e.bind_path(11, b"\0fz-abstract")
    e.getname("getsockname", 11, 2)
    e.socket("AF_UNIX", "SOCK_DGRAM|SOCK_NONBLOCK", 14)
    e.connect_list(14, 2)
    e.send(14, b"to abstract")
    e.recv(11, "100", which="recvfrom")
    e.sendto_path(14, b"x", b"\0")
    S["unix_abstract"] = e

    e = Enc()                           # accept and getpeername give back abstract names
    e.bind_path(10, b"\0fz-listener")
    e.listen(10)
    e.socket("AF_UNIX", "SOCK_STREAM|SOCK_NONBLOCK", 14)
    e.bind_path(14, b"\0fz-client")
    e.connect_path(14, b"\0fz-listener")
    e.accept(10, 15, nrefs=1)
    e.getname("getpeername", 15, 0)
    e.getname("getsockname", 14, 1)
    e.connect_list(15, 1)
    S["unix_abstract_accept"] = e

    e = Enc()                           # long paths around sun_path
    for n in (105, 107, 108, 109, 200):
        e.bind_path(10, n)
    e.connect_path(11, 108)
    S["unix_long_paths"] = e

    e = Enc()                           # bind on non-sockets: must not remove them
    for p in ("fz_regular", "fz_dir", "fz_link", "fz_dangling", "fz_fifo", "", ".", "/nonexistent/fz"):
        e.bind_path(10, p)
    e.bind_path(11, "fz_sock")
    e.bind_path(10, "fz_sock")          # EADDRINUSE on a live socket
    S["unix_bind_nonsockets"] = e

    e = Enc()                           # stale socket file is replaced
    e.bind_path(10, "fz_sock2")
    e.close(10)
    e.bind_path(11, "fz_sock2")
    e.dup_fd(11, 14)
    e.close(11)
    S["unix_stale_and_dup"] = e

    e = Enc()                           # inet TCP over a listener
    e.bind_host(6, "127.0.0.1", 0)
    e.listen(6, "16")
    e.getname("getsockname", 6, 0)
    e.socket("AF_INET", "SOCK_STREAM|SOCK_NONBLOCK", 14)
    e.connect_list(14, 0)
    e.accept(6, 15, nrefs=2, t="0.002")
    e.send(14, b"ping")
    e.recv(15, "100", which="recvfrom")
    e.getname("getpeername", 15, 1)
    S["inet_tcp_listener"] = e

    e = Enc()                           # IPv6 TCP, scoped literal
    e.bind_host(7, "::1", 0)
    e.listen(7)
    e.getname("getsockname", 7, 0)
    e.socket("AF_INET6", "SOCK_STREAM|SOCK_NONBLOCK", 14)
    e.connect_list(14, 0, t="0.002")
    e.accept(7, 15, nrefs=2, t="0.002")
    e.connect_host(9, "fe80::1%lo", 9)
    e.connect_host(9, "::1%lo", 9)
    S["inet6_tcp_scoped"] = e

    e = Enc()                           # UDP sendto/recvfrom on loopback
    e.bind_host(8, "127.0.0.1", 0)
    e.getname("getsockname", 8, 0)
    e.op("sendto", 3); e.sock(8); e.data_text(b"dgram"); e.byte(0); e.addr_list(0); e.timeout("0")
    e.recv(8, "65536", which="recvfrom")
    e.bind_host(9, "::", 0)
    e.sendto_host(9, b"v6", "::1", "echo")
    S["inet_udp"] = e

    e = Enc()                           # hosts of every shape
    for h in ("127.1", "0x7f.1", "2130706433", "::ffff:127.0.0.1", "fe80::1%99999",
              "fe80::1%4294967296", "[::1]", "127.0.0.1 ", "127.0.0.256", ":::", "1::2::3",
              "::ffff:256.1.1.1", "fe80::%", "localhost%"):
        e.connect_host(8, h, 7)
    S["hosts_malformed"] = e

    e = Enc()                           # ports of every shape
    for p in (65535, "http", "65536", "-1", "", " 80", "0x50", "nosuchservice", None, "99999999999999999999"):
        e.bind_host(8, "127.0.0.1", p)
    e.op("bind"); e.sock(8); e.byte(3); e.host("127.0.0.1"); e.byte(0); e.int_("65536"); e.byte(255)
    e.op("bind"); e.sock(8); e.byte(3); e.host("127.0.0.1"); e.byte(0); e.int_("-1"); e.byte(255)
    e.op("bind"); e.sock(8); e.byte(3); e.host("127.0.0.1"); e.byte(0); e.int_("0x7fffffffffffffffL"); e.byte(255)
    e.op("bind"); e.sock(8); e.byte(3); e.host("127.0.0.1"); e.byte(13); e.byte(14); e.byte(255)   # 80.0
    S["ports_malformed"] = e

    e = Enc()                           # getsockopt: every kind
    for o in ("SO_TYPE", "SO_ERROR", "SO_RCVTIMEO", "SO_LINGER", "SO_PEERCRED", "SO_BINDTODEVICE",
              "SO_ACCEPTCONN", "SO_DOMAIN", "SO_SNDBUF"):
        e.sockopt("getsockopt", 0, o)
    for o in ("IP_TTL", "IP_MULTICAST_IF", "IP_OPTIONS", "IP_MTU", "IP_ADD_MEMBERSHIP"):
        e.sockopt("getsockopt", 8, o)
    for o in ("IPV6_V6ONLY", "IPV6_JOIN_GROUP", "TCP_NODELAY"):
        e.sockopt("getsockopt", 7, o)
    S["getsockopt_kinds"] = e

    e = Enc()                           # setsockopt: timeval, linger
    # K_TV: kbyte 0 -> struct {tv_sec=int, tv_usec=int}
    e.sockopt("setsockopt", 0, "SO_RCVTIMEO", [INT_LITS.index("3"), 200, 0x20, 0xA1], kbyte=0)
    e.sockopt("getsockopt", 0, "SO_RCVTIMEO")
    e.sockopt("setsockopt", 0, "SO_SNDTIMEO", [2], kbyte=1)        # 0.5 (double)
    e.sockopt("setsockopt", 0, "SO_SNDTIMEO", [7], kbyte=1)        # _NaN
    e.sockopt("setsockopt", 0, "SO_RCVTIMEO", [INT_LITS.index("-1"), INT_LITS.index("0")], kbyte=0)
    # K_TV: kbyte 2 -> fuzzer struct: fields tv_sec|tv_usec|x
    e.sockopt("setsockopt", 0, "SO_RCVTIMEO", [0x03, 0x02, 1, INT_LITS.index("1"), 1, INT_LITS.index("2147483647"), 1, 0], kbyte=2)
    # K_LINGER: kbyte 0 -> {l_onoff=on, l_linger=...}
    e.sockopt("setsockopt", 6, "SO_LINGER", [1], kbyte=0)
    e.sockopt("setsockopt", 6, "SO_LINGER", [0, INT_LITS.index("-1")], kbyte=0)
    e.sockopt("getsockopt", 6, "SO_LINGER")
    S["setsockopt_timeval_linger"] = e

    e = Enc()                           # setsockopt: ints, strings, get-only, unknown
    e.sockopt("setsockopt", 6, "SO_REUSEADDR", [INT_LITS.index("1")])
    e.sockopt("setsockopt", 6, "TCP_NODELAY", [INT_LITS.index("1")])
    e.sockopt("setsockopt", 7, "IPV6_V6ONLY", [INT_LITS.index("0")])
    e.sockopt("setsockopt", 6, "SO_TYPE", [INT_LITS.index("1")])
    e.sockopt("setsockopt", 6, "SO_BINDTODEVICE", [0], kbyte=0)        # "lo"
    e.sockopt("setsockopt", 6, "SO_BINDTODEVICE", [4], kbyte=0)        # too long
    e.sockopt("setsockopt", 6, "SO_BINDTODEVICE", [1], kbyte=0)        # ""
    e.sockopt("setsockopt", 8, "IP_OPTIONS", [44] + [1] * 44, kbyte=0)
    e.sockopt("setsockopt", 8, "IP_MULTICAST_IF", [("h", "127.0.0.1")], kbyte=0)
    # unknown options: SOL_IP 999 and SOL_SOCKET 4242
    e.op("setsockopt"); e.sock(6); e.byte(230); e.byte(0); e.byte(1); e.byte(200); e.u16(999); e.byte(0); e.int_("1")
    e.op("setsockopt"); e.sock(6); e.byte(230); e.byte(0); e.byte(0); e.byte(200); e.u16(4242); e.byte(0); e.int_("1")
    S["setsockopt_misc"] = e

    e = Enc()                           # multicast memberships
    e.sockopt("setsockopt", 8, "IP_ADD_MEMBERSHIP", [("h", "224.0.0.1"), ("h", "127.0.0.1")], kbyte=1)
    e.sockopt("setsockopt", 8, "IP_DROP_MEMBERSHIP", [("h", "224.0.0.1")], kbyte=2)
    e.sockopt("setsockopt", 8, "IP_ADD_MEMBERSHIP", [("h", "224.0.0.1"), ("h", "a b")], kbyte=6)
    e.sockopt("setsockopt", 9, "IPV6_JOIN_GROUP", [("h", "ff02::1%lo"), INT_LITS.index("1")], kbyte=1)
    e.sockopt("setsockopt", 9, "IPV6_LEAVE_GROUP", [("h", "::1%"), INT_LITS.index("-1")], kbyte=1)
    e.sockopt("setsockopt", 9, "IPV6_JOIN_GROUP", [0xC0, 0x00, 0, HOSTS.index("ff02::1%lo"), 1, INT_LITS.index("1")], kbyte=0)
    S["setsockopt_multicast"] = e

    e = Enc()                           # descriptor passing
    e.send_fds(0, b"fds", 0x1003)       # s0, s1, s12
    e.recv_fds(1, "100", 2)
    e.send_fds(0, b"fds", 0x0f0f)
    e.recv_fds(1, "100", 1)             # MSG_CTRUNC
    e.send_fds(2, b"", 0)
    e.recv_fds(3, "0", 0)
    e.send_fds(6, b"x", 1)              # not unix
    e.recv_fds(1, "2147483647", 5)
    S["send_recv_fds"] = e

    e = Enc()                           # fds received, then reused
    e.send_fds(0, b"a", 0x0004)
    e.recv_fds(1, "16", 3, v=6)
    e.op("send_fds", 5); e.sock(0); e.data_text(b"b"); e.byte(1); e.byte(6); e.byte(6)
    e.timeout("0")
    e.recv_fds(1, "16", 3, v=5)
    e.op("getsockname", 0); e.byte(224); e.byte(6); e.byte(1); e.byte(1)   # __fz_get (v6, 1, 0)
    S["fds_reuse"] = e

    e = Enc()                           # sendall: partial + exception object
    e.sendall(0, 6)
    e.sendall(2, 5)
    e.sendall(0, 2, t="0.001")
    e.recv(1, "1048577", "MSG_WAITALL")
    S["sendall_big"] = e

    e = Enc()                           # getaddrinfo
    e.getaddrinfo("127.0.0.1", "http")
    e.getaddrinfo("::1", 80, nargs=6, fam=2, st=1, proto=1, flags=0x02 | 0x04)
    e.getaddrinfo(None, "domain", nargs=4, fam=0, st=2)
    e.getaddrinfo("", None)
    e.getaddrinfo("fe80::1%lo", "nosuchservice")
    e.getaddrinfo("127.0.0.1", 0, nargs=3, fam=3)
    e.getaddrinfo("a b", "http", nargs=6, fam=0, st=0, proto=0, flags=0xfe)
    S["getaddrinfo"] = e

    e = Enc()                           # getnameinfo
    e.getnameinfo("127.0.0.1", 80)
    e.getnameinfo("::1", "http", flags=0x02 | 0x04)
    e.getnameinfo("fe80::1%lo", 65535, flags=0x08)
    e.getnameinfo("", 1)
    e.getnameinfo("127.0.0.1", "65536")
    e.getnameinfo("::ffff:127.0.0.1", 22, flags=0x11)
    S["getnameinfo"] = e

    e = Enc()                           # inet_pton / inet_ntop
    e.inet_pton(0, "127.0.0.1")
    e.inet_pton(1, "fe80::1%lo")
    e.inet_pton(1, "::ffff:127.0.0.1")
    e.inet_pton(0, "0x7f.1")
    e.inet_pton(2, "::1")
    e.inet_ntop(0, bytes([127, 0, 0, 1]))
    e.inet_ntop(1, bytes(16))
    e.inet_ntop(1, bytes(range(16)))
    e.inet_ntop(0, bytes(5))
    e.inet_ntop(3, bytes(4))
    S["inet_pton_ntop"] = e

    e = Enc()                           # poll
    e.poll(0x00ff, 2, 0)
    e.poll(0x3000, 0, 3)
    e.poll(0x0003, 7, 0)
    e.poll(0x0003, 8, 2)
    e.poll(0, 0, 0)
    e.poll(0xffff, 6, 0)
    S["poll"] = e

    e = Enc()                           # blocking mode round trip; timeouts on blocking sockets
    e.setblocking(0, "1")
    e.getblocking(0)
    e.recv(0, "100", t="0.001")
    e.accept(0, 14, t="0")
    e.setblocking(0, "0")
    e.getblocking(12)
    e.getblocking(13)
    S["blocking"] = e

    e = Enc()                           # TCP pair: shutdown, OOB, peername
    e.tcppair(14, 15)
    e.send(14, b"oob", "MSG_OOB")
    e.recv(15, "16", "MSG_OOB")
    e.shutdown(14, 2)
    e.recv(15, "16")
    e.getname("getpeername", 15, 0)
    e.send(15, b"after", flags=None)
    S["tcppair"] = e

    e = Enc()                           # TCP6 pair, big recv caps
    e.tcppair(14, 15, v6=True)
    e.sendall(14, 3)
    e.recv(15, "2147483647")
    e.recv(15, "2000000", "MSG_PEEK")
    S["tcppair6"] = e

    e = Enc()                           # create_connection
    e.bind_host(6, "127.0.0.1", 0)
    e.listen(6)
    e.getname("getsockname", 6, 0)
    e.create_connection("127.0.0.1", 9, t="0.001")
    e.create_connection("::1", "http", t="0")
    e.create_connection("fe80::1%lo", 9, t="0.001", bits=1, extra=bytes([2]))
    e.create_connection("a b", 9, t="0.001")
    e.create_connection("127.0.0.1", 9, t="0.001", bits=2 | 4, extra=bytes([HOSTS.index("127.0.0.1"), INT_LITS.index("65536")]))
    S["create_connection"] = e

    e = Enc()                           # create_server
    e.create_server(2, "127.0.0.1", 0)
    e.create_server(2, "", 0, bits=8, extra=bytes([INT_LITS.index("0")]))
    e.create_server(2, "::1", 0, bits=2 | 4, extra=bytes([INT_LITS.index("-1"), INT_LITS.index("1")]))
    e.create_server(0, "fz_sock", None, bits=16 | 32)
    e.create_server(0, b"\0fz-srv", None)
    e.create_server(2, "fe80::1%lo", 0, bits=1, extra=bytes([3]))
    e.create_server(2, "127.0.0.1", 0, bits=16)
    S["create_server"] = e

    e = Enc()                           # socket / socketpair argument shapes
    e.socket("AF_INET6", "SOCK_DGRAM|SOCK_NONBLOCK", 14)
    e.socket("AF_UNSPEC", "SOCK_STREAM|SOCK_NONBLOCK", 14)
    e.socket("AF_INET", "SOCK_RAW|SOCK_NONBLOCK", 14)
    e.socket("AF_INET", "SOCK_SEQPACKET|SOCK_NONBLOCK", 14)
    e.socket("AF_UNIX", "SOCK_SEQPACKET|SOCK_NONBLOCK", 14, pair=True, slot2=15)
    e.socket("AF_INET", "SOCK_STREAM|SOCK_NONBLOCK", 14, pair=True, slot2=15)
    e.getname("getsockname", 14, 0)
    e.getname("getpeername", 14, 1)
    S["socket_shapes"] = e

    e = Enc()                           # non-sockets and closed sockets everywhere
    for fn in ("getsockname", "getblocking"):
        e.getname(fn, 12, 0)
        e.getname(fn, 13, 0)
    e.recv(12, "16")
    e.recv(13, "16")
    e.send(13, b"x")
    e.listen(12)
    e.sockopt("getsockopt", 13, "SO_TYPE")
    S["nonsocket_closed"] = e

    e = Enc()                           # wrong argument counts and types (raw calls)
    e.raw("connect", [])
    e.raw("connect", [ANY_SOCK(0)])
    e.raw("bind", [ANY_SOCK(6), [8, HOSTS.index("127.0.0.1")]])
    e.raw("bind", [ANY_SOCK(6), [8, HOSTS.index("127.0.0.1")], ANY_INT("0"), ANY_INT("0")])
    e.raw("accept", [ANY_SOCK(6), ANY_INT("1")])
    e.raw("recv", [ANY_SOCK(1), ANY_DBL(3)])
    e.raw("getaddrinfo", [ANY_NULL, ANY_NULL])
    e.raw("getnameinfo", [ANY_INT("1"), ANY_INT("1")])
    e.raw("inet_ntop", [ANY_INT("2"), ANY_NULL])
    e.raw("setsockopt", [ANY_SOCK(0), ANY_INT("1"), ANY_INT("1")])
    e.raw("socketpair", [ANY_INT("1"), ANY_INT("1"), ANY_INT("0"), ANY_INT("0")])
    e.raw("send_fds", [ANY_SOCK(0), [3, 0], [11, 4, 2]])
    S["raw_arg_shapes"] = e

    e = Enc()                           # raw calls with structs and refs
    e.raw("setsockopt", [ANY_SOCK(6), ANY_INT("1"), ANY_INT("1"), [10, 0x0c, 0x00, 1, INT_LITS.index("1")]])
    e.raw("accept", [ANY_SOCK(6), [12, 0], [12, 1], [12, 2]])
    e.raw("connect", [ANY_SOCK(6), [13, 0]])
    e.raw("getblocking", [[11, 5, 3]])
    S["raw_structs_refs"] = e

    e = Enc(use_try=True)               # the try-wrapped mode
    e.send(0, b"try")
    e.recv(1, "100")
    e.recv(1, "-1")
    e.connect_host(6, "127.0.0.1", 1)
    e.getaddrinfo(None, None)
    e.tcppair(14, 15)
    S["try_mode"] = e

    e = Enc()                           # lifecycle: overwrite slots, close while bound
    e.bind_path(10, "fz_sock")
    e.listen(10)
    e.dup_fd(10, 14)
    e.socket("AF_UNIX", "SOCK_STREAM|SOCK_NONBLOCK", 10)   # drops one copy
    e.close(14)
    e.bind_path(10, "fz_sock")
    S["lifecycle"] = e

    e = Enc()                           # sendto on connected/unconnected and wrong domains
    e.sendto_host(2, b"x", "127.0.0.1", 9)
    e.sendto_path(8, b"x", "fz_sock")
    e.sendto_host(8, b"x", "::1", 9)
    e.sendto_host(9, b"x", "127.0.0.1", 9)
    e.sendto_path(11, b"x", "fz_nonexistent")
    S["sendto_shapes"] = e

    e = Enc()                           # unlink=0 keeps a path; the rest go at close
    e.bind_path(10, "fz_sock", unlink0=True)
    e.listen(10)
    e.close(10)
    e.bind_path(11, "fz_sock2")
    e.dup_fd(11, 14, foreign=False)
    e.dup_fd(11, 15, foreign=True)
    e.close(11)
    e.create_server(0, "fz_sock3", None, bits=64)
    e.create_server(0, "fz_sock4", None, bits=16 | 32 | 64)
    e.socket("AF_UNIX", "SOCK_STREAM|SOCK_NONBLOCK", 12)
    e.bind_path(12, "fz_sock")          # replaces the kept, stale file: removed at close
    S["unix_unlink0"] = e

    e = Enc()                           # bound through foreign copies: the path still goes
    e.dup_fd(10, 14, foreign=True)
    e.bind_path(14, "fz_sock")
    e.listen(14)
    e.dup_fd(11, 15, foreign=True)
    e.bind_path(15, "fz_sock2")
    e.close(11)                         # the module's copy; the foreign one lives on
    S["unix_foreign_bind"] = e

    # --- streams, selectors, event loops, sd, interfaces, raw options --
    e = XEnc()                          # stream over a socketpair: lines, read_until, read, read_some
    e.send(0, b"line one\nline two\r\nHTTP/1.0 200\r\n\r\nbody12345")
    e.sread("stream_readline", 0)
    e.sread("stream_readline", 0)
    e.s1("stream_pending", 0)
    e.sread("stream_read_until", 0, arg=1)     # "\r\n\r\n"
    e.sread("stream_read", 0, arg="3")
    e.sread("stream_read_some", 0, arg="100")
    e.sread("stream_readline", 0, tmo="0")     # ETIMEDOUT, nothing lost
    e.sread("stream_read_until", 0, arg=2)     # empty delim
    e.sread("stream_read", 0, arg="-1")
    e.shutdown(0, 1)
    e.sread("stream_readline", 0)              # NULL at the end
    S["x_stream_read"] = e

    e = XEnc()                          # stream writes, flush, fd, close
    e.swrite(0, b"hello\n")
    e.s1("stream_pending", 0)
    e.xop("stream_flush"); e.t(0); e.no_extra(); e.timeout("0")
    e.recv(0, "100")
    e.s1("stream_fd", 0, slot=14)
    e.getname("getblocking", 14, 0)
    e.swrite(0, b"more")
    e.xop("stream_close"); e.t(0); e.no_extra(); e.timeout("0")
    e.xop("stream_close"); e.t(0); e.no_extra(); e.timeout("0")    # twice: harmless
    e.sread("stream_readline", 0)                                  # closed
    e.s1("stream_fd", 0, slot=15)
    e.swrite(0, b"after close")
    S["x_stream_write"] = e

    e = XEnc()                          # stream_new on a pipe, /dev/null, bad qualifiers
    e.stream_new(2, pipe=0, bufsize="16", limit="100")
    e.stream_new(3, pipe=1)
    e.swrite(3, b"through the pipe\nsecond\n", tmo="0.001")
    e.xop("stream_flush"); e.t(3); e.no_extra(); e.timeout("0.001")
    e.sread("stream_readline", 2)
    e.sread("stream_read_some", 2, arg="4096")
    e.stream_new(1, sock=12)                    # /dev/null: the end at once
    e.sread("stream_readline", 1)
    e.stream_new(1, sock=13)                    # closed socket
    e.stream_new(1, sock=6, bufsize="0")
    e.stream_new(1, sock=6, limit="-1")
    e.stream_new(1, sock=6, bufsize='"x"')
    e.stream_new(1, sock=6, bufsize="1", limit="1")
    S["x_stream_new"] = e

    e = XEnc()                          # line limit: EMSGSIZE, bytes kept
    e.eofstream(2, 0, long_i=0, limit="100")    # a 5000-byte line
    e.sread("stream_readline", 2)
    e.s1("stream_pending", 2)
    e.sread("stream_read_some", 2, arg="1048576")
    e.sread("stream_read_until", 2, arg=0)
    e.eofstream(3, 2, text_i=1, bufsize="1")     # a pipe, bufsize 1
    e.sread("stream_readline", 3)
    e.sread("stream_readline", 3)
    e.sread("stream_readline", 3)
    e.eofstream(3, 1, text_i=6, bufsize="3", limit="16")   # shut down, peer alive
    e.sread("stream_read_until", 3, arg=1)
    e.sread("stream_read", 3, arg="100")
    e.swrite(3, b"to the live peer")
    S["x_stream_limits"] = e

    e = XEnc()                          # foreach over streams that end
    e.foreach(0, text_i=0)
    e.foreach(1, text_i=7, body=4)
    e.foreach(2, text_i=1, body=1)
    e.foreach(3, text_i=2)
    e.foreach(0, text_i=3, var=False)
    e.foreach(0, text_i=0, using=1)             # using ("x")
    e.foreach(0, text_i=0, using=2)             # using (1)
    e.foreach(0, text_i=0, using=3)             # using ("line", "x")
    e.foreach(0, text_i=0, using=0, var=False)
    e.foreach(0, long_i=0, limit="100")         # EMSGSIZE in the loop
    e.foreach(0, text_i=7, body=2)              # the body throws
    e.foreach(0, text_i=8, body=4)              # NUL bytes in a line
    S["x_foreach"] = e

    e = XEnc(use_try=True)              # streams, try-wrapped
    e.swrite(0, b"x" * 100)
    e.sread("stream_read", 0, arg="1048577", tmo="0.001")
    e.eofstream(2, 0, data=b"a\nb\n\nc")
    e.foreach(0, data=b"1\n2\n3")
    e.sread("stream_readline", 1)
    e.sread("stream_readline", 1)
    e.sread("stream_readline", 1)
    e.sread("stream_readline", 1)
    S["x_stream_try"] = e

    e = XEnc()                          # selector: add, wait, modify, remove, close
    e.send(1, b"ready")
    e.sel_add(0, W_S(0), "POLLIN", data=("i", "7"))
    e.sel_add(0, W_S(0), "POLLIN")              # twice: InvalidParmError
    e.sel_add(0, W_T(1), "POLLIN", data=("t", 1))   # a stream with bytes buffered
    e.sel_add(0, W_P(0), "POLLIN|POLLRDHUP")
    e.sel_add(0, W_S(2), "-1")
    e.sel_add(0, W_S(2), "0x10000")
    e.sel_wait(0, "0.001")
    e.sel_add(0, W_S(0), "POLLOUT", data=("s", 3), modify=True)
    e.sel_add(0, W_S(4), "POLLOUT", modify=True)    # not watched
    e.sel_wait(0, "0")
    e.sel_wait(0, "_NaN")
    e.sel_wait(0, "NULL")
    e.close(0)                                  # closed while registered
    e.sel_wait(0, "0")
    e.sel_remove(0, W_S(0))
    e.sel_remove(0, W_T(1))
    e.one("selector_close", 0)
    e.sel_wait(0, "0")
    e.sel_add(0, W_S(1), "POLLIN")
    e.noargs("selector_new", 1)
    e.sel_add(1, W_S(2), "POLLOUT", data=("t", 0))
    e.sel_wait(1, "0.001")
    S["x_selector"] = e

    e = XEnc()                          # event loop: watches and timers, callbacks that do things
    e.send(1, b"for s0")
    e.watch(0, W_S(0), "POLLIN", 6)             # reads
    e.watch(0, W_S(1), "POLLOUT", 11)           # writes
    e.watch(0, W_T(1), "POLLIN", 6)             # a stream with bytes buffered
    e.timer(False, 0, "0", 0, args=(("i", "1"), ("s", 3)))
    e.timer(True, 0, "0.0005", 12)
    e.run(0)
    e.unwatch(0, 1)
    e.unwatch(0, 4)                             # a timer's id: InvalidParmError
    e.unwatch(0, 5, cancel=True)
    e.unwatch(0, 9, cancel=True)                # gone: ignored
    e.run(0, tmo="0.001")
    e.timer(False, 0, "-1", 0)
    e.timer(True, 0, "0", 0)
    e.timer(False, 0, "_NaN", 0)
    e.timer(False, 0, "1e300", 0)
    e.run(0, tmo="0")
    S["x_eventloop"] = e

    e = XEnc()                          # callbacks that throw, stop, unwatch, cancel, re-enter
    e.timer(False, 0, "0", 1)                   # throws: run ends with it
    e.run(0)
    e.run(0)                                    # usable again
    e.timer(True, 0, "1e-6", 2)                 # stops the loop
    e.run(0)
    e.watch(0, W_S(0), "POLLOUT", 4)            # unwatches everything
    e.timer(True, 0, "0.0005", 5)               # cancels everything
    e.run(0)
    e.watch(0, W_S(2), "POLLOUT", 8)            # runs the loop from inside: already running
    e.run(0, tmo="0.001")
    e.timer(False, 0, "0", 9)                   # re-arms itself
    e.timer(False, 0, "0", 3)                   # adds a timer
    e.watch(0, W_S(4), "POLLOUT", 10)           # watches from a callback
    e.run(0)
    e.watch(0, W_S(0), "POLLOUT", 7)            # closes its descriptor
    e.watch(0, W_T(1), "POLLIN", 7)             # closes its stream
    e.run(0)
    e.one("eventloop_stop", 0)
    e.noargs("eventloop_new", 1)
    e.watch(1, W_P(1), "POLLOUT", 0, args=(("t", 0), ("s", 5), ("i", "2")))
    e.run(1, tmo="0")
    e.run(1, tmo="_NaN")
    e.run(1, tmo='"x"')
    S["x_eventloop_callbacks"] = e

    e = XEnc(use_try=True)              # loops, try-wrapped
    e.timer(False, 0, "0", 1)
    e.run(0)
    e.watch(0, W_S(0), "POLLOUT", 12)
    e.timer(True, 0, "0.0005", 6, args=(("t", 1),))
    e.run(0)
    e.unwatch(0, 2)
    e.unwatch(0, 3, cancel=True)
    S["x_eventloop_try"] = e

    e = XEnc()                          # sd_notify and socket activation, fixture environments only
    e.sd("sd_notify", 1, state=0)               # "READY=1" to fz_notify
    e.sd("sd_notify", 2, state=1, unset=1)      # and unset NOTIFY_SOCKET
    e.sd("sd_notify", 0, state=0)               # none: 0
    e.sd("sd_notify", 3, state=0)               # no such path
    e.sd("sd_notify", 4, state=0)               # a regular file
    e.sd("sd_notify", 5, state=0)               # ""
    e.sd("sd_notify", 6, state=0)               # 108 bytes
    e.sd("sd_notify", 7, state=0)               # 150 bytes
    e.sd("sd_notify", 8, state=0)
    e.sd("sd_notify", 1, state=b"")
    e.sd("sd_notify", 1, state=b"STATUS=" + b"x" * 150)
    e.sd("sd_notify", 1, state=0, unset=2)      # unset_environment="x"
    e.sd("sd_listen_fds", 0)
    e.sd("sd_listen_fds", 10, unset=1)
    e.sd("sd_listen_fds_with_names", 10)
    e.sd("sd_listen_fds", 11)
    e.sd("sd_listen_fds", 12)                   # fails at a closed descriptor
    e.sd("sd_listen_fds_with_names", 12, unset=1)
    e.sd("sd_listen_fds", 13)
    e.sd("sd_listen_fds", 14)
    e.sd("sd_listen_fds_with_names", 15)
    S["x_sd"] = e

    e = XEnc()                          # interfaces and host name
    e.nametoindex(0)                            # lo
    e.nametoindex(1)
    e.nametoindex(4)                            # 16 bytes
    e.nametoindex(6)                            # "lo\0"B
    e.nametoindex(8)                            # an Int
    e.indextoname(1)
    e.indextoname(0)
    e.indextoname(3)
    e.noargs("if_nameindex", 1)
    e.noargs("getifaddrs", 2)
    e.noargs("gethostname", 3)
    e.xop("gethostname", 3); e.byte(0); e.byte(0); e.int_("1")    # one argument too many
    S["x_interfaces"] = e

    e = XEnc()                          # raw getsockopt and setsockopt
    e.rawget(6, "SO_TYPE", "4")
    e.rawget(6, "SO_LINGER", "8")
    e.rawget(6, "TCP_NODELAY", "0")
    e.rawget(7, "IPV6_V6ONLY", "256")
    e.rawget(0, "SO_PEERCRED", "16")
    e.rawget(6, "SO_TYPE", "-1")
    e.rawget(6, "SO_TYPE", "2147483647")
    e.rawget(6, "SO_TYPE", '"x"')
    e.rawset(6, "SO_REUSEADDR", 2, ["1"])
    e.rawset(6, "SO_KEEPALIVE", 0, [1, 0, 0, 0])
    e.rawset(6, "SO_KEEPALIVE", 0, [1])          # too short
    e.rawset(6, "SO_LINGER", 3, ["1", "7"])     # lingers: the harness resets l_linger
    e.rawget(6, "SO_LINGER", "8")
    e.rawset(8, "IP_TTL", 2, ["-1"])
    e.rawset(6, "TCP_MAXSEG", 0, [])
    S["x_raw_options"] = e

    e = XEnc()                          # poll with streams, Lists and Any_Type arrays
    e.send(1, b"x")
    e.xpoll(0, extra=(121,))                    # t1: buffered
    e.xpoll(2, extra=(3, 0, 0, 121, 208))      # {s0, t1, p0}
    e.xpoll(2, extra=(0,))                      # {}
    e.xpoll(4, extra=(0x30003,))               # __fz_any: s0, s1, t0, t1
    e.xpoll(4, extra=(0xf0000 | 0x3000,))      # s12, s13, t0..t3 (t2, t3 unset)
    e.xpoll(6, extra=(0xf,))                    # __fz_streams: unset elements
    e.xpoll(7, extra=(1, 2))                    # Any_Type[2]
    e.xpoll(7, extra=(0, 2))                    # Stream_Type[2]
    e.xpoll(7, extra=(0, 0))                    # Stream_Type[0]
    e.xpoll(8, extra=(0, 1), ev_k=5)            # [t0, t1], [POLLIN, POLLOUT]
    e.xpoll(9)                                  # {1, "x", NULL}
    e.xpoll(4, extra=(0x30003,), ev_k=8)        # events of the wrong length
    S["x_poll"] = e

    e = XEnc()                          # the newer calls with arguments of any shape
    e.xraw("stream_new", [])
    e.xraw("stream_new", [ANY_SOCK(0), ANY_INT("1")])
    e.xraw("stream_readline", [ANY_SOCK(0)])
    e.xraw("selector_add", [ANY_INT("1"), ANY_SOCK(0), ANY_INT("1"), ANY_NULL])
    e.xraw("selector_wait", [ANY_NULL, ANY_INT("-1")])
    e.xraw("eventloop_watch", [ANY_NULL, ANY_SOCK(0), ANY_INT("1"), [12, 0]])
    e.xraw("eventloop_run", [ANY_INT("0")])
    e.xraw("eventloop_new", [])
    e.xraw("selector_new", [])
    e.xraw("sd_notify", [ANY_INT("1")], env=1)
    e.xraw("sd_listen_fds", [ANY_NULL], env=10)
    e.xraw("if_indextoname", [ANY_DBL(3)])
    e.xraw("getifaddrs", [ANY_NULL])
    S["x_raw_shapes"] = e

    e = Enc()                           # sendfile: files, the fallback, bad arguments
    e.sendfile(0, "regular", "0", "NULL")           # "keep" onto s0
    e.sendfile(0, "regular", "NULL", "1")
    e.sendfile(0, "regular", "typecast (2, UChar_Type)", "typecast (3, ULong_Type)")
    e.sendfile(0, "regular", "(1L shl 40)", "(1L shl 33)")   # past the end: 0
    e.sendfile(0, "dir", "0", "NULL")               # refused, then EISDIR
    e.sendfile(0, "s12", "NULL", "NULL")            # /dev/null: refused, read: 0
    e.sendfile(0, ("sock", 3), "NULL", "100", "0.001")   # a socket: read and send
    e.sendfile(0, ("sock", 1), "0", "4", "0.001")   # a socket with an offset: ESPIPE
    e.sendfile(6, "regular", "0", "NULL")           # not connected: EPIPE, no SIGPIPE
    e.sendfile(2, "regular", "0", "NULL")           # a datagram socket
    e.sendfile(12, "regular", "0", "1")             # not a socket
    e.sendfile(13, "regular", "0", "1")             # closed
    e.sendfile(0, "regular", "-1", "1")
    e.sendfile(0, "regular", "typecast (-1, ULong_Type)", "1")
    e.sendfile(0, "regular", "0", "-1")
    e.sendfile(0, "regular", "1.5", "[1]")
    e.sendfile(0, "regular", "0", "NULL", "_NaN")
    e.sendfile(0, "regular", "0", "NULL", '"x"')
    S["sendfile"] = e

    e = XEnc()                          # sendfile from the ext inputs' pipe: nothing to read
    e.sendfile(0, "p0", "NULL", "4", "0.001")
    e.sendfile(0, "p0", "0", "NULL", "0")           # an offset on a pipe: ESPIPE
    S["x_sendfile_pipe"] = e

    return S


def main():
    out = os.path.join(HERE, "corpus")
    os.makedirs(out, exist_ok=True)
    S = seeds()
    for name, e in S.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes(e.b))
    print("wrote %d seeds to %s" % (len(S), out))
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        binary = os.path.abspath(sys.argv[2])
        bad = 0
        with tempfile.TemporaryDirectory() as tmp:
            for name, e in S.items():
                env = dict(os.environ, FUZZ_DEBUG="1")
                p = subprocess.run([binary, os.path.join(out, name)], cwd=tmp, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                log = p.stdout.decode("latin-1")
                got = re.findall(r"^\[\d+\] (?:try \{ )?([a-z_]+)[ (;]", log, re.M)
                n = len(e.calls)
                if p.returncode != 0 or got[:n] != e.calls:
                    bad += 1
                    print("MISMATCH %s (rc %d)\n  want %s\n  got  %s" % (name, p.returncode, e.calls, got[:n]))
        print("checked: %d mismatches" % bad)
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
