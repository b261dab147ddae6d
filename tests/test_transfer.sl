% test_transfer.sl: send/recv, datagrams, shutdown, EPIPE, descriptor
% passing and sendall (SPEC sections 3, 7, 9, 12).
require ("./harness");
require ("fork");

private variable T = 5.0;		       % seconds: upper bound on any wait
private variable Tmp = make_temp_dir ();

private define loop_host (family)
{
   return (family == PF_INET6) ? "::1" : "127.0.0.1";
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

private define bytes_0_255 (n)
{
   return array_to_bstring (typecast ([0:n-1] mod 256, UChar_Type));
}

% Read from s until n bytes arrived, EOF, or a timeout.
private define recv_exactly (s, n)
{
   variable got = ""B, chunk;
   while (bstrlen (got) < n)
     {
	chunk = recv (s, n - bstrlen (got) ; timeout=T);
	if (bstrlen (chunk) == 0) break;
	got += chunk;
     }
   return got;
}

% Read until EOF; returns everything.
private define recv_to_eof (s)
{
   variable got = ""B, chunk;
   forever
     {
	chunk = recv (s, 65536 ; timeout=T);
	if (bstrlen (chunk) == 0) break;
	got += chunk;
     }
   return got;
}

private define recv_dontwait (s)
{
   () = recv (s, 100, MSG_DONTWAIT);
}

private define recv_plain (s)
{
   () = recv (s, 100);
}

private define recv_briefly (s)
{
   () = recv (s, 100 ; timeout=0.1);
}

private define recvfrom_briefly (s)
{
   () = recvfrom (s, 100 ; timeout=0.1);
}

% ------------------------------------------------------------------
% Stream sockets: TCP v4, v6, unix (path and socketpair)

private define unix_stream_pair ()
{
   variable path = path_concat (Tmp, "stream.sock");
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, path);
   listen (l, 4);
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path ; timeout=T);
   variable a = accept (l ; timeout=T);
   () = close (l);
   return c, a;
}

private define stream_pair (kind)
{
   switch (kind)
     { case "inet": return tcp_pair (PF_INET); }
     { case "inet6": return tcp_pair (PF_INET6); }
     { case "unix": return unix_stream_pair (); }
     { case "socketpair": return socketpair (PF_UNIX, SOCK_STREAM, 0); }
}

