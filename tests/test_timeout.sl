% test_timeout.sl: per-call deadlines (;timeout=) -- SPEC sections 6 and 12.
%
% Every timed call on a socket that cannot make progress raises
% SocketError with errno ETIMEDOUT after at least the timeout and well
% before timeout + 2 s; timeout=0 polls once; the socket's blocking mode
% is left as it was.
require ("./harness");

% --- helpers ---------------------------------------------------------

% check_timeout (name, secs, &func, args...): func(args...) must raise
% SocketError/ETIMEDOUT (stack and descriptors checked by expect_error),
% taking at least secs and less than secs + 2.
define check_timeout ()
{
   variable args = __pop_list (_NARGS - 3);
   variable name, secs, func;
   (name, secs, func) = ();
   variable t0 = _ftime ();
   expect_error (name, SocketError, "timed out", func, __push_list (args); errno=ETIMEDOUT);
   variable dt = _ftime () - t0;
   expect_true (sprintf ("%s: took %.3f s, wanted [%g, %g)", name, dt, secs, secs + 2.0),
		(dt >= secs - 0.005) && (dt < secs + 2.0));
}

define recv_t (s, n, t) { return recv (s, n; timeout=t); }
define recvfrom_t (s, n, t) { return recvfrom (s, n; timeout=t); }
define accept_t (s, t) { return accept (s; timeout=t); }
define send_t (s, d, t) { return send (s, d; timeout=t); }
define sendall_t (s, d, t) { return sendall (s, d; timeout=t); }
define sendto_t (s, d, path, t) { return sendto (s, d, 0, path; timeout=t); }
define recv_fds_t (s, n, m, t) { return recv_fds (s, n, m; timeout=t); }
define send_fds_t (s, d, fds, t) { return send_fds (s, d, fds; timeout=t); }
define connect_t (s, h, p, t) { connect (s, h, p; timeout=t); }

% The port of (host, port) address-args.
define port_of (h, p) { return p; }

% Fill the send path of s (its peer never reads) with non-blocking sends
% that do not use the feature under test.  Returns the bytes queued.
define fill_socket (s)
{
   variable total = 0, size, n, full;
   foreach size ([65536, 4096, 256, 1])
     {
	variable chunk = sprintf ("%*s", size, "");
	full = 0;
	loop (20000)
	  {
	     try
	       {
		  n = send (s, chunk, MSG_DONTWAIT);
		  total += n;
	       }
	     catch SocketError:
	       {
		  if ((errno != EAGAIN) && (errno != EWOULDBLOCK))
		    throw;
		  full = 1;
	       }
	     if (full) break;
	  }
	if (full == 0)
	  throw RunTimeError, "fill_socket: the buffer never filled";
     }
   return total;
}

% Read everything queued on s without blocking; returns the byte count.
define drain_socket (s)
{
   variable total = 0, d, done = 0;
   while (done == 0)
     {
	try
	  {
	     d = recv (s, 1048576, MSG_DONTWAIT);
	     if (bstrlen (d) == 0) done = 1;
	     total += bstrlen (d);
	  }
	catch SocketError:
	  {
	     if ((errno != EAGAIN) && (errno != EWOULDBLOCK)) throw;
	     done = 1;
	  }
     }
   return total;
}

% A TCP listener on loopback whose accept queue is full, so that a new
% connect's SYN is dropped and the handshake stalls.  Returns (listener,
% list of clients to keep alive), or (NULL, reason) if it cannot stall.
define stalled_listener (family)
{
   variable host = (family == PF_INET6) ? "::1" : "127.0.0.1";
   variable l = socket (family, SOCK_STREAM, 0);
   bind (l, host, 0);
   listen (l, 0);
   variable keep = {}, h, p;
   (h, p) = getsockname (l);
   loop (16)
     {
	variable c = socket (family, SOCK_STREAM, 0), stalled = 0;
	try
	  {
	     connect (c, h, p; timeout=0.2);
	     list_append (keep, c);
	  }
	catch SocketError:
	  {
	     if (errno != ETIMEDOUT) throw;
	     stalled = 1;
	  }
	if (stalled)
	  {
	     close (c);
	     return l, keep;
	  }
     }
   return NULL, "16 connects to a listen(0) socket all completed";
}

% --- recv / recvfrom ---------------------------------------------------

