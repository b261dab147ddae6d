/* socket-module.c: the socket module for S-Lang.
 *
 * A drop-in replacement for the socket module of S-Lang 2.3.3 that also
 * offers IPv6, send/recv, datagrams, name services, descriptor passing,
 * deadlines, Happy Eyeballs and poll.
 *
 * Copyright (C) 2026 the socket module authors.
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 *
 * Layout, in order: errors, arguments, socket objects, blocking helper,
 * intrinsics, tables, init (the one registration point).  Split by
 * concern: the address layer is src/addr.c, socket options src/options.c,
 * create_connection and create_server src/connect.c, socket objects and
 * unix socket paths src/unixpath.c.
 */
#include "socket-module.h"

SLANG_MODULE(socket);

#ifndef SOCKET_MODULE_VERSION_STRING
# define SOCKET_MODULE_VERSION_STRING "1.0.0"
#endif
#define SOCKET_MODULE_VERSION 10000

static SLFUTURE_CONST char *Module_Version_String = SOCKET_MODULE_VERSION_STRING;
static int Module_Version = SOCKET_MODULE_VERSION;
int H_Errno = 0;

int SocketError = -1;
int SocketHError = -1;

/*{{{ Errors */

/* Raise SocketError for a failed system call: "call: reason", errno set.
 * A descriptor that is not a socket is a TypeMismatchError (SPEC 4). */
void throw_errno (SLFUTURE_CONST char *call, int e)
{
   if (e == ERR_CLOSED_WAITING)
     {
	SLerrno_set_errno (EBADF);
	SLang_verror (SocketError, "%s: the socket was closed while the call waited (by a signal handler)", call);
	return;
     }
   SLerrno_set_errno (e);
   if (e == ENOTSOCK)
     SLang_verror (SL_TypeMismatch_Error, "%s: the descriptor is not a socket", call);
   else
     SLang_verror (SocketError, "%s: %s", call, strerror (e));
}

/* Map a getaddrinfo/getnameinfo failure to h_errno and raise SocketHError. */
void throw_gai (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int rc)
{
   const char *reason;

   switch (rc)
     {
      case EAI_NONAME:
#ifdef EAI_ADDRFAMILY
      case EAI_ADDRFAMILY:
#endif
	H_Errno = HOST_NOT_FOUND;
	break;
#ifdef EAI_NODATA
      case EAI_NODATA:
	H_Errno = NO_DATA;
	break;
#endif
      case EAI_AGAIN:
	H_Errno = TRY_AGAIN;
	break;
      default:
	H_Errno = NO_RECOVERY;
	break;
     }
   if (rc == EAI_SYSTEM)
     {
	int e = errno;
	SLerrno_set_errno (e);
	reason = strerror (e);
     }
   else reason = gai_strerror (rc);

   if (host == NULL) host = "";
   SLang_verror (SocketHError, "%s: %s: %s", call, host, reason);
}

/* Too many abandoned lookups still running (see connect.c). */
void throw_lookups_busy (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int n)
{
   H_Errno = TRY_AGAIN;
   SLerrno_set_errno (EAGAIN);
   SLang_verror (SocketHError, "%s: %s: %d earlier name lookups are still running after their deadline (is the resolver answering?)",
		 call, host, n);
}

/*}}}*/

/*{{{ Arguments
 *
 * Every intrinsic takes its arguments from the stack itself.  "left" counts
 * the arguments not yet popped; on any error the caller drops what is left,
 * so the stack is exactly as it was before the call.
 */


/* Drop unpopped arguments after an error.  Always returns -1. */
int drop_args (Call_Type *c)
{
   if (c->left > 0)
     {
	int e = SLang_get_error ();
	/* SLdo_pop_n works with an error pending */
	(void) SLdo_pop_n ((unsigned int) c->left);
	if (e && (SLang_get_error () == 0)) SLang_set_error (e);
     }
   c->left = 0;
   return -1;
}

/* Check the argument count, then reverse the arguments so that they are
 * popped first to last. */
int check_nargs (Call_Type *c, int min, int max)
{
   int n = SLang_Num_Function_Args;
   c->left = n;
   if ((n >= min) && (n <= max))
     {
	if ((n > 1) && (-1 == SLreverse_stack (n)))
	  return drop_args (c);
	return 0;
     }
   (void) SLdo_pop_n ((unsigned int) n);
   c->left = 0;
   SLang_verror (SL_NumArgs_Error, "%s: wrong number of arguments (%d); usage: %s",
		 c->name, n, c->usage);
   return -1;
}

int is_integer_type (SLtype t)
{
   switch (t)
     {
      case SLANG_CHAR_TYPE: case SLANG_UCHAR_TYPE: case SLANG_SHORT_TYPE:
      case SLANG_USHORT_TYPE: case SLANG_INT_TYPE: case SLANG_UINT_TYPE:
      case SLANG_LONG_TYPE: case SLANG_ULONG_TYPE: case SLANG_LLONG_TYPE:
      case SLANG_ULLONG_TYPE:
	return 1;
     }
   return 0;
}

int is_number_type (SLtype t)
{
   return is_integer_type (t) || (t == SLANG_DOUBLE_TYPE) || (t == SLANG_FLOAT_TYPE);
}

/* Pop an integer that must fit an int: a Long beyond it is an error, never
 * silently truncated. */
int pop_int_checked (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, int *v)
{
   long l;
   if (-1 == SLang_pop_long (&l))
     return -1;
   if ((l < INT_MIN) || (l > INT_MAX))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s %ld is out of range", call, what, l);
	return -1;
     }
   *v = (int) l;
   return 0;
}

/* An Int qualifier, range-checked like arguments (SLang_get_int_qualifier
 * would truncate a Long). */
int get_int_qualifier (SLFUTURE_CONST char *call, SLFUTURE_CONST char *name, int *v, int defval)
{
   long l;
   if (-1 == SLang_get_long_qualifier (name, &l, defval))
     return -1;
   if ((l < INT_MIN) || (l > INT_MAX))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s=%ld is out of range", call, name, l);
	return -1;
     }
   *v = (int) l;
   return 0;
}

/* Pop an integer argument; "what" names it in messages. */
int pop_int_arg (Call_Type *c, SLFUTURE_CONST char *what, int *v)
{
   SLtype t;
   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   if (! is_integer_type (t))
     {
	c->left--;
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: %s must be an integer", c->name, what);
	return -1;
     }
   c->left--;
   return pop_int_checked (c->name, what, v);
}

static int pop_double_arg (Call_Type *c, SLFUTURE_CONST char *what, double *v)
{
   SLtype t;
   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   c->left--;
   if (! is_number_type (t))
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: %s must be a number", c->name, what);
	return -1;
     }
   return SLang_pop_double (v);
}

/* String or BString data.  A String is not copied.  Free with free_data. */
int pop_data_arg (Call_Type *c, SLFUTURE_CONST char *what, Data_Type *d)
{
   SLtype t;
   SLstrlen_Type n;

   memset (d, 0, sizeof (Data_Type));
   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   c->left--;
   if (t == SLANG_STRING_TYPE)
     {
	if (-1 == SLang_pop_slstring (&d->s))
	  return -1;
	d->p = (unsigned char *) d->s;
	d->n = strlen (d->s);
	return 0;
     }
   if (t != SLANG_BSTRING_TYPE)
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: %s must be a String or BString", c->name, what);
	return -1;
     }
   if (-1 == SLang_pop_bstring (&d->b))
     return -1;
   d->p = SLbstring_get_pointer (d->b, &n);
   d->n = n;
   return 0;
}

void free_data (Data_Type *d)
{
   if (d->b != NULL) SLbstring_free (d->b);
   if (d->s != NULL) SLang_free_slstring (d->s);
   memset (d, 0, sizeof (Data_Type));
}

/*}}}*/

/*{{{ Socket objects
 *
 * Making socket FD_Types, unix path ownership and bind: src/unixpath.c.
 */

int push_new_socket (int fd)
{
   SLFile_FD_Type *f;
   int status;

   if (NULL == (f = make_socket_fd (fd)))
     return -1;
   status = SLfile_push_fd (f);
   SLfile_free_fd (f);
   return status;
}


/* Check that s->fd is a socket and learn its domain and type: two
 * system calls, so calls that do not need them (send, recv, ...) skip this
 * and let the kernel's ENOTSOCK speak. */
int sock_info (SLFUTURE_CONST char *call, Sock_Type *s)
{
   socklen_t len = sizeof (int);

   if (s->domain != -1)
     return 0;
   if (-1 == getsockopt (s->fd, SOL_SOCKET, SO_DOMAIN, &s->domain, &len))
     {
	s->domain = -1;
	throw_errno (call, errno);
	return -1;
     }
   len = sizeof (int);
   if (-1 == getsockopt (s->fd, SOL_SOCKET, SO_TYPE, &s->type, &len))
     {
	s->domain = -1;
	throw_errno (call, errno);
	return -1;
     }
   return 0;
}

/* Pop an open FD_Type; its domain and type are not looked up. */
int pop_sock_fd (Call_Type *c, Sock_Type *s)
{
   int fd;

   s->f = NULL;
   s->domain = s->type = -1;
   if (c->left <= 0)
     return -1;
   c->left--;
   if (SLang_peek_at_stack () != SLANG_FILE_FD_TYPE)
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: expected a socket (FD_Type)", c->name);
	return -1;
     }
   if (-1 == SLfile_pop_fd (&s->f))
     return -1;
   if (0 == SLfile_get_fd (s->f, &fd))
     {
	s->fd = fd;
	return 0;
     }
   throw_errno (c->name, EBADF);
   SLfile_free_fd (s->f);
   s->f = NULL;
   return -1;
}

