% test_signals.sl: blocking calls and signals -- SPEC section 9 (and the
% EINTR rule of section 12).
%
% A S-Lang signal handler that throws interrupts a blocking socket call and
% its exception propagates; a handler that does not throw lets the call go
% on (a timed call keeps its original deadline).
require ("./harness");
require ("fork");

% A watchdog, forked before any socket exists: if a blocking call is never
% interrupted, kill this test instead of hanging the suite.
private variable Parent = getpid ();
private variable Watchdog = fork ();
if (Watchdog == 0)
{
   signal (SIGALRM, SIG_DFL);
   loop (50)
     {
	sleep (1);
	if (getppid () != Parent) _exit (0);   % the test ended on its own
     }
   if (getppid () == Parent)
     {
	() = fprintf (stderr, "test_signals: watchdog: a blocking call was never interrupted\n");
	() = kill (Parent, SIGKILL);
     }
   _exit (0);
}

new_exception ("AlarmError", RunTimeError, "alarm went off");

% The signal comes from a one-shot interval timer Delay seconds after
% arm(): shorter than alarm(1), so that the suite stays quick.
private variable Delay = 0.3;
define arm () { setitimer (ITIMER_REAL, Delay, 0.0); }
define disarm () { setitimer (ITIMER_REAL, 0.0, 0.0); }

define throwing_handler (sig)
{
   throw AlarmError, "alarm";
}

% Runs func(args...) with arm() and a throwing handler; the call must
% end with AlarmError after about Delay s, with the stack and the descriptors
% as they were.
define check_interrupt ()
{
   variable args = __pop_list (_NARGS - 2);
   variable name, func;
   (name, func) = ();
   variable e = NULL, nfd = fd_count (), depth = _stkdepth ();
   signal (SIGALRM, &throwing_handler);
   variable t0 = _ftime ();
   try (e)
     {
	arm ();
	(@func) (__push_list (args));
     }
   catch AnyError;
   disarm ();
   variable dt = _ftime () - t0, dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   if (dd > 0) _pop_n (dd);
   expect_true ("$name: raised"$, e != NULL);
   if (e != NULL)
     expect_true (sprintf ("%s: the handler's exception propagates (%s: %s)", name, e.descr, e.message),
		  e.error == AlarmError);
   expect_true (sprintf ("%s: interrupted after %.3f s, wanted [%.2f, %.2f)", name, dt, Delay - 0.05, Delay + 1.5),
		(dt >= Delay - 0.05) && (dt < Delay + 1.5));
   expect_value ("$name: stack depth unchanged"$, dd, 0);
   expect_value ("$name: no descriptor leaked"$, fd_count (), nfd);
}

% Listener whose accept queue is full, so that a new handshake stalls.
% Returns (listener, clients to keep), or (NULL, reason).
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

define fill_socket (s)
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
	     if (errno != EAGAIN) throw;
	     done = 1;
	  }
     }
   return total;
}

define do_recv (s) { () = recv (s, 10); }
define do_recvfrom (s) { () = recvfrom (s, 10); }
define do_accept (s) { () = accept (s); }
define do_connect (s, h, p) { connect (s, h, p); }
define do_send (s) { () = send (s, "more"); }
define do_sendall (s, d) { () = sendall (s, d); }
define do_recv_fds (s) { () = recv_fds (s, 10, 1); }

% --- a throwing handler interrupts -----------------------------------------

