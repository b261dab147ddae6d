% test_sendfile.sl: sendfile (s, file, offset, count ; timeout=) -- SPEC 15,
% with the errors of section 3, the signals of 9 and the deadlines and
% the exception's object of 12.
%
% The rules tested: an offset is where to read, and the file's position
% stays where it was; a NULL offset reads from the position and leaves it
% just after what went out; a NULL count is "to end of file"; fewer bytes
% than count go out only at end of file.  Where sendfile(2) refuses the
% file (a pipe, a socket, some /proc files) the module reads and sends.
require ("./harness");
require ("fork");

private variable T = 5.0;		       % seconds: upper bound on any wait
private variable Tmp = make_temp_dir ();
new_exception ("AlarmError", RunTimeError, "alarm went off");

private define loop_host (family)
{
   return (family == PF_INET6) ? "::1" : "127.0.0.1";
}

private define have_ipv6 ()
{
   try
     {
	variable s = socket (PF_INET6, SOCK_STREAM, 0);
	bind (s, "::1", 0);
	() = close (s);
	return 1;
     }
   catch SocketError;
   return 0;
}

% 0 if no exception, else the exception struct; the stack is restored.
private define catch_error ()
{
   variable args = __pop_list (_NARGS - 1);
   variable func = ();
   variable depth = _stkdepth ();
   variable e = NULL;
   try (e)
     {
	(@func) (__push_list (args) ;; __qualifiers ());
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   if (d > 0) _pop_n (d);
   if (d != 0)
     test_fail ("catch_error: stack depth", sprintf ("changed by %d", d));
   return e;
}

% n bytes of a pattern that does not repeat every 256 bytes (a chunk sent
% twice or out of order shows)
private define pattern (n)
{
   variable i = [0:n-1];
   return array_to_bstring (typecast ((i + i / 251) mod 256, UChar_Type));
}

private define write_file (path, data)
{
   variable fp = fopen (path, "wb");
   if (fp == NULL) throw IOError, "cannot write " + path;
   if (bstrlen (data)) () = fwrite (data, fp);
   () = fclose (fp);
}

private define read_file (path)
{
   variable fp = fopen (path, "rb");
   if (fp == NULL) return NULL;
   variable data = ""B, buf;
   while (fread_bytes (&buf, 65536, fp) > 0)
     data += buf;
   () = fclose (fp);
   return data;
}

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

private define recv_to_eof (s)
{
   variable got = ""B, chunk;
   forever
     {
	chunk = recv (s, 1048576 ; timeout=T);
	if (bstrlen (chunk) == 0) break;
	got += chunk;
     }
   return got;
}

private define recv_dontwait_all (s)
{
   variable got = ""B, d, done = 0;
   while (done == 0)
     {
	try
	  {
	     d = recv (s, 1048576, MSG_DONTWAIT);
	     if (bstrlen (d) == 0) done = 1;
	     got += d;
	  }
	catch SocketError:
	  {
	     if (errno != EAGAIN) throw;
	     done = 1;
	  }
     }
   return got;
}

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
}

private variable Kinds = ["inet", "unix"];
if (have_ipv6 ())
  Kinds = ["inet", "inet6", "unix"];
else
  () = fprintf (stdout, "# skip inet6: no ::1\n");

% ------------------------------------------------------------------
% 3 MB over each kind of stream socket, to a reader in a forked child

private variable Big_Path = path_concat (Tmp, "big.bin");
private variable Big = pattern (3 * 1024 * 1024 + 17);
write_file (Big_Path, Big);

% The child sends and exits: 0 if sendfile returned what it should.
private define child_send (c, f, offset, count, want)
{
   variable rc = 0;
   try
     {
	variable n = sendfile (c, f, offset, count ; timeout=T);
	if ((typeof (n) != Int_Type) || (n != want)) rc = 2;
     }
   catch AnyError: rc = 3;
   _exit (rc);
}

