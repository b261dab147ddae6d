/* transfer.h: send, recv and their kin (SPEC 7, 12).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_TRANSFER_H
#define SOCKET_TRANSFER_H 1

#include "unixpath.h"

void send_intrin (void);
void sendto_intrin (void);
void recv_intrin (void);
void recvfrom_intrin (void);
void sendfile_intrin (void);
void sendall_intrin (void);

#endif
