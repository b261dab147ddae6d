% chat_server.sl: a line-based chat server: every line a client sends goes
% to every other client.  One process, streams and the event loop.
%
%   slsh chat_server.sl [--host ADDR] [--port N] [--report SECS]
%                       [--once-clients K] [--idle SECS]
%
% Clients join and leave at any time (try it with nc, or chat_client.sl).
% The server prefixes each line with its sender, "HOST:PORT: text", and
% tells everyone who comes and goes with lines that start with "* ":
%
%   * welcome 127.0.0.1:40312, 3 here          (to the newcomer)
%   * 127.0.0.1:40312 joined, 3 here           (to the others)
%   * 127.0.0.1:40312 left, 2 here
%
% The first line printed is "chat_server: listening on HOST port N"; with
% --port 0 (the default) the system picks a free port, and that line tells
% which.  --host defaults to 127.0.0.1 (use ::1 for IPv6).  A timer prints
% "chat_server: N clients" every --report seconds (default 5).  With
% --once-clients K the server exits after K clients have come and gone;
% it always exits after --idle seconds (default 60) without any activity.
%
% How it works.  Each client's socket is non-blocking and read through a
% stream (stream_new): stream_readline returns whole lines, and a line
% that has come only in part stays buffered (EAGAIN) until the rest
% arrives.  The event loop calls on_client whenever a socket is readable
% (eventloop_watch, level-triggered).  It watches the socket, not the
% stream: a stream holding half a line counts as ready at once, and
% watching it would call us again and again until the rest came.  So the
% callback reads every complete line there is; after 100 lines it lets the
% other clients have their turn and goes on from a timer of 0 seconds.
% Output to each client goes through its stream too: what the socket does
% not take at once stays buffered, the client is watched for POLLOUT
% until it is written, and a client that lets more than 1 MB pile up is
% disconnected.  When the process runs out of descriptors (EMFILE) the
% server stops watching the listener, goes on serving the clients it has,
% and accepts again when one leaves.

require ("socket");

private variable Max_Queued = 1024 * 1024;
private variable Max_Line = 65536;
private variable Lines_Per_Turn = 100;

private define usage ()
{
   () = fprintf (stderr, "usage: %s [--host ADDR] [--port N] [--report SECS] [--once-clients K] [--idle SECS]\n",
                 path_basename (__argv[0]));
   exit (2);
}

private define parse_args ()
{
   variable opts = struct {host = "127.0.0.1", port = 0, report = 5.0, once_clients = -1, idle = 60.0};
   variable i = 1;
   while (i < __argc)
     {
        variable a = __argv[i];
        if (i + 1 >= __argc) usage ();
        variable v = __argv[i + 1];
        switch (a)
          { case "--host": opts.host = v; }
          { case "--port": opts.port = integer (v); }
          { case "--report": opts.report = atof (v); }
          { case "--once-clients": opts.once_clients = integer (v); }
          { case "--idle": opts.idle = atof (v); }
          { usage (); }
        i += 2;
     }
   if (opts.report <= 0) usage ();
   return opts;
}

private define log_msg ()
{
   variable args = __pop_args (_NARGS);
   () = fprintf (stdout, "chat_server: %s\n", sprintf (__push_args (args)));
   () = fflush (stdout);
}

% --- the state, shared by the callbacks ---------------------------------------

private variable Opts, Lp, Listener;
private variable Listen_Id = 0;        % 0: not watching the listener (EMFILE)
private variable Clients = Assoc_Type[Struct_Type];   % by name
private variable Served = 0, Last_Activity = _ftime ();

private define on_client ();
private define on_accept ();
private define read_lines ();

private define watch_listener ()
{
   if (Listen_Id == 0)
     Listen_Id = eventloop_watch (Lp, Listener, POLLIN, &on_accept);
}

% A descriptor has one watch: to change its events, watch it anew.
private define set_events (cl, ev)
{
   if (cl.gone || (ev == cl.events)) return;
   eventloop_unwatch (Lp, cl.id);
   cl.id = eventloop_watch (Lp, cl.fd, ev, &on_client, cl);
   cl.events = ev;
}

private define send_to ();

% Tell every client but one (NULL: all).
private define tell_others (from, text)
{
   variable cl;
   foreach cl (Clients)
     if ((from == NULL) || (cl.name != from.name))
       send_to (cl, text);
}

