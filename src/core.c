/* core.c: errors and arguments (see core.h).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "core.h"

int SocketError = -1;
int SocketHError = -1;
int H_Errno = 0;

/*{{{ Errors */

/* Raise SocketError for a failed system call: "call: reason", errno set.
 * A descriptor that is not a socket is a TypeMismatchError (SPEC 4). */
void throw_errno (SLFUTURE_CONST char *call, int e)
{
   if (e == ERR_CLOSED_WAITING)
     {
	SLerrno_set_errno (EBADF);
	SLang_verror (SocketError, "%s: the socket was closed while the call waited (by a signal handler)", call);
	return;
     }
   SLerrno_set_errno (e);
   if (e == ENOTSOCK)
     SLang_verror (SL_TypeMismatch_Error, "%s: the descriptor is not a socket", call);
   else
     SLang_verror (SocketError, "%s: %s", call, strerror (e));
}

/* Map a getaddrinfo/getnameinfo failure to h_errno and raise SocketHError. */
void throw_gai (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int rc)
{
   const char *reason;

   switch (rc)
     {
      case EAI_NONAME:
#ifdef EAI_ADDRFAMILY
      case EAI_ADDRFAMILY:
#endif
	H_Errno = HOST_NOT_FOUND;
	break;
#ifdef EAI_NODATA
      case EAI_NODATA:
	H_Errno = NO_DATA;
	break;
#endif
      case EAI_AGAIN:
	H_Errno = TRY_AGAIN;
	break;
      default:
	H_Errno = NO_RECOVERY;
	break;
     }
   if (rc == EAI_SYSTEM)
     {
	int e = errno;
	SLerrno_set_errno (e);
	reason = strerror (e);
     }
   else reason = gai_strerror (rc);

   if (host == NULL) host = "";
   SLang_verror (SocketHError, "%s: %s: %s", call, host, reason);
}

/* Raise SocketError (errno e) whose exception object is the value v of
 * type t (what did go out, or what did arrive): no data is lost.  The
 * message is formatted; ERR_CLOSED_WAITING counts as EBADF. */
void throw_with_object (SLFUTURE_CONST char *call, int e, SLtype t, VOID_STAR v, SLFUTURE_CONST char *fmt, ...)
{
   char msg[512];
   va_list ap;

   (void) call;
   va_start (ap, fmt);
   (void) SLvsnprintf (msg, sizeof (msg), (char *) fmt, ap);
   va_end (ap);
   SLerrno_set_errno ((e == ERR_CLOSED_WAITING) ? EBADF : e);
   (void) SLerr_throw (SocketError, msg, t, v);
}

/* The same with the n bytes at buf as a BString object. */
void throw_with_data (SLFUTURE_CONST char *call, int e, unsigned char *buf, size_t n, SLFUTURE_CONST char *fmt, ...)
{
   SLang_BString_Type *got = SLbstring_create (buf, (SLstrlen_Type) n);
   char msg[512];
   va_list ap;

   if (got == NULL)
     {
	throw_errno (call, e);
	return;
     }
   va_start (ap, fmt);
   (void) SLvsnprintf (msg, sizeof (msg), (char *) fmt, ap);
   va_end (ap);
   throw_with_object (call, e, SLANG_BSTRING_TYPE, (VOID_STAR) &got, "%s", msg);
   SLbstring_free (got);
}

/*}}}*/

/*{{{ Arguments */

/* Drop unpopped arguments after an error.  Always returns -1. */
int drop_args (Call_Type *c)
{
   if (c->left > 0)
     {
	int e = SLang_get_error ();
	/* SLdo_pop_n works with an error pending */
	(void) SLdo_pop_n ((unsigned int) c->left);
	if (e && (SLang_get_error () == 0)) SLang_set_error (e);
     }
   c->left = 0;
   return -1;
}

/* Check the argument count, then reverse the arguments so that they are
 * popped first to last. */
int check_nargs (Call_Type *c, int min, int max)
{
   int n = SLang_Num_Function_Args;
   c->left = n;
   if ((n >= min) && (n <= max))
     {
	if ((n > 1) && (-1 == SLreverse_stack (n)))
	  return drop_args (c);
	return 0;
     }
   (void) SLdo_pop_n ((unsigned int) n);
   c->left = 0;
   SLang_verror (SL_NumArgs_Error, "%s: wrong number of arguments (%d); usage: %s",
		 c->name, n, c->usage);
   return -1;
}

