% test_unix.sl: unix domain sockets, and SPEC section 10 (paths: no
% data loss; who removes a path; mode=).
%
% The close rule under test: when the last module copy of a socket that
% bound a path (the socket and its dup_fd copies; not @FD_Type(n) copies,
% not a copy received with recv_fds) is closed in the binding process,
% the path is removed if its device and inode are still the socket's.
% A forked child never removes its parent's path; unlink=0 keeps it.
require ("./harness");
require ("fork");

private variable Dir = make_temp_dir ();
private variable Counter = 0;

% A fresh path in the private directory.
private define new_path ()
{
   Counter++;
   return path_concat (Dir, sprintf ("s%d", Counter));
}

private define exists (path)
{
   return NULL != lstat_file (path);
}

private define is_socket_file (path)
{
   variable st = lstat_file (path);
   return (st != NULL) && stat_is ("sock", st.st_mode);
}

private define file_perms (path)
{
   variable st = lstat_file (path);
   if (st == NULL) return -1;
   return st.st_mode & 0777;
}

private define write_file (path, text)
{
   variable fp = fopen (path, "w");
   () = fputs (text, fp);
   () = fclose (fp);
}

private define read_file (path)
{
   variable fp = fopen (path, "r");
   if (fp == NULL) return NULL;
   variable s = "", line;
   while (-1 != fgets (&line, fp))
     s += line;
   () = fclose (fp);
   return s;
}

% A unix stream listener on a new path.
private define unix_listener (path)
{
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   listen (s, 8);
   return s;
}

% Connect to a listener at path and check the round trip; returns 1 if
% data went both ways.
private define round_trip (l, addr)
{
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, addr);
   variable a = accept (l; timeout = 10);
   if (4 != write (c, "ping")) return 0;
   if ("ping"B != recv (a, 100; timeout = 10)) return 0;
   if (4 != write (a, "pong")) return 0;
   if ("pong"B != recv (c, 100; timeout = 10)) return 0;
   () = close (c);
   () = close (a);
   return 1;
}

% Wait for a child and return its exit status (or -1).
private define reap (pid)
{
   variable st = waitpid (pid, 0);
   if ((st == NULL) || (st.exited == 0)) return -1;
   return st.exit_status;
}

% ---------------------------------------------------------------------
% Basic server/client over a path
private define check_basic ()
{
   variable path = new_path ();
   variable l = unix_listener (path);
   expect_true ("bind creates a socket file", is_socket_file (path));
   expect_value ("getsockname returns the path", getsockname (l), path);
   expect_value ("getsockname type", typeof (getsockname (l)), String_Type);

   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path);
   variable peer = "not set";
   variable a = accept (l, &peer; timeout = 10);
   expect_value ("accept &path of an unnamed client", peer, "");
   expect_value ("getpeername of the client is the server's path", getpeername (c), path);
   expect_value ("getpeername of the accepted socket is unnamed", getpeername (a), "");
   expect_value ("getsockname of the accepted socket is the path", getsockname (a), path);
   expect_value ("write client->server", write (c, "hello"), 5);
   expect_value ("recv on the server", recv (a, 100; timeout = 10), "hello"B);
   expect_value ("send server->client", send (a, "world\0!"B), 7);
   variable buf;
   expect_value ("read on the client", read (c, &buf, 100), 7);
   expect_value ("data server->client", buf, "world\0!"B);
   () = close (c);
   expect_value ("EOF after the client closes", recv (a, 100; timeout = 10), ""B);
   () = close (a);

   % connect (c, getsockname (server))
   expect_true ("connect (c, getsockname (server)) round trip", round_trip (l, getsockname (l)));

   % a named client: accept reports its path
   variable cpath = new_path ();
   c = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (c, cpath);
   connect (c, path);
   peer = NULL;
   a = accept (l, &peer; timeout = 10);
   expect_value ("accept &path of a named client", peer, cpath);
   expect_value ("getpeername of the accepted socket is the client's path", getpeername (a), cpath);
   () = close (a);
   () = close (c);
   expect_true ("closing the named client removes its path", 0 == exists (cpath));

   % accept with the wrong number of references
   c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path);
   variable h, p;
   expect_error ("unix accept with two references", NumArgsError, NULL, &accept, l, &h, &p);
   expect_error ("unix accept with a non-reference", TypeMismatchError, NULL, &accept, l, "x");
   expect_error ("inet-style connect on a unix socket", NumArgsError, "usage",
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), "127.0.0.1", 80);
   expect_error ("unix connect with an Int address", TypeMismatchError, NULL,
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), 42);
   expect_error ("connect to a path nobody bound", SocketError, "^connect: ",
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), new_path (); errno = ENOENT);
   () = close (c);
   () = close (l);
   expect_true ("close removes the listener's path", 0 == exists (path));
}
check_basic ();

% A relative path is removed even after a chdir
private define check_relative ()
{
   variable cwd = getcwd ();
   () = chdir (Dir);
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, "relative");
   expect_value ("getsockname of a relative path", getsockname (s), "relative");
   () = chdir ("/");
   expect_true ("the relative path exists", is_socket_file (path_concat (Dir, "relative")));
   () = close (s);
   expect_true ("close removes a relative path after chdir", 0 == exists (path_concat (Dir, "relative")));
   () = chdir (cwd);
}
check_relative ();

