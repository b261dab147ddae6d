% slbench.sl: the S-Lang side of "make bench" (see bench/run.sh).
%
%   slsh bench/slbench.sl IMPL MODE ARGS...
%
% IMPL is "ours" (src/socket-module.so, checked by its
% _socket_module_version_string) or "upstream" (Debian's
% socket-module.so, imported from $BENCH_UPSTREAM_DIR or the system module
% directory only, and checked by the ABSENCE of that variable).  Run each
% IMPL in its own slsh process.  MODEs and their output are those of
% bench/cbench.c; IMPL-specific modes live in bench/sl_ours.sl and
% bench/sl_upstream.sl; inproc_least (the least possible module,
% bench/least-module.so) lives in bench/sl_least.sl.

private variable Bench_Dir = path_dirname (__FILE__);
private variable Top_Dir = path_concat (Bench_Dir, "..");
private variable System_Modules = "/usr/lib/x86_64-linux-gnu/slang/v2/modules";

if (length (__argv) < 3)
{
   () = fprintf (stderr, "usage: slsh slbench.sl ours|upstream MODE ARGS...\n");
   exit (2);
}
variable Impl = __argv[1];
private variable Mode = __argv[2];
variable Args = (length (__argv) > 3) ? __argv[[3:]] : String_Type[0];

variable Child_Pid = 0;		       % a forked child to kill on failure

define bench_die (msg)
{
   if (Child_Pid > 0) () = kill (Child_Pid, SIGKILL);
   () = fprintf (stderr, "slbench (%s): %s\n", Impl, msg);
   exit (1);
}

private define load_module ()
{
   variable sysdir = getenv ("BENCH_UPSTREAM_DIR");
   if (sysdir == NULL) sysdir = System_Modules;
   switch (Impl)
     { case "ours":
	set_import_module_path (path_concat (Top_Dir, "src") + ":" + sysdir);
	import ("socket");
	if (is_defined ("_socket_module_version_string") == 0)
	  bench_die ("src/socket-module.so lacks _socket_module_version_string");
     }
     { case "upstream":
	set_import_module_path (sysdir);
	import ("socket");
	if (is_defined ("_socket_module_version_string") != 0)
	  bench_die (sysdir + "/socket-module.so is not upstream's (it has _socket_module_version_string)");
     }
     { bench_die ("unknown implementation " + Impl); }
   require ("fork");			       % fork, waitpid, _exit
}
load_module ();

define now () { return _ftime (); }

% Rss of /proc/self/smaps_rollup (exact) unless BENCH_RSS=status or it is
% missing; else VmRSS of /proc/self/status (see cbench.c).
define rss_kb ()
{
   variable fp = NULL, line, kb = -1, fmt = "Rss: %d";
   if (getenv ("BENCH_RSS") != "status")
     fp = fopen ("/proc/self/smaps_rollup", "r");
   if (fp == NULL)
     {
	fp = fopen ("/proc/self/status", "r");
	fmt = "VmRSS: %d";
     }
   if (fp == NULL) bench_die ("/proc/self/status");
   while (-1 != fgets (&line, fp))
     if (1 == sscanf (line, fmt, &kb))
       break;
   () = fclose (fp);
   return kb;
}

define reap (pid)
{
   variable st = waitpid (pid, 0);
   Child_Pid = 0;
   if ((st == NULL) || (st.exited == 0) || (st.exit_status != 0))
     bench_die ("child failed");
}

% Voluntary context switches of this process so far (the S-Lang side of
% getrusage's ru_nvcsw): voluntary_ctxt_switches of /proc/self/status.
define vcsw ()
{
   variable fp = fopen ("/proc/self/status", "r"), line, v = -1;
   if (fp == NULL) bench_die ("/proc/self/status");
   while (-1 != fgets (&line, fp))
     if (1 == sscanf (line, "voluntary_ctxt_switches: %d", &v))
       break;
   () = fclose (fp);
   return v;
}

% The bulk receiver's report: MB/s and sleeps (voluntary context
% switches) per recv call.
define bulk_report (pid, total, got, nrecv, t0, t1, v0, v1)
{
   reap (pid);
   if (got != total) bench_die (sprintf ("bulk got %S of %S", got, total));
   () = fprintf (stdout, "%.1f %.3f\n", total / 1e6 / (t1 - t0), (v1 - v0) / double (nrecv));
}

