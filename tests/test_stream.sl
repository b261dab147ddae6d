% test_stream.sl: buffered streams -- SPEC section 13, with the error
% rules of section 3, the signal rules of section 9 and the deadlines and
% poll of section 12.
%
% Every test runs over TCP on IPv4 and IPv6 loopback, a unix socketpair
% and a pipe, except where a sentence is about one of them (a reset is a
% TCP thing, getblocking wants a socket).  Nothing waits on a sleep: the
% data is there before the call, or a poll with a deadline waits for it, or
% a timer's signal handler sends it while the call waits.
require ("./harness");
require ("fork");

private variable T = 5.0;		       % seconds: upper bound on any wait
private variable Kinds = ["inet", "inet6", "unix", "pipe"];

% A watchdog, forked before any socket exists: if a call that should
% return never does, kill this test instead of hanging the suite.
private variable Parent = getpid ();
private variable Watchdog = fork ();
if (Watchdog == 0)
{
   signal (SIGALRM, SIG_DFL);
   loop (400)
     {
	sleep (1);
	if (getppid () != Parent) _exit (0);   % the test ended on its own
     }
   if (getppid () == Parent)
     {
	() = fprintf (stderr, "test_stream: watchdog: a call never returned\n");
	() = kill (Parent, SIGKILL);
     }
   _exit (0);
}

new_exception ("StreamAlarmError", RunTimeError, "the timer's handler threw");

% ------------------------------------------------------------------
% Helpers

% NULL if no exception, else the exception struct; the stack is restored.
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

% Is e a SocketError with errno en (errno is read now, so call at once)?
private define is_sock_err (e, en)
{
   return (e != NULL) && (e.error == SocketError) && (errno == en);
}

private define descr (e)
{
   if (e == NULL) return "no error";
   return sprintf ("%s: %s (errno %d)", e.descr, e.message, errno);
}

private define as_b (data)
{
   if (typeof (data) == BString_Type) return data;
   return typecast (data, BString_Type);
}

% Write all of data into fd (the far end), with the interpreter's write.
private define put (fd, data)
{
   data = as_b (data);
   variable off = 0, len = bstrlen (data), n;
   while (off < len)
     {
	n = write (fd, data[[off:len-1]]);
	if (n <= 0) throw RunTimeError, "put: write failed: " + errno_string (errno);
	off += n;
     }
}

% Up to n bytes from fd, waiting at most T for each piece; fewer at EOF.
private define take (fd, n)
{
   variable got = ""B, buf, r;
   while (bstrlen (got) < n)
     {
	if (0 == (poll ([fd], POLLIN, T))[0]) break;
	r = read (fd, &buf, n - bstrlen (got));
	if (r <= 0) break;
	got += buf;
     }
   return got;
}

% What fd holds now, without waiting.
private define take_now (fd)
{
   variable got = ""B, buf, r;
   while ((poll ([fd], POLLIN, 0.0))[0] & POLLIN)
     {
	r = read (fd, &buf, 65536);
	if (r <= 0) break;
	got += buf;
     }
   return got;
}

% Everything until EOF (each piece within T).
private define take_to_eof (fd)
{
   variable got = ""B, buf, r;
   forever
     {
	if (0 == (poll ([fd], POLLIN, T))[0]) break;
	r = read (fd, &buf, 65536);
	if (r <= 0) break;
	got += buf;
     }
   return got;
}

% Nothing to read on fd within wait seconds.
private define quiet (fd, wait)
{
   return 0 == ((poll ([fd], POLLIN, wait))[0] & POLLIN);
}

% Unique 8-byte records, nbytes (a multiple of 8) in all: a lost, doubled
% or reordered piece shows.
private define pattern (nbytes)
{
   variable n = nbytes / 8;
   return as_b (strjoin (array_map (String_Type, &sprintf, "%07d\n", [0:n-1]), ""));
}

% (fd the stream reads from, fd the test writes into)
private define reader_pair (kind)
{
   switch (kind)
     { case "inet": return tcp_pair (AF_INET); }
     { case "inet6": return tcp_pair (AF_INET6); }
     { case "unix": return socketpair (AF_UNIX, SOCK_STREAM, 0); }
     { case "pipe": return pipe (); }
   throw InternalError, "unknown kind $kind"$;
}

% (fd the stream writes to, fd the test reads from)
private define writer_pair (kind)
{
   variable a, b;
   (a, b) = reader_pair (kind);
   if (kind == "pipe") return b, a;
   return a, b;
}

private define is_socket_kind (kind) { return kind != "pipe"; }

% Wrappers: the calls with a deadline or qualifiers, results dropped.
private define readline_t (st, t) { return stream_readline (st ; timeout=t); }
private define read_until_t (st, d, t) { return stream_read_until (st, d ; timeout=t); }
private define read_t (st, n, t) { return stream_read (st, n ; timeout=t); }
private define read_some_t (st, n, t) { return stream_read_some (st, n ; timeout=t); }
private define write_t (st, d, t) { return stream_write (st, d ; timeout=t); }
private define flush_t (st, t) { stream_flush (st ; timeout=t); }
private define close_t (st, t) { stream_close (st ; timeout=t); }
private define new_q (fd, q) { return stream_new (fd ;; q); }
private define readline_q (st, q) { return stream_readline (st ;; q); }

% Calls op (st, 0.0) (stream_flush or stream_close with timeout=0) until
% it succeeds, reading the peer in between; returns got + every byte the
% peer received, the stream's writes all done.
private define finish_draining (op, st, peer, total, got)
{
   variable e, more, tries = 0;
   forever
     {
	e = catch_error (op, st, 0.0);
	if (e == NULL) break;
	if (errno != ETIMEDOUT)
	  {
	     test_fail ("finish_draining", descr (e));
	     return got;
	  }
	more = take_now (peer);
	if (bstrlen (more) == 0) () = poll ([peer], POLLIN, 0.05);
	got += more;
	tries++;
	if (tries > 200000)
	  {
	     test_fail ("finish_draining", "no progress");
	     return got;
	  }
     }
   if (bstrlen (got) < total)
     got += take (peer, total - bstrlen (got));
   return got;
}

% A small send buffer, so that a writer fills the way to a peer that does
% not read (a small SO_RCVBUF on a TCP peer would make draining crawl).
private define shrink_buffers (kind, s, p)
{
   if (is_socket_kind (kind))
     setsockopt (s, SOL_SOCKET, SO_SNDBUF, 4096);
}

% ------------------------------------------------------------------
% stream_new, typeof, bufsize= and limit=

private define test_new (kind)
{
   variable r, w, st, f, depth;
   (r, w) = reader_pair (kind);

   depth = _stkdepth ();
   st = stream_new (r);
   depth = _stkdepth () - depth;
   expect_value ("$kind: stream_new leaves one value (the stack as it was after the assignment)"$, depth, 0);
   expect_value ("$kind: typeof (stream_new (fd)) is Stream_Type"$, typeof (st), Stream_Type);
   expect_value ("$kind: a new stream has nothing pending"$, stream_pending (st), 0);
   f = stream_fd (st);
   expect_value ("$kind: stream_fd gives an FD_Type"$, typeof (f), FD_Type);
   expect_value ("$kind: stream_fd is the descriptor given"$, _fileno (f), _fileno (r));

   variable q, what;
   foreach what (["bufsize", "limit"])
     {
	q = @Struct_Type (what); set_struct_field (q, what, 0);
	expect_error ("$kind: $what=0"$, InvalidParmError, "^stream_new: ", &new_q, r, q);
	set_struct_field (q, what, -1);
	expect_error ("$kind: $what=-1"$, InvalidParmError, "^stream_new: ", &new_q, r, q);
	set_struct_field (q, what, "big");
	expect_error ("$kind: $what=\"big\""$, TypeMismatchError, NULL, &new_q, r, q);
	set_struct_field (q, what, 1);
	variable st1 = new_q (r, q);
	expect_value ("$kind: $what=1 is accepted"$, typeof (st1), Stream_Type);
     }
   st = stream_new (r ; bufsize=16, limit=64);
   expect_value ("$kind: bufsize= and limit= together"$, typeof (st), Stream_Type);

   % a closed descriptor is refused
   variable r2, w2;
   (r2, w2) = reader_pair (kind);
   () = close (r2);
   expect_error ("$kind: stream_new on a closed FD_Type"$, SocketError, "^stream_new: ", &stream_new, r2; errno=EBADF);
}

