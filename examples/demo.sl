% demo.sl: an echo server and its client in one process, over loopback.
%
% For TCP over IPv4 (127.0.0.1), TCP over IPv6 (::1) and a unix socket in a
% private temporary directory: bind a listener to port 0 (any free port),
% read the port back with getsockname, connect a client, accept, send a
% line from the client, echo it back from the server, and compare.
%
% Run it from the source tree with "make demo", or after "make install"
% with "slsh demo.sl".  Exit status 0 if every echo came back unchanged.

require ("socket");

() = printf ("socket module %s\n", _socket_module_version_string);

private define write_all (fd, str)
{
   variable n;
   while (strlen (str))
     {
        n = write (fd, str);
        if (n <= 0)
          throw IOError, "write failed: " + errno_string ();
        str = substrbytes (str, n + 1, -1);
     }
}

% Read up to and including a newline (or to end of stream); return the line
% without its newline.
private define read_line (fd)
{
   variable buf, line = "";
   while (0 == is_substr (line, "\n"))
     {
        variable n = read (fd, &buf, 4096);
        if (n < 0)
          throw IOError, "read failed: " + errno_string ();
        if (n == 0)
          break;
        line += buf;
     }
   return strtrim_end (line, "\n");
}

% Exchange one line: client -> server -> client.  Return what came back.
private define echo_once (server, client, msg)
{
   write_all (client, msg + "\n");
   variable line = read_line (server);
   write_all (server, line + "\n");
   return read_line (client);
}

private variable Failures = 0;

private define report (label, where, msg, got)
{
   () = printf ("%-5s %s  sent \"%s\"  got back \"%s\"%s\n", label, where, msg, got,
                (got == msg) ? "" : "  MISMATCH");
   if (got != msg)
     Failures++;
}

private define inet_demo (domain, label, host)
{
   variable s, c, conn, port, peer_host, peer_port, where;

   try
     {
        s = socket (domain, SOCK_STREAM, 0);
        bind (s, host, 0);
     }
   catch SocketError:
     {
        % A host without IPv6 (some containers) cannot do the ::1 leg.
        () = printf ("%-5s skipped: %s\n", label, __get_exception_info ().message);
        return;
     }
   listen (s, 5);
   (host, port) = getsockname (s);
   where = (domain == PF_INET6) ? sprintf ("[%s]:%d", host, port)
                                : sprintf ("%s:%d", host, port);

   c = socket (domain, SOCK_STREAM, 0);
   connect (c, host, port);
   conn = accept (s, &peer_host, &peer_port);

   variable msg = "hello over " + label;
   report (label, where, msg, echo_once (conn, c, msg));

   () = close (c);
   () = close (conn);
   () = close (s);
}

% A fresh directory only we can use, like mkdtemp(3): mkdir fails if the
% name exists, so try another.
private define make_temp_dir ()
{
   variable base = getenv ("TMPDIR");
   if ((base == NULL) || (base == ""))
     base = "/tmp";
   variable i;
   _for i (0, 99, 1)
     {
        variable dir = sprintf ("%s/socket-demo-%d-%d-%d", base, getpid (),
                                int (_time () mod 100000), i);
        if (0 == mkdir (dir, 0700))
          return dir;
     }
   throw IOError, "cannot create a temporary directory in " + base;
}

private define unix_demo ()
{
   variable dir = make_temp_dir ();
   variable path = dir + "/echo.sock";
   variable s, c, conn, peer;

   try
     {
        s = socket (PF_UNIX, SOCK_STREAM, 0);
        bind (s, path);
        listen (s, 5);
        variable where = getsockname (s);

        c = socket (PF_UNIX, SOCK_STREAM, 0);
        connect (c, where);
        conn = accept (s, &peer);

        variable msg = "hello over unix";
        report ("unix", where, msg, echo_once (conn, c, msg));

        () = close (c);
        () = close (conn);
        () = close (s);
     }
   finally
     {
        % Closing the listener removes its socket file; make sure anyway.
        if (NULL != lstat_file (path))
          () = remove (path);
        () = rmdir (dir);
     }
}

inet_demo (PF_INET, "IPv4", "127.0.0.1");
inet_demo (PF_INET6, "IPv6", "::1");
unix_demo ();

if (Failures)
  {
     () = fprintf (stderr, "demo: %d echo(s) came back different\n", Failures);
     exit (1);
  }
() = printf ("demo: all echoes came back unchanged\n");
exit (0);
