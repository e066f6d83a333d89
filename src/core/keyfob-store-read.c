/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* Items being read at once: enough to keep the keyring busy, few enough not to queue
 * thousands of calls on the bus. */
#define READ_WINDOW 64

/* Items of an older format given the name attribute per operation that meets them: a few at
 * a time, since gnome-keyring rewrites its whole file on every write. */
#define MIGRATE_BATCH 8

GHashTable *
_keyfob_store_attributes_of (GVariant *reply)
{
  g_autoptr(GVariant) value = NULL;
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantIter iter;
  const char *name;
  const char *text;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("a{ss}")))
    return attributes;

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &text))
    g_hash_table_insert (attributes, g_strdup (name), g_strdup (text));

  return attributes;
}

/* ---- reading items ---- */

/* A set of items being read, a window at a time. */
typedef struct
{
  Op          *op;
  GPtrArray   *paths;
  guint        next;
  guint        in_flight;
  GPtrArray   *tokens;     /* in the order of the paths */
  GError      *error;      /* the first failure; the rest only drain */
  gboolean     labels;     /* read every label, not only where no name attribute is */
  TokensFunc   done;
  gpointer     data;
} Reading;

typedef struct
{
  Reading    *reading;
  guint       index;
  GHashTable *attributes;
} ItemRead;

static void
unref_token (gpointer token)
{
  if (token != NULL)
    g_object_unref (token);
}

static void
reading_free (Reading *reading)
{
  g_clear_pointer (&reading->paths, g_ptr_array_unref);
  g_clear_pointer (&reading->tokens, g_ptr_array_unref);
  g_clear_error (&reading->error);
  _keyfob_store_op_unref (reading->op);
  g_free (reading);
}

static KeyfobToken *
token_from (KeyfobStore *store,
            const char  *path,
            GHashTable  *attributes,
            const char  *label)
{
  KeyfobCatalogue *catalogue = _keyfob_store_get_catalogue (store);
  const char *provider_id = g_hash_table_lookup (attributes, "provider");
  KeyfobProvider *provider = NULL;

  if (catalogue != NULL && provider_id != NULL)
    provider = keyfob_catalogue_lookup (catalogue, provider_id);

  return _keyfob_token_new_from_attributes (attributes, label, path, provider);
}

static void read_more (Reading *reading);

static void
item_done (ItemRead    *item,
           KeyfobToken *token,
           GError      *error)
{
  Reading *reading = item->reading;

  reading->in_flight--;
  if (token != NULL)
    reading->tokens->pdata[item->index] = token;
  if (error != NULL && reading->error == NULL)
    reading->error = error;
  else if (error != NULL)
    g_error_free (error);

  g_clear_pointer (&item->attributes, g_hash_table_unref);
  g_free (item);

  if (!_keyfob_store_op_ended (reading->op))
    _keyfob_store_op_progress (reading->op);
  read_more (reading);
}

static void
label_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ItemRead *item = user_data;
  GError *error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  g_autoptr(GVariant) label = NULL;
  Reading *reading = item->reading;

  if (reply == NULL || _keyfob_store_op_ended (reading->op))
    {
      item_done (item, NULL, error);
      return;
    }

  g_variant_get (reply, "(v)", &label);
  item_done (item,
             token_from (reading->op->store, g_ptr_array_index (reading->paths, item->index),
                         item->attributes,
                         g_variant_is_of_type (label, G_VARIANT_TYPE_STRING)
                           ? g_variant_get_string (label, NULL) : NULL),
             NULL);
}

static void
attributes_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ItemRead *item = user_data;
  GError *error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  Reading *reading = item->reading;
  const char *path = g_ptr_array_index (reading->paths, item->index);

  if (reply == NULL || _keyfob_store_op_ended (reading->op))
    {
      item_done (item, NULL, error);
      return;
    }

  /* Items of this version carry their name: one call. Older ones and other programs' items
   * have it only as the label. An item of another schema (a path given as an id) is none of
   * Keyfob's business: its slot stays empty. */
  item->attributes = _keyfob_store_attributes_of (reply);
  if (!_keyfob_store_is_our_schema (g_hash_table_lookup (item->attributes, "xdg:schema")))
    {
      item_done (item, NULL, NULL);
      return;
    }
  if (g_hash_table_contains (item->attributes, KEYFOB_ATTRIBUTE_NAME) && !reading->labels)
    {
      item_done (item, token_from (reading->op->store, path, item->attributes, NULL), NULL);
      return;
    }

  _keyfob_store_op_get_property (reading->op, path, "Label", label_cb, item);
}