/* Pop a socket and learn its domain and type. */
int pop_sock (Call_Type *c, Sock_Type *s)
{
   if (-1 == pop_sock_fd (c, s))
     return -1;
   if (0 == sock_info (c->name, s))
     return 0;
   free_sock (s);
   return -1;
}

void free_sock (Sock_Type *s)
{
   if (s->f != NULL) SLfile_free_fd (s->f);
   s->f = NULL;
}

/*}}}*/


/*{{{ Blocking helper
 *
 * Timeouts are deadlines on the monotonic clock; a negative deadline means
 * none.  EINTR runs the interpreter's signal handlers: if one threw, the
 * call gives up, otherwise it goes on (with the remaining time).
 */

double now_seconds (void)
{
   struct timespec ts;
   (void) clock_gettime (CLOCK_MONOTONIC, &ts);
   return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* The socket a blocking call is waiting on.  A S-Lang signal handler run
 * from handle_eintr may close it (and even get the same descriptor number
 * back from a new socket or file): the call must then stop with EBADF
 * rather than go on with a number that now means something else.  Calls
 * nest (a handler may itself block on a socket), hence the chain; a wait
 * that is not on one socket (poll, create_connection, a name lookup)
 * pushes a guard with f NULL, so that it is not stopped on behalf of an
 * outer call. */
static Guard_Type *Guard = NULL;

void push_guard (Guard_Type *g, SLFUTURE_CONST char *call, SLFile_FD_Type *f, int fd)
{
   g->call = call;
   g->f = f;
   g->fd = fd;
   g->broken = 0;
   g->prev = Guard;
   Guard = g;
}

void pop_guard (Guard_Type *g)
{
   Guard = g->prev;
}

/* Is the guarded socket (if any) still open under the same number? */
static int guard_intact (void)
{
   int fd;
   return (Guard == NULL) || (Guard->f == NULL)
     || ((0 == SLfile_get_fd (Guard->f, &fd)) && (fd == Guard->fd));
}

/* 0: go on; -1: give up, because a signal handler raised an error, or
 * because it closed the guarded socket (then nothing is raised, and the
 * guard is marked broken: its owner reports ERR_CLOSED_WAITING). */
int handle_eintr (void)
{
   if ((-1 == SLang_handle_interrupt ()) || (SLang_get_error () != 0))
     return -1;
   if (! guard_intact ())
     {
	Guard->broken = 1;
	return -1;
     }
   return 0;
}

/* Reads the ;timeout= qualifier.  Returns 0 with *deadline < 0 when there
 * is none (or it is negative: wait forever). */
int get_deadline (SLFUTURE_CONST char *call, double *deadline)
{
   double t;

   *deadline = -1.0;
   if (0 == SLang_qualifier_exists ("timeout"))
     return 0;
   if (-1 == SLang_get_double_qualifier ("timeout", &t, -1.0))
     return -1;
   if (isnan (t))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: timeout must be a number of seconds", call);
	return -1;
     }
   if (t >= 0)
     *deadline = now_seconds () + t;
   return 0;
}

int deadline_ms (double deadline)
{
   double rem;
   if (deadline < 0) return -1;
   rem = deadline - now_seconds ();
   if (rem <= 0) return 0;
   if (rem > 2e6) return 2000000000;
   return (int) ceil (rem * 1000.0);
}

/* Wait for events on fd until deadline.  1: ready, 0: timed out (nothing
 * raised), -1: error raised. */
int wait_fd (SLFUTURE_CONST char *call, int fd, short events, double deadline)
{
   while (1)
     {
	struct pollfd p;
	int ms = deadline_ms (deadline);
	int r;

	p.fd = fd; p.events = events; p.revents = 0;
	r = poll (&p, 1, ms);
	if (r > 0) return 1;
	if (r == 0)
	  {
	     if ((ms == 0) || (now_seconds () >= deadline)) return 0;
	     continue;
	  }
	if (errno == EINTR)
	  {
	     if (-1 == handle_eintr ()) return -1;
	     continue;
	  }
	throw_errno (call, errno);
	return -1;
     }
}

/* One I/O operation (send/recv-like): op returns what the system call
 * returns and leaves errno.  With a deadline the call never blocks in the
 * kernel: it uses MSG_DONTWAIT and polls after EAGAIN.  Returns op's result, or
 * -1 with *err the errno value to report (0 if an error was raised). */
typedef ssize_t (*Sock_Op_Type) (int fd, void *cd, int dontwait);

/* Sleep 1, 2, 4 .. 32 ms (the n-th time), never past the deadline.
 * 1: slept; 0: the deadline has passed; -1: a signal handler raised. */
static int backoff_nap (double deadline, unsigned int n)
{
   double rem = deadline - now_seconds ();
   double nap = 0.001 * (double) (1u << ((n < 6) ? n - 1 : 5));
   struct timespec ts;

   if (rem <= 0)
     return 0;
   if (nap > rem) nap = rem;
   ts.tv_sec = (time_t) nap;
   ts.tv_nsec = (long) ((nap - (double) ts.tv_sec) * 1e9);
   if ((-1 == nanosleep (&ts, NULL)) && (errno == EINTR) && (-1 == handle_eintr ()))
     return -1;
   return 1;
}

static ssize_t sock_call_loop (SLFUTURE_CONST char *call, int fd, short events, double deadline,
			       Sock_Op_Type op, void *cd, int *err)
{
   unsigned int spurious = 0;
   int polled = 0;

   /* With a deadline: try first (ready data costs no poll, and a bad
    * descriptor is reported at once), then poll and try again. */
   *err = 0;
   while (1)
     {
	ssize_t n;
	int e;

	n = (*op) (fd, cd, deadline >= 0);
	if (n >= 0) return n;
	e = errno;
	if (e == EINTR)
	  {
	     if (-1 == handle_eintr ()) return -1;
	     continue;
	  }
	if ((deadline >= 0) && ((e == EAGAIN) || (e == EWOULDBLOCK)))
	  {
	     int r;
	     if (polled)
	       {
		  /* poll said ready but the call would block (a full unix
		   * datagram receiver does that): back off, do not spin */
		  if (++spurious > 1)
		    {
		       r = backoff_nap (deadline, spurious - 1);
		       if (r == -1) return -1;
		       if (r == 0)
			 {
			    *err = ETIMEDOUT;
			    return -1;
			 }
		    }
	       }
	     r = wait_fd (call, fd, events, deadline);
	     if (r == -1) return -1;
	     if (r == 0)
	       {
		  *err = ETIMEDOUT;
		  return -1;
	       }
	     polled = 1;
	     continue;
	  }
	*err = e;
	return -1;
     }
}

static ssize_t sock_call_e (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
			    Sock_Op_Type op, void *cd, int *err)
{
   Guard_Type g;
   ssize_t n;

   push_guard (&g, call, s->f, s->fd);
   if (guard_intact ())
     {
	n = sock_call_loop (call, s->fd, events, deadline, op, cd, err);
	if (g.broken) *err = ERR_CLOSED_WAITING;
     }
   else
     {
	/* closed while a host name was being resolved */
	*err = ERR_CLOSED_WAITING;
	n = -1;
     }
   pop_guard (&g);
   return n;
}

static ssize_t sock_call (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
			  Sock_Op_Type op, void *cd)
{
   int e;
   ssize_t n = sock_call_e (call, s, events, deadline, op, cd, &e);
   if ((n == -1) && e)
     throw_errno (call, e);
   return n;
}

int set_nonblock (int fd, int on, int *old_flags)
{
   int flags = fcntl (fd, F_GETFL);
   if (flags == -1) return -1;
   if (old_flags != NULL) *old_flags = flags;
   if (on) flags |= O_NONBLOCK; else flags &= ~O_NONBLOCK;
   return fcntl (fd, F_SETFL, flags);
}

/* A connect that completed in the background leaves Linux's socket in
 * its connecting state, where the next connect() to ANY address
 * "succeeds".  Once SO_ERROR says it is connected, one more connect() to
 * the same address (0 or EISCONN) settles it, so later misuse is EISCONN. */
void finish_connect (int fd, struct sockaddr *sa, socklen_t len)
{
   while ((-1 == connect (fd, sa, len)) && (errno == EINTR))
     ;
}

/* Connect fd to one address.  Returns 0 on success, an errno value on
 * failure (nothing raised), or -1 if an error was raised (signal). */
static int connect_one (int fd, Addr_Type *a, double deadline)
{
   int old_flags = -1, e = 0, r, wait_for_it = 0;
   unsigned int tries = 0;

   if ((deadline >= 0) && (-1 == set_nonblock (fd, 1, &old_flags)))
     return errno;

   while (-1 == (r = connect (fd, (struct sockaddr *) &a->ss, a->len)))
     {
	int w;
	/* a unix listener with a full backlog says EAGAIN: there is no
	 * handshake to wait for, so try again until the deadline */
	if ((errno != EAGAIN) || (deadline < 0) || (a->ss.ss_family != AF_UNIX))
	  break;
	w = backoff_nap (deadline, ++tries);
	if (w == 1) continue;
	e = (w == 0) ? ETIMEDOUT : -1;
	goto done;
     }
   if (r == -1)
     {
	e = errno;
	if (e == EINTR)
	  {
	     /* the connection goes on in the background: wait for it,
	      * never call connect again */
	     if (-1 == handle_eintr ())
	       {
		  e = -1;
		  goto done;
	       }
	     wait_for_it = 1;
	  }
	else if ((e == EINPROGRESS) && (deadline >= 0))
	  wait_for_it = 1;
     }

   if (wait_for_it)
     {
	int w = wait_fd ("connect", fd, POLLOUT, deadline);
	if (w == -1)
	  e = -1;
	else if (w == 0)
	  e = ETIMEDOUT;
	else
	  {
	     socklen_t len = sizeof (e);
	     if (-1 == getsockopt (fd, SOL_SOCKET, SO_ERROR, &e, &len))
	       e = errno;
	     else if (e == 0)
	       finish_connect (fd, (struct sockaddr *) &a->ss, a->len);
	  }
     }

done:
   /* not if a signal handler closed the socket: fd may be another file */
   if ((old_flags != -1) && guard_intact ())
     (void) fcntl (fd, F_SETFL, old_flags);
   return e;
}

