/* fuzz_socket.c: libFuzzer harness for the S-Lang socket module.
 *
 * Build and run with "make fuzz" / "make fuzz-regress" (see the Makefile).
 * The module's sources are compiled straight into this program, which
 * embeds libslang, registers the module with init_socket_module_ns(NULL)
 * and turns every input into a small S-Lang program: a fixed set of fresh
 * non-blocking sockets, then up to MAX_OPS calls of the module's public
 * functions with fuzzer-chosen arguments.
 *
 * Each call is one statement, run with SLang_load_string at top level and
 * checked from C:
 *   - on success the stack grew by exactly what the call documents;
 *   - on error the stack is exactly as before the call.  (The statements
 *     are not wrapped in S-Lang "try": try restores the stack depth itself
 *     and would hide an intrinsic that leaves its arguments behind.)
 * With bit 0 of the first byte set every statement is wrapped in
 * "try { ... } catch AnyError;" instead, which also exercises S-Lang's
 * unwinding through the module's exceptions.
 * After the input every socket is dropped, the stack must be empty, the
 * open descriptors must be exactly those open before the input (same
 * numbers, same files), every unix socket file the module bound must be
 * gone (see scan_socket_files), and the fixture files in the working
 * directory (a regular file, a directory, symlinks, a FIFO) must be
 * untouched (SPEC section 10).  A violated invariant prints
 * "FUZZ FINDING: ..." and calls abort().
 *
 * No blocking: every socket is created with SOCK_NONBLOCK, every call that
 * takes ;timeout= gets a small non-negative (or NaN, or mistyped) one, and
 * poll gets a zero/tiny/NaN/mistyped timeout.  SO_LINGER with l_onoff set
 * only ever gets l_linger = 0.
 *
 * No network: the process moves into a fresh network namespace
 * (unshare(CLONE_NEWNET), with a user namespace if needed) whose only
 * interface is "lo", or refuses to run (FUZZ_NO_NETNS=1 runs without it,
 * at your own risk).  Restricting the generated addresses would not do:
 * fuzzed bytes reach the network through more than the address arguments
 * (an IP_OPTIONS source route, inet_ntop output reused as a host, a
 * device bound with SO_BINDTODEVICE).  Host names are only looked up in
 * /etc/hosts (__nss_configure_lookup), never in DNS; gen_host's names
 * cannot be in it.  Unix paths are not confined by the namespace:
 * fuzzed bytes never contain '/', so every path lands in the working
 * directory (run the fuzzer from a scratch directory) apart from two fixed
 * ones that cannot be created ("/nonexistent/fz", "/proc/fz").
 * FUZZ_DEBUG=1 prints every statement and its outcome (use it to turn a
 * reproducer into S-Lang).
 *
 * Half of the generated dup_fd calls are __fz_foreign instead: a copy of
 * the descriptor in a plain FD_Type the module did not make (as
 * @FD_Type(n) is), which must not keep a unix path alive (SPEC 10).
 *
 * The newer calls (SPEC 13-16): with bit 1 of the first byte set, an op
 * byte of 128 or more is one of Ext_Funs (streams and foreach, selectors,
 * event loops, sd_*, interfaces, raw get/setsockopt, poll over streams,
 * Lists and Any_Type arrays); older inputs, whose first byte is 0 or 1,
 * decode exactly as before.  Such an input also starts with a pipe
 * (p0, p1), a selector e0, a loop lp0, t0 = stream_new (s1) and a stream
 * t1 that reaches its end.  Streams (t0..t3), selectors (e0, e1) and loops
 * (lp0, lp1) are slots like the sockets, dropped at the end of the input,
 * so the descriptor check covers their descriptors and epoll instances.
 * Nothing blocks for long: every stream read/write/flush/close and every
 * eventloop_run gets a small timeout=, selector_wait a small timeout,
 * foreach runs only over __fz_eofstream (data whose writer is gone).
 * Callbacks are the fixed __fz_cb0..__fz_cb12 of Prelude_Ext (some throw,
 * stop, unwatch, cancel, add or re-arm timers, re-enter the loop, close
 * their descriptor).  No reference cycle: selectors and loops are never
 * reachable from generated argument expressions, so they are never data
 * of a selector or arguments of a callback.
 * sd_* run only after __fz_env (k), which sets NOTIFY_SOCKET/LISTEN_* to
 * one of a fixed set (the real environment's are unset at start-up):
 * NOTIFY_SOCKET is always a path in the working directory, "fz_notify"
 * being a receiver the harness binds and drains after every statement;
 * LISTEN_FDS never names descriptors to adopt (fds 3.. are the harness's).
 * A raw setsockopt can make a socket linger: after every setsockopt
 * statement the input's lingering sockets get l_linger = 0.
 * sendfile: with bit 2 of the first byte an op byte of 240 or more is a
 * sendfile call (gen_sendfile_stmt: the fixture files opened afresh, a
 * socket, /dev/null or the pipe as the file; always a timeout=); inputs
 * without that bit decode as before.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#define _GNU_SOURCE 1
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <time.h>
#include <nss.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <net/if.h>
#include <netdb.h>

#include <slang.h>

int init_socket_module_ns (char *ns_name);
extern int SocketError, SocketHError, H_Errno;   /* the module's */

#define NSOCK 16		       /* socket slots s0..s15 */
#define NVAL 8			       /* result slots v0..v7 (lists) */
#define MAX_OPS 48
#define PIECE 24		       /* bytes per string literal piece */

static int Debug = 0;

/*{{{ Network sandbox */

static int write_file (const char *path, const char *text)
{
   int fd = open (path, O_WRONLY);
   ssize_t n;
   if (fd == -1) return -1;
   n = write (fd, text, strlen (text));
   (void) close (fd);
   return (n == (ssize_t) strlen (text)) ? 0 : -1;
}

/* A private network namespace with only "lo", brought up; host names
 * from /etc/hosts only. */
static void enter_netns (void)
{
   struct ifreq ifr;
   int fd;

   if (0 != __nss_configure_lookup ("hosts", "files"))
     {
	fprintf (stderr, "fuzz_socket: cannot keep host name lookups out of DNS\n");
	exit (1);
     }
   if (getenv ("FUZZ_NO_NETNS") != NULL)
     return;
   if (-1 == unshare (CLONE_NEWNET))
     {
	uid_t uid = getuid ();
	gid_t gid = getgid ();
	char map[64];
	if (-1 == unshare (CLONE_NEWUSER | CLONE_NEWNET))
	  {
	     perror ("fuzz_socket: no private network namespace (set FUZZ_NO_NETNS=1 to fuzz the host's network)");
	     exit (1);
	  }
	(void) write_file ("/proc/self/setgroups", "deny");
	(void) snprintf (map, sizeof (map), "0 %u 1", (unsigned int) uid);
	(void) write_file ("/proc/self/uid_map", map);
	(void) snprintf (map, sizeof (map), "0 %u 1", (unsigned int) gid);
	(void) write_file ("/proc/self/gid_map", map);
     }
   fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
   memset (&ifr, 0, sizeof (ifr));
   strcpy (ifr.ifr_name, "lo");
   if ((fd == -1) || (-1 == ioctl (fd, SIOCGIFFLAGS, &ifr)))
     perror ("fuzz_socket: reading lo's flags");
   else
     {
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (-1 == ioctl (fd, SIOCSIFFLAGS, &ifr))
	  perror ("fuzz_socket: bringing lo up");
     }
   if (fd != -1) (void) close (fd);
}

/*}}}*/

/*{{{ Findings */

static const char *Current_Stmt = "";

static void finding (const char *fmt, ...)
{
   va_list ap;
   fprintf (stderr, "\nFUZZ FINDING: ");
   va_start (ap, fmt);
   vfprintf (stderr, fmt, ap);
   va_end (ap);
   fprintf (stderr, "\n  statement: %s\n", Current_Stmt);
   fflush (stderr);
   abort ();
}

static void sigpipe_handler (int sig)
{
   (void) sig;
   static const char msg[] = "\nFUZZ FINDING: SIGPIPE (a send without MSG_NOSIGNAL)\n";
   (void) write (2, msg, sizeof (msg) - 1);
   abort ();
}

static void quiet_error_hook (SLFUTURE_CONST char *msg)
{
   if (Debug) fprintf (stderr, "    error: %s\n", msg);
}

/*}}}*/

/*{{{ Input reader and code builder */

typedef struct
{
   const uint8_t *p;
   size_t n, i;
}
Reader;

static unsigned int u8 (Reader *r)
{
   return (r->i < r->n) ? r->p[r->i++] : 0;
}

static unsigned int u16 (Reader *r)
{
   unsigned int a = u8 (r);
   return a | (u8 (r) << 8);
}

static uint32_t u32 (Reader *r)
{
   uint32_t a = u16 (r);
   return a | ((uint32_t) u16 (r) << 16);
}

static int more (Reader *r)
{
   return r->i < r->n;
}

typedef struct
{
   char *s;
   size_t len, cap;
}
Buf;

static void put (Buf *b, const char *fmt, ...)
{
   va_list ap;
   int n;
   while (1)
     {
	size_t room = b->cap - b->len;
	va_start (ap, fmt);
	n = vsnprintf (b->s + b->len, room, fmt, ap);
	va_end (ap);
	if (n < 0) abort ();
	if ((size_t) n < room) break;
	b->cap = 2 * b->cap + (size_t) n + 64;
	if (NULL == (b->s = realloc (b->s, b->cap))) abort ();
     }
   b->len += (size_t) n;
}

static void reset (Buf *b)
{
   if (b->s == NULL)
     {
	b->cap = 1024;
	if (NULL == (b->s = malloc (b->cap))) abort ();
     }
   b->len = 0;
   b->s[0] = 0;
}

/* A string literal of the bytes, split in pieces joined with "+" (the
 * parser limits a token to ~250 characters).  "\xNN" escapes everything
 * but letters, digits and harmless punctuation; a NUL makes the literal a
 * BString; is_b adds the B suffix. */
static void put_bytes (Buf *b, const unsigned char *p, size_t n, int is_b)
{
   size_t i;
   if (n == 0)
     {
	put (b, is_b ? "\"\"B" : "\"\"");
	return;
     }
   for (i = 0; i < n; i++)
     {
	unsigned char c = p[i];
	if (i % PIECE == 0)
	  put (b, (i == 0) ? "\"" : "\"%s +\n\"", is_b ? "B" : "");
	if (((c >= 'a') && (c <= 'z')) || ((c >= 'A') && (c <= 'Z')) || ((c >= '0') && (c <= '9'))
	    || ((c != 0) && (NULL != strchr (" .:_-%[]/,+=@!#()*;<>?^{|}~'", c))))
	  put (b, "%c", c);
	else
	  put (b, "\\x%02X", c);
     }
   put (b, "\"%s", is_b ? "B" : "");
}

static void put_cstr (Buf *b, const char *s, int is_b)
{
   put_bytes (b, (const unsigned char *) s, strlen (s), is_b);
}

/* Fuzzer bytes, never '/' (no path leaves the working directory); mode 0:
 * any other, 1 and 2: no NUL either (a String). */
static size_t take_bytes (Reader *r, unsigned char *out, size_t len, int mode)
{
   size_t i;
   for (i = 0; i < len; i++)
     {
	unsigned char c = (unsigned char) u8 (r);
	if ((mode >= 1) && (c == 0)) c = 'x';
	if (c == '/') c = '_';
	out[i] = c;
     }
   return len;
}

/*}}}*/

/*{{{ Atoms: argument expressions that can never fail to evaluate */

static const char *Int_Lits[] =
{
   "0", "1", "-1", "2", "3", "4", "7", "16", "255", "256", "1024", "65535", "65536",
   "-65536", "2147483647", "-2147483648", "1048576", "1048577", "0x7fffffffffffffffL",
   "-9223372036854775807L", "4294967296L", "5h", "5UH", "'a'", "0U", "4294967295U", "253", "254"
};
#define N_INT_LITS (sizeof (Int_Lits) / sizeof (Int_Lits[0]))

static const char *Dbl_Lits[] =
{
   "0.0", "-0.0", "0.5", "1.0", "-1.0", "1e300", "-1e300", "_NaN", "_Inf", "-_Inf",
   "1.5f", "65535.0", "2147483648.0", "1e-300", "80.0"
};
#define N_DBL_LITS (sizeof (Dbl_Lits) / sizeof (Dbl_Lits[0]))

/* Safe ;timeout= values: never negative, infinite or huge (they block). */
static const char *Timeouts[] =
{
   "0", "0.0", "-0.0", "0.001", "_NaN", "1e-9", "\"x\"", "0h", "0.002"
};
#define N_TIMEOUTS (sizeof (Timeouts) / sizeof (Timeouts[0]))

static void gen_int (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 200)
     put (b, "%s", Int_Lits[k % N_INT_LITS]);
   else if (k < 230)
     put (b, "%u", u16 (r));
   else
     put (b, "(%d)", (int) u32 (r));
}

static void gen_double (Buf *b, Reader *r)
{
   put (b, "%s", Dbl_Lits[u8 (r) % N_DBL_LITS]);
}

static void gen_text (Buf *b, Reader *r, size_t maxlen, int mode, int is_b)
{
   unsigned char tmp[256];
   size_t n = u8 (r) % (maxlen + 1);
   if (n > sizeof (tmp)) n = sizeof (tmp);
   take_bytes (r, tmp, n, mode);
   put_bytes (b, tmp, n, is_b);
}

static void gen_sock (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 224)
     put (b, "s%u", k % NSOCK);
   else if (k < 236)
     {
	unsigned int v = u8 (r) % NVAL, i = u8 (r) % 3;
	int j = (int) (u8 (r) % 3) - 1;
	put (b, "__fz_get (v%u, %u, %d)", v, i, j);
     }
   else if (k < 240)
     put (b, "NULL");
   else if (k < 244)
     gen_int (b, r);
   else if (k < 248)
     put (b, "\"s0\"");
   else if (k < 252)
     put (b, "__fz_fds (%u)", u16 (r));
   else
     put (b, "stdout");
}

