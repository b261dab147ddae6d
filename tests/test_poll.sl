% test_poll.sl: poll() and setblocking/getblocking -- SPEC sections 9, 12.
require ("./harness");
require ("fork");			       % pipe()

private variable Big_N = 10000;	       % descriptors in the large poll

% The soft RLIMIT_NOFILE, from /proc/self/limits (slsh has no getrlimit).
define nofile_limit ()
{
   variable fp = fopen ("/proc/self/limits", "r"), line;
   if (fp == NULL) return -1;
   while (-1 != fgets (&line, fp))
     {
	if (strncmp (line, "Max open files", 14)) continue;
	variable f = strtok (line);
	if (f[3] == "unlimited") return INT_MAX;
	return atoi (f[3]);
     }
   return -1;
}

% The large poll needs Big_N + some descriptors.  If the limit is lower,
% re-run this script once under a shell that raises it.
private variable Big_Skip = NULL;
if (nofile_limit () < Big_N + 100)
{
   if (getenv ("SOCKTEST_POLL_REEXEC") == NULL)
     {
	if (0 == system ("sh -c 'ulimit -n 20000' 2>/dev/null"))
	  {
	     putenv ("SOCKTEST_POLL_REEXEC=1");
	     variable slsh = getenv ("SLSH");
	     if (slsh == NULL) slsh = "slsh";
	     exit (system (sprintf ("sh -c 'ulimit -n 20000 && exec %s %s'", slsh, __FILE__)) != 0);
	  }
	Big_Skip = "cannot raise RLIMIT_NOFILE to 20000";
     }
   else Big_Skip = sprintf ("RLIMIT_NOFILE is %d even after ulimit -n", nofile_limit ());
}

define bit (r, b) { return (r & b) != 0; }

% --- basic readiness --------------------------------------------------------

