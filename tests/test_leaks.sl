% test_leaks.sl: no descriptor or memory leaks -- SPEC section 3.
%
% 500 cycles of every call's success path and its main failure paths (unix,
% IPv4, IPv6).  After each batch of cycles the descriptor count is back to
% its baseline and no stray file is left in the temp dir; VmRSS after
% cycles 100..500 may not grow by more than RSS_Bound.  Under valgrind
% (LD_PRELOAD names vgpreload) fewer cycles run and the RSS bound is not
% checked (valgrind checks for leaks itself); under ASan likewise.
require ("./harness");

private variable Tmp = make_temp_dir ();
private variable T = 10.0;		       % timeout for anything that must not block
private variable RSS_Bound = 256;	       % KiB

private variable Preload = getenv ("LD_PRELOAD");
if (Preload == NULL) Preload = "";
private variable Under_Valgrind = is_substr (Preload, "vgpreload");
private variable Under_Asan = is_substr (Preload, "asan");
private variable Cycles = 500, Batch = 50, Warm = 100;
if (Under_Valgrind)
{
   Cycles = 60; Batch = 20; Warm = 20;
}

private variable Has_V6 = 0;
try
{
   variable s6 = socket (PF_INET6, SOCK_STREAM, 0);
   bind (s6, "::1", 0);
   () = close (s6);
   Has_V6 = 1;
}
catch SocketError;

% --- recording: one assertion per check name, however many cycles -------

private variable Checks = Assoc_Type[Int_Type];   % name -> failures
private variable Order = {};
private variable First_Why = Assoc_Type[String_Type];

private define ok (name, cond, why)
{
   if (0 == assoc_key_exists (Checks, name))
     {
	Checks[name] = 0;
	list_append (Order, name);
     }
   if (cond) return;
   Checks[name]++;
   if (0 == assoc_key_exists (First_Why, name))
     First_Why[name] = why;
}

private define same (name, got, want)
{
   variable eq = 0;
   try { eq = _eqs (got, want); } catch AnyError;
   ok (name, eq, sprintf ("got %S, expected %S", got, want));
}