static const char *Fixed_Hosts[] =
{
   "127.0.0.1", "::1", "", "0.0.0.0", "::", "127.0.0.2", "127.1", "0x7f.1", "2130706433",
   "::ffff:127.0.0.1", "fe80::1%lo", "fe80::1%1", "::1%lo", "::1%1", "fe80::%", "fe80::1%99999",
   "fe80::1%4294967295", "fe80::1%4294967296", "fe80::1%-1", "fe80::1%lo%lo", "[::1]", "::1]",
   "127.0.0.1 ", " 127.0.0.1", "127.0.0.256", "127.0.0.1%lo", "%", "[", " ", ":::", "1::2::3",
   "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:256.1.1.1", "::ffff:127.0.0.1%lo",
   "::1%", "1:2:3:4:5:6:7:8%lo", "localhost%", "a b", "[fe80::1%lo]", "::127.0.0.1", "0", "00",
   "127.0.0.01", "0177.0.0.1", "ff02::1%lo", "224.0.0.1"
};
#define N_FIXED_HOSTS (sizeof (Fixed_Hosts) / sizeof (Fixed_Hosts[0]))

static const char *Host_Prefixes[] =
{
   "fe80::1%", "::1%", "127.0.0.1%", "[", "::ffff:", "fe80::", "127.0.0.", "", " ", "%"
};
#define N_HOST_PREFIXES (sizeof (Host_Prefixes) / sizeof (Host_Prefixes[0]))

static int numeric_looking (const unsigned char *p, size_t n)
{
   size_t i;
   for (i = 0; i < n; i++)
     if (NULL == strchr ("0123456789abcdefABCDEFxX.:", p[i]) || (p[i] == 0))
       return 0;
   return 1;
}

/* A host String: from the fixed list, or fuzz text that contains '%', '['
 * or a space (invalid in a DNS name) or looks numeric: never a name that
 * would need DNS. */
static void gen_host (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   unsigned char tmp[320];
   size_t n, m;
   const char *pre;

   if (k < 160)
     {
	put_cstr (b, Fixed_Hosts[k % N_FIXED_HOSTS], 0);
	return;
     }
   pre = Host_Prefixes[u8 (r) % N_HOST_PREFIXES];
   n = strlen (pre);
   memcpy (tmp, pre, n);
   m = u8 (r);
   if (k >= 250) m += 64;	       /* long ones too */
   if (m > sizeof (tmp) - n - 2) m = sizeof (tmp) - n - 2;
   take_bytes (r, tmp + n, m, 1);
   n += m;
   if ((NULL == memchr (tmp, '%', n)) && (NULL == memchr (tmp, '[', n))
       && (NULL == memchr (tmp, ' ', n)) && ! numeric_looking (tmp, n))
     tmp[n++] = '%';
   put_bytes (b, tmp, n, 0);
}

static const char *Port_Strs[] =
{
   "http", "80", "0", "65535", "65536", "-1", "", " 80", "80 ", "0x50", "domain", "nosuchservice",
   "echo", "ssh", "+80", "080", "99999999999999999999", "https", "tcpmux"
};
#define N_PORT_STRS (sizeof (Port_Strs) / sizeof (Port_Strs[0]))

static void gen_port (Buf *b, Reader *r)
{
   unsigned int k = u8 (r) % 16;
   switch (k)
     {
      case 0: case 1: case 2: case 3: case 4:
	gen_int (b, r); break;
      case 5: case 6: case 7:
	put (b, "%u", u16 (r)); break;
      case 8: case 9: case 10:
	put_cstr (b, Port_Strs[u8 (r) % N_PORT_STRS], 0); break;
      case 11:
	gen_text (b, r, 12, 1, 0); break;
      case 12:
	put (b, "NULL"); break;
      case 13:
	gen_double (b, r); break;
      case 14:
	put (b, "\"80\"B"); break;
      default:
	put (b, "0"); break;
     }
}

static const char *Fixed_Paths[] =
{
   "fz_regular", "fz_dir", "fz_link", "fz_dangling", "fz_fifo", ".", "..", "",
   "/nonexistent/fz", "/proc/fz", "fz_sock", "fz_sock2"
};
#define N_FIXED_PATHS (sizeof (Fixed_Paths) / sizeof (Fixed_Paths[0]))

static void gen_path (Buf *b, Reader *r)
{
   unsigned int k = u8 (r) % 12;
   unsigned char tmp[256];
   size_t n;

   switch (k)
     {
      case 0: case 1: case 2:	       /* a fixed path */
	put_cstr (b, Fixed_Paths[u8 (r) % N_FIXED_PATHS], 0);
	return;
      case 3: case 4:		       /* fuzz path up to 200 bytes */
	n = u8 (r);
	if (n > 200) n = 200;
	take_bytes (r, tmp, n, 2);
	put_bytes (b, tmp, n, 0);
	return;
      case 5:			       /* around sun_path's size */
	  {
	     static const size_t lens[] = {105, 106, 107, 108, 109, 200};
	     n = lens[u8 (r) % 6];
	     memset (tmp, 'p', n);
	     tmp[0] = 'f'; tmp[1] = 'z';
	     put_bytes (b, tmp, n, u8 (r) & 1);
	     return;
	  }
      case 6: case 7:		       /* abstract name */
	n = u8 (r) % 130;
	tmp[0] = 0;
	take_bytes (r, tmp + 1, n, 0);
	put_bytes (b, tmp, n + 1, 1);
	return;
      case 8:			       /* a BString path, maybe with a NUL inside */
	n = u8 (r) % 40;
	take_bytes (r, tmp, n, 2);
	if ((n > 2) && (u8 (r) & 1)) tmp[n / 2] = 0;
	put_bytes (b, tmp, n, 1);
	return;
      case 9:
	put (b, "\"\\x00\"");	       /* the empty abstract name */
	return;
      case 10:
	put (b, "\"fz_sock\"B");
	return;
      default:
	put (b, "NULL");
	return;
     }
}

static void gen_any (Buf *b, Reader *r, int depth);

static const char *Field_Names[] =
{
   "tv_sec", "tv_usec", "l_onoff", "l_linger", "imr_multiaddr", "imr_interface",
   "ipv6mr_multiaddr", "ipv6mr_interface", "pid", "x"
};

/* A struct with fuzzer-chosen fields (no duplicates) and values. */
static void gen_struct (Buf *b, Reader *r, int depth)
{
   unsigned int mask = u16 (r) & 0x3ff, i;
   const char *sep = "";
   put (b, "struct {");
   for (i = 0; i < 10; i++)
     {
	if (0 == (mask & (1u << i))) continue;
	put (b, "%s%s=", sep, Field_Names[i]);
	if ((i == 3) && (mask & (1u << 2)))
	  put (b, "0");		       /* l_linger with l_onoff: never linger */
	else if (u8 (r) & 1)
	  gen_int (b, r);
	else if ((i == 4) || (i == 5) || (i == 6))
	  gen_host (b, r);
	else
	  gen_any (b, r, depth + 1);
	sep = ", ";
     }
   if (*sep == 0) put (b, "x");
   put (b, "}");
}

static void gen_data (Buf *b, Reader *r)
{
   unsigned int k = u8 (r) % 8;
   static const unsigned int sizes[] = {0, 1, 4096, 65536, 200000, 1048577, 2100000};
   switch (k)
     {
      case 0: case 1: case 2:
	gen_text (b, r, 200, 0, u8 (r) & 1); break;
      case 3:
	put (b, "pack (\"x%u\")", sizes[u8 (r) % 7]); break;
      case 4:
	gen_text (b, r, 64, 1, 0); break;
      case 5:
	put (b, "\"\""); break;
      default:
	gen_any (b, r, 1); break;
     }
}

/* Arrays: descriptors, events, odd types. */
static void gen_array (Buf *b, Reader *r)
{
   unsigned int k = u8 (r) % 12;
   switch (k)
     {
      case 0: case 1: case 2:
	put (b, "__fz_fds (%u)", u16 (r)); break;
      case 3:
	put (b, "FD_Type[0]"); break;
      case 4:
	put (b, "FD_Type[%u]", u8 (r) % 4); break;
      case 5:
	put (b, "__fz_many (%u)", (unsigned int[]) {252, 253, 254, 300, 2000} [u8 (r) % 5]); break;
      case 6:
	put (b, "__fz_get (v%u, 1, -1)", u8 (r) % NVAL); break;
      case 7:
	put (b, "Int_Type[%u]", u8 (r) % 3); break;
      case 8:
	put (b, "[POLLIN, POLLOUT, POLLPRI]"); break;
      case 9:
	put (b, "[1.5, 2.0]"); break;
      case 10:
	put (b, "String_Type[2]"); break;
      default:
	put (b, "__fz_fds (3)"); break;
     }
}

static void gen_any (Buf *b, Reader *r, int depth)
{
   unsigned int k = u8 (r) % 16;
   if ((depth > 1) && (k >= 10)) k %= 10;
   switch (k)
     {
      case 0: case 1: gen_int (b, r); break;
      case 2: gen_double (b, r); break;
      case 3: gen_text (b, r, 40, 1, 0); break;
      case 4: gen_text (b, r, 40, 0, 1); break;
      case 5: put (b, "NULL"); break;
      case 6: case 7: gen_sock (b, r); break;
      case 8: gen_host (b, r); break;
      case 9: gen_path (b, r); break;
      case 10: gen_struct (b, r, depth); break;
      case 11: gen_array (b, r); break;
      case 12: put (b, "&__fz_r%u", u8 (r) % 3); break;
      case 13:
	/* any number of values: only where that is the point */
	if (depth == 0) put (b, "__push_list (v%u)", u8 (r) % NVAL);
	else put (b, "__fz_get (v%u, 0, -1)", u8 (r) % NVAL);
	break;
      case 14: put (b, "__fz_r%u", u8 (r) % 3); break;
      default: gen_port (b, r); break;
     }
}

/* address-args of any shape (the socket's domain is not consulted). */
static void gen_addr (Buf *b, Reader *r)
{
   unsigned int k = u8 (r) % 10, i, n;
   switch (k)
     {
      case 0: case 1: case 2:
	gen_path (b, r); break;
      case 3: case 4: case 5:
	gen_host (b, r); put (b, ", "); gen_port (b, r); break;
      case 6: case 7:
	put (b, "__push_list (v%u)", u8 (r) % NVAL); break;
      case 8:
	put (b, "__fz_r0, __fz_r1"); break;
      default:
	n = u8 (r) % 4;
	for (i = 0; i < n; i++)
	  {
	     if (i) put (b, ", ");
	     gen_any (b, r, 1);
	  }
	if (n == 0) put (b, "__push_list (v%u)", u8 (r) % NVAL);
	break;
     }
}

static void gen_timeout (Buf *b, Reader *r)
{
   put (b, "timeout=%s", Timeouts[u8 (r) % N_TIMEOUTS]);
}

/*}}}*/

/*{{{ Socket options */

typedef enum { K_INT, K_TV, K_LINGER, K_STR, K_INADDR, K_BYTES, K_MREQ, K_MREQ6, K_GET } Kind;

typedef struct { const char *name; Kind kind; } Opt;

static const Opt Opts[] =
{
   {"SO_KEEPALIVE", K_INT}, {"SO_OOBINLINE", K_INT}, {"SO_RCVLOWAT", K_INT}, {"SO_SNDLOWAT", K_INT},
   {"SO_BSDCOMPAT", K_INT}, {"SO_PASSCRED", K_INT}, {"SO_DEBUG", K_INT}, {"SO_REUSEADDR", K_INT},
   {"SO_REUSEPORT", K_INT}, {"SO_TYPE", K_GET}, {"SO_ACCEPTCONN", K_GET}, {"SO_DOMAIN", K_GET},
   {"SO_PROTOCOL", K_GET}, {"SO_DONTROUTE", K_INT}, {"SO_BROADCAST", K_INT}, {"SO_SNDBUF", K_INT},
   {"SO_RCVBUF", K_INT}, {"SO_PRIORITY", K_INT}, {"SO_ERROR", K_GET}, {"SO_BINDTODEVICE", K_STR},
   {"SO_RCVTIMEO", K_TV}, {"SO_SNDTIMEO", K_TV}, {"SO_LINGER", K_LINGER}, {"SO_PEERCRED", K_GET},
   {"IP_TTL", K_INT}, {"IP_TOS", K_INT}, {"IP_HDRINCL", K_INT}, {"IP_MULTICAST_TTL", K_INT},
   {"IP_MULTICAST_LOOP", K_INT}, {"IP_RECVERR", K_INT}, {"IP_MTU_DISCOVER", K_INT}, {"IP_MTU", K_GET},
   {"IP_PKTINFO", K_INT}, {"IP_RECVTOS", K_INT}, {"IP_RECVTTL", K_INT}, {"IP_RECVOPTS", K_INT},
   {"IP_ROUTER_ALERT", K_INT}, {"IP_FREEBIND", K_INT}, {"IP_TRANSPARENT", K_INT}, {"IP_OPTIONS", K_BYTES},
   {"IP_ADD_MEMBERSHIP", K_MREQ}, {"IP_DROP_MEMBERSHIP", K_MREQ}, {"IP_MULTICAST_IF", K_INADDR},
   {"IPV6_V6ONLY", K_INT}, {"IPV6_UNICAST_HOPS", K_INT}, {"IPV6_MULTICAST_HOPS", K_INT},
   {"IPV6_MULTICAST_LOOP", K_INT}, {"IPV6_MULTICAST_IF", K_INT}, {"IPV6_RECVPKTINFO", K_INT},
   {"IPV6_TCLASS", K_INT}, {"IPV6_JOIN_GROUP", K_MREQ6}, {"IPV6_LEAVE_GROUP", K_MREQ6},
   {"TCP_NODELAY", K_INT}, {"TCP_MAXSEG", K_INT}, {"TCP_KEEPIDLE", K_INT}, {"TCP_KEEPINTVL", K_INT},
   {"TCP_KEEPCNT", K_INT}, {"TCP_USER_TIMEOUT", K_INT}, {"TCP_QUICKACK", K_INT}, {"TCP_CORK", K_INT},
   {"TCP_FASTOPEN", K_INT}, {"TCP_NOTSENT_LOWAT", K_INT}, {"TCP_SYNCNT", K_INT}, {"TCP_LINGER2", K_INT},
   {"TCP_DEFER_ACCEPT", K_INT}, {"TCP_WINDOW_CLAMP", K_INT}
};
#define N_OPTS (sizeof (Opts) / sizeof (Opts[0]))

static const char *Levels[] =
{
   "SOL_SOCKET", "SOL_IP", "IPPROTO_IP", "IPPROTO_IPV6", "SOL_IPV6", "SOL_TCP", "IPPROTO_TCP",
   "IPPROTO_UDP"
};
#define N_LEVELS (sizeof (Levels) / sizeof (Levels[0]))

