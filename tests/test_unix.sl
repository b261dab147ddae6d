% test_unix.sl: unix domain sockets, and SPEC section 10 (paths: no
% data loss; who removes a path; mode=).
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

% Copies the module did not make: @FD_Type(n) of a bound socket, and the
% socket passed to ourselves with send_fds.  Either keeps the path while
% open; once the last descriptor is gone, the next close of a module
% socket (or the next bind) removes it.
private define check_foreign_copies ()
{
   variable p = path_concat (Dir, "foreign.sock");
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   variable raw = dup_fd (s);	       % module copy: shares ownership
   variable n = _fileno (raw);
   variable f = @FD_Type (n);	       % a second FD_Type of the same descriptor
   () = close (s);
   expect_true ("foreign copy: path kept while a copy is open", NULL != lstat_file (p));
   f = NULL; raw = NULL;
   expect_true ("foreign copy: path removed after the last copy", NULL == lstat_file (p));

   % send_fds to ourselves
   variable pa, pb;
   (pa, pb) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   () = send_fds (pa, "x", [s]);
   variable data, fds;
   (data, fds) = recv_fds (pb, 1, 1 ; timeout=5);
   expect_value ("self-passing: one descriptor arrived", length (fds), 1);
   expect_value ("self-passing: it is the bound socket", getsockname (fds[0]), p);
   s = NULL;
   expect_true ("self-passing: path kept while the received copy is open", NULL != lstat_file (p));
   fds = NULL;
   expect_true ("self-passing: path removed after the received copy", NULL == lstat_file (p));
   () = close (pa); () = close (pb);
}
check_foreign_copies ();

% An orphan (its last copy was foreign) whose socket has since closed must
% not take a new server's path.  In one process, the new server's bind
% sweeps the orphan first (removing the stale file), and nothing later
% touches the new file.
private define check_orphan_inode_reuse ()
{
   variable p = path_concat (Dir, "reuse.sock");
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   listen (s, 4);
   variable ino0 = lstat_file (p).st_ino;
   variable n = dup2_fd (s, 200);
   variable h = @FD_Type (n);
   () = close (s);		       % the module's last copy: an orphan now
   () = close (h);		       % the foreign copy: the file is stale
   expect_true ("orphan: the stale file is still there", NULL != lstat_file (p));
   variable t = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (t, p);			       % a restarted server
   listen (t, 4);
   if (lstat_file (p).st_ino != ino0)
     () = fprintf (stdout, "# note: the new socket file got another inode; the reuse case is not exercised\n");
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = close (a);		       % sweeps the orphans
   expect_true ("orphan: an unrelated close leaves the new server's path", NULL != lstat_file (p));
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   variable ok = 0;
   try { connect (c, p ; timeout=5); ok = 1; } catch SocketError;
   expect_true ("orphan: clients still reach the new server", ok);
   () = close (c); () = close (b);
   () = close (t);
   expect_true ("orphan: the new server's close removes its path", NULL == lstat_file (p));
}
check_orphan_inode_reuse ();

% The same with the new server in another process, which binds the path
% while the parent still holds the orphan: the parent's next sweep finds
% the inode (often the very same number) bound again and leaves it.
private define check_orphan_other_binder (kind)
{
   variable p = path_concat (Dir, "reuse2.sock");
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   listen (s, 4);
   variable ino0 = lstat_file (p).st_ino;
   variable sync_p, sync_c;
   (sync_p, sync_c) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable h = @FD_Type (dup2_fd (s, 201));
   () = close (s);
   () = close (h);		       % the parent's orphan is now stale
   % (no module socket may close in the parent until the child has bound:
   % that would sweep the stale file away first)
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 1;
	try
	  {
	     () = close (sync_p);
	     variable t, x, y;
	     if (kind == "listener")
	       {
		  t = socket (PF_UNIX, SOCK_STREAM, 0);
		  bind (t, p);
		  listen (t, 4);
	       }
	     else
	       {
		  % a datagram client with its own path, connected elsewhere:
		  % the module's probe gets EPERM from it
		  x = path_concat (Dir, "reuse2-peer.sock");
		  y = socket (PF_UNIX, SOCK_DGRAM, 0);
		  bind (y, x);
		  t = socket (PF_UNIX, SOCK_DGRAM, 0);
		  bind (t, p);
		  connect (t, x);
	       }
	     () = send (sync_c, "bound");
	     () = recv (sync_c, 10 ; timeout=30);   % until the parent is done
	     () = close (t);
	     rc = 0;
	  }
	catch AnyError;
	_exit (rc);
     }
   expect_value ("orphan, other binder: the child bound the path", recv (sync_p, 10 ; timeout=10), "bound"B);
   if (lstat_file (p).st_ino != ino0)
     () = fprintf (stdout, "# note: the child's socket file got another inode; the reuse case is not exercised\n");
   () = close (sync_c);		       % sweeps the parent's orphans
   expect_true ("orphan, other binder ($kind): the parent's sweep leaves the child's path"$, NULL != lstat_file (p));
   if (kind == "listener")
     {
	variable c = socket (PF_UNIX, SOCK_STREAM, 0), ok = 0;
	try { connect (c, p ; timeout=5); ok = 1; } catch SocketError;
	expect_true ("orphan, other binder: clients reach the child's server", ok);
	() = close (c);
     }
   () = send (sync_p, "done");
   expect_value ("orphan, other binder: the child exited cleanly", reap (pid), 0);
   expect_true ("orphan, other binder: the child's close removed its path", NULL == lstat_file (p));
   () = close (sync_p);
}
check_orphan_other_binder ("listener");
check_orphan_other_binder ("connected datagram client");