static void
read_more (Reading *reading)
{
  Op *op = reading->op;

  while (!_keyfob_store_op_ended (op) && reading->error == NULL &&
         reading->next < reading->paths->len && reading->in_flight < READ_WINDOW)
    {
      ItemRead *item = g_new0 (ItemRead, 1);

      item->reading = reading;
      item->index = reading->next++;
      reading->in_flight++;
      _keyfob_store_op_get_property (op, g_ptr_array_index (reading->paths, item->index),
                                     "Attributes", attributes_cb, item);
    }

  if (reading->in_flight > 0)
    return;

  /* done always hears of the end, to free what it holds: NULL when the op ended. */
  if (!_keyfob_store_op_ended (op) && reading->error != NULL)
    _keyfob_store_op_return_error (op, g_steal_pointer (&reading->error));
  reading->done (op, _keyfob_store_op_ended (op) ? NULL : reading->tokens, reading->data);

  reading_free (reading);
}

/**
 * _keyfob_store_op_read_tokens:
 * @paths: items' object paths
 * @done: gets the tokens, in the order of the paths, %NULL where an item is not Keyfob's; or
 *   %NULL, once the op ended (a failure ends it)
 *
 * Reads the items' names and attributes straight from the Secret Service, never their secrets,
 * many calls on the wire at once.
 */
void
_keyfob_store_op_read_tokens (Op                 *op,
                              const char * const *paths,
                              TokensFunc          done,
                              gpointer            data)
{
  _keyfob_store_op_read_tokens_full (op, paths, FALSE, done, data);
}

/* With @labels, also the label of items that have the name attribute: one more call each,
 * to notice another program's rename. */
void
_keyfob_store_op_read_tokens_full (Op                 *op,
                                   const char * const *paths,
                                   gboolean            labels,
                                   TokensFunc          done,
                                   gpointer            data)
{
  Reading *reading = g_new0 (Reading, 1);

  reading->labels = labels;
  reading->op = _keyfob_store_op_ref (op);
  reading->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    g_ptr_array_add (reading->paths, g_strdup (paths[i]));
  reading->tokens = g_ptr_array_new_full (reading->paths->len, unref_token);
  g_ptr_array_set_size (reading->tokens, reading->paths->len);
  reading->done = done;
  reading->data = data;

  read_more (reading);
}

/* ---- finding by name ---- */

/* Items named so: those of this version by one search, and among older items, which carry
 * the name only as their label, the ones whose label says so. Older items have a schema of
 * their own, so a second search finds only them: nothing, in a keyring that holds only this
 * version's items, however many. */
typedef struct
{
  Op         *op;
  char       *provider_id;
  char       *name;
  guint       pending;
  guint       writing;    /* migrations under way */
  char      **named;
  char      **legacy;
  GPtrArray  *found;
  TokensFunc  done;
  gpointer    data;
} Finding;

static void
finding_free (Finding *finding)
{
  g_free (finding->provider_id);
  g_free (finding->name);
  g_strfreev (finding->named);
  g_strfreev (finding->legacy);
  g_clear_pointer (&finding->found, g_ptr_array_unref);
  _keyfob_store_op_unref (finding->op);
  g_free (finding);
}

static void
named_read (Op        *op,
            GPtrArray *tokens,
            gpointer   data)
{
  Finding *finding = data;

  if (tokens == NULL)
    {
      finding_free (finding);
      return;
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      /* An item may change between the search and the read. */
      if (token != NULL && g_strcmp0 (keyfob_token_get_name (token), finding->name) == 0 &&
          (finding->provider_id == NULL ||
           g_strcmp0 (keyfob_token_get_provider_id (token), finding->provider_id) == 0))
        g_ptr_array_add (finding->found, g_object_ref (token));
    }

  finding->done (op, finding->found, finding->data);
  finding_free (finding);
}

