/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-interop"

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "keyfob-interop-service.h"

/* The Secret Service that tests/interop/keyfob-interop-session started, seen over plain D-Bus
 * and not through libsecret, so that what keyfob-tool did is checked by other means than its
 * own; and the dialogs that service shows on the session's display, answered with xdotool as
 * a person would answer them. */

#define SECRETS_NAME      "org.freedesktop.secrets"
#define SECRETS_PATH      "/org/freedesktop/secrets"
#define SERVICE_INTERFACE "org.freedesktop.Secret.Service"
#define ITEM_INTERFACE    "org.freedesktop.Secret.Item"
#define CALL_TIMEOUT_MS   30000
#define PROMPT_SECONDS    30
/* How long a dialog's answerer may take once the tool has finished. */
#define ANSWER_GRACE_SECONDS 5

struct _KeyfobInteropDialog
{
  GSubprocess *process;
};

static GDBusConnection *
bus (void)
{
  static GDBusConnection *connection = NULL;

  if (g_once_init_enter (&connection))
    {
      g_autoptr(GError) error = NULL;
      GDBusConnection *session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

      g_assert_no_error (error);
      g_once_init_leave (&connection, session);
    }

  return connection;
}

static GVariant *
call (const char         *path,
      const char         *interface,
      const char         *method,
      GVariant           *parameters,
      const GVariantType *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus (), SECRETS_NAME, path, interface, method,
                                                 parameters, reply_type,
                                                 G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS,
                                                 NULL, &error);

  g_assert_no_error (error);

  return reply;
}

static GVariant *
get_property (const char *path,
              const char *interface,
              const char *property)
{
  g_autoptr(GVariant) reply = call (path, "org.freedesktop.DBus.Properties", "Get",
                                    g_variant_new ("(ss)", interface, property),
                                    G_VARIANT_TYPE ("(v)"));
  GVariant *value = NULL;

  g_variant_get (reply, "(v)", &value);

  return value;
}

/* "keepassxc" or "kwallet". */
const char *
keyfob_interop_service_name (void)
{
  const char *service = g_getenv ("KEYFOB_INTEROP_SERVICE");

  g_assert_nonnull (service);

  return service;
}

/* The default collection's path when the session started, or "" when it had none. */
const char *
keyfob_interop_default_collection (void)
{
  const char *collection = g_getenv ("KEYFOB_INTEROP_COLLECTION");

  g_assert_nonnull (collection);

  return collection;
}

char **
keyfob_interop_collections (void)
{
  g_autoptr(GVariant) value = get_property (SECRETS_PATH, SERVICE_INTERFACE, "Collections");

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH_ARRAY));

  return g_variant_dup_objv (value, NULL);
}

/* The collection @alias names, "/" for none. */
char *
keyfob_interop_read_alias (const char *alias)
{
  g_autoptr(GVariant) reply = call (SECRETS_PATH, SERVICE_INTERFACE, "ReadAlias",
                                    g_variant_new ("(s)", alias), G_VARIANT_TYPE ("(o)"));
  char *path = NULL;

  g_variant_get (reply, "(o)", &path);

  return path;
}

gboolean
keyfob_interop_collection_locked (const char *collection)
{
  g_autoptr(GVariant) value = get_property (collection, "org.freedesktop.Secret.Collection",
                                            "Locked");

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN));

  return g_variant_get_boolean (value);
}

typedef struct
{
  gboolean completed;
  gboolean dismissed;
  gboolean timed_out;
} PromptState;

static void
prompt_completed_cb (GDBusConnection *connection,
                     const char      *sender,
                     const char      *path,
                     const char      *interface,
                     const char      *signal,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  PromptState *state = user_data;

  state->completed = TRUE;
  g_variant_get (parameters, "(bv)", &state->dismissed, NULL);
}

