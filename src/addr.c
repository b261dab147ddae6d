/* addr.c: the address layer (SPEC 5) and name lookups with deadlines.
 *
 * pop_address() turns address-args into one or more sockaddrs for a
 * domain; push_address() turns a sockaddr back into address-args.  Every
 * intrinsic that takes or gives an address uses this pair.  Numeric hosts
 * are parsed in one place (parse_numeric) and never reach the resolver;
 * names are looked up in a helper thread (lookup_addrinfo), so that a
 * deadline can abandon the lookup and signal handlers run meanwhile.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "addr.h"

/*{{{ Domains and ports */

/* The families the module can address: what address-args are in each. */
typedef struct
{
   int domain;
   SLFUTURE_CONST char *name;	       /* "NAME socket's address is ARGS" */
   SLFUTURE_CONST char *args;
   int nargs;
}
Family_Type;

static const Family_Type Families[] =
{
   {AF_UNIX, "a unix", "a path", 1},
   {AF_INET, "an internet", "host, port", 2},
   {AF_INET6, "an internet", "host, port", 2},
#ifdef AF_NETLINK
   {AF_NETLINK, "a netlink", "pid, groups", 2},
#endif
#ifdef AF_PACKET
   {AF_PACKET, "a packet", "ifname, protocol", 2},
#endif
#ifdef AF_VSOCK
   {AF_VSOCK, "a vsock", "cid, port", 2},
#endif
};

static const Family_Type *find_family (int domain)
{
   unsigned int i;
   for (i = 0; i < sizeof (Families) / sizeof (Families[0]); i++)
     if (Families[i].domain == domain)
       return Families + i;
   return NULL;
}

int check_domain (SLFUTURE_CONST char *call, int domain)
{
   if (NULL != find_family (domain))
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: unsupported address family %d", call, domain);
   return -1;
}

/* How many values make up address-args in this domain. */
int addr_nargs (int domain)
{
   const Family_Type *f = find_family (domain);
   return (f == NULL) ? 2 : f->nargs;
}

/* After the socket: exactly the address-args (plus "extra" more) must
 * remain. */
int check_addr_nargs (Call_Type *c, Sock_Type *s, int extra)
{
   const Family_Type *f;

   if (c->left == addr_nargs (s->domain) + extra)
     return 0;
   if (-1 == check_domain (c->name, s->domain))
     return -1;
   f = find_family (s->domain);
   SLang_verror (SL_NumArgs_Error, "%s: %s socket's address is %s; usage: %s", c->name,
		 f->name, f->args, c->usage);
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

/* port: an integer 0..65535, or a String service name or number. */
int pop_port (Call_Type *c, int socktype, int *portp)
{
   SLtype t;
   int port = -1;

   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   if (is_integer_type (t))
     {
	long long l;
	c->left--;
	if (-1 == pop_ranged (c->name, "port", 0, 65535, &l))
	  return -1;
	port = (int) l;
     }
   else if (t == SLANG_STRING_TYPE)
     {
	char *s, *end;
	long l;

	c->left--;
	if (-1 == SLang_pop_slstring (&s))
	  return -1;
	errno = 0;
	l = strtol (s, &end, 10);
	if (*s == 0)
	  l = -1;
	else if ((*end != 0) || errno)
	  l = service_port (s, socktype);
	else if (l > 65535)
	  l = -1;
	if (l < 0)
	  SLang_verror (SL_InvalidParm_Error, "%s: unknown service or bad port '%s'", c->name, s);
	SLang_free_slstring (s);
	if (l < 0)
	  return -1;
	port = (int) l;
     }
   else
     {
	c->left--;
	(void) SLdo_pop ();
	SLang_verror (SL_InvalidParm_Error, "%s: port must be an integer 0..65535 or a service name", c->name);
	return -1;
     }
   *portp = port;
   return 0;
}

void set_port (struct sockaddr *sa, int port)
{
   if (sa->sa_family == AF_INET)
     ((struct sockaddr_in *) sa)->sin_port = htons ((unsigned short) port);
   else if (sa->sa_family == AF_INET6)
     ((struct sockaddr_in6 *) sa)->sin6_port = htons ((unsigned short) port);
}

/*}}}*/

/*{{{ Hosts */

/* The any-address of an internet family, with a port. */
void any_address (int family, int port, Addr_Type *a)
{
   memset (a, 0, sizeof (Addr_Type));
   a->ss.ss_family = (sa_family_t) family;
   a->len = (family == AF_INET) ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6);
   set_port ((struct sockaddr *) &a->ss, port);
}

