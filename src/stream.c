/* stream.c: buffered streams over any FD_Type (SPEC 13).
 *
 * A Stream_Type owns a read buffer and a write buffer in front of a
 * descriptor (a socket, a pipe, a tty); it never changes the descriptor's
 * blocking mode.  The one rule that makes line protocols safe: no byte is
 * ever lost.  Whatever was read stays in the read buffer until a call
 * returns it -- a deadline that expires, a line over the limit, a reset
 * after data all leave it there -- and whatever was not written stays in
 * the write buffer, the exception's object saying how much did go out.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "stream.h"

typedef struct
{
   SLFile_FD_Type *f;		       /* NULL once closed */
   int is_socket;
   unsigned char *rbuf;		       /* unread bytes: rbuf[rpos .. rpos + rlen) */
   size_t rpos, rlen, rsize;
   size_t scanned;		       /* of rlen, searched for a delimiter */
   unsigned char *wbuf;		       /* unwritten bytes: wbuf[0 .. wlen) */
   size_t wlen, wsize;
   size_t bufsize, limit;
   int eof;			       /* a read returned 0 */
   int starved;			       /* the last read wanted more than rlen */
   int closed;			       /* stream_close closed f (kept till the end) */
   int busy;			       /* a read or write is in progress */
   int rerr;			       /* a read error, raised once rlen is 0 */
}
Stream_Type;

/* A read or write of st from a signal handler while another one waits
 * on st would move its buffers under it: refused (EBUSY).  0 or -1. */
static int enter (SLFUTURE_CONST char *call, Stream_Type *st)
{
   if (! st->busy)
     {
	st->busy = 1;
	return 0;
     }
   SLerrno_set_errno (EBUSY);
   SLang_verror (SocketError, "%s: the stream is in use by the call this signal handler interrupted", call);
   return -1;
}

static SLtype Stream_Type_Id = 0;

SLtype stream_type_id (void)
{
   return Stream_Type_Id;
}

/*{{{ The descriptor: reads and writes that keep a deadline */

/* A pipe or tty has no MSG_DONTWAIT: with a deadline, poll first. */
static int ready_now (int fd, short events)
{
   struct pollfd p;
   p.fd = fd; p.events = events; p.revents = 0;
   if (poll (&p, 1, 0) > 0)
     return 1;
   errno = EAGAIN;
   return 0;
}

static ssize_t socket_read_op (int fd, Io_Type *io, int dontwait)
{
   return recv (fd, io->p, io->n, dontwait ? MSG_DONTWAIT : 0);
}

static ssize_t file_read_op (int fd, Io_Type *io, int dontwait)
{
   if (dontwait && ! ready_now (fd, POLLIN))
     return -1;
   return read (fd, io->p, io->n);
}

static ssize_t socket_write_op (int fd, Io_Type *io, int dontwait)
{
   return send (fd, io->p, io->n, MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0));
}

/* write(2) to a pipe whose reader is gone raises SIGPIPE, which would
 * kill the interpreter: it is blocked around the call and a SIGPIPE this
 * call caused is taken back, so the caller sees EPIPE as with sockets.
 * With a deadline at most PIPE_BUF bytes go at once: POLLOUT promises
 * room for that much, so the write cannot block. */
static ssize_t file_write_op (int fd, Io_Type *io, int dontwait)
{
   sigset_t pipe_set, old, pending;
   size_t n = io->n;
   ssize_t r;
   int e, was_pending;

   if (dontwait)
     {
	if (! ready_now (fd, POLLOUT))
	  return -1;
	if (n > PIPE_BUF) n = PIPE_BUF;
     }
   (void) sigemptyset (&pipe_set);
   (void) sigaddset (&pipe_set, SIGPIPE);
   (void) sigpending (&pending);
   was_pending = sigismember (&pending, SIGPIPE);
   (void) pthread_sigmask (SIG_BLOCK, &pipe_set, &old);
   r = write (fd, io->p, n);
   e = errno;
   if ((r == -1) && (e == EPIPE) && ! was_pending)
     {
	struct timespec zero = {0, 0};
	(void) sigtimedwait (&pipe_set, NULL, &zero);
     }
   (void) pthread_sigmask (SIG_SETMASK, &old, NULL);
   errno = e;
   return r;
}

