/* msg.c: sendmsg and recvmsg with ancillary data (SPEC 15), and
 * send_fds/recv_fds written on top of them.
 *
 * Ancillary data is a List of Struct {level, type, data}.  One table
 * (Anc_Kinds) says how the data of each known (level, type) is encoded
 * and decoded; anything else is the raw BString both ways.  Received
 * descriptors are collected the moment recvmsg returns, so that every
 * path after it either wraps them in FD_Types or closes them: none leak.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "msg.h"

#include <linux/errqueue.h>

#define MAX_PASS_FDS 253		       /* SCM_MAX_FD */
#define MAX_ANCSIZE (1024 * 1024)

/*{{{ The kinds */

typedef enum
{
   K_RAW, K_FDS, K_CREDS, K_PKTINFO, K_PKTINFO6, K_INT, K_TIMEVAL, K_TIMESPEC, K_EXTERR
}
Anc_Kind_Type;

typedef struct
{
   int level, type;
   SLFUTURE_CONST char *name;
   Anc_Kind_Type kind;
}
Anc_Type;

#define ANC(l, t, k) {l, t, #t, k}
static const Anc_Type Anc_Kinds[] =
{
   ANC(SOL_SOCKET, SCM_RIGHTS, K_FDS),
#ifdef SCM_CREDENTIALS
   ANC(SOL_SOCKET, SCM_CREDENTIALS, K_CREDS),
#endif
#ifdef SO_TIMESTAMP
   ANC(SOL_SOCKET, SO_TIMESTAMP, K_TIMEVAL),
#endif
#ifdef SO_TIMESTAMPNS
   ANC(SOL_SOCKET, SO_TIMESTAMPNS, K_TIMESPEC),
#endif
#ifdef IP_PKTINFO
   ANC(IPPROTO_IP, IP_PKTINFO, K_PKTINFO),
#endif
   ANC(IPPROTO_IP, IP_TTL, K_INT),
   ANC(IPPROTO_IP, IP_TOS, K_INT),
#ifdef IP_RECVERR
   ANC(IPPROTO_IP, IP_RECVERR, K_EXTERR),
#endif
#ifdef IPV6_PKTINFO
   ANC(IPPROTO_IPV6, IPV6_PKTINFO, K_PKTINFO6),
#endif
#ifdef IPV6_HOPLIMIT
   ANC(IPPROTO_IPV6, IPV6_HOPLIMIT, K_INT),
#endif
#ifdef IPV6_TCLASS
   ANC(IPPROTO_IPV6, IPV6_TCLASS, K_INT),
#endif
#ifdef IPV6_RECVERR
   ANC(IPPROTO_IPV6, IPV6_RECVERR, K_EXTERR),
#endif
   {0, 0, NULL, K_RAW}
};

static const Anc_Type *find_kind (int level, int type)
{
   const Anc_Type *k;
   for (k = Anc_Kinds; k->name != NULL; k++)
     if ((k->level == level) && (k->type == type))
       return k;
   return k;			       /* the K_RAW row */
}

typedef struct { int ifindex; char *spec_dst; char *addr; } Pktinfo_Struct_Type;
static SLang_CStruct_Field_Type Pktinfo_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Pktinfo_Struct_Type, ifindex, "ifindex", 0),
   MAKE_CSTRUCT_FIELD(Pktinfo_Struct_Type, spec_dst, "spec_dst", SLANG_STRING_TYPE, 0),
   MAKE_CSTRUCT_FIELD(Pktinfo_Struct_Type, addr, "addr", SLANG_STRING_TYPE, 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct { int ifindex; char *addr; } Pktinfo6_Struct_Type;
static SLang_CStruct_Field_Type Pktinfo6_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Pktinfo6_Struct_Type, ifindex, "ifindex", 0),
   MAKE_CSTRUCT_FIELD(Pktinfo6_Struct_Type, addr, "addr", SLANG_STRING_TYPE, 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct { int ee_errno, ee_origin, ee_type, ee_code, ee_info, ee_data; } Exterr_Struct_Type;
static SLang_CStruct_Field_Type Exterr_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Exterr_Struct_Type, ee_errno, "ee_errno", 0),
   MAKE_CSTRUCT_INT_FIELD(Exterr_Struct_Type, ee_origin, "ee_origin", 0),
   MAKE_CSTRUCT_INT_FIELD(Exterr_Struct_Type, ee_type, "ee_type", 0),
   MAKE_CSTRUCT_INT_FIELD(Exterr_Struct_Type, ee_code, "ee_code", 0),
   MAKE_CSTRUCT_INT_FIELD(Exterr_Struct_Type, ee_info, "ee_info", 0),
   MAKE_CSTRUCT_INT_FIELD(Exterr_Struct_Type, ee_data, "ee_data", 0),
   SLANG_END_CSTRUCT_TABLE
};

typedef struct { int level; int type; } Anc_Head_Struct_Type;
static SLang_CStruct_Field_Type Anc_Head_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Anc_Head_Struct_Type, level, "level", 0),
   MAKE_CSTRUCT_INT_FIELD(Anc_Head_Struct_Type, type, "type", 0),
   SLANG_END_CSTRUCT_TABLE
};

/*}}}*/