/* The two-argument form (s, x) of a hot call (send, recv), when x has
 * one of the types t1, t2: its arguments are popped from the top, x
 * first, without reversing the stack (a wrong s is then reported by
 * pop_sock_fd as in argument order, since x was right).  Returns 1 then
 * (c->left is 2), 0 when the general path (check_nargs) must be taken. */
int two_args_in_place (Call_Type *c, SLtype t1, SLtype t2)
{
   SLtype t;

   if (SLang_Num_Function_Args != 2)
     return 0;
   t = (SLtype) SLang_peek_at_stack ();
   if ((t != t1) && (t != t2))
     return 0;
   c->left = 2;
   return 1;
}

/* The one "wrong type" path: drop the next argument and raise
 * TypeMismatchError "call: <fmt ...>".  Always returns -1. */
int drop_type_error (Call_Type *c, SLFUTURE_CONST char *fmt, ...)
{
   char msg[256];
   va_list ap;

   if (c->left > 0)
     {
	c->left--;
	(void) SLdo_pop ();
     }
   va_start (ap, fmt);
   (void) SLvsnprintf (msg, sizeof (msg), (char *) fmt, ap);
   va_end (ap);
   SLang_verror (SL_TypeMismatch_Error, "%s: %s", c->name, msg);
   return -1;
}

int is_integer_type (SLtype t)
{
   switch (t)
     {
      case SLANG_CHAR_TYPE: case SLANG_UCHAR_TYPE: case SLANG_SHORT_TYPE:
      case SLANG_USHORT_TYPE: case SLANG_INT_TYPE: case SLANG_UINT_TYPE:
      case SLANG_LONG_TYPE: case SLANG_ULONG_TYPE: case SLANG_LLONG_TYPE:
      case SLANG_ULLONG_TYPE:
	return 1;
     }
   return 0;
}

int is_number_type (SLtype t)
{
   return is_integer_type (t) || (t == SLANG_DOUBLE_TYPE) || (t == SLANG_FLOAT_TYPE);
}

/* Pop an integer of any integer type into lo..hi; "what" names it.  A
 * value outside is an InvalidParmError giving the value and the range,
 * never truncated or taken modulo anything (an unsigned value past
 * LLONG_MAX would come back negative as a Long, so it is popped as one).
 * t is its type, as SLang_peek_at_stack gave it. */
static int pop_ranged_t (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, SLtype t,
			 long long lo, long long hi, long long *v)
{
   if ((t == SLANG_INT_TYPE) || (t == SLANG_SHORT_TYPE) || (t == SLANG_CHAR_TYPE)
       || (t == SLANG_UCHAR_TYPE) || (t == SLANG_USHORT_TYPE))
     {
	int i;
	if (-1 == SLang_pop_int (&i))
	  return -1;
	*v = i;
     }
   else if ((t == SLANG_UINT_TYPE) || (t == SLANG_ULONG_TYPE) || (t == SLANG_ULLONG_TYPE))
     {
	unsigned long u;	       /* ULLong is ULong on LP64 Linux */
	if (-1 == SLang_pop_ulong (&u))
	  return -1;
	if ((unsigned long long) u > (unsigned long long) hi)
	  {
	     SLang_verror (SL_InvalidParm_Error, "%s: %s %lu is outside %lld..%lld", call, what, u, lo, hi);
	     return -1;
	  }
	*v = (long long) u;
     }
   else
     {
	long l;
	if (-1 == SLang_pop_long (&l))
	  return -1;
	*v = l;
     }
   if ((*v < lo) || (*v > hi))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s %lld is outside %lld..%lld", call, what, *v, lo, hi);
	return -1;
     }
   return 0;
}

int pop_ranged (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, long long lo, long long hi, long long *v)
{
   return pop_ranged_t (call, what, (SLtype) SLang_peek_at_stack (), lo, hi, v);
}

