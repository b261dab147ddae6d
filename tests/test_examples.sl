% test_examples.sl: run every script in examples/ as a user would, as a
% child slsh (or jed-script) using this build, and check what it prints.
%
% The children load the module through an init file given with
% "slsh --init FILE": slsh evaluates -e strings only after the script, so
% -e cannot set the paths; the init file is loaded before the script.
% It prepends SOCKET_MODULE_DIR (or ../src) and ../lib to the paths,
% loads the module and exits with status 3 if it is not this build.

require ("./harness");

private variable Top = path_concat (getcwd (), "..");
private variable Examples = path_concat (Top, "examples");
private variable Src_Dir = getenv ("SOCKET_MODULE_DIR");
if (Src_Dir == NULL) Src_Dir = path_concat (Top, "src");
if (Src_Dir[0] != '/') Src_Dir = path_concat (getcwd (), Src_Dir);
private variable Lib_Dir = path_concat (Top, "lib");
private variable Slsh = getenv ("SLSH");
if ((Slsh == NULL) || (Slsh == "")) Slsh = "slsh";
private variable Timeout = "";     % set below if timeout(1) exists
private variable Tmp = make_temp_dir ();
private variable Init = path_concat (Tmp, "init.sl");

% --- helpers ---------------------------------------------------------------

private define shq (s)
{
   return "'" + strreplace (s, "'", "'\\''") + "'";
}

private define write_file (path, data)
{
   variable fp = fopen (path, "wb");
   if (fp == NULL) throw IOError, "cannot write " + path;
   () = fwrite (data, fp);
   () = fclose (fp);
}

private define read_file (path)
{
   variable fp = fopen (path, "rb");
   if (fp == NULL) return NULL;
   variable data = ""B, buf;
   while (fread_bytes (&buf, 65536, fp) > 0)
     data += buf;
   () = fclose (fp);
   return data;
}

private define read_text (path)
{
   variable d = read_file (path);
   if (d == NULL) return "";
   return typecast (d, String_Type);
}

% exit code from a wait status (system, pclose): negative for a signal
private define exit_code (st)
{
   if (st & 0x7F) return -(st & 0x7F);
   return (st shr 8) & 0xFF;
}

private define setup_init ()
{
   write_file (Init, sprintf (
`%% written by tests/test_examples.sl
set_import_module_path (%s + ":" + get_import_module_path ());
set_slang_load_path (%s + ":" + get_slang_load_path ());
require ("socket");
if (_socket_module_version_string != %s)
{
   () = fprintf (stderr, "init: loaded socket module %%s, not this build\n", _socket_module_version_string);
   exit (3);
}
`, make_printable_string (Src_Dir), make_printable_string (Lib_Dir),
                               make_printable_string (_socket_module_version_string)));
}

% The shell command that runs an example with this build.
private define slsh_cmd (example, args)
{
   return Timeout + shq (Slsh) + " --init " + shq (Init) + " "
     + shq (path_concat (Examples, example)) + " " + args;
}

% Run an example to completion: (exit code, stdout, stderr)
private variable Run_Count = 0;
private define run (cmd)
{
   Run_Count++;
   variable out = path_concat (Tmp, sprintf ("out%d", Run_Count));
   variable err = path_concat (Tmp, sprintf ("err%d", Run_Count));
   variable st = system (cmd + " </dev/null >" + shq (out) + " 2>" + shq (err));
   variable r = exit_code (st), o = read_text (out), e = read_text (err);
   () = remove (out);
   () = remove (err);
   if (getenv ("TEST_VERBOSE") != NULL)
     () = fprintf (stdout, "# %s\n#   -> %d\n%s%s", cmd, r, o, e);
   return r, o, e;
}

% Start a server example in the background; return the pipe and its first
% line (NULL if it printed none).
private define start (cmd)
{
   variable fp = popen (cmd + " </dev/null", "r");
   if (fp == NULL) throw IOError, "popen failed: " + cmd;
   variable line;
   if (-1 == fgets (&line, fp)) line = NULL;
   return fp, line;
}