/*{{{ Encoding: the control buffer of sendmsg */

typedef struct
{
   unsigned char *buf;
   size_t len;
   SLang_Array_Type **held;	       /* descriptor arrays, kept until sent */
   unsigned int nheld;
   unsigned int nfds;
   int domain;			       /* of the socket it is for */
}
Control_Type;

static void free_control (Control_Type *ct)
{
   unsigned int i;
   for (i = 0; i < ct->nheld; i++)
     SLang_free_array (ct->held[i]);
   SLfree ((char *) ct->held);
   SLfree ((char *) ct->buf);
   memset (ct, 0, sizeof (*ct));
}

/* Room for one message of n data bytes (zeroed); its data area. */
static unsigned char *control_add (Call_Type *c, Control_Type *ct, int level, int type, size_t n)
{
   struct cmsghdr cm;
   size_t space = CMSG_SPACE (n);
   unsigned char *p;

   if (ct->len + space > MAX_ANCSIZE)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: ancillary data of more than %d bytes", c->name, MAX_ANCSIZE);
	return NULL;
     }
   if (NULL == (p = (unsigned char *) SLrealloc ((char *) ct->buf, (SLstrlen_Type) (ct->len + space))))
     return NULL;
   ct->buf = p;
   p += ct->len;
   memset (p, 0, space);
   memset (&cm, 0, sizeof (cm));
   cm.cmsg_len = CMSG_LEN (n);
   cm.cmsg_level = level;
   cm.cmsg_type = type;
   memcpy (p, &cm, sizeof (cm));
   ct->len += space;
   return p + (CMSG_LEN (0));
}

/* One SCM_RIGHTS message with the descriptors of the FD_Type array at,
 * which is held (its descriptors stay open) until the message is sent. */
static int control_add_fds (Call_Type *c, Control_Type *ct, SLang_Array_Type *at)
{
   SLang_Array_Type **held;
   SLFile_FD_Type **fp = (SLFile_FD_Type **) at->data;
   unsigned char *p;
   unsigned int i, n = at->num_elements;

   if (NULL == (held = (SLang_Array_Type **) SLrealloc ((char *) ct->held, (ct->nheld + 1) * sizeof (*held))))
     {
	SLang_free_array (at);
	return -1;
     }
   ct->held = held;
   ct->held[ct->nheld++] = at;
   if ((n > MAX_PASS_FDS) || (ct->nfds + n > MAX_PASS_FDS))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: at most %d descriptors in one message", c->name, MAX_PASS_FDS);
	return -1;
     }
   ct->nfds += n;
   if (NULL == (p = control_add (c, ct, SOL_SOCKET, SCM_RIGHTS, n * sizeof (int))))
     return -1;
   for (i = 0; i < n; i++)
     {
	int fd;
	if ((fp[i] == NULL) || (-1 == SLfile_get_fd (fp[i], &fd)))
	  {
	     throw_errno (c->name, EBADF);
	     return -1;
	  }
	memcpy (p + i * sizeof (int), &fd, sizeof (int));
     }
   return 0;
}

static int parse_ip (Call_Type *c, SLFUTURE_CONST char *what, int family, SLFUTURE_CONST char *text, VOID_STAR out)
{
   if (1 == inet_pton (family, text, out))
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: %s '%s' is not a numeric IPv%c address", c->name, what, text,
		 (family == AF_INET) ? '4' : '6');
   return -1;
}

/* Encode the data on top of the stack (counted in c->left) as the data
 * of a message of kind k. */
