% test_connect.sl: create_connection and create_server -- SPEC section 12
% (and the unix path rules of section 10 through create_server).
%
% The Happy Eyeballs and resolver-deadline scenarios need a name that
% resolves to both ::1 and 127.0.0.1, and a DNS server that never answers.
% They run in he_child.sl under `unshare -rm` with a private /etc/hosts and
% /etc/resolv.conf; its pass/fail counts are added to this file's.
require ("./harness");
require ("fork");

define port_of (h, p) { return p; }
define host_of (h, p) { return h; }

% A listener on host:port whose accept queue is full, so that a new
% handshake stalls.  Returns (listener, clients to keep) or (NULL, reason).
define stalled_listener (family, port)
{
   variable host = (family == PF_INET6) ? "::1" : "127.0.0.1";
   variable l = socket (family, SOCK_STREAM, 0);
   if (family == PF_INET6)
     setsockopt (l, IPPROTO_IPV6, IPV6_V6ONLY, 1);
   bind (l, host, port);
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

% --- create_server ---------------------------------------------------------

define server_t (h, p) { return create_server (h, p); }
define server_reuse_t (h, p) { return create_server (h, p; reuse_port=1); }
define unix_server_t (path) { return create_server (path; family=PF_UNIX); }

define test_server_inet ()
{
   variable s = create_server ("127.0.0.1", 0), h, p;
   (h, p) = getsockname (s);
   expect_value ("create_server 127.0.0.1: bound there", h, "127.0.0.1");
   expect_true ("create_server 127.0.0.1: an ephemeral port", p > 0);
   expect_value ("create_server: listening", getsockopt (s, SOL_SOCKET, SO_ACCEPTCONN), 1);
   expect_value ("create_server: SO_REUSEADDR on", getsockopt (s, SOL_SOCKET, SO_REUSEADDR), 1);
   expect_value ("create_server: SO_REUSEPORT off by default", getsockopt (s, SOL_SOCKET, SO_REUSEPORT), 0);
   expect_value ("create_server: a stream socket", getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   expect_value ("create_server: blocking", getblocking (s), 1);
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, h, p);
   variable a = accept (s; timeout=2);
   () = send (c, "hi");
   expect_value ("create_server 127.0.0.1: a client gets through", recv (a, 10; timeout=2), "hi"B);

   % IPv6 literal
   variable s6 = create_server ("::1", 0);
   expect_value ("create_server ::1: AF_INET6", getsockopt (s6, SOL_SOCKET, SO_DOMAIN), AF_INET6);
   expect_value ("create_server ::1: bound there", host_of (getsockname (s6)), "::1");

   % "" with the default dualstack: one IPv6 socket for both families
   variable d = create_server ("", 0);
   (h, p) = getsockname (d);
   expect_value ("create_server \"\": AF_INET6", getsockopt (d, SOL_SOCKET, SO_DOMAIN), AF_INET6);
   expect_value ("create_server \"\": IPV6_V6ONLY 0", getsockopt (d, IPPROTO_IPV6, IPV6_V6ONLY), 0);
   expect_value ("create_server \"\": bound to ::", h, "::");
   variable c4 = socket (PF_INET, SOCK_STREAM, 0), ah, ap;
   connect (c4, "127.0.0.1", p; timeout=2);
   a = accept (d, &ah, &ap; timeout=2);
   expect_value ("dualstack: an IPv4 client reaches it (v4-mapped peer)", ah, "::ffff:127.0.0.1");
   expect_value ("dualstack: the IPv4 client's port", ap, port_of (getsockname (c4)));
   variable c6 = socket (PF_INET6, SOCK_STREAM, 0);
   connect (c6, "::1", p; timeout=2);
   a = accept (d, &ah, &ap; timeout=2);
   expect_value ("dualstack: an IPv6 client reaches it", ah, "::1");
   expect_value ("dualstack: the IPv6 client's port", ap, port_of (getsockname (c6)));

   % dualstack=0: plain IPv4 any
   variable d4 = create_server ("", 0; dualstack=0);
   (h, p) = getsockname (d4);
   expect_value ("dualstack=0: AF_INET", getsockopt (d4, SOL_SOCKET, SO_DOMAIN), AF_INET);
   expect_value ("dualstack=0: bound to 0.0.0.0", h, "0.0.0.0");
   c4 = socket (PF_INET, SOCK_STREAM, 0);
   connect (c4, "127.0.0.1", p; timeout=2);
   a = accept (d4, &ah, &ap; timeout=2);
   expect_value ("dualstack=0: an IPv4 client reaches it", ah, "127.0.0.1");

   % family= with ""
   variable f6 = create_server ("", 0; family=AF_INET6, dualstack=0);
   expect_value ("family=AF_INET6, dualstack=0: AF_INET6", getsockopt (f6, SOL_SOCKET, SO_DOMAIN), AF_INET6);
   expect_value ("family=AF_INET6, dualstack=0: V6ONLY 1", getsockopt (f6, IPPROTO_IPV6, IPV6_V6ONLY), 1);
   variable f4 = create_server ("", 0; family=AF_INET);
   expect_value ("family=AF_INET: AF_INET", getsockopt (f4, SOL_SOCKET, SO_DOMAIN), AF_INET);

   % backlog=
   variable b0 = create_server ("127.0.0.1", 0; backlog=0), keep = {}, e = NULL, i;
   (h, p) = getsockname (b0);
   c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, h, p; timeout=2);
   list_append (keep, c);
   variable stalled = 0;
   loop (4)
     {
	c = socket (PF_INET, SOCK_STREAM, 0);
	try { connect (c, h, p; timeout=0.3); list_append (keep, c); }
	catch SocketError: { if (errno != ETIMEDOUT) throw; stalled = 1; }
	if (stalled) break;
     }
   expect_true ("backlog=0: the accept queue fills within a few clients", stalled);
   variable b8 = create_server ("127.0.0.1", 0), ok = 0;
   (h, p) = getsockname (b8);
   loop (8)
     {
	c = socket (PF_INET, SOCK_STREAM, 0);
	try { connect (c, h, p; timeout=0.5); list_append (keep, c); ok++; }
	catch SocketError;
     }
   expect_value ("default backlog: 8 unaccepted clients all connect", ok, 8);
   keep = NULL;

   % reuse_port=1: two servers on one port
   variable r1 = create_server ("127.0.0.1", 0; reuse_port=1);
   (h, p) = getsockname (r1);
   expect_value ("reuse_port=1: SO_REUSEPORT on", getsockopt (r1, SOL_SOCKET, SO_REUSEPORT), 1);
   variable r2 = NULL;
   try (e) { r2 = create_server ("127.0.0.1", p; reuse_port=1); }
   catch SocketError;
   expect_true ("reuse_port=1: a second server binds the same port", r2 != NULL);
   if (r2 != NULL)
     expect_value ("reuse_port=1: the second is on the same port", port_of (getsockname (r2)), p);
   expect_error ("no reuse_port: the same port is in use", SocketError, NULL, &server_t, "127.0.0.1", p; errno=EADDRINUSE);
   % and without reuse_port on the first one, a reuse_port second fails
   variable n1 = create_server ("127.0.0.1", 0);
   expect_error ("reuse_port=1 next to a plain server: EADDRINUSE", SocketError, NULL,
		 &server_reuse_t, "127.0.0.1", port_of (getsockname (n1)); errno=EADDRINUSE);

   % argument errors
   expect_error ("create_server: port 70000", InvalidParmError, NULL, &server_t, "127.0.0.1", 70000);
   expect_error ("create_server: host an Int", TypeMismatchError, NULL, &server_t, 1, 0);
   expect_error ("create_server: no arguments", NumArgsError, NULL, &create_server);
   expect_error ("create_server: internet host without port", NumArgsError, NULL, &create_server, "127.0.0.1");
}