% An orphan whose absolute path is too long for a socket address (bound by
% a relative name in a deep directory) is still probed and removed.
private define check_orphan_long_path ()
{
   variable deep = Dir, here = getcwd ();
   while (strlen (deep) < 120)
     {
	deep = path_concat (deep, "dddddddddddddddddddd");
	() = mkdir (deep, 0700);
     }
   () = chdir (deep);
   variable p = "x.sock";
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   listen (s, 4);
   expect_true ("long path: the absolute name does not fit in sun_path (test premise)",
		strlen (path_concat (getcwd (), p)) > 108);
   variable h = @FD_Type (dup2_fd (s, 202));
   () = close (s);
   () = close (h);
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = close (a);		       % sweeps
   expect_true ("long path: the orphan's stale file was removed", NULL == lstat_file (p));
   () = close (b);
   () = chdir (here);
   while (deep != Dir)
     {
	() = rmdir (deep);
	deep = path_dirname (deep);
     }
}
check_orphan_long_path ();

% An orphan whose socket was last seen in a message that nobody received
% (it lives on in flight, or dies when the queue is dropped): the path
% still goes at the next sweep.
private define check_orphan_in_flight ()
{
   variable p = path_concat (Dir, "flight.sock");
   variable s = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (s, p);
   listen (s, 4);
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable h = @FD_Type (dup2_fd (s, 203));
   () = send_fds (a, "x", [s]);       % never received
   () = close (s);		       % an orphan: h is open
   () = close (h);
   expect_true ("in flight: the path stays while the socket lives", NULL != lstat_file (p));
   () = close (a);		       % a module close: sweeps
   () = close (b);		       % drops the queued message; sweeps
   variable c, d;
   (c, d) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = close (c);		       % one more sweep
   () = close (d);
   expect_true ("in flight: the path is gone once every copy is closed", NULL == lstat_file (p));
}
check_orphan_in_flight ();

% A pre-forked worker serves the path after the binding parent closed its
% copy: the path of a live socket is never removed; once the worker is
% gone, the parent's next sweep removes it.
private define check_worker_keeps_path ()
{
   variable p = path_concat (Dir, "worker.sock");
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, p);
   listen (l, 4);
   variable sync_p, sync_c;
   (sync_p, sync_c) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 1;
	try
	  {
	     variable a = accept (l ; timeout=30);
	     () = send (a, "served by the worker");
	     () = recv (sync_c, 10 ; timeout=30);   % until the parent is done
	     rc = 0;
	  }
	catch AnyError;
	_exit (rc);
     }
   () = close (l);		       % the binder's last copy
   expect_true ("worker: the parent's close leaves the path of the live listener", NULL != lstat_file (p));
   variable c = socket (PF_UNIX, SOCK_STREAM, 0);
   variable got = NULL;
   try { connect (c, p ; timeout=5); got = recv (c, 100 ; timeout=10); }
   catch SocketError;
   expect_value ("worker: a client still reaches the worker", got, "served by the worker"B);
   () = close (c);
   () = send (sync_p, "done");
   expect_value ("worker: the worker exited cleanly", reap (pid), 0);
   expect_true ("worker: the stale path is still there until a sweep", NULL != lstat_file (p));
   () = close (sync_p);		       % a module close: sweeps
   () = close (sync_c);
   expect_true ("worker: the parent's next sweep removed the path", NULL == lstat_file (p));
}
check_worker_keeps_path ();

% An orphan whose foreign copy closes last, just before the script ends:
% the sweep at exit removes the path.
private define check_orphan_at_exit ()
{
   variable p = path_concat (Dir, "atexit.sock");
   variable script = path_concat (Dir, "atexit.sl");
   variable fp = fopen (script, "w");
   () = fprintf (fp, "require (\"%s\");\n", path_concat (getcwd (), "harness"));
   () = fprintf (fp, "variable s = socket (PF_UNIX, SOCK_STREAM, 0);\n");
   () = fprintf (fp, "bind (s, \"%s\"); listen (s, 4);\n", p);
   () = fprintf (fp, "variable h = @FD_Type (dup2_fd (s, 204));\n");
   () = fprintf (fp, "() = close (s); () = close (h);\n");
   () = fprintf (fp, "if (NULL == lstat_file (\"%s\")) exit (3);\n", p);
   () = fprintf (fp, "exit (0);\n");
   () = fclose (fp);
   variable slsh = getenv ("SLSH");
   if (slsh == NULL) slsh = "slsh";
   variable rc = system (sprintf ("%s %s", slsh, script));
   expect_value ("orphan at exit: the script ran, the path there until its end", rc, 0);
   expect_true ("orphan at exit: the exit sweep removed the path", NULL == lstat_file (p));
   () = remove (script);
}
check_orphan_at_exit ();

