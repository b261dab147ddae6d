% test_inet.sl: PF_INET and PF_INET6 addressing (SPEC sections 3, 5, 6, 7).
require ("./harness");

private variable T = 5.0;		       % seconds: upper bound on any wait

private define loop_host (family)
{
   return (family == PF_INET6) ? "::1" : "127.0.0.1";
}

private define any_host (family)
{
   return (family == PF_INET6) ? "::" : "0.0.0.0";
}

private define fam_name (family)
{
   return (family == PF_INET6) ? "inet6" : "inet";
}

% A TCP port on loopback that refuses connections: bound, not listening.
% The socket is returned so that the port stays reserved.
private define refusing_port (family)
{
   variable s = socket (family, SOCK_STREAM, 0);
   bind (s, loop_host (family), 0);
   variable h, p;
   (h, p) = getsockname (s);
   return s, p;
}

% Helpers called through expect_error.
private define connect_fresh (family, host, port)
{
   variable c = socket (family, SOCK_STREAM, 0);
   connect (c, host, port ; timeout=T);
}

private define bind_fresh (family, host, port)
{
   variable s = socket (family, SOCK_STREAM, 0);
   bind (s, host, port);
}

private define accept_one_ref (l)
{
   variable h;
   () = accept (l, &h ; timeout=T);
}

private define accept_three_refs (l)
{
   variable h, p, x;
   () = accept (l, &h, &p, &x ; timeout=T);
}

private define accept_briefly (l)
{
   () = accept (l ; timeout=0.1);
}

private define accept_nonref (l)
{
   variable h, p;
   () = accept (l, h, p ; timeout=T);
}

