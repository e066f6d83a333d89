/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keyfob-secret.h"
#include "keyfob-text.h"
#include "keyfob-token-rules.h"
#include "keyfob-tool-private.h"
#include "keyfob-token-draft.h"

/* A table cell: a long name is cut, so every row stays one line on a terminal. */
#define COLUMN_MAX_WIDTH 40

int
_keyfob_tool_add (KeyfobToolContext  *context,
                  int                 argc,
                  char              **argv)
{
  g_autofree char *provider_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expires = NULL;
  g_auto(GStrv) field_specs = NULL;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_id,
      N_("The provider, as “keyfob-tool providers” lists it"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("A name for the token, unique for its provider"), N_("NAME") },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &field_specs,
      N_("A provider field, such as region=us; repeat for several"), N_("KEY=VALUE") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires,
      N_("The day the token expires"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;
  char *pasted;
  gsize pasted_length = 0;
  gboolean filled;

  option_context = _keyfob_tool_option_context_new ("add", _("--provider ID --name NAME"),
                                                    _("Store a token read from standard input "
                                                      "(never from the command line) and print "
                                                      "its id."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("add", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("add",
                               /* Translators: %s is what the user typed */
                               _("Unexpected argument “%s”: the token is read from standard "
                                 "input, never from the command line."),
                               argv[1]);
  if (provider_id == NULL)
    return _keyfob_tool_usage ("add", _("Say which provider the token is for with --provider ID "
                                        "(see “keyfob-tool providers”)."));
  if (name == NULL)
    return _keyfob_tool_usage ("add", _("Give the token a name with --name NAME."));

  fields = _keyfob_tool_parse_fields (field_specs, &error);
  if (fields == NULL)
    return _keyfob_tool_usage ("add", "%s", error->message);

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  provider = _keyfob_tool_context_lookup_provider (context, provider_id, &error);
  if (provider == NULL)
    return _keyfob_tool_fail (error);

  pasted = _keyfob_tool_read_token (provider, &pasted_length, &error);
  if (pasted == NULL)
    return _keyfob_tool_fail (error);

  /* The rules in the order the Add dialog shows them: the token before the fields, since its
   * prefix may decide one. */
  draft = keyfob_token_draft_new (provider);
  filled = keyfob_token_draft_set_name (draft, name, &error) &&
           keyfob_token_draft_set_expires (draft, expires, &error) &&
           keyfob_token_draft_set_secret (draft, pasted, pasted_length, &error) &&
           _keyfob_tool_draft_set_fields (draft, fields, &error);
  _keyfob_tool_wipe_and_free (g_steal_pointer (&pasted));
  if (!filled)
    return _keyfob_tool_fail (error);

  token = _keyfob_tool_context_add_token (context, draft, &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  printf ("%s\n", keyfob_token_get_id (token));

  return KEYFOB_TOOL_EXIT_OK;
}

static int
compare_tokens (gconstpointer a,
                gconstpointer b)
{
  KeyfobToken *token_a = *(KeyfobToken * const *) a;
  KeyfobToken *token_b = *(KeyfobToken * const *) b;
  int order;

  order = g_utf8_collate (keyfob_token_get_name (token_a), keyfob_token_get_name (token_b));
  if (order == 0)
    order = g_strcmp0 (keyfob_token_get_provider_id (token_a),
                       keyfob_token_get_provider_id (token_b));

  return order;
}

enum {
  COLUMN_NAME,
  COLUMN_PROVIDER,
  COLUMN_KEY,
  COLUMN_CREATED,
  COLUMN_LAST_CHECK,
  COLUMN_EXPIRES,
  N_COLUMNS
};

static void
print_row (char  **cells,
           gsize  *widths)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_string_append (line, cells[i]);
      if (i + 1 < N_COLUMNS)
        for (gsize pad = keyfob_text_display_width (cells[i]); pad < widths[i] + 2; pad++)
          g_string_append_c (line, ' ');
    }

  g_print ("%s\n", line->str);
}

static void
print_table (GPtrArray *tokens)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gsize widths[N_COLUMNS] = { 0 };
  char **header;

  header = g_new0 (char *, N_COLUMNS + 1);
  header[COLUMN_NAME] = g_strdup (_("NAME"));
  header[COLUMN_PROVIDER] = g_strdup (_("PROVIDER"));
  header[COLUMN_KEY] = g_strdup (_("KEY"));
  header[COLUMN_CREATED] = g_strdup (_("CREATED"));
  header[COLUMN_LAST_CHECK] = g_strdup (_("LAST CHECK"));
  header[COLUMN_EXPIRES] = g_strdup (_("EXPIRES"));
  g_ptr_array_add (rows, header);

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);
      g_autofree char *checked = _keyfob_tool_format_date (keyfob_token_get_last_checked (token));
      const char *last_result = keyfob_token_get_last_result (token);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[COLUMN_NAME] = g_strdup (keyfob_token_get_name (token));
      row[COLUMN_PROVIDER] = g_strdup (keyfob_token_get_provider_id (token));
      row[COLUMN_KEY] = g_strdup (keyfob_token_get_preview (token));
      row[COLUMN_CREATED] = _keyfob_tool_format_date (keyfob_token_get_created (token));
      if (row[COLUMN_CREATED] == NULL)
        row[COLUMN_CREATED] = g_strdup ("—");
      if (checked != NULL && last_result != NULL)
        row[COLUMN_LAST_CHECK] = g_strdup_printf ("%s %s", last_result, checked);
      else if (checked != NULL)
        row[COLUMN_LAST_CHECK] = g_strdup (checked);
      else
        /* Translators: in the LAST CHECK column of a token never checked */
        row[COLUMN_LAST_CHECK] = g_strdup (_("never"));
      row[COLUMN_EXPIRES] = _keyfob_tool_format_date (keyfob_token_get_expires (token));
      if (row[COLUMN_EXPIRES] == NULL)
        row[COLUMN_EXPIRES] = g_strdup ("—");

      /* Names, previews and results may come from items other programs wrote: each cell is
       * safe for a terminal and no wider than COLUMN_MAX_WIDTH. */
      for (guint j = 0; j < N_COLUMNS; j++)
        {
          char *cell = keyfob_text_for_terminal (row[j], COLUMN_MAX_WIDTH);

          g_free (row[j]);
          row[j] = cell;
        }

      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < N_COLUMNS; j++)
        widths[j] = MAX (widths[j], keyfob_text_display_width (row[j]));
    }

  for (guint i = 0; i < rows->len; i++)
    print_row (g_ptr_array_index (rows, i), widths);
}

