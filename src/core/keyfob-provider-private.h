/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "keyfob-provider.h"

G_BEGIN_DECLS

typedef struct
{
  guint  status;    /* 0 matches any status */
  char  *contains;  /* matched against the body; NULL matches any */
  char  *detail;
} KeyfobVerifyHint;

/* How to check a token live, as the provider's JSON describes it. */
typedef struct
{
  char        *method;
  char        *url;             /* template */
  GPtrArray   *header_names;
  GPtrArray   *header_values;   /* templates */
  gboolean     success_object;
  gboolean     success_array;
  gboolean     success_any;     /* any body, even none: only the status says */
  GHashTable  *success_equals;  /* member name -> expected string */
  GStrv        account_paths;
  GStrv        message_paths;
  GHashTable  *status_map;      /* GUINT_TO_POINTER (status) -> "verdict" or "field:KEY" */
  GPtrArray   *hints;           /* of KeyfobVerifyHint */
} KeyfobVerifySpec;

/* Here, not in keyfob-provider.c: the parser, in its own files, fills it in. */
struct _KeyfobProvider
{
  GObject           parent_instance;

  char             *origin;
  char             *id;
  char             *name;
  char             *description;
  char             *color;
  char             *docs_url;
  char             *dashboard_url;
  char             *auth_scheme;
  char             *auth_header;   /* the header's name, for the "header" scheme */
  gboolean          has_expiry;
  gboolean          custom;        /* written by the app's "Other service" form */
  GStrv             env_names;  /* environment variables its tokens are usually kept in */

  GRegex           *token_pattern;
  GRegex           *token_recognise;  /* a value this distinctive is this provider's token */
  char             *token_description;
  guint             token_length;
  guint             token_min_length;
  guint             token_max_length;

  GPtrArray        *fields;
  KeyfobVerifySpec  verify;

  char             *label_name;
  char             *create_role;
  GStrv             create_steps;
  gboolean          shown_once;
  char             *revoke_title;
  char             *revoke_confirm;
  GStrv             revoke_steps;
  char             *rename_note;

  KeyfobProvider   *replaced;  /* the built-in provider a user file with its id replaces */
};

const KeyfobVerifySpec *_keyfob_provider_get_verify_spec (KeyfobProvider  *self);
const char             *_keyfob_provider_get_dashboard_template (KeyfobProvider *self);
gboolean                _keyfob_provider_url_is_safe     (const char      *url);
gboolean                _keyfob_provider_key_is_valid    (const char      *key);
gboolean                _keyfob_provider_header_name_is_valid (const char *name);
void                    _keyfob_provider_set_replaced    (KeyfobProvider  *self,
                                                          KeyfobProvider  *builtin);
char                   *_keyfob_provider_expand          (KeyfobProvider  *self,
                                                          const char      *template,
                                                          GHashTable      *fields,
                                                          gboolean         for_url,
                                                          GError         **error);

/* Where each member sat in the file, so that a problem found after parsing can name its line. */
typedef struct
{
  const char *origin;
  GHashTable *lines;
} ParseContext;

/* keyfob-provider-parse.c */
extern const char * const _keyfob_provider_auth_schemes[];

gboolean     _keyfob_provider_fail               (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  GError              **error,
                                                  const char           *format,
                                                  ...) G_GNUC_PRINTF (5, 6);
gboolean     _keyfob_provider_read_member        (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  JsonNodeType          type,
                                                  gboolean              required,
                                                  JsonNode            **out,
                                                  GError              **error);
gboolean     _keyfob_provider_read_string        (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  gboolean              required,
                                                  char                **out,
                                                  GError              **error);
gboolean     _keyfob_provider_read_boolean       (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  gboolean             *out,
                                                  GError              **error);
gboolean     _keyfob_provider_read_uint          (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  guint                 max,
                                                  guint                *out,
                                                  GError              **error);
gboolean     _keyfob_provider_read_string_array  (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  GStrv                *out,
                                                  GError              **error);
gboolean     _keyfob_provider_read_regex         (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  const char           *member,
                                                  GRegex              **out,
                                                  GError              **error);
gboolean     _keyfob_provider_read_env_names     (ParseContext         *ctx,
                                                  JsonObject           *object,
                                                  GStrv                *out,
                                                  GError              **error);

/* keyfob-provider-fields.c */
void         _keyfob_provider_field_free         (gpointer              data);
gboolean     _keyfob_provider_parse_field        (ParseContext         *ctx,
                                                  JsonNode             *node,
                                                  GPtrArray            *fields,
                                                  GError              **error);
/* The variable @name as the choice made in @fields (or the default choice) sets it. */
const char  *_keyfob_provider_lookup_choice_var  (KeyfobProvider       *self,
                                                  GHashTable           *fields,
                                                  const char           *name);

/* keyfob-provider-verify.c */
gboolean     _keyfob_provider_parse_verify       (KeyfobProvider       *self,
                                                  ParseContext         *ctx,
                                                  JsonObject           *root,
                                                  GError              **error);

G_END_DECLS
