/* connect.h: connect, create_connection (Happy Eyeballs v2), create_server.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_CONNECT_H
#define SOCKET_CONNECT_H 1

#include "unixpath.h"

void connect_intrin (void);
void create_connection_intrin (void);
void create_server_intrin (void);

#endif
