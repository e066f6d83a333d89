/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void          keyfob_test_result_cb (GObject       *object,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
GAsyncResult *keyfob_test_wait_for  (GAsyncResult **result);

G_END_DECLS
