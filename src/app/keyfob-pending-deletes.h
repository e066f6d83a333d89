/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-token-list.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_PENDING_DELETES (keyfob_pending_deletes_get_type ())

/* Tokens the user deleted from the keyring but can still take back: hidden at once, deleted
 * when the chance to undo ends or Keyfob quits. "changed" says the set of hidden tokens
 * changed; "failed" gives a token a delete could not remove, and why. */
G_DECLARE_FINAL_TYPE (KeyfobPendingDeletes, keyfob_pending_deletes, KEYFOB, PENDING_DELETES,
                      GObject)

KeyfobPendingDeletes *keyfob_pending_deletes_new               (KeyfobTokenList      *tokens);
void                  keyfob_pending_deletes_add               (KeyfobPendingDeletes *self,
                                                                KeyfobToken          *token);
gboolean              keyfob_pending_deletes_undo              (KeyfobPendingDeletes *self,
                                                                KeyfobToken          *token);
void                  keyfob_pending_deletes_commit            (KeyfobPendingDeletes *self,
                                                                KeyfobToken          *token);
gboolean              keyfob_pending_deletes_contains          (KeyfobPendingDeletes *self,
                                                                KeyfobToken          *token);
guint                 keyfob_pending_deletes_get_n_pending     (KeyfobPendingDeletes *self);
void                  keyfob_pending_deletes_commit_all_async  (KeyfobPendingDeletes *self,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                  keyfob_pending_deletes_commit_all_finish (KeyfobPendingDeletes *self,
                                                                GAsyncResult         *result);

G_END_DECLS