/* The stream's descriptor as a Sock_Type for the blocking loop. */
static int stream_sock (SLFUTURE_CONST char *call, Stream_Type *st, Sock_Type *s)
{
   /* st->f lives as long as st, which the call holds: a signal handler
    * that closes the stream while the call waits is found through it */
   s->f = st->f;
   s->domain = s->type = -1;
   if (! st->closed && (0 == SLfile_get_fd (st->f, &s->fd)))
     return 0;
   SLerrno_set_errno (EBADF);
   SLang_verror (SocketError, "%s: %s", call, st->closed ? "the stream is closed" : strerror (EBADF));
   return -1;
}

/*}}}*/

/*{{{ The read buffer */

/* Read once more into the buffer (at least bufsize bytes of room).
 * 1: bytes came; 0: end of stream, or a read error kept for later (the
 * bytes before it are returned first); -1: raised (ETIMEDOUT, EAGAIN, a
 * signal handler's error), every byte kept. */
static int fill (SLFUTURE_CONST char *call, Stream_Type *st, double deadline)
{
   Sock_Type s;
   Io_Type io;
   ssize_t r;
   int e;

   if (st->eof || st->rerr)
     return 0;
   if (-1 == stream_sock (call, st, &s))
     return -1;
   if (st->rpos + st->rlen + st->bufsize > st->rsize)
     {
	if ((st->rpos > 0) && (st->rlen + st->bufsize <= st->rsize))
	  memmove (st->rbuf, st->rbuf + st->rpos, st->rlen);
	else
	  {
	     size_t nsize = st->rsize;
	     unsigned char *nbuf;
	     while (nsize < st->rlen + st->bufsize) nsize *= 2;
	     if (NULL == (nbuf = (unsigned char *) SLmalloc (nsize)))
	       return -1;
	     memcpy (nbuf, st->rbuf + st->rpos, st->rlen);
	     SLfree ((char *) st->rbuf);
	     st->rbuf = nbuf;
	     st->rsize = nsize;
	  }
	st->rpos = 0;
     }
   memset (&io, 0, sizeof (io));
   io.p = st->rbuf + st->rpos + st->rlen;
   io.n = st->rsize - st->rpos - st->rlen;
   r = sock_call_e (call, &s, POLLIN, deadline, st->is_socket ? socket_read_op : file_read_op, &io, &e);
   if (r > 0)
     {
	st->rlen += (size_t) r;
	st->starved = 0;
	return 1;
     }
   if (r == 0)
     {
	st->eof = 1;
	return 0;
     }
   if ((e == 0) || (e == ETIMEDOUT) || (e == EAGAIN) || (e == EWOULDBLOCK) || (e == ERR_CLOSED_WAITING))
     {
	/* what is buffered is not enough: until more comes the stream is
	 * not ready from its buffer (poll, the selector), or a watched
	 * stream holding half a line would be reported again and again */
	st->starved = 1;
	if (e) throw_errno (call, e);
	return -1;
     }
   if (st->rlen == 0)
     {
	throw_errno (call, e);
	return -1;
     }
   st->rerr = e;		       /* after the bytes that came before it */
   return 0;
}

/* Take n buffered bytes off the front. */
static void consume (Stream_Type *st, size_t n)
{
   st->rpos += n;
   st->rlen -= n;
   st->scanned = 0;
   st->starved = 0;
   if (st->rlen == 0) st->rpos = 0;
}

/* Push n buffered bytes as a BString (or a String) and consume them. */
static int push_taken (Stream_Type *st, size_t n, int as_string)
{
   int status;

   if (as_string)
     {
	/* an slstring of exactly n bytes (a NUL in the line is kept), handed
	 * to the stack as it is: SLang_push_string would copy it by strlen */
	char *s = SLang_create_nslstring ((char *) st->rbuf + st->rpos, (SLstrlen_Type) n);
	if (s == NULL) return -1;
	if (-1 == (status = SLclass_push_ptr_obj (SLANG_STRING_TYPE, (VOID_STAR) s)))
	  SLang_free_slstring (s);
     }
   else
     {
	SLang_BString_Type *b = SLbstring_create (st->rbuf + st->rpos, (SLstrlen_Type) n);
	if (b == NULL) return -1;
	status = SLang_push_bstring (b);
	SLbstring_free (b);
     }
   if (status == 0)
     consume (st, n);
   return status;
}

/* Nothing buffered at the end of the stream: NULL, or the read error
 * that ended it (raised once). */
static int push_end (SLFUTURE_CONST char *call, Stream_Type *st)
{
   if (st->rerr)
     {
	int e = st->rerr;
	st->rerr = 0;
	st->eof = 1;
	throw_errno (call, e);
	return -1;
     }
   return SLang_push_null ();
}