define test_recv ()
{
   variable a, b, d;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);

   check_timeout ("recv timeout=0.5 on an idle socketpair", 0.5, &recv_t, a, 10, 0.5);
   expect_value ("recv: blocking mode unchanged after timeout", getblocking (a), 1);

   % timeout=0 polls once
   check_timeout ("recv timeout=0 on an empty socket", 0.0, &recv_t, a, 10, 0);
   variable t0 = _ftime ();
   try { () = recv (a, 10; timeout=0); } catch SocketError;
   expect_true ("recv timeout=0 returns at once", _ftime () - t0 < 0.25);

   () = send (b, "abc");
   d = recv (a, 10; timeout=0);
   expect_value ("recv timeout=0 with data returns it", d, "abc"B);
   () = send (b, "defg");
   d = recv (a, 10; timeout=2);
   expect_value ("recv timeout=2 with data returns it", d, "defg"B);
   () = send (b, "hij");
   d = recv (a, 10);
   expect_value ("recv without qualifier and data returns it", d, "hij"B);
   expect_value ("recv: still blocking after timed calls", getblocking (a), 1);

   % data arriving before the deadline ends the wait with the data
   () = send (b, "x");
   expect_value ("recv timeout=1 returns pending data", recv (a, 10; timeout=1), "x"B);

   % a non-blocking socket with a timeout waits for the timeout and stays
   % non-blocking
   setblocking (a, 0);
   check_timeout ("recv timeout=0.3 on a non-blocking socket", 0.3, &recv_t, a, 10, 0.3);
   expect_value ("recv: non-blocking mode unchanged after timeout", getblocking (a), 0);
   setblocking (a, 1);

   % peer closed: an orderly end of stream is not a timeout
   close (b);
   expect_value ("recv timeout=1 at end of stream gives empty", recv (a, 10; timeout=1), ""B);
   close (a);

   % TCP
   variable c, s;
   (c, s) = tcp_pair (PF_INET);
   check_timeout ("recv timeout=0.3 on an idle TCP socket", 0.3, &recv_t, c, 10, 0.3);
   expect_value ("TCP recv: blocking mode unchanged", getblocking (c), 1);
   () = send (s, "tcp");
   expect_value ("TCP recv timeout=1 with data", recv (c, 10; timeout=1), "tcp"B);

   % recvfrom on UDP
   variable u = socket (PF_INET, SOCK_DGRAM, 0), v = socket (PF_INET, SOCK_DGRAM, 0);
   bind (u, "127.0.0.1", 0);
   check_timeout ("recvfrom timeout=0.4 on an idle UDP socket", 0.4, &recvfrom_t, u, 100, 0.4);
   expect_value ("recvfrom: blocking mode unchanged", getblocking (u), 1);
   () = sendto (v, "dgram", 0, getsockname (u));
   variable h, p;
   (d, h, p) = recvfrom (u, 100; timeout=1);
   expect_value ("recvfrom timeout=1 with a datagram: data", d, "dgram"B);
   expect_value ("recvfrom timeout=1 with a datagram: host", h, "127.0.0.1");
   expect_value ("recvfrom timeout=1 with a datagram: port", p, port_of (getsockname (v)));

   % IPv6 UDP
   variable u6 = socket (PF_INET6, SOCK_DGRAM, 0);
   bind (u6, "::1", 0);
   check_timeout ("recvfrom timeout=0.3 on an idle UDP6 socket", 0.3, &recvfrom_t, u6, 100, 0.3);
}

% --- accept ------------------------------------------------------------

define test_accept ()
{
   variable fam;
   foreach fam ([PF_INET, PF_INET6])
     {
	variable l = tcp_listener (fam), tag = (fam == PF_INET) ? "inet" : "inet6";
	check_timeout ("accept timeout=0.5 with no client ($tag)"$, 0.5, &accept_t, l, 0.5);
	expect_value ("accept: blocking mode unchanged ($tag)"$, getblocking (l), 1);
	check_timeout ("accept timeout=0 with no client ($tag)"$, 0.0, &accept_t, l, 0);

	variable c = socket (fam, SOCK_STREAM, 0);
	connect (c, getsockname (l));
	variable h, p, a = accept (l, &h, &p; timeout=0);
	expect_true ("accept timeout=0 with a pending client ($tag)"$, typeof (a) == FD_Type);
	expect_value ("accept timeout=0: peer port ($tag)"$, p, port_of (getsockname (c)));
	expect_value ("accept: listener still blocking ($tag)"$, getblocking (l), 1);
	expect_value ("accepted socket is blocking ($tag)"$, getblocking (a), 1);
     }

   variable dir = make_temp_dir (), path = path_concat (dir, "sock");
   variable u = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (u, path);
   listen (u, 4);
   check_timeout ("accept timeout=0.3 on a unix listener", 0.3, &accept_t, u, 0.3);
   close (u);
   remove_temp_dir (dir);
}

