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
 * This file is the one registration point: the small intrinsics, the
 * tables and init.  The layers below it (core.h says which) do the work;
 * only the three module entry points are exported from the .so.
 */
#include "options.h"
#include "transfer.h"
#include "msg.h"
#include "names.h"
#include "connect.h"
#include "loop.h"
#include "sd.h"
#include <dlfcn.h>
#ifdef AF_NETLINK
# include <linux/rtnetlink.h>
#endif
#ifdef AF_PACKET
# include <linux/if_ether.h>
#endif

#pragma GCC visibility push(default)
SLANG_MODULE(socket);
#pragma GCC visibility pop

#ifndef SOCKET_MODULE_VERSION_STRING
# define SOCKET_MODULE_VERSION_STRING "1.0.0"
#endif
#define SOCKET_MODULE_VERSION 10000

static SLFUTURE_CONST char *Module_Version_String = SOCKET_MODULE_VERSION_STRING;
static SLFUTURE_CONST char *Module_File = "";    /* the .so this is, set at init */
static int Module_Version = SOCKET_MODULE_VERSION;

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
   (void) push_new_socket (fd, domain, type);
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
   if (NULL == (f0 = make_socket_fd (fds[0], domain, type)))
     {
	(void) close (fds[1]);
	return;
     }
   if (NULL == (f1 = make_socket_fd (fds[1], domain, type)))
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