/* Try every address in order; raise the last error. */
static int connect_list (SLFUTURE_CONST char *call, Sock_Type *s, Addr_List_Type *al, double deadline)
{
   Guard_Type g;
   unsigned int i;
   int e = EADDRNOTAVAIL;	       /* if the list were empty */

   push_guard (&g, call, s->f, s->fd);
   if (! guard_intact ())
     e = ERR_CLOSED_WAITING;	       /* closed while the host was resolved */
   else for (i = 0; i < al->n; i++)
     {
	e = connect_one (s->fd, al->addrs + i, deadline);
	if (e == 0) break;
	if (e == -1)
	  {
	     if (g.broken) e = ERR_CLOSED_WAITING;
	     break;
	  }
	if ((e == ETIMEDOUT) || (e == EINPROGRESS) || (e == EALREADY) || (e == EISCONN)
	    || (e == EBADF) || (e == ENOTSOCK))
	  break;
     }
   pop_guard (&g);
   if (e == 0) return 0;
   if (e != -1) throw_errno (call, e);
   return -1;
}

/*}}}*/


/*{{{ Intrinsics: creating, naming, connecting */


/* Pop (domain, type, protocol). */
static int pop_socket_args (Call_Type *c, int *domain, int *type, int *protocol)
{
   if ((-1 == pop_int_arg (c, "domain", domain))
       || (-1 == pop_int_arg (c, "type", type))
       || (-1 == pop_int_arg (c, "protocol", protocol)))
     return drop_args (c);
   return check_domain (c->name, *domain);
}

static void socket_intrin (void)
{
   CALL(c, "socket", "FD_Type socket (domain, type, protocol)");
   int domain, type, protocol, fd;

   if ((-1 == check_nargs (&c, 3, 3))
       || (-1 == pop_socket_args (&c, &domain, &type, &protocol)))
     return;
   if (-1 == (fd = socket (domain, type | SOCK_CLOEXEC, protocol)))
     {
	throw_errno (c.name, errno);
	return;
     }
   (void) push_new_socket (fd);
}

static void socketpair_intrin (void)
{
   CALL(c, "socketpair", "(FD_Type, FD_Type) socketpair (domain, type, protocol)");
   int domain, type, protocol, fds[2];
   SLFile_FD_Type *f0, *f1;

   if ((-1 == check_nargs (&c, 3, 3))
       || (-1 == pop_socket_args (&c, &domain, &type, &protocol)))
     return;
   if (-1 == socketpair (domain, type | SOCK_CLOEXEC, protocol, fds))
     {
	throw_errno (c.name, errno);
	return;
     }
   if (NULL == (f0 = make_socket_fd (fds[0])))
     {
	(void) close (fds[1]);
	return;
     }
   if (NULL == (f1 = make_socket_fd (fds[1])))
     {
	SLfile_free_fd (f0);
	return;
     }
   if (0 == SLfile_push_fd (f0))
     {
	if (-1 == SLfile_push_fd (f1))
	  (void) SLdo_pop ();
     }
   SLfile_free_fd (f0);
   SLfile_free_fd (f1);
}

/* After the socket: exactly the address-args (plus "extra" more) must
 * remain. */
static int check_addr_nargs (Call_Type *c, Sock_Type *s, int extra)
{
   if (c->left == addr_nargs (s->domain) + extra)
     return 0;
   if (-1 == check_domain (c->name, s->domain))
     return -1;
   SLang_verror (SL_NumArgs_Error, "%s: a %s socket's address is %s; usage: %s", c->name,
		 (s->domain == AF_UNIX) ? "unix" : "internet",
		 (s->domain == AF_UNIX) ? "a path" : "host, port", c->usage);
   return -1;
}

/* (s, address-args): the arguments of connect and bind.  On error
 * everything is dropped and freed. */
static int pop_sock_address (Call_Type *c, Sock_Type *s, double deadline,
			     Addr_List_Type *al, int *is_abstract)
{
   if (-1 == pop_sock (c, s))
     return drop_args (c);
   if ((0 == check_addr_nargs (c, s, 0))
       && (0 == pop_address (c, s->domain, s->type, deadline, al, is_abstract)))
     return 0;
   free_sock (s);
   return drop_args (c);
}

static void connect_intrin (void)
{
   CALL(c, "connect", "connect (FD_Type s, address-args ; timeout=secs)");
   Sock_Type s;
   Addr_List_Type al;
   double deadline;

   if (-1 == check_nargs (&c, 2, 3))
     return;
   if (-1 == get_deadline (c.name, &deadline))
     {
	drop_args (&c);
	return;
     }
   if (-1 == pop_sock_address (&c, &s, deadline, &al, NULL))
     return;
   (void) connect_list (c.name, &s, &al, deadline);
   free_addr_list (&al);
   free_sock (&s);
}

static void bind_intrin (void)
{
   CALL(c, "bind", "bind (FD_Type s, address-args ; mode=perm)");
   Sock_Type s;
   Addr_List_Type al;
   int is_abstract = 0, mode;

   if ((-1 == check_nargs (&c, 2, 3))
       || (-1 == pop_sock_address (&c, &s, -1.0, &al, &is_abstract)))
     return;
   if (0 == get_mode_qualifier (c.name, s.domain, is_abstract, &mode))
     (void) bind_address (c.name, &s, al.addrs, is_abstract, mode);
   free_addr_list (&al);
   free_sock (&s);
}

static void listen_intrin (void)
{
   CALL(c, "listen", "listen (FD_Type s, Int_Type backlog)");
   Sock_Type s;
   int backlog;

   if (-1 == check_nargs (&c, 2, 2))
     return;
   if ((-1 == pop_sock_fd (&c, &s))
       || (-1 == pop_int_arg (&c, "backlog", &backlog)))
     {
	drop_args (&c);
	free_sock (&s);
	return;
     }
   if (-1 == listen (s.fd, backlog))
     throw_errno (c.name, errno);
   free_sock (&s);
}

typedef struct
{
   struct sockaddr_storage ss;
   socklen_t len;
}
Accept_CD_Type;

/* accept has no MSG_DONTWAIT: with a deadline the listener is made
 * non-blocking only around the accept4 itself (the flag is shared with
 * other processes that hold the listener, as in a pre-fork server). */
static ssize_t accept_op (int fd, void *cd, int dontwait)
{
   Accept_CD_Type *a = (Accept_CD_Type *) cd;
   int old_flags = -1, e;
   ssize_t r;

   a->len = sizeof (a->ss);
   if (dontwait && (-1 == set_nonblock (fd, 1, &old_flags)))
     return -1;
   r = accept4 (fd, (struct sockaddr *) &a->ss, &a->len, SOCK_CLOEXEC);
   e = errno;
   if (dontwait && ! (old_flags & O_NONBLOCK))
     (void) fcntl (fd, F_SETFL, old_flags);
   errno = e;
   return r;
}

static void accept_intrin (void)
{
   CALL(c, "accept", "FD_Type accept (FD_Type s [, &host, &port | &path] ; timeout=secs)");
   Sock_Type s;
   SLang_Ref_Type *refs[2] = {NULL, NULL};
   int nrefs = 0, i;
   double deadline;
   Accept_CD_Type a;
   ssize_t fd;
   SLFile_FD_Type *f;

   if (-1 == check_nargs (&c, 1, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s)))
     {
	drop_args (&c);
	return;
     }
   if (c.left && (-1 == check_addr_nargs (&c, &s, 0)))
     goto free_return;
   while (c.left > 0)
     {
	c.left--;
	if (SLang_peek_at_stack () != SLANG_REF_TYPE)
	  {
	     (void) SLdo_pop ();
	     SLang_verror (SL_TypeMismatch_Error, "%s: expected a reference; usage: %s", c.name, c.usage);
	     goto free_return;
	  }
	if (-1 == SLang_pop_ref (&refs[nrefs]))
	  goto free_return;
	nrefs++;
     }

   fd = sock_call (c.name, &s, POLLIN, deadline, accept_op, &a);
   if (fd == -1)
     goto free_return;

   if (NULL == (f = make_socket_fd ((int) fd)))
     goto free_return;
   if (0 == assign_address (s.domain, (struct sockaddr *) &a.ss, a.len, refs, nrefs))
     (void) SLfile_push_fd (f);
   SLfile_free_fd (f);

free_return:
   drop_args (&c);
   for (i = 0; i < nrefs; i++)
     SLang_free_ref (refs[i]);
   free_sock (&s);
}

typedef int (*Getname_Fun_Type) (int, struct sockaddr *, socklen_t *);

static void getname (SLFUTURE_CONST char *name, SLFUTURE_CONST char *usage, Getname_Fun_Type fun)
{
   Call_Type c = {name, usage, 0};
   Sock_Type s;
   struct sockaddr_storage ss;
   socklen_t len = sizeof (ss);

   if (-1 == check_nargs (&c, 1, 1))
     return;
   if (-1 == pop_sock (&c, &s))
     return;
   memset (&ss, 0, sizeof (ss));
   if (-1 == (*fun) (s.fd, (struct sockaddr *) &ss, &len))
     throw_errno (c.name, errno);
   else if (-1 == check_domain (c.name, s.domain))
     ;
   else
     (void) push_address (s.domain, (struct sockaddr *) &ss, len);
   free_sock (&s);
}