/* The one numeric-host parser: host as an address of family (AF_UNSPEC:
 * either) with port.  1: numeric, *a filled; 0: not a numeric address of
 * that family (a name, or the other family's). */
int parse_numeric (SLFUTURE_CONST char *host, int family, int port, Addr_Type *a)
{
   struct addrinfo hints, *res = NULL;
   int ok = 0;

   memset (a, 0, sizeof (Addr_Type));
   /* the common cases without getaddrinfo */
   if (((family == AF_INET) || (family == AF_UNSPEC))
       && (1 == inet_pton (AF_INET, host, &((struct sockaddr_in *) &a->ss)->sin_addr)))
     {
	a->ss.ss_family = AF_INET;
	a->len = sizeof (struct sockaddr_in);
	ok = 1;
     }
   else if (((family == AF_INET6) || (family == AF_UNSPEC)) && (NULL == strchr (host, '%'))
	    && (1 == inet_pton (AF_INET6, host, &((struct sockaddr_in6 *) &a->ss)->sin6_addr)))
     {
	a->ss.ss_family = AF_INET6;
	a->len = sizeof (struct sockaddr_in6);
	ok = 1;
     }
   else
     {
	/* scoped IPv6 ("fe80::1%lo") and the short IPv4 forms ("127.1") */
	memset (&hints, 0, sizeof (hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	if ((0 == getaddrinfo (host, NULL, &hints, &res)) && (res != NULL)
	    && (res->ai_addrlen <= sizeof (a->ss)))
	  {
	     memcpy (&a->ss, res->ai_addr, res->ai_addrlen);
	     a->len = res->ai_addrlen;
	     ok = 1;
	  }
	if (res != NULL) freeaddrinfo (res);
     }
   if (ok) set_port ((struct sockaddr *) &a->ss, port);
   return ok;
}

void free_addr_list (Addr_List_Type *al)
{
   if ((al->addrs != NULL) && (al->addrs != &al->one))
     SLfree ((char *) al->addrs);
   al->addrs = NULL;
   al->n = 0;
}

/* Resolve host for family into a list: "" is the any-address; numeric
 * hosts never reach the resolver. */
int resolve_host (SLFUTURE_CONST char *call, int family, int socktype,
		  SLFUTURE_CONST char *host, int port, double deadline, Addr_List_Type *al)
{
   struct addrinfo hints, *res = NULL, *ai;
   unsigned int n;

   al->addrs = &al->one;
   al->n = 1;
   if (*host == 0)
     {
	any_address (family, port, &al->one);
	return 0;
     }
   if (parse_numeric (host, family, port, &al->one))
     return 0;

   memset (&hints, 0, sizeof (hints));
   hints.ai_family = family;
   hints.ai_socktype = (socktype == SOCK_DGRAM) ? SOCK_DGRAM : SOCK_STREAM;
   if (-1 == lookup_addrinfo (call, host, NULL, &hints, deadline, &res))
     {
	al->addrs = NULL;
	al->n = 0;
	return -1;
     }
   n = 0;
   for (ai = res; ai != NULL; ai = ai->ai_next)
     n++;
   if ((n > 1)
       && (NULL == (al->addrs = (Addr_Type *) SLcalloc (n, sizeof (Addr_Type)))))
     {
	al->addrs = NULL;
	al->n = 0;
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
	memset (a, 0, sizeof (Addr_Type));
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
 * starting with NUL).  An empty path is Linux autobind: the kernel picks
 * a unique abstract name. */
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
	  {
	     SLang_verror (SL_InvalidParm_Error, "%s: an abstract unix socket name is at most %u bytes (with its leading NUL), not %lu",
			   call, (unsigned int) sizeof (un->sun_path), (unsigned long) n);
	     return -1;
	  }
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
     {
	SLang_verror (SL_InvalidParm_Error, "%s: unix socket path is longer than %u bytes",
		      call, (unsigned int) sizeof (un->sun_path) - 1);
	return -1;
     }
   if (n == 0)
     {
	a->len = (socklen_t) sizeof (sa_family_t);
	return 0;
     }
   memcpy (un->sun_path, p, n);
   a->len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + n + 1);
   return 0;
}

#ifdef AF_PACKET
/* A packet socket's interface: a String name ("" for any), or an Int
 * index (0 for any).  An unknown name is the system's error (bind: No
 * such device). */
static int pop_ifindex (Call_Type *c, SLtype t, int *ifindex)
{
   char *name;
   unsigned int i;

   if (is_integer_type (t))
     {
	if (-1 == pop_int_arg (c, "interface index", ifindex))
	  return -1;
	if (*ifindex >= 0)
	  return 0;
	SLang_verror (SL_InvalidParm_Error, "%s: interface index %d is negative", c->name, *ifindex);
	return -1;
     }
   if (t != SLANG_STRING_TYPE)
     return drop_type_error (c, "a packet socket's interface is a String name or an Int index");
   c->left--;
   if (-1 == SLang_pop_slstring (&name))
     return -1;
   i = 0;
   if ((*name != 0) && (0 == (i = if_nametoindex (name))))
     {
	throw_errno (c->name, errno);
	SLang_free_slstring (name);
	return -1;
     }
   SLang_free_slstring (name);
   if (i > INT_MAX)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: interface index %u is out of range", c->name, i);
	return -1;
     }
   *ifindex = (int) i;
   return 0;
}
#endif