/* An integer that must fit an int. */
int pop_int_checked (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, int *v)
{
   long long l;
   if (-1 == pop_ranged (call, what, INT_MIN, INT_MAX, &l))
     return -1;
   *v = (int) l;
   return 0;
}

/* An Int qualifier, range-checked like arguments (SLang_get_int_qualifier
 * would truncate a Long; an unsigned value past LONG_MAX comes back from
 * SLang_get_long_qualifier negative, but positive as a Double). */
int get_int_qualifier (SLFUTURE_CONST char *call, SLFUTURE_CONST char *name, int *v, int defval)
{
   long l;
   double d;

   *v = defval;
   if (0 == SLang_qualifier_exists ((char *) name))
     return 0;
   if (-1 == SLang_get_long_qualifier ((char *) name, &l, LONG_MIN))
     return -1;
   if ((l == LONG_MIN) && (0 == SLang_get_long_qualifier ((char *) name, &l, LONG_MAX))
       && (l == LONG_MAX))
     {
	/* neither default came back changed: the value is not a number */
	SLang_verror (SL_TypeMismatch_Error, "%s: %s= must be an integer", call, name);
	return -1;
     }
   if ((l < 0) && (0 == SLang_get_double_qualifier ((char *) name, &d, 0.0)) && (d > 0))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s=%lu is out of range", call, name, (unsigned long) l);
	return -1;
     }
   if ((l < INT_MIN) || (l > INT_MAX))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: %s=%ld is out of range", call, name, l);
	return -1;
     }
   *v = (int) l;
   return 0;
}

/* Pop an integer argument into lo..hi; "what" names it in messages. */
int pop_ranged_arg (Call_Type *c, SLFUTURE_CONST char *what, long long lo, long long hi, long long *v)
{
   SLtype t;

   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   if (! is_integer_type (t))
     return drop_type_error (c, "%s must be an integer", what);
   c->left--;
   return pop_ranged_t (c->name, what, t, lo, hi, v);
}

int pop_int_arg (Call_Type *c, SLFUTURE_CONST char *what, int *v)
{
   long long l;
   if (-1 == pop_ranged_arg (c, what, INT_MIN, INT_MAX, &l))
     return -1;
   *v = (int) l;
   return 0;
}

/* An unsigned 32-bit argument (a netlink pid or group mask, a vsock cid
 * or port). */
int pop_uint32_arg (Call_Type *c, SLFUTURE_CONST char *what, unsigned int *v)
{
   long long l;
   if (-1 == pop_ranged_arg (c, what, 0, 0xFFFFFFFFLL, &l))
     return -1;
   *v = (unsigned int) l;
   return 0;
}

/* Optional trailing flags (0 if absent). */
int pop_flags (Call_Type *c, int *flags)
{
   *flags = 0;
   if (c->left == 0)
     return 0;
   return pop_int_arg (c, "flags", flags);
}

int pop_double_arg (Call_Type *c, SLFUTURE_CONST char *what, double *v)
{
   if (c->left <= 0)
     return -1;
   if (! is_number_type ((SLtype) SLang_peek_at_stack ()))
     return drop_type_error (c, "%s must be a number", what);
   c->left--;
   return SLang_pop_double (v);
}

/* String or BString data.  A String is not copied.  Free with free_data. */
int pop_data_arg (Call_Type *c, SLFUTURE_CONST char *what, Data_Type *d)
{
   SLtype t;
   SLstrlen_Type n;

   memset (d, 0, sizeof (Data_Type));
   if (c->left <= 0)
     return -1;
   t = (SLtype) SLang_peek_at_stack ();
   if ((t != SLANG_STRING_TYPE) && (t != SLANG_BSTRING_TYPE))
     return drop_type_error (c, "%s must be a String or BString", what);
   c->left--;
   if (t == SLANG_STRING_TYPE)
     {
	if (-1 == SLang_pop_slstring (&d->s))
	  return -1;
	d->p = (unsigned char *) d->s;
	d->n = strlen (d->s);
	return 0;
     }
   if (-1 == SLang_pop_bstring (&d->b))
     return -1;
   d->p = SLbstring_get_pointer (d->b, &n);
   d->n = n;
   return 0;
}

void free_data (Data_Type *d)
{
   if (d->b != NULL) SLbstring_free (d->b);
   if (d->s != NULL) SLang_free_slstring (d->s);
   memset (d, 0, sizeof (Data_Type));
}