private define drop_client (cl, why)
{
   if (cl.gone) return;
   cl.gone = 1;
   eventloop_unwatch (Lp, cl.id);      % unwatch first, then close
   if (cl.more) eventloop_cancel (Lp, cl.more);
   assoc_delete_key (Clients, cl.name);
   try
     {
        stream_close (cl.st);          % flushes what the socket takes
     }
   catch SocketError:
     {
        () = close (cl.fd);            % the rest is lost: it has gone
     }
   Served++;
   log_msg ("%s left (%s)", cl.name, why);
   tell_others (NULL, sprintf ("* %s left, %d here\n", cl.name, length (Clients)));
   watch_listener ();                  % a descriptor is free again
   if ((Opts.once_clients >= 0) && (Served >= Opts.once_clients)
       && (length (Clients) == 0))
     eventloop_stop (Lp);
}

% Queue text for a client and write out what its socket takes now.
private define send_to (cl, text)
{
   if (cl.gone) return;
   cl.pending += strbytelen (text);
   try
     {
        () = stream_write (cl.st, text);
        stream_flush (cl.st);
        cl.pending = 0;
        set_events (cl, POLLIN);
     }
   catch SocketError:
     {
        variable sent = __get_exception_info ().object;
        if (errno != EAGAIN)           % EPIPE, ECONNRESET: it has gone
          {
             % not now: a caller may be going through Clients
             () = eventloop_after (Lp, 0, &drop_client, cl, strtrim (errno_string (errno)));
             return;
          }
        if (sent != NULL) cl.pending -= sent;   % the bytes that went out
        if (cl.pending > Max_Queued)
          () = eventloop_after (Lp, 0, &drop_client, cl, "too slow: not reading");
        else
          set_events (cl, POLLIN | POLLOUT);
     }
}

% Read and relay every complete line the client has sent.
private define read_lines (cl)
{
   cl.more = 0;
   variable n = 0, line;
   while (cl.gone == 0)
     {
        if (n == Lines_Per_Turn)
          {
             % let the others have their turn; go on at the next round
             cl.more = eventloop_after (Lp, 0, &read_lines, cl);
             return;
          }
        try
          {
             line = stream_readline (cl.st);
          }
        catch SocketError:
          {
             if ((errno == EAGAIN) || (errno == EINTR))
               return;                 % no complete line yet: wait
             drop_client (cl, (errno == EMSGSIZE) ? "line too long" : strtrim (errno_string (errno)));
             return;
          }
        if (line == NULL)
          {
             drop_client (cl, "end of stream");
             return;
          }
        if (line[-1] != '\n') line += "\n";   % the last one, unterminated
        tell_others (cl, cl.name + ": " + line);
        n++;
     }
}

% The callback of a client's socket: cb (fd, revents, args...).
private define on_client (fd, revents, cl)
{
   Last_Activity = _ftime ();
   if (revents & POLLOUT)
     send_to (cl, "");                 % write out what is queued
   if (revents & (POLLIN | POLLHUP | POLLERR))
     read_lines (cl);
}

private define client_name (host, port)
{
   if (is_substr (host, ":")) return sprintf ("[%s]:%d", host, port);
   return sprintf ("%s:%d", host, port);
}

% The callback of the listener: accept every pending connection.
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
        variable cl = struct {fd = c, st = stream_new (c; limit=Max_Line),
                              name = client_name (host, port), id, events = POLLIN,
                              pending = 0, more = 0, gone = 0};
        cl.id = eventloop_watch (Lp, c, POLLIN, &on_client, cl);
        Clients[cl.name] = cl;
        log_msg ("%s joined", cl.name);
        send_to (cl, sprintf ("* welcome %s, %d here\n", cl.name, length (Clients)));
        tell_others (cl, sprintf ("* %s joined, %d here\n", cl.name, length (Clients)));
     }
}

% --- the timers ----------------------------------------------------------------

private define report ()
{
   log_msg ("%d clients", length (Clients));
}

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
        () = fprintf (stderr, "chat_server: %s\n", __get_exception_info ().message);
        exit (1);
     }
   setblocking (Listener, 0);
   variable host, port;
   (host, port) = getsockname (Listener);
   log_msg ("listening on %s port %d", host, port);

   Lp = eventloop_new ();
   watch_listener ();
   () = eventloop_every (Lp, Opts.report, &report);
   variable step = (Opts.idle < 0.5) ? Opts.idle : 0.5;
   if (step <= 0) step = 0.01;
   () = eventloop_every (Lp, step, &check_idle);

   if (Opts.once_clients != 0)
     eventloop_run (Lp);               % until once-clients or idle stops it

   variable cl;
   foreach cl (assoc_get_values (Clients))
     {
        eventloop_unwatch (Lp, cl.id);
        () = close (cl.fd);
     }
   () = close (Listener);
   log_msg ("served %d clients", Served);
}

main ();
exit (0);