% ------------------------------------------------------------------
% stream_readline

private define test_readline (kind)
{
   variable r, w, st, e, l;
   (r, w) = reader_pair (kind);
   st = stream_new (r);

   put (w, "hello\nworld\n");
   l = stream_readline (st ; timeout=T);
   expect_value ("$kind: readline gives a String"$, typeof (l), String_Type);
   expect_value ("$kind: readline keeps the \\n"$, l, "hello\n");
   expect_value ("$kind: the second line is pending"$, stream_pending (st), 6);
   expect_value ("$kind: the second line"$, stream_readline (st ; timeout=T), "world\n");
   expect_value ("$kind: nothing pending after both lines"$, stream_pending (st), 0);

   put (w, "a\r\nb\r\n\n");
   expect_value ("$kind: CRLF kept (1)"$, stream_readline (st ; timeout=T), "a\r\n");
   expect_value ("$kind: CRLF kept (2)"$, stream_readline (st ; timeout=T), "b\r\n");
   expect_value ("$kind: an empty line is \"\\n\", not NULL"$, stream_readline (st ; timeout=T), "\n");

   % a line arriving one byte per send, the stream reading in between
   variable line = "split over many sends\n", i, n = strlen (line), ok = 1, why = "";
   _for i (0, n - 2, 1)
     {
	put (w, line[[i:i]]);
	() = poll ([r], POLLIN, T);
	e = catch_error (&readline_t, st, 0.0);
	if (0 == is_sock_err (e, ETIMEDOUT))
	  {
	     ok = 0; why = sprintf ("byte %d: %s", i, descr (e)); break;
	  }
	if (stream_pending (st) != i + 1)
	  {
	     ok = 0; why = sprintf ("byte %d: pending %d", i, stream_pending (st)); break;
	  }
     }
   if (ok) test_pass ("$kind: each partial read of a line times out and keeps its bytes"$);
   else test_fail ("$kind: each partial read of a line times out and keeps its bytes"$, why);
   put (w, "\n");
   expect_value ("$kind: the line split over many sends comes whole"$, stream_readline (st ; timeout=T), line);

   % a line longer than bufsize (within limit) comes back whole
   variable r2, w2, st2;
   (r2, w2) = reader_pair (kind);
   st2 = stream_new (r2 ; bufsize=1024);
   variable long_line = strjoin (array_map (String_Type, &sprintf, "%07d,", [0:7499]), "") + "\n";
   put (w2, long_line);
   expect_value ("$kind: a 60001-byte line with bufsize=1024"$, stream_readline (st2 ; timeout=T), long_line);

   % timeout=0 with a whole line buffered returns it
   put (w, "ready\nnext");
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: timeout=0 with the line there"$, stream_readline (st ; timeout=0), "ready\n");

   % end of stream: the unterminated rest, then NULL, and NULL again
   put (w, " last");
   () = close (w);
   expect_value ("$kind: at EOF the unterminated rest"$, stream_readline (st ; timeout=T), "next last");
   expect_value ("$kind: then NULL"$, stream_readline (st ; timeout=T), NULL);
   expect_value ("$kind: and NULL again"$, stream_readline (st ; timeout=T), NULL);
   expect_value ("$kind: and NULL without a timeout"$, stream_readline (st), NULL);
}

% ------------------------------------------------------------------
% stream_read_until

private define test_read_until (kind)
{
   variable r, w, st, e, b;
   (r, w) = reader_pair (kind);
   st = stream_new (r);

   put (w, "GET / HTTP/1.0\r\nHost: x\r\n\r\nBODY");
   b = stream_read_until (st, "\r\n\r\n" ; timeout=T);
   expect_value ("$kind: read_until gives a BString"$, typeof (b), BString_Type);
   expect_value ("$kind: read_until \\r\\n\\r\\n, delimiter included"$, b, "GET / HTTP/1.0\r\nHost: x\r\n\r\n"B);
   expect_value ("$kind: the body is pending"$, stream_pending (st), 4);
   expect_value ("$kind: the body"$, stream_read (st, 4 ; timeout=T), "BODY"B);

   put (w, "key:value;");
   expect_value ("$kind: read_until a 1-byte String"$, stream_read_until (st, ":" ; timeout=T), "key:"B);
   expect_value ("$kind: read_until a 1-byte BString"$, stream_read_until (st, ";"B ; timeout=T), "value;"B);

   put (w, "a\0\0b\0c\0\0"B);
   expect_value ("$kind: read_until a NUL-NUL BString (1)"$, stream_read_until (st, "\0\0"B ; timeout=T), "a\0\0"B);
   expect_value ("$kind: read_until a NUL-NUL BString (2)"$, stream_read_until (st, "\0\0"B ; timeout=T), "b\0c\0\0"B);

   % the delimiter split across two sends, at each place
   variable delim = "\r\n\r\n"B, k;
   _for k (1, 3, 1)
     {
	put (w, "head"B + delim[[0:k-1]]);
	() = poll ([r], POLLIN, T);
	e = catch_error (&read_until_t, st, delim, 0.0);
	expect_true ("$kind: delimiter split after $k bytes: the first part times out"$, is_sock_err (e, ETIMEDOUT));
	expect_value ("$kind: delimiter split after $k bytes: kept"$, stream_pending (st), 4 + k);
	put (w, delim[[k:]] + "rest"B);
	expect_value ("$kind: delimiter split after $k bytes: found"$,
		      stream_read_until (st, delim ; timeout=T), "head\r\n\r\n"B);
	expect_value ("$kind: delimiter split after $k bytes: the rest stays"$, stream_read (st, 4 ; timeout=T), "rest"B);
     }
   % a match that starts inside an earlier partial match
   put (w, "xaa");
   () = poll ([r], POLLIN, T);
   e = catch_error (&read_until_t, st, "aab", 0.0);
   put (w, "ab");
   expect_value ("$kind: delimiter aab in xaa|ab"$, stream_read_until (st, "aab" ; timeout=T), "xaaab"B);

   expect_error ("$kind: read_until with \"\""$, InvalidParmError, "^stream_read_until: ", &stream_read_until, st, "");
   expect_error ("$kind: read_until with \"\"B"$, InvalidParmError, "^stream_read_until: ", &stream_read_until, st, ""B);
   expect_error ("$kind: read_until with an Int delim"$, TypeMismatchError, "^stream_read_until: ", &stream_read_until, st, 10);

   put (w, "tail, no delimiter");
   () = close (w);
   expect_value ("$kind: read_until at EOF gives the rest"$, stream_read_until (st, "\r\n" ; timeout=T), "tail, no delimiter"B);
   expect_value ("$kind: read_until then NULL"$, stream_read_until (st, "\r\n" ; timeout=T), NULL);
   expect_value ("$kind: read_until NULL again"$, stream_read_until (st, "\r\n"), NULL);
}

% ------------------------------------------------------------------
% stream_read (n)