static void getsockname_intrin (void)
{
   getname ("getsockname", "address-args = getsockname (FD_Type s)", getsockname);
}

static void getpeername_intrin (void)
{
   getname ("getpeername", "address-args = getpeername (FD_Type s)", getpeername);
}

/* (s, Int) calls: shutdown, setblocking */
static int pop_sock_int (Call_Type *c, Sock_Type *s, SLFUTURE_CONST char *what, int *v)
{
   if (-1 == check_nargs (c, 2, 2))
     return -1;
   if ((-1 == pop_sock (c, s))
       || (-1 == pop_int_arg (c, what, v)))
     {
	drop_args (c);
	free_sock (s);
	return -1;
     }
   return 0;
}

static void shutdown_intrin (void)
{
   CALL(c, "shutdown", "shutdown (FD_Type s, how)  % how: SHUT_RD, SHUT_WR, SHUT_RDWR");
   Sock_Type s;
   int how;

   if (-1 == pop_sock_int (&c, &s, "how", &how))
     return;
   if ((how != SHUT_RD) && (how != SHUT_WR) && (how != SHUT_RDWR))
     SLang_verror (SL_InvalidParm_Error, "%s: how must be SHUT_RD, SHUT_WR or SHUT_RDWR", c.name);
   else if (-1 == shutdown (s.fd, how))
     throw_errno (c.name, errno);
   free_sock (&s);
}

static void setblocking_intrin (void)
{
   CALL(c, "setblocking", "setblocking (FD_Type s, Int_Type flag)");
   Sock_Type s;
   int flag;

   if (-1 == pop_sock_int (&c, &s, "flag", &flag))
     return;
   if (-1 == set_nonblock (s.fd, ! flag, NULL))
     throw_errno (c.name, errno);
   free_sock (&s);
}

static void getblocking_intrin (void)
{
   CALL(c, "getblocking", "Int_Type getblocking (FD_Type s)");
   Sock_Type s;
   int flags;

   if ((-1 == check_nargs (&c, 1, 1))
       || (-1 == pop_sock (&c, &s)))
     return;
   if (-1 == (flags = fcntl (s.fd, F_GETFL)))
     throw_errno (c.name, errno);
   else
     (void) SLang_push_int ((flags & O_NONBLOCK) ? 0 : 1);
   free_sock (&s);
}

/*}}}*/


/*{{{ Intrinsics: sending and receiving */

typedef struct
{
   unsigned char *p;
   size_t n;
   int flags;
   struct sockaddr *sa;		       /* sendto/recvfrom */
   socklen_t salen;
   struct msghdr *msg;		       /* sendmsg/recvmsg */
}
Io_CD_Type;

static ssize_t send_op (int fd, void *cd, int dontwait)
{
   Io_CD_Type *io = (Io_CD_Type *) cd;
   int flags = io->flags | MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0);
   if (io->msg != NULL)
     return sendmsg (fd, io->msg, flags);
   return sendto (fd, io->p, io->n, flags, io->sa, io->salen);
}

static ssize_t recv_op (int fd, void *cd, int dontwait)
{
   Io_CD_Type *io = (Io_CD_Type *) cd;
   int flags = io->flags | (dontwait ? MSG_DONTWAIT : 0);
   if (io->msg != NULL)
     return recvmsg (fd, io->msg, flags | MSG_CMSG_CLOEXEC);
   if (io->sa != NULL)
     {
	/* a failed attempt must not leave a length for an empty address */
	socklen_t len = sizeof (struct sockaddr_storage);
	ssize_t n = recvfrom (fd, io->p, io->n, flags, io->sa, &len);
	if (n >= 0) io->salen = len;
	return n;
     }
   return recv (fd, io->p, io->n, flags);
}

/* Byte counts are Int_Type when they fit, as S-Lang's own write does. */
static int push_size (long n)
{
   if (n <= INT_MAX)
     return SLang_push_int ((int) n);
   return SLang_push_long (n);
}

static int pop_flags (Call_Type *c, int *flags)
{
   *flags = 0;
   if (c->left == 0)
     return 0;
   return pop_int_arg (c, "flags", flags);
}