define test_basic ()
{
   variable a, b, r;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);

   r = poll ([a, b], POLLIN, 0);
   expect_value ("poll returns an Int array", _typeof (r), Int_Type);
   expect_value ("one revents per fd", length (r), 2);
   expect_value ("nothing readable yet", r, [0, 0]);

   () = send (b, "x");
   r = poll ([a, b], POLLIN, 0);
   expect_true ("data on a: POLLIN on a", bit (r[0], POLLIN));
   expect_value ("data on a: nothing on b", r[1], 0);
   expect_value ("data on a: exactly [POLLIN, 0]", r, [POLLIN, 0]);

   r = poll ([a, b], POLLOUT, 0);
   expect_true ("both writable: a", bit (r[0], POLLOUT));
   expect_true ("both writable: b", bit (r[1], POLLOUT));
   expect_true ("POLLOUT asked: no POLLIN reported on a", not bit (r[0], POLLIN));

   % events as an Int array, one per fd
   r = poll ([a, b], [POLLIN, POLLOUT], 0);
   expect_value ("per-fd events [POLLIN, POLLOUT]", r, [POLLIN, POLLOUT]);
   r = poll ([b, a], [POLLIN, POLLIN|POLLOUT], 0);
   expect_value ("per-fd events [POLLIN, POLLIN|POLLOUT]", r, [0, POLLIN|POLLOUT]);
   % one-element events array applies to all
   r = poll ([a, b], [POLLIN], 0);
   expect_value ("one-element events array applies to all", r, [POLLIN, 0]);

   % negative timeout waits forever, but returns at once if ready
   variable t0 = _ftime ();
   r = poll ([a, b], POLLIN, -1);
   expect_value ("timeout -1 with data ready", r, [POLLIN, 0]);
   expect_true ("timeout -1 with data ready returns at once", _ftime () - t0 < 0.5);

   % timeout with nothing ready: all zeros, after the timeout
   () = recv (a, 10);
   t0 = _ftime ();
   r = poll ([a, b], POLLIN, 0.2);
   variable dt = _ftime () - t0;
   expect_value ("timeout 0.2, nothing ready: all zeros", r, [0, 0]);
   expect_true (sprintf ("timeout 0.2 took %.3f s, wanted [0.195, 1.2)", dt), (dt >= 0.195) && (dt < 1.2));
   t0 = _ftime ();
   r = poll ([a, b], POLLIN, 0);
   expect_true ("timeout 0 returns at once", _ftime () - t0 < 0.1);

   % an empty list just waits
   t0 = _ftime ();
   r = poll (FD_Type[0], POLLIN, 0.1);
   dt = _ftime () - t0;
   expect_value ("empty fd list: empty result", length (r), 0);
   expect_true ("empty fd list waits the timeout", (dt >= 0.095) && (dt < 1.1));

   % peer closed: POLLIN (end of stream), POLLRDHUP, POLLHUP
   variable x, y;
   (x, y) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   close (y);
   r = poll ([x], POLLIN|POLLRDHUP, 0);
   expect_true ("peer closed: POLLIN", bit (r[0], POLLIN));
   expect_true ("peer closed: POLLRDHUP", bit (r[0], POLLRDHUP));
   expect_true ("peer closed: POLLHUP", bit (r[0], POLLHUP));
   r = poll ([x], POLLIN, 0);
   expect_true ("POLLRDHUP only when asked", not bit (r[0], POLLRDHUP));

   % TCP: urgent data gives POLLPRI
   variable c, s;
   (c, s) = tcp_pair (PF_INET);
   r = poll ([s], POLLIN|POLLPRI, 0);
   expect_value ("TCP: nothing pending", r, [0]);
   () = send (c, "!", MSG_OOB);
   r = poll ([s], POLLPRI, 0.5);
   expect_true ("TCP urgent data: POLLPRI", bit (r[0], POLLPRI));

   % refused non-blocking connect: POLLERR
   variable dead = socket (PF_INET, SOCK_STREAM, 0), dh, dp;
   bind (dead, "127.0.0.1", 0);
   (dh, dp) = getsockname (dead);
   variable nb = socket (PF_INET, SOCK_STREAM, 0);
   setblocking (nb, 0);
   try { connect (nb, dh, dp); } catch SocketError;
   r = poll ([nb], POLLOUT, 2);
   expect_true ("refused connect: POLLERR", bit (r[0], POLLERR));
   expect_value ("refused connect: SO_ERROR", getsockopt (nb, SOL_SOCKET, SO_ERROR), ECONNREFUSED);
}

% --- not only sockets ---------------------------------------------------------

define test_mixed ()
{
   variable a, b, pr, pw, r;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   (pr, pw) = pipe ();
   variable devnull = open ("/dev/null", O_RDONLY);

   r = poll ([pr, pw, a, devnull], POLLIN, 0);
   expect_value ("pipe empty, socket idle, /dev/null readable", r, [0, 0, 0, POLLIN]);
   () = write (pw, "p");
   r = poll ([pr, pw, a, devnull], [POLLIN, POLLOUT, POLLIN, POLLIN], 0);
   expect_value ("pipe readable and writable", r, [POLLIN, POLLOUT, 0, POLLIN]);
   () = send (b, "s");
   r = poll ([a, pr], POLLIN, 0);
   expect_value ("socket and pipe both readable", r, [POLLIN, POLLIN]);
   close (pw);
   r = poll ([pr], POLLIN, 0);
   expect_true ("pipe writer closed: POLLIN (data) on the reader", bit (r[0], POLLIN));
   variable buf;
   () = read (pr, &buf, 10);
   r = poll ([pr], POLLIN, 0);
   expect_true ("pipe writer closed and drained: POLLHUP", bit (r[0], POLLHUP));

   % closed descriptors: POLLNVAL, whatever else is in the list
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   close (c);
   r = poll ([a, c], POLLIN, 0);
   expect_value ("closed FD_Type: POLLNVAL", r, [POLLIN, POLLNVAL]);
   r = poll ([c], POLLIN, 0.1);
   expect_value ("only a closed FD_Type: POLLNVAL", r, [POLLNVAL]);

   % a descriptor number that is not open (the kernel says POLLNVAL)
   variable n = 900;
   while (stat_file ("/proc/self/fd/$n"$) != NULL) n++;
   variable bogus = @FD_Type (n);
   r = poll ([bogus, a], POLLIN, 0);
   expect_value ("descriptor $n not open: POLLNVAL"$, r, [POLLNVAL, POLLIN]);
   bogus = NULL;
}

