/* addr.c: the address layer of the socket module.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "socket-module.h"

/*{{{ Addresses
 *
 * pop_address() turns address-args into one or more sockaddrs for a
 * domain; push_address() turns a sockaddr back into address-args.  Every
 * intrinsic that takes or gives an address uses this pair.
 */



void free_addr_list (Addr_List_Type *al)
{
   if ((al->addrs != NULL) && (al->addrs != &al->one))
     SLfree ((char *) al->addrs);
   al->addrs = NULL;
   al->n = 0;
}

/* How many values make up address-args in this domain. */
int addr_nargs (int domain)
{
   return (domain == AF_UNIX) ? 1 : 2;
}

int check_domain (SLFUTURE_CONST char *call, int domain)
{
   if ((domain == AF_UNIX) || (domain == AF_INET) || (domain == AF_INET6))
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: unsupported address family %d", call, domain);
   return -1;
}

/* Look up a service name for the given socket type; -1 if unknown. */
static int service_port (SLFUTURE_CONST char *name, int socktype)
{
   struct addrinfo hints, *res = NULL;
   int port = -1;

   memset (&hints, 0, sizeof (hints));
   hints.ai_family = AF_INET;
   hints.ai_socktype = (socktype == SOCK_DGRAM) ? SOCK_DGRAM : SOCK_STREAM;
   hints.ai_flags = AI_PASSIVE;
   if ((0 == getaddrinfo (NULL, name, &hints, &res)) && (res != NULL))
     port = ntohs (((struct sockaddr_in *) res->ai_addr)->sin_port);
   if (res != NULL) freeaddrinfo (res);
   return port;
}

/* port: Int 0..65535, or a String service name or number. */
int pop_port (Call_Type *c, int socktype, int *portp)
{
   SLtype t;
   long port = -1;

   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   c->left--;
   if (is_integer_type (t))
     {
	long v;
	if (-1 == SLang_pop_long (&v))
	  return -1;
	port = ((v < 0) || (v > 65535)) ? -1 : (long) v;
	if (port < 0)
	  {
	     SLang_verror (SL_InvalidParm_Error, "%s: port %ld is outside 0..65535", c->name, v);
	     return -1;
	  }
     }
   else if (t == SLANG_STRING_TYPE)
     {
	char *s, *end;
	if (-1 == SLang_pop_slstring (&s))
	  return -1;
	errno = 0;
	port = strtol (s, &end, 10);
	if (*s == 0)
	  port = -1;
	else if ((*end != 0) || errno)
	  port = service_port (s, socktype);
	else if (port > 65535)
	  port = -1;
	if (port < 0)
	  SLang_verror (SL_InvalidParm_Error, "%s: unknown service or bad port '%s'", c->name, s);
	SLang_free_slstring (s);
	if (port < 0)
	  return -1;
     }
   else
     {
	(void) SLdo_pop ();
	SLang_verror (SL_InvalidParm_Error, "%s: port must be an integer 0..65535 or a service name", c->name);
	return -1;
     }
   *portp = (int) port;
   return 0;
}

void set_port (struct sockaddr *sa, int port)
{
   if (sa->sa_family == AF_INET)
     ((struct sockaddr_in *) sa)->sin_port = htons ((unsigned short) port);
   else if (sa->sa_family == AF_INET6)
     ((struct sockaddr_in6 *) sa)->sin6_port = htons ((unsigned short) port);
}

/* Resolve host for family into a list; numeric hosts never reach the
 * resolver; "" is the any-address. */
