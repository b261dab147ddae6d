/* transfer.c: send, sendto, recv, recvfrom, sendall, sendfile.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "transfer.h"
#include <sys/sendfile.h>

/*{{{ Sending */

/* send (s, data [, flags]) and sendto (s, data, flags, address-args) */
static void do_send (int is_sendto)
{
   CALL(c, "send", "Int_Type send (FD_Type s, data [, flags] ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   Addr_List_Type al;
   Io_Type io;
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
   if (! is_sendto && two_args_in_place (&c, SLANG_STRING_TYPE, SLANG_BSTRING_TYPE))
     {
	if ((-1 == get_deadline (c.name, &deadline))
	    || (-1 == pop_data_arg (&c, "data", &d))
	    || (-1 == pop_sock_fd (&c, &s)))
	  goto free_return;
     }
   else if (-1 == check_nargs (&c, 2, is_sendto ? 5 : 3))
     return;
   else if ((-1 == get_deadline (c.name, &deadline))
	    || (-1 == (is_sendto ? pop_sock (&c, &s) : pop_sock_fd (&c, &s)))
	    || (-1 == pop_data_arg (&c, "data", &d)))
     goto free_return;
   else if (is_sendto)
     {
	if ((-1 == check_addr_nargs (&c, &s, 1))
	    || (-1 == pop_int_arg (&c, "flags", &io.flags))
	    || (-1 == pop_address (&c, s.domain, s.type, deadline, &al, NULL)))
	  goto free_return;
	if (! sock_still_open (&s))
	  {
	     /* a signal handler closed it while the name was looked up */
	     throw_errno (c.name, ERR_CLOSED_WAITING);
	     goto free_return;
	  }
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

void send_intrin (void) { do_send (0); }
void sendto_intrin (void) { do_send (1); }

void sendall_intrin (void)
{
   CALL(c, "sendall", "Int_Type sendall (FD_Type s, data ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   Io_Type io;
   double deadline;
   long sent;
   int e;

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
   io.n = d.n;
   sent = (long) sock_call_all (c.name, &s, POLLOUT, deadline, send_op, &io, 0, &e);
   if (io.n == 0)
     (void) push_size (sent);
   else if (e == ENOTSOCK)
     throw_errno (c.name, e);
   else if (e != -1)
     {
	/* the exception's object is what did go out (an Int if it fits) */
	int isent = (int) sent, fits = (sent <= INT_MAX);
	if (e == 0) e = EIO;	       /* send(2) returned 0: never here */
	throw_with_object (c.name, e, fits ? SLANG_INT_TYPE : SLANG_LONG_TYPE,
			   fits ? (VOID_STAR) &isent : (VOID_STAR) &sent, "%s: %s (%ld of %lu bytes sent)", c.name,
			   (e == ERR_CLOSED_WAITING) ? "the socket was closed while the call waited (by a signal handler)" : strerror (e),
			   sent, (unsigned long) d.n);
     }

free_return:
   drop_args (&c);
   free_data (&d);
   free_sock (&s);
}

/*}}}*/

/*{{{ sendfile */

/* sendfile (s, file, offset, count ; timeout=): count bytes of file from
 * offset onto the stream socket s, zero-copy with sendfile(2).
 *
 * offset: an integer 0 .. the largest off_t; the bytes are read there and
 * the file's position is not moved (Python's rule, and sendfile(2) with
 * an offset pointer).  NULL: from the file's own position, which ends
 * just after the bytes that went out (sendfile(2) with a NULL pointer);
 * the way to send from a pipe.  count: an integer >= 0 (0 sends
 * nothing), or NULL for "to end of file"; fewer bytes go out only at
 * end of file.  Only SOCK_STREAM sockets (as Python): sendfile(2) to a
 * datagram socket cuts the file into datagrams at no boundary the
 * caller chose.
 *
 * Where the kernel refuses the pair (EINVAL or ENOSYS: the file is a
 * pipe, a socket, a directory...), the rest is read with pread(2) (or
 * read(2) where the file cannot seek) and sent with send_op through the
 * same loops as sendall, in chunks of SENDFILE_BUF.  There is no
 * MSG_NOSIGNAL for sendfile(2): SIGPIPE is blocked around it and a
 * SIGPIPE it raised is taken back, so a closed peer is EPIPE (SPEC 7). */

#define SENDFILE_MAX 0x7ffff000L	       /* the most Linux moves per call */
#define SENDFILE_BUF 65536
#define OFF_T_MAX ((off_t) ((((unsigned long long) 1) << (sizeof (off_t) * CHAR_BIT - 1)) - 1))

typedef struct
{
   Io_Type io;			       /* first: the ops get &sf->io */
   Sock_Type *file;
   off_t *offp;			       /* NULL: the file's own position */
   int file_closed;		       /* a signal handler closed the file */
   int file_error;		       /* the error is the file's (a read) */
}
Sendfile_Type;

/* An offset or a count: NULL (*is_null = 1), or an integer of any
 * integer type in 0 .. OFF_T_MAX, never truncated. */
static int pop_off_arg (Call_Type *c, SLFUTURE_CONST char *what, off_t *v, int *is_null)
{
   SLtype t;
   long long l;

   *v = 0;
   *is_null = 0;
   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   if (t == SLANG_NULL_TYPE)
     {
	c->left--;
	*is_null = 1;
	return SLang_pop_null ();
     }
   if (! is_integer_type (t))
     return drop_type_error (c, "%s must be an integer or NULL", what);
   c->left--;
   if (-1 == pop_ranged (c->name, what, 0, (long long) OFF_T_MAX, &l))
     return -1;
   *v = (off_t) l;
   return 0;
}

/* A file closed by a signal handler while the call waited: never use its
 * number, which may be another file by now. */
static int sendfile_file_open (Sendfile_Type *sf)
{
   if (sock_still_open (sf->file))
     return 1;
   sf->file_closed = 1;
   errno = EBADF;
   return 0;
}

/* sendfile(2) of io->n bytes.  dontwait: the caller made s non-blocking. */
static ssize_t sendfile_op (int fd, Io_Type *io, int dontwait)
{
   Sendfile_Type *sf = (Sendfile_Type *) io;
   sigset_t pipe_set, old_set, pending;
   int had_sigpipe, e;
   ssize_t n;
   struct timespec zero;

   (void) dontwait;
   if (! sendfile_file_open (sf))
     return -1;
   sigemptyset (&pipe_set);
   sigaddset (&pipe_set, SIGPIPE);
   (void) pthread_sigmask (SIG_BLOCK, &pipe_set, &old_set);
   had_sigpipe = (0 == sigpending (&pending)) && sigismember (&pending, SIGPIPE);
   n = sendfile (fd, sf->file->fd, sf->offp, io->n);
   e = errno;
   if ((n == -1) && (e == EPIPE) && ! had_sigpipe)
     {
	zero.tv_sec = 0;
	zero.tv_nsec = 0;
	while ((-1 == sigtimedwait (&pipe_set, NULL, &zero)) && (errno == EINTR))
	  ;
     }
   (void) pthread_sigmask (SIG_SETMASK, &old_set, NULL);
   errno = e;
   return n;
}

/* The fallback's read of up to io->n bytes into io->p: pread at *offp
 * (advanced), or read.  With dontwait a file that has nothing to read
 * (a pipe) says EAGAIN, and the loop polls it until the deadline. */
static ssize_t sendfile_read_op (int fd, Io_Type *io, int dontwait)
{
   Sendfile_Type *sf = (Sendfile_Type *) io;
   ssize_t n;

   if (! sendfile_file_open (sf))
     return -1;
   if (dontwait)
     {
	struct pollfd p;
	int r;
	p.fd = fd; p.events = POLLIN; p.revents = 0;
	if (0 == (r = poll (&p, 1, 0)))
	  {
	     errno = EAGAIN;
	     return -1;
	  }
	if (r == -1)
	  return -1;
     }
   if (sf->offp == NULL)
     return read (fd, io->p, io->n);
   n = pread (fd, io->p, io->n, *sf->offp);
   if (n > 0)
     *sf->offp += n;
   return n;
}

/* The loop: until count bytes went out (to_eof: until end of file), end
 * of file, or an error.  Returns the bytes sent; *err as sock_call_all's
 * (0: done or end of file), *unsent the bytes read from a file that
 * cannot seek and not sent when an error stopped the call. */
static size_t sendfile_loop (Call_Type *c, Sock_Type *s, Sendfile_Type *sf, off_t count, int to_eof,
			     double deadline, int *err, size_t *unsent)
{
   unsigned char *buf = NULL;
   size_t sent = 0, buflen = 0, bufpos = 0;
   int use_sendfile = 1, reposition = 0;
   off_t pos = 0;

   *err = 0;
   *unsent = 0;
   while (to_eof || ((off_t) sent < count))
     {
	size_t want = (to_eof || (count - (off_t) sent > SENDFILE_MAX)) ? (size_t) SENDFILE_MAX
	  : (size_t) (count - (off_t) sent);
	ssize_t r;

	/* a source that never ends (a socket fed by its own output) must
	 * not outlive the deadline: the waits alone would never see it */
	if ((deadline >= 0) && (sent > 0) && (now_seconds () >= deadline))
	  {
	     *err = ETIMEDOUT;
	     break;
	  }
	if (use_sendfile)
	  {
	     sf->io.n = want;
	     r = sock_call_e (c->name, s, POLLOUT, deadline, sendfile_op, &sf->io, err);
	     if ((r == -1) && ((*err == EINVAL) || (*err == ENOSYS)))
	       {
		  /* the kernel cannot do this pair: read and send */
		  use_sendfile = 0;
		  *err = 0;
		  if ((NULL == (buf = (unsigned char *) SLmalloc (SENDFILE_BUF))))
		    {
		       *err = -1;
		       break;
		    }
		  if ((sf->offp == NULL) && (-1 != (pos = lseek (sf->file->fd, 0, SEEK_CUR))))
		    {
		       /* pread from the position, set at the end to just
			* after what went out: read-ahead is never lost */
		       sf->offp = &pos;
		       reposition = 1;
		    }
		  continue;
	       }
	     if (r == -1)
	       {
		  if (*err == 0) *err = SLang_get_error () ? -1 : 0;
		  break;
	       }
	     if (r == 0)
	       break;		       /* end of file */
	     sent += (size_t) r;
	     if ((size_t) r < want)
	       {
		  /* as sock_call_all: a signal cuts a blocking call short */
		  int h = handle_eintr (s);
		  if (h != 0)
		    {
		       *err = h;
		       break;
		    }
	       }
	     continue;
	  }

	if (bufpos == buflen)
	  {
	     sf->io.p = buf;
	     sf->io.n = (want < SENDFILE_BUF) ? want : SENDFILE_BUF;
	     bufpos = buflen = 0;
	     r = sock_call_e (c->name, sf->file, POLLIN, deadline, sendfile_read_op, &sf->io, err);
	     if (r == -1)
	       {
		  if ((*err == ERR_CLOSED_WAITING) || ((*err == EBADF) && sf->file_closed))
		    {
		       sf->file_closed = 1;
		       *err = EBADF;
		    }
		  if (*err == 0) *err = SLang_get_error () ? -1 : 0;
		  else if (*err != ETIMEDOUT) sf->file_error = 1;
		  break;
	       }
	     if (r == 0)
	       break;		       /* end of file */
	     buflen = (size_t) r;
	     if (! sock_still_open (s))
	       {
		  /* a signal handler closed the socket while the file was
		   * waited for */
		  *err = ERR_CLOSED_WAITING;
		  break;
	       }
	  }
	  {
	     Io_Type io;
	     size_t done;
	     memset (&io, 0, sizeof (io));
	     io.p = buf + bufpos;
	     io.n = buflen - bufpos;
	     done = sock_call_all (c->name, s, POLLOUT, deadline, send_op, &io, 0, err);
	     sent += done;
	     bufpos += done;
	     if (*err != 0)
	       break;
	  }
     }
   if (reposition)
     {
	pos -= (off_t) (buflen - bufpos);
	if (sock_still_open (sf->file))
	  (void) lseek (sf->file->fd, pos, SEEK_SET);
     }
   else if (sf->offp == NULL)
     *unsent = buflen - bufpos;
   SLfree ((char *) buf);
   return sent;
}

void sendfile_intrin (void)
{
   CALL(c, "sendfile", "Int_Type sendfile (FD_Type s, FD_Type file, offset, count ; timeout=secs)");
   Sock_Type s, file;
   Sendfile_Type sf;
   double deadline;
   off_t offset, count;
   int no_offset, to_eof, e, old_flags = -1;
   size_t sent, unsent;

   s.f = NULL;
   file.f = NULL;
   memset (&sf, 0, sizeof (sf));
   if (-1 == check_nargs (&c, 4, 4))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s)))
     goto free_return;
   if (SLang_peek_at_stack () != SLANG_FILE_FD_TYPE)
     {
	(void) drop_type_error (&c, "file must be an FD_Type (open, or fileno of a File_Type)");
	goto free_return;
     }
   if ((-1 == pop_sock_fd (&c, &file))
       || (-1 == pop_off_arg (&c, "offset", &offset, &no_offset))
       || (-1 == pop_off_arg (&c, "count", &count, &to_eof)))
     goto free_return;
   if (s.type != SOCK_STREAM)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: s must be a SOCK_STREAM socket", c.name);
	goto free_return;
     }

   sf.file = &file;
   sf.offp = no_offset ? NULL : &offset;
   /* with a deadline sendfile(2) must not block: s is non-blocking for
    * the call (as connect does), its mode restored after */
   if ((deadline >= 0) && (-1 == set_nonblock (s.fd, 1, &old_flags)))
     {
	throw_errno (c.name, errno);
	goto free_return;
     }
   sent = sendfile_loop (&c, &s, &sf, count, to_eof, deadline, &e, &unsent);
   if ((old_flags != -1) && sock_still_open (&s))
     (void) fcntl (s.fd, F_SETFL, old_flags);

   if (e == 0)
     (void) push_size ((long) sent);
   else if (e == ENOTSOCK)
     throw_errno (c.name, e);
   else if (e != -1)
     {
	/* the exception's object is what did go out (an Int if it fits) */
	long lsent = (long) sent;
	int isent = (int) sent, fits = (lsent <= INT_MAX);
	char lost[96], total[48];

	lost[0] = 0;
	if (unsent > 0)
	  (void) SLsnprintf (lost, sizeof (lost), "; %lu bytes read from the file were not sent",
			     (unsigned long) unsent);
	total[0] = 0;
	if (! to_eof)
	  (void) SLsnprintf (total, sizeof (total), " of %lld", (long long) count);
	throw_with_object (c.name, e, fits ? SLANG_INT_TYPE : SLANG_LONG_TYPE,
			   fits ? (VOID_STAR) &isent : (VOID_STAR) &lsent, "%s: %s%s (%ld%s bytes sent%s)", c.name,
			   sf.file_closed ? "file: " : (sf.file_error ? "reading the file: " : ""),
			   sf.file_closed ? "the file was closed while the call waited (by a signal handler)"
			   : ((e == ERR_CLOSED_WAITING) ? "the socket was closed while the call waited (by a signal handler)"
			      : strerror (e)),
			   lsent, total, lost);
     }

free_return:
   drop_args (&c);
   free_sock (&file);
   free_sock (&s);
}