private define test_big (kind)
{
   variable c, a, f, pid, st, got, want;

   (c, a) = stream_pair (kind);
   f = open (Big_Path, O_RDONLY);
   () = lseek (f, 1000, SEEK_SET);

   % the whole file, count NULL
   () = fflush (stdout);
   pid = fork ();
   if (pid == 0) child_send (c, f, 0, NULL, bstrlen (Big));
   () = close (c);
   got = recv_to_eof (a);
   st = waitpid (pid, 0);
   expect_true (kind + ": 3 MB: sendfile returned the file's size (child)", st.exited && (st.exit_status == 0));
   expect_value (kind + ": 3 MB: the length that arrived", bstrlen (got), bstrlen (Big));
   expect_true (kind + ": 3 MB: the bytes are exact", got == Big);
   % the child shares the open file: its position tells
   expect_value (kind + ": 3 MB: an explicit offset left the file position alone", lseek (f, 0, SEEK_CUR), 1000);
   () = close (a);

   % a middle part, count given (a ULong, as stat_file gives)
   (c, a) = stream_pair (kind);
   want = Big[[12345:12345 + 2000000 - 1]];
   pid = fork ();
   if (pid == 0) child_send (c, f, 12345, typecast (2000000, ULong_Type), 2000000);
   () = close (c);
   got = recv_to_eof (a);
   st = waitpid (pid, 0);
   expect_true (kind + ": 2 MB from offset 12345: sendfile returned count (child)", st.exited && (st.exit_status == 0));
   expect_true (kind + ": 2 MB from offset 12345: the bytes are exact", got == want);
   () = close (a);
   () = close (f);
}

foreach (Kinds)
{
   variable Kind = ();
   test_big (Kind);
}

% ------------------------------------------------------------------
% offset and count rules, on a unix socketpair

private variable Small_Path = path_concat (Tmp, "small.txt");
private variable Small = pattern (1000);
write_file (Small_Path, Small);

private define test_rules ()
{
   variable a, b, f, n;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   f = open (Small_Path, O_RDONLY);

   n = sendfile (a, f, 100, 50);
   expect_value ("offset 100 count 50 returns 50", n, 50);
   expect_value ("offset 100 count 50 sends those bytes", recv_exactly (b, 50), Small[[100:149]]);
   expect_value ("an offset leaves the position at 0", lseek (f, 0, SEEK_CUR), 0);

   n = sendfile (a, f, 900, 5000);
   expect_value ("count larger than the file: what is left (100)", n, 100);
   expect_value ("count larger than the file: the tail", recv_exactly (b, 100), Small[[900:]]);

   expect_value ("offset at end of file returns 0", sendfile (a, f, 1000, 10), 0);
   expect_value ("offset past end of file returns 0", sendfile (a, f, 5000, NULL), 0);
   expect_value ("count 0 returns 0", sendfile (a, f, 0, 0), 0);
   expect_value ("an empty file returns 0", sendfile (a, open ("/dev/null", O_RDONLY), NULL, NULL), 0);
   expect_value ("nothing was sent by the zero cases", recv_dontwait_all (b), ""B);

   % integer types: all that fit are taken
   expect_value ("offset a UChar, count a Long", sendfile (a, f, typecast (1, UChar_Type), 3L), 3);
   expect_value ("offset a UInt, count a Short", sendfile (a, f, typecast (4, UInt_Type), typecast (2, Short_Type)), 2);
   expect_value ("offset LLong, count ULLong", sendfile (a, f, typecast (6, LLong_Type), typecast (1, ULLong_Type)), 1);
   expect_value ("the bytes of the integer-type cases", recv_exactly (b, 6), Small[[1:6]]);

   % NULL offset: from the file's position, which advances
   () = lseek (f, 200, SEEK_SET);
   n = sendfile (a, f, NULL, 30);
   expect_value ("NULL offset count 30 returns 30", n, 30);
   expect_value ("NULL offset reads from the position", recv_exactly (b, 30), Small[[200:229]]);
   expect_value ("NULL offset advances the position by what went out", lseek (f, 0, SEEK_CUR), 230);
   n = sendfile (a, f, NULL, NULL);
   expect_value ("NULL offset, NULL count: the rest", n, 770);
   expect_value ("NULL offset, NULL count: the bytes", recv_exactly (b, 770), Small[[230:]]);
   expect_value ("NULL offset, NULL count: the position is at the end", lseek (f, 0, SEEK_CUR), 1000);
   expect_value ("NULL offset at end of file returns 0", sendfile (a, f, NULL, 10), 0);

   % a File_Type's descriptor (fileno), a dup_fd copy
   variable fp = fopen (Small_Path, "rb");
   expect_value ("fileno of a File_Type", sendfile (a, fileno (fp), 10, 4), 4);
   () = fclose (fp);
   expect_value ("a dup_fd copy of the file", sendfile (a, dup_fd (f), 20, 4), 4);
   expect_value ("the fileno and dup_fd bytes", recv_exactly (b, 8), Small[[10:13]] + Small[[20:23]]);

   % on a non-blocking socket it still sends what fits
   setblocking (a, 0);
   expect_value ("a non-blocking socket with room", sendfile (a, f, 0, 10), 10);
   expect_value ("a non-blocking socket: the bytes", recv_exactly (b, 10), Small[[0:9]]);
   setblocking (a, 1);

   % and after all that, the stack is clean
   variable depth = _stkdepth ();
   expect_value ("stack depth after the rules", depth, 0);
   () = close (a); () = close (b); () = close (f);
}
test_rules ();

