% activated_echo.sl: an echo service that systemd (or inetd, or
% systemd-socket-activate) starts on the first connection.
%
%   slsh activated_echo.sl [--host ADDR] [--port N] [--once-clients K] [--idle SECS]
%
% Started by socket activation, it serves the listening sockets it was
% given (sd_listen_fds: LISTEN_FDS, LISTEN_PID) and ignores --host and
% --port.  A passed socket that is already a connection (systemd's
% Accept=yes, or systemd-socket-activate -a: one process per client) is
% served as the one client.  Started by hand, with nothing passed, it
% listens itself with create_server on --host (default 127.0.0.1) and
% --port (default 7007; 0 lets the system pick one).  Either way it
% tells systemd it is ready with sd_notify ("READY=1"), which does
% nothing (returns 0) when NOTIFY_SOCKET is not set, so the same script
% runs under a Type=notify service, under systemd-socket-activate and
% in a terminal.
%
% The first line printed says what it serves:
%   activated_echo: 2 sockets from socket activation (echo:echo)
%   activated_echo: listening on 127.0.0.1 port 7007
% Every client gets back every byte it sends, until it closes its end.
% With --once-clients K the service exits (status 0) after K clients
% have come and gone; after --idle SECS without a client (default: never)
% it exits too, and systemd starts it again on the next connection.
%
% Under systemd: activated_echo.socket and activated_echo.service, beside
% this script, are the unit files (see the comments in them).  Try it
% without systemd, from the source tree:
%
%   systemd-socket-activate -l 127.0.0.1:7007 ./slsh-tree examples/activated_echo.sl
%   (another terminal)  nc 127.0.0.1 7007

require ("socket");

private define usage ()
{
   () = fprintf (stderr, "usage: %s [--host ADDR] [--port N] [--once-clients K] [--idle SECS]\n",
                 path_basename (__argv[0]));
   exit (2);
}

private define parse_args ()
{
   variable opts = struct {host = "127.0.0.1", port = 7007, once_clients = -1, idle = -1.0};
   variable i = 1;
   while (i < __argc)
     {
        variable a = __argv[i];
        if (i + 1 >= __argc) usage ();
        variable v = __argv[i + 1];
        switch (a)
          { case "--host": opts.host = v; }
          { case "--port": opts.port = integer (v); }
          { case "--once-clients": opts.once_clients = integer (v); }
          { case "--idle": opts.idle = atof (v); }
          { usage (); }
        i += 2;
     }
   return opts;
}

private define log_msg ()
{
   variable args = __pop_args (_NARGS);
   () = fprintf (stdout, "activated_echo: %s\n", sprintf (__push_args (args)));
   () = fflush (stdout);
}

private variable Opts, Lp;
private variable Clients = 0, Served = 0, Last_Activity = _ftime ();

private define client_done (fd, id)
{
   eventloop_unwatch (Lp, id);         % unwatch first, then close
   () = close (fd);
   Clients--;
   Served++;
   Last_Activity = _ftime ();
   if ((Opts.once_clients > 0) && (Served >= Opts.once_clients))
     eventloop_stop (Lp);
}

% A client sent something (or closed its end): send it back.  The
% client's socket is non-blocking; sendall waits (with poll, at most 30
% seconds) only if the client does not read what it gets.
private define on_client (fd, revents, cl)
{
   Last_Activity = _ftime ();
   variable data;
   try
     {
        data = recv (fd, 65536);
        if (bstrlen (data))
          {
             () = sendall (fd, data; timeout=30);
             return;
          }
     }
   catch SocketError:
     {
        if ((errno == EAGAIN) || (errno == EWOULDBLOCK) || (errno == EINTR))
          return;
        % ECONNRESET, EPIPE, ETIMEDOUT: the client is gone
     }
   client_done (fd, cl.id);
}

private define serve_client (c)
{
   setblocking (c, 0);
   variable cl = struct {id};
   cl.id = eventloop_watch (Lp, c, POLLIN, &on_client, cl);
   Clients++;
}

private define on_accept (listener, revents)
{
   variable c;
   try
     c = accept (listener);
   catch SocketError:
     {
        if ((errno == EAGAIN) || (errno == EWOULDBLOCK) || (errno == EINTR)
            || (errno == ECONNABORTED))
          return;
        throw;
     }
   Last_Activity = _ftime ();
   serve_client (c);
}

private define check_idle ()
{
   if ((Clients == 0) && (_ftime () - Last_Activity >= Opts.idle))
     {
        log_msg ("idle for %g seconds, exiting", Opts.idle);
        eventloop_stop (Lp);
     }
}

% Tell systemd (a no-op without NOTIFY_SOCKET); a notification that
% cannot be sent is reported, it does not stop the service.
private define notify (state)
{
   try
     {
        () = sd_notify (state);
     }
   catch SocketError:
     {
        () = fprintf (stderr, "activated_echo: %s\n", __get_exception_info ().message);
     }
}

private define main ()
{
   Opts = parse_args ();
   Lp = eventloop_new ();

   % unset_environment=1: programs this one starts must not take them
   variable fds, names;
   (fds, names) = sd_listen_fds_with_names (; unset_environment=1);
   if (length (fds))
     log_msg ("%d socket%s from socket activation (%s)", length (fds),
              (length (fds) == 1) ? "" : "s", strjoin (names, ":"));
   else
     {
        try
          fds = [create_server (Opts.host, Opts.port)];
        catch SocketError:
          {
             % a busy port (EADDRINUSE) and the like: one line, not a traceback
             () = fprintf (stderr, "activated_echo: %s\n", __get_exception_info ().message);
             exit (1);
          }
        variable host, port;
        (host, port) = getsockname (fds[0]);
        log_msg ("listening on %s port %d", host, port);
     }

   variable fd, listeners = 0;
   foreach fd (fds)
     {
        if (getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN))
          {
             listeners++;
             setblocking (fd, 0);   % a client that vanishes must not hang accept
             () = eventloop_watch (Lp, fd, POLLIN, &on_accept);
          }
        else
          serve_client (fd);        % Accept=yes: this is the connection
     }
   if ((Opts.idle >= 0) && listeners)
     () = eventloop_every (Lp, (Opts.idle < 0.5) ? ((Opts.idle > 0) ? Opts.idle : 0.01) : 0.5, &check_idle);

   notify (sprintf ("READY=1\nSTATUS=serving %d socket%s", length (fds),
                    (length (fds) == 1) ? "" : "s"));
   eventloop_run (Lp);                % until --once-clients or --idle stops it
   notify ("STOPPING=1");
   log_msg ("served %d client%s", Served, (Served == 1) ? "" : "s");
}

main ();
exit (0);
