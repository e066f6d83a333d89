/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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

G_END_DECLS
