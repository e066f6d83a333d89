/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-process.h"
#include "keyfob-tool-private.h"

/* keyfob-tool lists these in its --help and runs them here, with its own arguments. */
static const KeyfobToolCommand commands[] = {
  { "test", NULL, _keyfob_tool_test, NULL },
  { "revoke", NULL, _keyfob_tool_revoke, NULL },
  { "import", NULL, _keyfob_tool_import, NULL },
};

int
main (int    argc,
      char **argv)
{
  /* Before anything can hold a token. */
  keyfob_process_forbid_core_dumps ();
  _keyfob_tool_setup ();

  if (argc < 2)
    return _keyfob_tool_usage (NULL, _("keyfob-tool-check is the helper of “keyfob-tool test”, "
                                       "“keyfob-tool revoke” and “keyfob-tool import”: run "
                                       "those instead."));

  return _keyfob_tool_dispatch (commands, G_N_ELEMENTS (commands), argc, argv);
}
