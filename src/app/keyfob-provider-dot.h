/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-provider.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_PROVIDER_DOT (keyfob_provider_dot_get_type ())

/* A small disc in a provider's colour, beside its name; decoration only, so hidden from
 * assistive technologies, which read the name. */
G_DECLARE_FINAL_TYPE (KeyfobProviderDot, keyfob_provider_dot, KEYFOB, PROVIDER_DOT, GtkWidget)

GtkWidget      *keyfob_provider_dot_new          (void);
KeyfobProvider *keyfob_provider_dot_get_provider (KeyfobProviderDot *self);
void            keyfob_provider_dot_set_provider (KeyfobProviderDot *self,
                                                  KeyfobProvider    *provider);

G_END_DECLS