/* Address-args of the families beyond unix and internet: netlink (pid,
 * groups), packet (ifname, protocol in host order), vsock (cid, port).
 * t is the type of the first one. */
static int pop_other_address (Call_Type *c, int domain, SLtype t, Addr_Type *a)
{
   unsigned int u[2];

   (void) t;
   memset (a, 0, sizeof (Addr_Type));
#ifdef AF_PACKET
   if (domain == AF_PACKET)
     {
	struct sockaddr_ll *ll = (struct sockaddr_ll *) &a->ss;
	int ifindex;
	long long protocol;

	if ((-1 == pop_ifindex (c, t, &ifindex))
	    || (-1 == pop_ranged_arg (c, "protocol", 0, 0xFFFF, &protocol)))
	  return -1;
	ll->sll_family = AF_PACKET;
	ll->sll_ifindex = ifindex;
	ll->sll_protocol = htons ((unsigned short) protocol);
	a->len = sizeof (struct sockaddr_ll);
	return 0;
     }
#endif
#ifdef AF_NETLINK
   if (domain == AF_NETLINK)
     {
	struct sockaddr_nl *nl = (struct sockaddr_nl *) &a->ss;
	if ((-1 == pop_uint32_arg (c, "pid", &u[0]))
	    || (-1 == pop_uint32_arg (c, "groups", &u[1])))
	  return -1;
	nl->nl_family = AF_NETLINK;
	nl->nl_pid = u[0];
	nl->nl_groups = u[1];
	a->len = sizeof (struct sockaddr_nl);
	return 0;
     }
#endif
#ifdef AF_VSOCK
   if (domain == AF_VSOCK)
     {
	struct sockaddr_vm *vm = (struct sockaddr_vm *) &a->ss;
	if ((-1 == pop_uint32_arg (c, "cid", &u[0]))
	    || (-1 == pop_uint32_arg (c, "port", &u[1])))
	  return -1;
	vm->svm_family = AF_VSOCK;
	vm->svm_cid = u[0];
	vm->svm_port = u[1];
	a->len = sizeof (struct sockaddr_vm);
	return 0;
     }
#endif
   (void) u;
   SLang_verror (SL_InvalidParm_Error, "%s: unsupported address family %d", c->name, domain);
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
		      find_family (domain)->args, c->usage);
	return -1;
     }
   t = (SLtype) SLang_peek_at_stack ();
   if ((domain != AF_UNIX) && (domain != AF_INET) && (domain != AF_INET6))
     {
	if (-1 == pop_other_address (c, domain, t, &al->one))
	  return -1;
	al->addrs = &al->one;
	al->n = 1;
     }
   else if (domain == AF_UNIX)
     {
	SLang_BString_Type *b;
	unsigned char *p;
	SLstrlen_Type n;
	int status;

	if ((t != SLANG_STRING_TYPE) && (t != SLANG_BSTRING_TYPE))
	  return drop_type_error (c, "a unix socket address is a String path or a BString abstract name");
	c->left--;
	if (-1 == SLang_pop_bstring (&b))
	  return -1;
	p = SLbstring_get_pointer (b, &n);
	status = make_unix_addr (c->name, p, n, (t == SLANG_BSTRING_TYPE), &al->one, &abstract);
	SLbstring_free (b);
	if (status == -1)
	  return -1;
	al->addrs = &al->one;
	al->n = 1;
     }
   else
     {
	char *host;
	int port, status;

	if (t != SLANG_STRING_TYPE)
	  return drop_type_error (c, "host must be a String");
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

/*}}}*/

/*{{{ Giving addresses back */

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
   d->ifindex = 0;
   d->u[0] = d->u[1] = 0;
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
#ifdef AF_NETLINK
      case AF_NETLINK:
	if (len < (socklen_t) sizeof (struct sockaddr_nl)) break;
	d->u[0] = ((struct sockaddr_nl *) sa)->nl_pid;
	d->u[1] = ((struct sockaddr_nl *) sa)->nl_groups;
	return 0;
#endif
#ifdef AF_PACKET
      case AF_PACKET:
	  {
	     struct sockaddr_ll *ll = (struct sockaddr_ll *) sa;
	     char name[IF_NAMESIZE];

	     if (len < (socklen_t) offsetof (struct sockaddr_ll, sll_addr)) break;
	     d->port = ntohs (ll->sll_protocol);
	     /* an index whose interface is gone comes back as the index */
	     if ((ll->sll_ifindex > 0) && (NULL != if_indextoname ((unsigned int) ll->sll_ifindex, name)))
	       (void) SLsnprintf (d->host, sizeof (d->host), "%s", name);
	     else if (ll->sll_ifindex > 0)
	       d->ifindex = ll->sll_ifindex;
	     return 0;
	  }
#endif
#ifdef AF_VSOCK
      case AF_VSOCK:
	if (len < (socklen_t) sizeof (struct sockaddr_vm)) break;
	d->u[0] = ((struct sockaddr_vm *) sa)->svm_cid;
	d->u[1] = ((struct sockaddr_vm *) sa)->svm_port;
	return 0;
#endif
      default:
	SLang_verror (SL_NotImplemented_Error, "address family %d is not supported", d->family);
	return -1;
     }
   SLang_verror (SL_Internal_Error, "unable to decode an address of family %d", d->family);
   return -1;
}