static int encode_data (Call_Type *c, Control_Type *ct, const Anc_Type *k, int level, int type)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   SLFUTURE_CONST char *name = (k->name != NULL) ? k->name : "the data of an unknown kind";
   unsigned char *p;
   int status = -1;

   if (((k->kind == K_FDS) || (k->kind == K_CREDS)) && (ct->domain != AF_UNIX))
     {
	/* the kernel would drop them silently */
	SLang_verror (SL_InvalidParm_Error, "%s: %s can only pass over unix sockets", c->name, name);
	return -1;
     }

   if ((t == SLANG_BSTRING_TYPE) || ((k->kind == K_RAW) && (t == SLANG_STRING_TYPE)))
     {
	Data_Type d;
	if (-1 == pop_data_arg (c, "data", &d))
	  return -1;
	if (NULL != (p = control_add (c, ct, level, type, d.n)))
	  {
	     memcpy (p, d.p, d.n);
	     status = 0;
	  }
	free_data (&d);
	return status;
     }
   switch (k->kind)
     {
      case K_RAW:
	return drop_type_error (c, "ancillary data of level %d, type %d must be a BString", level, type);

      case K_FDS:
	  {
	     SLang_Array_Type *at;
	     if (-1 == pop_fd_array (c, name, &at))
	       return -1;
	     return control_add_fds (c, ct, at);
	  }

      case K_CREDS:
	  {
	     Ucred_Struct_Type cs;
	     struct ucred u;
	     if (-1 == pop_struct_arg (c, name, &cs, sizeof (cs), Ucred_Struct_Fields))
	       return -1;
	     u.pid = (pid_t) cs.pid; u.uid = (uid_t) cs.uid; u.gid = (gid_t) cs.gid;
	     if (NULL == (p = control_add (c, ct, level, type, sizeof (u))))
	       return -1;
	     memcpy (p, &u, sizeof (u));
	     return 0;
	  }

      case K_PKTINFO:
	  {
	     Pktinfo_Struct_Type cs;
	     struct in_pktinfo pi;
	     if (-1 == pop_struct_arg (c, name, &cs, sizeof (cs), Pktinfo_Struct_Fields))
	       return -1;
	     memset (&pi, 0, sizeof (pi));
	     pi.ipi_ifindex = cs.ifindex;
	     if ((0 == parse_ip (c, "spec_dst", AF_INET, cs.spec_dst, &pi.ipi_spec_dst))
		 && (0 == parse_ip (c, "addr", AF_INET, cs.addr, &pi.ipi_addr))
		 && (NULL != (p = control_add (c, ct, level, type, sizeof (pi)))))
	       {
		  memcpy (p, &pi, sizeof (pi));
		  status = 0;
	       }
	     SLang_free_cstruct (&cs, Pktinfo_Struct_Fields);
	     return status;
	  }

      case K_PKTINFO6:
	  {
	     Pktinfo6_Struct_Type cs;
	     struct in6_pktinfo pi;
	     if (-1 == pop_struct_arg (c, name, &cs, sizeof (cs), Pktinfo6_Struct_Fields))
	       return -1;
	     memset (&pi, 0, sizeof (pi));
	     pi.ipi6_ifindex = (unsigned int) cs.ifindex;
	     if ((0 == parse_ip (c, "addr", AF_INET6, cs.addr, &pi.ipi6_addr))
		 && (NULL != (p = control_add (c, ct, level, type, sizeof (pi)))))
	       {
		  memcpy (p, &pi, sizeof (pi));
		  status = 0;
	       }
	     SLang_free_cstruct (&cs, Pktinfo6_Struct_Fields);
	     return status;
	  }

      case K_INT:
	  {
	     int v;
	     if (-1 == pop_int_arg (c, name, &v))
	       return -1;
	     if (NULL == (p = control_add (c, ct, level, type, sizeof (int))))
	       return -1;
	     memcpy (p, &v, sizeof (int));
	     return 0;
	  }

      case K_TIMEVAL:
      case K_TIMESPEC:
	  {
	     double d, whole;
	     if (-1 == pop_double_arg (c, name, &d))
	       return -1;
	     if (! (fabs (d) < 1e18))	       /* NaN, inf, past time_t */
	       {
		  SLang_verror (SL_InvalidParm_Error, "%s: %s %g is out of range", c->name, name, d);
		  return -1;
	       }
	     whole = floor (d);
	     if (k->kind == K_TIMEVAL)
	       {
		  struct timeval tv;
		  tv.tv_sec = (time_t) whole;
		  tv.tv_usec = (suseconds_t) ((d - whole) * 1e6);
		  if (NULL == (p = control_add (c, ct, level, type, sizeof (tv)))) return -1;
		  memcpy (p, &tv, sizeof (tv));
	       }
	     else
	       {
		  struct timespec ts;
		  ts.tv_sec = (time_t) whole;
		  ts.tv_nsec = (long) ((d - whole) * 1e9);
		  if (NULL == (p = control_add (c, ct, level, type, sizeof (ts)))) return -1;
		  memcpy (p, &ts, sizeof (ts));
	       }
	     return 0;
	  }

      case K_EXTERR:
	  {
	     Exterr_Struct_Type cs;
	     struct sock_extended_err ee;
	     if (-1 == pop_struct_arg (c, name, &cs, sizeof (cs), Exterr_Struct_Fields))
	       return -1;
	     memset (&ee, 0, sizeof (ee));
	     ee.ee_errno = (unsigned int) cs.ee_errno;
	     ee.ee_origin = (unsigned char) cs.ee_origin;
	     ee.ee_type = (unsigned char) cs.ee_type;
	     ee.ee_code = (unsigned char) cs.ee_code;
	     ee.ee_info = (unsigned int) cs.ee_info;
	     ee.ee_data = (unsigned int) cs.ee_data;
	     if (NULL == (p = control_add (c, ct, level, type, sizeof (ee))))
	       return -1;
	     memcpy (p, &ee, sizeof (ee));
	     return 0;
	  }
     }
   return -1;
}

/* One item on top of the stack: a Struct {level, type, data}. */
static int encode_item (Call_Type *c, Control_Type *ct)
{
   Anc_Head_Struct_Type h;
   SLang_Struct_Type *st;
   int status;

   if (SLang_peek_at_stack () != SLANG_STRUCT_TYPE)
     return drop_type_error (c, "ancillary data is a List of Struct {level, type, data}");
   if ((-1 == SLdup_n (1)) || (-1 == SLang_pop_struct (&st)))
     return -1;
   if (-1 == pop_struct_arg (c, "an ancillary item", &h, sizeof (h), Anc_Head_Struct_Fields))
     {
	SLang_free_struct (st);
	return -1;
     }
   if (! struct_has_field (st, "data"))
     {
	SLang_free_struct (st);
	SLang_verror (SL_TypeMismatch_Error, "%s: an ancillary item is a Struct {level, type, data}", c->name);
	return -1;
     }
   status = SLang_push_struct_field (st, (char *) "data");
   SLang_free_struct (st);
   if (status == -1)
     return -1;
   c->left++;
   return encode_data (c, ct, find_kind (h.level, h.type), h.level, h.type);
}

