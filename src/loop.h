/* loop.h: a selector over epoll, and an event loop with timers (SPEC 14).
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_LOOP_H
#define SOCKET_LOOP_H 1

#include "stream.h"

int init_loop_classes (void);

void selector_new_intrin (void);
void selector_add_intrin (void);
void selector_modify_intrin (void);
void selector_remove_intrin (void);
void selector_wait_intrin (void);
void selector_close_intrin (void);

void eventloop_new_intrin (void);
void eventloop_watch_intrin (void);
void eventloop_unwatch_intrin (void);
void eventloop_after_intrin (void);
void eventloop_every_intrin (void);
void eventloop_cancel_intrin (void);
void eventloop_run_intrin (void);
void eventloop_stop_intrin (void);

#endif
