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
gboolean         keyfob_test_wake_cb        (gpointer       user_data);
guint            keyfob_test_hang_bound     (guint          seconds);
KeyfobCatalogue *keyfob_test_load_catalogue (void);

/* A bound for a hang, not a measure of speed: generous, so that a loaded machine (CI, two
 * cores, the whole suite at once) never trips it. */
#define KEYFOB_TEST_HANG_SECONDS 30

/* Spins the main loop until @condition holds, failing the test after KEYFOB_TEST_HANG_SECONDS
 * (more under the sanitizers). It wakes every 50 ms too, for conditions that change without
 * an event in this main context (another process, a file). */
#define KEYFOB_TEST_WAIT_UNTIL(condition) \
  G_STMT_START { \
    gboolean timed_out_ = FALSE; \
    guint id_ = g_timeout_add_seconds (keyfob_test_hang_bound (KEYFOB_TEST_HANG_SECONDS), \
                                       keyfob_test_timed_out_cb, &timed_out_); \
    guint wake_ = g_timeout_add (50, keyfob_test_wake_cb, NULL); \
    while (!(condition) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (timed_out_) \
      g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #condition); \
    g_source_remove (id_); \
    g_source_remove (wake_); \
  } G_STMT_END

G_END_DECLS