private define test_stream (kind)
{
   variable c, a, n, d, e;

   (c, a) = stream_pair (kind);

   % String and BString data, NUL bytes kept
   n = send (c, "hello");
   expect_value (kind + ": send String returns its length", n, 5);
   d = recv (a, 100 ; timeout=T);
   expect_value (kind + ": recv gives a BString", typeof (d), BString_Type);
   expect_value (kind + ": String data arrives", d, "hello"B);

   n = send (c, "a\0b\0\0c"B);
   expect_value (kind + ": send BString returns its length", n, 6);
   expect_value (kind + ": NUL bytes are kept", recv_exactly (a, 6), "a\0b\0\0c"B);

   n = send (a, "\0"B, 0);
   expect_value (kind + ": send with flags", n, 1);
   expect_value (kind + ": a lone NUL byte", recv (c, 10 ; timeout=T), "\0"B);

   % MSG_PEEK leaves the data
   () = send (c, "peek");
   d = recv (a, 100, MSG_PEEK ; timeout=T);
   expect_value (kind + ": MSG_PEEK sees the data", d, "peek"B);
   expect_value (kind + ": the data is still there after MSG_PEEK", recv_exactly (a, 4), "peek"B);

   % nothing to read
   expect_error (kind + ": MSG_DONTWAIT on an empty socket", SocketError, "^recv: ",
		 &recv_dontwait, a; errno=EAGAIN);
   expect_error (kind + ": recv ;timeout=0.1 on an empty socket", SocketError, "^recv: ",
		 &recv_briefly, a; errno=ETIMEDOUT);
   expect_value (kind + ": the timeout left the socket blocking", getblocking (a), 1);

   % bad maxlen
   expect_error (kind + ": recv maxlen -1", InvalidParmError, "^recv: ", &recv, a, -1);
   expect_error (kind + ": recv maxlen a String", TypeMismatchError, "^recv: ", &recv, a, "10");
   expect_error (kind + ": recv without maxlen", NumArgsError, "^recv: ", &recv, a);
   expect_error (kind + ": send with an Int as data", TypeMismatchError, "^send: ", &send, c, 42);

   % a huge maxlen returns what is there
   () = send (c, "few");
   d = recv (a, 1 shl 30 ; timeout=T);
   expect_value (kind + ": recv maxlen 2^30 returns the few bytes", d, "few"B);

   % sendall returns the total length
   expect_value (kind + ": sendall of a small String returns its length", sendall (c, "ab\0cd"), 5);
   expect_value (kind + ": sendall data", recv_exactly (a, 5), "ab\0cd"B);
   variable big = bytes_0_255 (100000);
   () = fflush (stdout);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 0;
	try
	  {
	     if (sendall (c, big ; timeout=T) != 100000) rc = 2;
	  }
	catch AnyError: rc = 3;
	_exit (rc);
     }
   d = recv_exactly (a, 100000);
   variable st = waitpid (pid, 0);
   expect_true (kind + ": sendall returned the total length (child)", st.exited && (st.exit_status == 0));
   expect_true (kind + ": sendall data arrives intact", d == big);

   % orderly end of stream after shutdown (SHUT_WR): half close
   shutdown (c, SHUT_WR);
   d = recv (a, 100 ; timeout=T);
   expect_value (kind + ": EOF after shutdown(SHUT_WR) is an empty BString", d, ""B);
   expect_value (kind + ": EOF again", recv (a, 100 ; timeout=T), ""B);
   () = send (a, "still open");
   expect_value (kind + ": the other direction still works", recv_exactly (c, 10), "still open"B);
   e = catch_error (&send, c, "x");
   expect_true (kind + ": send after SHUT_WR is EPIPE",
		(e != NULL) && (e.error == SocketError) && (errno == EPIPE));
   () = close (a); () = close (c);

   % orderly end of stream after the peer closed
   (c, a) = stream_pair (kind);
   () = send (c, "last words");
   () = close (c);
   expect_value (kind + ": data sent before close arrives", recv_exactly (a, 10), "last words"B);
   d = recv (a, 100 ; timeout=T);
   expect_value (kind + ": EOF after peer close: type", typeof (d), BString_Type);
   expect_value (kind + ": EOF after peer close: empty", bstrlen (d), 0);

   % closed socket
   expect_error (kind + ": send on a closed socket", SocketError, "^send: ", &send, c, "x"; errno=EBADF);
   expect_error (kind + ": recv on a closed socket", SocketError, "^recv: ", &recv, c, 10; errno=EBADF);
   () = close (a);

   % shutdown SHUT_RD and SHUT_RDWR
   (c, a) = stream_pair (kind);
   shutdown (a, SHUT_RD);
   expect_value (kind + ": recv after SHUT_RD gives EOF", recv (a, 10 ; timeout=T), ""B);
   () = send (a, "rd");
   expect_value (kind + ": SHUT_RD keeps sending", recv_exactly (c, 2), "rd"B);
   shutdown (c, SHUT_RDWR);
   expect_value (kind + ": recv after SHUT_RDWR gives EOF", recv (c, 10 ; timeout=T), ""B);
   expect_value (kind + ": peer sees EOF after SHUT_RDWR", recv (a, 10 ; timeout=T), ""B);
   e = catch_error (&send, c, "x");
   expect_true (kind + ": send after SHUT_RDWR is EPIPE",
		(e != NULL) && (e.error == SocketError) && (errno == EPIPE));
   expect_error (kind + ": shutdown with a bad value", InvalidParmError, "^shutdown: ", &shutdown, a, 42);
   expect_error (kind + ": shutdown with a String", TypeMismatchError, "^shutdown: ", &shutdown, a, "SHUT_RD");
   () = close (a); () = close (c);
   expect_error (kind + ": shutdown a closed socket", SocketError, "^shutdown: ", &shutdown, c, SHUT_RDWR; errno=EBADF);

   % non-blocking mode
   (c, a) = stream_pair (kind);
   setblocking (a, 0);
   expect_value (kind + ": getblocking after setblocking(s,0)", getblocking (a), 0);
   expect_error (kind + ": recv on an empty non-blocking socket", SocketError, "^recv: ",
		 &recv_plain, a; errno=EAGAIN);
   () = send (c, "nb");
   % wait (bounded) for it to be readable, without sleeping
   variable r = poll ([a], POLLIN, T);
   expect_true (kind + ": poll sees data", r[0] & POLLIN);
   expect_value (kind + ": non-blocking recv with data", recv (a, 10), "nb"B);
   setblocking (a, 1);
   expect_value (kind + ": getblocking after setblocking(s,1)", getblocking (a), 1);
   () = close (a); () = close (c);
}

variable Kind;
foreach Kind (["inet", "inet6", "unix", "socketpair"])
  test_stream (Kind);

% ------------------------------------------------------------------
% 1 MiB with every byte value, over every stream kind

