% sl_ours.sl: loaded by slbench.sl for this module: send/recv,
% sendto/recvfrom, stream_readline and the leak checks.

define listen_loopback (type)
{
   variable s = socket (AF_INET, type, 0), host, port;
   setsockopt (s, SOL_SOCKET, SO_REUSEADDR, 1);
   bind (s, "127.0.0.1", 0);
   if (type == SOCK_STREAM) listen (s, 128);
   (host, port) = getsockname (s);
   return (s, port);
}

define mode_pingpong ()
{
   variable n = iarg (0), a, b, pid, t0, t1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   pid = spawn ();
   if (pid == 0)
     {
	() = close (a);
	loop (n)
	  () = send (b, recv (b, 1));
	_exit (0);
     }
   () = close (b);
   t0 = now ();
   loop (n)
     {
	() = send (a, "x");
	if (1 != bstrlen (recv (a, 1))) bench_die ("short recv");
     }
   t1 = now ();
   reap (pid);
   () = fprintf (stdout, "%.1f\n", n / (t1 - t0));
}

% in-process ping-pong with send/recv (see mode_inproc_rw in slbench.sl)
define mode_inproc ()
{
   variable n = iarg (0), a, b, d, t0, t1, c0, c1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   c0 = cpu_ns ();
   t0 = now ();
   loop (n)
     {
	() = send (a, "x");
	d = recv (b, 1);
     }
   t1 = now ();
   c1 = cpu_ns ();
   if (bstrlen (d) != 1) bench_die ("short recv");
   inproc_report (n, t0, t1, c0, c1);
}

define mode_bulk ()
{
   variable total = atoll (Args[0]), chunk = iarg (1);
   variable l, port, pid, s, got = 0LL, d, n, t0, t1, v0, v1, nrecv = 0;
   (l, port) = listen_loopback (SOCK_STREAM);
   pid = spawn ();
   if (pid == 0)
     {
	variable data = bytes (chunk, 'b');
	variable sent = 0LL, want;
	() = close (l);
	s = socket (AF_INET, SOCK_STREAM, 0);
	connect (s, "127.0.0.1", port);
	while (sent < total)
	  {
	     want = chunk;
	     if (want > total - sent) want = int (total - sent);
	     sent += send (s, want == chunk ? data : data[[0:want-1]]);
	  }
	() = close (s);
	_exit (0);
     }
   s = accept (l);
   v0 = vcsw ();
   t0 = now ();
   while (got < total)
     {
	n = bstrlen (recv (s, chunk));
	nrecv++;
	if (n == 0) break;
	got += n;
     }
   t1 = now ();
   v1 = vcsw ();
   bulk_report (pid, total, got, nrecv, t0, t1, v0, v1);
}

% readline N PER: stream_readline on the reading end (see line_writer in
% slbench.sl).
define mode_readline ()
{
   variable n = iarg (0), per = iarg (1), pid, b, st, got = 0, t0, t1;
   (pid, b) = line_writer (n, per);
   st = stream_new (b);
   t0 = now ();
   while (NULL != stream_readline (st))
     got++;
   t1 = now ();
   readline_report (pid, n, got, t0, t1);
}

% readline_foreach N PER: the same lines read with foreach line (st), one
% statement for the whole stream (no intrinsic call per line).
define mode_readline_foreach ()
{
   variable n = iarg (0), per = iarg (1), pid, b, st, got = 0, t0, t1, line;
   (pid, b) = line_writer (n, per);
   st = stream_new (b);
   t0 = now ();
   foreach line (st)
     got++;
   t1 = now ();
   readline_report (pid, n, got, t0, t1);
}

define mode_udp ()
{
   variable n = iarg (0), size = iarg (1), u, port, c, pid, d, h, p, t0, t1;
   variable msg = bytes (size, 'u');
   (u, port) = listen_loopback (SOCK_DGRAM);
   pid = spawn ();
   if (pid == 0)
     {
	loop (n)
	  {
	     (d, h, p) = recvfrom (u, 65536);
	     () = sendto (u, d, 0, h, p);
	  }
	_exit (0);
     }
   () = close (u);
   c = socket (AF_INET, SOCK_DGRAM, 0);
   t0 = now ();
   loop (n)
     {
	() = sendto (c, msg, 0, "127.0.0.1", port);
	(d, h, p) = recvfrom (c, 65536);
	if (bstrlen (d) != size) bench_die ("short datagram");
     }
   t1 = now ();
   reap (pid);
   () = fprintf (stdout, "%.1f\n", n / (t1 - t0));
}

