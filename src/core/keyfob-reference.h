/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-token.h"

G_BEGIN_DECLS

/* A value that stands for a stored token, as a .env file can hold it instead of the secret:
 * keyfob:NAME, keyfob:ID or, where names collide, keyfob:PROVIDER/NAME. */
#define KEYFOB_REFERENCE_PREFIX "keyfob:"

gboolean     keyfob_reference_is      (const char  *value);
KeyfobToken *keyfob_reference_resolve (GPtrArray   *tokens,
                                       const char  *value,
                                       GError     **error);
char        *keyfob_reference_format  (GPtrArray   *tokens,
                                       KeyfobToken *token);

G_END_DECLS