% ------------------------------------------------------------------
% an offset past 2^31 (and past 2^32) on a sparse file

private define test_large_offset ()
{
   variable path = path_concat (Tmp, "sparse.bin");
   variable fp = fopen (path, "wb");
   variable big_off = (3L shl 30) + 12345;       % 3 GiB and a bit
   variable tail = "tail of a sparse file"B;
   variable ok = (fp != NULL) && (0 == fseek (fp, big_off, SEEK_SET));
   if (ok) ok = (bstrlen (tail) == fwrite (tail, fp));
   if (fp != NULL) ok = (0 == fclose (fp)) && ok;
   variable st = stat_file (path);
   if ((ok == 0) || (st == NULL) || (st.st_size != big_off + bstrlen (tail)))
     {
	() = fprintf (stdout, "# skip offsets past 2^31: cannot make a sparse file of 3 GiB in %s\n", Tmp);
	() = remove (path);
	return;
     }
   variable a, b, f, n;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   f = open (path, O_RDONLY);

   n = sendfile (a, f, big_off, NULL);
   expect_value ("offset 3 GiB + 12345 (a Long): the tail's length", n, bstrlen (tail));
   expect_value ("offset 3 GiB + 12345: the tail's bytes", recv_exactly (b, n), tail);

   n = sendfile (a, f, big_off - 4, 8);
   expect_value ("offset 3 GiB + 12341, count 8", n, 8);
   expect_value ("4 zero bytes of the hole, then the tail", recv_exactly (b, 8), "\0\0\0\0tail"B);

   n = sendfile (a, f, typecast (big_off + 5, ULong_Type), 1L shl 33);
   expect_value ("a ULong offset past 2^31 and a count of 2^33", n, bstrlen (tail) - 5);
   expect_value ("the bytes from a ULong offset", recv_exactly (b, n), tail[[5:]]);

   expect_value ("offset st_size (a ULong) returns 0", sendfile (a, f, st.st_size, NULL), 0);
   expect_value ("offset 2^40 returns 0", sendfile (a, f, 1L shl 40, NULL), 0);

   % the position past 2^31, with a NULL offset
   () = lseek (f, big_off + 10, SEEK_SET);
   n = sendfile (a, f, NULL, 6);
   expect_value ("NULL offset at a position past 2^31", n, 6);
   expect_value ("NULL offset past 2^31: the bytes", recv_exactly (b, 6), tail[[10:15]]);
   expect_value ("NULL offset past 2^31: the position advanced", lseek (f, 0, SEEK_CUR), big_off + 16);

   () = close (a); () = close (b); () = close (f);
   () = remove (path);
}
test_large_offset ();

% ------------------------------------------------------------------
% bad arguments (expect_error also checks the stack and the descriptors)

private define sendfile4 (s, f, o, n) { () = sendfile (s, f, o, n ;; __qualifiers ()); }
private define sendfile3 (s, f, o) { () = sendfile (s, f, o); }

