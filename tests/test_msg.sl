% test_msg.sl: sendmsg/recvmsg with ancillary data, CMSG_SPACE/CMSG_LEN,
% and their relation to send_fds/recv_fds (SPEC sections 3, 4, 5, 9, 12
% and 15).
%
% Loopback only, ephemeral ports, every blocking call bounded with
% ;timeout=.  A check the kernel cannot support is skipped with a line
% starting "skip:".
require ("./harness");

private variable T = 5.0;		       % seconds: upper bound on any wait
private variable Tmp = make_temp_dir ();
private variable O_CLOEXEC_BIT = 02000000;   % Linux, every architecture we run on

% ------------------------------------------------------------------
% helpers

private define skip (what, why)
{
   () = fprintf (stdout, "skip: %s: %s\n", what, why);
   () = fflush (stdout);
}

private define loop_host (family)
{
   return (family == PF_INET6) ? "::1" : "127.0.0.1";
}

private define fam_name (family)
{
   return (family == PF_INET6) ? "inet6" : "inet";
}

private define item (level, type, data)
{
   variable s = struct {level, type, data};
   s.level = level; s.type = type; s.data = data;
   return s;
}

% The first ancillary item of (level, type) in the List anc, or NULL.
private define find_anc (anc, level, type)
{
   variable x;
   foreach x (anc)
     if ((x.level == level) && (x.type == type))
       return x;
   return NULL;
}

% How many descriptors the SCM_RIGHTS items of anc hold.
private define count_anc_fds (anc)
{
   variable x, n = 0;
   foreach x (anc)
     if ((x.level == SOL_SOCKET) && (x.type == SCM_RIGHTS) && (typeof (x.data) == Array_Type))
       n += length (x.data);
   return n;
}

