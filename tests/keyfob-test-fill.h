/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void keyfob_test_fill_keyring (guint       n,
                               const char *prefix,
                               gboolean    descending);

G_END_DECLS