private define test_big (kind)
{
   variable c, a, n = 1024 * 1024;
   variable payload = bytes_0_255 (n);
   (c, a) = stream_pair (kind);
   () = fflush (stdout);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 0;
	try
	  {
	     if (sendall (c, payload ; timeout=T) != n) rc = 2;
	  }
	catch AnyError: rc = 3;
	_exit (rc);
     }
   () = close (c);
   variable got = recv_exactly (a, n);
   variable st = waitpid (pid, 0);
   expect_true (kind + ": 1 MiB: sender exited 0", st.exited && (st.exit_status == 0));
   expect_value (kind + ": 1 MiB: length", bstrlen (got), n);
   expect_true (kind + ": 1 MiB: every byte equal", got == payload);
   expect_value (kind + ": 1 MiB: then EOF", recv (a, 10 ; timeout=T), ""B);
   () = close (a);
}

foreach Kind (["inet", "inet6", "unix"])
  test_big (Kind);

% ------------------------------------------------------------------
% UDP v4 and v6

private define test_udp (family)
{
   variable name = (family == PF_INET6) ? "udp6" : "udp4", host = loop_host (family);
   variable srv = socket (family, SOCK_DGRAM, 0);
   bind (srv, host, 0);
   variable sh, sp, ch, cp, d, h, p, n;
   (sh, sp) = getsockname (srv);
   variable c = socket (family, SOCK_DGRAM, 0);

   n = sendto (c, "dgram\0x", 0, sh, sp);
   expect_value (name + ": sendto returns the length", n, 7);
   (ch, cp) = getsockname (c);
   (d, h, p) = recvfrom (srv, 100 ; timeout=T);
   expect_value (name + ": recvfrom data", d, "dgram\0x"B);
   expect_value (name + ": recvfrom host", h, host);
   expect_value (name + ": recvfrom port is the client's", p, cp);

   n = sendto (srv, "reply"B, 0, h, p);
   expect_value (name + ": reply sendto returns the length", n, 5);
   (d, h, p) = recvfrom (c, 100 ; timeout=T);
   expect_value (name + ": reply data", d, "reply"B);
   expect_value (name + ": reply host", h, sh);
   expect_value (name + ": reply port", p, sp);

   % sendto with the address from getsockname, and a String port
   () = sendto (c, "again", 0, getsockname (srv));
   () = sendto (c, "strport", 0, sh, string (sp));
   expect_value (name + ": sendto (getsockname (srv))", recv (srv, 100 ; timeout=T), "again"B);
   expect_value (name + ": sendto with a String port", recv (srv, 100 ; timeout=T), "strport"B);

   % a huge maxlen on a datagram socket
   () = sendto (c, "small", 0, sh, sp);
   expect_value (name + ": recv maxlen 2^30 on a datagram", recv (srv, 1 shl 30 ; timeout=T), "small"B);
   % a short maxlen truncates the datagram, the rest is gone
   () = sendto (c, "0123456789", 0, sh, sp);
   () = sendto (c, "next", 0, sh, sp);
   expect_value (name + ": short maxlen truncates", recv (srv, 4 ; timeout=T), "0123"B);
   expect_value (name + ": next datagram intact", recv (srv, 100 ; timeout=T), "next"B);
   % an empty datagram
   expect_value (name + ": empty datagram: sendto returns 0", sendto (c, ""B, 0, sh, sp), 0);
   expect_value (name + ": empty datagram received", recv (srv, 100 ; timeout=T), ""B);

   expect_error (name + ": recvfrom ;timeout=0.1 with nothing", SocketError, "^recvfrom: ",
		 &recvfrom_briefly, srv; errno=ETIMEDOUT);
   expect_error (name + ": recvfrom maxlen -5", InvalidParmError, "^recvfrom: ", &recvfrom, srv, -5);
   expect_error (name + ": sendto without the port", NumArgsError, "^sendto: ", &sendto, c, "x", 0, sh);
   expect_error (name + ": sendto with a bad port", InvalidParmError, "^sendto: ", &sendto, c, "x", 0, sh, 70000);
   expect_error (name + ": send_fds on an inet socket", InvalidParmError, "^send_fds: ",
		 &send_fds, c, "x", [srv]);
   expect_error (name + ": recv_fds on an inet socket", InvalidParmError, "^recv_fds: ",
		 &recv_fds, c, 10, 1);
   () = close (c); () = close (srv);
}

test_udp (PF_INET);
test_udp (PF_INET6);

% ------------------------------------------------------------------
% unix datagrams: the sender's path, "" when unbound

