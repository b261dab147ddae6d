/* connect.c: connect, create_connection (Happy Eyeballs v2), create_server.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "connect.h"

/*{{{ connect */

/* Try every address in order; raise the last error. */
static int connect_list (SLFUTURE_CONST char *call, Sock_Type *s, Addr_List_Type *al, double deadline)
{
   unsigned int i;
   int e = EADDRNOTAVAIL;	       /* if the list were empty */

   if (! sock_still_open (s))
     e = ERR_CLOSED_WAITING;	       /* closed while the host was looked up */
   else for (i = 0; i < al->n; i++)
     {
	e = connect_wait (s, (struct sockaddr *) &al->addrs[i].ss, al->addrs[i].len, deadline);
	if ((e == 0) || (e == -1) || (e == ERR_CLOSED_WAITING)
	    || (e == ETIMEDOUT) || (e == EINPROGRESS) || (e == EALREADY) || (e == EISCONN)
	    || (e == EBADF) || (e == ENOTSOCK))
	  break;
     }
   if (e == 0) return 0;
   if (e != -1) throw_errno (call, e);
   return -1;
}

void connect_intrin (void)
{
   CALL(c, "connect", "connect (FD_Type s, address-args ; timeout=secs)");
   Sock_Type s;
   Addr_List_Type al;
   double deadline;

   if (-1 == check_nargs (&c, 2, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s)))
     {
	drop_args (&c);
	return;
     }
   if ((0 == check_addr_nargs (&c, &s, 0))
       && (0 == pop_address (&c, s.domain, s.type, deadline, &al, NULL)))
     {
	(void) connect_list (c.name, &s, &al, deadline);
	free_addr_list (&al);
     }
   drop_args (&c);
   free_sock (&s);
}

/*}}}*/

/*{{{ create_connection (Happy Eyeballs v2), create_server */

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
	any_address (family, source_port, &any);
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
   struct addrinfo hints;

   if (-1 == check_nargs (&c, 2, 2))
     return;
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
	     if (! parse_numeric (source, AF_UNSPEC, source_port, &src))
	       {
		  SLang_verror (SL_InvalidParm_Error, "%s: '%s' is not a numeric address", c.name, source);
		  goto free_return;
	       }
	     source_family = src.ss.ss_family;
	  }
     }
   if (SLang_peek_at_stack () != SLANG_STRING_TYPE)
     {
	drop_type_error (&c, "host must be a String");
	goto free_return;
     }
   c.left--;
   if ((-1 == SLang_pop_slstring (&host))
       || (-1 == pop_port (&c, SOCK_STREAM, &port)))
     goto free_return;

   memset (&hints, 0, sizeof (hints));
   hints.ai_family = family;
   hints.ai_socktype = SOCK_STREAM;
   if (-1 == lookup_addrinfo (c.name, host, NULL, &hints, deadline, &res))
     goto free_return;
   ncand = order_addresses (res, source_family, cand, HE_MAX_ADDRS);
   if ((ncand == 0) && (source_family != AF_UNSPEC)
       && (0 != order_addresses (res, AF_UNSPEC, cand, HE_MAX_ADDRS)))
     {
	SLerrno_set_errno (EAFNOSUPPORT);
	SLang_verror (SocketError, "%s: no address of %s is of the family of source=%s", c.name, host, source);
	goto free_return;
     }
   if (ncand == 0)
     {
	throw_gai (c.name, host, EAI_NONAME);
	goto free_return;
     }

   next_start = now_seconds ();
   while (winner == -1)
     {
	double now = now_seconds (), wake;
	int r;

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
	/* wait until the deadline, or until the next attempt is due */
	wake = deadline;
	if ((started < ncand) && ((wake < 0) || (next_start < wake)))
	  wake = next_start;
	r = poll_wait (c.name, pfd, nfds, wake, NULL, NULL, NULL);
	if (r < 0)
	  goto free_return;
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
   CALL(c, "create_server", "FD_Type create_server (host, port ; backlog=128, reuse_port=0, dualstack=1, family=, mode=, unlink=1)");
   SLang_BString_Type *hb = NULL;
   char *host = NULL;
   int port = 0, backlog, reuse_port, dualstack, family, mode, is_abstract = 0, unlink_path;
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
       || (-1 == get_int_qualifier (c.name, "family", &family, AF_UNSPEC))
       || (-1 == get_int_qualifier (c.name, "unlink", &unlink_path, 1)))
     goto free_return;
   if ((family != AF_UNSPEC) && (-1 == check_domain (c.name, family)))
     goto free_return;

   t = (SLtype) SLang_peek_at_stack ();
   if (((t != SLANG_STRING_TYPE) && (t != SLANG_BSTRING_TYPE))
       || ((t == SLANG_BSTRING_TYPE) && (family != AF_UNIX)))
     {
	drop_type_error (&c, "host must be a String (a path with family=AF_UNIX)");
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
   if (-1 == bind_address (c.name, &s, al.addrs, is_abstract, mode, ! unlink_path))
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