/* The last host pushed, as an slstring.  A script that talks to one
 * peer (recvfrom in a loop) pushes the same text every time, and
 * SLang_push_string finds an slstring in libslang's cache instead of
 * hashing the text again (bench/RESULTS.md: 440 instructions a call). */
static char *Last_Host = NULL;

static int push_host_string (SLFUTURE_CONST char *host)
{
   if ((Last_Host == NULL) || (0 != strcmp (Last_Host, host)))
     {
	char *s = SLang_create_slstring (host);
	if (s == NULL)
	  return -1;
	if (Last_Host != NULL) SLang_free_slstring (Last_Host);
	Last_Host = s;
     }
   return SLang_push_string (Last_Host);
}

/* The host (or path) of d as a value: a String, or a BString for an
 * abstract name. */
static int push_decoded_host (Decoded_Addr_Type *d)
{
   SLang_BString_Type *b;
   int status;

   if (! d->is_abstract)
     return push_host_string (d->host);
   if (NULL == (b = SLbstring_create ((unsigned char *) d->host, (SLstrlen_Type) d->len)))
     return -1;
   status = SLang_push_bstring (b);
   SLbstring_free (b);
   return status;
}

/* Two unsigned numbers: netlink (pid, groups), vsock (cid, port). */
static int is_uint_pair (int family)
{
#ifdef AF_NETLINK
   if (family == AF_NETLINK) return 1;
#endif
#ifdef AF_VSOCK
   if (family == AF_VSOCK) return 1;
#endif
   (void) family;
   return 0;
}

