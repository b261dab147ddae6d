% test_load.sl: concurrency under load -- SPEC section 12 (poll, non-blocking).
%
% A poll-based echo server in this script (non-blocking accept, a buffer per
% client) serves 1,000 concurrent TCP clients driven by load_client.py,
% which opens all its connections before sending, sends each a distinct
% 1-4 KiB payload, half-closes, and checks every byte of the echo.  No
% connection and no byte may be lost, and the descriptor count is back to
% its baseline afterwards.  Skipped (with the reason) without python3.
require ("./harness");

private variable Test_Dir = path_dirname (__FILE__);
private variable N = 1000;
private variable Deadline_Secs = 60.0;

% The soft RLIMIT_NOFILE, from /proc/self/limits (slsh has no getrlimit).
private define nofile_limit ()
{
   variable fp = fopen ("/proc/self/limits", "r"), line;
   if (fp == NULL) return -1;
   while (-1 != fgets (&line, fp))
     {
	if (strncmp (line, "Max open files", 14)) continue;
	variable f = strtok (line);
	() = fclose (fp);
	if (f[3] == "unlimited") return INT_MAX;
	return atoi (f[3]);
     }
   () = fclose (fp);
   return -1;
}

private define skip (why)
{
   () = fprintf (stdout, "# test_load skipped: %s\n", why);
   test_done ();
}

if (0 != system ("command -v python3 >/dev/null 2>&1"))
  skip ("python3 is not installed");

% The server needs N + some descriptors: re-run once under a raised limit.
private variable Need = N + 100;
if (nofile_limit () < Need)
{
   if (getenv ("SOCKTEST_LOAD_REEXEC") == NULL)
     {
	variable lim = sprintf ("%d", Need + 100);
	if (0 == system ("sh -c 'ulimit -n " + lim + "' 2>/dev/null"))
	  {
	     putenv ("SOCKTEST_LOAD_REEXEC=1");
	     variable slsh = getenv ("SLSH");
	     if (slsh == NULL) slsh = "slsh";
	     exit (system (sprintf ("sh -c 'ulimit -n %s && exec %s %s'", lim, slsh, __FILE__)) != 0);
	  }
	skip (sprintf ("RLIMIT_NOFILE is %d and cannot be raised to %d", nofile_limit (), Need));
     }
   skip (sprintf ("RLIMIT_NOFILE is %d even after ulimit -n", nofile_limit ()));
}

% --- the server -----------------------------------------------------------

private variable Base_Fds = fd_count ();

private variable srv = create_server ("127.0.0.1", 0 ; backlog=N + 24);
setblocking (srv, 0);
private variable Port;
(, Port) = getsockname (srv);

private variable Out = path_concat (Test_Dir, "load_client.py");
% the client is not under test: no sanitizer or valgrind preload for it
private variable Cmd = sprintf ("env -u LD_PRELOAD python3 %s %d %d %d 2>&1", Out, Port, N, int (Deadline_Secs));
private variable Client = popen (Cmd, "r");
if (Client == NULL)
{
   test_fail ("start the load client", Cmd);
   test_done ();
}

% Slot 0 is the listener; clients take slots 1..Cap-1, reused when freed.
private variable Cap = N + 64;
private variable Fds = FD_Type[Cap];
private variable Events = Int_Type[Cap];
private variable State = Int_Type[Cap];	       % 0 free, 1 reading, 2 echoing
private variable Bufs = BString_Type[Cap];
private variable Off = Int_Type[Cap];
private variable Free = {};
private variable i;
for (i = Cap - 1; i >= 1; i--) list_append (Free, i);
Fds[0] = srv; Events[0] = POLLIN; State[0] = -1;

private variable Accepted = 0, Done = 0, Open = 0, Peak = 0, Lost = 0;
private variable Bytes_In = 0L, Bytes_Out = 0L, Polls = 0;
private variable Errors = {};

private define note_error (what)
{
   if (length (Errors) < 10) list_append (Errors, what);
}

private define drop (k)
{
   () = close (Fds[k]);
   Fds[k] = NULL; Events[k] = 0; State[k] = 0; Bufs[k] = NULL; Off[k] = 0;
   list_append (Free, k);
   Open--;
}

