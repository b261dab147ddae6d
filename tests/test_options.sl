% test_options.sl: getsockopt/setsockopt (SPEC section 8).
%
% A table-driven round trip of every settable Int option, the get-only
% options, the struct/string options (timeouts, linger, peer credentials,
% device binding, multicast) and the argument-error rules.  Options the
% kernel refuses must fail with SocketError and a sensible errno; such a
% refusal is reported as "# skip NAME: reason".
require ("./harness");

private define skip (name, why)
{
   () = fprintf (stdout, "# skip %s: %s\n", name, why);
   () = fflush (stdout);
}

private define optval (name)
{
   return @__get_reference (name);
}

% number of distinct values in an Int array
private define n_distinct (a)
{
   variable h = Assoc_Type[Int_Type], v;
   foreach v (a) h[string (v)] = 1;
   return length (h);
}

private define fields_of (s)
{
   return strjoin (get_struct_field_names (s), ",");
}

% ------------------------------------------------------------------
% 1. Constants: every option constant that exists is an Int, distinct
%    within its level; the ones SPEC lists exist on Linux.
% ------------------------------------------------------------------
private variable Level_Options = {
   {"SOL_SOCKET", ["SO_KEEPALIVE", "SO_OOBINLINE", "SO_RCVLOWAT", "SO_SNDLOWAT",
		   "SO_BSDCOMPAT", "SO_PASSCRED", "SO_DEBUG", "SO_REUSEADDR",
		   "SO_REUSEPORT", "SO_TYPE", "SO_ACCEPTCONN", "SO_DOMAIN",
		   "SO_PROTOCOL", "SO_DONTROUTE", "SO_BROADCAST", "SO_SNDBUF",
		   "SO_RCVBUF", "SO_PRIORITY", "SO_ERROR", "SO_BINDTODEVICE",
		   "SO_RCVTIMEO", "SO_SNDTIMEO", "SO_LINGER", "SO_PEERCRED"]},
   {"SOL_IP", ["IP_TTL", "IP_TOS", "IP_HDRINCL", "IP_MULTICAST_TTL",
	       "IP_MULTICAST_LOOP", "IP_RECVERR", "IP_MTU_DISCOVER", "IP_MTU",
	       "IP_ADD_MEMBERSHIP", "IP_DROP_MEMBERSHIP", "IP_MULTICAST_IF",
	       "IP_PKTINFO", "IP_RECVTOS", "IP_RECVTTL", "IP_RECVOPTS",
	       "IP_ROUTER_ALERT", "IP_FREEBIND", "IP_TRANSPARENT", "IP_OPTIONS"]},
   {"IPPROTO_IPV6", ["IPV6_V6ONLY", "IPV6_UNICAST_HOPS", "IPV6_MULTICAST_HOPS",
		     "IPV6_MULTICAST_LOOP", "IPV6_MULTICAST_IF", "IPV6_JOIN_GROUP",
		     "IPV6_LEAVE_GROUP", "IPV6_RECVPKTINFO", "IPV6_TCLASS"]},
   {"SOL_TCP", ["TCP_NODELAY", "TCP_MAXSEG", "TCP_KEEPIDLE", "TCP_KEEPINTVL",
		"TCP_KEEPCNT", "TCP_USER_TIMEOUT", "TCP_QUICKACK", "TCP_CORK",
		"TCP_FASTOPEN", "TCP_NOTSENT_LOWAT", "TCP_SYNCNT", "TCP_LINGER2",
		"TCP_DEFER_ACCEPT", "TCP_WINDOW_CLAMP"]}
};

% the options SPEC section 8 names: Linux has all of them
private variable Spec_Names = [
   "SO_KEEPALIVE", "SO_OOBINLINE", "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_BSDCOMPAT",
   "SO_PASSCRED", "SO_DEBUG", "SO_REUSEADDR", "SO_REUSEPORT", "SO_TYPE",
   "SO_ACCEPTCONN", "SO_DOMAIN", "SO_PROTOCOL", "SO_DONTROUTE", "SO_BROADCAST",
   "SO_SNDBUF", "SO_RCVBUF", "SO_PRIORITY", "SO_ERROR", "SO_BINDTODEVICE",
   "SO_RCVTIMEO", "SO_SNDTIMEO", "SO_LINGER", "SO_PEERCRED",
   "IP_TTL", "IP_TOS", "IP_HDRINCL", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP",
   "IP_RECVERR", "IP_MTU_DISCOVER", "IP_MTU", "IP_ADD_MEMBERSHIP",
   "IP_DROP_MEMBERSHIP", "IP_MULTICAST_IF",
   "IPV6_V6ONLY", "IPV6_UNICAST_HOPS", "IPV6_MULTICAST_HOPS",
   "IPV6_MULTICAST_LOOP", "IPV6_MULTICAST_IF", "IPV6_JOIN_GROUP", "IPV6_LEAVE_GROUP",
   "TCP_NODELAY", "TCP_MAXSEG", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT",
   "TCP_USER_TIMEOUT", "TCP_QUICKACK", "TCP_CORK",
   "SOL_SOCKET", "SOL_IP", "SOL_TCP", "SOL_IPV6", "IPPROTO_IP", "IPPROTO_IPV6",
   "IPPROTO_TCP"];

private define test_constants ()
{
   variable n;
   foreach n (Spec_Names)
     expect_true ("constant " + n + " is defined", is_defined (n) != 0);

   expect_value ("SOL_IP == IPPROTO_IP", SOL_IP, IPPROTO_IP);
   expect_value ("SOL_TCP == IPPROTO_TCP", SOL_TCP, IPPROTO_TCP);
   expect_value ("SOL_IPV6 == IPPROTO_IPV6", SOL_IPV6, IPPROTO_IPV6);
   expect_true ("levels are distinct",
		n_distinct ([SOL_SOCKET, SOL_IP, SOL_TCP, SOL_IPV6]) == 4);

   variable lv;
   foreach lv (Level_Options)
     {
	variable level_name = lv[0], names = lv[1];
	variable vals = Int_Type[0], seen = String_Type[0];
	foreach n (names)
	  {
	     if (0 == is_defined (n))
	       continue;
	     variable v = optval (n);
	     expect_value ("typeof " + n, typeof (v), Integer_Type);
	     if (typeof (v) != Integer_Type)
	       continue;
	     vals = [vals, v];
	     seen = [seen, n];
	  }
	variable u = n_distinct (vals);
	if (u == length (vals))
	  test_pass ("options distinct at " + level_name);
	else
	  test_fail ("options distinct at " + level_name,
		     sprintf ("%d names but %d values: %s = %S", length (vals), u,
			      strjoin (seen, " "), vals));
     }
}
test_constants ();

