/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-test-all"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-emulator.h"
#include "keyfob-store.h"
#include "keyfob-token-check.h"
#include "keyfob-token-draft.h"

/* "Test all": every stored token checked at once, against a vendor that fails half of them.
 * The real (throwaway) keyring, the emulator over loopback. */

#define N_TOKENS      50
#define GUARD_SECONDS 90

typedef struct
{
  KeyfobVerifier *verifier;
  GHashTable     *verdicts;    /* token id → KeyfobVerdict its check returned */
  guint           pending;
  guint           max_active;  /* the verifier's, sampled */
} TestAll;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("%s did not finish within %d seconds", (const char *) user_data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  guint guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, (gpointer) "A keyring call");

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard_id);

  return *result;
}

/* Half the tokens valid (each answer held back, so checks overlap), half failing: a 401 or
 * a 500, alternately. */
static KeyfobEmulatorBehaviour
behaviour_for (guint i)
{
  if (i % 2 == 0)
    return KEYFOB_EMULATOR_VALID_DELAYED;
  return i % 4 == 1 ? KEYFOB_EMULATOR_INVALID : KEYFOB_EMULATOR_SERVER_ERROR;
}

static KeyfobVerdict
verdict_for (guint i)
{
  switch (behaviour_for (i))
    {
    case KEYFOB_EMULATOR_VALID_DELAYED:
      return KEYFOB_VERDICT_VALID;
    case KEYFOB_EMULATOR_INVALID:
      return KEYFOB_VERDICT_INVALID;
    case KEYFOB_EMULATOR_SERVER_ERROR:
      return KEYFOB_VERDICT_SERVER_ERROR;
    default:
      g_assert_not_reached ();
    }
}

static char *
secret_for (guint i)
{
  return g_strdup_printf ("pylon_api_%02u_0123456789abcdef", i);
}

/* Which of the N_TOKENS a stored token is, from its name. */
static guint
index_of (KeyfobToken *token)
{
  const char *name = keyfob_token_get_name (token);
  guint64 i = G_MAXUINT64;

  g_assert_true (g_str_has_prefix (name, "Test all "));
  g_assert_true (g_ascii_string_to_unsigned (name + strlen ("Test all "), 10, 0, N_TOKENS - 1,
                                             &i, NULL));

  return i;
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TestAll *all = user_data;
  KeyfobToken *token = KEYFOB_TOKEN (object);
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  check = keyfob_token_check_finish (token, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);

  /* One answer per token, never two. */
  g_assert_false (g_hash_table_contains (all->verdicts, keyfob_token_get_id (token)));
  g_hash_table_insert (all->verdicts, g_strdup (keyfob_token_get_id (token)),
                       GINT_TO_POINTER (check->verdict));
  if (check->verdict == KEYFOB_VERDICT_VALID)
    g_assert_cmpstr (check->account, ==, "Acme Inc");

  all->pending--;
}

static gboolean
sample_active_cb (gpointer user_data)
{
  TestAll *all = user_data;

  all->max_active = MAX (all->max_active, keyfob_verifier_get_n_active (all->verifier));
  return G_SOURCE_CONTINUE;
}

static GPtrArray *
list_tokens (KeyfobStore *store)
{
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;

  keyfob_store_list_async (store, NULL, result_cb, &listed);
  tokens = keyfob_store_list_finish (store, wait_for (&listed), &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);

  return tokens;
}

static KeyfobProvider *
load_pylon (KeyfobCatalogue *catalogue)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *pylon;

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error));
  pylon = keyfob_catalogue_lookup (catalogue, "pylon");
  g_assert_nonnull (pylon);

  return pylon;
}

/* One by one: the keyring is not what is under test. */
static void
fill (KeyfobStore             *store,
      KeyfobProvider          *pylon,
      KeyfobEmulator          *emulator,
      KeyfobEmulatorBehaviour (*behaviour) (guint i))
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < N_TOKENS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Test all %02u", i);
      g_autofree char *text = secret_for (i);
      g_autoptr(GAsyncResult) added = NULL;
      g_autoptr(KeyfobToken) draft = NULL;
      g_autoptr(SecretValue) secret = NULL;
      g_autoptr(GError) error = NULL;

      keyfob_emulator_set_token (emulator, text, behaviour (i));
      draft = keyfob_token_new_from_input (pylon, name, fields, NULL, text, strlen (text),
                                           &secret, &error);
      g_assert_no_error (error);
      keyfob_store_add_async (store, draft, secret, NULL, result_cb, &added);
      g_assert_true (keyfob_store_add_finish (store, wait_for (&added), &error));
    }
}

