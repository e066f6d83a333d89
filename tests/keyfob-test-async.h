/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-catalogue.h"

G_BEGIN_DECLS

void             keyfob_test_result_cb      (GObject       *object,
                                             GAsyncResult  *result,
                                             gpointer       user_data);
GAsyncResult    *keyfob_test_wait_for       (GAsyncResult **result);
gboolean         keyfob_test_timed_out_cb   (gpointer       user_data);
guint            keyfob_test_hang_bound     (guint          seconds);
KeyfobCatalogue *keyfob_test_load_catalogue (void);

/* Spins the main loop until @condition holds, failing the test after ten seconds (more under
 * the sanitizers): a bound for a hang, not a measure of speed. */
#define KEYFOB_TEST_WAIT_UNTIL(condition) \
  G_STMT_START { \
    gboolean timed_out_ = FALSE; \
    guint id_ = g_timeout_add_seconds (keyfob_test_hang_bound (10), keyfob_test_timed_out_cb, \
                                       &timed_out_); \
    while (!(condition) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (timed_out_) \
      g_error ("timed out waiting for %s", #condition); \
    g_source_remove (id_); \
  } G_STMT_END

G_END_DECLS
