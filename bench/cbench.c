/* cbench.c: the C baseline for "make bench" (see bench/run.sh).
 *
 *   cbench pingpong N     1-byte send/recv ping-pong over a unix
 *                         socketpair, parent and forked child; prints
 *                         round trips per second
 *   cbench bulk BYTES CHUNK   TCP over 127.0.0.1, child sends, parent
 *                         receives with CHUNK-byte recv; prints MB/s (1e6)
 *   cbench churn N        socket+connect+accept+close (both ends) on
 *                         127.0.0.1 in one process; prints per second
 *   cbench udp N SIZE     UDP ping-pong on 127.0.0.1: parent sendto,
 *                         child recvfrom + sendto back, parent recvfrom;
 *                         prints round trips per second
 *   cbench mem N          RSS growth (VmRSS) for N open TCP sockets; prints
 *                         "bytes_per_socket rss_before_kb rss_after_kb"
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die (const char *what)
{
   perror (what);
   exit (1);
}

static double now (void)
{
   struct timespec ts;
   clock_gettime (CLOCK_MONOTONIC, &ts);
   return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* Resident set size in kB: "Rss:" of /proc/self/smaps_rollup (a walk of
 * the page tables, exact) unless BENCH_RSS=status, or where that file is
 * missing; else VmRSS of /proc/self/status (a per-CPU counter sum on recent
 * kernels, which can lag by 32 pages per CPU). */
static long rss_kb (void)
{
   char line[256];
   long kb = -1;
   const char *how = getenv ("BENCH_RSS");
   int status = (how != NULL) && (0 == strcmp (how, "status"));
   FILE *fp = status ? NULL : fopen ("/proc/self/smaps_rollup", "r");
   const char *fmt = "Rss: %ld";

   if (fp == NULL)
     {
	fp = fopen ("/proc/self/status", "r");
	fmt = "VmRSS: %ld";
     }
   if (fp == NULL) die ("/proc/self/status");
   while (fgets (line, sizeof (line), fp) != NULL)
     if (1 == sscanf (line, fmt, &kb))
       break;
   fclose (fp);
   return kb;
}

static int listen_loopback (int type, struct sockaddr_in *sin)
{
   socklen_t len = sizeof (*sin);
   int one = 1;
   int s = socket (AF_INET, type, 0);
   if (s == -1) die ("socket");
   (void) setsockopt (s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof (one));
   memset (sin, 0, sizeof (*sin));
   sin->sin_family = AF_INET;
   sin->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
   if (-1 == bind (s, (struct sockaddr *) sin, sizeof (*sin))) die ("bind");
   if ((type == SOCK_STREAM) && (-1 == listen (s, 128))) die ("listen");
   if (-1 == getsockname (s, (struct sockaddr *) sin, &len)) die ("getsockname");
   return s;
}

static void reap (pid_t pid)
{
   int status;
   if ((-1 == waitpid (pid, &status, 0)) || !WIFEXITED (status) || WEXITSTATUS (status))
     {
	fprintf (stderr, "cbench: child failed\n");
	exit (1);
     }
}

static void pingpong (long n)
{
   int sv[2];
   char c = 'x';
   pid_t pid;
   double t0, t1;
   long i;

   if (-1 == socketpair (AF_UNIX, SOCK_STREAM, 0, sv)) die ("socketpair");
   if (-1 == (pid = fork ())) die ("fork");
   if (pid == 0)
     {
	close (sv[0]);
	for (i = 0; i < n; i++)
	  {
	     if (1 != recv (sv[1], &c, 1, 0)) _exit (1);
	     if (1 != send (sv[1], &c, 1, 0)) _exit (1);
	  }
	_exit (0);
     }
   close (sv[1]);
   t0 = now ();
   for (i = 0; i < n; i++)
     {
	if (1 != send (sv[0], &c, 1, 0)) die ("send");
	if (1 != recv (sv[0], &c, 1, 0)) die ("recv");
     }
   t1 = now ();
   reap (pid);
   printf ("%.1f\n", (double) n / (t1 - t0));
}