% Read the rest of a started server's output and its exit code.
private define finish (fp)
{
   variable rest = "", line;
   while (-1 != fgets (&line, fp))
     rest += line;
   return exit_code (pclose (fp)), rest;
}

private define in_path (prog)
{
   variable dir;
   foreach dir (strchop (getenv ("PATH"), ':', 0))
     {
        if (dir == "") continue;
        variable st = stat_file (path_concat (dir, prog));
        if ((st != NULL) && stat_is ("reg", st.st_mode)) return 1;
     }
   return 0;
}

private define have_ipv6 ()
{
   try
     {
        variable s = socket (PF_INET6, SOCK_DGRAM, 0);
        bind (s, "::1", 0);
        () = close (s);
        return 1;
     }
   catch SocketError;
   return 0;
}

% Some line of text matches the regular expression pattern.
private define expect_match (name, text, pattern)
{
   variable line;
   foreach line (strchop (text, '\n', 0))
     if (string_match (line, pattern, 1))
       {
          test_pass (name);
          return;
       }
   test_fail (name, sprintf ("output does not match \"%s\":\n%s", pattern, text));
}

% --- every example is tested -------------------------------------------------

private variable Tested = ["demo.sl", "echo_server.sl", "echo_server_poll.sl", "http_server.sl",
                           "http_client.sl", "fd_passing.sl", "udp_echo.sl", "jed_client.sl",
                           "line_client.sl", "chat_server.sl", "chat_client.sl",
                           "activated_echo.sl", "netlink_links.sl"];

private define test_all_covered ()
{
   variable f, files = listdir (Examples);
   foreach f (Tested)
     expect_true ("examples/" + f + " exists", any (files == f));
   foreach f (files[where (array_map (Int_Type, &string_match, files, "\\.sl$", 1))])
     expect_true ("examples/" + f + " is run by test_examples.sl", any (Tested == f));
}

% --- demo.sl ---------------------------------------------------------------

private define test_demo ()
{
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("demo.sl", ""));
   expect_value ("demo.sl exit status", r, 0);
   expect_match ("demo.sl all echoes", o, "demo: all echoes came back unchanged");
}

% --- echo_server.sl (event loop) and echo_server_poll.sl (poll) ------------
%
% 20 concurrent clients; with fdlimit > 0 the server runs under
% "ulimit -n fdlimit", so it runs out of descriptors (EMFILE) before all
% are accepted: it must serve the ones it has and accept the rest as
% they leave.

