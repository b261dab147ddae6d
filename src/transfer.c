/* transfer.c: send, sendto, recv, recvfrom, sendall.
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
