% test_sd.sl: systemd socket activation and notification -- SPEC 16
% (sd_listen_fds, sd_listen_fds_with_names, sd_notify), sections 3, 4.
%
% The activation is done by the real systemd-socket-activate (Debian
% package systemd): it listens on a TCP port on 127.0.0.1, one on ::1
% and a unix path, and execs a child slsh script (written to a temp dir)
% with LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES set once the first client
% connects.  The child checks what it adopted, answers one client on
% each socket and reports "ok - "/"not ok - " lines, relayed here.  The
% notifications are received on datagram sockets this test binds (a
% path and an abstract name).  Environment cases that need no real
% descriptors, and the adoption itself over descriptors put at 3 and 4
% with dup2_fd in a forked child, run in this process (so under
% valgrind too).  Nothing waits by sleeping: every wait is a timeout.
require ("./harness");
require ("fork");
require ("fcntl");

private variable T = 10.0;
private variable Tmp = make_temp_dir ();
private variable Here = getcwd ();

private define shq (s)
{
   return "'" + strreplace (string (s), "'", "'\\''") + "'";
}

private define find_in_path (prog)
{
   variable dir;
   foreach dir (strchop (getenv ("PATH"), ':', 0))
     {
        if (dir == "") continue;
        variable p = path_concat (dir, prog);
        variable st = stat_file (p);
        if ((st != NULL) && stat_is ("reg", st.st_mode)) return p;
     }
   return NULL;
}

private define have_ipv6 ()
{
   try
     {
        variable s = socket (PF_INET6, SOCK_STREAM, 0);
        bind (s, "::1", 0);
        () = close (s);
        return 1;
     }
   catch SocketError;
   return 0;
}

