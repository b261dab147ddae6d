% test_pressure.sl: integers that do not fit an Int, recv_fds at the
% descriptor limit, the family of create_connection's source=, the
% limits named in messages, and EMFILE pressure on every intrinsic that
% makes a descriptor (SPEC sections 3, 9, 10, 12, 13, 14).
%
% Loopback only; no sleeps; every call that could wait has a timeout or a
% non-blocking socket, so a module bug fails a test instead of hanging.
require ("./harness");

private variable Dir = make_temp_dir ();
private variable Counter = 0;
private define new_path ()
{
   Counter++;
   return path_concat (Dir, sprintf ("p%d", Counter));
}

% the port of a (host, port) pair
define second_of (h, p) { return p; }

private define have_ipv6 ()
{
   variable ok = 1;
   try
     {
	variable s = socket (PF_INET6, SOCK_STREAM, 0);
	bind (s, "::1", 0);
	() = close (s);
     }
   catch AnyError: { ok = 0; }
   return ok;
}
private variable Have_IPv6 = have_ipv6 ();

%-----------------------------------------------------------------------
% Fixtures for the integer checks.  Sockets that could be read from are
% non-blocking, and the stream is at end of file, so an argument wrongly
% accepted makes a call return or fail at once instead of waiting.
private variable Tcp = socket (PF_INET, SOCK_STREAM, 0);
private variable CA, SA;
(CA, SA) = tcp_pair (PF_INET);
setblocking (CA, 0);
private variable Udp = socket (PF_INET, SOCK_DGRAM, 0);
bind (Udp, "127.0.0.1", 0);
setblocking (Udp, 0);
private variable Udp_Port = second_of (getsockname (Udp));
private variable UA, UB;
(UA, UB) = socketpair (PF_UNIX, SOCK_STREAM, 0);
setblocking (UA, 0);
private variable PA, PB;
(PA, PB) = socketpair (PF_UNIX, SOCK_STREAM, 0);
private variable St = stream_new (PA);
() = close (PB);		       % St is at end of stream
private variable Sel = selector_new ();
private variable Loop = eventloop_new ();
private variable Lst = tcp_listener (PF_INET);
private variable Lst_Port = second_of (getsockname (Lst));

private define watch_cb (fd, revents) { }

% The four values that do not fit an Int, each of a different type.
private variable Big = {18446744073709551615ULL, 9223372036854775807L, 4294967295U, -2147483649L};

private define value_pattern (call, v)
{
   % the decimal value, not a prefix of a longer number
   return "^" + call + ": .*[^-0-9]" + string (v) + "\\>";
}

% int_arg (call, pos, &func, args...): func (args...) with args[pos]
% replaced by each value of Big must raise InvalidParmError naming it.
private define int_arg ()
{
   variable args = __pop_list (_NARGS - 3);
   variable call, pos, func;
   (call, pos, func) = ();
   variable v;
   foreach v (Big)
     {
	variable a = @args;
	a[pos] = v;
	expect_error (sprintf ("%s: argument %d = %S (%S) is InvalidParmError naming it", call, pos + 1, v, typeof (v)),
		      InvalidParmError, value_pattern (call, v), func, __push_list (a));
     }
}

% Qualifier wrappers: q is a Struct of qualifiers.
private define q_create_server (host, port, q) { return create_server (host, port;; q); }
private define q_create_connection (host, port, q) { return create_connection (host, port;; q); }
private define q_bind (s, path, q) { bind (s, path;; q); }
private define q_bind_new_unix (path, q)
{
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path;; q);
}
private define q_stream_new (fd, q) { return stream_new (fd;; q); }

private define make_q (names, values)
{
   variable q = @Struct_Type (names), i;
   _for i (0, length (names) - 1, 1)
     set_struct_field (q, names[i], values[i]);
   return q;
}

