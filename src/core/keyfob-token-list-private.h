/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-token-list.h"

G_BEGIN_DECLS

/* keyfob-token-list.c: the list's contents, for its operations and its watch. */
KeyfobStore *_keyfob_token_list_get_store     (KeyfobTokenList *self);
KeyfobToken *_keyfob_token_list_merge         (KeyfobTokenList *self,
                                               KeyfobToken     *token);
void         _keyfob_token_list_merge_all     (KeyfobTokenList *self,
                                               GPtrArray       *tokens);
void         _keyfob_token_list_forget        (KeyfobTokenList *self,
                                               const char      *path);
void         _keyfob_token_list_note_change   (KeyfobTokenList *self,
                                               KeyfobToken     *token);
guint64      _keyfob_token_list_get_n_changes (KeyfobTokenList *self);

/* keyfob-token-list-watch.c */
typedef struct _KeyfobTokenListWatch KeyfobTokenListWatch;

KeyfobTokenListWatch *_keyfob_token_list_watch_new  (KeyfobTokenList      *list,
                                                     KeyfobStore          *store);
void                  _keyfob_token_list_watch_free (KeyfobTokenListWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobTokenListWatch, _keyfob_token_list_watch_free)

G_END_DECLS
