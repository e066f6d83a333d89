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

/* For KEYFOB_TEST_WAIT_UNTIL(): only wakes the main loop up. */
gboolean
keyfob_test_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* @seconds, stretched by KEYFOB_TEST_SLOWDOWN (the sanitizer setup sets it): code under ASan
 * and UBSan runs several times slower, and a bound for a hang must not fail a slow pass. */
guint
keyfob_test_hang_bound (guint seconds)
{
  const char *slowdown = g_getenv ("KEYFOB_TEST_SLOWDOWN");
  guint64 factor = slowdown != NULL ? g_ascii_strtoull (slowdown, NULL, 10) : 1;

  return seconds * CLAMP (factor, 1, 20);
}

/* The providers, built in and the user's, as the programs load them. */
KeyfobCatalogue *
keyfob_test_load_catalogue (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_catalogue_load_async (catalogue, NULL, keyfob_test_result_cb, &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&catalogue);
}
