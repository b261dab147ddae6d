% sl_least.sl: the in-process ping-pong through the least possible module
% (bench/leastmod.c, built into bench/least-module.so, never installed).
% Loaded by slbench.sl for its inproc_least mode, after import ("least")
% from bench/: msend and mrecv must exist when this is compiled.

define mode_inproc_least ()
{
   variable n = iarg (0), a, b, d, t0, t1, c0, c1;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   c0 = cpu_ns ();
   t0 = now ();
   loop (n)
     {
	() = msend (a, "x");
	d = mrecv (b, 1);
     }
   t1 = now ();
   c1 = cpu_ns ();
   if (bstrlen (d) != 1) bench_die ("short mrecv");
   inproc_report (n, t0, t1, c0, c1);
}