private define test_bad_args ()
{
   variable a, b, f;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   f = open (Small_Path, O_RDONLY);

   expect_error ("3 arguments", NumArgsError,
		 "^sendfile: wrong number of arguments (3); usage: Int_Type sendfile (FD_Type s, FD_Type file, offset, count ; timeout=secs)$",
		 &sendfile3, a, f, 0);
   expect_error ("file a String", TypeMismatchError, "^sendfile: file must be an FD_Type", &sendfile4, a, Small_Path, 0, 1);
   variable fp = fopen (Small_Path, "rb");
   expect_error ("file a File_Type", TypeMismatchError, "^sendfile: file must be an FD_Type", &sendfile4, a, fp, 0, 1);
   () = fclose (fp);
   expect_error ("file NULL", TypeMismatchError, "^sendfile: file must be an FD_Type", &sendfile4, a, NULL, 0, 1);
   expect_error ("s a String", TypeMismatchError, "^sendfile: expected a socket", &sendfile4, "s", f, 0, 1);
   expect_error ("s a regular file", TypeMismatchError, "^sendfile: the descriptor is not a socket", &sendfile4, f, f, 0, 1);
   expect_error ("offset a Double", TypeMismatchError, "^sendfile: offset must be an integer or NULL", &sendfile4, a, f, 1.0, 1);
   expect_error ("offset a String", TypeMismatchError, "^sendfile: offset must be an integer or NULL", &sendfile4, a, f, "0", 1);
   expect_error ("count a Double", TypeMismatchError, "^sendfile: count must be an integer or NULL", &sendfile4, a, f, 0, 1.5);
   expect_error ("count an array", TypeMismatchError, "^sendfile: count must be an integer or NULL", &sendfile4, a, f, 0, [1]);
   expect_error ("offset -1", InvalidParmError, "^sendfile: offset -[0-9]+ is outside 0\\.\\.[0-9]+$", &sendfile4, a, f, -1, 1);
   expect_error ("offset -2^40", InvalidParmError, "^sendfile: offset -[0-9]+ is outside 0\\.\\.[0-9]+$", &sendfile4, a, f, -(1L shl 40), 1);
   expect_error ("count -1", InvalidParmError, "^sendfile: count -1 is outside 0\\.\\.[0-9]+$", &sendfile4, a, f, 0, -1);
   expect_error ("offset a ULong past 2^63", InvalidParmError, "^sendfile: offset [0-9]+ is outside 0\\.\\.[0-9]+$",
		 &sendfile4, a, f, typecast (-1, ULong_Type), 1);
   expect_error ("count a ULong past 2^63", InvalidParmError, "^sendfile: count [0-9]+ is outside 0\\.\\.[0-9]+$",
		 &sendfile4, a, f, 0, typecast (-1, ULong_Type));

   variable u = socket (PF_INET, SOCK_DGRAM, 0);
   connect (u, "127.0.0.1", 9);
   expect_error ("a UDP socket", InvalidParmError, "^sendfile: s must be a SOCK_STREAM socket", &sendfile4, u, f, 0, 1);
   () = close (u);

   variable closed = open (Small_Path, O_RDONLY);
   () = close (closed);
   expect_error ("a closed file", SocketError, "^sendfile: Bad file descriptor$", &sendfile4, a, closed, 0, 1; errno=EBADF);
   variable wonly = open (path_concat (Tmp, "wonly"), O_WRONLY|O_CREAT, 0600);
   expect_error ("a write-only file", SocketError, "^sendfile: Bad file descriptor (0 of 1 bytes sent)$",
		 &sendfile4, a, wonly, 0, 1; errno=EBADF);
   () = close (wonly);
   variable dir = open (Tmp, O_RDONLY);
   expect_error ("a directory (refused, then read: EISDIR)", SocketError, "^sendfile: reading the file: Is a directory (0 bytes sent)$",
		 &sendfile4, a, dir, 0, NULL; errno=EISDIR);
   () = close (dir);
   variable s2 = socket (PF_UNIX, SOCK_STREAM, 0);
   () = close (s2);
   expect_error ("a closed socket", SocketError, "^sendfile: Bad file descriptor$", &sendfile4, s2, f, 0, 1; errno=EBADF);
   variable nc = socket (PF_INET, SOCK_STREAM, 0);
   expect_error ("an unconnected TCP socket", SocketError, "^sendfile: ", &sendfile4, nc, f, 0, 1; errno=EPIPE);
   () = close (nc);

   variable e = catch_error (&sendfile4, a, f, 0, 1 ; timeout="x");
   expect_true ("timeout a String: TypeMismatchError", (e != NULL) && (e.error == TypeMismatchError));
   expect_value ("bad arguments sent nothing", recv_dontwait_all (b), ""B);
   () = close (a); () = close (b); () = close (f);
}
test_bad_args ();

% ------------------------------------------------------------------
% a closed peer: EPIPE, not death by SIGPIPE, and no SIGPIPE left over

private variable Sigpipe_Count = 0;
private define count_sigpipe (sig) { Sigpipe_Count++; }