/* The anc argument: a List or Array of Struct {level, type, data}, or
 * NULL for none. */
static int pop_anc (Call_Type *c, int domain, Control_Type *ct)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();
   int depth, n;

   memset (ct, 0, sizeof (*ct));
   ct->domain = domain;
   if (t == SLANG_NULL_TYPE)
     {
	c->left--;
	return SLdo_pop ();
     }
   if ((t != SLANG_LIST_TYPE) && (t != SLANG_ARRAY_TYPE))
     return drop_type_error (c, "anc must be a List of Struct {level, type, data}");
   c->left--;
   depth = SLstack_depth ();
   if (t == SLANG_LIST_TYPE)
     {
	SLang_List_Type *list;
	if ((-1 == SLang_pop_list (&list))
	    || (-1 == SLang_start_arg_list ())
	    || (-1 == SLang_push_list (list, 1))
	    || (-1 == SLang_end_arg_list ())
	    || (-1 == SLang_execute_function ("__push_list")))
	  return -1;
     }
   else
     {
	SLang_Array_Type *at;
	SLuindex_Type i;
	if (-1 == SLang_pop_array (&at, 0))
	  return -1;
	if ((at->data_type != SLANG_STRUCT_TYPE) && (at->num_elements != 0))
	  {
	     SLang_free_array (at);
	     SLang_verror (SL_TypeMismatch_Error, "%s: anc must be a List of Struct {level, type, data}", c->name);
	     return -1;
	  }
	for (i = 0; i < at->num_elements; i++)
	  {
	     SLang_Struct_Type *st = ((SLang_Struct_Type **) at->data)[i];
	     if (-1 == ((st == NULL) ? SLang_push_null () : SLang_push_struct (st)))
	       break;
	  }
	SLang_free_array (at);
     }
   /* the items are arguments now: on any error drop_args drops them */
   n = SLstack_depth () - depth + 1;
   c->left += n;
   if (SLang_get_error () || (-1 == SLreverse_stack (n)))
     return -1;
   while (n-- > 0)
     if (-1 == encode_item (c, ct))
       return -1;
   return 0;
}

/*}}}*/

/*{{{ Sending */

/* One sendmsg of data with the control buffer ct; pushes the count. */
static void send_message (Call_Type *c, Sock_Type *s, Data_Type *d, Control_Type *ct, int flags,
			  Addr_Type *a, double deadline)
{
   struct msghdr msg;
   struct iovec iov;
   Io_Type io;
   ssize_t r;

   if ((d->n == 0) && (ct->nfds > 0) && (s->type == SOCK_STREAM))
     {
	/* Linux drops the descriptors of an empty stream message */
	SLang_verror (SL_InvalidParm_Error, "%s: descriptors need at least one byte of data on a stream socket", c->name);
	return;
     }
   memset (&msg, 0, sizeof (msg));
   memset (&io, 0, sizeof (io));
   iov.iov_base = d->p;
   iov.iov_len = d->n;
   msg.msg_iov = &iov;
   msg.msg_iovlen = 1;
   if (ct->len > 0)
     {
	msg.msg_control = ct->buf;
	msg.msg_controllen = ct->len;
     }
   if (a != NULL)
     {
	msg.msg_name = &a->ss;
	msg.msg_namelen = a->len;
     }
   io.msg = &msg;
   io.flags = flags;
   r = sock_call (c->name, s, POLLOUT, deadline, send_op, &io);
   if (r >= 0)
     (void) push_size ((long) r);
}

void sendmsg_intrin (void)
{
   CALL(c, "sendmsg", "Int_Type sendmsg (FD_Type s, data, anc, flags [, address-args] ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   Control_Type ct;
   Addr_List_Type al;
   double deadline;
   int flags;

   s.f = NULL;
   memset (&d, 0, sizeof (d));
   memset (&ct, 0, sizeof (ct));
   al.addrs = NULL; al.n = 0;
   if (-1 == check_nargs (&c, 4, 6))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s))
       || ((c.left > 3) && (-1 == check_addr_nargs (&c, &s, 3)))
       || (-1 == pop_data_arg (&c, "data", &d))
       || (-1 == pop_anc (&c, s.domain, &ct))
       || (-1 == pop_int_arg (&c, "flags", &flags))
       || ((c.left > 0) && (-1 == pop_address (&c, s.domain, s.type, deadline, &al, NULL))))
     goto free_return;
   if ((al.n > 0) && ! sock_still_open (&s))
     {
	/* a signal handler closed it while the name was looked up */
	throw_errno (c.name, ERR_CLOSED_WAITING);
	goto free_return;
     }
   send_message (&c, &s, &d, &ct, flags, (al.n > 0) ? &al.addrs[0] : NULL, deadline);

free_return:
   drop_args (&c);
   free_addr_list (&al);
   free_control (&ct);
   free_data (&d);
   free_sock (&s);
}