% --- send / sendall / sendto ---------------------------------------------

define test_send ()
{
   variable a, b, n;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable queued = fill_socket (a);
   expect_true ("unix socketpair filled", queued > 0);
   check_timeout ("send timeout=0.5 on a full socketpair", 0.5, &send_t, a, "more", 0.5);
   expect_value ("send: blocking mode unchanged", getblocking (a), 1);
   check_timeout ("send timeout=0 on a full socketpair", 0.0, &send_t, a, "more", 0);
   check_timeout ("sendall timeout=0.5 on a full socketpair", 0.5, &sendall_t, a, "more", 0.5);
   expect_value ("sendall: blocking mode unchanged", getblocking (a), 1);

   % once the peer drains, a timed send goes through
   expect_value ("drained what was queued", drain_socket (b), queued);
   n = send (a, "after"; timeout=1);
   expect_value ("send timeout=1 after draining", n, 5);
   expect_value ("peer gets it", recv (b, 100; timeout=1), "after"B);
   n = sendall (a, "all of it"; timeout=1);
   expect_value ("sendall timeout=1 returns the length", n, 9);
   expect_value ("peer gets sendall's data", recv (b, 100; timeout=1), "all of it"B);

   % sendall that cannot finish reports how much did go out
   variable big = sprintf ("%*s", 8 * 1048576, "");
   variable e = NULL, t0 = _ftime (), depth = _stkdepth ();
   try (e)
     {
	() = sendall (a, big; timeout=0.5);
     }
   catch SocketError;
   variable dt = _ftime () - t0, dd = _stkdepth () - depth;
   expect_true ("sendall 8 MB to a non-reader raises", e != NULL);
   expect_value ("sendall: stack unchanged", dd, 0);
   if (e != NULL)
     {
	expect_value ("sendall: errno ETIMEDOUT", e.error, SocketError);
	expect_value ("sendall: errno is ETIMEDOUT", errno, ETIMEDOUT);
	expect_true ("sendall: took about 0.5 s ($dt)"$, (dt >= 0.495) && (dt < 2.5));
	variable sent = e.object;
	expect_true ("sendall: exception object is an integer", __is_numeric (sent) == 1);
	if (__is_numeric (sent) == 1)
	  {
	     expect_true ("sendall: some but not all was sent ($sent)"$, (sent > 0) && (sent < bstrlen (big)));
	     expect_value ("sendall: the peer has exactly the reported bytes", drain_socket (b), int (sent));
	  }
	expect_true ("sendall: message says how much went out", string_match (e.message, "bytes sent", 1));
     }
   close (a);
   close (b);

   % TCP
   variable c, s;
   (c, s) = tcp_pair (PF_INET6);
   expect_true ("TCP6 connection filled", fill_socket (c) > 0);
   check_timeout ("send timeout=0.4 on a full TCP6 connection", 0.4, &send_t, c, "x", 0.4);
   % TCP may make room while we wait (the window grows): fill it again
   () = fill_socket (c);
   check_timeout ("sendall timeout=0.4 on a full TCP6 connection", 0.4, &sendall_t, c, "x", 0.4);
   expect_value ("TCP6 send: blocking mode unchanged", getblocking (c), 1);

   % sendto on an unconnected unix datagram socket whose receiver's queue
   % is full
   variable dir = make_temp_dir (), path = path_concat (dir, "dg");
   variable r = socket (PF_UNIX, SOCK_DGRAM, 0), w = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (r, path);
   variable full = 0;
   loop (100000)
     {
	try { () = sendto (w, "dgram", MSG_DONTWAIT, path); }
	catch SocketError: { if (errno != EAGAIN) throw; full = 1; }
	if (full) break;
     }
   if (full)
     {
	check_timeout ("sendto timeout=0.3 to a full unix datagram queue", 0.3, &sendto_t, w, "x", path, 0.3);
	expect_value ("sendto: blocking mode unchanged", getblocking (w), 1);
     }
   else () = fprintf (stdout, "# skip: a unix datagram receiver queue never filled\n");
   close (r);
   close (w);
   remove_temp_dir (dir);
}

