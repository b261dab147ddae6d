/* loop.c: a selector over epoll, and an event loop with timers (SPEC 14).
 *
 * The selector keeps one entry per watched descriptor, indexed by its
 * number, each with a generation that travels in the epoll event: an
 * event for an entry that has since been removed, or whose descriptor
 * was closed (and its number perhaps reused at once), is never reported.
 * A Stream_Type with bytes buffered is ready for POLLIN without waiting.
 * Level-triggered: what is not read is reported again.
 *
 * The loop sits on a selector: watches are its entries, timers a binary
 * heap, so a wakeup costs O(ready + log timers), not O(watched).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "loop.h"
#include <stdint.h>
#include <sys/epoll.h>

#define SEL_EVENTS (POLLIN | POLLPRI | POLLOUT | POLLERR | POLLHUP | POLLRDHUP)

/*{{{ The selector */

typedef struct
{
   SLang_Any_Type *obj;		       /* the FD_Type or Stream_Type given */
   SLFile_FD_Type *f;		       /* an FD_Type's own (NULL for a stream) */
   SLang_MMT_Type *stream;	       /* a stream's (NULL for an FD_Type) */
   SLang_Any_Type *data;	       /* selector_add's data */
   VOID_STAR user;		       /* the loop's watch */
   int fd;
   unsigned int gen;
   int events;
   int stream_slot;		       /* in Sel->streams, or -1 */
   unsigned int mark;		       /* the wait that reported it */
}
Sel_Entry_Type;

typedef struct
{
   int epfd;			       /* -1: closed */
   Sel_Entry_Type **by_fd;
   unsigned int nby_fd;
   unsigned int count;
   unsigned int gen;
   unsigned int wait_no;
   Sel_Entry_Type **streams;	       /* entries of streams (buffered bytes) */
   unsigned int nstreams, streams_size;
   struct epoll_event *evbuf;
   unsigned int evsize;
   Sel_Entry_Type **ready;	       /* the last wait's, with ready_ev */
   int *ready_ev;
   unsigned int nready, ready_size;
   void (*on_drop) (VOID_STAR owner, Sel_Entry_Type *e);   /* the loop's */
   int (*after_signal) (VOID_STAR owner);		     /* the loop's */
   VOID_STAR owner;
   double next_sweep;		       /* when closed entries are looked for */
   int interrupted;		       /* after_signal asked to stop waiting */
   unsigned int stale_rounds;	       /* waits that woke for stale events only */
}
Sel_Type;

static int sel_init (SLFUTURE_CONST char *call, Sel_Type *sel)
{
   memset (sel, 0, sizeof (Sel_Type));
   if (-1 == (sel->epfd = epoll_create1 (EPOLL_CLOEXEC)))
     {
	throw_errno (call, errno);
	return -1;
     }
   return 0;
}

/* The descriptor of e now: -1 if its FD_Type or stream was closed (or
 * the number now means another descriptor). */
static int entry_fd (Sel_Entry_Type *e, int *buffered)
{
   SLFile_FD_Type *f = e->f;
   int fd;

   *buffered = 0;
   if ((e->stream != NULL) && (-1 == stream_poll_info (e->stream, &f, buffered)))
     return -1;
   if ((f == NULL) || (-1 == SLfile_get_fd (f, &fd)) || (fd != e->fd))
     return -1;
   return fd;
}

static void free_entry (Sel_Entry_Type *e)
{
   if (e->obj != NULL) SLang_free_anytype (e->obj);
   if (e->data != NULL) SLang_free_anytype (e->data);
   if (e->f != NULL) SLfile_free_fd (e->f);
   if (e->stream != NULL) SLang_free_mmt (e->stream);
   SLfree ((char *) e);
}

/* Take e out of sel (and out of epoll, if its descriptor is still e's). */
static void sel_drop (Sel_Type *sel, Sel_Entry_Type *e)
{
   int b;
   if ((e->user != NULL) && (sel->on_drop != NULL))
     (*sel->on_drop) (sel->owner, e);
   if (entry_fd (e, &b) != -1)
     (void) epoll_ctl (sel->epfd, EPOLL_CTL_DEL, e->fd, NULL);
   sel->by_fd[e->fd] = NULL;
   sel->count--;
   if (e->stream_slot != -1)
     {
	Sel_Entry_Type *last = sel->streams[--sel->nstreams];
	sel->streams[e->stream_slot] = last;
	last->stream_slot = e->stream_slot;
     }
   free_entry (e);
}

static void sel_release (Sel_Type *sel)
{
   unsigned int i;
   for (i = 0; i < sel->nby_fd; i++)
     if (sel->by_fd[i] != NULL) sel_drop (sel, sel->by_fd[i]);
   if (sel->epfd != -1) (void) close (sel->epfd);
   sel->epfd = -1;
   SLfree ((char *) sel->by_fd);
   SLfree ((char *) sel->streams);
   SLfree ((char *) sel->evbuf);
   SLfree ((char *) sel->ready);
   SLfree ((char *) sel->ready_ev);
   sel->by_fd = sel->streams = sel->ready = NULL;
   sel->evbuf = NULL;
   sel->ready_ev = NULL;
   sel->nby_fd = sel->nstreams = sel->streams_size = sel->evsize = sel->nready = sel->ready_size = 0;
}