/* A String (an slstring), or NULL meaning none. */
int pop_optional_string (Call_Type *c, SLFUTURE_CONST char *what, char **s)
{
   SLtype t = (SLtype) SLang_peek_at_stack ();

   *s = NULL;
   if ((t != SLANG_NULL_TYPE) && (t != SLANG_STRING_TYPE))
     return drop_type_error (c, "%s must be a String or NULL", what);
   c->left--;
   if (t == SLANG_NULL_TYPE)
     return SLang_pop_null ();
   return SLang_pop_slstring (s);
}

/* Pop an Array of FD_Type, or one FD_Type as an array of one. */
int pop_fd_array (Call_Type *c, SLFUTURE_CONST char *what, SLang_Array_Type **atp)
{
   SLang_Array_Type *at;
   SLtype t = (SLtype) SLang_peek_at_stack ();

   *atp = NULL;
   if (t == SLANG_FILE_FD_TYPE)
     {
	c->left--;
	return SLang_pop_array_of_type (atp, SLANG_FILE_FD_TYPE);
     }
   if (t != SLANG_ARRAY_TYPE)
     return drop_type_error (c, "%s must be an Array of FD_Type", what);
   c->left--;
   if (-1 == SLang_pop_array (&at, 0))
     return -1;
   if (at->data_type == SLANG_FILE_FD_TYPE)
     {
	*atp = at;
	return 0;
     }
   if (at->num_elements == 0)
     {
	SLindex_Type zero = 0;
	SLang_free_array (at);
	*atp = SLang_create_array (SLANG_FILE_FD_TYPE, 0, NULL, &zero, 1);
	return (*atp == NULL) ? -1 : 0;
     }
   SLang_free_array (at);
   SLang_verror (SL_TypeMismatch_Error, "%s: %s must be an Array of FD_Type", c->name, what);
   return -1;
}

/* Byte counts are Int_Type when they fit, as S-Lang's own write does. */
int push_size (long n)
{
   if (n <= INT_MAX)
     return SLang_push_int ((int) n);
   return SLang_push_long (n);
}

/*}}}*/

/*{{{ Classes */

/* Register an opaque class (Stream_Type, Selector_Type, ...) once per
 * process: freed by destroy when its last reference goes. */
int register_mmt_class (SLFUTURE_CONST char *name, size_t size, void (*destroy) (SLtype, VOID_STAR), SLtype *idp)
{
   SLang_Class_Type *cl;

   if (*idp != 0)
     return 0;
   if ((NULL == (cl = SLclass_allocate_class ((char *) name)))
       || (-1 == SLclass_set_destroy_function (cl, destroy))
       || (-1 == SLclass_register_class (cl, SLANG_VOID_TYPE, size, SLANG_CLASS_TYPE_MMT)))
     return -1;
   *idp = (SLtype) SLclass_get_class_id (cl);
   return 0;
}

/* Push a new object of such a class (p freed by destroy if that fails). */
void push_new_mmt (SLtype id, VOID_STAR p, void (*destroy) (SLtype, VOID_STAR))
{
   SLang_MMT_Type *mmt = SLang_create_mmt (id, p);
   if (mmt == NULL)
     {
	(*destroy) (id, p);
	return;
     }
   if (-1 == SLang_push_mmt (mmt))
     SLang_free_mmt (mmt);
}

/*}}}*/

/*{{{ Socket arguments */

/* Pop an open FD_Type; its domain and type are not looked up. */
int pop_sock_fd (Call_Type *c, Sock_Type *s)
{
   int fd;

   s->f = NULL;
   s->domain = s->type = -1;
   if (c->left <= 0)
     return -1;
   if (SLang_peek_at_stack () != SLANG_FILE_FD_TYPE)
     return drop_type_error (c, "expected a socket (FD_Type)");
   c->left--;
   if (-1 == SLfile_pop_fd (&s->f))
     return -1;
   if (0 == SLfile_get_fd (s->f, &fd))
     {
	s->fd = fd;
	return 0;
     }
   throw_errno (c->name, EBADF);
   SLfile_free_fd (s->f);
   s->f = NULL;
   return -1;
}

