% test_upstream.sl: every example of the upstream reference
% (seed/socket-module-reference.txt) runs as written, with the hosts
% replaced by loopback and a real listener; every upstream name exists.
require ("./harness");

% ---------------------------------------------------------------------
% Identity
expect_value ("_socket_module_version", _socket_module_version, 10000);
expect_value ("_socket_module_version_string", _socket_module_version_string, "1.0.0");
expect_value ("h_errno is an Int", typeof (h_errno), Int_Type);

% ---------------------------------------------------------------------
% 13.1 socket
private define example_socket ()
{
   variable s = NULL;
   try {
      s = socket (PF_INET, SOCK_STREAM, 0);
   }
   catch SocketError: {
      () = fprintf (stderr, "socket failed: %s", errno_string(errno));
      test_fail ("13.1 socket example", "SocketError: " + errno_string (errno));
      return;
   }
   expect_value ("13.1 socket returns an FD_Type", typeof (s), FD_Type);
   expect_true ("13.1 socket has a descriptor", _fileno (s) >= 0);
   expect_value ("13.1 socket is SOCK_STREAM", getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   expect_value ("13.1 close", close (s), 0);
}
example_socket ();

% ---------------------------------------------------------------------
% 13.2 connect ("some.host.com", 32100 -> a real loopback listener)
private define example_connect ()
{
   variable l = tcp_listener (PF_INET);
   variable host, port;
   (host, port) = getsockname (l);
   expect_value ("13.2 listener host", host, "127.0.0.1");
   expect_true ("13.2 listener port is ephemeral", (port > 0) && (port <= 65535));

   variable s = NULL, what = "ok";
   try {
      s = socket (PF_INET, SOCK_STREAM, 0);
      connect (s, "127.0.0.1", port);
   }
   catch SocketHError: { what = "SocketHError"; }
   catch SocketError: { what = "SocketError"; }
   expect_value ("13.2 connect example", what, "ok");
   if (what != "ok") return;

   variable a = accept (l);
   expect_value ("13.2 peer of the connected socket", {getpeername (s)}, {"127.0.0.1", port});
   % data goes across
   expect_value ("13.2 write", write (s, "ping"), 4);
   variable buf;
   expect_value ("13.2 read", read (a, &buf, 100), 4);
   expect_value ("13.2 read data", buf, "ping"B);

   % a name that does resolve (no DNS: the hosts file), as in the example
   variable s2 = socket (PF_INET, SOCK_STREAM, 0);
   what = "ok";
   try {
      connect (s2, "localhost", port);
   }
   catch SocketHError: { what = "SocketHError"; }
   catch SocketError: { what = "SocketError"; }
   expect_value ("13.2 connect by host name", what, "ok");

   % the error branch of the example: nobody listens any more
   () = close (l);
   () = close (a);
   variable s3 = socket (PF_INET, SOCK_STREAM, 0);
   variable msg = NULL, e;
   what = "ok";
   try (e) {
      connect (s3, "127.0.0.1", port);
   }
   catch SocketHError: { what = "SocketHError"; }
   catch SocketError: { what = "SocketError"; msg = e.message; }
   expect_value ("13.2 refused connect raises SocketError", what, "SocketError");
   expect_value ("13.2 refused errno", errno, ECONNREFUSED);
   expect_value ("13.2 refused message", msg, "connect: " + strtrim (errno_string (ECONNREFUSED)));
}
example_connect ();

% ---------------------------------------------------------------------
% 13.3 bind: "/tmp/mysock" -> a path in a private dir; "my.host.com" ->
% 127.0.0.1, port 32000 -> 0 (ephemeral)
private define example_bind ()
{
   variable dir = make_temp_dir ();
   variable path = path_concat (dir, "mysock");
   variable s;

   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);

   variable st = stat_file (path);
   expect_true ("13.3 bind PF_UNIX creates the socket file",
		(st != NULL) && stat_is ("sock", st.st_mode));
   expect_value ("13.3 getsockname of the unix socket", getsockname (s), path);
   () = close (s);

   s = socket (PF_INET, SOCK_STREAM, 0);
   bind (s, "127.0.0.1", 0);
   variable host, port;
   (host, port) = getsockname (s);
   expect_value ("13.3 bind PF_INET host", host, "127.0.0.1");
   expect_true ("13.3 bind PF_INET port assigned", port > 0);

   % bind by host name, as in the example (localhost is in the hosts file)
   variable s2 = socket (PF_INET, SOCK_STREAM, 0);
   bind (s2, "localhost", 0);
   (host, ) = getsockname (s2);
   expect_true ("13.3 bind by host name gives a loopback address",
		0 == strncmp (host, "127.", 4));
   () = close (s);
   () = close (s2);
   remove_temp_dir (dir);
}
example_bind ();