static gboolean
prompt_timeout_cb (gpointer user_data)
{
  PromptState *state = user_data;

  state->timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Shows @prompt and waits for it to complete, not dismissed. */
static void
run_prompt (const char *prompt)
{
  PromptState state = { 0 };
  g_autoptr(GVariant) reply = NULL;
  guint subscription;
  guint timeout_id;

  subscription = g_dbus_connection_signal_subscribe (bus (), SECRETS_NAME,
                                                     "org.freedesktop.Secret.Prompt",
                                                     "Completed", prompt, NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     prompt_completed_cb, &state, NULL);
  reply = call (prompt, "org.freedesktop.Secret.Prompt", "Prompt", g_variant_new ("(s)", ""),
                NULL);

  timeout_id = g_timeout_add_seconds (PROMPT_SECONDS, prompt_timeout_cb, &state);
  while (!state.completed && !state.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!state.timed_out)
    g_source_remove (timeout_id);
  g_dbus_connection_signal_unsubscribe (bus (), subscription);

  g_assert_true (state.completed);
  g_assert_false (state.dismissed);
}

/* Locks @collection through the Secret Service's Lock, as a screen locker would; KeePassXC
 * answers with a prompt, which locks the database without asking anything. */
void
keyfob_interop_lock (const char *collection)
{
  const char *paths[] = { collection, NULL };
  g_autoptr(GVariant) reply = call (SECRETS_PATH, SERVICE_INTERFACE, "Lock",
                                    g_variant_new ("(^ao)", paths), G_VARIANT_TYPE ("(aoo)"));
  g_autofree char *prompt = NULL;

  g_variant_get (reply, "(^aoo)", NULL, &prompt);
  if (!g_str_equal (prompt, "/"))
    run_prompt (prompt);

  g_assert_true (keyfob_interop_collection_locked (collection));
}

/* The item that holds the token @token_id, or NULL; the service must not show two. */
char *
keyfob_interop_find_item (const char *token_id)
{
  g_autoptr(GVariantBuilder) query = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_autoptr(GVariant) reply = NULL;
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;

  g_variant_builder_add (query, "{ss}", "token-id", token_id);
  reply = call (SECRETS_PATH, SERVICE_INTERFACE, "SearchItems",
                g_variant_new ("(a{ss})", query), G_VARIANT_TYPE ("(aoao)"));
  g_variant_get (reply, "(^ao^ao)", &unlocked, &locked);

  g_assert_cmpuint (g_strv_length (unlocked) + g_strv_length (locked), <=, 1);
  if (unlocked[0] != NULL)
    return g_strdup (unlocked[0]);

  return g_strdup (locked[0]);
}

GHashTable *
keyfob_interop_item_attributes (const char *item)
{
  g_autoptr(GVariant) value = get_property (item, ITEM_INTERFACE, "Attributes");
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantIter iter;
  char *key;
  char *text;

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE ("a{ss}")));
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "{ss}", &key, &text))
    g_hash_table_insert (attributes, key, text);

  return attributes;
}

char *
keyfob_interop_item_label (const char *item)
{
  g_autoptr(GVariant) value = get_property (item, ITEM_INTERFACE, "Label");

  return g_variant_dup_string (value, NULL);
}

/* Sets @item's attributes as another program would, the user's password manager say. */
void
keyfob_interop_set_item_attributes (const char *item,
                                    GHashTable *attributes)
{
  GVariantBuilder builder;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GVariant) reply = NULL;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&builder, "{ss}", key, value);

  reply = call (item, "org.freedesktop.DBus.Properties", "Set",
                g_variant_new ("(ssv)", ITEM_INTERFACE, "Attributes",
                               g_variant_builder_end (&builder)),
                NULL);
}

/* What a person might have set on the entry in their password manager: Keyfob owns none of
 * it, so none of it may change under Keyfob's writes. */
GHashTable *
keyfob_interop_plant_attributes (const char *item)
{
  GHashTable *attributes = keyfob_interop_item_attributes (item);
  GHashTable *planted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_insert (planted, g_strdup ("org.example.note"), g_strdup ("kept by Keyfob"));
  if (g_str_equal (keyfob_interop_service_name (), "keepassxc"))
    {
      g_hash_table_insert (planted, g_strdup ("UserName"), g_strdup ("alice"));
      g_hash_table_insert (planted, g_strdup ("URL"), g_strdup ("https://app.example.com/"));
      g_hash_table_insert (planted, g_strdup ("Notes"), g_strdup ("the staging key"));
    }

  /* KeePassXC refuses its own Uuid and Path back, as any attribute it made read-only. */
  g_hash_table_remove (attributes, "Uuid");
  g_hash_table_remove (attributes, "Path");
  g_hash_table_iter_init (&iter, planted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (attributes, g_strdup (key), g_strdup (value));
  keyfob_interop_set_item_attributes (item, attributes);
  g_hash_table_unref (attributes);

  return planted;
}

void
keyfob_interop_assert_kept (const char *item,
                            GHashTable *planted,
                            const char *after)
{
  g_autoptr(GHashTable) attributes = keyfob_interop_item_attributes (item);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, planted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (attributes, key), value) != 0)
      g_error ("after %s, the item's “%s” is “%s”, not “%s”", after, (char *) key,
               (char *) g_hash_table_lookup (attributes, key), (char *) value);
}

