% test_loop.sl: the selector and the event loop -- SPEC section 14, with
% the error rules of section 3, the signal rules of section 9 and the
% streams of section 13.
%
% Loopback only: unix socketpairs, TCP pairs over 127.0.0.1 and ::1, pipes.
% Nothing waits on a sleep: data is there before the call, or a timer's
% signal handler (or a forked child) delivers it while the call waits.
% Every wait is bounded (timeouts, and a watchdog that kills a hung run).
%
%   slsh test_loop.sl            the whole suite
%   slsh test_loop.sl --big      only the 10,000-descriptor part (run in a
%                                child shell when the soft RLIMIT_NOFILE of
%                                this process is too low and slsh cannot
%                                raise it itself)
require ("./harness");
require ("fork");

private variable Big_Only = (__argc > 1) && (__argv[1] == "--big");

% A watchdog, forked before any socket exists: if a call that should
% return never does, kill this test instead of hanging the suite.
private variable Parent = getpid ();
private variable Watchdog = fork ();
if (Watchdog == 0)
{
   signal (SIGALRM, SIG_DFL);
   loop (300)
     {
	sleep (1);
	if (getppid () != Parent) _exit (0);   % the test ended on its own
     }
   if (getppid () == Parent)
     {
	() = fprintf (stderr, "test_loop: watchdog: a call never returned\n");
	() = kill (Parent, SIGKILL);
     }
   _exit (0);
}

new_exception ("LoopTestError", RunTimeError, "a callback threw");
new_exception ("LoopAlarmError", RunTimeError, "the alarm handler threw");

% ------------------------------------------------------------------
% Helpers