static int check_unix (Call_Type *c, Sock_Type *s)
{
   if (s->domain == AF_UNIX)
     return 0;
   SLang_verror (SL_InvalidParm_Error, "%s: descriptors can only pass over unix sockets", c->name);
   return -1;
}

void send_fds_intrin (void)
{
   CALL(c, "send_fds", "Int_Type send_fds (FD_Type s, data, FD_Type[] fds ; timeout=secs)");
   Sock_Type s;
   Data_Type d;
   Control_Type ct;
   SLang_Array_Type *at;
   double deadline;

   s.f = NULL;
   memset (&d, 0, sizeof (d));
   memset (&ct, 0, sizeof (ct));
   if (-1 == check_nargs (&c, 3, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s))
       || (-1 == pop_data_arg (&c, "data", &d))
       || (-1 == pop_fd_array (&c, "fds", &at)))
     goto free_return;
   if ((at->num_elements > 0) && (-1 == control_add_fds (&c, &ct, at)))
     goto free_return;
   if (at->num_elements == 0)
     SLang_free_array (at);
   if (-1 == check_unix (&c, &s))
     goto free_return;
   send_message (&c, &s, &d, &ct, 0, NULL, deadline);

free_return:
   drop_args (&c);
   free_control (&ct);
   free_data (&d);
   free_sock (&s);
}

/*}}}*/

/*{{{ Receiving */

typedef struct
{
   unsigned char *buf;		       /* size + 1 bytes */
   size_t size;
   ssize_t r;			       /* what recvmsg returned */
   int sized_by_peek;
   struct msghdr msg;
   struct iovec iov;
   struct sockaddr_storage ss;
   unsigned char *control;
   int *fds;			       /* received, -1 once taken over */
   unsigned int nfds;
   int peer_gone;
}
Received_Type;

static void close_fds (Received_Type *m)
{
   unsigned int i;
   for (i = 0; i < m->nfds; i++)
     if (m->fds[i] != -1)
       {
	  (void) close (m->fds[i]);
	  m->fds[i] = -1;
       }
}

static void free_received (Received_Type *m)
{
   close_fds (m);
   SLfree ((char *) m->fds);
   SLfree ((char *) m->control);
   SLfree ((char *) m->buf);
   memset (m, 0, sizeof (*m));
}

static int is_fds (struct cmsghdr *cm)
{
   return (cm->cmsg_level == SOL_SOCKET) && (cm->cmsg_type == SCM_RIGHTS);
}

static size_t cmsg_data_len (struct cmsghdr *cm)
{
   return cm->cmsg_len - CMSG_LEN (0);
}

/* One recvmsg of up to maxlen bytes with ancsize bytes of room for
 * ancillary data.  Whatever happens after it returns, the descriptors
 * that came are in m->fds, to be taken over or closed. */
static int receive_message (Call_Type *c, Sock_Type *s, int maxlen, int ancsize, int flags, double deadline,
			    int want_sender, Received_Type *m)
{
   struct cmsghdr *cm;
   Io_Type io;

   memset (m, 0, sizeof (*m));
   memset (&io, 0, sizeof (io));
   if ((maxlen < 0) || (ancsize < 0) || (ancsize > MAX_ANCSIZE))
     {
	if (0 == sock_info (c->name, s))
	  SLang_verror (SL_InvalidParm_Error, "%s: need maxlen >= 0 and 0 <= ancsize <= %d", c->name, MAX_ANCSIZE);
	return -1;
     }
   if ((-1 == recv_buffer_size (c, s, maxlen, flags, deadline, &m->size))
       || (NULL == (m->buf = (unsigned char *) SLcalloc (1, (SLstrlen_Type) (m->size + 1))))
       || ((ancsize > 0) && (NULL == (m->control = (unsigned char *) SLcalloc (1, (SLstrlen_Type) ancsize))))
       || (NULL == (m->fds = (int *) SLmalloc ((SLstrlen_Type) (sizeof (int) * (1 + (size_t) ancsize / sizeof (int)))))))
     return -1;
   m->iov.iov_base = m->buf;
   m->iov.iov_len = m->size;
   m->msg.msg_iov = &m->iov;
   m->msg.msg_iovlen = 1;
   m->msg.msg_control = m->control;
   m->msg.msg_controllen = (size_t) ancsize;
   if (want_sender)
     {
	m->msg.msg_name = &m->ss;
	m->msg.msg_namelen = sizeof (m->ss);
     }
   io.msg = &m->msg;
   io.flags = flags;
   /* a datagram buffer sized by a peek: ask for the real length too */
   m->sized_by_peek = (m->size < (size_t) maxlen) && (s->type != SOCK_STREAM) && ! (flags & MSG_ERRQUEUE);
   if (m->sized_by_peek) io.flags |= MSG_TRUNC;
   m->r = sock_call (c->name, s, POLLIN, deadline, recv_op, &io);
   if (m->r == -1)
     return -1;

   /* take the descriptors that came, before anything else can fail */
   if (m->msg.msg_controllen > 0)
     for (cm = CMSG_FIRSTHDR (&m->msg); cm != NULL; cm = CMSG_NXTHDR (&m->msg, cm))
       {
	  size_t k, n, room = 1 + (size_t) ancsize / sizeof (int);
	  if (! is_fds (cm)) continue;
	  n = cmsg_data_len (cm) / sizeof (int);
	  for (k = 0; (k < n) && (m->nfds < room); k++)
	    memcpy (&m->fds[m->nfds++], CMSG_DATA (cm) + k * sizeof (int), sizeof (int));
       }
   if (m->sized_by_peek && ((size_t) m->r > m->size))
     {
	close_fds (m);
	throw_cut_datagram (c->name, m->buf, m->size, m->r, m->nfds ? ", its descriptors were closed" : "");
	return -1;
     }
   if (want_sender && (-1 == (m->peer_gone = sender_address (c->name, s, &m->ss, &m->msg.msg_namelen))))
     return -1;
   return 0;
}

