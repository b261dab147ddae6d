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

/* The addresses still to try, one list per family, taken alternately
 * (RFC 8305 section 4): prefer is the family of the next one. */
#define HE_MAX_ADDRS 64
typedef struct
{
   struct addrinfo *a[2][HE_MAX_ADDRS];   /* [0] IPv6, [1] IPv4 */
   unsigned int n[2], next[2];
   int prefer;			       /* 0 or 1 */
   struct addrinfo *res[3];	       /* to free: the lookups' results */
}
Candidates_Type;

/* Add the addresses of res of family (AF_UNSPEC: any) to the lists;
 * res is kept for freeing.  Returns how many were added. */
static unsigned int add_candidates (Candidates_Type *cd, struct addrinfo *res, int family)
{
   struct addrinfo *ai;
   unsigned int k, added = 0;

   for (k = 0; (k < 3) && (cd->res[k] != NULL); k++)
     ;
   if (k < 3) cd->res[k] = res;
   for (ai = res; ai != NULL; ai = ai->ai_next)
     {
	int f = (ai->ai_family == AF_INET6) ? 0 : (ai->ai_family == AF_INET) ? 1 : -1;
	if ((f == -1) || ((family != AF_UNSPEC) && (ai->ai_family != family))
	    || (cd->n[f] >= HE_MAX_ADDRS) || (ai->ai_addrlen > sizeof (struct sockaddr_storage)))
	  continue;
	cd->a[f][cd->n[f]++] = ai;
	added++;
     }
   return added;
}

static int have_candidates (Candidates_Type *cd)
{
   return (cd->next[0] < cd->n[0]) || (cd->next[1] < cd->n[1]);
}