private define test_echo_server (script, fdlimit)
{
   variable nclients = 20;
   variable name = path_sans_extname (script);
   variable label = name + ((fdlimit > 0) ? sprintf (" (ulimit -n %d)", fdlimit) : "");
   variable fp, line;
   (fp, line) = start (((fdlimit > 0) ? sprintf ("ulimit -n %d; ", fdlimit) : "")
                       + slsh_cmd (script, sprintf ("--port 0 --once-clients %d --idle 20", nclients)));
   variable m = (line == NULL) ? NULL
     : string_matches (line, "^" + name + ": listening on \\([^ ]+\\) port \\([0-9]+\\)$", 1);
   if (m == NULL)
     {
        test_fail (label + " first line", sprintf ("%S", line));
        () = finish (fp);
        return;
     }
   test_pass (label + " first line");
   variable host = m[1], port = integer (m[2]);
   expect_value (label + " listens on loopback", host, "127.0.0.1");
   expect_true (label + " ephemeral port", (port > 0) && (port < 65536));

   % Connect all the clients before any is served: a server that handled
   % one client at a time would leave the others hanging.
   variable socks = FD_Type[nclients], want = BString_Type[nclients];
   variable sent = Int_Type[nclients], got = BString_Type[nclients];
   variable shut = Char_Type[nclients], eof = Char_Type[nclients];
   variable i;
   _for i (0, nclients - 1, 1)
     {
        socks[i] = create_connection (host, port; timeout=10.0);
        setblocking (socks[i], 0);
        % sizes from 1 byte to ~380 KB, bytes 0..255 included
        variable n = 1 + i * i * 997;
        variable pat = sprintf ("client %d says hello\r\n", i) + "\0\xFF\x80"B
          + array_to_bstring (typecast ([0:255], UChar_Type));
        variable d = pat;
        while (bstrlen (d) < n) d += d;
        want[i] = d[[0:n - 1]];
        got[i] = ""B;
     }

   variable t0 = _ftime ();
   while ((0 == all (eof)) && (_ftime () - t0 < 25.0))
     {
        variable ev = Int_Type[nclients];
        _for i (0, nclients - 1, 1)
          {
             ev[i] = eof[i] ? 0 : POLLIN;
             if (shut[i] == 0) ev[i] |= POLLOUT;
          }
        variable rev = poll (socks, ev, 1.0);
        _for i (0, nclients - 1, 1)
          {
             if ((rev[i] & POLLOUT) && (shut[i] == 0))
               {
                  try
                    {
                       sent[i] += send (socks[i], want[i][[sent[i]:]]);
                    }
                  catch SocketError: { if (errno != EAGAIN) throw; }
                  if (sent[i] == bstrlen (want[i]))
                    {
                       shutdown (socks[i], SHUT_WR);
                       shut[i] = 1;
                    }
               }
             if (rev[i] & (POLLIN | POLLHUP | POLLERR))
               {
                  variable data;
                  try
                    {
                       data = recv (socks[i], 65536);
                       if (bstrlen (data) == 0) eof[i] = 1;
                       else got[i] += data;
                    }
                  catch SocketError: { if (errno != EAGAIN) throw; }
               }
          }
     }
   variable bad = 0;
   _for i (0, nclients - 1, 1)
     {
        if ((eof[i] == 0) || (got[i] != want[i]))
          {
             bad++;
             test_fail (sprintf ("%s: echo client %d", label, i),
                        sprintf ("sent %d of %d bytes, got %d back, eof %d, same %d", sent[i],
                                 bstrlen (want[i]), bstrlen (got[i]), eof[i], got[i] == want[i]));
          }
        () = close (socks[i]);
     }
   expect_value (label + ": every client's bytes came back exactly", bad, 0);

   variable r, rest;
   (r, rest) = finish (fp);
   expect_value (label + " exits after --once-clients", r, 0);
   expect_match (label + " served all clients", rest, sprintf ("served %d clients", nclients));
   if (fdlimit > 0)
     expect_match (label + " reported EMFILE and went on", rest,
                   "^" + name + ": out of descriptors with [0-9]+ clients: not accepting until one leaves$");
}

% --- chat_server.sl + chat_client.sl -----------------------------------------
%
% Three clients join; each waits until the server says 3 are here, says
% one line, and leaves after the 2 lines of the others (--count 2).  Each
% must get the others' lines and never its own.  A fourth client, whose
% line is held back for 99 clients, leaves by its --quit-after timer.
% Then the server has served 4 clients and exits.