define test_throwing ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   check_interrupt ("recv on an idle socketpair", &do_recv, a);
   expect_value ("recv: socket still blocking", getblocking (a), 1);
   % and the socket still works afterwards
   () = send (b, "ok");
   expect_value ("recv after the interruption gets data", recv (a, 10), "ok"B);
   check_interrupt ("recv_fds on an idle socketpair", &do_recv_fds, a);

   variable u = socket (PF_INET6, SOCK_DGRAM, 0);
   bind (u, "::1", 0);
   check_interrupt ("recvfrom on an idle UDP6 socket", &do_recvfrom, u);

   variable fam;
   foreach fam ([PF_INET, PF_INET6])
     {
	variable tag = (fam == PF_INET) ? "inet" : "inet6";
	variable l = tcp_listener (fam);
	check_interrupt ("accept with no client ($tag)"$, &do_accept, l);
	expect_value ("accept: listener still blocking ($tag)"$, getblocking (l), 1);
     }

   variable c, d;
   (c, d) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fill_socket (c);
   check_interrupt ("send on a full socketpair", &do_send, c);
   check_interrupt ("sendall on a full socketpair", &do_sendall, c, "more");

   variable keep, h, p;
   foreach fam ([PF_INET, PF_INET6])
     {
	tag = (fam == PF_INET) ? "inet" : "inet6";
	(l, keep) = stalled_listener (fam);
	if (l == NULL)
	  {
	     () = fprintf (stdout, "# skip: interrupted connect ($tag): %s\n"$, keep);
	     continue;
	  }
	(h, p) = getsockname (l);
	variable s = socket (fam, SOCK_STREAM, 0);
	check_interrupt ("connect to a stalled listener ($tag)"$, &do_connect, s, h, p);
	expect_value ("connect: socket still blocking ($tag)"$, getblocking (s), 1);
     }
}

% --- a handler that does not throw: the call goes on -----------------------

private variable Flag = 0, Peer = NULL, Accepted = NULL, Listener = NULL, Drained = 0;

define send_handler (sig)
{
   Flag++;
   () = send (Peer, "late data");
}

define flag_handler (sig)
{
   Flag++;
}

define accept_handler (sig)
{
   Flag++;
   Accepted = accept (Listener);
}

define drain_handler (sig)
{
   Flag++;
   Drained += drain_socket (Peer);
}

define test_resuming ()
{
   variable a, b, d, t0, dt, depth, dd;

   % recv: the handler itself delivers the data
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   Peer = b; Flag = 0;
   signal (SIGALRM, &send_handler);
   depth = _stkdepth ();
   t0 = _ftime ();
   arm ();
   d = recv (a, 100);
   dt = _ftime () - t0;
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   expect_value ("blocking recv resumes and returns the handler's data", d, "late data"B);
   expect_value ("recv: the handler ran once", Flag, 1);
   expect_true ("recv returned after about $Delay s ($dt)"$, (dt >= Delay - 0.05) && (dt < Delay + 1.5));
   expect_value ("recv: stack as before", dd, 0);

   % a timed recv keeps its deadline: 1 s from the call, not from the signal
   Flag = 0;
   signal (SIGALRM, &flag_handler);
   variable e = NULL;
   depth = _stkdepth ();
   t0 = _ftime ();
   try (e)
     {
	arm ();
	d = recv (a, 100; timeout=1);
     }
   catch SocketError;
   disarm ();
   dt = _ftime () - t0;
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   expect_true ("interrupted timed recv still times out", (e != NULL) && (errno == ETIMEDOUT));
   expect_value ("timed recv: the handler ran", Flag, 1);
   expect_true (sprintf ("timed recv: gave up after %.3f s, wanted [0.95, 1.9)", dt),
		(dt >= 0.95) && (dt < 1.9));
   expect_value ("timed recv: stack as before", dd, 0);

   % a blocking send on a full buffer resumes once the handler drains it
   variable c, q;
   (c, q) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable queued = fill_socket (c);
   Peer = q; Flag = 0; Drained = 0;
   signal (SIGALRM, &drain_handler);
   t0 = _ftime ();
   arm ();
   variable n = send (c, "tail");
   dt = _ftime () - t0;
   signal (SIGALRM, SIG_DFL);
   expect_value ("blocking send resumes after the handler drains", n, 4);
   expect_value ("send: the handler ran once", Flag, 1);
   expect_value ("send: the handler drained what was queued", Drained, queued);
   expect_value ("send: the peer gets the tail", recv (q, 100), "tail"B);
   expect_true ("send returned after about $Delay s ($dt)"$, (dt >= Delay - 0.05) && (dt < Delay + 1.5));

   % an interrupted connect goes on waiting for the handshake instead of
   % failing with EINTR: the handler makes room in the accept queue, the
   % retransmitted SYN gets through and connect returns connected.  (Linux
   % makes a re-issued blocking connect wait too, so this cannot tell
   % "waits" from "re-issues"; it proves the call resumes.)
   variable fam;
   foreach fam ([PF_INET, PF_INET6])
     {
	variable tag = (fam == PF_INET) ? "inet" : "inet6";
	variable l, keep, h, p;
	(l, keep) = stalled_listener (fam);
	if (l == NULL)
	  {
	     () = fprintf (stdout, "# skip: resumed connect ($tag): %s\n"$, keep);
	     continue;
	  }
	(h, p) = getsockname (l);
	Listener = l; Accepted = NULL; Flag = 0;
	variable s = socket (fam, SOCK_STREAM, 0);
	signal (SIGALRM, &accept_handler);
	e = NULL;
	depth = _stkdepth ();
	t0 = _ftime ();
	try (e)
	  {
	     arm ();
	     connect (s, h, p);
	  }
	catch AnyError;
	disarm ();
	dt = _ftime () - t0;
	dd = _stkdepth () - depth;
	signal (SIGALRM, SIG_DFL);
	expect_true (sprintf ("interrupted connect completes (%S) ($tag)"$,
			      (e == NULL) ? "no error" : e.message), e == NULL);
	expect_value ("connect: the handler ran once ($tag)"$, Flag, 1);
	expect_true ("connect: the handler accepted the queued client ($tag)"$, typeof (Accepted) == FD_Type);
	expect_true (sprintf ("connect completed after %.3f s, wanted [%.2f, 8) (%s)", dt, Delay - 0.05, tag),
		     (dt >= Delay - 0.05) && (dt < 8.0));
	expect_value ("connect: stack as before ($tag)"$, dd, 0);
	if (e == NULL)
	  {
	     variable ph, pp;
	     (ph, pp) = getpeername (s);
	     expect_value ("connect: connected to the listener ($tag)"$, pp, p);
	     expect_value ("connect: still blocking ($tag)"$, getblocking (s), 1);
	  }
     }
}

