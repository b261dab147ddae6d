% fd_passing.sl: hand an open file to another process over a unix socket.
%
%   slsh fd_passing.sl [FILE]
%
% The parent opens FILE (default: a temporary file it writes and then
% deletes), forks, and sends the open descriptor to the child with
% send_fds over a socketpair (SCM_RIGHTS).  The child receives it with
% recv_fds and reads the file through it: it never opens the file by
% name, so this works even after the file was removed, or for a file
% the child would have no permission to open.  The child sends back how
% many bytes it read; the parent checks that and the child's exit status.
%
% Output (the last line is "fd_passing: OK" when everything worked):
%   parent: sent descriptor for FILE (N bytes)
%   child: read N bytes through the received descriptor: FIRST LINE
%   parent: child read N bytes and exited with status 0
%   fd_passing: OK
%
% Every receive has a 10 second deadline, so nothing can hang.

require ("socket");
require ("fork");

private variable Deadline = 10.0;

private define fail (msg)
{
   () = fprintf (stderr, "fd_passing: %s\n", msg);
   exit (1);
}

% The child: receive one descriptor, read the file through it, report.
private define child (sock)
{
   variable status = 0;
   try
     {
        variable data, fds;
        (data, fds) = recv_fds (sock, 16, 1; timeout=Deadline);
        if (length (fds) != 1)
          throw RunTimeError, sprintf ("expected 1 descriptor, got %d", length (fds));
        variable fd = fds[0];
        variable content = ""B, buf;
        while (read (fd, &buf, 65536) > 0)
          content += buf;
        () = close (fd);

        variable first = strchop (typecast (content, String_Type), '\n', 0)[0];
        () = fprintf (stdout, "child: read %d bytes through the received descriptor: %s\n",
                      bstrlen (content), first);
        () = fflush (stdout);
        () = sendall (sock, sprintf ("%d\n", bstrlen (content)); timeout=Deadline);
     }
   catch AnyError:
     {
        () = fprintf (stderr, "child: %s\n", __get_exception_info ().message);
        status = 1;
     }
   () = fflush (stdout);
   () = fflush (stderr);
   _exit (status);                     % no atexit handlers, no parent cleanup
}

private define make_temp_file ()
{
   variable base = getenv ("TMPDIR");
   if ((base == NULL) || (base == "")) base = "/tmp";
   variable i;
   _for i (0, 99, 1)
     {
        variable path = sprintf ("%s/fd-passing-%d-%d.txt", base, getpid (), i);
        variable fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd == NULL) continue;
        variable text = "the file behind the passed descriptor\n";
        loop (100) text += "some more data to read\n";
        () = write (fd, text);
        () = close (fd);
        return path;
     }
   fail ("cannot create a temporary file in " + base);
}

private define main ()
{
   variable path, remove_it = 0;
   if (__argc > 1)
     path = __argv[1];
   else
     {
        path = make_temp_file ();
        remove_it = 1;
     }

   variable fd = open (path, O_RDONLY);
   if (fd == NULL)
     fail (sprintf ("cannot open %s: %s", path, errno_string ()));
   variable size = stat_file (path).st_size;
   if (remove_it)
     () = remove (path);               % the descriptor keeps it alive

   variable parent_end, child_end;
   (parent_end, child_end) = socketpair (PF_UNIX, SOCK_STREAM, 0);

   () = fflush (stdout);               % so the child does not print it again
   variable pid = fork ();
   if (pid == 0)
     {
        () = close (parent_end);
        () = close (fd);                % the child gets it only by the socket
        child (child_end);
     }
   () = close (child_end);

   () = send_fds (parent_end, "F", [fd]; timeout=Deadline);
   () = close (fd);                     % the child holds its own copy now
   () = fprintf (stdout, "parent: sent descriptor for %s (%d bytes)\n",
                 remove_it ? "a deleted temporary file" : path, size);
   () = fflush (stdout);

   variable reply = ""B;
   try
     {
        forever
          {
             variable data = recv (parent_end, 64; timeout=Deadline);
             if (bstrlen (data) == 0) break;
             reply += data;
          }
     }
   catch SocketError:
     {
        () = fprintf (stderr, "parent: %s\n", __get_exception_info ().message);
        () = kill (pid, SIGKILL);
     }
   () = close (parent_end);

   variable st = waitpid (pid, 0);
   variable got = -1;
   if (bstrlen (reply)) got = integer (strtrim (typecast (reply, String_Type)));
   () = fprintf (stdout, "parent: child read %d bytes and exited with status %d\n",
                 got, st.exit_status);
   if ((st.exited == 0) || (st.exit_status != 0))
     fail ("the child failed");
   if (got != size)
     fail (sprintf ("the child read %d bytes, the file has %d", got, size));
   () = fprintf (stdout, "fd_passing: OK\n");
}

main ();
exit (0);
