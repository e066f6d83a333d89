/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-remind"

#include "config.h"

#include <string.h>

#include "keyfob-test-cli.h"

/* keyfob-tool remind, end to end: the built tool against the session's throwaway keyring, and
 * a desktop's notification service played by this test on the session's private bus (the
 * tool's calls reach it while keyfob_test_run_tool runs the main loop). */

#define TOOL_TIMEOUT_SECONDS 60

#define PYLON_TOKEN    "pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"

#define TITLE "API tokens need renewing"

static const char * const secrets[] = { PYLON_TOKEN, CUTOVER_TOKEN, PULSETIC_TOKEN };

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  char            *data_home;
  char            *config_home;
  GDBusConnection *bus;
  guint            object_id;
  GPtrArray       *notified;   /* the parameters of each Notify call */
} Fixture;

static void
notify_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  Fixture *fixture = user_data;

  g_assert_cmpstr (method_name, ==, "Notify");
  g_ptr_array_add (fixture->notified, g_variant_ref (parameters));
  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(u)", fixture->notified->len));
}

static const GDBusInterfaceVTable notifications_vtable = { notify_cb, NULL, NULL, { 0 } };

/* Takes org.freedesktop.Notifications on the session bus, as a desktop's shell does. */
static void
serve_notifications (Fixture *fixture)
{
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 answer = 0;

  node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  fixture->object_id = g_dbus_connection_register_object (fixture->bus,
                                                          "/org/freedesktop/Notifications",
                                                          node->interfaces[0],
                                                          &notifications_vtable, fixture, NULL,
                                                          &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (fixture->bus, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications",
                                                      4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &answer);
  g_assert_cmpuint (answer, ==, 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */);
}

static void
release_notifications (Fixture *fixture)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (fixture->bus, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "ReleaseName",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
}

static KeyfobTestRun *
run_tool_env (Fixture            *fixture,
              const char * const *extra_env,
              const char * const *args)
{
  g_autofree char *config = g_strdup_printf ("XDG_CONFIG_HOME=%s", fixture->config_home);
  g_autofree char *schemas = g_strdup_printf ("GSETTINGS_SCHEMA_DIR=%s/data",
                                              g_getenv ("KEYFOB_TEST_BUILD_ROOT"));
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  KeyfobTestRun *run;

  /* The keyfile backend keeps the day of the last reminder from one run to the next. */
  g_ptr_array_add (env, config);
  g_ptr_array_add (env, schemas);
  g_ptr_array_add (env, (char *) "GSETTINGS_BACKEND=keyfile");
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    g_ptr_array_add (env, (char *) extra_env[i]);
  g_ptr_array_add (env, NULL);

  run = keyfob_test_run_tool (fixture->data_home, NULL, 0, (const char * const *) env->pdata,
                              TOOL_TIMEOUT_SECONDS, args);

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_assert_null (strstr (run->out, secrets[i]));
      g_assert_null (strstr (run->err, secrets[i]));
      for (guint j = 0; j < fixture->notified->len; j++)
        {
          g_autofree char *sent = g_variant_print (g_ptr_array_index (fixture->notified, j),
                                                   FALSE);

          g_assert_null (strstr (sent, secrets[i]));
        }
    }

  return run;
}

static KeyfobTestRun *
run_tool (Fixture    *fixture,
          ...) G_GNUC_NULL_TERMINATED;

static KeyfobTestRun *
run_tool (Fixture *fixture,
          ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, fixture);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  return run_tool_env (fixture, NULL, (const char * const *) args->pdata);
}