/*}}}*/

/*{{{ Receiving */

#define RECV_SMALL 2048

/* Push the r bytes received into buf (of size bytes) as a BString; buf
 * is taken over, whatever happens. */
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

/* MSG_WAITALL is finished here when the kernel could not do it all: with
 * a deadline (the kernel is never left waiting), or when the buffer was
 * capped (it grows as data comes, never maxlen up front).  Until maxlen,
 * end of stream, or the deadline.  With a deadline, signals are handled
 * as by every call (SPEC 9); without one the read is one recv(2): a
 * signal, a message carrying descriptors or SO_RCVTIMEO end it with what
 * arrived.  What did arrive is returned (or, after a reset, is the
 * exception's object).  Returns the new count; *bufp and *sizep may grow. */
static ssize_t recv_rest (SLFUTURE_CONST char *call, Sock_Type *s, Io_Type *io, double deadline,
			  unsigned char **bufp, size_t *sizep, ssize_t r, size_t maxlen)
{
   while ((size_t) r < maxlen)
     {
	int e;
	if ((size_t) r == *sizep)
	  {
	     size_t nsize = (maxlen - *sizep > *sizep) ? 2 * *sizep : maxlen;
	     unsigned char *nbuf = (unsigned char *) SLrealloc ((char *) *bufp, (SLstrlen_Type) (nsize + 1));
	     if (nbuf == NULL)
	       {
		  /* return what arrived rather than lose it */
		  (void) SLang_set_error (0);
		  break;
	       }
	     *bufp = nbuf;
	     *sizep = nsize;
	  }
	io->p = *bufp + r;
	io->n = *sizep - (size_t) r;
	r += (ssize_t) sock_call_all (call, s, POLLIN, deadline, recv_op, io, 1, &e);
	if ((e == 0) && (io->n == 0))
	  continue;		       /* the buffer is full: grow it */
	if ((e == 0) || (e == -1) || (e == ETIMEDOUT) || (e == EAGAIN) || (e == EWOULDBLOCK)
	    || (e == ERR_CLOSED_WAITING))
	  break;
	/* another error (a reset): what did arrive is the object */
	throw_with_data (call, e, *bufp, (size_t) r, "%s: %s (after %ld bytes, which are the exception's object)",
			 call, strerror (e), (long) r);
	break;
     }
   return r;
}

