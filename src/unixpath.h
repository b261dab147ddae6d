/* unixpath.h: socket FD objects and unix socket paths (SPEC 4, 10).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_UNIXPATH_H
#define SOCKET_UNIXPATH_H 1

#include "addr.h"

int init_socket_objects (void);
SLFile_FD_Type *make_socket_fd (int fd);
SLFile_FD_Type *make_received_fd (int fd);
int push_new_socket (int fd);
int sock_info (SLFUTURE_CONST char *call, Sock_Type *s);
int pop_sock (Call_Type *c, Sock_Type *s);

int get_mode_qualifier (SLFUTURE_CONST char *call, int domain, int is_abstract, int *mode);
int bind_address (SLFUTURE_CONST char *call, Sock_Type *s, Addr_Type *a, int is_abstract, int mode, int keep_path);

#endif