static void
add_token (Fixture    *fixture,
           const char *token,
           const char *provider,
           const char *name,
           const char *field,
           int         expires_in_days)
{
  g_autofree char *input = g_strconcat (token, "\n", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, expires_in_days);
  g_autofree char *expires = g_date_time_format (then, "%Y-%m-%d");
  const char *args[] = { "add", "--provider", provider, "--name", name, "--expires", expires,
                         field != NULL ? "--field" : NULL, field, NULL };
  g_autoptr(KeyfobTestRun) run = NULL;

  run = keyfob_test_run_tool (fixture->data_home, input, strlen (input), NULL,
                              TOOL_TIMEOUT_SECONDS, args);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_home = g_dir_make_tmp ("keyfob-cli-remind-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_home = g_build_filename (fixture->data_home, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->config_home, 0700), ==, 0);
  fixture->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fixture->notified = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  add_token (fixture, PULSETIC_TOKEN, "pulsetic", "Expired", NULL, -2);
  add_token (fixture, PYLON_TOKEN, "pylon", "Soon", "region=us", 3);
  add_token (fixture, CUTOVER_TOKEN, "cutover", "Later", "instance=acme", 60);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const names[] = { "Expired", "Soon", "Later" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KeyfobTestRun) deleted = run_tool (fixture, "delete", names[i], NULL);

      g_assert_cmpint (deleted->status, ==, 0);
    }

  if (fixture->object_id != 0)
    {
      release_notifications (fixture);
      g_dbus_connection_unregister_object (fixture->bus, fixture->object_id);
    }
  g_clear_object (&fixture->bus);
  g_ptr_array_unref (fixture->notified);
  keyfob_test_remove_tree (fixture->data_home);
  g_free (fixture->data_home);
  g_free (fixture->config_home);
}

/* The notification the window sends, word for word, naming no token. */
static void
assert_notified (Fixture    *fixture,
                 guint       index,
                 const char *expected_body)
{
  GVariant *parameters = g_ptr_array_index (fixture->notified, index);
  g_autoptr(GVariant) hints = NULL;
  g_autofree const char **actions = NULL;
  const char *app_name, *app_icon, *summary, *body;
  const char *desktop_entry = NULL;
  guint32 replaces = 0;
  gint32 timeout = 0;

  g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", &app_name, &replaces, &app_icon,
                 &summary, &body, &actions, &hints, &timeout);
  g_assert_cmpstr (app_name, ==, "Keyfob");
  g_assert_cmpstr (app_icon, ==, "io.github.keyfob.Keyfob");
  g_assert_cmpstr (summary, ==, TITLE);
  g_assert_cmpstr (body, ==, expected_body);
  g_assert_cmpuint (g_strv_length ((char **) actions), ==, 0);
  g_assert_true (g_variant_lookup (hints, "desktop-entry", "&s", &desktop_entry));
  g_assert_cmpstr (desktop_entry, ==, "io.github.keyfob.Keyfob");
  for (const char * const *name = (const char * const[]) { "Expired", "Soon", "Later", NULL };
       *name != NULL; name++)
    g_assert_null (strstr (body, *name));
}

static void
test_notifies_once_a_day (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(KeyfobTestRun) first = NULL;
  g_autoptr(KeyfobTestRun) again = NULL;

  serve_notifications (fixture);

  first = run_tool (fixture, "remind", NULL);
  g_assert_cmpint (first->status, ==, 0);
  g_assert_cmpuint (fixture->notified->len, ==, 1);
  assert_notified (fixture, 0, "1 expired, 1 expiring within 7 days");
  g_assert_cmpstr (first->out, ==, TITLE ": 1 expired, 1 expiring within 7 days\n");
  g_assert_cmpstr (first->err, ==, "");

  /* The same day, the timer's next run (or the window) stays quiet. */
  again = run_tool (fixture, "remind", NULL);
  after = g_date_time_new_now_local ();
  g_assert_cmpint (again->status, ==, 0);
  if (g_date_time_get_day_of_year (before) == g_date_time_get_day_of_year (after))
    {
      g_assert_cmpuint (fixture->notified->len, ==, 1);
      g_assert_cmpstr (again->out, ==, "");
      g_assert_cmpstr (again->err, ==, "Already reminded today.\n");
    }
}

