/* options.c: socket options, described by one table.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "options.h"

/*{{{ Socket options: one table
 *
 * Each row: level, option, its name, the kind of value, get/set.  One
 * get/set pair per kind.  The rows also export the option constants.
 */

typedef enum
{
   OPT_INT, OPT_TIMEVAL, OPT_LINGER, OPT_STRING, OPT_UCRED,
   OPT_MREQ, OPT_INADDR, OPT_MREQ6, OPT_BYTES, OPT_LABEL, OPT_TCPINFO
}
Opt_Kind_Type;

#define OPT_GET 1
#define OPT_SET 2
#define OPT_RW  3

typedef struct
{
   int level;
   int optname;
   SLFUTURE_CONST char *name;
   Opt_Kind_Type kind;
   int rw;
}
Opt_Type;

#define OPT(lvl,o,k,rw) {lvl, o, #o, k, rw}

static Opt_Type Opt_Table[] =
{
#ifdef SO_KEEPALIVE
   OPT(SOL_SOCKET, SO_KEEPALIVE, OPT_INT, OPT_RW),
#endif
#ifdef SO_OOBINLINE
   OPT(SOL_SOCKET, SO_OOBINLINE, OPT_INT, OPT_RW),
#endif
#ifdef SO_RCVLOWAT
   OPT(SOL_SOCKET, SO_RCVLOWAT, OPT_INT, OPT_RW),
#endif
#ifdef SO_SNDLOWAT
   OPT(SOL_SOCKET, SO_SNDLOWAT, OPT_INT, OPT_RW),
#endif
#ifdef SO_BSDCOMPAT
   OPT(SOL_SOCKET, SO_BSDCOMPAT, OPT_INT, OPT_RW),
#endif
#ifdef SO_PASSCRED
   OPT(SOL_SOCKET, SO_PASSCRED, OPT_INT, OPT_RW),
#endif
#ifdef SO_DEBUG
   OPT(SOL_SOCKET, SO_DEBUG, OPT_INT, OPT_RW),
#endif
#ifdef SO_REUSEADDR
   OPT(SOL_SOCKET, SO_REUSEADDR, OPT_INT, OPT_RW),
#endif
#ifdef SO_REUSEPORT
   OPT(SOL_SOCKET, SO_REUSEPORT, OPT_INT, OPT_RW),
#endif
#ifdef SO_TYPE
   OPT(SOL_SOCKET, SO_TYPE, OPT_INT, OPT_GET),
#endif
#ifdef SO_ACCEPTCONN
   OPT(SOL_SOCKET, SO_ACCEPTCONN, OPT_INT, OPT_GET),
#endif
#ifdef SO_DOMAIN
   OPT(SOL_SOCKET, SO_DOMAIN, OPT_INT, OPT_GET),
#endif
#ifdef SO_PROTOCOL
   OPT(SOL_SOCKET, SO_PROTOCOL, OPT_INT, OPT_GET),
#endif
#ifdef SO_DONTROUTE
   OPT(SOL_SOCKET, SO_DONTROUTE, OPT_INT, OPT_RW),
#endif
#ifdef SO_BROADCAST
   OPT(SOL_SOCKET, SO_BROADCAST, OPT_INT, OPT_RW),
#endif
#ifdef SO_SNDBUF
   OPT(SOL_SOCKET, SO_SNDBUF, OPT_INT, OPT_RW),
#endif
#ifdef SO_RCVBUF
   OPT(SOL_SOCKET, SO_RCVBUF, OPT_INT, OPT_RW),
#endif
#ifdef SO_PRIORITY
   OPT(SOL_SOCKET, SO_PRIORITY, OPT_INT, OPT_RW),
#endif
#ifdef SO_MARK
   OPT(SOL_SOCKET, SO_MARK, OPT_INT, OPT_RW),
#endif
#ifdef SO_TIMESTAMP
   OPT(SOL_SOCKET, SO_TIMESTAMP, OPT_INT, OPT_RW),
#endif
#ifdef SO_TIMESTAMPNS
   OPT(SOL_SOCKET, SO_TIMESTAMPNS, OPT_INT, OPT_RW),
#endif
#ifdef SO_PEERSEC
   OPT(SOL_SOCKET, SO_PEERSEC, OPT_LABEL, OPT_GET),
#endif
#ifdef SO_ERROR
   OPT(SOL_SOCKET, SO_ERROR, OPT_INT, OPT_GET),
#endif
#ifdef SO_BINDTODEVICE
   OPT(SOL_SOCKET, SO_BINDTODEVICE, OPT_STRING, OPT_RW),
#endif
#ifdef SO_RCVTIMEO
   OPT(SOL_SOCKET, SO_RCVTIMEO, OPT_TIMEVAL, OPT_RW),
#endif
#ifdef SO_SNDTIMEO
   OPT(SOL_SOCKET, SO_SNDTIMEO, OPT_TIMEVAL, OPT_RW),
#endif
#ifdef SO_LINGER
   OPT(SOL_SOCKET, SO_LINGER, OPT_LINGER, OPT_RW),
#endif
#ifdef SO_PEERCRED
   OPT(SOL_SOCKET, SO_PEERCRED, OPT_UCRED, OPT_GET),
#endif
#ifdef IP_TTL
   OPT(IPPROTO_IP, IP_TTL, OPT_INT, OPT_RW),
#endif
#ifdef IP_TOS
   OPT(IPPROTO_IP, IP_TOS, OPT_INT, OPT_RW),
#endif
#ifdef IP_HDRINCL
   OPT(IPPROTO_IP, IP_HDRINCL, OPT_INT, OPT_RW),
#endif
#ifdef IP_MULTICAST_TTL
   OPT(IPPROTO_IP, IP_MULTICAST_TTL, OPT_INT, OPT_RW),
#endif
#ifdef IP_MULTICAST_LOOP
   OPT(IPPROTO_IP, IP_MULTICAST_LOOP, OPT_INT, OPT_RW),
#endif
#ifdef IP_RECVERR
   OPT(IPPROTO_IP, IP_RECVERR, OPT_INT, OPT_RW),
#endif
#ifdef IP_MTU_DISCOVER
   OPT(IPPROTO_IP, IP_MTU_DISCOVER, OPT_INT, OPT_RW),
#endif
#ifdef IP_MTU
   OPT(IPPROTO_IP, IP_MTU, OPT_INT, OPT_GET),
#endif
#ifdef IP_BIND_ADDRESS_NO_PORT
   OPT(IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, OPT_INT, OPT_RW),
#endif
#ifdef IP_PKTINFO
   OPT(IPPROTO_IP, IP_PKTINFO, OPT_INT, OPT_RW),
#endif
#ifdef IP_RECVTOS
   OPT(IPPROTO_IP, IP_RECVTOS, OPT_INT, OPT_RW),
#endif
#ifdef IP_RECVTTL
   OPT(IPPROTO_IP, IP_RECVTTL, OPT_INT, OPT_RW),
#endif
#ifdef IP_RECVOPTS
   OPT(IPPROTO_IP, IP_RECVOPTS, OPT_INT, OPT_RW),
#endif
#ifdef IP_ROUTER_ALERT
   OPT(IPPROTO_IP, IP_ROUTER_ALERT, OPT_INT, OPT_RW),
#endif
#ifdef IP_FREEBIND
   OPT(IPPROTO_IP, IP_FREEBIND, OPT_INT, OPT_RW),
#endif
#ifdef IP_TRANSPARENT
   OPT(IPPROTO_IP, IP_TRANSPARENT, OPT_INT, OPT_RW),
#endif
#ifdef IP_OPTIONS
   OPT(IPPROTO_IP, IP_OPTIONS, OPT_BYTES, OPT_RW),
#endif
#ifdef IP_ADD_MEMBERSHIP
   OPT(IPPROTO_IP, IP_ADD_MEMBERSHIP, OPT_MREQ, OPT_SET),
#endif
#ifdef IP_DROP_MEMBERSHIP
   OPT(IPPROTO_IP, IP_DROP_MEMBERSHIP, OPT_MREQ, OPT_SET),
#endif
#ifdef IP_MULTICAST_IF
   OPT(IPPROTO_IP, IP_MULTICAST_IF, OPT_INADDR, OPT_RW),
#endif
#ifdef IPV6_V6ONLY
   OPT(IPPROTO_IPV6, IPV6_V6ONLY, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_UNICAST_HOPS
   OPT(IPPROTO_IPV6, IPV6_UNICAST_HOPS, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_MULTICAST_HOPS
   OPT(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_MULTICAST_LOOP
   OPT(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_MULTICAST_IF
   OPT(IPPROTO_IPV6, IPV6_MULTICAST_IF, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_RECVPKTINFO
   OPT(IPPROTO_IPV6, IPV6_RECVPKTINFO, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_TCLASS
   OPT(IPPROTO_IPV6, IPV6_TCLASS, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_RECVHOPLIMIT
   OPT(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_RECVTCLASS
   OPT(IPPROTO_IPV6, IPV6_RECVTCLASS, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_RECVERR
   OPT(IPPROTO_IPV6, IPV6_RECVERR, OPT_INT, OPT_RW),
#endif
#ifdef IPV6_MTU
   OPT(IPPROTO_IPV6, IPV6_MTU, OPT_INT, OPT_GET),
#endif
#ifdef IPV6_JOIN_GROUP
   OPT(IPPROTO_IPV6, IPV6_JOIN_GROUP, OPT_MREQ6, OPT_SET),
#endif
#ifdef IPV6_LEAVE_GROUP
   OPT(IPPROTO_IPV6, IPV6_LEAVE_GROUP, OPT_MREQ6, OPT_SET),
#endif
#ifdef TCP_NODELAY
   OPT(IPPROTO_TCP, TCP_NODELAY, OPT_INT, OPT_RW),
#endif
#ifdef TCP_MAXSEG
   OPT(IPPROTO_TCP, TCP_MAXSEG, OPT_INT, OPT_RW),
#endif
#ifdef TCP_KEEPIDLE
   OPT(IPPROTO_TCP, TCP_KEEPIDLE, OPT_INT, OPT_RW),
#endif
#ifdef TCP_KEEPINTVL
   OPT(IPPROTO_TCP, TCP_KEEPINTVL, OPT_INT, OPT_RW),
#endif
#ifdef TCP_KEEPCNT
   OPT(IPPROTO_TCP, TCP_KEEPCNT, OPT_INT, OPT_RW),
#endif
#ifdef TCP_USER_TIMEOUT
   OPT(IPPROTO_TCP, TCP_USER_TIMEOUT, OPT_INT, OPT_RW),
#endif
#ifdef TCP_QUICKACK
   OPT(IPPROTO_TCP, TCP_QUICKACK, OPT_INT, OPT_RW),
#endif
#ifdef TCP_CORK
   OPT(IPPROTO_TCP, TCP_CORK, OPT_INT, OPT_RW),
#endif
#ifdef TCP_FASTOPEN
   OPT(IPPROTO_TCP, TCP_FASTOPEN, OPT_INT, OPT_RW),
#endif
#ifdef TCP_NOTSENT_LOWAT
   OPT(IPPROTO_TCP, TCP_NOTSENT_LOWAT, OPT_INT, OPT_RW),
#endif
#ifdef TCP_SYNCNT
   OPT(IPPROTO_TCP, TCP_SYNCNT, OPT_INT, OPT_RW),
#endif
#ifdef TCP_LINGER2
   OPT(IPPROTO_TCP, TCP_LINGER2, OPT_INT, OPT_RW),
#endif
#ifdef TCP_DEFER_ACCEPT
   OPT(IPPROTO_TCP, TCP_DEFER_ACCEPT, OPT_INT, OPT_RW),
#endif
#ifdef TCP_WINDOW_CLAMP
   OPT(IPPROTO_TCP, TCP_WINDOW_CLAMP, OPT_INT, OPT_RW),
#endif
#ifdef TCP_FASTOPEN_CONNECT
   OPT(IPPROTO_TCP, TCP_FASTOPEN_CONNECT, OPT_INT, OPT_RW),
#endif
#ifdef TCP_CONGESTION
   OPT(IPPROTO_TCP, TCP_CONGESTION, OPT_STRING, OPT_RW),
#endif
#ifdef TCP_INFO
   OPT(IPPROTO_TCP, TCP_INFO, OPT_TCPINFO, OPT_GET),
#endif
   {0, 0, NULL, OPT_INT, 0}
};

typedef struct
{
   int level;
   SLFUTURE_CONST char *name;
}
Level_Name_Type;

static Level_Name_Type Level_Names[] =
{
   {SOL_SOCKET, "SOL_SOCKET"},
   {IPPROTO_IP, "SOL_IP"},
   {IPPROTO_IPV6, "IPPROTO_IPV6"},
   {IPPROTO_TCP, "SOL_TCP"},
   {0, NULL}
};

/* The row of (level, optname); call NULL: NULL quietly when none. */
static Opt_Type *find_option (SLFUTURE_CONST char *call, int level, int optname)
{
   Level_Name_Type *l;
   Opt_Type *o;

   for (o = Opt_Table; o->name != NULL; o++)
     if ((o->level == level) && (o->optname == optname))
       return o;
   if (call == NULL)
     return NULL;
   for (l = Level_Names; l->name != NULL; l++)
     if (l->level == level) break;
   if (l->name == NULL)
     {
	SLang_verror (SL_NotImplemented_Error, "%s: unsupported level %d (option %d)", call, level, optname);
	return NULL;
     }
   SLang_verror (SL_NotImplemented_Error, "%s: option %d is not supported at level %s", call, optname, l->name);
   return NULL;
}

#define OPTBUF_SIZE 256

/*{{{ Value kinds: one {pop, push, size} row each */

typedef struct { int tv_sec; int tv_usec; } TV_Struct_Type;
static SLang_CStruct_Field_Type TV_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(TV_Struct_Type, tv_sec, "tv_sec", 0),
   MAKE_CSTRUCT_INT_FIELD(TV_Struct_Type, tv_usec, "tv_usec", 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct { int l_onoff; int l_linger; } Linger_Struct_Type;
static SLang_CStruct_Field_Type Linger_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Linger_Struct_Type, l_onoff, "l_onoff", 0),
   MAKE_CSTRUCT_INT_FIELD(Linger_Struct_Type, l_linger, "l_linger", 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct { char *imr_multiaddr; char *imr_interface; } Mreq_Struct_Type;
static SLang_CStruct_Field_Type Mreq_Struct_Fields[] =
{
   MAKE_CSTRUCT_FIELD(Mreq_Struct_Type, imr_multiaddr, "imr_multiaddr", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_FIELD(Mreq_Struct_Type, imr_interface, "imr_interface", SLANG_STRING_TYPE, 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct { char *ipv6mr_multiaddr; int ipv6mr_interface; } Mreq6_Struct_Type;
static SLang_CStruct_Field_Type Mreq6_Struct_Fields[] =
{
   MAKE_CSTRUCT_FIELD(Mreq6_Struct_Type, ipv6mr_multiaddr, "ipv6mr_multiaddr", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_INT_FIELD(Mreq6_Struct_Type, ipv6mr_interface, "ipv6mr_interface", 0),
   SLANG_END_CSTRUCT_TABLE
};

static int parse_inaddr (Call_Type *c, SLFUTURE_CONST char *text, struct in_addr *a)
{
   if ((text == NULL) || (*text == 0))
     {
	a->s_addr = htonl (INADDR_ANY);
	return 0;
     }
   if (1 == inet_pton (AF_INET, text, a))
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: '%s' is not an IPv4 address", c->name, text);
   return -1;
}

static int pop_string_value (Call_Type *c, Opt_Type *o, char **s)
{
   *s = NULL;
   if (SLang_peek_at_stack () != SLANG_STRING_TYPE)
     return drop_type_error (c, "%s takes a String", o->name);
   c->left--;
   return SLang_pop_slstring (s);
}

static int pop_int_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   if (! is_integer_type ((SLtype) SLang_peek_at_stack ()))
     return drop_type_error (c, "%s takes an integer", o->name);
   c->left--;
   *lenp = sizeof (int);
   return pop_int_checked (c->name, o->name, (int *) buf);
}

static int push_int_value (unsigned char *buf, socklen_t len)
{
   int v = 0;
   if (len == 1) v = buf[0];
   else memcpy (&v, buf, sizeof (int));
   return SLang_push_int (v);
}

/* A Struct {tv_sec, tv_usec}, or a number of seconds. */
static int pop_timeval_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   struct timeval tv;

   if (is_number_type ((SLtype) SLang_peek_at_stack ()))
     {
	double d;
	c->left--;
	if (-1 == SLang_pop_double (&d)) return -1;
	if (! (d >= 0) || (d > (double) INT_MAX))
	  {
	     SLang_verror (SL_InvalidParm_Error, "%s: %s must be a non-negative number of seconds", c->name, o->name);
	     return -1;
	  }
	tv.tv_sec = (time_t) d;
	tv.tv_usec = (suseconds_t) floor ((d - (double) tv.tv_sec) * 1e6 + 0.5);
	/* {0, 0} means "no timeout": never round a real one to it */
	if ((d > 0) && (tv.tv_sec == 0) && (tv.tv_usec == 0)) tv.tv_usec = 1;
	if (tv.tv_usec >= 1000000) { tv.tv_sec++; tv.tv_usec -= 1000000; }
     }
   else
     {
	TV_Struct_Type cs;
	if (-1 == pop_struct_arg (c, o->name, &cs, sizeof (cs), TV_Struct_Fields)) return -1;
	if ((cs.tv_sec < 0) || (cs.tv_usec < 0) || (cs.tv_usec > 999999))
	  {
	     SLang_verror (SL_InvalidParm_Error, "%s: %s needs tv_sec >= 0 and 0 <= tv_usec <= 999999", c->name, o->name);
	     return -1;
	  }
	tv.tv_sec = cs.tv_sec;
	tv.tv_usec = cs.tv_usec;
     }
   memcpy (buf, &tv, sizeof (tv));
   *lenp = sizeof (tv);
   return 0;
}

static int push_timeval_value (unsigned char *buf, socklen_t len)
{
   struct timeval tv;
   TV_Struct_Type cs;
   (void) len;
   memcpy (&tv, buf, sizeof (tv));
   cs.tv_sec = (int) tv.tv_sec;
   cs.tv_usec = (int) tv.tv_usec;
   return SLang_push_cstruct (&cs, TV_Struct_Fields);
}

static int pop_linger_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   Linger_Struct_Type cs;
   struct linger l;
   if (-1 == pop_struct_arg (c, o->name, &cs, sizeof (cs), Linger_Struct_Fields)) return -1;
   l.l_onoff = cs.l_onoff;
   l.l_linger = cs.l_linger;
   memcpy (buf, &l, sizeof (l));
   *lenp = sizeof (l);
   return 0;
}

static int push_linger_value (unsigned char *buf, socklen_t len)
{
   struct linger l;
   Linger_Struct_Type cs;
   (void) len;
   memcpy (&l, buf, sizeof (l));
   cs.l_onoff = l.l_onoff;
   cs.l_linger = l.l_linger;
   return SLang_push_cstruct (&cs, Linger_Struct_Fields);
}

static int push_ucred_value (unsigned char *buf, socklen_t len)
{
   struct ucred u;
   Ucred_Struct_Type cs;
   (void) len;
   memcpy (&u, buf, sizeof (u));
   cs.pid = (int) u.pid;
   cs.uid = (int) u.uid;
   cs.gid = (int) u.gid;
   return SLang_push_cstruct (&cs, Ucred_Struct_Fields);
}

/* An interface name (SO_BINDTODEVICE). */
static int pop_string_kind (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   char *s;
   size_t n;
   if (-1 == pop_string_value (c, o, &s)) return -1;
   n = strlen (s);
   if (n >= IFNAMSIZ)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s: '%s' is too long", c->name, o->name, s);
	SLang_free_slstring (s);
	return -1;
     }
   memcpy (buf, s, n + 1);
   *lenp = (socklen_t) n;
   SLang_free_slstring (s);
   return 0;
}

static int push_string_kind (unsigned char *buf, socklen_t len)
{
   buf[len] = 0;
   return SLang_push_string ((char *) buf);
}

#define OPT_BYTES_MAX 40

static int pop_bytes_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   Data_Type d;
   if (-1 == pop_data_arg (c, o->name, &d)) return -1;
   if (d.n > OPT_BYTES_MAX)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s takes at most %d bytes", c->name, o->name, OPT_BYTES_MAX);
	free_data (&d);
	return -1;
     }
   memcpy (buf, d.p, d.n);
   *lenp = (socklen_t) d.n;
   free_data (&d);
   return 0;
}

static int push_bytes_value (unsigned char *buf, socklen_t len)
{
   SLang_BString_Type *b = SLbstring_create (buf, len);
   int status;
   if (b == NULL) return -1;
   status = SLang_push_bstring (b);
   SLbstring_free (b);
   return status;
}

/* A String IPv4 address (IP_MULTICAST_IF). */
static int pop_inaddr_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   char *s;
   struct in_addr a;
   int status;
   if (-1 == pop_string_value (c, o, &s)) return -1;
   status = parse_inaddr (c, s, &a);
   SLang_free_slstring (s);
   if (status == -1) return -1;
   memcpy (buf, &a, sizeof (a));
   *lenp = sizeof (a);
   return 0;
}

static int push_inaddr_value (unsigned char *buf, socklen_t len)
{
   char text[INET_ADDRSTRLEN];
   (void) len;
   if (NULL == inet_ntop (AF_INET, buf, text, sizeof (text)))
     return -1;
   return SLang_push_string (text);
}

/* upstream's (group [, interface]) Strings, or a Struct. */
static int pop_mreq_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   struct ip_mreq m;
   int status;

   if (SLang_peek_at_stack () == SLANG_STRUCT_TYPE)
     {
	Mreq_Struct_Type cs;
	if (c->left > 1)
	  {
	     SLang_verror (SL_NumArgs_Error, "%s: too many arguments for %s; usage: %s", c->name, o->name, c->usage);
	     return -1;
	  }
	if (-1 == pop_struct_arg (c, o->name, &cs, sizeof (cs), Mreq_Struct_Fields)) return -1;
	status = parse_inaddr (c, cs.imr_multiaddr, &m.imr_multiaddr);
	if (status == 0)
	  status = parse_inaddr (c, cs.imr_interface, &m.imr_interface);
	SLang_free_cstruct (&cs, Mreq_Struct_Fields);
     }
   else
     {
	char *group, *iface = NULL;
	if (-1 == pop_string_value (c, o, &group)) return -1;
	if ((c->left > 0) && (-1 == pop_string_value (c, o, &iface)))
	  {
	     SLang_free_slstring (group);
	     return -1;
	  }
	status = parse_inaddr (c, group, &m.imr_multiaddr);
	if (status == 0)
	  status = parse_inaddr (c, iface, &m.imr_interface);
	SLang_free_slstring (group);
	SLang_free_slstring (iface);
     }
   if (status == -1) return -1;
   memcpy (buf, &m, sizeof (m));
   *lenp = sizeof (m);
   return 0;
}

static int pop_mreq6_value (Call_Type *c, Opt_Type *o, unsigned char *buf, socklen_t *lenp)
{
   Mreq6_Struct_Type cs;
   struct ipv6_mreq m;
   int status = 0;

   if (-1 == pop_struct_arg (c, o->name, &cs, sizeof (cs), Mreq6_Struct_Fields)) return -1;
   if ((cs.ipv6mr_multiaddr == NULL)
       || (1 != inet_pton (AF_INET6, cs.ipv6mr_multiaddr, &m.ipv6mr_multiaddr)))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s: ipv6mr_multiaddr is not an IPv6 address", c->name, o->name);
	status = -1;
     }
   m.ipv6mr_interface = (unsigned int) cs.ipv6mr_interface;
   SLang_free_cstruct (&cs, Mreq6_Struct_Fields);
   if (status == -1) return -1;
   memcpy (buf, &m, sizeof (m));
   *lenp = sizeof (m);
   return 0;
}

typedef struct
{
   int state, ca_state, retransmits, rto, ato, snd_mss, rcv_mss, lost, retrans;
   int rtt, rttvar, snd_ssthresh, snd_cwnd, total_retrans;
}
Tcpinfo_Struct_Type;

#define TI_FIELD(f) MAKE_CSTRUCT_INT_FIELD(Tcpinfo_Struct_Type, f, #f, 0)
static SLang_CStruct_Field_Type Tcpinfo_Struct_Fields[] =
{
   TI_FIELD(state), TI_FIELD(ca_state), TI_FIELD(retransmits), TI_FIELD(rto), TI_FIELD(ato),
   TI_FIELD(snd_mss), TI_FIELD(rcv_mss), TI_FIELD(lost), TI_FIELD(retrans), TI_FIELD(rtt),
   TI_FIELD(rttvar), TI_FIELD(snd_ssthresh), TI_FIELD(snd_cwnd), TI_FIELD(total_retrans),
   SLANG_END_CSTRUCT_TABLE
};

/* TCP_INFO: the fields every kernel since 2.6 fills in (times in us). */
static int push_tcpinfo_value (unsigned char *buf, socklen_t len)
{
   struct tcp_info ti;
   Tcpinfo_Struct_Type cs;

   memset (&ti, 0, sizeof (ti));
   memcpy (&ti, buf, (len < (socklen_t) sizeof (ti)) ? len : sizeof (ti));
   cs.state = ti.tcpi_state; cs.ca_state = ti.tcpi_ca_state; cs.retransmits = ti.tcpi_retransmits;
   cs.rto = (int) ti.tcpi_rto; cs.ato = (int) ti.tcpi_ato; cs.snd_mss = (int) ti.tcpi_snd_mss;
   cs.rcv_mss = (int) ti.tcpi_rcv_mss; cs.lost = (int) ti.tcpi_lost; cs.retrans = (int) ti.tcpi_retrans;
   cs.rtt = (int) ti.tcpi_rtt; cs.rttvar = (int) ti.tcpi_rttvar; cs.snd_ssthresh = (int) ti.tcpi_snd_ssthresh;
   cs.snd_cwnd = (int) ti.tcpi_snd_cwnd; cs.total_retrans = (int) ti.tcpi_total_retrans;
   return SLang_push_cstruct (&cs, Tcpinfo_Struct_Fields);
}

typedef struct
{
   int (*pop) (Call_Type *, Opt_Type *, unsigned char *, socklen_t *);   /* NULL: get only */
   int (*push) (unsigned char *, socklen_t);			       /* NULL: set only */
   socklen_t size;		       /* getsockopt's buffer */
   int max_values;		       /* arguments setsockopt may take */
}
Opt_Kind_Ops_Type;

/* In the order of Opt_Kind_Type. */
static Opt_Kind_Ops_Type Kind_Ops[] =
{
   {pop_int_value, push_int_value, sizeof (int), 1},			  /* OPT_INT */
   {pop_timeval_value, push_timeval_value, sizeof (struct timeval), 1},  /* OPT_TIMEVAL */
   {pop_linger_value, push_linger_value, sizeof (struct linger), 1},	  /* OPT_LINGER */
   {pop_string_kind, push_string_kind, IFNAMSIZ, 1},			  /* OPT_STRING */
   {NULL, push_ucred_value, sizeof (struct ucred), 1},			  /* OPT_UCRED */
   {pop_mreq_value, NULL, sizeof (struct ip_mreq), 2},			  /* OPT_MREQ */
   {pop_inaddr_value, push_inaddr_value, sizeof (struct in_addr), 1},	  /* OPT_INADDR */
   {pop_mreq6_value, NULL, sizeof (struct ipv6_mreq), 1},		  /* OPT_MREQ6 */
   {pop_bytes_value, push_bytes_value, OPT_BYTES_MAX, 1},		  /* OPT_BYTES */
   {NULL, push_string_kind, OPTBUF_SIZE - 1, 1},			  /* OPT_LABEL */
   {NULL, push_tcpinfo_value, sizeof (struct tcp_info), 1},		  /* OPT_TCPINFO */
};

/*}}}*/

/*{{{ Intrinsics */


/* Can o be used this way (OPT_GET, OPT_SET)? */
static int check_rw (Call_Type *c, Opt_Type *o, int rw)
{
   if (o->rw & rw)
     return 0;
   SLang_verror (SL_NotImplemented_Error, "%s: %s cannot be %s", c->name, o->name,
		 (rw == OPT_SET) ? "set (it is read-only)" : "read (it is write-only)");
   return -1;
}

/* getsockopt (s, level, opt, Int_Type buflen): any option, raw. */
#define RAW_OPT_MAX 65536

static void raw_getsockopt (Call_Type *c, Sock_Type *s, int level, int optname)
{
   SLang_BString_Type *b;
   unsigned char *buf;
   socklen_t len;
   int buflen;

   if (-1 == pop_int_arg (c, "buflen", &buflen))
     return;
   if ((buflen < 0) || (buflen > RAW_OPT_MAX))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: buflen %d is outside 0..%d", c->name, buflen, RAW_OPT_MAX);
	return;
     }
   if (NULL == (buf = (unsigned char *) SLcalloc (1, (SLstrlen_Type) buflen + 1)))
     return;
   len = (socklen_t) buflen;
   if (-1 == getsockopt (s->fd, level, optname, buf, &len))
     throw_errno (c->name, errno);
   else if (NULL != (b = SLbstring_create (buf, (SLstrlen_Type) ((len < (socklen_t) buflen) ? len : (socklen_t) buflen))))
     {
	(void) SLang_push_bstring (b);
	SLbstring_free (b);
     }
   SLfree ((char *) buf);
}

/* setsockopt (s, level, opt, BString_Type value): any option, raw. */
static void raw_setsockopt (Call_Type *c, Sock_Type *s, int level, int optname)
{
   Data_Type d;

   if (-1 == pop_data_arg (c, "value", &d))
     return;
   if (-1 == setsockopt (s->fd, level, optname, d.p, (socklen_t) d.n))
     throw_errno (c->name, errno);
   free_data (&d);
}

/* (s, level, optname) and, for a raw call, nothing looked up. */
static int pop_raw_args (Call_Type *c, Sock_Type *s, int *level, int *optname)
{
   if ((-1 == pop_sock_fd (c, s))
       || (-1 == pop_int_arg (c, "level", level))
       || (-1 == pop_int_arg (c, "optname", optname)))
     {
	drop_args (c);
	free_sock (s);
	return -1;
     }
   return 0;
}

void getsockopt_intrin (void)
{
   CALL(c, "getsockopt", "value = getsockopt (FD_Type s, Int_Type level, Int_Type optname [, Int_Type buflen])");
   Sock_Type s;
   Opt_Type *o;
   unsigned char buf[OPTBUF_SIZE];
   socklen_t len;
   int level, optname;

   if ((-1 == check_nargs (&c, 3, 4))
       || (-1 == pop_raw_args (&c, &s, &level, &optname)))
     return;
   if (c.left == 1)
     raw_getsockopt (&c, &s, level, optname);   /* any option, raw */
   else if ((NULL != (o = find_option (c.name, level, optname)))
	    && (0 == check_rw (&c, o, OPT_GET)))
     {
	memset (buf, 0, sizeof (buf));
	len = Kind_Ops[o->kind].size;
	if (-1 == getsockopt (s.fd, o->level, o->optname, buf, &len))
	  throw_errno (c.name, errno);
	else
	  (void) (*Kind_Ops[o->kind].push) (buf, len);
     }
   drop_args (&c);
   free_sock (&s);
}

void setsockopt_intrin (void)
{
   CALL(c, "setsockopt", "setsockopt (FD_Type s, Int_Type level, Int_Type optname, value)  % a BString value: raw");
   Sock_Type s;
   Opt_Type *o;
   unsigned char buf[OPTBUF_SIZE];
   socklen_t len = 0;
   int level, optname;

   if ((-1 == check_nargs (&c, 4, 5))
       || (-1 == pop_raw_args (&c, &s, &level, &optname)))
     return;
   o = find_option (NULL, level, optname);
   if ((c.left == 1) && (SLang_peek_at_stack () == SLANG_BSTRING_TYPE)
       && ((o == NULL) || (o->kind != OPT_BYTES)))
     raw_setsockopt (&c, &s, level, optname);    /* any option, raw */
   else if ((o == NULL) && (NULL == find_option (c.name, level, optname)))
     ;
   else if (-1 == check_rw (&c, o, OPT_SET))
     ;
   else if (c.left > Kind_Ops[o->kind].max_values)
     SLang_verror (SL_NumArgs_Error, "%s: too many arguments for %s; usage: %s", c.name, o->name, c.usage);
   else
     {
	memset (buf, 0, sizeof (buf));
	if ((0 == (*Kind_Ops[o->kind].pop) (&c, o, buf, &len))
	    && (-1 == setsockopt (s.fd, o->level, o->optname, buf, len)))
	  throw_errno (c.name, errno);
     }
   drop_args (&c);
   free_sock (&s);
}

/*}}}*/

/* The option names are constants too: one table serves both. */
int add_option_constants (SLang_NameSpace_Type *ns)
{
   Opt_Type *o;
   for (o = Opt_Table; o->name != NULL; o++)
     if (-1 == SLns_add_iconstant (ns, o->name, SLANG_INT_TYPE, o->optname))
       return -1;
   return 0;
}
