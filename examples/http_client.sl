% http_client.sl: fetch a URL with HTTP/1.0 and print the body.
%
%   slsh http_client.sl [--timeout SECS] [--head] URL
%
% URL is http://HOST[:PORT]/PATH; HOST may be a name, an IPv4 address or
% an IPv6 address in brackets (http://[::1]:8000/file).  The connection is
% made with create_connection (Happy Eyeballs: IPv6 and IPv4 raced) and
% the reply read through a buffered stream (stream_new): the status line
% with stream_readline, the headers with stream_read_until ("\r\n\r\n"),
% the body by its Content-Length with stream_read, chunk by chunk if the
% server sends "Transfer-Encoding: chunked", or else with
% stream_read_some until the server closes.  One deadline (--timeout,
% default 30 seconds) covers the whole exchange; a call that hits it
% raises ETIMEDOUT and nothing can hang.
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

private variable Deadline;             % _ftime () at which to give up

% The time left, for ;timeout=: never negative (a negative timeout would
% mean "no limit"); 0 tries once and then raises ETIMEDOUT.
private define left ()
{
   return _max (Deadline - _ftime (), 0.0);
}

% The value of header NAME (lower case) in the head's lines, or NULL.
private define header_value (lines, name)
{
   variable line;
   foreach line (lines)
     {
        variable colon = is_substr (line, ":");
        if (colon && (strlow (strtrim (substr (line, 1, colon - 1))) == name))
          return strtrim (substr (line, colon + 1, -1));
     }
   return NULL;
}

% The body, sent as "Transfer-Encoding: chunked": a hex size line, that
% many bytes and CRLF, ..., a size of 0, trailers, an empty line.
private define read_chunked (st)
{
   variable body = ""B;
   forever
     {
        variable line = stream_readline (st; timeout=left ());
        if (line == NULL) die ("connection closed inside a chunked body");
        variable m = string_matches (line, "^\([0-9A-Fa-f]+\)"R, 1);
        if (m == NULL) die ("bad chunk size line: " + strtrim (line));
        variable n = integer ("0x" + m[1]);
        if (n == 0) break;
        variable chunk = stream_read (st, n; timeout=left ());
        if ((chunk == NULL) || (bstrlen (chunk) != n))
          die ("connection closed inside a chunk");
        body += chunk;
        () = stream_read (st, 2; timeout=left ());      % the CRLF after it
     }
   % trailers, up to the empty line
   do
     line = stream_readline (st; timeout=left ());
   while ((line != NULL) && (strtrim (line) != ""));
   return body;
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

   Deadline = _ftime () + timeout;
   variable status_line, lines, body;
   try
     {
        variable st = stream_new (create_connection (host, port; timeout=timeout));
        () = stream_write (st, sprintf ("GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: slsh-socket-example\r\nConnection: close\r\n\r\n",
                                        path, host_header));
        stream_flush (st; timeout=left ());

        % "HTTP/1.0 200 OK\r\n"
        status_line = stream_readline (st; timeout=left ());
        if (status_line == NULL) die ("the server closed the connection without a reply");
        status_line = strtrim_end (status_line, "\r\n");

        % The headers end with an empty line.  With none at all, that line
        % comes right away; else read up to "\r\n\r\n" (the two bytes read
        % first are the start of a header line, at least "N:", never its CR).
        variable head = stream_read (st, 2; timeout=left ());
        if ((head != NULL) && (head != "\r\n"B))
          {
             variable more = stream_read_until (st, "\r\n\r\n"; timeout=left ());
             if (more != NULL) head += more;
             if ((more == NULL) || (0 == is_substrbytes (head, "\r\n\r\n")))
               die ("malformed reply (no end of headers)");
          }
        else if (head == NULL)
          die ("malformed reply (no end of headers)");
        lines = strchop (strtrim_end (typecast (head, String_Type), "\r\n"), '\n', 0);
        lines = array_map (String_Type, &strtrim_end, lines, "\r");
        lines = lines[where (lines != "")];

        variable te = header_value (lines, "transfer-encoding");
        variable cl = header_value (lines, "content-length");
        if ((te != NULL) && (strlow (te) == "chunked"))
          body = read_chunked (st);
        else if (cl != NULL)
          {
             if (0 == string_match (cl, "^[0-9]+$"R, 1)) die ("bad Content-Length: " + cl);
             variable want = integer (cl);
             body = stream_read (st, want; timeout=left ());
             if (body == NULL) body = ""B;
             if (bstrlen (body) != want)
               die (sprintf ("short reply: Content-Length %d, got %d bytes", want, bstrlen (body)));
          }
        else
          {
             % no length: the body ends when the server closes
             body = ""B;
             variable data;
             forever
               {
                  data = stream_read_some (st, 65536; timeout=left ());
                  if (data == NULL) break;
                  body += data;
               }
          }
        stream_close (st);
     }
   catch SocketHError: { die ("cannot resolve " + host + ": " + __get_exception_info ().message); }
   catch SocketError: { die (url + ": " + __get_exception_info ().message); }

   variable code = string_matches (status_line, "^HTTP/[0-9.]+ \([0-9][0-9][0-9]\)"R, 1);
   if (code == NULL) die ("malformed status line: " + status_line);
   code = integer (code[1]);

   if (show_head)
     () = fprintf (stderr, "%s\n", strjoin ([status_line, lines], "\n"));
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