private define epipe_child (handler)
{
   signal (SIGPIPE, handler);
   variable a, b, f, e;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = close (b);
   f = open (Big_Path, O_RDONLY);
   e = catch_error (&sendfile4, a, f, 0, NULL);
   if ((e == NULL) || (e.error != SocketError) || (errno != EPIPE)) return 1;
   if ((typeof (e.object) != Int_Type) || (e.object != 0)) return 2;
   e = catch_error (&sendfile4, a, f, 0, NULL ; timeout=T);
   if ((e == NULL) || (errno != EPIPE)) return 3;
   % a handler would run at the next check for signals
   () = getblocking (a);
   if (Sigpipe_Count != 0) return 4;
   return 0;
}

private define test_epipe (label, handler)
{
   () = fflush (stdout);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 5;
	try rc = epipe_child (handler);
	catch AnyError;
	_exit (rc);
     }
   variable st = waitpid (pid, 0);
   expect_value (label + ": not killed by SIGPIPE", st.signal, 0);
   expect_value (label + ": EPIPE with object 0, no SIGPIPE handled (exit 0)", st.exit_status, 0);
}
test_epipe ("closed peer, SIGPIPE default", SIG_DFL);
test_epipe ("closed peer, a S-Lang SIGPIPE handler", &count_sigpipe);

% ------------------------------------------------------------------
% deadlines: a peer that does not read

private define test_timeout (kind)
{
   variable c, a, f, e, t0, dt, got;
   % 1 MB of pattern, then a hole to 64 MB: more than any socket buffer
   variable path = path_concat (Tmp, "hole.bin");
   variable fp = fopen (path, "wb");
   () = fwrite (pattern (1048576), fp);
   () = fseek (fp, 64 * 1048576 - 1, SEEK_SET);
   () = fputs ("x", fp);
   () = fclose (fp);

   (c, a) = stream_pair (kind);
   f = open (path, O_RDONLY);
   t0 = _ftime ();
   e = catch_error (&sendfile4, c, f, 0, NULL ; timeout=0.3);
   dt = _ftime () - t0;
   expect_true (kind + ": timeout=0.3 to a peer that does not read raises", e != NULL);
   if (e == NULL) return;
   expect_value (kind + ": timeout: SocketError", e.error, SocketError);
   expect_value (kind + ": timeout: errno ETIMEDOUT", errno, ETIMEDOUT);
   expect_true (sprintf ("%s: timeout after %.2f s, wanted [0.25, 3)", kind, dt), (dt >= 0.25) && (dt < 3.0));
   expect_true (kind + ": timeout: the message says how much went out",
		string_match (e.message, "^sendfile: Connection timed out ([0-9]+ bytes sent)$", 1));
   expect_value (kind + ": timeout: the object is an Int", typeof (e.object), Int_Type);
   expect_true (kind + ": timeout: some but not all went out", (e.object > 0) && (e.object < 64 * 1048576));
   expect_value (kind + ": timeout: the socket is blocking again", getblocking (c), 1);
   () = close (c);
   got = recv_to_eof (a);
   expect_value (kind + ": timeout: the peer got exactly the object's count", bstrlen (got), e.object);
   variable m = (bstrlen (got) < 1048576) ? bstrlen (got) : 1048576;
   expect_true (kind + ": timeout: the bytes that went out are the file's", got[[0:m-1]] == pattern (m));
   () = close (a);

   % a non-blocking socket without a timeout: EAGAIN, with the object
   (c, a) = stream_pair (kind);
   setblocking (c, 0);
   e = catch_error (&sendfile4, c, f, 0, 64 * 1048576);
   expect_true (kind + ": non-blocking, full: raises", e != NULL);
   if (e != NULL)
     {
	expect_value (kind + ": non-blocking, full: errno EAGAIN", errno, EAGAIN);
	expect_true (kind + ": non-blocking, full: the message",
		     string_match (e.message, "^sendfile: .* ([0-9]+ of 67108864 bytes sent)$", 1));
	expect_true (kind + ": non-blocking, full: object > 0", (typeof (e.object) == Int_Type) && (e.object > 0));
	() = close (c);
	expect_value (kind + ": non-blocking, full: the peer got the object's count", bstrlen (recv_to_eof (a)), e.object);
     }
   () = close (a);
   () = close (f);
   () = remove (path);
}
foreach (Kinds)
{
   variable Kind = ();
   test_timeout (Kind);
}

