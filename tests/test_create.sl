% test_create.sl: socket(), socketpair(), sockets as FD_Type objects,
% close-on-exec, argument errors, importing into a namespace.
require ("./harness");
require ("fork");		       % pipe()

private variable Have_Inet6 = 1;
try
{
   () = close (socket (PF_INET6, SOCK_STREAM, 0));
}
catch SocketError:
{
   if ((errno != EAFNOSUPPORT) && (errno != EPROTONOSUPPORT))
     throw;
   Have_Inet6 = 0;
   () = fprintf (stdout, "# no IPv6 on this host: PF_INET6 tests skipped\n");
}

private define domain_name (d)
{
   if (d == PF_UNIX) return "PF_UNIX";
   if (d == PF_INET) return "PF_INET";
   return "PF_INET6";
}

private define type_name (t)
{
   if (t == SOCK_STREAM) return "SOCK_STREAM";
   if (t == SOCK_DGRAM) return "SOCK_DGRAM";
   return "SOCK_SEQPACKET";
}

% Flags of a descriptor from /proc/self/fdinfo (octal), or -1.
private define fd_flags (fd)
{
   variable fp = fopen (sprintf ("/proc/self/fdinfo/%d", fd), "r");
   if (fp == NULL) return -1;
   variable line, flags = -1;
   while (-1 != fgets (&line, fp))
     {
	if (0 == strncmp (line, "flags:", 6))
	  {
	     variable txt = strtrim (line[[6:]]);
	     flags = 0;
	     variable i;
	     _for i (0, strlen (txt) - 1, 1)
	       flags = flags * 8 + (txt[i] - '0');
	     break;
	  }
     }
   () = fclose (fp);
   return flags;
}

private variable O_CLOEXEC_BIT = 02000000;   % Linux, every architecture we run on

private define is_cloexec (f)
{
   variable fl = fd_flags (_fileno (f));
   return (fl != -1) && (fl & O_CLOEXEC_BIT);
}

% A descriptor number that is not in use.
private define free_fd_number ()
{
   variable n = 100;
   while (NULL != stat_file (sprintf ("/proc/self/fd/%d", n)))
     n++;
   return n;
}

% ---------------------------------------------------------------------
% socket() for every domain and type
private define check_create (domain, type)
{
   variable what = domain_name (domain) + "/" + type_name (type);
   variable s = socket (domain, type, 0);
   expect_value ("socket " + what + " is an FD_Type", typeof (s), FD_Type);
   expect_value ("socket " + what + " SO_TYPE", getsockopt (s, SOL_SOCKET, SO_TYPE), type);
   expect_value ("socket " + what + " SO_DOMAIN", getsockopt (s, SOL_SOCKET, SO_DOMAIN), domain);
   expect_value ("socket " + what + " is blocking", getblocking (s), 1);
   expect_true ("socket " + what + " is close-on-exec", is_cloexec (s));
   if (domain == PF_UNIX)
     expect_value ("socket " + what + " unbound name", getsockname (s), "");
   else if (domain == PF_INET)
     expect_value ("socket " + what + " unbound name", {getsockname (s)}, {"0.0.0.0", 0});
   else
     expect_value ("socket " + what + " unbound name", {getsockname (s)}, {"::", 0});
   expect_value ("socket " + what + " close", close (s), 0);
}

foreach $1 ([SOCK_STREAM, SOCK_DGRAM])
{
   check_create (PF_UNIX, $1);
   check_create (PF_INET, $1);
   if (Have_Inet6) check_create (PF_INET6, $1);
}
check_create (PF_UNIX, SOCK_SEQPACKET);
check_create (AF_UNIX, SOCK_STREAM);
check_create (AF_INET, SOCK_DGRAM);

