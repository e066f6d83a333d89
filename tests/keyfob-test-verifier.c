/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-verifier"

#include "config.h"

#include "keyfob-secret.h"
#include "keyfob-test-verifier.h"

/* The verifier against the vendor emulator, one test per provider and emulated answer: each
 * gets an emulator and a verifier of its own, and waits for its checks with a bound for a
 * hang. */

/* A check that has not finished by then is a hang, and a failure. */
#define GUARD_SECONDS 30

const ProviderInfo pylon = {
  "pylon", "pylon_api_0123456789abcdef0123", "region", "us", "/me",
  "Acme Inc", 401, "invalid_api_token: The API token is invalid",
  KEYFOB_VERDICT_FORBIDDEN, "forbidden: The token's role does not allow this request",
};

const ProviderInfo pushly = {
  "pushly", "pk_0123456789abcdef0123456789", "domain_id", "123", "/domains/123",
  "Acme Inc", 403, "Invalid API key",
  /* Pushly's 403 means an invalid or expired key. */
  KEYFOB_VERDICT_INVALID, "API key is expired",
};

const ProviderInfo cutover = {
  "cutover", "0123456789abcdef0123456789abcdef0123456789abcdef", "instance", "acme",
  "/core/workspaces", "Acme Inc", 401, "Check the bearer authentication token is correct",
  KEYFOB_VERDICT_FORBIDDEN, "The user lacks the Workspace manager role needed for this action",
};

const ProviderInfo pulsetic = {
  "pulsetic", "33fea0a1b2c3d4e5f6a7b8c9d0e1f7b4", NULL, NULL, "/api/public/monitors",
  NULL, 401, "Unauthenticated.",
  KEYFOB_VERDICT_FORBIDDEN, "This action is unauthorized.",
};

const ProviderInfo * const providers[4] = { &pylon, &pushly, &cutover, &pulsetic };

static KeyfobProvider *
load_provider (const char *id)
{
  const char *dir = g_getenv ("KEYFOB_PROVIDERS_DIR");
  g_autofree char *basename = g_strconcat (id, ".json", NULL);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;
  gsize length = 0;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, basename, NULL);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  provider = keyfob_provider_new_from_data (path, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);

  return provider;
}

GHashTable *
make_fields (KeyfobProvider *provider,
             const char     *token,
             const char     *key,
             const char     *value,
             const char     *key2,
             const char     *value2)
{
  g_autoptr(GHashTable) input = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  if (key != NULL)
    g_hash_table_insert (input, (char *) key, (char *) value);
  if (key2 != NULL)
    g_hash_table_insert (input, (char *) key2, (char *) value2);

  fields = keyfob_provider_normalise_fields (provider, input, token, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fields);

  return fields;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Case *test_case = data;
  const ProviderInfo *info = test_case->info;

  fixture->test_case = test_case;
  fixture->emu = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emu), TRUE);
  fixture->verifier = keyfob_verifier_new ();
  fixture->provider = load_provider (info->id);
  fixture->fields = make_fields (fixture->provider, info->token,
                                 info->field_key, info->field_value, NULL, NULL);

  keyfob_emulator_set_token (fixture->emu, info->token, test_case->behaviour);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->fields, g_hash_table_unref);
  g_assert_finalize_object (fixture->verifier);
  g_assert_finalize_object (fixture->provider);
  g_clear_pointer (&fixture->emu, keyfob_emulator_free);
  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");
}

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("A check did not finish within %d seconds", GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  g_assert_true ((check == NULL) != (error == NULL));

  if (check != NULL && check->verdict == KEYFOB_VERDICT_VALID)
    waiter->n_valid++;
  waiter->max_active = MAX (waiter->max_active, keyfob_verifier_get_n_active (waiter->verifier));

  g_clear_pointer (&waiter->result, keyfob_check_result_free);
  g_clear_error (&waiter->error);
  waiter->result = g_steal_pointer (&check);
  waiter->error = g_steal_pointer (&error);

  if (--waiter->pending == 0)
    g_main_loop_quit (waiter->loop);
}

void
start_check (Fixture      *fixture,
             Waiter       *waiter,
             GHashTable   *fields,
             const char   *token,
             GCancellable *cancellable)
{
  g_autoptr(SecretValue) secret = keyfob_secret_value_new_take (g_strdup (token));

  waiter->pending++;
  /* The secret is dropped right away: the verifier must keep its own reference. */
  keyfob_verifier_check_async (fixture->verifier, fixture->provider, fields, secret,
                               cancellable, check_cb, waiter);
}

void
wait_for_checks (Waiter *waiter)
{
  guint guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, NULL);

  if (waiter->pending > 0)
    g_main_loop_run (waiter->loop);
  g_source_remove (guard_id);
}

void
waiter_init (Waiter         *waiter,
             KeyfobVerifier *verifier)
{
  waiter->loop = g_main_loop_new (NULL, FALSE);
  waiter->verifier = verifier;
}

void
waiter_clear (Waiter *waiter)
{
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_pointer (&waiter->result, keyfob_check_result_free);
  g_clear_error (&waiter->error);
}

/* Runs one check to its end and returns its result; fails the test on a GError. */
KeyfobCheckResult *
run_check (Fixture    *fixture,
           GHashTable *fields,
           const char *token)
{
  Waiter waiter = { 0 };
  KeyfobCheckResult *result;

  waiter_init (&waiter, fixture->verifier);
  start_check (fixture, &waiter, fields, token, NULL);
  wait_for_checks (&waiter);

  g_assert_no_error (waiter.error);
  g_assert_nonnull (waiter.result);
  g_assert_nonnull (waiter.result->checked_at);
  result = g_steal_pointer (&waiter.result);
  waiter_clear (&waiter);

  return result;
}

void
add_test (GPtrArray               *cases,
          const ProviderInfo      *info,
          const char              *name,
          KeyfobEmulatorBehaviour  behaviour,
          void                   (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/verifier/%s/%s", info->id, name);
  Case *test_case = g_new0 (Case, 1);

  g_ptr_array_add (cases, test_case);
  test_case->info = info;
  test_case->behaviour = behaviour;
  g_test_add (path, Fixture, test_case, fixture_set_up, func, fixture_tear_down);
}
