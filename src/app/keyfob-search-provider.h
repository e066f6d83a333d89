/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-application.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_SEARCH_PROVIDER (keyfob_search_provider_get_type ())

/* GNOME Shell's search in Activities (org.gnome.Shell.SearchProvider2): finds tokens by name and
 * provider in the application's token list, and copies one when the user picks it. Result ids
 * are token ids; no secret ever goes over the bus. */
G_DECLARE_FINAL_TYPE (KeyfobSearchProvider, keyfob_search_provider, KEYFOB, SEARCH_PROVIDER,
                      GObject)

KeyfobSearchProvider *keyfob_search_provider_new       (KeyfobApplication     *app);
gboolean              keyfob_search_provider_export    (KeyfobSearchProvider  *self,
                                                        GDBusConnection       *connection,
                                                        const char            *object_path,
                                                        GError               **error);
void                  keyfob_search_provider_unexport  (KeyfobSearchProvider  *self);
void                  keyfob_search_provider_set_ready (KeyfobSearchProvider  *self);

G_END_DECLS