{
   variable spath = path_concat (Tmp, "dg-server.sock");
   variable cpath = path_concat (Tmp, "dg-client.sock");
   variable srv = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (srv, spath);
   variable c = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (c, cpath);
   variable d, from, n;

   n = sendto (c, "from bound\0", 0, spath);
   expect_value ("unix dgram: sendto returns the length", n, 11);
   (d, from) = recvfrom (srv, 100 ; timeout=T);
   expect_value ("unix dgram: data", d, "from bound\0"B);
   expect_value ("unix dgram: sender's bound path", from, cpath);
   () = sendto (srv, "back", 0, from);
   (d, from) = recvfrom (c, 100 ; timeout=T);
   expect_value ("unix dgram: reply data", d, "back"B);
   expect_value ("unix dgram: reply from the server's path", from, spath);

   variable u = socket (PF_UNIX, SOCK_DGRAM, 0);
   () = sendto (u, "anon", 0, spath);
   (d, from) = recvfrom (srv, 100 ; timeout=T);
   expect_value ("unix dgram: data from an unbound sender", d, "anon"B);
   expect_value ("unix dgram: unbound sender is \"\"", from, "");
   expect_value ("unix dgram: unbound sender gives a String", typeof (from), String_Type);

   variable p1, p2;
   (p1, p2) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   () = send (p1, "pair");
   (d, from) = recvfrom (p2, 100 ; timeout=T);
   expect_value ("unix dgram socketpair: data", d, "pair"B);
   expect_value ("unix dgram socketpair: unnamed peer is \"\"", from, "");
   expect_error ("unix dgram: sendto a path nobody bound", SocketError, "^sendto: ",
		 &sendto, u, "x", 0, path_concat (Tmp, "nobody.sock"); errno=ENOENT);
   expect_error ("unix dgram: sendto with host, port", NumArgsError, "^sendto: ",
		 &sendto, u, "x", 0, "127.0.0.1", 9);
   () = close (p1); () = close (p2); () = close (u); () = close (c); () = close (srv);
}

% ------------------------------------------------------------------
% non-blocking connect: success or EINPROGRESS

private define test_nb_connect (family)
{
   variable name = (family == PF_INET6) ? "inet6" : "inet";
   variable l = tcp_listener (family), lh, lp;
   (lh, lp) = getsockname (l);
   variable c = socket (family, SOCK_STREAM, 0);
   setblocking (c, 0);
   variable depth = _stkdepth ();
   variable e = catch_error (&connect, c, lh, lp);
   expect_true (name + ": non-blocking connect succeeds or raises EINPROGRESS",
		(e == NULL) || ((e.error == SocketError) && (errno == EINPROGRESS)
				&& (string_match (e.message, "^connect: ", 1))));
   variable d = _stkdepth () - depth;
   expect_value (name + ": non-blocking connect: stack", d, 0);
   variable r = poll ([c], POLLOUT, T);
   expect_true (name + ": non-blocking connect completes", r[0] & POLLOUT);
   expect_value (name + ": SO_ERROR after connect", getsockopt (c, SOL_SOCKET, SO_ERROR), 0);
   variable h, p, ch, cp;
   variable a = accept (l, &h, &p ; timeout=T);
   (ch, cp) = getsockname (c);
   expect_value (name + ": non-blocking connect reached the listener", p, cp);
   expect_value (name + ": socket stays non-blocking", getblocking (c), 0);
   () = close (a); () = close (c); () = close (l);
}

test_nb_connect (PF_INET);
test_nb_connect (PF_INET6);

% ------------------------------------------------------------------
% EPIPE instead of death by SIGPIPE (in a child with SIGPIPE at default)

private define epipe_child (kind)
{
   signal (SIGPIPE, SIG_DFL);
   variable c, a, i;
   (c, a) = stream_pair (kind);
   () = close (a);
   try
     {
	loop (10000)
	  () = send (c, "data that nobody reads" ; timeout=T);
     }
   catch SocketError:
     {
	if ((errno == EPIPE) || (errno == ECONNRESET))
	  return 0;
	return 3;
     }
   return 4;
}

private define test_epipe (kind)
{
   () = fflush (stdout);
   () = fflush (stderr);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 5;
	try rc = epipe_child (kind);
	catch AnyError;
	_exit (rc);
     }
   variable st = waitpid (pid, 0);
   expect_value (kind + ": child not killed by SIGPIPE", st.signal, 0);
   expect_true (kind + ": child exited normally", st.exited);
   expect_value (kind + ": child saw EPIPE/ECONNRESET (exit 0)", st.exit_status, 0);
}

foreach Kind (["inet", "inet6", "unix", "socketpair"])
  test_epipe (Kind);

% Control: the same with write() (no MSG_NOSIGNAL) does die of SIGPIPE,
% so the checks above can tell the difference.
private define write_child ()
{
   signal (SIGPIPE, SIG_DFL);
   variable c, a;
   (c, a) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = close (a);
   () = write (c, "x");
   return 0;
}