% 0 if no exception, else the exception struct; the stack is restored.
% Call as catch_error (&func, args...).
private define catch_error ()
{
   variable args = __pop_list (_NARGS - 1);
   variable func = ();
   variable depth = _stkdepth ();
   variable e = NULL;
   try (e)
     {
	(@func) (__push_list (args));
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   if (d > 0) _pop_n (d);
   return e;
}

private define fd_flags (fd)
{
   variable fp = fopen (sprintf ("/proc/self/fdinfo/%d", _fileno (fd)), "r");
   if (fp == NULL) return -1;
   variable line;
   while (-1 != fgets (&line, fp))
     {
	if (strncmp (line, "flags:", 6) == 0)
	  {
	     () = fclose (fp);
	     return integer ("0" + strtrim (line[[6:]]));
	  }
     }
   () = fclose (fp);
   return -1;
}

private define is_cloexec (fd)
{
   variable fl = fd_flags (fd);
   return (fl != -1) && (fl & O_CLOEXEC_BIT);
}

private define bytes_0_255 (n)
{
   return array_to_bstring (typecast ([0:n-1] mod 256, UChar_Type));
}

% An Array of n FD_Type, all the same descriptor f.
private define fd_array (f, n)
{
   variable a = FD_Type[n], i;
   for (i = 0; i < n; i++) a[i] = f;
   return a;
}

% A UDP socket bound to loopback; returns (socket, host, port).
private define udp_bound (family)
{
   variable s = socket (family, SOCK_DGRAM, 0), h, p;
   bind (s, loop_host (family), 0);
   (h, p) = getsockname (s);
   return s, h, p;
}

% A loopback port where nothing listens (UDP).
private define closed_udp_port (family)
{
   variable s, h, p;
   (s, h, p) = udp_bound (family);
   () = close (s);
   return p;
}

private define file_with (name, content)
{
   variable file = path_concat (Tmp, name);
   variable fp = fopen (file, "w");
   () = fputs (content, fp);
   () = fclose (fp);
   return file;
}

% wrappers for expect_error: each leaves the stack as it found it
private define drop_since (depth)
{
   variable d = _stkdepth () - depth;
   if (d > 0) _pop_n (d);
}
private define recvmsg_briefly (s)
{
   variable depth = _stkdepth ();
   recvmsg (s, 100, 0, 0 ; timeout=0.1);
   drop_since (depth);
}
private define recvmsg_dontwait (s)
{
   variable depth = _stkdepth ();
   recvmsg (s, 100, 0, MSG_DONTWAIT);
   drop_since (depth);
}
private define recvmsg_errqueue (s)
{
   variable depth = _stkdepth ();
   recvmsg (s, 100, 512, MSG_ERRQUEUE);
   drop_since (depth);
}
private define recvmsg_errqueue_briefly (s)
{
   variable depth = _stkdepth ();
   recvmsg (s, 100, 512, MSG_ERRQUEUE ; timeout=0.2);
   drop_since (depth);
}
private define sendmsg_briefly (s, data)
{
   () = sendmsg (s, data, NULL, 0 ; timeout=0.1);
}
private define sendmsg_dontwait (s, data)
{
   () = sendmsg (s, data, NULL, MSG_DONTWAIT);
}
private define call_sendmsg ()
{
   variable args = __pop_list (_NARGS);
   () = sendmsg (__push_list (args) ; timeout=T);
}
private define call_recvmsg ()
{
   variable args = __pop_list (_NARGS);
   variable depth = _stkdepth ();
   recvmsg (__push_list (args) ; timeout=T);
   drop_since (depth);
}
private define call_cmsg_space ()
{
   variable args = __pop_list (_NARGS);
   () = CMSG_SPACE (__push_list (args));
}
private define call_cmsg_len ()
{
   variable args = __pop_list (_NARGS);
   () = CMSG_LEN (__push_list (args));
}

% Fill the send buffer of s (non-blocking sends until EAGAIN).
private define fill_socket (s)
{
   variable total = 0, size, full;
   foreach size ([65536, 4096, 256, 1])
     {
	variable chunk = sprintf ("%*s", size, "");
	full = 0;
	loop (20000)
	  {
	     try { total += send (s, chunk, MSG_DONTWAIT); }
	     catch SocketError:
	       {
		  if (errno != EAGAIN) throw;
		  full = 1;
	       }
	     if (full) break;
	  }
	if (full == 0) throw RunTimeError, "fill_socket: the buffer never filled";
     }
   return total;
}

% ------------------------------------------------------------------
% CMSG_SPACE, CMSG_LEN, constants

{
   variable hdr = CMSG_LEN (0);
   expect_true ("CMSG_LEN(0) is at least a cmsghdr (12 bytes)", hdr >= 12);
   expect_value ("CMSG_LEN(4) = CMSG_LEN(0) + 4", CMSG_LEN (4), hdr + 4);
   expect_value ("CMSG_LEN(12) = CMSG_LEN(0) + 12", CMSG_LEN (12), hdr + 12);
   expect_value ("CMSG_LEN gives an Int", typeof (CMSG_LEN (1)), Integer_Type);
   expect_value ("CMSG_SPACE gives an Int", typeof (CMSG_SPACE (1)), Integer_Type);
   expect_true ("CMSG_SPACE(4) >= CMSG_LEN(4)", CMSG_SPACE (4) >= CMSG_LEN (4));
   expect_true ("CMSG_SPACE(4) < CMSG_LEN(4) + 8 (alignment only)", CMSG_SPACE (4) < CMSG_LEN (4) + 8);
   expect_value ("CMSG_SPACE(0) = CMSG_LEN(0) (the header is aligned)", CMSG_SPACE (0), hdr);
   expect_value ("CMSG_SPACE is a multiple of the alignment", CMSG_SPACE (5) mod CMSG_SPACE (0) mod 4, 0);
   expect_true ("CMSG_SPACE grows with the length", CMSG_SPACE (100) > CMSG_SPACE (4));
   expect_error ("CMSG_SPACE(-1)", InvalidParmError, "^CMSG_SPACE: ", &call_cmsg_space, -1);
   expect_error ("CMSG_LEN(-1)", InvalidParmError, "^CMSG_LEN: ", &call_cmsg_len, -1);
   expect_error ("CMSG_SPACE(\"4\")", TypeMismatchError, "^CMSG_SPACE: ", &call_cmsg_space, "4");
   expect_error ("CMSG_SPACE()", NumArgsError, "^CMSG_SPACE: ", &call_cmsg_space);
   expect_error ("CMSG_LEN(1, 2)", NumArgsError, "^CMSG_LEN: ", &call_cmsg_len, 1, 2);

   variable c, names = ["SCM_RIGHTS", "SCM_CREDENTIALS", "IP_PKTINFO", "IPV6_PKTINFO",
			"IPV6_RECVPKTINFO", "IP_RECVTTL", "IPV6_RECVHOPLIMIT", "IP_RECVTOS",
			"IPV6_RECVTCLASS", "SO_TIMESTAMP", "SO_TIMESTAMPNS", "MSG_CTRUNC",
			"MSG_ERRQUEUE", "MSG_CMSG_CLOEXEC", "MSG_TRUNC"];
   foreach c (names)
     expect_true ("constant $c is defined"$, is_defined (c));
   expect_value ("SCM_RIGHTS is 1 (Linux)", SCM_RIGHTS, 1);
   expect_value ("MSG_CTRUNC is 8 (Linux)", MSG_CTRUNC, 8);
}

% ------------------------------------------------------------------
% plain data over TCP (IPv4 and IPv6): anc NULL, empty, timeouts

private define test_tcp_plain (family)
{
   variable name = "tcp " + fam_name (family);
   variable c, a, n, d, anc, flags, h, p, ph, pp;
   (c, a) = tcp_pair (family);
   (ph, pp) = getpeername (a);

   n = sendmsg (c, "hello", NULL, 0);
   expect_value (name + ": sendmsg String, anc NULL returns the length", n, 5);
   (d, anc, flags, h, p) = recvmsg (a, 100, 0, 0 ; timeout=T);
   expect_value (name + ": recvmsg data is a BString", typeof (d), BString_Type);
   expect_value (name + ": recvmsg data", d, "hello"B);
   expect_value (name + ": recvmsg anc is a List", typeof (anc), List_Type);
   expect_value (name + ": recvmsg anc is empty", length (anc), 0);
   expect_value (name + ": recvmsg flags 0", flags, 0);
   expect_value (name + ": recvmsg host is the peer's", h, ph);
   expect_value (name + ": recvmsg port is the peer's", p, pp);

   n = sendmsg (c, "a\0b\0"B, {}, 0);
   expect_value (name + ": sendmsg BString, empty List anc", n, 4);
   (d, anc, flags, h, p) = recvmsg (a, 100, 64, 0 ; timeout=T);
   expect_value (name + ": NUL bytes kept", d, "a\0b\0"B);
   expect_value (name + ": no ancillary data with ancsize 64", length (anc), 0);

   n = sendmsg (c, "arr", Struct_Type[0], 0);
   expect_value (name + ": sendmsg with an empty Struct Array", n, 3);
   expect_value (name + ": ... data", recv (a, 100 ; timeout=T), "arr"B);

   % a short maxlen on a stream takes part, the rest stays
   () = sendmsg (c, "0123456789", NULL, 0);
   (d, anc, flags, h, p) = recvmsg (a, 4, 0, 0 ; timeout=T);
   expect_value (name + ": maxlen 4 on a stream gives 4 bytes", d, "0123"B);
   expect_value (name + ": no MSG_TRUNC on a stream", flags & MSG_TRUNC, 0);
   (d, anc, flags, h, p) = recvmsg (a, 100, 0, 0 ; timeout=T);
   expect_value (name + ": the rest of the stream", d, "456789"B);

   % MSG_PEEK
   () = sendmsg (c, "peek", NULL, 0);
   (d, , , , ) = recvmsg (a, 100, 0, MSG_PEEK ; timeout=T);
   expect_value (name + ": MSG_PEEK sees the data", d, "peek"B);
   (d, , , , ) = recvmsg (a, 100, 0, 0 ; timeout=T);
   expect_value (name + ": still there after MSG_PEEK", d, "peek"B);

   % timeouts and non-blocking
   expect_error (name + ": recvmsg ;timeout=0.1 with nothing to read", SocketError, "^recvmsg: ",
		 &recvmsg_briefly, a; errno=ETIMEDOUT);
   expect_value (name + ": the timeout left the socket blocking", getblocking (a), 1);
   expect_error (name + ": recvmsg MSG_DONTWAIT with nothing to read", SocketError, "^recvmsg: ",
		 &recvmsg_dontwait, a; errno=EAGAIN);

   % timeout=0 with data ready polls once and succeeds
   () = sendmsg (c, "now", NULL, 0 ; timeout=T);
   variable r = poll ([a], POLLIN, T);
   expect_true (name + ": poll sees the data", r[0] & POLLIN);
   (d, , , , ) = recvmsg (a, 100, 0, 0 ; timeout=0);
   expect_value (name + ": recvmsg ;timeout=0 with data ready", d, "now"B);

   % end of stream
   () = close (c);
   (d, anc, flags, h, p) = recvmsg (a, 100, 0, 0 ; timeout=T);
   expect_value (name + ": EOF is an empty BString", d, ""B);
   expect_value (name + ": EOF: empty anc", length (anc), 0);

   % closed sockets
   expect_error (name + ": sendmsg on a closed socket", SocketError, "^sendmsg: ",
		 &call_sendmsg, c, "x", NULL, 0; errno=EBADF);
   expect_error (name + ": recvmsg on a closed socket", SocketError, "^recvmsg: ",
		 &call_recvmsg, c, 10, 0, 0; errno=EBADF);
   () = close (a);
}

test_tcp_plain (PF_INET);
test_tcp_plain (PF_INET6);

% sendmsg ;timeout= and MSG_DONTWAIT on a full socket
{
   variable c, a;
   (c, a) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fill_socket (c);
   expect_error ("sendmsg ;timeout=0.1 on a full socketpair", SocketError, "^sendmsg: ",
		 &sendmsg_briefly, c, "more"; errno=ETIMEDOUT);
   expect_value ("sendmsg: the timeout left the socket blocking", getblocking (c), 1);
   expect_error ("sendmsg MSG_DONTWAIT on a full socketpair", SocketError, "^sendmsg: ",
		 &sendmsg_dontwait, c, "more"; errno=EAGAIN);
   () = close (a); () = close (c);
}

% ------------------------------------------------------------------
% UDP: addresses, MSG_TRUNC, big datagrams

private define test_udp (family)
{
   variable name = "udp " + fam_name (family);
   variable srv, sh, sp, c, ch, cp, n, d, anc, flags, h, p;
   (srv, sh, sp) = udp_bound (family);
   c = socket (family, SOCK_DGRAM, 0);

   n = sendmsg (c, "dgram\0x", NULL, 0, sh, sp);
   expect_value (name + ": sendmsg with host, port returns the length", n, 7);
   (ch, cp) = getsockname (c);
   (d, anc, flags, h, p) = recvmsg (srv, 100, 0, 0 ; timeout=T);
   expect_value (name + ": data", d, "dgram\0x"B);
   expect_value (name + ": sender's host", h, loop_host (family));
   expect_value (name + ": sender's port", p, cp);
   expect_value (name + ": flags 0", flags, 0);

   % the address given back goes straight into sendmsg
   () = sendmsg (srv, "reply", NULL, 0, h, p);
   (d, anc, flags, h, p) = recvmsg (c, 100, 0, 0 ; timeout=T);
   expect_value (name + ": reply data", d, "reply"B);
   expect_value (name + ": reply from the server's port", p, sp);
   () = sendmsg (c, "gsn", NULL, 0, getsockname (srv));
   expect_value (name + ": sendmsg (..., getsockname (srv))", recv (srv, 100 ; timeout=T), "gsn"B);
   () = sendmsg (c, "svc", NULL, 0, sh, string (sp));
   expect_value (name + ": sendmsg with a String port", recv (srv, 100 ; timeout=T), "svc"B);

   % MSG_TRUNC: 100 bytes, maxlen 10
   variable big = bytes_0_255 (100);
   () = sendmsg (c, big, NULL, 0, sh, sp);
   () = sendmsg (c, "next", NULL, 0, sh, sp);
   (d, anc, flags, h, p) = recvmsg (srv, 10, 0, 0 ; timeout=T);
   expect_value (name + ": maxlen 10 gives 10 bytes", d, big[[0:9]]);
   expect_true (name + ": flags has MSG_TRUNC", flags & MSG_TRUNC);
   expect_value (name + ": flags has no MSG_CTRUNC", flags & MSG_CTRUNC, 0);
   (d, anc, flags, h, p) = recvmsg (srv, 100, 0, 0 ; timeout=T);
   expect_value (name + ": the next datagram is intact", d, "next"B);
   expect_value (name + ": the next has no MSG_TRUNC", flags & MSG_TRUNC, 0);

   % maxlen 0
   () = sendmsg (c, "abc", NULL, 0, sh, sp);
   (d, anc, flags, h, p) = recvmsg (srv, 0, 0, 0 ; timeout=T);
   expect_value (name + ": maxlen 0 gives an empty BString", d, ""B);
   expect_true (name + ": maxlen 0: MSG_TRUNC", flags & MSG_TRUNC);

   % an empty datagram
   expect_value (name + ": empty datagram: sendmsg returns 0", sendmsg (c, ""B, NULL, 0, sh, sp), 0);
   (d, anc, flags, h, p) = recvmsg (srv, 100, 0, 0 ; timeout=T);
   expect_value (name + ": empty datagram received", d, ""B);
   expect_value (name + ": empty datagram: no MSG_TRUNC", flags & MSG_TRUNC, 0);

   % a big datagram, and a huge maxlen
   big = bytes_0_255 (50000);
   expect_value (name + ": 50000-byte datagram: sendmsg", sendmsg (c, big, NULL, 0, sh, sp), 50000);
   (d, anc, flags, h, p) = recvmsg (srv, 65536, 0, 0 ; timeout=T);
   expect_value (name + ": 50000-byte datagram: length", bstrlen (d), 50000);
   expect_true (name + ": 50000-byte datagram: every byte", d == big);
   expect_value (name + ": 50000-byte datagram: no MSG_TRUNC", flags & MSG_TRUNC, 0);
   () = sendmsg (c, "small", NULL, 0, sh, sp);
   (d, anc, flags, h, p) = recvmsg (srv, 1 shl 30, 0, 0 ; timeout=T);
   expect_value (name + ": maxlen 2^30 on a datagram", d, "small"B);
   expect_value (name + ": maxlen 2^30: no MSG_TRUNC", flags & MSG_TRUNC, 0);
   () = sendmsg (c, bytes_0_255 (5000), NULL, 0, sh, sp);
   (d, anc, flags, h, p) = recvmsg (srv, 4999, 0, 0 ; timeout=T);
   expect_value (name + ": 5000 bytes, maxlen 4999: 4999 bytes", d, bytes_0_255 (4999));
   expect_true (name + ": 5000 bytes, maxlen 4999: MSG_TRUNC", flags & MSG_TRUNC);

   % connected UDP needs no address
   variable k = socket (family, SOCK_DGRAM, 0);
   connect (k, sh, sp);
   expect_value (name + ": sendmsg on a connected UDP socket", sendmsg (k, "conn", NULL, 0), 4);
   expect_value (name + ": ... arrives", recv (srv, 100 ; timeout=T), "conn"B);

   % address errors
   variable u = socket (family, SOCK_DGRAM, 0);
   expect_error (name + ": sendmsg without an address on an unconnected socket", SocketError, "^sendmsg: ",
		 &call_sendmsg, u, "x", NULL, 0; errno=EDESTADDRREQ);
   expect_error (name + ": sendmsg with the host but no port", NumArgsError, "^sendmsg: ",
		 &call_sendmsg, u, "x", NULL, 0, sh);
   expect_error (name + ": sendmsg to port 70000", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, u, "x", NULL, 0, sh, 70000);
   expect_error (name + ": recvmsg ;timeout=0.1 on an idle UDP socket", SocketError, "^recvmsg: ",
		 &recvmsg_briefly, srv; errno=ETIMEDOUT);
   () = close (u); () = close (k); () = close (c); () = close (srv);
}

test_udp (PF_INET);
test_udp (PF_INET6);

% ------------------------------------------------------------------
% unix datagrams: a path address, the sender's path or ""

{
   variable spath = path_concat (Tmp, "msg-server.sock");
   variable cpath = path_concat (Tmp, "msg-client.sock");
   variable srv = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (srv, spath);
   variable c = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (c, cpath);
   variable d, anc, flags, from, n;

   n = sendmsg (c, "from bound\0", NULL, 0, spath);
   expect_value ("unix dgram: sendmsg to a path returns the length", n, 11);
   (d, anc, flags, from) = recvmsg (srv, 100, 0, 0 ; timeout=T);
   expect_value ("unix dgram: data", d, "from bound\0"B);
   expect_value ("unix dgram: the bound sender's path", from, cpath);
   expect_value ("unix dgram: anc empty", length (anc), 0);
   () = sendmsg (srv, "back", NULL, 0, from);
   (d, anc, flags, from) = recvmsg (c, 100, 0, 0 ; timeout=T);
   expect_value ("unix dgram: reply to the path recvmsg gave", d, "back"B);
   expect_value ("unix dgram: reply came from the server's path", from, spath);

   variable u = socket (PF_UNIX, SOCK_DGRAM, 0);
   () = sendmsg (u, "anon", NULL, 0, spath);
   (d, anc, flags, from) = recvmsg (srv, 100, 0, 0 ; timeout=T);
   expect_value ("unix dgram: data from an unbound sender", d, "anon"B);
   expect_value ("unix dgram: an unbound sender is \"\"", from, "");
   expect_value ("unix dgram: \"\" is a String", typeof (from), String_Type);

   % an abstract sender comes back as a BString
   variable aname = "\0socktest-msg-"B + string (getpid ());
   variable ab = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (ab, aname);
   () = sendmsg (ab, "abstract", NULL, 0, spath);
   (d, anc, flags, from) = recvmsg (srv, 100, 0, 0 ; timeout=T);
   expect_value ("unix dgram: data from an abstract sender", d, "abstract"B);
   expect_value ("unix dgram: the abstract name is a BString", typeof (from), BString_Type);
   expect_true ("unix dgram: the abstract name", (typeof (from) == BString_Type) && (from == aname));
   () = sendmsg (srv, "to abstract", NULL, 0, from);
   expect_value ("unix dgram: reply to the abstract name", recv (ab, 100 ; timeout=T), "to abstract"B);

   % MSG_TRUNC on a unix datagram
   () = sendmsg (c, "0123456789", NULL, 0, spath);
   (d, anc, flags, from) = recvmsg (srv, 3, 0, 0 ; timeout=T);
   expect_value ("unix dgram: maxlen 3 gives 3 bytes", d, "012"B);
   expect_true ("unix dgram: MSG_TRUNC", flags & MSG_TRUNC);

   % socketpair: the unnamed peer
   variable p1, p2;
   (p1, p2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   () = sendmsg (p1, "pair", NULL, 0);
   (d, anc, flags, from) = recvmsg (p2, 100, 0, 0 ; timeout=T);
   expect_value ("unix dgram socketpair: data", d, "pair"B);
   expect_value ("unix dgram socketpair: the peer is \"\"", from, "");
   variable s1, s2;
   (s1, s2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = sendmsg (s1, "stream", NULL, 0);
   (d, anc, flags, from) = recvmsg (s2, 100, 0, 0 ; timeout=T);
   expect_value ("unix stream socketpair: data", d, "stream"B);
   expect_value ("unix stream socketpair: the peer is \"\"", from, "");

   expect_error ("unix dgram: sendmsg to a path nobody bound", SocketError, "^sendmsg: ",
		 &call_sendmsg, u, "x", NULL, 0, path_concat (Tmp, "nobody.sock"); errno=ENOENT);
   expect_error ("unix dgram: sendmsg with host, port", NumArgsError, "^sendmsg: ",
		 &call_sendmsg, u, "x", NULL, 0, "127.0.0.1", 9);
   expect_error ("unix dgram: sendmsg to a path too long", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, u, "x", NULL, 0, "/" + strtrans (sprintf ("%200s", ""), " ", "x"));
   () = close (ab); () = close (p1); () = close (p2); () = close (s1); () = close (s2);
   () = close (u); () = close (c); () = close (srv);
}

% ------------------------------------------------------------------
% SCM_RIGHTS: descriptors both ways

{
   variable content = "content of the passed file\n";
   variable file = file_with ("content.txt", content);
   variable u1, u2, x1, x2, d, anc, flags, from, n, buf, x, fds;
   (u1, u2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   (x1, x2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable ffd = open (file, O_RDONLY);
   expect_true ("SCM_RIGHTS: the checker sees a plain open() as not close-on-exec",
		(fd_flags (ffd) >= 0) && (0 == is_cloexec (ffd)));

   variable base = fd_count ();
   n = sendmsg (u1, "M\0", {item (SOL_SOCKET, SCM_RIGHTS, [ffd, x1])}, 0);
   expect_value ("SCM_RIGHTS: sendmsg returns the data length", n, 2);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (2 * 4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: data", d, "M\0"B);
   expect_value ("SCM_RIGHTS: one ancillary item", length (anc), 1);
   expect_value ("SCM_RIGHTS: no MSG_CTRUNC with room for 2", flags & MSG_CTRUNC, 0);
   x = find_anc (anc, SOL_SOCKET, SCM_RIGHTS);
   expect_true ("SCM_RIGHTS: the item has level SOL_SOCKET, type SCM_RIGHTS", x != NULL);
   if (x != NULL)
     {
	fds = x.data;
	expect_value ("SCM_RIGHTS: data is an Array", typeof (fds), Array_Type);
	expect_value ("SCM_RIGHTS: of FD_Type", _typeof (fds), FD_Type);
	expect_value ("SCM_RIGHTS: two descriptors", length (fds), 2);
	expect_value ("SCM_RIGHTS: two new descriptors in the process", fd_count (), base + 2);
	if (length (fds) == 2)
	  {
	     expect_true ("SCM_RIGHTS: new descriptor numbers",
			  (_fileno (fds[0]) != _fileno (ffd)) && (_fileno (fds[1]) != _fileno (x1)));
	     expect_value ("SCM_RIGHTS: the received file reads the content", read (fds[0], &buf, 1000), strlen (content));
	     expect_true ("SCM_RIGHTS: the file content", buf == typecast (content, BString_Type));
	     expect_true ("SCM_RIGHTS: the received file is close-on-exec", is_cloexec (fds[0]));
	     expect_true ("SCM_RIGHTS: the received socket is close-on-exec", is_cloexec (fds[1]));
	     () = send (fds[1], "via the passed socket");
	     expect_value ("SCM_RIGHTS: the received socket works", recv (x2, 100 ; timeout=T), "via the passed socket"B);
	  }
	fds = NULL;
     }
   x = NULL; anc = NULL;
   expect_value ("SCM_RIGHTS: dropping the received ones closes them", fd_count (), base);

   % one FD_Type (not an array) on send
   () = sendmsg (u1, "one", {item (SOL_SOCKET, SCM_RIGHTS, ffd)}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: a single FD_Type: data", d, "one"B);
   expect_value ("SCM_RIGHTS: a single FD_Type arrives as an Array of 1", count_anc_fds (anc), 1);
   anc = NULL;

   % an Array of Struct as anc
   () = sendmsg (u1, "arr", [item (SOL_SOCKET, SCM_RIGHTS, [ffd])], 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: anc as an Array of Struct", count_anc_fds (anc), 1);
   anc = NULL;

   % two SCM_RIGHTS items in one message
   () = sendmsg (u1, "two", {item (SOL_SOCKET, SCM_RIGHTS, [ffd]), item (SOL_SOCKET, SCM_RIGHTS, [ffd, ffd])}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, 256, 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: two items: all 3 descriptors arrive", count_anc_fds (anc), 3);
   expect_value ("SCM_RIGHTS: two items: no MSG_CTRUNC", flags & MSG_CTRUNC, 0);
   anc = NULL;
   expect_value ("SCM_RIGHTS: two items: none left open", fd_count (), base);

   % the raw BString form: a packed int is a descriptor
   () = sendmsg (u1, "raw", {item (SOL_SOCKET, SCM_RIGHTS, pack ("i", _fileno (ffd)))}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: raw BString data passes a descriptor", count_anc_fds (anc), 1);
   if (count_anc_fds (anc) == 1)
     {
	fds = anc[0].data;
	() = lseek (fds[0], 0, SEEK_SET);
	expect_value ("SCM_RIGHTS: raw: the descriptor reads the file", read (fds[0], &buf, 1000), strlen (content));
	fds = NULL;
     }
   anc = NULL;

   % MSG_CTRUNC: 3 descriptors, room for one
   base = fd_count ();
   () = sendmsg (u1, "3", {item (SOL_SOCKET, SCM_RIGHTS, [ffd, ffd, ffd])}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_LEN (4), 0 ; timeout=T);
   expect_value ("MSG_CTRUNC: data", d, "3"B);
   expect_true ("MSG_CTRUNC: 3 descriptors, ancsize CMSG_LEN(4): flags has MSG_CTRUNC", flags & MSG_CTRUNC);
   expect_true ("MSG_CTRUNC: at most 1 descriptor given", count_anc_fds (anc) <= 1);
   anc = NULL;
   expect_value ("MSG_CTRUNC: no descriptor leaked", fd_count (), base);

   variable room = (CMSG_SPACE (4) - CMSG_LEN (0)) / 4;
   () = sendmsg (u1, "3", {item (SOL_SOCKET, SCM_RIGHTS, [ffd, ffd, ffd])}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_true ("MSG_CTRUNC: ancsize CMSG_SPACE(4): flags has MSG_CTRUNC", flags & MSG_CTRUNC);
   expect_true ("MSG_CTRUNC: ancsize CMSG_SPACE(4): at most $room descriptor(s)"$, count_anc_fds (anc) <= room);
   anc = NULL;
   expect_value ("MSG_CTRUNC: CMSG_SPACE(4): no descriptor leaked", fd_count (), base);

   () = sendmsg (u1, "0", {item (SOL_SOCKET, SCM_RIGHTS, [ffd, ffd])}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, 0, 0 ; timeout=T);
   expect_value ("MSG_CTRUNC: ancsize 0: data", d, "0"B);
   expect_true ("MSG_CTRUNC: ancsize 0: flags has MSG_CTRUNC", flags & MSG_CTRUNC);
   expect_value ("MSG_CTRUNC: ancsize 0: anc empty", length (anc), 0);
   anc = NULL;
   expect_value ("MSG_CTRUNC: ancsize 0: no descriptor leaked", fd_count (), base);
   % the stream is still in step
   () = send (u1, "after");
   expect_value ("MSG_CTRUNC: the stream is usable after it", recv (u2, 100 ; timeout=T), "after"B);

   % MSG_CMSG_CLOEXEC asked for explicitly: not echoed in flags
   () = sendmsg (u1, "ce", {item (SOL_SOCKET, SCM_RIGHTS, [ffd])}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (4), MSG_CMSG_CLOEXEC ; timeout=T);
   expect_value ("MSG_CMSG_CLOEXEC: one descriptor", count_anc_fds (anc), 1);
   if (count_anc_fds (anc) == 1)
     expect_true ("MSG_CMSG_CLOEXEC: close-on-exec", is_cloexec (anc[0].data[0]));
   expect_value ("MSG_CMSG_CLOEXEC: not in the returned flags", flags & MSG_CMSG_CLOEXEC, 0);
   anc = NULL;

   % SCM_RIGHTS over a unix datagram socketpair, with the sender's path
   variable g1, g2;
   (g1, g2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   () = sendmsg (g1, "dg", {item (SOL_SOCKET, SCM_RIGHTS, [ffd])}, 0);
   (d, anc, flags, from) = recvmsg (g2, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS over a unix datagram: data", d, "dg"B);
   expect_value ("SCM_RIGHTS over a unix datagram: one descriptor", count_anc_fds (anc), 1);
   expect_value ("SCM_RIGHTS over a unix datagram: from \"\"", from, "");
   anc = NULL;

   % the maximum: 253 descriptors in one message
   variable many = fd_array (ffd, 253);
   base = fd_count ();
   n = sendmsg (u1, "max", {item (SOL_SOCKET, SCM_RIGHTS, many)}, 0);
   expect_value ("SCM_RIGHTS: 253 descriptors: sendmsg", n, 3);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (253 * 4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: 253 descriptors arrive", count_anc_fds (anc), 253);
   expect_value ("SCM_RIGHTS: 253 descriptors: no MSG_CTRUNC", flags & MSG_CTRUNC, 0);
   anc = NULL;
   expect_value ("SCM_RIGHTS: 253 descriptors: all closed when dropped", fd_count (), base);

   expect_error ("SCM_RIGHTS: 254 descriptors", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_RIGHTS, fd_array (ffd, 254))}, 0);
   expect_error ("SCM_RIGHTS: 200 + 54 descriptors in two items", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_RIGHTS, fd_array (ffd, 200)),
		    item (SOL_SOCKET, SCM_RIGHTS, fd_array (ffd, 54))}, 0);
   expect_error ("SCM_RIGHTS: an Array of Int", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_RIGHTS, [1, 2])}, 0);
   variable closed = open (file, O_RDONLY);
   () = close (closed);
   expect_error ("SCM_RIGHTS: a closed descriptor", SocketError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_RIGHTS, [ffd, closed])}, 0; errno=EBADF);
   % nothing of the failed sends arrived
   () = send (u1, "clean");
   expect_value ("SCM_RIGHTS: failed sends sent nothing", recv (u2, 100 ; timeout=T), "clean"B);

   expect_error ("SCM_RIGHTS: data NULL", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_RIGHTS, NULL)}, 0);

   % an empty message with descriptors: fine on a datagram socket ...
   variable e1, e2;
   (e1, e2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   expect_value ("SCM_RIGHTS: an empty datagram with a descriptor: sendmsg returns 0",
		 sendmsg (e1, ""B, {item (SOL_SOCKET, SCM_RIGHTS, [ffd])}, 0), 0);
   (d, anc, flags, from) = recvmsg (e2, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_value ("SCM_RIGHTS: an empty datagram: empty data", d, ""B);
   expect_value ("SCM_RIGHTS: an empty datagram: the descriptor arrives", count_anc_fds (anc), 1);
   anc = NULL;
   () = close (e1); () = close (e2);
   % ... but Linux drops the descriptors of an empty stream message, so it
   % must be refused as send_fds refuses it, not reported as sent
   base = fd_count ();
   variable ee = catch_error (&call_sendmsg, u1, ""B, {item (SOL_SOCKET, SCM_RIGHTS, [ffd])}, 0);
   expect_true (sprintf ("SCM_RIGHTS: an empty stream message with a descriptor is refused (%S)",
			 (ee == NULL) ? "no error: the descriptor was dropped silently" : ee.message),
		(ee != NULL) && ((ee.error == InvalidParmError) || (ee.error == SocketError)));
   expect_value ("SCM_RIGHTS: an empty stream message: no descriptor leaked", fd_count (), base);
   () = send (u1, "in step");
   expect_value ("SCM_RIGHTS: an empty stream message: the stream is in step",
		 recv (u2, 100 ; timeout=T), "in step"B);

   % ----- cross checks with send_fds / recv_fds
   () = sendmsg (u1, "to recv_fds", {item (SOL_SOCKET, SCM_RIGHTS, [ffd])}, 0);
   (d, fds) = recv_fds (u2, 100, 4 ; timeout=T);
   expect_value ("cross: sendmsg SCM_RIGHTS -> recv_fds: data", d, "to recv_fds"B);
   expect_value ("cross: sendmsg SCM_RIGHTS -> recv_fds: one descriptor", length (fds), 1);
   if (length (fds) == 1)
     {
	() = lseek (fds[0], 0, SEEK_SET);
	expect_value ("cross: recv_fds' descriptor reads the file", read (fds[0], &buf, 1000), strlen (content));
     }
   fds = NULL;

   () = send_fds (u1, "to recvmsg", [ffd, x1]);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (8), 0 ; timeout=T);
   expect_value ("cross: send_fds -> recvmsg: data", d, "to recvmsg"B);
   x = find_anc (anc, SOL_SOCKET, SCM_RIGHTS);
   expect_true ("cross: send_fds -> recvmsg: an SCM_RIGHTS item", x != NULL);
   if (x != NULL)
     {
	expect_value ("cross: send_fds -> recvmsg: two descriptors", length (x.data), 2);
	if (length (x.data) == 2)
	  {
	     () = send (x.data[1], "cross");
	     expect_value ("cross: the socket from send_fds works", recv (x2, 100 ; timeout=T), "cross"B);
	  }
     }
   x = NULL; anc = NULL;

   () = close (g1); () = close (g2);
   () = close (ffd); () = close (u1); () = close (u2); () = close (x1); () = close (x2);
}

% SCM_RIGHTS on inet sockets: the kernel has no descriptor passing there;
% the call must not pretend it passed them (SPEC 3: nothing silently ignored;
% send_fds raises InvalidParmError there).
private define test_rights_inet (kind)
{
   variable c, a, h, p, e, pass;
   if (kind == "tcp")
     (c, a) = tcp_pair (PF_INET);
   else
     {
	(a, h, p) = udp_bound (PF_INET);
	c = socket (PF_INET, SOCK_DGRAM, 0);
	connect (c, h, p);
     }
   variable nfd = fd_count ();
   e = catch_error (&call_sendmsg, c, "x", {item (SOL_SOCKET, SCM_RIGHTS, [c])}, 0);
   pass = (e != NULL) && ((e.error == SocketError) || (e.error == InvalidParmError))
     && string_match (e.message, "^sendmsg: ", 1);
   expect_true (sprintf ("SCM_RIGHTS on a %s socket raises an error (got %S)", kind,
			 (e == NULL) ? "no error: the descriptor was dropped silently" : e.message), pass);
   expect_value ("SCM_RIGHTS on a $kind socket: no descriptor leaked"$, fd_count (), nfd);
   () = close (c); () = close (a);
}
test_rights_inet ("tcp");
test_rights_inet ("udp");

% ------------------------------------------------------------------
% SCM_CREDENTIALS

{
   variable u1, u2, d, anc, flags, from, x, cr;
   (u1, u2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   () = sendmsg (u1, "no passcred", NULL, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, 256, 0 ; timeout=T);
   expect_true ("SCM_CREDENTIALS: none without SO_PASSCRED", NULL == find_anc (anc, SOL_SOCKET, SCM_CREDENTIALS));

   setsockopt (u2, SOL_SOCKET, SO_PASSCRED, 1);
   () = sendmsg (u1, "creds", NULL, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (12), 0 ; timeout=T);
   expect_value ("SCM_CREDENTIALS: data", d, "creds"B);
   x = find_anc (anc, SOL_SOCKET, SCM_CREDENTIALS);
   expect_true ("SCM_CREDENTIALS: an item with SO_PASSCRED", x != NULL);
   if (x != NULL)
     {
	cr = x.data;
	expect_true ("SCM_CREDENTIALS: data is a Struct", is_struct_type (cr));
	if (is_struct_type (cr))
	  {
	     expect_value ("SCM_CREDENTIALS: pid is getpid()", cr.pid, getpid ());
	     expect_value ("SCM_CREDENTIALS: uid is getuid()", cr.uid, getuid ());
	     expect_value ("SCM_CREDENTIALS: gid is getgid()", cr.gid, getgid ());
	  }
     }

   % sent explicitly: our own credentials
   variable mine = struct {pid, uid, gid};
   mine.pid = getpid (); mine.uid = getuid (); mine.gid = getgid ();
   () = sendmsg (u1, "explicit", {item (SOL_SOCKET, SCM_CREDENTIALS, mine)}, 0);
   (d, anc, flags, from) = recvmsg (u2, 100, CMSG_SPACE (12), 0 ; timeout=T);
   x = find_anc (anc, SOL_SOCKET, SCM_CREDENTIALS);
   expect_true ("SCM_CREDENTIALS sent explicitly: received", (x != NULL) && is_struct_type (x.data));
   if ((x != NULL) && is_struct_type (x.data))
     expect_true ("SCM_CREDENTIALS sent explicitly: same pid, uid, gid",
		  (x.data.pid == mine.pid) && (x.data.uid == mine.uid) && (x.data.gid == mine.gid));

   % credentials and descriptors together over a stream
   variable s1, s2;
   (s1, s2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   setsockopt (s2, SOL_SOCKET, SO_PASSCRED, 1);
   () = sendmsg (s1, "both", {item (SOL_SOCKET, SCM_RIGHTS, [s1])}, 0);
   (d, anc, flags, from) = recvmsg (s2, 100, 256, 0 ; timeout=T);
   expect_value ("SCM_CREDENTIALS + SCM_RIGHTS: data", d, "both"B);
   expect_value ("SCM_CREDENTIALS + SCM_RIGHTS: one descriptor", count_anc_fds (anc), 1);
   x = find_anc (anc, SOL_SOCKET, SCM_CREDENTIALS);
   expect_true ("SCM_CREDENTIALS + SCM_RIGHTS: the credentials", (x != NULL) && is_struct_type (x.data)
		&& (x.data.pid == getpid ()));
   anc = NULL; x = NULL;

   % recv_fds on a SO_PASSCRED socket still works
   () = send_fds (s1, "rf", [s1]);
   variable fds;
   (d, fds) = recv_fds (s2, 100, 1 ; timeout=T);
   expect_value ("recv_fds on a SO_PASSCRED socket: data", d, "rf"B);
   expect_value ("recv_fds on a SO_PASSCRED socket: one descriptor", length (fds), 1);
   fds = NULL;

   expect_error ("SCM_CREDENTIALS with a String", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_CREDENTIALS, "pid")}, 0);
   expect_error ("SCM_CREDENTIALS with a Struct without gid", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, u1, "x", {item (SOL_SOCKET, SCM_CREDENTIALS, struct {pid = 1, uid = 0})}, 0);
   () = close (s1); () = close (s2); () = close (u1); () = close (u2);
}

% ------------------------------------------------------------------
% IP_PKTINFO, IPV6_PKTINFO

{
   variable lo = if_nametoindex ("lo");
   variable r, h, p, c, d, anc, flags, sh, sp, x, pi;
   (r, h, p) = udp_bound (PF_INET);
   setsockopt (r, IPPROTO_IP, IP_PKTINFO, 1);
   c = socket (PF_INET, SOCK_DGRAM, 0);
   () = sendmsg (c, "pkt", NULL, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   expect_value ("IP_PKTINFO: data", d, "pkt"B);
   x = find_anc (anc, IPPROTO_IP, IP_PKTINFO);
   expect_true ("IP_PKTINFO: an item", (x != NULL) && is_struct_type (x.data));
   if ((x != NULL) && is_struct_type (x.data))
     {
	pi = x.data;
	expect_value ("IP_PKTINFO: ifindex is lo's", pi.ifindex, lo);
	expect_value ("IP_PKTINFO: addr", pi.addr, "127.0.0.1");
	expect_value ("IP_PKTINFO: spec_dst", pi.spec_dst, "127.0.0.1");
	expect_value ("IP_PKTINFO: addr is a String", typeof (pi.addr), String_Type);
     }

   % sending with IP_PKTINFO: the source address
   pi = struct {ifindex, spec_dst, addr};
   pi.ifindex = 0; pi.spec_dst = "127.0.0.1"; pi.addr = "0.0.0.0";
   variable n = sendmsg (c, "src", {item (IPPROTO_IP, IP_PKTINFO, pi)}, 0, h, p);
   expect_value ("IP_PKTINFO on send: sendmsg", n, 3);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   expect_value ("IP_PKTINFO on send: arrives", d, "src"B);
   expect_value ("IP_PKTINFO on send: from 127.0.0.1", sh, "127.0.0.1");

   pi.addr = "nonsense";
   expect_error ("IP_PKTINFO with addr \"nonsense\"", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IP, IP_PKTINFO, pi)}, 0, h, p);
   pi.addr = "0.0.0.0"; pi.spec_dst = "::1";
   expect_error ("IP_PKTINFO with an IPv6 spec_dst", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IP, IP_PKTINFO, pi)}, 0, h, p);
   expect_error ("IP_PKTINFO with an Int", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IP, IP_PKTINFO, 1)}, 0, h, p);
   () = close (c); () = close (r);

   (r, h, p) = udp_bound (PF_INET6);
   setsockopt (r, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
   c = socket (PF_INET6, SOCK_DGRAM, 0);
   () = sendmsg (c, "pkt6", NULL, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   expect_value ("IPV6_PKTINFO: data", d, "pkt6"B);
   x = find_anc (anc, IPPROTO_IPV6, IPV6_PKTINFO);
   expect_true ("IPV6_PKTINFO: an item", (x != NULL) && is_struct_type (x.data));
   if ((x != NULL) && is_struct_type (x.data))
     {
	expect_value ("IPV6_PKTINFO: ifindex is lo's", x.data.ifindex, lo);
	expect_value ("IPV6_PKTINFO: addr", x.data.addr, "::1");
     }
   variable pi6 = struct {ifindex, addr};
   pi6.ifindex = 0; pi6.addr = "::1";
   n = sendmsg (c, "src6", {item (IPPROTO_IPV6, IPV6_PKTINFO, pi6)}, 0, h, p);
   expect_value ("IPV6_PKTINFO on send: sendmsg", n, 4);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   expect_value ("IPV6_PKTINFO on send: arrives", d, "src6"B);
   expect_value ("IPV6_PKTINFO on send: from ::1", sh, "::1");
   x = find_anc (anc, IPPROTO_IPV6, IPV6_PKTINFO);
   expect_true ("IPV6_PKTINFO on send: the receiver still sees ::1",
		(x != NULL) && is_struct_type (x.data) && (x.data.addr == "::1"));
   pi6.addr = "127.0.0.1";
   expect_error ("IPV6_PKTINFO with an IPv4 addr", InvalidParmError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IPV6, IPV6_PKTINFO, pi6)}, 0, h, p);
   expect_error ("IPV6_PKTINFO with a Struct without addr", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IPV6, IPV6_PKTINFO, struct {ifindex = 0})}, 0, h, p);
   () = close (c); () = close (r);
}

