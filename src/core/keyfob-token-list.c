/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-list"

#include "config.h"

#include "keyfob-token-list-private.h"
#include "keyfob-token-private.h"

struct _KeyfobTokenList
{
  GObject      parent_instance;

  KeyfobStore *store;
  KeyfobTokenListWatch *watch;
  GPtrArray   *tokens;
  GHashTable  *by_id;       /* borrowed from tokens */
  GHashTable  *by_path;     /* borrowed from tokens: the stored ones */
  guint        generation;  /* of the latest reload: an older one stops at its next step */
  guint        n_listed;
  guint64      n_changes;   /* made through the list, in the keyring and in its tokens */
  gboolean     loading;
  GError      *error;       /* of the latest reload */
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_LISTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The first piece is a screenful of a window at its default size, so that it shows rows
 * before the rest is read: with 10,000 items gnome-keyring takes 5 ms or more per item. */
#define FIRST_PIECE 16
#define MAX_PIECE   1024

/* One reload: the keyring's paths, unknown ones first, read a piece at a time. */
typedef struct
{
  guint   generation;
  char  **paths;
  guint   next;
} Reload;

static void
reload_free (Reload *reload)
{
  g_strfreev (reload->paths);
  g_free (reload);
}

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

  g_clear_pointer (&self->watch, _keyfob_token_list_watch_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (keyfob_token_list_parent_class)->dispose (object);
}

static void
keyfob_token_list_finalize (GObject *object)
{
  KeyfobTokenList *self = (KeyfobTokenList *) object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_ptr_array_unref);

  G_OBJECT_CLASS (keyfob_token_list_parent_class)->finalize (object);
}

