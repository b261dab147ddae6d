% he_child.sl: run by test_connect.sl inside `unshare -rm` with a private
% /etc/hosts and /etc/resolv.conf bind-mounted.  Not a test file of its
% own (run.sh only runs test_*.sl); its summary line is read back by the
% parent.
%
%   slsh ./he_child.sl ABC P Q     Happy Eyeballs scenarios A and B, and C
%                                  (resolv.conf points at a DNS server that
%                                  never answers)
%   slsh ./he_child.sl D           resolv.conf points at a closed port
%   slsh ./he_child.sl E Q         resolv.conf points at dns_split.py
%
% P: ::1 has a stalled listener (full accept queue), 127.0.0.1 a live one.
% Q: both ::1 and 127.0.0.1 have live listeners.
require ("./harness");

private variable Mode = (__argc > 1) ? __argv[1] : "";

private define elapsed (t0) { return _ftime () - t0; }

% Open sockets of this process.  (Not fd_count: the resolver's helper
% thread may still be closing its pipe when create_connection returns.)
define socket_count ()
{
   variable n = 0, f, l;
   foreach f (listdir ("/proc/self/fd"))
     {
	l = readlink ("/proc/self/fd/" + f);
	if ((l != NULL) && (0 == strncmp (l, "socket:", 7))) n++;
     }
   return n;
}

% The count once the resolver's threads are done: a per-family lookup
% that the race no longer needed is let go of, and the resolver may hold
% a socket of its own (nscd, DNS) a moment longer.  Waits at most 2 s.
define settled_socket_count (want)
{
   variable n = socket_count (), t0 = _ftime ();
   while ((n != want) && (_ftime () - t0 < 2.0))
     {
	() = poll ({}, 0, 0.01);
	n = socket_count ();
     }
   return n;
}