% A handler that closes the socket the call waits on, and then makes a new
% socket that gets the same descriptor number: the call must stop with
% EBADF, not go on with the number and steal the new socket's data.
private variable Victim, Reused_A = NULL, Reused_B = NULL;
define closing_handler (sig)
{
   Flag++;
   () = close (Victim);
   (Reused_A, Reused_B) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = send (Reused_B, "not yours");
}

private define blocking_recv (s) { return recv (s, 100); }
private define timed_recv (s) { return recv (s, 100 ; timeout=30); }
private define blocking_recv_fds (s) { return recv_fds (s, 100, 2); }
private define blocking_accept (s) { return accept (s); }

% make () returns (victim, other end or NULL)
private define make_pair () { return socketpair (PF_UNIX, SOCK_STREAM, 0); }
private define make_listener ()
{
   variable l = socket (PF_INET6, SOCK_STREAM, 0);
   bind (l, "::1", 0);
   listen (l, 4);
   return (l, NULL);
}

define check_closed_by_handler (what, make, func)
{
   variable a, b, e = NULL, depth = _stkdepth (), dd;
   (a, b) = (@make) ();
   Victim = a; Flag = 0;
   variable n0 = _fileno (a);
   signal (SIGALRM, &closing_handler);
   try (e)
     {
	arm ();
	(@func) (a);
     }
   catch AnyError;
   disarm ();
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   expect_value ("$what: the handler ran"$, Flag, 1);
   expect_true (sprintf ("%s: the new socket reuses descriptor %d (test premise)", what, n0),
		(Reused_A != NULL) && (_fileno (Reused_A) == n0));
   expect_true (sprintf ("%s: SocketError EBADF (%S)", what, (e == NULL) ? "no error" : e.message),
		(e != NULL) && (e.error == SocketError) && (errno == EBADF));
   if (e != NULL)
     expect_true ("$what: the message names the call and says why"$,
		  string_match (e.message, "^[a-z_]+: the socket was closed while the call waited", 1));
   expect_value ("$what: the new socket's data is untouched"$,
		 recv (Reused_A, 100 ; timeout=5), "not yours"B);
   expect_value ("$what: stack as before"$, dd, 0);
   if (b != NULL) () = close (b);
   () = close (Reused_A); () = close (Reused_B);
   Reused_A = NULL; Reused_B = NULL;
}