static int grow (VOID_STAR *p, unsigned int *size, unsigned int need, size_t elem)
{
   unsigned int n = (*size == 0) ? 16 : *size;
   char *q;
   if (need <= *size) return 0;
   while (n < need) n *= 2;
   if (NULL == (q = SLrealloc ((char *) *p, (SLstrlen_Type) (n * elem))))
     return -1;
   memset (q + *size * elem, 0, (n - *size) * elem);
   *p = q;
   *size = n;
   return 0;
}

static int check_events (SLFUTURE_CONST char *call, int events)
{
   if ((events & ~SEL_EVENTS) == 0)
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: events %d is not a mask of POLLIN, POLLOUT, POLLPRI, POLLRDHUP", call, events);
   return -1;
}

static uint32_t epoll_events (int events)
{
   /* the POLL* and EPOLL* bits are the same on Linux */
   return (uint32_t) (events & SEL_EVENTS);
}

/* Pop an FD_Type or Stream_Type (the argument to watch) into a new
 * entry; NULL on error (raised, the argument dropped). */
static Sel_Entry_Type *pop_watched (Call_Type *c)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   Sel_Entry_Type *e;
   int buffered;

   if ((t != SLANG_FILE_FD_TYPE) && (t != stream_type_id ()))
     {
	(void) drop_type_error (c, "expected an FD_Type or a Stream_Type");
	return NULL;
     }
   c->left--;
   if (NULL == (e = (Sel_Entry_Type *) SLcalloc (1, sizeof (Sel_Entry_Type))))
     {
	(void) SLdo_pop ();
	return NULL;
     }
   e->stream_slot = -1;
   if (t == SLANG_FILE_FD_TYPE)
     {
	if ((-1 == SLfile_pop_fd (&e->f)) || (-1 == SLfile_push_fd (e->f)))
	  goto fail;
     }
   else if ((NULL == (e->stream = SLang_pop_mmt (t))) || (-1 == SLang_push_mmt (e->stream)))
     goto fail;
   if (-1 == SLang_pop_anytype (&e->obj))
     goto fail;
   if (e->stream != NULL)
     {
	SLFile_FD_Type *f = NULL;
	(void) stream_poll_info (e->stream, &f, &buffered);
	if ((f == NULL) || (-1 == SLfile_get_fd (f, &e->fd)))
	  {
	     throw_errno (c->name, EBADF);
	     goto fail;
	  }
     }
   else if (-1 == SLfile_get_fd (e->f, &e->fd))
     {
	throw_errno (c->name, EBADF);
	goto fail;
     }
   return e;
fail:
   free_entry (e);
   return NULL;
}

/* The entry of the FD_Type or Stream_Type on the stack (popped); NULL
 * raised when it is not in sel. */
static Sel_Entry_Type *pop_find (Call_Type *c, Sel_Type *sel)
{
   Sel_Entry_Type *e = pop_watched (c), *found = NULL;
   int b;

   if (e == NULL)
     return NULL;
   if (((unsigned int) e->fd < sel->nby_fd) && (NULL != (found = sel->by_fd[e->fd])))
     {
	if (entry_fd (found, &b) == -1)
	  {
	     sel_drop (sel, found);    /* closed while registered */
	     found = NULL;
	  }
     }
   if (found == NULL)
     SLang_verror (SL_InvalidParm_Error, "%s: descriptor %d is not watched", c->name, e->fd);
   free_entry (e);
   return found;
}

/* Add entry e (taken over) with events; -1 raised (e freed). */
static int sel_add (SLFUTURE_CONST char *call, Sel_Type *sel, Sel_Entry_Type *e, int events)
{
   struct epoll_event ev;
   Sel_Entry_Type *old;
   int b;

   if (sel->epfd == -1)
     {
	SLerrno_set_errno (EBADF);
	SLang_verror (SocketError, "%s: the selector is closed", call);
	goto fail;
     }
   if (-1 == check_events (call, events))
     goto fail;
   if (-1 == grow ((VOID_STAR *) &sel->by_fd, &sel->nby_fd, (unsigned int) e->fd + 1, sizeof (Sel_Entry_Type *)))
     goto fail;
   if (NULL != (old = sel->by_fd[e->fd]))
     {
	if (entry_fd (old, &b) != -1)
	  {
	     SLang_verror (SL_InvalidParm_Error, "%s: descriptor %d is already watched", call, e->fd);
	     goto fail;
	  }
	sel_drop (sel, old);	       /* closed while registered; number reused */
     }
   if ((e->stream != NULL)
       && (-1 == grow ((VOID_STAR *) &sel->streams, &sel->streams_size, sel->nstreams + 1, sizeof (Sel_Entry_Type *))))
     goto fail;
   e->gen = ++sel->gen;
   e->events = events;
   memset (&ev, 0, sizeof (ev));
   ev.events = epoll_events (events);
   ev.data.u64 = ((uint64_t) e->gen << 32) | (uint32_t) e->fd;
   if ((-1 == epoll_ctl (sel->epfd, EPOLL_CTL_ADD, e->fd, &ev))
       && ((errno != EEXIST) || (-1 == epoll_ctl (sel->epfd, EPOLL_CTL_MOD, e->fd, &ev))))
     {
	/* EEXIST: a copy of a closed entry's descriptor lives on elsewhere */
	throw_errno (call, errno);
	goto fail;
     }
   if (e->stream != NULL)
     {
	e->stream_slot = (int) sel->nstreams;
	sel->streams[sel->nstreams++] = e;
     }
   sel->by_fd[e->fd] = e;
   sel->count++;
   return 0;
fail:
   free_entry (e);
   return -1;
}