/* Push the data received as a BString (the buffer is taken over). */
static int push_data (Received_Type *m)
{
   SLang_BString_Type *b;
   size_t n = ((size_t) m->r > m->size) ? m->size : (size_t) m->r;   /* MSG_TRUNC */
   int status;

   if ((m->size > 4096) && (n < m->size / 2))
     {
	unsigned char *p = (unsigned char *) SLrealloc ((char *) m->buf, (SLstrlen_Type) (n + 1));
	if (p != NULL) m->buf = p;
     }
   b = SLbstring_create_malloced (m->buf, (SLstrlen_Type) n, 1);
   m->buf = NULL;
   if (b == NULL)
     return -1;
   status = SLang_push_bstring (b);
   SLbstring_free (b);
   return status;
}

/* Push the next n received descriptors as an Array of FD_Type, taking
 * them over. */
static int push_fds (Received_Type *m, unsigned int *next, unsigned int n)
{
   SLang_Array_Type *at;
   SLindex_Type dims = (SLindex_Type) n, i;

   if (NULL == (at = SLang_create_array (SLANG_FILE_FD_TYPE, 0, NULL, &dims, 1)))
     return -1;
   for (i = 0; (i < (SLindex_Type) n) && (*next < m->nfds); i++)
     {
	SLFile_FD_Type *f = make_received_fd (m->fds[*next]);   /* closes it on failure */
	int status;
	m->fds[(*next)++] = -1;
	status = (f == NULL) ? -1 : SLang_set_array_element (at, &i, (VOID_STAR) &f);
	if (f != NULL) SLfile_free_fd (f);
	if (status == -1)
	  {
	     SLang_free_array (at);
	     return -1;
	  }
     }
   return SLang_push_array (at, 1);
}

static int push_ip (int family, const void *a)
{
   char text[INET6_ADDRSTRLEN];
   if (NULL == inet_ntop (family, a, text, sizeof (text)))
     text[0] = 0;
   return SLang_push_string (text);
}

/* Struct {ifindex, [spec_dst,] addr}: names[0] gets the index, the
 * others the numeric addresses a1 and a2. */
static int push_pktinfo (SLFUTURE_CONST char **names, unsigned int n, int ifindex, int family,
			 const void *a1, const void *a2)
{
   SLang_Struct_Type *st = SLang_create_struct (names, n);
   int status;

   if (st == NULL)
     return -1;
   status = ((0 == SLang_push_int (ifindex)) && (0 == SLang_pop_struct_field (st, (char *) names[0]))
	     && (0 == push_ip (family, a1)) && (0 == SLang_pop_struct_field (st, (char *) names[1]))
	     && ((n == 2) || ((0 == push_ip (family, a2)) && (0 == SLang_pop_struct_field (st, (char *) names[2]))))
	     && (0 == SLang_push_struct (st))) ? 0 : -1;
   SLang_free_struct (st);
   return status;
}

/* The offender of an extended error: its address-args as a List, or
 * NULL. */
static int push_offender (struct sock_extended_err *ee, size_t len)
{
   struct sockaddr *sa = SO_EE_OFFENDER (ee);
   size_t room = len - sizeof (*ee);
   SLang_List_Type *list;
   socklen_t salen;
   int depth, n;

   if ((len < sizeof (*ee) + sizeof (sa_family_t))
       || ((sa->sa_family != AF_INET) && (sa->sa_family != AF_INET6)))
     return SLang_push_null ();
   salen = (sa->sa_family == AF_INET) ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6);
   if (room < salen)
     return SLang_push_null ();
   depth = SLstack_depth ();
   if (-1 == push_address (sa->sa_family, sa, salen))
     return -1;
   n = SLstack_depth () - depth;
   if ((NULL == (list = SLang_create_list (n)))
       || (-1 == SLreverse_stack (n)))
     {
	if (list != NULL) SLang_free_list (list);
	(void) SLdo_pop_n ((unsigned int) n);
	return -1;
     }
   while (n-- > 0)
     if (-1 == SLang_list_append (list, -1))
       {
	  (void) SLdo_pop_n ((unsigned int) n);
	  SLang_free_list (list);
	  return -1;
       }
   return SLang_push_list (list, 1);
}