private define test_read (kind)
{
   variable r, w, st, e, t0;
   (r, w) = reader_pair (kind);
   st = stream_new (r);

   put (w, "0123456789");
   expect_value ("$kind: read 4 of 10"$, stream_read (st, 4 ; timeout=T), "0123"B);
   expect_value ("$kind: read the other 6"$, stream_read (st, 6 ; timeout=T), "456789"B);
   expect_value ("$kind: read: nothing pending"$, stream_pending (st), 0);

   % exactly n: waits for the rest, keeps what came on a timeout
   put (w, "abc");
   () = poll ([r], POLLIN, T);
   e = catch_error (&read_t, st, 6, 0.0);
   expect_true ("$kind: read 6 with 3 there times out ("$ + descr (e) + ")"$, is_sock_err (e, ETIMEDOUT));
   expect_value ("$kind: read 6: the 3 stay"$, stream_pending (st), 3);
   put (w, "defgh");
   expect_value ("$kind: read 6 gives exactly 6"$, stream_read (st, 6 ; timeout=T), "abcdef"B);
   expect_value ("$kind: read 6: 2 left"$, stream_pending (st), 2);
   expect_value ("$kind: read the 2"$, stream_read (st, 2 ; timeout=T), "gh"B);

   % n = 0
   t0 = _ftime ();
   variable z = stream_read (st, 0 ; timeout=T);
   expect_value ("$kind: read 0 gives an empty BString"$, z, ""B);
   expect_true ("$kind: read 0 does not wait"$, _ftime () - t0 < 1.0);
   put (w, "q");
   () = poll ([r], POLLIN, T);
   () = catch_error (&read_t, st, 2, 0.0);
   expect_value ("$kind: read 0 with a byte buffered"$, stream_read (st, 0 ; timeout=T), ""B);
   expect_value ("$kind: read 0 leaves the byte"$, stream_pending (st), 1);
   expect_value ("$kind: the byte"$, stream_read (st, 1 ; timeout=T), "q"B);

   % n much larger than bufsize, many reads
   variable r2, w2, st2, data = pattern (1000 * 8);
   (r2, w2) = reader_pair (kind);
   st2 = stream_new (r2 ; bufsize=16);
   put (w2, data);
   expect_value ("$kind: read 8000 with bufsize=16"$, stream_read (st2, 8000 ; timeout=T), data);

   expect_error ("$kind: read n=-1"$, InvalidParmError, "^stream_read: ", &stream_read, st, -1);
   expect_error ("$kind: read n=\"3\""$, TypeMismatchError, "^stream_read: ", &stream_read, st, "3");

   % fewer only at end of stream, then NULL
   put (w, "xy");
   () = close (w);
   expect_value ("$kind: read 5 at EOF gives the 2"$, stream_read (st, 5 ; timeout=T), "xy"B);
   expect_value ("$kind: read at EOF then NULL"$, stream_read (st, 5 ; timeout=T), NULL);
   expect_value ("$kind: read at EOF NULL again"$, stream_read (st, 5), NULL);
}

% ------------------------------------------------------------------
% stream_read_some, stream_pending

private define test_read_some (kind)
{
   variable r, w, st, e, t0, b;
   (r, w) = reader_pair (kind);
   st = stream_new (r);

   % buffered bytes first, without reading the descriptor
   put (w, "abc\ndef");
   expect_value ("$kind: read_some: the line"$, stream_readline (st ; timeout=T), "abc\n");
   expect_value ("$kind: read_some: 3 pending"$, stream_pending (st), 3);
   put (w, "ghi");
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: read_some returns the buffered bytes only"$, stream_read_some (st, 100 ; timeout=T), "def"B);
   expect_value ("$kind: read_some then reads the descriptor"$, stream_read_some (st, 100 ; timeout=T), "ghi"B);

   % buffered bytes with timeout=0 and the peer silent: no timeout
   put (w, "jk\nlm");
   () = stream_readline (st ; timeout=T);
   e = catch_error (&read_some_t, st, 100, 0.0);
   expect_true ("$kind: read_some ;timeout=0 with bytes buffered does not time out ("$ + descr (e) + ")"$, e == NULL);
   expect_value ("$kind: ... and they were returned"$, stream_pending (st), 0);

   % maxlen caps what comes back
   put (w, "12345");
   b = stream_read_some (st, 2 ; timeout=T);
   expect_value ("$kind: read_some 2"$, b, "12"B);
   expect_value ("$kind: read_some 2: the rest pending"$, stream_pending (st), 3);
   expect_value ("$kind: read_some the rest"$, stream_read_some (st, 100 ; timeout=T), "345"B);

   % nothing buffered: one read, not a wait for maxlen bytes
   put (w, "xyz");
   t0 = _ftime ();
   b = stream_read_some (st, 100 ; timeout=T);
   expect_value ("$kind: read_some gets what one read gives"$, b, "xyz"B);
   expect_true ("$kind: read_some did not wait for more"$, _ftime () - t0 < 1.0);

   % stream_pending counts what is buffered, through the calls
   put (w, "l1\nl2\nl3\n");
   () = poll ([r], POLLIN, T);
   () = stream_read_some (st, 1 ; timeout=T);
   expect_value ("$kind: pending after read_some 1"$, stream_pending (st), 8);
   () = stream_readline (st ; timeout=T);
   expect_value ("$kind: pending after a readline"$, stream_pending (st), 6);
   () = stream_read (st, 2 ; timeout=T);
   expect_value ("$kind: pending after read 2"$, stream_pending (st), 4);
   () = stream_read_until (st, "3" ; timeout=T);
   expect_value ("$kind: pending after read_until"$, stream_pending (st), 1);
   () = stream_read_some (st, 10 ; timeout=T);
   expect_value ("$kind: pending 0"$, stream_pending (st), 0);

   expect_error ("$kind: read_some ;timeout=0 on nothing"$, SocketError, "^stream_read_some: ", &read_some_t, st, 10, 0.0; errno=ETIMEDOUT);
   expect_error ("$kind: read_some maxlen=-1"$, InvalidParmError, "^stream_read_some: ", &stream_read_some, st, -1);
   expect_error ("$kind: read_some maxlen a String"$, TypeMismatchError, "^stream_read_some: ", &stream_read_some, st, "1");

   () = close (w);
   expect_value ("$kind: read_some at EOF: NULL"$, stream_read_some (st, 100 ; timeout=T), NULL);
   expect_value ("$kind: read_some at EOF: NULL again"$, stream_read_some (st, 100), NULL);
}

% ------------------------------------------------------------------
% No byte lost: deadlines that expire