static void
keyfob_token_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KeyfobTokenList *self = KEYFOB_TOKEN_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_N_LISTED:
      g_value_set_uint (value, self->n_listed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_token_list_class_init (KeyfobTokenListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_token_list_dispose;
  object_class->finalize = keyfob_token_list_finalize;
  object_class->get_property = keyfob_token_list_get_property;

  /**
   * KeyfobTokenList:loading:
   *
   * Whether a reload is reading the keyring. The tokens read so far are already in the list.
   * When it turns FALSE, keyfob_token_list_get_error() tells how the reload ended: views
   * follow this rather than the reload's callback, as whoever started it.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KeyfobTokenList:n-listed:
   *
   * How many tokens the keyring listed in the latest reload: the list holds that many once
   * the reload has read them all.
   */
  properties[PROP_N_LISTED] =
    g_param_spec_uint ("n-listed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
keyfob_token_list_init (KeyfobTokenList *self)
{
  self->tokens = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
}

KeyfobTokenList *
keyfob_token_list_new (KeyfobStore *store)
{
  KeyfobTokenList *self;

  g_return_val_if_fail (KEYFOB_IS_STORE (store), NULL);

  self = g_object_new (KEYFOB_TYPE_TOKEN_LIST, NULL);
  self->store = g_object_ref (store);
  self->watch = _keyfob_token_list_watch_new (self, store);

  return self;
}

static void
set_loading (KeyfobTokenList *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_n_listed (KeyfobTokenList *self,
              guint            n_listed)
{
  if (self->n_listed == n_listed)
    return;

  self->n_listed = n_listed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LISTED]);
}

static void
remove_at (KeyfobTokenList *self,
           guint            position)
{
  KeyfobToken *token = g_ptr_array_index (self->tokens, position);
  const char *path = _keyfob_token_get_object_path (token);

  g_hash_table_remove (self->by_id, keyfob_token_get_id (token));
  if (path != NULL)
    g_hash_table_remove (self->by_path, path);
  g_ptr_array_remove_index (self->tokens, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* Drops the tokens whose items are gone, and orders the paths so that items the list does
 * not show yet are read first. Returns the paths, which it takes. */
static char **
sort_out (KeyfobTokenList  *self,
          char            **paths)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_full (g_strv_length (paths) + 1, g_free);

  for (guint i = 0; paths[i] != NULL; i++)
    g_hash_table_add (listed, paths[i]);

  for (guint i = self->tokens->len; i > 0; i--)
    {
      const char *path = _keyfob_token_get_object_path (g_ptr_array_index (self->tokens, i - 1));

      if (path == NULL || !g_hash_table_remove (listed, path))
        remove_at (self, i - 1);
    }

  /* What is left in listed is new to the list. */
  for (guint i = 0; paths[i] != NULL; i++)
    if (g_hash_table_contains (listed, paths[i]))
      g_ptr_array_add (ordered, g_strdup (paths[i]));
  for (guint i = 0; paths[i] != NULL; i++)
    if (!g_hash_table_contains (listed, paths[i]))
      g_ptr_array_add (ordered, g_strdup (paths[i]));
  g_ptr_array_add (ordered, NULL);

  g_strfreev (paths);
  return (char **) g_ptr_array_free (g_steal_pointer (&ordered), FALSE);
}

/* Keeps the objects views and running checks hold, updated in place: a token the list has
 * (by id, or by item for one renamed meanwhile) takes the newer one's values. Returns the
 * list's object, or NULL when it is new. */
static KeyfobToken *
update_known (KeyfobTokenList *self,
              KeyfobToken     *newer)
{
  const char *path = _keyfob_token_get_object_path (newer);
  KeyfobToken *known = g_hash_table_lookup (self->by_id, keyfob_token_get_id (newer));

  if (known == NULL && path != NULL)
    known = g_hash_table_lookup (self->by_path, path);
  if (known == NULL)
    return NULL;

  if (known != newer)
    _keyfob_token_update_from (known, newer);
  if (path != NULL && _keyfob_token_get_object_path (known) != NULL)
    g_hash_table_insert (self->by_path, (gpointer) _keyfob_token_get_object_path (known), known);

  return known;
}

static void
append (KeyfobTokenList *self,
        KeyfobToken     *token)
{
  const char *path = _keyfob_token_get_object_path (token);

  g_ptr_array_add (self->tokens, g_object_ref (token));
  g_hash_table_insert (self->by_id, (gpointer) keyfob_token_get_id (token), token);
  if (path != NULL)
    g_hash_table_insert (self->by_path, (gpointer) path, token);
}

/* Outside a reload, the count of listed tokens is the list's own. */
static void
sync_n_listed (KeyfobTokenList *self)
{
  if (!self->loading)
    set_n_listed (self, self->tokens->len);
}

/* The list only grows by the tokens it did not have. */
static void
add_piece (KeyfobTokenList *self,
           GPtrArray       *piece)
{
  guint start = self->tokens->len;

  for (guint i = 0; i < piece->len; i++)
    {
      KeyfobToken *newer = g_ptr_array_index (piece, i);

      if (update_known (self, newer) == NULL)
        append (self, newer);
    }

  if (self->tokens->len > start)
    g_list_model_items_changed (G_LIST_MODEL (self), start, 0, self->tokens->len - start);
}

KeyfobStore *
_keyfob_token_list_get_store (KeyfobTokenList *self)
{
  return self->store;
}

/* Returns: (transfer none): the list's object for @token's item, @token itself if it was new */
KeyfobToken *
_keyfob_token_list_merge (KeyfobTokenList *self,
                          KeyfobToken     *token)
{
  KeyfobToken *known = update_known (self, token);

  if (known != NULL)
    return known;

  append (self, token);
  g_list_model_items_changed (G_LIST_MODEL (self), self->tokens->len - 1, 0, 1);
  sync_n_listed (self);

  return token;
}

void
_keyfob_token_list_merge_all (KeyfobTokenList *self,
                              GPtrArray       *tokens)
{
  add_piece (self, tokens);
  sync_n_listed (self);
}

/* The item at @path is gone, or is no longer a token. */
void
_keyfob_token_list_forget (KeyfobTokenList *self,
                           const char      *path)
{
  KeyfobToken *known = g_hash_table_lookup (self->by_path, path);
  guint position;

  if (known != NULL && g_ptr_array_find (self->tokens, known, &position))
    {
      remove_at (self, position);
      sync_n_listed (self);
    }
}

/* @token now holds what the list wrote to its item: a read of the item that was sent before
 * must not merge over it (see the watch). */
void
_keyfob_token_list_note_change (KeyfobTokenList *self,
                                KeyfobToken     *token)
{
  token->list_change = ++self->n_changes;
}

guint64
_keyfob_token_list_get_n_changes (KeyfobTokenList *self)
{
  return self->n_changes;
}

/* A newer reload took over: this one ends quietly. */
static gboolean
superseded (GTask *task)
{
  KeyfobTokenList *self = g_task_get_source_object (task);
  Reload *reload = g_task_get_task_data (task);

  if (reload->generation == self->generation)
    return FALSE;

  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
fail (GTask  *task,
      GError *error)
{
  KeyfobTokenList *self = g_task_get_source_object (task);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  set_loading (self, FALSE);
  g_task_return_error (task, error);
}

static gboolean read_piece (GTask *task);

static void
finish (GTask *task)
{
  set_loading (g_task_get_source_object (task), FALSE);
  g_task_return_boolean (task, TRUE);
}

static void
piece_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) piece = keyfob_store_read_tokens_finish (KEYFOB_STORE (object), result,
                                                                &error);

  if (superseded (task))
    return;

  if (piece == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  /* The keyring reads the next piece while views take this one in. */
  if (!read_piece (task))
    {
      add_piece (g_task_get_source_object (task), piece);
      finish (task);
      return;
    }

  add_piece (g_task_get_source_object (task), piece);
}

/* Pieces grow, so that views redraw less often as the keyring gets further. */
static guint
piece_size (guint n_read)
{
  return CLAMP (n_read, FIRST_PIECE, MAX_PIECE);
}

/* Starts reading the next piece, if any is left; the read holds its own reference. */
static gboolean
read_piece (GTask *task)
{
  KeyfobTokenList *self = g_task_get_source_object (task);
  Reload *reload = g_task_get_task_data (task);
  guint size = piece_size (reload->next);
  g_autofree const char **piece = g_new0 (const char *, size + 1);

  for (guint i = 0; i < size && reload->paths[reload->next] != NULL; i++)
    piece[i] = reload->paths[reload->next++];

  if (piece[0] == NULL)
    return FALSE;

  keyfob_store_read_tokens_async (self->store, piece, g_task_get_cancellable (task),
                                  piece_read_cb, g_object_ref (task));
  return TRUE;
}

static void
paths_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char **paths = keyfob_store_list_paths_finish (KEYFOB_STORE (object), result, &error);
  KeyfobTokenList *self = g_task_get_source_object (task);
  Reload *reload = g_task_get_task_data (task);

  if (superseded (task))
    {
      g_strfreev (paths);
      return;
    }

  if (paths == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  reload->paths = sort_out (self, paths);
  set_n_listed (self, g_strv_length (reload->paths));
  if (!read_piece (task))
    finish (task);
}

/**
 * keyfob_token_list_reload_async:
 *
 * Reads the tokens from the keyring again: first the ones the list does not have, a
 * screenful at a time, then the others, which are updated in place. The list shows each piece
 * as it comes. On failure the list keeps what it had and what it read.
 */
void
keyfob_token_list_reload_async (KeyfobTokenList     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Reload *reload = g_new0 (Reload, 1);

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_token_list_reload_async);
  reload->generation = ++self->generation;
  g_task_set_task_data (task, reload, (GDestroyNotify) reload_free);
  g_clear_error (&self->error);
  set_loading (self, TRUE);

  keyfob_store_list_paths_async (self->store, cancellable, paths_listed_cb,
                                 g_steal_pointer (&task));
}

gboolean
keyfob_token_list_reload_finish (KeyfobTokenList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
keyfob_token_list_get_loading (KeyfobTokenList *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (self), FALSE);

  return self->loading;
}

/**
 * keyfob_token_list_get_error:
 *
 * Returns: (nullable): why the latest reload failed; NULL while it runs or if it succeeded
 */
const GError *
keyfob_token_list_get_error (KeyfobTokenList *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (self), NULL);

  return self->error;
}

guint
keyfob_token_list_get_n_listed (KeyfobTokenList *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (self), 0);

  return self->n_listed;
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

  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/**
 * keyfob_token_list_check_name_free:
 * @except_id: (nullable): the token being renamed, which may keep its name
 *
 * Whether another token the list holds has this name among its provider's: the form's
 * feedback as the user types. The store checks again, across processes, when it writes.
 */
gboolean
keyfob_token_list_check_name_free (KeyfobTokenList  *self,
                                   const char       *provider_id,
                                   const char       *name,
                                   const char       *except_id,
                                   GError          **error)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (self), FALSE);

  for (guint i = 0; i < self->tokens->len; i++)
    {
      KeyfobToken *other = g_ptr_array_index (self->tokens, i);

      if (g_str_equal (keyfob_token_get_provider_id (other), provider_id) &&
          g_str_equal (keyfob_token_get_name (other), name) &&
          g_strcmp0 (keyfob_token_get_id (other), except_id) != 0)
        {
          g_propagate_error (error, keyfob_name_taken_error (name));
          return FALSE;
        }
    }

  return TRUE;
}
