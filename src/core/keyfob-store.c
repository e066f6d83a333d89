/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
/* The object-path calls (search_for_dbus_paths, unlock_dbus_paths) have been in libsecret since
 * 0.7 and are what its own tools use; libsecret still files them under "unstable". */
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "keyfob-store.h"
#include "keyfob-deadline.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"

struct _KeyfobStore
{
  GObject    parent_instance;

  guint      timeout_seconds;
  GPtrArray *session_waiters;  /* of loads, while the first opens the session; else NULL */
};

G_DEFINE_FINAL_TYPE (KeyfobStore, keyfob_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (keyfob-store-error-quark, keyfob_store_error)

/* Matches our items by xdg:schema; the provider fields are declared by the provider files,
 * not here, so items are written without schema validation. */
static const SecretSchema token_schema = {
  KEYFOB_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  {
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "preview", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "created", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "expires", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "last-checked", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "last-result", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* One public operation: its deadline and what it works on. */
typedef struct
{
  KeyfobStore       *store;
  KeyfobDeadline    *deadline;
  GCancellable      *cancellable;  /* the deadline's: read it from a local Op, since the
                                      task is often stolen in the same call */
  KeyfobToken       *token;
  SecretValue       *secret;
  char              *name;      /* a new name, or the NAME|ID to find */
  SecretService     *service;
  KeyfobCheckResult *check;
  GHashTable        *attributes;  /* to write back */
  void             (*item_step) (GTask *task, SecretItem *item);

  /* listing */
  GPtrArray         *paths;       /* of the items to read */
  guint              n_locked;    /* of them, waiting for the unlock prompt */
  guint              next_path;
  guint              in_flight;
  GPtrArray         *tokens;      /* in the order of the paths */
  GError            *list_error;  /* the first failure; the rest only drain */
  gboolean           paths_only;
  gboolean           sort;
} Op;

/* Items being read at once while listing: enough to keep the keyring busy, few
 * enough not to queue thousands of calls on the bus. */
#define LIST_WINDOW 64

static void
op_free (Op *op)
{
  g_clear_object (&op->store);
  g_clear_pointer (&op->deadline, _keyfob_deadline_free);
  g_clear_object (&op->token);
  g_clear_pointer (&op->secret, secret_value_unref);
  g_free (op->name);
  g_clear_object (&op->service);
  g_clear_pointer (&op->check, keyfob_check_result_free);
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_clear_pointer (&op->paths, g_ptr_array_unref);
  g_clear_pointer (&op->tokens, g_ptr_array_unref);
  g_clear_error (&op->list_error);
  g_free (op);
}

static GTask *
op_task_new (KeyfobStore         *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->store = g_object_ref (self);
  op->deadline = _keyfob_deadline_new (cancellable, self->timeout_seconds);
  op->cancellable = _keyfob_deadline_get_cancellable (op->deadline);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  return task;
}

static Op *
op_of (GTask *task)
{
  return g_task_get_task_data (task);
}

/* D-Bus and I/O failures all mean the same to a user: no keyring to talk to. This includes
 * a session without a bus, where GIO reports a plain G_IO_ERROR_FAILED. */
static gboolean
is_unavailable (const GError *error)
{
  return error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR;
}

/* The one place keyring errors become ours. */
static void
return_error (GTask  *task,
              GError *error)
{
  Op *op = op_of (task);
  g_autoptr(GError) owned = error;

  if (_keyfob_deadline_expired (op->deadline))
    {
      g_task_return_new_error (task, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_TIMEOUT,
                               _("The keyring did not answer within %u seconds. If a password "
                                 "prompt is open, answer it; otherwise restart the keyring "
                                 "(log out and in again) and try again."),
                               op->store->timeout_seconds);
      return;
    }

  if (owned->domain == KEYFOB_STORE_ERROR ||
      owned->domain == KEYFOB_INPUT_ERROR ||
      g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&owned));
      return;
    }

  /* The Secret Service's own errors may arrive as plain D-Bus errors: read their names. */
  if (g_dbus_error_is_remote_error (owned))
    {
      g_autofree char *name = g_dbus_error_get_remote_error (owned);

      if (g_strcmp0 (name, "org.freedesktop.Secret.Error.IsLocked") == 0)
        owned->domain = SECRET_ERROR, owned->code = SECRET_ERROR_IS_LOCKED;
      else if (g_strcmp0 (name, "org.freedesktop.Secret.Error.NoSuchObject") == 0)
        owned->domain = SECRET_ERROR, owned->code = SECRET_ERROR_NO_SUCH_OBJECT;
    }

  if (g_error_matches (owned, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      g_task_return_new_error (task, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED,
                               _("The keyring is locked. Unlock it (in Passwords and Keys, or "
                                 "by logging in again) and try again."));
      return;
    }

  if (g_error_matches (owned, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    {
      g_task_return_new_error (task, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND,
                               _("The token is no longer in the keyring: another program "
                                 "removed it. List the tokens again."));
      return;
    }

  if (g_dbus_error_is_remote_error (owned))
    g_dbus_error_strip_remote_error (owned);

  if (is_unavailable (owned))
    {
      g_task_return_new_error (task, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE,
                               _("No keyring is available (%s). Keyfob keeps tokens only in "
                                 "the Secret Service: install and start gnome-keyring, or log "
                                 "in to a desktop session, and try again."),
                               owned->message);
      return;
    }

  g_task_return_new_error (task, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_FAILED,
                           _("The keyring refused the request: %s"), owned->message);
}

static void
return_locked (GTask *task)
{
  return_error (task, g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, ""));
}

/* Step 1 of every operation: reach the Secret Service. */
static void
with_service (GTask               *task,
              GAsyncReadyCallback  next)
{
  secret_service_get (SECRET_SERVICE_NONE, op_of (task)->cancellable, next, task);
}

static SecretService *
service_finish (GTask        *task,
                GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  SecretService *service = secret_service_get_finish (result, &error);

  if (service == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  op_of (task)->service = service;
  return service;
}

typedef struct
{
  char        *key;
  KeyfobToken *token;
} SortEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SortEntry *ea = a;
  const SortEntry *eb = b;
  int order = strcmp (ea->key, eb->key);

  return order != 0 ? order : g_strcmp0 (keyfob_token_get_provider_id (ea->token),
                                         keyfob_token_get_provider_id (eb->token));
}

/* By name, as a person reads them; each collation key is made once, not per comparison. */
static void
sort_tokens (GPtrArray *tokens)
{
  g_autofree SortEntry *entries = NULL;

  /* qsort() takes no NULL array, even an empty one. */
  if (tokens->len < 2)
    return;

  entries = g_new (SortEntry, tokens->len);

  for (guint i = 0; i < tokens->len; i++)
    {
      entries[i].token = g_ptr_array_index (tokens, i);
      entries[i].key = g_utf8_collate_key (keyfob_token_get_name (entries[i].token), -1);
    }

  qsort (entries, tokens->len, sizeof *entries, compare_entries);

  for (guint i = 0; i < tokens->len; i++)
    {
      tokens->pdata[i] = entries[i].token;
      g_free (entries[i].key);
    }
}

static void read_items (GTask *task);

/* The paths are known and unlocked: return them, or go on to read their items. */
static void
paths_listed (GTask *task)
{
  Op *op = op_of (task);

  if (!op->paths_only)
    {
      read_items (task);
      return;
    }

  g_ptr_array_add (op->paths, NULL);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&op->paths), FALSE),
                         (GDestroyNotify) g_strfreev);
  g_object_unref (task);
}