/* send (s, data [, flags]) and sendto (s, data, flags, address-args) */
static void do_send (int is_sendto)
{
   CALL(c, "send", "Int_Type send (FD_Type s, data [, flags] ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   Addr_List_Type al;
   Io_CD_Type io;
   double deadline;
   ssize_t r;

   al.addrs = NULL; al.n = 0;
   s.f = NULL;
   memset (&d, 0, sizeof (d));
   memset (&io, 0, sizeof (io));
   if (is_sendto)
     {
	c.name = "sendto";
	c.usage = "Int_Type sendto (FD_Type s, data, flags, address-args ; timeout=secs)";
     }
   if (-1 == check_nargs (&c, 2, is_sendto ? 5 : 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == (is_sendto ? pop_sock (&c, &s) : pop_sock_fd (&c, &s)))
       || (-1 == pop_data_arg (&c, "data", &d)))
     goto free_return;
   if (is_sendto)
     {
	if ((-1 == check_addr_nargs (&c, &s, 1))
	    || (-1 == pop_int_arg (&c, "flags", &io.flags))
	    || (-1 == pop_address (&c, s.domain, s.type, deadline, &al, NULL)))
	  goto free_return;
	io.sa = (struct sockaddr *) &al.addrs[0].ss;
	io.salen = al.addrs[0].len;
     }
   else if (-1 == pop_flags (&c, &io.flags))
     goto free_return;

   io.p = d.p;
   io.n = d.n;
   r = sock_call (c.name, &s, POLLOUT, deadline, send_op, &io);
   if (r >= 0)
     (void) push_size ((long) r);

free_return:
   drop_args (&c);
   free_addr_list (&al);
   free_data (&d);
   free_sock (&s);
}

static void send_intrin (void) { do_send (0); }
static void sendto_intrin (void) { do_send (1); }

#define RECV_STREAM_CAP (1024 * 1024)
#define RECV_DGRAM_MIN 65536

/* Allocate a receive buffer for maxlen bytes without trusting a huge
 * maxlen: a stream read is capped (unless MSG_WAITALL asks for it all);
 * for datagrams the size of the next one is peeked. */
static int recv_buffer_size (Call_Type *c, Sock_Type *s, int maxlen, int flags, double deadline, size_t *sizep)
{
   size_t size = (size_t) maxlen;

   if (size <= RECV_STREAM_CAP)
     ;
   else if (flags & MSG_ERRQUEUE)
     size = RECV_STREAM_CAP;	       /* a peek would consume the message */
   else if (-1 == sock_info (c->name, s))
     return -1;
   else if (s->type == SOCK_STREAM)
     size = RECV_STREAM_CAP;	       /* MSG_WAITALL grows it as data comes */
   else
     {
	unsigned char byte;
	Io_CD_Type io;
	ssize_t r;

	memset (&io, 0, sizeof (io));
	io.p = &byte;
	io.n = 1;
	io.flags = (flags & ~MSG_WAITALL) | MSG_PEEK | MSG_TRUNC;
	r = sock_call (c->name, s, POLLIN, deadline, recv_op, &io);
	if (r == -1) return -1;
#ifdef SO_PEEK_OFF
	  {
	     /* with a peek offset set, the peek saw the datagram less that */
	     int off = -1;
	     socklen_t olen = sizeof (off);
	     if ((0 == getsockopt (s->fd, SOL_SOCKET, SO_PEEK_OFF, &off, &olen)) && (off > 0))
	       r += off;
	  }
#endif
	/* another reader of the socket may take that datagram before the
	 * real read: room for any UDP datagram at least, and do_recv
	 * reports a longer one rather than cut it silently */
	if ((size_t) r < RECV_DGRAM_MIN) r = RECV_DGRAM_MIN;
	if ((size_t) r < size) size = (size_t) r;
     }
   *sizep = size;
   return 0;
}

/* Raise SocketError (errno e, message msg) whose object is the BString
 * of the n bytes at buf that were received: they are not lost. */
static void throw_with_data (SLFUTURE_CONST char *call, int e, SLFUTURE_CONST char *msg,
			     unsigned char *buf, size_t n)
{
   SLang_BString_Type *got = SLbstring_create (buf, (SLstrlen_Type) n);

   if (got == NULL)
     {
	throw_errno (call, e);
	return;
     }
   SLerrno_set_errno (e);
   (void) SLerr_throw (SocketError, msg, SLANG_BSTRING_TYPE, (VOID_STAR) &got);
   SLbstring_free (got);
}

static int push_received (unsigned char *buf, size_t size, ssize_t r)
{
   SLang_BString_Type *b;
   size_t n = ((size_t) r > size) ? size : (size_t) r;   /* MSG_TRUNC */

   if ((size > 4096) && (n < size / 2))
     {
	unsigned char *p = (unsigned char *) SLrealloc ((char *) buf, n + 1);
	if (p != NULL) buf = p;
     }
   if (NULL == (b = SLbstring_create_malloced (buf, (SLstrlen_Type) n, 1)))
     return -1;
   r = SLang_push_bstring (b);
   SLbstring_free (b);
   return (int) r;
}

/* recv (s, maxlen [, flags]) and recvfrom (s, maxlen [, flags]) */
static void do_recv (int is_recvfrom)
{
   CALL(c, "recv", "BString_Type recv (FD_Type s, Int_Type maxlen [, flags] ; timeout=secs)");
   Sock_Type s;
   Io_CD_Type io;
   struct sockaddr_storage ss;
   unsigned char *buf = NULL;
   size_t size;
   double deadline;
   int maxlen, peer_gone = 0, sized_by_peek, added_trunc;
   ssize_t r;

   s.f = NULL;
   memset (&io, 0, sizeof (io));
   if (is_recvfrom)
     {
	c.name = "recvfrom";
	c.usage = "(data, address-args) = recvfrom (FD_Type s, Int_Type maxlen [, flags] ; timeout=secs)";
     }
   if (-1 == check_nargs (&c, 2, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock_fd (&c, &s))
       || (-1 == pop_int_arg (&c, "maxlen", &maxlen))
       || (-1 == pop_flags (&c, &io.flags)))
     goto free_return;
   if (maxlen < 0)
     {
	/* a junk descriptor is the first thing wrong */
	if (0 == sock_info (c.name, &s))
	  SLang_verror (SL_InvalidParm_Error, "%s: maxlen must not be negative", c.name);
	goto free_return;
     }
   if (-1 == recv_buffer_size (&c, &s, maxlen, io.flags, deadline, &size))
     goto free_return;
   if (NULL == (buf = (unsigned char *) SLmalloc (size + 1)))
     goto free_return;
   io.p = buf;
   io.n = size;
   if (is_recvfrom)
     {
	memset (&ss, 0, sizeof (ss));
	io.sa = (struct sockaddr *) &ss;
     }
   if (io.flags & MSG_TRUNC)
     memset (buf, 0, size);	       /* TCP discards the data: no garbage */
   /* a datagram buffer sized by a peek: ask for the real length too */
   sized_by_peek = (size < (size_t) maxlen) && (s.type != SOCK_STREAM) && ! (io.flags & MSG_ERRQUEUE);
   added_trunc = sized_by_peek && ! (io.flags & MSG_TRUNC);
   if (added_trunc) io.flags |= MSG_TRUNC;
   r = sock_call (c.name, &s, POLLIN, deadline, recv_op, &io);
   if (added_trunc) io.flags &= ~MSG_TRUNC;
   if (r == -1)
     goto free_return;
   if (sized_by_peek && ((size_t) r > size))
     {
	/* not the datagram that was peeked: never cut one silently */
	char msg[256];
	(void) SLsnprintf (msg, sizeof (msg),
			   "%s: a datagram of %ld bytes was cut to %lu (another reader took the one whose size was looked at); the exception's object is what was read",
			   c.name, (long) r, (unsigned long) size);
	throw_with_data (c.name, EMSGSIZE, msg, buf, size);
	goto free_return;
     }
   if (is_recvfrom && (io.salen < (socklen_t) sizeof (sa_family_t))
       && (-1 == sock_info (c.name, &s)))
     goto free_return;
   if (is_recvfrom && (io.salen < (socklen_t) sizeof (sa_family_t)) && (s.domain != AF_UNIX))
     {
	/* a connected stream socket does not report the sender: ask now,
	 * while the descriptor is surely still this socket.  If the
	 * connection is already gone the data is returned all the same,
	 * with NULL for the address. */
	io.salen = sizeof (ss);
	if (-1 == getpeername (s.fd, io.sa, &io.salen))
	  peer_gone = 1;
     }
   io.sa = NULL;		       /* the rest of a MSG_WAITALL read */
   if ((io.flags & MSG_WAITALL) && ! (io.flags & (MSG_PEEK | MSG_OOB | MSG_TRUNC))
       && (r > 0) && ((size_t) r < (size_t) maxlen)
       && ((deadline >= 0) || ((size_t) r == size))
       && (0 == sock_info (c.name, &s)) && (s.type == SOCK_STREAM))
     {
	/* MSG_WAITALL is finished here when the kernel could not do it all:
	 * with a deadline (the kernel is never left waiting), or when the
	 * buffer was capped (it grows as data comes, never maxlen up
	 * front).  Until maxlen, end of stream, or the deadline.  With a
	 * deadline, signals are handled as by every call (SPEC 9: the
	 * handlers run; one that throws ends the call, and what did arrive
	 * is lost with it, as in Python; otherwise the wait goes on).  A
	 * blocking read that the kernel cut short or interrupted (a signal,
	 * a message carrying descriptors, SO_RCVTIMEO) ends it as it ends
	 * recv(2), the handlers running once the call has returned.
	 * What did arrive is also returned on a non-blocking socket, and
	 * when a signal handler closed the socket. */
	while ((size_t) r < (size_t) maxlen)
	  {
	     int e;
	     ssize_t r1;
	     if ((size_t) r == size)
	       {
		  size_t nsize = ((size_t) maxlen - size > size) ? 2 * size : (size_t) maxlen;
		  unsigned char *nbuf = (unsigned char *) SLrealloc ((char *) buf, (SLstrlen_Type) (nsize + 1));
		  if (nbuf == NULL)
		    {
		       /* return what arrived rather than lose it */
		       (void) SLang_set_error (0);
		       break;
		    }
		  buf = nbuf;
		  size = nsize;
	       }
	     io.p = buf + r;
	     io.n = size - (size_t) r;
	     if (deadline < 0)
	       {
		  /* blocking, as one recv(2): a signal ends the read with
		   * what arrived, and its handler runs after the call */
		  r1 = recv_op (s.fd, &io, 0);
		  e = (r1 == -1) ? errno : 0;
		  if ((r1 == -1) && (e == EINTR)) break;
	       }
	     else r1 = sock_call_e (c.name, &s, POLLIN, deadline, recv_op, &io, &e);
	     if (r1 == 0) break;
	     if (r1 > 0)
	       {
		  r += r1;
		  if (((size_t) r1 < io.n) && (deadline < 0))
		    break;
		  continue;
	       }
	     if ((e == ETIMEDOUT) || (e == EAGAIN) || (e == EWOULDBLOCK) || (e == ERR_CLOSED_WAITING))
	       break;
	     if (e)
	       {
		  /* another error (a reset): the exception's object holds
		   * what did arrive before it */
		  char msg[256];
		  (void) SLsnprintf (msg, sizeof (msg), "%s: %s (after %ld bytes, which are the exception's object)",
				     c.name, strerror (e), (long) r);
		  throw_with_data (c.name, e, msg, buf, (size_t) r);
	       }
	     break;
	  }
     }
   if (SLang_get_error ())
     goto free_return;
   if (-1 == push_received (buf, size, r))
     {
	buf = NULL;
	goto free_return;
     }
   buf = NULL;
   if (is_recvfrom)
     {
	int depth = SLstack_depth ();
	if (peer_gone)		       /* (host, port) of a vanished peer */
	  {
	     if (0 == SLang_push_null ())
	       (void) SLang_push_null ();
	  }
	else (void) push_address (s.domain, (struct sockaddr *) &ss, io.salen);
	if (SLang_get_error ())	       /* drop the data and any part pushed */
	  (void) SLdo_pop_n ((unsigned int) (SLstack_depth () - depth + 1));
     }

free_return:
   drop_args (&c);
   SLfree ((char *) buf);
   free_sock (&s);
}

static void recv_intrin (void) { do_recv (0); }
static void recvfrom_intrin (void) { do_recv (1); }

static void sendall_intrin (void)
{
   CALL(c, "sendall", "Int_Type sendall (FD_Type s, data ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   Io_CD_Type io;
   size_t n;
   double deadline;
   Guard_Type g;
   long sent = 0;

   s.f = NULL;
   memset (&d, 0, sizeof (d));
   memset (&io, 0, sizeof (io));
   if (-1 == check_nargs (&c, 2, 2))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock_fd (&c, &s))
       || (-1 == pop_data_arg (&c, "data", &d)))
     goto free_return;

   io.p = d.p;
   n = d.n;
   push_guard (&g, c.name, s.f, s.fd);
   while ((size_t) sent < n)
     {
	int e;
	ssize_t r;

	io.n = n - (size_t) sent;
	r = sock_call_e (c.name, &s, POLLOUT, deadline, send_op, &io, &e);
	if ((r >= 0) && ((size_t) r < io.n))
	  {
	     /* a blocking send cut short by a signal returns what went out,
	      * not EINTR: run the S-Lang handlers before sending on */
	     if (-1 == handle_eintr ())
	       {
		  e = g.broken ? ERR_CLOSED_WAITING : 0;
		  sent += (long) r;
		  r = -1;
	       }
	  }
	if (r == -1)
	  {
	     if (e == ENOTSOCK)
	       throw_errno (c.name, e);
	     else if (e)
	       {
		  /* the exception's object is what did go out */
		  char msg[256];
		  SLerrno_set_errno ((e == ERR_CLOSED_WAITING) ? EBADF : e);
		  (void) SLsnprintf (msg, sizeof (msg), "%s: %s (%ld of %lu bytes sent)", c.name,
				     (e == ERR_CLOSED_WAITING)
				     ? "the socket was closed while the call waited (by a signal handler)"
				     : strerror (e), sent, (unsigned long) n);
		  if (sent <= INT_MAX)
		    {
		       int isent = (int) sent;
		       (void) SLerr_throw (SocketError, msg, SLANG_INT_TYPE, (VOID_STAR) &isent);
		    }
		  else (void) SLerr_throw (SocketError, msg, SLANG_LONG_TYPE, (VOID_STAR) &sent);
	       }
	     break;
	  }
	sent += (long) r;
	io.p += r;
     }
   pop_guard (&g);
   if ((size_t) sent == n)
     (void) push_size (sent);

free_return:
   drop_args (&c);
   free_data (&d);
   free_sock (&s);
}

#define MAX_PASS_FDS 253		       /* SCM_MAX_FD */