/* The bytes up to and including delim (readline, read_until). */
static void read_delimited (SLFUTURE_CONST char *call, Stream_Type *st, unsigned char *delim, size_t dlen,
			    int as_string, double deadline)
{
   while (1)
     {
	unsigned char *base = st->rbuf + st->rpos, *hit = NULL;
	size_t from = (st->scanned >= dlen) ? st->scanned - dlen + 1 : 0;

	if (st->rlen >= from + dlen)
	  hit = (dlen == 1) ? (unsigned char *) memchr (base + from, delim[0], st->rlen - from)
	    : (unsigned char *) memmem (base + from, st->rlen - from, delim, dlen);
	if (hit != NULL)
	  {
	     size_t n = (size_t) (hit - base) + dlen;
	     if (n > st->limit) break;
	     (void) push_taken (st, n, as_string);
	     return;
	  }
	st->scanned = st->rlen;
	if (st->rlen >= st->limit) break;
	switch (fill (call, st, deadline))
	  {
	   case -1: return;
	   case 0:
	     if (st->rlen > 0)
	       (void) push_taken (st, st->rlen, as_string);
	     else
	       (void) push_end (call, st);
	     return;
	  }
     }
   SLerrno_set_errno (EMSGSIZE);
   SLang_verror (SocketError, "%s: no delimiter within limit=%lu bytes (%lu are buffered; stream_read_some takes them)",
		 call, (unsigned long) st->limit, (unsigned long) st->rlen);
}

/*}}}*/

/*{{{ The write buffer */

/* Write out the whole buffer.  0: done; otherwise the errno value (not
 * raised; -1 if an error was raised), *sent the bytes that went out. */
static int write_out (SLFUTURE_CONST char *call, Stream_Type *st, double deadline, size_t *sent)
{
   Sock_Type s;
   Io_Type io;
   int e;

   *sent = 0;
   if (-1 == stream_sock (call, st, &s))
     return -1;
   if (st->wlen == 0)
     return 0;
   memset (&io, 0, sizeof (io));
   io.p = st->wbuf;
   io.n = st->wlen;
   *sent = sock_call_all (call, &s, POLLOUT, deadline, st->is_socket ? socket_write_op : file_write_op, &io, 0, &e);
   if (*sent > 0)
     {
	memmove (st->wbuf, st->wbuf + *sent, st->wlen - *sent);
	st->wlen -= *sent;
     }
   if ((st->wlen > 0) && (e == 0))
     e = EIO;			       /* write(2) returned 0 */
   return e;
}

/* Raise a write error whose object is the count that did go out. */
static void throw_write_error (SLFUTURE_CONST char *call, Stream_Type *st, int e, size_t sent)
{
   long n = (long) sent;
   int isent = (int) sent, fits = (n <= INT_MAX);

   if (e == -1)
     return;			       /* a signal handler's error stands */
   throw_with_object (call, e, fits ? SLANG_INT_TYPE : SLANG_LONG_TYPE, fits ? (VOID_STAR) &isent : (VOID_STAR) &n,
		      "%s: %s (%ld bytes went out, %lu are still buffered)", call,
		      (e == ERR_CLOSED_WAITING) ? "the descriptor was closed while the call waited" : strerror (e),
		      n, (unsigned long) st->wlen);
}

/*}}}*/

/*{{{ The class */

static void free_stream (Stream_Type *st)
{
   if (st->f != NULL) SLfile_free_fd (st->f);
   SLfree ((char *) st->rbuf);
   SLfree ((char *) st->wbuf);
   SLfree ((char *) st);
}

/* The last reference is gone: what is still buffered for writing goes
 * out if the descriptor takes it at once (never waiting), then the
 * stream lets go of its descriptor. */
static void destroy_stream (SLtype type, VOID_STAR p)
{
   Stream_Type *st = (Stream_Type *) p;
   Sock_Type s;
   (void) type;
   if ((st->wlen > 0) && ! st->closed && (0 == SLfile_get_fd (st->f, &s.fd)))
     {
	Io_Type io;
	memset (&io, 0, sizeof (io));
	io.p = st->wbuf;
	io.n = st->wlen;
	while (io.n > 0)
	  {
	     ssize_t r = (st->is_socket ? socket_write_op : file_write_op) (s.fd, &io, 1);
	     if (r <= 0) break;
	     io.p += r;
	     io.n -= (size_t) r;
	  }
     }
   free_stream (st);
}