static void
collection_locked_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretCollection) collection = secret_collection_for_alias_finish (result, &error);

  if (error != NULL)
    return_error (task, g_steal_pointer (&error));
  /* A locked keyring hides its items, so "none" would be a lie. */
  else if (collection != NULL && secret_collection_get_locked (collection))
    return_locked (task);
  else
    paths_listed (g_steal_pointer (&task));
}

static void
check_paths (GTask *task)
{
  Op *op = op_of (task);

  if (op->paths->len > 0)
    {
      paths_listed (task);
      return;
    }

  secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               op->cancellable, collection_locked_cb, task);
}

/* One item being read: its label and its attributes come in two replies. */
typedef struct
{
  GTask    *task;
  guint     index;        /* into the Op's paths and tokens */
  guint     pending;
  GVariant *label;        /* (v) */
  GVariant *attributes;   /* (v) */
} ItemRead;

static void
item_read_free (ItemRead *read)
{
  g_clear_pointer (&read->label, g_variant_unref);
  g_clear_pointer (&read->attributes, g_variant_unref);
  g_free (read);
}

static KeyfobToken *
token_from_replies (const char *path,
                    GVariant   *label_reply,
                    GVariant   *attributes_reply)
{
  g_autoptr(GVariant) label = NULL;
  g_autoptr(GVariant) attributes_variant = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantIter iter;
  const char *name;
  const char *value;

  g_variant_get (label_reply, "(v)", &label);
  g_variant_get (attributes_reply, "(v)", &attributes_variant);

  if (g_variant_is_of_type (attributes_variant, G_VARIANT_TYPE ("a{ss}")))
    {
      g_variant_iter_init (&iter, attributes_variant);
      while (g_variant_iter_next (&iter, "{&s&s}", &name, &value))
        g_hash_table_insert (attributes, (gpointer) name, (gpointer) value);
    }

  return _keyfob_token_new_from_attributes (attributes,
                                            g_variant_is_of_type (label, G_VARIANT_TYPE_STRING)
                                              ? g_variant_get_string (label, NULL) : NULL,
                                            path);
}

