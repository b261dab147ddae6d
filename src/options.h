/* options.h: getsockopt and setsockopt (SPEC 8), described by one table.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#ifndef SOCKET_OPTIONS_H
#define SOCKET_OPTIONS_H 1

#include "core.h"

void getsockopt_intrin (void);
void setsockopt_intrin (void);
int add_option_constants (SLang_NameSpace_Type *ns);

#endif