/* foreach line (st) [using ("line")]: the lines of stream_readline
 * until the end of the stream, at the cost of a loop step, not of a
 * function call. */
struct _pSLang_Foreach_Context_Type
{
   SLang_MMT_Type *mmt;
   Stream_Type *st;
};

static SLang_Foreach_Context_Type *foreach_open (SLtype type, unsigned int num)
{
   SLang_Foreach_Context_Type *c;
   SLang_MMT_Type *mmt;
   char *s = NULL;
   int ok;

   if (NULL == (mmt = SLang_pop_mmt (type)))
     {
	(void) SLdo_pop_n (num);
	return NULL;
     }
   ok = (num == 0) || ((num == 1) && (0 == SLang_pop_slstring (&s)) && (0 == strcmp (s, "line")));
   if (s != NULL) SLang_free_slstring (s);
   if (! ok)
     {
	if (num > 1) (void) SLdo_pop_n (num);
	SLang_verror (SL_NotImplemented_Error, "foreach (Stream_Type) takes only using (\"line\")");
	SLang_free_mmt (mmt);
	return NULL;
     }
   if (NULL == (c = (SLang_Foreach_Context_Type *) SLmalloc (sizeof (SLang_Foreach_Context_Type))))
     {
	SLang_free_mmt (mmt);
	return NULL;
     }
   c->mmt = mmt;
   c->st = (Stream_Type *) SLang_object_from_mmt (mmt);
   return c;
}

static void foreach_close (SLtype type, SLang_Foreach_Context_Type *c)
{
   (void) type;
   if (c == NULL) return;
   SLang_free_mmt (c->mmt);
   SLfree ((char *) c);
}

/* 1: a line was pushed; 0: the end; -1: an error */
static int foreach_next (SLtype type, SLang_Foreach_Context_Type *c)
{
   int depth = SLstack_depth ();
   (void) type;
   if (-1 == enter ("foreach (Stream_Type)", c->st))
     return -1;
   read_delimited ("foreach (Stream_Type)", c->st, (unsigned char *) "\n", 1, 1, -1.0);
   c->st->busy = 0;
   if (SLang_get_error ())
     return -1;
   if (SLang_peek_at_stack () == SLANG_NULL_TYPE)
     {
	(void) SLdo_pop ();
	return 0;
     }
   return (SLstack_depth () > depth) ? 1 : -1;
}

int init_stream_class (void)
{
   SLang_Class_Type *cl;

   if (Stream_Type_Id != 0)
     return 0;
   if ((NULL == (cl = SLclass_allocate_class ("Stream_Type")))
       || (-1 == SLclass_set_destroy_function (cl, destroy_stream))
       || (-1 == SLclass_set_foreach_functions (cl, foreach_open, foreach_next, foreach_close))
       || (-1 == SLclass_register_class (cl, SLANG_VOID_TYPE, sizeof (Stream_Type), SLANG_CLASS_TYPE_MMT)))
     return -1;
   Stream_Type_Id = (SLtype) SLclass_get_class_id (cl);
   return 0;
}

int stream_poll_info (SLang_MMT_Type *mmt, SLFile_FD_Type **fp, int *buffered)
{
   Stream_Type *st = (Stream_Type *) SLang_object_from_mmt (mmt);
   if (st == NULL) return -1;
   *fp = st->closed ? NULL : st->f;
   /* bytes that the last read found too few do not make the stream
    * ready (it would spin in a loop), unless they hold a whole line */
   *buffered = ((st->rlen > 0)
		&& (! st->starved || (NULL != memchr (st->rbuf + st->rpos, '\n', st->rlen))))
     || st->rerr;
   return 0;
}

/* Pop a Stream_Type argument: free *mmtp with SLang_free_mmt. */
static int pop_stream (Call_Type *c, SLang_MMT_Type **mmtp, Stream_Type **stp)
{
   *mmtp = NULL;
   if (c->left <= 0)
     return -1;
   if ((SLtype) SLang_peek_at_stack () != Stream_Type_Id)
     return drop_type_error (c, "expected a Stream_Type");
   c->left--;
   if (NULL == (*mmtp = SLang_pop_mmt (Stream_Type_Id)))
     return -1;
   *stp = (Stream_Type *) SLang_object_from_mmt (*mmtp);
   return 0;
}

