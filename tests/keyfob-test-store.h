/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-token.h"

G_BEGIN_DECLS

typedef struct
{
  KeyfobStore     *store;
  KeyfobCatalogue *catalogue;
} Fixture;

void         store_fixture_set_up    (Fixture       *fixture,
                                      gconstpointer  data);
void         store_fixture_tear_down (Fixture       *fixture,
                                      gconstpointer  data);

GPtrArray   *list_tokens             (Fixture       *fixture,
                                      GError       **error);
KeyfobToken *find_token              (Fixture       *fixture,
                                      const char    *name_or_id,
                                      GError       **error);
KeyfobToken *add_token               (Fixture       *fixture,
                                      const char    *provider_id,
                                      const char    *name,
                                      const char    *pasted,
                                      GError       **error);
GPtrArray   *load_secrets            (Fixture       *fixture,
                                      GPtrArray     *tokens,
                                      GError       **error);
gboolean     delete_token            (Fixture       *fixture,
                                      KeyfobToken   *token,
                                      GError       **error);

G_END_DECLS
