/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-list"

#include "config.h"

#include "keyfob-token-list-private.h"
#include "keyfob-token-private.h"

/* Follows what the keyring announces, so that a token added, renamed or removed by
 * keyfob-tool, Seahorse or another window shows in the list without a reload. A burst of
 * announcements (a script adding hundreds) is read as one piece after a short pause; a
 * deletion needs no read at all. */

/* Short enough to feel immediate, long enough to gather a burst. */
#define GATHER_MS 100

/* Past this many changed items in one gathering, one listing costs less than their reads,
 * and a flood of announcements cannot grow the list of paths without bound. */
#define MAX_PENDING 1024

struct _KeyfobTokenListWatch
{
  KeyfobTokenList *list;        /* owns the watch */
  KeyfobStore     *store;
  gulong           handler;
  GHashTable      *pending;     /* paths to read */
  guint            gather_id;
  gboolean         reading;     /* one read at a time: a later one must not land first */
  gboolean         flooded;     /* a reload runs for a flood; another follows if it goes on */
  gboolean         flood_again;
  GCancellable    *cancellable; /* of the reads under way */
};

typedef struct
{
  KeyfobTokenListWatch *watch;
  char                **paths;
  guint64               n_changes;  /* the list's, when the read was sent */
} Read;

static void
relabelled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A label that is no valid name, or one its provider's tokens already use, stays the
   * label alone: the token keeps its name. */
  if (!keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result, &error))
    g_debug ("Did not take another program's label as a token's name: %s", error->message);
}

/* Another program (Seahorse) renamed an item, which changes only its label: the name, which
 * searches find, follows, with the name rules and the duplicate check of any rename. */
static void
follow_relabels (KeyfobTokenListWatch *watch,
                 GPtrArray            *tokens)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *read = g_ptr_array_index (tokens, i);
      KeyfobToken *known = keyfob_token_list_lookup (watch->list, keyfob_token_get_id (read));

      if (_keyfob_token_get_relabel (read) != NULL && known != NULL)
        keyfob_token_list_rename_async (watch->list, known, _keyfob_token_get_relabel (read),
                                        watch->cancellable, relabelled_cb, NULL);
    }
}

static void
read_free (Read *read)
{
  g_strfreev (read->paths);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static gboolean gather_cb (gpointer user_data);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Read) read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = keyfob_store_read_tokens_finish (KEYFOB_STORE (object), result,
                                                                 &error);
  KeyfobTokenListWatch *watch = read->watch;
  g_autoptr(GHashTable) found = NULL;

  /* The watch cancels its reads as it goes: once cancelled, it may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* What changed while this read was out is read next, after this one is merged. */
  watch->reading = FALSE;
  if (g_hash_table_size (watch->pending) > 0 && watch->gather_id == 0)
    watch->gather_id = g_timeout_add (GATHER_MS, gather_cb, watch);

  if (tokens == NULL)
    {
      /* The next announcement or reload reads it again; the list keeps what it had. */
      g_debug ("Could not read changed items: %s", error->message);
      return;
    }

  /* Paths the read left out are items that are not (or no longer) tokens. */
  found = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      g_hash_table_add (found, (gpointer) _keyfob_token_get_object_path (token));
    }
  for (guint i = 0; read->paths[i] != NULL; i++)
    if (!g_hash_table_contains (found, read->paths[i]))
      _keyfob_token_list_forget (watch->list, read->paths[i]);

  /* A change the list made after this read was sent is newer than what the read found; the
   * keyring announces that change too, and the next read brings it. */
  for (guint i = tokens->len; i-- > 0;)
    {
      KeyfobToken *known = keyfob_token_list_lookup (
        watch->list, keyfob_token_get_id (g_ptr_array_index (tokens, i)));

      if (known != NULL && known->list_change > read->n_changes)
        g_ptr_array_remove_index (tokens, i);
    }

  _keyfob_token_list_merge_all (watch->list, tokens);
  follow_relabels (watch, tokens);
}

static gboolean
gather_cb (gpointer user_data)
{
  KeyfobTokenListWatch *watch = user_data;
  g_autoptr(GStrvBuilder) builder = NULL;
  GHashTableIter iter;
  gpointer path;
  Read *read;

  watch->gather_id = 0;
  /* A read under way may hold an item as it was before a change announced since: reading
   * the change alongside could merge it first, and the older read would then undo it. */
  if (watch->reading)
    return G_SOURCE_REMOVE;

  watch->reading = TRUE;
  builder = g_strv_builder_new ();
  read = g_new0 (Read, 1);
  g_hash_table_iter_init (&iter, watch->pending);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_strv_builder_add (builder, path);
  g_hash_table_remove_all (watch->pending);
  read->watch = watch;
  read->paths = g_strv_builder_end (builder);
  read->n_changes = _keyfob_token_list_get_n_changes (watch->list);

  keyfob_store_read_changed_async (watch->store, (const char * const *) read->paths,
                                   watch->cancellable, read_cb, read);
  return G_SOURCE_REMOVE;
}

static void reload_for_flood (KeyfobTokenListWatch *watch);

static void
flood_reloaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KeyfobTokenListWatch *watch = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled: the watch is going, or gone. */
  if (!keyfob_token_list_reload_finish (KEYFOB_TOKEN_LIST (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  watch->flooded = FALSE;
  if (watch->flood_again)
    reload_for_flood (watch);
}

/* One listing for a flood, and one more at its end if announcements kept coming meanwhile:
 * never one read per announcement. */
static void
reload_for_flood (KeyfobTokenListWatch *watch)
{
  watch->flooded = TRUE;
  watch->flood_again = FALSE;
  keyfob_token_list_reload_async (watch->list, watch->cancellable, flood_reloaded_cb, watch);
}

static void
item_changed_cb (KeyfobStore          *store,
                 const char           *path,
                 KeyfobStoreItemEvent  event,
                 KeyfobTokenListWatch *watch)
{
  if (event == KEYFOB_STORE_ITEM_DELETED)
    {
      g_hash_table_remove (watch->pending, path);
      _keyfob_token_list_forget (watch->list, path);
      return;
    }

  if (watch->flooded)
    {
      watch->flood_again = TRUE;
      return;
    }

  if (g_hash_table_size (watch->pending) >= MAX_PENDING)
    {
      g_hash_table_remove_all (watch->pending);
      g_clear_handle_id (&watch->gather_id, g_source_remove);
      reload_for_flood (watch);
      return;
    }

  g_hash_table_add (watch->pending, g_strdup (path));
  if (watch->gather_id == 0)
    watch->gather_id = g_timeout_add (GATHER_MS, gather_cb, watch);
}

KeyfobTokenListWatch *
_keyfob_token_list_watch_new (KeyfobTokenList *list,
                              KeyfobStore     *store)
{
  KeyfobTokenListWatch *watch = g_new0 (KeyfobTokenListWatch, 1);

  watch->list = list;
  watch->store = g_object_ref (store);
  watch->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch->cancellable = g_cancellable_new ();
  watch->handler = g_signal_connect (store, "item-changed", G_CALLBACK (item_changed_cb),
                                     watch);

  return watch;
}

void
_keyfob_token_list_watch_free (KeyfobTokenListWatch *watch)
{
  g_cancellable_cancel (watch->cancellable);
  g_clear_object (&watch->cancellable);
  g_clear_handle_id (&watch->gather_id, g_source_remove);
  g_clear_signal_handler (&watch->handler, watch->store);
  g_clear_object (&watch->store);
  g_hash_table_unref (watch->pending);
  g_free (watch);
}