% ---------------------------------------------------------------------
% Abstract names
private define check_abstract ()
{
   variable name = "\0socktest-"B + sprintf ("%d-%d", getpid (), Counter);
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, name);
   listen (l, 4);
   variable got = getsockname (l);
   expect_value ("abstract getsockname is a BString", typeof (got), BString_Type);
   expect_value ("abstract getsockname is the same name", got, name);
   expect_true ("abstract name creates no file", 0 == exists (path_concat (Dir, "socktest")));

   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, name);
   variable peer = NULL;
   variable a = accept (l, &peer; timeout = 10);
   expect_value ("abstract: accept &path of an unnamed client", peer, "");
   variable pn = getpeername (c);
   expect_value ("abstract: getpeername is the BString", pn, name);
   expect_value ("abstract: data goes across", write (c, "abs"), 3);
   expect_value ("abstract: data arrives", recv (a, 10; timeout = 10), "abs"B);
   expect_true ("abstract: connect (c, getsockname (server))", round_trip (l, getsockname (l)));

   % a second bind of the same abstract name is EADDRINUSE
   expect_error ("abstract: name in use", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), name; errno = EADDRINUSE);

   % an abstract-named client
   variable cname = "\0socktest-client-"B + sprintf ("%d", getpid ());
   variable c2 = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (c2, cname);
   connect (c2, name);
   peer = NULL;
   variable a2 = accept (l, &peer; timeout = 10);
   expect_value ("abstract: accept &path of an abstract client", peer, cname);
   expect_value ("abstract: accept &path type", typeof (peer), BString_Type);

   % the name goes away with the socket
   () = close (l);
   () = close (a); () = close (a2);
   variable c3 = socket (PF_UNIX, SOCK_STREAM, 0);
   expect_error ("abstract: name gone after close", SocketError, "^connect: ",
		 &connect, c3, name; errno = ECONNREFUSED);

   % a String (not BString) starting with a NUL cannot be written in
   % S-Lang; a path containing NUL in a BString (not first) is refused
   expect_error ("a path with an embedded NUL", InvalidParmError, NULL,
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), "ab\0cd"B);
   % an over-long abstract name
   variable long_abs = "\0"B;
   loop (120) long_abs += "x"B;
   expect_error ("an over-long abstract name", InvalidParmError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), long_abs);
}
check_abstract ();

% ---------------------------------------------------------------------
% Over-long paths
private define check_long ()
{
   variable long = Dir + "/" + strjoin (array_map (String_Type, &string, [1:200] mod 10), "");
   expect_true ("the long path is 200+ chars", strlen (long) > 200);
   expect_error ("bind: over-long path", InvalidParmError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), long);
   expect_error ("connect: over-long path", InvalidParmError, "^connect: ",
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), long);
   expect_error ("sendto: over-long path", InvalidParmError, "^sendto: ",
		 &sendto, socket (PF_UNIX, SOCK_DGRAM, 0), "x", 0, long);
   % 108 bytes is one too many (sun_path has room for 107 and the NUL)
   variable p108 = Dir + "/";
   while (strlen (p108) < 108) p108 += "y";
   expect_error ("bind: a 108-byte path", InvalidParmError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), p108);
   expect_true ("nothing was created for the long paths", 0 == exists (p108));
   % 107 bytes fits
   variable p107 = p108[[0:106]];
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p107);
   expect_value ("a 107-byte path binds and reads back", getsockname (s), p107);
   () = close (s);
   expect_true ("the 107-byte path is removed at close", 0 == exists (p107));
}
check_long ();