% --- recv_fds / send_fds ----------------------------------------------------

define test_fds ()
{
   variable a, b, data, fds;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   check_timeout ("recv_fds timeout=0.5 on an idle socketpair", 0.5, &recv_fds_t, a, 10, 2, 0.5);
   expect_value ("recv_fds: blocking mode unchanged", getblocking (a), 1);
   check_timeout ("recv_fds timeout=0 on an idle socketpair", 0.0, &recv_fds_t, a, 10, 2, 0);

   variable devnull = open ("/dev/null", O_RDONLY);
   () = send_fds (b, "F", [devnull]; timeout=1);
   (data, fds) = recv_fds (a, 10, 2; timeout=1);
   expect_value ("recv_fds timeout=1 with data: data", data, "F"B);
   expect_value ("recv_fds timeout=1 with data: one descriptor", length (fds), 1);

   % a full buffer
   variable c, d;
   (c, d) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fill_socket (c);
   check_timeout ("send_fds timeout=0.5 on a full socketpair", 0.5, &send_fds_t, c, "F", [devnull], 0.5);
   expect_value ("send_fds: blocking mode unchanged", getblocking (c), 1);
   check_timeout ("send_fds timeout=0 on a full socketpair", 0.0, &send_fds_t, c, "F", [devnull], 0);
}

% --- connect ---------------------------------------------------------------

define test_connect ()
{
   variable fam;
   foreach fam ([PF_INET, PF_INET6])
     {
	variable tag = (fam == PF_INET) ? "inet" : "inet6";
	variable l, keep;
	(l, keep) = stalled_listener (fam);
	if (l == NULL)
	  {
	     () = fprintf (stdout, "# skip: connect timeout ($tag): cannot stall a handshake: %s\n"$, keep);
	     continue;
	  }
	variable h, p, c = socket (fam, SOCK_STREAM, 0);
	(h, p) = getsockname (l);
	check_timeout ("connect timeout=0.5 to a stalled listener ($tag)"$, 0.5, &connect_t, c, h, p, 0.5);
	expect_value ("connect: blocking mode unchanged ($tag)"$, getblocking (c), 1);

	% a non-blocking socket stays non-blocking
	variable c2 = socket (fam, SOCK_STREAM, 0);
	setblocking (c2, 0);
	check_timeout ("connect timeout=0.3 non-blocking socket ($tag)"$, 0.3, &connect_t, c2, h, p, 0.3);
	expect_value ("connect: non-blocking mode unchanged ($tag)"$, getblocking (c2), 0);

	% a working listener: the timed connect succeeds and leaves it blocking
	variable w = tcp_listener (fam), c3 = socket (fam, SOCK_STREAM, 0);
	variable t0 = _ftime ();
	connect (c3, getsockname (w); timeout=2);
	expect_true ("connect timeout=2 to a live listener is quick ($tag)"$, _ftime () - t0 < 1.0);
	expect_value ("connect timeout=2: connected ($tag)"$, port_of (getpeername (c3)), port_of (getsockname (w)));
	expect_value ("connect timeout=2: still blocking ($tag)"$, getblocking (c3), 1);

	% refused is refused, not a timeout
	variable dead = socket (fam, SOCK_STREAM, 0), dh, dp;
	bind (dead, (fam == PF_INET) ? "127.0.0.1" : "::1", 0);
	(dh, dp) = getsockname (dead);
	variable c4 = socket (fam, SOCK_STREAM, 0);
	expect_error ("connect timeout=2 refused ($tag)"$, SocketError, "refused", &connect_t, c4, dh, dp, 2; errno=ECONNREFUSED);
	close (dead);
     }
}

% --- bad timeouts ------------------------------------------------------------

define test_bad ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   expect_error ("recv timeout=NaN", InvalidParmError, NULL, &recv_t, a, 10, _NaN);
   expect_error ("recv timeout=\"x\"", TypeMismatchError, NULL, &recv_t, a, 10, "x");
}

test_recv ();
test_accept ();
test_send ();
test_fds ();
test_connect ();
test_bad ();
test_done ();