% CPU time this thread has run, in ns: the first field of
% /proc/self/schedstat, as in cbench.c (after a 1 ms sleep, which brings
% it up to date); -1 if it cannot be read.
define cpu_ns ()
{
   variable fp, line, v = -1.0;
   sleep (0.001);
   fp = fopen ("/proc/self/schedstat", "r");
   if (fp == NULL) return v;
   if (-1 != fgets (&line, fp))
     if (1 != sscanf (line, "%lf", &v)) v = -1.0;
   () = fclose (fp);
   return v;
}

% The in-process ping-pong's report: "wall_ns cpu_ns" per send+recv pair
% (cpu_ns "-" if /proc/self/schedstat is missing).
define inproc_report (n, t0, t1, c0, c1)
{
   if ((c0 < 0) || (c1 < 0))
     () = fprintf (stdout, "%.1f -\n", (t1 - t0) * 1e9 / n);
   else
     () = fprintf (stdout, "%.1f %.1f\n", (t1 - t0) * 1e9 / n, (c1 - c0) / n);
}

define iarg (i) { return integer (Args[i]); }

% n bytes of ch as a BString
define bytes (n, ch)
{
   return array_to_bstring (typecast (UChar_Type[n] + ch, UChar_Type));
}

define spawn ()
{
   variable pid = fork ();
   if (pid > 0) Child_Pid = pid;
   return pid;
}

% readline N PER: a forked child writes N 80-byte lines ("x"*79 + "\n")
% over a unix socketpair, PER lines to a write (the last write the rest),
% then closes; the parent counts lines until end of stream.  Prints lines
% per second, timed from before the first read to the end of stream.
% line_writer forks that child and returns (pid, reading end); the
% reading ends are IMPL-specific (mode_readline in sl_ours.sl) or pure
% slsh (mode_readline_fgets below).
define line_writer (n, per)
{
   variable a, b, pid;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   pid = spawn ();
   if (pid == 0)
     {
	variable u = typecast (UChar_Type[80 * per] + 'x', UChar_Type);
	variable block, left = n, k, off, r;
	() = close (b);
	u[[79:80 * per - 1:80]] = '\n';
	block = array_to_bstring (u);	       % PER lines, built once
	while (left > 0)
	  {
	     k = (left < per) ? left : per;
	     variable data = (k == per) ? block : block[[0:80 * k - 1]];
	     off = 0;
	     while (off < bstrlen (data))
	       {
		  r = write (a, off ? data[[off:]] : data);
		  if (r <= 0) _exit (1);
		  off += r;
	       }
	     left -= k;
	  }
	() = close (a);
	_exit (0);
     }
   () = close (a);
   return (pid, b);
}

define readline_report (pid, n, got, t0, t1)
{
   reap (pid);
   if (got != n) bench_die (sprintf ("readline got %d lines of %d", got, n));
   () = fprintf (stdout, "%.1f\n", n / (t1 - t0));
}

% IMPL-specific: listen_loopback (type) -> (socket, port), and extra modes.
() = evalfile (path_concat (Bench_Dir, "sl_" + Impl + ".sl"));

% --- modes every IMPL has (read/write on the FD_Type) -----------------------

define mode_pingpong_rw ()
{
   variable n = iarg (0), a, b, pid, buf, t0, t1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   pid = spawn ();
   if (pid == 0)
     {
	() = close (a);
	loop (n)
	  {
	     if (1 != read (b, &buf, 1)) _exit (1);
	     () = write (b, buf);
	  }
	_exit (0);
     }
   () = close (b);
   t0 = now ();
   loop (n)
     {
	() = write (a, "x");
	if (1 != read (a, &buf, 1)) bench_die ("short read");
     }
   t1 = now ();
   reap (pid);
   () = fprintf (stdout, "%.1f\n", n / (t1 - t0));
}

% --- the in-process ping-pong (see bench/run.sh) ----------------------------
% One process, a blocking unix socketpair (a, b): N times a 1-byte send on
% a then a 1-byte recv on b.  The loop body is the same in every mode
% ("() = SEND (a, "x"); d = RECV (b, 1);"), only the two calls differ; a
% blocking 1-byte recv after a 1-byte send returns that byte, so the last
% d is checked, not every one.

