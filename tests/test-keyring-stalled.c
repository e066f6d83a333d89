/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-keyring-stalled"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-test-bus.h"
#include "keyfob-test-cli.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"

/* A Secret Service that takes every call and never answers: the session's gnome-keyring is
 * killed (the test bus activates nothing, so it stays gone) and this process owns
 * org.freedesktop.secrets on a connection of its own whose filter drops every method call,
 * so not even an UnknownMethod error goes back. Each keyring call must end in
 * KEYFOB_STORE_ERROR_TIMEOUT when the store's deadline passes: D-Bus's own 25 s call timeout
 * is longer, and nothing else would ever end it. */

#define STORE_TIMEOUT    2
/* A sanity bound with a wide margin, not a performance assertion. */
#define SANITY_SECONDS   10
/* keyfob-tool waits KEYFOB_STORE_TIMEOUT (10 s); give it room. */
#define TOOL_TIMEOUT     40

#define CUTOVER_TOKEN    "0123456789abcdef0123456789abcdef0123456789abcdef"

static GDBusConnection *stall_connection;
static gint n_swallowed;

/* Runs in GDBus's worker thread, so the peer keeps stalling whatever our main loop does. */
static GDBusMessage *
swallow_calls_cb (GDBusConnection *connection,
                  GDBusMessage    *message,
                  gboolean         incoming,
                  gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_atomic_int_inc (&n_swallowed);
      g_object_unref (message);
      return NULL;
    }

  return message;
}

/* Kills the session's keyring and takes its name, once per process. */
static gboolean
stall_keyring (void)
{
  if (stall_connection != NULL)
    return TRUE;

  stall_connection = keyfob_test_take_keyring_name ();
  if (stall_connection == NULL)
    return FALSE;

  g_dbus_connection_add_filter (stall_connection, swallow_calls_cb, NULL, NULL);
  return TRUE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static KeyfobStore *
stalled_store (void)
{
  KeyfobStore *store = keyfob_store_new ();

  keyfob_store_set_timeout (store, STORE_TIMEOUT);

  return store;
}

/* The call reached the stalled peer and ended in the store's timeout, not in a hang and not
 * in an error of another kind. */
static void
assert_timed_out (const GError *error,
                  gint64        started,
                  int           swallowed_before)
{
  double elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_test_message ("ended after %.1f s: %s", elapsed, error != NULL ? error->message : "no error");
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "did not answer"));
  g_assert_cmpint (g_atomic_int_get (&n_swallowed), >, swallowed_before);
  g_assert_cmpfloat (elapsed, <, SANITY_SECONDS);
}

static void
test_list (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  int swallowed;
  gint64 started;

  if (!stall_keyring ())
    return;

  store = stalled_store ();
  swallowed = g_atomic_int_get (&n_swallowed);
  started = g_get_monotonic_time ();
  keyfob_store_list_async (store, NULL, result_cb, &result);
  tokens = keyfob_store_list_finish (store, wait_for (&result), &error);

  g_assert_null (tokens);
  assert_timed_out (error, started, swallowed);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_find (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  int swallowed;
  gint64 started;

  if (!stall_keyring ())
    return;

  store = stalled_store ();
  swallowed = g_atomic_int_get (&n_swallowed);
  started = g_get_monotonic_time ();
  keyfob_store_find_async (store, "stalled-find", NULL, result_cb, &result);
  token = keyfob_store_find_finish (store, wait_for (&result), &error);

  g_assert_null (token);
  assert_timed_out (error, started, swallowed);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_add (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  int swallowed;
  gint64 started;

  if (!stall_keyring ())
    return;

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error);
  g_assert_no_error (error);

  g_hash_table_insert (fields, (char *) "instance", (char *) "acme");
  token = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, "cutover"),
                                       "stalled-add", fields, NULL, CUTOVER_TOKEN,
                                       strlen (CUTOVER_TOKEN), &secret, &error);
  g_assert_no_error (error);

  store = stalled_store ();
  swallowed = g_atomic_int_get (&n_swallowed);
  started = g_get_monotonic_time ();
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &result);
  g_assert_false (keyfob_store_add_finish (store, wait_for (&result), &error));
  assert_timed_out (error, started, swallowed);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* keyfob-tool's contract: 3 for a keyring that timed out, with a message that says so. */
static void
test_tool (void)
{
  const char * const list_args[] = { "list", NULL };
  const char * const add_args[] = { "add", "--provider", "cutover", "--name", "stalled-tool",
                                    "--field", "instance=acme", NULL };
  g_autoptr(KeyfobTestRun) list = NULL;
  g_autoptr(KeyfobTestRun) add = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;

  if (!stall_keyring ())
    return;

  data_home = g_dir_make_tmp ("keyfob-stalled-XXXXXX", &error);
  g_assert_no_error (error);

  list = keyfob_test_run_tool (data_home, NULL, 0, NULL, TOOL_TIMEOUT, list_args);
  g_assert_cmpint (list->status, ==, 3);
  g_assert_cmpstr (list->out, ==, "");
  g_assert_true (g_str_has_prefix (list->err, "keyfob-tool: "));
  g_assert_nonnull (strstr (list->err, "did not answer"));

  add = keyfob_test_run_tool (data_home, CUTOVER_TOKEN "\n", strlen (CUTOVER_TOKEN "\n"), NULL,
                              TOOL_TIMEOUT, add_args);
  g_assert_cmpint (add->status, ==, 3);
  g_assert_cmpstr (add->out, ==, "");
  g_assert_nonnull (strstr (add->err, "did not answer"));
  g_assert_null (strstr (add->err, CUTOVER_TOKEN));

  g_assert_cmpint (g_rmdir (data_home), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/stalled/list", test_list);
  g_test_add_func ("/keyring/stalled/find", test_find);
  g_test_add_func ("/keyring/stalled/add", test_add);
  g_test_add_func ("/keyring/stalled/tool", test_tool);

  status = g_test_run ();

  if (stall_connection != NULL)
    g_dbus_connection_close_sync (stall_connection, NULL, NULL);
  g_clear_object (&stall_connection);

  return status;
}
