/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-store.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_TOKEN_CHECK_ERROR (keyfob_token_check_error_quark ())

typedef enum
{
  /* The provider now sends its checks to another host than when the token was stored (a user's
   * provider file replaced or changed it): the user has to agree before the token goes there. */
  KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED = 1,
  /* The token's provider is in no provider file any more. */
  KEYFOB_TOKEN_CHECK_ERROR_NO_PROVIDER,
} KeyfobTokenCheckError;

GQuark             keyfob_token_check_error_quark (void);

void               keyfob_token_check_async  (KeyfobStore          *store,
                                              KeyfobVerifier       *verifier,
                                              KeyfobProvider       *provider,
                                              KeyfobToken          *token,
                                              const char           *allowed_host,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
KeyfobCheckResult *keyfob_token_check_finish (KeyfobToken          *token,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
