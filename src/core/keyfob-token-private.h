/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "keyfob-token.h"

G_BEGIN_DECLS

/* Items of this version; older ones keep the first schema until they are met and migrated,
 * so that one search finds the older ones alone. */
#define KEYFOB_SCHEMA_NAME        "io.github.keyfob.Token2"
#define KEYFOB_LEGACY_SCHEMA_NAME "io.github.keyfob.Token"

/* What Seahorse and KeePassXC show beside the label, so that an item reads as a Keyfob token
 * there; the CLI never prints it. */
#define KEYFOB_ATTRIBUTE_APPLICATION "application"
#define KEYFOB_APPLICATION           "Keyfob"

/* Here, not in keyfob-token.c: keyfob-token-attributes.c reads and writes it too. */
struct _KeyfobToken
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *provider_id;
  char       *preview;
  GHashTable *fields;
  GDateTime  *created;
  GDateTime  *expires;
  GDateTime  *last_checked;
  GDateTime  *rotated;     /* when the vendor's token was last replaced by a new one */
  char       *last_result;
  int         last_status;   /* the last check's HTTP status: 0 without a response, -1 unknown */
  char       *last_message;  /* the vendor's own words at the last check, one line */
  int         last_latency;  /* the last check's round trip in ms, -1 unknown */
  char       *account;
  char       *check_host;  /* where its checks go, as it was when stored or last agreed */
  char       *relabel;     /* the item's label, where another program changed it from the name */
  guint       n_checks;  /* checks under way: Test, Test all and Revoke may overlap */
  guint64     list_change;  /* its token list's count of changes at its latest one */

  char       *object_path;  /* of its keyring item; NULL until the token is in the keyring */

  char       *search_text;           /* see search_text () */
  char       *search_provider_name;  /* that it was made with */
};

/* Read-only: the store changes them, and views bind to them. */
typedef enum
{
  KEYFOB_TOKEN_PROP_0,
  KEYFOB_TOKEN_PROP_ID,
  KEYFOB_TOKEN_PROP_NAME,
  KEYFOB_TOKEN_PROP_PROVIDER_ID,
  KEYFOB_TOKEN_PROP_PREVIEW,
  KEYFOB_TOKEN_PROP_CREATED,
  KEYFOB_TOKEN_PROP_EXPIRES,
  KEYFOB_TOKEN_PROP_LAST_CHECKED,
  KEYFOB_TOKEN_PROP_LAST_RESULT,
  KEYFOB_TOKEN_PROP_ACCOUNT,
  KEYFOB_TOKEN_PROP_CHECKING,
  KEYFOB_TOKEN_PROP_ROTATED,
  KEYFOB_TOKEN_PROP_FIELDS,
  KEYFOB_TOKEN_PROP_LAST_STATUS,
  KEYFOB_TOKEN_PROP_LAST_MESSAGE,
  KEYFOB_TOKEN_PROP_LAST_LATENCY,
  KEYFOB_TOKEN_N_PROPS
} KeyfobTokenProperty;

void         _keyfob_token_notify          (KeyfobToken             *self,
                                            KeyfobTokenProperty      property);

KeyfobToken *_keyfob_token_new_from_attributes (GHashTable     *attributes,
                                                const char     *label,
                                                const char     *path,
                                                KeyfobProvider *provider);
const char  *_keyfob_token_get_object_path (KeyfobToken  *self);
void         _keyfob_token_set_object_path (KeyfobToken  *self,
                                            const char   *path);
GHashTable  *_keyfob_token_to_attributes   (KeyfobToken  *self);
void         _keyfob_token_set_name        (KeyfobToken  *self,
                                            const char   *name);
const char  *_keyfob_token_get_relabel     (KeyfobToken  *self);
void         _keyfob_token_set_check_host  (KeyfobToken  *self,
                                            const char   *host);
void         _keyfob_token_begin_check     (KeyfobToken             *self);
void         _keyfob_token_end_check       (KeyfobToken             *self);
void         _keyfob_token_update_from     (KeyfobToken             *self,
                                            KeyfobToken             *newer);
void         _keyfob_token_set_last_check  (KeyfobToken             *self,
                                            const KeyfobCheckResult *check);
void         _keyfob_token_set_check_details (KeyfobToken           *self,
                                              int                    status,
                                              const char            *message,
                                              int                    latency);

G_END_DECLS