% NULL if no exception, else the exception struct; the stack is restored.
private define catch_error ()
{
   variable args = __pop_list (_NARGS - 1);
   variable func = ();
   variable depth = _stkdepth ();
   variable e = NULL;
   try (e)
     {
	(@func) (__push_list (args);; __qualifiers);
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   if (d > 0) _pop_n (d);
   return e;
}

private define descr (e)
{
   if (e == NULL) return "no exception";
   return sprintf ("%s: %s", e.descr, e.message);
}

private define upair ()
{
   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   return a, b;
}

private define have_inet6 ()
{
   variable e = catch_error (&tcp_listener, AF_INET6);
   return e == NULL;
}
private variable Have_Inet6 = have_inet6 ();

% (reader, writer) of every kind: unix socketpair, TCP v4, TCP v6, pipe
private define kinds ()
{
   variable k = {"unix", "inet", "pipe"};
   if (Have_Inet6) list_append (k, "inet6");
   return k;
}

private define make_pair (kind)
{
   switch (kind)
     { case "unix": return upair (); }
     { case "inet": return tcp_pair (AF_INET); }
     { case "inet6": return tcp_pair (AF_INET6); }
     { case "pipe": return pipe (); }
   throw RunTimeError, "make_pair: $kind"$;
}

private define put (w, s)
{
   () = write (w, s);
}

private define drain (r)
{
   variable buf, n = 0;
   variable sel = selector_new ();
   selector_add (sel, r, POLLIN, 0);
   forever
     {
	variable d, rv;
	(d, rv) = selector_wait (sel, 0);
	if (length (d) == 0) break;
	variable k = read (r, &buf, 65536);
	if (k <= 0) break;
	n += k;
     }
   selector_close (sel);
   return n;
}

private define busy (secs)
{
   variable t = _ftime ();
   while (_ftime () - t < secs) ;
}

private define t_elapsed (t0) { return _ftime () - t0; }

% ------------------------------------------------------------------
% Selector: add, wait, data handed back, revents

private define test_selector_basics ()
{
   variable sel = selector_new ();
   expect_value ("selector_new: typeof is Selector_Type", typeof (sel), Selector_Type);

   variable a, b, data, rev, t0;
   (a, b) = upair ();
   selector_add (sel, a, POLLIN, 42);
   t0 = _ftime ();
   (data, rev) = selector_wait (sel, 0);
   expect_true ("wait(0) with nothing ready returns at once", t_elapsed (t0) < 0.1);
   expect_value ("wait: nothing ready: data empty", length (data), 0);
   expect_value ("wait: nothing ready: revents empty", length (rev), 0);
   expect_value ("wait: data is an array", typeof (data), Array_Type);
   expect_value ("wait: data is Any_Type[]", _typeof (data), Any_Type);
   expect_value ("wait: revents is an array", typeof (rev), Array_Type);
   expect_value ("wait: revents is Int_Type[]", _typeof (rev), Int_Type);

   t0 = _ftime ();
   (data, rev) = selector_wait (sel, 0.2);
   variable dt = t_elapsed (t0);
   expect_true (sprintf ("wait(0.2) with nothing ready waits the timeout (%.3f s)", dt),
		(dt >= 0.18) && (dt < 2.0));
   expect_value ("wait(0.2): nothing", length (data), 0);

   put (b, "x");
   t0 = _ftime ();
   (data, rev) = selector_wait (sel, 5);
   expect_true ("wait(5) returns at once when one is ready", t_elapsed (t0) < 1.0);
   expect_value ("wait: one ready", length (data), 1);
   expect_value ("wait: equal lengths", length (rev), length (data));
   expect_value ("wait: data handed back (Int)", @data[0], 42);
   expect_value ("wait: revents POLLIN", rev[0], POLLIN);

   % level-triggered: not read, reported again
   (data, rev) = selector_wait (sel, 0);
   expect_value ("wait: level-triggered, reported again", length (data), 1);
   () = drain (a);
   (data, rev) = selector_wait (sel, 0);
   expect_value ("wait: after reading, nothing", length (data), 0);

   % several at once, each with its own data
   variable c, d, e, f;
   (c, d) = upair ();
   (e, f) = upair ();
   selector_add (sel, c, POLLIN, "c");
   selector_add (sel, e, POLLIN, "e");
   put (b, "1"); put (f, "2");
   (data, rev) = selector_wait (sel, 5);
   variable got = String_Type[length (data)], i;
   _for i (0, length (data) - 1, 1) got[i] = string (@data[i]);
   got = got[array_sort (got)];
   expect_value ("wait: two ready of three", length (data), 2);
   expect_value ("wait: the ready ones' data", strjoin (got, ","), "42,e");
   expect_value ("wait: two ready: revents", rev, [POLLIN, POLLIN]);
   selector_close (sel);
}

% data of any type comes back as given
private define sample_fn () { return "called"; }

private define test_selector_data_types ()
{
   variable s = struct { x = 7 };
   variable values = {1234, "a string", "bin\0ary"B, 3.5, [1, 2, 3], s, &sample_fn, NULL, {1, "two"}};
   variable names = ["Int", "String", "BString", "Double", "Int array", "Struct", "function reference", "NULL", "List"];
   variable i;
   _for i (0, length (values) - 1, 1)
     {
	variable v = values[i], a, b, data, rev, sel = selector_new ();
	(a, b) = upair ();
	selector_add (sel, a, POLLIN, v);
	put (b, "x");
	(data, rev) = selector_wait (sel, 5);
	variable name = "data handed back: " + names[i];
	if (length (data) != 1)
	  {
	     test_fail (name, sprintf ("%d ready", length (data)));
	     continue;
	  }
	variable g = @data[0];
	expect_value (name + " (type)", typeof (g), typeof (v));
	switch (names[i])
	  { case "Struct":
	     expect_true (name + " (the same struct)", __is_same (g, s));
	     s.x = 8;
	     expect_value (name + " (a reference: a change shows)", g.x, 8);
	  }
	  { case "function reference":
	     expect_value (name + " (callable)", (@g) (), "called");
	  }
	  { case "List":
	     expect_true (name + " (the same list)", __is_same (g, v));
	  }
	  {
	     expect_true (name + " (equal)", _eqs (g, v));
	  }
	selector_close (sel);
     }
}

private define test_selector_revents ()
{
   variable kind, a, b, data, rev, sel;

   foreach kind (kinds ())
     {
	% POLLOUT on a fresh writer
	(a, b) = make_pair (kind);
	sel = selector_new ();
	selector_add (sel, b, POLLOUT, "w");
	(data, rev) = selector_wait (sel, 5);
	expect_value ("$kind: POLLOUT on a fresh writer"$, rev, [POLLOUT]);
	selector_close (sel);

	% POLLIN|POLLOUT asked, both there (not for a pipe: one way)
	if (kind != "pipe")
	  {
	     sel = selector_new ();
	     selector_add (sel, a, POLLIN | POLLOUT, "rw");
	     put (b, "x");
	     (data, rev) = selector_wait (sel, 5);
	     expect_value ("$kind: POLLIN|POLLOUT asked and both ready"$, rev, [POLLIN | POLLOUT]);
	     () = drain (a);
	     (data, rev) = selector_wait (sel, 5);
	     expect_value ("$kind: only POLLOUT once read"$, rev, [POLLOUT]);
	     selector_close (sel);
	  }

	% peer closes
	sel = selector_new ();
	selector_add (sel, a, POLLIN | POLLRDHUP, "r");
	() = close (b);
	(data, rev) = selector_wait (sel, 5);
	expect_value ("$kind: peer closed: one ready"$, length (rev), 1);
	if (length (rev))
	  {
	     if ((kind == "unix") || (kind == "pipe"))
	       expect_true (sprintf ("%s: peer closed: POLLHUP (revents %d)", kind, rev[0]), rev[0] & POLLHUP);
	     if (kind != "pipe")
	       expect_true (sprintf ("%s: peer closed: POLLIN|POLLRDHUP (revents %d)", kind, rev[0]),
			    (rev[0] & (POLLIN | POLLRDHUP)) == (POLLIN | POLLRDHUP));
	     else
	       expect_true (sprintf ("%s: peer closed: no POLLRDHUP on a pipe (revents %d)", kind, rev[0]),
			    (rev[0] & ~(POLLIN | POLLHUP)) == 0);
	  }
	selector_close (sel);
	a = NULL; b = NULL;
     }

   % POLLHUP is reported even when only POLLIN was asked (as poll)
   (a, b) = upair ();
   sel = selector_new ();
   selector_add (sel, a, POLLIN, 0);
   () = close (b);
   (data, rev) = selector_wait (sel, 5);
   expect_value ("socketpair peer closed, POLLIN asked: POLLIN|POLLHUP", rev, [POLLIN | POLLHUP]);
   selector_close (sel);

   % POLLERR: the read end of a pipe gone, the writer reports it
   (a, b) = pipe ();
   sel = selector_new ();
   selector_add (sel, b, POLLOUT, 0);
   () = close (a);
   (data, rev) = selector_wait (sel, 5);
   expect_true (sprintf ("pipe reader closed: POLLERR for the writer (%S)", rev),
		(length (rev) == 1) && (rev[0] & POLLERR));
   selector_close (sel);
}

% modify and remove
private define test_selector_modify_remove ()
{
   variable a, b, data, rev, sel = selector_new ();
   (a, b) = upair ();
   selector_add (sel, a, POLLIN, "first");
   (data, rev) = selector_wait (sel, 0);
   expect_value ("modify: POLLIN, nothing to read: not ready", length (data), 0);
   selector_modify (sel, a, POLLOUT);
   (data, rev) = selector_wait (sel, 5);
   expect_value ("modify: to POLLOUT: reported", rev, [POLLOUT]);
   expect_value ("modify without data keeps the data", @data[0], "first");
   selector_modify (sel, a, POLLOUT, {"second"});
   (data, rev) = selector_wait (sel, 5);
   expect_value ("modify with data replaces it", typeof (@data[0]), List_Type);
   expect_value ("modify with data replaces it (value)", (@data[0])[0], "second");
   selector_modify (sel, a, POLLIN, 99);
   (data, rev) = selector_wait (sel, 0);
   expect_value ("modify: back to POLLIN: nothing", length (data), 0);
   put (b, "x");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("modify: POLLIN with data pending", rev, [POLLIN]);
   expect_value ("modify: data 99", @data[0], 99);

   % a bad mask: InvalidParmError, and what was watched stays
   expect_error ("modify: bad events mask", InvalidParmError, NULL, &selector_modify, sel, a, 0x100000);
   (data, rev) = selector_wait (sel, 5);
   expect_value ("modify failed: still POLLIN with data 99", length (data) ? @data[0] : NULL, 99);

   selector_remove (sel, a);
   (data, rev) = selector_wait (sel, 0);
   expect_value ("remove: no longer reported", length (data), 0);
   expect_error ("remove: twice", InvalidParmError, NULL, &selector_remove, sel, a);
   expect_error ("modify: not watched", InvalidParmError, NULL, &selector_modify, sel, a, POLLIN);
   selector_add (sel, a, POLLIN, "again");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("add after remove works", length (data) ? @data[0] : NULL, "again");

   % the selector lets the descriptor go once removed
   variable n = fd_count ();
   selector_remove (sel, a);
   a = NULL;
   expect_value ("remove drops the selector's reference: the descriptor closes", fd_count (), n - 1);

   % close
   selector_close (sel);
   variable e = catch_error (&selector_wait, sel, 0);
   expect_true ("wait after close raises SocketError (" + descr (e) + ")",
		(e != NULL) && (e.error == SocketError));
   e = catch_error (&selector_add, sel, b, POLLIN, 0);
   expect_true ("add after close raises SocketError (" + descr (e) + ")",
		(e != NULL) && (e.error == SocketError));
}

% errors: classes, messages, stack, descriptors
private define test_selector_errors ()
{
   variable sel = selector_new (), a, b, st;
   (a, b) = upair ();
   selector_add (sel, a, POLLIN, 0);
   expect_error ("add twice", InvalidParmError, "already", &selector_add, sel, a, POLLIN, 1);
   expect_error ("add twice with other events", InvalidParmError, NULL, &selector_add, sel, a, POLLOUT, 1);
   st = stream_new (a);
   expect_error ("add the stream of a watched descriptor", InvalidParmError, NULL, &selector_add, sel, st, POLLIN, 1);
   expect_error ("remove an unwatched fd", InvalidParmError, "not watched", &selector_remove, sel, b);
   expect_error ("modify an unwatched fd", InvalidParmError, NULL, &selector_modify, sel, b, POLLIN);
   expect_error ("add: bad events mask (bit 20)", InvalidParmError, NULL, &selector_add, sel, b, 0x100000, 0);
   expect_error ("add: bad events mask (-1)", InvalidParmError, NULL, &selector_add, sel, b, -1, 0);
   expect_error ("add: bad events mask (POLLNVAL)", InvalidParmError, NULL, &selector_add, sel, b, POLLNVAL, 0);
   expect_error ("wait: NaN timeout", InvalidParmError, NULL, &selector_wait, sel, _NaN);

   expect_error ("selector_new (1)", NumArgsError, "usage", &selector_new, 1);
   expect_error ("add: 3 args", NumArgsError, "usage", &selector_add, sel, b, POLLIN);
   expect_error ("add: 5 args", NumArgsError, "usage", &selector_add, sel, b, POLLIN, 0, 0);
   expect_error ("modify: 2 args", NumArgsError, "usage", &selector_modify, sel, b);
   expect_error ("modify: 5 args", NumArgsError, "usage", &selector_modify, sel, a, POLLIN, 0, 0);
   expect_error ("remove: 1 arg", NumArgsError, "usage", &selector_remove, sel);
   expect_error ("remove: 3 args", NumArgsError, "usage", &selector_remove, sel, a, 0);
   expect_error ("wait: 1 arg", NumArgsError, "usage", &selector_wait, sel);
   expect_error ("wait: 3 args", NumArgsError, "usage", &selector_wait, sel, 0, 0);
   expect_error ("close: 0 args", NumArgsError, "usage", &selector_close);

   expect_error ("add: sel an Int", TypeMismatchError, NULL, &selector_add, 1, b, POLLIN, 0);
   expect_error ("add: sel an EventLoop", TypeMismatchError, NULL, &selector_add, eventloop_new (), b, POLLIN, 0);
   expect_error ("add: fd an Int", TypeMismatchError, NULL, &selector_add, sel, 5, POLLIN, 0);
   expect_error ("add: fd a String", TypeMismatchError, NULL, &selector_add, sel, "x", POLLIN, 0);
   expect_error ("add: events a String", TypeMismatchError, NULL, &selector_add, sel, b, "POLLIN", 0);
   expect_error ("modify: fd an Int", TypeMismatchError, NULL, &selector_modify, sel, 5, POLLIN);
   expect_error ("modify: events a String", TypeMismatchError, NULL, &selector_modify, sel, a, "x");
   expect_error ("remove: fd NULL", TypeMismatchError, NULL, &selector_remove, sel, NULL);
   expect_error ("wait: timeout a String", TypeMismatchError, NULL, &selector_wait, sel, "1");
   expect_error ("wait: sel an FD", TypeMismatchError, NULL, &selector_wait, a, 0);
   expect_error ("close: sel a String", TypeMismatchError, NULL, &selector_close, "sel");

   % after all that, the selector is as it was: only a, not ready
   variable data, rev;
   (data, rev) = selector_wait (sel, 0);
   expect_value ("after the errors: nothing ready", length (data), 0);
   put (b, "x");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("after the errors: a still watched", rev, [POLLIN]);
   selector_close (sel);
}

% negative timeout: waits until something is ready; signals (section 9)
private variable Alarm_Writer = NULL, Alarm_Flag = 0;
private define writer_handler (sig) { Alarm_Flag++; put (Alarm_Writer, "late"); }
private define flag_handler (sig) { Alarm_Flag++; }
private define throwing_handler (sig) { Alarm_Flag++; throw LoopAlarmError, "alarm in the wait"; }

private define test_selector_blocking_and_signals ()
{
   variable a, b, data, rev, t0, dt, sel = selector_new ();
   (a, b) = upair ();
   selector_add (sel, a, POLLIN, "a");

   % a forked child writes: wait(-1) returns with it
   variable pid = fork ();
   if (pid == 0)
     {
	put (b, "from the child");
	_exit (0);
     }
   t0 = _ftime ();
   (data, rev) = selector_wait (sel, -1);
   expect_value ("wait(-1): a forked child's write wakes it", length (data) ? @data[0] : NULL, "a");
   () = waitpid (pid, 0);
   () = drain (a);

   % an alarm's handler writes while wait(-1) blocks: it ran, and the wait
   % went on until the data came
   Alarm_Writer = b; Alarm_Flag = 0;
   signal (SIGALRM, &writer_handler);
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.2, 0.0);
   (data, rev) = selector_wait (sel, -1);
   dt = t_elapsed (t0);
   signal (SIGALRM, SIG_DFL);
   expect_true (sprintf ("wait(-1) blocked until the handler wrote (%.3f s)", dt), (dt >= 0.15) && (dt < 3));
   expect_value ("wait(-1): the handler ran once", Alarm_Flag, 1);
   expect_value ("wait(-1): returns the descriptor the handler wrote to", rev, [POLLIN]);
   () = drain (a);

   % a quiet handler: the wait goes on to its own deadline
   Alarm_Flag = 0;
   signal (SIGALRM, &flag_handler);
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.1, 0.0);
   (data, rev) = selector_wait (sel, 0.4);
   dt = t_elapsed (t0);
   signal (SIGALRM, SIG_DFL);
   expect_value ("quiet handler ran during wait", Alarm_Flag, 1);
   expect_true (sprintf ("quiet handler: the wait kept its deadline (%.3f s)", dt), (dt >= 0.38) && (dt < 3));
   expect_value ("quiet handler: nothing ready", length (data), 0);

   % a throwing handler: its exception propagates, stack and fds unchanged
   Alarm_Flag = 0;
   signal (SIGALRM, &throwing_handler);
   variable depth = _stkdepth (), nfd = fd_count ();
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.2, 0.0);
   variable e = catch_error (&selector_wait, sel, -1);
   dt = t_elapsed (t0);
   setitimer (ITIMER_REAL, 0.0, 0.0);
   signal (SIGALRM, SIG_DFL);
   expect_true ("throwing handler: wait(-1) ends with its exception (" + descr (e) + ")",
		(e != NULL) && (e.error == LoopAlarmError) && (e.message == "alarm in the wait"));
   expect_true (sprintf ("throwing handler: after %.3f s", dt), (dt >= 0.15) && (dt < 3));
   variable dd1 = _stkdepth () - depth; expect_value ("throwing handler: stack unchanged", dd1, 0);
   expect_value ("throwing handler: descriptors unchanged", fd_count (), nfd);
   put (b, "x");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("after the throwing handler the selector works", rev, [POLLIN]);
   selector_close (sel);
}

