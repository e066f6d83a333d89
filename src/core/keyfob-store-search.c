/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* ---- searching ---- */

/* Keyfob's items, and only them: the query for a search starts with the schema. */
GHashTable *
_keyfob_store_query_new (void)
{
  GHashTable *query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (query, (gpointer) "xdg:schema", g_strdup (KEYFOB_SCHEMA_NAME));

  return query;
}

/* Items of earlier versions, and other programs' items written with their schema. */
GHashTable *
_keyfob_store_legacy_query_new (void)
{
  GHashTable *query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (query, (gpointer) "xdg:schema", g_strdup (KEYFOB_LEGACY_SCHEMA_NAME));

  return query;
}

gboolean
_keyfob_store_is_our_schema (const char *schema)
{
  return g_strcmp0 (schema, KEYFOB_SCHEMA_NAME) == 0 ||
         g_strcmp0 (schema, KEYFOB_LEGACY_SCHEMA_NAME) == 0;
}

/* Object paths only, unlocked and locked: a search never reads an item. */
void
_keyfob_store_op_search (Op                  *op,
                         GHashTable          *attributes,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  secret_service_search_for_dbus_paths (op->service, NULL, attributes, op->cancellable,
                                        callback, user_data);
}

/* A search whose locked items are unlocked first, which shows the system's prompt. */
typedef struct
{
  Op        *op;
  char     **unlocked;
  guint      n_locked;
  PathsFunc  done;
  gpointer   data;
} Search;

static void
search_free (Search *search)
{
  if (_keyfob_store_op_ended (search->op))
    search->done (search->op, NULL, search->data);

  g_strfreev (search->unlocked);
  _keyfob_store_op_unref (search->op);
  g_free (search);
}

static void
search_done (Search *search,
             char  **more)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  g_strv_builder_addv (builder, (const char **) search->unlocked);
  if (more != NULL)
    g_strv_builder_addv (builder, (const char **) more);
  paths = g_strv_builder_end (builder);

  search->done (search->op, paths, search->data);
  g_strfreev (search->unlocked);
  _keyfob_store_op_unref (search->op);
  g_free (search);
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Search *search = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unlocked = NULL;
  int n = secret_service_unlock_dbus_paths_finish (SECRET_SERVICE (object), result, &unlocked,
                                                   &error);

  if (_keyfob_store_op_ended (search->op))
    {
      search_free (search);
      return;
    }

  if (error != NULL)
    {
      _keyfob_store_op_return_error (search->op, g_steal_pointer (&error));
      search_free (search);
      return;
    }

  /* The prompt was dismissed, or could not be shown: what stays locked cannot be read, and the
   * keyring is still locked. */
  if (n < 0 || (guint) n < search->n_locked)
    {
      _keyfob_store_op_return_error (search->op,
                                     g_error_new_literal (KEYFOB_STORE_ERROR,
                                                          KEYFOB_STORE_ERROR_LOCKED,
                                                          _("The keyring is locked, and its "
                                                            "unlock prompt was dismissed or "
                                                            "could not be shown. Unlock it and "
                                                            "try again.")));
      search_free (search);
      return;
    }

  search_done (search, unlocked);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Search *search = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) locked = NULL;

  if (!secret_service_search_for_dbus_paths_finish (SECRET_SERVICE (object), result,
                                                    &search->unlocked, &locked, &error))
    {
      if (!_keyfob_store_op_ended (search->op))
        _keyfob_store_op_return_error (search->op, g_steal_pointer (&error));
      search_free (search);
      return;
    }

  if (_keyfob_store_op_ended (search->op))
    {
      search_free (search);
      return;
    }

  if (locked != NULL && locked[0] != NULL)
    {
      search->n_locked = g_strv_length (locked);
      secret_service_unlock_dbus_paths (search->op->service, (const char **) locked,
                                        search->op->cancellable, unlocked_cb, search);
      return;
    }

  search_done (search, NULL);
}

/* A search, whose locked items are unlocked first. Takes @query. */
void
_keyfob_store_op_search_paths (Op         *op,
                               GHashTable *query,
                               PathsFunc   done,
                               gpointer    data)
{
  g_autoptr(GHashTable) owned = query;
  Search *search = g_new0 (Search, 1);

  search->op = _keyfob_store_op_ref (op);
  search->done = done;
  search->data = data;
  _keyfob_store_op_search (op, owned, searched_cb, search);
}