% ------------------------------------------------------------------
% 2. Table-driven Int round trips.
% ------------------------------------------------------------------
% refuse: NULL (the option must work), or the errnos a kernel may answer
% when it does not allow the option; those become "# skip" lines.
private define row (name, dom, type, proto, level, value, expected, refuse)
{
   return struct {name = name, dom = dom, type = type, proto = proto,
      level = level, value = value, expected = expected, refuse = refuse};
}

private variable No_Priv = [ENOPROTOOPT, EOPNOTSUPP, EPERM, EACCES];

private variable Int_Rows = {
   % SOL_SOCKET
   row ("SO_KEEPALIVE", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, NULL),
   row ("SO_OOBINLINE", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, NULL),
   row ("SO_RCVLOWAT", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 10, 10, NULL),
   % Linux: "SO_SNDLOWAT is not changeable on Linux" (ENOPROTOOPT)
   row ("SO_SNDLOWAT", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 10, 10, [ENOPROTOOPT]),
   % Linux accepts and ignores SO_BSDCOMPAT: it reads back 0
   row ("SO_BSDCOMPAT", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 0, [ENOPROTOOPT]),
   row ("SO_PASSCRED", AF_UNIX, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, NULL),
   row ("SO_DEBUG", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, [EACCES, EPERM]),
   row ("SO_REUSEADDR", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, NULL),
   row ("SO_REUSEPORT", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, NULL),
   row ("SO_DONTROUTE", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 1, 1, NULL),
   row ("SO_BROADCAST", AF_INET, SOCK_DGRAM, 0, SOL_SOCKET, 1, 1, NULL),
   % the kernel doubles the buffer sizes (bookkeeping overhead)
   row ("SO_SNDBUF", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 65536, 131072, NULL),
   row ("SO_RCVBUF", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 65536, 131072, NULL),
   row ("SO_PRIORITY", AF_INET, SOCK_STREAM, 0, SOL_SOCKET, 3, 3, NULL),
   % SOL_IP
   row ("IP_TTL", AF_INET, SOCK_DGRAM, 0, SOL_IP, 33, 33, NULL),
   row ("IP_TOS", AF_INET, SOCK_DGRAM, 0, SOL_IP, 0x10, 0x10, NULL),
   row ("IP_HDRINCL", AF_INET, SOCK_RAW, IPPROTO_ICMP, SOL_IP, 1, 1, No_Priv),
   row ("IP_MULTICAST_TTL", AF_INET, SOCK_DGRAM, 0, SOL_IP, 5, 5, NULL),
   row ("IP_MULTICAST_LOOP", AF_INET, SOCK_DGRAM, 0, SOL_IP, 0, 0, NULL),
   row ("IP_RECVERR", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, NULL),
   % 2 == IP_PMTUDISC_DO (default on UDP is IP_PMTUDISC_WANT == 1)
   row ("IP_MTU_DISCOVER", AF_INET, SOCK_DGRAM, 0, SOL_IP, 2, 2, NULL),
   row ("IP_PKTINFO", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, NULL),
   row ("IP_RECVTOS", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, NULL),
   row ("IP_RECVTTL", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, NULL),
   row ("IP_RECVOPTS", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, NULL),
   % raw sockets only
   row ("IP_ROUTER_ALERT", AF_INET, SOCK_RAW, IPPROTO_ICMP, SOL_IP, 1, 1, [ENOPROTOOPT, EPERM, EINVAL, EACCES]),
   row ("IP_FREEBIND", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, NULL),
   row ("IP_TRANSPARENT", AF_INET, SOCK_DGRAM, 0, SOL_IP, 1, 1, No_Priv),
   % IPPROTO_IPV6
   row ("IPV6_V6ONLY", AF_INET6, SOCK_STREAM, 0, IPPROTO_IPV6, 1, 1, NULL),
   row ("IPV6_UNICAST_HOPS", AF_INET6, SOCK_DGRAM, 0, IPPROTO_IPV6, 7, 7, NULL),
   row ("IPV6_MULTICAST_HOPS", AF_INET6, SOCK_DGRAM, 0, IPPROTO_IPV6, 4, 4, NULL),
   row ("IPV6_MULTICAST_LOOP", AF_INET6, SOCK_DGRAM, 0, IPPROTO_IPV6, 0, 0, NULL),
   % interface index 1 is the loopback device on Linux
   row ("IPV6_MULTICAST_IF", AF_INET6, SOCK_DGRAM, 0, IPPROTO_IPV6, 1, 1, [ENODEV, EINVAL]),
   row ("IPV6_RECVPKTINFO", AF_INET6, SOCK_DGRAM, 0, IPPROTO_IPV6, 1, 1, NULL),
   row ("IPV6_TCLASS", AF_INET6, SOCK_DGRAM, 0, IPPROTO_IPV6, 0x20, 0x20, NULL),
   % SOL_TCP
   row ("TCP_NODELAY", AF_INET, SOCK_STREAM, 0, SOL_TCP, 1, 1, NULL),
   row ("TCP_MAXSEG", AF_INET, SOCK_STREAM, 0, SOL_TCP, 1000, 1000, NULL),
   row ("TCP_KEEPIDLE", AF_INET, SOCK_STREAM, 0, SOL_TCP, 30, 30, NULL),
   row ("TCP_KEEPINTVL", AF_INET, SOCK_STREAM, 0, SOL_TCP, 7, 7, NULL),
   row ("TCP_KEEPCNT", AF_INET, SOCK_STREAM, 0, SOL_TCP, 4, 4, NULL),
   row ("TCP_USER_TIMEOUT", AF_INET, SOCK_STREAM, 0, SOL_TCP, 5000, 5000, NULL),
   % the default reads 1; 0 enters "pingpong" (delayed ack) mode
   row ("TCP_QUICKACK", AF_INET, SOCK_STREAM, 0, SOL_TCP, 0, 0, NULL),
   row ("TCP_CORK", AF_INET, SOCK_STREAM, 0, SOL_TCP, 1, 1, NULL),
   row ("TCP_FASTOPEN", AF_INET, SOCK_STREAM, 0, SOL_TCP, 5, 5, [ENOPROTOOPT, EOPNOTSUPP]),
   row ("TCP_NOTSENT_LOWAT", AF_INET, SOCK_STREAM, 0, SOL_TCP, 16384, 16384, NULL),
   row ("TCP_SYNCNT", AF_INET, SOCK_STREAM, 0, SOL_TCP, 3, 3, NULL),
   row ("TCP_LINGER2", AF_INET, SOCK_STREAM, 0, SOL_TCP, 20, 20, NULL),
   % seconds become SYN-ACK retransmissions and back: 5 -> 1+2+4 = 7
   row ("TCP_DEFER_ACCEPT", AF_INET, SOCK_STREAM, 0, SOL_TCP, 5, 7, NULL),
   row ("TCP_WINDOW_CLAMP", AF_INET, SOCK_STREAM, 0, SOL_TCP, 20000, 20000, NULL)
};

