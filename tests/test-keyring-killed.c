/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-keyring-killed"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-test-fill.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"

/* gnome-keyring killed (SIGKILL, by the PID tests/keyfob-test-session gives) in the middle of
 * a list and of an add. The test bus activates nothing, so the keyring stays gone: a kill
 * ends the session's keyring, and tests/meson.build runs each path here as its own test
 * (-p), each in a session of its own.
 *
 * Both end in KEYFOB_STORE_ERROR_UNAVAILABLE, never TIMEOUT: the bus answers every call that
 * was waiting on the dead daemon with org.freedesktop.DBus.Error.NoReply the moment its socket
 * closes, and every later call to org.freedesktop.secrets with ServiceUnknown. The store's
 * timeout is set far beyond the run here, so a hang or a TIMEOUT would both fail the test.
 *
 * Afterwards the test starts a gnome-keyring of its own on the same keyring file and checks
 * that the kill left it exactly as it was: nothing half-written, nothing lost. */

#define STORE_TIMEOUT  60
/* A sanity bound with a wide margin, not a performance assertion. */
#define SANITY_SECONDS 30
#define N_ITEMS        300
/* Of the ~N_ITEMS + 1 replies a list takes: kill well inside it. */
#define KILL_AFTER     100

#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"

typedef enum
{
  KILL_ON_REPLY,    /* after KILL_AFTER method replies came in */
  KILL_ON_CREATE,   /* as CreateItem goes out: the daemon dies before it sees it */
} KillWhen;

static struct
{
  GPid     pid;
  KillWhen when;
  gint     armed;
  gint     replies;
  gint     killed;
  gint     replies_at_kill;
} victim;

static GSubprocess *restarted;
static gint n_libsecret_double_returns;  /* see fatal_log_cb() */

static gboolean fatal_log_cb (const char     *log_domain,
                              GLogLevelFlags  log_level,
                              const char     *message,
                              gpointer        user_data);

static gboolean
process_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *state;

  /* The session wrapper reaps it only when the test ends: until then it is a zombie. */
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  state = strrchr (stat, ')');

  return state != NULL && (state[2] == 'Z' || state[2] == 'X');
}

/* From GDBus's worker thread: kill() is safe anywhere, and waiting for the process to be gone
 * holds the message back until the daemon can no longer answer it. */
static void
kill_victim (void)
{
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (!g_atomic_int_compare_and_exchange (&victim.killed, 0, 1))
    return;

  victim.replies_at_kill = g_atomic_int_get (&victim.replies);
  kill (victim.pid, SIGKILL);
  while (!process_gone (victim.pid) && g_get_monotonic_time () < give_up)
    g_usleep (1000);
}

static GDBusMessage *
kill_filter_cb (GDBusConnection *connection,
                GDBusMessage    *message,
                gboolean         incoming,
                gpointer         user_data)
{
  GDBusMessageType type = g_dbus_message_get_message_type (message);

  if (!g_atomic_int_get (&victim.armed))
    return message;

  if (victim.when == KILL_ON_REPLY && incoming && type == G_DBUS_MESSAGE_TYPE_METHOD_RETURN &&
      g_atomic_int_add (&victim.replies, 1) + 1 == KILL_AFTER)
    kill_victim ();

  if (victim.when == KILL_ON_CREATE && !incoming && type == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_member (message), "CreateItem") == 0)
    kill_victim ();

  return message;
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

static GPtrArray *
list_tokens (KeyfobStore  *store,
             GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_list_async (store, NULL, result_cb, &result);
  return keyfob_store_list_finish (store, wait_for (&result), error);
}

/* One line per token, in the store's order: what must survive the kill unchanged. */
static char *
describe (GPtrArray *tokens)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      g_string_append_printf (text, "%s\t%s\t%s\t%s\n", keyfob_token_get_id (token),
                              keyfob_token_get_name (token),
                              keyfob_token_get_provider_id (token),
                              keyfob_token_get_preview (token));
    }

  return g_string_free (text, FALSE);
}