% ------------------------------------------------------------------
% signals (SPEC 9): a handler that throws ends the call with its
% exception; one that does not lets it go on; one that closes the socket
% or the file gets EBADF with the object

private variable Delay = 0.2;
private define arm (interval) { setitimer (ITIMER_REAL, Delay, interval); }
private define disarm () { setitimer (ITIMER_REAL, 0.0, 0.0); }
private define throwing_handler (sig) { throw AlarmError, "alarm"; }

private define test_signal_throws (label, timeout)
{
   variable a, b, f, e, t0, dt;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   % a safety net: a blocking sendfile that no signal interrupts gives
   % up after 5 s (EAGAIN) instead of hanging the test
   setsockopt (a, SOL_SOCKET, SO_SNDTIMEO, 5.0);
   f = open (Big_Path, O_RDONLY);
   variable nfd = fd_count ();
   signal (SIGALRM, &throwing_handler);
   t0 = _ftime ();
   arm (0.0);
   if (timeout == NULL)
     e = catch_error (&sendfile4, a, f, 0, NULL);
   else
     e = catch_error (&sendfile4, a, f, 0, NULL ; timeout=timeout);
   disarm ();
   dt = _ftime () - t0;
   signal (SIGALRM, SIG_DFL);
   expect_true (label + ": raised", e != NULL);
   if (e != NULL)
     expect_true (sprintf ("%s: the handler's exception propagates (%s: %s)", label, e.descr, e.message),
		  e.error == AlarmError);
   expect_true (sprintf ("%s: interrupted after %.2f s", label, dt), (dt >= Delay - 0.05) && (dt < Delay + 2.0));
   expect_value (label + ": no descriptor leaked", fd_count (), nfd);
   expect_value (label + ": the socket still works", sendfile (b, f, 0, 5), 5);
   expect_value (label + ": the socket still works: bytes", recv_exactly (a, 5), Big[[0:4]]);
   () = close (a); () = close (b); () = close (f);
}
test_signal_throws ("blocking sendfile, a handler throws", NULL);
test_signal_throws ("sendfile ;timeout=T, a handler throws", T);

% A handler that does not throw but reads what the peer got: the call
% goes on after each signal and sends everything.
private variable Drain_Sock, Drained, Drain_Signals;
private define draining_handler (sig)
{
   Drain_Signals++;
   list_append (Drained, recv_dontwait_all (Drain_Sock));
}

private define test_signal_resumes (label, timeout)
{
   variable a, b, f, n;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   setsockopt (a, SOL_SOCKET, SO_SNDTIMEO, 5.0);
   f = open (Big_Path, O_RDONLY);
   Drain_Sock = b;
   Drained = {};
   Drain_Signals = 0;
   signal (SIGALRM, &draining_handler);
   setitimer (ITIMER_REAL, 0.01, 0.01);
   try
     {
	if (timeout == NULL)
	  n = sendfile (a, f, 0, NULL);
	else
	  n = sendfile (a, f, 0, NULL ; timeout=timeout);
     }
   finally
     {
	disarm ();
	signal (SIGALRM, SIG_DFL);
     }
   list_append (Drained, recv_dontwait_all (b));
   variable got = ""B, d;
   foreach d (Drained) got += d;
   expect_value (label + ": returns the whole size", n, bstrlen (Big));
   expect_true (sprintf ("%s: signals were handled during the call (%d)", label, Drain_Signals), Drain_Signals > 0);
   expect_true (label + ": the bytes are exact", got == Big);
   () = close (a); () = close (b); () = close (f);
}
test_signal_resumes ("blocking sendfile, a draining handler", NULL);
test_signal_resumes ("sendfile ;timeout=T, a draining handler", T);

% (closing the file is noticed at the next send, so that handler also
% drains the peer: the socket has room again)
private variable Victim;
private define closing_handler (sig)
{
   () = close (Victim);
   if (Drain_Sock != NULL)
     list_append (Drained, recv_dontwait_all (Drain_Sock));
}