% S-Lang's own read/write on the FD_Type (the only way with upstream).
define mode_inproc_rw ()
{
   variable n = iarg (0), a, b, d, t0, t1, c0, c1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   c0 = cpu_ns ();
   t0 = now ();
   loop (n)
     {
	() = write (a, "x");
	() = read (b, &d, 1);
     }
   t1 = now ();
   c1 = cpu_ns ();
   if (bstrlen (d) != 1) bench_die ("short read");
   inproc_report (n, t0, t1, c0, c1);
}

% The interpreter floor: the same loop calling two trivial intrinsics
% with the same arguments (__is_same pops two objects and pushes an Int).
define mode_inproc_floor ()
{
   variable n = iarg (0), a, b, d, t0, t1, c0, c1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   c0 = cpu_ns ();
   t0 = now ();
   loop (n)
     {
	() = __is_same (a, "x");
	d = __is_same (b, 1);
     }
   t1 = now ();
   c1 = cpu_ns ();
   if (d != 0) bench_die ("__is_same");
   inproc_report (n, t0, t1, c0, c1);
}

define mode_bulk_rw ()
{
   variable total = atoll (Args[0]), chunk = iarg (1);
   variable l, port, pid, s, got = 0LL, buf, n, t0, t1, v0, v1, nrecv = 0;
   (l, port) = listen_loopback (SOCK_STREAM);
   pid = spawn ();
   if (pid == 0)
     {
	variable data = bytes (chunk, 'b');
	variable sent = 0LL, want, off, r;
	() = close (l);
	s = socket (AF_INET, SOCK_STREAM, 0);
	connect (s, "127.0.0.1", port);
	while (sent < total)
	  {
	     want = chunk;
	     if (want > total - sent) want = int (total - sent);
	     r = write (s, want == chunk ? data : data[[0:want-1]]);
	     if (r <= 0) _exit (1);
	     sent += r;		       % a partial write: the rest next round
	  }
	() = close (s);
	_exit (0);
     }
   s = accept (l);
   v0 = vcsw ();
   t0 = now ();
   while (got < total)
     {
	n = read (s, &buf, chunk);
	nrecv++;
	if (n <= 0) break;
	got += n;
     }
   t1 = now ();
   v1 = vcsw ();
   bulk_report (pid, total, got, nrecv, t0, t1, v0, v1);
}

% S-Lang's own buffered I/O on the same socket: fdopen + fgets.
define mode_readline_fgets ()
{
   variable n = iarg (0), per = iarg (1), pid, b, fp, line, got = 0, t0, t1;
   (pid, b) = line_writer (n, per);
   fp = fdopen (b, "r");
   if (fp == NULL) bench_die ("fdopen");
   t0 = now ();
   while (-1 != fgets (&line, fp))
     got++;
   t1 = now ();
   readline_report (pid, n, got, t0, t1);
}

define mode_churn ()
{
   variable n = iarg (0), l, port, c, a, t0, t1;
   (l, port) = listen_loopback (SOCK_STREAM);
   t0 = now ();
   loop (n)
     {
	c = socket (AF_INET, SOCK_STREAM, 0);
	connect (c, "127.0.0.1", port);
	a = accept (l);
	() = close (a);		       % server closes first: TIME_WAIT there
	() = close (c);
     }
   t1 = now ();
   () = fprintf (stdout, "%.1f\n", n / (t1 - t0));
}

define mode_mem ()
{
   variable n = iarg (0), socks = FD_Type[n], i, r0, r1;
   () = close (socket (AF_INET, SOCK_STREAM, 0));
   () = rss_kb ();		       % its own first-use allocations
   r0 = rss_kb ();
   _for i (0, n - 1, 1)
     socks[i] = socket (AF_INET, SOCK_STREAM, 0);
   r1 = rss_kb ();
   () = fprintf (stdout, "%.1f %d %d\n", (r1 - r0) * 1024.0 / n, r0, r1);
}

% The least possible module's mode is compiled only once it is loaded (its
% intrinsics must be defined when the function is parsed).
if (Mode == "inproc_least")
{
   set_import_module_path (Bench_Dir + ":" + get_import_module_path ());
   import ("least");
   () = evalfile (path_concat (Bench_Dir, "sl_least.sl"));
}

private variable Fun = __get_reference ("mode_" + Mode);
if (Fun == NULL)
  bench_die ("no mode " + Mode);
(@Fun) ();
exit (0);
