/* unixpath.h: socket FD objects and unix socket paths (SPEC 4, 10).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_UNIXPATH_H
#define SOCKET_UNIXPATH_H 1

#include "addr.h"

int init_socket_objects (void);
SLFile_FD_Type *make_socket_fd (int fd, int domain, int type);
SLFile_FD_Type *make_received_fd (int fd);
int push_new_socket (int fd, int domain, int type);
int sock_info (SLFUTURE_CONST char *call, Sock_Type *s);
int pop_sock (Call_Type *c, Sock_Type *s);

int get_mode_qualifier (SLFUTURE_CONST char *call, int domain, int is_abstract, int *mode);
int bind_address (SLFUTURE_CONST char *call, Sock_Type *s, Addr_Type *a, int is_abstract, int mode, int keep_path);

int sender_address (SLFUTURE_CONST char *call, Sock_Type *s, struct sockaddr_storage *ss, socklen_t *salen);

/* The buffer for a receive of maxlen bytes (a huge maxlen is not
 * trusted); a datagram longer than a buffer sized by a peek is an error,
 * never cut silently. */
int recv_buffer_size (Call_Type *c, Sock_Type *s, int maxlen, int flags, double deadline, size_t *sizep);
void throw_cut_datagram (SLFUTURE_CONST char *call, unsigned char *buf, size_t size, ssize_t r,
			 SLFUTURE_CONST char *also);

#endif