static int sel_modify (SLFUTURE_CONST char *call, Sel_Type *sel, Sel_Entry_Type *e, int events)
{
   struct epoll_event ev;

   if (-1 == check_events (call, events))
     return -1;
   memset (&ev, 0, sizeof (ev));
   ev.events = epoll_events (events);
   ev.data.u64 = ((uint64_t) e->gen << 32) | (uint32_t) e->fd;
   if (-1 == epoll_ctl (sel->epfd, EPOLL_CTL_MOD, e->fd, &ev))
     {
	throw_errno (call, errno);
	return -1;
     }
   e->events = events;
   return 0;
}

static int note_ready (Sel_Type *sel, Sel_Entry_Type *e, int revents)
{
   unsigned int i;
   if (e->mark == sel->wait_no)
     {
	for (i = 0; i < sel->nready; i++)
	  if (sel->ready[i] == e) sel->ready_ev[i] |= revents;
	return 0;
     }
   if (sel->nready == sel->ready_size)
     {
	unsigned int size = sel->ready_size, evsize = sel->ready_size;
	if ((-1 == grow ((VOID_STAR *) &sel->ready, &size, sel->nready + 1, sizeof (Sel_Entry_Type *)))
	    || (-1 == grow ((VOID_STAR *) &sel->ready_ev, &evsize, sel->nready + 1, sizeof (int))))
	  return -1;
	sel->ready_size = size;
     }
   e->mark = sel->wait_no;
   sel->ready[sel->nready] = e;
   sel->ready_ev[sel->nready++] = revents;
   return 0;
}

typedef struct
{
   Sel_Type *sel;
   int n;
}
Epoll_Call_Type;

static int epoll_fn (VOID_STAR cd, int ms)
{
   Epoll_Call_Type *ec = (Epoll_Call_Type *) cd;
   return ec->n = epoll_wait (ec->sel->epfd, ec->sel->evbuf, (int) ec->sel->evsize, ms);
}

/* Wait until something is ready or the deadline: the ready entries and
 * their revents are in sel->ready/ready_ev.  0, or -1 raised. */
/* Drop the entries whose descriptor was closed while registered: the
 * kernel removed them from epoll without a word, so only a look finds
 * them.  Done once a second while waiting (O(watched), a few us per
 * thousand), so that a loop whose last watch was closed ends.
 * Returns how many were dropped. */
static unsigned int sel_sweep (Sel_Type *sel)
{
   unsigned int i, dropped = 0;
   int b;

   sel->next_sweep = now_seconds () + 1.0;
   for (i = 0; i < sel->nby_fd; i++)
     {
	Sel_Entry_Type *e = sel->by_fd[i];
	if ((e != NULL) && (entry_fd (e, &b) == -1))
	  {
	     sel_drop (sel, e);
	     dropped++;
	  }
     }
   return dropped;
}

/* Wait until something is ready or the deadline: the ready entries and
 * their revents are in sel->ready/ready_ev.  0, or -1 raised.  Events
 * of a registration whose descriptor is gone (closed while a copy of it
 * lives on elsewhere: epoll keeps it) are skipped and the wait goes on. */
static int sel_wait (SLFUTURE_CONST char *call, Sel_Type *sel, double deadline)
{
   Epoll_Call_Type ec;
   unsigned int i;
   int r, b;

   sel->nready = 0;
   sel->wait_no++;
   if (sel->epfd == -1)
     {
	SLerrno_set_errno (EBADF);
	SLang_verror (SocketError, "%s: the selector is closed", call);
	return -1;
     }
   /* streams with bytes buffered are ready now */
   for (i = 0; i < sel->nstreams; i++)
     {
	Sel_Entry_Type *e = sel->streams[i];
	if ((e->events & POLLIN) && (entry_fd (e, &b) != -1) && b
	    && (-1 == note_ready (sel, e, POLLIN)))
	  return -1;
     }
   if (sel->nready > 0) deadline = 0.0;
   if (sel->next_sweep == 0) sel->next_sweep = now_seconds () + 1.0;
   while (1)
     {
	double wake = deadline;
	int stale = 0;

	if ((sel->count > 0) && ((wake < 0) || (sel->next_sweep < wake)))
	  wake = sel->next_sweep;
	if (-1 == grow ((VOID_STAR *) &sel->evbuf, &sel->evsize, (sel->count < 1024) ? sel->count + 1 : 1024,
			sizeof (struct epoll_event)))
	  return -1;
	ec.sel = sel;
	ec.n = 0;
	r = wait_loop (call, epoll_fn, (VOID_STAR) &ec, wake, NULL, sel->after_signal, sel->owner);
	if (r < 0)
	  return -1;
	for (i = 0; i < (unsigned int) r; i++)
	  {
	     struct epoll_event *ev = sel->evbuf + i;
	     unsigned int fd = (unsigned int) (ev->data.u64 & 0xFFFFFFFFu);
	     unsigned int gen = (unsigned int) (ev->data.u64 >> 32);
	     Sel_Entry_Type *e = (fd < sel->nby_fd) ? sel->by_fd[fd] : NULL;

	     if ((e == NULL) || (e->gen != gen))
	       {
		  stale++;	       /* removed meanwhile, or a stale copy */
		  continue;
	       }
	     if (entry_fd (e, &b) == -1)
	       {
		  sel_drop (sel, e);   /* closed while registered: never reported */
		  stale++;
		  continue;
	       }
	     if (-1 == note_ready (sel, e, (int) (ev->events & SEL_EVENTS) | (b && (e->events & POLLIN) ? POLLIN : 0)))
	       return -1;
	  }
	if (sel->nready > 0)
	  break;
	if (sel->interrupted)
	  {
	     sel->interrupted = 0;     /* a signal handler asked to plan again */
	     break;
	  }
	if ((sel->count > 0) && (now_seconds () >= sel->next_sweep) && sel_sweep (sel))
	  break;		       /* the caller may now have nothing to wait for */
	if ((deadline >= 0) && (now_seconds () >= deadline))
	  break;
	if (stale && (stale == r))
	  {
	     /* only events of a registration that cannot be removed (its
	      * descriptor lives on elsewhere): do not spin on them */
	     if ((++sel->stale_rounds > 3)
		 && (-1 == poll_wait (call, NULL, 0, now_seconds () + 0.001, NULL, sel->after_signal, sel->owner)))
	       return -1;
	  }
	else sel->stale_rounds = 0;
     }
   return 0;
}