static const char *Level_For (const char *opt)
{
   if (0 == strncmp (opt, "SO_", 3)) return "SOL_SOCKET";
   if (0 == strncmp (opt, "IPV6_", 5)) return "IPPROTO_IPV6";
   if (0 == strncmp (opt, "IP_", 3)) return "SOL_IP";
   return "SOL_TCP";
}

/* level, optname; returns the option's kind (K_INT for a random one). */
static Kind gen_level_opt (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   const Opt *o = &Opts[u8 (r) % N_OPTS];
   if (k < 200)
     put (b, "%s, %s", Level_For (o->name), o->name);
   else if (k < 225)
     put (b, "%s, %s", Levels[u8 (r) % N_LEVELS], o->name);
   else if (k < 240)
     {
	put (b, "%s, ", Levels[u8 (r) % N_LEVELS]);
	gen_int (b, r);
	return K_INT;
     }
   else
     {
	gen_any (b, r, 1);
	put (b, ", ");
	gen_any (b, r, 1);
	return K_INT;
     }
   return o->kind;
}

static void gen_opt_value (Buf *b, Reader *r, Kind kind)
{
   unsigned int k = u8 (r);
   if (k >= 224)
     {
	gen_any (b, r, 0);
	return;
     }
   switch (kind)
     {
      case K_INT: case K_GET:
	gen_int (b, r); break;
      case K_TV:
	if (k & 1) gen_double (b, r);
	else if (k & 2) gen_struct (b, r, 1);
	else
	  {
	     put (b, "struct {tv_sec="); gen_int (b, r);
	     put (b, ", tv_usec="); gen_int (b, r); put (b, "}");
	  }
	break;
      case K_LINGER:
	if (k & 1) gen_struct (b, r, 1);
	else
	  {
	     unsigned int on = u8 (r) % 3;
	     put (b, "struct {l_onoff=%u, l_linger=", on);
	     if (on) put (b, "0");
	     else gen_int (b, r);
	     put (b, "}");
	  }
	break;
      case K_STR:
	  {
	     static const char *ifs[] = {"lo", "", "eth0", "nosuchif", "0123456789abcdef", "lo\\x00"};
	     if (k & 1) gen_text (b, r, 24, 1, 0);
	     else put (b, "\"%s\"", ifs[u8 (r) % 6]);
	  }
	break;
      case K_INADDR:
	gen_host (b, r); break;
      case K_BYTES:
	gen_text (b, r, 48, 0, 1); break;
      case K_MREQ:
	if (k & 1)
	  {
	     put (b, "struct {imr_multiaddr="); gen_host (b, r);
	     put (b, ", imr_interface="); gen_host (b, r); put (b, "}");
	  }
	else if (k & 2)
	  {
	     gen_host (b, r);		       /* upstream's (group [, interface]) */
	     if (k & 4) { put (b, ", "); gen_host (b, r); }
	     if (k & 8) { put (b, ", "); gen_any (b, r, 1); }
	  }
	else gen_struct (b, r, 1);
	break;
      case K_MREQ6:
	if (k & 1)
	  {
	     put (b, "struct {ipv6mr_multiaddr="); gen_host (b, r);
	     put (b, ", ipv6mr_interface="); gen_int (b, r); put (b, "}");
	  }
	else gen_struct (b, r, 1);
	break;
     }
}

/*}}}*/

/*{{{ Statements */

typedef enum { ST_NONE, ST_SOCK, ST_SOCK2, ST_LIST, ST_STREAM, ST_SEL, ST_LOOP, ST_SINK } Store;

typedef struct
{
   int f;			       /* index in Funs, or X_BASE + index in Ext_Funs */
   const char *name;
   int lo, hi;			       /* values pushed on success */
   Store store;
   unsigned int slot, slot2;
}
Stmt;

typedef struct { const char *name; int lo, hi; Store store; } Fun;

static const Fun Funs[] =
{
   {"socket", 1, 1, ST_SOCK}, {"socketpair", 2, 2, ST_SOCK2}, {"connect", 0, 0, ST_NONE},
   {"bind", 0, 0, ST_NONE}, {"listen", 0, 0, ST_NONE}, {"accept", 1, 1, ST_SOCK},
   {"getsockopt", 1, 1, ST_LIST}, {"setsockopt", 0, 0, ST_NONE}, {"getsockname", 1, 2, ST_LIST},
   {"getpeername", 1, 2, ST_LIST}, {"shutdown", 0, 0, ST_NONE}, {"send", 1, 1, ST_LIST},
   {"sendto", 1, 1, ST_LIST}, {"recv", 1, 1, ST_LIST}, {"recvfrom", 2, 3, ST_LIST},
   {"sendall", 1, 1, ST_LIST}, {"send_fds", 1, 1, ST_LIST}, {"recv_fds", 2, 2, ST_LIST},
   {"getaddrinfo", 1, 1, ST_LIST}, {"getnameinfo", 2, 2, ST_LIST}, {"inet_pton", 1, 1, ST_LIST},
   {"inet_ntop", 1, 1, ST_LIST}, {"poll", 1, 1, ST_LIST}, {"setblocking", 0, 0, ST_NONE},
   {"getblocking", 1, 1, ST_LIST}, {"create_connection", 1, 1, ST_SOCK},
   {"create_server", 1, 1, ST_SOCK}, {"close", 1, 1, ST_LIST}, {"dup_fd", 1, 1, ST_SOCK},
   {"__fz_tcppair", 2, 2, ST_SOCK2}
};
#define N_FUNS (sizeof (Funs) / sizeof (Funs[0]))
enum
{
   F_SOCKET, F_SOCKETPAIR, F_CONNECT, F_BIND, F_LISTEN, F_ACCEPT, F_GETSOCKOPT, F_SETSOCKOPT,
   F_GETSOCKNAME, F_GETPEERNAME, F_SHUTDOWN, F_SEND, F_SENDTO, F_RECV, F_RECVFROM, F_SENDALL,
   F_SEND_FDS, F_RECV_FDS, F_GETADDRINFO, F_GETNAMEINFO, F_INET_PTON, F_INET_NTOP, F_POLL,
   F_SETBLOCKING, F_GETBLOCKING, F_CREATE_CONNECTION, F_CREATE_SERVER, F_CLOSE, F_DUP_FD,
   F_TCPPAIR, F_RAW
};

static int takes_timeout (int f)
{
   switch (f)
     {
      case F_CONNECT: case F_ACCEPT: case F_SEND: case F_SENDTO: case F_RECV: case F_RECVFROM:
      case F_SENDALL: case F_SEND_FDS: case F_RECV_FDS: case F_CREATE_CONNECTION:
	return 1;
     }
   return 0;
}

static const char *Domains[] = {"AF_UNIX", "AF_INET", "AF_INET6", "PF_UNIX", "PF_INET6", "AF_UNSPEC"};
static const char *Types[] =
{
   "SOCK_STREAM|SOCK_NONBLOCK", "SOCK_DGRAM|SOCK_NONBLOCK", "SOCK_SEQPACKET|SOCK_NONBLOCK",
   "SOCK_STREAM", "SOCK_RAW|SOCK_NONBLOCK", "SOCK_RDM|SOCK_NONBLOCK", "SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK"
};
static const char *Recv_Flags[] =
{
   "0", "MSG_PEEK", "MSG_OOB", "MSG_WAITALL", "MSG_DONTWAIT", "MSG_TRUNC", "MSG_PEEK|MSG_TRUNC",
   "MSG_OOB|MSG_PEEK", "MSG_ERRQUEUE", "MSG_CMSG_CLOEXEC", "MSG_EOR", "MSG_MORE", "MSG_NOSIGNAL"
};
static const char *Maxlens[] =
{
   "0", "1", "2", "16", "100", "4096", "65536", "1048576", "1048577", "2147483647", "-1",
   "2000000", "-2147483648", "3"
};

static void gen_choice (Buf *b, Reader *r, const char **tab, unsigned int n)
{
   unsigned int k = u8 (r);
   if (k < 224) put (b, "%s", tab[k % n]);
   else gen_any (b, r, 1);
}
#define CHOICE(b, r, tab) gen_choice (b, r, tab, sizeof (tab) / sizeof (tab[0]))

static void gen_flags (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 200) put (b, "%s", Recv_Flags[k % (sizeof (Recv_Flags) / sizeof (Recv_Flags[0]))]);
   else gen_int (b, r);
}

static int Ext_Mode;		       /* bit 1 of the first byte */
static int Msg_Mode;		       /* bit 2 of the first byte */
static void gen_ext_stmt (Buf *b, Reader *r, Stmt *st, unsigned int x);
static void gen_msg_stmt (Buf *b, Reader *r, Stmt *st, unsigned int x);
static unsigned int n_ext_funs (void);

/* sendfile (SPEC 15): with bit 2 of the first byte, an op byte of 240 or
 * more is a sendfile call (inputs without that bit decode as before).
 * The file is the fixture fz_regular ("keep") or fz_dir opened afresh,
 * /dev/null (s12), a socket (the read/send fallback), the pipe p0 (an
 * ext input's), or anything.  Never the FIFO fz_fifo: opening it
 * blocks.  A timeout= always: a pipe or socket with nothing to read
 * would otherwise wait for it. */
#define F_SENDFILE 3000
static const char *Sf_Offsets[] =
{
   "0", "NULL", "1", "3", "4", "5", "-1", "(1L shl 40)", "typecast (-1, ULong_Type)",
   "2147483648L", "1.5", "\"x\"", "typecast (2, UChar_Type)"
};
static const char *Sf_Counts[] =
{
   "NULL", "0", "1", "4", "100", "-1", "(1L shl 33)", "typecast (-1, ULong_Type)", "65537",
   "typecast (3, ULong_Type)", "[1]"
};

static void gen_sendfile_stmt (Buf *b, Reader *r, Stmt *st)
{
   unsigned int k;

   st->f = F_SENDFILE;
   st->name = "sendfile";
   st->lo = st->hi = 1;
   st->store = ST_LIST;
   st->slot %= NVAL;
   put (b, "sendfile (");
   gen_sock (b, r);
   put (b, ", ");
   k = u8 (r) % 8;
   switch (k)
     {
      case 0: case 1: put (b, "open (\"fz_regular\", O_RDONLY)"); break;
      case 2: put (b, "open (\"fz_dir\", O_RDONLY)"); break;
      case 3: put (b, "s12"); break;
      case 4: gen_sock (b, r); break;
      case 5: put (b, "p0"); break;
      default: gen_any (b, r, 1); break;
     }
   put (b, ", ");
   CHOICE (b, r, Sf_Offsets);
   put (b, ", ");
   CHOICE (b, r, Sf_Counts);
   put (b, " ; ");
   gen_timeout (b, r);
   put (b, ");");
}

