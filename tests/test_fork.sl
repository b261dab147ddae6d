% test_fork.sl: fork safety, dup_fd, close-on-exec -- SPEC sections 4, 10.
%
% Forked S-Lang children end with _exit(), never exit(): exit would run
% the interpreter's cleanup in the child and disturb the parent.
require ("./harness");
require ("fork");

private variable Tmp = make_temp_dir ();
private variable T = 10.0;
private variable Counter = 0;

private define new_path ()
{
   Counter++;
   return path_concat (Tmp, sprintf ("f%d", Counter));
}

private define is_socket_file (path)
{
   variable st = lstat_file (path);
   return (st != NULL) && stat_is ("sock", st.st_mode);
}

% Wait for a child and return its exit status (or -1).
private define reap (pid)
{
   variable st = waitpid (pid, 0);
   if ((st == NULL) || (st.exited == 0)) return -1;
   return st.exit_status;
}

% Data flows from a client connected to path through the listener l.
private define path_works (l, path)
{
   variable ok = 0;
   try
     {
	variable c = socket (PF_UNIX, SOCK_STREAM, 0);
	connect (c, path ; timeout=T);
	variable a = accept (l ; timeout=T);
	() = sendall (c, "ping" ; timeout=T);
	ok = (recv (a, 10 ; timeout=T) == "ping"B);
     }
   catch AnyError;
   return ok;
}

% --- a forked child does not remove the parent's path ---------------------

private define bind_unix_server (path)
{
   variable l = socket (PF_UNIX, SOCK_STREAM, 0);
   bind (l, path);
   listen (l, 8);
   return l;
}

private define create_unix_server (path)
{
   return create_server (path ; family=AF_UNIX);
}

% how: what the child does with its copy of the listener before _exit
private define child_drops (how, make)
{
   variable path = new_path ();
   variable l = (@make) (path);
   () = fflush (stdout);	       % _exit flushes the child's copy of the buffer
   variable pid = fork ();
   if (pid == 0)
     {
	try
	  {
	     switch (how)
	       { case "close": () = close (l); }
	       { case "drop": l = NULL; }
	       { case "close+drop": () = close (l); l = NULL; }
	       { case "exit": }
	  }
	catch AnyError: { _exit (3); }
	_exit (0);
     }
   variable name = sprintf ("fork (%s listener), child %s", (make == &create_unix_server) ? "create_server" : "bind",
			    how);
   expect_value (name + ": child ran", reap (pid), 0);
   expect_true (name + ": the parent's path is still there", is_socket_file (path));
   expect_true (name + ": the parent's listener still accepts", path_works (l, path));
   l = NULL;
   expect_true (name + ": the parent's drop removes the path", NULL == lstat_file (path));
}

foreach (["close", "drop", "close+drop", "exit"])
{
   variable how = ();
   child_drops (how, &bind_unix_server);
   child_drops (how, &create_unix_server);
}

% A child that binds its own path and drops it does remove that one
% (ownership is per process, not "never in a child").
private define child_owns_its_path ()
{
   variable path = new_path ();
   () = fflush (stdout);	       % _exit flushes the child's copy of the buffer
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 0;
	try
	  {
	     variable l = bind_unix_server (path);
	     if (0 == is_socket_file (path)) rc = 4;
	     l = NULL;
	     if (is_socket_file (path)) rc = 5;
	  }
	catch AnyError: { rc = 3; }
	_exit (rc);
     }
   expect_value ("a child's own listener removes its own path on drop", reap (pid), 0);
   expect_true ("... and the path is gone", NULL == lstat_file (path));
}
child_owns_its_path ();

% --- dup_fd ---------------------------------------------------------------

private define check_dup_stream ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   variable a2 = dup_fd (a);
   () = close (a);
   expect_value ("dup_fd copy of a socketpair end sends", send (a2, "dup"), 3);
   expect_value ("dup_fd socketpair: the peer receives", recv (b, 10 ; timeout=T), "dup"B);
   () = send (b, "back");
   expect_value ("dup_fd socketpair: the copy receives", recv (a2, 10 ; timeout=T), "back"B);
   expect_value ("dup_fd socketpair: getsockname on the copy", getsockname (a2), "");
   expect_error ("dup_fd socketpair: the closed original: EBADF", SocketError, NULL, &send, a, "x" ; errno=EBADF);

   variable srv = create_server ("127.0.0.1", 0), host, port;
   (host, port) = getsockname (srv);
   variable c = create_connection ("127.0.0.1", port ; timeout=T);
   variable s = accept (srv ; timeout=T);
   variable c2 = dup_fd (c);
   () = close (c);
   expect_value ("dup_fd copy of a TCP socket sends", sendall (c2, "tcp" ; timeout=T), 3);
   expect_value ("dup_fd TCP: the peer receives", recv (s, 10 ; timeout=T), "tcp"B);
   variable h, p, h2, p2;
   (h, p) = getsockname (c2);
   (h2, p2) = getpeername (s);
   expect_value ("dup_fd TCP: getsockname on the copy is the peer's view", {h, p}, {h2, p2});
   expect_value ("dup_fd TCP: getblocking on the copy", getblocking (c2), 1);

   % a listener bound to a path: the copy keeps the path alive
   variable path = new_path ();
   variable l = bind_unix_server (path);
   variable l2 = dup_fd (l);
   () = close (l);
   l = NULL;
   expect_true ("dup_fd copy of a path listener: path kept after the original is closed and dropped",
		is_socket_file (path));
   expect_value ("dup_fd path listener: getsockname on the copy", getsockname (l2), path);
   expect_true ("dup_fd path listener: the copy accepts", path_works (l2, path));
   l2 = NULL;
   expect_true ("dup_fd path listener: the path goes with the last copy", NULL == lstat_file (path));
}
check_dup_stream ();