/*}}}*/

/*{{{ Selector_Type */

typedef struct
{
   Sel_Type sel;
}
Selector_Type;

static SLtype Selector_Type_Id = 0;
static SLtype Loop_Type_Id = 0;

static void destroy_selector (SLtype type, VOID_STAR p)
{
   Selector_Type *s = (Selector_Type *) p;
   (void) type;
   sel_release (&s->sel);
   SLfree ((char *) s);
}

static int pop_object (Call_Type *c, SLtype id, SLFUTURE_CONST char *what, SLang_MMT_Type **mmtp, VOID_STAR *pp)
{
   *mmtp = NULL;
   if (c->left <= 0)
     return -1;
   if ((SLtype) SLang_peek_at_stack () != id)
     return drop_type_error (c, "expected a %s", what);
   c->left--;
   if (NULL == (*mmtp = SLang_pop_mmt (id)))
     return -1;
   *pp = SLang_object_from_mmt (*mmtp);
   return 0;
}

static int start_sel_call (Call_Type *c, int min, int max, SLang_MMT_Type **mmtp, Selector_Type **sp)
{
   if (-1 == check_nargs (c, min, max))
     return -1;
   if (-1 == pop_object (c, Selector_Type_Id, "Selector_Type", mmtp, (VOID_STAR *) sp))
     return drop_args (c);
   return 0;
}

static void end_call (Call_Type *c, SLang_MMT_Type *mmt)
{
   drop_args (c);
   if (mmt != NULL) SLang_free_mmt (mmt);
}

void selector_new_intrin (void)
{
   CALL(c, "selector_new", "Selector_Type selector_new ()");
   Selector_Type *s;

   if (-1 == check_nargs (&c, 0, 0))
     return;
   if (NULL == (s = (Selector_Type *) SLmalloc (sizeof (Selector_Type))))
     return;
   if (-1 == sel_init (c.name, &s->sel))
     {
	SLfree ((char *) s);
	return;
     }
   push_new_mmt (Selector_Type_Id, (VOID_STAR) s, destroy_selector);
}

void selector_add_intrin (void)
{
   CALL(c, "selector_add", "selector_add (Selector_Type sel, fd, Int_Type events, data)");
   SLang_MMT_Type *mmt;
   Selector_Type *s;
   Sel_Entry_Type *e;
   int events;

   if (-1 == start_sel_call (&c, 4, 4, &mmt, &s))
     return;
   if (NULL != (e = pop_watched (&c)))
     {
	if ((-1 == pop_int_arg (&c, "events", &events))
	    || (c.left--, -1 == SLang_pop_anytype (&e->data)))
	  free_entry (e);
	else
	  (void) sel_add (c.name, &s->sel, e, events);
     }
   end_call (&c, mmt);
}

void selector_modify_intrin (void)
{
   CALL(c, "selector_modify", "selector_modify (Selector_Type sel, fd, Int_Type events [, data])");
   SLang_MMT_Type *mmt;
   Selector_Type *s;
   Sel_Entry_Type *e;
   SLang_Any_Type *data = NULL;
   int events;

   if (-1 == start_sel_call (&c, 3, 4, &mmt, &s))
     return;
   if ((NULL != (e = pop_find (&c, &s->sel)))
       && (0 == pop_int_arg (&c, "events", &events))
       && ((c.left == 0) || (c.left--, 0 == SLang_pop_anytype (&data)))
       && (0 == sel_modify (c.name, &s->sel, e, events))
       && (data != NULL))
     {
	SLang_free_anytype (e->data);
	e->data = data;
	data = NULL;
     }
   if (data != NULL) SLang_free_anytype (data);
   end_call (&c, mmt);
}

