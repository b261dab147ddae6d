/* wait.h: deadlines, signals and the one blocking loop.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_WAIT_H
#define SOCKET_WAIT_H 1

#include "core.h"

/* What one I/O operation works on: a buffer, flags, an address
 * (sendto/recvfrom/accept) or a message (sendmsg/recvmsg). */
typedef struct
{
   unsigned char *p;
   size_t n;
   int flags;
   struct sockaddr *sa;
   socklen_t salen;
   struct msghdr *msg;
}
Io_Type;

/* One system call: returns what it returns and leaves errno.  dontwait:
 * the call must not block (a deadline is being kept by polling). */
typedef ssize_t (*Sock_Op_Type) (int fd, Io_Type *io, int dontwait);

ssize_t send_op (int fd, Io_Type *io, int dontwait);
ssize_t recv_op (int fd, Io_Type *io, int dontwait);

double now_seconds (void);
int get_deadline (SLFUTURE_CONST char *call, double *deadline);
int deadline_ms (double deadline);

int handle_eintr (Sock_Type *s);
int sock_still_open (Sock_Type *s);
typedef int (*Wait_Fun_Type) (VOID_STAR cd, int ms);
int wait_loop (SLFUTURE_CONST char *call, Wait_Fun_Type fn, VOID_STAR cd, double deadline, Sock_Type *s,
	       int (*after_signal) (VOID_STAR), VOID_STAR acd);
int poll_wait (SLFUTURE_CONST char *call, struct pollfd *p, nfds_t n, double deadline, Sock_Type *s,
	       int (*after_signal) (VOID_STAR), VOID_STAR cd);
int wait_fd (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline);
int backoff_nap (Sock_Type *s, double deadline, unsigned int n);

ssize_t sock_call_e (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
		     Sock_Op_Type op, Io_Type *io, int *err);
ssize_t sock_call (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
		   Sock_Op_Type op, Io_Type *io);
size_t sock_call_all (SLFUTURE_CONST char *call, Sock_Type *s, short events, double deadline,
		      Sock_Op_Type op, Io_Type *io, int as_one_call, int *err);

int set_nonblock (int fd, int on, int *old_flags);
int connect_wait (Sock_Type *s, struct sockaddr *sa, socklen_t len, double deadline);
void finish_connect (int fd, struct sockaddr *sa, socklen_t len);

#endif
