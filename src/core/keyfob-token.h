/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include <libsecret/secret.h>

#include "keyfob-check-result.h"
#include "keyfob-provider.h"

G_BEGIN_DECLS

typedef enum
{
  KEYFOB_EXPIRY_NONE,
  KEYFOB_EXPIRY_LATER,
  KEYFOB_EXPIRY_SOON,
  KEYFOB_EXPIRY_EXPIRED,
} KeyfobExpiry;

#define KEYFOB_TYPE_TOKEN (keyfob_token_get_type ())

/* A token's metadata, as the keyring's non-secret attributes hold it. Never the secret. */
G_DECLARE_FINAL_TYPE (KeyfobToken, keyfob_token, KEYFOB, TOKEN, GObject)

KeyfobToken   *keyfob_token_new              (const char   *provider_id,
                                              const char   *name,
                                              const char   *preview,
                                              GHashTable   *fields,
                                              GDateTime    *expires);
const char    *keyfob_token_get_id           (KeyfobToken  *self);
const char    *keyfob_token_get_name         (KeyfobToken  *self);
const char    *keyfob_token_get_provider_id  (KeyfobToken  *self);
const char    *keyfob_token_get_preview      (KeyfobToken  *self);
GHashTable    *keyfob_token_get_fields       (KeyfobToken  *self);
GDateTime     *keyfob_token_get_created      (KeyfobToken  *self);
GDateTime     *keyfob_token_get_expires      (KeyfobToken  *self);
GDateTime     *keyfob_token_get_last_checked (KeyfobToken  *self);
GDateTime     *keyfob_token_get_rotated      (KeyfobToken  *self);
const char    *keyfob_token_get_last_result  (KeyfobToken  *self);
int            keyfob_token_get_last_status  (KeyfobToken  *self);
const char    *keyfob_token_get_last_message (KeyfobToken  *self);
int            keyfob_token_get_last_latency (KeyfobToken  *self);
const char    *keyfob_token_get_account      (KeyfobToken  *self);
const char    *keyfob_token_get_check_host   (KeyfobToken  *self);
gboolean       keyfob_token_get_checking     (KeyfobToken  *self);
KeyfobExpiry   keyfob_token_get_expiry       (KeyfobToken  *self,
                                              GDateTime    *now,
                                              guint         warning_days,
                                              int          *days_left);
gboolean       keyfob_token_matches          (KeyfobToken  *self,
                                              const char   *provider_name,
                                              const char   *query);
char          *keyfob_token_fold_query       (const char   *query);
gboolean       keyfob_token_matches_folded   (KeyfobToken  *self,
                                              const char   *provider_name,
                                              const char   *folded_query);

G_END_DECLS