private define test_chat ()
{
   variable fp, line;
   (fp, line) = start (slsh_cmd ("chat_server.sl", "--port 0 --once-clients 4 --idle 20 --report 0.2"));
   variable m = (line == NULL) ? NULL
     : string_matches (line, "^chat_server: listening on \\([^ ]+\\) port \\([0-9]+\\)$", 1);
   if (m == NULL)
     {
        test_fail ("chat_server first line", sprintf ("%S", line));
        () = finish (fp);
        return;
     }
   test_pass ("chat_server first line");
   variable host = m[1], port = integer (m[2]);
   expect_value ("chat_server listens on loopback", host, "127.0.0.1");

   variable n = 3, i, j;
   variable cfp = File_Type[n], first = String_Type[n], out = String_Type[n], rc = Int_Type[n];
   _for i (0, n - 1, 1)
     {
        (cfp[i], first[i]) = start (slsh_cmd ("chat_client.sl",
                                              sprintf ("--port %d --say %s --wait-for %d --count %d --quit-after 20",
                                                       port, shq (sprintf ("hello from client %d", i)), n, n - 1)));
        if (first[i] == NULL) first[i] = "";
     }
   _for i (0, n - 1, 1)
     {
        variable label = sprintf ("chat_client %d", i);
        (rc[i], out[i]) = finish (cfp[i]);
        expect_value (label + " exit status", rc[i], 0);
        expect_match (label + " first line", first[i],
                      sprintf ("^chat_client: connected to 127\\.0\\.0\\.1 port %d as 127\\.0\\.0\\.1:[0-9]+$", port));
        _for j (0, n - 1, 1)
          {
             if (j == i)
               expect_true (label + " does not get its own line",
                            0 == is_substr (out[i], sprintf ("hello from client %d", i)));
             else
               expect_match (sprintf ("%s gets client %d's line", label, j), out[i],
                             sprintf ("^127\\.0\\.0\\.1:[0-9]+: hello from client %d$", j));
          }
        expect_match (label + " left after the others' lines", out[i], "^chat_client: got 2 lines, leaving$");
        expect_match (label + " counted them", out[i], "^chat_client: 2 lines from others$");
     }

   % the timer: this one never speaks (99 clients never come)
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("chat_client.sl", sprintf ("--port %d --say never --wait-for 99 --quit-after 0.5", port)));
   expect_value ("chat_client --quit-after exit status", r, 0);
   expect_match ("chat_client --quit-after welcome", o, "^\\* welcome 127\\.0\\.0\\.1:[0-9]+, 1 here$");
   expect_match ("chat_client --quit-after timer", o, "^chat_client: quitting after 0\\.5 seconds$");

   variable rest;
   (r, rest) = finish (fp);
   expect_value ("chat_server exits after --once-clients", r, 0);
   expect_match ("chat_server timer reported the clients", rest, "^chat_server: [0-9]+ clients$");
   expect_match ("chat_server logged a join", rest, "^chat_server: 127\\.0\\.0\\.1:[0-9]+ joined$");
   expect_match ("chat_server logged a leave", rest, "^chat_server: 127\\.0\\.0\\.1:[0-9]+ left (end of stream)$");
   expect_match ("chat_server served all clients", rest, "^chat_server: served 4 clients$");
}

% --- http_server.sl + http_client.sl ---------------------------------------

private define test_http (www, body, host)
{
   variable label = sprintf ("http [%s]", host);
   variable fp, line;
   (fp, line) = start (slsh_cmd ("http_server.sl", sprintf ("--root %s --host %s --port 0 --max-requests 7 --idle 20",
                                                            shq (www), shq (host))));
   variable m = (line == NULL) ? NULL
     : string_matches (line, "^http_server: serving .* at \\(http://[^ ]+/\\)$", 1);
   if (m == NULL)
     {
        test_fail (label + " server first line", sprintf ("%S", line));
        () = finish (fp);
        return;
     }
   test_pass (label + " server first line");
   variable base = m[1];
   variable want_base = (host == "::1") ? "http://\\[::1\\]:[0-9]+/" : "http://127\\.0\\.0\\.1:[0-9]+/";
   expect_match (label + " server URL", base, "^" + want_base + "$");

   % the file, byte for byte
   variable out = path_concat (Tmp, "fetched");
   variable st = exit_code (system (slsh_cmd ("http_client.sl", shq (base + "data.bin"))
                                    + " </dev/null >" + shq (out) + " 2>/dev/null"));
   expect_value (label + " client exit status for 200", st, 0);
   variable got = read_file (out);
   () = remove (out);
   expect_value (label + " body length", (got == NULL) ? -1 : bstrlen (got), bstrlen (body));
   expect_true (label + " body bytes are exact", (got != NULL) && (got == body));

   % a text file, printed to stdout
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("http_client.sl", shq (base + "hello.txt")));
   expect_value (label + " client prints the body", o, "hello, world\n");

   % a missing file
   (r, o, e) = run (slsh_cmd ("http_client.sl", shq (base + "missing.txt")));
   expect_value (label + " client exit status for 404", r, 1);
   expect_match (label + " client reports 404", e, "HTTP/1.0 404 Not Found");

   % a file in a sub-directory; nothing above the root
   (r, o, e) = run (slsh_cmd ("http_client.sl", shq (base + "sub/deeper.txt")));
   expect_value (label + " client gets a file in a sub-directory", o, "from sub\n");
   variable up;
   foreach up (["../secret.txt", "sub/../../secret.txt", "sub/..%2F../secret.txt"])
     {
        (r, o, e) = run (slsh_cmd ("http_client.sl", shq (base + up)));
        expect_value (label + " " + up + ": 404", r, 1);
        expect_true (label + " " + up + ": the secret is not served", 0 == is_substr (o, "secret"));
     }

   variable rest;
   (r, rest) = finish (fp);
   expect_value (label + " server exits after --max-requests", r, 0);
   expect_match (label + " server logged the 200, sent with sendfile", rest,
                 "GET /data.bin HTTP/1.0 -> 200 (" + string (bstrlen (body)) + " bytes, sendfile)");
   expect_match (label + " server logged the 404", rest, "GET /missing.txt HTTP/1.0 -> 404");
}

