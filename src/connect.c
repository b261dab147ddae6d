/* connect.c: create_connection (Happy Eyeballs v2) and create_server.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "socket-module.h"

/*{{{ Intrinsics: create_connection (Happy Eyeballs v2), create_server */

/* Name resolution in a helper thread, so that a deadline can abandon it.
 * The job is shared: whoever lets go of it last frees it. */
typedef struct
{
   pthread_mutex_t lock;
   int refs;
   int pipefd[2];
   char *host;
   struct addrinfo hints;
   struct addrinfo *res;
   int rc;
   int err;
}
Resolve_Job_Type;

static void release_job (Resolve_Job_Type *j)
{
   int refs;
   (void) pthread_mutex_lock (&j->lock);
   refs = --j->refs;
   (void) pthread_mutex_unlock (&j->lock);
   if (refs > 0) return;
   if (j->pipefd[0] != -1) (void) close (j->pipefd[0]);
   if (j->pipefd[1] != -1) (void) close (j->pipefd[1]);
   if (j->res != NULL) freeaddrinfo (j->res);
   free (j->host);
   (void) pthread_mutex_destroy (&j->lock);
   free (j);
}

/* Lookups whose thread is still running.  A deadline abandons a lookup
 * but not its thread, which lives until getaddrinfo returns; against a
 * resolver that never answers, a loop of short deadlines would pile up
 * threads, so past MAX_LOOKUPS a new lookup fails at once (SocketHError,
 * h_errno TRY_AGAIN, errno EAGAIN). */
#define MAX_LOOKUPS 64
static int Running_Lookups = 0;
static pid_t Lookups_Pid = 0;	       /* a forked child has none running */

/* The thread reports completion by closing its end of the pipe, so once
 * the caller sees end-of-file no descriptor of the job remains open. */
