/* sd.h: systemd socket activation and notification (SPEC 16).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_SD_H
#define SOCKET_SD_H 1

#include "unixpath.h"

void sd_listen_fds_intrin (void);
void sd_listen_fds_with_names_intrin (void);
void sd_notify_intrin (void);

#endif
