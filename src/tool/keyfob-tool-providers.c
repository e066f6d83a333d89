/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-text.h"
#include "keyfob-tool-private.h"

#define NAME_MAX_COLUMNS 80

/* For completions: KEY= for a text field, KEY=VALUE for each choice of a choice field, one a
 * line. Keys are checked when the provider loads; a choice's value comes from the file as it
 * is, so control characters, which would split or garble a line, are left out. */
static void
print_fields (KeyfobProvider *provider)
{
  for (guint i = 0; i < keyfob_provider_get_n_fields (provider); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (provider, i);

      if (field->kind != KEYFOB_FIELD_CHOICE || field->choices == NULL)
        {
          printf ("%s=\n", field->key);
          continue;
        }

      for (guint j = 0; j < field->choices->len; j++)
        {
          const KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, j);
          g_autofree char *value = keyfob_text_strip_controls (choice->value);

          printf ("%s=%s\n", field->key, value);
        }
    }
}

int
_keyfob_tool_providers (KeyfobToolContext  *context,
                        int                 argc,
                        char              **argv)
{
  g_autofree char *fields_of = NULL;
  const GOptionEntry entries[] = {
    { "fields", 0, 0, G_OPTION_ARG_STRING, &fields_of,
      N_("List the fields of the provider ID instead, as KEY= or KEY=VALUE, one a line"),
      N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *providers;

  option_context = _keyfob_tool_option_context_new ("providers", NULL,
                                                    _("List the providers: ID and display name."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("providers", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("providers", _("“providers” takes no arguments."));

  if (!_keyfob_tool_context_load_catalogue (context, fields_of == NULL, &error))
    return _keyfob_tool_fail (error);

  if (fields_of != NULL)
    {
      KeyfobProvider *provider = _keyfob_tool_context_lookup_provider (context, fields_of, &error);

      if (provider == NULL)
        return _keyfob_tool_fail (error);

      print_fields (provider);
      return KEYFOB_TOOL_EXIT_OK;
    }

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