static void
read_named (Finding *finding)
{
  _keyfob_store_op_read_tokens (finding->op, (const char * const *) finding->named, named_read,
                                finding);
}

/* A migration that fails (a service that refuses the write) costs nothing but its speed: the
 * item is still found by its label. */
static void
migrated (Op       *op,
          GError   *error,
          gpointer  data)
{
  Finding *finding = data;

  if (error != NULL)
    g_debug ("Could not give an older item the name attribute: %s", error->message);
  g_clear_error (&error);

  if (--finding->writing > 0)
    return;

  if (_keyfob_store_op_ended (op))
    finding_free (finding);
  else
    read_named (finding);
}

/* Gives a few older items the attributes of this version, as they are met; the search goes on
 * once they are written. */
static void
migrate_some (Finding   *finding,
              GPtrArray *legacy)
{
  Op *op = finding->op;

  finding->writing = 1;
  for (guint i = 0; i < legacy->len && finding->writing <= MIGRATE_BATCH; i++)
    {
      KeyfobToken *token = g_ptr_array_index (legacy, i);
      g_autoptr(GHashTable) owned = NULL;

      if (token == NULL)
        continue;

      finding->writing++;
      owned = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      _keyfob_store_own_identity (owned, keyfob_token_get_name (token));
      _keyfob_store_op_write (op, token, owned, NULL, migrated, finding);
    }

  migrated (op, NULL, finding);
}

static void
legacy_read (Op        *op,
             GPtrArray *tokens,
             gpointer   data)
{
  Finding *finding = data;

  if (tokens == NULL)
    {
      finding_free (finding);
      return;
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (token != NULL && g_strcmp0 (keyfob_token_get_name (token), finding->name) == 0 &&
          (finding->provider_id == NULL ||
           g_strcmp0 (keyfob_token_get_provider_id (token), finding->provider_id) == 0))
        g_ptr_array_add (finding->found, g_object_ref (token));
    }

  migrate_some (finding, tokens);
}

static void
searches_done (Finding *finding)
{
  if (_keyfob_store_op_ended (finding->op) || finding->named == NULL || finding->legacy == NULL)
    {
      finding_free (finding);
      return;
    }

  if (finding->legacy[0] == NULL)
    read_named (finding);
  else
    _keyfob_store_op_read_tokens (finding->op, (const char * const *) finding->legacy,
                                  legacy_read, finding);
}

static void
paths_found (Op       *op,
             char    **paths,
             gpointer  data)
{
  char ***slot = data;

  *slot = paths != NULL ? g_strdupv (paths) : NULL;
}

static void
found_named (Op       *op,
             char    **paths,
             gpointer  data)
{
  Finding *finding = data;

  paths_found (op, paths, &finding->named);
  if (--finding->pending == 0)
    searches_done (finding);
}

static void
found_legacy (Op       *op,
              char    **paths,
              gpointer  data)
{
  Finding *finding = data;

  paths_found (op, paths, &finding->legacy);
  if (--finding->pending == 0)
    searches_done (finding);
}

/**
 * _keyfob_store_op_find_named:
 * @provider_id: (nullable): only this provider's tokens
 * @done: gets the tokens so named; ends the op itself on a failure
 */
void
_keyfob_store_op_find_named (Op         *op,
                             const char *provider_id,
                             const char *name,
                             TokensFunc  done,
                             gpointer    data)
{
  Finding *finding = g_new0 (Finding, 1);
  GHashTable *named = _keyfob_store_query_new ();

  finding->op = _keyfob_store_op_ref (op);
  finding->provider_id = g_strdup (provider_id);
  finding->name = g_strdup (name);
  finding->found = g_ptr_array_new_with_free_func (g_object_unref);
  finding->done = done;
  finding->data = data;
  finding->pending = 2;

  g_hash_table_insert (named, (gpointer) KEYFOB_ATTRIBUTE_NAME, g_strdup (name));
  if (provider_id != NULL)
    g_hash_table_insert (named, (gpointer) "provider", g_strdup (provider_id));

  /* A search that fails ends the op: the finding is freed by the searches still to come, which
   * see it ended. */
  _keyfob_store_op_search_paths (op, named, found_named, finding);
  _keyfob_store_op_search_paths (op, _keyfob_store_legacy_query_new (), found_legacy, finding);
}

