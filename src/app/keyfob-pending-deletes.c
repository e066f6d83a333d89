/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-pending-deletes"

#include "config.h"

#include "keyfob-pending-deletes.h"

struct _KeyfobPendingDeletes
{
  GObject          parent_instance;

  KeyfobTokenList *tokens;
  GHashTable      *waiting;    /* token → itself: hidden, not yet sent to the keyring */
  GHashTable      *deleting;   /* token → itself: sent, not yet answered */
  GPtrArray       *flushes;    /* GTask: quits waiting for every delete to be answered */
};

G_DEFINE_FINAL_TYPE (KeyfobPendingDeletes, keyfob_pending_deletes, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish_flushes (KeyfobPendingDeletes *self)
{
  g_autoptr(GPtrArray) flushes = NULL;

  if (g_hash_table_size (self->waiting) + g_hash_table_size (self->deleting) > 0)
    return;

  flushes = g_steal_pointer (&self->flushes);
  self->flushes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < flushes->len; i++)
    g_task_return_boolean (g_ptr_array_index (flushes, i), TRUE);
}

typedef struct
{
  KeyfobPendingDeletes *self;
  KeyfobToken          *token;
} DeleteOp;

static void
delete_op_free (DeleteOp *op)
{
  g_object_unref (op->self);
  g_object_unref (op->token);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteOp, delete_op_free)

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeleteOp) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean deleted = keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result, &error);

  g_hash_table_remove (op->self->deleting, op->token);
  /* Not deleted: the token shows again, and the user hears why. */
  if (!deleted)
    {
      g_signal_emit (op->self, signals[SIGNAL_CHANGED], 0);
      g_signal_emit (op->self, signals[SIGNAL_FAILED], 0, op->token, error->message);
    }
  finish_flushes (op->self);
}

/* Answered even after the window that asked is gone: the delete was promised. */
static void
send_delete (KeyfobPendingDeletes *self,
             KeyfobToken          *token)
{
  DeleteOp *op = g_new0 (DeleteOp, 1);

  op->self = g_object_ref (self);
  op->token = g_object_ref (token);
  g_hash_table_add (self->deleting, g_object_ref (token));
  keyfob_token_list_delete_async (self->tokens, token, NULL, deleted_cb, op);
}

static void
keyfob_pending_deletes_dispose (GObject *object)
{
  KeyfobPendingDeletes *self = KEYFOB_PENDING_DELETES (object);

  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (keyfob_pending_deletes_parent_class)->dispose (object);
}

static void
keyfob_pending_deletes_finalize (GObject *object)
{
  KeyfobPendingDeletes *self = KEYFOB_PENDING_DELETES (object);

  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->deleting, g_hash_table_unref);
  g_clear_pointer (&self->flushes, g_ptr_array_unref);

  G_OBJECT_CLASS (keyfob_pending_deletes_parent_class)->finalize (object);
}

static void
keyfob_pending_deletes_class_init (KeyfobPendingDeletesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_pending_deletes_dispose;
  object_class->finalize = keyfob_pending_deletes_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, KEYFOB_TYPE_TOKEN, G_TYPE_STRING);
}

static void
keyfob_pending_deletes_init (KeyfobPendingDeletes *self)
{
  self->waiting = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->deleting = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->flushes = g_ptr_array_new_with_free_func (g_object_unref);
}

KeyfobPendingDeletes *
keyfob_pending_deletes_new (KeyfobTokenList *tokens)
{
  KeyfobPendingDeletes *self;

  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);

  self = g_object_new (KEYFOB_TYPE_PENDING_DELETES, NULL);
  self->tokens = g_object_ref (tokens);

  return self;
}

void
keyfob_pending_deletes_add (KeyfobPendingDeletes *self,
                            KeyfobToken          *token)
{
  g_return_if_fail (KEYFOB_IS_PENDING_DELETES (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  if (keyfob_pending_deletes_contains (self, token))
    return;

  g_hash_table_add (self->waiting, g_object_ref (token));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Returns FALSE when it is too late: the delete was already sent. */
gboolean
keyfob_pending_deletes_undo (KeyfobPendingDeletes *self,
                             KeyfobToken          *token)
{
  g_return_val_if_fail (KEYFOB_IS_PENDING_DELETES (self), FALSE);
  g_return_val_if_fail (KEYFOB_IS_TOKEN (token), FALSE);

  if (!g_hash_table_remove (self->waiting, token))
    return FALSE;

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  finish_flushes (self);

  return TRUE;
}

/* Deletes the token now, if it is still waiting. */
void
keyfob_pending_deletes_commit (KeyfobPendingDeletes *self,
                               KeyfobToken          *token)
{
  g_autoptr(KeyfobToken) held = NULL;

  g_return_if_fail (KEYFOB_IS_PENDING_DELETES (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  held = g_object_ref (token);
  if (g_hash_table_remove (self->waiting, token))
    send_delete (self, token);
}

gboolean
keyfob_pending_deletes_contains (KeyfobPendingDeletes *self,
                                 KeyfobToken          *token)
{
  g_return_val_if_fail (KEYFOB_IS_PENDING_DELETES (self), FALSE);

  return g_hash_table_contains (self->waiting, token) ||
         g_hash_table_contains (self->deleting, token);
}

guint
keyfob_pending_deletes_get_n_pending (KeyfobPendingDeletes *self)
{
  g_return_val_if_fail (KEYFOB_IS_PENDING_DELETES (self), 0);

  return g_hash_table_size (self->waiting) + g_hash_table_size (self->deleting);
}

/* For quitting: sends every waiting delete and completes once the keyring answered them all
 * (each keyring call has its own deadline, so this ends). */
void
keyfob_pending_deletes_commit_all_async (KeyfobPendingDeletes *self,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  GHashTableIter iter;
  gpointer token;

  g_return_if_fail (KEYFOB_IS_PENDING_DELETES (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, keyfob_pending_deletes_commit_all_async);

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &token, NULL))
    g_ptr_array_add (waiting, g_object_ref (token));
  g_hash_table_remove_all (self->waiting);
  for (guint i = 0; i < waiting->len; i++)
    send_delete (self, g_ptr_array_index (waiting, i));

  g_ptr_array_add (self->flushes, g_steal_pointer (&task));
  finish_flushes (self);
}

void
keyfob_pending_deletes_commit_all_finish (KeyfobPendingDeletes *self,
                                          GAsyncResult         *result)
{
  g_return_if_fail (g_task_is_valid (result, self));

  g_task_propagate_boolean (G_TASK (result), NULL);
}
