/* names.c: getaddrinfo, getnameinfo, inet_pton, inet_ntop.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "names.h"
#include <ifaddrs.h>
#include <linux/if_packet.h>

typedef struct
{
   int family, socktype, protocol;
   char *canonname;
   char *host;
   int port;
}
Addrinfo_Struct_Type;

static SLang_CStruct_Field_Type Addrinfo_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, family, "family", 0),
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, socktype, "socktype", 0),
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, protocol, "protocol", 0),
   MAKE_CSTRUCT_FIELD(Addrinfo_Struct_Type, canonname, "canonname", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_FIELD(Addrinfo_Struct_Type, host, "host", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_INT_FIELD(Addrinfo_Struct_Type, port, "port", 0),
   SLANG_END_CSTRUCT_TABLE
};

/* service: String, Int or NULL; returned as an slstring (or NULL). */
static int pop_service (Call_Type *c, char **s)
{
   *s = NULL;
   if (is_integer_type ((SLtype) SLang_peek_at_stack ()))
     {
	int port;
	char buf[32];
	if (-1 == pop_port (c, 0, &port)) return -1;
	(void) SLsnprintf (buf, sizeof (buf), "%d", port);
	return (NULL == (*s = SLang_create_slstring (buf))) ? -1 : 0;
     }
   return pop_optional_string (c, "service", s);
}

void getaddrinfo_intrin (void)
{
   CALL(c, "getaddrinfo", "Struct_Type[] getaddrinfo (host, service [, family [, socktype [, protocol [, flags]]]] ; timeout=secs)");
   char *host = NULL, *service = NULL;
   struct addrinfo hints, *res = NULL, *ai;
   SLang_Array_Type *at = NULL;
   SLindex_Type n, i;
   double deadline;

   memset (&hints, 0, sizeof (hints));
   if (-1 == check_nargs (&c, 2, 6))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_optional_string (&c, "host", &host))
       || (-1 == pop_service (&c, &service))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "family", &hints.ai_family)))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "socktype", &hints.ai_socktype)))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "protocol", &hints.ai_protocol)))
       || ((c.left > 0) && (-1 == pop_int_arg (&c, "flags", &hints.ai_flags))))
     goto free_return;
   if ((host != NULL) && (*host == 0))
     {
	SLang_free_slstring (host);
	host = NULL;
     }
   if ((host == NULL) && (service == NULL))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: host and service cannot both be empty", c.name);
	goto free_return;
     }
   if (-1 == lookup_addrinfo (c.name, host, service, &hints, deadline, &res))
     goto free_return;
   n = 0;
   for (ai = res; ai != NULL; ai = ai->ai_next) n++;
   if (NULL == (at = SLang_create_array (SLANG_STRUCT_TYPE, 0, NULL, &n, 1)))
     goto free_return;
   for (ai = res, i = 0; ai != NULL; ai = ai->ai_next, i++)
     {
	Addrinfo_Struct_Type cs;
	Decoded_Addr_Type d;
	SLang_Struct_Type *st;
	int status;

	if (-1 == decode_address (ai->ai_family, ai->ai_addr, ai->ai_addrlen, &d))
	  goto free_return;
	cs.family = ai->ai_family;
	cs.socktype = ai->ai_socktype;
	cs.protocol = ai->ai_protocol;
	cs.canonname = ai->ai_canonname;
	cs.host = d.host;
	cs.port = d.port;
	if ((-1 == SLang_push_cstruct (&cs, Addrinfo_Struct_Fields))
	    || (-1 == SLang_pop_struct (&st)))
	  goto free_return;
	status = SLang_set_array_element (at, &i, (VOID_STAR) &st);
	SLang_free_struct (st);
	if (status == -1)
	  goto free_return;
     }
   (void) SLang_push_array (at, 1);
   at = NULL;

free_return:
   drop_args (&c);
   if (at != NULL) SLang_free_array (at);
   if (res != NULL) freeaddrinfo (res);
   SLang_free_slstring (host);
   SLang_free_slstring (service);
}

void getnameinfo_intrin (void)
{
   CALL(c, "getnameinfo", "(host, service) = getnameinfo (String_Type host, port [, flags] ; timeout=secs)");
   char *host = NULL;
   int port = 0, flags = 0;
   Addr_Type a;
   char hbuf[NI_MAXHOST], sbuf[NI_MAXSERV];
   double deadline;

   if (-1 == check_nargs (&c, 2, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_optional_string (&c, "host", &host))
       || (-1 == pop_port (&c, 0, &port))
       || (-1 == pop_flags (&c, &flags)))
     goto free_return;
   if (host == NULL)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: host must be a numeric address", c.name);
	goto free_return;
     }
   if (! parse_numeric (host, AF_UNSPEC, port, &a))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: '%s' is not a numeric address", c.name, host);
	goto free_return;
     }
   if (-1 == lookup_nameinfo (c.name, host, &a, flags, deadline, hbuf, sizeof (hbuf), sbuf, sizeof (sbuf)))
     goto free_return;
   if ((0 == SLang_push_string (hbuf))
       && (-1 == SLang_push_string (sbuf)))
     (void) SLdo_pop ();