static void
item_replied (ItemRead     *read,
              GVariant    **slot,
              GObject      *connection,
              GAsyncResult *result)
{
  GTask *task = read->task;
  Op *op = op_of (task);
  g_autoptr(GError) error = NULL;

  *slot = g_dbus_connection_call_finish (G_DBUS_CONNECTION (connection), result, &error);
  if (*slot == NULL && op->list_error == NULL)
    op->list_error = g_steal_pointer (&error);

  if (--read->pending > 0)
    return;

  op->in_flight--;
  if (read->label != NULL && read->attributes != NULL)
    {
      op->tokens->pdata[read->index] =
        token_from_replies (g_ptr_array_index (op->paths, read->index), read->label,
                            read->attributes);
      _keyfob_deadline_restart (op->deadline);
    }
  item_read_free (read);

  read_items (task);
}

static void
label_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ItemRead *read = user_data;

  item_replied (read, &read->label, object, result);
}

static void
attributes_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ItemRead *read = user_data;

  item_replied (read, &read->attributes, object, result);
}

/* A failed read leaves its slot empty. */
static void
unref_token (gpointer token)
{
  if (token != NULL)
    g_object_unref (token);
}

static void
get_item_property (GTask               *task,
                   const char          *path,
                   const char          *property,
                   GAsyncReadyCallback  callback,
                   ItemRead            *read)
{
  Op *op = op_of (task);
  GDBusProxy *proxy = G_DBUS_PROXY (op->service);

  g_dbus_connection_call (g_dbus_proxy_get_connection (proxy), g_dbus_proxy_get_name (proxy),
                          path, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.Secret.Item", property),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, op->cancellable,
                          callback, read);
}

/* Reads the items' labels and attributes straight from the Secret Service: no proxy, no signal
 * subscription per item, and many calls on the wire at once. Two Gets rather than one GetAll:
 * gnome-keyring looks the item up again for each property it returns, and GetAll returns six,
 * which makes it three times dearer. Each read holds a reference on the task, so the task ends
 * when the last reply has come in. */
static void
read_items (GTask *task)
{
  Op *op = op_of (task);

  if (op->tokens == NULL)
    {
      op->tokens = g_ptr_array_new_full (op->paths->len, unref_token);
      g_ptr_array_set_size (op->tokens, op->paths->len);
    }

  while (op->list_error == NULL && op->next_path < op->paths->len &&
         op->in_flight < LIST_WINDOW)
    {
      ItemRead *read = g_new0 (ItemRead, 1);
      const char *path = g_ptr_array_index (op->paths, op->next_path);

      read->task = task;
      read->index = op->next_path++;
      read->pending = 2;
      op->in_flight++;
      get_item_property (task, path, "Label", label_cb, read);
      get_item_property (task, path, "Attributes", attributes_cb, read);
      g_object_ref (task);
    }

  if (op->in_flight > 0)
    {
      g_object_unref (task);
      return;
    }

  if (op->list_error != NULL)
    {
      return_error (task, g_steal_pointer (&op->list_error));
    }
  else
    {
      if (op->sort)
        sort_tokens (op->tokens);
      g_task_return_pointer (task, g_steal_pointer (&op->tokens),
                             (GDestroyNotify) g_ptr_array_unref);
    }

  g_object_unref (task);
}

