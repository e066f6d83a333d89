/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-list"

#include "config.h"

#include "keyfob-token-list.h"
#include "keyfob-token-private.h"

struct _KeyfobTokenList
{
  GObject      parent_instance;

  KeyfobStore *store;
  GPtrArray   *tokens;
  guint        generation;  /* of the latest reload: an older one that ends later is dropped */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeyfobTokenList, keyfob_token_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return KEYFOB_TYPE_TOKEN;
}

static guint
get_n_items (GListModel *model)
{
  return KEYFOB_TOKEN_LIST (model)->tokens->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  KeyfobTokenList *self = KEYFOB_TOKEN_LIST (model);

  if (position >= self->tokens->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->tokens, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
keyfob_token_list_dispose (GObject *object)
{
  KeyfobTokenList *self = (KeyfobTokenList *) object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (keyfob_token_list_parent_class)->dispose (object);
}

static void
keyfob_token_list_finalize (GObject *object)
{
  KeyfobTokenList *self = (KeyfobTokenList *) object;

  g_clear_pointer (&self->tokens, g_ptr_array_unref);

  G_OBJECT_CLASS (keyfob_token_list_parent_class)->finalize (object);
}

static void
keyfob_token_list_class_init (KeyfobTokenListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_token_list_dispose;
  object_class->finalize = keyfob_token_list_finalize;
}

static void
keyfob_token_list_init (KeyfobTokenList *self)
{
  self->tokens = g_ptr_array_new_with_free_func (g_object_unref);
}

KeyfobTokenList *
keyfob_token_list_new (KeyfobStore *store)
{
  KeyfobTokenList *self;

  g_return_val_if_fail (KEYFOB_IS_STORE (store), NULL);

  self = g_object_new (KEYFOB_TYPE_TOKEN_LIST, NULL);
  self->store = g_object_ref (store);

  return self;
}

static gboolean
same_ids (GPtrArray *a,
          GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (keyfob_token_get_id (g_ptr_array_index (a, i)),
                      keyfob_token_get_id (g_ptr_array_index (b, i))))
      return FALSE;

  return TRUE;
}

/* Keeps the objects views and running checks hold, updated in place; the list only changes
 * where tokens came or went. */
static void
merge (KeyfobTokenList *self,
       GPtrArray       *fresh)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  guint removed = self->tokens->len;
  gboolean unchanged = same_ids (self->tokens, fresh);

  for (guint i = 0; i < self->tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (self->tokens, i);

      g_hash_table_insert (by_id, (gpointer) keyfob_token_get_id (token), token);
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      KeyfobToken *newer = g_ptr_array_index (fresh, i);
      KeyfobToken *known = g_hash_table_lookup (by_id, keyfob_token_get_id (newer));

      if (known != NULL)
        _keyfob_token_update_from (known, newer);
      g_ptr_array_add (merged, g_object_ref (known != NULL ? known : newer));
    }

  g_ptr_array_unref (self->tokens);
  self->tokens = g_steal_pointer (&merged);

  if (!unchanged)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->tokens->len);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = keyfob_store_list_finish (KEYFOB_STORE (object), result, &error);
  KeyfobTokenList *self = g_task_get_source_object (task);

  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (GPOINTER_TO_UINT (g_task_get_task_data (task)) == self->generation)
    merge (self, tokens);

  g_task_return_boolean (task, TRUE);
}

/**
 * keyfob_token_list_reload_async:
 *
 * Reads the tokens from the keyring again. On failure the list keeps what it had.
 */
void
keyfob_token_list_reload_async (KeyfobTokenList     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_token_list_reload_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (++self->generation), NULL);

  keyfob_store_list_async (self->store, cancellable, listed_cb, g_steal_pointer (&task));
}

gboolean
keyfob_token_list_reload_finish (KeyfobTokenList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * keyfob_token_list_lookup:
 *
 * Returns: (transfer none) (nullable): the token with this id
 */
KeyfobToken *
keyfob_token_list_lookup (KeyfobTokenList *self,
                          const char      *id)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (self), NULL);

  for (guint i = 0; id != NULL && i < self->tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (self->tokens, i);

      if (g_str_equal (keyfob_token_get_id (token), id))
        return token;
    }

  return NULL;
}

static gboolean
same_id (gconstpointer a,
         gconstpointer b)
{
  return g_str_equal (keyfob_token_get_id ((KeyfobToken *) a),
                      keyfob_token_get_id ((KeyfobToken *) b));
}

/* After the store deleted it: no need to read the whole keyring again. Matched by id, since
 * a reload since may have replaced the object. */
void
keyfob_token_list_remove (KeyfobTokenList *self,
                          KeyfobToken     *token)
{
  guint position;

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  if (g_ptr_array_find_with_equal_func (self->tokens, token, same_id, &position))
    {
      g_ptr_array_remove_index (self->tokens, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}