static void bind_intrin (void)
{
   CALL(c, "bind", "bind (FD_Type s, address-args ; mode=perm, unlink=1)");
   Sock_Type s;
   Addr_List_Type al;
   int is_abstract = 0, mode, unlink_path;

   if (-1 == check_nargs (&c, 2, 3))
     return;
   if ((-1 == get_int_qualifier (c.name, "unlink", &unlink_path, 1))
       || (-1 == pop_sock (&c, &s)))
     {
	drop_args (&c);
	return;
     }
   if ((0 == check_addr_nargs (&c, &s, 0))
       && (0 == pop_address (&c, s.domain, s.type, -1.0, &al, &is_abstract)))
     {
	if (0 == get_mode_qualifier (c.name, s.domain, is_abstract, &mode))
	  (void) bind_address (c.name, &s, al.addrs, is_abstract, mode, ! unlink_path);
	free_addr_list (&al);
     }
   drop_args (&c);
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

/* accept has no MSG_DONTWAIT, and a listener's O_NONBLOCK is shared
 * with every process that holds it (a pre-fork server): it is never
 * touched.  A timed accept on a blocking listener polls until the
 * deadline, then accepts -- which blocks only if another process took
 * the connection in between (then until the next one comes: the one
 * way a deadline can be overrun, and only in a pre-fork server; a
 * non-blocking listener never waits).  Nothing is lost either way. */
static ssize_t accept_op (int fd, Io_Type *io, int dontwait)
{
   (void) dontwait;
   io->salen = sizeof (struct sockaddr_storage);
   return accept4 (fd, io->sa, &io->salen, SOCK_CLOEXEC);
}

static void accept_intrin (void)
{
   CALL(c, "accept", "FD_Type accept (FD_Type s [, &address-refs...] ; timeout=secs)");
   Sock_Type s;
   SLang_Ref_Type *refs[2] = {NULL, NULL};
   int nrefs = 0, i;
   double deadline;
   struct sockaddr_storage ss;
   Io_Type io;
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
	if (SLang_peek_at_stack () != SLANG_REF_TYPE)
	  {
	     drop_type_error (&c, "expected a reference; usage: %s", c.usage);
	     goto free_return;
	  }
	c.left--;
	if (-1 == SLang_pop_ref (&refs[nrefs]))
	  goto free_return;
	nrefs++;
     }

   memset (&io, 0, sizeof (io));
   io.sa = (struct sockaddr *) &ss;
   if ((deadline >= 0) && (-1 != (i = fcntl (s.fd, F_GETFL))) && ! (i & O_NONBLOCK))
     {
	int w = wait_fd (c.name, &s, POLLIN, deadline);
	if (w != 1)
	  {
	     if (w == 0) throw_errno (c.name, ETIMEDOUT);
	     else if (w != -1) throw_errno (c.name, w);
	     goto free_return;
	  }
	deadline = -1.0;	       /* a connection is there: take it */
     }
   fd = sock_call (c.name, &s, POLLIN, deadline, accept_op, &io);
   if (fd == -1)
     goto free_return;

   if (NULL == (f = make_socket_fd ((int) fd, s.domain, s.type)))
     goto free_return;
   if (0 == assign_address (s.domain, (struct sockaddr *) &ss, io.salen, refs, nrefs))
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

/*{{{ Intrinsics: poll */

typedef struct
{
   struct pollfd *p;
   SLFile_FD_Type **fp;
   SLindex_Type n;
}
Poll_Fds_Type;

/* After signal handlers ran: they may have closed some descriptors (and
 * reused their numbers); those are reported as POLLNVAL. */
static int recheck_poll_fds (VOID_STAR cd)
{
   Poll_Fds_Type *pd = (Poll_Fds_Type *) cd;
   SLindex_Type i;

   for (i = 0; i < pd->n; i++)
     {
	int fd;
	if ((pd->p[i].fd != -1)
	    && ((pd->fp[i] == NULL) || (-1 == SLfile_get_fd (pd->fp[i], &fd)) || (fd != pd->p[i].fd)))
	  pd->p[i].fd = -1;
     }
   return 0;
}

/* One value of poll's fds, on the stack: an FD_Type or a Stream_Type,
 * put into at[i]; *buffered says a stream has bytes to read. */
static int pop_pollable (Call_Type *c, SLang_Array_Type *at, SLindex_Type i, char *buffered)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   SLFile_FD_Type *f = NULL;
   SLang_MMT_Type *mmt;
   int status, b = 0;

   if (t == SLANG_FILE_FD_TYPE)
     {
	if (-1 == SLfile_pop_fd (&f)) return -1;
	status = SLang_set_array_element (at, &i, (VOID_STAR) &f);
	SLfile_free_fd (f);
	return status;
     }
   if (t != stream_type_id ())
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: fds must hold FD_Type or Stream_Type values", c->name);
	return -1;
     }
   if (NULL == (mmt = SLang_pop_mmt (t)))
     return -1;
   status = stream_poll_info (mmt, &f, &b);
   if ((status == 0) && (f != NULL))
     status = SLang_set_array_element (at, &i, (VOID_STAR) &f);
   *buffered = (char) b;
   SLang_free_mmt (mmt);
   return status;
}

/* poll's fds: an Array of FD_Type (or one), or any mix of FD_Type and
 * Stream_Type (one, or an Array of Stream_Type or Any_Type), turned into
 * an Array of FD_Type; *bufp (NULL if no stream) flags the streams with
 * bytes buffered. */
