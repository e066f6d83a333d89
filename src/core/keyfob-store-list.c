/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* The store's listing and finding: what the front ends call to read tokens. */

/* ---- listing ---- */

typedef struct
{
  char     **paths;
  gboolean   read;   /* list: read the items too */
} Listing;

static void
listing_free (Listing *listing)
{
  g_strfreev (listing->paths);
  g_free (listing);
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

static void
listed_read (Op        *op,
             GPtrArray *tokens,
             gpointer   data)
{
  g_autoptr(GPtrArray) listed = NULL;

  if (tokens == NULL)
    return;

  listed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tokens->len; i++)
    if (g_ptr_array_index (tokens, i) != NULL)
      g_ptr_array_add (listed, g_object_ref (g_ptr_array_index (tokens, i)));

  sort_tokens (listed);
  _keyfob_store_op_return_pointer (op, g_steal_pointer (&listed),
                                   (GDestroyNotify) g_ptr_array_unref);
}

static void
paths_listed (Op *op)
{
  Listing *listing = op->data;

  if (listing->read)
    _keyfob_store_op_read_tokens (op, (const char * const *) listing->paths, listed_read, NULL);
  else
    _keyfob_store_op_return_pointer (op, g_steal_pointer (&listing->paths),
                                     (GDestroyNotify) g_strfreev);
}

static void
all_found (Op       *op,
           char    **paths,
           gpointer  data)
{
  Listing *listing = op->data;

  if (paths == NULL)
    return;

  /* This version's items, then the older ones (none, once all are migrated). */
  if (listing->paths == NULL)
    {
      listing->paths = g_strdupv (paths);
      _keyfob_store_op_search_paths (op, _keyfob_store_legacy_query_new (), all_found, NULL);
      return;
    }

  if (paths[0] != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_addv (builder, (const char **) listing->paths);
      g_strv_builder_addv (builder, (const char **) paths);
      g_strfreev (listing->paths);
      listing->paths = g_strv_builder_end (builder);
    }
  paths_listed (op);
}

static void
search_all (Op *op)
{
  _keyfob_store_op_search_paths (op, _keyfob_store_query_new (), all_found, NULL);
}

/* A locked collection would hide its items: an empty list would be a lie. */
static void
list_start (Op *op)
{
  _keyfob_store_op_open_collection (op, search_all);
}

static Op *
listing_op_new (KeyfobStore         *self,
                gboolean             read,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  Op *op = _keyfob_store_op_new (self, cancellable, callback, user_data, source_tag);
  Listing *listing = g_new0 (Listing, 1);

  listing->read = read;
  _keyfob_store_op_set_data (op, listing, (GDestroyNotify) listing_free);

  return op;
}

/**
 * keyfob_store_list_async:
 *
 * Lists every token in the keyring, sorted by name, without reading a secret. Its deadline
 * counts from the last item read.
 */
void
keyfob_store_list_async (KeyfobStore         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));

  op = listing_op_new (self, TRUE, cancellable, callback, user_data, keyfob_store_list_async);
  _keyfob_store_op_with_service (op, list_start);
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
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));

  op = listing_op_new (self, FALSE, cancellable, callback, user_data,
                       keyfob_store_list_paths_async);
  _keyfob_store_op_with_service (op, list_start);
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

