/* names.h: getaddrinfo, getnameinfo, inet_pton, inet_ntop (SPEC 7, 16).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_NAMES_H
#define SOCKET_NAMES_H 1

#include "addr.h"

void getaddrinfo_intrin (void);
void getnameinfo_intrin (void);
void inet_pton_intrin (void);
void inet_ntop_intrin (void);
void if_nametoindex_intrin (void);
void if_indextoname_intrin (void);
void if_nameindex_intrin (void);
void getifaddrs_intrin (void);
void gethostname_intrin (void);

#endif
