/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-tool-private.h"

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  KeyfobProvider *provider_a = *(KeyfobProvider * const *) a;
  KeyfobProvider *provider_b = *(KeyfobProvider * const *) b;

  return g_strcmp0 (keyfob_provider_get_id (provider_a), keyfob_provider_get_id (provider_b));
}

int
_keyfob_tool_providers (KeyfobToolContext  *context,
                        int                 argc,
                        char              **argv)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *providers;

  option_context = _keyfob_tool_option_context_new ("providers", NULL,
                                                    _("List the providers: ID and display name."),
                                                    NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("providers", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("providers", _("“providers” takes no arguments."));

  if (!_keyfob_tool_context_load_catalogue (context, &error))
    return _keyfob_tool_fail (error);

  providers = keyfob_catalogue_get_providers (context->catalogue);
  sorted = g_ptr_array_new ();
  for (guint i = 0; providers != NULL && i < providers->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (providers, i));
  g_ptr_array_sort (sorted, compare_ids);

  /* Machine output: ID<TAB>Display name, never translated. */
  for (guint i = 0; i < sorted->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (sorted, i);

      printf ("%s\t%s\n", keyfob_provider_get_id (provider), keyfob_provider_get_name (provider));
    }

  return KEYFOB_TOOL_EXIT_OK;
}
