% chat_client.sl: a client for chat_server.sl: sends lines, prints what
% the others say.  One process: the event loop watches the server and
% the terminal at once, and a timer ends it.
%
%   slsh chat_client.sl [--host ADDR] --port N [--say TEXT]... [--wait-for N]
%                       [--count N] [--quit-after SECS]
%
% Without --say, every line typed on stdin is sent (end of input: the
% client says goodbye by shutting down its side, and ends when the server
% closes).  With --say (as often as wanted) those lines are sent instead
% and stdin is not read; --wait-for N holds them back until the server
% says N clients are here.  Everything the server sends is printed as it
% comes: the others' lines ("HOST:PORT: text") and the notices ("* ...").
% --count N ends the client after N lines from others, --quit-after SECS
% after that many seconds (a timer, eventloop_after).  The first line
% printed is "chat_client: connected to HOST port N as NAME"; the last is
% "chat_client: N lines from others".
%
% Try it:   slsh chat_server.sl --port 7000 &
%           slsh chat_client.sl --port 7000          (in two terminals)

require ("socket");

private define usage ()
{
   () = fprintf (stderr, "usage: %s [--host ADDR] --port N [--say TEXT]... [--wait-for N] [--count N] [--quit-after SECS]\n",
                 path_basename (__argv[0]));
   exit (2);
}

private define parse_args ()
{
   variable opts = struct {host = "127.0.0.1", port = -1, say = {}, wait_for = 0, count = -1,
                           quit_after = -1.0};
   variable i = 1;
   while (i < __argc)
     {
        variable a = __argv[i];
        if (i + 1 >= __argc) usage ();
        variable v = __argv[i + 1];
        switch (a)
          { case "--host": opts.host = v; }
          { case "--port": opts.port = integer (v); }
          { case "--say": list_append (opts.say, v); }
          { case "--wait-for": opts.wait_for = integer (v); }
          { case "--count": opts.count = integer (v); }
          { case "--quit-after": opts.quit_after = atof (v); }
          { usage (); }
        i += 2;
     }
   if (opts.port < 0) usage ();
   return opts;
}

private define say ()
{
   variable args = __pop_args (_NARGS);
   () = fprintf (stdout, "%s\n", sprintf (__push_args (args)));
   () = fflush (stdout);
}

private variable Opts, Lp, Sock, St, Sock_Id = 0, Stdin_Id = 0;
private variable Said = 0, From_Others = 0;

% Send one line (the socket is non-blocking: the timeout bounds the wait).
private define send_line (text)
{
   () = stream_write (St, text + "\n");
   stream_flush (St; timeout=10.0);
}

private define say_all ()
{
   if (Said) return;
   Said = 1;
   variable text;
   foreach text (Opts.say)
     send_line (text);
}

private define quit (why)
{
   say ("chat_client: %s", why);
   eventloop_stop (Lp);
}

% The server's socket is readable: print every complete line.
private define on_server (fd, revents)
{
   forever
     {
        variable line;
        try
          {
             line = stream_readline (St);
          }
        catch SocketError:
          {
             if ((errno == EAGAIN) || (errno == EINTR)) return;   % no whole line yet
             throw;
          }
        if (line == NULL)
          {
             quit ("the server closed the connection");
             return;
          }
        () = fputs (line, stdout);
        () = fflush (stdout);
        variable m = string_matches (line, "^\\* .*, \\([0-9]+\\) here$", 1);
        if (m != NULL)
          {
             if ((Said == 0) && (length (Opts.say) > 0) && (integer (m[1]) >= Opts.wait_for))
               say_all ();
             continue;
          }
        From_Others++;
        if (From_Others == Opts.count)
          {
             quit (sprintf ("got %d lines, leaving", From_Others));
             return;
          }
     }
}

% A line typed (a stream over stdin: the loop sees its buffered lines).
private define on_stdin (st, revents)
{
   variable line = stream_readline (st);
   if (line == NULL)
     {
        % end of input: tell the server we are done, wait for it to close
        eventloop_unwatch (Lp, Stdin_Id);
        Stdin_Id = -1;                 % done with it
        stream_flush (St; timeout=10.0);
        shutdown (Sock, SHUT_WR);
        return;
     }
   send_line (strtrim_end (line, "\r\n"));
}

% Input that cannot be watched: a timer of 0 seconds reads a line, and
% schedules itself again until the end of the input.
private define stdin_tick ();
private define stdin_tick (st)
{
   on_stdin (st, POLLIN);
   if (Stdin_Id != -1)
     () = eventloop_after (Lp, 0, &stdin_tick, st);
}

private define main ()
{
   Opts = parse_args ();
   Sock = create_connection (Opts.host, Opts.port; timeout=10.0);
   setblocking (Sock, 0);
   St = stream_new (Sock);
   variable host, port;
   (host, port) = getsockname (Sock);
   say ("chat_client: connected to %s port %d as %s", Opts.host, Opts.port,
        is_substr (host, ":") ? sprintf ("[%s]:%d", host, port) : sprintf ("%s:%d", host, port));

   Lp = eventloop_new ();
   % the socket, not St: a stream holding half a line would count as
   % ready at once, again and again; on_server reads all whole lines
   Sock_Id = eventloop_watch (Lp, Sock, POLLIN, &on_server);
   if (length (Opts.say) == 0)
     {
        variable in = stream_new (fileno (stdin));
        try
          {
             Stdin_Id = eventloop_watch (Lp, in, POLLIN, &on_stdin);
          }
        catch SocketError:
          {
             % a regular file or /dev/null: epoll refuses those (EPERM),
             % and they are always ready: read a line per round instead
             if (errno != EPERM) throw;
             () = eventloop_after (Lp, 0, &stdin_tick, in);
          }
     }
   if (Opts.quit_after >= 0)
     () = eventloop_after (Lp, Opts.quit_after, &quit,
                           sprintf ("quitting after %g seconds", Opts.quit_after));
   eventloop_run (Lp);

   eventloop_unwatch (Lp, Sock_Id);    % unwatch, then close
   if (Stdin_Id > 0) eventloop_unwatch (Lp, Stdin_Id);
   stream_close (St; timeout=10.0);
   say ("chat_client: %d lines from others", From_Others);
}

main ();
exit (0);