static void
add_paths (GPtrArray *paths,
           char     **found)
{
  for (guint i = 0; found != NULL && found[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (found[i]));
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unlocked = NULL;
  Op *op = op_of (task);
  int n = secret_service_unlock_dbus_paths_finish (SECRET_SERVICE (object), result, &unlocked,
                                                   &error);

  if (error != NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The prompt was dismissed, or failed: what stays locked cannot be listed. */
  if (n < 0 || (guint) n < op->n_locked)
    {
      return_locked (task);
      return;
    }

  add_paths (op->paths, unlocked);
  check_paths (g_steal_pointer (&task));
}

static void
paths_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  Op *op = op_of (task);

  if (!secret_service_search_for_dbus_paths_finish (SECRET_SERVICE (object), result, &unlocked,
                                                    &locked, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  op->paths = g_ptr_array_new_with_free_func (g_free);
  add_paths (op->paths, unlocked);

  /* Locked items: ask to unlock them, which shows the system's password prompt. */
  if (locked != NULL && locked[0] != NULL)
    {
      op->n_locked = g_strv_length (locked);
      secret_service_unlock_dbus_paths (op->service, (const char **) locked, op->cancellable,
                                        unlocked_cb, g_steal_pointer (&task));
      return;
    }

  check_paths (g_steal_pointer (&task));
}

static void
list_service_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  SecretService *service = service_finish (task, result);
  Op *op = op_of (task);

  if (service == NULL)
    return;

  /* Object paths only: listing never reads a secret, nor makes a proxy per item. */
  secret_service_search_for_dbus_paths (service, &token_schema, query, op->cancellable,
                                        paths_found_cb, g_steal_pointer (&task));
}

/* Every operation that needs the current tokens (find, duplicate checks) starts here. */
static void
list_tokens (KeyfobStore         *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = op_task_new (self, cancellable, callback, user_data, list_tokens);

  op_of (task)->sort = TRUE;
  with_service (g_steal_pointer (&task), list_service_cb);
}

static void
read_service_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (service_finish (task, result) != NULL)
    read_items (g_steal_pointer (&task));
}

static void
keyfob_store_finalize (GObject *object)
{
  KeyfobStore *self = (KeyfobStore *) object;

  /* Each waiting load holds a reference on the store, so none is left. */
  g_assert (self->session_waiters == NULL);

  G_OBJECT_CLASS (keyfob_store_parent_class)->finalize (object);
}

static void
keyfob_store_class_init (KeyfobStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keyfob_store_finalize;
}

static void
keyfob_store_init (KeyfobStore *self)
{
  self->timeout_seconds = KEYFOB_STORE_TIMEOUT;
}

KeyfobStore *
keyfob_store_new (void)
{
  return g_object_new (KEYFOB_TYPE_STORE, NULL);
}

void
keyfob_store_set_timeout (KeyfobStore *self,
                          guint        seconds)
{
  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

/**
 * keyfob_store_list_async:
 *
 * Lists every token in the keyring, sorted by name, without reading a secret.
 */
void
keyfob_store_list_async (KeyfobStore         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_STORE (self));

  list_tokens (self, cancellable, callback, user_data);
}

/**
 * keyfob_store_list_finish:
 *
 * Returns: (transfer container) (element-type KeyfobToken): the tokens
 */
GPtrArray *
keyfob_store_list_finish (KeyfobStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * keyfob_store_list_paths_async:
 *
 * Lists the object paths of every token's item, unlocking them if need be, without reading
 * the items: one call however many tokens there are. Read them with
 * keyfob_store_read_tokens_async(), a screenful first.
 */
void
keyfob_store_list_paths_async (KeyfobStore         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_list_paths_async);
  op_of (task)->paths_only = TRUE;
  with_service (g_steal_pointer (&task), list_service_cb);
}

/**
 * keyfob_store_list_paths_finish:
 *
 * Returns: (transfer full): the items' object paths, in no particular order
 */
char **
keyfob_store_list_paths_finish (KeyfobStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * keyfob_store_read_tokens_async:
 * @paths: (array zero-terminated=1): object paths from keyfob_store_list_paths_finish()
 *
 * Reads these items' names and attributes, never their secrets.
 */
void
keyfob_store_read_tokens_async (KeyfobStore         *self,
                                const char * const  *paths,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (paths != NULL);

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_read_tokens_async);
  op = op_of (task);
  op->paths = g_ptr_array_new_with_free_func (g_free);
  add_paths (op->paths, (char **) paths);
  with_service (g_steal_pointer (&task), read_service_cb);
}

/**
 * keyfob_store_read_tokens_finish:
 *
 * Returns: (transfer container) (element-type KeyfobToken): the tokens, in the order of the
 *   paths
 */
GPtrArray *
keyfob_store_read_tokens_finish (KeyfobStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static KeyfobToken *
find_in (GPtrArray   *tokens,
         const char  *name_or_id,
         GError     **error)
{
  g_autoptr(GString) providers = g_string_new (NULL);
  KeyfobToken *found = NULL;
  guint matches = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (g_str_equal (keyfob_token_get_id (token), name_or_id))
        return g_object_ref (token);
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (g_str_equal (keyfob_token_get_name (token), name_or_id))
        {
          found = token;
          g_string_append_printf (providers, "%s%s", matches++ > 0 ? ", " : "",
                                  keyfob_token_get_provider_id (token));
        }
    }

  if (matches > 1)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_AMBIGUOUS,
                   /* Translators: “%u tokens are called “%s” (pylon, pushly): …” */
                   _("%u tokens are called “%s” (%s): name one by its id instead."),
                   matches, name_or_id, providers->str);
      return NULL;
    }

  if (found == NULL)
    {
      g_set_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND,
                   _("No token is called “%s” or has that id. List the tokens to see their "
                     "names."), name_or_id);
      return NULL;
    }

  return g_object_ref (found);
}