private define test_http_all ()
{
   variable www = path_concat (Tmp, "www");
   () = mkdir (www, 0700);
   % every byte value, a blank line inside the body, a few hundred KiB
   % (more than one sendfile and one recv; the pattern shifts every 256
   % bytes, so a chunk sent twice or out of order shows)
   variable body = "binary file\r\n\r\nwith a blank line\n"B;
   variable i = [0:400 * 1024 - 1];
   body += array_to_bstring (typecast ((i + i / 256) mod 256, UChar_Type));
   write_file (path_concat (www, "data.bin"), body);
   write_file (path_concat (www, "hello.txt"), "hello, world\n");
   () = mkdir (path_concat (www, "sub"), 0700);
   write_file (path_concat (www, "sub/deeper.txt"), "from sub\n");
   write_file (path_concat (Tmp, "secret.txt"), "secret\n");

   test_http (www, body, "127.0.0.1");
   if (have_ipv6 ())
     test_http (www, body, "::1");
   else
     () = fprintf (stdout, "# skip http over IPv6: no ::1\n");

   () = remove (path_concat (www, "data.bin"));
   () = remove (path_concat (www, "hello.txt"));
   () = remove (path_concat (www, "sub/deeper.txt"));
   () = rmdir (path_concat (www, "sub"));
   () = remove (path_concat (Tmp, "secret.txt"));
   () = rmdir (www);
}

% --- fd_passing.sl -----------------------------------------------------------

private define test_fd_passing ()
{
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("fd_passing.sl", ""));
   expect_value ("fd_passing exit status", r, 0);
   expect_match ("fd_passing child read the file", o,
                 "child: read [0-9]+ bytes through the received descriptor: the file behind the passed descriptor");
   expect_match ("fd_passing OK", o, "^fd_passing: OK$");

   % a file of ours: the child must read exactly its bytes
   variable f = path_concat (Tmp, "passed.txt");
   variable text = "first line of the passed file\nsecond line\n";
   write_file (f, text);
   (r, o, e) = run (slsh_cmd ("fd_passing.sl", shq (f)));
   expect_value ("fd_passing FILE exit status", r, 0);
   expect_match ("fd_passing FILE child read it", o,
                 sprintf ("child: read %d bytes through the received descriptor: first line of the passed file", strlen (text)));
   expect_match ("fd_passing FILE parent checked", o,
                 sprintf ("parent: child read %d bytes and exited with status 0", strlen (text)));
   () = remove (f);
}

% --- udp_echo.sl -------------------------------------------------------------

