% sl_upstream.sl: loaded by slbench.sl for Debian's upstream socket module,
% which has no getsockname: find a free loopback port by trying to bind.

define listen_loopback (type)
{
   variable s = socket (AF_INET, type, 0), port, tries = 0;
   port = 20000 + (getpid () * 7919) mod 10000;
   forever
     {
	try
	  {
	     bind (s, "127.0.0.1", port);
	     break;
	  }
	catch AnyError:
	  {
	     tries++;
	     if (tries > 1000) bench_die ("no free port");
	     port = 20000 + (port - 20000 + 1) mod 10000;
	  }
     }
   if (type == SOCK_STREAM) listen (s, 128);
   return (s, port);
}