% ------------------------------------------------------------------
% A descriptor closed while registered

private define test_selector_closed_fd ()
{
   variable a, b, c, d, data, rev, sel = selector_new ();

   % closed, its number free
   (a, b) = upair ();
   selector_add (sel, a, POLLIN, "old");
   put (b, "x");
   () = close (a);
   (data, rev) = selector_wait (sel, 0);
   expect_value ("closed while registered: never reported", length (data), 0);
   variable e = catch_error (&selector_remove, sel, a);
   expect_true ("remove of a closed descriptor raises (" + descr (e) + ")", e != NULL);
   a = NULL; b = NULL;

   % closed, its number reused at once by a new socket that is ready
   (a, b) = upair ();
   variable n = _fileno (a);
   selector_add (sel, a, POLLIN, "old");
   () = close (a);
   (c, d) = upair ();
   expect_value ("the new socket reuses the closed number", _fileno (c), n);
   put (d, "new data");
   (data, rev) = selector_wait (sel, 0);
   expect_value ("closed and number reused by a ready socket: nothing reported", length (data), 0);
   selector_add (sel, c, POLLIN, "new");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("adding the new one works: it alone is reported", length (data), 1);
   expect_value ("adding the new one works: its data", length (data) ? @data[0] : NULL, "new");
   selector_remove (sel, c);
   (data, rev) = selector_wait (sel, 0);
   expect_value ("the new one removed: nothing", length (data), 0);
   a = NULL; b = NULL; c = NULL; d = NULL;

   % the same, while another descriptor keeps the old socket open (so that
   % the kernel's epoll still has it): still never reported
   (a, b) = upair ();
   n = _fileno (a);
   selector_add (sel, a, POLLIN, "old");
   variable keep = dup_fd (a);
   () = close (a);
   (c, d) = upair ();
   expect_value ("dup kept: the new socket reuses the closed number", _fileno (c), n);
   put (b, "old data");
   put (d, "new data");
   (data, rev) = selector_wait (sel, 0);
   expect_value ("closed (a dup open elsewhere) and reused: nothing reported", length (data), 0);
   selector_add (sel, c, POLLIN, "new");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("dup kept: adding the new one works", length (data) ? @data[0] : NULL, "new");
   expect_value ("dup kept: only the new one", length (data), 1);
   () = drain (c);
   % the old socket is still readable (through keep); the new one is not:
   % a wait with a timeout must wait, not return at once with nothing
   variable t0 = _ftime ();
   (data, rev) = selector_wait (sel, 0.3);
   variable dt = t_elapsed (t0);
   expect_value ("dup kept: nothing reported while the old socket is ready", length (data), 0);
   expect_true (sprintf ("dup kept: wait(0.3) waits its timeout, not woken by the stale socket (%.3f s)", dt),
		dt >= 0.28);
   % and wait(-1) waits for the new one to be ready, not returning with nothing
   Alarm_Writer = d; Alarm_Flag = 0;
   signal (SIGALRM, &writer_handler);
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.2, 0.0);
   (data, rev) = selector_wait (sel, -1);
   dt = t_elapsed (t0);
   setitimer (ITIMER_REAL, 0.0, 0.0);
   signal (SIGALRM, SIG_DFL);
   expect_true (sprintf ("dup kept: wait(-1) returns only when something is ready (%d after %.3f s)", length (data), dt),
		(length (data) == 1) && (dt >= 0.15));
   selector_close (sel);
   keep = NULL; a = NULL; b = NULL; c = NULL; d = NULL;
}

% ------------------------------------------------------------------
% Streams with buffered bytes

private define test_selector_streams ()
{
   variable a, b, data, rev, kind;
   foreach kind (kinds ())
     {
	(a, b) = make_pair (kind);
	variable st = stream_new (a);
	put (b, "line1\nline2\n");
	variable sel = selector_new ();
	selector_add (sel, st, POLLIN, "st");
	(data, rev) = selector_wait (sel, 5);
	expect_value ("$kind: stream with data on the descriptor: POLLIN"$, rev, [POLLIN]);
	expect_value ("$kind: first line"$, stream_readline (st; timeout = 5), "line1\n");
	expect_true ("$kind: the rest is buffered"$, stream_pending (st) > 0);

	% the descriptor itself has nothing left
	variable sel2 = selector_new ();
	selector_add (sel2, stream_fd (st), POLLIN, "raw");
	(data, rev) = selector_wait (sel2, 0);
	expect_value ("$kind: the descriptor itself is not ready"$, length (data), 0);
	selector_close (sel2);

	variable t0 = _ftime ();
	(data, rev) = selector_wait (sel, 5);
	expect_true ("$kind: buffered stream: wait(5) returns at once"$, t_elapsed (t0) < 1.0);
	expect_value ("$kind: buffered stream is ready for POLLIN"$, rev, [POLLIN]);
	expect_value ("$kind: buffered stream: its data"$, length (data) ? @data[0] : NULL, "st");
	(data, rev) = selector_wait (sel, -1);
	expect_value ("$kind: buffered stream: wait(-1) returns at once"$, rev, [POLLIN]);

	% not asked for POLLIN: not reported for the buffer
	if (kind != "pipe")
	  {
	     selector_modify (sel, st, POLLOUT);
	     (data, rev) = selector_wait (sel, 5);
	     expect_value ("$kind: buffered stream, POLLOUT asked: POLLOUT only"$, rev, [POLLOUT]);
	     selector_modify (sel, st, POLLIN | POLLOUT);
	     (data, rev) = selector_wait (sel, 5);
	     expect_value ("$kind: buffered stream, POLLIN|POLLOUT asked: both"$, rev, [POLLIN | POLLOUT]);
	     selector_modify (sel, st, POLLIN);
	  }
	else
	  {
	     selector_modify (sel, st, 0);
	     (data, rev) = selector_wait (sel, 0);
	     expect_value ("$kind: buffered stream, no events asked: nothing"$, length (data), 0);
	     selector_modify (sel, st, POLLIN);
	  }

	expect_value ("$kind: second line from the buffer"$, stream_readline (st; timeout = 5), "line2\n");
	(data, rev) = selector_wait (sel, 0);
	expect_value ("$kind: drained stream: not ready"$, length (data), 0);
	put (b, "line3\n");
	(data, rev) = selector_wait (sel, 5);
	expect_value ("$kind: new data on the stream's descriptor: ready"$, rev, [POLLIN]);
	expect_value ("$kind: third line"$, stream_readline (st; timeout = 5), "line3\n");

	% a closed stream is dropped
	put (b, "x\ny\n");
	() = stream_readline (st; timeout = 5);
	stream_close (st);
	(data, rev) = selector_wait (sel, 0);
	expect_value ("$kind: stream closed while registered (bytes buffered): never reported"$, length (data), 0);
	selector_close (sel);
	a = NULL; b = NULL; st = NULL;
     }
}