% ---------------------------------------------------------------------
% bind never removes anything but a stale socket
private define check_no_data_loss ()
{
   % a regular file
   variable f = new_path ();
   write_file (f, "precious data\n");
   expect_error ("bind on a regular file: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), f; errno = EADDRINUSE);
   expect_value ("the regular file is untouched", read_file (f), "precious data\n");
   expect_error ("bind (dgram) on a regular file: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_DGRAM, 0), f; errno = EADDRINUSE);
   expect_value ("the regular file is still untouched", read_file (f), "precious data\n");

   % an empty regular file
   variable f0 = new_path ();
   write_file (f0, "");
   expect_error ("bind on an empty file: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), f0; errno = EADDRINUSE);
   expect_true ("the empty file is still a regular file",
		(lstat_file (f0) != NULL) && stat_is ("reg", lstat_file (f0).st_mode));

   % a directory
   variable d = new_path ();
   () = mkdir (d, 0700);
   write_file (path_concat (d, "inside"), "x");
   expect_error ("bind on a directory: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), d; errno = EADDRINUSE);
   expect_true ("the directory is untouched",
		(lstat_file (d) != NULL) && stat_is ("dir", lstat_file (d).st_mode)
		&& (read_file (path_concat (d, "inside")) == "x"));
   () = remove (path_concat (d, "inside"));
   () = rmdir (d);

   % a symlink to a regular file
   variable target = new_path ();
   write_file (target, "target data");
   variable link = new_path ();
   () = symlink (target, link);
   expect_error ("bind on a symlink: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), link; errno = EADDRINUSE);
   expect_value ("the symlink is untouched", readlink (link), target);
   expect_value ("the symlink's target is untouched", read_file (target), "target data");

   % a dangling symlink
   variable dangling = new_path ();
   () = symlink (path_concat (Dir, "nowhere"), dangling);
   expect_error ("bind on a dangling symlink: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), dangling; errno = EADDRINUSE);
   expect_value ("the dangling symlink is untouched", readlink (dangling), path_concat (Dir, "nowhere"));
   expect_true ("nothing was created at its target", 0 == exists (path_concat (Dir, "nowhere")));

   % a symlink to a stale socket file: the link is not a socket, keep it
   variable stale = new_path ();
   variable t = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (t, stale);
   variable keep = new_path ();
   () = hardlink (stale, keep);      % a second name, so close cannot remove it
   () = close (t);
   variable slink = new_path ();
   () = symlink (keep, slink);
   expect_error ("bind on a symlink to a stale socket: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), slink; errno = EADDRINUSE);
   expect_value ("the symlink to the stale socket is untouched", readlink (slink), keep);
   expect_true ("the stale socket behind it is untouched", is_socket_file (keep));

   % a FIFO
   variable fifo = new_path ();
   if (0 == mkfifo (fifo, 0600))
     {
	expect_error ("bind on a FIFO: EADDRINUSE", SocketError, "^bind: ",
		      &bind, socket (PF_UNIX, SOCK_STREAM, 0), fifo; errno = EADDRINUSE);
	expect_true ("the FIFO is untouched",
		     (lstat_file (fifo) != NULL) && stat_is ("fifo", lstat_file (fifo).st_mode));
     }
}
check_no_data_loss ();

% A live listener's path is not taken over
private define check_live ()
{
   variable path = new_path ();
   variable l = unix_listener (path);
   variable ino = lstat_file (path).st_ino;
   expect_error ("bind on a live listener's path: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), path; errno = EADDRINUSE);
   expect_error ("bind (dgram) on a live stream listener's path: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_DGRAM, 0), path; errno = EADDRINUSE);
   expect_value ("the listener's socket file is the same inode", lstat_file (path).st_ino, ino);
   % the failed bind must not leave a connection in the listener's queue
   % (a probe that connects to find out whether the path is live would)
   variable spurious = 0;
   forever
     {
	try { () = accept (l; timeout = 0); }
	catch SocketError: { break; }
	spurious++;
     }
   expect_value ("the failed bind queued no connection on the live listener", spurious, 0);
   expect_true ("the listener still works", round_trip (l, path));
   () = close (l);

   % a live datagram socket's path
   variable dpath = new_path ();
   variable ds = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (ds, dpath);
   ino = lstat_file (dpath).st_ino;
   expect_error ("bind on a live datagram socket's path: EADDRINUSE", SocketError, "^bind: ",
		 &bind, socket (PF_UNIX, SOCK_DGRAM, 0), dpath; errno = EADDRINUSE);
   expect_value ("the datagram socket file is the same inode", lstat_file (dpath).st_ino, ino);
   variable c = socket (PF_UNIX, SOCK_DGRAM, 0);
   expect_value ("the datagram socket still receives: sendto", sendto (c, "dg", 0, dpath), 2);
   expect_value ("the datagram socket still receives: recv", recv (ds, 10; timeout = 10), "dg"B);
   () = close (ds);
}
check_live ();

% A stale socket file (its process died without closing) is replaced
private define check_stale ()
{
   variable path = new_path ();
   variable pid = fork ();
   if (pid == 0)
     {
	try
	  {
	     variable t = socket (PF_UNIX, SOCK_STREAM, 0);
	     bind (t, path);
	     listen (t, 1);
	  }
	catch AnyError: { _exit (3); }
	_exit (0);		       % no cleanup: the file stays behind
     }
   expect_value ("stale: the child bound the path", reap (pid), 0);
   expect_true ("stale: the socket file remains after the child died", is_socket_file (path));

   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   variable ok = 1;
   try { bind (s, path); }
   catch SocketError: { ok = 0; }
   expect_true ("stale: bind over a stale socket file succeeds", ok);
   expect_true ("stale: the path is a socket file again", is_socket_file (path));
   if (ok)
     {
	listen (s, 4);
	expect_true ("stale: the new listener works", round_trip (s, path));
     }
   () = close (s);
   expect_true ("stale: close removes the new path", 0 == exists (path));

   % the same for a datagram socket file left behind
   variable dpath = new_path ();
   pid = fork ();
   if (pid == 0)
     {
	try
	  {
	     variable u = socket (PF_UNIX, SOCK_DGRAM, 0);
	     bind (u, dpath);
	  }
	catch AnyError: { _exit (3); }
	_exit (0);
     }
   expect_value ("stale dgram: the child bound the path", reap (pid), 0);
   expect_true ("stale dgram: the socket file remains", is_socket_file (dpath));
   variable ds = socket (PF_UNIX, SOCK_DGRAM, 0);
   ok = 1;
   try { bind (ds, dpath); }
   catch SocketError: { ok = 0; }
   expect_true ("stale dgram: bind over the stale file succeeds", ok);
   () = close (ds);
}
check_stale ();

% ---------------------------------------------------------------------
% Who removes a path
private define check_removal ()
{
   % close removes it
   variable path = new_path ();
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   expect_true ("removal: bound", is_socket_file (path));
   expect_value ("removal: close", close (s), 0);
   expect_true ("removal: close removes the path", 0 == exists (path));

   % so does dropping the last reference
   path = new_path ();
   s = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (s, path);
   expect_true ("removal: bound (dgram)", is_socket_file (path));
   s = NULL;
   expect_true ("removal: dropping the last reference removes the path", 0 == exists (path));

   % the path was replaced by a regular file after bind
   path = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   () = remove (path);
   write_file (path, "replacement");
   () = close (s);
   expect_value ("removal: a replacing regular file survives close", read_file (path), "replacement");
   () = remove (path);

   % the path was replaced by another socket after bind
   path = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   () = remove (path);
   variable s2 = unix_listener (path);
   variable ino2 = lstat_file (path).st_ino;
   () = close (s);
   expect_true ("removal: a replacing socket survives the old socket's close",
		is_socket_file (path) && (lstat_file (path).st_ino == ino2));
   expect_true ("removal: the replacing listener still works", round_trip (s2, path));
   () = close (s2);
   expect_true ("removal: the replacing socket's own close removes it", 0 == exists (path));

   % the path was renamed away: the new name is not touched either
   path = new_path ();
   variable moved = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   () = rename (path, moved);
   write_file (path, "new file at the old name");
   () = close (s);
   expect_value ("removal: a new file at the old name survives", read_file (path), "new file at the old name");
   () = remove (path); () = remove (moved);

   % dup_fd: the path lives as long as one copy does
   path = new_path ();
   s = unix_listener (path);
   variable d = dup_fd (s);
   () = close (s);
   expect_true ("dup_fd: closing the original leaves the path", is_socket_file (path));
   expect_true ("dup_fd: the copy still accepts", round_trip (d, path));
   () = close (d);
   expect_true ("dup_fd: closing the copy removes the path", 0 == exists (path));

   % the other order, and dropping instead of closing
   path = new_path ();
   s = unix_listener (path);
   d = dup_fd (s);
   d = NULL;
   expect_true ("dup_fd: dropping the copy leaves the path", is_socket_file (path));
   expect_true ("dup_fd: the original still accepts", round_trip (s, path));
   s = NULL;
   expect_true ("dup_fd: dropping the original removes the path", 0 == exists (path));
}
check_removal ();

% A forked child that drops its copy of a listener does not remove the
% parent's path
private define check_fork_child ()
{
   variable path = new_path ();
   variable l = unix_listener (path);

   variable pid = fork ();
   if (pid == 0)
     {
	variable st = 0;
	try { if (0 != close (l)) st = 4; }
	catch AnyError: { st = 3; }
	_exit (st);
     }
   expect_value ("fork: the child closed its copy", reap (pid), 0);
   expect_true ("fork: the path survives the child's close", is_socket_file (path));
   expect_true ("fork: the parent still accepts", round_trip (l, path));

   % a child that drops the reference (the object is freed) and exits;
   % _exit: a child's exit() would move the parent's script file offset
   pid = fork ();
   if (pid == 0)
     {
	l = NULL;
	_exit (0);
     }
   expect_value ("fork: the second child exited", reap (pid), 0);
   expect_true ("fork: the path survives a child's exit", is_socket_file (path));
   expect_true ("fork: the parent still accepts after the second child", round_trip (l, path));

   () = close (l);
   expect_true ("fork: the parent's close removes the path", 0 == exists (path));
}
check_fork_child ();

% ---------------------------------------------------------------------
% bind (s, path ; mode=)

% expect_error keeps qualifiers for itself: pass mode= through this.
private define bind_mode ()
{
   variable args = __pop_list (_NARGS - 1);
   variable m = ();
   bind (__push_list (args); mode = m);
}

private define check_mode ()
{
   variable old = umask (022);
   variable m, path, s;
   foreach m ([0600, 0660, 0666, 0700, 0777, 0640, 0])
     {
	path = new_path ();
	s = socket (PF_UNIX, SOCK_STREAM, 0);
	bind (s, path; mode = m);
	expect_value (sprintf ("mode=%#o under umask 022", m), file_perms (path), m);
	expect_value (sprintf ("umask is restored after mode=%#o", m), umask (022), 022);
	() = close (s);
     }

   % a strict umask does not narrow mode=
   () = umask (077);
   path = new_path ();
   s = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (s, path; mode = 0660);
   expect_value ("mode=0660 under umask 077 (dgram)", file_perms (path), 0660);
   expect_value ("umask 077 restored", umask (077), 077);
   () = close (s);

   % without the qualifier the umask applies
   () = umask (022);
   path = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   expect_value ("no mode=: umask 022 gives 0755", file_perms (path), 0755);
   () = close (s);
   () = umask (077);
   path = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path);
   expect_value ("no mode=: umask 077 gives 0700", file_perms (path), 0700);
   () = close (s);
   () = umask (022);

   % mode= with a stale file replaced
   path = new_path ();
   variable pid = fork ();
   if (pid == 0)
     {
	try { bind (socket (PF_UNIX, SOCK_STREAM, 0), path; mode = 0777); }
	catch AnyError: { _exit (3); }
	_exit (0);
     }
   expect_value ("mode: a child left a stale socket", reap (pid), 0);
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path; mode = 0600);
   expect_value ("mode=0600 over a stale socket file", file_perms (path), 0600);
   () = close (s);

   % the mode works for who may connect: a listener with mode=0600 accepts us
   path = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, path; mode = 0600);
   listen (s, 2);
   expect_true ("mode=0600: the owner can connect", round_trip (s, path));
   () = close (s);

   % errors
   expect_error ("mode= on an abstract name", InvalidParmError, "^bind: ",
		 &bind_mode, 0600, socket (PF_UNIX, SOCK_STREAM, 0), "\0socktest-mode"B);
   expect_error ("mode= on an inet socket", InvalidParmError, "^bind: ",
		 &bind_mode, 0600, socket (PF_INET, SOCK_STREAM, 0), "127.0.0.1", 0);
   expect_error ("mode= out of range", InvalidParmError, "^bind: ",
		 &bind_mode, 01000, socket (PF_UNIX, SOCK_STREAM, 0), new_path ());
   expect_error ("mode= negative", InvalidParmError, "^bind: ",
		 &bind_mode, -1, socket (PF_UNIX, SOCK_STREAM, 0), new_path ());
   path = new_path ();
   expect_error ("mode= a String", TypeMismatchError, NULL,
		 &bind_mode, "0600", socket (PF_UNIX, SOCK_STREAM, 0), path);
   expect_true ("a refused mode= creates no file", 0 == exists (path));
   expect_value ("umask unchanged by the failed binds", umask (022), 022);
   () = umask (old);
}
check_mode ();

% ---------------------------------------------------------------------
% Unix datagrams: sendto / recvfrom with the sender's path
private define check_dgram ()
{
   variable spath = new_path (), cpath = new_path ();
   variable srv = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (srv, spath);
   variable cli = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (cli, cpath);

   expect_value ("dgram: sendto returns the length", sendto (cli, "request", 0, spath), 7);
   variable data, from;
   (data, from) = recvfrom (srv, 100; timeout = 10);
   expect_value ("dgram: recvfrom data", data, "request"B);
   expect_value ("dgram: recvfrom sender path", from, cpath);
   expect_value ("dgram: reply to the given-back address", sendto (srv, "reply"B, 0, from), 5);
   (data, from) = recvfrom (cli, 100; timeout = 10);
   expect_value ("dgram: reply data", data, "reply"B);
   expect_value ("dgram: reply sender path", from, spath);

   % an unnamed sender
   variable anon = socket (PF_UNIX, SOCK_DGRAM, 0);
   () = sendto (anon, "anon", 0, spath);
   (data, from) = recvfrom (srv, 100; timeout = 10);
   expect_value ("dgram: unnamed sender data", data, "anon"B);
   expect_value ("dgram: unnamed sender address", from, "");

   % an abstract-named sender
   variable aname = "\0socktest-dgram-"B + sprintf ("%d", getpid ());
   variable abs = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (abs, aname);
   () = sendto (abs, "abstract", 0, spath);
   (data, from) = recvfrom (srv, 100; timeout = 10);
   expect_value ("dgram: abstract sender data", data, "abstract"B);
   expect_value ("dgram: abstract sender address", from, aname);
   () = sendto (srv, "back", 0, from);
   expect_value ("dgram: reply to an abstract name", recv (abs, 10; timeout = 10), "back"B);

   % message boundaries are kept
   () = sendto (cli, "one", 0, spath);
   () = sendto (cli, "two", 0, spath);
   expect_value ("dgram: first datagram", recv (srv, 100; timeout = 10), "one"B);
   expect_value ("dgram: second datagram", recv (srv, 100; timeout = 10), "two"B);

   % nobody there
   expect_error ("dgram: sendto a missing path", SocketError, "^sendto: ",
		 &sendto, cli, "x", 0, new_path (); errno = ENOENT);
   expect_error ("dgram: sendto with an inet address", NumArgsError, NULL,
		 &sendto, cli, "x", 0, "127.0.0.1", 9);

   % connected datagram sockets
   connect (cli, spath);
   expect_value ("dgram: send on a connected socket", send (cli, "conn"), 4);
   (data, from) = recvfrom (srv, 100; timeout = 10);
   expect_value ("dgram: connected sender's path", from, cpath);
   () = close (srv); () = close (cli);
   expect_true ("dgram: paths removed at close", (0 == exists (spath)) && (0 == exists (cpath)));
}
check_dgram ();

% ---------------------------------------------------------------------
% SO_PEERCRED
private define check_peercred ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable cr = getsockopt (a, SOL_SOCKET, SO_PEERCRED);
   expect_true ("SO_PEERCRED is a struct", is_struct_type (cr));
   expect_value ("SO_PEERCRED pid (socketpair)", cr.pid, getpid ());
   expect_value ("SO_PEERCRED uid (socketpair)", cr.uid, getuid ());
   expect_value ("SO_PEERCRED gid (socketpair)", cr.gid, getgid ());
   expect_error ("SO_PEERCRED cannot be set", NotImplementedError, "SO_PEERCRED",
		 &setsockopt, a, SOL_SOCKET, SO_PEERCRED, cr);

   variable path = new_path ();
   variable l = unix_listener (path);
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, path);
   variable s = accept (l; timeout = 10);
   cr = getsockopt (s, SOL_SOCKET, SO_PEERCRED);
   expect_value ("SO_PEERCRED pid (accepted)", cr.pid, getpid ());
   cr = getsockopt (c, SOL_SOCKET, SO_PEERCRED);
   expect_value ("SO_PEERCRED pid (client side)", cr.pid, getpid ());
   () = close (c); () = close (s);

   % a peer in another process
   variable pid = fork ();
   if (pid == 0)
     {
	variable st = 0;
	try
	  {
	     variable k = socket (PF_UNIX, SOCK_STREAM, 0);
	     connect (k, path);
	     () = recv (k, 10; timeout = 10);   % wait until the parent is done
	  }
	catch AnyError: { st = 3; }
	_exit (st);
     }
   s = accept (l; timeout = 10);
   cr = getsockopt (s, SOL_SOCKET, SO_PEERCRED);
   expect_value ("SO_PEERCRED pid of a child peer", cr.pid, pid);
   expect_true ("the child's pid is not ours", cr.pid != getpid ());
   () = write (s, "done");
   expect_value ("SO_PEERCRED: the child exited cleanly", reap (pid), 0);
   () = close (s);
   () = close (l);
}
check_peercred ();

% A copy made with dup_fd BEFORE bind shares the ownership too: closing
% the bound original leaves the path (the copy still listens), closing
% the copy then removes it.
private define check_dup_before_bind ()
{
   variable p = path_concat (Dir, "dupfirst.sock");
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   variable d = dup_fd (s);
   bind (s, p);
   listen (s, 4);
   () = close (s);
   expect_true ("dup before bind: closing the original keeps the path", NULL != lstat_file (p));
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (c, p);
   variable a = accept (d ; timeout=5);
   () = send (c, "via copy");
   expect_value ("dup before bind: the copy still serves the path", recv (a, 64 ; timeout=5), "via copy"B);
   () = close (a); () = close (c);
   expect_true ("dup before bind: still there while the copy is open", NULL != lstat_file (p));
   () = close (d);
   expect_true ("dup before bind: closing the copy removes the path", NULL == lstat_file (p));

   % the copy is bound, the original goes last
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   d = dup_fd (s);
   bind (d, p);
   d = NULL;
   expect_true ("dup before bind, copy bound: dropping the copy keeps the path", NULL != lstat_file (p));
   s = NULL;
   expect_true ("dup before bind, copy bound: dropping the original removes the path", NULL == lstat_file (p));
}
check_dup_before_bind ();

% ---------------------------------------------------------------------
% The close rule (SPEC 10): the last module copy closed in the binding
% process removes the path if it is still that socket's file.  Nothing
% else keeps a path or removes one later.

% A descriptor number that is not open, for dup2_fd.
private define free_fd_number ()
{
   variable n = 100;
   while (NULL != stat_file (sprintf ("/proc/self/fd/%d", n)))
     n++;
   return n;
}

% expect_error keeps qualifiers for itself: pass unlink=0 through this.
private define bind_keep (s, path)
{
   bind (s, path; unlink = 0);
}

% A copy the module did not make (@FD_Type(n) of a dup2_fd) does not keep
% the path: it goes when the module's copies are closed, although the
% socket itself is still open through the foreign descriptor.
private define check_fd_type_copy ()
{
   variable p = new_path ();
   variable s = unix_listener (p);
   variable h = @FD_Type (dup2_fd (s, free_fd_number ()));
   () = close (s);
   expect_true ("@FD_Type copy: the path goes with the module's last copy", 0 == exists (p));
   expect_value ("@FD_Type copy: the socket is still open and listening",
		 getsockopt (h, SOL_SOCKET, SO_ACCEPTCONN), 1);
   expect_value ("@FD_Type copy: it still has its name", getsockname (h), p);
   () = close (h);

   % with a dup_fd copy too: the module copy keeps it, the foreign one not
   p = new_path ();
   s = unix_listener (p);
   variable d = dup_fd (s);
   h = @FD_Type (dup2_fd (s, free_fd_number ()));
   () = close (s);
   expect_true ("@FD_Type and dup_fd copies: the dup_fd copy keeps the path", is_socket_file (p));
   expect_true ("@FD_Type and dup_fd copies: the dup_fd copy accepts", round_trip (d, p));
   () = close (d);
   expect_true ("@FD_Type and dup_fd copies: closing the dup_fd copy removes the path", 0 == exists (p));
   expect_value ("@FD_Type and dup_fd copies: the foreign copy is still listening",
		 getsockopt (h, SOL_SOCKET, SO_ACCEPTCONN), 1);
   () = close (h);
}
check_fd_type_copy ();

% A socket passed with send_fds and received with recv_fds is a separate
% module socket owning no path.
private define check_passed_copy ()
{
   variable pa, pb;
   (pa, pb) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable p = new_path ();
   variable s = unix_listener (p);
   () = send_fds (pa, "x", [s]);
   variable data, fds;
   (data, fds) = recv_fds (pb, 1, 1; timeout = 10);
   expect_value ("passed copy: one descriptor arrived", length (fds), 1);
   expect_value ("passed copy: it is the bound socket", getsockname (fds[0]), p);
   () = close (s);
   expect_true ("passed copy: the sender's close removes the path though the received copy is open",
		0 == exists (p));
   expect_value ("passed copy: the received socket is still listening",
		 getsockopt (fds[0], SOL_SOCKET, SO_ACCEPTCONN), 1);
   % a new server at the path is not disturbed by the received copy's close
   variable t = unix_listener (p);
   variable ino = lstat_file (p).st_ino;
   () = close (fds[0]);
   expect_true ("passed copy: its close leaves a new server's path",
		is_socket_file (p) && (lstat_file (p).st_ino == ino));
   expect_true ("passed copy: the new server still works", round_trip (t, p));
   () = close (t);
   expect_true ("passed copy: the new server's close removes its path", 0 == exists (p));
   () = close (pa); () = close (pb);
}
check_passed_copy ();

% A regular file renamed over the socket's path after bind is not removed.
private define check_renamed_over ()
{
   variable p = new_path (), q = new_path ();
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   listen (s, 2);
   write_file (q, "renamed over the socket");
   expect_value ("renamed over: rename succeeded", rename (q, p), 0);
   () = close (s);
   expect_value ("renamed over: the regular file survives close", read_file (p), "renamed over the socket");
   () = remove (p);
}
check_renamed_over ();

% A relative path bound, then chdir: close removes the bound file (the
% path is kept absolute), never a same-named file in the new directory.
private define check_relative_chdir ()
{
   variable cwd = getcwd ();
   variable other = new_path ();
   () = mkdir (other, 0700);
   try
     {
	() = chdir (Dir);
	variable s = socket (PF_UNIX, SOCK_STREAM, 0);
	bind (s, "rel.sock");
	() = chdir (other);
	write_file ("rel.sock", "same name, other directory");
	() = close (s);
	expect_true ("chdir: close removes the bound path", 0 == exists (path_concat (Dir, "rel.sock")));
	expect_value ("chdir: a same-named regular file in the new cwd survives",
		      read_file (path_concat (other, "rel.sock")), "same name, other directory");

	% a same-named socket file in the new cwd
	() = chdir (Dir);
	s = socket (PF_UNIX, SOCK_STREAM, 0);
	bind (s, "rel2.sock");
	() = chdir (other);
	variable t = socket (PF_UNIX, SOCK_STREAM, 0);
	bind (t, "rel2.sock"; unlink = 0);
	variable ino = lstat_file ("rel2.sock").st_ino;
	() = close (s);
	expect_true ("chdir: close removes the bound socket file", 0 == exists (path_concat (Dir, "rel2.sock")));
	expect_true ("chdir: a same-named socket in the new cwd survives",
		     is_socket_file (path_concat (other, "rel2.sock"))
		     && (lstat_file (path_concat (other, "rel2.sock")).st_ino == ino));
	() = close (t);
     }
   finally
     {
	() = chdir (cwd);
     }
   () = remove (path_concat (other, "rel.sock"));
   () = remove (path_concat (other, "rel2.sock"));
   () = rmdir (other);
}
check_relative_chdir ();

% The parent closes its listener while a forked child still holds it: the
% path goes (the documented trade-off); with unlink=0 it stays and the
% child still serves it.
private define check_fork_parent_closes ()
{
   variable p = new_path ();
   variable l = unix_listener (p);
   variable sync_p, sync_c;
   (sync_p, sync_c) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 1;
	try
	  {
	     () = send (sync_c, "ready");
	     () = recv (sync_c, 10; timeout = 30);   % until the parent is done
	     rc = (getsockopt (l, SOL_SOCKET, SO_ACCEPTCONN) == 1) ? 0 : 4;
	  }
	catch AnyError;
	_exit (rc);
     }
   expect_value ("fork, parent closes: the child is running", recv (sync_p, 10; timeout = 10), "ready"B);
   () = close (l);
   expect_true ("fork, parent closes: the parent's close removes the path of the child's listener",
		0 == exists (p));
   () = send (sync_p, "done");
   expect_value ("fork, parent closes: the child still held a listener", reap (pid), 0);
   () = close (sync_p); () = close (sync_c);

   % unlink=0: the path stays and the child is reached through it
   p = new_path ();
   l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, p; unlink = 0);
   listen (l, 4);
   (sync_p, sync_c) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   pid = fork ();
   if (pid == 0)
     {
	rc = 1;
	try
	  {
	     variable a = accept (l; timeout = 10);
	     () = send (a, "served by the child");
	     () = recv (sync_c, 10; timeout = 30);
	     rc = 0;
	  }
	catch AnyError;
	_exit (rc);
     }
   () = close (l);
   expect_true ("fork, unlink=0: the path stays after the parent's close", is_socket_file (p));
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   variable got = NULL;
   try { connect (c, p); got = recv (c, 100; timeout = 10); }
   catch SocketError;
   expect_value ("fork, unlink=0: a client reaches the child through the path", got, "served by the child"B);
   () = close (c);
   () = send (sync_p, "done");
   expect_value ("fork, unlink=0: the child exited cleanly", reap (pid), 0);
   expect_true ("fork, unlink=0: the path is still there after the child", is_socket_file (p));
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   variable ok = 1;
   try { bind (s, p); } catch SocketError: { ok = 0; }
   expect_true ("fork, unlink=0: a later bind replaces the stale file", ok);
   () = close (s);
   expect_true ("fork, unlink=0: the later socket's close removes it", 0 == exists (p));
   () = close (sync_p); () = close (sync_c);
}
check_fork_parent_closes ();

% bind (; unlink=0) and create_server (; unlink=0) keep the path at close
private define check_unlink_0 ()
{
   variable p = new_path ();
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p; unlink = 0);
   listen (s, 4);
   expect_true ("unlink=0: the listener works", round_trip (s, p));
   variable d = dup_fd (s);
   () = close (s);
   () = close (d);
   expect_true ("unlink=0: bind's path stays after every copy is closed", is_socket_file (p));
   expect_error ("unlink=0: the kept file is stale", SocketError, "^connect: ",
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), p; errno = ECONNREFUSED);
   variable t = unix_listener (p);
   expect_true ("unlink=0: a later bind over the kept file works", round_trip (t, p));
   () = close (t);
   expect_true ("unlink=0: the later socket (default unlink) removes it", 0 == exists (p));

   % dropping the reference, datagram
   p = new_path ();
   s = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (s, p; unlink = 0);
   s = NULL;
   expect_true ("unlink=0: dropping the last reference keeps the path (dgram)", is_socket_file (p));
   () = remove (p);

   % unlink=1 spelled out is the default
   p = new_path ();
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p; unlink = 1);
   () = close (s);
   expect_true ("unlink=1: close removes the path", 0 == exists (p));

   % create_server
   p = new_path ();
   s = create_server (p; family = AF_UNIX, unlink = 0);
   expect_true ("create_server unlink=0: it serves", round_trip (s, p));
   () = close (s);
   expect_true ("create_server unlink=0: the path stays after close", is_socket_file (p));
   s = NULL;
   try { s = create_server (p; family = AF_UNIX); }
   catch SocketError;
   expect_true ("create_server over the kept file works", s != NULL);
   if (s != NULL)
     {
	expect_true ("create_server over the kept file: it serves", round_trip (s, p));
	() = close (s);
     }
   expect_true ("create_server (default unlink): close removes the path", 0 == exists (p));
   p = new_path ();
   t = unix_listener (p);
   expect_error ("unlink=0 on a live listener's path: EADDRINUSE", SocketError, "^bind: ",
		 &bind_keep, socket (PF_UNIX, SOCK_STREAM, 0), p; errno = EADDRINUSE);
   expect_true ("unlink=0: the failed bind left the live listener working", round_trip (t, p));
   () = close (t);
}
check_unlink_0 ();

