% test_help.sl: every public name of the module has an entry in the help
% file, and that help file is the one lib/socket.sl registers.
%
% The names come from the module itself, not from a list kept by hand:
% the module is imported a second time into a namespace of its own and
% _apropos lists everything it defined there (functions, variables and
% constants).  The exceptions are created once, in Global, so they are
% added by name, as is socket_stream, which lib/socket.sl defines.

require ("./harness");

private variable Top = path_concat (getcwd (), "..");
private variable Hlp = path_concat (Top, "doc/help/socket.hlp");
private variable Tm = path_concat (Top, "doc/tm/socket.tm");

% --- the help file lib/socket.sl registered ---------------------------------

private define same_file (a, b)
{
   variable sa = stat_file (a), sb = stat_file (b);
   return ((sa != NULL) && (sb != NULL)
           && (sa.st_dev == sb.st_dev) && (sa.st_ino == sb.st_ino));
}

private define test_registered ()
{
   variable files = get_doc_files ();
   if (files == NULL) files = String_Type[0];
   variable f, ours = 0, others = 0;
   foreach f (files)
     {
        if (path_basename (f) != "socket.hlp") continue;
        if (same_file (f, Hlp)) ours++;
        else others++;
     }
   expect_true ("doc/help/socket.hlp exists", NULL != stat_file (Hlp));
   expect_value ("lib/socket.sl registered doc/help/socket.hlp once", ours, 1);
   expect_value ("no other socket.hlp is registered", others, 0);
}

% --- the public names ---------------------------------------------------------

private define module_names ()
{
   import ("socket", "sockhelp");
   variable names = _apropos ("sockhelp", "", 0xF);
   return names[array_sort (names)];
}

private define test_names (names)
{
   % The enumeration must have seen the module: a few names from each
   % table (functions, variables, constants, the option table).
   variable n;
   foreach n (["socket", "connect", "create_server", "poll", "recv_fds",
               "_socket_module_version", "h_errno", "PF_INET6", "MSG_PEEK",
               "POLLIN", "SO_REUSEADDR", "TCP_NODELAY",
               "stream_new", "stream_readline", "stream_read_until", "stream_read",
               "stream_read_some", "stream_pending", "stream_write", "stream_flush",
               "stream_fd", "stream_close",
               "selector_new", "selector_add", "selector_modify", "selector_remove",
               "selector_wait", "selector_close", "eventloop_new", "eventloop_watch",
               "eventloop_unwatch", "eventloop_after", "eventloop_every", "eventloop_cancel",
               "eventloop_run", "eventloop_stop",
               "sd_listen_fds", "sd_listen_fds_with_names", "sd_notify"])
     expect_true ("sockhelp namespace has " + n, any (names == n));
   expect_true (sprintf ("the module defines many names (%d)", length (names)),
                length (names) > 100);

   % The exceptions live in Global, created once for all namespaces.
   foreach n (["SocketError", "SocketHError"])
     expect_true (n + " is defined",
                  length (where (_apropos ("Global", "^" + n + "$", 0xF) == n)) == 1);
   variable caught = 0;
   try
     {
        throw SocketHError, "test";
     }
   catch SocketError: { caught = 1; }
   expect_true ("SocketHError is a SocketError", caught);

   % socket.sl's own function
   expect_true ("socket.sl defines socket_stream", 2 == is_defined ("socket_stream"));
}

private define test_entries (names)
{
   variable n, missing = String_Type[0], shadowed = String_Type[0];
   foreach n ([names, "SocketError", "SocketHError", "socket_stream"])
     {
        variable h = get_doc_string_from_file (Hlp, n);
        if (h == NULL)
          {
             missing = [missing, n];
             test_fail ("help entry for " + n, "not in doc/help/socket.hlp");
             continue;
          }
        % The entry is the name's own, with a synopsis.
        if ((0 == strncmp (h, n + "\n", strlen (n) + 1)) && is_substr (h, "SYNOPSIS"))
          test_pass ("help entry for " + n);
        else
          test_fail ("help entry for " + n, "malformed: " + substr (h, 1, 80));
        % What slsh's "help NAME" shows (the registered files, in order)
        % is that entry, not another file's.
        if (get_doc_string_from_file (n) != h)
          shadowed = [shadowed, n];
     }
   if (length (missing))
     () = fprintf (stdout, "# names without a help entry: %s\n", strjoin (missing, " "));
   expect_value ("help NAME finds the socket.hlp entry for every name",
                 strjoin (shadowed, " "), "");
}

% Entries in the source that are not in the generated file mean that
% doc/help/socket.hlp is stale (run make).
private define test_generated ()
{
   variable fp = fopen (Tm, "r");
   if (fp == NULL)
     {
        () = fprintf (stdout, "# skip: no %s\n", Tm);
        return;
     }
   variable line, stale = String_Type[0], count = 0;
   while (-1 != fgets (&line, fp))
     {
        variable m = string_matches (line, "^\\\\function{\\([^}]+\\)}", 1);
        if (m == NULL)
          m = string_matches (line, "^\\\\variable{\\([^}]+\\)}", 1);
        if (m == NULL) continue;
        count++;
        if (NULL == get_doc_string_from_file (Hlp, m[-1]))
          stale = [stale, m[-1]];
     }
   () = fclose (fp);
   expect_true (sprintf ("socket.tm has entries (%d)", count), count > 100);
   expect_value ("every socket.tm entry is in socket.hlp (make regenerates it)",
                 strjoin (stale, " "), "");
}

test_registered ();
variable Names = module_names ();
test_names (Names);
test_entries (Names);
test_generated ();
test_done ();