private define test_family (family)
{
   variable n = fam_name (family), host = loop_host (family);
   variable l, c, a, h, p, h2, p2, ch, cp, lh, lp;

   % --- bind / listen / connect / accept with references
   l = socket (family, SOCK_STREAM, 0);
   bind (l, host, 0);
   listen (l, 8);
   (lh, lp) = getsockname (l);
   expect_value (n + ": getsockname host of listener", lh, host);
   expect_true (n + ": getsockname port of listener is ephemeral", (typeof (lp) == Int_Type) && (lp > 0) && (lp <= 65535));

   c = socket (family, SOCK_STREAM, 0);
   connect (c, host, lp ; timeout=T);
   (ch, cp) = getsockname (c);
   expect_value (n + ": client's own host", ch, host);
   expect_true (n + ": client's own port", (cp > 0) && (cp != lp));

   h = NULL; p = NULL;
   a = accept (l, &h, &p ; timeout=T);
   expect_value (n + ": accept returns an FD_Type", typeof (a), FD_Type);
   expect_value (n + ": accept &host is the numeric peer", h, host);
   expect_value (n + ": accept &port is the client's port", p, cp);

   (h2, p2) = getpeername (a);
   expect_value (n + ": getpeername(accepted) host", h2, host);
   expect_value (n + ": getpeername(accepted) port", p2, cp);
   (h2, p2) = getpeername (c);
   expect_value (n + ": getpeername(client) host", h2, host);
   expect_value (n + ": getpeername(client) port", p2, lp);
   (h2, p2) = getsockname (a);
   expect_value (n + ": getsockname(accepted) host", h2, host);
   expect_value (n + ": getsockname(accepted) port", p2, lp);

   () = send (c, "ping");
   expect_value (n + ": data from client", recv (a, 100 ; timeout=T), "ping"B);
   () = send (a, "pong");
   expect_value (n + ": data from server", recv (c, 100 ; timeout=T), "pong"B);
   () = close (a); () = close (c);

   % --- accept without references
   c = socket (family, SOCK_STREAM, 0);
   connect (c, getsockname (l) ; timeout=T);
   a = accept (l ; timeout=T);
   expect_value (n + ": accept without refs", typeof (a), FD_Type);
   (h2, p2) = getpeername (a);
   (ch, cp) = getsockname (c);
   expect_value (n + ": connect(c, getsockname(l)) reached l", p2, cp);
   () = send (c, "x\0y");
   expect_value (n + ": round trip via getsockname address", recv (a, 10 ; timeout=T), "x\0y"B);
   () = close (a); () = close (c);

   % --- wrong references to accept
   expect_error (n + ": accept with one ref", NumArgsError, "^accept: ", &accept_one_ref, l);
   expect_error (n + ": accept with three refs", NumArgsError, "^accept: ", &accept_three_refs, l);
   expect_error (n + ": accept with non-references", TypeMismatchError, "^accept: ", &accept_nonref, l);

   % --- port given as a String
   c = socket (family, SOCK_STREAM, 0);
   connect (c, host, string (lp) ; timeout=T);
   a = accept (l, &h, &p ; timeout=T);
   (ch, cp) = getsockname (c);
   expect_value (n + ": connect with port as a numeric String", p, cp);
   () = close (a); () = close (c);

   variable s = socket (family, SOCK_STREAM, 0);
   bind (s, host, "0");
   (h2, p2) = getsockname (s);
   expect_true (n + ": bind port \"0\" picks an ephemeral port", (p2 > 0) && (p2 <= 65535));
   () = close (s);

   % a service name: "http" is 80/tcp.  Binding 80 needs root; a
   % non-root run must still see a socket error, not a parse error.
   s = socket (family, SOCK_STREAM, 0);
   variable e = NULL;
   try (e) bind (s, host, "http");
   catch AnyError;
   if (e == NULL)
     {
	(h2, p2) = getsockname (s);
	expect_value (n + ": service \"http\" is port 80", p2, 80);
     }
   else
     expect_true (n + ": service \"http\" parses (bind failed with " + e.message + ")",
		  (e.error == SocketError) && ((errno == EACCES) || (errno == EADDRINUSE)));
   () = close (s);

   % --- bind "" is the any-address
   s = socket (family, SOCK_STREAM, 0);
   bind (s, "", 0);
   (h2, p2) = getsockname (s);
   expect_value (n + ": bind \"\" gives the any-address", h2, any_host (family));
   expect_true (n + ": bind \"\" with port 0 gets a port", p2 > 0);
   () = close (s);

   % --- connection refused
   variable rs, rp;
   (rs, rp) = refusing_port (family);
   expect_error (n + ": connect refused", SocketError, "^connect: Connection refused$",
		 &connect_fresh, family, host, rp; errno=ECONNREFUSED);
   expect_error (n + ": connect refused, port as numeric String", SocketError, "^connect: Connection refused$",
		 &connect_fresh, family, host, string (rp); errno=ECONNREFUSED);
   () = close (rs);

   % --- bad ports
   s = socket (family, SOCK_STREAM, 0);
   expect_error (n + ": port -1", InvalidParmError, "^bind: ", &bind, s, host, -1);
   expect_error (n + ": port 65536", InvalidParmError, "^bind: ", &bind, s, host, 65536);
   expect_error (n + ": port 1.5", InvalidParmError, "^bind: ", &bind, s, host, 1.5);
   expect_error (n + ": port a struct", InvalidParmError, "^bind: ", &bind, s, host, struct {port = 80});
   expect_error (n + ": port \"65536\"", InvalidParmError, "^bind: ", &bind, s, host, "65536");
   expect_error (n + ": port \"-1\"", InvalidParmError, "^bind: ", &bind, s, host, "-1");
   expect_error (n + ": port \"\"", InvalidParmError, "^bind: ", &bind_fresh, family, host, "");
   expect_error (n + ": unknown service", InvalidParmError, "^connect: .*nosuchservice",
		 &connect, s, host, "nosuchservice");
   expect_error (n + ": connect port 65536", InvalidParmError, "^connect: ", &connect, s, host, 65536);
   % the socket is still unbound after all that
   (h2, p2) = getsockname (s);
   expect_value (n + ": failed binds left the socket unbound", p2, 0);

   % --- bad hosts and argument counts
   expect_error (n + ": host given as an Int", TypeMismatchError, "^connect: ", &connect, s, 127, lp);
   expect_error (n + ": host given as a BString", TypeMismatchError, "^bind: ", &bind, s, "::1"B, 0);
   expect_error (n + ": connect (s, host) lacks the port", NumArgsError, "^connect: .*usage", &connect, s, host);
   expect_error (n + ": connect (s) alone", NumArgsError, "^connect: .*usage", &connect, s);
   expect_error (n + ": bind with too many args", NumArgsError, "^bind: ", &bind, s, host, 0, 1);
   expect_error (n + ": listen (s) alone", NumArgsError, "^listen: ", &listen, s);
   expect_error (n + ": getsockname () without socket", NumArgsError, "^getsockname: ", &getsockname);
   expect_error (n + ": a numeric host of the other family", SocketHError, NULL,
		 &connect, s, (family == PF_INET6) ? "127.0.0.1" : "::1", lp);
   () = close (s);

   % --- listen on a connected socket, and on a closed one
   c = socket (family, SOCK_STREAM, 0);
   connect (c, host, lp ; timeout=T);
   a = accept (l ; timeout=T);
   expect_error (n + ": listen on a connected socket", SocketError, "^listen: ", &listen, c, 5; errno=EINVAL);
   () = close (c);
   expect_error (n + ": listen on a closed socket", SocketError, "^listen: ", &listen, c, 5; errno=EBADF);
   expect_error (n + ": getsockname on a closed socket", SocketError, "^getsockname: ", &getsockname, c; errno=EBADF);
   expect_error (n + ": connect on a closed socket", SocketError, "^connect: ", &connect, c, host, lp; errno=EBADF);
   expect_error (n + ": getpeername on an unconnected socket", SocketError, "^getpeername: ",
		 &getpeername, l; errno=ENOTCONN);
   () = close (a);

   % --- accept timeout: nobody connects
   expect_error (n + ": accept ;timeout=0.1 with nobody connecting", SocketError, "^accept: ",
		 &accept_briefly, l ; errno=ETIMEDOUT);
   () = close (l);
}