% A stale socket file whose mode denies the prober (0400): a user's probe
% gets EACCES, so the file counts as in use (EADDRINUSE, untouched); root
% can connect, finds it refused and replaces it.  Under root the user
% case runs in a forked child that drops to uid/gid 65534.
private define make_stale_0400 (p)
{
   variable t = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (t, p; mode = 0400, unlink = 0);
   listen (t, 1);
   () = close (t);
}

private define check_stale_0400 ()
{
   variable sub = path_concat (Dir, "shared");
   () = mkdir (sub, 0777);
   () = chmod (sub, 0777);
   variable p = path_concat (sub, "ro.sock");
   make_stale_0400 (p);
   expect_true ("0400: a stale unwritable socket file exists",
		is_socket_file (p) && (file_perms (p) == 0400));
   variable ino = lstat_file (p).st_ino;

   if (getuid () != 0)
     {
	expect_error ("0400 as a user: bind over the stale file is EADDRINUSE", SocketError, "^bind: ",
		      &bind, socket (PF_UNIX, SOCK_STREAM, 0), p; errno = EADDRINUSE);
	expect_true ("0400 as a user: the file is untouched",
		     is_socket_file (p) && (lstat_file (p).st_ino == ino) && (file_perms (p) == 0400));
	() = remove (p);
     }
   else
     {
	% the user case, in a child that gives up root
	() = chmod (Dir, 0711);
	variable pid = fork ();
	if (pid == 0)
	  {
	     variable rc = 1;
	     try
	       {
		  if ((0 != setgid (65534)) || (0 != setuid (65534)) || (getuid () == 0))
		    _exit (3);
		  variable u = socket (PF_UNIX, SOCK_STREAM, 0);
		  variable depth = _stkdepth ();
		  try { bind (u, p); rc = 2; }
		  catch SocketError: { rc = (errno == EADDRINUSE) ? 0 : 4; }
		  if (_stkdepth () != depth) rc = 5;
	       }
	     catch AnyError;
	     _exit (rc);
	  }
	variable st = reap (pid);
	() = chmod (Dir, 0700);
	if (st == 3)
	  () = fprintf (stdout, "# skip: 0400 as a user: cannot switch to uid 65534\n");
	else
	  expect_value ("0400 as a user (uid 65534): bind over the stale file is EADDRINUSE (0)", st, 0);
	expect_true ("0400 as a user: the file is untouched",
		     is_socket_file (p) && (lstat_file (p).st_ino == ino) && (file_perms (p) == 0400));

	% root connects, is refused, and replaces it
	variable s = socket (PF_UNIX, SOCK_STREAM, 0);
	variable ok = 1;
	try { bind (s, p); } catch SocketError: { ok = 0; }
	expect_true ("0400 as root: bind over the stale file succeeds", ok);
	expect_true ("0400 as root: the path is the new socket (umask mode)",
		     is_socket_file (p) && (file_perms (p) != 0400));
	if (ok)
	  {
	     listen (s, 2);
	     expect_true ("0400 as root: the new listener works", round_trip (s, p));
	  }
	() = close (s);
	expect_true ("0400 as root: close removes the new path", 0 == exists (p));
     }
   () = rmdir (sub);
}
check_stale_0400 ();