/* One call.  Writes the statement; fills st. */
static void gen_stmt (Buf *b, Reader *r, Stmt *st)
{
   unsigned int op = u8 (r), f, i, n;
   const char *q = " ; ";

   f = op % (N_FUNS + 3);
   if (f >= N_FUNS) f = F_RAW;
   st->slot = u8 (r) % NSOCK;
   st->slot2 = (st->slot + 1 + u8 (r) % (NSOCK - 1)) % NSOCK;
   if (Msg_Mode && (op >= 248))
     {
	gen_sendfile_stmt (b, r, st);
	return;
     }
   if (Msg_Mode && (op >= 240))
     {
	gen_msg_stmt (b, r, st, op & 1);
	return;
     }
   if (Ext_Mode && (op >= 128))
     {
	gen_ext_stmt (b, r, st, (op - 128) % n_ext_funs ());
	return;
     }

   if (f == F_RAW)
     {
	/* any module function but poll (its timeout argument could block)
	 * with 0..7 arguments of any shape */
	unsigned int g = u8 (r) % (F_CREATE_SERVER + 1);
	if (g == F_POLL) g = F_GETBLOCKING;
	st->f = (int) g;
	st->name = Funs[g].name;
	st->lo = Funs[g].lo; st->hi = Funs[g].hi;
	st->store = ST_LIST;
	st->slot = u8 (r) % NVAL;
	put (b, "%s (", Funs[g].name);
	n = u8 (r) % 8;
	for (i = 0; i < n; i++)
	  {
	     if (i) put (b, ", ");
	     gen_any (b, r, 0);
	  }
	put (b, " ; ");
	gen_timeout (b, r);
	if (u8 (r) & 1)
	  {
	     static const char *qn[] = {"mode", "family", "source", "backlog", "dualstack", "reuse_port",
		"source_port", "unlink"};
	     put (b, ", %s=", qn[u8 (r) % 8]);
	     gen_any (b, r, 1);
	  }
	put (b, ");");
	return;
     }

   st->f = (int) f;
   st->name = Funs[f].name;
   st->lo = Funs[f].lo; st->hi = Funs[f].hi; st->store = Funs[f].store;
   if (st->store == ST_LIST) st->slot %= NVAL;
   /* half of the copies are made behind the module's back, as
    * @FD_Type(n) would: they must not keep a unix path (SPEC 10) */
   if ((f == F_DUP_FD) && (st->slot2 & 1))
     put (b, "__fz_foreign (");
   else
     put (b, "%s (", Funs[f].name);
   switch (f)
     {
      case F_SOCKET: case F_SOCKETPAIR:
	CHOICE (b, r, Domains); put (b, ", "); CHOICE (b, r, Types); put (b, ", ");
	if (u8 (r) & 3) put (b, "0"); else gen_int (b, r);
	q = NULL;
	break;
      case F_CONNECT:
	gen_sock (b, r); put (b, ", "); gen_addr (b, r);
	break;
      case F_BIND:
	gen_sock (b, r); put (b, ", "); gen_addr (b, r);
	  {
	     /* 0..39: mode= (30..39 with unlink=0 too), 232..254: unlink=0 */
	     static const char *modes[] = {"0600", "0777", "0", "-1", "01000", "\"x\"", "0666"};
	     unsigned int k = u8 (r);
	     q = " ; ";
	     if (k < 40)
	       {
		  put (b, " ; mode=%s", modes[u8 (r) % 7]);
		  q = ", ";
	       }
	     if (((k >= 30) && (k < 40)) || ((k >= 232) && (k < 255)))
	       put (b, "%sunlink=0", q);
	  }
	q = NULL;
	break;
      case F_LISTEN:
	gen_sock (b, r); put (b, ", "); gen_int (b, r);
	q = NULL;
	break;
      case F_ACCEPT:
	gen_sock (b, r);
	n = u8 (r) % 5;
	if (n == 4) { put (b, ", "); gen_any (b, r, 1); }
	else for (i = 0; i < n; i++) put (b, ", &__fz_r%u", i);
	break;
      case F_GETSOCKOPT:
	gen_sock (b, r); put (b, ", "); (void) gen_level_opt (b, r);
	q = NULL;
	break;
      case F_SETSOCKOPT:
	  {
	     Kind kind;
	     gen_sock (b, r); put (b, ", "); kind = gen_level_opt (b, r); put (b, ", ");
	     gen_opt_value (b, r, kind);
	     q = NULL;
	  }
	break;
      case F_GETSOCKNAME: case F_GETPEERNAME: case F_GETBLOCKING: case F_CLOSE: case F_DUP_FD:
	gen_sock (b, r);
	q = NULL;
	break;
      case F_SHUTDOWN:
	  {
	     static const char *hows[] = {"SHUT_RD", "SHUT_WR", "SHUT_RDWR", "3", "-1"};
	     gen_sock (b, r); put (b, ", "); CHOICE (b, r, hows);
	     q = NULL;
	  }
	break;
      case F_SETBLOCKING:
	gen_sock (b, r); put (b, ", "); gen_int (b, r);
	q = NULL;
	break;
      case F_SEND:
	gen_sock (b, r); put (b, ", "); gen_data (b, r);
	if (u8 (r) & 1) { put (b, ", "); gen_flags (b, r); }
	break;
      case F_SENDTO:
	gen_sock (b, r); put (b, ", "); gen_data (b, r); put (b, ", "); gen_flags (b, r);
	put (b, ", "); gen_addr (b, r);
	break;
      case F_RECV: case F_RECVFROM:
	gen_sock (b, r); put (b, ", "); CHOICE (b, r, Maxlens);
	if (u8 (r) & 1) { put (b, ", "); gen_flags (b, r); }
	break;
      case F_SENDALL:
	gen_sock (b, r); put (b, ", "); gen_data (b, r);
	break;
      case F_SEND_FDS:
	gen_sock (b, r); put (b, ", "); gen_data (b, r); put (b, ", ");
	if (u8 (r) & 1) gen_array (b, r); else gen_sock (b, r);
	break;
      case F_RECV_FDS:
	  {
	     static const char *maxfds[] = {"0", "1", "2", "3", "253", "254", "-1", "16"};
	     gen_sock (b, r); put (b, ", "); CHOICE (b, r, Maxlens); put (b, ", ");
	     CHOICE (b, r, maxfds);
	  }
	break;
      case F_GETADDRINFO:
	  {
	     static const char *fams[] = {"AF_UNSPEC", "AF_INET", "AF_INET6", "AF_UNIX", "-1", "12345"};
	     static const char *stypes[] = {"0", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET", "99"};
	     static const char *protos[] = {"0", "IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_RAW", "255", "-1"};
	     static const char *aif[] = {"0", "AI_PASSIVE", "AI_CANONNAME", "AI_NUMERICHOST", "AI_NUMERICSERV",
		"AI_V4MAPPED", "AI_ALL", "AI_ADDRCONFIG"};
	     unsigned int k = u8 (r);
	     n = 2 + u8 (r) % 5;
	     if (k < 180) gen_host (b, r);
	     else if (k < 200) put (b, "NULL");
	     else gen_any (b, r, 1);
	     put (b, ", ");
	     gen_port (b, r);
	     if (n > 2) { put (b, ", "); CHOICE (b, r, fams); }
	     if (n > 3) { put (b, ", "); CHOICE (b, r, stypes); }
	     if (n > 4) { put (b, ", "); CHOICE (b, r, protos); }
	     if (n > 5)
	       {
		  unsigned int m = u8 (r), j;
		  put (b, ", 0");
		  for (j = 1; j < 8; j++) if (m & (1u << j)) put (b, "|%s", aif[j]);
		  if (m & 1) { put (b, "|"); gen_int (b, r); }
	       }
	     q = NULL;
	  }
	break;
      case F_GETNAMEINFO:
	  {
	     static const char *nif[] = {"0", "NI_NUMERICHOST", "NI_NUMERICSERV", "NI_NAMEREQD", "NI_DGRAM", "NI_NOFQDN"};
	     gen_host (b, r); put (b, ", "); gen_port (b, r);
	     if (u8 (r) & 1)
	       {
		  unsigned int m = u8 (r), j;
		  put (b, ", 0");
		  for (j = 1; j < 6; j++) if (m & (1u << j)) put (b, "|%s", nif[j]);
		  if (m & 1) { put (b, "|"); gen_int (b, r); }
	       }
	     q = NULL;
	  }
	break;
      case F_INET_PTON: case F_INET_NTOP:
	  {
	     static const char *fams[] = {"AF_INET", "AF_INET6", "AF_UNIX", "AF_UNSPEC", "-1"};
	     CHOICE (b, r, fams); put (b, ", ");
	     if (f == F_INET_PTON)
	       {
		  unsigned int k = u8 (r) % 4;
		  if (k < 2) gen_host (b, r);
		  else if (k == 2) gen_text (b, r, 64, 1, 0);
		  else gen_any (b, r, 1);
	       }
	     else
	       {
		  unsigned int k = u8 (r) % 4;
		  unsigned char tmp[32];
		  n = (k == 0) ? 4 : (k == 1) ? 16 : (u8 (r) % 24);
		  take_bytes (r, tmp, n, 0);
		  if (k == 3) gen_any (b, r, 1);
		  else put_bytes (b, tmp, n, u8 (r) % 5 != 0);
	       }
	     q = NULL;
	  }
	break;
      case F_POLL:
	  {
	     static const char *evs[] = {"POLLIN", "POLLOUT", "POLLIN|POLLOUT", "POLLPRI", "POLLRDHUP",
		"0", "-1", "[POLLIN, POLLOUT]", "Int_Type[0]", "[POLLIN]", "[1.5]", "\"x\"", "NULL", "0xffff"};
	     static const char *pto[] = {"0", "0.0", "-0.0", "0.001", "_NaN", "\"x\"", "0h", "NULL", "1e-9"};
	     unsigned int k;
	     n = u8 (r) % 16;
	     if (n == 0) { put (b, ");"); return; }   /* NumArgsError */
	     if (u8 (r) & 3) gen_array (b, r); else gen_any (b, r, 1);
	     put (b, ", "); CHOICE (b, r, evs);
	     k = u8 (r) % (sizeof (pto) / sizeof (pto[0]));
	     put (b, ", %s", pto[k]);
	     if (n == 1) put (b, ", 0");
	     q = NULL;
	  }
	break;
      case F_CREATE_CONNECTION:
	  {
	     static const char *fams[] = {"AF_UNSPEC", "AF_INET", "AF_INET6", "AF_UNIX", "7"};
	     gen_host (b, r); put (b, ", "); gen_port (b, r);
	     put (b, " ; "); gen_timeout (b, r);
	     n = u8 (r);
	     if (n & 1) { put (b, ", family="); CHOICE (b, r, fams); }
	     if (n & 2) { put (b, ", source="); if (n & 8) gen_any (b, r, 1); else gen_host (b, r); }
	     if (n & 4) { put (b, ", source_port="); gen_int (b, r); }
	     q = NULL;
	  }
	break;
      case F_CREATE_SERVER:
	  {
	     static const char *fams[] = {"AF_UNSPEC", "AF_INET", "AF_INET6", "AF_UNIX", "7"};
	     unsigned int k = u8 (r) % 4;
	     if (k == 0) gen_path (b, r);
	     else if (k == 1) gen_any (b, r, 1);
	     else gen_host (b, r);
	     if (u8 (r) & 3) { put (b, ", "); gen_port (b, r); }
	     n = u8 (r);
	     put (b, " ; family=");
	     if (n & 1) CHOICE (b, r, fams); else put (b, (k == 0) ? "AF_UNIX" : "AF_UNSPEC");
	     if (n & 2) { put (b, ", backlog="); gen_int (b, r); }
	     if (n & 4) { put (b, ", reuse_port="); gen_int (b, r); }
	     if (n & 8) { put (b, ", dualstack="); gen_int (b, r); }
	     if (n & 16) { put (b, ", mode=%s", (n & 32) ? "0600" : "01000"); }
	     if (n & 64) put (b, ", unlink=0");
	     q = NULL;
	  }
	break;
      case F_TCPPAIR:
	put (b, "%s", (u8 (r) & 1) ? "AF_INET6" : "AF_INET");
	q = NULL;
	break;
     }
   if (q != NULL && takes_timeout (f))
     {
	put (b, "%s", q);
	gen_timeout (b, r);
     }
   put (b, ");");
}

/*}}}*/

/*{{{ sendmsg and recvmsg */

/* With bit 2 of the first byte set, an op byte of 240..247 is sendmsg
 * or recvmsg, 248 or more sendfile (inputs without that bit mean what
 * they meant). */
#define M_BASE 2000		       /* Stmt.f of these: M_BASE + 0 or 1 */

static const char *Anc_Heads[] =
{
   "SOL_SOCKET, type=SCM_RIGHTS", "SOL_SOCKET, type=SCM_CREDENTIALS", "SOL_IP, type=IP_PKTINFO",
   "SOL_IPV6, type=IPV6_PKTINFO", "SOL_IP, type=IP_TTL", "SOL_IP, type=IP_TOS",
   "SOL_IPV6, type=IPV6_HOPLIMIT", "SOL_IPV6, type=IPV6_TCLASS", "SOL_SOCKET, type=SO_TIMESTAMP",
   "SOL_SOCKET, type=SO_TIMESTAMPNS", "SOL_IP, type=IP_RECVERR", "SOL_IPV6, type=IPV6_RECVERR",
   "SOL_SOCKET, type=99", "-1, type=-1", "SOL_TCP, type=1"
};

static void gen_anc_data (Buf *b, Reader *r, unsigned int head)
{
   unsigned int k = u8 (r);
   if (k >= 200) { gen_any (b, r, 1); return; }
   switch (head)
     {
      case 0:
	if (k & 1) gen_array (b, r); else gen_sock (b, r);
	return;
      case 1:
	put (b, "struct {pid=%s, uid=getuid (), gid=getgid ()}", (k & 2) ? "getpid ()" : "1");
	return;
      case 2:
	put (b, "struct {ifindex=%u, spec_dst=", k % 3); gen_host (b, r);
	put (b, ", addr="); gen_host (b, r); put (b, "}");
	return;
      case 3:
	put (b, "struct {ifindex=%u, addr=", k % 3); gen_host (b, r); put (b, "}");
	return;
      case 8: case 9:
	gen_double (b, r);
	return;
      case 10: case 11:
	put (b, "struct {ee_errno=%u, ee_origin=2, ee_type=3, ee_code=3, ee_info=0, ee_data=0}", k);
	return;
      case 12: case 13: case 14:
	gen_text (b, r, 16, 0, 1);
	return;
     }
   gen_int (b, r);
}

static void gen_anc (Buf *b, Reader *r)
{
   unsigned int k = u8 (r), i, n;
   if (k < 24) { put (b, "NULL"); return; }
   if (k < 32) { gen_any (b, r, 1); return; }
   n = k % 4;
   if ((k & 4) && (n == 0)) { put (b, "Struct_Type[0]"); return; }
   put (b, (k & 4) ? "[" : "{");
   for (i = 0; i < n; i++)
     {
	unsigned int head = u8 (r) % (sizeof (Anc_Heads) / sizeof (Anc_Heads[0]));
	put (b, "%sstruct {level=%s, data=", i ? ", " : "", Anc_Heads[head]);
	gen_anc_data (b, r, head);
	put (b, "}");
     }
   put (b, (k & 4) ? "]" : "}");
}

static void gen_msg_stmt (Buf *b, Reader *r, Stmt *st, unsigned int x)
{
   static const char *ancsizes[] = {"0", "16", "24", "32", "256", "1024", "-1", "1048577", "CMSG_SPACE (4)"};
   static const char *rflags[] = {"0", "MSG_ERRQUEUE", "MSG_PEEK", "MSG_TRUNC", "MSG_DONTWAIT", "MSG_WAITALL"};

   st->f = M_BASE + (int) x;
   st->store = ST_LIST;
   st->slot %= NVAL;
   if (x == 0)
     {
	st->name = "sendmsg";
	st->lo = 1; st->hi = 1;
	put (b, "sendmsg ("); gen_sock (b, r); put (b, ", "); gen_data (b, r);
	put (b, ", "); gen_anc (b, r); put (b, ", "); gen_flags (b, r);
	if (u8 (r) & 1) { put (b, ", "); gen_addr (b, r); }
     }
   else
     {
	st->name = "recvmsg";
	st->lo = 4; st->hi = 5;
	put (b, "recvmsg ("); gen_sock (b, r); put (b, ", "); CHOICE (b, r, Maxlens);
	put (b, ", "); CHOICE (b, r, ancsizes); put (b, ", "); CHOICE (b, r, rflags);
     }
   put (b, " ; "); gen_timeout (b, r);
   put (b, ");");
}

/*}}}*/

/*{{{ The newer calls: streams, selectors, event loops, sd, interfaces, raw options */

/* With bit 1 of the first byte set, an op byte of 128 or more is one of
 * these (op - 128 modulo their number); below 128, or without the bit,
 * the op byte means what it always did, so older inputs decode as before.
 * Streams live in t0..t3, selectors in e0/e1, loops in lp0/lp1 (and a
 * pipe in p0/p1); like the sockets, all are dropped at the end of the
 * input.  Selectors and loops are never handed to the generated argument
 * expressions (gen_any cannot reach them: raw calls store into
 * __fz_sink), so no selector's data nor loop's callback arguments can
 * hold a selector or loop: no reference cycle keeps an epoll descriptor
 * alive past the end of the input.  Callbacks are the fixed
 * __fz_cb0..__fz_cb12 of the prelude. */


#define NSTREAM 4
#define NSEL 2
#define NLOOP 2
#define NCB 13

static const Fun Ext_Funs[] =
{
   {"stream_new", 1, 1, ST_STREAM}, {"__fz_eofstream", 1, 1, ST_STREAM},
   {"stream_readline", 1, 1, ST_LIST}, {"stream_read_until", 1, 1, ST_LIST},
   {"stream_read", 1, 1, ST_LIST}, {"stream_read_some", 1, 1, ST_LIST},
   {"stream_pending", 1, 1, ST_LIST}, {"stream_write", 1, 1, ST_LIST},
   {"stream_flush", 0, 0, ST_NONE}, {"stream_fd", 1, 1, ST_SOCK},
   {"stream_close", 0, 0, ST_NONE}, {"foreach", 0, 0, ST_NONE},
   {"selector_new", 1, 1, ST_SEL}, {"selector_add", 0, 0, ST_NONE},
   {"selector_modify", 0, 0, ST_NONE}, {"selector_remove", 0, 0, ST_NONE},
   {"selector_wait", 2, 2, ST_LIST}, {"selector_close", 0, 0, ST_NONE},
   {"eventloop_new", 1, 1, ST_LOOP}, {"eventloop_watch", 1, 1, ST_LIST},
   {"eventloop_unwatch", 0, 0, ST_NONE}, {"eventloop_after", 1, 1, ST_LIST},
   {"eventloop_every", 1, 1, ST_LIST}, {"eventloop_cancel", 0, 0, ST_NONE},
   {"eventloop_run", 0, 0, ST_NONE}, {"eventloop_stop", 0, 0, ST_NONE},
   {"sd_listen_fds", 1, 1, ST_LIST}, {"sd_listen_fds_with_names", 2, 2, ST_LIST},
   {"sd_notify", 1, 1, ST_LIST}, {"if_nametoindex", 1, 1, ST_LIST},
   {"if_indextoname", 1, 1, ST_LIST}, {"if_nameindex", 1, 1, ST_LIST},
   {"getifaddrs", 1, 1, ST_LIST}, {"gethostname", 1, 1, ST_LIST},
   {"getsockopt", 1, 1, ST_LIST}, {"setsockopt", 0, 0, ST_NONE},
   {"poll", 1, 1, ST_LIST}, {"__fz_xraw", 0, 2, ST_SINK}
};
#define N_EXT_FUNS (sizeof (Ext_Funs) / sizeof (Ext_Funs[0]))
static unsigned int n_ext_funs (void) { return N_EXT_FUNS; }
enum
{
   X_STREAM_NEW, X_EOFSTREAM, X_READLINE, X_READ_UNTIL, X_READ, X_READ_SOME, X_PENDING, X_WRITE,
   X_FLUSH, X_SFD, X_SCLOSE, X_FOREACH, X_SEL_NEW, X_SEL_ADD, X_SEL_MODIFY, X_SEL_REMOVE,
   X_SEL_WAIT, X_SEL_CLOSE, X_LOOP_NEW, X_WATCH, X_UNWATCH, X_AFTER, X_EVERY, X_CANCEL, X_RUN,
   X_STOP, X_SD_FDS, X_SD_NAMES, X_SD_NOTIFY, X_NAMETOINDEX, X_INDEXTONAME, X_NAMEINDEX,
   X_GETIFADDRS, X_GETHOSTNAME, X_RAWGET, X_RAWSET, X_POLL, X_RAW
};
#define X_BASE 1000		       /* Stmt.f of these: X_BASE + X_... */

static const char *Sel_Events[] =
{
   "POLLIN", "POLLOUT", "POLLIN|POLLOUT", "POLLPRI", "POLLRDHUP", "POLLIN|POLLRDHUP", "0", "-1",
   "POLLHUP|POLLERR", "0x10000", "POLLIN|POLLPRI|POLLOUT|POLLRDHUP", "\"x\"", "1.5", "POLLNVAL"
};
/* a selector_wait timeout: never negative (it would block) */
static const char *Sel_Timeouts[] =
{
   "0", "0.0", "-0.0", "0.001", "_NaN", "\"x\"", "0h", "NULL", "1e-9", "0.002"
};
#define N_SEL_TIMEOUTS (sizeof (Sel_Timeouts) / sizeof (Sel_Timeouts[0]))
static const char *Timer_Secs[] =
{
   "0", "0.0", "0.001", "1e-9", "1e300", "-1", "_NaN", "\"x\"", "0.0005", "_Inf", "0.002", "-0.0",
   "1", "NULL", "1e-6", "0h"
};
static const char *Bufsizes[] = {"1", "2", "16", "4096", "65536", "0", "-1", "\"x\"", "1048576", "3"};
static const char *Limits[] = {"1", "3", "16", "100", "1048576", "0", "-1", "5000", "2"};
static const char *Line_Texts[] =
{
   "a\\nb\\n", "a\\nbc", "", "\\n\\n\\n", "no newline", "x\\r\\n\\r\\ny", "GET / HTTP/1.0\\r\\n\\r\\nbody",
   "one\\ntwo\\r\\nthree\\n\\nfive", "\\x00\\n\\x00"
};
static const char *Delims[] = {"\"\\n\"", "\"\\r\\n\\r\\n\"", "\"\"", "\"x\"", "\"\\x00\"B", "\"\\n\\n\"", "1", "NULL"};
static const char *Buflens[] =
{
   "0", "1", "4", "8", "16", "104", "256", "65536", "-1", "2147483647", "\"x\"", "65537", "1024"
};
static const char *If_Names[] =
{
   "\"lo\"", "\"\"", "\"nosuchif\"", "\"eth0\"", "\"0123456789abcdef\"", "\"0123456789abcde\"",
   "\"lo\\x00\"B", "\"lo \"", "1", "NULL"
};
static const char *Unset_Env[] = {"0", "1", "\"x\"", "-1"};
static const char *Notify_States[] =
{
   "READY=1", "STATUS=fuzzing\nREADY=1", "", "WATCHDOG=1", "STOPPING=1", "MAINPID=1", "FDSTORE=1"
};
static const char *Foreach_Bodies[] =
{
   "__fz_n++;", "__fz_n++; if (__fz_n > 1) break;", "throw RunTimeError, \"fz body\";", "continue;",
   "__fz_n += strlen (__fz_line);"
};
static const char *Foreach_Usings[] = {" using (\"line\")", " using (\"x\")", " using (1)", " using (\"line\", \"x\")"};

static void gen_stream (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 216) put (b, "t%u", k % NSTREAM);
   else if (k < 232) gen_sock (b, r);
   else if (k < 240) put (b, "e%u", k % NSEL);
   else if (k < 248) put (b, "NULL");
   else gen_any (b, r, 1);
}