static int push_exterr (unsigned char *p, size_t len)
{
   SLFUTURE_CONST char *names[7] = {"ee_errno", "ee_origin", "ee_type", "ee_code", "ee_info", "ee_data", "offender"};
   struct sock_extended_err ee;
   SLang_Struct_Type *st;
   int v[6], i;

   memcpy (&ee, p, sizeof (ee));
   v[0] = (int) ee.ee_errno; v[1] = ee.ee_origin; v[2] = ee.ee_type;
   v[3] = ee.ee_code; v[4] = (int) ee.ee_info; v[5] = (int) ee.ee_data;
   if (NULL == (st = SLang_create_struct (names, 7)))
     return -1;
   for (i = 0; i < 6; i++)
     if ((-1 == SLang_push_int (v[i])) || (-1 == SLang_pop_struct_field (st, (char *) names[i])))
       goto fail;
   if ((0 == push_offender ((struct sock_extended_err *) p, len))
       && (0 == SLang_pop_struct_field (st, (char *) "offender")))
     i = SLang_push_struct (st);
   else
fail:
     i = -1;
   SLang_free_struct (st);
   return i;
}

/* Push the data of one received message, decoded by its kind when its
 * length is that kind's, the raw BString otherwise. */
static int push_anc_data (Received_Type *m, unsigned int *next, struct cmsghdr *cm)
{
   const Anc_Type *k = find_kind (cm->cmsg_level, cm->cmsg_type);
   unsigned char *p = CMSG_DATA (cm);
   size_t len = cmsg_data_len (cm);
   SLang_BString_Type *b;
   int status;

   switch (k->kind)
     {
      case K_FDS:
	return push_fds (m, next, (unsigned int) (len / sizeof (int)));

      case K_CREDS:
	if (len == sizeof (struct ucred))
	  {
	     struct ucred u;
	     Ucred_Struct_Type cs;
	     memcpy (&u, p, sizeof (u));
	     cs.pid = (int) u.pid; cs.uid = (int) u.uid; cs.gid = (int) u.gid;
	     return SLang_push_cstruct (&cs, Ucred_Struct_Fields);
	  }
	break;

      case K_PKTINFO:
	if (len == sizeof (struct in_pktinfo))
	  {
	     struct in_pktinfo pi;
	     SLFUTURE_CONST char *names[3] = {"ifindex", "spec_dst", "addr"};
	     memcpy (&pi, p, sizeof (pi));
	     return push_pktinfo (names, 3, pi.ipi_ifindex, AF_INET, &pi.ipi_spec_dst, &pi.ipi_addr);
	  }
	break;

      case K_PKTINFO6:
	if (len == sizeof (struct in6_pktinfo))
	  {
	     struct in6_pktinfo pi;
	     SLFUTURE_CONST char *names[2] = {"ifindex", "addr"};
	     memcpy (&pi, p, sizeof (pi));
	     return push_pktinfo (names, 2, (int) pi.ipi6_ifindex, AF_INET6, &pi.ipi6_addr, NULL);
	  }
	break;

      case K_INT:
	if (len == 1)
	  return SLang_push_int (p[0]);	       /* IP_TOS as received */
	if (len == sizeof (int))
	  {
	     int v;
	     memcpy (&v, p, sizeof (int));
	     return SLang_push_int (v);
	  }
	break;

      case K_TIMEVAL:
	if (len == sizeof (struct timeval))
	  {
	     struct timeval tv;
	     memcpy (&tv, p, sizeof (tv));
	     return SLang_push_double ((double) tv.tv_sec + 1e-6 * (double) tv.tv_usec);
	  }
	break;

      case K_TIMESPEC:
	if (len == sizeof (struct timespec))
	  {
	     struct timespec ts;
	     memcpy (&ts, p, sizeof (ts));
	     return SLang_push_double ((double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec);
	  }
	break;

      case K_EXTERR:
	if (len >= sizeof (struct sock_extended_err))
	  return push_exterr (p, len);
	break;

      case K_RAW:
	break;
     }
   if (NULL == (b = SLbstring_create (p, (SLstrlen_Type) len)))
     return -1;
   status = SLang_push_bstring (b);
   SLbstring_free (b);
   return status;
}

/* Push the ancillary data received as a List of Struct {level, type,
 * data}, taking over the descriptors in it. */
static int push_anc (Received_Type *m)
{
   SLFUTURE_CONST char *names[3] = {"level", "type", "data"};
   SLang_List_Type *list;
   struct cmsghdr *cm;
   unsigned int next = 0;

   if (NULL == (list = SLang_create_list (4)))
     return -1;
   if (m->msg.msg_controllen > 0)
     for (cm = CMSG_FIRSTHDR (&m->msg); cm != NULL; cm = CMSG_NXTHDR (&m->msg, cm))
       {
	  SLang_Struct_Type *st = SLang_create_struct (names, 3);
	  int status = (st == NULL) ? -1 : 0;
	  if ((status == 0)
	      && ((-1 == SLang_push_int (cm->cmsg_level)) || (-1 == SLang_pop_struct_field (st, (char *) "level"))
		  || (-1 == SLang_push_int (cm->cmsg_type)) || (-1 == SLang_pop_struct_field (st, (char *) "type"))
		  || (-1 == push_anc_data (m, &next, cm)) || (-1 == SLang_pop_struct_field (st, (char *) "data"))
		  || (-1 == SLang_push_struct (st))))
	    status = -1;
	  if ((status == 0) && (-1 == SLang_list_append (list, -1)))
	    status = -1;
	  if (st != NULL) SLang_free_struct (st);
	  if (status == -1)
	    {
	       SLang_free_list (list);
	       return -1;
	    }
       }
   return SLang_push_list (list, 1);
}

void recvmsg_intrin (void)
{
   CALL(c, "recvmsg", "(data, anc, flags, address-args) = recvmsg (FD_Type s, Int_Type maxlen, Int_Type ancsize, Int_Type flags ; timeout=secs)");
   Sock_Type s;
   Received_Type m;
   double deadline;
   int maxlen, ancsize, flags, depth;

   s.f = NULL;
   memset (&m, 0, sizeof (m));
   if (-1 == check_nargs (&c, 4, 4))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s))
       || (-1 == pop_int_arg (&c, "maxlen", &maxlen))
       || (-1 == pop_int_arg (&c, "ancsize", &ancsize))
       || (-1 == pop_int_arg (&c, "flags", &flags))
       || (-1 == receive_message (&c, &s, maxlen, ancsize, flags, deadline, 1, &m)))
     goto free_return;
   depth = SLstack_depth ();
   if ((-1 == push_data (&m))
       || (-1 == push_anc (&m))
       || (-1 == SLang_push_int (m.msg.msg_flags & ~MSG_CMSG_CLOEXEC))
       || (-1 == (m.peer_gone ? ((0 == SLang_push_null ()) ? SLang_push_null () : -1)
		  : push_address (s.domain, (struct sockaddr *) &m.ss, m.msg.msg_namelen))))
     {
	/* all or nothing */
	int n = SLstack_depth () - depth;
	if (n > 0) (void) SLdo_pop_n ((unsigned int) n);
     }

