/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include "keyfob-store-private.h"

/* The few tokens an import must know of, each set found by one search, however many tokens
 * there are: those of a name, and those that look like a token (same provider and preview). */

typedef struct
{
  char *provider_id;  /* nullable for a name */
  char *name;         /* or */
  char *preview;
} Wanted;

static void
wanted_free (Wanted *wanted)
{
  g_free (wanted->provider_id);
  g_free (wanted->name);
  g_free (wanted->preview);
  g_free (wanted);
}

/* Only what matches: an item may have changed since the search, and a service may answer with
 * more than it was asked. */
static gboolean
is_wanted (Wanted      *wanted,
           KeyfobToken *token)
{
  return token != NULL &&
         g_strcmp0 (keyfob_token_get_provider_id (token), wanted->provider_id) == 0 &&
         g_strcmp0 (keyfob_token_get_preview (token), wanted->preview) == 0;
}

static void
found (Op        *op,
       GPtrArray *read,
       gpointer   data)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  Wanted *wanted_tokens = op->data;

  if (read == NULL)
    return;

  for (guint i = 0; i < read->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (read, i);

      if (token != NULL && (wanted_tokens->name != NULL || is_wanted (wanted_tokens, token)))
        g_ptr_array_add (tokens, g_object_ref (token));
    }

  _keyfob_store_op_return_pointer (op, g_steal_pointer (&tokens),
                                   (GDestroyNotify) g_ptr_array_unref);
}

/* Takes @query, one schema's, and asks it for the wanted provider and preview. */
static GHashTable *
alike_query (GHashTable *query,
             Wanted     *wanted_tokens)
{
  g_hash_table_insert (query, (gpointer) "provider", g_strdup (wanted_tokens->provider_id));
  g_hash_table_insert (query, (gpointer) "preview", g_strdup (wanted_tokens->preview));

  return query;
}

/* Look-alikes are searched in both schemas: an older Keyfob's items have a provider and a
 * preview too, and a name search migrates only a few of them at a time. */
static void
legacy_alike_found (Op       *op,
                    char    **paths,
                    gpointer  data)
{
  g_auto(GStrv) current = data;
  g_autoptr(GStrvBuilder) both = NULL;
  g_auto(GStrv) all = NULL;

  if (paths == NULL)
    return;

  both = g_strv_builder_new ();
  g_strv_builder_addv (both, (const char **) current);
  g_strv_builder_addv (both, (const char **) paths);
  all = g_strv_builder_end (both);
  _keyfob_store_op_read_tokens (op, (const char * const *) all, found, NULL);
}

static void
alike_found (Op       *op,
             char    **paths,
             gpointer  data)
{
  if (paths == NULL)
    return;

  _keyfob_store_op_search_paths (op, alike_query (_keyfob_store_legacy_query_new (), op->data),
                                 legacy_alike_found, g_strdupv (paths));
}

static void
find_in_collection (Op *op)
{
  Wanted *wanted_tokens = op->data;

  if (wanted_tokens->name != NULL)
    _keyfob_store_op_find_named (op, wanted_tokens->provider_id, wanted_tokens->name, found,
                                 NULL);
  else
    _keyfob_store_op_search_paths (op, alike_query (_keyfob_store_query_new (), wanted_tokens),
                                   alike_found, NULL);
}

static void
find_start (Op *op)
{
  _keyfob_store_op_open_collection (op, find_in_collection);
}

static void
find_some (KeyfobStore         *self,
           Wanted              *wanted,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  g_autoptr(Op) op = _keyfob_store_op_new (self, cancellable, callback, user_data, source_tag);

  _keyfob_store_op_set_data (op, wanted, (GDestroyNotify) wanted_free);
  _keyfob_store_op_with_service (op, find_start);
}

/**
 * keyfob_store_find_named_async:
 * @provider_id: (nullable): only this provider's tokens
 *
 * Finds the tokens called @name, of every provider or of one. Finish with
 * keyfob_store_find_some_finish().
 */
void
keyfob_store_find_named_async (KeyfobStore         *self,
                               const char          *provider_id,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Wanted *wanted;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (name != NULL);

  wanted = g_new0 (Wanted, 1);
  wanted->provider_id = g_strdup (provider_id);
  wanted->name = g_strdup (name);
  find_some (self, wanted, cancellable, callback, user_data, keyfob_store_find_named_async);
}

/**
 * keyfob_store_find_alike_async:
 *
 * Finds the tokens of @provider_id whose masked preview is @preview: maybe the same token,
 * which only their secrets can tell. Finish with keyfob_store_find_some_finish().
 */
void
keyfob_store_find_alike_async (KeyfobStore         *self,
                               const char          *provider_id,
                               const char          *preview,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Wanted *wanted;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (preview != NULL);

  wanted = g_new0 (Wanted, 1);
  wanted->provider_id = g_strdup (provider_id);
  wanted->preview = g_strdup (preview);
  find_some (self, wanted, cancellable, callback, user_data, keyfob_store_find_alike_async);
}

/**
 * keyfob_store_find_some_finish:
 *
 * Returns: (transfer container) (element-type KeyfobToken): the tokens found, maybe none
 */
GPtrArray *
keyfob_store_find_some_finish (KeyfobStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
