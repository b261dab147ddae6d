/* transfer.c: send, sendto, recv, recvfrom, sendall, send_fds, recv_fds.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "transfer.h"

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

/*{{{ Receiving */

#define RECV_STREAM_CAP (1024 * 1024)
#define RECV_SMALL 2048
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
	Io_Type io;
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
	 * real read: room for any UDP datagram at least, and the caller
	 * reports a longer one rather than cut it silently */
	if ((size_t) r < RECV_DGRAM_MIN) r = RECV_DGRAM_MIN;
	if ((size_t) r < size) size = (size_t) r;
     }
   *sizep = size;
   return 0;
}

/* A datagram longer than the buffer sized by a peek: never cut silently. */
static void throw_cut_datagram (SLFUTURE_CONST char *call, unsigned char *buf, size_t size, ssize_t r,
				SLFUTURE_CONST char *also)
{
   throw_with_data (call, EMSGSIZE, buf, size,
		    "%s: a datagram of %ld bytes was cut to %lu (another reader took the one whose size was looked at); the exception's object is what was read%s",
		    call, (long) r, (unsigned long) size, also);
}

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
   if (is_recvfrom && (io.salen < (socklen_t) sizeof (sa_family_t)))
     {
	if (-1 == sock_info (c.name, &s))
	  goto free_return;
	/* a connected stream socket does not report the sender: ask now,
	 * while the descriptor is surely still this socket.  If the
	 * connection is already gone the data is returned all the same,
	 * with NULL for the address. */
	io.salen = sizeof (ss);
	if ((s.domain != AF_UNIX) && (-1 == getpeername (s.fd, io.sa, &io.salen)))
	  peer_gone = 1;
	if (s.domain == AF_UNIX) io.salen = 0;
     }
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

/*{{{ Passing descriptors */

#define MAX_PASS_FDS 253		       /* SCM_MAX_FD */

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

void send_fds_intrin (void)
{
   CALL(c, "send_fds", "Int_Type send_fds (FD_Type s, data, FD_Type[] fds ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   SLang_Array_Type *at = NULL;
   int *fds = NULL;
   unsigned int nfds = 0;
   Io_Type io;
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

void recv_fds_intrin (void)
{
   CALL(c, "recv_fds", "(data, fds) = recv_fds (FD_Type s, Int_Type maxlen, Int_Type maxfds ; timeout=secs)");
   Sock_Type s;
   Io_Type io;
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
   /* room for maxfds descriptors plus one (so that more than maxfds is
    * told from "no room in the process"), plus credentials (SO_PASSCRED) */
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
   if (nfds > (unsigned int) maxfds)
     {
	close_fds (fds, nfds);
	SLerrno_set_errno (EMSGSIZE);
	SLang_verror (SocketError, "%s: more descriptors arrived than maxfds=%d allows; those that arrived were closed",
		      c.name, maxfds);
	goto free_return;
     }
   if (msg.msg_flags & MSG_CTRUNC)
     {
	/* there was room for one more than maxfds: the kernel could not
	 * install them, the process is out of descriptors */
	close_fds (fds, nfds);
	SLerrno_set_errno (EMFILE);
	SLang_verror (SocketError, "%s: descriptors arrived but the process has no room for them (%s); those that were installed were closed",
		      c.name, strerror (EMFILE));
	goto free_return;
     }
   if (sized_by_peek && ((size_t) r > size))
     {
	close_fds (fds, nfds);
	throw_cut_datagram (c.name, buf, size, r, ", its descriptors were closed");
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
