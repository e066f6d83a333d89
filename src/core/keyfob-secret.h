/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

void         keyfob_secret_wipe          (gpointer    buffer,
                                          gsize       length);
void         keyfob_secret_free          (gpointer    text);
SecretValue *keyfob_secret_value_new_take (char       *text);
const char  *keyfob_secret_value_get_text (SecretValue *value);


G_END_DECLS
