% test_fuzz_regress.sl: what fuzz/fuzz_socket found, as S-Lang.
%
% Each case is the S-Lang equivalent of a reproducer in fuzz/regress/ (run
% them with "make fuzz-regress"); see fuzz/fuzz_socket.c.
require ("./harness");

new_exception ("FuzzAlarmError", RunTimeError, "alarm went off");
private define alarm_handler (sig)
{
   throw FuzzAlarmError, "alarm";
}

% fuzz/regress/poll-nan-timeout:
%    poll (__fz_fds (1), POLLIN, _NaN);
% deadline_ms() converts NaN to int (undefined behaviour; on x86 it gives
% INT_MIN), so poll() waits forever on a descriptor with no events.  A NaN
% timeout should be InvalidParmError, as ;timeout=_NaN is elsewhere.  The
% alarm turns an endless wait into a failure instead of a hang.
private define poll_nan ()
{
   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0);
   signal (SIGALRM, &alarm_handler);
   alarm (2);
   expect_error ("poll: a NaN timeout is InvalidParmError, not an endless wait",
		 InvalidParmError, NULL, &poll, [b], POLLIN, _NaN);
   alarm (0);
   signal (SIGALRM, SIG_DFL);
}
poll_nan ();

% fuzz/regress/recv-waitall-2gib-malloc:
%    recv (s1, 2147483647, MSG_WAITALL ; timeout=0);
% recv_buffer_size() trusts maxlen when MSG_WAITALL is set on a stream, so
% the call mallocs maxlen + 1 bytes (2 GiB) before it knows whether any
% data is there: libFuzzer's malloc limit reports it, and under a memory
% limit (ulimit -v, no overcommit) it is a MallocError instead of the
% documented SocketError/EAGAIN.  The buffer should grow with the data.
private define vm_peak_kb ()
{
   variable fp = fopen ("/proc/self/status", "r"), line;
   if (fp == NULL) return -1;
   while (-1 != fgets (&line, fp))
     if (0 == strncmp (line, "VmPeak:", 7))
       return atol (strtrim (line[[7:]], " \t\nkB"));
   return -1;
}

private define recv_waitall ()
{
   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0);
   variable p0 = vm_peak_kb ();
   expect_error ("recv: MSG_WAITALL with maxlen 2^31-1 on an empty non-blocking stream",
		 SocketError, NULL, &recv, b, 2147483647, MSG_WAITALL ; errno=EAGAIN);
   variable grew = vm_peak_kb () - p0;
   if (p0 < 0)
     test_pass ("recv: MSG_WAITALL (no /proc/self/status: not measured)");
   else
     expect_true (sprintf ("recv: MSG_WAITALL does not reserve maxlen up front (VmPeak grew by %d kB)", grew),
		  grew < 262144);
   % the same with data: what arrived comes back, nothing more is reserved
   () = send (a, "abc");
   p0 = vm_peak_kb ();
   expect_value ("recv: MSG_WAITALL on a non-blocking stream returns what is there",
		 recv (b, 2147483647, MSG_WAITALL), "abc"B);
   grew = vm_peak_kb () - p0;
   if (p0 >= 0)
     expect_true (sprintf ("recv: MSG_WAITALL with data does not reserve maxlen (VmPeak grew by %d kB)", grew),
		  grew < 262144);
}
recv_waitall ();

test_done ();