% EMFILE: at the descriptor limit bind cannot make its probe socket; it
% raises SocketError with errno EMFILE (not EADDRINUSE), leaks nothing,
% and works once descriptors are free.  Runs in a child slsh under
% ulimit -n (run_limited_child in harness.sl).
private define check_emfile ()
{
   variable p = new_path ();
   variable t = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (t, p; unlink = 0);
   () = close (t);
   expect_true ("emfile: a stale socket file to bind over", is_socket_file (p));
   variable ino = lstat_file (p).st_ino;

   variable script = `
variable p = __argv[1], ino = atoll (__argv[2]);
variable s = socket (PF_UNIX, SOCK_STREAM, 0);
variable n0 = fd_count ();
variable fill = {}, f = NULL;
loop (100000)
{
   f = open ("/dev/null", O_RDONLY);
   if (f == NULL) break;
   list_append (fill, f);
}
expect_true ("the descriptor table is full (EMFILE)", (f == NULL) && (errno == EMFILE) && (length (fill) > 0));
() = chdir ("/nonexistent/emfile-test");       % errno = ENOENT, not EMFILE
variable depth = _stkdepth (), e = NULL;
try (e) { bind (s, p); }
catch AnyError;
depth = _stkdepth () - depth;
expect_true ("bind at the limit raised SocketError", (e != NULL) && (e.error == SocketError));
expect_value ("bind at the limit: errno", errno, EMFILE);
if (e != NULL)
{
   expect_true ("bind at the limit: message starts with bind:", string_match (e.message, "^bind: ", 1));
   expect_true ("bind at the limit: message is not EADDRINUSE", 0 == is_substr (e.message, "in use"));
}
expect_value ("bind at the limit: stack depth unchanged", depth, 0);
variable st = lstat_file (p);
expect_true ("bind at the limit: the stale file is untouched", (st != NULL) && stat_is ("sock", st.st_mode) && (st.st_ino == ino));
foreach f (fill) () = close (f);
fill = NULL;
expect_value ("no descriptor leaked", fd_count (), n0);
variable ok = 1;
try { bind (s, p); } catch SocketError: { ok = 0; }
expect_true ("after freeing descriptors bind replaces the stale file", ok);
st = lstat_file (p);
expect_true ("the path is the new socket", (st != NULL) && stat_is ("sock", st.st_mode));
() = close (s);
expect_true ("close removes the new path", NULL == lstat_file (p));
test_done ();
`;
   () = run_limited_child ("emfile child", script, 40, p, ino);
   expect_true ("emfile: the path is gone after the child", 0 == exists (p));
   () = remove (p);
}
check_emfile ();