test_family (PF_INET);
test_family (PF_INET6);

% --- "localhost" resolves for an AF_INET socket
{
   variable l = tcp_listener (PF_INET), lh, lp, h, p, ch, cp;
   (lh, lp) = getsockname (l);
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, "localhost", lp ; timeout=T);
   variable a = accept (l, &h, &p ; timeout=T);
   (ch, cp) = getsockname (c);
   expect_value ("localhost: accepted peer host", h, "127.0.0.1");
   expect_value ("localhost: accepted peer port", p, cp);
   () = close (a); () = close (c); () = close (l);
}

% --- unresolvable names: SocketHError and h_errno
{
   variable s = socket (PF_INET, SOCK_STREAM, 0);
   expect_error ("unresolvable host", SocketHError, "^connect: .*no-such-host\\.invalid", &connect, s, "no-such-host.invalid", 80);
   expect_value ("unresolvable host: h_errno", h_errno, HOST_NOT_FOUND);
   variable e = NULL;
   try (e) bind (s, "no-such-host.invalid", 0);
   catch SocketError;
   expect_true ("SocketHError is caught by catch SocketError", (e != NULL) && (e.error == SocketHError));
   () = close (s);
}

% --- IPv6 scope ids: "fe80::1%lo" parses; the kernel may refuse to bind it
{
   variable s = socket (PF_INET6, SOCK_STREAM, 0), e = NULL, h, p;
   try (e) bind (s, "fe80::1%lo", 0);
   catch AnyError;
   if (e == NULL)
     {
	(h, p) = getsockname (s);
	expect_value ("fe80::1%lo: bound address keeps its scope", h, "fe80::1%lo");
	() = close (s);
     }
   else
     {
	() = close (s);
	s = socket (PF_INET6, SOCK_STREAM, 0);
	expect_error ("fe80::1%lo parses; bind fails in the kernel", SocketError, "^bind: ",
		      &bind, s, "fe80::1%lo", 0; errno=EADDRNOTAVAIL);
	() = close (s);
     }
   s = socket (PF_INET6, SOCK_STREAM, 0);
   expect_error ("fe80::1%nosuchif: unknown scope is a resolution error", SocketHError, NULL,
		 &bind, s, "fe80::1%nosuchif0", 0);
   () = close (s);
   s = socket (PF_INET6, SOCK_STREAM, 0);
   bind (s, "::1", 0);
   (h, p) = getsockname (s);
   expect_value ("::1 has no scope suffix", h, "::1");
   () = close (s);
}

% --- the whole sequence left nothing behind on the stack
variable Final_Depth = _stkdepth ();
expect_value ("stack is empty at the end", Final_Depth, 0);

test_done ();