int
_keyfob_tool_list (KeyfobToolContext  *context,
                   int                 argc,
                   char              **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  option_context = _keyfob_tool_option_context_new ("list", NULL,
                                                    _("List the stored tokens, masked: never "
                                                      "their secrets."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("list", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("list",
                               /* Translators: %s is what the user typed */
                               _("Unexpected argument “%s”: “list” takes none."), argv[1]);

  /* The providers say which attributes are fields (a KeePassXC entry's Title is none). */
  if (!_keyfob_tool_context_load_catalogue (context, FALSE, &error))
    return _keyfob_tool_fail (error);

  tokens = _keyfob_tool_context_list_tokens (context, &error);
  if (tokens == NULL)
    return _keyfob_tool_fail (error);

  g_ptr_array_sort (tokens, compare_tokens);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < tokens->len; i++)
        {
          json_builder_begin_object (builder);
          _keyfob_tool_json_add_token (builder, g_ptr_array_index (tokens, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      _keyfob_tool_print_json (root);
    }
  else if (tokens->len == 0)
    {
      _keyfob_tool_say (stderr, _("No tokens yet: store one with “keyfob-tool add”.\n"));
    }
  else
    {
      print_table (tokens);
    }

  return KEYFOB_TOOL_EXIT_OK;
}

/* Parses the options of a command whose only arguments are positional, and checks their count. */
static gboolean
parse_positional (const char   *command,
                  const char   *parameters,
                  const char   *summary,
                  int          *argc,
                  char       ***argv,
                  int           n_wanted,
                  int          *status)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;

  option_context = _keyfob_tool_option_context_new (command, parameters, summary, NULL);
  if (!g_option_context_parse (option_context, argc, argv, &error))
    {
      *status = _keyfob_tool_usage (command, "%s", error->message);
      return FALSE;
    }

  if (*argc - 1 != n_wanted)
    {
      /* Translators: the first %s is a command, the second its arguments */
      *status = _keyfob_tool_usage (command, _("“%s” takes %s."), command, parameters);
      return FALSE;
    }

  return TRUE;
}

int
_keyfob_tool_get (KeyfobToolContext  *context,
                  int                 argc,
                  char              **argv)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length = 0;
  int status = KEYFOB_TOOL_EXIT_OK;

  if (!parse_positional ("get", "NAME|ID",
                         _("Print a token’s secret alone, with a newline, to standard output."),
                         &argc, &argv, 1, &status))
    return status;

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  secret = _keyfob_tool_context_load_secret (context, token, &error);
  if (secret == NULL)
    return _keyfob_tool_fail (error);

  data = secret_value_get (secret, &length);

  /* A secret another program stored may carry escape sequences: a pipe gets it as it is, a
   * terminal would act on it. */
  if (isatty (STDOUT_FILENO) && !keyfob_text_is_printable_line (data, length))
    {
      /* Translators: %s is a token name, twice */
      _keyfob_tool_say (stderr, _("keyfob-tool: The secret of “%s” holds control characters, "
                                  "so it is not printed to a terminal. Pipe it instead: "
                                  "keyfob-tool get “%s” | …\n"),
                        keyfob_token_get_name (token), keyfob_token_get_name (token));
      return KEYFOB_TOOL_EXIT_FAILED;
    }

  fwrite (data, 1, length, stdout);
  fputc ('\n', stdout);
  if (fflush (stdout) != 0)
    {
      /* Translators: %s is a system error message */
      _keyfob_tool_say (stderr, _("keyfob-tool: Could not write the token: %s\n"),
                        g_strerror (errno));
      return KEYFOB_TOOL_EXIT_FAILED;
    }

  return KEYFOB_TOOL_EXIT_OK;
}

int
_keyfob_tool_rename (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  int status = KEYFOB_TOOL_EXIT_OK;

  if (!parse_positional ("rename", "NAME|ID NEW-NAME", _("Rename a token in the keyring."),
                         &argc, &argv, 2, &status))
    return status;

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  if (!_keyfob_tool_context_rename_token (context, token, argv[2], &error))
    return _keyfob_tool_fail (error);

  return KEYFOB_TOOL_EXIT_OK;
}

int
_keyfob_tool_delete (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  int status = KEYFOB_TOOL_EXIT_OK;

  if (!parse_positional ("delete", "NAME|ID",
                         _("Remove a token from the keyring only: the vendor still accepts it "
                           "until you revoke it there (see “keyfob-tool revoke”)."),
                         &argc, &argv, 1, &status))
    return status;

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  if (!_keyfob_tool_context_delete_token (context, token, &error))
    return _keyfob_tool_fail (error);

  return KEYFOB_TOOL_EXIT_OK;
}