private define test_signal_closes (what)
{
   variable a, b, f, e;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   f = open (Big_Path, O_RDONLY);
   Victim = (what == "socket") ? a : f;
   Drain_Sock = (what == "socket") ? NULL : b;
   Drained = {};
   signal (SIGALRM, &closing_handler);
   arm (0.0);
   e = catch_error (&sendfile4, a, f, 0, NULL ; timeout=T);
   disarm ();
   signal (SIGALRM, SIG_DFL);
   variable label = "a handler closes the " + what;
   expect_true (label + ": raised", e != NULL);
   if (e == NULL) return;
   expect_value (label + ": SocketError", e.error, SocketError);
   expect_value (label + ": errno EBADF", errno, EBADF);
   expect_true (sprintf ("%s: the message says so (%s)", label, e.message),
		string_match (e.message, "^sendfile: .*the " + what + " was closed while the call waited.* ([0-9]+ bytes sent)$", 1));
   expect_true (label + ": the object is what went out (> 0)", (typeof (e.object) == Int_Type) && (e.object > 0));
   if (what == "file") () = close (a);
   variable got = 0, d;
   foreach d (Drained) got += bstrlen (d);
   got += bstrlen (recv_to_eof (b));
   expect_value (label + ": the peer got the object's count", got, e.object);
   () = close (b);
   if (what == "socket") () = close (f);
   Drain_Sock = NULL;
}
test_signal_closes ("socket");
test_signal_closes ("file");

% ------------------------------------------------------------------
% the fallback: files sendfile(2) refuses are read and sent

% A pipe: 1 MB written by one child, read from the socket by another.
private define test_pipe_big ()
{
   variable r, w, a, b, data = pattern (1048576 + 3), n;
   (r, w) = pipe ();
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fflush (stdout);
   variable writer = fork ();
   if (writer == 0)
     {
	() = close (r);
	variable rc = 0;
	try { if (bstrlen (data) != write (w, data)) rc = 2; }
	catch AnyError: rc = 3;
	_exit (rc);
     }
   () = close (w);
   variable reader = fork ();
   if (reader == 0)
     {
	() = close (a);
	variable rc2 = 0;
	try { if (recv_to_eof (b) != data) rc2 = 2; }
	catch AnyError: rc2 = 3;
	_exit (rc2);
     }
   () = close (b);
   n = sendfile (a, r, NULL, NULL ; timeout=T);
   () = close (a);
   variable st1 = waitpid (writer, 0), st2 = waitpid (reader, 0);
   expect_value ("pipe, 1 MB: returns the bytes sent", n, bstrlen (data));
   expect_true ("pipe, 1 MB: the writer wrote it all", st1.exited && (st1.exit_status == 0));
   expect_true ("pipe, 1 MB: the reader got the exact bytes", st2.exited && (st2.exit_status == 0));
   () = close (r);
}
test_pipe_big ();

private define test_pipe_rules ()
{
   variable r, w, a, b, e, n;
   (r, w) = pipe ();
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = write (w, "0123456789");
   expect_value ("pipe: count 4 returns 4", sendfile (a, r, NULL, 4), 4);
   expect_value ("pipe: count 4 sends the first 4", recv_exactly (b, 4), "0123"B);
   % what count did not take is still in the pipe
   e = catch_error (&sendfile4, a, r, NULL, 100 ; timeout=0.2);
   expect_true ("pipe with a writer and no more data: timeout=0.2 raises", e != NULL);
   if (e != NULL)
     {
	expect_value ("pipe timeout: errno ETIMEDOUT", errno, ETIMEDOUT);
	expect_value ("pipe timeout: the object is what went out", e.object, 6);
	expect_true ("pipe timeout: the message", string_match (e.message, "^sendfile: Connection timed out (6 of 100 bytes sent)$", 1));
     }
   expect_value ("pipe timeout: the peer got the rest of the pipe", recv_exactly (b, 6), "456789"B);
   () = write (w, "abc");
   () = close (w);
   expect_value ("pipe to end of file", sendfile (a, r, NULL, NULL ; timeout=T), 3);
   expect_value ("pipe to end of file: the bytes", recv_exactly (b, 3), "abc"B);
   expect_value ("pipe at end of file returns 0", sendfile (a, r, NULL, NULL), 0);
   expect_error ("pipe with an offset: ESPIPE", SocketError, "^sendfile: Illegal seek", &sendfile4, a, r, 0, NULL; errno=ESPIPE);
   () = close (r);

   % a socket as the file
   variable x, y;
   (x, y) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = send (y, "from a socket");
   shutdown (y, SHUT_WR);
   expect_value ("a socket as the file", sendfile (a, x, NULL, NULL ; timeout=T), 13);
   expect_value ("a socket as the file: the bytes", recv_exactly (b, 13), "from a socket"B);
   () = close (x); () = close (y);

   % an empty pipe and a throwing handler: the wait for the file is
   % interrupted too
   (r, w) = pipe ();
   signal (SIGALRM, &throwing_handler);
   arm (0.0);
   e = catch_error (&sendfile4, a, r, NULL, 10 ; timeout=T);
   disarm ();
   signal (SIGALRM, SIG_DFL);
   expect_true ("an empty pipe, a throwing handler: its exception propagates", (e != NULL) && (e.error == AlarmError));
   () = close (r); () = close (w);
   () = close (a); () = close (b);
}
test_pipe_rules ();

