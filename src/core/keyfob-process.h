/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void keyfob_process_forbid_core_dumps   (void);
void keyfob_process_restore_core_limit  (void);

G_END_DECLS