private define test_udp ()
{
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("udp_echo.sl", shq ("datagram 42")));
   expect_value ("udp_echo exit status", r, 0);
   expect_match ("udp_echo IPv4", o,
                 "^IPv4: 127\\.0\\.0\\.1 port [0-9]+ -> 127\\.0\\.0\\.1 port [0-9]+ (arrived at 127\\.0\\.0\\.1 on lo): \"datagram 42\" -> \"echo: datagram 42\" ok$");
   if (have_ipv6 ())
     expect_match ("udp_echo IPv6", o,
                   "^IPv6: ::1 port [0-9]+ -> ::1 port [0-9]+ (arrived at ::1 on lo): \"datagram 42\" -> \"echo: datagram 42\" ok$");
   else
     expect_match ("udp_echo IPv6 skipped", o, "^IPv6: skipped");
   expect_match ("udp_echo OK", o, "^udp_echo: OK$");
}

% --- netlink_links.sl ---------------------------------------------------------

private define test_netlink_links ()
{
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("netlink_links.sl", ""));
   expect_value ("netlink_links exit status", r, 0);
   expect_value ("netlink_links prints nothing on stderr", e, "");
   expect_match ("netlink_links lists lo, up, with its index", o,
                 sprintf ("^%d: lo state up mtu [0-9]+ mac 00:00:00:00:00:00$", if_nametoindex ("lo")));
   % the same links as if_nameindex (one namespace, one view)
   variable n = length (if_nameindex ());
   expect_match ("netlink_links counts every link", o, sprintf ("^netlink_links: %d links$", n));
   variable lines = strchop (strtrim_end (o, "\n"), '\n', 0);
   expect_value ("netlink_links: one line per link", length (lines), n + 1);
}

% --- line_client.sl ----------------------------------------------------------

private define test_line_client ()
{
   variable r, o, e;
   (r, o, e) = run (slsh_cmd ("line_client.sl", ""));
   expect_value ("line_client exit status", r, 0);
   expect_value ("line_client prints nothing on stderr", e, "");
   % the whole dialogue, in order: a greeting, HELO, a multi-line reply,
   % an error code, a reply that missed its deadline and came whole
   % afterwards, QUIT
   expect_value ("line_client dialogue", o,
`S: 220 127.0.0.1 line_client demo server ready
C: HELO client.example
S: 250 hello client.example
C: HELP
S: 214-commands:
S: 214-HELO domain, HELP, NOOP
S: 214 SLOW, QUIT
C: BOGUS command
S: 500 unknown command: BOGUS command
C: SLOW
(no full reply within 0.3 s: ETIMEDOUT, the partial line stays buffered)
C: NOOP
S: 250 slow reply, done
S: 250 OK
C: QUIT
S: 221 bye
line_client: OK
`);
}

% --- jed_client.sl -----------------------------------------------------------

private define test_jed ()
{
   if (0 == in_path ("jed-script"))
     {
        () = fprintf (stdout, "# skip jed: not installed\n");
        return;
     }
   % jed-script has no --init: a wrapper sets the paths, then loads the
   % example as "jed-script jed_client.sl" would.
   variable wrapper = path_concat (Tmp, "jed_wrapper.sl");
   write_file (wrapper, sprintf (
`set_import_module_path (%s + ":" + get_import_module_path ());
set_slang_load_path (%s + ":" + get_slang_load_path ());
() = evalfile (%s);
`, make_printable_string (Src_Dir), make_printable_string (Lib_Dir),
                                 make_printable_string (path_concat (Examples, "jed_client.sl"))));
   variable r, o, e;
   (r, o, e) = run (Timeout + "jed-script " + shq (wrapper) + " " + shq ("hi from the test"));
   expect_value ("jed_client exit status", r, 0);
   expect_match ("jed_client tcp", o,
                 "^tcp 127\\.0\\.0\\.1 port [0-9]+: sent \"hi from the test\", got back \"hi from the test\"$");
   expect_match ("jed_client socketpair", o,
                 "^socketpair: sent \"hi from the test\", got back \"hi from the test\"$");
   expect_match ("jed_client loaded this build", o,
                 "^socket module " + str_quote_string (_socket_module_version_string, ".", '\\') + " in jed");
   expect_match ("jed_client OK", o, "^jed_client: OK$");
   () = remove (wrapper);
}