% A seekable file that sendfile(2) refuses (/proc/self/cmdline): the
% same offset and position rules through the fallback.
private define test_seekable_fallback ()
{
   variable path = "/proc/self/cmdline";
   variable want = read_file (path);
   if ((want == NULL) || (bstrlen (want) < 8))
     {
	() = fprintf (stdout, "# skip the seekable fallback: %s is unreadable or short\n", path);
	return;
     }
   variable a, b, f, n;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   f = open (path, O_RDONLY);
   n = sendfile (a, f, 2, 4);
   expect_value ("/proc/self/cmdline, offset 2 count 4", n, 4);
   expect_value ("/proc/self/cmdline, offset 2 count 4: the bytes", recv_exactly (b, 4), want[[2:5]]);
   expect_value ("/proc/self/cmdline: an offset leaves the position alone", lseek (f, 0, SEEK_CUR), 0);
   () = lseek (f, 3, SEEK_SET);
   n = sendfile (a, f, NULL, 2);
   expect_value ("/proc/self/cmdline, NULL offset count 2", n, 2);
   expect_value ("/proc/self/cmdline, NULL offset: the bytes", recv_exactly (b, 2), want[[3:4]]);
   expect_value ("/proc/self/cmdline, NULL offset: the position is just after them (no read-ahead lost)",
		 lseek (f, 0, SEEK_CUR), 5);
   n = sendfile (a, f, NULL, NULL);
   expect_value ("/proc/self/cmdline, the rest", n, bstrlen (want) - 5);
   expect_value ("/proc/self/cmdline, the rest: the bytes", recv_exactly (b, n), want[[5:]]);
   () = close (a); () = close (b); () = close (f);
}
test_seekable_fallback ();

% Read-ahead and an error: a seekable file gets its position back to just
% after what went out; from a pipe the bytes read and not sent are lost,
% and the message says how many.
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

private define test_fallback_readahead ()
{
   variable a, b, f, e, r, w;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fill_socket (a);
   f = open ("/proc/self/cmdline", O_RDONLY);
   () = lseek (f, 3, SEEK_SET);
   e = catch_error (&sendfile4, a, f, NULL, NULL ; timeout=0.1);
   expect_true ("seekable fallback, full socket: raises", e != NULL);
   if (e != NULL)
     {
	expect_value ("seekable fallback, full socket: ETIMEDOUT", errno, ETIMEDOUT);
	expect_value ("seekable fallback, full socket: object 0", e.object, 0);
	expect_value ("seekable fallback, full socket: the message", e.message, "sendfile: Connection timed out (0 bytes sent)");
     }
   expect_value ("seekable fallback: the position is where it was (read-ahead given back)", lseek (f, 0, SEEK_CUR), 3);
   () = close (f);

   (r, w) = pipe ();
   () = write (w, "abc");
   e = catch_error (&sendfile4, a, r, NULL, NULL ; timeout=0.1);
   expect_true ("pipe, full socket: raises", e != NULL);
   if (e != NULL)
     {
	expect_value ("pipe, full socket: ETIMEDOUT", errno, ETIMEDOUT);
	expect_value ("pipe, full socket: object 0", e.object, 0);
	expect_value ("pipe, full socket: the message counts the bytes lost", e.message,
		      "sendfile: Connection timed out (0 bytes sent; 3 bytes read from the file were not sent)");
     }
   () = close (r); () = close (w);
   () = close (a); () = close (b);
}
test_fallback_readahead ();

() = remove (Big_Path);
() = remove (Small_Path);
() = remove (path_concat (Tmp, "wonly"));
remove_temp_dir (Tmp);
test_done ();