static int pop_poll_fds (Call_Type *c, SLang_Array_Type **fatp, char **bufp)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   SLang_Array_Type *in = NULL;
   SLindex_Type n = 1, i;

   *fatp = NULL;
   *bufp = NULL;
   if (t == SLANG_LIST_TYPE)
     {
	/* a List: as list_to_array (fds, Any_Type) */
	SLang_List_Type *list;
	c->left--;
	if ((-1 == SLang_pop_list (&list))
	    || (-1 == SLang_start_arg_list ())
	    || (-1 == SLang_push_list (list, 1))
	    || (-1 == SLang_push_datatype (SLANG_ANY_TYPE))
	    || (-1 == SLang_end_arg_list ())
	    || (-1 == SLang_execute_function ("list_to_array")))
	  return -1;
	c->left++;
	t = SLANG_ARRAY_TYPE;
     }
   if (t == SLANG_ARRAY_TYPE)
     {
	c->left--;
	if (-1 == SLang_pop_array (&in, 0))
	  return -1;
	if ((in->data_type != SLANG_ANY_TYPE) && (in->data_type != stream_type_id ()))
	  {
	     (void) SLang_push_array (in, 1);
	     c->left++;
	     return pop_fd_array (c, "fds", fatp);
	  }
	n = (SLindex_Type) in->num_elements;
     }
   else if (t != stream_type_id ())
     return pop_fd_array (c, "fds", fatp);
   else c->left--;

   if ((NULL == (*fatp = SLang_create_array (SLANG_FILE_FD_TYPE, 0, NULL, &n, 1)))
       || (NULL == (*bufp = (char *) SLcalloc ((SLstrlen_Type) n + 1, 1))))
     goto fail;
   if (in == NULL)
     {
	if (-1 == pop_pollable (c, *fatp, 0, *bufp))
	  goto fail;
	return 0;
     }
   for (i = 0; i < n; i++)
     {
	VOID_STAR elem = NULL;
	int status;
	if (-1 == SLang_get_array_element (in, &i, (VOID_STAR) &elem))
	  goto fail;
	if (in->data_type == SLANG_ANY_TYPE)
	  {
	     status = SLang_push_anytype ((SLang_Any_Type *) elem);
	     SLang_free_anytype ((SLang_Any_Type *) elem);
	  }
	else
	  {
	     status = SLang_push_mmt ((SLang_MMT_Type *) elem);
	     SLang_free_mmt ((SLang_MMT_Type *) elem);
	  }
	if ((status == -1) || (-1 == pop_pollable (c, *fatp, i, *bufp + i)))
	  goto fail;
     }
   SLang_free_array (in);
   return 0;
fail:
   if (in != NULL) SLang_free_array (in);
   if (*fatp != NULL) SLang_free_array (*fatp);
   SLfree (*bufp);
   *fatp = NULL;
   *bufp = NULL;
   return -1;
}