/* Pop an Array of FD_Type, or one FD_Type as an array of one. */
static int pop_fd_array (Call_Type *c, SLFUTURE_CONST char *what, SLang_Array_Type **atp)
{
   SLang_Array_Type *at;
   SLtype t = (SLtype) SLang_peek_at_stack ();

   *atp = NULL;
   c->left--;
   if (t == SLANG_ARRAY_TYPE)
     {
	if (-1 == SLang_pop_array (&at, 0))
	  return -1;
	if ((at->data_type == SLANG_FILE_FD_TYPE) || (at->num_elements == 0))
	  {
	     if (at->data_type != SLANG_FILE_FD_TYPE)
	       {
		  SLindex_Type zero = 0;
		  SLang_free_array (at);
		  if (NULL == (at = SLang_create_array (SLANG_FILE_FD_TYPE, 0, NULL, &zero, 1)))
		    return -1;
	       }
	     *atp = at;
	     return 0;
	  }
	SLang_free_array (at);
     }
   else if (t == SLANG_FILE_FD_TYPE)
     return SLang_pop_array_of_type (atp, SLANG_FILE_FD_TYPE);
   else
     (void) SLdo_pop ();
   SLang_verror (SL_TypeMismatch_Error, "%s: %s must be an Array of FD_Type", c->name, what);
   return -1;
}

/* An Array of FD_Type, or one FD_Type: their descriptors. */
static int pop_fd_list (Call_Type *c, SLang_Array_Type **atp, int **fdsp, unsigned int *np)
{
   SLang_Array_Type *at;
   SLFile_FD_Type **fp;
   unsigned int i, n;
   int *fds;

   *atp = NULL; *fdsp = NULL; *np = 0;
   if (-1 == pop_fd_array (c, "fds", &at))
     return -1;
   n = at->num_elements;
   if (n > MAX_PASS_FDS)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: at most %d descriptors at a time", c->name, MAX_PASS_FDS);
	SLang_free_array (at);
	return -1;
     }
   if (NULL == (fds = (int *) SLmalloc ((n + 1) * sizeof (int))))
     {
	SLang_free_array (at);
	return -1;
     }
   fp = (SLFile_FD_Type **) at->data;
   for (i = 0; i < n; i++)
     {
	if ((fp[i] == NULL) || (-1 == SLfile_get_fd (fp[i], &fds[i])))
	  {
	     throw_errno (c->name, EBADF);
	     SLfree ((char *) fds);
	     SLang_free_array (at);
	     return -1;
	  }
     }
   *atp = at; *fdsp = fds; *np = n;
   return 0;
}

static int check_unix (Call_Type *c, Sock_Type *s)
{
   if (s->domain == AF_UNIX)
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: descriptors can only pass over unix sockets", c->name);
   return -1;
}

static void send_fds_intrin (void)
{
   CALL(c, "send_fds", "Int_Type send_fds (FD_Type s, data, FD_Type[] fds ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   SLang_Array_Type *at = NULL;
   int *fds = NULL;
   unsigned int nfds = 0;
   Io_CD_Type io;
   struct msghdr msg;
   struct iovec iov;
   double deadline;
   char *control = NULL;
   ssize_t r;

   s.f = NULL;
   memset (&d, 0, sizeof (d));
   memset (&io, 0, sizeof (io));
   memset (&msg, 0, sizeof (msg));
   if (-1 == check_nargs (&c, 3, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s))
       || (-1 == pop_data_arg (&c, "data", &d))
       || (-1 == pop_fd_list (&c, &at, &fds, &nfds))
       || (-1 == check_unix (&c, &s)))
     goto free_return;
   if ((d.n == 0) && (nfds > 0) && (s.type == SOCK_STREAM))
     {
	/* Linux drops the descriptors of an empty stream message */
	SLang_verror (SL_InvalidParm_Error, "%s: descriptors need at least one byte of data on a stream socket", c.name);
	goto free_return;
     }

   iov.iov_base = d.p;
   iov.iov_len = d.n;
   msg.msg_iov = &iov;
   msg.msg_iovlen = 1;
   if (nfds > 0)
     {
	struct cmsghdr *cm;
	size_t clen = CMSG_SPACE (nfds * sizeof (int));
	if (NULL == (control = (char *) SLcalloc (1, (SLstrlen_Type) clen)))
	  goto free_return;
	msg.msg_control = control;
	msg.msg_controllen = clen;
	cm = CMSG_FIRSTHDR (&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN (nfds * sizeof (int));
	memcpy (CMSG_DATA (cm), fds, nfds * sizeof (int));
     }
   io.msg = &msg;
   r = sock_call (c.name, &s, POLLOUT, deadline, send_op, &io);
   if (r >= 0)
     (void) push_size ((long) r);

free_return:
   drop_args (&c);
   SLfree (control);
   SLfree ((char *) fds);
   if (at != NULL) SLang_free_array (at);
   free_data (&d);
   free_sock (&s);
}

static void close_fds (int *fds, unsigned int n)
{
   unsigned int i;
   for (i = 0; i < n; i++)
     (void) close (fds[i]);
}

/* Wrap received descriptors in an Array of FD_Type; closes them all on
 * failure. */
static SLang_Array_Type *fd_array (int *fds, unsigned int n)
{
   SLang_Array_Type *at;
   SLindex_Type dims = (SLindex_Type) n, i;

   if (NULL == (at = SLang_create_array (SLANG_FILE_FD_TYPE, 0, NULL, &dims, 1)))
     {
	close_fds (fds, n);
	return NULL;
     }
   for (i = 0; i < (SLindex_Type) n; i++)
     {
	SLFile_FD_Type *f = make_received_fd (fds[i]);
	int status = (f == NULL) ? -1 : SLang_set_array_element (at, &i, (VOID_STAR) &f);
	if (f != NULL) SLfile_free_fd (f);
	if (status == -1)
	  {
	     close_fds (fds + i + 1, n - (unsigned int) i - 1);
	     SLang_free_array (at);
	     return NULL;
	  }
     }
   return at;
}

static void recv_fds_intrin (void)
{
   CALL(c, "recv_fds", "(data, fds) = recv_fds (FD_Type s, Int_Type maxlen, Int_Type maxfds ; timeout=secs)");
   Sock_Type s;
   Io_CD_Type io;
   struct msghdr msg;
   struct iovec iov;
   struct cmsghdr *cm;
   unsigned char *buf = NULL;
   char *control = NULL;
   int maxlen, maxfds, *fds = NULL, sized_by_peek;
   unsigned int nfds = 0;
   size_t size, clen;
   double deadline;
   ssize_t r;
   SLang_Array_Type *at;

   s.f = NULL;
   memset (&io, 0, sizeof (io));
   memset (&msg, 0, sizeof (msg));
   if (-1 == check_nargs (&c, 3, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s))
       || (-1 == pop_int_arg (&c, "maxlen", &maxlen))
       || (-1 == pop_int_arg (&c, "maxfds", &maxfds))
       || (-1 == check_unix (&c, &s)))
     goto free_return;
   if ((maxlen < 0) || (maxfds < 0) || (maxfds > MAX_PASS_FDS))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: need maxlen >= 0 and 0 <= maxfds <= %d", c.name, MAX_PASS_FDS);
	goto free_return;
     }
   if ((-1 == recv_buffer_size (&c, &s, maxlen, 0, deadline, &size))
       || (NULL == (buf = (unsigned char *) SLmalloc (size + 1))))
     goto free_return;
   /* room for maxfds descriptors plus credentials (SO_PASSCRED); what
    * arrives beyond maxfds is closed and reported below */
   clen = CMSG_SPACE ((size_t) (maxfds + 1) * sizeof (int)) + CMSG_SPACE (sizeof (struct ucred));
   if ((NULL == (control = (char *) SLcalloc (1, (SLstrlen_Type) clen)))
       || (NULL == (fds = (int *) SLmalloc (sizeof (int) * (MAX_PASS_FDS + 1)))))
     goto free_return;
   iov.iov_base = buf;
   iov.iov_len = size;
   msg.msg_iov = &iov;
   msg.msg_iovlen = 1;
   msg.msg_control = control;
   msg.msg_controllen = clen;
   io.msg = &msg;
   /* a datagram buffer sized by a peek: ask for the real length too */
   sized_by_peek = (size < (size_t) maxlen) && (s.type != SOCK_STREAM);
   if (sized_by_peek) io.flags |= MSG_TRUNC;
   r = sock_call (c.name, &s, POLLIN, deadline, recv_op, &io);
   if (r == -1)
     goto free_return;

   /* collect what arrived, whatever happens next */
   for (cm = CMSG_FIRSTHDR (&msg); cm != NULL; cm = CMSG_NXTHDR (&msg, cm))
     {
	size_t k, m;
	if ((cm->cmsg_level != SOL_SOCKET) || (cm->cmsg_type != SCM_RIGHTS))
	  continue;
	m = (cm->cmsg_len - CMSG_LEN (0)) / sizeof (int);
	for (k = 0; (k < m) && (nfds < MAX_PASS_FDS); k++)
	  memcpy (&fds[nfds++], CMSG_DATA (cm) + k * sizeof (int), sizeof (int));
     }
   if ((msg.msg_flags & MSG_CTRUNC) || (nfds > (unsigned int) maxfds))
     {
	close_fds (fds, nfds);
	SLerrno_set_errno (EMSGSIZE);
	SLang_verror (SocketError, "%s: more descriptors arrived than maxfds=%d allows; those that arrived were closed",
		      c.name, maxfds);
	goto free_return;
     }
   if (sized_by_peek && ((size_t) r > size))
     {
	/* not the datagram that was peeked: never cut one silently */
	char msg1[256];
	close_fds (fds, nfds);
	(void) SLsnprintf (msg1, sizeof (msg1),
			   "%s: a datagram of %ld bytes was cut to %lu (another reader took the one whose size was looked at); the exception's object is what was read, its descriptors were closed",
			   c.name, (long) r, (unsigned long) size);
	throw_with_data (c.name, EMSGSIZE, msg1, buf, size);
	goto free_return;
     }
   if (NULL == (at = fd_array (fds, nfds)))
     goto free_return;
   if (-1 == push_received (buf, size, r))
     {
	buf = NULL;
	SLang_free_array (at);
	goto free_return;
     }
   buf = NULL;
   if (-1 == SLang_push_array (at, 1))
     (void) SLdo_pop ();		       /* the data: all or nothing */

