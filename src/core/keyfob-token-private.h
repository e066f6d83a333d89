/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "keyfob-token.h"

G_BEGIN_DECLS

#define KEYFOB_SCHEMA_NAME "io.github.keyfob.Token"

KeyfobToken *_keyfob_token_new_from_attributes (GHashTable     *attributes,
                                                const char     *label,
                                                const char     *path,
                                                KeyfobProvider *provider);
SecretItem  *_keyfob_token_get_item        (KeyfobToken  *self);
void         _keyfob_token_set_item        (KeyfobToken  *self,
                                            SecretItem   *item);
const char  *_keyfob_token_get_object_path (KeyfobToken  *self);
void         _keyfob_token_set_object_path (KeyfobToken  *self,
                                            const char   *path);
GHashTable  *_keyfob_token_to_attributes   (KeyfobToken  *self);
void         _keyfob_token_set_name        (KeyfobToken  *self,
                                            const char   *name);
void         _keyfob_token_set_check_host  (KeyfobToken  *self,
                                            const char   *host);
void         _keyfob_token_begin_check     (KeyfobToken             *self);
void         _keyfob_token_end_check       (KeyfobToken             *self);
void         _keyfob_token_update_from     (KeyfobToken             *self,
                                            KeyfobToken             *newer);
void         _keyfob_token_set_last_check  (KeyfobToken             *self,
                                            const KeyfobCheckResult *check);

G_END_DECLS