static void
test_half_failing (void)
{
  g_autoptr(KeyfobEmulator) emulator = keyfob_emulator_new ();
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  g_autoptr(GHashTable) verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) reloaded = NULL;
  TestAll all = { 0 };
  KeyfobProvider *pylon;
  guint sample_id;
  guint guard_id;

  if (g_getenv ("KEYFOB_TEST_KEYRING_PID") == NULL)
    {
      g_test_skip ("Needs the throwaway keyring of tests/keyfob-test-session");
      return;
    }

  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);

  pylon = load_pylon (catalogue);
  fill (store, pylon, emulator, behaviour_for);
  tokens = list_tokens (store);
  g_assert_cmpuint (tokens->len, ==, N_TOKENS);

  /* All at once, as the window's "Test all" does; the verifier queues what it cannot run. */
  all.verdicts = verdicts;
  all.verifier = verifier;
  for (guint i = 0; i < tokens->len; i++)
    {
      all.pending++;
      keyfob_token_check_async (store, verifier, pylon, g_ptr_array_index (tokens, i), NULL,
                                NULL, checked_cb, &all);
    }

  sample_id = g_timeout_add (5, sample_active_cb, &all);
  guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, (gpointer) "Test all");
  while (all.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard_id);
  g_source_remove (sample_id);

  /* Every token got its own verdict. */
  g_assert_cmpuint (g_hash_table_size (verdicts), ==, N_TOKENS);
  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);
      gpointer verdict = g_hash_table_lookup (verdicts, keyfob_token_get_id (token));

      g_assert_cmpint (GPOINTER_TO_INT (verdict), ==, verdict_for (index_of (token)));
      g_assert_false (keyfob_token_get_checking (token));
    }

  /* No request twice, none lost, and the in-flight limit both reached and kept. */
  g_assert_cmpuint (keyfob_emulator_get_n_requests (emulator), ==, N_TOKENS);
  for (guint i = 0; i < N_TOKENS; i++)
    {
      g_autofree char *text = secret_for (i);

      g_assert_cmpuint (keyfob_emulator_get_n_requests_for (emulator, text), ==, 1);
    }
  g_assert_cmpuint (all.max_active, <=, KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  g_assert_cmpuint (keyfob_emulator_get_max_in_flight (emulator), ==,
                    KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  g_assert_cmpuint (keyfob_verifier_get_n_active (verifier), ==, 0);

  /* The keyring holds each token's own verdict, as read back from scratch. */
  reloaded = list_tokens (store);
  g_assert_cmpuint (reloaded->len, ==, N_TOKENS);
  for (guint i = 0; i < reloaded->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (reloaded, i);
      guint index = index_of (token);

      g_assert_cmpstr (keyfob_token_get_last_result (token), ==,
                       keyfob_verdict_to_string (verdict_for (index)));
      g_assert_nonnull (keyfob_token_get_last_checked (token));
      g_assert_cmpstr (keyfob_token_get_account (token), ==,
                       verdict_for (index) == KEYFOB_VERDICT_VALID ? "Acme Inc" : NULL);
    }

  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");
}

static KeyfobEmulatorBehaviour
all_delayed (guint i)
{
  return KEYFOB_EMULATOR_VALID_DELAYED;
}

typedef struct
{
  guint pending;
  guint valid;
  guint unavailable;
} Killed;

static void
checked_or_failed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Killed *killed = user_data;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  check = keyfob_token_check_finish (KEYFOB_TOKEN (object), result, &error);
  if (check != NULL)
    {
      g_assert_cmpint (check->verdict, ==, KEYFOB_VERDICT_VALID);
      killed->valid++;
    }
  else
    {
      g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE);
      killed->unavailable++;
    }
  killed->pending--;
}

/* The keyring dies while "test all" runs (gnome-keyring 42 can crash under it; see
 * docs/upstream/gnome-keyring-crash.md): checks in flight lose their write-back, checks not yet
 * started lose their secret, and each says the keyring went away. None reports success for a
 * token whose result could not be kept, none hangs, and no token goes out after the kill. The
 * kill ends the session's keyring, so tests/meson.build runs this path in a session of its
 * own. */
static void
test_keyring_killed (void)
{
  g_autoptr(KeyfobEmulator) emulator = keyfob_emulator_new ();
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  g_autoptr(GPtrArray) tokens = NULL;
  const char *keyring_pid = g_getenv ("KEYFOB_TEST_KEYRING_PID");
  KeyfobProvider *pylon;
  Killed killed = { 0 };
  guint requests_at_kill;
  guint guard_id;

  if (keyring_pid == NULL)
    {
      g_test_skip ("Needs the throwaway keyring of tests/keyfob-test-session");
      return;
    }

  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);
  pylon = load_pylon (catalogue);
  fill (store, pylon, emulator, all_delayed);
  tokens = list_tokens (store);
  g_assert_cmpuint (tokens->len, ==, N_TOKENS);

  for (guint i = 0; i < tokens->len; i++)
    {
      killed.pending++;
      keyfob_token_check_async (store, verifier, pylon, g_ptr_array_index (tokens, i), NULL,
                                NULL, checked_or_failed_cb, &killed);
    }

  /* The first checks are at the vendor, held there by the delay. */
  guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, (gpointer) "Test all");
  while (keyfob_emulator_get_n_requests (emulator) < KEYFOB_VERIFIER_MAX_IN_FLIGHT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (kill (atoi (keyring_pid), SIGKILL), ==, 0);
  requests_at_kill = keyfob_emulator_get_n_requests (emulator);

  while (killed.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard_id);

  /* The answers were held at the vendor when the keyring died: none of their verdicts could
   * be kept, so none counts as a success. */
  g_assert_cmpuint (killed.valid, ==, 0);
  g_assert_cmpuint (killed.unavailable, ==, N_TOKENS);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (emulator), ==, requests_at_kill);
  g_assert_cmpuint (keyfob_verifier_get_n_active (verifier), ==, 0);

  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/test-all/half-failing", test_half_failing);
  g_test_add_func ("/test-all/keyring-killed", test_keyring_killed);

  return g_test_run ();
}