% The count once it has not changed for 0.1 s (a baseline taken while an
% earlier call's resolver thread still held a socket would be off).
define quiet_socket_count ()
{
   variable n = socket_count (), t0 = _ftime (), since = _ftime (), m;
   while ((_ftime () - since < 0.1) && (_ftime () - t0 < 2.0))
     {
	() = poll ({}, 0, 0.01);
	m = socket_count ();
	if (m != n) { n = m; since = _ftime (); }
     }
   return n;
}

define scenario_ab (P, Q)
{
   % precondition: the private hosts file gives ::1 first, then 127.0.0.1
   variable ai = getaddrinfo ("he-test.example", NULL, AF_UNSPEC, SOCK_STREAM);
   expect_value ("hosts: he-test.example resolves to two addresses", length (ai), 2);
   if (length (ai) != 2) return;
   expect_value ("hosts: ::1 comes first", ai[0].host, "::1");
   expect_value ("hosts: 127.0.0.1 second", ai[1].host, "127.0.0.1");

   variable s, h, p, t0, dt, n0;

   % A: ::1 stalls, 127.0.0.1 answers -> IPv4 wins after the 250 ms delay
   n0 = quiet_socket_count ();
   t0 = _ftime ();
   s = create_connection ("he-test.example", P; timeout=5);
   dt = elapsed (t0);
   (h, p) = getpeername (s);
   expect_value ("A: the peer is 127.0.0.1 (the stalled ::1 lost)", h, "127.0.0.1");
   expect_value ("A: the peer port", p, P);
   expect_true (sprintf ("A: connected after %.3f s, wanted [0.2, 1.0)", dt), (dt >= 0.2) && (dt < 1.0));
   expect_value ("A: the result is blocking", getblocking (s), 1);
   expect_value ("A: the losing attempt was closed (one new socket)", settled_socket_count (n0 + 1), n0 + 1);
   close (s);

   % A without a timeout: the race does not depend on the deadline
   t0 = _ftime ();
   s = create_connection ("he-test.example", P);
   dt = elapsed (t0);
   (h, p) = getpeername (s);
   expect_value ("A (no timeout): the peer is 127.0.0.1", h, "127.0.0.1");
   expect_true (sprintf ("A (no timeout): connected after %.3f s, wanted [0.2, 1.0)", dt), (dt >= 0.2) && (dt < 1.0));
   close (s);

   % A with family=AF_INET: only IPv4 is tried, no delay
   t0 = _ftime ();
   s = create_connection ("he-test.example", P; timeout=5, family=AF_INET);
   dt = elapsed (t0);
   (h, p) = getpeername (s);
   expect_value ("A family=AF_INET: the peer is 127.0.0.1", h, "127.0.0.1");
   expect_true (sprintf ("A family=AF_INET: connected after %.3f s, wanted < 0.245", dt), dt < 0.245);
   close (s);

   % A with family=AF_INET6: only the stalled ::1 -> timeout
   variable e = NULL, depth = _stkdepth ();
   n0 = quiet_socket_count ();
   t0 = _ftime ();
   try (e) { s = create_connection ("he-test.example", P; timeout=0.5, family=AF_INET6); }
   catch SocketError;
   dt = elapsed (t0);
   variable dd = _stkdepth () - depth;
   expect_true ("A family=AF_INET6: raises ETIMEDOUT", (e != NULL) && (errno == ETIMEDOUT));
   expect_true (sprintf ("A family=AF_INET6: gave up after %.3f s, wanted [0.495, 1.5)", dt), (dt >= 0.495) && (dt < 1.5));
   expect_value ("A family=AF_INET6: stack unchanged", dd, 0);
   expect_value ("A family=AF_INET6: no socket leaked", settled_socket_count (n0), n0);

   % B: both answer -> the preferred family (IPv6, first) wins at once
   n0 = quiet_socket_count ();
   t0 = _ftime ();
   s = create_connection ("he-test.example", Q; timeout=5);
   dt = elapsed (t0);
   (h, p) = getpeername (s);
   expect_value ("B: the peer is ::1 (preferred family first)", h, "::1");
   expect_value ("B: the peer port", p, Q);
   % below the 250 ms attempt delay: no second attempt was needed
   expect_true (sprintf ("B: connected after %.3f s, wanted < 0.245", dt), dt < 0.245);
   expect_value ("B: one new socket", settled_socket_count (n0 + 1), n0 + 1);
   close (s);
}

% C: the deadline covers name resolution
new_exception ("LookupAlarmError", RunTimeError, "a signal handler's error");
variable Ticks = {};
define tick_then_throw (sig)
{
   list_append (Ticks, _ftime ());
   if (length (Ticks) >= 2)
     throw LookupAlarmError, "the handler ended the lookup";
}

define scenario_c ()
{
   variable e = NULL, depth = _stkdepth (), t0 = _ftime (), s;
   try (e) { s = create_connection ("hang.example", 80; timeout=1); }
   catch AnyError;
   variable dt = elapsed (t0), dd = _stkdepth () - depth;
   expect_true ("C: a dead DNS server: raises", e != NULL);
   if (e != NULL)
     {
	expect_true (sprintf ("C: raises SocketError (got %s: %s)", e.descr, e.message), e.error == SocketError);
	expect_value ("C: errno ETIMEDOUT", errno, ETIMEDOUT);
     }
   expect_true (sprintf ("C: gave up after %.3f s, wanted [0.95, 2.0)", dt), (dt >= 0.95) && (dt < 2.0));
   expect_value ("C: stack unchanged", dd, 0);

   % the same with timeout=0.3
   e = NULL;
   t0 = _ftime ();
   try (e) { s = create_connection ("hang2.example", 80; timeout=0.3); }
   catch AnyError;
   dt = elapsed (t0);
   expect_true ("C: timeout=0.3: SocketError ETIMEDOUT", (e != NULL) && (e.error == SocketError) && (errno == ETIMEDOUT));
   expect_true (sprintf ("C: timeout=0.3: gave up after %.3f s, wanted [0.295, 1.3)", dt), (dt >= 0.295) && (dt < 1.3));

   % getaddrinfo and getnameinfo take ;timeout= too (SPEC 16)
   e = NULL;
   t0 = _ftime ();
   try (e) { () = getaddrinfo ("hang3.example", "80"; timeout=0.3); }
   catch AnyError;
   dt = elapsed (t0);
   expect_true ("C: getaddrinfo timeout=0.3: SocketError ETIMEDOUT", (e != NULL) && (e.error == SocketError) && (errno == ETIMEDOUT));
   expect_true (sprintf ("C: getaddrinfo timeout=0.3: gave up after %.3f s", dt), (dt >= 0.295) && (dt < 1.3));
   e = NULL;
   t0 = _ftime ();
   try (e) { () = getnameinfo ("192.0.2.1", 80; timeout=0.3); }
   catch AnyError;
   dt = elapsed (t0);
   expect_true ("C: getnameinfo timeout=0.3 (a reverse lookup): SocketError ETIMEDOUT",
		(e != NULL) && (e.error == SocketError) && (errno == ETIMEDOUT));
   expect_true (sprintf ("C: getnameinfo timeout=0.3: gave up after %.3f s", dt), (dt >= 0.295) && (dt < 1.3));

   % Without timeout=, S-Lang signal handlers run while the lookup waits
   % (issue 17.5): a quiet one at 0.2 s lets the wait go on, a throwing
   % one at 0.4 s ends the call -- long before the resolver gives up.
   variable what;
   foreach what (["connect", "sendto", "getaddrinfo", "getnameinfo"])
     {
	Ticks = {};
	signal (SIGALRM, &tick_then_throw);
	e = NULL;
	depth = _stkdepth ();
	t0 = _ftime ();
	setitimer (ITIMER_REAL, 0.2, 0.2);
	try (e)
	  {
	     switch (what)
	       { case "connect": connect (socket (PF_INET, SOCK_STREAM, 0), what + ".hang.example", 80); }
	       { case "sendto": () = sendto (socket (PF_INET, SOCK_DGRAM, 0), "x", 0, what + ".hang.example", 80); }
	       { case "getaddrinfo": () = getaddrinfo (what + ".hang.example", "80"); }
	       { case "getnameinfo": () = getnameinfo ("192.0.2.2", 80); }
	  }
	catch AnyError;
	setitimer (ITIMER_REAL, 0.0, 0.0);
	signal (SIGALRM, SIG_DFL);
	dt = elapsed (t0);
	dd = _stkdepth () - depth;
	expect_true (sprintf ("C: %s without timeout: the quiet handler ran while it waited (%d ticks)", what, length (Ticks)),
		     (length (Ticks) >= 1) && (Ticks[0] - t0 < 1.0));
	expect_true (sprintf ("C: %s without timeout: the throwing handler ended it (%S)", what, (e == NULL) ? NULL : e.message),
		     (e != NULL) && (e.error == LookupAlarmError));
	expect_true (sprintf ("C: %s without timeout: ended after %.3f s, wanted < 2", what, dt), dt < 2.0);
	expect_value (sprintf ("C: %s without timeout: stack unchanged", what), dd, 0);
     }

   % Abandoned lookups are capped (64 still running): a loop of short
   % deadlines against a dead resolver does not pile up threads.
   variable i, n_timeout = 0, n_again = 0, first_again = -1, msg = "", bad = 0;
   depth = _stkdepth ();
   t0 = _ftime ();
   _for i (0, 79, 1)
     {
	e = NULL;
	try (e) { s = create_connection (sprintf ("cap%d.example", i), 80; timeout=0.01); }
	catch AnyError;
	if ((e != NULL) && (e.error == SocketError) && (errno == ETIMEDOUT))
	  n_timeout++;
	else if ((e != NULL) && (e.error == SocketHError) && (errno == EAGAIN) && (h_errno == TRY_AGAIN))
	  {
	     n_again++;
	     if (first_again < 0) { first_again = i; msg = e.message; }
	  }
	else bad++;
     }
   dd = _stkdepth () - depth;
   dt = elapsed (t0);
   variable threads = length (listdir ("/proc/self/task"));
   expect_value ("C: cap: every call raised ETIMEDOUT or SocketHError TRY_AGAIN", bad, 0);
   expect_true (sprintf ("C: cap: TRY_AGAIN once 64 lookups hang (first at call %d, %d in all)", first_again, n_again),
		(first_again >= 0) && (first_again <= 62) && (n_again == 80 - n_timeout));
   expect_true ("C: cap: the message says why: " + msg, string_match (msg, "^create_connection: cap[0-9]+\\.example: 64 earlier name lookups are still running", 1));
   expect_true (sprintf ("C: cap: threads in the process: %d, wanted <= 66", threads), threads <= 66);
   expect_true (sprintf ("C: cap: 80 calls took %.3f s, wanted < 3", dt), dt < 3.0);
   expect_value ("C: cap: stack unchanged", dd, 0);
}

% D: the name does not resolve (the DNS port is closed): SocketHError
define scenario_d ()
{
   variable e = NULL, depth = _stkdepth (), t0 = _ftime (), s;
   try (e) { s = create_connection ("nohost.example", 80; timeout=5); }
   catch AnyError;
   variable dt = elapsed (t0), dd = _stkdepth () - depth;
   expect_true ("D: an unresolvable name raises", e != NULL);
   if (e != NULL)
     {
	expect_true (sprintf ("D: raises SocketHError (got %s: %s)", e.descr, e.message), e.error == SocketHError);
	expect_true ("D: the message names the host", string_match (e.message, "nohost\\.example", 1));
     }
   expect_true ("D: h_errno is set", h_errno != 0);
   expect_true (sprintf ("D: failed after %.3f s, wanted < 3", dt), dt < 3.0);
   expect_value ("D: stack unchanged", dd, 0);
}

% E: a DNS server that answers one family and never the other: one
% lookup per family in parallel (RFC 8305 section 3), so the family that
% answers is used at once -- the A answer after the 50 ms resolution
% delay, the AAAA one at once -- and the silent one does not hold it up
% (the resolver would wait 5 s for it).
define scenario_e (Q)
{
   variable name, want, e, t0, dt, s, depth;
   foreach name (["aonly.example", "v6only.example"])
     {
	want = (name == "aonly.example") ? "127.0.0.1" : "::1";
	e = NULL; s = NULL;
	depth = _stkdepth ();
	t0 = _ftime ();
	try (e) { s = create_connection (name, Q; timeout=4); }
	catch AnyError;
	dt = elapsed (t0);
	variable dd = _stkdepth () - depth;
	expect_true (sprintf ("E: %s connects (%S)", name, (e == NULL) ? "" : e.message), s != NULL);
	if (s != NULL)
	  {
	     variable h, p;
	     (h, p) = getpeername (s);
	     expect_value ("E: $name: the family that answered"$, h, want);
	  }
	expect_true (sprintf ("E: %s: connected after %.3f s, not after the silent family's 5 s", name, dt), dt < 1.5);
	if (name == "aonly.example")
	  expect_true (sprintf ("E: the A answer waited the 50 ms resolution delay (%.3f s)", dt), dt >= 0.045);
	expect_value ("E: $name: stack unchanged"$, dd, 0);
     }
   % both families silent for this one: the deadline holds
   e = NULL;
   t0 = _ftime ();
   try (e) { s = create_connection ("silent.aonly-not.example", Q; timeout=0.5); }
   catch AnyError;
   expect_true ("E: NXDOMAIN for both families: SocketHError", (e != NULL) && (e.error == SocketHError));
}

switch (Mode)
{ case "ABC":
   scenario_ab (integer (__argv[2]), integer (__argv[3]));
   scenario_c ();
}
{ case "D":
   scenario_d ();
}
{ case "E":
   scenario_e (integer (__argv[2]));
}
{
   test_fail ("he_child", "unknown mode \"$Mode\""$);
}
test_done ();