static void
find_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = g_task_propagate_pointer (G_TASK (result), &error);
  KeyfobToken *token;

  if (tokens == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if ((token = find_in (tokens, op_of (task)->name, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, g_object_unref);
}

/**
 * keyfob_store_find_async:
 * @name_or_id: a token's id, or its name when only one token has it
 */
void
keyfob_store_find_async (KeyfobStore         *self,
                         const char          *name_or_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (name_or_id != NULL);

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_find_async);
  op_of (task)->name = g_strdup (name_or_id);

  list_tokens (self, cancellable, find_listed_cb, g_steal_pointer (&task));
}

KeyfobToken *
keyfob_store_find_finish (KeyfobStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_listed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GHashTable) attributes = NULL;
  Op *op = op_of (task);

  /* The listing's deadline is chained to ours and fires in the same second, often just
   * after it: its CANCELLED then means our TIMEOUT, which return_error() knows. */
  if (tokens == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!keyfob_tokens_check_name_free (tokens, keyfob_token_get_provider_id (op->token),
                                      keyfob_token_get_name (op->token),
                                      keyfob_token_get_id (op->token), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attributes = _keyfob_token_to_attributes (op->token);
  secret_password_storev_binary (NULL, attributes, SECRET_COLLECTION_DEFAULT,
                                 keyfob_token_get_name (op->token), op->secret,
                                 op->cancellable, add_stored_cb, g_steal_pointer (&task));
}

/**
 * keyfob_store_add_async:
 * @token: a token made by keyfob_token_new_from_input()
 * @secret: the token itself
 *
 * Stores a new token, refusing a name its provider's tokens already use.
 */
void
keyfob_store_add_async (KeyfobStore         *self,
                        KeyfobToken         *token,
                        SecretValue         *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));
  g_return_if_fail (secret != NULL);

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_add_async);
  op = op_of (task);
  op->token = g_object_ref (token);
  op->secret = secret_value_ref (secret);

  list_tokens (self, op->cancellable, add_listed_cb, g_steal_pointer (&task));
}

