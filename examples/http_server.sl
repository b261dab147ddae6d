% http_server.sl: a tiny HTTP/1.0 file server.
%
%   slsh http_server.sl [--root DIR] [--host ADDR] [--port N]
%                       [--max-requests K] [--idle SECS]
%
% Serves the regular files under DIR (default: the current directory):
% "GET /name HTTP/1.0" or "GET /sub/dir/name HTTP/1.0" answers 200 with a
% Content-Length header from stat_file and the file's bytes, sent with
% sendfile (zero-copy: the file never passes through the interpreter), or
% 404 if there is no such regular file.  A path with a ".." component is
% answered 404 too, so nothing above DIR is served (a symbolic link
% inside DIR is followed: do not put one there that leads out).  Only GET
% is implemented (other methods get 501); directory listings are not
% served.  One request per connection, one connection at a time, each
% bounded by a 10 second deadline, so a slow or silent client cannot
% hang the server for long.
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

% The file under root named by the request's path (without a leading
% "/"), or NULL if a component is ".." or empty: nothing above root.
private define file_path (root, name)
{
   if (name == "") return NULL;
   variable parts = strchop (name, '/', 0), p;
   foreach p (parts)
     if ((p == "..") || (p == "")) return NULL;
   return path_concat (root, strjoin (parts, "/"));
}

% Open a readable regular file: (FD_Type, size), or (NULL, 0).
private define open_file (path)
{
   if (path == NULL) return NULL, 0;
   variable st = stat_file (path);
   if ((st == NULL) || (0 == stat_is ("reg", st.st_mode)))
     return NULL, 0;
   variable fd = open (path, O_RDONLY);
   if (fd == NULL) return NULL, 0;
   return fd, st.st_size;
}

private define time_left (t0)
{
   variable left = Deadline - (_ftime () - t0);
   if (left <= 0) left = 0.001;       % 0 would try once; negative waits forever
   return left;
}

private define send_head (c, t0, status, type, length)
{
   variable head = sprintf ("HTTP/1.0 %s\r\nServer: slsh-socket-example\r\n"
                            + "Content-Type: %s\r\nContent-Length: %S\r\n"
                            + "Connection: close\r\n\r\n",
                            status, type, length);
   () = sendall (c, head; timeout=time_left (t0));
}

private define reply (c, t0, status, body)
{
   send_head (c, t0, status, "text/plain", bstrlen (body));
   () = sendall (c, body; timeout=time_left (t0));
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
   variable fd, size;
   (fd, size) = open_file (file_path (opts.root, strtrim_beg (name, "/")));
   if (fd == NULL)
     {
        reply (c, t0, "404 Not Found", plain ("404 Not Found"));
        return first + " -> 404";
     }
   send_head (c, t0, "200 OK", "application/octet-stream", size);
   % the body straight from the file: from offset 0, size bytes (fewer
   % only if the file shrank meanwhile); a SocketError (a timeout, a
   % reset) tells in its object how much went out
   variable n;
   try
     n = sendfile (c, fd, 0, size; timeout=time_left (t0));
   finally
     () = close (fd);
   if (n != size)
     return sprintf ("%s -> 200 (%S of %S bytes: the file shrank)", first, n, size);
   return sprintf ("%s -> 200 (%S bytes, sendfile)", first, n);
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