void selector_remove_intrin (void)
{
   CALL(c, "selector_remove", "selector_remove (Selector_Type sel, fd)");
   SLang_MMT_Type *mmt;
   Selector_Type *s;
   Sel_Entry_Type *e;

   if (-1 == start_sel_call (&c, 2, 2, &mmt, &s))
     return;
   if (NULL != (e = pop_find (&c, &s->sel)))
     sel_drop (&s->sel, e);
   end_call (&c, mmt);
}

void selector_wait_intrin (void)
{
   CALL(c, "selector_wait", "(Any_Type[] data, Int_Type[] revents) = selector_wait (Selector_Type sel, Double_Type timeout)");
   SLang_MMT_Type *mmt;
   Selector_Type *s;
   SLang_Array_Type *dat = NULL, *rat = NULL;
   double timeout;
   SLindex_Type n, i;

   if (-1 == start_sel_call (&c, 2, 2, &mmt, &s))
     return;
   if ((0 == pop_double_arg (&c, "timeout", &timeout)) && isnan (timeout))
     SLang_verror (SL_InvalidParm_Error, "%s: timeout must be a number of seconds", c.name);
   else if ((0 == SLang_get_error ())
	    && (0 == sel_wait (c.name, &s->sel, (timeout < 0) ? -1.0 : now_seconds () + timeout)))
     {
	n = (SLindex_Type) s->sel.nready;
	if ((NULL != (dat = SLang_create_array (SLANG_ANY_TYPE, 0, NULL, &n, 1)))
	    && (NULL != (rat = SLang_create_array (SLANG_INT_TYPE, 0, NULL, &n, 1))))
	  {
	     for (i = 0; i < n; i++)
	       {
		  if (-1 == SLang_set_array_element (dat, &i, (VOID_STAR) &s->sel.ready[i]->data))
		    break;
		  ((int *) rat->data)[i] = s->sel.ready_ev[i];
	       }
	     if ((i == n) && (0 == SLang_push_array (dat, 1)))
	       {
		  dat = NULL;
		  (void) SLang_push_array (rat, 1);
		  rat = NULL;
	       }
	  }
     }
   if (dat != NULL) SLang_free_array (dat);
   if (rat != NULL) SLang_free_array (rat);
   end_call (&c, mmt);
}

void selector_close_intrin (void)
{
   CALL(c, "selector_close", "selector_close (Selector_Type sel)");
   SLang_MMT_Type *mmt;
   Selector_Type *s;

   if (-1 == start_sel_call (&c, 1, 1, &mmt, &s))
     return;
   sel_release (&s->sel);
   end_call (&c, mmt);
}

/*}}}*/

/*{{{ The event loop */

/* A watch or a timer.  Ids count up and are never given twice (they
 * wrap after 2^31 - 1, skipping any still in use), so an old id never
 * reaches a new item; a small hash table finds an item by its id. */
typedef struct
{
   int id;
   SLang_Name_Type *cb;
   SLang_Any_Type **args;
   unsigned int nargs;
   Sel_Entry_Type *entry;	       /* a watch's; NULL for a timer */
   double when, interval;	       /* a timer's; interval 0: once */
   unsigned int heap_pos;
}
Item_Type;

#define GONE ((Item_Type *) &Gone_Marker)   /* a deleted table slot */
static int Gone_Marker;

typedef struct
{
   Sel_Type sel;
   Item_Type **table;		       /* open addressing on id */
   unsigned int tsize, tused, tcount;  /* tused counts GONE slots too */
   int last_id;
   Item_Type **heap;
   unsigned int nheap, heap_size;
   unsigned int nwatches;
   int *ids;			       /* run_watches' */
   unsigned int ids_size;
   int stop, running;
}
Loop_Type;

static void free_item (Item_Type *it)
{
   unsigned int i;
   if (it->cb != NULL) SLang_free_function (it->cb);
   for (i = 0; i < it->nargs; i++)
     SLang_free_anytype (it->args[i]);
   SLfree ((char *) it->args);
   SLfree ((char *) it);
}

static unsigned int id_slot (Loop_Type *lp, int id)
{
   return ((unsigned int) id * 2654435761u) & (lp->tsize - 1);
}

static Item_Type *find_item (Loop_Type *lp, int id)
{
   unsigned int i;
   Item_Type *it;

   if ((id <= 0) || (lp->tsize == 0))
     return NULL;
   for (i = id_slot (lp, id); NULL != (it = lp->table[i]); i = (i + 1) & (lp->tsize - 1))
     if ((it != GONE) && (it->id == id))
       return it;
   return NULL;
}

static void table_put (Loop_Type *lp, Item_Type *it)
{
   unsigned int i = id_slot (lp, it->id);
   while ((lp->table[i] != NULL) && (lp->table[i] != GONE))
     i = (i + 1) & (lp->tsize - 1);
   if (lp->table[i] == NULL) lp->tused++;
   lp->table[i] = it;
   lp->tcount++;
}