% ------------------------------------------------------------------
% 10,000 registered descriptors, one ready

private define nofile_limits ()
{
   variable fp = fopen ("/proc/self/limits", "r"), l;
   if (fp == NULL) return -1, -1;
   while (-1 != fgets (&l, fp))
     {
	if (0 == is_substr (l, "Max open files")) continue;
	variable f = strtok (l);
	variable soft = f[3], hard = f[4];
	return ((soft == "unlimited") ? 0x7FFFFFFF : atoi (soft)),
	  ((hard == "unlimited") ? 0x7FFFFFFF : atoi (hard));
     }
   return -1, -1;
}

private variable Big_Pairs = 5000;
private variable Big_Called = 0;
private variable Big_Loop = NULL;
% (the loop is not passed as an argument: 10,000 watches holding the loop
% that holds them would be a reference cycle, never freed)
private define big_cb (fd, revents, tag)
{
   Big_Called++;
   () = drain (fd);
   eventloop_stop (Big_Loop);
}

private define big_part ()
{
   variable n0 = fd_count ();
   variable A = {}, B = {}, i, a, b, data, rev;
   variable sel = selector_new ();
   _for i (0, Big_Pairs - 1, 1)
     {
	(a, b) = upair ();
	list_append (A, a); list_append (B, b);
	selector_add (sel, a, POLLIN, i);
	selector_add (sel, b, POLLIN, Big_Pairs + i);
     }
   expect_true (sprintf ("big: %d descriptors open", 2 * Big_Pairs), fd_count () >= n0 + 2 * Big_Pairs);
   (data, rev) = selector_wait (sel, 0);
   expect_value ("big: 10,000 registered, none ready", length (data), 0);
   variable k = 3777;
   put (A[k], "x");
   (data, rev) = selector_wait (sel, 5);
   expect_value ("big: 10,000 registered, one ready: exactly one reported", length (data), 1);
   expect_value ("big: the ready one's data", length (data) ? @data[0] : NULL, Big_Pairs + k);
   expect_value ("big: its revents", rev, [POLLIN]);
   () = drain (B[k]);
   put (B[17], "y");
   put (A[4999], "z");
   (data, rev) = selector_wait (sel, 5);
   variable got = Int_Type[length (data)];
   _for i (0, length (data) - 1, 1) got[i] = @data[i];
   got = got[array_sort (got)];
   expect_value ("big: two ready: exactly those", got, [17, Big_Pairs + 4999]);
   selector_close (sel);
   sel = NULL;

   % the same on a loop: 10,000 watches, one ready, one callback
   variable lp = eventloop_new ();
   Big_Loop = lp;
   () = drain (A[17]);
   () = drain (B[4999]);
   _for i (0, Big_Pairs - 1, 1)
     {
	() = eventloop_watch (lp, A[i], POLLIN, &big_cb, i);
	() = eventloop_watch (lp, B[i], POLLIN, &big_cb, i);
     }
   Big_Called = 0;
   put (A[2500], "x");
   eventloop_run (lp; timeout = 10);
   expect_value ("big: loop with 10,000 watches, one ready: one callback", Big_Called, 1);
   lp = NULL; Big_Loop = NULL;
   A = NULL; B = NULL; a = NULL; b = NULL;
   expect_value ("big: all descriptors closed again", fd_count (), n0);
}

private define run_big ()
{
   variable soft, hard, need = fd_count () + 2 * Big_Pairs + 64;
   (soft, hard) = nofile_limits ();
   if ((soft >= need) || Big_Only)
     {
	big_part ();
	return;
     }
   if ((hard >= 0) && (hard < need))
     {
	() = fprintf (stdout, "# skip: 10,000 descriptors: the hard RLIMIT_NOFILE is %d, %d needed\n", hard, need);
	return;
     }
   % slsh has no setrlimit: raise the soft limit in a child shell
   variable slsh = getenv ("SLSH");
   if (slsh == NULL) slsh = "slsh";
   variable script = __FILE__;
   if (path_is_absolute (script) == 0) script = path_concat (getcwd (), script);
   variable cmd = sprintf ("ulimit -S -n %d && exec %s '%s' --big 2>&1", need, slsh, script);
   () = fprintf (stdout, "# soft RLIMIT_NOFILE %d < %d: running the 10,000-descriptor part as: %s\n", soft, need, cmd);
   () = fflush (stdout);
   variable fp = popen (cmd, "r"), l, summary = NULL;
   if (fp == NULL)
     {
	test_fail ("big: child", "popen failed");
	return;
     }
   while (-1 != fgets (&l, fp))
     {
	variable p, f;
	if (2 == sscanf (l, "%d passed, %d failed", &p, &f))
	  {
	     summary = l;
	     Tests_Passed += p;
	     Tests_Failed += f;
	  }
	else () = fputs (l, stdout);
     }
   variable status = pclose (fp);
   if (summary == NULL)
     test_fail ("big: child", sprintf ("no summary line (status %S)", status));
}

% ------------------------------------------------------------------
% The loop: watches

private variable Log = {};
private define log_cb ()
{
   variable args = __pop_list (_NARGS);
   list_append (Log, args);
}

% reads nothing: level-triggered, called again; unwatches itself after n
private define level_cb (fd, revents, st)
{
   st.calls++;
   st.last_fd = fd; st.last_rev = revents;
   if (st.calls >= st.limit) eventloop_unwatch (st.lp, st.id);
}

private define args_cb (fd, revents, x, y, z, st)
{
   list_append (st.got, {fd, revents, x, y, z});
   eventloop_unwatch (st.lp, st.id);
}

private define test_loop_watch ()
{
   variable lp = eventloop_new ();
   expect_value ("eventloop_new: typeof is EventLoop_Type", typeof (lp), EventLoop_Type);

   % run with nothing watched or timed returns at once
   variable t0 = _ftime ();
   eventloop_run (lp);
   expect_true ("run with nothing watched or timed returns at once", t_elapsed (t0) < 0.5);

   variable a, b;
   (a, b) = upair ();
   variable st = struct { lp = lp, id, calls = 0, limit = 3, last_fd, last_rev, got = {} };
   variable s = struct { v = 1 };
   st.id = eventloop_watch (lp, a, POLLIN, &args_cb, "x", [1, 2], s, st);
   expect_value ("watch returns an Int id", typeof (st.id), Int_Type);
   put (b, "x");
   variable depth = _stkdepth ();
   eventloop_run (lp; timeout = 5);
   variable dd2 = _stkdepth () - depth; expect_value ("run: stack unchanged", dd2, 0);
   expect_value ("watch: callback called once (it unwatched itself)", length (st.got), 1);
   if (length (st.got))
     {
	variable g = st.got[0];
	expect_true ("watch: cb's 1st arg is the FD_Type watched", __is_same (g[0], a));
	expect_value ("watch: cb's 2nd arg is revents", g[1], POLLIN);
	expect_value ("watch: extra arg 1 (String)", g[2], "x");
	expect_true ("watch: extra arg 2 (array)", _eqs (g[3], [1, 2]));
	expect_true ("watch: extra arg 3 (the same struct)", __is_same (g[4], s));
     }

   % level-triggered: called while ready, stops when unwatched
   st.calls = 0; st.limit = 3;
   st.id = eventloop_watch (lp, a, POLLIN, &level_cb, st);
   t0 = _ftime ();
   eventloop_run (lp; timeout = 5);
   expect_value ("watch: level-triggered: called again while unread, until unwatched", st.calls, 3);
   expect_true ("watch: run ended when nothing was watched (not at its timeout)", t_elapsed (t0) < 4);
   expect_value ("watch: revents POLLIN", st.last_rev, POLLIN);
   () = drain (a);

   % a stream with bytes buffered is ready for the loop too
   variable str = stream_new (a);
   put (b, "one\ntwo\n");
   expect_value ("loop stream: first line", stream_readline (str; timeout = 5), "one\n");
   st.calls = 0; st.limit = 1;
   st.id = eventloop_watch (lp, str, POLLIN, &level_cb, st);
   eventloop_run (lp; timeout = 5);
   expect_value ("loop: buffered stream's watch fires", st.calls, 1);
   expect_true ("loop: its callback gets the Stream_Type", __is_same (st.last_fd, str));
   expect_value ("loop: buffered stream: second line", stream_readline (str; timeout = 5), "two\n");

   % the TCP kinds and a pipe: POLLOUT, and POLLIN
   variable kind;
   foreach kind (kinds ())
     {
	variable r, w;
	(r, w) = make_pair (kind);
	st.calls = 0; st.limit = 1;
	st.id = eventloop_watch (lp, w, POLLOUT, &level_cb, st);
	eventloop_run (lp; timeout = 5);
	expect_value ("$kind: POLLOUT watch fires"$, st.last_rev, POLLOUT);
	st.calls = 0; st.limit = 2; st.last_rev = 0;
	st.id = eventloop_watch (lp, r, POLLIN, &level_cb, st);
	put (w, "data");
	eventloop_run (lp; timeout = 5);
	expect_value ("$kind: POLLIN watch fires while ready"$, st.calls, 2);
	expect_value ("$kind: POLLIN"$, st.last_rev, POLLIN);
     }
}

