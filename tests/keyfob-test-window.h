/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-application.h"
#include "keyfob-emulator.h"
#include "keyfob-test-gtk.h"
#include "keyfob-window-private.h"

G_BEGIN_DECLS

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "pulsetic-token-for-window-tests"
#define PYLON_TOKEN    "pylon_api_0123456789abcdef"
#define PUSHLY_TOKEN   "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"

typedef struct
{
  KeyfobApplication *app;       /* one per process, as in real use */
  KeyfobWindow      *window;
  KeyfobEmulator    *emulator;
} Fixture;

void              window_fixture_set_up      (Fixture       *fixture,
                                              gconstpointer  data);
void              window_fixture_tear_down   (Fixture       *fixture,
                                              gconstpointer  data);
void              window_fixture_shutdown    (void);
KeyfobToken      *window_fixture_store_token (Fixture       *fixture,
                                              const char    *provider_id,
                                              const char    *name,
                                              const char    *field_key,
                                              const char    *field_value,
                                              const char    *expires,
                                              const char    *secret_text);
void              window_fixture_reload      (Fixture       *fixture);
void              window_fixture_delete_all  (Fixture       *fixture);

/* More of what a user sees (keyfob-test-gtk.h has the rest): the first match under a widget,
 * or among the toplevels. */
const char       *find_label_text            (GtkWidget     *widget,
                                              const char    *prefix);
GtkWidget        *find_label                 (GtkWidget     *widget,
                                              const char    *prefix);
GtkWindow        *find_toplevel              (GType          type);

G_END_DECLS