% ---------------------------------------------------------------------
% 13.4 accept, 13.5 listen
% The example's vmessage line is kept, but said here rather than printed
% into make check's output.
private variable Messages = {};
private define vmessage ()
{
   variable args = __pop_args (_NARGS);
   list_append (Messages, sprintf (__push_args (args)));
}
private define example_accept ()
{
   variable s = socket (PF_INET, SOCK_STREAM, 0);
   bind (s, "127.0.0.1", 0);
   listen (s, 5);
   expect_value ("13.5 listen: SO_ACCEPTCONN", getsockopt (s, SOL_SOCKET, SO_ACCEPTCONN), 1);

   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, getsockname (s));
   variable chost, cport;
   (chost, cport) = getsockname (c);

   variable hostip = NULL, port = NULL, s1;
   s1 = accept (s, &hostip, &port);
   vmessage ("Accepted connection from %s on port %d", hostip, port);
   expect_value ("13.4 the example's message", Messages[-1],
		 sprintf ("Accepted connection from 127.0.0.1 on port %d", cport));

   expect_value ("13.4 accept returns an FD_Type", typeof (s1), FD_Type);
   expect_value ("13.4 accept &hostip", hostip, "127.0.0.1");
   expect_value ("13.4 accept &port is an Int", typeof (port), Int_Type);
   expect_value ("13.4 accept &port == client's port", port, cport);
   expect_value ("13.4 accepted socket's peer", {getpeername (s1)}, {chost, cport});

   variable buf;
   expect_value ("13.4 write to the accepted socket", write (s1, "hello"), 5);
   expect_value ("13.4 client reads", read (c, &buf, 10), 5);
   expect_value ("13.4 client got the data", buf, "hello"B);

   % accept without references
   variable c2 = socket (PF_INET, SOCK_STREAM, 0);
   connect (c2, getsockname (s));
   variable s2 = accept (s);
   expect_value ("13.4 accept without references", {getpeername (s2)}, {getsockname (c2)});

   % listen on an unbound unix socket fails as the system call does
   variable u = socket (PF_UNIX, SOCK_DGRAM, 0);
   expect_error ("13.5 listen on a datagram socket", SocketError, "^listen: ",
		 &listen, u, 5; errno = EOPNOTSUPP);
}
example_accept ();

% ---------------------------------------------------------------------
% 13.6 getsockopt, 13.7 setsockopt: SO_LINGER
private define example_sockopt ()
{
   variable s, linger;

   s = socket (PF_INET, SOCK_STREAM, 0);
   linger = getsockopt (s, SOL_SOCKET, SO_LINGER);
   expect_true ("13.6 SO_LINGER is a struct", is_struct_type (linger));
   expect_true ("13.6 SO_LINGER has l_onoff and l_linger",
		is_struct_type (linger)
		&& struct_field_exists (linger, "l_onoff")
		&& struct_field_exists (linger, "l_linger"));
   expect_value ("13.6 SO_LINGER default l_onoff", linger.l_onoff, 0);
   expect_value ("13.6 SO_LINGER default l_linger", linger.l_linger, 0);

   s = socket (PF_INET, SOCK_STREAM, 0);
   linger = struct { l_onoff, l_linger };
   linger.l_onoff = 1; linger.l_linger = 10;
   setsockopt (s, SOL_SOCKET, SO_LINGER, linger);

   variable back = getsockopt (s, SOL_SOCKET, SO_LINGER);
   expect_value ("13.7 SO_LINGER read back l_onoff", back.l_onoff, 1);
   expect_value ("13.7 SO_LINGER read back l_linger", back.l_linger, 10);
   expect_value ("13.7 SO_LINGER read back as a pair", [back.l_onoff, back.l_linger], [1, 10]);
}
example_sockopt ();

