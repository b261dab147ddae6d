/* msg.h: sendmsg, recvmsg and the descriptor passing built on them
 * (SPEC 15).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_MSG_H
#define SOCKET_MSG_H 1

#include "unixpath.h"

void sendmsg_intrin (void);
void recvmsg_intrin (void);
void send_fds_intrin (void);
void recv_fds_intrin (void);
void cmsg_space_intrin (void);
void cmsg_len_intrin (void);

#endif