free_return:
   drop_args (&c);
   SLfree ((char *) fds);
   SLfree (control);
   SLfree ((char *) buf);
   free_sock (&s);
}

/*}}}*/

/*{{{ Intrinsics: names and numbers */

typedef struct
{
   int family, socktype, protocol;
   char *canonname;
   char *host;
   int port;
}
Addrinfo_Struct_Type;

static SLang_CStruct_Field_Type Addrinfo_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, family, "family", 0),
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, socktype, "socktype", 0),
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, protocol, "protocol", 0),
   MAKE_CSTRUCT_FIELD(Addrinfo_Struct_Type, canonname, "canonname", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_FIELD(Addrinfo_Struct_Type, host, "host", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, port, "port", 0),
   SLANG_END_CSTRUCT_TABLE
};

/* A String, or NULL (and "" for host) meaning none. */
static int pop_optional_string (Call_Type *c, SLFUTURE_CONST char *what, char **s)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   *s = NULL;
   c->left--;
   if (t == SLANG_NULL_TYPE)
     return SLang_pop_null ();
   if (t != SLANG_STRING_TYPE)
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: %s must be a String or NULL", c->name, what);
	return -1;
     }
   return SLang_pop_slstring (s);
}

/* service: String, Int or NULL; returned as an slstring (or NULL). */
static int pop_service (Call_Type *c, char **s)
{
   *s = NULL;
   if (is_integer_type ((SLtype) SLang_peek_at_stack ()))
     {
	int port;
	char buf[32];
	if (-1 == pop_port (c, 0, &port)) return -1;
	(void) SLsnprintf (buf, sizeof (buf), "%d", port);
	return (NULL == (*s = SLang_create_slstring (buf))) ? -1 : 0;
     }
   return pop_optional_string (c, "service", s);
}

static void getaddrinfo_intrin (void)
{
   CALL(c, "getaddrinfo", "Struct_Type[] getaddrinfo (host, service [, family [, socktype [, protocol [, flags]]]])");
   char *host = NULL, *service = NULL;
   struct addrinfo hints, *res = NULL, *ai;
   SLang_Array_Type *at = NULL;
   SLindex_Type n, i;
   int rc;

   memset (&hints, 0, sizeof (hints));
   if (-1 == check_nargs (&c, 2, 6))
     return;
   if ((-1 == pop_optional_string (&c, "host", &host))
       || (-1 == pop_service (&c, &service))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "family", &hints.ai_family)))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "socktype", &hints.ai_socktype)))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "protocol", &hints.ai_protocol)))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "flags", &hints.ai_flags))))
     goto free_return;
   if ((host != NULL) && (*host == 0))
     {
	SLang_free_slstring (host);
	host = NULL;
     }
   if ((host == NULL) && (service == NULL))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: host and service cannot both be empty", c.name);
	goto free_return;
     }
   rc = getaddrinfo (host, service, &hints, &res);
   if (rc != 0)
     {
	throw_gai (c.name, (host != NULL) ? host : service, rc);
	goto free_return;
     }
   n = 0;
   for (ai = res; ai != NULL; ai = ai->ai_next) n++;
   if (NULL == (at = SLang_create_array (SLANG_STRUCT_TYPE, 0, NULL, &n, 1)))
     goto free_return;
   for (ai = res, i = 0; ai != NULL; ai = ai->ai_next, i++)
     {
	Addrinfo_Struct_Type cs;
	Decoded_Addr_Type d;
	SLang_Struct_Type *st;
	int status;

	if (-1 == decode_address (ai->ai_family, ai->ai_addr, ai->ai_addrlen, &d))
	  goto free_return;
	cs.family = ai->ai_family;
	cs.socktype = ai->ai_socktype;
	cs.protocol = ai->ai_protocol;
	cs.canonname = ai->ai_canonname;
	cs.host = d.host;
	cs.port = d.port;
	if ((-1 == SLang_push_cstruct (&cs, Addrinfo_Struct_Fields))
	    || (-1 == SLang_pop_struct (&st)))
	  goto free_return;
	status = SLang_set_array_element (at, &i, (VOID_STAR) &st);
	SLang_free_struct (st);
	if (status == -1)
	  goto free_return;
     }
   (void) SLang_push_array (at, 1);
   at = NULL;

free_return:
   drop_args (&c);
   if (at != NULL) SLang_free_array (at);
   if (res != NULL) freeaddrinfo (res);
   SLang_free_slstring (host);
   SLang_free_slstring (service);
}

/* A numeric host of any family and a port, as a sockaddr. */
int numeric_sockaddr (Call_Type *c, SLFUTURE_CONST char *host, int port, Addr_Type *a)
{
   struct addrinfo hints, *res = NULL;
   int rc;

   memset (&hints, 0, sizeof (hints));
   hints.ai_flags = AI_NUMERICHOST;
   hints.ai_socktype = SOCK_STREAM;
   rc = getaddrinfo (host, NULL, &hints, &res);
   if ((rc != 0) || (res == NULL) || (res->ai_addrlen > sizeof (a->ss)))
     {
	if (res != NULL) freeaddrinfo (res);
	SLang_verror (SL_InvalidParm_Error, "%s: '%s' is not a numeric address", c->name, host);
	return -1;
     }
   memset (a, 0, sizeof (Addr_Type));
   memcpy (&a->ss, res->ai_addr, res->ai_addrlen);
   a->len = res->ai_addrlen;
   set_port ((struct sockaddr *) &a->ss, port);
   freeaddrinfo (res);
   return 0;
}

static void getnameinfo_intrin (void)
{
   CALL(c, "getnameinfo", "(host, service) = getnameinfo (String_Type host, port [, flags])");
   char *host = NULL;
   int port = 0, flags = 0, rc;
   Addr_Type a;
   char hbuf[NI_MAXHOST], sbuf[NI_MAXSERV];

   if (-1 == check_nargs (&c, 2, 3))
     return;
   if ((-1 == pop_optional_string (&c, "host", &host))
       || (-1 == pop_port (&c, 0, &port))
       || (-1 == pop_flags (&c, &flags)))
     goto free_return;
   if (host == NULL)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: host must be a numeric address", c.name);
	goto free_return;
     }
   if (-1 == numeric_sockaddr (&c, host, port, &a))
     goto free_return;
   rc = getnameinfo ((struct sockaddr *) &a.ss, a.len, hbuf, sizeof (hbuf), sbuf, sizeof (sbuf), flags);
   if (rc != 0)
     {
	throw_gai (c.name, host, rc);
	goto free_return;
     }
   if ((0 == SLang_push_string (hbuf))
       && (-1 == SLang_push_string (sbuf)))
     (void) SLdo_pop ();

free_return:
   drop_args (&c);
   SLang_free_slstring (host);
}

static int addr_size_for (Call_Type *c, int family)
{
   if (family == AF_INET) return 4;
   if (family == AF_INET6) return 16;
   SLang_verror (SL_InvalidParm_Error, "%s: family must be AF_INET or AF_INET6", c->name);
   return -1;
}

static void inet_pton_intrin (void)
{
   CALL(c, "inet_pton", "BString_Type inet_pton (family, String_Type text)");
   int family, size;
   char *text = NULL;
   unsigned char buf[16];
   SLang_BString_Type *b;

   if (-1 == check_nargs (&c, 2, 2))
     return;
   if ((-1 == pop_int_arg (&c, "family", &family))
       || (-1 == pop_optional_string (&c, "text", &text)))
     goto free_return;
   if (-1 == (size = addr_size_for (&c, family)))
     goto free_return;
   if ((text == NULL) || (1 != inet_pton (family, text, buf)))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: '%s' is not an %s address", c.name,
		      (text == NULL) ? "NULL" : text, (family == AF_INET) ? "IPv4" : "IPv6");
	goto free_return;
     }
   if (NULL != (b = SLbstring_create (buf, (SLstrlen_Type) size)))
     {
	(void) SLang_push_bstring (b);
	SLbstring_free (b);
     }
free_return:
   drop_args (&c);
   SLang_free_slstring (text);
}

static void inet_ntop_intrin (void)
{
   CALL(c, "inet_ntop", "String_Type inet_ntop (family, BString_Type bytes)");
   int family, size;
   Data_Type d;
   size_t n;
   char text[INET6_ADDRSTRLEN];

   memset (&d, 0, sizeof (d));
   if (-1 == check_nargs (&c, 2, 2))
     return;
   if ((-1 == pop_int_arg (&c, "family", &family))
       || (-1 == pop_data_arg (&c, "bytes", &d)))
     goto free_return;
   if (-1 == (size = addr_size_for (&c, family)))
     goto free_return;
   n = d.n;
   if ((int) n != size)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: an %s address is %d bytes, not %u", c.name,
		      (family == AF_INET) ? "IPv4" : "IPv6", size, (unsigned int) n);
	goto free_return;
     }
   if (NULL == inet_ntop (family, d.p, text, sizeof (text)))
     throw_errno (c.name, errno);
   else
     (void) SLang_push_string (text);
