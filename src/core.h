/* core.h: the bottom layer of the socket module.
 *
 * The types every layer shares, the one raiser (throw_errno, throw_gai),
 * and argument popping with the Call_Type discipline: an intrinsic counts
 * the arguments it has not popped yet in c->left, and on any error drops
 * them (drop_args), so that the stack is exactly as before the call.
 *
 * Layers, each including only the headers below it:
 *   core -> wait -> addr -> unixpath -> options, transfer, names, connect
 *   -> socket-module.c (the tables and init, the one registration point)
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_CORE_H
#define SOCKET_CORE_H 1

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdarg.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <net/if.h>

#include <slang.h>

/* exception classes and h_errno, made by init_socket_module_ns */
extern int SocketError;
extern int SocketHError;
extern int H_Errno;

typedef struct
{
   SLFUTURE_CONST char *name;
   SLFUTURE_CONST char *usage;
   int left;			       /* arguments not popped yet */
}
Call_Type;

#define CALL(var, name, usage) Call_Type var = {name, usage, 0}

/* A socket argument: its FD_Type (NULL: none) and descriptor; domain and
 * type are -1 until sock_info learns them. */
typedef struct
{
   SLFile_FD_Type *f;
   int fd;
   int domain;
   int type;
}
Sock_Type;

/* Data to send: a String (no copy) or a BString. */
typedef struct
{
   SLang_BString_Type *b;
   char *s;			       /* an slstring */
   unsigned char *p;
   size_t n;
}
Data_Type;

/* A pseudo errno value: the socket was closed (by a signal handler)
 * while the call waited; raised as EBADF with its own message. */
#define ERR_CLOSED_WAITING (-2)

/* errors */
void throw_errno (SLFUTURE_CONST char *call, int e);
void throw_gai (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int rc);
void throw_with_object (SLFUTURE_CONST char *call, int e, SLtype t, VOID_STAR v, SLFUTURE_CONST char *fmt, ...);
void throw_with_data (SLFUTURE_CONST char *call, int e, unsigned char *buf, size_t n, SLFUTURE_CONST char *fmt, ...);

/* arguments */
int check_nargs (Call_Type *c, int min, int max);
int two_args_in_place (Call_Type *c, SLtype t1, SLtype t2);
int drop_args (Call_Type *c);
int drop_type_error (Call_Type *c, SLFUTURE_CONST char *fmt, ...);
int is_integer_type (SLtype t);
int is_number_type (SLtype t);
int pop_ranged (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, long long lo, long long hi, long long *v);
int pop_int_checked (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, int *v);
int pop_int_arg (Call_Type *c, SLFUTURE_CONST char *what, int *v);
int pop_ranged_arg (Call_Type *c, SLFUTURE_CONST char *what, long long lo, long long hi, long long *v);
int pop_uint32_arg (Call_Type *c, SLFUTURE_CONST char *what, unsigned int *v);
int pop_flags (Call_Type *c, int *flags);
int pop_double_arg (Call_Type *c, SLFUTURE_CONST char *what, double *v);
int pop_data_arg (Call_Type *c, SLFUTURE_CONST char *what, Data_Type *d);
void free_data (Data_Type *d);
int pop_optional_string (Call_Type *c, SLFUTURE_CONST char *what, char **s);
int pop_fd_array (Call_Type *c, SLFUTURE_CONST char *what, SLang_Array_Type **atp);
int get_int_qualifier (SLFUTURE_CONST char *call, SLFUTURE_CONST char *name, int *v, int defval);
int push_size (long n);

int register_mmt_class (SLFUTURE_CONST char *name, size_t size, void (*destroy) (SLtype, VOID_STAR), SLtype *idp);

void push_new_mmt (SLtype id, VOID_STAR p, void (*destroy) (SLtype, VOID_STAR));

/* Structs: a struct argument of a given shape (a TypeMismatchError
 * naming its fields otherwise), and the credentials' shape. */
int pop_struct_arg (Call_Type *c, SLFUTURE_CONST char *what, VOID_STAR cs, size_t cs_size,
		    SLang_CStruct_Field_Type *fields);
int struct_has_field (SLang_Struct_Type *st, SLFUTURE_CONST char *name);
typedef struct { int pid; int uid; int gid; } Ucred_Struct_Type;
extern SLang_CStruct_Field_Type Ucred_Struct_Fields[];

/* socket arguments */
int pop_sock_fd (Call_Type *c, Sock_Type *s);
void free_sock (Sock_Type *s);

#endif