/* recv (s, maxlen [, flags]) and recvfrom (s, maxlen [, flags]) */
static void do_recv (int is_recvfrom)
{
   CALL(c, "recv", "BString_Type recv (FD_Type s, Int_Type maxlen [, flags] ; timeout=secs)");
   Sock_Type s;
   Io_Type io;
   struct sockaddr_storage ss;
   unsigned char *buf = NULL, small[RECV_SMALL];
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
   if (! is_recvfrom && two_args_in_place (&c, SLANG_INT_TYPE, SLANG_INT_TYPE))
     {
	if (-1 == get_deadline (c.name, &deadline))
	  goto free_return;
	c.left--;
	if ((-1 == SLang_pop_int (&maxlen))
	    || (-1 == pop_sock_fd (&c, &s)))
	  goto free_return;
     }
   else if (-1 == check_nargs (&c, 2, 3))
     return;
   else if ((-1 == get_deadline (c.name, &deadline))
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
   /* a small read (ping-pong, a command) goes through the stack: one
    * allocation, the BString's, instead of two */
   if ((size <= sizeof (small)) && ! (io.flags & MSG_WAITALL))
     buf = small;
   else if (NULL == (buf = (unsigned char *) SLmalloc (size + 1)))
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
	throw_cut_datagram (c.name, buf, size, r, "");
	goto free_return;
     }
   if (is_recvfrom && (-1 == (peer_gone = sender_address (c.name, &s, &ss, &io.salen))))
     goto free_return;
   io.sa = NULL;		       /* the rest of a MSG_WAITALL read */
   if ((io.flags & MSG_WAITALL) && ! (io.flags & (MSG_PEEK | MSG_OOB | MSG_TRUNC))
       && (r > 0) && ((size_t) r < (size_t) maxlen)
       && ((deadline >= 0) || ((size_t) r == size))
       && (0 == sock_info (c.name, &s)) && (s.type == SOCK_STREAM))
     r = recv_rest (c.name, &s, &io, deadline, &buf, &size, r, (size_t) maxlen);
   if (SLang_get_error ())
     goto free_return;
   if (buf == small)
     {
	SLang_BString_Type *b = SLbstring_create (buf, (SLstrlen_Type) (((size_t) r > size) ? size : (size_t) r));
	buf = NULL;
	if ((b == NULL) || (-1 == SLang_push_bstring (b)))
	  {
	     if (b != NULL) SLbstring_free (b);
	     goto free_return;
	  }
	SLbstring_free (b);
     }
   else if (-1 == push_received (buf, size, r))
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
   if (buf != small) SLfree ((char *) buf);
   free_sock (&s);
}

void recv_intrin (void) { do_recv (0); }
void recvfrom_intrin (void) { do_recv (1); }

/*}}}*/