static gboolean
arm (KillWhen when)
{
  const char *pid_text = g_getenv ("KEYFOB_TEST_KEYRING_PID");
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (pid_text == NULL)
    {
      g_test_skip ("needs tests/keyfob-test-session (KEYFOB_TEST_KEYRING_PID)");
      return FALSE;
    }

  victim.pid = (GPid) g_ascii_strtoll (pid_text, NULL, 10);
  victim.when = when;
  g_assert_cmpint (victim.pid, >, 1);

  /* libsecret talks over the shared session connection: watch that one. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (bus, kill_filter_cb, NULL, NULL);
  g_atomic_int_set (&victim.armed, 1);

  return TRUE;
}

static gboolean
name_has_owner (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  g_assert_nonnull (reply);
  g_variant_get (reply, "(b)", &owned);

  return owned;
}

/* A gnome-keyring of our own, started as the session wrapper starts one, on the same files. */
static void
restart_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  GOutputStream *input;
  const char *tmp = g_getenv ("KEYFOB_TEST_TMP");
  gint64 give_up = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (tmp);
  g_assert_false (name_has_owner ());

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  log = g_build_filename (tmp, "keyring-restarted.log", NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  /* Not under test: it must not inherit the tests' fatal-warnings. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  restarted = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                           "--foreground", "--unlock", "--components=secrets",
                                           NULL);
  g_assert_no_error (error);

  input = g_subprocess_get_stdin_pipe (restarted);
  g_output_stream_write_all (input, "pw", 2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  while (!name_has_owner ())
    {
      if (g_get_monotonic_time () > give_up)
        {
          g_autofree char *contents = NULL;

          g_file_get_contents (log, &contents, NULL, NULL);
          g_error ("gnome-keyring-daemon did not start again: %s", contents);
        }
      g_usleep (20 * 1000);
    }

  /* Forget the dead daemon's connection state. */
  secret_service_disconnect ();
}

static void
stop_restarted_keyring (void)
{
  if (restarted == NULL)
    return;

  g_subprocess_send_signal (restarted, SIGTERM);
  g_subprocess_wait (restarted, NULL, NULL);
  g_clear_object (&restarted);
}

static void
assert_unavailable (const GError *error,
                    gint64        started)
{
  double elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_test_message ("ended after %.1f s: %s", elapsed, error != NULL ? error->message : "no error");
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE);
  /* Gone before the call, or while it ran: either way, said so. */
  g_assert_true (strstr (error->message, "No keyring is running") != NULL ||
                 strstr (error->message, "The keyring stopped answering") != NULL ||
                 strstr (error->message, "The keyring quit while Keyfob was using it") != NULL);
  g_assert_cmpfloat (elapsed, <, SANITY_SECONDS);
}

/* The keyring stays gone: a second call fails the same way, and fast. */
static void
assert_still_gone (KeyfobStore *store)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  tokens = list_tokens (store, &error);
  g_assert_null (tokens);
  assert_unavailable (error, started);
  g_assert_false (name_has_owner ());
}

static void
test_list (void)
{
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) during = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;
  gint64 started;

  keyfob_store_set_timeout (store, STORE_TIMEOUT);
  keyfob_test_fill_keyring (N_ITEMS, "killed", FALSE);

  before = list_tokens (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, N_ITEMS);
  expected = describe (before);

  if (!arm (KILL_ON_REPLY))
    return;
  /* Here, not in main(): g_test_run() clears it before each test. */
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);

  started = g_get_monotonic_time ();
  during = list_tokens (store, &error);

  /* It died in the middle, not before the first reply or after the last. */
  g_assert_true (g_atomic_int_get (&victim.killed));
  g_test_message ("killed after %d of the list's replies", victim.replies_at_kill);
  g_assert_cmpint (victim.replies_at_kill, ==, KILL_AFTER);
  g_assert_null (during);
  assert_unavailable (error, started);
  g_clear_error (&error);
  g_test_message ("libsecret returned its search task %d more times (tolerated, see "
                  "fatal_log_cb)", g_atomic_int_get (&n_libsecret_double_returns));

  g_atomic_int_set (&victim.armed, 0);
  assert_still_gone (store);

  restart_keyring ();
  after = list_tokens (store, &error);
  g_assert_no_error (error);
  found = describe (after);
  g_assert_cmpstr (found, ==, expected);

  g_clear_pointer (&before, g_ptr_array_unref);
  g_clear_pointer (&after, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&store));
  stop_restarted_keyring ();
}