void free_sock (Sock_Type *s)
{
   if (s->f != NULL) SLfile_free_fd (s->f);
   s->f = NULL;
}

/*}}}*/

/*{{{ Structs */

SLang_CStruct_Field_Type Ucred_Struct_Fields[] =
{
   MAKE_CSTRUCT_INT_FIELD(Ucred_Struct_Type, pid, "pid", 0),
   MAKE_CSTRUCT_INT_FIELD(Ucred_Struct_Type, uid, "uid", 0),
   MAKE_CSTRUCT_INT_FIELD(Ucred_Struct_Type, gid, "gid", 0),
   SLANG_END_CSTRUCT_TABLE
};

int struct_has_field (SLang_Struct_Type *st, SLFUTURE_CONST char *name)
{
   SLang_Array_Type *names;
   SLuindex_Type i;
   int found = 0;

   if ((-1 == SLang_push_struct (st))
       || (-1 == SLang_execute_function ("get_struct_field_names"))
       || (-1 == SLang_pop_array_of_type (&names, SLANG_STRING_TYPE)))
     return 0;
   for (i = 0; i < names->num_elements; i++)
     if ((((char **) names->data)[i] != NULL) && (0 == strcmp (((char **) names->data)[i], name)))
       found = 1;
   SLang_free_array (names);
   return found;
}

/* Does st have a field "name" whose value suits a C field of type t? */
static int struct_field_ok (SLang_Struct_Type *st, SLang_Array_Type *names, SLang_CStruct_Field_Type *f)
{
   char **n = (char **) names->data;
   SLuindex_Type i;
   SLtype vt;

   for (i = 0; i < names->num_elements; i++)
     if ((n[i] != NULL) && (0 == strcmp (n[i], f->field_name)))
       break;
   if (i == names->num_elements)
     return 0;
   if (-1 == SLang_push_struct_field (st, (char *) f->field_name))
     return 0;
   vt = (SLtype) SLang_peek_at_stack ();
   (void) SLdo_pop ();
   if (f->type == SLANG_STRING_TYPE)
     return vt == SLANG_STRING_TYPE;
   return is_integer_type (vt);
}

/* Pop a struct value of the given shape.  A non-struct, or a struct
 * without the fields (or with values of the wrong type), is one
 * TypeMismatchError naming what it is for and the fields it takes. */
int pop_struct_arg (Call_Type *c, SLFUTURE_CONST char *what, VOID_STAR cs, size_t cs_size,
		    SLang_CStruct_Field_Type *fields)
{
   SLang_CStruct_Field_Type *f;
   SLang_Struct_Type *st = NULL;
   SLang_Array_Type *names = NULL;
   SLFUTURE_CONST char *sep = "";
   char buf[128];
   int ok;

   memset (cs, 0, cs_size);
   buf[0] = 0;
   for (f = fields; f->field_name != NULL; f++)
     {
	strncat (buf, sep, sizeof (buf) - strlen (buf) - 1);
	strncat (buf, f->field_name, sizeof (buf) - strlen (buf) - 1);
	sep = ", ";
     }
   if (SLang_peek_at_stack () != SLANG_STRUCT_TYPE)
     return drop_type_error (c, "%s takes a struct {%s}", what, buf);
   c->left--;
   if (-1 == SLang_pop_struct (&st))
     return -1;
   if ((-1 == SLang_push_struct (st))
       || (-1 == SLang_execute_function ("get_struct_field_names"))
       || (-1 == SLang_pop_array_of_type (&names, SLANG_STRING_TYPE)))
     {
	SLang_free_struct (st);
	return -1;
     }
   ok = 1;
   for (f = fields; ok && (f->field_name != NULL); f++)
     ok = struct_field_ok (st, names, f);
   SLang_free_array (names);
   if (ok)
     ok = ((0 == SLang_push_struct (st)) && (0 == SLang_pop_cstruct (cs, fields))) ? 1 : -1;
   SLang_free_struct (st);
   if (ok == 1) return 0;
   if (ok == 0)
     SLang_verror (SL_TypeMismatch_Error, "%s: %s takes a struct {%s}", c->name, what, buf);
   return -1;
}

/*}}}*/
