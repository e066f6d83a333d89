/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-i18n"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "keyfob-i18n.h"

/**
 * keyfob_i18n_init:
 *
 * Sets the locale from the environment and binds Keyfob's message catalogue, before anything
 * is translated. The catalogue comes from LOCALEDIR, or from $KEYFOB_LOCALEDIR when that is
 * set: a build tree has its .mo files in _build/po (`meson devenv` and the tests point there),
 * and an uninstalled Keyfob would otherwise speak English only.
 */
void
keyfob_i18n_init (void)
{
  const char *localedir = g_getenv ("KEYFOB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir
                                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