private define int_round_trip (r)
{
   variable name = r.name;
   if (0 == is_defined (name))
     {
	skip (name, "not exported on this platform");
	return;
     }
   variable opt = optval (name);
   variable s, e = NULL, got = NULL;
   try (e)
     s = socket (r.dom, r.type, r.proto);
   catch SocketError;
   if (e != NULL)
     {
	if ((r.refuse != NULL) && any (errno == [EPERM, EACCES, EPROTONOSUPPORT]))
	  {
	     test_pass (name + ": socket refused cleanly");
	     skip (name, "cannot create the socket: " + e.message);
	  }
	else
	  test_fail (name, "socket: " + e.message);
	return;
     }
   variable depth = _stkdepth ();
   try (e)
     {
	setsockopt (s, r.level, opt, r.value);
	got = getsockopt (s, r.level, opt);
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   if (e != NULL)
     {
	if (d > 0) _pop_n (d);
	if ((e.error == SocketError) && (r.refuse != NULL) && any (r.refuse == errno)
	    && (d == 0) && string_match (e.message, "^[gs]etsockopt: ", 1))
	  {
	     test_pass (name + ": refused with a sensible errno");
	     skip (name, sprintf ("the kernel refuses it (%s, errno %d)", e.message, errno));
	  }
	else
	  test_fail (name, sprintf ("%s: %s (errno %d), stack %+d", e.descr, e.message, errno, d));
	return;
     }
   expect_value (sprintf ("%s %S -> %S", name, r.value, r.expected), got, r.expected);
   expect_value (name + ": stack depth", d, 0);
}

private define test_int_options ()
{
   variable r;
   foreach r (Int_Rows)
     int_round_trip (r);

   % IPV6_V6ONLY also goes back to 0 on a fresh socket
   variable s = socket (AF_INET6, SOCK_STREAM, 0);
   setsockopt (s, IPPROTO_IPV6, IPV6_V6ONLY, 1);
   setsockopt (s, IPPROTO_IPV6, IPV6_V6ONLY, 0);
   expect_value ("IPV6_V6ONLY 1 then 0 -> 0", getsockopt (s, IPPROTO_IPV6, IPV6_V6ONLY), 0);
   % a Char value is an integer too
   s = socket (AF_INET, SOCK_DGRAM, 0);
   setsockopt (s, SOL_IP, IP_TTL, 'A');
   expect_value ("IP_TTL takes a Char", getsockopt (s, SOL_IP, IP_TTL), 65);
   % the TCP options work on a v6 socket as well
   s = socket (AF_INET6, SOCK_STREAM, 0);
   setsockopt (s, SOL_TCP, TCP_KEEPIDLE, 45);
   expect_value ("TCP_KEEPIDLE on v6 45 -> 45", getsockopt (s, SOL_TCP, TCP_KEEPIDLE), 45);
}
test_int_options ();

% ------------------------------------------------------------------
% 3. Get-only options.
% ------------------------------------------------------------------
private define test_get_only ()
{
   variable s = socket (PF_INET6, SOCK_STREAM, 0);
   expect_value ("SO_TYPE == SOCK_STREAM", getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   expect_value ("SO_DOMAIN == PF_INET6", getsockopt (s, SOL_SOCKET, SO_DOMAIN), PF_INET6);
   expect_value ("SO_PROTOCOL == IPPROTO_TCP", getsockopt (s, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
   expect_value ("SO_ERROR == 0", getsockopt (s, SOL_SOCKET, SO_ERROR), 0);
   expect_value ("SO_ACCEPTCONN == 0 before listen", getsockopt (s, SOL_SOCKET, SO_ACCEPTCONN), 0);

   variable u = socket (PF_INET, SOCK_DGRAM, 0);
   expect_value ("SO_TYPE == SOCK_DGRAM", getsockopt (u, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
   expect_value ("SO_DOMAIN == PF_INET", getsockopt (u, SOL_SOCKET, SO_DOMAIN), PF_INET);
   expect_value ("SO_PROTOCOL == IPPROTO_UDP", getsockopt (u, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);

   variable l = tcp_listener (AF_INET6);
   expect_value ("SO_ACCEPTCONN == 1 after listen", getsockopt (l, SOL_SOCKET, SO_ACCEPTCONN), 1);

   % IP_MTU is get-only and needs a connected socket
   variable c, a;
   (c, a) = tcp_pair (AF_INET);
   variable mtu = getsockopt (c, SOL_IP, IP_MTU);
   variable dev_mtu = 65536, fp = fopen ("/sys/class/net/lo/mtu", "r"), line;
   if ((fp != NULL) && (-1 != fgets (&line, fp)))
     dev_mtu = atoi (line);
   expect_true (sprintf ("IP_MTU on loopback (%S) is in 68..%d", mtu, dev_mtu),
		(typeof (mtu) == Integer_Type) && (mtu >= 68) && (mtu <= dev_mtu));
   expect_error ("IP_MTU unconnected: ENOTCONN", SocketError, "^getsockopt: ",
		 &getsockopt, u, SOL_IP, IP_MTU; errno = ENOTCONN);

   % setting a get-only option names it
   variable n;
   foreach n (["SO_TYPE", "SO_DOMAIN", "SO_PROTOCOL", "SO_ACCEPTCONN", "SO_ERROR"])
     expect_error ("set " + n + ": NotImplementedError", NotImplementedError, n,
		   &setsockopt, s, SOL_SOCKET, optval (n), 1);
   expect_error ("set IP_MTU: NotImplementedError", NotImplementedError, "IP_MTU",
		 &setsockopt, c, SOL_IP, IP_MTU, 1500);
   % reading a set-only option names it
   expect_error ("get IP_ADD_MEMBERSHIP: NotImplementedError", NotImplementedError,
		 "IP_ADD_MEMBERSHIP", &getsockopt, u, SOL_IP, IP_ADD_MEMBERSHIP);
   expect_error ("get IPV6_JOIN_GROUP: NotImplementedError", NotImplementedError,
		 "IPV6_JOIN_GROUP", &getsockopt, s, IPPROTO_IPV6, IPV6_JOIN_GROUP);
}
test_get_only ();

% ------------------------------------------------------------------
% 4. SO_RCVTIMEO / SO_SNDTIMEO
% ------------------------------------------------------------------
private define expect_tv (name, got, sec, usec)
{
   if (typeof (got) != Struct_Type)
     {
	test_fail (name, sprintf ("got %S, not a Struct", typeof (got)));
	return;
     }
   expect_value (name + ": fields", fields_of (got), "tv_sec,tv_usec");
   expect_value (name + ": tv_sec", got.tv_sec, sec);
   expect_value (name + ": tv_usec", got.tv_usec, usec);
}

private define alarm_handler (sig)
{
   throw RunTimeError, "SIGALRM: the call did not time out";
}

private define test_timeouts ()
{
   variable s = socket (AF_INET, SOCK_STREAM, 0);
   variable n, opt;
   foreach n (["SO_RCVTIMEO", "SO_SNDTIMEO"])
     {
	opt = optval (n);
	expect_tv (n + " default", getsockopt (s, SOL_SOCKET, opt), 0, 0);
	setsockopt (s, SOL_SOCKET, opt, struct {tv_sec = 3, tv_usec = 500000});
	expect_tv (n + " {3, 500000}", getsockopt (s, SOL_SOCKET, opt), 3, 500000);
	setsockopt (s, SOL_SOCKET, opt, 0.5);
	expect_tv (n + " 0.5", getsockopt (s, SOL_SOCKET, opt), 0, 500000);
	setsockopt (s, SOL_SOCKET, opt, 2);
	expect_tv (n + " 2", getsockopt (s, SOL_SOCKET, opt), 2, 0);
	setsockopt (s, SOL_SOCKET, opt, 0);
	expect_tv (n + " 0", getsockopt (s, SOL_SOCKET, opt), 0, 0);

	expect_error (n + " tv_usec 1000000", InvalidParmError, n,
		      &setsockopt, s, SOL_SOCKET, opt, struct {tv_sec = 1, tv_usec = 1000000});
	expect_error (n + " tv_usec -1", InvalidParmError, n,
		      &setsockopt, s, SOL_SOCKET, opt, struct {tv_sec = 1, tv_usec = -1});
	expect_error (n + " tv_sec -1", InvalidParmError, n,
		      &setsockopt, s, SOL_SOCKET, opt, struct {tv_sec = -1, tv_usec = 0});
	expect_error (n + " -0.5 seconds", InvalidParmError, n,
		      &setsockopt, s, SOL_SOCKET, opt, -0.5);
	expect_error (n + " String", TypeMismatchError, n,
		      &setsockopt, s, SOL_SOCKET, opt, "3");
	expect_error (n + " struct without tv_usec", TypeMismatchError, "tv_usec",
		      &setsockopt, s, SOL_SOCKET, opt, struct {tv_sec = 3});
	expect_error (n + " Int with extra argument", NumArgsError, NULL,
		      &setsockopt, s, SOL_SOCKET, opt, 1, 2);
	% a failed set leaves the previous value
	expect_tv (n + " unchanged after errors", getsockopt (s, SOL_SOCKET, opt), 0, 0);
     }

   % SO_RCVTIMEO really bounds a plain recv
   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   setsockopt (a, SOL_SOCKET, SO_RCVTIMEO, 0.2);
   % safety net: a recv that ignores the timeout is interrupted after 10 s
   signal (SIGALRM, &alarm_handler);
   alarm (10);
   variable t0 = _ftime ();
   expect_error ("SO_RCVTIMEO 0.2: recv raises EAGAIN", SocketError, "^recv: ",
		 &recv, a, 16; errno = EAGAIN);
   variable dt = _ftime () - t0;
   alarm (0);
   signal (SIGALRM, SIG_DFL);
   expect_true (sprintf ("SO_RCVTIMEO 0.2: recv gave up after %.3f s (0.15..1)", dt),
		(dt >= 0.15) && (dt < 1.0));
}
test_timeouts ();

% ------------------------------------------------------------------
% 5. SO_LINGER, SO_PEERCRED, SO_BINDTODEVICE, IP_MULTICAST_IF, IP_OPTIONS
% ------------------------------------------------------------------
private define test_struct_options ()
{
   variable s = socket (AF_INET, SOCK_STREAM, 0);
   variable v = getsockopt (s, SOL_SOCKET, SO_LINGER);
   expect_value ("SO_LINGER fields", fields_of (v), "l_onoff,l_linger");
   expect_value ("SO_LINGER default", [v.l_onoff, v.l_linger], [0, 0]);
   setsockopt (s, SOL_SOCKET, SO_LINGER, struct {l_onoff = 1, l_linger = 10});
   v = getsockopt (s, SOL_SOCKET, SO_LINGER);
   expect_value ("SO_LINGER {1, 10}: l_onoff", v.l_onoff, 1);
   expect_value ("SO_LINGER {1, 10}: l_linger", v.l_linger, 10);
   expect_error ("SO_LINGER Int", TypeMismatchError, "SO_LINGER",
		 &setsockopt, s, SOL_SOCKET, SO_LINGER, 1);
   expect_error ("SO_LINGER struct without l_linger", TypeMismatchError, "SO_LINGER",
		 &setsockopt, s, SOL_SOCKET, SO_LINGER, struct {l_onoff = 1});

   % SO_PEERCRED on a unix socketpair
   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   v = getsockopt (a, SOL_SOCKET, SO_PEERCRED);
   expect_value ("SO_PEERCRED fields", fields_of (v), "pid,uid,gid");
   expect_value ("SO_PEERCRED pid", v.pid, getpid ());
   expect_value ("SO_PEERCRED uid", v.uid, getuid ());
   expect_value ("SO_PEERCRED gid", v.gid, getgid ());
   expect_error ("set SO_PEERCRED: NotImplementedError", NotImplementedError, "SO_PEERCRED",
		 &setsockopt, a, SOL_SOCKET, SO_PEERCRED,
		 struct {pid = getpid (), uid = getuid (), gid = getgid ()});

   % SO_BINDTODEVICE
   s = socket (AF_INET, SOCK_DGRAM, 0);
   expect_value ("SO_BINDTODEVICE unbound", getsockopt (s, SOL_SOCKET, SO_BINDTODEVICE), "");
   variable e = NULL;
   try (e)
     setsockopt (s, SOL_SOCKET, SO_BINDTODEVICE, "lo");
   catch AnyError;
   if (e == NULL)
     {
	expect_value ("SO_BINDTODEVICE lo", getsockopt (s, SOL_SOCKET, SO_BINDTODEVICE), "lo");
	setsockopt (s, SOL_SOCKET, SO_BINDTODEVICE, "");
	expect_value ("SO_BINDTODEVICE \"\" unbinds", getsockopt (s, SOL_SOCKET, SO_BINDTODEVICE), "");
	expect_error ("SO_BINDTODEVICE no such device", SocketError, "^setsockopt: ",
		      &setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, "nosuchdev0"; errno = ENODEV);
     }
   else
     {
	expect_true ("SO_BINDTODEVICE lo refused: SocketError EPERM",
		     (e.error == SocketError) && (errno == EPERM));
	skip ("SO_BINDTODEVICE", e.message);
     }
   expect_error ("SO_BINDTODEVICE too long", InvalidParmError, "SO_BINDTODEVICE",
		 &setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, "a-very-long-interface-name");
   expect_error ("SO_BINDTODEVICE 16 chars is too long", InvalidParmError, "SO_BINDTODEVICE",
		 &setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, "abcdefghijklmnop");
   expect_error ("SO_BINDTODEVICE Int", TypeMismatchError, "SO_BINDTODEVICE",
		 &setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, 1);

   % IP_MULTICAST_IF
   s = socket (AF_INET, SOCK_DGRAM, 0);
   expect_value ("IP_MULTICAST_IF default", getsockopt (s, SOL_IP, IP_MULTICAST_IF), "0.0.0.0");
   setsockopt (s, SOL_IP, IP_MULTICAST_IF, "127.0.0.1");
   expect_value ("IP_MULTICAST_IF 127.0.0.1", getsockopt (s, SOL_IP, IP_MULTICAST_IF), "127.0.0.1");
   expect_error ("IP_MULTICAST_IF not an address", InvalidParmError, "not-an-address",
		 &setsockopt, s, SOL_IP, IP_MULTICAST_IF, "not-an-address");
   expect_error ("IP_MULTICAST_IF Int", TypeMismatchError, "IP_MULTICAST_IF",
		 &setsockopt, s, SOL_IP, IP_MULTICAST_IF, 0x7f000001);

   % IP_OPTIONS: raw option bytes (four NOPs... three NOPs and an EOL)
   s = socket (AF_INET, SOCK_DGRAM, 0);
   setsockopt (s, SOL_IP, IP_OPTIONS, "\x01\x01\x01\x00"B);
   v = getsockopt (s, SOL_IP, IP_OPTIONS);
   expect_value ("IP_OPTIONS round trip", v, "\x01\x01\x01\x00"B);
   variable big = ""B;
   loop (44) big += "\x01"B;
   expect_error ("IP_OPTIONS over 40 bytes", InvalidParmError, "IP_OPTIONS",
		 &setsockopt, s, SOL_IP, IP_OPTIONS, big);
}
test_struct_options ();

% ------------------------------------------------------------------
% 6. Multicast membership on loopback.
% ------------------------------------------------------------------
private define test_multicast_v4 ()
{
   variable s = socket (AF_INET, SOCK_DGRAM, 0);
   bind (s, "127.0.0.1", 0);
   variable e = NULL;
   try (e)
     setsockopt (s, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.3", "127.0.0.1");
   catch AnyError;
   if (e != NULL)
     {
	expect_true ("multicast v4 join refused: SocketError with errno",
		     (e.error == SocketError) && any (errno == [ENODEV, EADDRNOTAVAIL, EPERM, ENOPROTOOPT, EOPNOTSUPP, EINVAL]));
	skip ("multicast v4", e.message);
	return;
     }
   test_pass ("IP_ADD_MEMBERSHIP (group, interface)");
   % joining the same group again is EADDRINUSE
   expect_error ("IP_ADD_MEMBERSHIP twice", SocketError, "^setsockopt: ",
		 &setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.3", "127.0.0.1"; errno = EADDRINUSE);
   variable m = struct {imr_multiaddr = "239.1.2.4", imr_interface = "0.0.0.0"};
   setsockopt (s, SOL_IP, IP_ADD_MEMBERSHIP, m);
   test_pass ("IP_ADD_MEMBERSHIP struct");
   setsockopt (s, SOL_IP, IP_DROP_MEMBERSHIP, "239.1.2.3", "127.0.0.1");
   test_pass ("IP_DROP_MEMBERSHIP (group, interface)");
   setsockopt (s, SOL_IP, IP_DROP_MEMBERSHIP, m);
   test_pass ("IP_DROP_MEMBERSHIP struct");
   expect_error ("IP_DROP_MEMBERSHIP twice (upstream form)", SocketError, "^setsockopt: ",
		 &setsockopt, s, SOL_IP, IP_DROP_MEMBERSHIP, "239.1.2.3", "127.0.0.1";
		 errno = EADDRNOTAVAIL);
   expect_error ("IP_DROP_MEMBERSHIP twice (struct)", SocketError, "^setsockopt: ",
		 &setsockopt, s, SOL_IP, IP_DROP_MEMBERSHIP, m; errno = EADDRNOTAVAIL);
   % the group alone (interface chosen by the kernel)
   setsockopt (s, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.5");
   setsockopt (s, SOL_IP, IP_DROP_MEMBERSHIP, "239.1.2.5");
   test_pass ("IP_ADD/DROP_MEMBERSHIP group only");

   expect_error ("IP_ADD_MEMBERSHIP bad group", InvalidParmError, "239.1.2.300",
		 &setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.300", "127.0.0.1");
   expect_error ("IP_ADD_MEMBERSHIP Int", TypeMismatchError, "IP_ADD_MEMBERSHIP",
		 &setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, 1);
   expect_error ("IP_ADD_MEMBERSHIP struct plus extra", NumArgsError, NULL,
		 &setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, m, "127.0.0.1");
   expect_error ("IP_ADD_MEMBERSHIP three strings", NumArgsError, NULL,
		 &setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.7", "127.0.0.1", "x");
}
test_multicast_v4 ();

private define test_multicast_v6 ()
{
   variable s = socket (AF_INET6, SOCK_DGRAM, 0);
   bind (s, "::1", 0);
   variable m = struct {ipv6mr_multiaddr = "ff05::1234", ipv6mr_interface = 1};
   variable e = NULL;
   try (e)
     setsockopt (s, IPPROTO_IPV6, IPV6_JOIN_GROUP, m);
   catch AnyError;
   if (e != NULL)
     {
	expect_true ("multicast v6 join refused: SocketError with errno",
		     (e.error == SocketError) && any (errno == [ENODEV, EADDRNOTAVAIL, EPERM, ENOPROTOOPT, EOPNOTSUPP, EINVAL]));
	skip ("multicast v6", e.message);
	return;
     }
   test_pass ("IPV6_JOIN_GROUP ff05::1234 on index 1");
   setsockopt (s, IPPROTO_IPV6, IPV6_LEAVE_GROUP, m);
   test_pass ("IPV6_LEAVE_GROUP");
   expect_error ("IPV6_LEAVE_GROUP twice", SocketError, "^setsockopt: ",
		 &setsockopt, s, IPPROTO_IPV6, IPV6_LEAVE_GROUP, m; errno = EADDRNOTAVAIL);
   expect_error ("IPV6_JOIN_GROUP bad group", InvalidParmError, "ipv6mr_multiaddr",
		 &setsockopt, s, IPPROTO_IPV6, IPV6_JOIN_GROUP,
		 struct {ipv6mr_multiaddr = "239.1.2.3", ipv6mr_interface = 1});
   expect_error ("IPV6_JOIN_GROUP String", TypeMismatchError, "IPV6_JOIN_GROUP",
		 &setsockopt, s, IPPROTO_IPV6, IPV6_JOIN_GROUP, "ff05::1234");
   expect_error ("IPV6_JOIN_GROUP extra argument", NumArgsError, NULL,
		 &setsockopt, s, IPPROTO_IPV6, IPV6_JOIN_GROUP, m, 1);
}
test_multicast_v6 ();

% ------------------------------------------------------------------
% 7. Argument errors.
% ------------------------------------------------------------------
private define test_errors ()
{
   variable s = socket (AF_INET, SOCK_STREAM, 0);
   expect_error ("set unknown option at SOL_SOCKET", NotImplementedError, "SOL_SOCKET",
		 &setsockopt, s, SOL_SOCKET, 12345, 1);
   expect_error ("set unknown option names the number", NotImplementedError, "12345",
		 &setsockopt, s, SOL_SOCKET, 12345, 1);
   expect_error ("get unknown option at SOL_SOCKET", NotImplementedError, "SOL_SOCKET",
		 &getsockopt, s, SOL_SOCKET, 12345);
   expect_error ("get unknown option at SOL_TCP", NotImplementedError, "SOL_TCP",
		 &getsockopt, s, SOL_TCP, 12345);
   expect_error ("set unknown level", NotImplementedError, "999",
		 &setsockopt, s, 999, 1, 1);
   expect_error ("get unknown level", NotImplementedError, "999",
		 &getsockopt, s, 999, 1);

   expect_error ("String for an Int option", TypeMismatchError, "SO_KEEPALIVE",
		 &setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, "1");
   expect_error ("Double for an Int option", TypeMismatchError, "SO_KEEPALIVE",
		 &setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, 1.5);
   expect_error ("Struct for an Int option", TypeMismatchError, "TCP_NODELAY",
		 &setsockopt, s, SOL_TCP, TCP_NODELAY, struct {a = 1});
   expect_error ("NULL for an Int option", TypeMismatchError, "IP_TTL",
		 &setsockopt, s, SOL_IP, IP_TTL, NULL);
   expect_error ("Int for SO_LINGER", TypeMismatchError, "SO_LINGER",
		 &setsockopt, s, SOL_SOCKET, SO_LINGER, 1);
   expect_error ("String level", TypeMismatchError, NULL,
		 &setsockopt, s, "SOL_SOCKET", SO_KEEPALIVE, 1);
   expect_error ("String optname", TypeMismatchError, NULL,
		 &getsockopt, s, SOL_SOCKET, "SO_KEEPALIVE");
   expect_error ("not a socket", TypeMismatchError, NULL,
		 &getsockopt, "s", SOL_SOCKET, SO_KEEPALIVE);
   variable f = fopen ("/dev/null", "r");
   variable nf = fileno (f);
   expect_error ("a descriptor that is not a socket", TypeMismatchError, "not a socket",
		 &getsockopt, nf, SOL_SOCKET, SO_TYPE);
   variable closed = socket (AF_INET, SOCK_STREAM, 0);
   () = close (closed);
   expect_error ("closed socket: EBADF", SocketError, NULL,
		 &setsockopt, closed, SOL_SOCKET, SO_KEEPALIVE, 1; errno = EBADF);

   expect_error ("setsockopt extra argument", NumArgsError, "usage",
		 &setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, 1, 2);
   expect_error ("setsockopt missing value", NumArgsError, "usage",
		 &setsockopt, s, SOL_SOCKET, SO_KEEPALIVE);
   expect_error ("setsockopt 6 arguments", NumArgsError, "usage",
		 &setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, 1, 2, 3);
   expect_error ("getsockopt 2 arguments", NumArgsError, "usage",
		 &getsockopt, s, SOL_SOCKET);
   expect_error ("getsockopt 5 arguments", NumArgsError, "usage",
		 &getsockopt, s, SOL_SOCKET, SO_KEEPALIVE, 4, 1);
   expect_error ("getsockopt raw: buflen must be an integer", TypeMismatchError, "buflen",
		 &getsockopt, s, SOL_SOCKET, SO_KEEPALIVE, "4");
   expect_error ("getsockopt no arguments", NumArgsError, "usage", &getsockopt);

   % after all that the socket still works and holds its old value
   expect_value ("SO_KEEPALIVE untouched by the errors", getsockopt (s, SOL_SOCKET, SO_KEEPALIVE), 0);
   setsockopt (s, SOL_SOCKET, SO_KEEPALIVE, 1);
   expect_value ("SO_KEEPALIVE still settable", getsockopt (s, SOL_SOCKET, SO_KEEPALIVE), 1);
}
test_errors ();

% ------------------------------------------------------------------
% 8. Structs with a missing field, for every struct kind.  Last, since a
%    module that frees uninitialised fields may crash here.
% ------------------------------------------------------------------
private define test_missing_fields ()
{
   variable s4 = socket (AF_INET, SOCK_DGRAM, 0);
   variable s6 = socket (AF_INET6, SOCK_DGRAM, 0);
   expect_error ("IP_ADD_MEMBERSHIP struct missing imr_interface", TypeMismatchError,
		 "IP_ADD_MEMBERSHIP", &setsockopt, s4, SOL_IP, IP_ADD_MEMBERSHIP,
		 struct {imr_multiaddr = "239.1.2.6"});
   expect_error ("IP_ADD_MEMBERSHIP struct missing imr_multiaddr", TypeMismatchError,
		 "IP_ADD_MEMBERSHIP", &setsockopt, s4, SOL_IP, IP_ADD_MEMBERSHIP,
		 struct {imr_interface = "127.0.0.1"});
   expect_error ("IPV6_JOIN_GROUP struct missing ipv6mr_interface", TypeMismatchError,
		 "IPV6_JOIN_GROUP", &setsockopt, s6, IPPROTO_IPV6, IPV6_JOIN_GROUP,
		 struct {ipv6mr_multiaddr = "ff05::1234"});
   expect_error ("IPV6_JOIN_GROUP struct missing ipv6mr_multiaddr", TypeMismatchError,
		 "IPV6_JOIN_GROUP", &setsockopt, s6, IPPROTO_IPV6, IPV6_JOIN_GROUP,
		 struct {ipv6mr_interface = 1});
   expect_error ("SO_LINGER struct missing l_onoff", TypeMismatchError, "SO_LINGER",
		 &setsockopt, s4, SOL_SOCKET, SO_LINGER, struct {l_linger = 1});
   expect_error ("SO_RCVTIMEO struct missing tv_sec", TypeMismatchError, "SO_RCVTIMEO",
		 &setsockopt, s4, SOL_SOCKET, SO_RCVTIMEO, struct {tv_usec = 1});
}
test_missing_fields ();


% Raw options (SPEC 15): getsockopt (s, level, opt, buflen) -> BString and
% setsockopt (s, level, opt, BString) for any option, in the table or not.
private define check_raw_options ()
{
   variable fam, s;
   foreach fam ([PF_INET, PF_INET6, PF_UNIX])
     {
	variable tag = (fam == PF_INET) ? "inet" : (fam == PF_INET6) ? "inet6" : "unix";
	s = socket (fam, SOCK_STREAM, 0);
	variable raw = getsockopt (s, SOL_SOCKET, SO_RCVBUF, 4);
	expect_value ("raw getsockopt SO_RCVBUF is 4 bytes ($tag)"$, bstrlen (raw), 4);
	expect_value ("raw SO_RCVBUF equals the typed value ($tag)"$, unpack ("i", raw), getsockopt (s, SOL_SOCKET, SO_RCVBUF));
	setsockopt (s, SOL_SOCKET, SO_KEEPALIVE, pack ("i", 1));
	expect_value ("raw setsockopt SO_KEEPALIVE, typed get ($tag)"$, getsockopt (s, SOL_SOCKET, SO_KEEPALIVE), 1);
	setsockopt (s, SOL_SOCKET, SO_KEEPALIVE, pack ("i", 0));
	expect_value ("raw setsockopt SO_KEEPALIVE off ($tag)"$, getsockopt (s, SOL_SOCKET, SO_KEEPALIVE), 0);
	expect_value ("raw getsockopt with buflen 0 ($tag)"$, getsockopt (s, SOL_SOCKET, SO_RCVBUF, 0), ""B);
	expect_error ("raw setsockopt of a wrong length ($tag)"$, SocketError, "^setsockopt: ",
		      &setsockopt, s, SOL_SOCKET, SO_RCVBUF, "x"B; errno = EINVAL);
	() = close (s);
     }
   s = socket (PF_INET, SOCK_STREAM, 0);
   % TCP_CONGESTION (13) is not in the table: raw is the way
   variable cc = getsockopt (s, SOL_TCP, 13, 16);
   expect_true ("raw TCP_CONGESTION names an algorithm", (bstrlen (cc) == 16) && (cc[0] > 'a' - 1));
   setsockopt (s, SOL_TCP, 13, "reno"B);
   expect_value ("raw setsockopt TCP_CONGESTION reno", strtrim_end (typecast (getsockopt (s, SOL_TCP, 13, 16), String_Type), "\0"), "reno");
   expect_error ("raw getsockopt of an option the kernel lacks", SocketError, "^getsockopt: ",
		 &getsockopt, s, SOL_SOCKET, 9999, 4; errno = ENOPROTOOPT);
   expect_error ("raw getsockopt buflen -1", InvalidParmError, "buflen -1", &getsockopt, s, SOL_SOCKET, SO_RCVBUF, -1);
   expect_error ("raw getsockopt buflen 65537", InvalidParmError, "buflen 65537", &getsockopt, s, SOL_SOCKET, SO_RCVBUF, 65537);
   expect_error ("raw setsockopt of a level the table lacks, not BString", NotImplementedError, "^setsockopt: ",
		 &setsockopt, s, 9999, 1, 1);
   variable z = socket (PF_INET, SOCK_STREAM, 0);
   () = close (z);
   expect_error ("raw getsockopt on a closed socket", SocketError, "^getsockopt: ",
		 &getsockopt, z, SOL_SOCKET, SO_RCVBUF, 4; errno = EBADF);
   () = close (s);
}
check_raw_options ();


% Typed rows added by SPEC 15
private define check_spec15_rows ()
{
   variable fam;
   foreach fam ([PF_INET, PF_INET6])
     {
	variable tag = (fam == PF_INET) ? "inet" : "inet6";
	variable l = tcp_listener (fam);
	variable c = socket (fam, SOCK_STREAM, 0);
	connect (c, getsockname (l));
	variable a = accept (l);
	variable ti = getsockopt (c, SOL_TCP, TCP_INFO);
	expect_value ("TCP_INFO is a Struct ($tag)"$, typeof (ti), Struct_Type);
	expect_value ("TCP_INFO state of a connected socket is ESTABLISHED (1) ($tag)"$, ti.state, 1);
	variable f, ok = 1;
	foreach f (["state", "ca_state", "retransmits", "rto", "ato", "snd_mss", "rcv_mss", "lost", "retrans",
		    "rtt", "rttvar", "snd_ssthresh", "snd_cwnd", "total_retrans"])
	  if (0 == struct_field_exists (ti, f)) ok = 0;
	expect_true ("TCP_INFO has every field of SPEC 15 ($tag)"$, ok);
	expect_true ("TCP_INFO: an MSS and a window ($tag)"$, (ti.snd_mss > 0) && (ti.snd_cwnd > 0));
	expect_value ("TCP_INFO of a listener: LISTEN (10) ($tag)"$, getsockopt (l, SOL_TCP, TCP_INFO).state, 10);
	expect_error ("TCP_INFO is read-only ($tag)"$, NotImplementedError, "TCP_INFO", &setsockopt, c, SOL_TCP, TCP_INFO, 1);
	variable cc = getsockopt (c, SOL_TCP, TCP_CONGESTION);
	expect_true ("TCP_CONGESTION is a String naming an algorithm ($tag)"$, (typeof (cc) == String_Type) && (strlen (cc) > 0));
	setsockopt (c, SOL_TCP, TCP_CONGESTION, "reno");
	expect_value ("TCP_CONGESTION set to reno ($tag)"$, getsockopt (c, SOL_TCP, TCP_CONGESTION), "reno");
	expect_error ("TCP_CONGESTION of an unknown algorithm ($tag)"$, SocketError, "^setsockopt: ",
		      &setsockopt, c, SOL_TCP, TCP_CONGESTION, "no-such-cc"; errno = ENOENT);
	expect_error ("TCP_CONGESTION takes a String ($tag)"$, TypeMismatchError, "TCP_CONGESTION",
		      &setsockopt, c, SOL_TCP, TCP_CONGESTION, 1);
	variable s = socket (fam, SOCK_STREAM, 0);
	setsockopt (s, SOL_TCP, TCP_FASTOPEN_CONNECT, 1);
	expect_value ("TCP_FASTOPEN_CONNECT round trip ($tag)"$, getsockopt (s, SOL_TCP, TCP_FASTOPEN_CONNECT), 1);
	setsockopt (s, SOL_SOCKET, SO_TIMESTAMP, 1);
	expect_value ("SO_TIMESTAMP round trip ($tag)"$, getsockopt (s, SOL_SOCKET, SO_TIMESTAMP), 1);
	setsockopt (s, SOL_SOCKET, SO_TIMESTAMPNS, 1);
	expect_value ("SO_TIMESTAMPNS round trip ($tag)"$, getsockopt (s, SOL_SOCKET, SO_TIMESTAMPNS), 1);
	expect_value ("SO_MARK is 0 by default ($tag)"$, getsockopt (s, SOL_SOCKET, SO_MARK), 0);
	if (getuid () == 0)
	  {
	     setsockopt (s, SOL_SOCKET, SO_MARK, 7);
	     expect_value ("SO_MARK set as root ($tag)"$, getsockopt (s, SOL_SOCKET, SO_MARK), 7);
	  }
	else expect_error ("SO_MARK needs CAP_NET_ADMIN ($tag)"$, SocketError, "^setsockopt: ",
			   &setsockopt, s, SOL_SOCKET, SO_MARK, 7; errno = EPERM);
	() = close (s); () = close (a); () = close (c); () = close (l);
     }
   variable u = socket (PF_INET, SOCK_DGRAM, 0);
   setsockopt (u, SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1);
   expect_value ("IP_BIND_ADDRESS_NO_PORT round trip", getsockopt (u, SOL_IP, IP_BIND_ADDRESS_NO_PORT), 1);
   () = close (u);
   variable u6 = socket (PF_INET6, SOCK_DGRAM, 0);
   variable opt;
   foreach opt ([IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS, IPV6_RECVERR])
     {
	setsockopt (u6, IPPROTO_IPV6, opt, 1);
	expect_value (sprintf ("IPv6 option %d round trip", opt), getsockopt (u6, IPPROTO_IPV6, opt), 1);
     }
   connect (u6, "::1", 9);
   expect_value ("IPV6_MTU of a datagram socket connected to ::1 is lo's", getsockopt (u6, IPPROTO_IPV6, IPV6_MTU), 65536);
   expect_error ("IPV6_MTU is read-only", NotImplementedError, "IPV6_MTU", &setsockopt, u6, IPPROTO_IPV6, IPV6_MTU, 1500);
   () = close (u6);
   variable p, q;
   (p, q) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable e = NULL, label = NULL;
   try (e) { label = getsockopt (p, SOL_SOCKET, SO_PEERSEC); }
   catch SocketError;
   expect_true ("SO_PEERSEC: a String label, or ENOPROTOOPT without a security module",
		((e == NULL) && (typeof (label) == String_Type)) || ((e != NULL) && (errno == ENOPROTOOPT)));
   expect_error ("SO_PEERSEC is read-only", NotImplementedError, "SO_PEERSEC", &setsockopt, p, SOL_SOCKET, SO_PEERSEC, "x");
   expect_true ("SPEC 15 constants exist", (SCM_RIGHTS == 1) && (SCM_CREDENTIALS == 2) && (IPPROTO_SCTP == 132)
		&& (IPPROTO_UDPLITE == 136) && (MSG_FASTOPEN != 0) && (IPV6_PKTINFO != 0));
}
check_spec15_rows ();

test_done ();