/* The session's visible windows that have a name, one "ID NAME" a line: a dialog or wizard
 * the service opened shows up here. */
char *
keyfob_interop_windows (void)
{
  const char * const argv[] = {
    "sh", "-c",
    "for w in $(xdotool search --onlyvisible --name . 2>/dev/null); do "
    "  printf '%s %s\\n' \"$w\" \"$(xdotool getwindowname \"$w\")\"; "
    "done | sort",
    NULL
  };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

/* The title of the dialog in which the service asks for its password. */
static const char *
unlock_dialog_title (void)
{
  if (g_str_equal (keyfob_interop_service_name (), "keepassxc"))
    return "^Unlock Database - KeePassXC$";

  return "^KDE Wallet Service$";
}

/* The answerer and the xdotool it waits in go in a group of their own, killed as one: a
 * killed shell would leave its xdotool waiting for the dialog, holding the test's stderr. */
static void
new_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/**
 * keyfob_interop_dialog_answer_async:
 *
 * Waits, in another process, for the service's unlock dialog, and answers it: types
 * $KEYFOB_INTEROP_PASSWORD and Enter, or presses Escape. Finish with
 * keyfob_interop_dialog_finish() once the command that should bring the dialog has ended.
 */
KeyfobInteropDialog *
keyfob_interop_dialog_answer_async (KeyfobInteropAnswer answer)
{
  static const char script[] =
    "w=$(xdotool search --sync --onlyvisible --name \"$1\" | head -n 1)\n"
    "xdotool windowfocus --sync \"$w\"\n"
    "if [ \"$2\" = password ]; then\n"
    "  xdotool type --delay 20 \"$KEYFOB_INTEROP_PASSWORD\" && xdotool key Return\n"
    "else\n"
    "  xdotool key Escape\n"
    "fi\n";
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobInteropDialog *dialog = g_new0 (KeyfobInteropDialog, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, new_process_group, NULL, NULL);
  dialog->process = g_subprocess_launcher_spawn (launcher, &error,
                                                 "sh", "-c", script, "sh",
                                                 unlock_dialog_title (),
                                                 answer == KEYFOB_INTEROP_ANSWER_PASSWORD
                                                   ? "password" : "dismiss",
                                                 NULL);
  g_assert_no_error (error);

  return dialog;
}

static gboolean
grace_over_cb (gpointer user_data)
{
  gboolean *over = user_data;

  *over = TRUE;

  return G_SOURCE_REMOVE;
}

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Whether the dialog appeared and was answered; frees @dialog. */
gboolean
keyfob_interop_dialog_finish (KeyfobInteropDialog *dialog)
{
  gboolean done = FALSE;
  gboolean over = FALSE;
  gboolean answered;
  guint grace_id;

  g_subprocess_wait_async (dialog->process, NULL, waited_cb, &done);
  grace_id = g_timeout_add_seconds (ANSWER_GRACE_SECONDS, grace_over_cb, &over);
  while (!done && !over)
    g_main_context_iteration (NULL, TRUE);
  if (!over)
    g_source_remove (grace_id);

  /* Still waiting for a dialog that never came. */
  if (!done)
    {
      kill (-(pid_t) g_ascii_strtoll (g_subprocess_get_identifier (dialog->process), NULL, 10),
            SIGKILL);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }

  answered = g_subprocess_get_if_exited (dialog->process) &&
             g_subprocess_get_exit_status (dialog->process) == 0;
  g_object_unref (dialog->process);
  g_free (dialog);

  return answered;
}
