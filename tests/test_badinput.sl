% test_badinput.sl: the bad-input matrix -- SPEC sections 3 and 4.
%
% Every public function of the module (enumerated from the module itself,
% imported into a fresh namespace) is called with 0..4 arguments drawn from
% a set of junk values, plus a live non-blocking unix datagram socket as
% the first argument.  Every call must either succeed legitimately or raise
% one of the documented classes; afterwards the stack depth and the
% descriptor count are as before.  A junk socket, a junk family, a junk
% host or a junk unix address must never succeed silently.
%
% Nothing here can block: the live sockets are non-blocking and the one
% connected to a peer has a datagram pending; no junk host reaches DNS
% (see Junk_Host).  An alarm turns a blocked call into a reported failure.
require ("./harness");
require ("fork");

import ("socket", "badin");

private variable Tmp = make_temp_dir ();
private variable Old_Cwd = getcwd ();
() = chdir (Tmp);		       % stray unix paths land here

% A String that is a fine unix path and datagram, but a host name that
% glibc rejects without sending a DNS query (an empty label).
private variable Junk_Host = "bad..host";

private variable Some_Var = 0;
private variable A_Struct = struct {a};
private variable Dev_Null = open ("/dev/null", O_RDONLY);
private variable Closed = socket (PF_UNIX, SOCK_DGRAM, 0);
() = close (Closed);

private variable Values = {NULL, 7, -1, 2.5, Junk_Host, "bin\0ary"B, [1,2,3],
   A_Struct, &Some_Var, {1, "x"}, Dev_Null, Closed};
private variable Names = ["NULL", "7", "-1", "2.5", "\"str\"", "\"bin\\0ary\"B", "[1,2,3]",
   "struct{a}", "&var", "{1,\"x\"}", "FD(/dev/null)", "FD(closed)"];
private variable NV = length (Values);
private variable LIVE_PAIR = -1, LIVE_UNBOUND = -2;   % pseudo indices

% --- what the functions are ------------------------------------------------

