/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-provider.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_CATALOGUE (keyfob_catalogue_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobCatalogue, keyfob_catalogue, KEYFOB, CATALOGUE, GObject)

KeyfobCatalogue *keyfob_catalogue_new          (void);
void             keyfob_catalogue_load_async   (KeyfobCatalogue      *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         keyfob_catalogue_load_finish  (KeyfobCatalogue      *self,
                                                GAsyncResult         *result,
                                                GError              **error);
GPtrArray       *keyfob_catalogue_get_providers (KeyfobCatalogue     *self);
GPtrArray       *keyfob_catalogue_get_problems (KeyfobCatalogue      *self);
KeyfobProvider  *keyfob_catalogue_lookup       (KeyfobCatalogue      *self,
                                                const char           *id);
GPtrArray       *keyfob_catalogue_recognise    (KeyfobCatalogue      *self,
                                                const char           *name,
                                                const char           *value);
KeyfobProvider  *keyfob_catalogue_lookup_field_env (KeyfobCatalogue            *self,
                                                    const char                 *name,
                                                    const KeyfobProviderField **field);

G_END_DECLS