int resolve_host (SLFUTURE_CONST char *call, int family, int socktype,
			 SLFUTURE_CONST char *host, int port, double deadline, Addr_List_Type *al)
{
   struct addrinfo hints, *res = NULL, *ai;
   unsigned int n;
   int rc;

   al->addrs = &al->one;
   al->n = 1;
   memset (&al->one, 0, sizeof (Addr_Type));

   if (*host == 0)
     {
	al->one.ss.ss_family = (sa_family_t) family;
	al->one.len = (family == AF_INET) ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6);
	set_port ((struct sockaddr *) &al->one.ss, port);
	return 0;
     }

   /* the common numeric cases, without getaddrinfo */
   if ((family == AF_INET)
       && (1 == inet_pton (AF_INET, host, &((struct sockaddr_in *) &al->one.ss)->sin_addr)))
     {
	al->one.ss.ss_family = AF_INET;
	al->one.len = sizeof (struct sockaddr_in);
	set_port ((struct sockaddr *) &al->one.ss, port);
	return 0;
     }
   if ((family == AF_INET6) && (NULL == strchr (host, '%'))
       && (1 == inet_pton (AF_INET6, host, &((struct sockaddr_in6 *) &al->one.ss)->sin6_addr)))
     {
	al->one.ss.ss_family = AF_INET6;
	al->one.len = sizeof (struct sockaddr_in6);
	set_port ((struct sockaddr *) &al->one.ss, port);
	return 0;
     }

   memset (&hints, 0, sizeof (hints));
   hints.ai_family = family;
   hints.ai_socktype = (socktype == SOCK_DGRAM) ? SOCK_DGRAM : SOCK_STREAM;
   hints.ai_flags = AI_NUMERICHOST;
   rc = getaddrinfo (host, NULL, &hints, &res);
   if ((rc == EAI_NONAME) && (deadline >= 0))
     {
	/* a name, and a deadline that must cover its resolution */
	if (-1 == resolve_with_deadline (call, host, family, deadline, &res))
	  return -1;
	rc = 0;
     }
   else if (rc == EAI_NONAME)
     {
	hints.ai_flags = 0;
	rc = getaddrinfo (host, NULL, &hints, &res);
     }
   if ((rc != 0) || (res == NULL))
     {
	if (rc == 0) rc = EAI_NONAME;
	throw_gai (call, host, rc);
	return -1;
     }

   n = 0;
   for (ai = res; ai != NULL; ai = ai->ai_next)
     n++;
   if ((n > 1)
       && (NULL == (al->addrs = (Addr_Type *) SLcalloc (n, sizeof (Addr_Type)))))
     {
	al->addrs = &al->one;
	freeaddrinfo (res);
	return -1;
     }
   al->n = 0;
   for (ai = res; ai != NULL; ai = ai->ai_next)
     {
	Addr_Type *a = al->addrs + al->n;
	if ((ai->ai_addrlen > sizeof (a->ss))
	    || ((family != AF_UNSPEC) && (ai->ai_family != family)))
	  continue;
	memcpy (&a->ss, ai->ai_addr, ai->ai_addrlen);
	a->len = ai->ai_addrlen;
	set_port ((struct sockaddr *) &a->ss, port);
	al->n++;
     }
   freeaddrinfo (res);
   if (al->n == 0)
     {
	free_addr_list (al);
	throw_gai (call, host, EAI_NONAME);
	return -1;
     }
   return 0;
}

/* Fill a sockaddr_un from a path (String) or an abstract name (BString
 * starting with NUL). */
int make_unix_addr (SLFUTURE_CONST char *call, unsigned char *p, size_t n, int is_bstring,
			   Addr_Type *a, int *is_abstract)
{
   struct sockaddr_un *un = (struct sockaddr_un *) &a->ss;

   memset (a, 0, sizeof (Addr_Type));
   un->sun_family = AF_UNIX;
   *is_abstract = (is_bstring && (n > 0) && (p[0] == 0));
   if (*is_abstract)
     {
	if (n > sizeof (un->sun_path))
	  goto too_long;
	memcpy (un->sun_path, p, n);
	a->len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + n);
	return 0;
     }
   if (memchr (p, 0, n) != NULL)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: unix socket path contains a NUL byte", call);
	return -1;
     }
   if (n >= sizeof (un->sun_path))
     goto too_long;
   memcpy (un->sun_path, p, n);
   a->len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + n + 1);
   return 0;

too_long:
   SLang_verror (SL_InvalidParm_Error, "%s: unix socket path is longer than %u bytes",
		 call, (unsigned int) sizeof (un->sun_path) - 1);
   return -1;
}

/* Pop address-args for a domain.  *is_abstract (may be NULL) tells whether
 * a unix address is an abstract name. */
int pop_address (Call_Type *c, int domain, int socktype, double deadline, Addr_List_Type *al, int *is_abstract)
{
   SLtype t;
   int abstract = 0;

   al->addrs = NULL;
   al->n = 0;
   if (-1 == check_domain (c->name, domain))
     return -1;
   if (c->left < addr_nargs (domain))
     {
	SLang_verror (SL_NumArgs_Error, "%s: this socket's address is %s; usage: %s", c->name,
		      (domain == AF_UNIX) ? "a path" : "host, port", c->usage);
	return -1;
     }
   t = (SLtype) SLang_peek_at_stack ();
   if (domain == AF_UNIX)
     {
	SLang_BString_Type *b;
	unsigned char *p;
	SLstrlen_Type n;
	int status;

	c->left--;
	if ((t != SLANG_STRING_TYPE) && (t != SLANG_BSTRING_TYPE))
	  {
	     (void) SLdo_pop ();
	     SLang_verror (SL_TypeMismatch_Error, "%s: a unix socket address is a String path or a BString abstract name", c->name);
	     return -1;
	  }
	if (-1 == SLang_pop_bstring (&b))
	  return -1;
	p = SLbstring_get_pointer (b, &n);
	al->addrs = &al->one;
	al->n = 1;
	status = make_unix_addr (c->name, p, n, (t == SLANG_BSTRING_TYPE), &al->one, &abstract);
	SLbstring_free (b);
	if (status == -1)
	  {
	     al->addrs = NULL;
	     al->n = 0;
	     return -1;
	  }
     }
   else
     {
	char *host;
	int port, status;

	if (t != SLANG_STRING_TYPE)
	  {
	     c->left--;
	     (void) SLdo_pop ();
	     SLang_verror (SL_TypeMismatch_Error, "%s: host must be a String", c->name);
	     return -1;
	  }
	c->left--;
	if (-1 == SLang_pop_slstring (&host))
	  return -1;
	if (-1 == pop_port (c, socktype, &port))
	  {
	     SLang_free_slstring (host);
	     return -1;
	  }
	status = resolve_host (c->name, domain, socktype, host, port, deadline, al);
	SLang_free_slstring (host);
	if (status == -1)
	  return -1;
     }
   if (is_abstract != NULL) *is_abstract = abstract;
   return 0;
}