static void gen_selector (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 220) put (b, "e%u", k % NSEL);
   else if (k < 232) put (b, "lp%u", k % NLOOP);
   else if (k < 240) put (b, "t%u", k % NSTREAM);
   else if (k < 248) put (b, "NULL");
   else gen_any (b, r, 1);
}

static void gen_loop (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 220) put (b, "lp%u", k % NLOOP);
   else if (k < 232) put (b, "e%u", k % NSEL);
   else if (k < 240) put (b, "t%u", k % NSTREAM);
   else if (k < 248) put (b, "NULL");
   else gen_any (b, r, 1);
}

/* an FD_Type or Stream_Type to watch or poll */
static void gen_watchable (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 120) gen_sock (b, r);
   else if (k < 208) put (b, "t%u", k % NSTREAM);
   else if (k < 224) put (b, "p%u", k % 2);
   else if (k < 232) put (b, "__fz_get (v%u, 0, -1)", k % NVAL);
   else gen_any (b, r, 1);
}

/* a callback argument or a selector's data: never a selector or loop */
static void gen_cbarg (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 64) gen_sock (b, r);
   else if (k < 96) put (b, "t%u", k % NSTREAM);
   else if (k < 128) gen_int (b, r);
   else gen_any (b, r, 1);
}

static void gen_cb (Buf *b, Reader *r)
{
   unsigned int k = u8 (r), i, n;
   if (k < 224) put (b, "&__fz_cb%u", k % NCB);
   else if (k < 232) put (b, "&__fz_r0");
   else if (k < 240) put (b, "NULL");
   else if (k < 248) put (b, "&__fz_slots");   /* no parameters: extra values dropped */
   else gen_any (b, r, 1);
   n = u8 (r) % 4;
   for (i = 0; i < n; i++)
     {
	put (b, ", ");
	gen_cbarg (b, r);
     }
}

static void gen_id (Buf *b, Reader *r)
{
   unsigned int k = u8 (r);
   if (k < 160) put (b, "%u", k % 10);
   else if (k < 200) put (b, "__fz_get (v%u, 0, -1)", k % NVAL);
   else if (k < 230) gen_int (b, r);
   else gen_any (b, r, 1);
}

static void gen_line_text (Buf *b, Reader *r)
{
   unsigned int k = u8 (r) % 8;
   if (k < 4) put (b, "\"%s\"", Line_Texts[u8 (r) % (sizeof (Line_Texts) / sizeof (Line_Texts[0]))]);
   else if (k < 6) gen_text (b, r, 200, 0, u8 (r) & 1);
   else if (k == 6) put (b, "pack (\"x%u\") + \"\\nend\"", (unsigned int[]) {5000, 1, 99, 100, 101, 4096} [u8 (r) % 6]);
   else put (b, "strjoin (array_map (String_Type, &string, [1:%u]), \"\\n\")", u8 (r) % 200);
}

static void gen_stream_quals (Buf *b, Reader *r, int have_semi)
{
   unsigned int k = u8 (r);
   const char *sep = have_semi ? ", " : " ; ";
   if (k & 1) { put (b, "%sbufsize=", sep); CHOICE (b, r, Bufsizes); sep = ", "; }
   if (k & 2) { put (b, "%slimit=", sep); CHOICE (b, r, Limits); }
}

/* wrong argument counts now and then: 1 in 16 calls gets one more */
static void maybe_extra (Buf *b, Reader *r, int first)
{
   if ((u8 (r) & 15) == 0)
     {
	if (! first) put (b, ", ");
	gen_any (b, r, 1);
     }
}