/* Give it a new id and put it in the table. */
static int add_item (Loop_Type *lp, Item_Type *it)
{
   if (2 * (lp->tused + 1) > lp->tsize)
     {
	Item_Type **old = lp->table;
	unsigned int osize = lp->tsize, i, nsize = 16;
	while (nsize < 4 * (lp->tcount + 1)) nsize *= 2;
	if (NULL == (lp->table = (Item_Type **) SLcalloc (nsize, sizeof (Item_Type *))))
	  {
	     lp->table = old;
	     return -1;
	  }
	lp->tsize = nsize;
	lp->tused = lp->tcount = 0;
	for (i = 0; i < osize; i++)
	  if ((old[i] != NULL) && (old[i] != GONE)) table_put (lp, old[i]);
	SLfree ((char *) old);
     }
   do
     lp->last_id = (lp->last_id == INT_MAX) ? 1 : lp->last_id + 1;
   while (NULL != find_item (lp, lp->last_id));
   it->id = lp->last_id;
   table_put (lp, it);
   return 0;
}

/* Forget it's id (the item itself is freed by the caller). */
static void release_slot (Loop_Type *lp, Item_Type *it)
{
   unsigned int i;
   for (i = id_slot (lp, it->id); lp->table[i] != NULL; i = (i + 1) & (lp->tsize - 1))
     if (lp->table[i] == it)
       {
	  lp->table[i] = GONE;
	  lp->tcount--;
	  break;
       }
   it->id = 0;
}

/*{{{ Timers: a binary heap on when */

static void heap_set (Loop_Type *lp, unsigned int i, Item_Type *it)
{
   lp->heap[i] = it;
   it->heap_pos = i;
}

static void heap_up (Loop_Type *lp, unsigned int i)
{
   Item_Type *it = lp->heap[i];
   while (i > 0)
     {
	unsigned int parent = (i - 1) / 2;
	if (lp->heap[parent]->when <= it->when) break;
	heap_set (lp, i, lp->heap[parent]);
	i = parent;
     }
   heap_set (lp, i, it);
}

static void heap_down (Loop_Type *lp, unsigned int i)
{
   Item_Type *it = lp->heap[i];
   while (1)
     {
	unsigned int child = 2 * i + 1;
	if (child >= lp->nheap) break;
	if ((child + 1 < lp->nheap) && (lp->heap[child + 1]->when < lp->heap[child]->when)) child++;
	if (it->when <= lp->heap[child]->when) break;
	heap_set (lp, i, lp->heap[child]);
	i = child;
     }
   heap_set (lp, i, it);
}

static int heap_push (Loop_Type *lp, Item_Type *it)
{
   if (-1 == grow ((VOID_STAR *) &lp->heap, &lp->heap_size, lp->nheap + 1, sizeof (Item_Type *)))
     return -1;
   lp->heap[lp->nheap] = it;
   it->heap_pos = lp->nheap++;
   heap_up (lp, it->heap_pos);
   return 0;
}

static void heap_remove (Loop_Type *lp, Item_Type *it)
{
   unsigned int i = it->heap_pos;
   Item_Type *last = lp->heap[--lp->nheap];
   if (i == lp->nheap) return;
   heap_set (lp, i, last);
   heap_down (lp, i);
   heap_up (lp, last->heap_pos);
}

/*}}}*/

static void release_loop (Loop_Type *lp)
{
   unsigned int i;
   lp->sel.on_drop = NULL;
   sel_release (&lp->sel);
   for (i = 0; i < lp->tsize; i++)
     if ((lp->table[i] != NULL) && (lp->table[i] != GONE))
       free_item (lp->table[i]);
   SLfree ((char *) lp->table);
   SLfree ((char *) lp->heap);
   SLfree ((char *) lp->ids);
}

static void destroy_loop (SLtype type, VOID_STAR p)
{
   (void) type;
   release_loop ((Loop_Type *) p);
   SLfree ((char *) p);
}

static int start_loop_call (Call_Type *c, int min, int max, SLang_MMT_Type **mmtp, Loop_Type **lpp)
{
   if (-1 == check_nargs (c, min, max))
     return -1;
   if (-1 == pop_object (c, Loop_Type_Id, "EventLoop_Type", mmtp, (VOID_STAR *) lpp))
     return drop_args (c);
   return 0;
}

/* Pop &cb and the remaining arguments into a new item. */
static Item_Type *pop_callback (Call_Type *c)
{
   Item_Type *it;
   unsigned int i;

   if (SLang_peek_at_stack () != SLANG_REF_TYPE)
     {
	(void) drop_type_error (c, "expected a reference to a function (&cb)");
	return NULL;
     }
   if (NULL == (it = (Item_Type *) SLcalloc (1, sizeof (Item_Type))))
     return NULL;
   c->left--;
   if (NULL == (it->cb = SLang_pop_function ()))
     goto fail;
   if ((c->left > 0)
       && (NULL == (it->args = (SLang_Any_Type **) SLcalloc ((SLstrlen_Type) c->left, sizeof (SLang_Any_Type *)))))
     goto fail;
   for (i = 0; c->left > 0; i++)
     {
	c->left--;
	if (-1 == SLang_pop_anytype (&it->args[i]))
	  goto fail;
	it->nargs++;
     }
   return it;
fail:
   free_item (it);
   return NULL;
}

/* A S-Lang signal handler ran while the loop waited: it may have stopped
 * the loop or added a timer, so the loop plans its wait again. */
static int loop_after_signal (VOID_STAR owner)
{
   ((Loop_Type *) owner)->sel.interrupted = 1;
   return 1;
}