define test_closed_by_handler ()
{
   check_closed_by_handler ("recv", &make_pair, &blocking_recv);
   check_closed_by_handler ("recv ;timeout", &make_pair, &timed_recv);
   check_closed_by_handler ("recv_fds", &make_pair, &blocking_recv_fds);
   check_closed_by_handler ("accept", &make_listener, &blocking_accept);
}

% sendall: the "closed" exception still says how much went out
private variable Sendall_Victim;
define close_sendall_handler (sig) { Flag++; () = close (Sendall_Victim); }
define test_sendall_closed ()
{
   variable a, b, e = NULL, depth = _stkdepth (), dd;
   variable big = typecast (array_to_bstring (UChar_Type[1200000]), BString_Type);
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   Sendall_Victim = a; Flag = 0;
   signal (SIGALRM, &close_sendall_handler);
   try (e)
     {
	arm ();
	() = sendall (a, big ; timeout=30);
     }
   catch AnyError;
   disarm ();
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   expect_true (sprintf ("sendall closed by a handler: SocketError EBADF (%S)", (e == NULL) ? "no error" : e.message),
		(e != NULL) && (e.error == SocketError) && (errno == EBADF));
   variable got = 0, chunk;
   forever
     {
	chunk = recv (b, 1000000 ; timeout=0);
	if (bstrlen (chunk) == 0) break;   % EOF: the writer is closed
	got += bstrlen (chunk);
     }
   if (e != NULL)
     {
	expect_true ("sendall closed by a handler: some but not all went out",
		     (typeof (e.object) == Int_Type) && (e.object > 0) && (e.object < 1200000));
	expect_value ("sendall closed by a handler: the exception's object is what the peer got", e.object, got);
	expect_true ("sendall closed by a handler: the message says why and how much",
		     string_match (e.message, "^sendall: the socket was closed while the call waited.* ([0-9]+ of 1200000 bytes sent)", 1));
     }
   expect_value ("sendall closed by a handler: stack as before", dd, 0);
   () = close (b);
}

% a blocking sendall (no timeout) that a signal cuts short returns a
% partial count from send(), not EINTR: the handler must still run
private define big_sendall (s)
{
   return sendall (s, typecast (array_to_bstring (UChar_Type[4000000]), BString_Type));
}

% poll: a descriptor the handler closed reports POLLNVAL, even when its
% number was reused by a new socket that has data
define test_poll_closed ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   Victim = a; Flag = 0;
   variable n0 = _fileno (a);
   signal (SIGALRM, &closing_handler);
   arm ();
   variable rv = poll ([a, b], POLLIN, 5.0);
   disarm ();
   signal (SIGALRM, SIG_DFL);
   expect_value ("poll: the handler ran", Flag, 1);
   expect_true ("poll: the new socket reuses the closed one's number (test premise)",
		(Reused_A != NULL) && (_fileno (Reused_A) == n0));
   expect_value ("poll: the closed descriptor reports POLLNVAL, not the new socket's POLLIN", rv[0], POLLNVAL);
   expect_true ("poll: its peer reports the hang-up", rv[1] & POLLHUP);
   () = close (b); () = close (Reused_A); () = close (Reused_B);
   Reused_A = NULL; Reused_B = NULL;
}