% ------------------------------------------------------------------
% IP_TTL, IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS

{
   variable r, h, p, c, d, anc, flags, sh, sp, x, n;
   (r, h, p) = udp_bound (PF_INET);
   setsockopt (r, IPPROTO_IP, IP_RECVTTL, 1);
   setsockopt (r, IPPROTO_IP, IP_RECVTOS, 1);
   c = socket (PF_INET, SOCK_DGRAM, 0);

   () = sendmsg (c, "dflt", NULL, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x = find_anc (anc, IPPROTO_IP, IP_TTL);
   expect_true ("IP_TTL: received as an Int in 1..255",
		(x != NULL) && (typeof (x.data) == Integer_Type) && (x.data >= 1) && (x.data <= 255));
   x = find_anc (anc, IPPROTO_IP, IP_TOS);
   expect_true ("IP_TOS: received as an Int, 0 by default",
		(x != NULL) && (typeof (x.data) == Integer_Type) && (x.data == 0));

   n = sendmsg (c, "ttl", {item (IPPROTO_IP, IP_TTL, 7)}, 0, h, p);
   expect_value ("IP_TTL=7 on send: sendmsg", n, 3);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x = find_anc (anc, IPPROTO_IP, IP_TTL);
   expect_true ("IP_TTL=7 on send: received 7", (x != NULL) && (x.data == 7));

   () = sendmsg (c, "tos", {item (IPPROTO_IP, IP_TOS, 0x10)}, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x = find_anc (anc, IPPROTO_IP, IP_TOS);
   expect_true ("IP_TOS=0x10 on send: received 0x10", (x != NULL) && (x.data == 0x10));

   () = sendmsg (c, "both", {item (IPPROTO_IP, IP_TTL, 9), item (IPPROTO_IP, IP_TOS, 0x08)}, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x = find_anc (anc, IPPROTO_IP, IP_TTL);
   expect_true ("IP_TTL=9 and IP_TOS=8 together: TTL", (x != NULL) && (x.data == 9));
   x = find_anc (anc, IPPROTO_IP, IP_TOS);
   expect_true ("IP_TTL=9 and IP_TOS=8 together: TOS", (x != NULL) && (x.data == 8));

   % the raw BString form on send
   () = sendmsg (c, "raw", {item (IPPROTO_IP, IP_TTL, pack ("i", 5))}, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x = find_anc (anc, IPPROTO_IP, IP_TTL);
   expect_true ("IP_TTL as a raw BString pack(\"i\", 5): received 5", (x != NULL) && (x.data == 5));

   % the control buffer too small for both: MSG_CTRUNC
   () = sendmsg (c, "small", NULL, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, CMSG_SPACE (4), 0 ; timeout=T);
   expect_value ("IP_TTL + IP_TOS with room for one: data", d, "small"B);
   expect_true ("IP_TTL + IP_TOS with room for one: MSG_CTRUNC", flags & MSG_CTRUNC);
   expect_true ("IP_TTL + IP_TOS with room for one: at most one item", length (anc) <= 1);

   expect_error ("IP_TTL with a String", TypeMismatchError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IP, IP_TTL, "7")}, 0, h, p);
   expect_error ("IP_TTL 1000: the kernel refuses", SocketError, "^sendmsg: ",
		 &call_sendmsg, c, "x", {item (IPPROTO_IP, IP_TTL, 1000)}, 0, h, p; errno=EINVAL);
   () = close (c); () = close (r);

   (r, h, p) = udp_bound (PF_INET6);
   setsockopt (r, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
   setsockopt (r, IPPROTO_IPV6, IPV6_RECVTCLASS, 1);
   c = socket (PF_INET6, SOCK_DGRAM, 0);
   () = sendmsg (c, "hl", {item (IPPROTO_IPV6, IPV6_HOPLIMIT, 9)}, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   expect_value ("IPV6_HOPLIMIT=9 on send: data", d, "hl"B);
   x = find_anc (anc, IPPROTO_IPV6, IPV6_HOPLIMIT);
   expect_true ("IPV6_HOPLIMIT=9 on send: received 9", (x != NULL) && (typeof (x.data) == Integer_Type) && (x.data == 9));
   x = find_anc (anc, IPPROTO_IPV6, IPV6_TCLASS);
   expect_true ("IPV6_TCLASS: 0 by default", (x != NULL) && (typeof (x.data) == Integer_Type) && (x.data == 0));
   () = sendmsg (c, "tc", {item (IPPROTO_IPV6, IPV6_TCLASS, 0x20)}, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x = find_anc (anc, IPPROTO_IPV6, IPV6_TCLASS);
   expect_true ("IPV6_TCLASS=0x20 on send: received 0x20", (x != NULL) && (x.data == 0x20));
   () = close (c); () = close (r);
}

% ------------------------------------------------------------------
% SO_TIMESTAMP, SO_TIMESTAMPNS

private define test_timestamp (family, opt, optname)
{
   variable name = optname + " (" + fam_name (family) + ")";
   variable r, h, p, c, d, anc, flags, sh, sp, x;
   (r, h, p) = udp_bound (family);
   setsockopt (r, SOL_SOCKET, opt, 1);
   c = socket (family, SOCK_DGRAM, 0);
   variable t0 = _time ();
   () = sendmsg (c, "ts", NULL, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   variable t1 = _time ();
   x = find_anc (anc, SOL_SOCKET, opt);
   expect_true (name + ": an item", x != NULL);
   if (x != NULL)
     {
	expect_value (name + ": a Double", typeof (x.data), Double_Type);
	expect_true (sprintf ("%s: %S within a few seconds of _time() %S", name, x.data, t0),
		     (typeof (x.data) == Double_Type) && (x.data >= t0 - 2) && (x.data <= t1 + 2));
     }
   () = close (c); () = close (r);
}
test_timestamp (PF_INET, SO_TIMESTAMP, "SO_TIMESTAMP");
test_timestamp (PF_INET6, SO_TIMESTAMPNS, "SO_TIMESTAMPNS");
test_timestamp (PF_INET, SO_TIMESTAMPNS, "SO_TIMESTAMPNS");

% two successive timestamps are ordered and sub-second resolution is kept
{
   variable r, h, p, c, x1, x2, anc, d, flags, sh, sp;
   (r, h, p) = udp_bound (PF_INET);
   setsockopt (r, SOL_SOCKET, SO_TIMESTAMPNS, 1);
   c = socket (PF_INET, SOCK_DGRAM, 0);
   () = sendmsg (c, "1", NULL, 0, h, p);
   () = sendmsg (c, "2", NULL, 0, h, p);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x1 = find_anc (anc, SOL_SOCKET, SO_TIMESTAMPNS);
   (d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
   x2 = find_anc (anc, SOL_SOCKET, SO_TIMESTAMPNS);
   expect_true ("SO_TIMESTAMPNS: the second datagram is not earlier",
		(x1 != NULL) && (x2 != NULL) && (x2.data >= x1.data));
   expect_true ("SO_TIMESTAMPNS: not a whole number of seconds (fraction kept)",
		(x1 != NULL) && (x2 != NULL) && ((x1.data != floor (x1.data)) || (x2.data != floor (x2.data))));
   () = close (c); () = close (r);
}

% ------------------------------------------------------------------
% raw ancillary data: a kind the module does not decode

{
   variable IP_RECVORIGDSTADDR = 20, IP_ORIGDSTADDR = 20;   % Linux
   variable r, h, p, c, d, anc, flags, sh, sp, x;
   (r, h, p) = udp_bound (PF_INET);
   variable e = catch_error (&setsockopt, r, IPPROTO_IP, IP_RECVORIGDSTADDR, pack ("i", 1));
   if (e != NULL)
     skip ("raw IP_ORIGDSTADDR", "setsockopt raw failed: " + e.message);
   else
     {
	c = socket (PF_INET, SOCK_DGRAM, 0);
	() = sendmsg (c, "raw", NULL, 0, h, p);
	(d, anc, flags, sh, sp) = recvmsg (r, 100, 256, 0 ; timeout=T);
	x = find_anc (anc, IPPROTO_IP, IP_ORIGDSTADDR);
	expect_true ("raw: an IP_ORIGDSTADDR item", x != NULL);
	if (x != NULL)
	  {
	     expect_value ("raw: the data is a BString", typeof (x.data), BString_Type);
	     expect_value ("raw: a sockaddr_in (16 bytes)", bstrlen (x.data), 16);
	     if (bstrlen (x.data) == 16)
	       {
		  expect_value ("raw: sin_addr is 127.0.0.1", x.data[[4:7]], "\x7F\0\0\x01"B);
		  expect_value ("raw: sin_port is the port", (x.data[2] shl 8) | x.data[3], p);
	       }
	  }
	% raw data of an unknown kind is passed as is: the unix kernel
	% ignores levels other than SOL_SOCKET
	variable u1, u2;
	(u1, u2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
	expect_value ("raw: an unknown kind with BString data is sent",
		      sendmsg (u1, "unk", {item (999, 1, "abc"B)}, 0), 3);
	expect_value ("raw: an unknown kind with String data is sent",
		      sendmsg (u1, "unk2", {item (999, 1, "abc")}, 0), 4);
	expect_value ("raw: ... first arrives", recv (u2, 100 ; timeout=T), "unk"B);
	expect_value ("raw: ... second arrives", recv (u2, 100 ; timeout=T), "unk2"B);
	() = close (u1); () = close (u2); () = close (c);
     }
   () = close (r);
}

% ------------------------------------------------------------------
% IP_RECVERR, IPV6_RECVERR: the error queue

private define test_recverr (family)
{
   variable name = ((family == PF_INET6) ? "IPV6_RECVERR" : "IP_RECVERR");
   variable level = (family == PF_INET6) ? IPPROTO_IPV6 : IPPROTO_IP;
   variable type = (family == PF_INET6) ? IPV6_RECVERR : IP_RECVERR;
   variable host = loop_host (family);
   variable port = closed_udp_port (family);
   variable s = socket (family, SOCK_DGRAM, 0);
   setsockopt (s, level, type, 1);
   () = sendmsg (s, "probe", NULL, 0, host, port);
   variable d, anc, flags, h, p, x, ee;
   variable e = NULL;
   try (e)
     (d, anc, flags, h, p) = recvmsg (s, 100, 512, MSG_ERRQUEUE ; timeout=T);
   catch AnyError;
   if (e != NULL)
     {
	test_fail (name + ": recvmsg MSG_ERRQUEUE", e.message);
	() = close (s);
	return;
     }
   expect_true (name + ": flags has MSG_ERRQUEUE", flags & MSG_ERRQUEUE);
   expect_value (name + ": the data is the original datagram", d, "probe"B);
   expect_value (name + ": the address is the destination's host", h, host);
   expect_value (name + ": the address is the destination's port", p, port);
   x = find_anc (anc, level, type);
   expect_true (name + ": an item of that level and type", x != NULL);
   if (x == NULL)
     {
	() = close (s);
	return;
     }
   ee = x.data;
   expect_true (name + ": a Struct", is_struct_type (ee));
   if (is_struct_type (ee))
     {
	expect_value (name + ": ee_errno is ECONNREFUSED", ee.ee_errno, ECONNREFUSED);
	expect_value (name + ": ee_origin is ICMP", ee.ee_origin, (family == PF_INET6) ? 3 : 2);
	% port unreachable: ICMP 3/3, ICMPv6 1/4
	expect_value (name + ": ee_type", ee.ee_type, (family == PF_INET6) ? 1 : 3);
	expect_value (name + ": ee_code", ee.ee_code, (family == PF_INET6) ? 4 : 3);
	expect_value (name + ": ee_info an Int", typeof (ee.ee_info), Integer_Type);
	expect_value (name + ": ee_data an Int", typeof (ee.ee_data), Integer_Type);
	expect_value (name + ": offender is a List", typeof (ee.offender), List_Type);
	if (typeof (ee.offender) == List_Type)
	  {
	     expect_value (name + ": offender has host, port", length (ee.offender), 2);
	     if (length (ee.offender) == 2)
	       expect_value (name + ": the offender is loopback", ee.offender[0], host);
	  }
     }
   % the queue is empty now: without a deadline MSG_ERRQUEUE does not block
   expect_error (name + ": an empty error queue", SocketError, "^recvmsg: ",
		 &recvmsg_errqueue, s; errno=EAGAIN);
   % with one, it waits for an error at most that long
   variable t0 = _ftime ();
   e = catch_error (&recvmsg_errqueue_briefly, s);
   variable dt = _ftime () - t0;
   expect_true (name + ": an empty error queue ;timeout=0.2: EAGAIN or ETIMEDOUT",
		(e != NULL) && (e.error == SocketError) && ((errno == EAGAIN) || (errno == ETIMEDOUT)));
   expect_true (sprintf ("%s: an empty error queue ;timeout=0.2: bounded (%.3f s)", name, dt), dt < 1.5);
   () = close (s);
}
test_recverr (PF_INET);
test_recverr (PF_INET6);

% ------------------------------------------------------------------
% bad arguments: class, stack, descriptors (expect_error checks all three)

{
   variable u1, u2, c, a;
   (u1, u2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   (c, a) = tcp_pair (PF_INET);
   variable file = file_with ("plain.txt", "x");
   variable ffd = open (file, O_RDONLY);

   expect_error ("recvmsg with 3 arguments", NumArgsError, "^recvmsg: .*usage", &call_recvmsg, u2, 10, 0);
   expect_error ("recvmsg with 5 arguments", NumArgsError, "^recvmsg: ", &call_recvmsg, u2, 10, 0, 0, 0);
   expect_error ("sendmsg with 3 arguments", NumArgsError, "^sendmsg: .*usage", &call_sendmsg, u1, "x", NULL);
   expect_error ("sendmsg with 7 arguments", NumArgsError, "^sendmsg: ", &call_sendmsg, u1, "x", NULL, 0, "a", 1, 2);
   expect_error ("sendmsg: anc 42", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x", 42, 0);
   expect_error ("sendmsg: anc a String", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x", "anc", 0);
   expect_error ("sendmsg: anc a lone Struct", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 item (SOL_SOCKET, SCM_RIGHTS, ffd), 0);
   expect_error ("sendmsg: anc an Int Array", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x", [1, 2], 0);
   expect_error ("sendmsg: an item not a Struct", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x", {42}, 0);
   expect_error ("sendmsg: a NULL item", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x", {NULL}, 0);
   expect_error ("sendmsg: a NULL in an Array of Struct", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 [item (999, 1, "a"B), NULL], 0);
   expect_error ("sendmsg: an item without data", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {struct {level = SOL_SOCKET, type = SCM_RIGHTS}}, 0);
   expect_error ("sendmsg: an item without level", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {struct {type = SCM_RIGHTS, data = ffd}}, 0);
   expect_error ("sendmsg: an item with a String level", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {item ("SOL_SOCKET", SCM_RIGHTS, ffd)}, 0);
   expect_error ("sendmsg: an unknown kind with Int data", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {item (999, 1, 5)}, 0);
   expect_error ("sendmsg: a bad item after a good SCM_RIGHTS one", TypeMismatchError, "^sendmsg: ", &call_sendmsg,
		 u1, "x", {item (SOL_SOCKET, SCM_RIGHTS, [ffd, ffd]), 42}, 0);
   expect_error ("sendmsg: a bad item before a good SCM_RIGHTS one", TypeMismatchError, "^sendmsg: ", &call_sendmsg,
		 u1, "x", {42, item (SOL_SOCKET, SCM_RIGHTS, [ffd, ffd])}, 0);
   expect_error ("sendmsg: SCM_CREDENTIALS with a String", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {item (SOL_SOCKET, SCM_CREDENTIALS, "me")}, 0);
   expect_error ("sendmsg: SO_TIMESTAMP with a String", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {item (SOL_SOCKET, SO_TIMESTAMP, "now")}, 0);
   expect_error ("sendmsg: data an Int", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, 42, NULL, 0);
   expect_error ("sendmsg: flags a String", TypeMismatchError, "^sendmsg: ", &call_sendmsg, u1, "x", NULL, "0");
   expect_error ("sendmsg: the socket an Int", TypeMismatchError, "^sendmsg: ", &call_sendmsg, 1, "x", NULL, 0);
   expect_error ("sendmsg on a file (not a socket)", TypeMismatchError, "^sendmsg: ", &call_sendmsg, ffd, "x", NULL, 0);
   expect_error ("recvmsg on a file (not a socket)", TypeMismatchError, "^recvmsg: ", &call_recvmsg, ffd, 10, 0, 0);
   expect_error ("recvmsg: maxlen -1", InvalidParmError, "^recvmsg: ", &call_recvmsg, u2, -1, 0, 0);
   expect_error ("recvmsg: ancsize -1", InvalidParmError, "^recvmsg: ", &call_recvmsg, u2, 10, -1, 0);
   expect_error ("recvmsg: ancsize 2 MiB", InvalidParmError, "^recvmsg: ", &call_recvmsg, u2, 10, 2 * 1024 * 1024, 0);
   expect_error ("recvmsg: maxlen a String", TypeMismatchError, "^recvmsg: ", &call_recvmsg, u2, "10", 0, 0);
   expect_error ("recvmsg: ancsize a String", TypeMismatchError, "^recvmsg: ", &call_recvmsg, u2, 10, "0", 0);
   expect_error ("recvmsg: flags a Double", TypeMismatchError, "^recvmsg: ", &call_recvmsg, u2, 10, 0, 1.5);
   expect_error ("sendmsg: SCM_RIGHTS with 254 descriptors", InvalidParmError, "^sendmsg: ", &call_sendmsg, u1, "x",
		 {item (SOL_SOCKET, SCM_RIGHTS, fd_array (ffd, 254))}, 0);
   % nothing of the above was sent
   () = send (u1, "clean");
   expect_value ("bad sendmsg arguments sent nothing", recv (u2, 100 ; timeout=T), "clean"B);

   variable closed = socket (PF_UNIX, SOCK_DGRAM, 0);
   () = close (closed);
   expect_error ("sendmsg on a closed socket", SocketError, "^sendmsg: ", &call_sendmsg, closed, "x", NULL, 0; errno=EBADF);
   expect_error ("recvmsg on a closed socket", SocketError, "^recvmsg: ", &call_recvmsg, closed, 10, 0, 0; errno=EBADF);
   expect_error ("recvmsg on a closed socket with a bad maxlen", SocketError, "^recvmsg: ",
		 &call_recvmsg, closed, -1, 0, 0; errno=EBADF);

   () = close (ffd); () = close (c); () = close (a); () = close (u1); () = close (u2);
}

% ------------------------------------------------------------------
% signals (SPEC 9): a throwing handler ends recvmsg, a quiet one resumes it

new_exception ("MsgAlarmError", RunTimeError, "alarm went off");
private variable Delay = 0.3;
private variable Flag = 0, Peer = NULL;
define msg_throwing_handler (sig) { throw MsgAlarmError, "alarm"; }
define msg_send_handler (sig) { Flag++; () = send (Peer, "late data"); }
define msg_flag_handler (sig) { Flag++; }

{
   variable a, b, d, anc, flags, from, e, t0, dt, depth, dd, nfd;
   (a, b) = socketpair (PF_UNIX, SOCK_DGRAM, 0);

   % a throwing handler: the exception propagates out of recvmsg ;timeout=
   nfd = fd_count ();
   depth = _stkdepth ();
   signal (SIGALRM, &msg_throwing_handler);
   e = NULL;
   t0 = _ftime ();
   try (e)
     {
	setitimer (ITIMER_REAL, Delay, 0.0);
	(d, anc, flags, from) = recvmsg (a, 100, 256, 0 ; timeout=T);
     }
   catch AnyError;
   setitimer (ITIMER_REAL, 0.0, 0.0);
   dt = _ftime () - t0;
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   if (dd > 0) _pop_n (dd);
   expect_true (sprintf ("signals: recvmsg ;timeout=: the handler's exception propagates (%S)",
			 (e == NULL) ? "no error" : e.message), (e != NULL) && (e.error == MsgAlarmError));
   expect_true (sprintf ("signals: recvmsg interrupted after %.3f s, wanted [%.2f, %.2f)", dt, Delay - 0.05, Delay + 1.5),
		(dt >= Delay - 0.05) && (dt < Delay + 1.5));
   expect_value ("signals: recvmsg interrupted: stack as before", dd, 0);
   expect_value ("signals: recvmsg interrupted: no descriptor leaked", fd_count (), nfd);
   expect_value ("signals: recvmsg interrupted: still blocking", getblocking (a), 1);
   () = send (b, "ok");
   (d, anc, flags, from) = recvmsg (a, 100, 256, 0 ; timeout=T);
   expect_value ("signals: recvmsg works after the interruption", d, "ok"B);

   % a handler that does not throw: the call resumes and gets its data
   Peer = b; Flag = 0;
   signal (SIGALRM, &msg_send_handler);
   depth = _stkdepth ();
   t0 = _ftime ();
   setitimer (ITIMER_REAL, Delay, 0.0);
   (d, anc, flags, from) = recvmsg (a, 100, 256, 0 ; timeout=T);
   setitimer (ITIMER_REAL, 0.0, 0.0);
   dt = _ftime () - t0;
   signal (SIGALRM, SIG_DFL);
   expect_value ("signals: recvmsg resumes and returns the handler's data", d, "late data"B);
   expect_value ("signals: recvmsg: the handler ran once", Flag, 1);
   expect_true ("signals: recvmsg returned after about $Delay s ($dt)"$, (dt >= Delay - 0.05) && (dt < Delay + 1.5));
   dd = _stkdepth () - depth;
   expect_value ("signals: recvmsg resumed: stack", dd, 0);

   % a quiet handler keeps the deadline: 1 s from the call
   Flag = 0;
   signal (SIGALRM, &msg_flag_handler);
   e = NULL;
   depth = _stkdepth ();
   t0 = _ftime ();
   try (e)
     {
	setitimer (ITIMER_REAL, Delay, 0.0);
	(d, anc, flags, from) = recvmsg (a, 100, 256, 0 ; timeout=1);
     }
   catch SocketError;
   setitimer (ITIMER_REAL, 0.0, 0.0);
   dt = _ftime () - t0;
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   if (dd > 0) _pop_n (dd);
   expect_true ("signals: interrupted recvmsg ;timeout=1 still times out",
		(e != NULL) && (errno == ETIMEDOUT) && string_match (e.message, "^recvmsg: ", 1));
   expect_value ("signals: timed recvmsg: the handler ran", Flag, 1);
   expect_true (sprintf ("signals: timed recvmsg gave up after %.3f s, wanted [0.95, 1.9)", dt),
		(dt >= 0.95) && (dt < 1.9));
   expect_value ("signals: timed recvmsg: stack as before", dd, 0);

   % sendmsg on a full socket: a throwing handler ends it too
   variable c, q;
   (c, q) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fill_socket (c);
   nfd = fd_count ();
   depth = _stkdepth ();
   signal (SIGALRM, &msg_throwing_handler);
   e = NULL;
   t0 = _ftime ();
   try (e)
     {
	setitimer (ITIMER_REAL, Delay, 0.0);
	() = sendmsg (c, "more", NULL, 0 ; timeout=T);
     }
   catch AnyError;
   setitimer (ITIMER_REAL, 0.0, 0.0);
   dt = _ftime () - t0;
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   if (dd > 0) _pop_n (dd);
   expect_true (sprintf ("signals: sendmsg ;timeout=: the handler's exception propagates (%S)",
			 (e == NULL) ? "no error" : e.message), (e != NULL) && (e.error == MsgAlarmError));
   expect_true (sprintf ("signals: sendmsg interrupted after %.3f s", dt), (dt >= Delay - 0.05) && (dt < Delay + 1.5));
   expect_value ("signals: sendmsg interrupted: stack as before", dd, 0);
   expect_value ("signals: sendmsg interrupted: no descriptor leaked", fd_count (), nfd);
   () = close (c); () = close (q); () = close (a); () = close (b);
}

remove_temp_dir (Tmp);
test_done ();