private define run_nan_timeout (lp) { eventloop_run (lp; timeout = _NaN); }
private define run_str_timeout (lp) { eventloop_run (lp; timeout = "1"); }

private define test_loop_watch_errors ()
{
   variable lp = eventloop_new (), a, b, id;
   (a, b) = upair ();
   id = eventloop_watch (lp, a, POLLIN, &log_cb);
   expect_error ("watch twice", InvalidParmError, NULL, &eventloop_watch, lp, a, POLLIN, &log_cb);
   expect_error ("watch twice (other events)", InvalidParmError, NULL, &eventloop_watch, lp, a, POLLOUT, &log_cb, 1);
   expect_error ("watch: bad events mask", InvalidParmError, NULL, &eventloop_watch, lp, b, 0x100000, &log_cb);
   expect_error ("watch: cb not a reference", TypeMismatchError, NULL, &eventloop_watch, lp, b, POLLIN, "log_cb");
   expect_error ("watch: fd an Int", TypeMismatchError, NULL, &eventloop_watch, lp, 3, POLLIN, &log_cb);
   expect_error ("watch: loop a Selector", TypeMismatchError, NULL, &eventloop_watch, selector_new (), b, POLLIN, &log_cb);
   expect_error ("watch: events a String", TypeMismatchError, NULL, &eventloop_watch, lp, b, "x", &log_cb);
   expect_error ("watch: 3 args", NumArgsError, "usage", &eventloop_watch, lp, b, POLLIN);
   expect_error ("unwatch: 1 arg", NumArgsError, "usage", &eventloop_unwatch, lp);
   expect_error ("unwatch: id a String", TypeMismatchError, NULL, &eventloop_unwatch, lp, "1");
   expect_error ("eventloop_new (1)", NumArgsError, "usage", &eventloop_new, 1);
   expect_error ("run: 0 args", NumArgsError, "usage", &eventloop_run);
   expect_error ("run: 2 args", NumArgsError, "usage", &eventloop_run, lp, 1);
   expect_error ("run: an Int", TypeMismatchError, NULL, &eventloop_run, 1);
   expect_error ("run: a Selector", TypeMismatchError, NULL, &eventloop_run, selector_new ());
   expect_error ("stop: 0 args", NumArgsError, "usage", &eventloop_stop);
   expect_error ("stop: a String", TypeMismatchError, NULL, &eventloop_stop, "lp");
   expect_error ("run: timeout=NaN", InvalidParmError, NULL, &run_nan_timeout, lp);
   expect_error ("run: timeout a String", TypeMismatchError, NULL, &run_str_timeout, lp);
   % the failed watches left nothing behind: unwatch a, and run returns at once
   eventloop_unwatch (lp, id);
   eventloop_unwatch (lp, id);
   test_pass ("unwatch of an id already unwatched is ignored");
   put (b, "x");
   variable t0 = _ftime ();
   eventloop_run (lp; timeout = 3);
   expect_true ("after failed watches nothing is watched: run returns at once", t_elapsed (t0) < 1.0);
   expect_value ("after failed watches: no callback ran", length (Log), 0);
   % b (a failed watch) can be watched now
   Log = {};
   a = NULL;
   id = eventloop_watch (lp, b, POLLOUT, &log_cb, "b");
   variable lp2 = lp;
   () = eventloop_after (lp, 0, &eventloop_unwatch, lp2, id);
   eventloop_run (lp; timeout = 3);
   expect_true ("a descriptor whose watch failed can be watched", length (Log) >= 1);
}

% ------------------------------------------------------------------
% The loop: timers

private define time_cb (st, tag)
{
   list_append (st.log, {tag, _ftime ()});
}

private define tick_cb (st)
{
   list_append (st.ticks, _ftime ());
   if (st.burn > 0) busy (st.burn);
   if ((st.long_at > 0) && (length (st.ticks) == st.long_at)) busy (st.long_burn);
}

private define tick_errors (st, start, period)
{
   variable i, worst = 0.0, n = length (st.ticks);
   _for i (0, n - 1, 1)
     {
	variable err = abs (st.ticks[i] - start - (i + 1) * period);
	if (err > worst) worst = err;
     }
   return worst;
}