% Autobind: bind (s, "") lets the kernel pick "\0" + 5 hex digits
private define is_autobind_name (n)
{
   if ((typeof (n) != BString_Type) || (bstrlen (n) != 6) || (n[0] != 0))
     return 0;
   variable i;
   _for i (1, 5, 1)
     {
	if (0 == is_substr ("0123456789abcdef", char (n[i])))
	  return 0;
     }
   return 1;
}

private define check_autobind ()
{
   variable a = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (a, "");
   variable na = getsockname (a);
   expect_value ("autobind: getsockname is a BString", typeof (na), BString_Type);
   expect_true ("autobind: the name is NUL and 5 hex digits", is_autobind_name (na));
   variable b = socket (PF_UNIX, SOCK_STREAM, 0);
   variable ok = 1;
   try { bind (b, ""); } catch SocketError: { ok = 0; }
   expect_true ("autobind: a second socket autobinds too", ok);
   variable nb = getsockname (b);
   expect_true ("autobind: the second name is well formed", is_autobind_name (nb));
   expect_true ("autobind: the two names differ", nb != na);
   listen (a, 4);
   expect_true ("autobind: clients reach the autobound name", round_trip (a, na));
   () = close (a); () = close (b);
   expect_error ("autobind: the name is gone after close", SocketError, "^connect: ",
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), na; errno = ECONNREFUSED);

   % datagrams
   variable u = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (u, "");
   variable v = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (v, "");
   expect_true ("autobind dgram: two names differ", getsockname (u) != getsockname (v));
   () = sendto (v, "auto", 0, getsockname (u));
   variable data, from;
   (data, from) = recvfrom (u, 100; timeout = 10);
   expect_value ("autobind dgram: data", data, "auto"B);
   expect_value ("autobind dgram: the sender's autobound name", from, getsockname (v));
   () = close (u); () = close (v);
   expect_error ("autobind: mode= does not apply", InvalidParmError, "^bind: ",
		 &bind_mode, 0600, socket (PF_UNIX, SOCK_STREAM, 0), "\0"B);
}
check_autobind ();