/* A watched descriptor was closed while registered: the watch goes. */
static void watch_dropped (VOID_STAR owner, Sel_Entry_Type *e)
{
   Loop_Type *lp = (Loop_Type *) owner;
   Item_Type *it = (Item_Type *) e->user;

   e->user = NULL;
   lp->nwatches--;
   release_slot (lp, it);
   free_item (it);
}

void eventloop_new_intrin (void)
{
   CALL(c, "eventloop_new", "EventLoop_Type eventloop_new ()");
   Loop_Type *lp;

   if (-1 == check_nargs (&c, 0, 0))
     return;
   if (NULL == (lp = (Loop_Type *) SLcalloc (1, sizeof (Loop_Type))))
     return;
   if (-1 == sel_init (c.name, &lp->sel))
     {
	SLfree ((char *) lp);
	return;
     }
   lp->sel.on_drop = watch_dropped;
   lp->sel.after_signal = loop_after_signal;
   lp->sel.owner = (VOID_STAR) lp;
   push_new_mmt (Loop_Type_Id, (VOID_STAR) lp, destroy_loop);
}

void eventloop_watch_intrin (void)
{
   CALL(c, "eventloop_watch", "Int_Type eventloop_watch (EventLoop_Type loop, fd, Int_Type events, &cb [, args...])");
   SLang_MMT_Type *mmt;
   Loop_Type *lp;
   Sel_Entry_Type *e = NULL;
   Item_Type *it = NULL;
   int events;

   if (-1 == start_loop_call (&c, 4, 64, &mmt, &lp))
     return;
   if ((NULL == (e = pop_watched (&c)))
       || (-1 == pop_int_arg (&c, "events", &events))
       || (NULL == (it = pop_callback (&c))))
     goto free_return;
   if (-1 == add_item (lp, it))
     goto free_return;
   e->user = (VOID_STAR) it;
   it->entry = e;
   if (-1 == sel_add (c.name, &lp->sel, e, events))
     {
	e = NULL;		       /* freed by sel_add */
	release_slot (lp, it);
	goto free_return;
     }
   e = NULL;
   lp->nwatches++;
   (void) SLang_push_int (it->id);
   it = NULL;

free_return:
   if (e != NULL) free_entry (e);
   if (it != NULL) free_item (it);
   end_call (&c, mmt);
}

static void add_timer (int every)
{
   CALL(c, "eventloop_after", "Int_Type eventloop_after (EventLoop_Type loop, Double_Type secs, &cb [, args...])");
   SLang_MMT_Type *mmt;
   Loop_Type *lp;
   Item_Type *it = NULL;
   double secs;

   if (every)
     {
	c.name = "eventloop_every";
	c.usage = "Int_Type eventloop_every (EventLoop_Type loop, Double_Type secs, &cb [, args...])";
     }
   if (-1 == start_loop_call (&c, 3, 64, &mmt, &lp))
     return;
   if ((-1 == pop_double_arg (&c, "secs", &secs))
       || (NULL == (it = pop_callback (&c))))
     goto free_return;
   /* every: at least a microsecond, so that a tick always moves the
    * schedule on (a step below the clock's resolution would not) */
   if (isnan (secs) || (secs < 0) || (secs > 1e9) || (every && (secs < 1e-6)))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: secs must be %s (not %g)", c.name,
		      every ? "between 1e-6 and 1e9" : "between 0 and 1e9", secs);
	goto free_return;
     }
   it->when = now_seconds () + secs;
   it->interval = every ? secs : 0.0;
   if (-1 == add_item (lp, it))
     goto free_return;
   if (-1 == heap_push (lp, it))
     {
	release_slot (lp, it);
	goto free_return;
     }
   (void) SLang_push_int (it->id);
   it = NULL;

free_return:
   if (it != NULL) free_item (it);
   end_call (&c, mmt);
}

void eventloop_after_intrin (void) { add_timer (0); }
void eventloop_every_intrin (void) { add_timer (1); }

/* unwatch (is_watch) or cancel: an id that is gone (fired, cancelled)
 * is ignored, as Tcl's after cancel does; one of the other kind is an
 * InvalidParmError. */
static void remove_item (int is_watch)
{
   CALL(c, "eventloop_unwatch", "eventloop_unwatch (EventLoop_Type loop, Int_Type id)");
   SLang_MMT_Type *mmt;
   Loop_Type *lp;
   Item_Type *it;
   int id;

   if (! is_watch)
     {
	c.name = "eventloop_cancel";
	c.usage = "eventloop_cancel (EventLoop_Type loop, Int_Type id)";
     }
   if (-1 == start_loop_call (&c, 2, 2, &mmt, &lp))
     return;
   if ((0 == pop_int_arg (&c, "id", &id)) && (NULL != (it = find_item (lp, id))))
     {
	if ((it->entry != NULL) != is_watch)
	  SLang_verror (SL_InvalidParm_Error, "%s: %d is the id of a %s", c.name, id, is_watch ? "timer" : "watch");
	else
	  {
	     if (is_watch)
	       {
		  it->entry->user = NULL;
		  sel_drop (&lp->sel, it->entry);
		  lp->nwatches--;
	       }
	     else heap_remove (lp, it);
	     release_slot (lp, it);
	     free_item (it);
	  }
     }
   end_call (&c, mmt);
}

void eventloop_unwatch_intrin (void) { remove_item (1); }
void eventloop_cancel_intrin (void) { remove_item (0); }

