/* wait.c: deadlines, signals and the one blocking loop (SPEC 9, 12).
 *
 * Timeouts are deadlines on the monotonic clock; a negative deadline
 * means none.  EINTR runs the interpreter's signal handlers: if one threw,
 * the call gives up, otherwise it goes on with the remaining time.  A
 * handler may close the socket a call waits on (and the number may be
 * reused at once by a new descriptor): after the handlers run, the
 * socket's FD_Type is asked for its descriptor again, and a closed one
 * stops the call with EBADF (ERR_CLOSED_WAITING), never with a number
 * that now means something else.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "wait.h"

/*{{{ The system calls */

ssize_t send_op (int fd, Io_Type *io, int dontwait)
{
   int flags = io->flags | MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0);
   if (io->msg != NULL)
     return sendmsg (fd, io->msg, flags);
   return sendto (fd, io->p, io->n, flags, io->sa, io->salen);
}

ssize_t recv_op (int fd, Io_Type *io, int dontwait)
{
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

/*}}}*/

/*{{{ Deadlines and signals */

double now_seconds (void)
{
   struct timespec ts;
   (void) clock_gettime (CLOCK_MONOTONIC, &ts);
   return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
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

/* Is s (if it has an FD_Type) still open under the same number? */
int sock_still_open (Sock_Type *s)
{
   int fd;
   return (s == NULL) || (s->f == NULL)
     || ((0 == SLfile_get_fd (s->f, &fd)) && (fd == s->fd));
}

/* After EINTR: run the S-Lang signal handlers.  0: go on; -1: a handler
 * raised an error; ERR_CLOSED_WAITING: a handler closed s (nothing is
 * raised; the caller reports it).  s may be NULL. */
int handle_eintr (Sock_Type *s)
{
   if ((-1 == SLang_handle_interrupt ()) || (SLang_get_error () != 0))
     return -1;
   if (! sock_still_open (s))
     return ERR_CLOSED_WAITING;
   return 0;
}

/* Wait with fn (poll, epoll_wait) until something is ready or the
 * deadline passes, running signal handlers on EINTR (after_signal, if
 * given, then lets the caller check its descriptors, and returns nonzero
 * to end the wait as if the time had passed: a handler changed what is
 * waited for).  Returns fn's count (0: the deadline passed), -1 (raised)
 * or ERR_CLOSED_WAITING (s closed by a handler). */
int wait_loop (SLFUTURE_CONST char *call, Wait_Fun_Type fn, VOID_STAR cd, double deadline, Sock_Type *s,
	       int (*after_signal) (VOID_STAR), VOID_STAR acd)
{
   while (1)
     {
	int ms = deadline_ms (deadline);
	int r = (*fn) (cd, ms);

	if (r > 0) return r;
	if (r == 0)
	  {
	     if ((ms == 0) || (now_seconds () >= deadline)) return 0;
	     continue;
	  }
	if (errno != EINTR)
	  {
	     throw_errno (call, errno);
	     return -1;
	  }
	if (0 != (r = handle_eintr (s)))
	  return r;
	if ((after_signal != NULL) && (*after_signal) (acd))
	  return 0;
     }
}

typedef struct
{
   struct pollfd *p;
   nfds_t n;
}
Poll_Set_Type;

static int poll_fn (VOID_STAR cd, int ms)
{
   Poll_Set_Type *ps = (Poll_Set_Type *) cd;
   return poll (ps->p, ps->n, ms);
}

int poll_wait (SLFUTURE_CONST char *call, struct pollfd *p, nfds_t n, double deadline, Sock_Type *s,
	       int (*after_signal) (VOID_STAR), VOID_STAR cd)
{
   Poll_Set_Type ps;
   ps.p = p;
   ps.n = n;
   return wait_loop (call, poll_fn, (VOID_STAR) &ps, deadline, s, after_signal, cd);
}

/* Wait for events on s->fd until the deadline: 1 ready, 0 timed out
 * (nothing raised), -1 raised, ERR_CLOSED_WAITING. */
int wait_fd (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline)
{
   struct pollfd p;

   p.fd = s->fd; p.events = events; p.revents = 0;
   return poll_wait (call, &p, 1, deadline, s, NULL, NULL);
}

/* Sleep 1, 2, 4 .. 32 ms (the n-th time), never past the deadline.
 * 1: slept; 0: the deadline has passed; -1 or ERR_CLOSED_WAITING as
 * handle_eintr. */
int backoff_nap (Sock_Type *s, double deadline, unsigned int n)
{
   double rem = deadline - now_seconds ();
   double nap = 0.001 * (double) (1u << ((n < 6) ? n - 1 : 5));
   struct timespec ts;

   if (rem <= 0)
     return 0;
   if (nap > rem) nap = rem;
   ts.tv_sec = (time_t) nap;
   ts.tv_nsec = (long) ((nap - (double) ts.tv_sec) * 1e9);
   if ((-1 == nanosleep (&ts, NULL)) && (errno == EINTR))
     {
	int r = handle_eintr (s);
	if (r != 0) return r;
     }
   return 1;
}

/*}}}*/

/*{{{ The blocking loop */

/* One I/O operation on s.  Without a deadline it blocks as the socket's
 * mode says; with one it never blocks in the kernel: op is tried first
 * (ready data costs no poll, and a bad descriptor is reported at once),
 * then poll, then op again.  Returns op's result, or -1 with *err the
 * errno value to report (ETIMEDOUT at the deadline; ERR_CLOSED_WAITING;
 * 0 if an error was raised). */
ssize_t sock_call_e (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
		     Sock_Op_Type op, Io_Type *io, int *err)
{
   unsigned int spurious = 0;
   int polled = 0;

   *err = 0;
   while (1)
     {
	ssize_t n = (*op) (s->fd, io, deadline >= 0);
	int e, r;

	if (n >= 0) return n;
	e = errno;
	if (e == EINTR)
	  r = handle_eintr (s);
	else if ((deadline >= 0) && ((e == EAGAIN) || (e == EWOULDBLOCK)))
	  {
	     r = 1;
	     /* poll said ready but the call would block (a full unix
	      * datagram receiver does that): back off, do not spin */
	     if (polled && (++spurious > 1))
	       r = backoff_nap (s, deadline, spurious - 1);
	     if (r == 1)
	       r = wait_fd (call, s, events, deadline);
	     if (r == 0)
	       r = ETIMEDOUT;
	     else if (r == 1)
	       r = 0;
	     polled = 1;
	  }
	else r = e;
	if (r == 0) continue;
	if (r != -1) *err = r;
	return -1;
     }
}

/* sock_call_e, raising the error. */
ssize_t sock_call (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
		   Sock_Op_Type op, Io_Type *io)
{
   int e;
   ssize_t n = sock_call_e (call, s, events, deadline, op, io, &e);
   if ((n == -1) && e)
     throw_errno (call, e);
   return n;
}

/* The "all bytes" form, for sendall, MSG_WAITALL and stream writes:
 * repeat op, advancing io->p and shrinking io->n, until io->n is 0, op
 * returns 0 (end of stream), or an error.  Returns the bytes done; *err
 * is 0 (all done, or end of stream), an errno value (nothing raised;
 * ETIMEDOUT at the deadline), ERR_CLOSED_WAITING, or -1 (raised: a
 * signal handler threw).
 *
 * A short transfer is what a signal does to a blocking send(2)/recv(2):
 * the handlers run and the loop goes on (SPEC 9).  With as_one_call the
 * loop is one recv(2) instead (a blocking MSG_WAITALL): a short transfer
 * or EINTR ends it with what was done, the handlers running once the
 * call has returned. */
size_t sock_call_all (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
		      Sock_Op_Type op, Io_Type *io, int as_one_call, int *err)
{
   size_t done = 0;

   *err = 0;
   while (io->n > 0)
     {
	size_t want = io->n;
	ssize_t r;

	if (as_one_call && (deadline < 0))
	  {
	     r = (*op) (s->fd, io, 0);
	     if ((r == -1) && (errno != EINTR))
	       *err = errno;
	  }
	else r = sock_call_e (call, s, events, deadline, op, io, err);
	if (r == -1)
	  {
	     if (*err == 0) *err = SLang_get_error () ? -1 : 0;
	     break;
	  }
	if (r == 0)
	  break;
	done += (size_t) r;
	io->p += r;
	io->n -= (size_t) r;
	if ((size_t) r < want)
	  {
	     int h;
	     if (as_one_call && (deadline < 0))
	       break;
	     if (0 != (h = handle_eintr (s)))
	       {
		  *err = h;
		  break;
	       }
	  }
     }
   return done;
}

/*}}}*/

/*{{{ Connecting */

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

/* Connect s to one address within the deadline.  An interrupted connect
 * is waited for, never issued again (SPEC 9).  Returns 0 on success, an
 * errno value (nothing raised), ERR_CLOSED_WAITING, or -1 (raised). */
int connect_wait (Sock_Type *s, struct sockaddr *sa, socklen_t len, double deadline)
{
   int old_flags = -1, e = 0, r, wait_for_it = 0;
   unsigned int tries = 0;

   if ((deadline >= 0) && (-1 == set_nonblock (s->fd, 1, &old_flags)))
     return errno;

   while (-1 == (r = connect (s->fd, sa, len)))
     {
	/* a unix listener with a full backlog says EAGAIN: there is no
	 * handshake to wait for, so try again until the deadline */
	if ((errno != EAGAIN) || (deadline < 0) || (sa->sa_family != AF_UNIX))
	  break;
	r = backoff_nap (s, deadline, ++tries);
	if (r == 1) continue;
	e = (r == 0) ? ETIMEDOUT : r;
	goto done;
     }
   if (r == -1)
     {
	e = errno;
	if (e == EINTR)
	  {
	     /* the connection goes on in the background: wait for it */
	     if (0 != (e = handle_eintr (s)))
	       goto done;
	     wait_for_it = 1;
	  }
	else if ((e == EINPROGRESS) && (deadline >= 0))
	  wait_for_it = 1;
     }

   if (wait_for_it)
     {
	r = wait_fd ("connect", s, POLLOUT, deadline);
	if (r == 0)
	  e = ETIMEDOUT;
	else if (r != 1)
	  e = r;
	else
	  {
	     socklen_t elen = sizeof (e);
	     if (-1 == getsockopt (s->fd, SOL_SOCKET, SO_ERROR, &e, &elen))
	       e = errno;
	     else if (e == 0)
	       finish_connect (s->fd, sa, len);
	  }
     }

done:
   /* not if a signal handler closed the socket: fd may be another file */
   if ((old_flags != -1) && sock_still_open (s))
     (void) fcntl (s->fd, F_SETFL, old_flags);
   return e;
}

/*}}}*/