static void gen_ext_stmt (Buf *b, Reader *r, Stmt *st, unsigned int x)
{
   unsigned int i, n, k;
   const Fun *fn = &Ext_Funs[x];

   st->f = X_BASE + (int) x;
   st->name = fn->name;
   st->lo = fn->lo; st->hi = fn->hi; st->store = fn->store;
   if (st->store == ST_LIST) st->slot %= NVAL;

   switch (x)
     {
      case X_STREAM_NEW:
	put (b, "stream_new (");
	k = u8 (r);
	if (k < 150) gen_sock (b, r);
	else if (k < 190) put (b, "p%u", k % 2);
	else if (k < 210) put (b, "stream_fd (t%u)", k % NSTREAM);
	else if (k < 225) put (b, "t%u", k % NSTREAM);
	else gen_any (b, r, 1);
	maybe_extra (b, r, 0);
	gen_stream_quals (b, r, 0);
	put (b, ");");
	return;
      case X_EOFSTREAM:
	put (b, "__fz_eofstream (");
	gen_line_text (b, r);
	put (b, ", %u", u8 (r) % 4);
	gen_stream_quals (b, r, 0);
	put (b, ");");
	return;
      case X_FOREACH:
	  {
	     k = u8 (r);
	     if (k & 1)
	       put (b, "foreach __fz_line (");
	     else
	       put (b, "foreach (");
	     put (b, "__fz_eofstream (");
	     gen_line_text (b, r);
	     put (b, ", %u", u8 (r) % 4);
	     gen_stream_quals (b, r, 0);
	     put (b, "))");
	     if ((k & 6) == 0)
	       put (b, "%s", Foreach_Usings[u8 (r) % 4]);
	     else if (! (k & 1))
	       put (b, " using (\"line\")");
	     put (b, " { %s%s }", (k & 1) ? "" : "__fz_line = (); ",
		  Foreach_Bodies[u8 (r) % (sizeof (Foreach_Bodies) / sizeof (Foreach_Bodies[0]))]);
	     return;
	  }
      case X_READLINE: case X_FLUSH: case X_SCLOSE:
	put (b, "%s (", fn->name); gen_stream (b, r);
	maybe_extra (b, r, 0);
	put (b, " ; "); gen_timeout (b, r); put (b, ");");
	return;
      case X_READ_UNTIL:
	put (b, "%s (", fn->name); gen_stream (b, r); put (b, ", ");
	if (u8 (r) & 3) CHOICE (b, r, Delims); else gen_text (b, r, 8, 0, u8 (r) & 1);
	put (b, " ; "); gen_timeout (b, r); put (b, ");");
	return;
      case X_READ: case X_READ_SOME:
	put (b, "%s (", fn->name); gen_stream (b, r); put (b, ", "); CHOICE (b, r, Maxlens);
	put (b, " ; "); gen_timeout (b, r); put (b, ");");
	return;
      case X_PENDING: case X_SFD:
	put (b, "%s (", fn->name); gen_stream (b, r);
	maybe_extra (b, r, 0);
	put (b, ");");
	return;
      case X_WRITE:
	put (b, "%s (", fn->name); gen_stream (b, r); put (b, ", ");
	gen_data (b, r);
	put (b, " ; "); gen_timeout (b, r); put (b, ");");
	return;
      case X_SEL_NEW: case X_LOOP_NEW: case X_NAMEINDEX: case X_GETIFADDRS: case X_GETHOSTNAME:
	put (b, "%s (", fn->name);
	maybe_extra (b, r, 1);
	put (b, ");");
	return;
      case X_SEL_ADD: case X_SEL_MODIFY:
	put (b, "%s (", fn->name); gen_selector (b, r); put (b, ", "); gen_watchable (b, r);
	put (b, ", "); CHOICE (b, r, Sel_Events);
	k = u8 (r);
	if ((x == X_SEL_ADD) ? ((k & 15) != 0) : (k & 1))
	  {
	     put (b, ", ");
	     gen_cbarg (b, r);
	  }
	maybe_extra (b, r, 0);
	put (b, ");");
	return;
      case X_SEL_REMOVE:
	put (b, "%s (", fn->name); gen_selector (b, r); put (b, ", "); gen_watchable (b, r);
	put (b, ");");
	return;
      case X_SEL_WAIT:
	put (b, "%s (", fn->name); gen_selector (b, r);
	put (b, ", %s);", Sel_Timeouts[u8 (r) % N_SEL_TIMEOUTS]);
	return;
      case X_SEL_CLOSE: case X_STOP:
	put (b, "%s (", fn->name);
	if (x == X_STOP) gen_loop (b, r); else gen_selector (b, r);
	maybe_extra (b, r, 0);
	put (b, ");");
	return;
      case X_WATCH:
	put (b, "%s (", fn->name); gen_loop (b, r); put (b, ", "); gen_watchable (b, r);
	put (b, ", "); CHOICE (b, r, Sel_Events); put (b, ", "); gen_cb (b, r);
	put (b, ");");
	return;
      case X_AFTER: case X_EVERY:
	put (b, "%s (", fn->name); gen_loop (b, r); put (b, ", ");
	CHOICE (b, r, Timer_Secs);
	put (b, ", "); gen_cb (b, r);
	put (b, ");");
	return;
      case X_UNWATCH: case X_CANCEL:
	put (b, "%s (", fn->name); gen_loop (b, r); put (b, ", "); gen_id (b, r);
	put (b, ");");
	return;
      case X_RUN:
	/* always with a small timeout= */
	put (b, "%s (", fn->name); gen_loop (b, r);
	put (b, " ; "); gen_timeout (b, r); put (b, ");");
	return;
      case X_SD_FDS: case X_SD_NAMES: case X_SD_NOTIFY:
	/* the environment is one of __fz_env's, never the real one */
	put (b, "__fz_env (%u); %s (", u8 (r), fn->name);
	if (x == X_SD_NOTIFY)
	  {
	     k = u8 (r) % 8;
	     if (k < 3) put_cstr (b, Notify_States[u8 (r) % (sizeof (Notify_States) / sizeof (Notify_States[0]))], 0);
	     else if (k < 6) gen_data (b, r);
	     else gen_any (b, r, 1);
	     maybe_extra (b, r, 0);
	  }
	else maybe_extra (b, r, 1);
	k = u8 (r);
	if (k & 1) put (b, " ; unset_environment=%s", Unset_Env[(k >> 1) % 4]);
	put (b, ");");
	return;
      case X_NAMETOINDEX:
	put (b, "%s (", fn->name);
	k = u8 (r) % 4;
	if (k < 3) CHOICE (b, r, If_Names); else gen_text (b, r, 20, 1, 0);
	put (b, ");");
	return;
      case X_INDEXTONAME:
	put (b, "%s (", fn->name);
	k = u8 (r);
	if (k < 160) put (b, "%u", k % 4); else gen_int (b, r);
	put (b, ");");
	return;
      case X_RAWGET:
	put (b, "getsockopt ("); gen_sock (b, r); put (b, ", "); (void) gen_level_opt (b, r);
	put (b, ", "); CHOICE (b, r, Buflens); put (b, ");");
	return;
      case X_RAWSET:
	put (b, "setsockopt ("); gen_sock (b, r); put (b, ", "); (void) gen_level_opt (b, r);
	put (b, ", ");
	k = u8 (r) % 6;
	switch (k)
	  {
	   case 0: case 1: gen_text (b, r, 48, 0, 1); break;
	   case 2: put (b, "pack (\"i\", "); gen_int (b, r); put (b, ")"); break;
	   case 3: put (b, "pack (\"ii\", "); gen_int (b, r); put (b, ", "); gen_int (b, r); put (b, ")"); break;
	   case 4: put (b, "\"\"B"); break;
	   default: put (b, "pack (\"x%u\")", (unsigned int[]) {0, 1, 4, 8, 16, 200, 65536, 3} [u8 (r) % 8]); break;
	  }
	put (b, ");");
	return;
      case X_POLL:
	  {
	     static const char *evs[] = {"POLLIN", "POLLOUT", "POLLIN|POLLOUT", "POLLPRI", "0",
		"[POLLIN, POLLOUT]", "Int_Type[0]", "[POLLIN]", "[POLLIN, POLLIN, POLLIN]"};
	     static const char *pto[] = {"0", "0.0", "-0.0", "0.001", "_NaN", "\"x\"", "0h", "NULL", "1e-9"};
	     put (b, "poll (");
	     k = u8 (r) % 10;
	     switch (k)
	       {
		case 0: case 1: gen_watchable (b, r); break;
		case 2: case 3:
		  n = u8 (r) % 5;
		  put (b, "{");
		  for (i = 0; i < n; i++) { if (i) put (b, ", "); gen_watchable (b, r); }
		  put (b, "}");
		  break;
		case 4: case 5: put (b, "__fz_any (%u)", u32 (r) & 0xfffff); break;
		case 6: put (b, "__fz_streams (%u)", u8 (r) & 0xf); break;
		case 7:
		  i = u8 (r) & 1;
		  put (b, "%s[%u]", i ? "Any_Type" : "Stream_Type", u8 (r) % 3);
		  break;
		case 8:
		  i = u8 (r) % NSTREAM;
		  put (b, "[t%u, t%u]", i, u8 (r) % NSTREAM);
		  break;
		default: put (b, "{1, \"x\", NULL}"); break;
	       }
	     put (b, ", ");
	     k = u8 (r);
	     if (k < 224) put (b, "%s", evs[k % (sizeof (evs) / sizeof (evs[0]))]);
	     else gen_any (b, r, 1);
	     put (b, ", %s);", pto[u8 (r) % (sizeof (pto) / sizeof (pto[0]))]);
	     return;
	  }
      default:			       /* X_RAW */
	  {
	     /* a module call of this section with 0..5 arguments of any
	      * shape (gen_any reaches no stream, selector or loop) */
	     unsigned int g = u8 (r) % X_RAWGET;
	     if ((g == X_EOFSTREAM) || (g == X_FOREACH)) g = X_GETHOSTNAME;
	     if ((g == X_SD_FDS) || (g == X_SD_NAMES) || (g == X_SD_NOTIFY))
	       put (b, "__fz_env (%u); ", u8 (r));
	     st->lo = Ext_Funs[g].lo; st->hi = Ext_Funs[g].hi;
	     st->name = Ext_Funs[g].name;
	     put (b, "%s (", Ext_Funs[g].name);
	     n = u8 (r) % 6;
	     for (i = 0; i < n; i++)
	       {
		  if (i) put (b, ", ");
		  gen_any (b, r, 0);
	       }
	     put (b, " ; ");
	     gen_timeout (b, r);
	     if (u8 (r) & 1)
	       {
		  static const char *qn[] = {"bufsize", "limit", "unset_environment", "x"};
		  put (b, ", %s=", qn[u8 (r) % 4]);
		  gen_any (b, r, 1);
	       }
	     put (b, ");");
	     return;
	  }
     }
}

/*}}}*/

/*{{{ Running S-Lang and checking invariants */

/* The type of the last value a successful call pushed (n values): 1 if
 * it is what the call documents. */
static int is_type (SLtype t, const char *name)
{
   const char *tn = SLclass_get_datatype_name (t);
   return (tn != NULL) && (0 == strcmp (tn, name));
}

static int top_type_ok (int f, int n)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   if (f == F_SENDFILE)
     return (t == SLANG_INT_TYPE) || (t == SLANG_LONG_TYPE);
   if (f >= X_BASE)
     switch (f - X_BASE)
       {
	case X_STREAM_NEW: case X_EOFSTREAM:
	  return is_type (t, "Stream_Type");
	case X_SEL_NEW:
	  return is_type (t, "Selector_Type");
	case X_LOOP_NEW:
	  return is_type (t, "EventLoop_Type");
	case X_READLINE: case X_READ_UNTIL: case X_READ: case X_READ_SOME:
	  return (t == SLANG_STRING_TYPE) || (t == SLANG_BSTRING_TYPE) || (t == SLANG_NULL_TYPE);
	case X_PENDING: case X_WRITE: case X_WATCH: case X_AFTER: case X_EVERY: case X_SD_NOTIFY:
	case X_NAMETOINDEX:
	  return (t == SLANG_INT_TYPE) || (t == SLANG_LONG_TYPE);
	case X_SFD:
	  return t == SLANG_FILE_FD_TYPE;
	case X_SEL_WAIT: case X_SD_FDS: case X_SD_NAMES: case X_NAMEINDEX: case X_GETIFADDRS:
	case X_POLL:
	  return t == SLANG_ARRAY_TYPE;
	case X_INDEXTONAME: case X_GETHOSTNAME:
	  return t == SLANG_STRING_TYPE;
	case X_RAWGET:
	  return t == SLANG_BSTRING_TYPE;
	default:
	  return 1;
       }
   (void) n;
   switch (f)
     {
      case F_SOCKET: case F_SOCKETPAIR: case F_ACCEPT: case F_CREATE_CONNECTION:
      case F_CREATE_SERVER:
	return t == SLANG_FILE_FD_TYPE;
      case F_DUP_FD:		       /* S-Lang's: NULL on failure */
	return (t == SLANG_FILE_FD_TYPE) || (t == SLANG_NULL_TYPE);
      case F_SEND: case F_SENDTO: case F_SENDALL: case F_SEND_FDS:
	return (t == SLANG_INT_TYPE) || (t == SLANG_LONG_TYPE);
      case F_RECV: case F_INET_PTON:
	return t == SLANG_BSTRING_TYPE;
      case F_RECV_FDS: case F_GETADDRINFO: case F_POLL:
	return t == SLANG_ARRAY_TYPE;
      case F_INET_NTOP: case F_GETNAMEINFO:
	return t == SLANG_STRING_TYPE;
      case F_GETBLOCKING:
	return t == SLANG_INT_TYPE;
      case F_GETSOCKNAME: case F_GETPEERNAME:
	if (n == 2) return t == SLANG_INT_TYPE;
	return (t == SLANG_STRING_TYPE) || (t == SLANG_BSTRING_TYPE);
      case F_RECVFROM:		       /* NULL: a vanished TCP peer */
	if (n == 3) return (t == SLANG_INT_TYPE) || (t == SLANG_NULL_TYPE);
	return (t == SLANG_STRING_TYPE) || (t == SLANG_BSTRING_TYPE) || (t == SLANG_NULL_TYPE);
      case F_GETSOCKOPT:
	return (t == SLANG_INT_TYPE) || (t == SLANG_STRUCT_TYPE) || (t == SLANG_STRING_TYPE)
	  || (t == SLANG_BSTRING_TYPE);
     }
   return 1;
}

static const char *Prelude =
   "variable s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15;\n"
   "variable v0, v1, v2, v3, v4, v5, v6, v7;\n"
   "variable __fz_r0, __fz_r1, __fz_r2;\n"
   "variable t0, t1, t2, t3, e0, e1, lp0, lp1, p0, p1, __fz_sink, __fz_line, __fz_n = 0, __fz_keep = {};\n"
   "define __fz_slots () { return {s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15}; }\n"
   /* l[i] or l[i][j], or NULL: never fails */
   "define __fz_get (l, i, j)\n"
   "{\n"
   "   if ((typeof (l) != List_Type) || (i >= length (l))) return NULL;\n"
   "   variable x = l[i];\n"
   "   if (j < 0) return x;\n"
   "   if ((typeof (x) != Array_Type) || (j >= length (x))) return NULL;\n"
   "   return x[j];\n"
   "}\n"
   /* an Array of FD_Type from the slots in mask; NULL where a slot holds no FD */
   "define __fz_fds (mask)\n"
   "{\n"
   "   variable l = __fz_slots (), i, n = 0, a;\n"
   "   for (i = 0; i < 16; i++) if (mask & (1 shl i)) n++;\n"
   "   a = FD_Type[n]; n = 0;\n"
   "   for (i = 0; i < 16; i++)\n"
   "     if (mask & (1 shl i))\n"
   "       {\n"
   "          if (typeof (l[i]) == FD_Type) a[n] = l[i];\n"
   "          n++;\n"
   "       }\n"
   "   return a;\n"
   "}\n"
   "define __fz_many (n)\n"
   "{\n"
   "   variable a = FD_Type[n], i;\n"
   "   if (typeof (s0) == FD_Type) for (i = 0; i < n; i++) a[i] = s0;\n"
   "   return a;\n"
   "}\n"
   /* a connected TCP pair over loopback, or (NULL, NULL) */
   "define __fz_tcppair (fam)\n"
   "{\n"
   "   variable c = NULL, a = NULL, l, h, p;\n"
   "   try\n"
   "     {\n"
   "        l = socket (fam, SOCK_STREAM|SOCK_NONBLOCK, 0);\n"
   "        bind (l, (fam == AF_INET) ? \"127.0.0.1\" : \"::1\", 0);\n"
   "        listen (l, 4);\n"
   "        (h, p) = getsockname (l);\n"
   "        c = socket (fam, SOCK_STREAM|SOCK_NONBLOCK, 0);\n"
   "        try { connect (c, h, p); } catch SocketError;\n"
   "        a = accept (l ; timeout=1);\n"
   "     }\n"
   "   catch AnyError: { c = NULL; a = NULL; }\n"
   "   return (c, a);\n"
   "}\n";