static KeyfobToken *
new_token (KeyfobCatalogue  *catalogue,
           const char       *provider_id,
           const char       *name,
           const char       *pasted,
           SecretValue     **secret)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  if (g_str_equal (provider_id, "cutover"))
    g_hash_table_insert (fields, (char *) "instance", (char *) "acme");

  token = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, provider_id), name,
                                       fields, NULL, pasted, strlen (pasted), secret, &error);
  g_assert_no_error (error);

  return token;
}

static void
test_add (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(SecretValue) kept_secret = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobToken) kept = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;
  gint64 started;

  keyfob_store_set_timeout (store, STORE_TIMEOUT);
  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error);
  g_assert_no_error (error);

  /* One token already there, which the failed add must leave alone. */
  kept = new_token (catalogue, "pulsetic", "killed-kept", PULSETIC_TOKEN, &kept_secret);
  keyfob_store_add_async (store, kept, kept_secret, NULL, result_cb, &added);
  keyfob_store_add_finish (store, wait_for (&added), &error);
  g_assert_no_error (error);

  before = list_tokens (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 1);
  expected = describe (before);

  if (!arm (KILL_ON_CREATE))
    return;

  token = new_token (catalogue, "cutover", "killed-added", CUTOVER_TOKEN, &secret);
  started = g_get_monotonic_time ();
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &result);
  g_assert_false (keyfob_store_add_finish (store, wait_for (&result), &error));

  /* It died as the item was about to be created: after the name check's list. */
  g_assert_true (g_atomic_int_get (&victim.killed));
  assert_unavailable (error, started);
  g_clear_error (&error);

  g_atomic_int_set (&victim.armed, 0);
  assert_still_gone (store);

  restart_keyring ();
  after = list_tokens (store, &error);
  g_assert_no_error (error);
  found = describe (after);
  g_assert_cmpstr (found, ==, expected);

  g_clear_pointer (&before, g_ptr_array_unref);
  g_clear_pointer (&after, g_ptr_array_unref);
  g_clear_object (&added);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
  stop_restarted_keyring ();
}

/* libsecret 0.20.5's secret_service_search() returns its GTask once for every item proxy that
 * fails to load (on_search_loaded), and again when the last one is done: a daemon that dies
 * with many loads in flight makes GIO print "g_task_return_error: assertion
 * '!task->ever_returned' failed" for each after the first. The first error is the one the
 * caller gets, and it is right; so this one critical, from that one place, is not fatal here.
 * Anything else still is. */

static gboolean
is_libsecret_double_return (const char     *log_domain,
                            GLogLevelFlags  log_level,
                            const char     *message)
{
  return (log_level & G_LOG_LEVEL_CRITICAL) != 0 &&
         g_strcmp0 (log_domain, "GLib-GIO") == 0 &&
         g_str_has_prefix (message, "g_task_return_") &&
         strstr (message, "'!task->ever_returned' failed") != NULL &&
         g_atomic_int_get (&victim.killed);
}

/* GLib's default handler aborts on a fatal message before the test's fatal handler is asked:
 * this one writes the tolerated critical to stderr and leaves the verdict to fatal_log_cb(). */
static void
gio_log_cb (const char     *log_domain,
            GLogLevelFlags  log_level,
            const char     *message,
            gpointer        user_data)
{
  if (is_libsecret_double_return (log_domain, log_level, message))
    {
      g_atomic_int_inc (&n_libsecret_double_returns);
      g_printerr ("tolerated (libsecret): %s\n", message);
      return;
    }

  g_log_default_handler (log_domain, log_level, message, user_data);
}

static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !is_libsecret_double_return (log_domain, log_level, message);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL, gio_log_cb, NULL);

  /* Each kills the session's keyring: tests/meson.build runs them one per session. */
  g_test_add_func ("/keyring/killed/list", test_list);
  g_test_add_func ("/keyring/killed/add", test_add);

  return g_test_run ();
}
