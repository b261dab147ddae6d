% echo_server_poll.sl: a TCP echo server for many clients at once, with poll().
%
%   slsh echo_server_poll.sl [--host ADDR] [--port N] [--once-clients K] [--idle SECS]
%
% One process, no threads, no fork: the listening socket and every client
% are non-blocking, and one poll() call waits for all of them.  This is
% the poll() version of echo_server.sl, which does the same with the
% event loop (eventloop_watch): here the script builds the array of
% descriptors itself on every round, which costs time in proportion to
% the number of clients, busy or not; fine for dozens of clients, not for
% thousands.  Each client
% has its own output buffer: what it sends is queued and written back as
% fast as the client reads it (a client that does not read stops being
% read from once 1 MB is queued, so memory stays bounded).
%
% The first line printed is "echo_server_poll: listening on HOST port N"; with
% --port 0 (the default) the system picks a free port, and that line tells
% which.  --host defaults to 127.0.0.1 (use ::1 for IPv6).  With
% --once-clients K the server exits after K clients have come and gone;
% it always exits after --idle seconds (default 60) without any activity.
%
% Try it:   slsh echo_server_poll.sl --port 7000
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

% One record per connected client.
private define new_client (fd, host, port)
{
   return struct {fd = fd, host = host, port = port, out = ""B, eof = 0};
}

private define log_msg ()
{
   variable args = __pop_args (_NARGS);
   () = fprintf (stdout, "echo_server_poll: %s\n", sprintf (__push_args (args)));
   () = fflush (stdout);
}

% Accept every pending connection (the listener is non-blocking).
% Returns 0 when the process is out of descriptors (EMFILE, ENFILE): the
% caller stops accepting until a client leaves, and serves the others.
private define accept_all (listener, clients)
{
   forever
     {
        variable host, port, c;
        try
          {
             c = accept (listener, &host, &port);
          }
        catch SocketError:
          {
             if ((errno == EAGAIN) || (errno == EWOULDBLOCK) || (errno == EINTR)
                 || (errno == ECONNABORTED))
               return 1;
             if ((errno == EMFILE) || (errno == ENFILE))
               {
                  log_msg ("out of descriptors with %d clients: not accepting until one leaves",
                           length (clients));
                  return 0;
               }
             throw;
          }
        setblocking (c, 0);
        list_append (clients, new_client (c, host, port));
     }
}

% Read what the client sent and queue it for echoing.  Returns 0 when the
% client is finished with (error), 1 otherwise.
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

% Write as much of the queue as the socket takes.  Returns 0 on error.
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

private define main ()
{
   variable opts = parse_args ();
   variable listener;
   try
     listener = create_server (opts.host, opts.port; backlog=SOMAXCONN);
   catch SocketError:
     {
        % a busy port (EADDRINUSE) and the like: one line, not a traceback
        () = fprintf (stderr, "echo_server_poll: %s\n", __get_exception_info ().message);
        exit (1);
     }
   setblocking (listener, 0);
   variable host, port;
   (host, port) = getsockname (listener);
   log_msg ("listening on %s port %d", host, port);

   variable clients = {};
   variable served = 0, idle = 0.0, accepting = 1;
   variable step = 0.5;

   forever
     {
        if ((opts.once_clients >= 0) && (served >= opts.once_clients)
            && (length (clients) == 0))
          break;
        if (idle >= opts.idle)
          {
             log_msg ("idle for %g seconds, exiting", opts.idle);
             break;
          }

        % Build the poll set: the listener, then every client.  Ask for
        % POLLIN unless the client's queue is full, POLLOUT if it has data
        % waiting.
        variable n = length (clients);
        variable fds = FD_Type[n + 1], events = Int_Type[n + 1];
        fds[0] = listener;
        events[0] = accepting ? POLLIN : 0;
        variable i, cl;
        _for i (0, n - 1, 1)
          {
             cl = clients[i];
             fds[i + 1] = cl.fd;
             variable ev = 0;
             if ((cl.eof == 0) && (bstrlen (cl.out) < Max_Queued))
               ev |= POLLIN;
             if (bstrlen (cl.out))
               ev |= POLLOUT;
             events[i + 1] = ev;
          }

        variable rev = poll (fds, events, step);
        if (0 == any (rev))
          {
             idle += step;
             continue;
          }
        idle = 0.0;

        if (rev[0] & POLLIN)
          accepting = accept_all (listener, clients);

        % Serve the clients; collect the ones that are done.
        variable done = Char_Type[n];
        _for i (0, n - 1, 1)
          {
             cl = clients[i];
             variable r = rev[i + 1];
             variable ok = 1;
             if (r & (POLLIN | POLLHUP | POLLERR))
               ok = read_client (cl);
             if (ok && bstrlen (cl.out) && (r & (POLLOUT | POLLERR)))
               ok = write_client (cl);
             if ((ok == 0) || (cl.eof && (bstrlen (cl.out) == 0)))
               done[i] = 1;
          }
        % Remove finished clients, last first so the indices stay valid.
        _for i (n - 1, 0, -1)
          {
             if (done[i] == 0) continue;
             cl = clients[i];
             () = close (cl.fd);
             list_delete (clients, i);
             served++;
             accepting = 1;             % a descriptor is free again
          }
     }
   () = close (listener);
   log_msg ("served %d clients", served);
}

main ();
exit (0);