free_return:
   drop_args (&c);
   free_data (&d);
}

/*}}}*/

/*{{{ Intrinsics: poll */

static void poll_intrin (void)
{
   CALL(c, "poll", "Int_Type[] poll (FD_Type[] fds, events, Double_Type timeout)");
   SLang_Array_Type *fat = NULL, *eat = NULL, *rat = NULL;
   struct pollfd *p = NULL;
   SLFile_FD_Type **fp;
   SLindex_Type n, i;
   double timeout, deadline;
   Guard_Type g;
   long *ev;
   int *rv;

   if (-1 == check_nargs (&c, 3, 3))
     return;
   if (-1 == pop_fd_array (&c, "fds", &fat))
     goto free_return;
   c.left--;
   if (! is_integer_type ((SLtype) SLang_peek_at_stack ())
       && (SLang_peek_at_stack () != SLANG_ARRAY_TYPE))
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: events must be an Int or an Array of Int", c.name);
	goto free_return;
     }
   if (-1 == SLang_pop_array_of_type (&eat, SLANG_LONG_TYPE))
     goto free_return;
   if (-1 == pop_double_arg (&c, "timeout", &timeout))
     goto free_return;
   n = (SLindex_Type) fat->num_elements;
   if ((eat->num_elements != 1) && ((SLindex_Type) eat->num_elements != n))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: events must be one Int or one per descriptor", c.name);
	goto free_return;
     }
   if (NULL == (p = (struct pollfd *) SLcalloc ((SLstrlen_Type) (n + 1), sizeof (struct pollfd))))
     goto free_return;
   fp = (SLFile_FD_Type **) fat->data;
   ev = (long *) eat->data;
   for (i = 0; i < (SLindex_Type) eat->num_elements; i++)
     if ((ev[i] < 0) || (ev[i] > 0xFFFF))
       {
	  SLang_verror (SL_InvalidParm_Error, "%s: events %ld is not a poll event mask", c.name, ev[i]);
	  goto free_return;
       }
   for (i = 0; i < n; i++)
     {
	p[i].events = (short) ev[(eat->num_elements == 1) ? 0 : i];
	if ((fp[i] == NULL) || (-1 == SLfile_get_fd (fp[i], &p[i].fd)))
	  p[i].fd = -1;		       /* closed: reported as POLLNVAL */
     }
   if (isnan (timeout))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: timeout must be a number of seconds", c.name);
	goto free_return;
     }
   deadline = (timeout < 0) ? -1.0 : now_seconds () + timeout;
   push_guard (&g, c.name, NULL, -1);
   while (1)
     {
	int r = poll (p, (nfds_t) n, (timeout < 0) ? -1 : deadline_ms (deadline));
	if (r >= 0) break;
	if (errno != EINTR)
	  {
	     throw_errno (c.name, errno);
	     break;
	  }
	if (-1 == handle_eintr ())
	  break;
	/* a handler may have closed some (and reused their numbers) */
	for (i = 0; i < n; i++)
	  {
	     int fd;
	     if ((p[i].fd != -1) && ((fp[i] == NULL) || (-1 == SLfile_get_fd (fp[i], &fd)) || (fd != p[i].fd)))
	       p[i].fd = -1;
	  }
     }
   pop_guard (&g);
   if (SLang_get_error ())
     goto free_return;
   if (NULL == (rat = SLang_create_array (SLANG_INT_TYPE, 0, NULL, &n, 1)))
     goto free_return;
   rv = (int *) rat->data;
   for (i = 0; i < n; i++)
     rv[i] = (p[i].fd == -1) ? POLLNVAL : p[i].revents;
   (void) SLang_push_array (rat, 1);

free_return:
   drop_args (&c);
   SLfree ((char *) p);
   if (fat != NULL) SLang_free_array (fat);
   if (eat != NULL) SLang_free_array (eat);
}

/*}}}*/


/*{{{ Tables */

static SLang_Intrin_Fun_Type Module_Intrinsics[] =
{
   MAKE_INTRINSIC_0("socket", socket_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("socketpair", socketpair_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("connect", connect_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("bind", bind_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("listen", listen_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("accept", accept_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getsockopt", getsockopt_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("setsockopt", setsockopt_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getsockname", getsockname_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getpeername", getpeername_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("shutdown", shutdown_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("send", send_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sendto", sendto_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("recv", recv_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("recvfrom", recvfrom_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sendall", sendall_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("send_fds", send_fds_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("recv_fds", recv_fds_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getaddrinfo", getaddrinfo_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getnameinfo", getnameinfo_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("inet_pton", inet_pton_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("inet_ntop", inet_ntop_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("poll", poll_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("setblocking", setblocking_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getblocking", getblocking_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("create_connection", create_connection_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("create_server", create_server_intrin, SLANG_VOID_TYPE),
   SLANG_END_INTRIN_FUN_TABLE
};

static SLang_Intrin_Var_Type Module_Variables[] =
{
   MAKE_VARIABLE("_socket_module_version_string", &Module_Version_String, SLANG_STRING_TYPE, 1),
   MAKE_VARIABLE("_socket_module_version", &Module_Version, SLANG_INT_TYPE, 1),
   MAKE_VARIABLE("h_errno", &H_Errno, SLANG_INT_TYPE, 1),
   SLANG_END_INTRIN_VAR_TABLE
};

#define ICONST(x) MAKE_ICONSTANT(#x, x)

/* The option constants come from Opt_Table; these are the rest. */
static SLang_IConstant_Type Module_IConstants[] =
{
   ICONST(PF_UNIX), ICONST(PF_INET), ICONST(PF_INET6), ICONST(PF_UNSPEC),
   ICONST(AF_UNIX), ICONST(AF_INET), ICONST(AF_INET6), ICONST(AF_UNSPEC),
   ICONST(SOCK_STREAM), ICONST(SOCK_DGRAM), ICONST(SOCK_RAW), ICONST(SOCK_RDM),
   ICONST(SOCK_SEQPACKET),
#ifdef SOCK_PACKET
   ICONST(SOCK_PACKET),
#endif
#ifdef SOCK_NONBLOCK
   ICONST(SOCK_NONBLOCK),
#endif
#ifdef SOCK_CLOEXEC
   ICONST(SOCK_CLOEXEC),
#endif
   ICONST(SOL_SOCKET),
   MAKE_ICONSTANT("SOL_IP", IPPROTO_IP),
   MAKE_ICONSTANT("SOL_TCP", IPPROTO_TCP),
   MAKE_ICONSTANT("SOL_IPV6", IPPROTO_IPV6),
   ICONST(IPPROTO_IP), ICONST(IPPROTO_IPV6), ICONST(IPPROTO_TCP), ICONST(IPPROTO_UDP),
   ICONST(IPPROTO_ICMP), ICONST(IPPROTO_ICMPV6), ICONST(IPPROTO_RAW),
   ICONST(SHUT_RD), ICONST(SHUT_WR), ICONST(SHUT_RDWR),
   ICONST(SOMAXCONN),
   ICONST(MSG_PEEK), ICONST(MSG_OOB), ICONST(MSG_WAITALL), ICONST(MSG_DONTWAIT),
   ICONST(MSG_TRUNC), ICONST(MSG_NOSIGNAL), ICONST(MSG_CTRUNC), ICONST(MSG_EOR),
#ifdef MSG_MORE
   ICONST(MSG_MORE),
#endif
   ICONST(MSG_DONTROUTE),
#ifdef MSG_CMSG_CLOEXEC
   ICONST(MSG_CMSG_CLOEXEC),
#endif
#ifdef MSG_ERRQUEUE
   ICONST(MSG_ERRQUEUE),
#endif
   ICONST(AI_PASSIVE), ICONST(AI_CANONNAME), ICONST(AI_NUMERICHOST), ICONST(AI_NUMERICSERV),
   ICONST(AI_V4MAPPED), ICONST(AI_ALL), ICONST(AI_ADDRCONFIG),
   ICONST(NI_NUMERICHOST), ICONST(NI_NUMERICSERV), ICONST(NI_NAMEREQD), ICONST(NI_DGRAM),
   ICONST(NI_NOFQDN),
   ICONST(HOST_NOT_FOUND), ICONST(TRY_AGAIN), ICONST(NO_RECOVERY), ICONST(NO_DATA),
   ICONST(POLLIN), ICONST(POLLOUT), ICONST(POLLPRI), ICONST(POLLERR), ICONST(POLLHUP),
   ICONST(POLLNVAL),
#ifdef POLLRDHUP
   ICONST(POLLRDHUP),
#endif
   SLANG_END_ICONST_TABLE
};

/*}}}*/

/*{{{ Init */


int init_socket_module_ns (char *ns_name)
{
   SLang_NameSpace_Type *ns = SLns_create_namespace (ns_name);
   if (ns == NULL)
     return -1;

   /* once per process, however many namespaces import the module */
   if (SocketError == -1)
     {
	if (-1 == (SocketError = SLerr_new_exception (SL_RunTime_Error, "SocketError", "Socket Error")))
	  return -1;
	if (-1 == (SocketHError = SLerr_new_exception (SocketError, "SocketHError", "Socket h_errno Error")))
	  return -1;
     }
   if (-1 == init_socket_objects ())
     return -1;

   if ((-1 == SLns_add_intrin_fun_table (ns, Module_Intrinsics, NULL))
       || (-1 == SLns_add_intrin_var_table (ns, Module_Variables, NULL))
       || (-1 == SLns_add_iconstant_table (ns, Module_IConstants, NULL))
       || (-1 == add_option_constants (ns)))
     return -1;
   return 0;
}

void deinit_socket_module (void)
{
}

/*}}}*/