static void *resolve_thread (void *arg)
{
   Resolve_Job_Type *j = (Resolve_Job_Type *) arg;
   int fd;

   j->rc = getaddrinfo (j->host, NULL, &j->hints, &j->res);
   j->err = errno;
   (void) pthread_mutex_lock (&j->lock);
   fd = j->pipefd[1];
   j->pipefd[1] = -1;
   (void) pthread_mutex_unlock (&j->lock);
   (void) close (fd);
   release_job (j);
   (void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
   return NULL;
}

/* Resolve host within the deadline.  Returns 0 and *resp, or -1 raised. */
int resolve_with_deadline (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int family,
				  double deadline, struct addrinfo **resp)
{
   Resolve_Job_Type *j;
   pthread_t th;
   pthread_attr_t attr;
   sigset_t all, old;
   Guard_Type g;
   int status, rc;

   *resp = NULL;
   if (NULL == (j = (Resolve_Job_Type *) calloc (1, sizeof (Resolve_Job_Type))))
     {
	SLang_set_error (SL_Malloc_Error);
	return -1;
     }
   j->hints.ai_family = family;
   j->hints.ai_socktype = SOCK_STREAM;
   j->hints.ai_flags = AI_NUMERICHOST;
   j->refs = 2;
   j->pipefd[0] = j->pipefd[1] = -1;
   /* numeric hosts never reach the resolver */
   rc = getaddrinfo (host, NULL, &j->hints, resp);
   if (rc == 0)
     {
	free (j);
	return 0;
     }
   j->hints.ai_flags = 0;
   if ((NULL == (j->host = strdup (host)))
       || (0 != pthread_mutex_init (&j->lock, NULL)))
     {
	free (j->host);
	free (j);
	SLang_set_error (SL_Malloc_Error);
	return -1;
     }
   if (Lookups_Pid != getpid ())
     {
	Lookups_Pid = getpid ();
	__atomic_store_n (&Running_Lookups, 0, __ATOMIC_SEQ_CST);
     }
   if (__atomic_add_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST) > MAX_LOOKUPS)
     {
	(void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
	throw_lookups_busy (call, host, MAX_LOOKUPS);
	j->refs = 1;
	release_job (j);
	return -1;
     }
   if (-1 == pipe2 (j->pipefd, O_CLOEXEC))
     {
	(void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
	throw_errno (call, errno);
	j->refs = 1;
	release_job (j);
	return -1;
     }
   (void) sigfillset (&all);
   (void) pthread_attr_init (&attr);
   (void) pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
   (void) pthread_sigmask (SIG_SETMASK, &all, &old);
   rc = pthread_create (&th, &attr, resolve_thread, j);
   (void) pthread_sigmask (SIG_SETMASK, &old, NULL);
   (void) pthread_attr_destroy (&attr);
   if (rc != 0)
     {
	(void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
	throw_errno (call, rc);
	j->refs = 1;
	release_job (j);
	return -1;
     }

   push_guard (&g, call, NULL, -1);
   status = wait_fd (call, j->pipefd[0], POLLIN, deadline);
   pop_guard (&g);
   /* the caller's end goes now, whether or not the thread is done */
   (void) close (j->pipefd[0]);
   j->pipefd[0] = -1;
   if (status == 1)
     {
	(void) pthread_mutex_lock (&j->lock);
	*resp = j->res;
	j->res = NULL;
	rc = j->rc;
	(void) pthread_mutex_unlock (&j->lock);
	if (rc != 0)
	  {
	     errno = j->err;
	     throw_gai (call, host, rc);
	     status = -1;
	  }
	else status = 0;
     }
   else
     {
	if (status == 0)
	  throw_errno (call, ETIMEDOUT);
	status = -1;
     }
   release_job (j);
   return status;
}

/* Interleave address families, the first result's family first (RFC 8305). */
static unsigned int order_addresses (struct addrinfo *res, int source_family, struct addrinfo **out, unsigned int max)
{
   struct addrinfo *ai, *a[2] = {NULL, NULL};
   unsigned int n = 0;
   int first = -1, k;

   for (ai = res; ai != NULL; ai = ai->ai_next)
     {
	if ((ai->ai_family != AF_INET) && (ai->ai_family != AF_INET6)) continue;
	if ((source_family != AF_UNSPEC) && (ai->ai_family != source_family)) continue;
	if (first == -1) first = ai->ai_family;
     }
   /* walk two cursors, one per family */
   a[0] = res; a[1] = res;
   k = 0;
   while (n < max)
     {
	int fam = ((k == 0) == (first == AF_INET6)) ? AF_INET6 : AF_INET;
	int other = k ^ 1;
	while ((a[k] != NULL)
	       && ((a[k]->ai_family != fam)
		   || ((source_family != AF_UNSPEC) && (a[k]->ai_family != source_family))))
	  a[k] = a[k]->ai_next;
	if (a[k] != NULL)
	  {
	     out[n++] = a[k];
	     a[k] = a[k]->ai_next;
	  }
	else
	  {
	     /* this family is done: does the other have more? */
	     int ofam = (fam == AF_INET6) ? AF_INET : AF_INET6;
	     while ((a[other] != NULL)
		    && ((a[other]->ai_family != ofam)
			|| ((source_family != AF_UNSPEC) && (a[other]->ai_family != source_family))))
	       a[other] = a[other]->ai_next;
	     if (a[other] == NULL) break;
	  }
	k = other;
     }
   return n;
}

/* Bind an attempt's socket to source= (numeric) or, with only
 * source_port=, to that port on the any-address of its family. */
static int bind_source (int fd, int family, Addr_Type *src, int source_port)
{
   Addr_Type any;

   if (src == NULL)
     {
	if (source_port == 0)
	  return 0;
	memset (&any, 0, sizeof (any));
	any.ss.ss_family = (sa_family_t) family;
	any.len = (family == AF_INET) ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6);
	set_port ((struct sockaddr *) &any.ss, source_port);
	src = &any;
     }
   return bind (fd, (struct sockaddr *) &src->ss, src->len);
}

#define HE_ATTEMPT_DELAY 0.25
#define HE_MAX_ADDRS 64

void create_connection_intrin (void)
{
   CALL(c, "create_connection", "FD_Type create_connection (host, port ; timeout=, source=, source_port=, family=)");
   char *host = NULL, *source = NULL;
   int port, source_port = 0, family = AF_UNSPEC, source_family = AF_UNSPEC;
   double deadline;
   struct addrinfo *res = NULL, *cand[HE_MAX_ADDRS];
   struct pollfd pfd[HE_MAX_ADDRS];
   Addr_Type pad[HE_MAX_ADDRS];	       /* each attempt's address */
   unsigned int ncand = 0, started = 0, i, nfds = 0;
   int last_err = ECONNREFUSED, winner = -1;
   double next_start;
   Addr_Type src;
   Guard_Type g;

   if (-1 == check_nargs (&c, 2, 2))
     return;
   push_guard (&g, c.name, NULL, -1);  /* its waits are not an outer call's */
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == get_int_qualifier (c.name, "family", &family, AF_UNSPEC))
       || (-1 == get_int_qualifier (c.name, "source_port", &source_port, 0)))
     goto free_return;
   if ((family != AF_UNSPEC) && (family != AF_INET) && (family != AF_INET6))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: family must be AF_INET, AF_INET6 or AF_UNSPEC", c.name);
	goto free_return;
     }
   if ((source_port < 0) || (source_port > 65535))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: source_port %d is outside 0..65535", c.name, source_port);
	goto free_return;
     }
   if (SLang_qualifier_exists ("source"))
     {
	if (-1 == SLang_get_string_qualifier ("source", &source, NULL))
	  goto free_return;
	if (source != NULL)
	  {
	     if (-1 == numeric_sockaddr (&c, source, source_port, &src))
	       goto free_return;
	     source_family = src.ss.ss_family;
	  }
     }
   c.left--;
   if (SLang_peek_at_stack () != SLANG_STRING_TYPE)
     {
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: host must be a String", c.name);
	goto free_return;
     }
   if ((-1 == SLang_pop_slstring (&host))
       || (-1 == pop_port (&c, SOCK_STREAM, &port)))
     goto free_return;

   if (-1 == resolve_with_deadline (c.name, host, family, deadline, &res))
     goto free_return;
   ncand = order_addresses (res, source_family, cand, HE_MAX_ADDRS);
   if (ncand == 0)
     {
	throw_gai (c.name, host, EAI_NONAME);
	goto free_return;
     }

   next_start = now_seconds ();
   while (winner == -1)
     {
	double now = now_seconds ();
	int ms, r;

	/* start the next attempt when its time comes, or when nothing is
	 * in flight */
	if ((started < ncand) && ((now >= next_start) || (nfds == 0)))
	  {
	     struct addrinfo *ai = cand[started++];
	     Addr_Type a;
	     int fd = socket (ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	     next_start = now + HE_ATTEMPT_DELAY;
	     if (fd == -1)
	       {
		  /* failed at once: the next attempt need not wait */
		  last_err = errno;
		  next_start = now;
		  continue;
	       }
	     memset (&a, 0, sizeof (a));
	     memcpy (&a.ss, ai->ai_addr, ai->ai_addrlen);
	     a.len = ai->ai_addrlen;
	     set_port ((struct sockaddr *) &a.ss, port);
	     if ((-1 == bind_source (fd, ai->ai_family, (source != NULL) ? &src : NULL, source_port))
		 || ((-1 == connect (fd, (struct sockaddr *) &a.ss, a.len)) && (errno != EINPROGRESS)))
	       {
		  last_err = errno;
		  next_start = now;
		  (void) close (fd);
		  continue;
	       }
	     pad[nfds] = a;
	     pfd[nfds].fd = fd;
	     pfd[nfds].events = POLLOUT;
	     pfd[nfds].revents = 0;
	     nfds++;
	     continue;
	  }
	if (nfds == 0)
	  {
	     throw_errno (c.name, last_err);
	     goto free_return;
	  }
	ms = deadline_ms (deadline);
	if (started < ncand)
	  {
	     int ms1 = (int) ceil ((next_start - now) * 1000.0);
	     if (ms1 < 0) ms1 = 0;
	     if ((ms < 0) || (ms1 < ms)) ms = ms1;
	  }
	r = poll (pfd, nfds, ms);
	if (r == -1)
	  {
	     if (errno != EINTR)
	       {
		  throw_errno (c.name, errno);
		  goto free_return;
	       }
	     if (-1 == handle_eintr ())
	       goto free_return;
	     continue;
	  }
	if ((r == 0) && (deadline >= 0) && (now_seconds () >= deadline))
	  {
	     throw_errno (c.name, ETIMEDOUT);
	     goto free_return;
	  }
	for (i = 0; (i < nfds) && (winner == -1); i++)
	  {
	     int e = 0;
	     socklen_t len = sizeof (e);
	     if (pfd[i].revents == 0) continue;
	     if (-1 == getsockopt (pfd[i].fd, SOL_SOCKET, SO_ERROR, &e, &len))
	       e = errno;
	     if (e == 0)
	       {
		  winner = pfd[i].fd;
		  finish_connect (winner, (struct sockaddr *) &pad[i].ss, pad[i].len);
		  pad[i] = pad[nfds - 1];
		  pfd[i] = pfd[--nfds];
		  break;
	       }
	     /* this one failed: drop it and start the next at once */
	     last_err = e;
	     (void) close (pfd[i].fd);
	     pad[i] = pad[nfds - 1];
	     pfd[i] = pfd[--nfds];
	     next_start = now_seconds ();
	     i--;
	  }
     }

   if (-1 == set_nonblock (winner, 0, NULL))
     {
	throw_errno (c.name, errno);
	(void) close (winner);
     }
   else (void) push_new_socket (winner);

free_return:
   pop_guard (&g);
   for (i = 0; i < nfds; i++)
     (void) close (pfd[i].fd);
   drop_args (&c);
   if (res != NULL) freeaddrinfo (res);
   SLang_free_slstring (host);
   SLang_free_slstring (source);
}