static void bulk (long long total, size_t chunk)
{
   struct sockaddr_in sin;
   int l = listen_loopback (SOCK_STREAM, &sin), s;
   char *buf = malloc (chunk);
   long long got = 0;
   double t0, t1;
   pid_t pid;

   if (buf == NULL) die ("malloc");
   memset (buf, 'b', chunk);
   if (-1 == (pid = fork ())) die ("fork");
   if (pid == 0)
     {
	long long sent = 0;
	close (l);
	if (-1 == (s = socket (AF_INET, SOCK_STREAM, 0))) _exit (1);
	if (-1 == connect (s, (struct sockaddr *) &sin, sizeof (sin))) _exit (1);
	while (sent < total)
	  {
	     size_t want = chunk, off = 0;
	     if ((long long) want > total - sent) want = (size_t) (total - sent);
	     while (off < want)
	       {
		  ssize_t r = send (s, buf + off, want - off, 0);
		  if (r <= 0) _exit (1);
		  off += (size_t) r;
	       }
	     sent += (long long) want;
	  }
	close (s);
	_exit (0);
     }
   if (-1 == (s = accept (l, NULL, NULL))) die ("accept");
   t0 = now ();
   while (got < total)
     {
	ssize_t r = recv (s, buf, chunk, 0);
	if (r < 0) die ("recv");
	if (r == 0) break;
	got += r;
     }
   t1 = now ();
   reap (pid);
   if (got != total) { fprintf (stderr, "cbench: bulk got %lld of %lld\n", got, total); exit (1); }
   printf ("%.1f\n", (double) total / 1e6 / (t1 - t0));
}

static void churn (long n)
{
   struct sockaddr_in sin;
   int l = listen_loopback (SOCK_STREAM, &sin);
   double t0, t1;
   long i;

   t0 = now ();
   for (i = 0; i < n; i++)
     {
	int c = socket (AF_INET, SOCK_STREAM, 0), a;
	if (c == -1) die ("socket");
	if (-1 == connect (c, (struct sockaddr *) &sin, sizeof (sin))) die ("connect");
	if (-1 == (a = accept (l, NULL, NULL))) die ("accept");
	close (a);			       /* server closes first: TIME_WAIT there */
	close (c);
     }
   t1 = now ();
   printf ("%.1f\n", (double) n / (t1 - t0));
}

static void udp (long n, size_t size)
{
   struct sockaddr_in srv, from;
   socklen_t flen;
   int u = listen_loopback (SOCK_DGRAM, &srv), c;
   char buf[65536], *msg = malloc (size);
   double t0, t1;
   pid_t pid;
   long i;

   if (msg == NULL) die ("malloc");
   memset (msg, 'u', size);
   if (-1 == (pid = fork ())) die ("fork");
   if (pid == 0)
     {
	for (i = 0; i < n; i++)
	  {
	     ssize_t r;
	     flen = sizeof (from);
	     r = recvfrom (u, buf, sizeof (buf), 0, (struct sockaddr *) &from, &flen);
	     if (r < 0) _exit (1);
	     if (r != sendto (u, buf, (size_t) r, 0, (struct sockaddr *) &from, flen)) _exit (1);
	  }
	_exit (0);
     }
   close (u);
   if (-1 == (c = socket (AF_INET, SOCK_DGRAM, 0))) die ("socket");
   t0 = now ();
   for (i = 0; i < n; i++)
     {
	if ((ssize_t) size != sendto (c, msg, size, 0, (struct sockaddr *) &srv, sizeof (srv)))
	  die ("sendto");
	flen = sizeof (from);
	if ((ssize_t) size != recvfrom (c, buf, sizeof (buf), 0, (struct sockaddr *) &from, &flen))
	  die ("recvfrom");
     }
   t1 = now ();
   reap (pid);
   printf ("%.1f\n", (double) n / (t1 - t0));
}

static void mem (long n)
{
   int *fds = malloc ((size_t) n * sizeof (int));
   long r0, r1, i;

   if (fds == NULL) die ("malloc");
   memset (fds, 0xff, (size_t) n * sizeof (int));
   close (socket (AF_INET, SOCK_STREAM, 0));
   (void) rss_kb ();			       /* its own first-use allocations */
   r0 = rss_kb ();
   for (i = 0; i < n; i++)
     if (-1 == (fds[i] = socket (AF_INET, SOCK_STREAM, 0))) die ("socket");
   r1 = rss_kb ();
   printf ("%.1f %ld %ld\n", (double) (r1 - r0) * 1024.0 / (double) n, r0, r1);
   for (i = 0; i < n; i++)
     close (fds[i]);
}

int main (int argc, char **argv)
{
   const char *mode = (argc > 1) ? argv[1] : "";
   long n = (argc > 2) ? atol (argv[2]) : 0;

   if (0 == strcmp (mode, "pingpong")) pingpong (n);
   else if (0 == strcmp (mode, "bulk")) bulk (atoll (argv[2]), (size_t) atol (argv[3]));
   else if (0 == strcmp (mode, "churn")) churn (n);
   else if (0 == strcmp (mode, "udp")) udp (n, (size_t) atol (argv[3]));
   else if (0 == strcmp (mode, "mem")) mem (n);
   else
     {
	fprintf (stderr, "usage: cbench pingpong|bulk|churn|udp|mem N [...]\n");
	return 2;
     }
   return 0;
}