private define accept_all ()
{
   forever
     {
	variable c;
	try
	  {
	     c = accept (srv);
	  }
	catch SocketError:
	  {
	     if ((errno == EAGAIN) || (errno == EWOULDBLOCK)) return;
	     note_error (sprintf ("accept: %s", errno_string (errno)));
	     return;
	  }
	if (length (Free) == 0)
	  {
	     note_error ("more connections than slots");
	     () = close (c);
	     Lost++;
	     continue;
	  }
	setblocking (c, 0);
	variable k = list_pop (Free, -1);
	Fds[k] = c; Events[k] = POLLIN; State[k] = 1; Bufs[k] = ""B; Off[k] = 0;
	Accepted++; Open++;
	if (Open > Peak) Peak = Open;
     }
}

private define serve (k, rev)
{
   variable s = Fds[k];
   if (State[k] == 1)
     {
	variable d;
	try
	  {
	     d = recv (s, 65536);
	  }
	catch SocketError:
	  {
	     if (errno == EAGAIN) return;
	     note_error (sprintf ("recv: %s", errno_string (errno)));
	     Lost++;
	     drop (k);
	     return;
	  }
	if (bstrlen (d))
	  {
	     Bufs[k] += d;
	     Bytes_In += bstrlen (d);
	     return;
	  }
	State[k] = 2;		       % end of the client's data: echo it all
	Events[k] = POLLOUT;
	rev = POLLOUT;
     }
   if ((State[k] == 2) && (rev & (POLLOUT|POLLERR|POLLHUP)))
     {
	variable b = Bufs[k], n = bstrlen (b);
	if (Off[k] < n)
	  {
	     variable w;
	     try
	       {
		  w = send (s, b[[Off[k]:n - 1]]);
	       }
	     catch SocketError:
	       {
		  if (errno == EAGAIN) return;
		  note_error (sprintf ("send: %s", errno_string (errno)));
		  Lost++;
		  drop (k);
		  return;
	       }
	     Off[k] += w;
	     Bytes_Out += w;
	  }
	if (Off[k] >= n)
	  {
	     Done++;
	     drop (k);
	  }
     }
}

private variable T0 = _ftime ();
private variable Deadline = T0 + Deadline_Secs + 5;   % the client gives up first
while ((Done + Lost < N) && (_ftime () < Deadline))
{
   variable r = poll (Fds, Events, 1.0);
   Polls++;
   variable ready = where ((r != 0) and (State != 0));
   foreach i (ready)
     {
	if (i == 0) accept_all ();
	else if (Fds[i] != NULL) serve (i, r[i]);
     }
}
private variable Secs = _ftime () - T0;

% --- the client's verdict ---------------------------------------------------

private variable Lines = fgetslines (Client);
private variable Status = pclose (Client);
Client = NULL;
private variable Verdict = (length (Lines) ? strtrim (Lines[0]) : "(no output)");
private variable line;
foreach line (Lines)
  () = fprintf (stdout, "# client: %s", line);
foreach line (Errors)
  () = fprintf (stdout, "# server: %s\n", line);

private variable Conns = -1, Bytes = -1L;
if (2 == sscanf (Verdict, "load: %d connections, %ld bytes, all ok", &Conns, &Bytes))
  ;
() = fprintf (stdout, "# load: %d connections, %ld bytes each way, %.2f s, %d polls, peak %d open, %d served\n",
	      N, Bytes_In, Secs, Polls, Peak, Done);

expect_value ("load client exit status 0", Status, 0);
expect_true (sprintf ("load client: all ok (%s)", Verdict), is_substr (Verdict, "all ok"));
expect_value ("client connections", Conns, N);
expect_value ("server accepted every connection", Accepted, N);
expect_value ("server echoed every connection", Done, N);
expect_value ("no connection lost", Lost, 0);
expect_value ("server bytes in == client bytes", Bytes_In, Bytes);
expect_value ("server bytes out == bytes in", Bytes_Out, Bytes_In);
expect_true (sprintf ("finished within %.0f s", Deadline_Secs), Secs < Deadline_Secs);
expect_true (sprintf ("connections were concurrent (peak %d open)", Peak), Peak >= N / 2);

() = close (srv);
srv = NULL; Fds = NULL;
expect_value ("descriptors back to baseline", fd_count (), Base_Fds);
test_done ();
