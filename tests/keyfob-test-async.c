/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "keyfob-test-async.h"

/* A callback for one async call: keeps its result in the GAsyncResult * that @user_data
 * points to. */
void
keyfob_test_result_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the main loop until keyfob_test_result_cb() has kept a result in *@result. */
GAsyncResult *
keyfob_test_wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/* For KEYFOB_TEST_WAIT_UNTIL(): sets the gboolean @user_data points to. */
gboolean
keyfob_test_timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}
