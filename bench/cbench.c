/* cbench.c: the C baseline for "make bench" (see bench/run.sh).
 *
 *   cbench pingpong N     1-byte send/recv ping-pong over a unix
 *                         socketpair, parent and forked child; prints
 *                         round trips per second
 *   cbench inproc N       in-process ping-pong: one process, a blocking
 *                         unix socketpair, N times a 1-byte send on one end
 *                         then a 1-byte recv on the other (no poll); prints
 *                         "wall_ns cpu_ns" per send+recv pair (cpu_ns: the
 *                         CPU time of /proc/self/schedstat, "-" if missing)
 *   cbench bulk BYTES CHUNK   TCP over 127.0.0.1, child sends, parent
 *                         receives with CHUNK-byte recv; prints "MB/s
 *                         sleeps_per_recv" (MB = 1e6; sleeps: the
 *                         receiver's voluntary context switches, from
 *                         getrusage, over the number of recv calls)
 *   cbench churn N        socket+connect+accept+close (both ends) on
 *                         127.0.0.1 in one process; prints per second
 *   cbench udp N SIZE     UDP ping-pong on 127.0.0.1: parent sendto,
 *                         child recvfrom + sendto back, parent recvfrom;
 *                         prints round trips per second
 *   cbench mem N          RSS growth (VmRSS) for N open TCP sockets; prints
 *                         "bytes_per_socket rss_before_kb rss_after_kb"
 *   cbench readline N PER a forked child writes N 80-byte lines over a unix
 *                         socketpair, PER lines to a write; the parent
 *                         read()s 64 KiB at a time and counts '\n' with
 *                         memchr until end of stream; prints lines per
 *                         second (the floor: no copy out, no allocation)
 *   cbench loop N ACTIVE IDLE   the event-loop workload (see bench/run.sh):
 *                         ACTIVE+IDLE unix stream connections to a forked
 *                         "loop_echo" child; a loop over epoll (one
 *                         callback per watched descriptor) answers the
 *                         child's 1-byte pings on the ACTIVE ones until N
 *                         round trips; prints round trips per second
 *   cbench loop_echo LFD ACTIVE IDLE   the far side of every "loop" row
 *                         (C, Python, S-Lang): accepts ACTIVE then IDLE
 *                         connections on the inherited unix listener LFD,
 *                         keeps the IDLE ones open and untouched, writes
 *                         "R" on the first active one, then echoes every
 *                         byte on the active ones over epoll until they all
 *                         reach end of stream
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
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

/* The CPU time this thread has run, in ns: the first field of
 * /proc/self/schedstat (the same clock for C, Python and S-Lang); -1 if
 * it cannot be read.  Unlike wall time it leaves out the time other
 * processes held the CPU, which on a shared machine is most of the noise.
 * The kernel brings that sum up to date only at a tick or when the task
 * stops running, so sleep 1 ms first (outside the timed part). */
static double cpu_ns (void)
{
   FILE *fp;
   double v = -1;
   struct timespec ms = { 0, 1000000 };
   (void) nanosleep (&ms, NULL);
   if (NULL == (fp = fopen ("/proc/self/schedstat", "r"))) return -1;
   if (1 != fscanf (fp, "%lf", &v)) v = -1;
   fclose (fp);
   return v;
}

/* "wall_ns cpu_ns" per pair, as every inproc mode prints it */
static void inproc_report (long n, double t0, double t1, double c0, double c1)
{
   if ((c0 < 0) || (c1 < 0))
     printf ("%.1f -\n", (t1 - t0) * 1e9 / (double) n);
   else
     printf ("%.1f %.1f\n", (t1 - t0) * 1e9 / (double) n, (c1 - c0) / (double) n);
}

static void inproc (long n)
{
   int sv[2];
   char c = 'x', d;
   double t0, t1, c0, c1;
   long i;

   if (-1 == socketpair (AF_UNIX, SOCK_STREAM, 0, sv)) die ("socketpair");
   c0 = cpu_ns ();
   t0 = now ();
   for (i = 0; i < n; i++)
     {
	if (1 != send (sv[0], &c, 1, 0)) die ("send");
	if (1 != recv (sv[1], &d, 1, 0)) die ("recv");
     }
   t1 = now ();
   c1 = cpu_ns ();
   close (sv[0]);
   close (sv[1]);
   inproc_report (n, t0, t1, c0, c1);
}

static long vcsw (void)
{
   struct rusage ru;
   if (-1 == getrusage (RUSAGE_SELF, &ru)) die ("getrusage");
   return ru.ru_nvcsw;
}