free_return:
   drop_args (&c);
   free_received (&m);
   free_sock (&s);
}

void recv_fds_intrin (void)
{
   CALL(c, "recv_fds", "(data, fds) = recv_fds (FD_Type s, Int_Type maxlen, Int_Type maxfds ; timeout=secs)");
   Sock_Type s;
   Received_Type m;
   double deadline;
   int maxlen, maxfds;
   unsigned int next = 0;

   s.f = NULL;
   memset (&m, 0, sizeof (m));
   if (-1 == check_nargs (&c, 3, 3))
     return;
   if ((-1 == get_deadline (c.name, &deadline))
       || (-1 == pop_sock (&c, &s))
       || (-1 == pop_int_arg (&c, "maxlen", &maxlen))
       || (-1 == pop_int_arg (&c, "maxfds", &maxfds))
       || (-1 == check_unix (&c, &s)))
     goto free_return;
   if ((maxlen < 0) || (maxfds < 0) || (maxfds > MAX_PASS_FDS))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: need maxlen >= 0 and 0 <= maxfds <= %d", c.name, MAX_PASS_FDS);
	goto free_return;
     }
   /* room for maxfds descriptors plus one (so that more than maxfds is
    * told from "no room in the process"), plus credentials (SO_PASSCRED) */
   if (-1 == receive_message (&c, &s, maxlen,
			      (int) (CMSG_SPACE ((size_t) (maxfds + 1) * sizeof (int)) + CMSG_SPACE (sizeof (struct ucred))),
			      0, deadline, 0, &m))
     goto free_return;
   if (m.nfds > (unsigned int) maxfds)
     {
	close_fds (&m);
	SLerrno_set_errno (EMSGSIZE);
	SLang_verror (SocketError, "%s: more descriptors arrived than maxfds=%d allows; those that arrived were closed",
		      c.name, maxfds);
	goto free_return;
     }
   if (m.msg.msg_flags & MSG_CTRUNC)
     {
	/* there was room for one more than maxfds: the kernel could not
	 * install them, the process is out of descriptors */
	close_fds (&m);
	SLerrno_set_errno (EMFILE);
	SLang_verror (SocketError, "%s: descriptors arrived but the process has no room for them (%s); those that were installed were closed",
		      c.name, strerror (EMFILE));
	goto free_return;
     }
   if (-1 == push_data (&m))
     goto free_return;
   if (-1 == push_fds (&m, &next, m.nfds))
     (void) SLdo_pop ();		       /* the data: all or nothing */

free_return:
   drop_args (&c);
   free_received (&m);
   free_sock (&s);
}

/*}}}*/

/*{{{ CMSG_LEN, CMSG_SPACE */

static void cmsg_size (int space)
{
   CALL(c, "CMSG_SPACE", "Int_Type CMSG_SPACE (Int_Type length)");
   int n;

   if (! space)
     {
	c.name = "CMSG_LEN";
	c.usage = "Int_Type CMSG_LEN (Int_Type length)";
     }
   if ((-1 == check_nargs (&c, 1, 1))
       || (-1 == pop_int_arg (&c, "length", &n)))
     {
	(void) drop_args (&c);
	return;
     }
   if ((n < 0) || (n > MAX_ANCSIZE))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: need 0 <= length <= %d", c.name, MAX_ANCSIZE);
	return;
     }
   (void) SLang_push_int ((int) (space ? CMSG_SPACE ((size_t) n) : CMSG_LEN ((size_t) n)));
}

void cmsg_space_intrin (void) { cmsg_size (1); }
void cmsg_len_intrin (void) { cmsg_size (0); }

/*}}}*/