% Nested waits: a handler that polls while an outer recv waits is not
% stopped when a second handler closes the outer recv's socket; the
% outer recv is.
private variable Outer, Inner_q, Log;
define usr1_close_handler (sig) { list_append (Log, "closed"); () = close (Outer); }
define alarm_poll_handler (sig)
{
   variable rv = NULL;
   try { rv = poll ([Inner_q], POLLIN, 1.0); list_append (Log, rv); }
   catch AnyError: { list_append (Log, "poll raised: " + __get_exception_info ().message); }
}
define test_nested_guard ()
{
   variable s1b, qb, e = NULL;
   (Outer, s1b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   (Inner_q, qb) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   Log = {};
   variable me = getpid ();
   variable pid = fork ();
   if (pid == 0)
     {
	sleep (0.3); () = kill (me, SIGALRM);
	sleep (0.3); () = kill (me, SIGUSR1);
	_exit (0);
     }
   signal (SIGALRM, &alarm_poll_handler);
   signal (SIGUSR1, &usr1_close_handler);
   try (e) { () = recv (Outer, 10); }
   catch AnyError;
   () = waitpid (pid, 0);
   signal (SIGALRM, SIG_DFL);
   signal (SIGUSR1, SIG_DFL);
   expect_value ("nested: the handler's poll ran to its own timeout, then the close", length (Log), 2);
   if (length (Log) == 2)
     {
	expect_true (sprintf ("nested: the inner poll returned normally (%S)", Log[1]), typeof (Log[1]) == Array_Type);
	expect_value ("nested: then the outer socket was closed", Log[0], "closed");
     }
   expect_true (sprintf ("nested: the outer recv stops with EBADF (%S)", (e == NULL) ? "no error" : e.message),
		(e != NULL) && (errno == EBADF) && is_substr (e.message, "recv: the socket was closed"));
   () = close (s1b); () = close (Inner_q); () = close (qb);
}

% MSG_WAITALL with a deadline, waiting for the rest: a handler that does
% not throw lets the wait go on (here it sends the rest itself); one
% that throws ends the call with its exception and the stack intact.
private variable Rest_Peer;
define send_rest_handler (sig) { Flag++; () = send (Rest_Peer, "defghij"); }
define test_waitall_signals ()
{
   variable a, b, d = NULL, e = NULL, depth, dd;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = send (b, "abc");
   Rest_Peer = b; Flag = 0;
   signal (SIGALRM, &send_rest_handler);
   depth = _stkdepth ();
   arm ();
   d = recv (a, 10, MSG_WAITALL ; timeout=30);
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   expect_value ("MSG_WAITALL + quiet handler: the wait went on to the end", d, "abcdefghij"B);
   expect_value ("MSG_WAITALL + quiet handler: the handler ran once", Flag, 1);
   expect_value ("MSG_WAITALL + quiet handler: stack as before", dd, 0);

   () = send (b, "abc");
   signal (SIGALRM, &throwing_handler);
   depth = _stkdepth ();
   try (e)
     {
	arm ();
	d = recv (a, 10, MSG_WAITALL ; timeout=30);
     }
   catch AnyError;
   disarm ();
   dd = _stkdepth () - depth;
   signal (SIGALRM, SIG_DFL);
   expect_true ("MSG_WAITALL + throwing handler: the handler's exception propagates",
		(e != NULL) && (e.error == AlarmError));
   expect_value ("MSG_WAITALL + throwing handler: stack as before", dd, 0);
   () = close (a); () = close (b);
}

% MSG_WAITALL without a deadline behaves as one recv(2): a signal ends
% it with what arrived, and the handler runs once the call has returned
% -- also beyond 1 MiB, where the module reads on in a loop.
define test_waitall_blocking (maxlen, first)
{
   variable a, b, d = NULL, e = NULL;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable pid = fork ();
   if (pid == 0)
     {
	() = close (a);
	() = sendall (b, typecast (array_to_bstring (UChar_Type[first]), BString_Type));
	sleep (10);
	_exit (0);
     }
   () = close (b);
   signal (SIGALRM, &throwing_handler);
   try (e)
     {
	arm ();
	d = recv (a, maxlen, MSG_WAITALL);
     }
   catch AnyError;
   disarm ();
   signal (SIGALRM, SIG_DFL);
   () = kill (pid, SIGKILL);
   () = waitpid (pid, 0);
   expect_true ("blocking MSG_WAITALL, maxlen $maxlen: the handler's exception propagates"$,
		(e != NULL) && (e.error == AlarmError));
   expect_value ("blocking MSG_WAITALL, maxlen $maxlen: what arrived was returned first"$,
		 (d == NULL) ? 0 : bstrlen (d), first);
   () = close (a);
}

test_throwing ();
test_resuming ();
test_waitall_blocking (1000000, 500000);
test_waitall_blocking (3000000, 1048576);
test_waitall_signals ();
test_closed_by_handler ();
test_sendall_closed ();
private variable Big_A, Big_B;
(Big_A, Big_B) = socketpair (PF_UNIX, SOCK_STREAM, 0);
check_interrupt ("blocking sendall of 4 MB on an empty socketpair", &big_sendall, Big_A);
() = close (Big_A); () = close (Big_B);
test_poll_closed ();
test_nested_guard ();

() = kill (Watchdog, SIGKILL);
() = waitpid (Watchdog, 0);
test_done ();