/* IPv4 in dotted quad, without the cost of inet_ntop's printf. */
static void format_ipv4 (const unsigned char *b, char *out)
{
   int i;
   for (i = 0; i < 4; i++)
     {
	unsigned int v = b[i];
	if (v >= 100) *out++ = (char) ('0' + v / 100);
	if (v >= 10) *out++ = (char) ('0' + (v / 10) % 10);
	*out++ = (char) ('0' + v % 10);
	*out++ = (i < 3) ? '.' : 0;
     }
}

int decode_address (int domain, struct sockaddr *sa, socklen_t len, Decoded_Addr_Type *d)
{
   d->host[0] = 0;
   d->len = 0;
   d->is_abstract = 0;
   d->port = 0;
   d->family = (len < (socklen_t) sizeof (sa_family_t)) ? domain : sa->sa_family;

   switch (d->family)
     {
      case AF_UNIX:
	  {
	     struct sockaddr_un *un = (struct sockaddr_un *) sa;
	     size_t off = offsetof (struct sockaddr_un, sun_path);
	     size_t n = (len > off) ? (size_t) len - off : 0;

	     if (n > sizeof (un->sun_path)) n = sizeof (un->sun_path);
	     if ((n > 0) && (un->sun_path[0] == 0))
	       d->is_abstract = 1;
	     else
	       n = strnlen (un->sun_path, n);   /* the NUL may or may not be counted */
	     memcpy (d->host, un->sun_path, n);
	     d->host[n] = 0;
	     d->len = n;
	     return 0;
	  }
      case AF_INET:
	if (len < (socklen_t) sizeof (struct sockaddr_in)) break;
	format_ipv4 ((unsigned char *) &((struct sockaddr_in *) sa)->sin_addr, d->host);
	d->port = ntohs (((struct sockaddr_in *) sa)->sin_port);
	return 0;
      case AF_INET6:
	if (len < (socklen_t) sizeof (struct sockaddr_in6)) break;
	/* numeric, with %scope where the scope id is set */
	if ((0 != getnameinfo (sa, len, d->host, sizeof (d->host), NULL, 0, NI_NUMERICHOST))
	    && (NULL == inet_ntop (AF_INET6, &((struct sockaddr_in6 *) sa)->sin6_addr, d->host, sizeof (d->host))))
	  break;
	d->port = ntohs (((struct sockaddr_in6 *) sa)->sin6_port);
	return 0;
      default:
	SLang_verror (SL_NotImplemented_Error, "address family %d is not supported", d->family);
	return -1;
     }
   SLang_verror (SL_Internal_Error, "unable to decode an address of family %d", d->family);
   return -1;
}

static int push_decoded_host (Decoded_Addr_Type *d)
{
   SLang_BString_Type *b;
   int status;

   if (! d->is_abstract)
     return SLang_push_string (d->host);
   if (NULL == (b = SLbstring_create ((unsigned char *) d->host, (SLstrlen_Type) d->len)))
     return -1;
   status = SLang_push_bstring (b);
   SLbstring_free (b);
   return status;
}

/* Push address-args for sa: a path, or host and port. */
int push_address (int domain, struct sockaddr *sa, socklen_t len)
{
   Decoded_Addr_Type d;

   if ((-1 == decode_address (domain, sa, len, &d))
       || (-1 == push_decoded_host (&d)))
     return -1;
   if (d.family == AF_UNIX)
     return 0;
   if (0 == SLang_push_int (d.port))
     return 0;
   (void) SLdo_pop ();		       /* all or nothing */
   return -1;
}

/* Assign address-args to references (accept). */
int assign_address (int domain, struct sockaddr *sa, socklen_t len,
			   SLang_Ref_Type **refs, int nrefs)
{
   Decoded_Addr_Type d;
   int status;

   if (nrefs == 0)
     return 0;
   if (-1 == decode_address (domain, sa, len, &d))
     return -1;
   if (d.is_abstract)
     {
	SLang_BString_Type *b = SLbstring_create ((unsigned char *) d.host, (SLstrlen_Type) d.len);
	if (b == NULL) return -1;
	status = SLang_assign_to_ref (refs[0], SLANG_BSTRING_TYPE, (VOID_STAR) &b);
	SLbstring_free (b);
     }
   else
     {
	char *h = d.host;
	status = SLang_assign_to_ref (refs[0], SLANG_STRING_TYPE, (VOID_STAR) &h);
     }
   if ((status == 0) && (nrefs > 1))
     status = SLang_assign_to_ref (refs[1], SLANG_INT_TYPE, (VOID_STAR) &d.port);
   return status;
}

/*}}}*/