/* The common start of every call: (st [, more args]) and ;timeout=. */
static int start_call (Call_Type *c, int min, int max, SLang_MMT_Type **mmtp, Stream_Type **stp, double *deadline)
{
   *mmtp = NULL;
   if (-1 == check_nargs (c, min, max))
     return -1;
   if (((deadline != NULL) && (-1 == get_deadline (c->name, deadline)))
       || (-1 == pop_stream (c, mmtp, stp)))
     return drop_args (c);
   return 0;
}

static void end_call (Call_Type *c, SLang_MMT_Type *mmt)
{
   drop_args (c);
   if (mmt != NULL) SLang_free_mmt (mmt);
}



/*}}}*/

/*{{{ Intrinsics */

static int get_size_qualifier (SLFUTURE_CONST char *call, SLFUTURE_CONST char *name, size_t *v, int defval)
{
   int i;
   if (-1 == get_int_qualifier (call, name, &i, defval))
     return -1;
   if (i < 1)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s=%d must be at least 1", call, name, i);
	return -1;
     }
   *v = (size_t) i;
   return 0;
}

void stream_new_intrin (void)
{
   CALL(c, "stream_new", "Stream_Type stream_new (FD_Type fd ; bufsize=65536, limit=1048576)");
   Stream_Type *st = NULL;
   Sock_Type s;
   struct stat sb;

   if (-1 == check_nargs (&c, 1, 1))
     return;
   if (NULL == (st = (Stream_Type *) SLcalloc (1, sizeof (Stream_Type))))
     {
	drop_args (&c);
	return;
     }
   if ((-1 == get_size_qualifier (c.name, "bufsize", &st->bufsize, 65536))
       || (-1 == get_size_qualifier (c.name, "limit", &st->limit, 1048576))
       || ((SLang_peek_at_stack () != SLANG_FILE_FD_TYPE)
	   && (-1 == drop_type_error (&c, "expected an FD_Type (a socket, pipe or tty)")))
       || (-1 == pop_sock_fd (&c, &s)))
     {
	drop_args (&c);
	SLfree ((char *) st);
	return;
     }
   st->f = s.f;			       /* the stream's reference now */
   st->is_socket = (0 == fstat (s.fd, &sb)) && S_ISSOCK (sb.st_mode);
   st->rsize = st->bufsize;
   if (NULL == (st->rbuf = (unsigned char *) SLmalloc (st->rsize)))
     {
	free_stream (st);
	return;
     }
   push_new_mmt (Stream_Type_Id, (VOID_STAR) st, destroy_stream);
}