% --- activated_echo.sl: started by systemd-socket-activate ---------------
%
% The activator (Debian package systemd) listens on a port, execs the
% example on the first connection with LISTEN_FDS etc. set, and passes
% NOTIFY_SOCKET (-E) to a datagram socket this test binds.  The port is
% picked by binding port 0 and closing; if it is taken meanwhile, the
% activator exits at once and another is tried.

% Every byte value, 64 KB: more than one recv and one send.
private define echo_payload ()
{
   variable d = array_to_bstring (typecast ([0:255], UChar_Type));
   loop (8) d += d;
   return d;
}

% Send data to host:port, close our end, return what comes back (NULL
% on an error, reported).
private define echo_exchange (label, host, port, data)
{
   variable got = ""B;
   try
     {
        variable c = create_connection (host, port; timeout=10);
        () = sendall (c, data; timeout=10);
        shutdown (c, SHUT_WR);
        forever
          {
             variable d = recv (c, 65536; timeout=10);
             if (bstrlen (d) == 0) break;
             got += d;
          }
        () = close (c);
     }
   catch SocketError:
     {
        test_fail (label + ": echo exchange", __get_exception_info ().message);
        return NULL;
     }
   return got;
}

private define free_tcp_port ()
{
   variable s = socket (PF_INET, SOCK_STREAM, 0);
   bind (s, "127.0.0.1", 0);
   variable h, p;
   (h, p) = getsockname (s);
   () = close (s);
   return p;
}

% The activator passes on only what -E names: the sanitizer runtime of
% make check-asan (the init file names the build).
private variable Pass_Env = "";
private define set_pass_env ()
{
   variable v;
   foreach v (["LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS"])
     if (getenv (v) != NULL) Pass_Env += " -E " + v;
}
set_pass_env ();

% Start "systemd-socket-activate -l 127.0.0.1:PORT opts ... example args"
% and read its output until it says it listens.  Returns (fp, port, pid
% of the timeout(1) wrapper or 0), or (NULL, 0, 0).
private define start_activated (opts, args)
{
   variable attempt;
   _for attempt (1, 8, 1)
     {
        variable port = free_tcp_port ();
        variable cmd = "echo $$; exec " + Timeout + "systemd-socket-activate"
          + sprintf (" -l 127.0.0.1:%d ", port) + opts + Pass_Env + " "
          + shq (Slsh) + " --init " + shq (Init) + " " + shq (path_concat (Examples, "activated_echo.sl"))
          + " " + args;
        variable fp = popen ("sh -c " + shq (cmd) + " </dev/null 2>&1", "r");
        if (fp == NULL) throw IOError, "popen failed: " + cmd;
        variable line, pid = 0, listening = 0, other = "";
        if (-1 != fgets (&line, fp)) pid = integer (strtrim (line));
        while (-1 != fgets (&line, fp))
          {
             if (string_match (line, sprintf ("^Listening on 127\\.0\\.0\\.1:%d as 3\\.$", port), 1))
               {
                  listening = 1;
                  break;
               }
             other += line;
          }
        if (listening)
          return fp, port, pid;
        () = pclose (fp);
        () = fprintf (stdout, "# activated_echo: activator did not listen (attempt %d):\n%s", attempt, other);
     }
   return NULL, 0, 0;
}