/* Streams, loops and their callbacks (bit 1 of the first byte). */
static const char *Prelude_Ext =
   "define __fz_loops ()\n"
   "{\n"
   "   variable l = {};\n"
   "   if (typeof (lp0) == EventLoop_Type) list_append (l, lp0);\n"
   "   if (typeof (lp1) == EventLoop_Type) list_append (l, lp1);\n"
   "   return l;\n"
   "}\n"
   /* an Any_Type array of the socket slots (bits 0..15) and stream slots
    * (bits 16..19); elements of other slots left unset */
   "define __fz_any (mask)\n"
   "{\n"
   "   variable l = __fz_slots (), i, n = 0, a, x;\n"
   "   list_append (l, t0); list_append (l, t1); list_append (l, t2); list_append (l, t3);\n"
   "   for (i = 0; i < 20; i++) if (mask & (1 shl i)) n++;\n"
   "   a = Any_Type[n]; n = 0;\n"
   "   for (i = 0; i < 20; i++)\n"
   "     if (mask & (1 shl i))\n"
   "       {\n"
   "          x = l[i];\n"
   "          if ((typeof (x) == FD_Type) || (typeof (x) == Stream_Type)) a[n] = x;\n"
   "          n++;\n"
   "       }\n"
   "   return a;\n"
   "}\n"
   "define __fz_streams (mask)\n"
   "{\n"
   "   variable l = {t0, t1, t2, t3}, i, n = 0, a;\n"
   "   for (i = 0; i < 4; i++) if (mask & (1 shl i)) n++;\n"
   "   a = Stream_Type[n]; n = 0;\n"
   "   for (i = 0; i < 4; i++)\n"
   "     if (mask & (1 shl i))\n"
   "       {\n"
   "          if (typeof (l[i]) == Stream_Type) a[n] = l[i];\n"
   "          n++;\n"
   "       }\n"
   "   return a;\n"
   "}\n"
   /* a stream that reaches its end: data written by a peer that is gone
    * (kind 0: closed; 1: shut down, kept alive; 2: a pipe; 3: /dev/null) */
   "define __fz_eofstream (data, kind)\n"
   "{\n"
   "   variable a = NULL, b, q = __qualifiers ();\n"
   "   if (kind == 2) (b, a) = __fz_pipe ();\n"
   "   else if (kind == 3) b = open (\"/dev/null\", O_RDWR);\n"
   "   else (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);\n"
   "   if (a != NULL)\n"
   "     {\n"
   "        if (kind == 2) () = write (a, data);\n"
   "        else () = sendall (a, data ; timeout=0.01);\n"
   "        if (kind == 1) { shutdown (a, SHUT_WR); list_append (__fz_keep, a); }\n"
   "        a = NULL;\n"
   "     }\n"
   "   return stream_new (b ;; q);\n"
   "}\n"
   "define __fz_nonempty (d)\n"
   "{\n"
   "   if (((typeof (d) == String_Type) && (strbytelen (d) == 0))\n"
   "       || ((typeof (d) == BString_Type) && (bstrlen (d) == 0)))\n"
   "     return \"x\";\n"
   "   return d;\n"
   "}\n"
   "define __fz_secs (x)\n"
   "{\n"
   "   if (((typeof (x) == Double_Type) || (typeof (x) == Float_Type)) && (x > 0) && (x < 1e-6))\n"
   "     return 1e-6;\n"
   "   return x;\n"
   "}\n"
   "define __fz_arg0 (n) { variable a = __pop_list (n); return (length (a) ? a[0] : NULL); }\n"
   "define __fz_cb0 () { _pop_n (_NARGS); }\n"
   "define __fz_cb1 () { _pop_n (_NARGS); throw RunTimeError, \"__fz_cb1 throws\"; }\n"
   "define __fz_cb2 () { variable l; _pop_n (_NARGS); foreach l (__fz_loops ()) eventloop_stop (l); }\n"
   "define __fz_cb3 () { variable l; _pop_n (_NARGS); foreach l (__fz_loops ()) () = eventloop_after (l, 0.0, &__fz_cb0); }\n"
   "define __fz_cb4 ()\n"
   "{\n"
   "   variable l, i; _pop_n (_NARGS);\n"
   "   foreach l (__fz_loops ()) for (i = 1; i <= 8; i++) try { eventloop_unwatch (l, i); } catch AnyError;\n"
   "}\n"
   "define __fz_cb5 ()\n"
   "{\n"
   "   variable l, i; _pop_n (_NARGS);\n"
   "   foreach l (__fz_loops ()) for (i = 1; i <= 8; i++) try { eventloop_cancel (l, i); } catch AnyError;\n"
   "}\n"
   "define __fz_cb6 ()\n"
   "{\n"
   "   variable x = __fz_arg0 (_NARGS);\n"
   "   try\n"
   "     {\n"
   "        if (typeof (x) == FD_Type) () = recv (x, 4096 ; timeout=0);\n"
   "        else if (typeof (x) == Stream_Type) () = stream_read_some (x, 4096 ; timeout=0);\n"
   "     }\n"
   "   catch AnyError;\n"
   "}\n"
   "define __fz_cb7 ()\n"
   "{\n"
   "   variable x = __fz_arg0 (_NARGS);\n"
   "   try\n"
   "     {\n"
   "        if (typeof (x) == FD_Type) () = close (x);\n"
   "        else if (typeof (x) == Stream_Type) stream_close (x ; timeout=0);\n"
   "     }\n"
   "   catch AnyError;\n"
   "}\n"
   "define __fz_cb8 () { variable l; _pop_n (_NARGS); foreach l (__fz_loops ()) try { eventloop_run (l ; timeout=0); } catch AnyError; }\n"
   "define __fz_cb9 ();\n"
   "define __fz_cb9 () { _pop_n (_NARGS); if (typeof (lp0) == EventLoop_Type) () = eventloop_after (lp0, 0.0, &__fz_cb9); }\n"
   "define __fz_cb10 ()\n"
   "{\n"
   "   variable l; _pop_n (_NARGS);\n"
   "   foreach l (__fz_loops ()) try { () = eventloop_watch (l, s0, POLLOUT, &__fz_cb4); } catch AnyError;\n"
   "}\n"
   "define __fz_cb11 ()\n"
   "{\n"
   "   variable x = __fz_arg0 (_NARGS);\n"
   "   try\n"
   "     {\n"
   "        if (typeof (x) == FD_Type) () = send (x, \"cb\" ; timeout=0);\n"
   "        else if (typeof (x) == Stream_Type) { () = stream_write (x, \"cb\\n\" ; timeout=0); stream_flush (x ; timeout=0); }\n"
   "     }\n"
   "   catch AnyError;\n"
   "}\n"
   "define __fz_cb12 () { _pop_n (_NARGS); return 1, \"two\"; }\n";

static const char *Reset =
   "s0 = NULL; s1 = NULL; s2 = NULL; s3 = NULL; s4 = NULL; s5 = NULL; s6 = NULL; s7 = NULL;\n"
   "s8 = NULL; s9 = NULL; s10 = NULL; s11 = NULL; s12 = NULL; s13 = NULL; s14 = NULL; s15 = NULL;\n"
   "v0 = {}; v1 = {}; v2 = {}; v3 = {}; v4 = {}; v5 = {}; v6 = {}; v7 = {};\n"
   "__fz_r0 = NULL; __fz_r1 = NULL; __fz_r2 = NULL;\n"
   "lp0 = NULL; lp1 = NULL; e0 = NULL; e1 = NULL; __fz_sink = NULL;\n"
   "t0 = NULL; t1 = NULL; t2 = NULL; t3 = NULL; p0 = NULL; p1 = NULL;\n"
   "__fz_keep = {}; __fz_line = NULL; __fz_n = 0;\n";

/* With bit 1 of the first byte: a pipe, a selector, a loop, a stream
 * on s1 and one that reaches its end after three lines. */
static const char *Ext_Setup =
   "(p0, p1) = __fz_pipe ();\n"
   "e0 = selector_new (); lp0 = eventloop_new ();\n"
   "t0 = stream_new (s1); t1 = __fz_eofstream (\"a\\nb\\r\\nc\", 0);\n";

/* Fresh non-blocking sockets of each kind; s12 is not a socket, s13 is a
 * closed one. */
static const char *Setup =
   "(s0, s1) = socketpair (AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0);\n"
   "(s2, s3) = socketpair (AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK, 0);\n"
   "(s4, s5) = socketpair (AF_UNIX, SOCK_SEQPACKET|SOCK_NONBLOCK, 0);\n"
   "s6 = socket (AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0);\n"
   "s7 = socket (AF_INET6, SOCK_STREAM|SOCK_NONBLOCK, 0);\n"
   "s8 = socket (AF_INET, SOCK_DGRAM|SOCK_NONBLOCK, 0);\n"
   "s9 = socket (AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, 0);\n"
   "s10 = socket (AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0);\n"
   "s11 = socket (AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK, 0);\n"
   "s12 = open (\"/dev/null\", O_RDWR);\n"
   "s13 = socket (AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0); () = close (s13);\n";

static void clear_error (void)
{
   int d;
   SLang_restart (1);
   SLang_set_error (0);
   if ((d = SLstack_depth ()) > 0)
     (void) SLdo_pop_n ((unsigned int) d);
}

/* Run code that must succeed and leave the stack empty. */
static void run_fixed (const char *what, const char *code)
{
   Current_Stmt = code;
   if ((-1 == SLang_load_string ((char *) code)) || SLang_get_error ())
     finding ("the harness's %s failed (error %d)", what, SLang_get_error ());
   if (SLstack_depth () != 0)
     finding ("stack depth %d after the harness's %s", SLstack_depth (), what);
}

/* The open descriptors, by number and identity. */
typedef struct
{
   int n;
   struct { int fd; dev_t dev; ino_t ino; mode_t mode; } d[1024];
}
Fd_Set;

static void snapshot_fds (Fd_Set *set)
{
   DIR *d = opendir ("/proc/self/fd");
   struct dirent *e;
   set->n = 0;
   if (d == NULL) return;
   while ((NULL != (e = readdir (d))) && (set->n < 1024))
     {
	struct stat st;
	int fd;
	if (e->d_name[0] == '.') continue;
	fd = atoi (e->d_name);
	if ((fd == dirfd (d)) || (-1 == fstat (fd, &st))) continue;
	set->d[set->n].fd = fd;
	set->d[set->n].dev = st.st_dev;
	set->d[set->n].ino = st.st_ino;
	set->d[set->n].mode = st.st_mode;
	set->n++;
     }
   (void) closedir (d);
}

static int fd_in (Fd_Set *set, int i, Fd_Set *other)
{
   int j;
   for (j = 0; j < other->n; j++)
     if ((other->d[j].fd == set->d[i].fd) && (other->d[j].dev == set->d[i].dev)
	 && (other->d[j].ino == set->d[i].ino))
       return 1;
   return 0;
}

static void describe_fd (const char *what, int fd)
{
   char path[64], target[300];
   ssize_t n;
   (void) snprintf (path, sizeof (path), "/proc/self/fd/%d", fd);
   n = readlink (path, target, sizeof (target) - 1);
   target[(n < 0) ? 0 : n] = 0;
   fprintf (stderr, "  %s fd %d -> %s\n", what, fd, target);
}

static void make_fixtures (void)
{
   int fd;
   (void) unlink ("fz_regular");
   fd = open ("fz_regular", O_WRONLY | O_CREAT | O_TRUNC, 0644);
   if ((fd == -1) || (4 != write (fd, "keep", 4)))
     {
	perror ("fuzz_socket: creating fz_regular in the working directory");
	exit (1);
     }
   (void) close (fd);
   (void) mkdir ("fz_dir", 0755);
   (void) unlink ("fz_link");
   (void) symlink ("fz_regular", "fz_link");
   (void) unlink ("fz_dangling");
   (void) symlink ("fz_nonexistent", "fz_dangling");
   (void) unlink ("fz_fifo");
   (void) mkfifo ("fz_fifo", 0644);
}

static void check_fixtures (void)
{
   struct stat st;
   char buf[8];
   int fd;
   ssize_t n;

   if ((-1 == lstat ("fz_regular", &st)) || ! S_ISREG (st.st_mode))
     finding ("the regular file fz_regular was removed or replaced (SPEC 10)");
   if ((-1 == (fd = open ("fz_regular", O_RDONLY)))
       || (4 != (n = read (fd, buf, sizeof (buf))))
       || (0 != memcmp (buf, "keep", 4)))
     finding ("the regular file fz_regular was changed (SPEC 10)");
   (void) close (fd);
   if ((-1 == lstat ("fz_dir", &st)) || ! S_ISDIR (st.st_mode))
     finding ("the directory fz_dir was removed or replaced (SPEC 10)");
   if ((-1 == lstat ("fz_link", &st)) || ! S_ISLNK (st.st_mode))
     finding ("the symlink fz_link was removed or replaced (SPEC 10)");
   if ((-1 == lstat ("fz_dangling", &st)) || ! S_ISLNK (st.st_mode))
     finding ("the dangling symlink fz_dangling was removed or replaced (SPEC 10)");
   if ((-1 == lstat ("fz_fifo", &st)) || ! S_ISFIFO (st.st_mode))
     finding ("the FIFO fz_fifo was removed or replaced (SPEC 10)");
}

/* Unix socket files in the working directory, each with the statement
 * that made it: a new file (name and inode, ctime to tell a reused inode)
 * seen after a statement is that statement's.  SPEC 10: once the input's
 * sockets are all closed, a file the module bound must be gone -- unless
 * its statement had unlink= (the harness removes those), or it was
 * replaced, which makes the file another statement's. */
#define MAX_SOCK_FILES 64
typedef struct
{
   char name[256];
   dev_t dev;
   ino_t ino;
   struct timespec ctim;
   int keep;			       /* bound with unlink= */
}
Sock_File;
static Sock_File Sock_Files[MAX_SOCK_FILES];
static int N_Sock_Files;

static Sock_File *sock_file (const char *name)
{
   int i;
   for (i = 0; i < N_Sock_Files; i++)
     if (0 == strcmp (Sock_Files[i].name, name)) return Sock_Files + i;
   if ((N_Sock_Files == MAX_SOCK_FILES) || (strlen (name) >= sizeof (Sock_Files[0].name)))
     return NULL;
   memset (Sock_Files + N_Sock_Files, 0, sizeof (Sock_File));
   strcpy (Sock_Files[N_Sock_Files].name, name);
   return Sock_Files + N_Sock_Files++;
}

static int same_file (Sock_File *f, struct stat *st)
{
   return (f->dev == st->st_dev) && (f->ino == st->st_ino)
     && (f->ctim.tv_sec == st->st_ctim.tv_sec) && (f->ctim.tv_nsec == st->st_ctim.tv_nsec);
}

static int is_notify_file (const char *name, struct stat *st);

/* After a statement (keep: it had unlink=), or at the end (at_end). */
static void scan_socket_files (int keep, int at_end)
{
   DIR *d = opendir (".");
   struct dirent *e;
   struct stat st;
   Sock_File *f;

   if (d == NULL) return;
   while (NULL != (e = readdir (d)))
     {
	if ((-1 == lstat (e->d_name, &st)) || ! S_ISSOCK (st.st_mode))
	  continue;
	if (is_notify_file (e->d_name, &st))
	  continue;		       /* the harness's */
	f = sock_file (e->d_name);
	if (at_end)
	  {
	     (void) unlink (e->d_name);
	     if ((f == NULL) || ! same_file (f, &st) || ! f->keep)
	       finding ("socket file '%s' left after every socket was closed (SPEC 10)", e->d_name);
	     continue;
	  }
	if ((f != NULL) && ! same_file (f, &st))
	  {
	     f->dev = st.st_dev;
	     f->ino = st.st_ino;
	     f->ctim = st.st_ctim;
	     f->keep = keep;
	  }
     }
   (void) closedir (d);
}

static Fd_Set Fds_Before, Fds_After;

/* Every descriptor the input opened is closed again, and it closed none
 * that it did not open (pipes excepted: create_connection's resolver
 * thread may close its pipe later). */