private define test_deadlines (kind)
{
   variable r, w, st, e, t0, dt;
   (r, w) = reader_pair (kind);
   st = stream_new (r);

   put (w, "partial");
   t0 = _ftime ();
   expect_error ("$kind: readline ;timeout=0.2 on a partial line"$, SocketError, "^stream_readline: ",
		 &readline_t, st, 0.2; errno=ETIMEDOUT);
   dt = _ftime () - t0;
   expect_true (sprintf ("%s: readline gave up after %.3f s, wanted [0.15, 2)", kind, dt), (dt >= 0.15) && (dt < 2.0));
   expect_value ("$kind: the partial line stays buffered"$, stream_pending (st), 7);
   put (w, " line\n");
   expect_value ("$kind: the next readline gives the whole line"$, stream_readline (st ; timeout=T), "partial line\n");

   put (w, "k1=v1");
   expect_error ("$kind: read_until ;timeout=0.2"$, SocketError, "^stream_read_until: ",
		 &read_until_t, st, ";;", 0.2; errno=ETIMEDOUT);
   expect_value ("$kind: read_until: bytes kept"$, stream_pending (st), 5);
   put (w, ";;");
   expect_value ("$kind: read_until: the whole record"$, stream_read_until (st, ";;" ; timeout=T), "k1=v1;;"B);

   put (w, "1234");
   expect_error ("$kind: read 8 ;timeout=0.2"$, SocketError, "^stream_read: ", &read_t, st, 8, 0.2; errno=ETIMEDOUT);
   expect_value ("$kind: read: bytes kept"$, stream_pending (st), 4);
   put (w, "5678");
   expect_value ("$kind: read: all 8"$, stream_read (st, 8 ; timeout=T), "12345678"B);

   % what a timed-out readline kept, read_some returns
   put (w, "abc");
   () = poll ([r], POLLIN, T);
   e = catch_error (&readline_t, st, 0.0);
   expect_true ("$kind: readline ;timeout=0 times out"$, is_sock_err (e, ETIMEDOUT));
   expect_value ("$kind: read_some takes what readline kept"$, stream_read_some (st, 100 ; timeout=T), "abc"B);

   % an empty stream and timeout=0: at once
   t0 = _ftime ();
   e = catch_error (&readline_t, st, 0.0);
   expect_true ("$kind: timeout=0 on nothing: ETIMEDOUT at once"$, is_sock_err (e, ETIMEDOUT) && (_ftime () - t0 < 1.0));

   % bad timeouts
   expect_error ("$kind: timeout=\"x\""$, TypeMismatchError, NULL, &readline_q, st, struct { timeout = "x" });
   expect_error ("$kind: timeout=NaN"$, InvalidParmError, "^stream_readline: ", &readline_q, st, struct { timeout = _NaN });

   % the stream leaves the blocking mode alone
   if (is_socket_kind (kind))
     expect_value ("$kind: the socket is still blocking after timed calls"$, getblocking (r), 1);
}

% A non-blocking socket stays non-blocking: a read with nothing there and
% no deadline raises EAGAIN (section 9), the stream keeps its bytes.
private define test_nonblocking (kind)
{
   variable r, w, st;
   (r, w) = reader_pair (kind);
   setblocking (r, 0);
   st = stream_new (r);
   put (w, "no newline yet");
   () = poll ([r], POLLIN, T);
   expect_error ("$kind: readline on a non-blocking socket with a partial line"$, SocketError, "^stream_readline: ",
		 &stream_readline, st; errno=EAGAIN);
   expect_value ("$kind: non-blocking: bytes kept"$, stream_pending (st), 14);
   expect_value ("$kind: the stream did not change the mode"$, getblocking (r), 0);
   put (w, "\n");
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: non-blocking: the line"$, stream_readline (st), "no newline yet\n");
}

% ------------------------------------------------------------------
% limit=

% Drain st with read_some until want bytes came (or a timeout): returns them.
private define drain_some (st, want)
{
   variable got = ""B, b;
   while (bstrlen (got) < want)
     {
	b = stream_read_some (st, (want - bstrlen (got) < 7) ? want - bstrlen (got) : 7 ; timeout=T);
	if (b == NULL) break;
	got += b;
     }
   return got;
}

private define test_limit (kind)
{
   variable r, w, st, e, t0, sent;
   (r, w) = reader_pair (kind);
   st = stream_new (r ; limit=10);

   sent = "0123456789abcdef\nok\n";
   put (w, sent);
   () = poll ([r], POLLIN, T);
   expect_error ("$kind: a 17-byte line with limit=10"$, SocketError, "^stream_readline: ", &readline_t, st, T; errno=EMSGSIZE);
   expect_true ("$kind: limit: the bytes stay ("$ + string (stream_pending (st)) + " pending)"$, stream_pending (st) >= 10);
   expect_value ("$kind: limit: read_some drains every byte of the long line"$, drain_some (st, 17), as_b (sent[[0:16]]));
   expect_value ("$kind: limit: the next line is fine"$, stream_readline (st ; timeout=T), "ok\n");

   put (w, "012345678\n");
   expect_value ("$kind: limit: a line of exactly limit bytes"$, stream_readline (st ; timeout=T), "012345678\n");
   put (w, "0123456789\n");
   () = poll ([r], POLLIN, T);
   expect_error ("$kind: limit: a line of limit+1 bytes"$, SocketError, "^stream_readline: ", &readline_t, st, T; errno=EMSGSIZE);
   expect_value ("$kind: limit: limit+1 drained"$, drain_some (st, 11), "0123456789\n"B);

   % no newline at all: EMSGSIZE at once, not a wait for the deadline
   sent = as_b (sprintf ("%30s", "x"));
   put (w, sent);
   () = poll ([r], POLLIN, T);
   t0 = _ftime ();
   expect_error ("$kind: limit: 30 bytes, no newline"$, SocketError, "^stream_readline: ", &readline_t, st, T; errno=EMSGSIZE);
   expect_true ("$kind: limit: raised without waiting"$, _ftime () - t0 < 2.0);
   expect_value ("$kind: limit: the 30 bytes all drain"$, drain_some (st, 30), sent);

   % read_until too, and small reads (bufsize=4) up to the limit
   variable r2, w2, st2;
   (r2, w2) = reader_pair (kind);
   st2 = stream_new (r2 ; limit=10, bufsize=4);
   sent = "Header: long value\r\n\r\n"B;
   put (w2, sent);
   () = poll ([r2], POLLIN, T);
   expect_error ("$kind: limit: read_until past the limit"$, SocketError, "^stream_read_until: ",
		 &read_until_t, st2, "\r\n\r\n", T; errno=EMSGSIZE);
   expect_true ("$kind: limit: read_until kept its bytes"$, stream_pending (st2) > 0);
   expect_value ("$kind: limit: read_until's bytes drain exactly"$, drain_some (st2, bstrlen (sent)), sent);
   put (w2, "a\r\n\r\n");
   expect_value ("$kind: limit: a short record then"$, stream_read_until (st2, "\r\n\r\n" ; timeout=T), "a\r\n\r\n"B);
}

% ------------------------------------------------------------------
% A reset after data (TCP)

private define rst_close (p)
{
   setsockopt (p, SOL_SOCKET, SO_LINGER, struct { l_onoff = 1, l_linger = 0 });
   () = close (p);
}

private define test_reset (kind)
{
   variable r, w, st, e;

   % the stream has read both lines; the reset comes; the second line is
   % still returned, then the error
   (r, w) = reader_pair (kind);
   st = stream_new (r);
   put (w, "line1\nline2\n");
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: reset: the first line"$, stream_readline (st ; timeout=T), "line1\n");
   rst_close (w);
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: reset: the buffered line is still readable"$, stream_readline (st ; timeout=T), "line2\n");
   expect_error ("$kind: reset: then ECONNRESET"$, SocketError, "^stream_readline: ", &readline_t, st, T; errno=ECONNRESET);

   % a partial line buffered (by a timed-out readline), then the reset:
   % the bytes first (the rest at the end of the stream), then the error
   (r, w) = reader_pair (kind);
   st = stream_new (r);
   put (w, "abc");
   () = poll ([r], POLLIN, T);
   e = catch_error (&readline_t, st, 0.0);
   expect_true ("$kind: reset: the partial read timed out"$, is_sock_err (e, ETIMEDOUT));
   rst_close (w);
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: reset: the partial line comes first"$, stream_readline (st ; timeout=T), "abc");
   expect_error ("$kind: reset: the error once the buffer is empty"$, SocketError, "^stream_readline: ",
		 &readline_t, st, T; errno=ECONNRESET);

   % the same with read_some and stream_read
   (r, w) = reader_pair (kind);
   st = stream_new (r);
   put (w, "0123456789");
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: reset: read 4"$, stream_read (st, 4 ; timeout=T), "0123"B);
   rst_close (w);
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: reset: read_some gets the buffered 6"$, stream_read_some (st, 100 ; timeout=T), "456789"B);
   expect_error ("$kind: reset: read_some then ECONNRESET"$, SocketError, "^stream_read_some: ",
		 &read_some_t, st, 100, T; errno=ECONNRESET);

   (r, w) = reader_pair (kind);
   st = stream_new (r);
   put (w, "01234");
   () = poll ([r], POLLIN, T);
   () = catch_error (&read_t, st, 10, 0.0);
   rst_close (w);
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: reset: read 10 gives the 5 buffered"$, stream_read (st, 10 ; timeout=T), "01234"B);
   expect_error ("$kind: reset: read then ECONNRESET"$, SocketError, "^stream_read: ",
		 &read_t, st, 10, T; errno=ECONNRESET);
}