private define test_loop_timers ()
{
   variable lp = eventloop_new ();
   variable st = struct { log = {}, ticks = {}, burn = 0.0, long_at = 0, long_burn = 0.0 };

   % after fires once, in time order
   variable t0 = _ftime ();
   () = eventloop_after (lp, 0.15, &time_cb, st, "c");
   () = eventloop_after (lp, 0.05, &time_cb, st, "a");
   variable id_b = eventloop_after (lp, 0.1, &time_cb, st, "b");
   expect_value ("after returns an Int id", typeof (id_b), Int_Type);
   () = eventloop_after (lp, 0, &time_cb, st, "zero");
   eventloop_run (lp; timeout = 5);
   variable dt = t_elapsed (t0);
   variable tags = String_Type[length (st.log)], i;
   _for i (0, length (st.log) - 1, 1) tags[i] = st.log[i][0];
   expect_value ("after: each fires once, in time order", strjoin (tags, ","), "zero,a,b,c");
   expect_true (sprintf ("after: run ends when no timer is left (%.3f s)", dt), (dt >= 0.14) && (dt < 2));
   if (length (st.log) == 4)
     {
	expect_true (sprintf ("after 0.05 fired at %.3f s", st.log[1][1] - t0), st.log[1][1] - t0 >= 0.045);
	expect_true (sprintf ("after 0.15 fired at %.3f s", st.log[3][1] - t0),
		     (st.log[3][1] - t0 >= 0.145) && (st.log[3][1] - t0 < 1));
     }
   eventloop_cancel (lp, id_b);
   test_pass ("cancel of an id that fired is ignored");

   % cancel
   st.log = {};
   variable id1 = eventloop_after (lp, 0.05, &time_cb, st, "cancelled");
   () = eventloop_after (lp, 0.1, &time_cb, st, "kept");
   eventloop_cancel (lp, id1);
   eventloop_cancel (lp, id1);
   test_pass ("cancel twice is ignored");
   eventloop_run (lp; timeout = 5);
   expect_value ("cancel: the cancelled timer never fires", length (st.log), 1);
   expect_value ("cancel: the other one does", length (st.log) ? st.log[0][0] : NULL, "kept");

   % every: ~0.5 s of 0.05 ticks: count, and tick k near start + k*0.05
   st.ticks = {};
   t0 = _ftime ();
   variable id_e = eventloop_every (lp, 0.05, &tick_cb, st);
   eventloop_run (lp; timeout = 0.525);
   dt = t_elapsed (t0);
   expect_true (sprintf ("run ;timeout=0.525 with an every timer returns (%.3f s)", dt), (dt >= 0.5) && (dt < 1.5));
   expect_true (sprintf ("every 0.05 for 0.525 s: %d ticks, want 10 +- 1", length (st.ticks)),
		abs (length (st.ticks) - 10) <= 1);
   variable worst = tick_errors (st, t0, 0.05);
   expect_true (sprintf ("every: tick k at start + k*0.05 (worst error %.4f s)", worst), worst < 0.02);
   eventloop_cancel (lp, id_e);

   % no drift even when each callback takes 0.02 s
   st.ticks = {}; st.burn = 0.02;
   t0 = _ftime ();
   id_e = eventloop_every (lp, 0.05, &tick_cb, st);
   eventloop_run (lp; timeout = 0.525);
   worst = tick_errors (st, t0, 0.05);
   expect_true (sprintf ("every with 0.02 s callbacks: %d ticks, want 10 +- 1", length (st.ticks)),
		abs (length (st.ticks) - 10) <= 1);
   expect_true (sprintf ("every with 0.02 s callbacks: no drift accumulates (worst error %.4f s)", worst), worst < 0.02);
   eventloop_cancel (lp, id_e);

   % the 2nd tick takes 0.13 s: no burst after, one late tick, the rest on
   % the start + k*0.05 grid
   st.ticks = {}; st.burn = 0.0; st.long_at = 2; st.long_burn = 0.13;
   t0 = _ftime ();
   id_e = eventloop_every (lp, 0.05, &tick_cb, st);
   eventloop_run (lp; timeout = 0.525);
   eventloop_cancel (lp, id_e);
   variable n = length (st.ticks), off_grid = 0, min_gap = 1.0, ts = "";
   _for i (0, n - 1, 1)
     {
	variable rel = st.ticks[i] - t0;
	ts += sprintf (" %.3f", rel);
	if (abs (rel - 0.05 * nint (rel / 0.05)) > 0.015) off_grid++;
	if ((i > 0) && (st.ticks[i] - st.ticks[i - 1] < min_gap)) min_gap = st.ticks[i] - st.ticks[i - 1];
     }
   % (a catch-up timer would fire the 0.15 and 0.20 ticks both at ~0.23 s)
   expect_true (sprintf ("every, one 0.13 s tick: no burst of catch-up ticks, %d ticks (at most 9; min gap %.3f s; at%s)", n, min_gap, ts),
		(n >= 7) && (n <= 9));
   % the tick that came due while the script was busy (0.15) fires once,
   % late, as soon as it can; the one missed beyond it (0.20) is skipped,
   % and the rest stay on the start + k*0.05 grid
   expect_true (sprintf ("every, one 0.13 s tick: one late tick, the rest on the start + k*0.05 grid (%d off; at%s)", off_grid, ts),
		off_grid <= 1);
   st.long_at = 0;

   % run ;timeout= with only an idle watch
   variable a, b;
   (a, b) = upair ();
   variable wid = eventloop_watch (lp, a, POLLIN, &log_cb);
   t0 = _ftime ();
   eventloop_run (lp; timeout = 0.2);
   dt = t_elapsed (t0);
   expect_true (sprintf ("run ;timeout=0.2 with an idle watch returns after %.3f s", dt), (dt >= 0.18) && (dt < 2));
   t0 = _ftime ();
   eventloop_run (lp; timeout = 0);
   expect_true ("run ;timeout=0 returns at once", t_elapsed (t0) < 0.1);
   eventloop_unwatch (lp, wid);

   % errors
   expect_error ("after: negative secs", InvalidParmError, NULL, &eventloop_after, lp, -1, &log_cb);
   expect_error ("after: NaN secs", InvalidParmError, NULL, &eventloop_after, lp, _NaN, &log_cb);
   expect_error ("every: 0 secs", InvalidParmError, NULL, &eventloop_every, lp, 0, &log_cb);
   expect_error ("every: negative secs", InvalidParmError, NULL, &eventloop_every, lp, -0.5, &log_cb);
   expect_error ("after: secs a String", TypeMismatchError, NULL, &eventloop_after, lp, "1", &log_cb);
   expect_error ("after: cb not a reference", TypeMismatchError, NULL, &eventloop_after, lp, 1, "log_cb");
   expect_error ("every: cb an Int", TypeMismatchError, NULL, &eventloop_every, lp, 1, 7);
   expect_error ("after: 2 args", NumArgsError, "usage", &eventloop_after, lp, 1);
   expect_error ("every: 2 args", NumArgsError, "usage", &eventloop_every, lp, 1);
   expect_error ("cancel: 1 arg", NumArgsError, "usage", &eventloop_cancel, lp);
   expect_error ("cancel: id a String", TypeMismatchError, NULL, &eventloop_cancel, lp, "1");
   expect_error ("cancel: loop an Int", TypeMismatchError, NULL, &eventloop_cancel, 1, 1);
   variable tid = eventloop_after (lp, 10, &log_cb);
   wid = eventloop_watch (lp, a, POLLIN, &log_cb);
   expect_error ("cancel of a watch id", InvalidParmError, NULL, &eventloop_cancel, lp, wid);
   expect_error ("unwatch of a timer id", InvalidParmError, NULL, &eventloop_unwatch, lp, tid);
   eventloop_cancel (lp, tid);
   eventloop_unwatch (lp, wid);
   eventloop_cancel (lp, 0);
   eventloop_cancel (lp, -5);
   eventloop_cancel (lp, 0x7FFFFFFF);
   eventloop_unwatch (lp, 123456);
   test_pass ("cancel/unwatch of ids never issued are ignored");
   t0 = _ftime ();
   Log = {};
   eventloop_run (lp);
   expect_true ("after all that nothing is left: run returns at once", (t_elapsed (t0) < 0.5) && (length (Log) == 0));

   % an old id is never confused with a new item, however many came since
   variable old = eventloop_after (lp, 0, &log_cb, "old");
   eventloop_cancel (lp, old);
   variable clash = -1;
   loop (3000)
     {
	variable nid = eventloop_after (lp, 0, &log_cb, "new");
	if (nid == old) { clash = nid; break; }
	eventloop_cancel (lp, nid);
     }
   expect_true (sprintf ("ids: a cancelled timer's id is not issued again within 3000 timers (id %d)", old),
		clash == -1);
   if (clash != -1)
     {
	% what the reuse means: cancelling the old id kills the new timer
	eventloop_cancel (lp, old);
	Log = {};
	eventloop_run (lp; timeout = 1);
	expect_value ("ids: cancelling a stale id leaves the new timer alone", length (Log), 1);
     }
   eventloop_run (lp; timeout = 1);
}

% ------------------------------------------------------------------
% Callbacks that change the loop while it runs

private define self_unwatch_cb (fd, rev, st) { st.calls++; eventloop_unwatch (st.lp, st.id); }
private define self_cancel_every_cb (st) { st.calls++; if (st.calls == 3) eventloop_cancel (st.lp, st.id); }
private define self_cancel_after_cb (st) { st.calls++; eventloop_cancel (st.lp, st.id); }

% two watches ready in the same round: whichever runs first unwatches the
% other, which then must not be called
private define rival_cb (fd, rev, st, me)
{
   list_append (st.order, me);
   eventloop_unwatch (st.lp, st.ids[1 - me]);
   eventloop_unwatch (st.lp, st.ids[me]);
}

% closes the other ready descriptor (without unwatch)
private define closer_cb (fd, rev, st, me)
{
   list_append (st.order, me);
   () = close (st.fds[1 - me]);
   eventloop_unwatch (st.lp, st.ids[me]);
}

private define cancel_other_cb (st) { list_append (st.order, "canceller"); eventloop_cancel (st.lp, st.victim); }

private define adder_watch_cb ();
private define adder_last_cb ();
private define adder_never_cb ();
private define unwatch_later_cb ();
private define adder_timer_cb (st)
{
   list_append (st.order, "timer");
   st.id = eventloop_watch (st.lp, st.fds[0], POLLIN, &adder_watch_cb, st);
}
private define adder_watch_cb (fd, rev, st)
{
   list_append (st.order, "watch");
   eventloop_unwatch (st.lp, st.id);
   () = eventloop_after (st.lp, 0.01, &adder_last_cb, st);
   % and a watch on a descriptor that is not ready, unwatched by a timer
   variable wid = eventloop_watch (st.lp, st.fds[1], POLLIN, &adder_never_cb, st);
   () = eventloop_after (st.lp, 0.02, &unwatch_later_cb, st, wid);
}
private define adder_last_cb (st) { list_append (st.order, "last"); }
private define adder_never_cb (fd, rev, st) { list_append (st.order, "never"); }
private define unwatch_later_cb (st, wid) { list_append (st.order, "unwatch"); eventloop_unwatch (st.lp, wid); }

private define stop_cb (st) { st.calls++; if (st.calls mod 3 == 0) eventloop_stop (st.lp); }
private define nested_cb (st)
{
   st.calls++;
   variable e = catch_error (&eventloop_run, st.lp; timeout = 0);
   st.err = e;
   % another loop may run inside a callback
   variable other = eventloop_new ();
   () = eventloop_after (other, 0, &log_cb, "inner");
   eventloop_run (other; timeout = 2);
}