gboolean
keyfob_store_add_finish (KeyfobStore   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
item_made_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretItem) item = secret_item_new_for_dbus_path_finish (result, &error);
  Op *op = op_of (task);

  if (item == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_token_set_item (op->token, item);
  op->item_step (g_steal_pointer (&task), item);
}

static void
item_service_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretService *service = service_finish (task, result);
  Op *op = op_of (task);

  if (service != NULL)
    secret_item_new_for_dbus_path (service, _keyfob_token_get_object_path (op->token),
                                   SECRET_ITEM_NONE, op->cancellable, item_made_cb,
                                   g_steal_pointer (&task));
}

/* Takes @task's reference. */
static void
return_not_stored (GTask *task)
{
  g_task_return_new_error (task, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND,
                           _("This token is not in the keyring yet."));
  g_object_unref (task);
}

/* Runs @step with the token's item proxy, made on first need: listing makes none. Takes
 * @task's reference. */
static void
with_item (GTask  *task,
           void  (*step) (GTask *task, SecretItem *item))
{
  Op *op = op_of (task);
  SecretItem *item = _keyfob_token_get_item (op->token);

  if (item != NULL)
    {
      step (task, item);
      return;
    }

  if (_keyfob_token_get_object_path (op->token) == NULL)
    {
      return_not_stored (task);
      return;
    }

  op->item_step = step;
  with_service (task, item_service_cb);
}

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SecretValue *value = secret_service_get_secret_for_dbus_path_finish (SECRET_SERVICE (object),
                                                                       result, &error);

  if (error != NULL)
    return_error (task, g_steal_pointer (&error));
  /* A locked item has no secret to give. */
  else if (value == NULL)
    return_locked (task);
  else
    g_task_return_pointer (task, value, (GDestroyNotify) secret_value_unref);
}

static void
get_secret (GTask *task)
{
  Op *op = op_of (task);

  secret_service_get_secret_for_dbus_path (op->service, _keyfob_token_get_object_path (op->token),
                                           op->cancellable, secret_loaded_cb, task);
}

static void
session_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyfobStore *self = op_of (task)->store;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->session_waiters);
  g_autoptr(GError) error = NULL;

  /* On failure each load tries again on its own, and reports its own error. */
  if (!secret_service_ensure_session_finish (SECRET_SERVICE (object), result, &error))
    g_debug ("Could not open a session with the keyring: %s", error->message);

  get_secret (g_steal_pointer (&task));
  for (guint i = 0; i < waiters->len; i++)
    get_secret (g_ptr_array_index (waiters, i));
  /* The tasks went on with their references. */
  g_ptr_array_set_free_func (waiters, NULL);
}

/* libsecret opens a session for every load that finds none yet, so a hundred loads at once
 * ("test all") would negotiate a hundred, one after another in gnome-keyring, before the first
 * secret came back: the first load opens it, the others wait for it. */
static void
load_secret_service_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretService *service = service_finish (task, result);
  KeyfobStore *self = op_of (task)->store;
  GCancellable *cancellable = op_of (task)->cancellable;

  if (service == NULL)
    return;

  if (secret_service_get_session_algorithms (service) != NULL)
    {
      get_secret (g_steal_pointer (&task));
    }
  else if (self->session_waiters != NULL)
    {
      g_ptr_array_add (self->session_waiters, g_steal_pointer (&task));
    }
  else
    {
      self->session_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      secret_service_ensure_session (service, cancellable, session_opened_cb,
                                     g_steal_pointer (&task));
    }
}

/* By object path, without an item proxy: making one costs gnome-keyring a GetAll and the bus a
 * match rule, which for "test all" came before any check could start; and a proxy would keep
 * the secret it loaded for as long as it lives. */