static void
test_days (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const fresh[] = { "GSETTINGS_BACKEND=memory", NULL };
  const char * const wide[] = { "remind", "--days", "90", NULL };
  const char * const narrow[] = { "remind", "--days", "0", NULL };
  const char * const preferences[] = { "remind", NULL };
  g_autoptr(KeyfobTestRun) wide_run = NULL;
  g_autoptr(KeyfobTestRun) narrow_run = NULL;
  g_autoptr(KeyfobTestRun) none_run = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *settings_dir = g_build_filename (fixture->config_home, "glib-2.0",
                                                    "settings", NULL);
  g_autofree char *settings_path = g_build_filename (settings_dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  serve_notifications (fixture);

  /* Each run in a fresh memory backend: none has reminded today. */
  wide_run = run_tool_env (fixture, fresh, wide);
  g_assert_cmpint (wide_run->status, ==, 0);
  narrow_run = run_tool_env (fixture, fresh, narrow);
  g_assert_cmpint (narrow_run->status, ==, 0);
  g_assert_cmpuint (fixture->notified->len, ==, 2);
  assert_notified (fixture, 0, "1 expired, 2 expiring within 90 days");
  assert_notified (fixture, 1, "1 expired, 0 expiring within 0 days");

  /* The window's setting, as Preferences writes it: one day. With the expired token renewed
   * for a month, nothing is due within it. */
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_key_file_set_string (keyfile, "io/github/keyfob/Keyfob", "expiry-warning-days", "1");
  g_assert_true (g_key_file_save_to_file (keyfile, settings_path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KeyfobTestRun) deleted = run_tool (fixture, "delete", "Expired", NULL);

    g_assert_cmpint (deleted->status, ==, 0);
    add_token (fixture, PULSETIC_TOKEN, "pulsetic", "Expired", NULL, 30);
  }
  none_run = run_tool_env (fixture, NULL, preferences);
  g_assert_cmpint (none_run->status, ==, 0);
  g_assert_cmpuint (fixture->notified->len, ==, 2);
  g_assert_cmpstr (none_run->out, ==, "");
  g_assert_cmpstr (none_run->err, ==, "No token expires within 1 day.\n");
}

static void
test_no_notification_service (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) failed = NULL;
  g_autoptr(KeyfobTestRun) later = NULL;

  failed = run_tool (fixture, "remind", NULL);
  g_assert_cmpint (failed->status, ==, 1);
  g_assert_cmpstr (failed->out, ==, "");
  g_assert_true (g_str_has_prefix (failed->err, "keyfob-tool: Could not show the reminder ("));
  g_assert_nonnull (strstr (failed->err, "need a desktop session with a notification service"));

  /* Not counted as sent: once a service is there, the reminder goes out the same day. */
  serve_notifications (fixture);
  later = run_tool (fixture, "remind", NULL);
  g_assert_cmpint (later->status, ==, 0);
  g_assert_cmpuint (fixture->notified->len, ==, 1);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const no_schema_env[] = { "GSETTINGS_SCHEMA_DIR=/nonexistent",
                                         "XDG_DATA_DIRS=/nonexistent", NULL };
  const char * const remind[] = { "remind", NULL };
  g_autoptr(KeyfobTestRun) bad_days = NULL;
  g_autoptr(KeyfobTestRun) extra = NULL;
  g_autoptr(KeyfobTestRun) no_schema = NULL;

  serve_notifications (fixture);

  bad_days = run_tool (fixture, "remind", "--days", "soon", NULL);
  g_assert_cmpint (bad_days->status, ==, 2);
  g_assert_nonnull (strstr (bad_days->err, "“--days” takes a number of days from 0 to 3650"));

  extra = run_tool (fixture, "remind", "Soon", NULL);
  g_assert_cmpint (extra->status, ==, 2);
  g_assert_nonnull (strstr (extra->err, "“remind” takes none"));

  no_schema = run_tool_env (fixture, no_schema_env, remind);
  g_assert_cmpint (no_schema->status, ==, 1);
  g_assert_nonnull (strstr (no_schema->err, "settings schema is not installed"));
  g_assert_nonnull (strstr (no_schema->err, "meson devenv"));

  g_assert_cmpuint (fixture->notified->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/remind/notifies-once-a-day", Fixture, NULL, fixture_set_up,
              test_notifies_once_a_day, fixture_tear_down);
  g_test_add ("/cli/remind/days", Fixture, NULL, fixture_set_up, test_days, fixture_tear_down);
  g_test_add ("/cli/remind/no-notification-service", Fixture, NULL, fixture_set_up,
              test_no_notification_service, fixture_tear_down);
  g_test_add ("/cli/remind/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);

  return g_test_run ();
}
