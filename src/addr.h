/* addr.h: address-args <-> sockaddr, and name lookups with deadlines.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_ADDR_H
#define SOCKET_ADDR_H 1

#include "wait.h"

/* The families beyond unix and internet (SPEC 16), where the system has
 * them: netlink (pid, groups), packet (ifname, protocol), vsock (cid,
 * port). */
#ifdef AF_NETLINK
# include <linux/netlink.h>
#endif
#ifdef AF_PACKET
# include <linux/if_packet.h>
#endif
#ifdef AF_VSOCK
# include <linux/vm_sockets.h>
#endif

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
 * name (BString), a numeric host and a port; a packet address is the
 * interface's name in host (or, for an index without a name, the index
 * in ifindex and host "") and the protocol in port; netlink and vsock
 * addresses are two unsigned numbers, u[0] and u[1] (pid and groups, cid
 * and port). */
typedef struct
{
   int family;
   char host[NI_MAXHOST];	       /* host, the unix path, the packet ifname */
   size_t len;			       /* bytes in host (abstract names) */
   int is_abstract;
   int port;			       /* internet port; packet protocol (host order) */
   int ifindex;			       /* packet: > 0 when host has no name for it */
   unsigned int u[2];		       /* netlink pid, groups; vsock cid, port */
}
Decoded_Addr_Type;

int check_domain (SLFUTURE_CONST char *call, int domain);
int addr_nargs (int domain);
int check_addr_nargs (Call_Type *c, Sock_Type *s, int extra);

void set_port (struct sockaddr *sa, int port);
void any_address (int family, int port, Addr_Type *a);
int parse_numeric (SLFUTURE_CONST char *host, int family, int port, Addr_Type *a);
int pop_port (Call_Type *c, int socktype, int *portp);
int make_unix_addr (SLFUTURE_CONST char *call, unsigned char *p, size_t n, int is_bstring, Addr_Type *a, int *is_abstract);
int resolve_host (SLFUTURE_CONST char *call, int family, int socktype, SLFUTURE_CONST char *host, int port,
		  double deadline, Addr_List_Type *al);
int pop_address (Call_Type *c, int domain, int socktype, double deadline, Addr_List_Type *al, int *is_abstract);
void free_addr_list (Addr_List_Type *al);

int decode_address (int domain, struct sockaddr *sa, socklen_t len, Decoded_Addr_Type *d);
int push_address (int domain, struct sockaddr *sa, socklen_t len);
int assign_address (int domain, struct sockaddr *sa, socklen_t len, SLang_Ref_Type **refs, int nrefs);

/* Name lookups in a helper thread, so that a deadline can abandon them
 * and S-Lang signal handlers run while they wait. */
int lookup_addrinfo (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, SLFUTURE_CONST char *service,
		     struct addrinfo *hints, double deadline, struct addrinfo **resp);
struct Lookup_Type;
struct Lookup_Type *lookup_begin (SLFUTURE_CONST char *call, SLFUTURE_CONST char *host, int family, int socktype);
int lookup_fd (struct Lookup_Type *j);
int lookup_result (struct Lookup_Type *j, struct addrinfo **resp);
void lookup_end (struct Lookup_Type *j);
int lookup_nameinfo (SLFUTURE_CONST char *call, SLFUTURE_CONST char *what, Addr_Type *a, int flags,
		     double deadline, char *host, size_t hostlen, char *serv, size_t servlen);

#endif