% --- close-on-exec --------------------------------------------------------

% 1 if a child started by system() has descriptor fd open.  The check runs
% in the shell that system() execs (a builtin, so no other process, and no
% redirection that would make the shell open a descriptor itself).
private define inherited (fd)
{
   return 0 == system (sprintf ("test -e /proc/self/fd/%d", fd));
}

% The O_CLOEXEC bit, as the kernel reports it in /proc/self/fdinfo.
private define cloexec_flag (fd)
{
   variable fp = fopen (sprintf ("/proc/self/fdinfo/%d", fd), "r"), line;
   if (fp == NULL) return -1;
   while (-1 != fgets (&line, fp))
     if (0 == strncmp (line, "flags:", 6))
       {
	  variable flags;
	  () = sscanf (strtrim (line[[6:]]), "%o", &flags);
	  () = fclose (fp);
	  return (flags & 02000000) != 0;
       }
   () = fclose (fp);
   return -1;
}

private define check_cloexec (what, f)
{
   variable fd = _fileno (f);
   expect_true (what + ": O_CLOEXEC set", 1 == cloexec_flag (fd));
   expect_true (sprintf ("%s: descriptor %d not inherited by system()", what, fd), 0 == inherited (fd));
}

private define check_exec ()
{
   % the method works: a plain open() is inherited, a closed number is not
   variable plain = open ("/dev/null", O_RDONLY);
   expect_true ("control: open() without O_CLOEXEC is inherited by system()", inherited (_fileno (plain)));
   expect_true ("control: its O_CLOEXEC bit is clear", 0 == cloexec_flag (_fileno (plain)));
   expect_true ("control: descriptor 999 is not open in the child", 0 == inherited (999));

   variable s = socket (PF_INET, SOCK_STREAM, 0);
   check_cloexec ("socket()", s);
   check_cloexec ("dup_fd() of an unbound socket", dup_fd (s));
   variable s6 = socket (PF_INET6, SOCK_DGRAM, 0);
   check_cloexec ("dup_fd() of an IPv6 datagram socket", dup_fd (s6));
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   check_cloexec ("socketpair() first", a);
   check_cloexec ("socketpair() second", b);

   variable srv = create_server ("127.0.0.1", 0), host, port;
   check_cloexec ("create_server()", srv);
   (host, port) = getsockname (srv);
   variable c = create_connection ("127.0.0.1", port ; timeout=T);
   check_cloexec ("create_connection()", c);
   variable acc = accept (srv ; timeout=T);
   check_cloexec ("accept()", acc);

   variable path = new_path ();
   variable us = create_server (path ; family=AF_UNIX);
   check_cloexec ("create_server() on a path", us);
   variable uc = socket (PF_UNIX, SOCK_STREAM, 0);
   connect (uc, path ; timeout=T);
   variable ua = accept (us ; timeout=T);
   check_cloexec ("accept() on a path", ua);
   variable ud = dup_fd (us);
   check_cloexec ("dup_fd() of a path listener", ud);

   % descriptors received with recv_fds, though the sent one was inheritable
   () = send_fds (a, "f", [plain] ; timeout=T);
   variable d, fds;
   (d, fds) = recv_fds (b, 10, 2 ; timeout=T);
   expect_value ("recv_fds: one descriptor", length (fds), 1);
   if (length (fds) == 1)
     check_cloexec ("recv_fds() received descriptor", fds[0]);

   % system() while they are all open is fine, and they are still usable
   () = send (a, "still");
   expect_value ("sockets still work after system()", recv (b, 10 ; timeout=T), "still"B);
}
check_exec ();

% --- the forked child's sockets work, the parent's too --------------------