free_return:
   drop_args (&c);
   SLang_free_slstring (host);
}

static int addr_size_for (Call_Type *c, int family)
{
   if (family == AF_INET) return 4;
   if (family == AF_INET6) return 16;
   SLang_verror (SL_InvalidParm_Error, "%s: family must be AF_INET or AF_INET6", c->name);
   return -1;
}

void inet_pton_intrin (void)
{
   CALL(c, "inet_pton", "BString_Type inet_pton (family, String_Type text)");
   int family, size;
   char *text = NULL;
   unsigned char buf[16];
   SLang_BString_Type *b;

   if (-1 == check_nargs (&c, 2, 2))
     return;
   if ((-1 == pop_int_arg (&c, "family", &family))
       || (-1 == pop_optional_string (&c, "text", &text)))
     goto free_return;
   if (-1 == (size = addr_size_for (&c, family)))
     goto free_return;
   if ((text == NULL) || (1 != inet_pton (family, text, buf)))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: '%s' is not an %s address", c.name,
		      (text == NULL) ? "NULL" : text, (family == AF_INET) ? "IPv4" : "IPv6");
	goto free_return;
     }
   if (NULL != (b = SLbstring_create (buf, (SLstrlen_Type) size)))
     {
	(void) SLang_push_bstring (b);
	SLbstring_free (b);
     }
free_return:
   drop_args (&c);
   SLang_free_slstring (text);
}

void inet_ntop_intrin (void)
{
   CALL(c, "inet_ntop", "String_Type inet_ntop (family, BString_Type bytes)");
   int family, size;
   Data_Type d;
   size_t n;
   char text[INET6_ADDRSTRLEN];

   memset (&d, 0, sizeof (d));
   if (-1 == check_nargs (&c, 2, 2))
     return;
   if ((-1 == pop_int_arg (&c, "family", &family))
       || (-1 == pop_data_arg (&c, "bytes", &d)))
     goto free_return;
   if (-1 == (size = addr_size_for (&c, family)))
     goto free_return;
   n = d.n;
   if ((int) n != size)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: an %s address is %d bytes, not %u", c.name,
		      (family == AF_INET) ? "IPv4" : "IPv6", size, (unsigned int) n);
	goto free_return;
     }
   if (NULL == inet_ntop (family, d.p, text, sizeof (text)))
     throw_errno (c.name, errno);
   else
     (void) SLang_push_string (text);
free_return:
   drop_args (&c);
   free_data (&d);
}

/*{{{ Interfaces and the host name (SPEC 15) */

void if_nametoindex_intrin (void)
{
   CALL(c, "if_nametoindex", "Int_Type if_nametoindex (String_Type name)");
   char *name = NULL;
   unsigned int idx;

   if ((-1 == check_nargs (&c, 1, 1))
       || (-1 == pop_optional_string (&c, "name", &name)))
     {
	drop_args (&c);
	return;
     }
   if ((name == NULL) || (0 == (idx = if_nametoindex (name))))
     {
	int e = (name == NULL) ? ENODEV : errno;
	SLerrno_set_errno (e);
	SLang_verror (SocketError, "%s: %s: %s", c.name, (name == NULL) ? "NULL" : name, strerror (e));
     }
   else (void) SLang_push_int ((int) idx);
   SLang_free_slstring (name);
}

void if_indextoname_intrin (void)
{
   CALL(c, "if_indextoname", "String_Type if_indextoname (Int_Type index)");
   char buf[IF_NAMESIZE + 1];
   int idx;

   if ((-1 == check_nargs (&c, 1, 1))
       || (-1 == pop_int_arg (&c, "index", &idx)))
     {
	drop_args (&c);
	return;
     }
   if ((idx <= 0) || (NULL == if_indextoname ((unsigned int) idx, buf)))
     {
	int e = (idx <= 0) ? ENXIO : errno;
	SLerrno_set_errno (e);
	SLang_verror (SocketError, "%s: %d: %s", c.name, idx, strerror (e));
     }
   else (void) SLang_push_string (buf);
}