% ---------------------------------------------------------------------
% Exceptions
private define exception_classes ()
{
   variable l = tcp_listener (PF_INET);
   variable addr = {getsockname (l)};
   () = close (l);
   variable s = socket (PF_INET, SOCK_STREAM, 0);

   variable caught = "none";
   try {
      connect (s, __push_list (addr));
   }
   catch RunTimeError: { caught = "RunTimeError"; }
   expect_value ("SocketError is caught by RunTimeError", caught, "RunTimeError");

   variable e = NULL;
   try (e) { connect (s, __push_list (addr)); }
   catch AnyError;
   expect_true ("a refused connect raises exactly SocketError",
		(e != NULL) && (e.error == SocketError));
   expect_true ("SocketError is a new class, not RunTimeError itself",
		SocketError != RunTimeError);

   % SocketHError: a failed name resolution that never reaches the network
   e = NULL; caught = "none";
   try (e) {
      () = getaddrinfo ("no-such-host.invalid", "80", AF_INET, 0, 0, AI_NUMERICHOST);
   }
   catch SocketError: { caught = "SocketError"; }
   expect_value ("SocketHError is caught by SocketError", caught, "SocketError");
   expect_true ("the resolver failure is exactly SocketHError",
		(e != NULL) && (e.error == SocketHError));
   expect_true ("SocketHError message names the host",
		(e != NULL) && is_substr (e.message, "no-such-host.invalid"));
   expect_value ("h_errno after a failed resolution", h_errno, HOST_NOT_FOUND);

   caught = "none";
   try { throw SocketHError, "test"; }
   catch RunTimeError: { caught = "RunTimeError"; }
   expect_value ("SocketHError is caught by RunTimeError", caught, "RunTimeError");

   caught = "none";
   try { throw SocketError, "test"; }
   catch SocketHError: { caught = "SocketHError"; }
   catch SocketError: { caught = "SocketError"; }
   expect_value ("SocketError is not caught by SocketHError", caught, "SocketError");
}
exception_classes ();

% ---------------------------------------------------------------------
% Every upstream constant exists, is an Int, and has the system's value.
private variable Upstream_Names =
  ["PF_UNIX", "PF_INET", "AF_UNIX", "AF_INET",
   "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET", "SOCK_PACKET",
   "SOL_SOCKET", "SOL_IP",
   "SO_KEEPALIVE", "SO_OOBINLINE", "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_BSDCOMPAT",
   "SO_PASSCRED", "SO_BINDTODEVICE", "SO_DEBUG", "SO_REUSEADDR", "SO_TYPE",
   "SO_ACCEPTCONN", "SO_DONTROUTE", "SO_BROADCAST", "SO_SNDBUF", "SO_RCVBUF",
   "SO_PRIORITY", "SO_ERROR", "SO_PEERCRED", "SO_RCVTIMEO", "SO_SNDTIMEO", "SO_LINGER",
   "IP_RECVTTL", "IP_RECVOPTS", "IP_TOS", "IP_TTL", "IP_HDRINCL", "IP_RECVERR",
   "IP_MTU_DISCOVER", "IP_ROUTER_ALERT", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP",
   "IP_ADD_MEMBERSHIP", "IP_DROP_MEMBERSHIP", "IP_MULTICAST_IF", "IP_OPTIONS",
   "IP_PKTINFO", "IP_RECVTOS",
   "HOST_NOT_FOUND", "TRY_AGAIN", "NO_RECOVERY", "NO_DATA"];

private define const_value (name)
{
   return @__get_reference (name);
}

private define check_constants_exist ()
{
   variable name;
   foreach name (Upstream_Names)
     {
	if (is_defined (name) == 0)
	  {
	     test_fail ("constant " + name, "not defined");
	     continue;
	  }
	expect_value ("constant " + name + " is an Int", typeof (const_value (name)), Int_Type);
     }
   foreach name (["PF_INET6", "AF_INET6"])
     expect_true ("constant " + name + " exists", is_defined (name) != 0);
   expect_value ("PF_UNIX == AF_UNIX", PF_UNIX, AF_UNIX);
   expect_value ("PF_INET == AF_INET", PF_INET, AF_INET);
}
check_constants_exist ();