/* Call it's callback with (obj, revents) first for a watch.  Values it
 * returns are dropped.  0, or -1 when it raised. */
static int call_item (Item_Type *it, SLang_Any_Type *obj, int revents)
{
   SLang_Name_Type *cb;
   int depth, status = 0;
   unsigned int i;

   /* the callback may cancel or unwatch itself, freeing it */
   if (NULL == (cb = SLang_copy_function (it->cb)))
     return -1;
   depth = SLstack_depth ();
   if (-1 == SLang_start_arg_list ())
     {
	SLang_free_function (cb);
	return -1;
     }
   if (obj != NULL)
     {
	if ((-1 == SLang_push_anytype (obj)) || (-1 == SLang_push_int (revents)))
	  status = -1;
     }
   for (i = 0; (status == 0) && (i < it->nargs); i++)
     status = SLang_push_anytype (it->args[i]);
   if ((-1 == SLang_end_arg_list ()) || (status == -1))
     {
	SLang_free_function (cb);
	return -1;
     }
   status = SLexecute_function (cb);
   SLang_free_function (cb);
   if ((status != -1) && (SLstack_depth () > depth))
     (void) SLdo_pop_n ((unsigned int) (SLstack_depth () - depth));
   return (status == -1) ? -1 : 0;
}

/* Fire the timers that are due.  0, or -1 when a callback raised. */
static int run_timers (Loop_Type *lp)
{
   double now = now_seconds ();

   while ((lp->nheap > 0) && (lp->heap[0]->when <= now) && ! lp->stop)
     {
	Item_Type *it = lp->heap[0];
	int status;

	if (it->interval > 0)
	  {
	     /* the next tick from the schedule, not from now: no drift;
	      * ticks missed while the script was busy are skipped */
	     it->when += it->interval;
	     if (it->when <= now)
	       it->when += it->interval * ceil ((now - it->when) / it->interval + 1e-9);
	     heap_down (lp, 0);
	     status = call_item (it, NULL, 0);
	  }
	else
	  {
	     heap_remove (lp, it);
	     release_slot (lp, it);
	     status = call_item (it, NULL, 0);
	     free_item (it);
	  }
	if (status == -1) return -1;
     }
   return 0;
}

/* Run the callbacks of the ready watches.  0, or -1 when one raised. */
static int run_watches (Loop_Type *lp)
{
   unsigned int i, n = lp->sel.nready;
   int *ids, status = 0;

   if (n == 0)
     return 0;
   /* callbacks may unwatch anything: go by id, not by pointer */
   if (-1 == grow ((VOID_STAR *) &lp->ids, &lp->ids_size, n, sizeof (int)))
     return -1;
   ids = lp->ids;
   for (i = 0; i < n; i++)
     ids[i] = ((Item_Type *) lp->sel.ready[i]->user)->id;
   for (i = 0; (i < n) && (status == 0) && ! lp->stop; i++)
     {
	Item_Type *it = find_item (lp, ids[i]);
	int revents = lp->sel.ready_ev[i], b;
	if ((it == NULL) || (it->entry == NULL))
	  continue;
	if (entry_fd (it->entry, &b) == -1)
	  continue;		       /* closed by an earlier callback */
	status = call_item (it, it->entry->obj, revents);
     }
   return status;
}

void eventloop_run_intrin (void)
{
   CALL(c, "eventloop_run", "eventloop_run (EventLoop_Type loop ; timeout=secs)");
   SLang_MMT_Type *mmt;
   Loop_Type *lp;
   double deadline;

   if (-1 == check_nargs (&c, 1, 1))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_object (&c, Loop_Type_Id, "EventLoop_Type", &mmt, (VOID_STAR *) &lp)))
     {
	drop_args (&c);
	return;
     }
   if (lp->running)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: the loop is already running", c.name);
	end_call (&c, mmt);
	return;
     }
   lp->running = 1;
   lp->stop = 0;
   while (! lp->stop && ((lp->nwatches > 0) || (lp->nheap > 0)))
     {
	double wake = deadline;
	if ((lp->nheap > 0) && ((wake < 0) || (lp->heap[0]->when < wake)))
	  wake = lp->heap[0]->when;
	if (wake >= 0 && wake < now_seconds ()) wake = 0.0;
	if ((-1 == sel_wait (c.name, &lp->sel, wake))
	    || (-1 == run_watches (lp))
	    || (-1 == run_timers (lp)))
	  break;
	if ((deadline >= 0) && (now_seconds () >= deadline))
	  break;
     }
   lp->running = 0;
   end_call (&c, mmt);
}

void eventloop_stop_intrin (void)
{
   CALL(c, "eventloop_stop", "eventloop_stop (EventLoop_Type loop)");
   SLang_MMT_Type *mmt;
   Loop_Type *lp;

   if (-1 == start_loop_call (&c, 1, 1, &mmt, &lp))
     return;
   lp->stop = 1;
   end_call (&c, mmt);
}

/*}}}*/

int init_loop_classes (void)
{
   if ((-1 == register_mmt_class ("Selector_Type", sizeof (Selector_Type), destroy_selector, &Selector_Type_Id))
       || (-1 == register_mmt_class ("EventLoop_Type", sizeof (Loop_Type), destroy_loop, &Loop_Type_Id)))
     return -1;
   return 0;
}