% err (name, Exception, &func, args... ; qualifiers for func, errno=E)
% func must raise exactly Exception, leaving the stack and descriptors as
% they were.
private define err ()
{
   variable args = __pop_list (_NARGS - 3);
   variable name, exc, func;
   (name, exc, func) = ();
   variable q = __qualifiers ();
   variable want_errno = qualifier ("errno", NULL);
   variable nfd = fd_count (), depth = _stkdepth (), e = NULL;
   try (e)
     {
	(@func) (__push_list (args);; q);
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   if (d > 0) _pop_n (d);
   if (e == NULL)
     return ok (name, 0, "no exception");
   if (e.error != exc)
     return ok (name, 0, sprintf ("raised %s (%s)", e.descr, e.message));
   if ((want_errno != NULL) && (errno != want_errno))
     return ok (name, 0, sprintf ("errno %d (%s), wanted %d", errno, errno_string (errno), want_errno));
   if (d != 0)
     return ok (name, 0, sprintf ("stack depth changed by %d", d));
   if (fd_count () != nfd)
     return ok (name, 0, sprintf ("descriptors %d before, %d after", nfd, fd_count ()));
   ok (name, 1, "");
}

private define vm_rss ()
{
   variable fp = fopen ("/proc/self/status", "r"), line;
   if (fp == NULL) return -1;
   while (-1 != fgets (&line, fp))
     if (0 == strncmp (line, "VmRSS:", 6))
       {
	  () = fclose (fp);
	  return atoi (strtok (line)[1]);
       }
   () = fclose (fp);
   return -1;
}

private variable Counter = 0;
private define new_path ()
{
   Counter++;
   return path_concat (Tmp, sprintf ("s%d", Counter mod 4));
}

% --- the cycle --------------------------------------------------------------

private define unix_stream ()
{
   variable a, b, d, fds, x, y, z;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   same ("unix: send", send (a, "hello"), 5);
   same ("unix: recv", recv (b, 100 ; timeout=T), "hello"B);
   same ("unix: sendall", sendall (a, "0123456789" ; timeout=T), 10);
   same ("unix: recv MSG_PEEK", recv (b, 4, MSG_PEEK), "0123"B);
   same ("unix: recv with a huge maxlen", recv (b, 100000000 ; timeout=T), "0123456789"B);
   err ("unix: recv timeout=0 on an empty socket", SocketError, &recv, b, 10 ; timeout=0, errno=ETIMEDOUT);
   err ("unix: recv negative maxlen", InvalidParmError, &recv, b, -1);
   setblocking (b, 0);
   same ("unix: getblocking 0", getblocking (b), 0);
   err ("unix: recv EAGAIN", SocketError, &recv, b, 10 ; errno=EAGAIN);
   setblocking (b, 1);
   same ("unix: getblocking 1", getblocking (b), 1);
   same ("unix: getsockname unnamed", getsockname (a), "");
   same ("unix: getpeername unnamed", getpeername (a), "");
   variable cred = getsockopt (a, SOL_SOCKET, SO_PEERCRED);
   same ("unix: SO_PEERCRED pid", cred.pid, getpid ());

   % descriptor passing, and more descriptors than maxfds (MSG_CTRUNC)
   x = open ("/dev/null", O_RDONLY); y = open ("/dev/null", O_RDONLY);
   z = open ("/dev/null", O_RDONLY);
   same ("unix: send_fds", send_fds (a, "f", [x, y] ; timeout=T), 1);
   (d, fds) = recv_fds (b, 10, 4 ; timeout=T);
   same ("unix: recv_fds data", d, "f"B);
   same ("unix: recv_fds count", length (fds), 2);
   foreach (fds) () = close (());
   fds = NULL;
   same ("unix: send_fds single FD", send_fds (a, "g", x ; timeout=T), 1);
   (d, fds) = recv_fds (b, 10, 1 ; timeout=T);
   same ("unix: recv_fds one", length (fds), 1);
   fds = NULL;
   () = send_fds (a, "h", [x, y, z] ; timeout=T);
   err ("unix: recv_fds MSG_CTRUNC", SocketError, &recv_fds, b, 10, 1 ; timeout=T, errno=EMSGSIZE);
   () = send_fds (a, "i", [x, y] ; timeout=T);
   err ("unix: recv_fds maxfds=0 with descriptors", SocketError, &recv_fds, b, 10, 0 ; timeout=T, errno=EMSGSIZE);
   err ("unix: recv_fds maxfds too big", InvalidParmError, &recv_fds, b, 10, 1000);
   () = close (z);
   err ("unix: send_fds with a closed descriptor", SocketError, &send_fds, a, "c", [x, z] ; errno=EBADF);
   err ("unix: send_fds with an Int array", TypeMismatchError, &send_fds, a, "c", [1, 2]);
   () = send_fds (a, "e", FD_Type[0] ; timeout=T);
   (d, fds) = recv_fds (b, 10, 2 ; timeout=T);
   same ("unix: send_fds empty array", length (fds), 0);
   () = close (x); () = close (y);

   % options of every value kind, and their errors
   setsockopt (a, SOL_SOCKET, SO_RCVTIMEO, struct {tv_sec = 2, tv_usec = 500000});
   same ("opt: SO_RCVTIMEO struct", getsockopt (a, SOL_SOCKET, SO_RCVTIMEO).tv_sec, 2);
   setsockopt (a, SOL_SOCKET, SO_SNDTIMEO, 0.5);
   same ("opt: SO_SNDTIMEO double", getsockopt (a, SOL_SOCKET, SO_SNDTIMEO).tv_usec, 500000);
   setsockopt (a, SOL_SOCKET, SO_LINGER, struct {l_onoff = 1, l_linger = 3});
   same ("opt: SO_LINGER", getsockopt (a, SOL_SOCKET, SO_LINGER).l_linger, 3);
   setsockopt (a, SOL_SOCKET, SO_SNDBUF, 65536);
   ok ("opt: SO_SNDBUF", getsockopt (a, SOL_SOCKET, SO_SNDBUF) >= 65536, "too small");
   same ("opt: SO_BINDTODEVICE get", typeof (getsockopt (a, SOL_SOCKET, SO_BINDTODEVICE)), String_Type);
   err ("opt: SO_LINGER given an Int", TypeMismatchError, &setsockopt, a, SOL_SOCKET, SO_LINGER, 5);
   err ("opt: SO_RCVTIMEO struct without fields", TypeMismatchError, &setsockopt, a, SOL_SOCKET, SO_RCVTIMEO, struct {x});
   err ("opt: SO_RCVTIMEO struct with a String field", TypeMismatchError, &setsockopt, a, SOL_SOCKET, SO_RCVTIMEO,
	struct {tv_sec = "x", tv_usec = 1});
   err ("opt: SO_RCVTIMEO negative", InvalidParmError, &setsockopt, a, SOL_SOCKET, SO_RCVTIMEO, -1.0);
   err ("opt: set SO_TYPE", NotImplementedError, &setsockopt, a, SOL_SOCKET, SO_TYPE, 1);
   err ("opt: set SO_PEERCRED", NotImplementedError, &setsockopt, a, SOL_SOCKET, SO_PEERCRED, cred);
   err ("opt: unknown level", NotImplementedError, &getsockopt, a, 999, 1);
   err ("opt: unknown option", NotImplementedError, &getsockopt, a, SOL_SOCKET, 9999);
   err ("opt: SO_BINDTODEVICE too long", InvalidParmError, &setsockopt, a, SOL_SOCKET, SO_BINDTODEVICE,
	"an-interface-name-that-is-far-too-long");
   err ("opt: too many values", NumArgsError, &setsockopt, a, SOL_SOCKET, SO_KEEPALIVE, 1, 2);

   % shutdown, EOF, EPIPE, sendall's partial count
   shutdown (a, SHUT_WR);
   same ("unix: EOF after SHUT_WR", recv (b, 10 ; timeout=T), ""B);
   err ("unix: shutdown how=99", InvalidParmError, &shutdown, a, 99);
   err ("unix: send after SHUT_WR", SocketError, &send, a, "x" ; errno=EPIPE);
   () = close (a); () = close (b);

   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable e = NULL, big = "";
   big = "x"B; loop (21) big += big;      % 2 MiB
   try (e) { () = sendall (a, big ; timeout=0); }
   catch SocketError;
   ok ("unix: sendall timeout=0 raises", e != NULL, "no exception");
   if (e != NULL)
     ok ("unix: sendall's object is the partial count",
	 (typeof (e.object) == Int_Type) && (e.object > 0) && (e.object < bstrlen (big)),
	 sprintf ("object %S", e.object));
   () = close (b);
   err ("unix: send to a closed peer: EPIPE", SocketError, &send, a, "x" ; errno=EPIPE);
   () = close (a);
   err ("closed: getsockname", SocketError, &getsockname, a ; errno=EBADF);
}

private define unix_paths ()
{
   variable path = new_path (), p = NULL, d, h;
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, path);
   listen (l, 4);
   variable l2 = dup_fd (l);	       % shares the path
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path ; timeout=T);
   variable a = accept (l, &p ; timeout=T);
   same ("path: accept's &path (unnamed)", p, "");
   same ("path: getsockname", getsockname (l2), path);
   () = send (c, "p");
   same ("path: data", recv (a, 10 ; timeout=T), "p"B);
   err ("path: bind over a live listener", SocketError, &bind, socket (PF_UNIX, SOCK_STREAM, 0), path ; errno=EADDRINUSE);
   c = NULL; a = NULL; l = NULL;
   ok ("path: kept while a dup_fd copy is open", NULL != stat_file (path), "removed");
   l2 = NULL;
   ok ("path: removed with the last copy", NULL == stat_file (path), "still there");

   % create_server on a path, with mode=
   path = new_path ();
   l = create_server (path ; family=AF_UNIX, mode=0600);
   c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path ; timeout=T);
   a = accept (l ; timeout=T);
   same ("path: create_server mode", stat_file (path).st_mode & 0777, 0600);
   a = NULL; c = NULL; l = NULL;
   ok ("path: create_server's path removed", NULL == stat_file (path), "still there");

   % abstract names
   variable abs = "\0"B + typecast (sprintf ("socktest-leaks-%d", getpid ()), BString_Type);
   l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, abs);
   same ("abstract: getsockname", getsockname (l), abs);
   l = NULL;

   % datagrams over paths
   variable u1 = socket (PF_UNIX, SOCK_DGRAM, 0), u2 = socket (PF_UNIX, SOCK_DGRAM, 0);
   variable p1 = new_path (), p2 = new_path ();
   bind (u1, p1); bind (u2, p2);
   same ("udgram: sendto", sendto (u2, "dg", 0, p1), 2);
   (d, h) = recvfrom (u1, 100 ; timeout=T);
   same ("udgram: recvfrom data", d, "dg"B);
   same ("udgram: recvfrom sender", h, p2);
   err ("udgram: sendto a missing path", SocketError, &sendto, u2, "x", 0, path_concat (Tmp, "none") ; errno=ENOENT);
   u1 = NULL; u2 = NULL;

   % failures
   c = socket (PF_UNIX, SOCK_STREAM, 0);
   err ("path: connect ENOENT", SocketError, &connect, c, path_concat (Tmp, "none") ; errno=ENOENT);
   variable file = path_concat (Tmp, "regular");
   () = close (open (file, O_WRONLY|O_CREAT, 0600));
   err ("path: bind over a regular file", SocketError, &bind, c, file ; errno=EADDRINUSE);
   () = remove (file);
   err ("path: too long", InvalidParmError, &bind, c, path_concat (Tmp, sprintf ("%0200d", 0)));
   err ("path: NUL inside", InvalidParmError, &bind, c, "a\0b"B);
   err ("path: mode= on abstract", InvalidParmError, &bind, c, abs ; mode=0600);
   err ("path: accept's refs count", NumArgsError, &accept, c, &d, &h);
}

