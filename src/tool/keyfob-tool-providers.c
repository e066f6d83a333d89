/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-text.h"
#include "keyfob-tool-private.h"

#define NAME_MAX_COLUMNS 80

int
_keyfob_tool_providers (KeyfobToolContext  *context,
                        int                 argc,
                        char              **argv)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *providers;

  option_context = _keyfob_tool_option_context_new ("providers", NULL,
                                                    _("List the providers: ID and display name."),
                                                    NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("providers", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("providers", _("“providers” takes no arguments."));

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  providers = keyfob_catalogue_get_providers (context->catalogue);

  /* Machine output: ID<TAB>Display name, never translated; the catalogue sorts by id. A user
   * file names its provider as it likes: that name is made safe for a terminal. */
  for (guint i = 0; i < providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (providers, i);
      g_autofree char *name = keyfob_text_for_terminal (keyfob_provider_get_name (provider),
                                                        NAME_MAX_COLUMNS);

      printf ("%s\t%s\n", keyfob_provider_get_id (provider), name);
    }

  for (guint i = 0; i < providers->len; i++)
    _keyfob_tool_context_note_replaced (context, g_ptr_array_index (providers, i));

  return KEYFOB_TOOL_EXIT_OK;
}
