/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-application.h"
#include "keyfob-i18n.h"
#include "keyfob-process.h"

/* Before the application registers: --version prints and exits, whether or not a window is
 * open. */
static int
handle_local_options_cb (GApplication *app,
                         GVariantDict *options,
                         gpointer      user_data)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("keyfob %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KeyfobApplication) app = NULL;

  /* Before anything can hold a token. */
  keyfob_process_forbid_core_dumps ();

  keyfob_i18n_init ();

  app = keyfob_application_new ();
  g_application_add_main_option (G_APPLICATION (app), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Print the version"), NULL);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (handle_local_options_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
