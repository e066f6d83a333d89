/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include "keyfob-store-private.h"
#include "keyfob-text.h"

/* ---- where the tokens are kept: which Secret Service, which collection ---- */

/* The kernel keeps 15 bytes of a process name; a file that says more is not /proc's. */
#define PROCESS_NAME_MAX_BYTES 64
#define PROCESS_NAME_MAX_CHARS 16

/* A collection's label is the user's, or another program's: a line of this many at most. */
#define COLLECTION_LABEL_MAX_CHARS 80

G_DEFINE_BOXED_TYPE (KeyfobStoreLocation, keyfob_store_location,
                     keyfob_store_location_copy, keyfob_store_location_free)

KeyfobStoreLocation *
keyfob_store_location_copy (const KeyfobStoreLocation *self)
{
  KeyfobStoreLocation *copy = g_new0 (KeyfobStoreLocation, 1);

  copy->service = g_strdup (self->service);
  copy->collection = g_strdup (self->collection);

  return copy;
}

void
keyfob_store_location_free (KeyfobStoreLocation *self)
{
  if (self == NULL)
    return;

  g_free (self->service);
  g_free (self->collection);
  g_free (self);
}

/**
 * _keyfob_store_name_service:
 * @process_name: (nullable): the name of the process that owns org.freedesktop.secrets, as
 *   /proc/PID/comm gives it: outside input
 *
 * Returns: (transfer full) (nullable): the service as people know it ("GNOME Keyring",
 *   "KeePassXC", "KWallet"), else the process name as one short printable line, else %NULL
 */
char *
_keyfob_store_name_service (const char *process_name)
{
  static const struct
  {
    const char *process;
    const char *name;
  } known[] = {
    { "gnome-keyring-d", "GNOME Keyring" },  /* gnome-keyring-daemon, cut by the kernel */
    { "gnome-keyring-daemon", "GNOME Keyring" },
    { "keepassxc", "KeePassXC" },
    { "kwalletd5", "KWallet" },
    { "kwalletd6", "KWallet" },
    { "ksecretd", "KWallet" },                /* KWallet's Secret Service from Plasma 6.3 */
  };
  g_autofree char *line = keyfob_text_one_line (process_name, PROCESS_NAME_MAX_BYTES);

  if (line == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (line, known[i].process) == 0)
      return g_strdup (known[i].name);

  return keyfob_text_one_line (line, PROCESS_NAME_MAX_CHARS);
}

typedef struct
{
  KeyfobStoreLocation *location;
  GInputStream        *stream;
  char                 buffer[PROCESS_NAME_MAX_BYTES + 1];
} Locate;

static void
locate_free (Locate *locate)
{
  keyfob_store_location_free (locate->location);
  g_clear_object (&locate->stream);
  g_free (locate);
}

static Locate *
locate_of (Op *op)
{
  return op->data;
}

static void
located (Op *op)
{
  _keyfob_store_op_return_pointer (op, g_steal_pointer (&locate_of (op)->location),
                                   (GDestroyNotify) keyfob_store_location_free);
}

static void
process_name_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Locate *locate = locate_of (op);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &length, &error))
    length = 0;
  if (_keyfob_store_op_ended (op))
    return;

  if (error != NULL)
    g_debug ("Could not read the keyring's process name: %s", error->message);

  locate->buffer[MIN (length, PROCESS_NAME_MAX_BYTES)] = '\0';
  locate->location->service = _keyfob_store_name_service (locate->buffer);
  located (op);
}

static void
process_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Locate *locate = locate_of (op);
  g_autoptr(GError) error = NULL;

  locate->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (object), result, &error));
  if (_keyfob_store_op_ended (op))
    return;

  if (locate->stream == NULL)
    {
      g_debug ("Could not open the keyring's process name: %s", error->message);
      located (op);
      return;
    }

  g_input_stream_read_all_async (locate->stream, locate->buffer, PROCESS_NAME_MAX_BYTES,
                                 G_PRIORITY_DEFAULT, op->cancellable, process_name_read_cb,
                                 _keyfob_store_op_ref (op));
}

static void
process_id_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  guint32 pid = 0;

  if (_keyfob_store_op_ended (op))
    return;

  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);
  else
    g_debug ("The bus did not say which process the keyring is: %s", error->message);

  if (pid == 0)
    {
      located (op);
      return;
    }

  path = g_strdup_printf ("/proc/%" G_GUINT32_FORMAT "/comm", pid);
  file = g_file_new_for_path (path);
  g_file_read_async (file, G_PRIORITY_DEFAULT, op->cancellable, process_opened_cb,
                     _keyfob_store_op_ref (op));
}

/* The bus tells which process owns the service's name, and /proc what it is called. In a
 * Flatpak sandbox the bus's process ids are not this namespace's: there it stays unknown
 * rather than name some other process. */
static void
find_process (Op *op)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (op->service));

  if (owner == NULL || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      located (op);
      return;
    }

  g_dbus_connection_call (op->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                          g_variant_new ("(s)", owner), G_VARIANT_TYPE ("(u)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, op->cancellable, process_id_cb,
                          _keyfob_store_op_ref (op));
}

static void
label_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  g_autoptr(GVariant) label = NULL;

  if (_keyfob_store_op_ended (op))
    return;

  if (reply == NULL)
    {
      g_debug ("Could not read the default collection's label: %s", error->message);
      find_process (op);
      return;
    }

  g_variant_get (reply, "(v)", &label);
  if (g_variant_is_of_type (label, G_VARIANT_TYPE_STRING))
    locate_of (op)->location->collection =
      keyfob_text_one_line (g_variant_get_string (label, NULL), COLLECTION_LABEL_MAX_CHARS);

  find_process (op);
}

static void
alias_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = secret_service_read_alias_dbus_path_finish (SECRET_SERVICE (object),
                                                                      result, &error);

  if (_keyfob_store_op_ended (op))
    return;

  if (path == NULL || g_str_equal (path, "/") || !g_variant_is_object_path (path))
    {
      if (error != NULL)
        g_debug ("Could not read the keyring's default collection: %s", error->message);
      find_process (op);
      return;
    }

  _keyfob_store_op_call (op, path, "org.freedesktop.DBus.Properties", "Get",
                         g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Label"),
                         G_VARIANT_TYPE ("(v)"), label_read_cb, _keyfob_store_op_ref (op));
}

static void
locate_start (Op *op)
{
  secret_service_read_alias_dbus_path (op->service, "default", op->cancellable, alias_read_cb,
                                       _keyfob_store_op_ref (op));
}

/**
 * keyfob_store_locate_async:
 *
 * Finds out where tokens are kept: the Secret Service's name and the label of its default
 * collection, which new tokens go to. Nothing is unlocked or created; what cannot be found
 * stays %NULL in the result. Fails only when the keyring cannot be reached at all.
 */
void
keyfob_store_locate_async (KeyfobStore         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(Op) op = NULL;
  Locate *locate;

  g_return_if_fail (KEYFOB_IS_STORE (self));

  op = _keyfob_store_op_new (self, cancellable, callback, user_data, keyfob_store_locate_async);
  locate = g_new0 (Locate, 1);
  locate->location = g_new0 (KeyfobStoreLocation, 1);
  _keyfob_store_op_set_data (op, locate, (GDestroyNotify) locate_free);

  _keyfob_store_op_with_service (op, locate_start);
}

/**
 * keyfob_store_locate_finish:
 *
 * Returns: (transfer full): where tokens are kept; each part %NULL when unknown
 */
KeyfobStoreLocation *
keyfob_store_locate_finish (KeyfobStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
