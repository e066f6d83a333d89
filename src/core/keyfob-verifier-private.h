/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-verifier.h"

G_BEGIN_DECLS

KeyfobCheckResult *_keyfob_verifier_interpret (KeyfobProvider *provider,
                                               guint           status,
                                               const char     *body,
                                               gsize           length,
                                               const char     *retry_after,
                                               const char     *token);

char              *_keyfob_verifier_describe  (KeyfobProvider    *provider,
                                               KeyfobCheckResult *result,
                                               const char        *reason,
                                               const char        *token);

void               _keyfob_verifier_reserve_async        (KeyfobVerifier      *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean           _keyfob_verifier_reserve_finish       (KeyfobVerifier      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void               _keyfob_verifier_release              (KeyfobVerifier      *self);
void               _keyfob_verifier_check_reserved_async (KeyfobVerifier      *self,
                                                          KeyfobProvider      *provider,
                                                          GHashTable          *fields,
                                                          SecretValue         *secret,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

G_END_DECLS