private define test_activated_echo ()
{
   variable data = echo_payload (), got, fp, line, r, rest;

   % by hand: nothing passed, it listens itself
   (fp, line) = start (slsh_cmd ("activated_echo.sl", "--port 0 --once-clients 1"));
   variable m = (line == NULL) ? NULL
     : string_matches (line, "^activated_echo: listening on 127\\.0\\.0\\.1 port \\([0-9]+\\)$", 1);
   if (m == NULL)
     {
        test_fail ("activated_echo by hand: first line", sprintf ("%S", line));
        () = finish (fp);
     }
   else
     {
        test_pass ("activated_echo by hand: first line");
        got = echo_exchange ("activated_echo by hand", "127.0.0.1", integer (m[1]), data);
        expect_true ("activated_echo by hand: every byte came back", (got != NULL) && (got == data));
        (r, rest) = finish (fp);
        expect_value ("activated_echo by hand: exit status after --once-clients 1", r, 0);
        expect_match ("activated_echo by hand: served", rest, "^activated_echo: served 1 client$");
     }

   if (0 == in_path ("systemd-socket-activate"))
     {
        () = fprintf (stdout, "# skip activated_echo under systemd-socket-activate: not installed (Debian package systemd)\n");
        return;
     }

   % socket activation, with a notification socket
   variable npath = path_concat (Tmp, "notify.sock");
   variable rcv = socket (PF_UNIX, SOCK_DGRAM, 0);
   bind (rcv, npath);
   variable port, pid;
   (fp, port, pid) = start_activated ("--fdname=echo -E " + shq ("NOTIFY_SOCKET=" + npath), "--once-clients 1");
   expect_true ("activated_echo: systemd-socket-activate listens", fp != NULL);
   if (fp == NULL) return;
   got = echo_exchange ("activated_echo", "127.0.0.1", port, data);
   expect_true ("activated_echo: every byte came back", (got != NULL) && (got == data));
   (r, rest) = finish (fp);
   expect_value ("activated_echo: exit status after --once-clients 1", r, 0);
   expect_match ("activated_echo: took the passed socket and its name", rest,
                 "^activated_echo: 1 socket from socket activation (echo)$");
   expect_match ("activated_echo: served", rest, "^activated_echo: served 1 client$");
   variable note;
   try
     {
        note = recv (rcv, 4096; timeout=10);
        expect_value ("activated_echo: sd_notify READY=1", note, "READY=1\nSTATUS=serving 1 socket"B);
        note = recv (rcv, 4096; timeout=10);
        expect_value ("activated_echo: sd_notify STOPPING=1 at the end", note, "STOPPING=1"B);
     }
   catch SocketError:
     test_fail ("activated_echo: notifications", __get_exception_info ().message);
   () = close (rcv);

   % -a (systemd's Accept=yes): one process per connection, the passed
   % socket is the connection; the activator runs on and is stopped here
   (fp, port, pid) = start_activated ("-a", "");
   expect_true ("activated_echo -a: systemd-socket-activate listens", fp != NULL);
   if (fp == NULL) return;
   got = echo_exchange ("activated_echo -a", "127.0.0.1", port, data);
   expect_true ("activated_echo -a: every byte came back", (got != NULL) && (got == data));
   variable out = "", served = 0, died = NULL;
   while (-1 != fgets (&line, fp))
     {
        out += line;
        if (string_match (line, "^activated_echo: served 1 client$", 1)) served = 1;
        m = string_matches (line, "^Child [0-9]+ died with code \\([0-9]+\\)", 1);
        if (m != NULL)
          {
             died = integer (m[1]);
             break;
          }
     }
   if (pid > 0) () = kill (pid, SIGTERM);
   () = finish (fp);
   if (getenv ("TEST_VERBOSE") != NULL) () = fputs (out, stdout);
   expect_true ("activated_echo -a: the per-connection process served its client", served);
   expect_value ("activated_echo -a: the per-connection process exited 0", died, 0);
}

% --- main --------------------------------------------------------------------

if (in_path ("timeout")) Timeout = "timeout 30 ";
setup_init ();
try
  {
     test_all_covered ();
     test_demo ();
     test_echo_server ("echo_server.sl", 0);
     test_echo_server ("echo_server.sl", 12);
     test_echo_server ("echo_server_poll.sl", 0);
     test_echo_server ("echo_server_poll.sl", 12);
     test_chat ();
     test_http_all ();
     test_fd_passing ();
     test_udp ();
     test_netlink_links ();
     test_line_client ();
     test_jed ();
     test_activated_echo ();
  }
finally
  {
     () = remove (Init);
     remove_temp_dir (Tmp);
  }
test_done ();