private define test_sigpipe_control ()
{
   () = fflush (stdout);
   () = fflush (stderr);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 5;
	try rc = write_child ();
	catch AnyError;
	_exit (rc);
     }
   variable st = waitpid (pid, 0);
   expect_value ("control: write() to a closed peer dies of SIGPIPE", st.signal, SIGPIPE);
}
test_sigpipe_control ();

% ------------------------------------------------------------------
% descriptor passing

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

private define recv_fds_briefly (s, maxfds)
{
   variable d, fds;
   (d, fds) = recv_fds (s, 100, maxfds ; timeout=T);
}

{
   variable O_CLOEXEC_BIT = 02000000;
   variable file = path_concat (Tmp, "content.txt");
   variable content = "content of the passed file\n";
   variable fp = fopen (file, "w");
   () = fputs (content, fp);
   () = fclose (fp);

   variable u1, u2, x1, x2, d, fds, n, buf;
   (u1, u2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   (x1, x2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable ffd = open (file, O_RDONLY);
   expect_true ("fd passing: the checker sees a plain open() as not close-on-exec",
		(fd_flags (ffd) >= 0) && (0 == (fd_flags (ffd) & O_CLOEXEC_BIT)));

   n = send_fds (u1, "M\0", [ffd, x1]);
   expect_value ("send_fds returns the data length", n, 2);
   (d, fds) = recv_fds (u2, 100, 4 ; timeout=T);
   expect_value ("recv_fds data", d, "M\0"B);
   expect_value ("recv_fds gives an Array of FD_Type", _typeof (fds), FD_Type);
   expect_value ("recv_fds: two descriptors", length (fds), 2);
   if (length (fds) == 2)
     {
	expect_true ("recv_fds: new descriptor numbers",
		     (_fileno (fds[0]) != _fileno (ffd)) && (_fileno (fds[1]) != _fileno (x1)));
	expect_value ("received file fd reads the content", read (fds[0], &buf, 1000), strlen (content));
	expect_true ("received file content", buf == typecast (content, BString_Type));
	expect_true ("received file fd is close-on-exec", fd_flags (fds[0]) & O_CLOEXEC_BIT);
	expect_true ("received socket fd is close-on-exec", fd_flags (fds[1]) & O_CLOEXEC_BIT);
	() = send (fds[1], "via the passed socket");
	expect_value ("received socket works", recv (x2, 100 ; timeout=T), "via the passed socket"B);
	() = close (fds[0]); () = close (fds[1]);
     }
   fds = NULL;

   % a single FD_Type is accepted too, and no descriptors is an empty array
   () = send_fds (u1, "plain", FD_Type[0]);
   (d, fds) = recv_fds (u2, 100, 4 ; timeout=T);
   expect_value ("recv_fds without descriptors: data", d, "plain"B);
   expect_value ("recv_fds without descriptors: empty array", length (fds), 0);

   % more descriptors than maxfds: error, nothing leaked
   variable base = fd_count ();
   () = send_fds (u1, "3", [ffd, ffd, ffd]);
   expect_error ("recv_fds: 3 descriptors, maxfds=1", SocketError, "^recv_fds: ", &recv_fds_briefly, u2, 1);
   expect_value ("recv_fds: truncated descriptors were closed", fd_count (), base);
   % the stream is still in step
   () = send (u1, "after");
   expect_value ("recv_fds: stream usable after MSG_CTRUNC", recv (u2, 100 ; timeout=T), "after"B);

   % 2 descriptors with maxfds=1 must not give 2
   () = send_fds (u1, "2", [ffd, ffd]);
   variable e = NULL;
   fds = NULL;
   try (e) (d, fds) = recv_fds (u2, 100, 1 ; timeout=T);
   catch AnyError;
   if (e == NULL)
     expect_true ("recv_fds: maxfds=1 gives at most 1 descriptor", length (fds) <= 1);
   else
     expect_true ("recv_fds: 2 descriptors, maxfds=1: SocketError, none leaked",
		  (e.error == SocketError) && (fd_count () == base));
   fds = NULL;

   % maxfds=0 refuses any descriptor
   () = send_fds (u1, "0", [ffd]);
   expect_error ("recv_fds: a descriptor with maxfds=0", SocketError, "^recv_fds: ", &recv_fds_briefly, u2, 0);
   expect_value ("recv_fds: maxfds=0: none leaked", fd_count (), base);

   expect_error ("recv_fds: negative maxfds", InvalidParmError, "^recv_fds: ", &recv_fds, u2, 10, -1);
   expect_error ("recv_fds: negative maxlen", InvalidParmError, "^recv_fds: ", &recv_fds, u2, -1, 1);
   expect_error ("send_fds: fds not FD_Type", TypeMismatchError, NULL, &send_fds, u1, "x", [1, 2]);
   expect_error ("send_fds: too few arguments", NumArgsError, "^send_fds: ", &send_fds, u1, "x");
   variable closed = open (file, O_RDONLY);
   () = close (closed);
   expect_error ("send_fds: a closed descriptor", SocketError, "^send_fds: ", &send_fds, u1, "x", [closed]; errno=EBADF);

   () = close (ffd); () = close (u1); () = close (u2); () = close (x1); () = close (x2);
}

% ------------------------------------------------------------------
% sendall with a deadline to a peer that does not read

private define test_sendall_timeout (family)
{
   variable name = (family == PF_INET6) ? "inet6" : "inet";
   variable l = socket (family, SOCK_STREAM, 0);
   setsockopt (l, SOL_SOCKET, SO_RCVBUF, 4096);
   bind (l, loop_host (family), 0);
   listen (l, 4);
   variable c = socket (family, SOCK_STREAM, 0);
   setsockopt (c, SOL_SOCKET, SO_SNDBUF, 4096);
   connect (c, getsockname (l) ; timeout=T);
   variable a = accept (l ; timeout=T);
   () = close (l);

   variable payload = bytes_0_255 (8 * 1024 * 1024);
   variable depth = _stkdepth ();
   variable e = NULL;
   try (e)
     {
	() = sendall (c, payload ; timeout=0.2);
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   expect_value (name + ": sendall timeout: stack", d, 0);
   if (e == NULL)
     {
	test_fail (name + ": sendall ;timeout=0.2 to a peer that does not read", "no exception");
	return;
     }
   expect_value (name + ": sendall timeout raises SocketError", e.error, SocketError);
   expect_value (name + ": sendall timeout errno", errno, ETIMEDOUT);
   expect_true (name + ": sendall timeout message", string_match (e.message, "^sendall: ", 1));
   variable sent = e.object;
   expect_true (name + ": exception object is an integer",
		(sent != NULL) && (__is_datatype_numeric (typeof (sent)) == 1));
   if ((sent == NULL) || (__is_datatype_numeric (typeof (sent)) != 1))
     return;
   expect_true (name + ": some bytes went out", (sent > 0) && (sent < bstrlen (payload)));
   % the socket is still usable: close it so the peer reads to EOF
   () = close (c);
   variable got = recv_to_eof (a);
   expect_value (name + ": the peer read exactly what sendall reported", bstrlen (got), int (sent));
   expect_true (name + ": and it is the start of the payload", got == bytes_0_255 (bstrlen (got)));
   () = close (a);
}

test_sendall_timeout (PF_INET);
test_sendall_timeout (PF_INET6);

% sendall on a unix socketpair with a deadline
{
   variable s1, s2;
   (s1, s2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable e = NULL, sent = NULL;
   try (e) () = sendall (s1, bytes_0_255 (4 * 1024 * 1024) ; timeout=0.2);
   catch SocketError: sent = e.object;
   expect_true ("unix: sendall ;timeout raises with a byte count", (sent != NULL) && (sent > 0));
   () = close (s1);
   if (sent != NULL)
     expect_value ("unix: the peer read what sendall reported", bstrlen (recv_to_eof (s2)), int (sent));
   () = close (s2);
}

% MSG_WAITALL: what arrives is never lost
private define test_waitall (kind)
{
   variable c, a, d, e, h, p, t0;

   % recvfrom with a deadline that expires after part of the data: the
   % data and the sender's address come back
   (c, a) = stream_pair (kind);
   () = send (a, "0123456789");
   variable got = {};
   try (e) got = {recvfrom (c, 100, MSG_WAITALL ; timeout=0.2)};
   catch AnyError: got = {e.message};
   expect_value ("$kind: recvfrom MSG_WAITALL at its deadline returns what arrived"$, got[0], "0123456789"B);
   if (kind != "socketpair")
     expect_value ("$kind: ... with the sender's address"$, length (got), (kind == "unix") ? 2 : 3);

   % the socket's SO_RCVTIMEO ends a blocking MSG_WAITALL once, with the data
   setsockopt (c, SOL_SOCKET, SO_RCVTIMEO, 0.5);
   () = send (a, "abc");
   t0 = _ftime ();
   d = recv (c, 100, MSG_WAITALL);
   variable dt = _ftime () - t0;
   expect_value ("$kind: MSG_WAITALL ended by SO_RCVTIMEO returns what arrived"$, d, "abc"B);
   expect_true (sprintf ("%s: ... after one SO_RCVTIMEO (0.5 s), not two (%.3f s)", kind, dt),
		dt < 0.95);
   () = close (c); () = close (a);
}
foreach $1 (["inet", "inet6", "unix", "socketpair"]) test_waitall ($1);

% A unix stream carrying a descriptor between two runs of data: the
% kernel stops a MSG_WAITALL read at that message (recv(2): "the next
% data is of a different type"), and so does the call; nothing is lost.
{
   variable u1, u2, x = bytes_0_255 (1000), z = bytes_0_255 (1000), d1, d2;
   (u1, u2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = send (u2, x);
   () = send_fds (u2, "y", [u2]);
   () = send (u2, z);
   d1 = recv (u1, 2001, MSG_WAITALL);
   expect_true (sprintf ("MSG_WAITALL stops at a descriptor-passing message (%d bytes)", bstrlen (d1)),
		(bstrlen (d1) > 0) && (bstrlen (d1) < 2001));
   d2 = recv (u1, 2001 - bstrlen (d1), MSG_WAITALL ; timeout=T);
   expect_value ("... and the next read gets the rest, in order", d1 + d2, x + "y"B + z);
   () = close (u1); () = close (u2);
}

% MSG_PEEK with MSG_WAITALL never reads on at an offset (it would copy
% the same bytes again): it returns what the queue holds
{
   variable p1, p2;
   (p1, p2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = send (p2, "hello");
   shutdown (p2, SHUT_WR);
   expect_value ("MSG_PEEK|MSG_WAITALL at end of stream returns the data once",
		 recv (p1, 64, MSG_PEEK | MSG_WAITALL), "hello"B);
   expect_value ("MSG_PEEK|MSG_WAITALL with a deadline returns the data once",
		 recv (p1, 64, MSG_PEEK | MSG_WAITALL ; timeout=0.1), "hello"B);
   expect_value ("... and the data is still there", recv (p1, 64), "hello"B);
   () = close (p1); () = close (p2);
}

% recvfrom on a TCP connection whose peer is gone (reset, or closed after
% our shutdown): the data is returned with NULL for the address
foreach $1 ([PF_INET, PF_INET6])
{
   variable fam = $1, l = socket (fam, SOCK_STREAM, 0), cl, sv, d = NULL, h = 1, pt = 1, e = NULL;
   bind (l, loop_host (fam), 0);
   listen (l, 1);
   cl = socket (fam, SOCK_STREAM, 0);
   connect (cl, getsockname (l) ; timeout=T);
   sv = accept (l ; timeout=T);
   () = send (sv, "hello");
   setsockopt (sv, SOL_SOCKET, SO_LINGER, struct {l_onoff=1, l_linger=0});
   () = close (sv);
   () = poll ([cl], POLLIN, T);
   try (e) (d, h, pt) = recvfrom (cl, 100);
   catch SocketError;
   expect_true (sprintf ("family %d: recvfrom after a reset returns the queued data (%S)", fam,
			 (e == NULL) ? d : e.message), (e == NULL) && (d == "hello"B));
   expect_true ("family $fam: ... with NULL for the vanished peer's address"$, (h == NULL) && (pt == NULL));
   () = close (cl); () = close (l);
}

% MSG_TRUNC on TCP discards the data: the BString holds zeros, not garbage
{
   variable t1, t2;
   (t1, t2) = tcp_pair (PF_INET);
   () = send (t2, "secret");
   () = poll ([t1], POLLIN, T);
   variable dt = recv (t1, 6, MSG_TRUNC);
   expect_value ("TCP MSG_TRUNC: the data is discarded, zeros come back", dt, "\0\0\0\0\0\0"B);
   () = close (t1); () = close (t2);
}

% A reset after some data, in a MSG_WAITALL read: the exception's object
% holds the data, which would otherwise be lost
foreach $1 ([PF_INET, PF_INET6])
{
   variable fam = $1, l = socket (fam, SOCK_STREAM, 0), cl, sv, e = NULL, d = NULL;
   bind (l, loop_host (fam), 0);
   listen (l, 1);
   cl = socket (fam, SOCK_STREAM, 0);
   connect (cl, getsockname (l) ; timeout=T);
   sv = accept (l ; timeout=T);
   () = send (sv, "0123456789");
   setsockopt (sv, SOL_SOCKET, SO_LINGER, struct {l_onoff=1, l_linger=0});
   () = close (sv);
   try (e) d = recv (cl, 100, MSG_WAITALL ; timeout=T);
   catch SocketError;
   expect_true (sprintf ("family %d: MSG_WAITALL then a reset raises ECONNRESET (%S)", fam, (e == NULL) ? d : e.message),
		(e != NULL) && (errno == ECONNRESET));
   if (e != NULL)
     {
	expect_value ("family $fam: ... and its object is the data that came first"$, e.object, "0123456789"B);
	expect_true ("family $fam: ... and the message says so"$, is_substr (e.message, "after 10 bytes"));
     }
   () = close (cl); () = close (l);
}

% MSG_ERRQUEUE with maxlen above 1 MiB: the error queue cannot be peeked
% (a peek would consume the message), so it is read at once
foreach $1 ([1048576, 1048577])
{
   variable mx = $1, es = socket (AF_INET, SOCK_DGRAM, 0), et = socket (AF_INET, SOCK_DGRAM, 0), eh, ep, ed = NULL;
   setsockopt (es, IPPROTO_IP, IP_RECVERR, 1);
   bind (et, "127.0.0.1", 0);
   (eh, ep) = getsockname (et);
   () = close (et);		       % nothing listens there now
   connect (es, eh, ep);
   () = send (es, "probe");
   () = poll ([es], POLLERR, T);
   try { ed = recv (es, mx, MSG_ERRQUEUE | MSG_DONTWAIT); } catch SocketError;
   expect_value ("MSG_ERRQUEUE, maxlen $mx: the queued error's datagram comes back"$, ed, "probe"B);
   () = close (es);
}

% a datagram buffer sized by a peek (maxlen above 1 MiB) holds any UDP
% datagram, and larger unix datagrams whole, with and without MSG_TRUNC
{
   variable ua, ub, big = bytes_0_255 (100000);
   (ua, ub) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   setsockopt (ub, SOL_SOCKET, SO_SNDBUF, 400000);
   () = send (ub, big);
   expect_value ("unix datagram of 100000 bytes, maxlen 2 MiB", recv (ua, 2097152 ; timeout=T), big);
   () = send (ub, big);
   expect_value ("... with MSG_TRUNC", recv (ua, 2097152, MSG_TRUNC ; timeout=T), big);
   () = send (ub, "tiny");
   expect_value ("a 4-byte datagram, maxlen 2 MiB", recv (ua, 2097152 ; timeout=T), "tiny"B);
   () = close (ua); () = close (ub);
}

% the domain and type a socket was made with (flags such as SOCK_NONBLOCK
% aside) are what later calls go by: sendfile takes a stream pair made
% non-blocking, and sendto parses an IPv6 address on a non-blocking IPv6
% datagram socket
{
   variable na, nb, nfile = path_concat (Tmp, "nonblock.txt"), nfp, n6, n6h, n6p, n6d;
   nfp = fopen (nfile, "w"); () = fputs ("file data", nfp); () = fclose (nfp);
   nfp = fopen (nfile, "r");
   (na, nb) = socketpair (PF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
   expect_value ("SOCK_STREAM|SOCK_NONBLOCK pair: sendfile sends the file",
		 sendfile (na, fileno (nfp), 0, NULL ; timeout=T), 9);
   expect_value ("... and it arrives", recv (nb, 100 ; timeout=T), "file data"B);
   () = fclose (nfp); () = close (na); () = close (nb);
   n6 = socket (PF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
   bind (n6, "::1", 0);
   (n6h, n6p) = getsockname (n6);
   expect_value ("SOCK_DGRAM|SOCK_NONBLOCK over IPv6: sendto to itself", sendto (n6, "six", 0, n6h, n6p), 3);
   (n6d, , ) = recvfrom (n6, 10 ; timeout=T);
   expect_value ("... and recvfrom gets it", n6d, "six"B);
   () = close (n6);
}

% recvfrom names each datagram's own sender, also when senders alternate
% (the last host text is kept for the next push: it must never leak into
% another's)
{
   variable hs = socket (PF_INET, SOCK_DGRAM, 0), hc1 = socket (PF_INET, SOCK_DGRAM, 0);
   variable hc2 = socket (PF_INET, SOCK_DGRAM, 0), hh, hp, hd, hfrom, hport, hi, hok = 1;
   bind (hs, "127.0.0.1", 0);
   (hh, hp) = getsockname (hs);
   bind (hc1, "127.0.0.1", 0);
   bind (hc2, "127.0.0.2", 0);
   _for hi (0, 5, 1)
     {
	variable hwho = (hi mod 3 == 2) ? hc1 : hc2, hwant = (hi mod 3 == 2) ? "127.0.0.1" : "127.0.0.2";
	variable hwport, hmsg = sprintf ("d%d", hi);
	(, hwport) = getsockname (hwho);
	() = sendto (hwho, hmsg, 0, hh, hp);
	(hd, hfrom, hport) = recvfrom (hs, 10 ; timeout=T);
	if ((hfrom != hwant) || (hport != hwport) || (hd != typecast (hmsg, BString_Type)))
	  hok = 0;
     }
   expect_true ("recvfrom: alternating senders 127.0.0.1 / 127.0.0.2 are each named right", hok);
   (hfrom, ) = getsockname (hc2);
   expect_value ("getsockname after them names its own host", hfrom, "127.0.0.2");
   () = close (hs); () = close (hc1); () = close (hc2);
}

remove_temp_dir (Tmp);
test_done ();
