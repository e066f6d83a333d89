/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-store.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

void               keyfob_token_check_async  (KeyfobStore          *store,
                                              KeyfobVerifier       *verifier,
                                              KeyfobProvider       *provider,
                                              KeyfobToken          *token,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
KeyfobCheckResult *keyfob_token_check_finish (KeyfobToken          *token,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
