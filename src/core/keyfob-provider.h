/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-types.h"

G_BEGIN_DECLS

#define KEYFOB_PROVIDER_ERROR (keyfob_provider_error_quark ())

/* A provider file that cannot be used: the message names file, line and problem. */
typedef enum
{
  KEYFOB_PROVIDER_ERROR_SYNTAX = 1,
  KEYFOB_PROVIDER_ERROR_INVALID,
} KeyfobProviderError;

typedef enum
{
  KEYFOB_FIELD_TEXT,
  KEYFOB_FIELD_CHOICE,
} KeyfobFieldKind;

typedef struct
{
  char       *value;
  char       *label;
  char       *token_prefix;  /* tokens starting with it belong to this choice */
  GHashTable *vars;          /* extra template variables this choice sets */
} KeyfobFieldChoice;

/* Read-only: owned by its provider. */
typedef struct
{
  char            *key;
  char            *label;
  char            *description;
  char            *placeholder;
  char            *hint;           /* how to fix a value the pattern refuses */
  KeyfobFieldKind  kind;
  gboolean         required;
  char            *default_value;
  GPtrArray       *choices;        /* of KeyfobFieldChoice */
  GRegex          *pattern;
  guint            extract_group;  /* the capture group kept as the value, 0 = all */
  GStrv            env;            /* environment variables that usually hold the value */
} KeyfobProviderField;

/* How many environment variable names a provider file may list for its tokens or a field. */
#define KEYFOB_PROVIDER_MAX_ENV_NAMES 32

#define KEYFOB_TYPE_PROVIDER (keyfob_provider_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobProvider, keyfob_provider, KEYFOB, PROVIDER, GObject)

GQuark                     keyfob_provider_error_quark       (void);

KeyfobProvider            *keyfob_provider_new_from_data     (const char      *origin,
                                                              const char      *data,
                                                              gssize           length,
                                                              GError         **error);
const char                *keyfob_provider_get_id            (KeyfobProvider  *self);
const char                *keyfob_provider_get_name          (KeyfobProvider  *self);
const char                *keyfob_provider_get_origin        (KeyfobProvider  *self);
const char                *keyfob_provider_get_description   (KeyfobProvider  *self);
const char                *keyfob_provider_get_color         (KeyfobProvider  *self);
const char                *keyfob_provider_get_docs_url      (KeyfobProvider  *self);
char                      *keyfob_provider_dup_dashboard_url (KeyfobProvider  *self,
                                                              GHashTable      *fields);
const char                *keyfob_provider_get_auth_scheme   (KeyfobProvider  *self);
const char                *keyfob_provider_get_auth_header   (KeyfobProvider  *self);
gboolean                   keyfob_provider_get_custom        (KeyfobProvider  *self);
gboolean                   keyfob_provider_get_has_expiry    (KeyfobProvider  *self);
guint                      keyfob_provider_get_n_fields      (KeyfobProvider  *self);
const KeyfobProviderField *keyfob_provider_get_field         (KeyfobProvider  *self,
                                                              guint            position);
const KeyfobProviderField *keyfob_provider_lookup_field      (KeyfobProvider  *self,
                                                              const char      *key);

/* The vendor's own words for its flows. */
const char                *keyfob_provider_get_label_name    (KeyfobProvider  *self);
const char                *keyfob_provider_get_create_role   (KeyfobProvider  *self);
const char * const        *keyfob_provider_get_create_steps  (KeyfobProvider  *self);
gboolean                   keyfob_provider_get_shown_once    (KeyfobProvider  *self);
const char                *keyfob_provider_get_revoke_title  (KeyfobProvider  *self);
const char                *keyfob_provider_get_revoke_confirm (KeyfobProvider *self);
const char * const        *keyfob_provider_get_revoke_steps  (KeyfobProvider  *self);
const char                *keyfob_provider_get_rename_note   (KeyfobProvider  *self);
KeyfobProvider            *keyfob_provider_get_replaced      (KeyfobProvider  *self);

gboolean                   keyfob_provider_check_token       (KeyfobProvider  *self,
                                                              const char      *token,
                                                              GError         **error);
const char * const        *keyfob_provider_get_env_names     (KeyfobProvider  *self);
gboolean                   keyfob_provider_recognises_token  (KeyfobProvider  *self,
                                                              const char      *value);
gboolean                   keyfob_provider_check_field       (KeyfobProvider  *self,
                                                              const char      *key,
                                                              const char      *given,
                                                              const char      *token,
                                                              char           **value,
                                                              GError         **error);
const KeyfobFieldChoice   *keyfob_provider_field_implied_choice (const KeyfobProviderField *field,
                                                                 const char                *token);
char                      *keyfob_provider_dup_help_url      (KeyfobProvider  *self,
                                                              GHashTable      *fields);
char                      *keyfob_provider_format_auth_line  (KeyfobProvider  *self,
                                                              GHashTable      *fields,
                                                              const char      *token);
GHashTable                *keyfob_provider_normalise_fields  (KeyfobProvider  *self,
                                                              GHashTable      *fields,
                                                              const char      *token,
                                                              GError         **error);
char                      *keyfob_provider_format_auth       (KeyfobProvider  *self,
                                                              GHashTable      *fields,
                                                              const char      *token,
                                                              char           **header_name);

G_END_DECLS