% ------------------------------------------------------------------
% stream_write, stream_flush

private define test_write (kind)
{
   variable s, p, st, n, depth, e, data, got, k;
   (s, p) = writer_pair (kind);
   st = stream_new (s);

   n = stream_write (st, "hello");
   expect_value ("$kind: write returns the bytes accepted"$, n, 5);
   expect_true ("$kind: write below bufsize: the peer sees nothing"$, quiet (p, 0.1));
   depth = _stkdepth ();
   stream_flush (st);
   depth = _stkdepth () - depth;
   expect_value ("$kind: flush leaves the stack as it was"$, depth, 0);
   expect_value ("$kind: after flush the peer has it"$, take (p, 5), "hello"B);

   n = stream_write (st, "a\0b"B);
   expect_value ("$kind: write a BString"$, n, 3);
   n = stream_write (st, "" ; timeout=T);
   expect_value ("$kind: write an empty String"$, n, 0);
   stream_flush (st ; timeout=T);
   expect_value ("$kind: NUL bytes go out"$, take (p, 3), "a\0b"B);
   e = catch_error (&flush_t, st, 0.0);
   expect_true ("$kind: flush with nothing buffered ("$ + descr (e) + ")"$, e == NULL);
   expect_true ("$kind: ... sends nothing"$, quiet (p, 0.05));

   % bufsize=16: a write that fills the buffer goes out by itself
   variable st16 = stream_new (s ; bufsize=16);
   data = pattern (110 * 8)[[0:109]];
   expect_value ("$kind: bufsize=16: write 10"$, stream_write (st16, data[[0:9]]), 10);
   expect_true ("$kind: bufsize=16: 10 bytes stay buffered"$, quiet (p, 0.1));
   expect_value ("$kind: bufsize=16: write 100 more"$, stream_write (st16, data[[10:]]), 100);
   got = take (p, 110 - 15);
   expect_value ("$kind: bufsize=16: the full buffer reached the peer without a flush"$, got, data[[0:bstrlen (got)-1]]);
   stream_flush (st16 ; timeout=T);
   got += take (p, 110 - bstrlen (got));
   expect_value ("$kind: bufsize=16: after flush every byte once, in order"$, got, data);
   expect_true ("$kind: bufsize=16: nothing more"$, quiet (p, 0.05));

   expect_error ("$kind: write an Int"$, TypeMismatchError, "^stream_write: ", &stream_write, st, 42);
   expect_error ("$kind: write without data"$, NumArgsError, "^stream_write: ", &stream_write, st);
}

% A write and a flush that time out: the object is the count that went
% out, the rest stays buffered.
private define test_write_timeout (kind)
{
   variable s, p, st, e, k, got, total = 512 * 1024;
   variable data = pattern (total);

   % stream_write of more than bufsize, the peer not reading
   (s, p) = writer_pair (kind);
   shrink_buffers (kind, s, p);
   st = stream_new (s);
   e = catch_error (&write_t, st, data, 0.2);
   expect_true ("$kind: write ;timeout=0.2 to a peer not reading: ETIMEDOUT ("$ + descr (e) + ")"$, is_sock_err (e, ETIMEDOUT));
   if (e != NULL)
     {
	k = e.object;
	expect_value ("$kind: write timeout: the object is an Int"$, typeof (k), Int_Type);
	if (typeof (k) == Int_Type)
	  {
	     expect_true ("$kind: write timeout: some went out, not all ($k)"$, (k > 0) && (k < total));
	     got = take (p, k);
	     expect_value ("$kind: write timeout: the peer got exactly the object's count"$, bstrlen (got), k);
	     expect_true ("$kind: write timeout: and nothing more"$, quiet (p, 0.1));
	  }
	else got = take_now (p);
	got = finish_draining (&flush_t, st, p, total, got);
	expect_true (sprintf ("%s: write timeout: after the flush the peer got every byte once, in order (%d of %d)",
			      kind, bstrlen (got), total), _eqs (got, data));
     }

   % stream_flush that times out
   (s, p) = writer_pair (kind);
   shrink_buffers (kind, s, p);
   st = stream_new (s ; bufsize=1024*1024);
   expect_value ("$kind: write below a 1 MB bufsize"$, stream_write (st, data), total);
   expect_true ("$kind: flush timeout: nothing went out before the flush"$, quiet (p, 0.1));
   e = catch_error (&flush_t, st, 0.2);
   expect_true ("$kind: flush ;timeout=0.2: ETIMEDOUT ("$ + descr (e) + ")"$, is_sock_err (e, ETIMEDOUT));
   if (e != NULL)
     {
	expect_true ("$kind: flush timeout: the message names the call"$, string_match (e.message, "^stream_flush: ", 1));
	k = e.object;
	expect_value ("$kind: flush timeout: the object is an Int"$, typeof (k), Int_Type);
	if (typeof (k) == Int_Type)
	  {
	     expect_true ("$kind: flush timeout: some went out, not all ($k)"$, (k > 0) && (k < total));
	     got = take (p, k);
	     expect_value ("$kind: flush timeout: the peer got exactly the object's count"$, bstrlen (got), k);
	     expect_true ("$kind: flush timeout: and nothing more"$, quiet (p, 0.1));
	  }
	else got = take_now (p);
	got = finish_draining (&flush_t, st, p, total, got);
	expect_true (sprintf ("%s: flush timeout: then every byte once, in order (%d of %d)", kind, bstrlen (got), total),
		     _eqs (got, data));
     }

   % stream_close that times out: the stream stays open with its bytes
   (s, p) = writer_pair (kind);
   shrink_buffers (kind, s, p);
   st = stream_new (s ; bufsize=1024*1024);
   () = stream_write (st, data);
   variable nfd = fd_count ();
   e = catch_error (&close_t, st, 0.2);
   expect_true ("$kind: close ;timeout=0.2: ETIMEDOUT ("$ + descr (e) + ")"$, is_sock_err (e, ETIMEDOUT));
   expect_value ("$kind: close timeout: the descriptor is still open"$, fd_count (), nfd);
   got = finish_draining (&close_t, st, p, total, ""B);
   expect_value ("$kind: close timeout: then closed"$, fd_count (), nfd - 1);
   got += take_to_eof (p);
   expect_true (sprintf ("%s: close timeout: the peer got every byte once, in order, then EOF (%d of %d)",
			 kind, bstrlen (got), total), _eqs (got, data));
}

% ------------------------------------------------------------------
% EPIPE: a pipe (and a unix socket) whose reader is gone

