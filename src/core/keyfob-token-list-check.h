/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-check-result.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

/* Live checks of the list's tokens, in keyfob-net: only what talks to vendors links them. */

/* One token's check in keyfob_token_list_check_all_finish(): its result, or why it could not
 * run. */
typedef struct
{
  KeyfobToken       *token;
  KeyfobCheckResult *result;
  GError            *error;
} KeyfobTokenOutcome;

void keyfob_token_outcome_free (KeyfobTokenOutcome *outcome);

void             keyfob_token_list_check_async   (KeyfobTokenList      *self,
                                                  KeyfobVerifier       *verifier,
                                                  KeyfobToken          *token,
                                                  const char           *allowed_host,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KeyfobCheckResult *keyfob_token_list_check_finish (KeyfobTokenList     *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             keyfob_token_list_check_all_async  (KeyfobTokenList   *self,
                                                     KeyfobVerifier    *verifier,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
GPtrArray       *keyfob_token_list_check_all_finish (KeyfobTokenList   *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobTokenOutcome, keyfob_token_outcome_free)

G_END_DECLS