/* Push address-args for sa: a path; host and port; ifname and protocol;
 * pid and groups; cid and port. */
int push_address (int domain, struct sockaddr *sa, socklen_t len)
{
   Decoded_Addr_Type d;
   int status;

   if (-1 == decode_address (domain, sa, len, &d))
     return -1;
   if (is_uint_pair (d.family))
     status = SLang_push_uint (d.u[0]);
   else if (d.ifindex > 0)
     status = SLang_push_int (d.ifindex);
   else
     status = push_decoded_host (&d);
   if (status == -1)
     return -1;
   if (d.family == AF_UNIX)
     return 0;
   if (is_uint_pair (d.family))
     status = SLang_push_uint (d.u[1]);
   else
     status = SLang_push_int (d.port);
   if (status == 0)
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
   if (is_uint_pair (d.family))
     status = SLang_assign_to_ref (refs[0], SLANG_UINT_TYPE, (VOID_STAR) &d.u[0]);
   else if (d.ifindex > 0)
     status = SLang_assign_to_ref (refs[0], SLANG_INT_TYPE, (VOID_STAR) &d.ifindex);
   else if (d.is_abstract)
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
     {
	if (is_uint_pair (d.family))
	  status = SLang_assign_to_ref (refs[1], SLANG_UINT_TYPE, (VOID_STAR) &d.u[1]);
	else
	  status = SLang_assign_to_ref (refs[1], SLANG_INT_TYPE, (VOID_STAR) &d.port);
     }
   return status;
}

/*}}}*/

/*{{{ Name lookups in a helper thread */

/* The job is shared with its thread: whoever lets go of it last frees
 * it.  The thread reports completion by closing its end of the pipe. */
typedef struct Lookup_Type
{
   pthread_mutex_t lock;
   int refs;
   int pipefd[2];
   int is_nameinfo;
   char *host, *service;	       /* getaddrinfo */
   struct addrinfo hints;
   struct addrinfo *res;
   Addr_Type addr;		       /* getnameinfo */
   int ni_flags;
   char hbuf[NI_MAXHOST], sbuf[NI_MAXSERV];
   int rc;
   int err;
}
Lookup_Type;

/* Lookups whose thread is still running.  A deadline abandons a lookup
 * but not its thread, which lives until the resolver returns; against a
 * resolver that never answers, a loop of short deadlines would pile up
 * threads, so past MAX_LOOKUPS a new lookup fails at once (SocketHError,
 * h_errno TRY_AGAIN, errno EAGAIN). */
#define MAX_LOOKUPS 64
static int Running_Lookups = 0;
static pid_t Lookups_Pid = 0;	       /* a forked child has none running */

static void release_lookup (Lookup_Type *j)
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
   free (j->service);
   (void) pthread_mutex_destroy (&j->lock);
   free (j);
}