private define test_epipe (kind)
{
   variable old;
   signal (SIGPIPE, SIG_DFL, &old);	       % a SIGPIPE would kill slsh

   variable r, w, st, e;
   (r, w) = pipe ();
   () = close (r);
   st = stream_new (w);
   expect_value ("pipe: write to a pipe with no reader is buffered", stream_write (st, "x"), 1);
   e = catch_error (&flush_t, st, T);
   expect_true ("pipe: flush with no reader: SocketError EPIPE ("$ + descr (e) + ")"$, is_sock_err (e, EPIPE));
   if (e != NULL)
     expect_value ("pipe: EPIPE: nothing went out (object 0)", e.object, 0);
   e = catch_error (&stream_flush, st);
   expect_true ("pipe: a blocking flush with no reader: EPIPE ("$ + descr (e) + ")"$, is_sock_err (e, EPIPE));
   variable st1 = stream_new (w ; bufsize=1);
   e = catch_error (&stream_write, st1, "xy");
   expect_true ("pipe: a write that fills the buffer: EPIPE ("$ + descr (e) + ")"$, is_sock_err (e, EPIPE));
   e = catch_error (&stream_close, st1);
   expect_true ("pipe: close flushes and raises EPIPE ("$ + descr (e) + ")"$, is_sock_err (e, EPIPE));
   test_pass ("pipe: slsh is still alive after EPIPE with SIGPIPE at its default");

   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   () = close (b);
   st = stream_new (a);
   () = stream_write (st, "x");
   e = catch_error (&flush_t, st, T);
   expect_true ("unix: flush to a closed peer: EPIPE ("$ + descr (e) + ")"$, is_sock_err (e, EPIPE));
   test_pass ("unix: slsh is still alive after EPIPE");

   signal (SIGPIPE, old);
}

% ------------------------------------------------------------------
% stream_fd, stream_close, a closed stream

private define st_readline (st) { return stream_readline (st); }
private define st_read_until (st) { return stream_read_until (st, "\n"); }
private define st_read (st) { return stream_read (st, 1); }
private define st_read_some (st) { return stream_read_some (st, 1); }
private define st_write (st) { return stream_write (st, "x"); }
private define st_flush (st) { stream_flush (st); }
private define st_fd (st) { return stream_fd (st); }
private define st_pending (st) { return stream_pending (st); }
private define sock_send (f) { return send (f, "x"); }

