/* stream.h: buffered streams over any FD_Type (SPEC 13).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_STREAM_H
#define SOCKET_STREAM_H 1

#include "wait.h"

int init_stream_class (void);
SLtype stream_type_id (void);

/* For poll and the selector: the descriptor of the stream on the stack
 * (or in mmt), and whether bytes are buffered for reading (then POLLIN is
 * ready without a system call). */
int stream_poll_info (SLang_MMT_Type *mmt, SLFile_FD_Type **fp, int *buffered);

void stream_new_intrin (void);
void stream_readline_intrin (void);
void stream_read_until_intrin (void);
void stream_read_intrin (void);
void stream_read_some_intrin (void);
void stream_pending_intrin (void);
void stream_write_intrin (void);
void stream_flush_intrin (void);
void stream_fd_intrin (void);
void stream_close_intrin (void);

#endif
