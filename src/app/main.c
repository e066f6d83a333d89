/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "keyfob-application.h"
#include "keyfob-process.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KeyfobApplication) app = NULL;

  /* Before anything can hold a token. */
  keyfob_process_forbid_core_dumps ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = keyfob_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