% Unset a variable (glibc's putenv removes NAME given without "=").
private define unsetenv (name)
{
   putenv (name);
}

private define clear_listen_env ()
{
   unsetenv ("LISTEN_PID");
   unsetenv ("LISTEN_FDS");
   unsetenv ("LISTEN_FDNAMES");
}

private define is_empty_fd_array (a)
{
   return (typeof (a) == Array_Type) && (_typeof (a) == FD_Type) && (length (a) == 0);
}

% --- bad arguments ------------------------------------------------------------

private define call_listen_q (v) { return sd_listen_fds (; unset_environment=v); }
private define call_names_q (v) { return sd_listen_fds_with_names (; unset_environment=v); }
private define call_notify_q (state, v) { return sd_notify (state; unset_environment=v); }

private define test_bad_args ()
{
   expect_error ("sd_listen_fds (1): NumArgsError", NumArgsError, "sd_listen_fds", &sd_listen_fds, 1);
   expect_error ("sd_listen_fds (1, 2): NumArgsError", NumArgsError, NULL, &sd_listen_fds, 1, 2);
   expect_error ("sd_listen_fds_with_names (1): NumArgsError", NumArgsError, "sd_listen_fds_with_names",
                 &sd_listen_fds_with_names, 1);
   expect_error ("sd_notify (): NumArgsError", NumArgsError, "sd_notify", &sd_notify);
   expect_error ("sd_notify (s, s): NumArgsError", NumArgsError, NULL, &sd_notify, "READY=1", "x");
   expect_error ("sd_notify (Int): TypeMismatchError", TypeMismatchError, NULL, &sd_notify, 1);
   expect_error ("sd_notify (NULL): TypeMismatchError", TypeMismatchError, NULL, &sd_notify, NULL);
   expect_error ("sd_notify (Array): TypeMismatchError", TypeMismatchError, NULL, &sd_notify, ["READY=1"]);
   expect_error ("sd_listen_fds (;unset_environment=\"x\"): TypeMismatchError", TypeMismatchError, NULL,
                 &call_listen_q, "x");
   expect_error ("sd_listen_fds_with_names (;unset_environment=\"x\"): TypeMismatchError",
                 TypeMismatchError, NULL, &call_names_q, "x");
   expect_error ("sd_notify (;unset_environment=\"x\"): TypeMismatchError", TypeMismatchError, NULL,
                 &call_notify_q, "READY=1", "x");
   % a bad argument never consumes the environment
   putenv ("NOTIFY_SOCKET=/nonexistent/notify");
   expect_error ("sd_notify (Int; unset_environment=1): TypeMismatchError", TypeMismatchError, NULL,
                 &call_notify_q, 1, 1);
   expect_value ("a bad argument leaves NOTIFY_SOCKET set", getenv ("NOTIFY_SOCKET"), "/nonexistent/notify");
   unsetenv ("NOTIFY_SOCKET");
}

% --- the environment without real descriptors -----------------------------

% (fds, names) for the current environment, checking both calls agree
private define listen_both (label)
{
   variable depth = _stkdepth ();
   variable a = sd_listen_fds ();
   variable fds, names;
   (fds, names) = sd_listen_fds_with_names ();
   depth = _stkdepth () - depth;
   expect_value (label + ": stack depth", depth, 0);
   return a, fds, names;
}

private define expect_nothing (label)
{
   variable a, fds, names;
   (a, fds, names) = listen_both (label);
   expect_true (label + ": sd_listen_fds gives an empty FD_Type array", is_empty_fd_array (a));
   expect_true (label + ": sd_listen_fds_with_names gives an empty FD_Type array", is_empty_fd_array (fds));
   expect_true (label + ": and an empty String_Type array of names",
                (typeof (names) == Array_Type) && (_typeof (names) == String_Type) && (length (names) == 0));
}

private define test_env_without_fds ()
{
   variable nfd = fd_count ();
   variable me = string (getpid ());
   clear_listen_env ();
   expect_nothing ("no LISTEN_* at all");

   putenv ("LISTEN_FDS=1");
   expect_nothing ("LISTEN_FDS without LISTEN_PID");
   unsetenv ("LISTEN_FDS");
   putenv ("LISTEN_PID=" + me);
   expect_nothing ("LISTEN_PID without LISTEN_FDS");

   % LISTEN_PID of another process: here 1 and the parent (the variables
   % were inherited), and malformed ones
   variable pid;
   foreach pid (["1", string (getppid ()), string (getpid () + 1), "", "abc", me + "x", "0x" + me,
                 "99999999999999999999999"])
     {
        putenv ("LISTEN_PID=" + pid);
        putenv ("LISTEN_FDS=1");
        expect_nothing (sprintf ("LISTEN_PID=\"%s\" (this is %s)", pid, me));
     }

   variable n;
   putenv ("LISTEN_PID=" + me);
   foreach n (["", "0", "-1", "abc", "1x", "0x1", "1.5", "99999999999999999999999", "2147483647"])
     {
        putenv ("LISTEN_FDS=" + n);
        expect_nothing (sprintf ("malformed LISTEN_FDS=\"%s\"", n));
     }

   % unset_environment=1 unsets them even when they are not for us
   putenv ("LISTEN_PID=1");
   putenv ("LISTEN_FDS=2");
   putenv ("LISTEN_FDNAMES=a:b");
   expect_true ("LISTEN_PID=1, unset_environment=1: empty", is_empty_fd_array (sd_listen_fds (; unset_environment=1)));
   expect_true ("sd_listen_fds (;unset_environment=1) unset LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES",
                (getenv ("LISTEN_PID") == NULL) && (getenv ("LISTEN_FDS") == NULL) && (getenv ("LISTEN_FDNAMES") == NULL));
   putenv ("LISTEN_PID=1");
   putenv ("LISTEN_FDS=2");
   putenv ("LISTEN_FDNAMES=a:b");
   variable fds, names;
   (fds, names) = sd_listen_fds_with_names (; unset_environment=1);
   expect_true ("with_names, LISTEN_PID=1, unset_environment=1: empty", is_empty_fd_array (fds) && (length (names) == 0));
   expect_true ("sd_listen_fds_with_names (;unset_environment=1) unset them",
                (getenv ("LISTEN_PID") == NULL) && (getenv ("LISTEN_FDS") == NULL) && (getenv ("LISTEN_FDNAMES") == NULL));
   % unset_environment=0 keeps them
   putenv ("LISTEN_PID=1");
   putenv ("LISTEN_FDS=2");
   () = sd_listen_fds (; unset_environment=0);
   () = sd_listen_fds ();
   expect_value ("unset_environment=0 keeps LISTEN_FDS", getenv ("LISTEN_FDS"), "2");
   clear_listen_env ();
   expect_value ("no descriptor was opened or closed by the environment cases", fd_count (), nfd);
}

% --- adoption of real descriptors, in a forked child ------------------------
%
% The child puts sockets at 3 and 4 with dup2_fd (whatever was there is
% the child's copy of ours: it is not used again), sets LISTEN_* for
% itself and reports through its exit status: 0 if all is well, else
% the number of the first check that failed.

private define flags_cloexec (fd)
{
   return (fcntl_getfd (fd) & FD_CLOEXEC) != 0;
}

private define adoption_child (names_env, want_names)
{
   variable a = socket (PF_INET, SOCK_STREAM, 0);
   bind (a, "127.0.0.1", 0);
   listen (a, 4);
   variable h0, p0;
   (h0, p0) = getsockname (a);
   variable b = socket (PF_UNIX, SOCK_DGRAM, 0);
   % a or b may itself be at 3 or 4: from here on only the copies count
   if (3 != dup2_fd (a, 3)) return 10;
   if (4 != dup2_fd (b, 4)) return 11;
   % dup2 clears the flag: the module must set it
   if (flags_cloexec (3) || flags_cloexec (4)) return 12;
   putenv ("LISTEN_PID=" + string (getpid ()));
   putenv ("LISTEN_FDS=2");
   if (names_env == NULL) unsetenv ("LISTEN_FDNAMES");
   else putenv ("LISTEN_FDNAMES=" + names_env);
   variable depth = _stkdepth ();
   variable fds, names;
   (fds, names) = sd_listen_fds_with_names ();
   if (_stkdepth () != depth) return 13;
   if ((typeof (fds) != Array_Type) || (_typeof (fds) != FD_Type) || (length (fds) != 2)) return 14;
   if ((_typeof (names) != String_Type) || (length (names) != 2)) return 15;
   if ((names[0] != want_names[0]) || (names[1] != want_names[1])) return 16;
   if ((_fileno (fds[0]) != 3) || (_fileno (fds[1]) != 4)) return 17;
   if ((0 == flags_cloexec (3)) || (0 == flags_cloexec (4))) return 18;
   % module sockets: the domain is learned, getsockname works
   if (getsockopt (fds[0], SOL_SOCKET, SO_ACCEPTCONN) != 1) return 19;
   variable h, p;
   (h, p) = getsockname (fds[0]);
   if ((h != h0) || (p != p0)) return 20;
   if (getsockopt (fds[1], SOL_SOCKET, SO_TYPE) != SOCK_DGRAM) return 21;
   if (getenv ("LISTEN_FDS") != "2") return 22;
   % the adopted listener accepts
   variable c = socket (PF_INET, SOCK_STREAM, 0);
   connect (c, h, p; timeout=5);
   variable s = accept (fds[0]; timeout=5);
   if (send (c, "x") != 1) return 23;
   if (recv (s, 1; timeout=5) != "x"B) return 24;
   % the last reference to an adopted socket closes it
   fds = NULL;
   if (-1 != fcntl_getfd (3)) return 25;
   return 0;
}

private define test_adoption (label, names_env, want_names)
{
   () = fflush (stdout);
   variable pid = fork ();
   if (pid == 0)
     {
        variable rc = 99;
        try
          {
             rc = adoption_child (names_env, want_names);
          }
        catch AnyError:
          {
             () = fprintf (stdout, "# %s: child: %s (line %d)\n", label, __get_exception_info ().message, __get_exception_info ().line);
             rc = 98;
          }
        () = fflush (stdout);
        _exit (rc);
     }
   variable st = waitpid (pid, 0);
   variable code = ((st == NULL) || (st.exited == 0)) ? -1 : st.exit_status;
   expect_value (label + " (0, or the number of the failed check)", code, 0);
}

% LISTEN_FDS counts past the open descriptors: libsystemd's
% sd_listen_fds fails with the error of fcntl; here SocketError naming
% the descriptor, the stack unchanged, and no descriptor lost or closed.
private define adopt_too_many ()
{
   return sd_listen_fds ();
}

% The child prints "# failed: WHAT" for each check that fails and exits
% with the number of them (10+ if it could not set up).
private define bad_count_child ()
{
   variable a = socket (PF_INET, SOCK_STREAM, 0);
   if (3 != dup2_fd (a, 3)) return 10;
   variable i;
   _for i (4, 40, 1)
     {
        variable f = @FD_Type (i);  % nothing open at 4..40 in this child
        if (f != NULL) () = close (f);
     }
   putenv ("LISTEN_PID=" + string (getpid ()));
   putenv ("LISTEN_FDS=2");
   () = remove ("/nonexistent/socktest");     % errno is ENOENT now
   variable depth = _stkdepth ();
   variable e = NULL;
   try (e)
     {
        () = sd_listen_fds ();
     }
   catch AnyError;
   depth = _stkdepth () - depth;
   if (e == NULL) return 11;
   variable failed = {};
   if (e.error != SocketError) list_append (failed, "raised " + e.descr + ", not SocketError");
   if (0 == string_match (e.message, "^sd_listen_fds: .*descriptor 4", 1))
     list_append (failed, "message \"" + e.message + "\" does not name sd_listen_fds and descriptor 4");
   if (errno != EBADF) list_append (failed, "errno is " + errno_string (errno) + ", not EBADF");
   if (depth != 0) list_append (failed, sprintf ("stack depth changed by %d", depth));
   if (-1 == fcntl_getfd (3)) list_append (failed, "fd 3 (passed, open) was closed by the failed call");
   variable w;
   foreach w (failed) () = fprintf (stdout, "# LISTEN_FDS=2 with fd 4 closed: failed: %s\n", w);
   return length (failed);
}

private define test_bad_count ()
{
   () = fflush (stdout);
   variable pid = fork ();
   if (pid == 0)
     {
        variable rc = 99;
        try
          rc = bad_count_child ();
        catch AnyError:
          {
             () = fprintf (stdout, "# bad LISTEN_FDS child: %s\n", __get_exception_info ().message);
             rc = 98;
          }
        () = fflush (stdout);
        _exit (rc);
     }
   variable st = waitpid (pid, 0);
   variable code = ((st == NULL) || (st.exited == 0)) ? -1 : st.exit_status;
   expect_value ("LISTEN_FDS=2 with fd 4 closed: SocketError naming fd 4, errno EBADF, stack unchanged, fd 3 left open (failed checks)",
                 code, 0);
}

% --- sd_notify, in this process -----------------------------------------------

private define notify_receiver (addr)
{
   variable r = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (r, addr);
   return r;
}

private define notify (state)
{
   return sd_notify (state);
}

private define test_notify_here ()
{
   variable nfd = fd_count ();
   unsetenv ("NOTIFY_SOCKET");
   expect_value ("sd_notify without NOTIFY_SOCKET: 0", sd_notify ("READY=1"), 0);
   putenv ("NOTIFY_SOCKET=");
   expect_value ("sd_notify with an empty NOTIFY_SOCKET: 0", sd_notify ("READY=1"), 0);
   unsetenv ("NOTIFY_SOCKET");
   expect_value ("sd_notify (;unset_environment=1) without NOTIFY_SOCKET: 0",
                 sd_notify ("READY=1"; unset_environment=1), 0);

   % a path
   variable path = path_concat (Tmp, "notify.sock");
   variable r = notify_receiver (path);
   putenv ("NOTIFY_SOCKET=" + path);
   variable depth = _stkdepth ();
   variable sent = sd_notify ("READY=1\nSTATUS=ok");
   depth = _stkdepth () - depth;
   expect_value ("sd_notify to a path: 1", sent, 1);
   expect_value ("sd_notify left the stack as it was", depth, 0);
   expect_value ("the path receiver got exactly the state", recv (r, 4096; timeout=T), "READY=1\nSTATUS=ok"B);
   expect_value ("NOTIFY_SOCKET stays without unset_environment", getenv ("NOTIFY_SOCKET"), path);
   % a BString state, bytes kept (a NUL too)
   expect_value ("sd_notify with a BString: 1", sd_notify ("STATUS=a\0b"B), 1);
   expect_value ("the BString came whole", recv (r, 4096; timeout=T), "STATUS=a\0b"B);
   % one datagram per call, however long (the kernel's limit is far)
   variable big = "STATUS=" + strjoin (array_map (String_Type, &string, [1:2000]), ",");
   () = sd_notify (big);
   expect_value ("a long state comes as one datagram", recv (r, 65536; timeout=T), typecast (big, BString_Type));
   expect_value ("sd_notify (;unset_environment=1): 1", sd_notify ("STOPPING=1"; unset_environment=1), 1);
   expect_value ("... sent", recv (r, 4096; timeout=T), "STOPPING=1"B);
   expect_value ("... and unset NOTIFY_SOCKET", getenv ("NOTIFY_SOCKET"), NULL);
   expect_value ("... so the next one gives 0", sd_notify ("READY=1"), 0);
   () = close (r);

   % an abstract name: NOTIFY_SOCKET="@name" means "\0name"
   variable name = sprintf ("socktest-sd-%d", getpid ());
   r = notify_receiver ("\0"B + name);
   putenv ("NOTIFY_SOCKET=@" + name);
   expect_value ("sd_notify to @abstract: 1", sd_notify ("READY=1\nSTATUS=ok"), 1);
   expect_value ("the abstract receiver got exactly the state", recv (r, 4096; timeout=T), "READY=1\nSTATUS=ok"B);
   () = close (r);
   % nobody bound to the abstract name any more
   expect_error ("sd_notify to an unbound @abstract: SocketError/ECONNREFUSED", SocketError, "sd_notify",
                 &notify, "READY=1"; errno=ECONNREFUSED);

   % a missing path; a stale socket file
   putenv ("NOTIFY_SOCKET=" + path_concat (Tmp, "missing.sock"));
   expect_error ("sd_notify to a missing path: SocketError/ENOENT", SocketError, "sd_notify",
                 &notify, "READY=1"; errno=ENOENT);
   variable stale = path_concat (Tmp, "stale.sock");
   r = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (r, stale; unlink=0);
   () = close (r);
   putenv ("NOTIFY_SOCKET=" + stale);
   expect_error ("sd_notify to a stale socket file: SocketError/ECONNREFUSED", SocketError, "sd_notify",
                 &notify, "READY=1"; errno=ECONNREFUSED);
   () = remove (stale);
   % a path too long for sun_path is not truncated
   putenv ("NOTIFY_SOCKET=/" + strjoin (array_map (String_Type, &string, [1:60]), ""));
   expect_error ("sd_notify to an over-long path: InvalidParmError", InvalidParmError, NULL,
                 &notify, "READY=1");
   unsetenv ("NOTIFY_SOCKET");
   expect_value ("sd_notify: no descriptor leaked", fd_count (), nfd);
}

% --- the real systemd-socket-activate ------------------------------------

private variable Child_Script = `
% written by tests/test_sd.sl: run by systemd-socket-activate
require ("fcntl");
variable P4 = integer (__argv[1]), P6 = integer (__argv[2]), Upath = __argv[3];
variable Notify_Abstract = __argv[4];
variable Families = [PF_INET, PF_INET6, PF_UNIX];
variable Labels = ["tcp4", "tcp6", "local"];
if (P6 == 0) { Families = [PF_INET, PF_UNIX]; Labels = ["tcp4", "local"]; }
variable N = length (Labels);

define cloexec_fdinfo (fd)
{
   variable fp = fopen (sprintf ("/proc/self/fdinfo/%d", fd), "r");
   if (fp == NULL) return -1;
   variable line, flags = -1;
   while (-1 != fgets (&line, fp))
     if (1 == sscanf (line, "flags: %o", &flags)) break;
   () = fclose (fp);
   return (flags & 02000000) != 0;    % O_CLOEXEC
}
define cloexec (fd) { return (fcntl_getfd (fd) & FD_CLOEXEC) != 0; }

define empty_fds (a) { return (typeof (a) == Array_Type) && (_typeof (a) == FD_Type) && (length (a) == 0); }

define main ()
{
   variable i, fd;
   variable pid = getenv ("LISTEN_PID"), nfds = getenv ("LISTEN_FDS"), fdnames = getenv ("LISTEN_FDNAMES");
   expect_value ("LISTEN_PID is this process", pid, string (getpid ()));
   expect_value ("LISTEN_FDS", nfds, string (N));
   expect_value ("LISTEN_FDNAMES from --fdname", fdnames, strjoin (Labels, ":"));
   _for i (0, N - 1, 1)
     {
        expect_value (sprintf ("fd %d is inherited, not close-on-exec (fcntl)", 3 + i), cloexec (3 + i), 0);
        expect_value (sprintf ("fd %d is not close-on-exec (fdinfo)", 3 + i), cloexec_fdinfo (3 + i), 0);
     }

   % the real descriptors are there, but the variables do not let us take them
   putenv ("LISTEN_PID=" + string (getppid ()));
   expect_true ("LISTEN_PID of the parent: empty", empty_fds (sd_listen_fds ()));
   putenv ("LISTEN_PID=" + string (getpid () + 1));
   expect_true ("LISTEN_PID of another pid: empty", empty_fds (sd_listen_fds ()));
   putenv ("LISTEN_PID=" + pid);
   variable bad;
   foreach bad (["", "zero", sprintf ("%dx", N), "-3", "0"])
     {
        putenv ("LISTEN_FDS=" + bad);
        variable f, nm;
        (f, nm) = sd_listen_fds_with_names ();
        expect_true (sprintf ("malformed LISTEN_FDS=\"%s\": empty", bad), empty_fds (f) && (length (nm) == 0));
     }
   putenv ("LISTEN_FDS=" + nfds);
   _for i (0, N - 1, 1)
     expect_value (sprintf ("fd %d untouched by the refused calls", 3 + i), cloexec (3 + i), 0);

   % the real call
   variable depth = _stkdepth ();
   variable fds, names;
   (fds, names) = sd_listen_fds_with_names (; unset_environment=1);
   depth = _stkdepth () - depth;
   expect_value ("sd_listen_fds_with_names: stack", depth, 0);
   expect_true ("an Array of FD_Type", (typeof (fds) == Array_Type) && (_typeof (fds) == FD_Type));
   expect_value ("the count", length (fds), N);
   expect_true ("names is an Array of String_Type", (typeof (names) == Array_Type) && (_typeof (names) == String_Type));
   expect_value ("the names (--fdname)", strjoin (names, ":"), strjoin (Labels, ":"));
   expect_value ("unset_environment=1 unset LISTEN_PID", getenv ("LISTEN_PID"), NULL);
   expect_value ("unset_environment=1 unset LISTEN_FDS", getenv ("LISTEN_FDS"), NULL);
   expect_value ("unset_environment=1 unset LISTEN_FDNAMES", getenv ("LISTEN_FDNAMES"), NULL);
   expect_true ("a second call gives an empty array", empty_fds (sd_listen_fds ()));
   variable f2, n2;
   (f2, n2) = sd_listen_fds_with_names ();
   expect_true ("a second call with names gives empty arrays", empty_fds (f2) && (length (n2) == 0));
   if (length (fds) != N) return;

   _for i (0, N - 1, 1)
     {
        fd = fds[i];
        variable l = Labels[i];
        expect_value (l + ": descriptor number", _fileno (fd), 3 + i);
        expect_value (l + ": close-on-exec now (fcntl)", cloexec (fd), 1);
        expect_value (l + ": close-on-exec now (fdinfo)", cloexec_fdinfo (3 + i), 1);
        expect_value (l + ": SO_ACCEPTCONN", getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        expect_value (l + ": SO_DOMAIN", getsockopt (fd, SOL_SOCKET, SO_DOMAIN), Families[i]);
        expect_value (l + ": SO_TYPE", getsockopt (fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
        variable a = {getsockname (fd)};
        switch (Families[i])
          { case PF_INET: expect_value (l + ": getsockname", a, {"127.0.0.1", P4}); }
          { case PF_INET6: expect_value (l + ": getsockname", a, {"::1", P6}); }
          { case PF_UNIX: expect_value (l + ": getsockname", a, {Upath}); }
     }
   % accept one client on each and answer it
   _for i (0, N - 1, 1)
     {
        l = Labels[i];
        try
          {
             variable c = accept (fds[i]; timeout=10);
             variable got = recv (c, 100; timeout=10);
             () = sendall (c, l + " got: " + got; timeout=10);
             () = close (c);
             test_pass (l + ": accepted and answered");
          }
        catch AnyError:
          test_fail (l + ": accept and answer", __get_exception_info ().message);
     }
   % adopted sockets own no path: closing the unix one leaves the
   % activator's file
   () = close (fds[N - 1]);
   variable st = lstat_file (Upath);
   expect_true ("closing the adopted unix listener leaves its path", (st != NULL) && stat_is ("sock", st.st_mode));

   % notifications, as a service sends them
   variable ns = getenv ("NOTIFY_SOCKET");
   expect_true ("NOTIFY_SOCKET passed with -E", ns != NULL);
   expect_value ("sd_notify to the path", sd_notify ("READY=1\nSTATUS=ok"), 1);
   putenv ("NOTIFY_SOCKET=@" + Notify_Abstract);
   expect_value ("sd_notify to @abstract", sd_notify ("READY=1\nSTATUS=ok"; unset_environment=1), 1);
   expect_value ("sd_notify (;unset_environment=1) unset NOTIFY_SOCKET", getenv ("NOTIFY_SOCKET"), NULL);
   expect_value ("sd_notify without NOTIFY_SOCKET: 0", sd_notify ("STATUS=gone"), 0);
}
main ();
test_done ();
`;

private define recv_nothing (s)
{
   try
     {
        () = recv (s, 4096, MSG_DONTWAIT);
        return 0;
     }
   catch SocketError: { if (errno == EAGAIN) return 1; }
   return 0;
}


private define free_port (family)
{
   variable s = socket (family, SOCK_STREAM, 0);
   bind (s, (family == PF_INET6) ? "::1" : "127.0.0.1", 0);
   variable h, p;
   (h, p) = getsockname (s);
   () = close (s);
   return p;
}

% Read lines from the activator until it has reported all its listeners
% (1) or ended (0).  Any other line is kept in out.
private define wait_listening (fp, n, out)
{
   variable line, seen = 0;
   while (seen < n)
     {
        if (-1 == fgets (&line, fp)) return 0;
        if (string_match (line, "^Listening on .* as [0-9]+\\.$", 1)) seen++;
        else list_append (out, line);
     }
   return 1;
}

private define relay (label, line)
{
   line = strtrim_end (line, "\n");
   if (0 == strncmp (line, "ok - ", 5))
     {
        test_pass (label + ": " + line[[5:]]);
        return 0;
     }
   if (0 == strncmp (line, "not ok - ", 9))
     {
        test_fail (label + ": " + line[[9:]], "(reported by the child)");
        return 0;
     }
   if (string_match (line, "^[0-9]+ passed, [0-9]+ failed$", 1))
     return 1;
   () = fprintf (stdout, "# %s: %s\n", label, line);
   return 0;
}

private define test_activation ()
{
   variable label = "activated";
   variable six = have_ipv6 ();
   if (six == 0)
     () = fprintf (stdout, "# skip the ::1 listener: no IPv6 loopback\n");
   variable script = path_concat (Tmp, "activated.sl");
   variable fp = fopen (script, "w");
   () = fputs ("require (\"" + path_concat (Here, "harness") + "\");\n", fp);
   () = fputs (Child_Script, fp);
   () = fclose (fp);
   variable upath = path_concat (Tmp, "activated.sock");
   variable npath = path_concat (Tmp, "activated-notify.sock");
   variable nabs = sprintf ("socktest-sd-child-%d", getpid ());
   variable rpath = notify_receiver (npath), rabs = notify_receiver ("\0"B + nabs);
   variable slsh = getenv ("SLSH");
   if ((slsh == NULL) || (slsh == "")) slsh = "slsh";
   if (path_basename (slsh) == slsh)
     {
        variable p = find_in_path (slsh);
        if (p != NULL) slsh = p;
     }
   variable timeout = (find_in_path ("timeout") != NULL) ? "timeout 60 " : "";
   % the activator passes on only what -E names: the build to load, and
   % the sanitizer runtime of make check-asan
   variable env = " -E TEST_VERBOSE=1 -E " + shq ("NOTIFY_SOCKET=" + npath), v;
   foreach v (["SOCKET_MODULE_DIR", "LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS"])
     if (getenv (v) != NULL) env += " -E " + v;

   variable attempt, p4, p6, out, ok = 0, n = six ? 3 : 2;
   _for attempt (1, 8, 1)
     {
        p4 = free_port (PF_INET);
        p6 = six ? free_port (PF_INET6) : 0;
        () = remove (upath);
        variable cmd = timeout + "systemd-socket-activate"
          + sprintf (" -l 127.0.0.1:%d", p4)
          + (six ? sprintf (" -l '[::1]:%d'", p6) : "")
          + " -l " + shq (upath)
          + " --fdname=" + (six ? "tcp4:tcp6:local" : "tcp4:local")
          + env + " " + shq (slsh) + " " + shq (script)
          + sprintf (" %d %d %s %s", p4, p6, shq (upath), shq (nabs)) + " </dev/null 2>&1";
        fp = popen (cmd, "r");
        out = {};
        if (wait_listening (fp, n, out))
          {
             ok = 1;
             break;
          }
        variable l;
        foreach l (out) () = fprintf (stdout, "# activator (attempt %d): %s", attempt, l);
        () = pclose (fp);             % a port was taken meanwhile: again
     }
   expect_true ("systemd-socket-activate listens", ok);
   if (ok == 0) return;

   % The first connection makes the activator exec the child; the
   % listeners are the activator's, so every connect succeeds at once.
   variable addrs = {{PF_INET, "127.0.0.1", p4}, {PF_UNIX, upath}};
   variable names = {"tcp4", "local"};
   if (six)
     {
        list_insert (addrs, {PF_INET6, "::1", p6}, 1);
        list_insert (names, "tcp6", 1);
     }
   variable i, socks = {};
   _for i (0, n - 1, 1)
     {
        variable a = addrs[i];
        variable s = socket (a[0], SOCK_STREAM, 0);
        try
          {
             connect (s, __push_list (a[[1:]]); timeout=T);
             () = sendall (s, "hello " + names[i]; timeout=T);
             shutdown (s, SHUT_WR);
             test_pass ("connected to the activated " + names[i] + " listener");
          }
        catch SocketError:
          test_fail ("connect to the activated " + names[i] + " listener", __get_exception_info ().message);
        list_append (socks, s);
     }
   _for i (0, n - 1, 1)
     {
        variable got = ""B, d;
        try
          {
             do
               {
                  d = recv (socks[i], 100; timeout=T);
                  got += d;
               }
             while (bstrlen (d));
          }
        catch SocketError:
          test_fail (names[i] + ": read the answer", __get_exception_info ().message);
        expect_value (names[i] + ": the activated script's answer", got,
                      typecast (names[i] + " got: hello " + names[i], BString_Type));
        () = close (socks[i]);
     }

   variable line, summary = 0, what;
   foreach line (out) () = fprintf (stdout, "# %s: %s", label, line);
   while (-1 != fgets (&line, fp))
     summary |= relay (label, line);
   variable rc = pclose (fp);
   expect_true ("the activated script ran to its summary line", summary);
   expect_value ("the activated script's exit status", rc, 0);

   % what the child sent to the receivers
   foreach what (["path", "@abstract"])
     {
        variable r = (what == "path") ? rpath : rabs;
        try
          expect_value ("the " + what + " receiver got exactly the child's state",
                        recv (r, 4096; timeout=T), "READY=1\nSTATUS=ok"B);
        catch SocketError:
          test_fail ("the " + what + " receiver got the child's state", __get_exception_info ().message);
     }
   expect_value ("nothing more came to the path receiver", recv_nothing (rpath), 1);
   () = close (rpath);
   () = close (rabs);
   () = remove (script);
   () = remove (upath);
}

% --- main -------------------------------------------------------------------

try
  {
     test_bad_args ();
     test_env_without_fds ();
     test_adoption ("adopting fds 3 and 4 with LISTEN_FDNAMES=first:second", "first:second", ["first", "second"]);
     test_adoption ("fewer names than fds: unknown", "first", ["first", "unknown"]);
     test_adoption ("no LISTEN_FDNAMES: unknown", NULL, ["unknown", "unknown"]);
     test_adoption ("an empty name is kept", ":second", ["", "second"]);
     test_bad_count ();
     test_notify_here ();
     if (NULL == find_in_path ("systemd-socket-activate"))
       () = fprintf (stdout, "# skip the activation tests: systemd-socket-activate is not installed (Debian package systemd)\n");
     else
       test_activation ();
  }
finally
  {
     remove_temp_dir (Tmp);
  }
test_done ();