define test_server_unix ()
{
   variable dir = make_temp_dir ();
   variable path = path_concat (dir, "srv");
   variable s = create_server (path; family=PF_UNIX);
   expect_value ("unix create_server: AF_UNIX", getsockopt (s, SOL_SOCKET, SO_DOMAIN), AF_UNIX);
   expect_value ("unix create_server: bound to the path", getsockname (s), path);
   expect_value ("unix create_server: listening", getsockopt (s, SOL_SOCKET, SO_ACCEPTCONN), 1);
   variable st = stat_file (path);
   expect_true ("unix create_server: a socket file exists", (st != NULL) && stat_is ("sock", st.st_mode));
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path);
   variable a = accept (s; timeout=2);
   () = send (a, "u");
   expect_value ("unix create_server: a client gets through", recv (c, 10; timeout=2), "u"B);
   c = NULL; a = NULL;
   close (s);
   expect_true ("unix create_server: the path goes with the socket", stat_file (path) == NULL);

   % a regular file at the path is never touched
   variable file = path_concat (dir, "precious");
   variable fp = fopen (file, "w");
   () = fputs ("keep me\n", fp);
   () = fclose (fp);
   expect_error ("unix create_server on a regular file: EADDRINUSE", SocketError, NULL,
		 &unix_server_t, file; errno=EADDRINUSE);
   fp = fopen (file, "r");
   variable line = NULL;
   if (fp != NULL) () = fgets (&line, fp);
   expect_value ("the regular file is untouched", line, "keep me\n");

   % a directory at the path
   variable sub = path_concat (dir, "subdir");
   () = mkdir (sub, 0700);
   expect_error ("unix create_server on a directory: EADDRINUSE", SocketError, NULL,
		 &unix_server_t, sub; errno=EADDRINUSE);
   expect_true ("the directory is still there", stat_is ("dir", stat_file (sub).st_mode));
   () = rmdir (sub);

   % a stale socket file (its server died without cleaning up) is replaced
   variable stale = path_concat (dir, "stale");
   variable pid = fork ();
   if (pid == 0)
     {
	variable x = create_server (stale; family=PF_UNIX);
	_exit (0);		       % no cleanup: leaves the socket file
     }
   () = waitpid (pid, 0);
   st = stat_file (stale);
   expect_true ("the dead server left a socket file", (st != NULL) && stat_is ("sock", st.st_mode));
   variable s2 = NULL, e = NULL;
   try (e) { s2 = create_server (stale; family=PF_UNIX); }
   catch SocketError;
   expect_true ("unix create_server replaces a stale socket file", s2 != NULL);
   if (s2 != NULL)
     {
	c = socket (PF_UNIX, SOCK_STREAM, 0);
	connect (c, stale);
	expect_true ("... and it accepts", typeof (accept (s2; timeout=2)) == FD_Type);
	close (s2);
     }

   % a live server's path is not stolen
   variable live = create_server (path; family=PF_UNIX);
   expect_error ("unix create_server on a live server's path: EADDRINUSE", SocketError, NULL,
		 &unix_server_t, path; errno=EADDRINUSE);
   c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path);
   expect_true ("the live server still accepts", typeof (accept (live; timeout=2)) == FD_Type);
   close (live);

   % abstract name
   variable name = "\0socktest-connect-" + string (getpid ());
   variable ab = create_server (name; family=PF_UNIX);
   expect_value ("abstract create_server: the name", getsockname (ab), name);
   c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, name);
   expect_true ("abstract create_server accepts", typeof (accept (ab; timeout=2)) == FD_Type);

   () = remove (file);
   () = remove (stale);
   remove_temp_dir (dir);
}