private define check_fork_io ()
{
   variable a, b;
   (a, b) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = fflush (stdout);	       % _exit flushes the child's copy of the buffer
   variable pid = fork ();
   if (pid == 0)
     {
	variable rc = 0;
	try
	  {
	     () = close (a);
	     variable got = recv (b, 10 ; timeout=10);
	     if (got != "hello"B) rc = 4;
	     else () = sendall (b, "HELLO" ; timeout=10);
	  }
	catch AnyError: { rc = 3; }
	_exit (rc);
     }
   () = close (b);
   () = sendall (a, "hello" ; timeout=T);
   expect_value ("fork: the child answers over the inherited pair", recv (a, 10 ; timeout=T), "HELLO"B);
   expect_value ("fork: the child exited 0", reap (pid), 0);
   expect_value ("fork: EOF after the child exited", recv (a, 10 ; timeout=T), ""B);
}
check_fork_io ();

% A pre-fork listener shared by workers: timed accepts in some workers must
% never leave the shared open file non-blocking (a sibling's blocking
% accept would fail with EAGAIN), and getblocking stays what it was.
private define check_prefork_timed_accept ()
{
   variable l = create_server ("127.0.0.1", 0; backlog = 256);
   variable host, port;
   (host, port) = getsockname (l);
   variable nconn = 2000, workers = {}, i;

   % three workers with timed accepts, looping until the parent says stop
   loop (3)
     {
	variable pid = fork ();
	if (pid == 0)
	  {
	     variable rc = 0;
	     try
	       {
		  forever
		    {
		       variable c = NULL;
		       try { c = accept (l; timeout = 0); }
		       catch SocketError: { if (errno != ETIMEDOUT) { rc = 2; break; } }
		       if (c != NULL) () = close (c);
		       if (getblocking (l) != 1) { rc = 3; break; }
		       if (NULL != stat_file (path_concat (Tmp, "stop"))) break;
		    }
	       }
	     catch AnyError: { rc = 4; }
	     _exit (rc);
	  }
	list_append (workers, pid);
     }
   % one worker with plain blocking accepts: EAGAIN here is the bug
   variable bpid = fork ();
   if (bpid == 0)
     {
	rc = 0;
	try
	  {
	     forever
	       {
		  c = accept (l);
		  variable b = recv (c, 1);
		  () = close (c);
		  if (b == "q"B) break;
	       }
	  }
	catch SocketError: { rc = (errno == EAGAIN) ? 5 : 6; }
	_exit (rc);
     }
   % a connect/close storm
   _for i (1, nconn, 1)
     {
	variable s = socket (PF_INET, SOCK_STREAM, 0);
	try { connect (s, host, port; timeout = 5); } catch SocketError;
	() = close (s);
     }
   () = close (open (path_concat (Tmp, "stop"), O_WRONLY|O_CREAT, 0600));
   % a timed worker whose connection a sibling took waits in accept for
   % the next one (the documented overrun): give each one
   variable ok = 1, left = list_to_array (workers), t1 = _time (), st1;
   while (length (left) && (_time () - t1 < 20))
     {
	variable more = {};
	foreach pid (left)
	  {
	     st1 = waitpid (pid, WNOHANG);
	     if ((st1 != NULL) && (st1.pid == pid))
	       {
		  if (st1.exit_status != 0) ok = 0;
	       }
	     else list_append (more, pid);
	  }
	left = list_to_array (more, Int_Type);
	if (length (left) == 0) break;
	s = socket (PF_INET, SOCK_STREAM, 0);
	try { connect (s, host, port; timeout = 5); } catch SocketError;
	() = close (s);
     }
   if (length (left)) { ok = 0; foreach pid (left) { () = kill (pid, SIGKILL); () = waitpid (pid, 0); } }
   expect_true ("pre-fork: timed-accept workers never saw the listener non-blocking", ok);
   % stop the blocking worker: send "q" until it is the one that gets it
   variable brc = -1, t0 = _time ();
   while (_time () - t0 < 20)
     {
	s = socket (PF_INET, SOCK_STREAM, 0);
	try { connect (s, host, port; timeout = 5); () = send (s, "q"); } catch SocketError;
	variable st = waitpid (bpid, WNOHANG);
	() = close (s);
	if ((st != NULL) && (st.pid == bpid)) { brc = st.exit_status; break; }
	st = waitpid (bpid, WNOHANG);
	if ((st != NULL) && (st.pid == bpid)) { brc = st.exit_status; break; }
     }
   if (brc == -1) { () = kill (bpid, SIGKILL); () = waitpid (bpid, 0); }
   expect_value ("pre-fork: the blocking accept never failed with EAGAIN", brc, 0);
   expect_value ("pre-fork: the listener is still blocking", getblocking (l), 1);
   () = remove (path_concat (Tmp, "stop"));
   () = close (l);
}
check_prefork_timed_accept ();

remove_temp_dir (Tmp);
test_done ();
