/* socket-module.h: what the parts of the socket module share.
 *
 * socket-module.c registers everything with the interpreter; addr.c is
 * the address layer, options.c the socket option table, connect.c
 * create_connection and create_server.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_MODULE_H
#define SOCKET_MODULE_H 1

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
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
#include <dirent.h>

#include <slang.h>

/* exception classes and h_errno, made by init_socket_module_ns */
extern int SocketError;
extern int SocketHError;
extern int H_Errno;

typedef struct
{
   SLFUTURE_CONST char *name;
   SLFUTURE_CONST char *usage;
   int left;
}
Call_Type;

typedef struct
{
   SLFile_FD_Type *f;
   int fd;
   int domain;
   int type;
}
Sock_Type;

typedef struct
{
   struct sockaddr_storage ss;
   socklen_t len;
}
Addr_Type;

typedef struct
{
   Addr_Type *addrs;		       /* == &one, or malloced */
   unsigned int n;
   Addr_Type one;
}
Addr_List_Type;

/* A sockaddr decoded into address-args: a path (String), an abstract
 * name (BString), or a numeric host and a port. */
typedef struct
{
   int family;
   char host[NI_MAXHOST];	       /* host, or the unix path */
   size_t len;			       /* bytes in host (abstract names) */
   int is_abstract;
   int port;
}
Decoded_Addr_Type;

/* Data to send: a String (no copy) or a BString. */
typedef struct
{
   SLang_BString_Type *b;
   char *s;			       /* an slstring */
   unsigned char *p;
   size_t n;
}
Data_Type;

#define CALL(var, name, usage) Call_Type var = {name, usage, 0}

int addr_nargs (int domain);
int assign_address (int domain, struct sockaddr *sa, socklen_t len, SLang_Ref_Type **refs, int nrefs);
int check_domain (SLFUTURE_CONST char *call, int domain);
int decode_address (int domain, struct sockaddr *sa, socklen_t len, Decoded_Addr_Type *d);
void free_addr_list (Addr_List_Type *al);
int make_unix_addr (SLFUTURE_CONST char *call, unsigned char *p, size_t n, int is_bstring, Addr_Type *a, int *is_abstract);
int pop_address (Call_Type *c, int domain, int socktype, double deadline, Addr_List_Type *al, int *is_abstract);
int pop_port (Call_Type *c, int socktype, int *portp);
int push_address (int domain, struct sockaddr *sa, socklen_t len);
int resolve_host (SLFUTURE_CONST char *call, int family, int socktype, SLFUTURE_CONST char *host, int port, double deadline, Addr_List_Type *al);
int resolve_with_deadline (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int family, double deadline, struct addrinfo **resp);
void set_port (struct sockaddr *sa, int port);
void create_connection_intrin (void);
void create_server_intrin (void);
int bind_address (SLFUTURE_CONST char *call, Sock_Type *s, Addr_Type *a, int is_abstract, int mode);
int check_nargs (Call_Type *c, int min, int max);
int deadline_ms (double deadline);
int drop_args (Call_Type *c);
void free_sock (Sock_Type *s);
int get_deadline (SLFUTURE_CONST char *call, double *deadline);
int get_mode_qualifier (SLFUTURE_CONST char *call, int domain, int is_abstract, int *mode);
int handle_eintr (void);

/* The socket a blocking call waits on (see handle_eintr); f NULL: none. */
typedef struct Guard_Type
{
   SLFUTURE_CONST char *call;
   SLFile_FD_Type *f;
   int fd;
   int broken;			       /* a signal handler closed it */
   struct Guard_Type *prev;
}
Guard_Type;
void push_guard (Guard_Type *g, SLFUTURE_CONST char *call, SLFile_FD_Type *f, int fd);
void pop_guard (Guard_Type *g);

/* A pseudo errno value: the socket was closed while the call waited
 * (raised as EBADF with its own message). */
#define ERR_CLOSED_WAITING (-2)
int is_integer_type (SLtype t);
int is_number_type (SLtype t);
SLFile_FD_Type *make_socket_fd (int fd);
SLFile_FD_Type *make_received_fd (int fd);
int init_socket_objects (void);
double now_seconds (void);
int numeric_sockaddr (Call_Type *c, SLFUTURE_CONST char *host, int port, Addr_Type *a);
int pop_data_arg (Call_Type *c, SLFUTURE_CONST char *what, Data_Type *d);
void free_data (Data_Type *d);
int pop_int_arg (Call_Type *c, SLFUTURE_CONST char *what, int *v);
int get_int_qualifier (SLFUTURE_CONST char *call, SLFUTURE_CONST char *name, int *v, int defval);
int pop_int_checked (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, int *v);
int pop_sock (Call_Type *c, Sock_Type *s);
int pop_sock_fd (Call_Type *c, Sock_Type *s);
int sock_info (SLFUTURE_CONST char *call, Sock_Type *s);
int push_new_socket (int fd);
int set_nonblock (int fd, int on, int *old_flags);
void finish_connect (int fd, struct sockaddr *sa, socklen_t len);
void throw_errno (SLFUTURE_CONST char *call, int e);
void throw_lookups_busy (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int n);
void throw_gai (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int rc);
int wait_fd (SLFUTURE_CONST char *call, int fd, short events, double deadline);
void getsockopt_intrin (void);
void setsockopt_intrin (void);
int add_option_constants (SLang_NameSpace_Type *ns);

#endif