void
keyfob_store_load_secret_async (KeyfobStore         *self,
                                KeyfobToken         *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_load_secret_async);
  op = op_of (task);
  op->token = g_object_ref (token);

  if (_keyfob_token_get_object_path (token) == NULL)
    {
      return_not_stored (g_steal_pointer (&task));
      return;
    }

  with_service (g_steal_pointer (&task), load_secret_service_cb);
}

/**
 * keyfob_store_load_secret_finish:
 *
 * Returns: (transfer full): the token, in memory libsecret keeps out of swap
 */
SecretValue *
keyfob_store_load_secret_finish (KeyfobStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Op *op = op_of (task);

  if (!secret_item_set_label_finish (SECRET_ITEM (object), result, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_token_set_name (op->token, op->name);
  g_task_return_boolean (task, TRUE);
}

static void
rename_step (GTask      *task,
             SecretItem *item)
{
  Op *op = op_of (task);

  secret_item_set_label (item, op->name, op->cancellable, renamed_cb, task);
}

static void
rename_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = g_task_propagate_pointer (G_TASK (result), &error);
  Op *op = op_of (task);

  /* As in add_listed_cb(): the listing's CANCELLED may be our TIMEOUT. */
  if (tokens == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!keyfob_tokens_check_name_free (tokens, keyfob_token_get_provider_id (op->token), op->name,
                                      keyfob_token_get_id (op->token), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  with_item (g_steal_pointer (&task), rename_step);
}

void
keyfob_store_rename_async (KeyfobStore         *self,
                           KeyfobToken         *token,
                           const char          *new_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Op *op;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_rename_async);
  op = op_of (task);
  op->token = g_object_ref (token);

  if (!(op->name = keyfob_name_normalise (new_name, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  list_tokens (self, op->cancellable, rename_listed_cb, g_steal_pointer (&task));
}

gboolean
keyfob_store_rename_finish (KeyfobStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_item_delete_finish (SECRET_ITEM (object), result, &error))
    return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_step (GTask      *task,
             SecretItem *item)
{
  secret_item_delete (item, op_of (task)->cancellable, deleted_cb, task);
}

void
keyfob_store_delete_async (KeyfobStore         *self,
                           KeyfobToken         *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_delete_async);
  op = op_of (task);
  op->token = g_object_ref (token);

  with_item (g_steal_pointer (&task), delete_step);
}

gboolean
keyfob_store_delete_finish (KeyfobStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
check_recorded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Op *op = op_of (task);

  if (!secret_item_set_attributes_finish (SECRET_ITEM (object), result, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_token_set_last_check (op->token, op->check);
  g_task_return_boolean (task, TRUE);
}

/**
 * keyfob_store_record_check_async:
 *
 * Writes a check's time and verdict back to the token's keyring item.
 */
static void
record_check_step (GTask      *task,
                   SecretItem *item)
{
  Op *op = op_of (task);

  secret_item_set_attributes (item, NULL, op->attributes, op->cancellable, check_recorded_cb,
                              task);
}

void
keyfob_store_record_check_async (KeyfobStore             *self,
                                 KeyfobToken             *token,
                                 const KeyfobCheckResult *check,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *checked = NULL;
  Op *op;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));
  g_return_if_fail (check != NULL);

  task = op_task_new (self, cancellable, callback, user_data, keyfob_store_record_check_async);
  op = op_of (task);
  op->token = g_object_ref (token);
  op->check = keyfob_check_result_copy (check);

  attributes = _keyfob_token_to_attributes (token);
  checked = keyfob_date_format (check->checked_at);
  g_hash_table_replace (attributes, g_strdup ("last-checked"), g_steal_pointer (&checked));
  g_hash_table_replace (attributes, g_strdup ("last-result"),
                        g_strdup (keyfob_verdict_to_string (check->verdict)));
  if (check->account != NULL)
    g_hash_table_replace (attributes, g_strdup ("account"), g_strdup (check->account));
  if (check->host != NULL)
    g_hash_table_replace (attributes, g_strdup ("check-host"), g_strdup (check->host));

  op->attributes = g_steal_pointer (&attributes);
  with_item (g_steal_pointer (&task), record_check_step);
}

gboolean
keyfob_store_record_check_finish (KeyfobStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