typedef struct { int index; char *name; } Ifname_Struct_Type;
static SLang_CStruct_Field_Type Ifname_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Ifname_Struct_Type, index, "index", 0),
   MAKE_CSTRUCT_FIELD(Ifname_Struct_Type, name, "name", SLANG_STRING_TYPE, 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct
{
   char *name;
   int index, flags, family;
   char *addr, *netmask, *broadaddr;
}
Ifaddr_Struct_Type;
static SLang_CStruct_Field_Type Ifaddr_Struct_Fields[] =
{
   MAKE_CSTRUCT_FIELD(Ifaddr_Struct_Type, name, "name", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_INT_FIELD(Ifaddr_Struct_Type, index, "index", 0),
   MAKE_CSTRUCT_INT_FIELD(Ifaddr_Struct_Type, flags, "flags", 0),
   MAKE_CSTRUCT_INT_FIELD(Ifaddr_Struct_Type, family, "family", 0),
   MAKE_CSTRUCT_FIELD(Ifaddr_Struct_Type, addr, "addr", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_FIELD(Ifaddr_Struct_Type, netmask, "netmask", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_FIELD(Ifaddr_Struct_Type, broadaddr, "broadaddr", SLANG_STRING_TYPE, 0),
   SLANG_END_CSTRUCT_TABLE
};

/* Pop the struct just pushed into element i of at. */
static int store_struct (SLang_Array_Type *at, SLindex_Type i)
{
   SLang_Struct_Type *st;
   int status;
   if (-1 == SLang_pop_struct (&st))
     return -1;
   status = SLang_set_array_element (at, &i, (VOID_STAR) &st);
   SLang_free_struct (st);
   return status;
}

void if_nameindex_intrin (void)
{
   CALL(c, "if_nameindex", "Struct_Type[] if_nameindex ()");
   struct if_nameindex *ni, *p;
   SLang_Array_Type *at;
   SLindex_Type n = 0, i;

   if (-1 == check_nargs (&c, 0, 0))
     return;
   if (NULL == (ni = if_nameindex ()))
     {
	throw_errno (c.name, errno);
	return;
     }
   for (p = ni; p->if_index != 0; p++) n++;
   if (NULL != (at = SLang_create_array (SLANG_STRUCT_TYPE, 0, NULL, &n, 1)))
     {
	for (i = 0; i < n; i++)
	  {
	     Ifname_Struct_Type cs;
	     cs.index = (int) ni[i].if_index;
	     cs.name = ni[i].if_name;
	     if ((-1 == SLang_push_cstruct (&cs, Ifname_Struct_Fields)) || (-1 == store_struct (at, i)))
	       break;
	  }
	if (i == n) (void) SLang_push_array (at, 1);
	else SLang_free_array (at);
     }
   if_freenameindex (ni);
}

/* An interface address as text: numeric for IPv4/IPv6, the hardware
 * address (aa:bb:...) for AF_PACKET, NULL otherwise. */
static char *ifaddr_text (struct sockaddr *sa, char *buf, size_t size)
{
   if (sa == NULL)
     return NULL;
   if ((sa->sa_family == AF_INET) || (sa->sa_family == AF_INET6))
     {
	socklen_t len = (sa->sa_family == AF_INET) ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6);
	if (0 == getnameinfo (sa, len, buf, size, NULL, 0, NI_NUMERICHOST))
	  return buf;
	return NULL;
     }
#ifdef AF_PACKET
   if (sa->sa_family == AF_PACKET)
     {
	struct sockaddr_ll *ll = (struct sockaddr_ll *) sa;
	size_t i, k = 0;
	buf[0] = 0;
	for (i = 0; (i < ll->sll_halen) && (k + 4 < size); i++)
	  k += (size_t) SLsnprintf (buf + k, size - k, (i == 0) ? "%02x" : ":%02x", ll->sll_addr[i]);
	return buf;
     }
#endif
   return NULL;
}

void getifaddrs_intrin (void)
{
   CALL(c, "getifaddrs", "Struct_Type[] getifaddrs ()");
   struct ifaddrs *ifa, *p;
   SLang_Array_Type *at;
   SLindex_Type n = 0, i = 0;

   if (-1 == check_nargs (&c, 0, 0))
     return;
   if (-1 == getifaddrs (&ifa))
     {
	throw_errno (c.name, errno);
	return;
     }
   for (p = ifa; p != NULL; p = p->ifa_next) n++;
   if (NULL != (at = SLang_create_array (SLANG_STRUCT_TYPE, 0, NULL, &n, 1)))
     {
	for (p = ifa; p != NULL; p = p->ifa_next, i++)
	  {
	     Ifaddr_Struct_Type cs;
	     char a[NI_MAXHOST], m[NI_MAXHOST], b[NI_MAXHOST];
	     cs.name = p->ifa_name;
	     cs.index = (int) if_nametoindex (p->ifa_name);
	     cs.flags = (int) p->ifa_flags;
	     cs.family = (p->ifa_addr != NULL) ? p->ifa_addr->sa_family : AF_UNSPEC;
	     cs.addr = ifaddr_text (p->ifa_addr, a, sizeof (a));
	     cs.netmask = ifaddr_text (p->ifa_netmask, m, sizeof (m));
	     cs.broadaddr = (p->ifa_flags & (IFF_BROADCAST | IFF_POINTOPOINT)) ? ifaddr_text (p->ifa_broadaddr, b, sizeof (b)) : NULL;
	     if ((-1 == SLang_push_cstruct (&cs, Ifaddr_Struct_Fields)) || (-1 == store_struct (at, i)))
	       break;
	  }
	if (i == n) (void) SLang_push_array (at, 1);
	else SLang_free_array (at);
     }
   freeifaddrs (ifa);
}

void gethostname_intrin (void)
{
   CALL(c, "gethostname", "String_Type gethostname ()");
   char buf[HOST_NAME_MAX + 2];

   if (-1 == check_nargs (&c, 0, 0))
     return;
   if (-1 == gethostname (buf, sizeof (buf) - 1))
     throw_errno (c.name, errno);
   else
     {
	buf[sizeof (buf) - 1] = 0;
	(void) SLang_push_string (buf);
     }
}

/*}}}*/