% A path bound with a mode that denies its owner write permission: a
% probe connect gets EACCES (for anyone but root), yet the path is
% removed at close and can be bound again.  Runs as an unprivileged user
% when the test runs as root and setpriv exists.
private define check_unwritable_mode ()
{
   if ((getuid () != 0) || (0 != system ("command -v setpriv >/dev/null 2>&1")))
     {
	() = fprintf (stdout, "# skip: mode without write permission: needs root and setpriv to switch users\n");
	return;
     }
   % the unprivileged user must be able to read this build (a checkout in
   % a private directory is not readable by it)
   variable src = getenv ("SOCKET_MODULE_DIR");
   if (src == NULL) src = path_concat (getcwd (), "../src");
   if (0 != system (sprintf ("setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'test -r %s && test -r %s' 2>/dev/null",
			     path_concat (getcwd (), "harness.sl"), path_concat (src, "socket-module.so"))))
     {
	() = fprintf (stdout, "# skip: mode without write permission: this build is not readable by an unprivileged user here\n");
	return;
     }
   variable d = path_concat (Dir, "nobody");
   () = mkdir (d, 0777);
   () = chmod (Dir, 0711);
   () = chmod (d, 0777);
   variable p = path_concat (d, "ro.sock");
   variable script = path_concat (d, "ro.sl");
   variable fp = fopen (script, "w");
   () = fprintf (fp, "require (\"%s\");\n", path_concat (getcwd (), "harness"));
   () = fprintf (fp, "variable rc = 0, s;\n");
   () = fprintf (fp, "loop (2) {\n");
   () = fprintf (fp, "  s = socket (PF_UNIX, SOCK_STREAM, 0);\n");
   () = fprintf (fp, "  bind (s, \"%s\" ; mode=0400); listen (s, 4);\n", p);
   () = fprintf (fp, "  () = close (s);\n");
   () = fprintf (fp, "  if (NULL != lstat_file (\"%s\")) rc = 3;\n", p);
   () = fprintf (fp, "}\n");
   % narrowed with chmod after bind (its ctime changes too)
   () = fprintf (fp, "s = socket (PF_UNIX, SOCK_STREAM, 0);\n");
   () = fprintf (fp, "bind (s, \"%s\"); listen (s, 4); () = chmod (\"%s\", 0500);\n", p, p);
   () = fprintf (fp, "() = close (s);\n");
   () = fprintf (fp, "if (NULL != lstat_file (\"%s\")) rc = 4;\n", p);
   () = fprintf (fp, "exit (rc);\n");
   () = fclose (fp);
   () = chmod (script, 0644);
   variable slsh = getenv ("SLSH");
   if (slsh == NULL) slsh = "slsh";
   variable rc = system (sprintf ("setpriv --reuid=65534 --regid=65534 --clear-groups %s %s", slsh, script));
   if (rc == 2)
     {
	() = fprintf (stdout, "# skip: mode without write permission: the unprivileged user cannot load this build\n");
	rc = 0;
     }
   expect_value ("mode=0400 as a user: bound, closed and removed, twice; then chmod 0500 after bind", rc, 0);
   expect_true ("mode=0400 as a user: no file left", NULL == lstat_file (p));

   % a stale file of ours without write permission (its process ended
   % without closing the socket) does not block the next bind
   variable script2 = path_concat (d, "ro2.sl");
   fp = fopen (script2, "w");
   () = fprintf (fp, "require (\"%s\"); require (\"fork\");\n", path_concat (getcwd (), "harness"));
   () = fprintf (fp, "variable s = socket (PF_UNIX, SOCK_STREAM, 0);\n");
   () = fprintf (fp, "bind (s, \"%s\" ; mode=0400); listen (s, 4);\n", p);
   () = fprintf (fp, "if (__argv[1] == \"leave\") _exit (0);\n");
   () = fprintf (fp, "() = close (s);\n");
   () = fprintf (fp, "exit (NULL == lstat_file (\"%s\") ? 0 : 5);\n", p);
   () = fclose (fp);
   () = chmod (script2, 0644);
   variable rc1 = system (sprintf ("setpriv --reuid=65534 --regid=65534 --clear-groups %s %s leave", slsh, script2));
   expect_true ("mode=0400 as a user: a process left a stale unwritable file", (rc1 == 0) && (NULL != lstat_file (p)));
   variable rc2 = system (sprintf ("setpriv --reuid=65534 --regid=65534 --clear-groups %s %s close", slsh, script2));
   expect_value ("mode=0400 as a user: the next bind removes it as stale, and its close the new file", rc2, 0);
   () = remove (script2);
   () = remove (p);
   () = remove (script);
   () = rmdir (d);
   () = chmod (Dir, 0700);
}
check_unwritable_mode ();

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