% --- argument errors -----------------------------------------------------------

define test_errors ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   expect_error ("poll: events length differs from fds", InvalidParmError, NULL,
		 &poll, [a, b], [POLLIN, POLLIN, POLLIN], 0);
   expect_error ("poll: events length 2 for 3 fds", InvalidParmError, NULL,
		 &poll, [a, b, a], [POLLIN, POLLIN], 0);
   expect_error ("poll: two arguments", NumArgsError, "usage", &poll, [a, b], POLLIN);
   expect_error ("poll: four arguments", NumArgsError, "usage", &poll, [a, b], POLLIN, 0, 0);
   expect_error ("poll: fds an Int array", TypeMismatchError, NULL, &poll, [1, 2], POLLIN, 0);
   expect_error ("poll: fds a String", TypeMismatchError, NULL, &poll, "a", POLLIN, 0);
   expect_error ("poll: events a String", TypeMismatchError, NULL, &poll, [a], "POLLIN", 0);
   expect_error ("poll: timeout a String", TypeMismatchError, NULL, &poll, [a], POLLIN, "1");
}

% --- 10,000 descriptors ----------------------------------------------------------

define test_big ()
{
   if (Big_Skip != NULL)
     {
	() = fprintf (stdout, "# skip: poll with %d descriptors: %s\n", Big_N, Big_Skip);
	return;
     }
   variable base = fd_count ();
   variable npairs = Big_N / 2, i, a, b;
   variable fds = FD_Type[Big_N];
   _for i (0, npairs - 1, 1)
     {
	(a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
	fds[2*i] = a;
	fds[2*i+1] = b;
     }
   a = NULL; b = NULL;
   expect_value ("opened 10,000 descriptors", fd_count () - base, Big_N);

   % write into the b side of some pairs: their a side becomes readable
   variable chosen = [0, 1, 1023, 2047, 2500, 4097, npairs - 1];
   foreach i (chosen)
     () = send (fds[2*i+1], "!");
   variable want = Int_Type[Big_N];
   want[2*chosen] = POLLIN;

   variable t0 = _ftime ();
   variable r = poll (fds, POLLIN, 0);
   variable dt = _ftime () - t0;
   expect_value ("10k poll: one revents per fd", length (r), Big_N);
   expect_value ("10k poll: exactly the chosen peers are readable", length (where (r != 0)), length (chosen));
   expect_true ("10k poll: the chosen peers report POLLIN", _eqs (r, want));
   expect_true ("10k poll: highest descriptor is above FD_SETSIZE", max (array_map (Int_Type, &_fileno, fds)) > 1024);
   expect_true ("10k poll returns quickly ($dt)"$, dt < 2.0);

   % POLLOUT on all of them
   r = poll (fds, POLLOUT, 0);
   expect_value ("10k poll POLLOUT: all writable", length (where (r & POLLOUT)), Big_N);

   foreach a (fds) close (a);
   fds = NULL; a = NULL;
   expect_value ("10k: descriptors back to baseline", fd_count (), base);
}

% --- setblocking / getblocking ----------------------------------------------------

define recv_one (s) { return recv (s, 10); }
define accept_one (s) { return accept (s); }
define connect_one (s, h, p) { connect (s, h, p); }
define send_big (s) { return send (s, sprintf ("%*s", 1048576, "")); }

define test_blocking ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   expect_value ("a new socket is blocking", getblocking (a), 1);
   setblocking (a, 0);
   expect_value ("setblocking(s, 0): getblocking 0", getblocking (a), 0);
   expect_error ("non-blocking recv with no data: EAGAIN", SocketError, NULL, &recv_one, a; errno=EAGAIN);
   variable d = dup_fd (a);
   expect_value ("a dup shares the non-blocking mode", getblocking (d), 0);
   close (d);
   % the other end is untouched
   expect_value ("the peer is still blocking", getblocking (b), 1);

   % fill: a non-blocking send finally raises EAGAIN
   variable full = 0;
   loop (10000)
     {
	try { () = send_big (a); }
	catch SocketError: { if (errno != EAGAIN) throw; full = 1; }
	if (full) break;
     }
   expect_true ("non-blocking send on a full buffer raises EAGAIN", full);
   expect_error ("non-blocking send on a full buffer (checked)", SocketError, NULL, &send_big, a; errno=EAGAIN);

   setblocking (a, 1);
   expect_value ("setblocking(s, 1): getblocking 1", getblocking (a), 1);
   setblocking (a, 0);
   setblocking (a, 7);
   expect_value ("setblocking(s, 7) means blocking", getblocking (a), 1);
   () = send (b, "y");
   expect_value ("blocking recv works again", recv (a, 10), "y"B);

   % accept and connect
   variable l = tcp_listener (PF_INET6), h, p;
   (h, p) = getsockname (l);
   setblocking (l, 0);
   expect_error ("non-blocking accept with no client: EAGAIN", SocketError, NULL, &accept_one, l; errno=EAGAIN);
   variable c = socket (PF_INET6, SOCK_STREAM, 0);
   setblocking (c, 0);
   variable e = NULL;
   try (e) { connect (c, h, p); } catch SocketError;
   if (e != NULL)
     expect_value ("non-blocking connect raises EINPROGRESS", errno, EINPROGRESS);
   else
     expect_true ("non-blocking connect completed at once", 1);
   variable r = poll ([c], POLLOUT, 2);
   expect_true ("non-blocking connect: writable when connected", bit (r[0], POLLOUT));
   expect_value ("non-blocking connect: SO_ERROR 0", getsockopt (c, SOL_SOCKET, SO_ERROR), 0);
   r = poll ([l], POLLIN, 2);
   expect_true ("listener readable with a pending client", bit (r[0], POLLIN));
   variable s = accept (l);
   expect_value ("accepted socket is blocking", getblocking (s), 1);
   expect_value ("listener still non-blocking", getblocking (l), 0);

   variable nbs = socket (PF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
   expect_value ("SOCK_NONBLOCK socket: getblocking 0", getblocking (nbs), 0);

   % bad arguments
   variable pr, pw;
   (pr, pw) = pipe ();
   expect_error ("setblocking: one argument", NumArgsError, "usage", &setblocking, a);
   expect_error ("getblocking: no argument", NumArgsError, "usage", &getblocking);
   expect_error ("getblocking: two arguments", NumArgsError, "usage", &getblocking, a, 1);
   expect_error ("setblocking: String socket", TypeMismatchError, NULL, &setblocking, "a", 1);
   expect_error ("setblocking: String flag", TypeMismatchError, NULL, &setblocking, a, "1");
   expect_error ("getblocking: an Int", TypeMismatchError, NULL, &getblocking, 3);
   expect_error ("getblocking: a pipe is not a socket", TypeMismatchError, NULL, &getblocking, pr);
   expect_error ("setblocking: a pipe is not a socket", TypeMismatchError, NULL, &setblocking, pr, 0);
   variable z = socket (PF_INET, SOCK_STREAM, 0);
   close (z);
   expect_error ("getblocking: closed socket: EBADF", SocketError, NULL, &getblocking, z; errno=EBADF);
   expect_error ("setblocking: closed socket: EBADF", SocketError, NULL, &setblocking, z, 0; errno=EBADF);
}

test_basic ();
test_mixed ();
test_errors ();
test_big ();
test_blocking ();
test_done ();