% --- create_connection ------------------------------------------------------

define conn_t (h, p) { return create_connection (h, p); }
define conn_to_t (h, p, t) { return create_connection (h, p; timeout=t); }
define conn_fam_t (h, p, f) { return create_connection (h, p; family=f); }

define test_connection ()
{
   variable l = tcp_listener (PF_INET), h, p, ph, pp, s, a, n0;
   (h, p) = getsockname (l);

   n0 = fd_count ();
   s = create_connection ("127.0.0.1", p);
   expect_value ("create_connection 127.0.0.1: one new descriptor", fd_count (), n0 + 1);
   (ph, pp) = getpeername (s);
   expect_value ("create_connection 127.0.0.1: the peer", ph, "127.0.0.1");
   expect_value ("create_connection 127.0.0.1: the port", pp, p);
   expect_value ("create_connection: blocking", getblocking (s), 1);
   expect_value ("create_connection: a stream socket", getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   a = accept (l; timeout=2);
   () = sendall (s, "ping");
   expect_value ("create_connection: data flows", recv (a, 10; timeout=2), "ping"B);
   close (s);

   s = create_connection ("127.0.0.1", string (p); timeout=2);
   expect_value ("create_connection: port as a String", port_of (getpeername (s)), p);
   s = create_connection ("127.0.0.1", p; source="127.0.0.2");
   expect_value ("create_connection source=127.0.0.2", host_of (getsockname (s)), "127.0.0.2");

   % localhost with only an IPv4 listener
   variable t0 = _ftime ();
   s = create_connection ("localhost", p; timeout=5);
   expect_value ("create_connection localhost, v4 listener only: connected", port_of (getpeername (s)), p);
   expect_value ("create_connection localhost: the peer is 127.0.0.1", host_of (getpeername (s)), "127.0.0.1");
   expect_true ("create_connection localhost: quick", _ftime () - t0 < 1.5);
   s = create_connection ("localhost", p; family=AF_INET);
   expect_value ("create_connection localhost family=AF_INET", host_of (getpeername (s)), "127.0.0.1");

   % IPv6
   variable l6 = tcp_listener (PF_INET6), p6;
   p6 = port_of (getsockname (l6));
   s = create_connection ("::1", p6; timeout=2);
   expect_value ("create_connection ::1: the peer", host_of (getpeername (s)), "::1");
   expect_value ("create_connection ::1: AF_INET6", getsockopt (s, SOL_SOCKET, SO_DOMAIN), AF_INET6);
   expect_value ("create_connection ::1: blocking", getblocking (s), 1);

   % a stalled listener: the deadline
   variable fam;
   foreach fam ([PF_INET, PF_INET6])
     {
	variable tag = (fam == PF_INET) ? "inet" : "inet6";
	variable sl, keep;
	(sl, keep) = stalled_listener (fam, 0);
	if (sl == NULL)
	  {
	     () = fprintf (stdout, "# skip: create_connection timeout ($tag): %s\n"$, keep);
	     continue;
	  }
	(h, p) = getsockname (sl);
	t0 = _ftime ();
	expect_error ("create_connection timeout=0.5 to a stalled listener ($tag)"$, SocketError, "timed out",
		      &conn_to_t, h, p, 0.5; errno=ETIMEDOUT);
	variable dt = _ftime () - t0;
	expect_true (sprintf ("create_connection timeout=0.5 ($tag): %.3f s, wanted [0.495, 1.5)"$, dt),
		     (dt >= 0.495) && (dt < 1.5));
     }

   % refused
   variable dead = socket (PF_INET, SOCK_STREAM, 0), dh, dp;
   bind (dead, "127.0.0.1", 0);
   (dh, dp) = getsockname (dead);
   t0 = _ftime ();
   expect_error ("create_connection refused", SocketError, "refused", &conn_t, dh, dp; errno=ECONNREFUSED);
   expect_error ("create_connection refused, with timeout", SocketError, "refused", &conn_to_t, dh, dp, 3;
		 errno=ECONNREFUSED);
   expect_true ("create_connection refused: at once", _ftime () - t0 < 1.0);
   variable dead6 = socket (PF_INET6, SOCK_STREAM, 0);
   bind (dead6, "::1", 0);
   (dh, dp) = getsockname (dead6);
   expect_error ("create_connection refused (inet6)", SocketError, "refused", &conn_t, dh, dp; errno=ECONNREFUSED);

   % argument errors
   expect_error ("create_connection: one argument", NumArgsError, "usage", &create_connection, "127.0.0.1");
   expect_error ("create_connection: host an Int", TypeMismatchError, NULL, &conn_t, 1, 80);
   expect_error ("create_connection: port 70000", InvalidParmError, NULL, &conn_t, "127.0.0.1", 70000);
   expect_error ("create_connection: port -1", InvalidParmError, NULL, &conn_t, "127.0.0.1", -1);
   expect_error ("create_connection: family=AF_UNIX", InvalidParmError, NULL, &conn_fam_t, "127.0.0.1", 80, AF_UNIX);
}

% --- Happy Eyeballs and the resolver deadline, in a private namespace ----------

private variable Tmp = make_temp_dir ();

define write_file (path, text)
{
   variable fp = fopen (path, "w");
   () = fputs (text, fp);
   () = fclose (fp);
}

% Run he_child.sl in a user+mount namespace with hosts and resolv.conf
% bind-mounted; add its counts to ours.
define run_child (args, hosts, resolv)
{
   variable out = path_concat (Tmp, "child.out");
   variable slsh = getenv ("SLSH");
   if (slsh == NULL) slsh = "slsh";
   variable cmd = sprintf ("unshare -rm sh -c 'mount --bind %s /etc/hosts && mount --bind %s /etc/resolv.conf && exec %s ./he_child.sl %s' >%s 2>&1 </dev/null",
			   hosts, resolv, slsh, args, out);
   variable rc = system (cmd);
   variable fp = fopen (out, "r"), line, got = 0;
   if (fp != NULL)
     {
	while (-1 != fgets (&line, fp))
	  {
	     variable np, nf;
	     if (2 == sscanf (line, "%d passed, %d failed", &np, &nf))
	       {
		  Tests_Passed += np;
		  Tests_Failed += nf;
		  got = 1;
		  continue;
	       }
	     () = fprintf (stdout, "# he_child %s: %s", args, line);
	  }
	() = fclose (fp);
     }
   if (got == 0)
     test_fail ("he_child $args"$, "no summary line (exit status $rc)"$);
   else if ((rc != 0) && (Tests_Failed == 0))
     test_fail ("he_child $args"$, "exit status $rc"$);
}

define test_happy_eyeballs ()
{
   if (0 != system ("unshare -rm true >/dev/null 2>&1"))
     {
	() = fprintf (stdout, "# skip: Happy Eyeballs: `unshare -rm` is not available here\n");
	return;
     }
   variable hosts = path_concat (Tmp, "hosts"), resolv = path_concat (Tmp, "resolv.conf");
   write_file (hosts, "127.0.0.1 localhost\n::1 he-test.example\n127.0.0.1 he-test.example\n");
   if (0 != system (sprintf ("unshare -rm sh -c 'mount --bind %s /etc/hosts' >/dev/null 2>&1", hosts)))
     {
	() = fprintf (stdout, "# skip: Happy Eyeballs: cannot bind-mount /etc/hosts in a namespace\n");
	return;
     }

   % A DNS server that never answers: a UDP socket on port 53 that nobody
   % reads.
   variable dns = socket (PF_INET, SOCK_DGRAM, 0), dns_ip = NULL, ip;
   foreach ip (["127.53.0.1", "127.0.0.1"])
     {
	try { bind (dns, ip, 53); dns_ip = ip; }
	catch SocketError;
	if (dns_ip != NULL) break;
     }

   % P: ::1 stalls, 127.0.0.1 answers.  Q: both answer.
   variable P = 0, Q = 0, stall6, keep, v4p, v6q, v4q, try_no;
   _for try_no (1, 10, 1)
     {
	(stall6, keep) = stalled_listener (PF_INET6, 0);
	if (stall6 == NULL) break;
	P = port_of (getsockname (stall6));
	v4p = socket (PF_INET, SOCK_STREAM, 0);
	try { bind (v4p, "127.0.0.1", P); listen (v4p, 16); break; }
	catch SocketError: { P = 0; }
     }
   if (stall6 == NULL)
     {
	() = fprintf (stdout, "# skip: Happy Eyeballs: %s\n", keep);
	return;
     }
   expect_true ("Happy Eyeballs setup: one port for a stalled ::1 and a live 127.0.0.1", P > 0);
   _for try_no (1, 10, 1)
     {
	v6q = socket (PF_INET6, SOCK_STREAM, 0);
	setsockopt (v6q, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	bind (v6q, "::1", 0);
	listen (v6q, 16);
	Q = port_of (getsockname (v6q));
	v4q = socket (PF_INET, SOCK_STREAM, 0);
	try { bind (v4q, "127.0.0.1", Q); listen (v4q, 16); break; }
	catch SocketError: { Q = 0; }
     }
   expect_true ("Happy Eyeballs setup: one port live on ::1 and 127.0.0.1", Q > 0);
   if ((P == 0) || (Q == 0)) return;

   if (dns_ip == NULL)
     {
	() = fprintf (stdout, "# skip: resolver deadline: cannot bind a fake DNS server on port 53\n");
	dns_ip = "127.53.0.9";	       % scenario C then fails fast: reported
     }
   write_file (resolv, "nameserver $dns_ip\noptions timeout:5 attempts:2\n"$);
   run_child (sprintf ("ABC %d %d", P, Q), hosts, resolv);
   dns = NULL;

   % D: a closed DNS port: the name does not resolve, quickly
   variable resolv2 = path_concat (Tmp, "resolv2.conf");
   write_file (resolv2, "nameserver 127.53.0.2\noptions timeout:1 attempts:1\n");
   run_child ("D", hosts, resolv2);
   () = remove (resolv2);

   % E: per-family lookups, against a DNS server that answers one family
   % and never the other (tests/dns_split.py, python3)
   variable py = NULL;
   if (0 == system ("command -v python3 >/dev/null 2>&1"))
     py = popen (sprintf ("exec python3 %s/dns_split.py 127.53.0.3 2>&1", path_dirname (__FILE__)), "r");
   variable ready = NULL, py_pid = 0;
   if ((py != NULL) && (-1 != fgets (&ready, py)))
     () = sscanf (ready, "ready %d", &py_pid);
   if (py_pid <= 0)
     () = fprintf (stdout, "# skip: per-family lookups: cannot start tests/dns_split.py on 127.53.0.3:53 (%S)\n", ready);
   else
     {
	variable resolv3 = path_concat (Tmp, "resolv3.conf");
	write_file (resolv3, "nameserver 127.53.0.3\noptions timeout:5 attempts:2\n");
	run_child (sprintf ("E %d", Q), hosts, resolv3);
	() = remove (resolv3);
     }
   if (py_pid > 0) () = kill (py_pid, SIGTERM);
   if (py != NULL) () = pclose (py);
   () = remove (path_concat (Tmp, "child.out"));
}

test_server_inet ();
test_server_unix ();
test_connection ();
test_happy_eyeballs ();
remove_temp_dir (Tmp);
test_done ();