% int_qual (call, qname, &wrapper, extra-names, extra-values, args...):
% wrapper (args..., q) with q.qname set to each value of Big.
private define int_qual ()
{
   variable args = __pop_list (_NARGS - 5);
   variable call, qname, func, xn, xv;
   (call, qname, func, xn, xv) = ();
   variable v;
   foreach v (Big)
     {
	variable vals = {v}, x;
	foreach x (xv) list_append (vals, x);
	variable q = make_q ([qname, xn], vals);
	expect_error (sprintf ("%s: %s=%S (%S) is InvalidParmError naming it", call, qname, v, typeof (v)),
		      InvalidParmError, "^" + call + ": .*" + qname + "=" + string (v) + "\\>",
		      func, __push_list (args), q);
     }
}

private define check_int_args ()
{
   int_arg ("socket", 0, &socket, PF_INET, SOCK_STREAM, 0);
   int_arg ("socket", 1, &socket, PF_INET, SOCK_STREAM, 0);
   int_arg ("socket", 2, &socket, PF_INET, SOCK_STREAM, 0);
   int_arg ("socketpair", 0, &socketpair, PF_UNIX, SOCK_STREAM, 0);
   int_arg ("socketpair", 1, &socketpair, PF_UNIX, SOCK_STREAM, 0);
   int_arg ("socketpair", 2, &socketpair, PF_UNIX, SOCK_STREAM, 0);
   int_arg ("listen", 1, &listen, Tcp, 16);
   int_arg ("setblocking", 1, &setblocking, Tcp, 1);
   int_arg ("shutdown", 1, &shutdown, CA, SHUT_RD);
   int_arg ("setsockopt", 3, &setsockopt, Tcp, SOL_SOCKET, SO_RCVBUF, 65536);
   int_arg ("setsockopt", 3, &setsockopt, Tcp, IPPROTO_TCP, TCP_NODELAY, 1);
   int_arg ("setsockopt", 3, &setsockopt, Udp, SOL_IP, IP_TTL, 64);
   int_arg ("setsockopt", 1, &setsockopt, Tcp, SOL_SOCKET, SO_RCVBUF, 65536);
   int_arg ("setsockopt", 2, &setsockopt, Tcp, SOL_SOCKET, SO_RCVBUF, 65536);
   int_arg ("getsockopt", 1, &getsockopt, Tcp, SOL_SOCKET, SO_RCVBUF);
   int_arg ("getsockopt", 2, &getsockopt, Tcp, SOL_SOCKET, SO_RCVBUF);
   int_arg ("send", 2, &send, CA, "x", 0);
   int_arg ("sendto", 2, &sendto, Udp, "x", 0, "127.0.0.1", Udp_Port);
   int_arg ("sendto", 4, &sendto, Udp, "x", 0, "127.0.0.1", Udp_Port);
   int_arg ("recv", 1, &recv, CA, 10, 0);
   int_arg ("recv", 2, &recv, CA, 10, 0);
   int_arg ("recvfrom", 1, &recvfrom, Udp, 10, 0);
   int_arg ("recvfrom", 2, &recvfrom, Udp, 10, 0);
   int_arg ("recv_fds", 1, &recv_fds, UA, 10, 4);
   int_arg ("recv_fds", 2, &recv_fds, UA, 10, 4);
   int_arg ("bind", 2, &bind, Tcp, "127.0.0.1", 0);
   int_arg ("connect", 2, &connect, Tcp, "127.0.0.1", Lst_Port);
   int_arg ("getaddrinfo", 2, &getaddrinfo, "127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
   int_arg ("getaddrinfo", 3, &getaddrinfo, "127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
   int_arg ("getaddrinfo", 4, &getaddrinfo, "127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
   int_arg ("getaddrinfo", 5, &getaddrinfo, "127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
   int_arg ("getnameinfo", 1, &getnameinfo, "127.0.0.1", 80, NI_NUMERICHOST | NI_NUMERICSERV);
   int_arg ("getnameinfo", 2, &getnameinfo, "127.0.0.1", 80, NI_NUMERICHOST | NI_NUMERICSERV);
   int_arg ("inet_pton", 0, &inet_pton, AF_INET, "127.0.0.1");
   int_arg ("inet_ntop", 0, &inet_ntop, AF_INET, "\x7f\0\0\x01"B);
   int_arg ("stream_read", 1, &stream_read, St, 4);
   int_arg ("stream_read_some", 1, &stream_read_some, St, 4);
   int_arg ("selector_add", 2, &selector_add, Sel, UA, POLLIN, 0);
   int_arg ("eventloop_watch", 2, &eventloop_watch, Loop, UA, POLLIN, &watch_cb);

   variable none = String_Type[0], nov = {};
   variable qn;
   foreach qn (["backlog", "reuse_port", "dualstack", "family"])
     int_qual ("create_server", qn, &q_create_server, none, nov, "127.0.0.1", 0);
   foreach qn (["mode", "unlink"])
     int_qual ("create_server", qn, &q_create_server, ["family"], {AF_UNIX}, new_path (), NULL);
   foreach qn (["family", "source_port"])
     int_qual ("create_connection", qn, &q_create_connection, ["timeout"], {5.0}, "127.0.0.1", Lst_Port);
   foreach qn (["mode", "unlink"])
     int_qual ("bind", qn, &q_bind_new_unix, none, nov, new_path ());
   foreach qn (["bufsize", "limit"])
     int_qual ("stream_new", qn, &q_stream_new, none, nov, UA);
   expect_true ("no unix path was created by the rejected calls", length (listdir (Dir)) == 0);

   % NULL given to an Int qualifier is a type error
   expect_error ("bind mode=NULL is TypeMismatchError", TypeMismatchError, "^bind: .*mode",
		 &q_bind_new_unix, new_path (), struct {mode = NULL});
   expect_error ("bind unlink=NULL is TypeMismatchError", TypeMismatchError, "^bind: .*unlink",
		 &q_bind_new_unix, new_path (), struct {unlink = NULL});
   expect_error ("create_server backlog=NULL is TypeMismatchError", TypeMismatchError, "^create_server: .*backlog",
		 &q_create_server, "127.0.0.1", 0, struct {backlog = NULL});
   expect_error ("create_connection family=NULL is TypeMismatchError", TypeMismatchError, "^create_connection: .*family",
		 &q_create_connection, "127.0.0.1", Lst_Port, struct {timeout = 5.0, family = NULL});
   expect_error ("stream_new bufsize=NULL is TypeMismatchError", TypeMismatchError, "^stream_new: .*bufsize",
		 &q_stream_new, UA, struct {bufsize = NULL});

   % wide types holding values that do fit are accepted
   variable ok = 1, s = NULL;
   try
     {
	s = socket (typecast (PF_INET, ULong_Type), typecast (SOCK_STREAM, Long_Type), 0UL);
	bind (s, "127.0.0.1", 0UL);
	listen (s, 2147483647L);
	setsockopt (s, SOL_SOCKET, SO_RCVBUF, 65536UL);
	() = inet_pton (typecast (AF_INET, UInteger_Type), "127.0.0.1");
	s = create_server ("127.0.0.1", 0; backlog = 2147483647L, family = typecast (AF_INET, ULong_Type));
     }
   catch AnyError: { ok = 0; }
   expect_true ("wide integer types that fit an Int are accepted", ok);
   s = NULL;
   ok = 1;
   try { s = create_server ("127.0.0.1", 0; backlog = -2147483648L); }
   catch AnyError: { ok = 0; }
   expect_true ("create_server backlog=-2^31 (a Long that fits) is accepted", ok);
   s = NULL;
}
check_int_args ();

%-----------------------------------------------------------------------
% create_connection's source= of the other family: SocketError with
% EAFNOSUPPORT naming source, never a resolver error (SocketHError).
private define check_source_family ()
{
   if (Have_IPv6 == 0)
     {
	() = fprintf (stdout, "# skip: create_connection source= family checks: no IPv6 loopback\n");
	return;
     }
   variable l6 = tcp_listener (PF_INET6);
   variable p6 = second_of (getsockname (l6));
   expect_error ("create_connection 127.0.0.1 with source=::1: SocketError EAFNOSUPPORT naming source",
		 SocketError, "^create_connection: .*source", &q_create_connection, "127.0.0.1", Lst_Port,
		 struct {timeout = 5.0, source = "::1"}; errno = EAFNOSUPPORT);
   expect_error ("create_connection ::1 with source=127.0.0.1: SocketError EAFNOSUPPORT naming source",
		 SocketError, "^create_connection: .*source", &q_create_connection, "::1", p6,
		 struct {timeout = 5.0, source = "127.0.0.1"}; errno = EAFNOSUPPORT);
   % the same source family works
   variable ok = 1, c;
   try
     {
	c = create_connection ("127.0.0.1", Lst_Port; timeout = 5.0, source = "127.0.0.1");
	() = close (c);
	c = create_connection ("::1", p6; timeout = 5.0, source = "::1");
	() = close (c);
     }
   catch AnyError: { ok = 0; }
   expect_true ("create_connection with a source of the same family works", ok);
   () = close (l6);
}
check_source_family ();

%-----------------------------------------------------------------------
% Limits named in messages
private define check_messages ()
{
   variable n109 = "\0socktest-109-"B + sprintf ("%d-", getpid ());
   while (bstrlen (n109) < 109) n109 += "x"B;
   expect_value ("the abstract name is 109 bytes", bstrlen (n109), 109);
   expect_error ("bind to a 109-byte abstract name: InvalidParmError naming 108", InvalidParmError,
		 "^bind: .*108", &bind, socket (PF_UNIX, SOCK_STREAM, 0), n109);
   expect_error ("connect to a 109-byte abstract name: InvalidParmError naming 108", InvalidParmError,
		 "^connect: .*108", &connect, socket (PF_UNIX, SOCK_STREAM, 0), n109);
   expect_error ("sendto a 109-byte abstract name: InvalidParmError naming 108", InvalidParmError,
		 "^sendto: .*108", &sendto, socket (PF_UNIX, SOCK_DGRAM, 0), "x", 0, n109);
   expect_error ("create_server on a 109-byte abstract name: InvalidParmError naming 108", InvalidParmError,
		 "^create_server: .*108", &q_create_server, n109, NULL, struct {family = AF_UNIX});
   expect_error ("bind mode=-1: the message shows mode=-1", InvalidParmError, "^bind: .*mode=-1\\>",
		 &q_bind_new_unix, new_path (), struct {mode = -1});
   expect_error ("create_server mode=-1: the message shows mode=-1", InvalidParmError, "^create_server: .*mode=-1\\>",
		 &q_create_server, new_path (), NULL, struct {family = AF_UNIX, mode = -1});
}
check_messages ();

%-----------------------------------------------------------------------
% recv_fds with room: more descriptors than maxfds stays EMSGSIZE, and
% none of those that arrived stays open.
private define send_nulls (s, n)
{
   variable fds = FD_Type[n], i;
   _for i (0, n - 1, 1)
     fds[i] = open ("/dev/null", O_RDONLY);
   () = send_fds (s, "fds", fds; timeout = 5.0);
   _for i (0, n - 1, 1)
     () = close (fds[i]);
}

private define check_recv_fds_room ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   send_nulls (a, 10);
   expect_error ("recv_fds: 10 arrive, maxfds 5, room: SocketError EMSGSIZE", SocketError,
		 "^recv_fds: .*maxfds=5", &recv_fds, b, 100, 5; errno = EMSGSIZE);
   send_nulls (a, 10);
   expect_error ("recv_fds: 10 arrive, maxfds 9, room: SocketError EMSGSIZE", SocketError,
		 "^recv_fds: ", &recv_fds, b, 100, 9; errno = EMSGSIZE);
   send_nulls (a, 10);
   variable n0 = fd_count (), data = NULL, fds = NULL;
   try { (data, fds) = recv_fds (b, 100, 10; timeout = 5.0); }
   catch AnyError;
   expect_true ("recv_fds: 10 arrive, maxfds 10: all ten received",
		(fds != NULL) && (length (fds) == 10) && (fd_count () == n0 + 10));
   expect_value ("recv_fds: the data came with them", data, "fds"B);
   fds = NULL;
   expect_value ("recv_fds: dropping the received ones closes them", fd_count (), n0);
   () = close (a); () = close (b);
}
check_recv_fds_room ();

%-----------------------------------------------------------------------
% EMFILE pressure: one child slsh under ulimit -n.  The table is filled
% with /dev/null handles and exactly k slots are freed, for k = 0, 1, ...
% until the call works; every failure must be SocketError with errno
% EMFILE (or ENFILE), name the call, keep the stack, and leave exactly k
% slots free (nothing leaked, nothing half made left open).
private variable Child = `
variable Dir = __argv[1];
define second_of (h, p) { return p; }
variable Fill = {};
variable Keep = {};

% open /dev/null until the table is full
define fill_table ()
{
   variable f;
   forever
     {
	f = open ("/dev/null", O_RDONLY);
	if (f == NULL) break;
	list_append (Fill, f);
     }
   return errno;
}
define release_all ()
{
   variable f;
   foreach f (Fill) () = close (f);
   Fill = {};
}
% a full table with exactly k free slots
define set_free (k)
{
   () = fill_table ();
   loop (k)
     {
	if (length (Fill) == 0) break;
	() = close (list_pop (Fill, -1));
     }
}
% how many descriptors can still be opened (the state is unchanged)
define free_slots ()
{
   variable l = {}, f;
   forever
     {
	f = open ("/dev/null", O_RDONLY);
	if (f == NULL) break;
	list_append (l, f);
     }
   foreach f (l) () = close (f);
   return length (l);
}
define drop_results (r)
{
   variable x, y;
   foreach x (r)
     {
	if (typeof (x) == FD_Type) () = close (x);
	else if ((typeof (x) == Array_Type) && (_typeof (x) == FD_Type))
	  foreach y (x) () = close (y);
	else if (typeof (x) == Selector_Type) selector_close (x);
     }
}

variable e0 = fill_table ();
expect_true ("the table can be filled (EMFILE)", (e0 == EMFILE) && (length (Fill) > 10));
release_all ();

% pressure_case (name, call, &prep, &op, q, maxk, need): prep () runs with
% room and returns the argument list of op; q the qualifiers.
define pressure_case (name, call, prep, op, q, maxk, need)
{
   release_all ();
   Keep = {};
   variable n0 = fd_count ();
   variable k, got = -1;
   _for k (0, maxk, 1)
     {
	release_all ();
	variable args = (@prep) ();
	set_free (k);
	variable what = sprintf ("%s with %d free", name, k);
	variable have = free_slots ();
	if (have != k)
	  {
	     test_fail (what, sprintf ("could not arrange the table: %d free", have));
	     break;
	  }
	() = chdir ("/nonexistent/pressure-test");	% errno = ENOENT
	variable depth = _stkdepth (), e = NULL;
	try (e) { (@op) (__push_list (args);; q); }
	catch AnyError;
	variable d = _stkdepth () - depth;
	variable err = errno;
	if (e == NULL)
	  {
	     variable r = __pop_list (d);
	     drop_results (r);
	     r = NULL;		       % the last reference: a Selector or loop goes now
	     got = k;
	     expect_true (what + ": works and returns a value", d > 0);
	     expect_value (what + ": free slots after closing what it made", free_slots (), k);
	     break;
	  }
	if (d > 0) _pop_n (d);
	have = free_slots ();
	if (e.error != SocketError)
	  test_fail (what, sprintf ("raised %s (%s), wanted SocketError", e.descr, e.message));
	else if ((err != EMFILE) && (err != ENFILE))
	  test_fail (what, sprintf ("errno %d (%s), wanted EMFILE; message %s", err, errno_string (err), e.message));
	else if (0 == string_match (e.message, "^" + call + ": ", 1))
	  test_fail (what, sprintf ("message \"%s\" does not start with %s:", e.message, call));
	else if (d != 0)
	  test_fail (what, sprintf ("stack depth changed by %d", d));
	else if (have != k)
	  test_fail (what, sprintf ("%d free slots after the failure, %d before: leaked", have, k));
	else
	  test_pass (what + ": SocketError EMFILE naming the call, nothing leaked");
     }
   expect_true (name + ": fails with a full table", got != 0);
   if (need >= 0)
     expect_value (name + ": works again with exactly the descriptors it needs", got, need);
   else
     expect_true (name + ": works again once descriptors are freed", got > 0);
   release_all ();
   Keep = {};
   expect_value (name + ": no descriptor leaked (fd_count)", fd_count (), n0);
   return got;
}

define no_args () { return {}; }
define args_inet () { return {PF_INET, SOCK_STREAM, 0}; }
define args_unix () { return {PF_UNIX, SOCK_STREAM, 0}; }
() = pressure_case ("socket", "socket", &args_inet, &socket, NULL, 3, 1);
() = pressure_case ("socket PF_UNIX", "socket", &args_unix, &socket, NULL, 3, 1);
() = pressure_case ("socketpair", "socketpair", &args_unix, &socketpair, NULL, 4, 2);

variable L = socket (PF_INET, SOCK_STREAM, 0);
bind (L, "127.0.0.1", 0);
listen (L, 32);
variable L_Port = second_of (getsockname (L));
define args_accept ()
{
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, "127.0.0.1", L_Port; timeout = 5.0);
   list_append (Keep, c);	       % a pending connection
   return {L};
}
% the pending connections of failed accepts stay queued: accept them all
define drain_accepts (name, want)
{
   variable n = 0, a;
   setblocking (L, 0);
   forever
     {
	try { a = accept (L); } catch SocketError: { break; }
	n++;
	() = close (a);
     }
   setblocking (L, 1);
   expect_value (name + ": the failed accepts left their connections queued", n, want);
}
variable got;
got = pressure_case ("accept (blocking listener)", "accept", &args_accept, &accept, NULL, 4, 1);
drain_accepts ("accept (blocking listener)", got);
setblocking (L, 0);
got = pressure_case ("accept ; timeout= (non-blocking listener)", "accept", &args_accept, &accept, struct {timeout = 5.0}, 4, 1);
setblocking (L, 1);
drain_accepts ("accept ; timeout= (non-blocking listener)", got);
got = pressure_case ("accept ; timeout= (blocking listener)", "accept", &args_accept, &accept, struct {timeout = 5.0}, 4, 1);
drain_accepts ("accept ; timeout= (blocking listener)", got);

define args_cc () { return {"127.0.0.1", L_Port}; }
() = pressure_case ("create_connection", "create_connection", &args_cc, &create_connection, struct {timeout = 5.0}, 4, 1);
define args_cs () { return {"127.0.0.1", 0}; }
() = pressure_case ("create_server inet", "create_server", &args_cs, &create_server, NULL, 4, 1);
define args_cs_any () { return {"", 0}; }
() = pressure_case ("create_server any address", "create_server", &args_cs_any, &create_server, NULL, 4, 1);
variable Unix_Path = path_concat (Dir, "srv");
define args_cs_unix () { return {Unix_Path}; }
() = pressure_case ("create_server unix path", "create_server", &args_cs_unix, &create_server, struct {family = AF_UNIX}, 4, 1);
expect_true ("create_server unix path: the path is gone after close", NULL == lstat_file (Unix_Path));
variable Stale_Path = path_concat (Dir, "stale");
define args_cs_stale ()
{
   if (NULL == lstat_file (Stale_Path))
     {
	variable t = socket (PF_UNIX, SOCK_STREAM, 0);
	bind (t, Stale_Path; unlink = 0);
	() = close (t);
     }
   return {Stale_Path};
}
() = pressure_case ("create_server over a stale socket file", "create_server", &args_cs_stale, &create_server, struct {family = AF_UNIX}, 4, 2);
expect_true ("create_server over a stale file: the path is gone after close", NULL == lstat_file (Stale_Path));

% recv_fds: ten descriptors in flight, maxfds 20
variable RA, RB;
(RA, RB) = socketpair (PF_UNIX, SOCK_STREAM, 0);
define args_recv_fds ()
{
   variable fds = FD_Type[10], i;
   _for i (0, 9, 1) fds[i] = open ("/dev/null", O_RDONLY);
   () = send_fds (RA, "ten", fds; timeout = 5.0);
   _for i (0, 9, 1) () = close (fds[i]);
   return {RB, 100, 20};
}
() = pressure_case ("recv_fds of 10 (maxfds 20)", "recv_fds", &args_recv_fds, &recv_fds, struct {timeout = 5.0}, 12, 10);
% the issue's case by itself: 3 free slots
release_all ();
variable n1 = fd_count ();
() = args_recv_fds ();
set_free (3);
() = chdir ("/nonexistent/pressure-test");
variable e = NULL, depth = _stkdepth ();
try (e) { () = recv_fds (RB, 100, 20; timeout = 5.0); } catch AnyError;
depth = _stkdepth () - depth;
variable err = errno, left = free_slots ();
expect_true ("recv_fds, 3 free slots for 10: SocketError", (e != NULL) && (e.error == SocketError));
expect_value ("recv_fds, 3 free slots for 10: errno EMFILE, not EMSGSIZE", err, EMFILE);
expect_value ("recv_fds, 3 free slots for 10: the 3 installed were closed", left, 3);
expect_value ("recv_fds, 3 free slots for 10: stack unchanged", depth, 0);
release_all ();
expect_value ("recv_fds, 3 free slots for 10: fd_count unchanged", fd_count (), n1);
variable data = NULL, fds = NULL;
() = args_recv_fds ();
try { (data, fds) = recv_fds (RB, 100, 20; timeout = 5.0); } catch AnyError;
expect_true ("recv_fds with room again: ten arrive", (fds != NULL) && (length (fds) == 10) && (data == "ten"B));
fds = NULL;
expect_value ("recv_fds: nothing left after dropping them", fd_count (), n1);
% nothing stale is left queued
setblocking (RB, 0);
e = NULL;
try (e) { () = recv (RB, 100); } catch SocketError;
expect_true ("recv_fds: no message is left queued", (e != NULL) && ((errno == EAGAIN) || (errno == EWOULDBLOCK)));

() = pressure_case ("selector_new", "selector_new", &no_args, &selector_new, NULL, 3, 1);
() = pressure_case ("eventloop_new", "eventloop_new", &no_args, &eventloop_new, NULL, 3, 1);

% stream_new makes no descriptor: it works with a full table
variable SA, SB, st = NULL;
(SA, SB) = socketpair (PF_UNIX, SOCK_STREAM, 0);
set_free (0);
try (e) { st = stream_new (SA); } catch AnyError: { st = NULL; }
expect_true ("stream_new works with a full table", (st != NULL) && (typeof (st) == Stream_Type));
expect_value ("stream_new took no slot", free_slots (), 0);
% and the stream reads with a full table
() = write (SB, "line\n");
variable line = NULL;
try { line = stream_readline (st; timeout = 5.0); } catch AnyError;
expect_value ("stream_readline works with a full table", line, "line\n");
release_all ();
st = NULL;
() = close (SA); () = close (SB);
test_done ();
`;

private define check_pressure ()
{
   variable d = make_temp_dir ();
   () = run_limited_child ("pressure child", Child, 64, d);
   remove_temp_dir (d);
}
check_pressure ();

%-----------------------------------------------------------------------
private define cleanup ()
{
   () = close (Tcp); () = close (CA); () = close (SA); () = close (Udp);
   () = close (UA); () = close (UB); () = close (Lst);
   selector_close (Sel);
   remove_temp_dir (Dir);
}
cleanup ();
expect_true ("temp dir removed", NULL == stat_file (Dir));
test_done ();
