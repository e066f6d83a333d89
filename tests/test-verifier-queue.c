/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-verifier-queue"

#include "config.h"

#include "keyfob-test-verifier.h"

/* How many checks the verifier runs at once, the callers that wait for a slot, and a check
 * cancelled on its way. */

#define N_PARALLEL 12

static gboolean
sample_active_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->max_active = MAX (waiter->max_active, keyfob_verifier_get_n_active (waiter->verifier));
  return G_SOURCE_CONTINUE;
}

static void
test_max_in_flight (Fixture       *fixture,
                    gconstpointer  data)
{
  const ProviderInfo *info = fixture->test_case->info;
  Waiter waiter = { 0 };
  guint sample_id;

  waiter_init (&waiter, fixture->verifier);
  for (guint i = 0; i < N_PARALLEL; i++)
    start_check (fixture, &waiter, fixture->fields, info->token, NULL);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), <=,
                    KEYFOB_VERIFIER_MAX_IN_FLIGHT);

  sample_id = g_timeout_add (10, sample_active_cb, &waiter);
  wait_for_checks (&waiter);
  g_source_remove (sample_id);

  g_assert_cmpuint (waiter.n_valid, ==, N_PARALLEL);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, N_PARALLEL);
  g_assert_cmpuint (waiter.max_active, <=, KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  g_assert_cmpuint (keyfob_emulator_get_max_in_flight (fixture->emu), <=,
                    KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  /* Queued, not run one by one. */
  g_assert_cmpuint (keyfob_emulator_get_max_in_flight (fixture->emu), >=, 2);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), ==, 0);

  waiter_clear (&waiter);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiter waiter = { 0 };

  waiter_init (&waiter, fixture->verifier);
  start_check (fixture, &waiter, fixture->fields, fixture->test_case->info->token, cancellable);
  g_timeout_add (100, cancel_cb, cancellable);
  wait_for_checks (&waiter);

  g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (waiter.result);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), ==, 0);

  waiter_clear (&waiter);
}

static void
reserved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  guint *n_reserved = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (_keyfob_verifier_reserve_finish (KEYFOB_VERIFIER (object), result, &error));
  (*n_reserved)++;
}

/* A caller that loads the secret first waits for a slot before loading it: five callers, four
 * slots; the fifth goes when one gives its slot back. */
static void
test_reservations (void)
{
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  guint n_reserved = 0;

  for (guint i = 0; i <= KEYFOB_VERIFIER_MAX_IN_FLIGHT; i++)
    _keyfob_verifier_reserve_async (verifier, NULL, reserved_cb, &n_reserved);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (n_reserved, ==, KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  g_assert_cmpuint (keyfob_verifier_get_n_active (verifier), ==, KEYFOB_VERIFIER_MAX_IN_FLIGHT);

  _keyfob_verifier_release (verifier);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_reserved, ==, KEYFOB_VERIFIER_MAX_IN_FLIGHT + 1);

  for (guint i = 0; i < KEYFOB_VERIFIER_MAX_IN_FLIGHT; i++)
    _keyfob_verifier_release (verifier);
  g_assert_cmpuint (keyfob_verifier_get_n_active (verifier), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
    add_test (cases, providers[p], "max-in-flight", KEYFOB_EMULATOR_VALID_DELAYED,
              test_max_in_flight);

  add_test (cases, &pylon, "cancel", KEYFOB_EMULATOR_SLOW, test_cancel);
  g_test_add_func ("/verifier/reservations", test_reservations);

  return g_test_run ();
}