% argument count ranges (the module's: unix and inet address-args differ)
private variable Nargs = Assoc_Type[Array_Type];
% values pushed back on success when the socket is a unix one
private variable Nret = Assoc_Type[Int_Type];
private define fn (name, lo, hi, nret)
{
   Nargs[name] = [lo, hi];
   Nret[name] = nret;
}
fn ("socket", 3, 3, 1);       fn ("socketpair", 3, 3, 2);
fn ("connect", 2, 3, 0);      fn ("bind", 2, 3, 0);
fn ("listen", 2, 2, 0);       fn ("accept", 1, 3, 1);
fn ("getsockopt", 3, 4, 1);   fn ("setsockopt", 4, 5, 0);
fn ("getsockname", 1, 1, 1);  fn ("getpeername", 1, 1, 1);
fn ("shutdown", 2, 2, 0);     fn ("send", 2, 3, 1);
fn ("sendto", 2, 5, 1);       fn ("recv", 2, 3, 1);
fn ("recvfrom", 2, 3, 2);     fn ("sendall", 2, 2, 1);
fn ("send_fds", 3, 3, 1);     fn ("recv_fds", 3, 3, 2);
fn ("getaddrinfo", 2, 6, 1);  fn ("getnameinfo", 2, 3, 2);
fn ("inet_pton", 2, 2, 1);    fn ("inet_ntop", 2, 2, 1);
fn ("poll", 3, 3, 1);         fn ("setblocking", 2, 2, 0);
fn ("getblocking", 1, 1, 1);  fn ("create_connection", 2, 2, 1);
fn ("create_server", 1, 2, 1);  fn ("sendfile", 4, 4, 1);

private variable Socket_First = ["connect", "bind", "listen", "accept", "getsockopt",
   "setsockopt", "getsockname", "getpeername", "shutdown", "send", "sendto", "recv",
   "recvfrom", "sendall", "sendfile", "send_fds", "recv_fds", "setblocking", "getblocking"];
private variable Family_First = ["socket", "socketpair", "inet_pton", "inet_ntop"];
private variable Host_First = ["create_connection", "create_server", "getnameinfo", "getaddrinfo"];

private variable Allowed = [NumArgsError, TypeMismatchError, InvalidParmError,
   NotImplementedError, SocketError, SocketHError, UsageError];
private variable Class_Names = Assoc_Type[String_Type];
private define class_name (err, descr)
{
   variable k = string (err);
   if (assoc_key_exists (Class_Names, k)) return Class_Names[k];
   return descr;
}
private define name_class (err, name) { Class_Names[string (err)] = name; }
name_class (NumArgsError, "NumArgsError");
name_class (TypeMismatchError, "TypeMismatchError");
name_class (InvalidParmError, "InvalidParmError");
name_class (NotImplementedError, "NotImplementedError");
name_class (SocketError, "SocketError");
name_class (SocketHError, "SocketHError");
name_class (UsageError, "UsageError");
name_class (RunTimeError, "RunTimeError");
name_class (StackUnderflowError, "StackUnderflowError");
name_class (StackOverflowError, "StackOverflowError");
name_class (IndexError, "IndexError");
name_class (InternalError, "InternalError");
name_class (MallocError, "MallocError");
name_class (UndefinedNameError, "UndefinedNameError");
name_class (AnyError, "AnyError");

% --- the functions, from the module itself ---------------------------------

private variable Funcs = _apropos ("badin", "", 2|1);   % intrinsic functions
Funcs = Funcs[array_sort (Funcs)];
expect_true ("the module has public functions", length (Funcs) >= 27);
foreach (Funcs)
{
   variable f = ();
   if (0 == assoc_key_exists (Nargs, f))
     () = fprintf (stdout, "# note: %s is new to this test: count and return checks skipped\n", f);
}

% --- per-function results --------------------------------------------------

private variable Seen = Assoc_Type[Assoc_Type];   % func -> class -> count
private variable Bad = Assoc_Type[List_Type];     % func -> failure texts
private variable Calls = 0;

private define note_bad (f, why)
{
   variable l = Bad[f];
   if (length (l) < 1000) list_append (l, why);
}

private define describe (f, idx)
{
   variable s = String_Type[length (idx)], i;
   _for i (0, length (idx) - 1, 1)
     {
	if (idx[i] == LIVE_PAIR) s[i] = "LIVE(pair)";
	else if (idx[i] == LIVE_UNBOUND) s[i] = "LIVE(unbound)";
	else s[i] = Names[idx[i]];
     }
   return sprintf ("%s(%s)", f, strjoin (s, ", "));
}

% A call that takes longer than this is reported as blocking; the alarm
% breaks one that would block for good.
private variable Slow = 1.0;
private define on_alarm (sig)
{
   throw RunTimeError, "blocked: the alarm went off";
}
signal (SIGALRM, &on_alarm);

private define is_fixture (v, live)
{
   if (__is_same (v, Dev_Null) || __is_same (v, Closed)) return 1;
   foreach (live)
     if (__is_same (v, ())) return 1;
   return 0;
}

% Close what a successful call gave back (sockets, arrays of descriptors).
private define release (v, live)
{
   if (typeof (v) == FD_Type)
     {
	if (0 == is_fixture (v, live)) () = close (v);
     }
   else if ((typeof (v) == Array_Type) && (_typeof (v) == FD_Type))
     {
	foreach (v)
	  {
	     variable x = ();
	     if ((x != NULL) && (0 == is_fixture (x, live))) () = close (x);
	  }
     }
}

private define call_one (f, idx)
{
   variable ref = __get_reference ("badin->" + f);
   variable n = length (idx), i;
   variable args = {}, live = {};
   variable lp = NULL, peer = NULL;

   _for i (0, n - 1, 1)
     {
	if (idx[i] == LIVE_PAIR)
	  {
	     (lp, peer) = socketpair (PF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	     () = send (peer, "pending");
	     list_append (args, lp);
	     list_append (live, lp); list_append (live, peer);
	  }
	else if (idx[i] == LIVE_UNBOUND)
	  {
	     lp = socket (PF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	     list_append (args, lp);
	     list_append (live, lp);
	  }
	else list_append (args, Values[idx[i]]);
     }

   variable first_live = (n > 0) && (idx[0] < 0);
   variable in_range = 1, range = NULL;
   if (assoc_key_exists (Nargs, f))
     {
	range = Nargs[f];
	in_range = (n >= range[0]) && (n <= range[1]);
     }

   % must this call raise, and if so with which class?
   variable must = NULL, want = NULL, want_errno = 0;
   if ((range != NULL) && (in_range == 0))
     {
	must = "wrong argument count";
	want = NumArgsError;
     }
   else if (n > 0)
     {
	variable a0 = idx[0];
	if (any (f == Socket_First) && (first_live == 0))
	  {
	     must = "junk in the socket position";
	     if (__is_same (Values[a0], Closed))
	       {
		  want = SocketError; want_errno = EBADF;
	       }
	     else want = TypeMismatchError;
	  }
	else if (any (f == Family_First) && (first_live == 0))
	  must = "junk family";
	else if (any (f == Host_First) && (first_live == 0)
		 && not ((f == "getaddrinfo") && (Values[a0] == NULL)))
	  must = "junk host";
	else if (any (f == Host_First) && first_live)
	  must = "a socket as the host";
	else if (first_live && ((f == "connect") || (f == "bind")) && (n >= 2)
		 && (idx[1] >= 0) && (typeof (Values[idx[1]]) != String_Type))
	  must = "junk unix address";
	else if (first_live && (f == "sendto") && (n >= 4)
		 && (idx[3] >= 0) && (typeof (Values[idx[3]]) != String_Type))
	  must = "junk unix address";
     }

   variable nfd = fd_count ();
   variable depth = _stkdepth ();
   variable e = NULL, t0 = _ftime ();
   alarm (5);
   try (e)
     {
	(@ref) (__push_list (args));
     }
   catch AnyError;
   alarm (0);
   variable dt = _ftime () - t0;
   variable err_no = errno;
   variable d = _stkdepth () - depth;
   Calls++;

   variable what = describe (f, idx);
   variable cls;
   if (e == NULL)
     {
	cls = "ok";
	variable rets = __pop_list ((d > 0) ? d : 0);
	foreach (rets) release ((), live);
	if (must != NULL)
	  note_bad (f, sprintf ("%s: succeeded with %s", what, must));
	if (d < 0)
	  note_bad (f, sprintf ("%s: succeeded but the stack lost %d", what, -d));
	else if (assoc_key_exists (Nret, f) && (d != Nret[f]))
	  note_bad (f, sprintf ("%s: succeeded with %d values on the stack, expected %d", what, d, Nret[f]));
     }
   else
     {
	cls = class_name (e.error, e.descr);
	if (d > 0) _pop_n (d);
	if (d != 0)
	  note_bad (f, sprintf ("%s: raised %s and the stack depth changed by %d", what, cls, d));
	if (0 == any (e.error == Allowed))
	  note_bad (f, sprintf ("%s: raised %s (%s)", what, cls, e.message));
	else if ((want != NULL) && (e.error != want))
	  note_bad (f, sprintf ("%s: %s: raised %s (%s), wanted %s", what, must, cls,
				e.message, class_name (want, "?")));
	else if (want_errno && (err_no != want_errno))
	  note_bad (f, sprintf ("%s: %s: errno %d (%s), wanted %d", what, must, err_no,
				errno_string (err_no), want_errno));
	else if ((e.error == NumArgsError) && (0 == string_match (e.message, "usage", 1)))
	  note_bad (f, sprintf ("%s: NumArgsError without the usage: %s", what, e.message));
     }
   if (dt > Slow)
     note_bad (f, sprintf ("%s: took %.1f s (%s)", what, dt, cls));

   variable s = Seen[f];
   if (assoc_key_exists (s, cls)) s[cls]++; else s[cls] = 1;

   % the live sockets go now: count descriptors without them
   args = NULL; live = NULL; lp = NULL; peer = NULL; rets = NULL; e = NULL;
   if (fd_count () != nfd - (first_live ? ((idx[0] == LIVE_PAIR) ? 2 : 1) : 0))
     note_bad (f, sprintf ("%s: descriptors %d before, %d after (%s)", what, nfd, fd_count (), cls));
}

% --- the matrix --------------------------------------------------------------

private variable Firsts = [[0:NV-1], LIVE_PAIR, LIVE_UNBOUND];

% Under valgrind every combination is still made for 0..2 arguments, but
% only every third one for 3..4.
private variable Stride = 1;
if ((getenv ("LD_PRELOAD") != NULL) && is_substr (getenv ("LD_PRELOAD"), "vgpreload"))
  Stride = 3;

private define run_function (f)
{
   variable a, b, c, k = 0;
   Seen[f] = Assoc_Type[Int_Type];
   Bad[f] = {};

   call_one (f, Int_Type[0]);
   foreach a (Firsts)
     {
	call_one (f, [a]);
	_for b (0, NV - 1, 1)
	  call_one (f, [a, b]);
     }
   % 3 and 4 arguments: a live socket first, then junk
   foreach a ([LIVE_PAIR, LIVE_UNBOUND])
     {
	_for b (0, NV - 1, 1)
	  _for c (0, NV - 1, 1)
	    {
	       k++;
	       if (k mod Stride) continue;
	       call_one (f, [a, b, c]);
	       % a Latin square picks the fourth, so that every value meets
	       % every other in every position
	       call_one (f, [a, b, c, (b + c + (a == LIVE_PAIR)) mod NV]);
	    }
     }
}

% One prefixed call: the prefix values (LIVE_PAIR becomes a fresh pair),
% then junk values by index.  Junk in the socket/host/family position is
% not made here, so success is legitimate unless the junk is an address.
private define prefixed_one (name, pre, junk)
{
   variable ref = __get_reference ("badin->" + name);
   variable args = {}, live = {}, lp = NULL, peer = NULL, v;
   variable has_live = 0;
   foreach v (pre)
     {
	if ((typeof (v) == Int_Type) && (v == LIVE_PAIR))
	  {
	     (lp, peer) = socketpair (PF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	     () = send (peer, "pending");
	     list_append (args, lp);
	     list_append (live, lp); list_append (live, peer);
	     has_live = 2;
	  }
	else list_append (args, v);
     }
   variable n0 = length (args);
   foreach v (junk) list_append (args, Values[v]);
   variable n = length (args);
   variable must = NULL;
   if ((n < Nargs[name][0]) || (n > Nargs[name][1]))
     must = "wrong argument count";
   else if ((name == "sendto") && (n == 4) && (typeof (args[3]) != String_Type))
     must = "junk unix address";
   else if ((name == "getnameinfo") && (n0 == 1) && (junk[0] >= 0)
	    && (typeof (Values[junk[0]]) != Int_Type) && (typeof (Values[junk[0]]) != String_Type))
     must = "junk port";

   variable nfd = fd_count ();
   variable depth = _stkdepth ();
   variable e = NULL, t0 = _ftime ();
   alarm (5);
   try (e)
     {
	(@ref) (__push_list (args));
     }
   catch AnyError;
   alarm (0);
   variable dt = _ftime () - t0;
   variable d = _stkdepth () - depth;
   Calls++;
   variable s = String_Type[length (args)], i;
   _for i (0, length (args) - 1, 1)
     {
	if (i >= n0) s[i] = Names[junk[i - n0]];
	else if ((has_live) && (i == 0)) s[i] = "LIVE(pair)";
	else s[i] = string (args[i]);
     }
   variable what = sprintf ("%s(%s)", name, strjoin (s, ", "));
   variable cls, f = "prefixed";
   if (e == NULL)
     {
	cls = "ok";
	variable rets = __pop_list ((d > 0) ? d : 0);
	foreach (rets) release ((), live);
	if (must != NULL)
	  note_bad (f, sprintf ("%s: succeeded with %s", what, must));
	if (d != Nret[name])
	  note_bad (f, sprintf ("%s: succeeded with %d values on the stack, expected %d", what, d, Nret[name]));
     }
   else
     {
	cls = class_name (e.error, e.descr);
	if (d > 0) _pop_n (d);
	if (d != 0)
	  note_bad (f, sprintf ("%s: raised %s and the stack depth changed by %d", what, cls, d));
	if (0 == any (e.error == Allowed))
	  note_bad (f, sprintf ("%s: raised %s (%s)", what, cls, e.message));
	else if ((must == "wrong argument count") && (e.error != NumArgsError))
	  note_bad (f, sprintf ("%s: %s: raised %s (%s)", what, must, cls, e.message));
     }
   if (dt > Slow)
     note_bad (f, sprintf ("%s: took %.1f s (%s)", what, dt, cls));
   variable sn = Seen[f];
   if (assoc_key_exists (sn, cls)) sn[cls]++; else sn[cls] = 1;
   args = NULL; live = NULL; lp = NULL; peer = NULL; rets = NULL; e = NULL;
   if (fd_count () != nfd - has_live)
     note_bad (f, sprintf ("%s: descriptors %d before, %d after (%s)", what, nfd, fd_count (), cls));
}

% Plausible leading arguments followed by junk, to reach the checks behind
% the first argument (option kinds, ports, flags, fds).
private define prefixed_calls ()
{
   variable f = "prefixed";
   Seen[f] = Assoc_Type[Int_Type];
   Bad[f] = {};
   variable P = {
      {"socket", PF_UNIX, SOCK_DGRAM}, {"socketpair", PF_UNIX, SOCK_DGRAM},
      {"socket", PF_UNIX}, {"inet_pton", AF_INET}, {"inet_ntop", AF_INET6},
      {"getaddrinfo", NULL, 7}, {"getaddrinfo", "127.0.0.1", 7, AF_INET},
      {"getaddrinfo", "127.0.0.1"}, {"getnameinfo", "127.0.0.1"},
      {"getnameinfo", "::1", 7}, {"create_connection", "127.0.0.1"},
      {"create_server", "127.0.0.1"},
      {"poll", LIVE_PAIR, POLLIN}, {"poll", LIVE_PAIR},
      {"getsockopt", LIVE_PAIR, SOL_SOCKET}, {"setsockopt", LIVE_PAIR, SOL_SOCKET},
      {"setsockopt", LIVE_PAIR, SOL_SOCKET, SO_KEEPALIVE},
      {"setsockopt", LIVE_PAIR, SOL_SOCKET, SO_RCVTIMEO},
      {"setsockopt", LIVE_PAIR, SOL_SOCKET, SO_LINGER},
      {"setsockopt", LIVE_PAIR, SOL_SOCKET, SO_BINDTODEVICE},
      {"setsockopt", LIVE_PAIR, SOL_SOCKET, SO_PEERCRED},
      {"setsockopt", LIVE_PAIR, SOL_IP, IP_ADD_MEMBERSHIP},
      {"setsockopt", LIVE_PAIR, SOL_IP, IP_MULTICAST_IF},
      {"setsockopt", LIVE_PAIR, IPPROTO_IPV6, IPV6_JOIN_GROUP},
      {"setsockopt", LIVE_PAIR, SOL_TCP, TCP_NODELAY},
      {"send", LIVE_PAIR, "x"}, {"sendto", LIVE_PAIR, "x", 0}, {"sendto", LIVE_PAIR, "x"},
      {"recv", LIVE_PAIR, 7}, {"recvfrom", LIVE_PAIR, 7},
      {"send_fds", LIVE_PAIR, "x"}, {"recv_fds", LIVE_PAIR, 7}, {"recv_fds", LIVE_PAIR},
      {"accept", LIVE_PAIR}, {"shutdown", LIVE_PAIR}, {"setblocking", LIVE_PAIR}
   };
   variable p, i, j;
   foreach p (P)
     {
	variable name = p[0];
	if (0 == is_defined ("badin->" + name)) continue;
	variable pre = {};
	_for i (1, length (p) - 1, 1) list_append (pre, p[i]);
	variable max = Nargs[name][1];
	variable nextra = max - length (pre);
	if (nextra < 1) nextra = 1;
	if (nextra > 2) nextra = 2;
	_for i (0, NV - 1, 1)
	  {
	     prefixed_one (name, pre, [i]);
	     if (nextra == 2)
	       _for j (0, NV - 1, 1)
		 prefixed_one (name, pre, [i, j]);
	  }
     }
}

% --- targeted: values the junk set cannot express -------------------------

% name, &func, args... ; qualifiers for func.  func must raise one of the
% allowed classes (want= names the one expected; errno= the errno) and
% leave the stack and the descriptors as they were, without blocking.
private define raises ()
{
   variable args = __pop_list (_NARGS - 2);
   variable name, func;
   (name, func) = ();
   variable q = __qualifiers ();
   variable want = qualifier ("want", NULL), want_errno = qualifier ("errno", NULL);
   variable nfd = fd_count (), depth = _stkdepth (), e = NULL, t0 = _ftime ();
   alarm (3);
   try (e)
     {
	(@func) (__push_list (args);; q);
     }
   catch AnyError;
   alarm (0);
   variable d = _stkdepth () - depth;
   variable rets = __pop_list ((d > 0) ? d : 0);
   if (e == NULL)
     {
	test_fail (name, sprintf ("no exception: it succeeded silently (%d values: %S)", d,
				  (d > 0) ? rets[0] : NULL));
	return;
     }
   variable why = NULL;
   if (0 == any (e.error == Allowed))
     why = sprintf ("raised %s (%s)", class_name (e.error, e.descr), e.message);
   else if ((want != NULL) && (e.error != want))
     why = sprintf ("raised %s (%s), wanted %s", class_name (e.error, e.descr), e.message,
		    class_name (want, "?"));
   else if ((want_errno != NULL) && (errno != want_errno))
     why = sprintf ("errno %d (%s), wanted %d (%s)", errno, errno_string (errno), want_errno,
		    errno_string (want_errno));
   else if (d != 0)
     why = sprintf ("stack depth changed by %d", d);
   else if (fd_count () != nfd)
     why = sprintf ("descriptors %d before, %d after", nfd, fd_count ());
   else if (_ftime () - t0 > Slow)
     why = sprintf ("took %.1f s", _ftime () - t0);
   if (why == NULL) test_pass (name);
   else test_fail (name, why);
}

% a fresh live datagram socket with a datagram pending (its peer is kept
% open until the next one)
private variable Fresh_Peer = NULL;
private define fresh ()
{
   variable lp;
   (lp, Fresh_Peer) = socketpair (PF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
   () = send (Fresh_Peer, "pending");
   return lp;
}

private define targeted ()
{
   % Integers wider than Int_Type: 2^32 + n must not quietly become n
   % ("nothing is silently truncated").
   variable Big = 0x100000000L;
   raises ("Long 2^32+PF_UNIX as socket's domain", &socket, Big + PF_UNIX, SOCK_DGRAM, 0);
   raises ("Long 2^32 as setblocking's flag", &setblocking, fresh (), Big);
   raises ("Long 2^32+SHUT_WR as shutdown's how", &shutdown, fresh (), Big + SHUT_WR);
   raises ("Long 2^32+5 as recv's maxlen", &recv, fresh (), Big + 5);
   raises ("Long 2^32 as send's flags", &send, fresh (), "x", Big);
   raises ("Long 2^32+SOL_SOCKET as getsockopt's level", &getsockopt, fresh (), Big + SOL_SOCKET, SO_TYPE);
   raises ("Long 2^32+65536 as an Int option value", &setsockopt, fresh (), SOL_SOCKET, SO_RCVBUF, Big + 65536);
   raises ("Long 2^32+AF_INET as inet_pton's family", &inet_pton, Big + AF_INET, "1.2.3.4");
   raises ("Long 2^32+AF_INET as getaddrinfo's family", &getaddrinfo, "127.0.0.1", 80, Big + AF_INET);

   % a NaN timeout is not a number of seconds (it blocked for good)
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   Fresh_Peer = NULL;
   raises ("poll with a NaN timeout", &poll, [a], POLLIN, _NaN ; want=InvalidParmError);
   raises ("recv ;timeout=NaN", &recv, a, 1 ; timeout=_NaN, want=InvalidParmError);

   % a descriptor that is not a socket is a TypeMismatchError at once,
   % also when a ;timeout= would first wait for it (an empty pipe)
   variable pr, pw;
   (pr, pw) = pipe ();
   raises ("recv ;timeout= on an empty pipe", &recv, pr, 10 ; timeout=0.5, want=TypeMismatchError);
   raises ("recvfrom ;timeout= on an empty pipe", &recvfrom, pr, 10 ; timeout=0.5, want=TypeMismatchError);
   raises ("recv_fds ;timeout= on an empty pipe", &recv_fds, pr, 10, 1 ; timeout=0.5, want=TypeMismatchError);
   raises ("accept ;timeout= on an empty pipe", &accept, pr ; timeout=0.5, want=TypeMismatchError);
   raises ("recv ;timeout=0 on an empty pipe", &recv, pr, 10 ; timeout=0, want=TypeMismatchError);
   raises ("send on a pipe", &send, pw, "x" ; want=TypeMismatchError);
   () = close (pr); () = close (pw);

   % a socket connected with ;timeout (non-blocking connect + poll) is
   % connected: connecting it again, elsewhere, is EISCONN, not silence
   variable s1 = create_server ("127.0.0.1", 0), s2 = create_server ("127.0.0.1", 0);
   variable p1, p2;
   (, p1) = getsockname (s1);
   (, p2) = getsockname (s2);
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, "127.0.0.1", p1);
   raises ("connect a connected socket elsewhere", &connect, c, "127.0.0.1", p2 ; want=SocketError, errno=EISCONN);
   c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, "127.0.0.1", p1 ; timeout=5);
   raises ("connect elsewhere after connect(;timeout)", &connect, c, "127.0.0.1", p2 ; want=SocketError, errno=EISCONN);
   c = create_connection ("127.0.0.1", p1 ; timeout=5);
   raises ("connect elsewhere after create_connection", &connect, c, "127.0.0.1", p2 ; want=SocketError, errno=EISCONN);

   % a qualifier that is accepted must not be ignored
   variable want_port = p2 + 1, e = NULL, lport = -1;
   if (want_port > 65535) want_port = 40000;
   try (e)
     {
	c = create_connection ("127.0.0.1", p1 ; source_port=want_port, timeout=5);
	(, lport) = getsockname (c);
     }
   catch AnyError;
   expect_true ("create_connection ;source_port= without source= is honoured or refused, not ignored",
		(e != NULL) || (lport == want_port));
}

% --- run ---------------------------------------------------------------------

private variable T0 = _ftime ();
private variable Base_Fds = fd_count ();
private variable Base_Depth = _stkdepth ();
foreach (Funcs)
  run_function (());
prefixed_calls ();
targeted ();

% --- report ------------------------------------------------------------------

private define summary_line (f)
{
   variable s = Seen[f], k = assoc_get_keys (s);
   k = k[array_sort (k)];
   variable parts = String_Type[length (k)], i;
   _for i (0, length (k) - 1, 1)
     parts[i] = sprintf ("%s %d", k[i], s[k[i]]);
   return strjoin (parts, ", ");
}

() = fprintf (stdout, "# %d calls in %.1f s\n", Calls, _ftime () - T0);
foreach ([Funcs, "prefixed"])
{
   variable fname = ();
   () = fprintf (stdout, "# %-18s %s\n", fname, summary_line (fname));
   variable bad = Bad[fname];
   variable nb = length (bad), j;
   _for j (0, ((nb < 8) ? nb : 8) - 1, 1)
     () = fprintf (stdout, "#   BAD %s\n", bad[j]);
   if (nb > 8)
     () = fprintf (stdout, "#   ... and %d more\n", nb - 8);
   if (nb == 0) test_pass (fname + ": every call well behaved");
   else test_fail (fname + ": bad-input matrix", sprintf ("%d bad calls (listed above)", nb));
}

% every function was made to raise with each of the count, type and value
% checks somewhere in the matrix
foreach (Funcs)
{
   fname = ();
   if (fname == "prefixed") continue;
   variable seen = Seen[fname];
   expect_true (fname + ": raised NumArgsError somewhere", assoc_key_exists (seen, "NumArgsError"));
   % a function of no arguments has no argument of a wrong type
   if (any (fname == ["selector_new", "eventloop_new", "gethostname", "if_nameindex",
		      "getifaddrs", "sd_listen_fds", "sd_listen_fds_with_names"])) continue;
   expect_true (fname + ": raised TypeMismatchError somewhere", assoc_key_exists (seen, "TypeMismatchError"));
}

expect_value ("descriptors back to baseline after the matrix", fd_count (), Base_Fds);
variable End_Depth = _stkdepth ();
expect_value ("stack back to baseline after the matrix", End_Depth, Base_Depth);

() = chdir (Old_Cwd);
remove_temp_dir (Tmp);
test_done ();
