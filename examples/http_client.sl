% http_client.sl: fetch a URL with HTTP/1.0 and print the body.
%
%   slsh http_client.sl [--timeout SECS] [--head] URL
%
% URL is http://HOST[:PORT]/PATH; HOST may be a name, an IPv4 address or
% an IPv6 address in brackets (http://[::1]:8000/file).  The connection is
% made with create_connection (Happy Eyeballs: IPv6 and IPv4 raced), the
% request sent with sendall and the reply read with recv until the server
% closes, all within one deadline (--timeout, default 30 seconds).
%
% The body is written to stdout byte for byte (binary files are fine:
% redirect to a file).  With --head, the status line and headers are
% printed to stderr too.  Exit status: 0 for a 2xx reply, 1 for any other
% status (the status line goes to stderr), 2 if the request failed.
%
% Try it:   slsh http_client.sl http://127.0.0.1:8000/README > README.copy

require ("socket");

private define usage ()
{
   () = fprintf (stderr, "usage: %s [--timeout SECS] [--head] http://HOST[:PORT]/PATH\n",
                 path_basename (__argv[0]));
   exit (2);
}

private define die (msg)
{
   () = fprintf (stderr, "http_client: %s\n", msg);
   exit (2);
}

% Split a URL into (host, port, path).
private define parse_url (url)
{
   if (strncmp (url, "http://", 7))
     die ("not an http:// URL: " + url);
   variable rest = substr (url, 8, -1);
   variable host, port = 80, path = "/";
   variable slash = is_substr (rest, "/");
   if (slash)
     {
        path = substr (rest, slash, -1);
        rest = substr (rest, 1, slash - 1);
     }
   if ((strlen (rest)) && (rest[0] == '['))
     {
        % [v6-address] or [v6-address]:port
        variable close = is_substr (rest, "]");
        if (close == 0) die ("unbalanced [ in " + url);
        host = substr (rest, 2, close - 2);
        rest = substr (rest, close + 1, -1);
        if (strlen (rest) && (rest[0] != ':')) die ("bad port in " + url);
     }
   else
     {
        variable colon = is_substr (rest, ":");
        host = colon ? substr (rest, 1, colon - 1) : rest;
        rest = colon ? substr (rest, colon, -1) : "";
     }
   if (strlen (rest) > 1)
     {
        rest = substr (rest, 2, -1);
        if (0 == string_match (rest, "^[0-9]+$"R, 1)) die ("bad port in " + url);
        port = integer (rest);
     }
   if (host == "") die ("no host in " + url);
   return host, port, path;
}

private define main ()
{
   variable timeout = 30.0, show_head = 0, url = NULL;
   variable i = 1;
   while (i < __argc)
     {
        switch (__argv[i])
          { case "--timeout": i++; if (i >= __argc) usage (); timeout = atof (__argv[i]); }
          { case "--head": show_head = 1; }
          {
             if (url != NULL) usage ();
             url = __argv[i];
          }
        i++;
     }
   if (url == NULL) usage ();

   variable host, port, path;
   (host, port, path) = parse_url (url);
   variable host_header = is_substr (host, ":") ? "[" + host + "]" : host;
   if (port != 80) host_header += ":" + string (port);

   variable t0 = _ftime ();
   variable reply = ""B;
   try
     {
        variable s = create_connection (host, port; timeout=timeout);
        () = sendall (s, sprintf ("GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: slsh-socket-example\r\nConnection: close\r\n\r\n",
                                  path, host_header);
                      timeout=timeout - (_ftime () - t0));
        forever
          {
             variable left = timeout - (_ftime () - t0);
             if (left <= 0) throw SocketError, "recv: timed out";
             variable data = recv (s, 65536; timeout=left);
             if (bstrlen (data) == 0) break;
             reply += data;
          }
        () = close (s);
     }
   catch SocketHError: { die ("cannot resolve " + host + ": " + __get_exception_info ().message); }
   catch SocketError: { die (url + ": " + __get_exception_info ().message); }

   % Split the head from the body at the first blank line.
   variable sep = is_substrbytes (reply, "\r\n\r\n"), skip = 4;
   if (sep == 0)
     {
        sep = is_substrbytes (reply, "\n\n");
        skip = 2;
     }
   if (sep == 0) die ("malformed reply (no end of headers)");
   variable head = typecast (reply[[0:sep - 2]], String_Type);
   variable body = reply[[sep - 1 + skip:]];

   variable lines = strchop (strtrans (head, "\r", ""), '\n', 0);
   variable status_line = lines[0];
   variable code = string_matches (status_line, "^HTTP/[0-9.]+ \([0-9][0-9][0-9]\)"R, 1);
   if (code == NULL) die ("malformed status line: " + status_line);
   code = integer (code[1]);

   % Check Content-Length when the server sent one.
   variable line;
   foreach line (lines[[1:]])
     {
        variable m = string_matches (strlow (line), "^content-length:[ \t]*\\([0-9]+\\)", 1);
        if ((m == NULL) && (0 == strncmp (strlow (line), "content-length:", 15)))
          die ("bad Content-Length: " + line);
        if (m == NULL) continue;
        variable want = integer (m[1]);
        if (want != bstrlen (body))
          die (sprintf ("short reply: Content-Length %d, got %d bytes", want, bstrlen (body)));
     }

   if (show_head)
     () = fprintf (stderr, "%s\n", strjoin (lines, "\n"));
   () = fwrite (body, stdout);
   () = fflush (stdout);
   if ((code < 200) || (code > 299))
     {
        () = fprintf (stderr, "http_client: %s\n", status_line);
        exit (1);
     }
}

main ();
exit (0);