static int set_int_option (SLFUTURE_CONST char *call, int fd, int level, int opt, int value)
{
   if (0 == setsockopt (fd, level, opt, &value, sizeof (value)))
     return 0;
   throw_errno (call, errno);
   return -1;
}

void create_server_intrin (void)
{
   CALL(c, "create_server", "FD_Type create_server (host, port ; backlog=128, reuse_port=0, dualstack=1, family=)");
   SLang_BString_Type *hb = NULL;
   char *host = NULL;
   int port = 0, backlog, reuse_port, dualstack, family, mode, is_abstract = 0;
   Addr_List_Type al;
   Sock_Type s;
   unsigned char *hp;
   SLstrlen_Type hn;
   SLtype t;

   al.addrs = NULL; al.n = 0;
   memset (&s, 0, sizeof (s));
   if (-1 == check_nargs (&c, 1, 2))
     return;
   if ((-1 == get_int_qualifier (c.name, "backlog", &backlog, 128))
       || (-1 == get_int_qualifier (c.name, "reuse_port", &reuse_port, 0))
       || (-1 == get_int_qualifier (c.name, "dualstack", &dualstack, 1))
       || (-1 == get_int_qualifier (c.name, "family", &family, AF_UNSPEC)))
     goto free_return;
   if ((family != AF_UNSPEC) && (-1 == check_domain (c.name, family)))
     goto free_return;

   t = (SLtype) SLang_peek_at_stack ();
   if (((t != SLANG_STRING_TYPE) && (t != SLANG_BSTRING_TYPE))
       || ((t == SLANG_BSTRING_TYPE) && (family != AF_UNIX)))
     {
	c.left--;
	(void) SLdo_pop ();
	SLang_verror (SL_TypeMismatch_Error, "%s: host must be a String (a path with family=AF_UNIX)", c.name);
	goto free_return;
     }
   c.left--;
   if (-1 == SLang_pop_bstring (&hb))
     goto free_return;
   hp = SLbstring_get_pointer (hb, &hn);

   if (family == AF_UNIX)
     {
	/* the port, if any, is ignored */
	if (c.left > 0)
	  {
	     c.left--;
	     (void) SLdo_pop ();
	  }
	al.addrs = &al.one;
	al.n = 1;
	if (-1 == make_unix_addr (c.name, hp, hn, (t == SLANG_BSTRING_TYPE), &al.one, &is_abstract))
	  {
	     al.addrs = NULL;
	     goto free_return;
	  }
	s.domain = AF_UNIX;
     }
   else
     {
	if (c.left == 0)
	  {
	     SLang_verror (SL_NumArgs_Error, "%s: an internet server needs host and port; usage: %s", c.name, c.usage);
	     goto free_return;
	  }
	if ((-1 == pop_port (&c, SOCK_STREAM, &port))
	    || (NULL == (host = SLang_create_slstring ((char *) hp))))
	  goto free_return;
	if (*host == 0)
	  {
	     if (family == AF_UNSPEC)
	       family = dualstack ? AF_INET6 : AF_INET;
	  }
	if (-1 == resolve_host (c.name, family, SOCK_STREAM, host, port, -1.0, &al))
	  goto free_return;
	s.domain = al.addrs[0].ss.ss_family;
     }
   if (-1 == get_mode_qualifier (c.name, s.domain, is_abstract, &mode))
     goto free_return;

   s.type = SOCK_STREAM;
   s.fd = socket (s.domain, SOCK_STREAM | SOCK_CLOEXEC, 0);
   if ((s.fd == -1) && (errno == EAFNOSUPPORT) && (s.domain == AF_INET6) && (*host == 0))
     {
	/* no IPv6 here: fall back to IPv4 */
	free_addr_list (&al);
	if (-1 == resolve_host (c.name, AF_INET, SOCK_STREAM, host, port, -1.0, &al))
	  goto free_return;
	s.domain = AF_INET;
	s.fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
     }
   if (s.fd == -1)
     {
	throw_errno (c.name, errno);
	goto free_return;
     }
   if (NULL == (s.f = make_socket_fd (s.fd)))
     goto free_return;
   if ((s.domain != AF_UNIX)
       && ((-1 == set_int_option (c.name, s.fd, SOL_SOCKET, SO_REUSEADDR, 1))
	   || (reuse_port && (-1 == set_int_option (c.name, s.fd, SOL_SOCKET, SO_REUSEPORT, 1)))
	   || ((s.domain == AF_INET6)
	       && (-1 == set_int_option (c.name, s.fd, IPPROTO_IPV6, IPV6_V6ONLY,
					 ((*host == 0) && dualstack) ? 0 : 1)))))
     goto free_return;
   if (-1 == bind_address (c.name, &s, al.addrs, is_abstract, mode))
     goto free_return;
   if (-1 == listen (s.fd, backlog))
     {
	throw_errno (c.name, errno);
	goto free_return;
     }
   (void) SLfile_push_fd (s.f);

free_return:
   drop_args (&c);
   free_addr_list (&al);
   free_sock (&s);
   SLang_free_slstring (host);
   if (hb != NULL) SLbstring_free (hb);
}

/*}}}*/
