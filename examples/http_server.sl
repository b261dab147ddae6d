% http_server.sl: a tiny HTTP/1.0 file server.
%
%   slsh http_server.sl [--root DIR] [--host ADDR] [--port N]
%                       [--max-requests K] [--idle SECS]
%
% Serves the regular files directly inside DIR (default: the current
% directory): "GET /name HTTP/1.0" answers 200 with the file's bytes and a
% Content-Length header, or 404 if there is no such file.  Only GET is
% implemented (other methods get 501); sub-directories, "..", and
% directory listings are not served.  One request per connection, one
% connection at a time, each bounded by a 10 second deadline, so a slow
% or silent client cannot hang the server for long.
%
% The first line printed is "http_server: serving DIR at http://HOST:PORT/"
% (with --port 0, the default, the system picks a free port).  --host
% defaults to 127.0.0.1; use ::1 for IPv6.  The server exits after
% --max-requests requests if given, and after --idle seconds (default 60)
% without a connection.
%
% Try it:   slsh http_server.sl --root /usr/share/doc/slsh --port 8000
%           slsh http_client.sl http://127.0.0.1:8000/README

require ("socket");

private variable Deadline = 10.0;      % per connection, seconds
private variable Max_Header = 8192;

private define usage ()
{
   () = fprintf (stderr, "usage: %s [--root DIR] [--host ADDR] [--port N] [--max-requests K] [--idle SECS]\n",
                 path_basename (__argv[0]));
   exit (2);
}

private define parse_args ()
{
   variable opts = struct {root = ".", host = "127.0.0.1", port = 0,
      max_requests = -1, idle = 60.0};
   variable i = 1;
   while (i < __argc)
     {
        if (i + 1 >= __argc) usage ();
        variable a = __argv[i], v = __argv[i + 1];
        switch (a)
          { case "--root": opts.root = v; }
          { case "--host": opts.host = v; }
          { case "--port": opts.port = integer (v); }
          { case "--max-requests": opts.max_requests = integer (v); }
          { case "--idle": opts.idle = atof (v); }
          { usage (); }
        i += 2;
     }
   return opts;
}

private define log_msg ()
{
   variable args = __pop_args (_NARGS);
   () = fprintf (stdout, "http_server: %s\n", sprintf (__push_args (args)));
   () = fflush (stdout);
}

% Read the request head (up to the blank line).  Returns NULL if the client
% sent nothing usable in time.
private define read_request (c, t0)
{
   variable head = ""B;
   forever
     {
        variable left = Deadline - (_ftime () - t0);
        if (left <= 0) return NULL;
        variable data = recv (c, 4096; timeout=left);
        if (bstrlen (data) == 0) break;           % client closed early
        head += data;
        if (is_substrbytes (head, "\r\n\r\n") || is_substrbytes (head, "\n\n"))
          break;
        if (bstrlen (head) > Max_Header) return NULL;
     }
   return head;
}

% Read a whole file as a BString, or NULL if it is not a readable regular
% file.
private define read_file (path)
{
   variable st = stat_file (path);
   if ((st == NULL) || (0 == stat_is ("reg", st.st_mode)))
     return NULL;
   variable fp = fopen (path, "rb");
   if (fp == NULL) return NULL;
   variable body = ""B, buf;
   while (fread_bytes (&buf, 65536, fp) > 0)
     body += buf;
   () = fclose (fp);
   return body;
}

private define reply (c, t0, status, body)
{
   variable head = sprintf ("HTTP/1.0 %s\r\nServer: slsh-socket-example\r\n"
                            + "Content-Type: %s\r\nContent-Length: %d\r\n"
                            + "Connection: close\r\n\r\n",
                            status,
                            (strncmp (status, "200", 3) ? "text/plain" : "application/octet-stream"),
                            bstrlen (body));
   variable left = Deadline - (_ftime () - t0);
   if (left <= 0) left = 0.001;
   () = sendall (c, head + body; timeout=left);
}

private define plain (status)
{
   return typecast (status + "\n", BString_Type);
}

% Handle one connection.  Returns a short log line.
private define serve (c, opts)
{
   variable t0 = _ftime ();
   variable head = read_request (c, t0);
   if (head == NULL)
     return "no request";

   % "METHOD /target HTTP/x.y"
   variable first = strtrim_end (strchop (typecast (head, String_Type), '\n', 0)[0], "\r");
   variable parts = strtok (first, " ");
   if ((length (parts) != 3) || (strncmp (parts[2], "HTTP/", 5)))
     {
        reply (c, t0, "400 Bad Request", plain ("400 Bad Request"));
        return first + " -> 400";
     }
   if (parts[0] != "GET")
     {
        reply (c, t0, "501 Not Implemented", plain ("501 Not Implemented"));
        return first + " -> 501";
     }

   variable name = parts[1];
   variable q = is_substr (name, "?");
   if (q) name = substr (name, 1, q - 1);
   name = strtrim_beg (name, "/");
   variable body = NULL;
   if ((name != "") && (0 == is_substr (name, "/")) && (name != "..")
       && (name != "."))
     body = read_file (path_concat (opts.root, name));
   if (body == NULL)
     {
        reply (c, t0, "404 Not Found", plain ("404 Not Found"));
        return first + " -> 404";
     }
   reply (c, t0, "200 OK", body);
   return sprintf ("%s -> 200 (%d bytes)", first, bstrlen (body));
}

private define main ()
{
   variable opts = parse_args ();
   if (NULL == stat_file (opts.root))
     {
        () = fprintf (stderr, "http_server: %s: no such directory\n", opts.root);
        exit (1);
     }
   variable s;
   try
     s = create_server (opts.host, opts.port);
   catch SocketError:
     {
        % a busy port (EADDRINUSE) and the like: one line, not a traceback
        () = fprintf (stderr, "http_server: %s\n", __get_exception_info ().message);
        exit (1);
     }
   variable host, port;
   (host, port) = getsockname (s);
   log_msg ("serving %s at http://%s:%d/", opts.root,
            is_substr (host, ":") ? "[" + host + "]" : host, port);

   variable count = 0;
   while ((opts.max_requests < 0) || (count < opts.max_requests))
     {
        variable c, peer_host, peer_port;
        try
          {
             c = accept (s, &peer_host, &peer_port; timeout=opts.idle);
          }
        catch SocketError:
          {
             if (errno != ETIMEDOUT) throw;
             log_msg ("idle for %g seconds, exiting", opts.idle);
             break;
          }
        count++;
        variable what;
        try
          {
             what = serve (c, opts);
          }
        catch SocketError:
          {
             what = "error: " + __get_exception_info ().message;
          }
        () = close (c);
        log_msg ("%s port %d: %s", peer_host, peer_port, what);
     }
   () = close (s);
}

main ();
exit (0);