static void bulk (long long total, size_t chunk)
{
   struct sockaddr_in sin;
   int l = listen_loopback (SOCK_STREAM, &sin), s;
   char *buf = malloc (chunk);
   long long got = 0;
   long v0, v1, nrecv = 0;
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
   v0 = vcsw ();
   t0 = now ();
   while (got < total)
     {
	ssize_t r = recv (s, buf, chunk, 0);
	nrecv++;
	if (r < 0) die ("recv");
	if (r == 0) break;
	got += r;
     }
   t1 = now ();
   v1 = vcsw ();
   reap (pid);
   if (got != total) { fprintf (stderr, "cbench: bulk got %lld of %lld\n", got, total); exit (1); }
   printf ("%.1f %.3f\n", (double) total / 1e6 / (t1 - t0), (double) (v1 - v0) / (double) nrecv);
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

static void readline (long n, long per)
{
   static char buf[65536];
   size_t blen = (size_t) per * 80;
   char *block = malloc (blen);
   int sv[2];
   pid_t pid;
   double t0, t1;
   long got = 0, i;

   if (block == NULL) die ("malloc");
   for (i = 0; i < per; i++)
     {
	memset (block + 80 * i, 'x', 79);
	block[80 * i + 79] = '\n';
     }
   if (-1 == socketpair (AF_UNIX, SOCK_STREAM, 0, sv)) die ("socketpair");
   if (-1 == (pid = fork ())) die ("fork");
   if (pid == 0)
     {
	long left = n;
	close (sv[1]);
	while (left > 0)
	  {
	     long k = (left < per) ? left : per;
	     size_t want = (size_t) k * 80, off = 0;
	     while (off < want)
	       {
		  ssize_t r = write (sv[0], block + off, want - off);
		  if (r <= 0) _exit (1);
		  off += (size_t) r;
	       }
	     left -= k;
	  }
	close (sv[0]);
	_exit (0);
     }
   close (sv[0]);
   t0 = now ();
   while (1)
     {
	ssize_t r = read (sv[1], buf, sizeof (buf));
	char *p, *end;
	if (r < 0)
	  {
	     if (errno == EINTR) continue;
	     die ("read");
	  }
	if (r == 0) break;
	for (p = buf, end = buf + r; (p = memchr (p, '\n', (size_t) (end - p))) != NULL; p++)
	  got++;
     }
   t1 = now ();
   reap (pid);
   if (got != n) { fprintf (stderr, "cbench: readline got %ld lines of %ld\n", got, n); exit (1); }
   printf ("%.1f\n", (double) n / (t1 - t0));
}

/* --- the event-loop workload ------------------------------------------- */

/* The far side: identical for the C, Python and S-Lang rows. */
static void loop_echo (int l, long active, long idle)
{
   struct epoll_event ev, evs[256];
   int *fds = malloc ((size_t) (active + idle + 1) * sizeof (int));
   long i, open_active = active;
   int ep = epoll_create1 (EPOLL_CLOEXEC);
   char buf[64];

   if ((fds == NULL) || (ep == -1) || (active < 1)) _exit (1);
   signal (SIGPIPE, SIG_IGN);
   for (i = 0; i < active + idle; i++)
     {
	if (-1 == (fds[i] = accept4 (l, NULL, NULL, SOCK_CLOEXEC))) _exit (1);
	if (i < active)		       /* the first ACTIVE are the active ones */
	  {
	     memset (&ev, 0, sizeof (ev));
	     ev.events = EPOLLIN;
	     ev.data.fd = fds[i];
	     if (-1 == epoll_ctl (ep, EPOLL_CTL_ADD, fds[i], &ev)) _exit (1);
	  }
     }
   close (l);
   if (1 != write (fds[0], "R", 1)) _exit (1);
   while (open_active > 0)
     {
	int n = epoll_wait (ep, evs, 256, -1), k;
	if (n < 0)
	  {
	     if (errno == EINTR) continue;
	     _exit (1);
	  }
	for (k = 0; k < n; k++)
	  {
	     int fd = evs[k].data.fd;
	     ssize_t r = recv (fd, buf, 1, 0);
	     if ((r <= 0) || (r != send (fd, buf, (size_t) r, MSG_NOSIGNAL)))
	       {		       /* the near side is done with it */
		  (void) epoll_ctl (ep, EPOLL_CTL_DEL, fd, NULL);
		  close (fd);
		  open_active--;
	       }
	  }
     }
   _exit (0);
}

/* The near side: a minimal loop over epoll, a callback per watch, as
 * eventloop_watch/eventloop_run and Python's selectors do it. */
typedef struct Watch_Type
{
   int fd;
   void (*cb) (struct Watch_Type *w, unsigned int revents);
}
Watch_Type;

static long Loop_Count, Loop_Target;
static int Loop_Stop;

static void active_cb (Watch_Type *w, unsigned int revents)
{
   char c;
   (void) revents;
   if (1 != recv (w->fd, &c, 1, 0)) die ("recv");
   if (1 != send (w->fd, &c, 1, 0)) die ("send");
   if (++Loop_Count >= Loop_Target) Loop_Stop = 1;
}

static void idle_cb (Watch_Type *w, unsigned int revents)
{
   (void) w; (void) revents;
   fprintf (stderr, "cbench: an idle connection became ready\n");
   exit (1);
}

/* A unix listener on a fresh path under $TMPDIR, inheritable. */
static int loop_listener (char *path, size_t size)
{
   struct sockaddr_un sun;
   const char *dir = getenv ("TMPDIR");
   int l = socket (AF_UNIX, SOCK_STREAM, 0);

   if (l == -1) die ("socket");
   if ((dir == NULL) || (*dir == 0)) dir = "/tmp";
   snprintf (path, size, "%s/cbench-loop-%ld.sock", dir, (long) getpid ());
   memset (&sun, 0, sizeof (sun));
   sun.sun_family = AF_UNIX;
   if (strlen (path) >= sizeof (sun.sun_path)) { fprintf (stderr, "cbench: %s: too long\n", path); exit (1); }
   strcpy (sun.sun_path, path);
   (void) unlink (path);
   if (-1 == bind (l, (struct sockaddr *) &sun, sizeof (sun))) die ("bind");
   if (-1 == listen (l, 4096)) die ("listen");
   return l;
}

static void loop_bench (long n, long active, long idle)
{
   struct sockaddr_un sun;
   struct epoll_event ev, evs[1024];
   char path[200], lfd[32], sa[32], si[32];
   long total = active + idle, i;
   Watch_Type *w = calloc ((size_t) total, sizeof (Watch_Type));
   double t0, t1;
   int l, ep;
   pid_t pid;
   char c;

   if ((w == NULL) || (active < 1)) die ("loop");
   l = loop_listener (path, sizeof (path));
   snprintf (lfd, sizeof (lfd), "%d", l);
   snprintf (sa, sizeof (sa), "%ld", active);
   snprintf (si, sizeof (si), "%ld", idle);
   if (-1 == (pid = fork ())) die ("fork");
   if (pid == 0)
     {
	execl ("/proc/self/exe", "cbench", "loop_echo", lfd, sa, si, (char *) NULL);
	_exit (127);
     }
   memset (&sun, 0, sizeof (sun));
   sun.sun_family = AF_UNIX;
   strcpy (sun.sun_path, path);
   for (i = 0; i < total; i++)	       /* active first: the child's order */
     {
	if (-1 == (w[i].fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0))) die ("socket");
	if (-1 == connect (w[i].fd, (struct sockaddr *) &sun, sizeof (sun))) die ("connect");
	w[i].cb = (i < active) ? active_cb : idle_cb;
     }
   close (l);
   (void) unlink (path);
   if ((1 != recv (w[0].fd, &c, 1, 0)) || (c != 'R')) die ("loop_echo not ready");
   if (-1 == (ep = epoll_create1 (EPOLL_CLOEXEC))) die ("epoll_create1");
   for (i = 0; i < total; i++)
     {
	memset (&ev, 0, sizeof (ev));
	ev.events = EPOLLIN;
	ev.data.ptr = &w[i];
	if (-1 == epoll_ctl (ep, EPOLL_CTL_ADD, w[i].fd, &ev)) die ("epoll_ctl");
     }
   Loop_Count = 0;
   Loop_Target = n;
   Loop_Stop = 0;
   t0 = now ();
   for (i = 0; i < active; i++)
     if (1 != send (w[i].fd, "x", 1, 0)) die ("send");
   while (! Loop_Stop)
     {
	int r = epoll_wait (ep, evs, 1024, -1), k;
	if (r < 0)
	  {
	     if (errno == EINTR) continue;
	     die ("epoll_wait");
	  }
	for (k = 0; (k < r) && ! Loop_Stop; k++)
	  {
	     Watch_Type *x = (Watch_Type *) evs[k].data.ptr;
	     (*x->cb) (x, evs[k].events);
	  }
     }
   t1 = now ();
   for (i = 0; i < active; i++)
     close (w[i].fd);
   reap (pid);
   printf ("%.1f\n", (double) n / (t1 - t0));
}

int main (int argc, char **argv)
{
   const char *mode = (argc > 1) ? argv[1] : "";
   long n = (argc > 2) ? atol (argv[2]) : 0;

   if (0 == strcmp (mode, "pingpong")) pingpong (n);
   else if (0 == strcmp (mode, "inproc")) inproc (n);
   else if (0 == strcmp (mode, "bulk")) bulk (atoll (argv[2]), (size_t) atol (argv[3]));
   else if (0 == strcmp (mode, "churn")) churn (n);
   else if (0 == strcmp (mode, "udp")) udp (n, (size_t) atol (argv[3]));
   else if (0 == strcmp (mode, "mem")) mem (n);
   else if (0 == strcmp (mode, "readline")) readline (n, atol (argv[3]));
   else if (0 == strcmp (mode, "loop")) loop_bench (n, atol (argv[3]), atol (argv[4]));
   else if (0 == strcmp (mode, "loop_echo")) loop_echo (atoi (argv[2]), atol (argv[3]), atol (argv[4]));
   else
     {
	fprintf (stderr, "usage: cbench pingpong|inproc|bulk|churn|udp|mem|readline|loop|loop_echo N [...]\n");
	return 2;
     }
   return 0;
}
