% echo_server.sl: a TCP echo server for many clients at once, with the
% event loop.
%
%   slsh echo_server.sl [--host ADDR] [--port N] [--once-clients K] [--idle SECS]
%
% One process, no threads, no fork: the listening socket and every client
% are non-blocking, and each has a callback that eventloop_run calls when
% it is ready (eventloop_watch, as Tcl's fileevent).  A wakeup costs time
% in proportion to the clients that are ready, not to all of them, so the
% same script serves ten clients or ten thousand.  Each client has its own
% output buffer: what it sends is queued and written back as fast as the
% client reads it (a client that does not read stops being read from once
% 1 MB is queued, so memory stays bounded).  echo_server_poll.sl is the
% same server written with poll().
%
% The first line printed is "echo_server: listening on HOST port N"; with
% --port 0 (the default) the system picks a free port, and that line tells
% which.  --host defaults to 127.0.0.1 (use ::1 for IPv6).  With
% --once-clients K the server exits after K clients have come and gone;
% it always exits after --idle seconds (default 60) without any activity.
% When the process runs out of descriptors (EMFILE), it stops watching the
% listener, serves the clients it has, and accepts again when one leaves.
%
% Try it:   slsh echo_server.sl --port 7000
%           (another terminal)  nc 127.0.0.1 7000
% or run it from the source tree as the README shows.

require ("socket");

private variable Max_Queued = 1024 * 1024;
private variable Chunk = 65536;

private define usage ()
{
   () = fprintf (stderr, "usage: %s [--host ADDR] [--port N] [--once-clients K] [--idle SECS]\n",
                 path_basename (__argv[0]));
   exit (2);
}

private define parse_args ()
{
   variable opts = struct {host = "127.0.0.1", port = 0, once_clients = -1, idle = 60.0};
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
   () = fprintf (stdout, "echo_server: %s\n", sprintf (__push_args (args)));
   () = fflush (stdout);
}

% The state of the server, shared by the callbacks.
private variable Opts, Lp, Listener;
private variable Listen_Id = 0;        % 0: not watching the listener (EMFILE)
private variable Clients = Assoc_Type[Struct_Type];   % by watch id
private variable Served = 0, Last_Activity = _ftime ();

private define on_client ();
private define on_accept ();

% Watch the listener (again).
private define watch_listener ()
{
   if (Listen_Id == 0)
     Listen_Id = eventloop_watch (Lp, Listener, POLLIN, &on_accept);
}

% What the client should be watched for: POLLIN unless its queue is full
% or it has finished sending, POLLOUT while something is queued.
private define wanted (cl)
{
   variable ev = 0;
   if ((cl.eof == 0) && (bstrlen (cl.out) < Max_Queued))
     ev |= POLLIN;
   if (bstrlen (cl.out))
     ev |= POLLOUT;
   return ev;
}

% A descriptor has one watch: to change its events, watch it anew.
private define set_events (cl, ev)
{
   if (ev == cl.events) return;
   eventloop_unwatch (Lp, cl.id);
   assoc_delete_key (Clients, string (cl.id));
   cl.id = eventloop_watch (Lp, cl.fd, ev, &on_client, cl);
   cl.events = ev;
   Clients[string (cl.id)] = cl;
}

private define drop_client (cl)
{
   eventloop_unwatch (Lp, cl.id);     % unwatch first, then close
   assoc_delete_key (Clients, string (cl.id));
   () = close (cl.fd);
   Served++;
   watch_listener ();                  % a descriptor is free again
   if ((Opts.once_clients >= 0) && (Served >= Opts.once_clients)
       && (length (Clients) == 0))
     eventloop_stop (Lp);
}

% Read what the client sent and queue it.  0 when the client is finished
% with (error), 1 otherwise.
private define read_client (cl)
{
   variable data;
   try
     {
        data = recv (cl.fd, Chunk);
     }
   catch SocketError:
     {
        if ((errno == EAGAIN) || (errno == EWOULDBLOCK) || (errno == EINTR))
          return 1;
        return 0;                      % ECONNRESET and the like
     }
   if (bstrlen (data) == 0)
     cl.eof = 1;                       % orderly end: flush, then close
   else
     cl.out += data;
   return 1;
}

% Write as much of the queue as the socket takes.  0 on error.
private define write_client (cl)
{
   variable n;
   try
     {
        n = send (cl.fd, cl.out);
     }
   catch SocketError:
     {
        if ((errno == EAGAIN) || (errno == EWOULDBLOCK) || (errno == EINTR))
          return 1;
        return 0;                      % EPIPE, ECONNRESET: the client left
     }
   cl.out = cl.out[[n:]];
   return 1;
}

% The callback of a client: cb (fd, revents, args...).
private define on_client (fd, revents, cl)
{
   Last_Activity = _ftime ();
   variable ok = 1;
   if ((revents & (POLLIN | POLLHUP | POLLERR)) && (cl.events & POLLIN))
     ok = read_client (cl);
   if (ok && bstrlen (cl.out))
     ok = write_client (cl);          % at once: it is usually writable
   if ((ok == 0) || (cl.eof && (bstrlen (cl.out) == 0))
       || ((revents & (POLLHUP | POLLERR)) && ((cl.events & POLLIN) == 0)
           && (bstrlen (cl.out) == 0)))
     {
        drop_client (cl);
        return;
     }
   set_events (cl, wanted (cl));
}

% Accept every pending connection (the listener is non-blocking).
private define on_accept (fd, revents)
{
   Last_Activity = _ftime ();
   forever
     {
        variable host, port, c;
        try
          {
             c = accept (Listener, &host, &port);
          }
        catch SocketError:
          {
             if ((errno == EAGAIN) || (errno == EWOULDBLOCK) || (errno == EINTR)
                 || (errno == ECONNABORTED))
               return;
             if ((errno == EMFILE) || (errno == ENFILE))
               {
                  % The listener stays readable (level-triggered): stop
                  % watching it, or the loop would call us at once again.
                  log_msg ("out of descriptors with %d clients: not accepting until one leaves",
                           length (Clients));
                  eventloop_unwatch (Lp, Listen_Id);
                  Listen_Id = 0;
                  return;
               }
             throw;
          }
        setblocking (c, 0);
        variable cl = struct {fd = c, host = host, port = port, out = ""B, eof = 0,
                              id, events = POLLIN};
        cl.id = eventloop_watch (Lp, c, POLLIN, &on_client, cl);
        Clients[string (cl.id)] = cl;
     }
}

% A timer: stop after --idle seconds without activity.
private define check_idle ()
{
   if (_ftime () - Last_Activity >= Opts.idle)
     {
        log_msg ("idle for %g seconds, exiting", Opts.idle);
        eventloop_stop (Lp);
     }
}

private define main ()
{
   Opts = parse_args ();
   try
     Listener = create_server (Opts.host, Opts.port; backlog=SOMAXCONN);
   catch SocketError:
     {
        % a busy port (EADDRINUSE) and the like: one line, not a traceback
        () = fprintf (stderr, "echo_server: %s\n", __get_exception_info ().message);
        exit (1);
     }
   setblocking (Listener, 0);
   variable host, port;
   (host, port) = getsockname (Listener);
   log_msg ("listening on %s port %d", host, port);

   Lp = eventloop_new ();
   watch_listener ();
   variable step = (Opts.idle < 0.5) ? Opts.idle : 0.5;
   if (step <= 0) step = 0.01;
   () = eventloop_every (Lp, step, &check_idle);

   if ((Opts.once_clients < 0) || (Opts.once_clients > 0))
     eventloop_run (Lp);               % until once-clients or idle stops it

   variable cl;
   foreach cl (Clients)
     () = close (cl.fd);
   () = close (Listener);
   log_msg ("served %d clients", Served);
}

main ();
exit (0);