static struct addrinfo *next_candidate (Candidates_Type *cd)
{
   int f = cd->prefer;
   if (cd->next[f] >= cd->n[f]) f = 1 - f;
   if (cd->next[f] >= cd->n[f]) return NULL;
   cd->prefer = 1 - f;
   return cd->a[f][cd->next[f]++];
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
#define HE_RESOLUTION_DELAY 0.05

void create_connection_intrin (void)
{
   CALL(c, "create_connection", "FD_Type create_connection (host, port ; timeout=, source=, source_port=, family=)");
   char *host = NULL, *source = NULL;
   int port, source_port = 0, family = AF_UNSPEC, source_family = AF_UNSPEC;
   double deadline;
   struct addrinfo *res = NULL;
   struct pollfd pfd[2 * HE_MAX_ADDRS + 2];
   Addr_Type pad[2 * HE_MAX_ADDRS];   /* each attempt's address */
   unsigned int started = 0, i, nfds = 0;
   int last_err = ECONNREFUSED, winner = -1, winner_family = 0, gai_rc = 0, gai_err = 0, k;
   double next_start, rd_until = -1.0;
   Addr_Type src, num;
   struct addrinfo hints;
   Candidates_Type cd;
   struct Lookup_Type *lk[2] = {NULL, NULL};   /* [0] AAAA, [1] A, in flight */

   memset (&cd, 0, sizeof (cd));
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

   if ((family == AF_UNSPEC) && (source_family == AF_UNSPEC)
       && ! parse_numeric (host, AF_UNSPEC, port, &num))
     {
	/* one lookup per family, in parallel (RFC 8305 section 3): the
	 * first AAAA answer, or 50 ms after an A answer, starts the race;
	 * a family whose lookup never answers does not hold up the other */
	if ((NULL == (lk[0] = lookup_begin (c.name, host, AF_INET6, SOCK_STREAM)))
	    || (NULL == (lk[1] = lookup_begin (c.name, host, AF_INET, SOCK_STREAM))))
	  goto free_return;
     }
   else
     {
	memset (&hints, 0, sizeof (hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	if (-1 == lookup_addrinfo (c.name, host, NULL, &hints, deadline, &res))
	  goto free_return;
	cd.prefer = (res->ai_family == AF_INET) ? 1 : 0;   /* the first result's family first */
	if ((0 == add_candidates (&cd, res, source_family)) && (source_family != AF_UNSPEC))
	  {
	     struct addrinfo *ai;
	     int any = 0;
	     for (ai = res; ai != NULL; ai = ai->ai_next)
	       if ((ai->ai_family == AF_INET) || (ai->ai_family == AF_INET6)) any = 1;
	     res = NULL;	       /* cd owns it */
	     if (any)
	       {
		  SLerrno_set_errno (EAFNOSUPPORT);
		  SLang_verror (SocketError, "%s: no address of %s is of the family of source=%s", c.name, host, source);
		  goto free_return;
	       }
	  }
	res = NULL;		       /* cd owns it */
	if (! have_candidates (&cd))
	  {
	     throw_gai (c.name, host, EAI_NONAME);
	     goto free_return;
	  }
     }

   next_start = now_seconds ();
   while (winner == -1)
     {
	double now = now_seconds (), wake;
	int r, holding = (started == 0) && (lk[0] != NULL) && (rd_until >= 0) && (now < rd_until);
	unsigned int nlk = 0;

	/* start the next attempt when its time comes, or when nothing is
	 * in flight -- but not while an A answer waits the resolution
	 * delay for the AAAA one */
	if (have_candidates (&cd) && ! holding && ((now >= next_start) || (nfds == 0)))
	  {
	     struct addrinfo *ai = next_candidate (&cd);
	     Addr_Type a;
	     int fd = socket (ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	     started++;
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
	if ((nfds == 0) && ! have_candidates (&cd) && (lk[0] == NULL) && (lk[1] == NULL))
	  {
	     if (started == 0)
	       {
		  errno = gai_err;
		  throw_gai (c.name, host, gai_rc ? gai_rc : EAI_NONAME);
	       }
	     else throw_errno (c.name, last_err);
	     goto free_return;
	  }
	/* the lookups still out are waited for with the attempts */
	for (k = 0; k < 2; k++)
	  if (lk[k] != NULL)
	    {
	       pfd[nfds + nlk].fd = lookup_fd (lk[k]);
	       pfd[nfds + nlk].events = POLLIN;
	       pfd[nfds + nlk].revents = 0;
	       nlk++;
	    }
	/* wait until the deadline, the next attempt, or the end of the
	 * resolution delay */
	wake = deadline;
	if (holding && ((wake < 0) || (rd_until < wake)))
	  wake = rd_until;
	else if (have_candidates (&cd) && (nfds > 0) && ((wake < 0) || (next_start < wake)))
	  wake = next_start;
	r = poll_wait (c.name, pfd, nfds + nlk, wake, NULL, NULL, NULL);
	if (r < 0)
	  goto free_return;
	if ((r == 0) && (deadline >= 0) && (now_seconds () >= deadline))
	  {
	     throw_errno (c.name, ETIMEDOUT);
	     goto free_return;
	  }
	for (i = nfds, k = 0; k < 2; k++)
	  {
	     struct addrinfo *lres = NULL;
	     int rc;
	     if (lk[k] == NULL) continue;
	     if (pfd[i++].revents == 0) continue;
	     rc = lookup_result (lk[k], &lres);
	     if (rc != 0)
	       {
		  gai_rc = rc;
		  gai_err = errno;
	       }
	     lookup_end (lk[k]);
	     lk[k] = NULL;
	     if (rc == 0)
	       (void) add_candidates (&cd, lres, (k == 0) ? AF_INET6 : AF_INET);   /* cd keeps lres */
	     else if (lres != NULL)
	       freeaddrinfo (lres);
	     if ((rc == 0) && (k == 1) && (lk[0] != NULL) && (rd_until < 0))
	       rd_until = now_seconds () + HE_RESOLUTION_DELAY;
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
		  winner_family = pad[i].ss.ss_family;
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
   else (void) push_new_socket (winner, winner_family, SOCK_STREAM);

free_return:
   for (i = 0; i < nfds; i++)
     (void) close (pfd[i].fd);
   for (k = 0; k < 2; k++)
     if (lk[k] != NULL) lookup_end (lk[k]);
   for (k = 0; k < 3; k++)
     if (cd.res[k] != NULL) freeaddrinfo (cd.res[k]);
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
   if ((family != AF_UNSPEC) && (family != AF_INET) && (family != AF_INET6) && (family != AF_UNIX))
     {
	/* a server listens on a stream: netlink, packet and vsock are
	 * made with socket, bind and listen */
	SLang_verror (SL_InvalidParm_Error, "%s: family must be AF_INET, AF_INET6, AF_UNIX or AF_UNSPEC, not %d",
		      c.name, family);
	goto free_return;
     }

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
   if (NULL == (s.f = make_socket_fd (s.fd, s.domain, s.type)))
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
