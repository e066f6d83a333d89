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

G_END_DECLS