% Abstract names are at most 108 bytes including the leading NUL
private define check_abstract_108 ()
{
   variable n108 = "\0socktest-108-"B + sprintf ("%d-", getpid ());
   while (bstrlen (n108) < 108) n108 += "x"B;
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   variable ok = 1;
   try { bind (s, n108); } catch AnyError: { ok = 0; }
   expect_true ("abstract: a 108-byte name binds", ok);
   if (ok)
     {
	expect_value ("abstract: the 108-byte name reads back", getsockname (s), n108);
	listen (s, 2);
	expect_true ("abstract: clients reach the 108-byte name", round_trip (s, n108));
     }
   () = close (s);
   variable n109 = n108 + "y"B;
   expect_error ("abstract: a 109-byte name is InvalidParmError naming 108", InvalidParmError, "108",
		 &bind, socket (PF_UNIX, SOCK_STREAM, 0), n109);
   expect_error ("abstract: connect to a 109-byte name is InvalidParmError", InvalidParmError, "^connect: .*108",
		 &connect, socket (PF_UNIX, SOCK_STREAM, 0), n109);
   expect_error ("mode=-1: the message names it", InvalidParmError, "mode=-1",
		 &bind_mode, -1, socket (PF_UNIX, SOCK_STREAM, 0), new_path ());
}
check_abstract_108 ();

% Clean up
private define cleanup ()
{
   variable f;
   foreach f (listdir (Dir))
     {
	variable p = path_concat (Dir, f);
	variable st = lstat_file (p);
	if ((st != NULL) && stat_is ("dir", st.st_mode))
	  () = rmdir (p);
     }
   remove_temp_dir (Dir);
}
cleanup ();
expect_true ("temp dir removed", 0 == exists (Dir));

test_done ();