% SOCK_NONBLOCK or-ed into the type
private define check_nonblock ()
{
   variable s = socket (PF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
   expect_value ("SOCK_NONBLOCK: getblocking", getblocking (s), 0);
   expect_value ("SOCK_NONBLOCK: SO_TYPE has no flag", getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   expect_true ("SOCK_NONBLOCK socket is still close-on-exec", is_cloexec (s));
   variable u = socket (PF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
   expect_value ("SOCK_NONBLOCK unix dgram: getblocking", getblocking (u), 0);
   % a non-blocking read with nothing to read
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
   expect_value ("SOCK_NONBLOCK socketpair: getblocking", [getblocking (a), getblocking (b)], [0, 0]);
   expect_error ("SOCK_NONBLOCK socketpair: recv would block", SocketError, "^recv: ",
		 &recv, a, 10; errno = EAGAIN);
   setblocking (a, 1);
   expect_value ("setblocking 1", getblocking (a), 1);
   setblocking (a, 0);
   expect_value ("setblocking 0", getblocking (a), 0);
}
check_nonblock ();

% ---------------------------------------------------------------------
% socketpair
private define check_socketpair (type)
{
   variable what = "socketpair " + type_name (type);
   variable a, b, buf = NULL;
   (a, b) = socketpair (PF_UNIX, type, 0);
   expect_value (what + " gives FD_Types", [typeof (a), typeof (b)], [FD_Type, FD_Type]);
   expect_true (what + " two descriptors", _fileno (a) != _fileno (b));
   expect_value (what + " SO_TYPE", getsockopt (b, SOL_SOCKET, SO_TYPE), type);
   expect_true (what + " close-on-exec (first)", is_cloexec (a));
   expect_true (what + " close-on-exec (second)", is_cloexec (b));
   expect_value (what + " write a->b", write (a, "across"), 6);
   expect_value (what + " read b", read (b, &buf, 100), 6);
   expect_value (what + " data a->b", buf, "across"B);
   expect_value (what + " write b->a", write (b, "back\0x"B), 6);
   expect_value (what + " read a", read (a, &buf, 100), 6);
   expect_value (what + " data b->a", buf, "back\0x"B);
   expect_value (what + " close a", close (a), 0);
   if (type == SOCK_STREAM)
     {
	expect_value (what + " EOF after the peer closes", read (b, &buf, 100), 0);
     }
   expect_value (what + " close b", close (b), 0);
}
check_socketpair (SOCK_STREAM);
check_socketpair (SOCK_DGRAM);
check_socketpair (SOCK_SEQPACKET);

% ---------------------------------------------------------------------
% Argument errors: class, message, stack and descriptors (expect_error)
expect_error ("socket: no arguments", NumArgsError, "usage", &socket);
expect_error ("socket: two arguments", NumArgsError, "usage", &socket, PF_INET, SOCK_STREAM);
expect_error ("socket: four arguments", NumArgsError, "usage", &socket, PF_INET, SOCK_STREAM, 0, 0);
expect_error ("socket: domain a String", TypeMismatchError, NULL, &socket, "PF_INET", SOCK_STREAM, 0);
expect_error ("socket: type a Double", TypeMismatchError, NULL, &socket, PF_INET, 1.0, 0);
expect_error ("socket: protocol NULL", TypeMismatchError, NULL, &socket, PF_INET, SOCK_STREAM, NULL);
expect_error ("socket: unknown domain", InvalidParmError, "^socket: ", &socket, 12345, SOCK_STREAM, 0);
expect_error ("socket: negative domain", InvalidParmError, "^socket: ", &socket, -1, SOCK_STREAM, 0);
expect_error ("socket: bad type", SocketError, "^socket: ", &socket, PF_INET, 12345, 0);
expect_error ("socket: bad protocol", SocketError, "^socket: ", &socket, PF_UNIX, SOCK_STREAM, 99;
	      errno = EPROTONOSUPPORT);

expect_error ("socketpair: one argument", NumArgsError, "usage", &socketpair, PF_UNIX);
expect_error ("socketpair: type a String", TypeMismatchError, NULL, &socketpair, PF_UNIX, "stream", 0);
expect_error ("socketpair: unknown domain", InvalidParmError, "^socketpair: ", &socketpair, 12345, SOCK_STREAM, 0);
expect_error ("socketpair: PF_INET is not supported", SocketError, "^socketpair: ",
	      &socketpair, PF_INET, SOCK_STREAM, 0; errno = EOPNOTSUPP);

% A bad type sets errno (EINVAL on Linux; other systems may say
% EPROTOTYPE or ESOCKTNOSUPPORT) and the message names the reason.
private define check_bad_type_errno ()
{
   variable e = NULL;
   try (e)
     {
	() = socket (PF_INET, 12345, 0);
     }
   catch AnyError;
   expect_true ("socket bad type: SocketError", (e != NULL) && (e.error == SocketError));
   expect_true ("socket bad type: errno set",
		(errno == EINVAL) || (errno == EPROTOTYPE) || (errno == ESOCKTNOSUPPORT)
		|| (errno == EPROTONOSUPPORT));
   expect_true ("socket bad type: message is call: reason",
		(e != NULL) && (e.message == "socket: " + strtrim (errno_string (errno))));
}
check_bad_type_errno ();

% Functions given something other than a socket
expect_error ("getsockname: a String", TypeMismatchError, NULL, &getsockname, "socket");
expect_error ("getsockname: an Int", TypeMismatchError, NULL, &getsockname, 0);
expect_error ("getsockname: no argument", NumArgsError, "usage", &getsockname);
expect_error ("listen: backlog a String", TypeMismatchError, NULL, &listen, socket (PF_INET, SOCK_STREAM, 0), "5");

private define check_not_a_socket ()
{
   variable f = open ("/dev/null", O_RDONLY);
   expect_true ("open /dev/null", f != NULL);
   expect_error ("getsockname: not a socket", TypeMismatchError, "getsockname: .*not a socket",
		 &getsockname, f);
   expect_error ("listen: not a socket", TypeMismatchError, "not a socket", &listen, f, 1);
   expect_error ("getsockopt: not a socket", TypeMismatchError, "not a socket",
		 &getsockopt, f, SOL_SOCKET, SO_TYPE);
   expect_error ("bind: not a socket", TypeMismatchError, "not a socket", &bind, f, "/nonexistent/x");
   () = close (f);

   % a pipe
   variable r, w;
   (r, w) = pipe ();
   expect_error ("connect: a pipe is not a socket", TypeMismatchError, "not a socket",
		 &connect, w, "127.0.0.1", 9);
}
check_not_a_socket ();

% A closed socket: SocketError with EBADF
private define check_closed ()
{
   variable s = socket (PF_INET, SOCK_STREAM, 0);
   expect_value ("close a socket", close (s), 0);
   expect_error ("getsockname on a closed socket", SocketError, "^getsockname: ",
		 &getsockname, s; errno = EBADF);
   expect_error ("connect on a closed socket", SocketError, "^connect: ",
		 &connect, s, "127.0.0.1", 9; errno = EBADF);
   expect_error ("listen on a closed socket", SocketError, "^listen: ",
		 &listen, s, 1; errno = EBADF);
   expect_error ("setsockopt on a closed socket", SocketError, "^setsockopt: ",
		 &setsockopt, s, SOL_SOCKET, SO_REUSEADDR, 1; errno = EBADF);
   expect_error ("accept on a closed socket", SocketError, "^accept: ",
		 &accept, s; errno = EBADF);
}
check_closed ();

% ---------------------------------------------------------------------
% Sockets are FD_Types: read, write, close, dup_fd, _fileno
private define check_fd_type ()
{
   variable c, a, buf;
   (c, a) = tcp_pair (PF_INET);
   expect_true ("_fileno of a socket", _fileno (c) >= 0);
   expect_value ("write on a socket", write (c, "abc"), 3);
   expect_value ("read on a socket", read (a, &buf, 10), 3);
   expect_value ("read data", buf, "abc"B);

   variable d = dup_fd (c);
   expect_true ("dup_fd gives another descriptor", _fileno (d) != _fileno (c));
   expect_value ("getsockname of a dup_fd copy", {getsockname (d)}, {getsockname (c)});
   expect_value ("getpeername of a dup_fd copy", {getpeername (d)}, {getsockname (a)});
   expect_value ("SO_TYPE of a dup_fd copy", getsockopt (d, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
   expect_value ("close the original", close (c), 0);
   expect_value ("the copy still writes", write (d, "xyz"), 3);
   expect_value ("read from the copy", read (a, &buf, 10), 3);
   expect_value ("data from the copy", buf, "xyz"B);
   expect_value ("send on the copy", send (d, "q"), 1);
   expect_value ("recv the copy's data", recv (a, 10), "q"B);
   expect_value ("close the copy", close (d), 0);
   expect_value ("EOF once every copy is closed", read (a, &buf, 10), 0);
}
check_fd_type ();

% @FD_Type(n): a descriptor handed over as a number (inetd, systemd)
private define check_wrapped_fd ()
{
   variable dir = make_temp_dir ();
   variable path = path_concat (dir, "wrapped");
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, path);
   listen (l, 4);

   % a descriptor that no FD_Type owns: dup2 onto a free number
   variable n = free_fd_number ();
   expect_value ("dup2_fd onto a free number", dup2_fd (l, n), n);
   variable f2 = @FD_Type (n);
   expect_value ("@FD_Type(n) is an FD_Type", typeof (f2), FD_Type);
   expect_value ("@FD_Type(n) has that descriptor", _fileno (f2), n);
   expect_value ("getsockname of a wrapped unix socket", getsockname (f2), path);
   expect_value ("SO_ACCEPTCONN of the wrapped listener", getsockopt (f2, SOL_SOCKET, SO_ACCEPTCONN), 1);

   % the domain is learned from the descriptor: accept through it
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path);
   variable peer = NULL;
   variable a = accept (f2, &peer);
   expect_value ("accept on the wrapped socket gives the unix peer", peer, "");
   expect_value ("accepted socket works", write (a, "w"), 1);
   expect_value ("close the wrapped descriptor", close (f2), 0);
   expect_true ("the wrapped descriptor is gone",
		NULL == stat_file (sprintf ("/proc/self/fd/%d", n)));
   expect_true ("the original listener lives on", getsockopt (l, SOL_SOCKET, SO_ACCEPTCONN) == 1);

   % an inet socket wrapped the same way
   variable t = tcp_listener (PF_INET);
   n = free_fd_number ();
   () = dup2_fd (t, n);
   f2 = @FD_Type (n);
   expect_value ("getsockname of a wrapped inet socket", {getsockname (f2)}, {getsockname (t)});
   expect_value ("close the wrapped inet descriptor", close (f2), 0);

   % a wrapped descriptor that is not a socket
   variable r, w;
   (r, w) = pipe ();
   n = free_fd_number ();
   () = dup2_fd (r, n);
   f2 = @FD_Type (n);
   expect_error ("a wrapped pipe is not a socket", TypeMismatchError, "not a socket",
		 &getsockname, f2);
   () = close (f2);
   () = close (c); () = close (a); () = close (l); () = close (t);
   remove_temp_dir (dir);
}
check_wrapped_fd ();

% ---------------------------------------------------------------------
% Close-on-exec: socket, socketpair, accept (fdinfo), and a real exec
private define check_cloexec ()
{
   variable c, a;
   (c, a) = tcp_pair (PF_INET);
   expect_true ("connected client is close-on-exec", is_cloexec (c));
   expect_true ("accepted socket is close-on-exec", is_cloexec (a));

   variable dir = make_temp_dir ();
   variable path = path_concat (dir, "cloexec");
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, path);
   listen (l, 1);
   variable uc = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (uc, path);
   variable ua = accept (l);
   expect_true ("accepted unix socket is close-on-exec", is_cloexec (ua));
   variable p, q;
   (p, q) = socketpair (PF_UNIX, SOCK_DGRAM, 0);
   expect_true ("socketpair dgram: both close-on-exec", is_cloexec (p) && is_cloexec (q));

   % the check itself can fail: a dup2'd copy is inheritable
   variable n = free_fd_number ();
   () = dup2_fd (c, n);
   variable inh = @FD_Type (n);
   expect_true ("fdinfo check sees an inheritable descriptor", 0 == is_cloexec (inh));

   % a child started with system() sees the inheritable one, not the socket
   variable fmt = "exec 2>/dev/null; test -e /proc/$$/fd/%d";
   expect_value ("system(): the child inherits the dup2'd copy",
		 system (sprintf (fmt, n)), 0);
   expect_true ("system(): the child does not inherit the socket",
		0 != system (sprintf (fmt, _fileno (c))));
   expect_true ("system(): the child does not inherit the accepted socket",
		0 != system (sprintf (fmt, _fileno (a))));
   () = close (inh);
   () = close (uc); () = close (ua); () = close (l);
   remove_temp_dir (dir);
}
check_cloexec ();

% ---------------------------------------------------------------------
% The last reference going away closes the socket
private define make_and_drop (domain, type)
{
   variable s = socket (domain, type, 0);
   return fd_count ();
}

private define make_pair_and_drop ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   return fd_count ();
}

private define check_drop ()
{
   variable n0 = fd_count ();
   variable n1 = make_and_drop (PF_INET, SOCK_STREAM);
   expect_value ("a live socket holds a descriptor", n1, n0 + 1);
   expect_value ("dropping the last reference closes it", fd_count (), n0);
   n1 = make_and_drop (PF_UNIX, SOCK_DGRAM);
   expect_value ("unix: dropping the last reference closes it", fd_count (), n0);
   n1 = make_pair_and_drop ();
   expect_value ("a live socketpair holds two descriptors", n1, n0 + 2);
   expect_value ("dropping a socketpair closes both", fd_count (), n0);

   % a reference kept elsewhere keeps it open
   variable keep = {};
   list_append (keep, socket (PF_INET, SOCK_DGRAM, 0));
   expect_value ("a socket in a list stays open", fd_count (), n0 + 1);
   keep = NULL;
   expect_value ("dropping the list closes it", fd_count (), n0);

   loop (50)
     () = socket (PF_INET, SOCK_STREAM, 0);
   expect_value ("sockets discarded at once are closed", fd_count (), n0);

   % accepted sockets too
   variable l = tcp_listener (PF_INET);
   variable n2 = fd_count ();
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, getsockname (l));
   () = accept (l);
   expect_value ("a discarded accepted socket is closed", fd_count (), n2 + 1);
}
check_drop ();