private define test_close (kind)
{
   variable s, p, st, f, nfd, depth, e;
   (s, p) = writer_pair (kind);
   st = stream_new (s);
   f = stream_fd (st);
   expect_value ("$kind: stream_fd is an FD_Type"$, typeof (f), FD_Type);
   expect_true ("$kind: stream_fd is the same object"$, _eqs (f, s));
   expect_value ("$kind: close: write bye"$, stream_write (st, "bye\n"), 4);
   expect_true ("$kind: close: bye is buffered"$, quiet (p, 0.05));
   nfd = fd_count ();
   depth = _stkdepth ();
   stream_close (st);
   depth = _stkdepth () - depth;
   expect_value ("$kind: stream_close leaves the stack as it was"$, depth, 0);
   expect_value ("$kind: stream_close closes the descriptor (other references held)"$, fd_count (), nfd - 1);
   expect_value ("$kind: close flushed, then EOF"$, take_to_eof (p), "bye\n"B);

   expect_error ("$kind: stream_fd's FD_Type is closed: stream_new on it"$, SocketError, "^stream_new: ",
		 &stream_new, f; errno=EBADF);
   if (is_socket_kind (kind))
     expect_error ("$kind: stream_fd's FD_Type is closed: send on it"$, SocketError, "^send: ",
		   &sock_send, f; errno=EBADF);

   variable funcs = [&st_readline, &st_read_until, &st_read, &st_read_some, &st_write, &st_flush, &st_fd];
   variable names = ["stream_readline", "stream_read_until", "stream_read", "stream_read_some", "stream_write",
		     "stream_flush", "stream_fd"];
   variable i;
   _for i (0, length (funcs) - 1, 1)
     expect_error ("$kind: "$ + names[i] + " on a closed stream"$, SocketError, "^"$ + names[i] + ": "$, funcs[i], st; errno=EBADF);

   expect_value ("$kind: stream_pending on a closed stream: 0"$, stream_pending (st), 0);
   expect_value ("$kind: poll on a closed stream: POLLNVAL"$, (poll ([st], POLLIN, 0.0))[0], POLLNVAL);

   nfd = fd_count ();
   depth = _stkdepth ();
   e = catch_error (&stream_close, st);
   expect_true ("$kind: closing twice is harmless ("$ + descr (e) + ")"$, e == NULL);
   depth = _stkdepth () - depth;
   expect_value ("$kind: closing twice: stack as before"$, depth, 0);
   expect_value ("$kind: closing twice: no descriptor touched"$, fd_count (), nfd);

   % no byte lost: what was read before the close can still be read
   % (doc/help: "Bytes still in the read buffer can be read after the
   % close"), then the calls that need the descriptor raise EBADF
   variable r, w;
   (r, w) = reader_pair (kind);
   st = stream_new (r);
   put (w, "one\ntwo\nthree");
   () = poll ([r], POLLIN, T);
   expect_value ("$kind: close: read one line"$, stream_readline (st ; timeout=T), "one\n");
   stream_close (st);
   expect_value ("$kind: closed with bytes buffered: pending"$, stream_pending (st), 9);
   expect_value ("$kind: closed with bytes buffered: poll says POLLIN"$, (poll ([st], POLLIN, 0.0))[0], POLLIN);
   expect_value ("$kind: closed: the buffered line"$, stream_readline (st ; timeout=T), "two\n");
   expect_value ("$kind: closed: read 2 of the rest"$, stream_read (st, 2 ; timeout=T), "th"B);
   expect_value ("$kind: closed: read_some the rest"$, stream_read_some (st, 100 ; timeout=T), "ree"B);
   expect_error ("$kind: closed and drained: readline raises"$, SocketError, "^stream_readline: ",
		 &st_readline, st; errno=EBADF);
   expect_error ("$kind: closed and drained: read_some raises"$, SocketError, "^stream_read_some: ",
		 &st_read_some, st; errno=EBADF);
}

% ------------------------------------------------------------------
% poll with streams

private define test_poll (kind)
{
   variable r, w, st, r2, w2, st2, rev, t0, dt, any;
   (r, w) = reader_pair (kind);
   (r2, w2) = reader_pair (kind);
   st = stream_new (r);
   st2 = stream_new (r2);

   rev = poll (st, POLLIN, 0.0);
   expect_value ("$kind: poll of one Stream_Type gives an array"$, typeof (rev), Array_Type);
   expect_value ("$kind: poll of an idle stream: 0"$, rev, [0]);

   put (w, "one\ntwo\n");
   rev = poll (st, POLLIN, T);
   expect_true ("$kind: poll sees the descriptor's data"$, rev[0] & POLLIN);
   expect_value ("$kind: poll: the first line"$, stream_readline (st ; timeout=T), "one\n");
   expect_value ("$kind: poll premise: the descriptor itself has nothing"$, (poll ([r], POLLIN, 0.0))[0] & POLLIN, 0);
   expect_value ("$kind: poll premise: the second line is buffered"$, stream_pending (st), 4);

   t0 = _ftime ();
   rev = poll ([st], POLLIN, 5.0);
   dt = _ftime () - t0;
   expect_true ("$kind: poll [st] with bytes buffered: POLLIN"$, rev[0] & POLLIN);
   expect_true (sprintf ("%s: ... at once (%.3f s)", kind, dt), dt < 1.0);

   t0 = _ftime ();
   rev = poll ([st, st2], POLLIN, 5.0);
   expect_true ("$kind: poll Array of Stream_Type: [POLLIN, 0] at once"$,
		(rev[0] & POLLIN) && (rev[1] == 0) && (_ftime () - t0 < 1.0));
   rev = poll ([st, st2], [POLLIN, POLLIN], 0.0);
   expect_true ("$kind: poll with an events array"$, (rev[0] & POLLIN) && (rev[1] == 0));

   t0 = _ftime ();
   rev = poll ({r2, st}, POLLIN, 5.0);
   expect_true ("$kind: poll List {FD_Type, Stream_Type}: [0, POLLIN] at once"$,
		(rev[0] == 0) && (rev[1] & POLLIN) && (_ftime () - t0 < 1.0));

   any = Any_Type[2];
   any[0] = r2; any[1] = st;
   rev = poll (any, POLLIN, 5.0);
   expect_true ("$kind: poll Any_Type array: [0, POLLIN]"$, (rev[0] == 0) && (rev[1] & POLLIN));

   if (is_socket_kind (kind))
     {
	rev = poll ([st], POLLIN | POLLOUT, 0.0);
	expect_value ("$kind: poll POLLIN|POLLOUT on a buffered stream"$, rev[0], POLLIN | POLLOUT);
     }

   expect_value ("$kind: poll: the buffered line"$, stream_readline (st ; timeout=T), "two\n");
   t0 = _ftime ();
   rev = poll ([st], POLLIN, 0.1);
   dt = _ftime () - t0;
   expect_value ("$kind: poll an emptied stream: nothing"$, rev, [0]);
   expect_true (sprintf ("%s: ... after the timeout (%.3f s)", kind, dt), dt >= 0.05);

   put (w2, "x\n");
   rev = poll ({st, st2}, POLLIN, T);
   expect_true ("$kind: poll List of streams: the second ready"$, (rev[0] == 0) && (rev[1] & POLLIN));
   expect_value ("$kind: poll: the second stream's line"$, stream_readline (st2 ; timeout=T), "x\n");

   expect_error ("$kind: poll List with an Int"$, TypeMismatchError, NULL, &poll, {st, 42}, POLLIN, 0.0);
   any[1] = "str";
   expect_error ("$kind: poll Any_Type array with a String"$, TypeMismatchError, NULL, &poll, any, POLLIN, 0.0);
}

% ------------------------------------------------------------------
% Signals (SPEC 9): a timer's handler runs while a call waits

private variable Ticks = 0, Tick_Fd = NULL, Tick_Data = NULL, Tick_Pos = 0, Tick_At = 0;

private define disarm ()
{
   setitimer (ITIMER_REAL, 0.0, 0.0);
   signal (SIGALRM, SIG_DFL);
}

% quiet: count, and send Tick_Data whole on the Tick_At-th tick
private define late_handler (sig)
{
   Ticks++;
   if ((Ticks == Tick_At) && (Tick_Data != NULL))
     put (Tick_Fd, Tick_Data);
}

% quiet: send one more byte of Tick_Data each tick
private define byte_handler (sig)
{
   Ticks++;
   if (Tick_Pos < bstrlen (Tick_Data))
     {
	put (Tick_Fd, Tick_Data[[Tick_Pos:Tick_Pos]]);
	Tick_Pos++;
     }
}

private define throwing_handler (sig)
{
   Ticks++;
   throw StreamAlarmError, "alarm";
}

private define with_bytes (fd, data)
{
   Ticks = 0; Tick_Fd = fd; Tick_Data = as_b (data); Tick_Pos = 0;
   signal (SIGALRM, &byte_handler);
   setitimer (ITIMER_REAL, 0.02, 0.02);
}

private define test_signals (kind)
{
   variable r, w, st, l, e, t0, dt, depth;
   (r, w) = reader_pair (kind);
   st = stream_new (r);

   % quiet handlers: the wait goes on; the line comes on the third tick
   foreach l ([0, 1])
     {
	variable how = l ? "with timeout=5" : "blocking";
	Ticks = 0; Tick_Fd = w; Tick_Data = "late line\n"B; Tick_At = 3;
	signal (SIGALRM, &late_handler);
	setitimer (ITIMER_REAL, 0.05, 0.05);
	e = NULL;
	try (e)
	  {
	     if (l) l = stream_readline (st ; timeout=T);
	     else l = stream_readline (st);
	  }
	catch AnyError;
	disarm ();
	expect_true ("$kind: quiet handler ($how): no error ("$ + descr (e) + ")"$, e == NULL);
	if (e == NULL) expect_value ("$kind: quiet handler ($how): the line that came later"$, l, "late line\n");
	expect_true ("$kind: quiet handler ($how): the handler ran 3+ times ($Ticks)"$, Ticks >= 3);
     }

   % one byte per tick, the call waiting throughout
   with_bytes (w, "one byte a tick\n");
   e = NULL;
   try (e) { l = stream_readline (st ; timeout=T); } catch AnyError;
   disarm ();
   expect_true ("$kind: readline of a line sent a byte per tick ("$ + descr (e) + ")"$, e == NULL);
   if (e == NULL)
     expect_value ("$kind: readline of a line sent a byte per tick"$, l, "one byte a tick\n");
   expect_true ("$kind: ... sent in $Tick_Pos ticks"$, Tick_Pos == 16);

   with_bytes (w, "Host: h\r\n\r\n");
   e = NULL;
   try (e) { l = stream_read_until (st, "\r\n\r\n" ; timeout=T); } catch AnyError;
   disarm ();
   expect_true ("$kind: read_until of a record sent a byte per tick ("$ + descr (e) + ")"$, (e == NULL) && _eqs (l, "Host: h\r\n\r\n"B));

   with_bytes (w, "12345678");
   e = NULL;
   try (e) { l = stream_read (st, 8 ; timeout=T); } catch AnyError;
   disarm ();
   expect_true ("$kind: read 8 sent a byte per tick ("$ + descr (e) + ")"$, (e == NULL) && _eqs (l, "12345678"B));

   % a quiet handler does not stretch a deadline
   Ticks = 0; Tick_Data = NULL; Tick_At = 0;
   signal (SIGALRM, &late_handler);
   setitimer (ITIMER_REAL, 0.05, 0.05);
   t0 = _ftime ();
   e = catch_error (&readline_t, st, 0.5);
   dt = _ftime () - t0;
   disarm ();
   expect_true ("$kind: quiet handler, timeout=0.5: still ETIMEDOUT"$, is_sock_err (e, ETIMEDOUT));
   expect_true (sprintf ("%s: ... after %.3f s, wanted [0.45, 1.5); %d ticks", kind, dt, Ticks),
		(dt >= 0.45) && (dt < 1.5) && (Ticks >= 3));

   % a throwing handler ends the call with its exception; bytes kept
   put (w, "part");
   () = poll ([r], POLLIN, T);
   Ticks = 0;
   signal (SIGALRM, &throwing_handler);
   depth = _stkdepth ();
   t0 = _ftime ();
   e = NULL;
   try (e)
     {
	setitimer (ITIMER_REAL, 0.2, 0.0);
	() = stream_readline (st);
     }
   catch AnyError;
   dt = _ftime () - t0;
   disarm ();
   expect_true ("$kind: a throwing handler ends readline with its exception ("$ + descr (e) + ")"$,
		(e != NULL) && (e.error == StreamAlarmError));
   expect_true (sprintf ("%s: ... after %.3f s", kind, dt), (dt >= 0.15) && (dt < 2.0));
   depth = _stkdepth () - depth;
   expect_value ("$kind: ... stack as before"$, depth, 0);
   expect_value ("$kind: ... the bytes are kept"$, stream_pending (st), 4);
   put (w, "ial\n");
   expect_value ("$kind: ... and the line comes whole"$, stream_readline (st ; timeout=T), "partial\n");

   put (w, "12345");
   () = poll ([r], POLLIN, T);
   signal (SIGALRM, &throwing_handler);
   e = NULL;
   try (e)
     {
	setitimer (ITIMER_REAL, 0.2, 0.0);
	() = stream_read (st, 10 ; timeout=T);
     }
   catch AnyError;
   disarm ();
   expect_true ("$kind: a throwing handler ends read 10 ("$ + descr (e) + ")"$, (e != NULL) && (e.error == StreamAlarmError));
   expect_value ("$kind: ... 5 kept"$, stream_pending (st), 5);
   put (w, "67890");
   expect_value ("$kind: ... then all 10"$, stream_read (st, 10 ; timeout=T), "1234567890"B);

   % a throwing handler during a blocked write: nothing lost, nothing doubled
   variable s, p, total = 512 * 1024, data = pattern (total), got;
   (s, p) = writer_pair (kind);
   shrink_buffers (kind, s, p);
   st = stream_new (s);
   signal (SIGALRM, &throwing_handler);
   e = NULL;
   try (e)
     {
	setitimer (ITIMER_REAL, 0.2, 0.0);
	() = stream_write (st, data);
     }
   catch AnyError;
   disarm ();
   expect_true ("$kind: a throwing handler ends a blocked write ("$ + descr (e) + ")"$, (e != NULL) && (e.error == StreamAlarmError));
   got = finish_draining (&flush_t, st, p, total, ""B);
   expect_true (sprintf ("%s: ... then flush: every byte once, in order (%d of %d)", kind, bstrlen (got), total),
		_eqs (got, data));
}

% ------------------------------------------------------------------
% Bad arguments (SPEC 3)

private define test_bad_args (kind)
{
   variable a, b, st;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   st = stream_new (a);
   put (b, "kept\n");
   () = poll ([a], POLLIN, T);
   () = catch_error (&read_t, st, 100, 0.0);     % buffers the 5 bytes

   expect_error ("stream_new ()", NumArgsError, "stream_new", &stream_new);
   expect_error ("stream_new (fd, 1)", NumArgsError, "stream_new", &stream_new, a, 1);
   expect_error ("stream_new (42)", TypeMismatchError, "^stream_new: ", &stream_new, 42);
   expect_error ("stream_new (\"fd\")", TypeMismatchError, "^stream_new: ", &stream_new, "fd");
   expect_error ("stream_new (a stream)", TypeMismatchError, "^stream_new: ", &stream_new, st);

   variable f1, fname;
   foreach fname (["stream_readline", "stream_pending", "stream_flush", "stream_fd", "stream_close"])
     {
	f1 = __get_reference (fname);
	expect_error ("$fname ()"$, NumArgsError, fname, f1);
	expect_error ("$fname (42)"$, TypeMismatchError, "^$fname: "$, f1, 42);
	expect_error ("$fname (fd)"$, TypeMismatchError, "^$fname: "$, f1, a);
	expect_error ("$fname (st, 1)"$, NumArgsError, fname, f1, st, 1);
     }
   foreach fname (["stream_read_until", "stream_read", "stream_read_some", "stream_write"])
     {
	f1 = __get_reference (fname);
	expect_error ("$fname ()"$, NumArgsError, fname, f1);
	expect_error ("$fname (st)"$, NumArgsError, fname, f1, st);
	expect_error ("$fname (st, x, y)"$, NumArgsError, fname, f1, st, "\n", 1);
	expect_error ("$fname (42, x)"$, TypeMismatchError, "^$fname: "$, f1, 42, (fname == "stream_read" || fname == "stream_read_some") ? 1 : "\n");
     }
   expect_error ("stream_read (st, \"3\")", TypeMismatchError, "^stream_read: ", &stream_read, st, "3");
   expect_error ("stream_read (st, 2.5)", TypeMismatchError, "^stream_read: ", &stream_read, st, 2.5);
   expect_error ("stream_read_some (st, NULL)", TypeMismatchError, "^stream_read_some: ", &stream_read_some, st, NULL);
   expect_error ("stream_read_until (st, [1,2])", TypeMismatchError, "^stream_read_until: ", &stream_read_until, st, [1,2]);
   expect_error ("stream_write (st, NULL)", TypeMismatchError, "^stream_write: ", &stream_write, st, NULL);
   expect_value ("bad arguments took no buffered byte", stream_pending (st), 5);
   expect_value ("the line is still there", stream_readline (st ; timeout=T), "kept\n");
}

% ------------------------------------------------------------------
% Memory and references

private define test_memory (kind)
{
   variable a, b, st, n0, i;

   % the stream holds its descriptor; freeing the stream lets it go
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   n0 = fd_count ();
   st = stream_new (a);
   a = NULL;
   expect_value ("the stream keeps its descriptor open", fd_count (), n0);
   () = stream_write (st, "unflushed");
   st = NULL;
   expect_value ("the last reference to a stream gone: its descriptor is closed", fd_count (), n0 - 1);
   b = NULL;

   % many streams, with bytes buffered both ways, all freed
   n0 = fd_count ();
   loop (200)
     {
	(a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
	st = stream_new (a ; bufsize=64);
	put (b, "x\nyy");
	() = stream_readline (st ; timeout=T);
	() = stream_write (st, "pending");
	() = stream_write (st, pattern (80));
	st = NULL; a = NULL; b = NULL;
     }
   expect_value ("200 streams freed: no descriptor left", fd_count (), n0);

   % many failed calls
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   st = stream_new (a ; limit=4);
   put (b, "too long\n");
   () = poll ([a], POLLIN, T);
   loop (50)
     {
	() = catch_error (&readline_t, st, 0.0);
	() = catch_error (&read_until_t, st, "zz", 0.0);
	() = catch_error (&stream_read, st, "x");
     }
   expect_value ("failed calls kept the bytes", stream_pending (st), 9);
   stream_close (st);
   st = NULL;
}

% ------------------------------------------------------------------

private define test_docs (kind)
{
   variable hlp = path_concat (path_dirname (__FILE__), "../doc/help/socket.hlp");
   variable fp = fopen (hlp, "r"), text = "";
   if (fp != NULL) text = strjoin (fgetslines (fp), "");
   variable f;
   foreach f (["stream_new", "stream_readline", "stream_read_until", "stream_read", "stream_read_some",
	       "stream_pending", "stream_write", "stream_flush", "stream_fd", "stream_close"])
     expect_true ("socket.hlp documents $f"$, string_match (text, "\n$f\n"$, 1));
}

private define run (f, kind)
{
   variable t0 = _ftime (), e = NULL, depth = _stkdepth ();
   try (e) { (@f) (kind); }
   catch AnyError;
   if (e != NULL)
     {
	test_fail (sprintf ("%S (%s)", f, kind), sprintf ("unexpected %s: %s (errno %d), line %d",
							  e.descr, e.message, errno, e.line));
	disarm ();
     }
   if (_stkdepth () > depth) _pop_n (_stkdepth () - depth);
   if (getenv ("TEST_TIMING") != NULL)
     () = fprintf (stdout, "# %S (%s): %.2f s\n", f, kind, _ftime () - t0);
}

variable Kind;
foreach Kind (Kinds)
{
   run (&test_new, Kind);
   run (&test_readline, Kind);
   run (&test_read_until, Kind);
   run (&test_read, Kind);
   run (&test_read_some, Kind);
   run (&test_deadlines, Kind);
   run (&test_limit, Kind);
   run (&test_write, Kind);
   run (&test_write_timeout, Kind);
   run (&test_close, Kind);
   run (&test_poll, Kind);
   run (&test_signals, Kind);
   if (is_socket_kind (Kind))
     run (&test_nonblocking, Kind);
}
run (&test_reset, "inet");
run (&test_reset, "inet6");
run (&test_epipe, "pipe");
run (&test_bad_args, "unix");
run (&test_memory, "unix");
run (&test_docs, "");

test_done ();
