% line_client.sl: an SMTP-like line dialogue over buffered streams.
%
%   slsh line_client.sl [--timeout SECS]
%
% The script starts its own server: it listens on 127.0.0.1 (a port the
% system picks), forks, and the child serves one connection with a tiny
% SMTP-like protocol (a greeting, HELO, HELP, NOOP, SLOW, QUIT; replies
% are "CODE text", multi-line replies "CODE-text" ... "CODE text").  The
% parent is the client: it wraps its connection in a stream (stream_new)
% and reads every reply with stream_readline (;timeout=), so that a
% silent server cannot hang it.  Both sides use streams.
%
% SLOW shows that a timeout loses nothing: the server sends half of its
% reply and then waits for the client's next command; the client's
% readline times out (ETIMEDOUT) with the half line still buffered, the
% client pipelines a NOOP, and the next readline returns the whole line.
%
% Output (C: what the client sent, S: what it read; the last line is
% "line_client: OK" when everything went as expected):
%   S: 220 127.0.0.1 line_client demo server ready
%   C: HELO client.example
%   S: 250 hello client.example
%   ...
%   line_client: OK
%
% Every read has a deadline (--timeout, default 10 seconds).

require ("socket");
require ("fork");

private variable Timeout = 10.0;
private variable Slow_Timeout = 0.3;   % the client's deadline for SLOW

private define fail (msg)
{
   () = fprintf (stderr, "line_client: %s\n", msg);
   exit (1);
}

% --- the server (the child) ------------------------------------------------

private define reply (st, text)
{
   () = stream_write (st, text + "\r\n");
   stream_flush (st; timeout=Timeout);
}

private define serve (listener)
{
   variable c = accept (listener; timeout=Timeout);
   () = close (listener);
   variable st = stream_new (c), helo = NULL;
   reply (st, "220 127.0.0.1 line_client demo server ready");
   forever
     {
        variable line = stream_readline (st; timeout=Timeout);
        if (line == NULL) break;                  % the client went away
        line = strtrim_end (line, "\r\n");
        variable words = strtok (line), verb = strup (words[0]);
        switch (verb)
          { case "HELO":
             if (length (words) != 2) { reply (st, "501 HELO needs a domain"); continue; }
             helo = words[1];
             reply (st, "250 hello " + helo);
          }
          { case "HELP":
             % a multi-line reply, written at once
             () = stream_write (st, "214-commands:\r\n214-HELO domain, HELP, NOOP\r\n");
             reply (st, "214 SLOW, QUIT");
          }
          { case "NOOP": reply (st, "250 OK"); }
          { case "SLOW":
             % half a line now, the rest once the next command has come
             () = stream_write (st, "250 slow rep");
             stream_flush (st; timeout=Timeout);
             variable next = stream_readline (st; timeout=Timeout);
             reply (st, "ly, done");
             if (next != NULL)
               {
                  if (strup (strtrim (next)) == "NOOP") reply (st, "250 OK");
                  else reply (st, "503 only NOOP may follow SLOW here");
               }
          }
          { case "QUIT":
             reply (st, "221 bye");
             break;
          }
          {
             reply (st, "500 unknown command: " + line);
          }
     }
   stream_close (st; timeout=Timeout);
}

% --- the client (the parent) -----------------------------------------------

private define send_line (st, line)
{
   () = fprintf (stdout, "C: %s\n", line);
   () = stream_write (st, line + "\r\n");
   stream_flush (st; timeout=Timeout);
}

% One reply, multi-line or not: returns its code; prints every line.
private define read_reply (st)
{
   forever
     {
        variable line = stream_readline (st; timeout=Timeout);
        if (line == NULL) fail ("the server closed the connection");
        line = strtrim_end (line, "\r\n");
        () = fprintf (stdout, "S: %s\n", line);
        variable m = string_matches (line, "^\([0-9][0-9][0-9]\)\([- ]\)"R, 1);
        if (m == NULL) fail ("malformed reply: " + line);
        if (m[2] == " ") return integer (m[1]);
     }
}

private define expect (st, code)
{
   variable got = read_reply (st);
   if (got != code)
     fail (sprintf ("expected reply %d, got %d", code, got));
}

private define client (host, port)
{
   variable st = stream_new (create_connection (host, port; timeout=Timeout));
   expect (st, 220);
   send_line (st, "HELO client.example");
   expect (st, 250);
   send_line (st, "HELP");
   expect (st, 214);
   send_line (st, "BOGUS command");
   expect (st, 500);

   % A reply that does not come in time: nothing read is lost.
   send_line (st, "SLOW");
   variable timed_out = 0;
   try
     {
        () = stream_readline (st; timeout=Slow_Timeout);
     }
   catch SocketError:
     {
        if (errno != ETIMEDOUT) throw;
        timed_out = 1;
     }
   if (timed_out == 0) fail ("SLOW: the half reply was returned as a line");
   () = fprintf (stdout, "(no full reply within %g s: ETIMEDOUT, the partial line stays buffered)\n",
                 Slow_Timeout);
   send_line (st, "NOOP");
   expect (st, 250);                  % "250 slow reply, done", whole
   expect (st, 250);                  % the NOOP's "250 OK"

   send_line (st, "QUIT");
   expect (st, 221);
   if (NULL != stream_readline (st; timeout=Timeout))
     fail ("data after 221");
   stream_close (st; timeout=Timeout);
}

private define main ()
{
   if ((__argc == 3) && (__argv[1] == "--timeout"))
     Timeout = atof (__argv[2]);
   else if (__argc != 1)
     {
        () = fprintf (stderr, "usage: %s [--timeout SECS]\n", path_basename (__argv[0]));
        exit (2);
     }

   variable listener = create_server ("127.0.0.1", 0);
   variable host, port;
   (host, port) = getsockname (listener);

   () = fflush (stdout);               % so the child does not print it again
   variable pid = fork ();
   if (pid == 0)
     {
        variable status = 0;
        try
          {
             serve (listener);
          }
        catch AnyError:
          {
             () = fprintf (stderr, "server: %s\n", __get_exception_info ().message);
             status = 1;
          }
        () = fflush (stderr);
        _exit (status);                 % no atexit handlers, no parent cleanup
     }
   () = close (listener);

   try
     {
        client (host, port);
     }
   catch SocketError:
     {
        () = kill (pid, SIGKILL);
        () = waitpid (pid, 0);
        fail (__get_exception_info ().message);
     }
   variable st = waitpid (pid, 0);
   if ((st.exited == 0) || (st.exit_status != 0))
     fail (sprintf ("the server exited with status %d", st.exit_status));
   () = fprintf (stdout, "line_client: OK\n");
}

main ();
exit (0);