private define watch_closer_cb (fd, rev, st)
{
   st.calls++;
   () = close (fd);
}

private define returns_cb (fd, rev, st)
{
   st.calls++;
   eventloop_unwatch (st.lp, st.id);
   return 1, 2, 3;
}

private define test_loop_mutation ()
{
   variable lp = eventloop_new (), a, b, c, d, t0;
   variable st = struct { lp = lp, id, ids, calls = 0, order = {}, fds, victim, err };
   (a, b) = upair ();
   (c, d) = upair ();

   % self-unwatch
   st.id = eventloop_watch (lp, a, POLLIN, &self_unwatch_cb, st);
   put (b, "x");
   eventloop_run (lp; timeout = 5);
   expect_value ("a watch that unwatches itself runs once", st.calls, 1);

   % self-cancel: every after 3 ticks, after (cancel of itself, already fired)
   st.calls = 0;
   st.id = eventloop_every (lp, 0.01, &self_cancel_every_cb, st);
   t0 = _ftime ();
   eventloop_run (lp; timeout = 5);
   expect_value ("an every timer that cancels itself: 3 ticks", st.calls, 3);
   expect_true ("...and run ends then", t_elapsed (t0) < 2);
   st.calls = 0;
   st.id = eventloop_after (lp, 0, &self_cancel_after_cb, st);
   eventloop_run (lp; timeout = 5);
   expect_value ("an after timer that cancels itself: ran once, no error", st.calls, 1);

   % unwatch another that is ready in the same round
   put (d, "y");
   st.order = {};
   st.ids = [eventloop_watch (lp, a, POLLIN, &rival_cb, st, 0), eventloop_watch (lp, c, POLLIN, &rival_cb, st, 1)];
   eventloop_run (lp; timeout = 5);
   expect_value ("unwatching another ready in the same round: it is not called", length (st.order), 1);

   % close another that is ready in the same round (without unwatch)
   (a, b) = upair ();
   (c, d) = upair ();
   put (b, "x"); put (d, "y");
   st.order = {};
   st.fds = {a, c};
   st.ids = [eventloop_watch (lp, a, POLLIN, &closer_cb, st, 0), eventloop_watch (lp, c, POLLIN, &closer_cb, st, 1)];
   t0 = _ftime ();
   eventloop_run (lp; timeout = 2);
   variable dt = t_elapsed (t0);
   expect_value ("closing another ready in the same round: it is not called", length (st.order), 1);
   expect_true (sprintf ("closing a watched descriptor drops its watch: run ends (%.3f s, timeout 2)", dt), dt < 1.5);

   % a watch whose callback closes its own descriptor
   (a, b) = upair ();
   put (b, "x");
   st.calls = 0;
   () = eventloop_watch (lp, a, POLLIN, &watch_closer_cb, st);
   t0 = _ftime ();
   eventloop_run (lp; timeout = 2);
   dt = t_elapsed (t0);
   expect_value ("a callback that closes its descriptor: called once", st.calls, 1);
   expect_true (sprintf ("a callback that closes its descriptor: watch dropped, run ends (%.3f s, timeout 2)", dt), dt < 1.5);
   % and the number can be watched again
   (c, d) = upair ();
   st.calls = 0;
   st.id = eventloop_watch (lp, c, POLLOUT, &self_unwatch_cb, st);
   eventloop_run (lp; timeout = 2);
   expect_value ("the closed watch's number can be watched again", st.calls, 1);

   % cancel another timer
   st.order = {};
   st.victim = eventloop_after (lp, 0.05, &time_cb, struct { log = st.order }, "victim");
   () = eventloop_after (lp, 0.01, &cancel_other_cb, st);
   eventloop_run (lp; timeout = 5);
   expect_value ("a timer that cancels another: the other never fires", length (st.order), 1);

   % callbacks add watches and timers
   (a, b) = upair ();
   (c, d) = upair ();
   put (b, "x");
   st.order = {};
   st.fds = {a, c};
   () = eventloop_after (lp, 0, &adder_timer_cb, st);
   eventloop_run (lp; timeout = 5);
   variable s = String_Type[length (st.order)], i;
   _for i (0, length (st.order) - 1, 1) s[i] = st.order[i];
   expect_value ("callbacks add watches and timers", strjoin (s, ","), "timer,watch,last,unwatch");

   % stop from a callback; run again goes on
   st.calls = 0;
   st.id = eventloop_every (lp, 0.01, &stop_cb, st);
   eventloop_run (lp; timeout = 5);
   expect_value ("eventloop_stop from a callback ends run", st.calls, 3);
   eventloop_run (lp; timeout = 5);
   expect_value ("run again after a stop goes on", st.calls, 6);
   eventloop_cancel (lp, st.id);
   eventloop_stop (lp);
   (a, b) = upair ();
   put (b, "x");
   st.calls = 0;
   st.id = eventloop_watch (lp, a, POLLIN, &self_unwatch_cb, st);
   eventloop_run (lp; timeout = 5);
   expect_value ("a stop outside run does not stop the next run", st.calls, 1);

   % run inside a callback of the same loop
   st.calls = 0; st.err = NULL;
   Log = {};
   () = eventloop_after (lp, 0, &nested_cb, st);
   eventloop_run (lp; timeout = 5);
   expect_value ("nested: the callback ran", st.calls, 1);
   expect_true ("run inside a callback of the same loop: InvalidParmError (" + descr (st.err) + ")",
		(st.err != NULL) && (st.err.error == InvalidParmError));
   expect_value ("another loop runs inside a callback", length (Log), 1);

   % values a callback returns are dropped
   (a, b) = upair ();
   put (b, "x");
   st.calls = 0;
   st.id = eventloop_watch (lp, a, POLLIN, &returns_cb, st);
   variable depth = _stkdepth ();
   eventloop_run (lp; timeout = 5);
   variable dd3 = _stkdepth () - depth; expect_value ("a callback's return values are dropped: stack unchanged", dd3, 0);
   expect_value ("...and it ran", st.calls, 1);
}

% ------------------------------------------------------------------
% Exceptions in callbacks

private define throw_watch_cb (fd, rev, st)
{
   st.calls++;
   throw LoopTestError, sprintf ("boom %d", st.calls);
}
private define throw_timer_cb (st) { st.tcalls++; throw LoopTestError, "timer boom"; }
private define divide_cb (st) { st.tcalls++; variable x = 1 / 0; }
private define count_watch_cb (fd, rev, st) { st.other++; eventloop_unwatch (st.lp, st.other_id); }
private define count_every_cb (st)
{
   st.ecalls++;
   if (st.ecalls == 2) throw LoopTestError, "every boom";
   if (st.ecalls == 4) eventloop_cancel (st.lp, st.eid);
}

private define test_loop_exceptions ()
{
   variable lp = eventloop_new (), a, b, c, d;
   variable st = struct { lp = lp, calls = 0, tcalls = 0, other = 0, other_id, ecalls = 0, eid };
   (a, b) = upair ();
   (c, d) = upair ();
   variable wid = eventloop_watch (lp, a, POLLIN, &throw_watch_cb, st);
   put (b, "x");
   variable depth = _stkdepth (), nfd = fd_count ();
   variable e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("a watch callback's exception ends run with it (" + descr (e) + ")",
		(e != NULL) && (e.error == LoopTestError) && (e.message == "boom 1"));
   variable dd4 = _stkdepth () - depth; expect_value ("...stack unchanged", dd4, 0);
   expect_value ("...descriptors unchanged", fd_count (), nfd);
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("run again: the still ready watch runs again and throws again (" + descr (e) + ")",
		(e != NULL) && (e.error == LoopTestError) && (e.message == "boom 2"));
   eventloop_unwatch (lp, wid);

   % the loop stays usable: other watches and timers fire
   st.other_id = eventloop_watch (lp, c, POLLOUT, &count_watch_cb, st);
   () = eventloop_after (lp, 0, &throw_timer_cb, st);
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("a timer callback's exception ends run with it (" + descr (e) + ")",
		(e != NULL) && (e.error == LoopTestError) && (e.message == "timer boom"));
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("run again after a timer threw: no error (" + descr (e) + ")", e == NULL);
   expect_value ("the remaining watch fired", st.other, 1);
   expect_value ("the throwing after timer fired once only", st.tcalls, 1);

   % an intrinsic's error in a callback keeps its class
   () = eventloop_after (lp, 0, &divide_cb, st);
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("1/0 in a callback: DivideByZeroError (" + descr (e) + ")",
		(e != NULL) && (e.error == DivideByZeroError));

   % an every that throws keeps ticking on the next run
   st.eid = eventloop_every (lp, 0.01, &count_every_cb, st);
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("an every callback's exception ends run (" + descr (e) + ")",
		(e != NULL) && (e.message == "every boom"));
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("run again: the every timer goes on and cancels itself (" + descr (e) + ")",
		(e == NULL) && (st.ecalls == 4));

   % a bad callback (a reference to a variable): a clean error
   variable not_a_function = 1;
   e = catch_error (&eventloop_after, lp, 0, &not_a_function);
   if (e == NULL)
     {
	e = catch_error (&eventloop_run, lp; timeout = 1);
	expect_true ("a reference to a variable as cb: an error at call time (" + descr (e) + ")", e != NULL);
     }
   else test_pass ("a reference to a variable as cb is refused (" + descr (e) + ")");
   variable dd5 = _stkdepth () - depth; expect_value ("after all the exceptions: stack unchanged", dd5, 0);
}