static void
tokens_read (Op        *op,
             GPtrArray *tokens,
             gpointer   data)
{
  GPtrArray *found;

  if (tokens == NULL)
    return;

  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tokens->len; i++)
    if (g_ptr_array_index (tokens, i) != NULL)
      g_ptr_array_add (found, g_object_ref (g_ptr_array_index (tokens, i)));

  _keyfob_store_op_return_pointer (op, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
read_start (Op *op)
{
  _keyfob_store_op_read_tokens (op, op->data, tokens_read, NULL);
}

static void
read_changed_start (Op *op)
{
  _keyfob_store_op_read_tokens_full (op, op->data, TRUE, tokens_read, NULL);
}

/* Both finish with keyfob_store_read_tokens_finish(). */
static void
read_paths (KeyfobStore         *self,
            const char * const  *paths,
            OpStep               start,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(Op) op = _keyfob_store_op_new (self, cancellable, callback, user_data,
                                           keyfob_store_read_tokens_async);

  _keyfob_store_op_set_data (op, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  _keyfob_store_op_with_service (op, start);
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
  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (paths != NULL);

  read_paths (self, paths, read_start, cancellable, callback, user_data);
}

/**
 * keyfob_store_read_changed_async:
 * @paths: (array zero-terminated=1): items a collection announced as created or changed
 *
 * Like keyfob_store_read_tokens_async(), and reads every item's label too, so that a rename
 * by another program (which changes only the label) shows in keyfob_token_get_name()'s
 * stead as the token's relabel. Finish with keyfob_store_read_tokens_finish().
 */
void
keyfob_store_read_changed_async (KeyfobStore         *self,
                                 const char * const  *paths,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (paths != NULL);

  read_paths (self, paths, read_changed_start, cancellable, callback, user_data);
}

/**
 * keyfob_store_read_tokens_finish:
 *
 * Returns: (transfer container) (element-type KeyfobToken): the tokens, in the order of the
 *   paths, without the items that were not Keyfob's
 */
GPtrArray *
keyfob_store_read_tokens_finish (KeyfobStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- find ---- */

static void
found_one (Op        *op,
           GPtrArray *read,
           gpointer   data)
{
  const char *name_or_id = op->data;
  g_autoptr(GString) providers = g_string_new (NULL);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();

  if (read == NULL)
    return;

  for (guint i = 0; i < read->len; i++)
    if (g_ptr_array_index (read, i) != NULL)
      g_ptr_array_add (tokens, g_ptr_array_index (read, i));

  if (tokens->len == 1)
    {
      _keyfob_store_op_return_pointer (op, g_object_ref (g_ptr_array_index (tokens, 0)),
                                       g_object_unref);
      return;
    }

  if (tokens->len == 0)
    {
      _keyfob_store_op_return_error (op,
                                     g_error_new (KEYFOB_STORE_ERROR,
                                                  KEYFOB_STORE_ERROR_NOT_FOUND,
                                                  _("No token is called “%s” or has that id. "
                                                    "List the tokens to see their names."),
                                                  name_or_id));
      return;
    }

  for (guint i = 0; i < tokens->len; i++)
    g_string_append_printf (providers, "%s%s", i > 0 ? ", " : "",
                            keyfob_token_get_provider_id (g_ptr_array_index (tokens, i)));

  _keyfob_store_op_return_error (op,
                                 g_error_new (KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_AMBIGUOUS,
                                              /* Translators: “2 tokens are called “x”
                                               * (pylon, pushly): …” */
                                              g_dngettext (GETTEXT_PACKAGE,
                                                           "%u token is called “%s” (%s): name "
                                                           "one by its id instead.",
                                                           "%u tokens are called “%s” (%s): "
                                                           "name one by its id instead.",
                                                           tokens->len),
                                              tokens->len, name_or_id, providers->str));
}

static void
found_by_id (Op       *op,
             char    **paths,
             gpointer  data)
{
  const char *name_or_id = op->data;

  if (paths == NULL)
    return;

  /* No token has that id: it may be a name that looks like one. */
  if (paths[0] == NULL)
    _keyfob_store_op_find_named (op, NULL, name_or_id, found_one, NULL);
  else
    _keyfob_store_op_read_tokens (op, (const char * const *) paths, found_one, NULL);
}

static void
find_in_collection (Op *op)
{
  const char *name_or_id = op->data;
  GHashTable *query;

  /* An id is a UUID that Keyfob wrote: an item another program wrote with token-id "prod-bot"
   * does not answer to the name prod-bot. An item without a UUID is known by its path. */
  if (g_uuid_string_is_valid (name_or_id))
    {
      /* Of either schema: the read keeps only Keyfob's items. */
      query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_hash_table_insert (query, (gpointer) "token-id", g_strdup (name_or_id));
      _keyfob_store_op_search_paths (op, query, found_by_id, NULL);
    }
  else if (g_str_has_prefix (name_or_id, "/org/freedesktop/secrets/"))
    {
      const char *paths[] = { name_or_id, NULL };

      _keyfob_store_op_read_tokens (op, paths, found_one, NULL);
    }
  else
    {
      _keyfob_store_op_find_named (op, NULL, name_or_id, found_one, NULL);
    }
}

static void
find_start (Op *op)
{
  _keyfob_store_op_open_collection (op, find_in_collection);
}

/**
 * keyfob_store_find_async:
 * @name_or_id: a token's id, or its name when only one token has it
 *
 * One search finds it, however many tokens there are.
 */
void
keyfob_store_find_async (KeyfobStore         *self,
                         const char          *name_or_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (name_or_id != NULL);

  op = _keyfob_store_op_new (self, cancellable, callback, user_data, keyfob_store_find_async);
  _keyfob_store_op_set_data (op, g_strdup (name_or_id), g_free);
  _keyfob_store_op_with_service (op, find_start);
}

KeyfobToken *
keyfob_store_find_finish (KeyfobStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
