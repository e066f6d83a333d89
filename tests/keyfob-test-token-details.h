/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-details.h"
#include "keyfob-token-list.h"

G_BEGIN_DECLS

/* The narrowest the window gets, as a leaflet page. */
#define NARROW_WIDTH 360

typedef struct
{
  KeyfobCatalogue    *catalogue;
  KeyfobStore        *store;
  KeyfobTokenList    *tokens;
  KeyfobStore        *other;     /* another program on the same keyring */
  GSettings          *settings;
  GtkWindow          *window;
  KeyfobTokenDetails *details;   /* weak: the window's */
  gboolean            shown;     /* a token was shown, so the page asked where tokens are */
} Fixture;

#define CHILD(fixture, name) \
  GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET ((fixture)->details), \
                                             KEYFOB_TYPE_TOKEN_DETAILS, name))

void         fixture_set_up          (Fixture      *fixture,
                                      gconstpointer data);
void         fixture_tear_down       (Fixture      *fixture,
                                      gconstpointer data);
KeyfobToken *add_token               (Fixture      *fixture,
                                      const char   *provider_id,
                                      const char   *name,
                                      const char   *secret,
                                      const char   *field,
                                      const char   *value);
KeyfobToken *add_cutover             (Fixture      *fixture);
void         show                    (Fixture      *fixture,
                                      KeyfobToken  *token);
GtkWidget   *field_row               (Fixture      *fixture,
                                      const char   *title);
const char  *subtitle                (Fixture      *fixture,
                                      const char   *row);
gboolean     is_visible              (Fixture      *fixture,
                                      const char   *name);
void         record_check            (Fixture      *fixture,
                                      KeyfobToken  *token,
                                      const char   *account);

/* What each test's main () does before its own tests */
void         token_details_test_init (int          *argc,
                                      char       ***argv);

G_END_DECLS