% ---------------------------------------------------------------------
% Importing into a namespace, and twice (at top level: net-> must exist
% when the function below is compiled)
private variable Saved_SocketError = SocketError;
import ("socket", "net");
private define check_namespace ()
{
   variable saved = Saved_SocketError;
   expect_true ("net->socket exists", is_defined ("net->socket") != 0);
   expect_value ("net->_socket_module_version", net->_socket_module_version, 10000);
   expect_value ("net->PF_INET", net->PF_INET, PF_INET);

   variable s = net->socket (net->PF_INET, net->SOCK_STREAM, 0);
   expect_value ("a net->socket works with the global functions",
		 getsockopt (s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);

   variable l = tcp_listener (PF_INET);
   variable addr = {getsockname (l)};
   () = close (l);
   variable caught = "none", e = NULL;
   try (e)
     {
	net->connect (s, __push_list (addr));
     }
   catch SocketError: { caught = "SocketError"; }
   catch AnyError: { caught = "other"; }
   expect_value ("SocketError catches net->connect's error", caught, "SocketError");
   expect_true ("net->connect raises the very SocketError class",
		(e != NULL) && (e.error == SocketError));
   expect_value ("net->connect sets errno", errno, ECONNREFUSED);

   % the exception classes were not re-created
   expect_true ("SocketError unchanged after import into a namespace", SocketError == saved);
   import ("socket");
   import ("socket", "net");
   expect_true ("SocketError unchanged after importing twice", SocketError == saved);
   s = socket (PF_INET, SOCK_STREAM, 0);
   caught = "none";
   try
     {
	connect (s, __push_list (addr));
     }
   catch SocketError: { caught = "SocketError"; }
   catch AnyError: { caught = "other"; }
   expect_value ("SocketError still catches after importing twice", caught, "SocketError");
   expect_error ("expect_error sees the same class after re-import", SocketError, "^connect: ",
		 &net->connect, net->socket (PF_INET, SOCK_STREAM, 0), __push_list (addr);
		 errno = ECONNREFUSED);

   % SocketHError in the namespace
   e = NULL;
   try (e)
     {
	() = net->getaddrinfo ("not-a-number", "80", AF_INET, 0, 0, AI_NUMERICHOST);
     }
   catch SocketError;
   expect_true ("net->getaddrinfo raises SocketHError", (e != NULL) && (e.error == SocketHError));
}
check_namespace ();

test_done ();