private define inet (family)
{
   variable host = (family == PF_INET6) ? "::1" : "127.0.0.1";
   variable tag = (family == PF_INET6) ? "v6: " : "v4: ";
   variable srv, port, c, a, h, p, d;

   srv = create_server (host, 0 ; backlog=8);
   (, port) = getsockname (srv);
   c = create_connection (host, port ; timeout=T);
   a = accept (srv, &h, &p ; timeout=T);
   same (tag + "accept's &host", h, host);
   (h, p) = getpeername (c);
   same (tag + "getpeername", {h, p}, {host, port});
   () = sendall (c, "ping" ; timeout=T);
   same (tag + "recv", recv (a, 10 ; timeout=T), "ping"B);
   () = send (a, "pong");
   (d, h, p) = recvfrom (c, 10 ; timeout=T);
   same (tag + "recvfrom on a stream", d, "pong"B);
   setsockopt (c, SOL_TCP, TCP_NODELAY, 1);
   same (tag + "TCP_NODELAY", getsockopt (c, SOL_TCP, TCP_NODELAY) != 0, 1);
   c = NULL; a = NULL;

   % by hand: socket, bind, listen, connect, accept
   variable l = socket (family, SOCK_STREAM, 0);
   setsockopt (l, SOL_SOCKET, SO_REUSEADDR, 1);
   if (family == PF_INET6)
     {
	setsockopt (l, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	same (tag + "IPV6_V6ONLY", getsockopt (l, IPPROTO_IPV6, IPV6_V6ONLY), 1);
     }
   else
     {
	setsockopt (l, SOL_IP, IP_TTL, 33);
	same (tag + "IP_TTL", getsockopt (l, SOL_IP, IP_TTL), 33);
     }
   bind (l, host, 0);
   listen (l, 4);
   c = socket (family, SOCK_STREAM, 0);
   connect (c, getsockname (l));	       % loopback: no need for a timeout
   a = accept (l ; timeout=T);
   () = send (c, "x");
   same (tag + "by hand: data", recv (a, 10 ; timeout=T), "x"B);
   err (tag + "accept timeout=0", SocketError, &accept, l ; timeout=0, errno=ETIMEDOUT);
   setblocking (l, 0);
   err (tag + "non-blocking accept", SocketError, &accept, l ; errno=EAGAIN);
   err (tag + "connect an already connected socket", SocketError, &connect, c, getsockname (l) ; errno=EISCONN);
   err (tag + "bad port", InvalidParmError, &connect, socket (family, SOCK_STREAM, 0), host, 70000);
   err (tag + "bad numeric host", SocketHError, &connect, socket (family, SOCK_STREAM, 0), "bad..host", 1);
   err (tag + "unix address for an inet socket", NumArgsError, &connect, socket (family, SOCK_STREAM, 0), "/x");
   err (tag + "send_fds on inet", InvalidParmError, &send_fds, c, "x", FD_Type[0]);
   (, port) = getsockname (l);
   c = NULL; a = NULL; l = NULL;	       % port is now closed
   err (tag + "connect refused", SocketError, &connect, socket (family, SOCK_STREAM, 0), host, port ; timeout=T,
	errno=ECONNREFUSED);
   err (tag + "create_connection refused", SocketError, &create_connection, host, port ; timeout=T,
	errno=ECONNREFUSED);
   err (tag + "create_server bad host", SocketHError, &create_server, "bad..host", 0);

   % datagrams
   variable u1 = socket (family, SOCK_DGRAM, 0), u2 = socket (family, SOCK_DGRAM, 0);
   bind (u1, host, 0);
   same (tag + "sendto", sendto (u2, "dg", 0, getsockname (u1)), 2);
   (d, h, p) = recvfrom (u1, 100 ; timeout=T);
   same (tag + "recvfrom", {d, h}, {"dg"B, host});
   variable p2;
   (, p2) = getsockname (u2);
   same (tag + "recvfrom port", p, p2);
   if (family == PF_INET)
     {
	setsockopt (u1, SOL_IP, IP_MULTICAST_IF, "127.0.0.1");
	same (tag + "IP_MULTICAST_IF", getsockopt (u1, SOL_IP, IP_MULTICAST_IF), "127.0.0.1");
	err (tag + "IP_ADD_MEMBERSHIP bad group (struct)", InvalidParmError, &setsockopt, u1, SOL_IP,
	     IP_ADD_MEMBERSHIP, struct {imr_multiaddr = "nonsense", imr_interface = "127.0.0.1"});
	err (tag + "IP_ADD_MEMBERSHIP bad interface", InvalidParmError, &setsockopt, u1, SOL_IP,
	     IP_ADD_MEMBERSHIP, "224.0.0.1", "nonsense");
	err (tag + "IP_ADD_MEMBERSHIP struct plus extra", NumArgsError, &setsockopt, u1, SOL_IP,
	     IP_ADD_MEMBERSHIP, struct {imr_multiaddr = "224.0.0.1", imr_interface = ""}, "x");
	try { setsockopt (u1, SOL_IP, IP_ADD_MEMBERSHIP, "224.0.0.251", "127.0.0.1");
	   setsockopt (u1, SOL_IP, IP_DROP_MEMBERSHIP, struct {imr_multiaddr = "224.0.0.251", imr_interface = "127.0.0.1"}); }
	catch SocketError;	       % no multicast route: the error path then
     }
   else
     {
	err (tag + "IPV6_JOIN_GROUP bad group", InvalidParmError, &setsockopt, u1, IPPROTO_IPV6,
	     IPV6_JOIN_GROUP, struct {ipv6mr_multiaddr = "nonsense", ipv6mr_interface = 0});
	err (tag + "IPV6_JOIN_GROUP not a struct", TypeMismatchError, &setsockopt, u1, IPPROTO_IPV6,
	     IPV6_JOIN_GROUP, "ff02::1");
	try setsockopt (u1, IPPROTO_IPV6, IPV6_JOIN_GROUP, struct {ipv6mr_multiaddr = "ff02::fb", ipv6mr_interface = 1});
	catch SocketError;
     }
}

private define names ()
{
   variable r, h, s;
   r = getaddrinfo ("127.0.0.1", 80);
   same ("gai: numeric v4", r[0].host, "127.0.0.1");
   r = getaddrinfo ("::1", "http", AF_INET6, SOCK_STREAM);
   same ("gai: numeric v6 with a service", {r[0].host, r[0].port}, {"::1", 80});
   r = getaddrinfo (NULL, 80, AF_INET, SOCK_STREAM, 0, AI_PASSIVE);
   same ("gai: passive", r[0].host, "0.0.0.0");
   r = getaddrinfo ("127.0.0.1", NULL, AF_INET, SOCK_DGRAM, 0, AI_NUMERICHOST|AI_CANONNAME);
   same ("gai: canonname", length (r), 1);
   err ("gai: bad host", SocketHError, &getaddrinfo, "bad..host", 80);
   err ("gai: bad service", SocketHError, &getaddrinfo, NULL, "no-such-service-here");
   err ("gai: bad family", SocketHError, &getaddrinfo, "127.0.0.1", 80, 12345);
   err ("gai: both empty", InvalidParmError, &getaddrinfo, "", NULL);
   (h, s) = getnameinfo ("127.0.0.1", 80, NI_NUMERICHOST|NI_NUMERICSERV);
   same ("gni: numeric", {h, s}, {"127.0.0.1", "80"});
   (h, s) = getnameinfo ("::1", 443, NI_NUMERICHOST|NI_NUMERICSERV);
   same ("gni: numeric v6", {h, s}, {"::1", "443"});
   err ("gni: not numeric", InvalidParmError, &getnameinfo, "localhost", 80);
   err ("gni: bad port", InvalidParmError, &getnameinfo, "127.0.0.1", 70000);

   same ("pton/ntop v4", inet_ntop (AF_INET, inet_pton (AF_INET, "10.1.2.3")), "10.1.2.3");
   same ("pton/ntop v6", inet_ntop (AF_INET6, inet_pton (AF_INET6, "fe80::1")), "fe80::1");
   err ("pton: bad text", InvalidParmError, &inet_pton, AF_INET, "1.2.3");
   err ("pton: bad family", InvalidParmError, &inet_pton, AF_UNIX, "1.2.3.4");
   err ("ntop: bad length", InvalidParmError, &inet_ntop, AF_INET, "abc");
}

private define polls ()
{
   variable a, b, r, dead = socket (PF_UNIX, SOCK_STREAM, 0);
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = close (dead);
   () = send (a, "x");
   r = poll ([a, b, dead], POLLIN, 0);
   same ("poll: revents", r, [0, POLLIN, POLLNVAL]);
   r = poll ([a, b], [POLLOUT, POLLIN], 0.001);
   same ("poll: per-fd events", r, [POLLOUT, POLLIN]);
   same ("poll: empty", length (poll (FD_Type[0], POLLIN, 0)), 0);
   same ("poll: unset elements", poll (FD_Type[2], POLLIN, 0), [POLLNVAL, POLLNVAL]);
   err ("poll: events length", InvalidParmError, &poll, [a, b, a], [POLLIN, POLLIN], 0);
   err ("poll: fds not FDs", TypeMismatchError, &poll, [1, 2], POLLIN, 0);
   err ("poll: timeout a String", TypeMismatchError, &poll, [a], POLLIN, "1");
}

private define socket_calls ()
{
   variable a, b;
   a = socket (PF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
   same ("socket: SOCK_NONBLOCK", getblocking (a), 0);
   (a, b) = socketpair (PF_UNIX, SOCK_SEQPACKET, 0);
   err ("socket: bad domain", InvalidParmError, &socket, 12345, SOCK_STREAM, 0);
   err ("socket: bad type", SocketError, &socket, PF_UNIX, 12345, 0);
   err ("socketpair: inet", SocketError, &socketpair, PF_INET, SOCK_STREAM, 0);
   err ("socket: wrong count", NumArgsError, &socket, PF_UNIX, SOCK_STREAM);
   err ("listen: not a socket", TypeMismatchError, &listen, stdin, 1);
}

private define cycle ()
{
   unix_stream ();
   unix_paths ();
   inet (PF_INET);
   if (Has_V6) inet (PF_INET6);
   names ();
   polls ();
   socket_calls ();
}

% --- run ----------------------------------------------------------------------

private variable T0 = _ftime ();
private variable Base_Fds = fd_count ();
private variable Base_Depth = _stkdepth ();
private variable Rss = Int_Type[0], Rss_At = Int_Type[0];
private variable i, fd_ok = 1, files_ok = 1;

cycle ();			       % warm up, then measure
Base_Fds = fd_count ();
for (i = 1; i <= Cycles; i++)
{
   cycle ();
   if (i mod Batch == 0)
     {
	variable nfd = fd_count ();
	if (nfd != Base_Fds)
	  {
	     fd_ok = 0;
	     () = fprintf (stdout, "# after cycle %d: %d descriptors, baseline %d\n", i, nfd, Base_Fds);
	  }
	variable left = listdir (Tmp);
	if (length (left))
	  {
	     files_ok = 0;
	     () = fprintf (stdout, "# after cycle %d: left in the temp dir: %s\n", i, strjoin (left, " "));
	  }
     }
   if ((i >= Warm) && (i mod Warm == 0))
     {
	Rss = [Rss, vm_rss ()];
	Rss_At = [Rss_At, i];
     }
}
private variable Secs = _ftime () - T0;

private variable name;
foreach name (Order)
{
   if (Checks[name] == 0) test_pass (name);
   else test_fail (name, sprintf ("%d of %d cycles: %s", Checks[name], Cycles + 1, First_Why[name]));
}
expect_true (sprintf ("descriptors back to baseline (%d) after every batch of %d cycles", Base_Fds, Batch), fd_ok);
expect_true ("no stray file in the temp dir after every batch", files_ok);
private variable End_Depth = _stkdepth ();
expect_value ("stack back to baseline", End_Depth, Base_Depth);

() = fprintf (stdout, "# %d cycles (%s%s) in %.1f s\n", Cycles + 1, Has_V6 ? "unix, v4, v6" : "unix, v4 (no IPv6)",
	      Under_Valgrind ? ", under valgrind" : "", Secs);
private variable k;
_for k (0, length (Rss) - 1, 1)
  () = fprintf (stdout, "# VmRSS after cycle %d: %d KiB\n", Rss_At[k], Rss[k]);
if (Under_Valgrind || Under_Asan)
  () = fprintf (stdout, "# RSS growth not checked under %s\n", Under_Valgrind ? "valgrind" : "ASan");
else if ((length (Rss) >= 2) && (Rss[0] > 0))
{
   variable growth = Rss[-1] - Rss[0];
   () = fprintf (stdout, "# VmRSS growth from cycle %d to %d: %d KiB (bound %d KiB)\n", Rss_At[0], Rss_At[-1], growth, RSS_Bound);
   expect_true (sprintf ("VmRSS grew by %d KiB <= %d KiB from cycle %d to %d", growth, RSS_Bound, Rss_At[0], Rss_At[-1]),
		growth <= RSS_Bound);
}
else test_fail ("VmRSS", "could not read /proc/self/status");

remove_temp_dir (Tmp);
test_done ();