% leak N1 N2: RSS after N1 and after N2 send+recv pairs over a unix
% socketpair (one process); prints "rss_N1_kb rss_N2_kb pairs_per_sec".
define mode_leak ()
{
   variable n1 = iarg (0), n2 = iarg (1), a, b, r1, r2, t0, t1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   loop (n1) { () = send (a, "x"); () = recv (b, 16); }
   r1 = rss_kb ();
   t0 = now ();
   loop (n2 - n1) { () = send (a, "x"); () = recv (b, 16); }
   t1 = now ();
   r2 = rss_kb ();
   () = fprintf (stdout, "%d %d %.1f\n", r1, r2, (n2 - n1) / (t1 - t0));
}

% leakudp N1 N2: the same with sendto/recvfrom on two loopback UDP sockets.
define mode_leakudp ()
{
   variable n1 = iarg (0), n2 = iarg (1), u, port, c, d, h, p, r1, r2, t0, t1;
   (u, port) = listen_loopback (SOCK_DGRAM);
   c = socket (AF_INET, SOCK_DGRAM, 0);
   loop (n1) { () = sendto (c, "0123456789", 0, "127.0.0.1", port); (d, h, p) = recvfrom (u, 64); }
   r1 = rss_kb ();
   t0 = now ();
   loop (n2 - n1) { () = sendto (c, "0123456789", 0, "127.0.0.1", port); (d, h, p) = recvfrom (u, 64); }
   t1 = now ();
   r2 = rss_kb ();
   () = fprintf (stdout, "%d %d %.1f\n", r1, r2, (n2 - n1) / (t1 - t0));
}

% loop N ACTIVE IDLE CBENCH: the event-loop workload (see bench/run.sh).
% ACTIVE+IDLE unix stream connections to a "CBENCH loop_echo" child (the
% far side of all three rows), every one watched by an eventloop; the
% callbacks of the ACTIVE ones answer the child's 1-byte pings until N
% round trips.  Prints round trips per second.
require ("fcntl");			       % fcntl_getfd, fcntl_setfd
private variable Loop_Count = 0, Loop_Target = 0, Loop_Lp = NULL;

private define loop_active_cb (fd, revents)
{
   variable d = recv (fd, 1);
   if (bstrlen (d) != 1) bench_die ("short recv");
   () = send (fd, d);
   Loop_Count++;
   if (Loop_Count >= Loop_Target) eventloop_stop (Loop_Lp);
}

private define loop_idle_cb (fd, revents)
{
   bench_die ("an idle connection became ready");
}

define mode_loop ()
{
   variable n = iarg (0), active = iarg (1), idle = iarg (2), cbench = Args[3];
   variable dir = getenv ("TMPDIR"), path, l, pid, socks, s, i, t0, t1;
   if ((dir == NULL) || (dir == "")) dir = "/tmp";
   path = sprintf ("%s/slbench-loop-%d.sock", dir, getpid ());
   () = remove (path);
   l = socket (AF_UNIX, SOCK_STREAM, 0);
   bind (l, path);
   listen (l, 4096);
   % the child inherits the listener: clear its close-on-exec
   if (-1 == fcntl_setfd (l, fcntl_getfd (l) & ~FD_CLOEXEC)) bench_die ("fcntl_setfd");
   pid = spawn ();
   if (pid == 0)
     {
	() = execv (cbench, [cbench, "loop_echo", string (_fileno (l)), string (active), string (idle)]);
	_exit (127);
     }
   socks = FD_Type[active + idle];
   _for i (0, active + idle - 1, 1)    % active first: the child's order
     {
	s = socket (AF_UNIX, SOCK_STREAM, 0);
	connect (s, path);
	socks[i] = s;
     }
   () = close (l);
   () = remove (path);
   if (recv (socks[0], 1) != "R") bench_die ("loop_echo not ready");
   Loop_Lp = eventloop_new ();
   _for i (0, active + idle - 1, 1)
     () = eventloop_watch (Loop_Lp, socks[i], POLLIN, i < active ? &loop_active_cb : &loop_idle_cb);
   Loop_Count = 0;
   Loop_Target = n;
   t0 = now ();
   _for i (0, active - 1, 1)
     () = send (socks[i], "x");
   eventloop_run (Loop_Lp);
   t1 = now ();
   _for i (0, active - 1, 1)
     () = close (socks[i]);
   reap (pid);
   if (Loop_Count != n) bench_die (sprintf ("loop: %d round trips of %d", Loop_Count, n));
   () = fprintf (stdout, "%.1f\n", n / (t1 - t0));
}