% Values every Linux has (the generic ABI: x86, arm, riscv, ...).
private define check_linux_values ()
{
   variable u = uname ();
   if ((u == NULL) || (u.sysname != "Linux")
       || (0 == string_match (u.machine, "^\\(x86_64\\|i.86\\|aarch64\\|arm.*\\|riscv.*\\|loongarch.*\\)$", 1)))
     return;
   variable known = Assoc_Type[Int_Type];
   known["PF_UNIX"] = 1; known["AF_UNIX"] = 1; known["PF_INET"] = 2; known["AF_INET"] = 2;
   known["AF_INET6"] = 10; known["PF_INET6"] = 10;
   known["SOCK_STREAM"] = 1; known["SOCK_DGRAM"] = 2; known["SOCK_RAW"] = 3;
   known["SOCK_RDM"] = 4; known["SOCK_SEQPACKET"] = 5; known["SOCK_PACKET"] = 10;
   known["SOL_SOCKET"] = 1; known["SOL_IP"] = 0;
   known["SO_DEBUG"] = 1; known["SO_REUSEADDR"] = 2; known["SO_TYPE"] = 3;
   known["SO_ERROR"] = 4; known["SO_DONTROUTE"] = 5; known["SO_BROADCAST"] = 6;
   known["SO_SNDBUF"] = 7; known["SO_RCVBUF"] = 8; known["SO_KEEPALIVE"] = 9;
   known["SO_OOBINLINE"] = 10; known["SO_PRIORITY"] = 12; known["SO_LINGER"] = 13;
   known["SO_BSDCOMPAT"] = 14; known["SO_PASSCRED"] = 16; known["SO_PEERCRED"] = 17;
   known["SO_RCVLOWAT"] = 18; known["SO_SNDLOWAT"] = 19; known["SO_BINDTODEVICE"] = 25;
   known["SO_ACCEPTCONN"] = 30;
   known["IP_TOS"] = 1; known["IP_TTL"] = 2; known["IP_HDRINCL"] = 3; known["IP_OPTIONS"] = 4;
   known["IP_ROUTER_ALERT"] = 5; known["IP_RECVOPTS"] = 6; known["IP_PKTINFO"] = 8;
   known["IP_MTU_DISCOVER"] = 10; known["IP_RECVERR"] = 11; known["IP_RECVTTL"] = 12;
   known["IP_RECVTOS"] = 13; known["IP_MULTICAST_IF"] = 32; known["IP_MULTICAST_TTL"] = 33;
   known["IP_MULTICAST_LOOP"] = 34; known["IP_ADD_MEMBERSHIP"] = 35;
   known["IP_DROP_MEMBERSHIP"] = 36;
   known["HOST_NOT_FOUND"] = 1; known["TRY_AGAIN"] = 2; known["NO_RECOVERY"] = 3;
   known["NO_DATA"] = 4;
   variable name;
   foreach name (assoc_get_keys (known))
     {
	if (is_defined (name) == 0)
	  continue;		       % reported above
	expect_value ("Linux value of " + name, const_value (name), known[name]);
     }
}
check_linux_values ();

% The C headers' values, where a C compiler is at hand (SO_RCVTIMEO and
% SO_SNDTIMEO vary with the time_t ABI, so they are checked here only).
private define check_c_values ()
{
   if (0 != system ("command -v cc >/dev/null 2>&1"))
     return;
   variable dir = make_temp_dir ();
   variable src = path_concat (dir, "consts.c"), exe = path_concat (dir, "consts");
   variable fp = fopen (src, "w");
   () = fputs ("#define _GNU_SOURCE 1\n#include <stdio.h>\n#include <sys/socket.h>\n", fp);
   () = fputs ("#include <netinet/in.h>\n#include <netdb.h>\nint main (void) {\n", fp);
   variable name;
   foreach name (Upstream_Names)
     () = fprintf (fp, "#ifdef %s\n printf (\"%s %%d\\n\", (int) %s);\n#endif\n", name, name, name);
   () = fputs (" return 0;\n}\n", fp);
   () = fclose (fp);
   if (0 != system (sprintf ("cc -o '%s' '%s' >/dev/null 2>&1", exe, src)))
     {
	remove_temp_dir (dir);
	return;
     }
   fp = popen (exe, "r");
   variable line, n = 0;
   while (-1 != fgets (&line, fp))
     {
	variable f = strtok (line);
	if ((length (f) != 2) || (is_defined (f[0]) == 0)) continue;
	expect_value ("C header value of " + f[0], const_value (f[0]), integer (f[1]));
	n++;
     }
   () = pclose (fp);
   expect_true ("the C header check saw the constants", n >= 40);
   remove_temp_dir (dir);
}
check_c_values ();

% The upstream options work with getsockopt where the kernel lets anyone.
private define check_upstream_options ()
{
   variable s = socket (PF_INET, SOCK_STREAM, 0);
   setsockopt (s, SOL_SOCKET, SO_REUSEADDR, 1);
   expect_value ("SO_REUSEADDR round trip", getsockopt (s, SOL_SOCKET, SO_REUSEADDR), 1);
   setsockopt (s, SOL_SOCKET, SO_KEEPALIVE, 1);
   expect_value ("SO_KEEPALIVE round trip", getsockopt (s, SOL_SOCKET, SO_KEEPALIVE), 1);
   setsockopt (s, SOL_IP, IP_TTL, 17);
   expect_value ("IP_TTL round trip", getsockopt (s, SOL_IP, IP_TTL), 17);
   expect_value ("SO_ERROR of a fresh socket", getsockopt (s, SOL_SOCKET, SO_ERROR), 0);
   expect_value ("SO_TYPE", getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   variable d = socket (PF_INET, SOCK_DGRAM, 0);
   expect_value ("SO_TYPE of a datagram socket", getsockopt (d, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
}
check_upstream_options ();

test_done ();