static void check_fds (void)
{
   int i, tries, gained = 0, lost = 0;

   for (tries = 0; tries < 200; tries++)
     {
	snapshot_fds (&Fds_After);
	for (gained = 0, i = 0; i < Fds_After.n; i++)
	  if (! fd_in (&Fds_After, i, &Fds_Before)) gained++;
	if (gained == 0) break;
	/* the resolver thread may still be closing its pipe */
	  {
	     struct timespec ts = {0, 1000000};
	     (void) nanosleep (&ts, NULL);
	  }
     }
   for (i = 0; i < Fds_Before.n; i++)
     if (! fd_in (&Fds_Before, i, &Fds_After) && ! S_ISFIFO (Fds_Before.d[i].mode))
       {
	  lost++;
	  fprintf (stderr, "  closed fd %d, which was open before the input\n", Fds_Before.d[i].fd);
       }
   if (gained)
     for (i = 0; i < Fds_After.n; i++)
       if (! fd_in (&Fds_After, i, &Fds_Before)) describe_fd ("leaked", Fds_After.d[i].fd);
   if (gained)
     finding ("descriptor leak: %d descriptor(s) left open by the input", gained);
   if (lost)
     finding ("%d descriptor(s) closed that the input did not open", lost);
}

/* The sd_notify receiver: a datagram socket bound at "fz_notify" in the
 * working directory (the scratch directory), drained after every
 * statement so that a blocking sd_notify never finds it full.  It lives
 * across inputs; the socket-file check leaves it alone. */
#define NOTIFY_PATH "fz_notify"
static int Notify_Fd = -1;
static struct stat Notify_St;

static int is_notify_file (const char *name, struct stat *st)
{
   return (Notify_Fd != -1) && (0 == strcmp (name, NOTIFY_PATH))
     && (st->st_dev == Notify_St.st_dev) && (st->st_ino == Notify_St.st_ino);
}

static void ensure_notify_receiver (void)
{
   struct sockaddr_un a;
   struct stat st;

   if ((Notify_Fd != -1) && (0 == lstat (NOTIFY_PATH, &st)) && is_notify_file (NOTIFY_PATH, &st))
     return;
   if (Notify_Fd != -1) (void) close (Notify_Fd);
   Notify_Fd = -1;
   (void) unlink (NOTIFY_PATH);
   memset (&a, 0, sizeof (a));
   a.sun_family = AF_UNIX;
   strcpy (a.sun_path, NOTIFY_PATH);
   if ((-1 == (Notify_Fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)))
       || (-1 == bind (Notify_Fd, (struct sockaddr *) &a, sizeof (a)))
       || (-1 == lstat (NOTIFY_PATH, &Notify_St)))
     {
	perror ("fuzz_socket: binding the sd_notify receiver " NOTIFY_PATH);
	exit (1);
     }
}

static void drain_notify (void)
{
   char buf[256];
   if (Notify_Fd != -1)
     while (recv (Notify_Fd, buf, sizeof (buf), MSG_DONTWAIT | MSG_TRUNC) >= 0)
       ;
}

/* __fz_env (k): the sd_* environment, one of a fixed set (every
 * NOTIFY_SOCKET a path in the working directory) */
static void fz_env (int *kp)
{
   char pid[32], lng[160];
   unsigned int k = (unsigned int) *kp % 16;

   (void) snprintf (pid, sizeof (pid), "%ld", (long) getpid ());
   memset (lng, 'p', sizeof (lng));
   lng[0] = 'f'; lng[1] = 'z';
   lng[(k == 6) ? 108 : 150] = 0;
   (void) unsetenv ("NOTIFY_SOCKET");
   (void) unsetenv ("LISTEN_PID");
   (void) unsetenv ("LISTEN_FDS");
   (void) unsetenv ("LISTEN_FDNAMES");
   switch (k)
     {
      case 0: break;
      case 1: case 2: (void) setenv ("NOTIFY_SOCKET", NOTIFY_PATH, 1); break;
      case 3: (void) setenv ("NOTIFY_SOCKET", "fz_notify_none", 1); break;
      case 4: (void) setenv ("NOTIFY_SOCKET", "fz_regular", 1); break;
      case 5: (void) setenv ("NOTIFY_SOCKET", "", 1); break;
      case 6: case 7: (void) setenv ("NOTIFY_SOCKET", lng, 1); break;
      case 8: (void) setenv ("NOTIFY_SOCKET", "fz_dir", 1); break;
      case 9: (void) setenv ("NOTIFY_SOCKET", "fz_fifo", 1); break;
      /* never descriptors to adopt: fds 3.. are the harness's */
      case 10:
	(void) setenv ("LISTEN_PID", pid, 1); (void) setenv ("LISTEN_FDS", "0", 1);
	(void) setenv ("LISTEN_FDNAMES", "a:b", 1);
	break;
      case 11:
	(void) setenv ("LISTEN_PID", "1", 1); (void) setenv ("LISTEN_FDS", "2", 1);
	break;
      case 12:		       /* fails at the first closed descriptor */
	(void) setenv ("LISTEN_PID", pid, 1); (void) setenv ("LISTEN_FDS", "1000", 1);
	(void) setenv ("LISTEN_FDNAMES", "x::y", 1);
	break;
      case 13:
	(void) setenv ("LISTEN_PID", pid, 1); (void) setenv ("LISTEN_FDS", "x", 1);
	break;
      case 14:
	(void) setenv ("LISTEN_PID", "", 1); (void) setenv ("LISTEN_FDS", "1", 1);
	break;
      default:
	(void) setenv ("LISTEN_PID", pid, 1); (void) setenv ("LISTEN_FDS", "2147483647", 1);
	(void) setenv ("NOTIFY_SOCKET", NOTIFY_PATH, 1);
	break;
     }
}

/* __fz_pipe (): (read end, write end) as FD_Types */
static void fz_pipe (void)
{
   int p[2];
   SLFile_FD_Type *f0, *f1;
   if (-1 == pipe2 (p, O_CLOEXEC))
     {
	SLang_verror (SL_OS_Error, "__fz_pipe: %s", strerror (errno));
	return;
     }
   f0 = SLfile_create_fd ("pipe-r", p[0]);
   f1 = SLfile_create_fd ("pipe-w", p[1]);
   if ((f0 == NULL) || (f1 == NULL))
     {
	if (f0 != NULL) SLfile_free_fd (f0); else (void) close (p[0]);
	if (f1 != NULL) SLfile_free_fd (f1); else (void) close (p[1]);
	return;
     }
   (void) SLfile_push_fd (f0);
   (void) SLfile_push_fd (f1);
   SLfile_free_fd (f0);
   SLfile_free_fd (f1);
}

/* A raw setsockopt can set SO_LINGER with a linger time: then a close
 * could block.  After every setsockopt statement the input's sockets
 * that linger get l_linger = 0 (the harness's rule, not the module's). */
static void unlinger (Fd_Set *before)
{
   int fd;
   for (fd = 0; fd < 1024; fd++)
     {
	struct stat st;
	struct linger l;
	socklen_t len = sizeof (l);
	int i, old = 0;
	if ((-1 == fstat (fd, &st)) || ! S_ISSOCK (st.st_mode))
	  continue;
	for (i = 0; i < before->n; i++)
	  if ((before->d[i].fd == fd) && (before->d[i].ino == st.st_ino)) old = 1;
	if (old) continue;
	if ((0 == getsockopt (fd, SOL_SOCKET, SO_LINGER, &l, &len)) && l.l_onoff && l.l_linger)
	  {
	     l.l_linger = 0;
	     (void) setsockopt (fd, SOL_SOCKET, SO_LINGER, &l, sizeof (l));
	  }
     }
}

/* __fz_foreign (s): a copy of s's descriptor in a plain FD_Type, which
 * the module did not make (NULL on failure). */
static void fz_foreign (void)
{
   SLFile_FD_Type *f, *g = NULL;
   int fd, nfd;

   if (-1 == SLfile_pop_fd (&f))
     return;
   if ((0 == SLfile_get_fd (f, &fd)) && (-1 != (nfd = fcntl (fd, F_DUPFD_CLOEXEC, 0))))
     {
	if (NULL == (g = SLfile_create_fd ("foreign", nfd)))
	  (void) close (nfd);
     }
   SLfile_free_fd (f);
   if (g == NULL)
     {
	(void) SLang_push_null ();
	return;
     }
   (void) SLfile_push_fd (g);
   SLfile_free_fd (g);
}

int LLVMFuzzerInitialize (int *argc, char ***argv)
{
   (void) argc; (void) argv;
   Debug = (getenv ("FUZZ_DEBUG") != NULL);
   enter_netns ();
   (void) signal (SIGPIPE, sigpipe_handler);
   make_fixtures ();

   if ((-1 == SLang_init_all ())
       || (-1 == init_socket_module_ns (NULL))
       || (-1 == SLadd_intrinsic_function ("__fz_foreign", (FVOID_STAR) fz_foreign, SLANG_VOID_TYPE, 0))
       || (-1 == SLadd_intrinsic_function ("__fz_pipe", (FVOID_STAR) fz_pipe, SLANG_VOID_TYPE, 0))
       || (-1 == SLadd_intrinsic_function ("__fz_env", (FVOID_STAR) fz_env, SLANG_VOID_TYPE, 1, SLANG_INT_TYPE)))
     {
	fprintf (stderr, "fuzz_socket: cannot initialise S-Lang and the module\n");
	exit (1);
     }
   SLang_Traceback = SL_TB_NONE;
   run_fixed ("prelude", Prelude);
   run_fixed ("prelude", Prelude_Ext);
   SLang_Error_Hook = quiet_error_hook;
   /* sd_*: never the real environment's */
     {
	int zero = 0;
	fz_env (&zero);
     }
   ensure_notify_receiver ();
   return 0;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   static Buf b, store;
   Reader r;
   int use_try, nops = 0;

   ensure_notify_receiver ();
     {
	int zero = 0;
	fz_env (&zero);
     }
   snapshot_fds (&Fds_Before);
   N_Sock_Files = 0;
   r.p = data; r.n = size; r.i = 0;
   Ext_Mode = (r.n > 0) && (data[0] & 2);
   Msg_Mode = (r.n > 0) && (data[0] & 4);
   use_try = (u8 (&r) & 1);
   reset (&b);
   reset (&store);

   run_fixed ("reset", Reset);
   run_fixed ("setup", Setup);
   if (Ext_Mode) run_fixed ("setup", Ext_Setup);

   while (more (&r) && (nops++ < MAX_OPS))
     {
	Stmt st;
	int before, after, err, n;

	reset (&b);
	memset (&st, 0, sizeof (st));
	SLerrno_set_errno (0);
	H_Errno = 0;
	if (use_try) put (&b, "try { ");
	gen_stmt (&b, &r, &st);
	if (use_try) put (&b, " } catch AnyError;");
	Current_Stmt = b.s;

	before = SLstack_depth ();
	if (Debug) fprintf (stderr, "[%d] %s\n", nops, b.s);
	(void) SLang_load_string (b.s);
	err = SLang_get_error ();
	after = SLstack_depth ();
	scan_socket_files (NULL != strstr (b.s, "unlink="), 0);
	drain_notify ();
	if (NULL != strstr (b.s, "setsockopt")) unlinger (&Fds_Before);
	n = after - before;
	if (Debug) fprintf (stderr, "    => %s, %d value(s)\n", err ? "error" : "ok", n);

	if (err)
	  {
	     int is_h = (err == SocketHError);
	     int is_sock = ! is_h && SLerr_exception_eqs (err, SocketError);
	     if (n != 0)
	       finding ("stack depth changed by %d on an error path", n);
	     if ((err == SL_StackUnderflow_Error) || (err == SL_Internal_Error)
		 || (err == SL_Unknown_Error))
	       finding ("the call raised %s", SLerr_strerror (err));
	     if (is_h && (H_Errno != HOST_NOT_FOUND) && (H_Errno != TRY_AGAIN)
		 && (H_Errno != NO_RECOVERY) && (H_Errno != NO_DATA))
	       finding ("SocketHError with h_errno = %d (SPEC 3)", H_Errno);
	     clear_error ();
	     if (is_sock && ! use_try)
	       {
		  /* SPEC 3: a SocketError sets errno */
		  int e = -1;
		  if ((0 == SLang_load_string ("errno;")) && (0 == SLang_pop_int (&e)) && (e == 0))
		    finding ("SocketError raised with errno 0 (SPEC 3)");
		  clear_error ();
	       }
	     continue;
	  }
	if (use_try)
	  {
	     /* a caught error and a success look the same here */
	     if ((n != 0) && ((n < st.lo) || (n > st.hi)))
	       finding ("%d value(s) left on the stack, expected 0 or %d..%d", n, st.lo, st.hi);
	     if (n != 0) (void) SLdo_pop_n ((unsigned int) n);
	     continue;
	  }
	if ((n < st.lo) || (n > st.hi))
	  finding ("a successful call left %d value(s), expected %d..%d", n, st.lo, st.hi);
	if ((n > 0) && ! top_type_ok (st.f, n))
	  finding ("%s returned a %s", st.name, SLclass_get_datatype_name ((SLtype) SLang_peek_at_stack ()));

	reset (&store);
	switch (st.store)
	  {
	   case ST_SOCK: put (&store, "s%u = ();", st.slot); break;
	   case ST_SOCK2: put (&store, "(s%u, s%u) = ();", st.slot, st.slot2); break;
	   case ST_LIST: put (&store, "v%u = __pop_list (%d);", st.slot, n); break;
	   case ST_STREAM: put (&store, "t%u = ();", st.slot % NSTREAM); break;
	   case ST_SEL: put (&store, "e%u = ();", st.slot % NSEL); break;
	   case ST_LOOP: put (&store, "lp%u = ();", st.slot % NLOOP); break;
	   case ST_SINK: put (&store, "__fz_sink = __pop_list (%d);", n); break;
	   default: break;
	  }
	if (store.len)
	  {
	     if (Debug) fprintf (stderr, "    %s\n", store.s);
	     Current_Stmt = store.s;
	     if ((-1 == SLang_load_string (store.s)) || SLang_get_error ())
	       finding ("storing the results failed");
	  }
	if (SLstack_depth () != before)
	  finding ("stack depth %d after storing the results", SLstack_depth ());
     }

   run_fixed ("reset", Reset);
   if (SLstack_depth () != 0)
     finding ("stack depth %d at the end of the input", SLstack_depth ());
   check_fds ();
   scan_socket_files (0, 1);
   check_fixtures ();
   Current_Stmt = "";
   return 0;
}

/*}}}*/