static void *lookup_thread (void *arg)
{
   Lookup_Type *j = (Lookup_Type *) arg;
   int fd;

   if (j->is_nameinfo)
     j->rc = getnameinfo ((struct sockaddr *) &j->addr.ss, j->addr.len, j->hbuf, sizeof (j->hbuf),
			  j->sbuf, sizeof (j->sbuf), j->ni_flags);
   else
     j->rc = getaddrinfo (j->host, j->service, &j->hints, &j->res);
   j->err = errno;
   (void) pthread_mutex_lock (&j->lock);
   fd = j->pipefd[1];
   j->pipefd[1] = -1;
   (void) pthread_mutex_unlock (&j->lock);
   (void) close (fd);
   (void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
   release_lookup (j);
   return NULL;
}

static Lookup_Type *new_lookup (void)
{
   Lookup_Type *j = (Lookup_Type *) calloc (1, sizeof (Lookup_Type));

   if ((j == NULL) || (0 != pthread_mutex_init (&j->lock, NULL)))
     {
	free (j);
	SLang_set_error (SL_Malloc_Error);
	return NULL;
     }
   j->refs = 1;
   j->pipefd[0] = j->pipefd[1] = -1;
   return j;
}

/* Start j's thread.  0, or -1 raised. */
static int start_lookup (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, Lookup_Type *j)
{
   pthread_t th;
   pthread_attr_t attr;
   sigset_t all, old;
   int rc;

   if (Lookups_Pid != getpid ())
     {
	Lookups_Pid = getpid ();
	__atomic_store_n (&Running_Lookups, 0, __ATOMIC_SEQ_CST);
     }
   if (__atomic_add_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST) > MAX_LOOKUPS)
     {
	(void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
	H_Errno = TRY_AGAIN;
	SLerrno_set_errno (EAGAIN);
	SLang_verror (SocketHError, "%s: %s: %d earlier name lookups are still running after their deadline (is the resolver answering?)",
		      call, what, MAX_LOOKUPS);
	return -1;
     }
   if (-1 == pipe2 (j->pipefd, O_CLOEXEC))
     {
	(void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
	throw_errno (call, errno);
	return -1;
     }
   j->refs++;			       /* the thread's */
   (void) sigfillset (&all);
   (void) pthread_attr_init (&attr);
   (void) pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
   (void) pthread_sigmask (SIG_SETMASK, &all, &old);
   rc = pthread_create (&th, &attr, lookup_thread, j);
   (void) pthread_sigmask (SIG_SETMASK, &old, NULL);
   (void) pthread_attr_destroy (&attr);
   if (rc != 0)
     {
	j->refs--;
	(void) __atomic_sub_fetch (&Running_Lookups, 1, __ATOMIC_SEQ_CST);
	throw_errno (call, rc);
	return -1;
     }
   return 0;
}

/* Start j's thread and wait for it until the deadline, running signal
 * handlers meanwhile (a throwing one ends the wait).  0: done (j->rc
 * holds the result); -1: raised.  Releases nothing. */
static int run_lookup (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, Lookup_Type *j, double deadline)
{
   Sock_Type pipe_end;
   int status;

   if (-1 == start_lookup (call, what, j))
     return -1;
   memset (&pipe_end, 0, sizeof (pipe_end));
   pipe_end.fd = j->pipefd[0];
   status = wait_fd (call, &pipe_end, POLLIN, deadline);
   /* the caller's end goes now, whether or not the thread is done */
   (void) close (j->pipefd[0]);
   j->pipefd[0] = -1;
   if (status == 1)
     return 0;
   if (status == 0)
     throw_errno (call, ETIMEDOUT);
   return -1;
}

/* A lookup of host for one family, started and left running: for a
 * caller that waits on several at once (Happy Eyeballs' per-family
 * lookups).  NULL: raised. */
struct Lookup_Type *lookup_begin (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int family, int socktype)
{
   Lookup_Type *j;

   if (NULL == (j = new_lookup ()))
     return NULL;
   j->hints.ai_family = family;
   j->hints.ai_socktype = socktype;
   if ((NULL == (j->host = strdup (host)))
       || (-1 == start_lookup (call, host, j)))
     {
	if (j->host == NULL) SLang_set_error (SL_Malloc_Error);
	release_lookup (j);
	return NULL;
     }
   return j;
}

/* The descriptor that becomes readable when the lookup is done. */
int lookup_fd (struct Lookup_Type *j)
{
   return j->pipefd[0];
}

/* After lookup_fd was readable: the result (0 or an EAI_ code, errno
 * for EAI_SYSTEM) and the addresses (free with freeaddrinfo). */
int lookup_result (struct Lookup_Type *j, struct addrinfo **resp)
{
   int rc;
   (void) pthread_mutex_lock (&j->lock);
   *resp = j->res;
   j->res = NULL;
   rc = j->rc;
   (void) pthread_mutex_unlock (&j->lock);
   if ((rc == 0) && (*resp == NULL))
     rc = EAI_NONAME;
   errno = j->err;
   return rc;
}

/* Let go of a lookup, done or not (its thread ends on its own). */
void lookup_end (struct Lookup_Type *j)
{
   if (j->pipefd[0] != -1)
     {
	(void) close (j->pipefd[0]);
	j->pipefd[0] = -1;
     }
   release_lookup (j);
}

/* getaddrinfo within the deadline (negative: none).  A host that is
 * numeric (or NULL) is answered at once, without a thread. */
int lookup_addrinfo (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, SLFUTURE_CONST char *service,
		     struct addrinfo *hints, double deadline, struct addrinfo **resp)
{
   struct addrinfo h = *hints;
   SLFUTURE_CONST char *what = (host != NULL) ? host : service;
   Lookup_Type *j;
   int rc;

   *resp = NULL;
   if (host != NULL) h.ai_flags |= AI_NUMERICHOST;
   rc = getaddrinfo (host, service, &h, resp);
   if ((rc == 0) || (host == NULL) || (hints->ai_flags & AI_NUMERICHOST))
     {
	if (rc == 0) return 0;
	*resp = NULL;
	throw_gai (call, what, rc);
	return -1;
     }
   *resp = NULL;
   if (NULL == (j = new_lookup ()))
     return -1;
   j->hints = *hints;
   if ((NULL == (j->host = strdup (host)))
       || ((service != NULL) && (NULL == (j->service = strdup (service)))))
     {
	release_lookup (j);
	SLang_set_error (SL_Malloc_Error);
	return -1;
     }
   if (-1 == run_lookup (call, what, j, deadline))
     {
	release_lookup (j);
	return -1;
     }
   if (0 != (rc = lookup_result (j, resp)))
     {
	if (*resp != NULL) freeaddrinfo (*resp);
	*resp = NULL;
	throw_gai (call, what, rc);
     }
   release_lookup (j);
   return (rc == 0) ? 0 : -1;
}

/* getnameinfo within the deadline.  Numeric answers need no thread. */
int lookup_nameinfo (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, Addr_Type *a, int flags,
		     double deadline, char *host, size_t hostlen, char *serv, size_t servlen)
{
   Lookup_Type *j;
   int rc;

   if ((flags & (NI_NUMERICHOST | NI_NUMERICSERV)) == (NI_NUMERICHOST | NI_NUMERICSERV))
     rc = getnameinfo ((struct sockaddr *) &a->ss, a->len, host, hostlen, serv, servlen, flags);
   else
     {
	if (NULL == (j = new_lookup ()))
	  return -1;
	j->is_nameinfo = 1;
	j->addr = *a;
	j->ni_flags = flags;
	if (-1 == run_lookup (call, what, j, deadline))
	  {
	     release_lookup (j);
	     return -1;
	  }
	rc = j->rc;
	errno = j->err;
	if (rc == 0)
	  {
	     (void) SLsnprintf (host, hostlen, "%s", j->hbuf);
	     (void) SLsnprintf (serv, servlen, "%s", j->sbuf);
	  }
	release_lookup (j);
     }
   if (rc == 0)
     return 0;
   throw_gai (call, what, rc);
   return -1;
}

/*}}}*/