static void poll_intrin (void)
{
   CALL(c, "poll", "Int_Type[] poll (fds, events, Double_Type timeout)  % fds: FD_Type/Stream_Type (array)");
   SLang_Array_Type *fat = NULL, *eat = NULL, *rat = NULL;
   struct pollfd *p = NULL;
   SLFile_FD_Type **fp;
   SLindex_Type n, i;
   double timeout, deadline;
   Poll_Fds_Type pd;
   long *ev;
   int *rv;
   char *buffered = NULL;

   if (-1 == check_nargs (&c, 3, 3))
     return;
   if (-1 == pop_poll_fds (&c, &fat, &buffered))
     goto free_return;
   if (! is_integer_type ((SLtype) SLang_peek_at_stack ())
       && (SLang_peek_at_stack () != SLANG_ARRAY_TYPE))
     {
	drop_type_error (&c, "events must be an Int or an Array of Int");
	goto free_return;
     }
   c.left--;
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
   /* a stream with bytes buffered is ready now: poll does not wait */
   for (i = 0; (buffered != NULL) && (i < n); i++)
     if (buffered[i] && (p[i].events & POLLIN))
       deadline = 0.0;
   pd.p = p;
   pd.fp = fp;
   pd.n = n;
   if (-1 == poll_wait (c.name, p, (nfds_t) n, deadline, NULL, recheck_poll_fds, (VOID_STAR) &pd))
     goto free_return;
   if (SLang_get_error ())
     goto free_return;
   if (NULL == (rat = SLang_create_array (SLANG_INT_TYPE, 0, NULL, &n, 1)))
     goto free_return;
   rv = (int *) rat->data;
   for (i = 0; i < n; i++)
     {
	rv[i] = (p[i].fd == -1) ? POLLNVAL : p[i].revents;
	if ((buffered != NULL) && buffered[i] && (p[i].events & POLLIN))
	  rv[i] = (rv[i] & ~POLLNVAL) | POLLIN;
     }
   (void) SLang_push_array (rat, 1);

free_return:
   drop_args (&c);
   SLfree ((char *) p);
   SLfree (buffered);
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
   MAKE_INTRINSIC_0("sendfile", sendfile_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sendall", sendall_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("send_fds", send_fds_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("recv_fds", recv_fds_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sendmsg", sendmsg_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("recvmsg", recvmsg_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("CMSG_SPACE", cmsg_space_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("CMSG_LEN", cmsg_len_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getaddrinfo", getaddrinfo_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getnameinfo", getnameinfo_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("inet_pton", inet_pton_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("inet_ntop", inet_ntop_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("if_nametoindex", if_nametoindex_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("if_indextoname", if_indextoname_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("if_nameindex", if_nameindex_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getifaddrs", getifaddrs_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("gethostname", gethostname_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("poll", poll_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("setblocking", setblocking_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("getblocking", getblocking_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("create_connection", create_connection_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("create_server", create_server_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_new", stream_new_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_readline", stream_readline_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_read_until", stream_read_until_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_read", stream_read_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_read_some", stream_read_some_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_pending", stream_pending_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_write", stream_write_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_flush", stream_flush_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_fd", stream_fd_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("stream_close", stream_close_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("selector_new", selector_new_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("selector_add", selector_add_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("selector_modify", selector_modify_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("selector_remove", selector_remove_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("selector_wait", selector_wait_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("selector_close", selector_close_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_new", eventloop_new_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_watch", eventloop_watch_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_unwatch", eventloop_unwatch_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_after", eventloop_after_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_every", eventloop_every_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_cancel", eventloop_cancel_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_run", eventloop_run_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("eventloop_stop", eventloop_stop_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sd_listen_fds", sd_listen_fds_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sd_listen_fds_with_names", sd_listen_fds_with_names_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0("sd_notify", sd_notify_intrin, SLANG_VOID_TYPE),
   SLANG_END_INTRIN_FUN_TABLE
};

static SLang_Intrin_Var_Type Module_Variables[] =
{
   MAKE_VARIABLE("_socket_module_version_string", &Module_Version_String, SLANG_STRING_TYPE, 1),
   MAKE_VARIABLE("_socket_module_version", &Module_Version, SLANG_INT_TYPE, 1),
   MAKE_VARIABLE("_socket_module_file", &Module_File, SLANG_STRING_TYPE, 1),
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
#ifdef SCM_RIGHTS
   ICONST(SCM_RIGHTS),
#endif
#ifdef SCM_CREDENTIALS
   ICONST(SCM_CREDENTIALS),
#endif
#ifdef IPV6_PKTINFO
   ICONST(IPV6_PKTINFO),
#endif
#ifdef IPV6_HOPLIMIT
   ICONST(IPV6_HOPLIMIT),
#endif
#ifdef MSG_FASTOPEN
   ICONST(MSG_FASTOPEN),
#endif
#ifdef IPPROTO_MPTCP
   ICONST(IPPROTO_MPTCP),
#endif
#ifdef IPPROTO_SCTP
   ICONST(IPPROTO_SCTP),
#endif
#ifdef IPPROTO_UDPLITE
   ICONST(IPPROTO_UDPLITE),
#endif
   ICONST(IFF_UP), ICONST(IFF_BROADCAST), ICONST(IFF_LOOPBACK), ICONST(IFF_POINTOPOINT),
   ICONST(IFF_RUNNING), ICONST(IFF_MULTICAST),
#ifdef AF_PACKET
   ICONST(AF_PACKET), ICONST(PF_PACKET),
# ifdef ETH_P_ALL
   ICONST(ETH_P_ALL), ICONST(ETH_P_IP), ICONST(ETH_P_IPV6), ICONST(ETH_P_ARP),
# endif
# ifdef PACKET_HOST
   ICONST(PACKET_HOST), ICONST(PACKET_BROADCAST), ICONST(PACKET_MULTICAST),
   ICONST(PACKET_OTHERHOST), ICONST(PACKET_OUTGOING),
# endif
#endif
#ifdef AF_NETLINK
   ICONST(AF_NETLINK), ICONST(PF_NETLINK),
   ICONST(NETLINK_ROUTE), ICONST(NETLINK_GENERIC), ICONST(NETLINK_USERSOCK),
   ICONST(NETLINK_SOCK_DIAG), ICONST(NETLINK_NETFILTER), ICONST(NETLINK_AUDIT),
   ICONST(NETLINK_KOBJECT_UEVENT), ICONST(NETLINK_XFRM),
   ICONST(NLM_F_REQUEST), ICONST(NLM_F_MULTI), ICONST(NLM_F_ACK), ICONST(NLM_F_ECHO),
   ICONST(NLM_F_ROOT), ICONST(NLM_F_MATCH), ICONST(NLM_F_DUMP),
   ICONST(NLM_F_REPLACE), ICONST(NLM_F_EXCL), ICONST(NLM_F_CREATE), ICONST(NLM_F_APPEND),
   ICONST(NLMSG_NOOP), ICONST(NLMSG_ERROR), ICONST(NLMSG_DONE), ICONST(NLMSG_OVERRUN),
# ifdef RTM_NEWLINK
   ICONST(RTM_NEWLINK), ICONST(RTM_DELLINK), ICONST(RTM_GETLINK),
   ICONST(RTM_NEWADDR), ICONST(RTM_DELADDR), ICONST(RTM_GETADDR),
   ICONST(RTM_NEWROUTE), ICONST(RTM_DELROUTE), ICONST(RTM_GETROUTE),
   ICONST(IFLA_ADDRESS), ICONST(IFLA_BROADCAST), ICONST(IFLA_IFNAME), ICONST(IFLA_MTU),
   ICONST(IFLA_LINK), ICONST(IFLA_OPERSTATE),
   ICONST(RTMGRP_LINK), ICONST(RTMGRP_IPV4_IFADDR), ICONST(RTMGRP_IPV6_IFADDR),
   ICONST(RTMGRP_IPV4_ROUTE), ICONST(RTMGRP_IPV6_ROUTE),
# endif
#endif
#ifdef AF_VSOCK
   ICONST(AF_VSOCK), ICONST(PF_VSOCK),
   /* cids and ports are unsigned 32-bit: VMADDR_CID_ANY is 4294967295 */
   MAKE_ICONSTANT_T("VMADDR_CID_ANY", (int) VMADDR_CID_ANY, SLANG_UINT_TYPE),
   MAKE_ICONSTANT_T("VMADDR_PORT_ANY", (int) VMADDR_PORT_ANY, SLANG_UINT_TYPE),
   MAKE_ICONSTANT_T("VMADDR_CID_HYPERVISOR", VMADDR_CID_HYPERVISOR, SLANG_UINT_TYPE),
# ifdef VMADDR_CID_LOCAL
   MAKE_ICONSTANT_T("VMADDR_CID_LOCAL", VMADDR_CID_LOCAL, SLANG_UINT_TYPE),
# endif
   MAKE_ICONSTANT_T("VMADDR_CID_HOST", VMADDR_CID_HOST, SLANG_UINT_TYPE),
#endif
#ifdef POLLRDHUP
   ICONST(POLLRDHUP),
#endif
   SLANG_END_ICONST_TABLE
};

/*}}}*/

/*{{{ Init */


#pragma GCC visibility push(default)
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
   if (*Module_File == 0)
     {
	/* which socket-module.so was loaded: the tree's, an installed one */
	Dl_info info;
	if ((0 != dladdr ((void *) init_socket_module_ns, &info)) && (info.dli_fname != NULL))
	  Module_File = SLang_create_slstring ((char *) info.dli_fname);
	if (Module_File == NULL) Module_File = "";
     }
   if ((-1 == init_socket_objects ()) || (-1 == init_stream_class ())
       || (-1 == init_loop_classes ()))
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
#pragma GCC visibility pop

/*}}}*/