% ------------------------------------------------------------------
% Signals while the loop waits

private define read_unwatch_cb (fd, rev, st)
{
   st.calls++;
   () = drain (fd);
   eventloop_unwatch (st.lp, st.id);
}

private define test_loop_signals ()
{
   variable lp = eventloop_new (), r, w, t0, dt, e;
   variable st = struct { lp = lp, id, calls = 0, log = {} };
   (r, w) = pipe ();

   % a quiet handler that writes: the loop goes on and sees the data
   Alarm_Writer = w; Alarm_Flag = 0;
   st.id = eventloop_watch (lp, r, POLLIN, &read_unwatch_cb, st);
   signal (SIGALRM, &writer_handler);
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.2, 0.0);
   e = catch_error (&eventloop_run, lp);
   dt = t_elapsed (t0);
   signal (SIGALRM, SIG_DFL);
   expect_true ("quiet handler during run: no error (" + descr (e) + ")", e == NULL);
   expect_value ("quiet handler during run: it ran once", Alarm_Flag, 1);
   expect_value ("quiet handler during run: the loop went on and the watch fired", st.calls, 1);
   expect_true (sprintf ("quiet handler during run: after %.3f s", dt), (dt >= 0.15) && (dt < 3));

   % a quiet handler that only notes: the loop goes on to its timer
   Alarm_Flag = 0;
   () = eventloop_after (lp, 0.4, &time_cb, st, "timer");
   signal (SIGALRM, &flag_handler);
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.1, 0.0);
   e = catch_error (&eventloop_run, lp; timeout = 5);
   dt = t_elapsed (t0);
   signal (SIGALRM, SIG_DFL);
   expect_true ("quiet handler: run ends normally (" + descr (e) + ")", e == NULL);
   expect_value ("quiet handler: it ran", Alarm_Flag, 1);
   expect_value ("quiet handler: the timer still fired", length (st.log), 1);
   expect_true (sprintf ("quiet handler: the timer was not cut short (%.3f s)", dt), (dt >= 0.38) && (dt < 3));

   % a throwing handler: run ends with its exception
   Alarm_Flag = 0;
   st.calls = 0;
   st.id = eventloop_watch (lp, r, POLLIN, &read_unwatch_cb, st);
   signal (SIGALRM, &throwing_handler);
   variable depth = _stkdepth (), nfd = fd_count ();
   t0 = _ftime ();
   setitimer (ITIMER_REAL, 0.2, 0.0);
   e = catch_error (&eventloop_run, lp);
   dt = t_elapsed (t0);
   setitimer (ITIMER_REAL, 0.0, 0.0);
   signal (SIGALRM, SIG_DFL);
   expect_true ("throwing handler during run: run ends with its exception (" + descr (e) + ")",
		(e != NULL) && (e.error == LoopAlarmError));
   expect_true (sprintf ("throwing handler during run: after %.3f s", dt), (dt >= 0.15) && (dt < 3));
   variable dd6 = _stkdepth () - depth; expect_value ("throwing handler during run: stack unchanged", dd6, 0);
   expect_value ("throwing handler during run: descriptors unchanged", fd_count (), nfd);
   put (w, "x");
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("after the throwing handler the loop is usable: the watch fires", (e == NULL) && (st.calls == 1));
}

% ------------------------------------------------------------------
% Memory: freed when the last reference goes; the loop as a callback arg

private define loop_arg_cb ();
private define loop_arg_cb (lp, st)
{
   st.calls++;
   if (st.calls < 3)
     () = eventloop_after (lp, 0, &loop_arg_cb, lp, st);
}
private define loop_arg_stop_cb ();
private define loop_arg_watch_cb (fd, rev, lp, st)
{
   st.calls++;
   eventloop_unwatch (lp, st.id);
   () = eventloop_after (lp, 0, &loop_arg_stop_cb, lp);
}
private define loop_arg_stop_cb (lp) { eventloop_stop (lp); }

private define test_memory ()
{
   variable n0 = fd_count (), a, b, c, d, sel, lp;

   % a selector with entries and data of all kinds
   (a, b) = upair ();
   (c, d) = upair ();
   sel = selector_new ();
   expect_value ("a selector holds one descriptor (its epoll)", fd_count (), n0 + 5);
   selector_add (sel, a, POLLIN, struct { s = "data", l = {1, 2}, arr = [1:100] });
   selector_add (sel, stream_new (c), POLLIN, &sample_fn);
   a = NULL; c = NULL;
   expect_value ("the selector keeps the registered descriptors open", fd_count (), n0 + 5);
   sel = NULL;
   expect_value ("selector freed with its last reference: its descriptors close", fd_count (), n0 + 2);
   b = NULL; d = NULL;
   expect_value ("all closed", fd_count (), n0);

   % an unclosed selector with a ready descriptor reported
   (a, b) = upair ();
   sel = selector_new ();
   selector_add (sel, a, POLLIN, "x");
   put (b, "x");
   variable data, rev;
   (data, rev) = selector_wait (sel, 5);
   sel = NULL; a = NULL; b = NULL;
   expect_value ("selector dropped after a wait (data still held): descriptors closed", fd_count (), n0);
   expect_value ("...the data array outlives it", @data[0], "x");
   data = NULL;

   % a loop with watches and pending timers, dropped without running
   (a, b) = upair ();
   lp = eventloop_new ();
   () = eventloop_watch (lp, a, POLLIN, &log_cb, "arg", [1, 2, 3], struct { x = 1 });
   () = eventloop_after (lp, 100, &log_cb, "never", {1});
   () = eventloop_every (lp, 100, &log_cb, "never");
   a = NULL; b = NULL;
   expect_value ("a loop holds its epoll and its watched descriptor", fd_count (), n0 + 2);
   lp = NULL;
   expect_value ("loop freed with its last reference: all descriptors closed", fd_count (), n0);

   % a loop after an exception, dropped
   lp = eventloop_new ();
   () = eventloop_after (lp, 0, &throw_timer_cb, struct { tcalls = 0 });
   () = eventloop_after (lp, 100, &log_cb);
   () = catch_error (&eventloop_run, lp; timeout = 2);
   lp = NULL;
   expect_value ("loop dropped after a callback threw: freed", fd_count (), n0);

   % the loop itself as a callback argument
   lp = eventloop_new ();
   variable st = struct { calls = 0, id };
   () = eventloop_after (lp, 0, &loop_arg_cb, lp, st);
   variable e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("a timer callback passed the loop itself works (" + descr (e) + ")", (e == NULL) && (st.calls == 3));
   (a, b) = upair ();
   put (b, "x");
   st.calls = 0;
   st.id = eventloop_watch (lp, a, POLLIN, &loop_arg_watch_cb, lp, st);
   e = catch_error (&eventloop_run, lp; timeout = 5);
   expect_true ("a watch callback passed the loop itself works (" + descr (e) + ")", (e == NULL) && (st.calls == 1));
   lp = NULL; a = NULL; b = NULL;
   expect_value ("that loop is freed once its callbacks (holding it) are gone", fd_count (), n0);

   % many loops and selectors made and dropped
   loop (200)
     {
	lp = eventloop_new ();
	sel = selector_new ();
	() = eventloop_after (lp, 1, &log_cb, sel);
     }
   lp = NULL; sel = NULL;
   expect_value ("200 loops and selectors made and dropped: no descriptor kept", fd_count (), n0);
}

% ------------------------------------------------------------------

if (Big_Only)
{
   run_big ();
   test_done ();
}

test_selector_basics ();
test_selector_data_types ();
test_selector_revents ();
test_selector_modify_remove ();
test_selector_errors ();
test_selector_blocking_and_signals ();
test_selector_closed_fd ();
test_selector_streams ();
test_loop_watch ();
test_loop_watch_errors ();
test_loop_timers ();
test_loop_mutation ();
test_loop_exceptions ();
test_loop_signals ();
test_memory ();
run_big ();
test_done ();
