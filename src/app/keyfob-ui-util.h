/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-check-result.h"
#include "keyfob-provider.h"

G_BEGIN_DECLS

/* Helpers the dialogs share, so that they look and read alike. */

gboolean    keyfob_ui_is_blank                   (const char      *text);
GtkWidget  *keyfob_ui_error_label_new            (GtkWidget       *row);
void        keyfob_ui_set_row_error              (GtkWidget       *row,
                                                  GtkWidget       *error_label,
                                                  const char      *message);
void        keyfob_ui_clear_row_error            (GtkWidget       *row,
                                                  GtkWidget       *error_label);
const char *keyfob_ui_severity_css_class         (KeyfobSeverity   severity);
const char *keyfob_ui_severity_icon_name         (KeyfobSeverity   severity);
const char *keyfob_ui_verdict_css_class          (KeyfobVerdict    verdict);
void        keyfob_ui_set_severity_class         (GtkWidget       *widget,
                                                  const char      *css_class);
char       *keyfob_ui_dup_provider_page_label    (KeyfobProvider  *provider,
                                                  GHashTable      *fields);
void        keyfob_ui_open_uri                   (GtkWindow       *parent,
                                                  const char      *uri);
void        keyfob_ui_show_provider_page         (GtkWindow       *parent,
                                                  KeyfobProvider  *provider,
                                                  GHashTable      *fields);

G_END_DECLS
