/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "keyfob-provider.h"
#include "keyfob-token.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_DRAFT (keyfob_token_draft_get_type ())

/* A token being added, or a stored one being edited: what the user typed and pasted, checked
 * and normalised by the same rules whichever front end it came from. Setters refuse bad input
 * with a KEYFOB_INPUT_ERROR and leave the draft as it was. */
G_DECLARE_FINAL_TYPE (KeyfobTokenDraft, keyfob_token_draft, KEYFOB, TOKEN_DRAFT, GObject)

KeyfobTokenDraft *keyfob_token_draft_new          (KeyfobProvider    *provider);
KeyfobTokenDraft *keyfob_token_draft_new_edit     (KeyfobProvider    *provider,
                                                   KeyfobToken       *token);
KeyfobProvider   *keyfob_token_draft_get_provider (KeyfobTokenDraft  *self);
gboolean          keyfob_token_draft_set_name     (KeyfobTokenDraft  *self,
                                                   const char        *name,
                                                   GError           **error);
const char       *keyfob_token_draft_get_name     (KeyfobTokenDraft  *self);
gboolean          keyfob_token_draft_set_field    (KeyfobTokenDraft  *self,
                                                   const char        *key,
                                                   const char        *value,
                                                   GError           **error);
gboolean          keyfob_token_draft_set_expires  (KeyfobTokenDraft  *self,
                                                   const char        *date,
                                                   GError           **error);
GDateTime        *keyfob_token_draft_get_expires  (KeyfobTokenDraft  *self);
gboolean          keyfob_token_draft_set_secret   (KeyfobTokenDraft  *self,
                                                   const char        *pasted,
                                                   gsize              pasted_length,
                                                   GError           **error);
SecretValue      *keyfob_token_draft_get_secret   (KeyfobTokenDraft  *self);
void              keyfob_token_draft_set_check    (KeyfobTokenDraft  *self,
                                                   const KeyfobCheckResult *check);
gboolean          keyfob_token_draft_get_changed  (KeyfobTokenDraft  *self);
GHashTable       *keyfob_token_draft_dup_fields   (KeyfobTokenDraft  *self,
                                                   GError           **error);
KeyfobToken      *keyfob_token_draft_build        (KeyfobTokenDraft  *self,
                                                   GError           **error);

KeyfobToken      *keyfob_token_new_from_input     (KeyfobProvider    *provider,
                                                   const char        *name,
                                                   GHashTable        *fields,
                                                   const char        *expires,
                                                   const char        *pasted,
                                                   gsize              pasted_length,
                                                   SecretValue      **secret,
                                                   GError           **error);

G_END_DECLS