void stream_readline_intrin (void)
{
   CALL(c, "stream_readline", "String_Type stream_readline (Stream_Type st ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   double deadline;

   if (-1 == start_call (&c, 1, 1, &mmt, &st, &deadline))
     return;
   if (0 == enter (c.name, st))
     {
	read_delimited (c.name, st, (unsigned char *) "\n", 1, 1, deadline);
	st->busy = 0;
     }
   end_call (&c, mmt);
}

void stream_read_until_intrin (void)
{
   CALL(c, "stream_read_until", "BString_Type stream_read_until (Stream_Type st, delim ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   Data_Type d;
   double deadline;

   memset (&d, 0, sizeof (d));
   if (-1 == start_call (&c, 2, 2, &mmt, &st, &deadline))
     return;
   if (0 == pop_data_arg (&c, "delim", &d))
     {
	if (d.n == 0)
	  SLang_verror (SL_InvalidParm_Error, "%s: delim must be at least one byte", c.name);
	else if (0 == enter (c.name, st))
	  {
	     read_delimited (c.name, st, d.p, d.n, 0, deadline);
	     st->busy = 0;
	  }
     }
   free_data (&d);
   end_call (&c, mmt);
}

/* read (n): exactly n bytes, fewer only at the end; read_some: what is
 * buffered, else one read. */
static void do_read (int some)
{
   CALL(c, "stream_read", "BString_Type stream_read (Stream_Type st, Int_Type n ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   double deadline;
   int n;

   if (some)
     {
	c.name = "stream_read_some";
	c.usage = "BString_Type stream_read_some (Stream_Type st, Int_Type maxlen ; timeout=secs)";
     }
   if (-1 == start_call (&c, 2, 2, &mmt, &st, &deadline))
     return;
   if (0 == pop_int_arg (&c, some ? "maxlen" : "n", &n))
     {
	if (n < 0)
	  SLang_verror (SL_InvalidParm_Error, "%s: %s must not be negative", c.name, some ? "maxlen" : "n");
	else if (0 == enter (c.name, st))
	  {
	     int r = 1;
	     while ((r == 1) && (st->rlen < (size_t) n) && ! (some && (st->rlen > 0)))
	       r = fill (c.name, st, deadline);
	     if (r == -1)
	       ;
	     else if ((st->rlen == 0) && (n > 0))
	       (void) push_end (c.name, st);
	     else
	       (void) push_taken (st, (st->rlen < (size_t) n) ? st->rlen : (size_t) n, 0);
	     st->busy = 0;
	  }
     }
   end_call (&c, mmt);
}

void stream_read_intrin (void) { do_read (0); }
void stream_read_some_intrin (void) { do_read (1); }

void stream_pending_intrin (void)
{
   CALL(c, "stream_pending", "Int_Type stream_pending (Stream_Type st)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;

   if (-1 == start_call (&c, 1, 1, &mmt, &st, NULL))
     return;
   (void) push_size ((long) st->rlen);
   end_call (&c, mmt);
}

void stream_write_intrin (void)
{
   CALL(c, "stream_write", "Int_Type stream_write (Stream_Type st, data ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   Data_Type d;
   double deadline;
   Sock_Type s;

   memset (&d, 0, sizeof (d));
   if (-1 == start_call (&c, 2, 2, &mmt, &st, &deadline))
     return;
   if ((0 == pop_data_arg (&c, "data", &d)) && (0 == stream_sock (c.name, st, &s))
       && (0 == enter (c.name, st)))
     {
	size_t sent;
	int e = 0;
	if (st->wlen + d.n > st->wsize)
	  {
	     size_t nsize = (st->wsize == 0) ? st->bufsize : st->wsize;
	     unsigned char *nbuf;
	     while (nsize < st->wlen + d.n) nsize *= 2;
	     if (NULL == (nbuf = (unsigned char *) SLrealloc ((char *) st->wbuf, nsize)))
	       {
		  st->busy = 0;
		  goto free_return;
	       }
	     st->wbuf = nbuf;
	     st->wsize = nsize;
	  }
	if (d.n > 0)		       /* a fresh stream has no wbuf yet */
	  memcpy (st->wbuf + st->wlen, d.p, d.n);
	st->wlen += d.n;
	if ((st->wlen >= st->bufsize) && (0 != (e = write_out (c.name, st, deadline, &sent))))
	  throw_write_error (c.name, st, e, sent);
	else
	  (void) push_size ((long) d.n);
	st->busy = 0;
     }
free_return:
   free_data (&d);
   end_call (&c, mmt);
}

void stream_flush_intrin (void)
{
   CALL(c, "stream_flush", "stream_flush (Stream_Type st ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   double deadline;
   size_t sent;
   int e;

   if (-1 == start_call (&c, 1, 1, &mmt, &st, &deadline))
     return;
   if (0 == enter (c.name, st))
     {
	if (0 != (e = write_out (c.name, st, deadline, &sent)))
	  throw_write_error (c.name, st, e, sent);
	st->busy = 0;
     }
   end_call (&c, mmt);
}

void stream_fd_intrin (void)
{
   CALL(c, "stream_fd", "FD_Type stream_fd (Stream_Type st)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   Sock_Type s;

   if (-1 == start_call (&c, 1, 1, &mmt, &st, NULL))
     return;
   if (st->closed)
     (void) stream_sock (c.name, st, &s);
   else
     (void) SLfile_push_fd (st->f);
   end_call (&c, mmt);
}

/* Flush, then close the descriptor (with the interpreter's own close,
 * so that every FD_Type reference sees it closed).  A flush that fails
 * raises and leaves the stream open, its bytes buffered. */
void stream_close_intrin (void)
{
   CALL(c, "stream_close", "stream_close (Stream_Type st ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Stream_Type *st;
   double deadline;
   size_t sent;
   int e, status;

   if (-1 == start_call (&c, 1, 1, &mmt, &st, &deadline))
     return;
   if (st->closed)
     ;				       /* closing twice is harmless */
   else if (! st->busy && (0 != (e = write_out (c.name, st, deadline, &sent))))
     throw_write_error (c.name, st, e, sent);
   else if ((errno = 0, 0 == SLfile_push_fd (st->f))
	    && (1 == SLang_execute_function ("close"))
	    && (0 == SLang_pop_int (&status)))
     {
	/* from a signal handler during a read or write of this stream
	 * (busy) nothing is flushed: the interrupted call ends with EBADF */
	st->closed = 1;
	if (status != 0)
	  throw_errno (c.name, errno ? errno : EBADF);
     }
   end_call (&c, mmt);
}

/*}}}*/
