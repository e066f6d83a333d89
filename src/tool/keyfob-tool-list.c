/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-text.h"
#include "keyfob-tool-private.h"

/* A table cell: a long name is cut, so every row stays one line on a terminal. */
#define COLUMN_MAX_WIDTH 40

/* Ten years: beyond any token's lifetime; a larger number is more likely a slip of the keys. */
#define MAX_DAYS 3650

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

/* One name a line, for completions and scripts: a name holding a newline or an escape (from an
 * item another program wrote) would split into two names or drive the terminal, so those
 * characters go. */
static void
print_names (GPtrArray *tokens)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      g_autofree char *name =
        keyfob_text_strip_controls (keyfob_token_get_name (g_ptr_array_index (tokens, i)));

      if (name[0] != '\0')
        printf ("%s\n", name);
    }
}

static void
print_json (GPtrArray *tokens)
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

/* DAYS for list --expiring and remind --days. */
gboolean
_keyfob_tool_parse_days (const char  *option,
                         const char  *text,
                         guint       *days,
                         GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_DAYS, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: the first %s is an option such as “--days”, %u the largest
                    * number it takes, the second %s what the user typed */
                   _("“%s” takes a number of days from 0 to %u, such as 14; “%s” is not one."),
                   option, MAX_DAYS, text);
      return FALSE;
    }

  *days = (guint) value;

  return TRUE;
}

/* Keeps the tokens that have expired or expire within @days, as the window's warning colour
 * does with the days set in Preferences. */
static void
keep_expiring (GPtrArray *tokens,
               guint      days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = tokens->len; i > 0; i--)
    {
      KeyfobExpiry expiry = keyfob_token_get_expiry (g_ptr_array_index (tokens, i - 1), now, days,
                                                     NULL);

      if (expiry != KEYFOB_EXPIRY_SOON && expiry != KEYFOB_EXPIRY_EXPIRED)
        g_ptr_array_remove_index (tokens, i - 1);
    }
}

int
_keyfob_tool_list (KeyfobToolContext  *context,
                   int                 argc,
                   char              **argv)
{
  gboolean json = FALSE;
  gboolean names = FALSE;
  g_autofree char *expiring = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "names", 0, 0, G_OPTION_ARG_NONE, &names, N_("Print the names alone, one a line"), NULL },
    { "expiring", 0, 0, G_OPTION_ARG_STRING, &expiring,
      N_("Only tokens expired or expiring within DAYS; exit 1 when there are any"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  guint days = 0;

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
  if (json && names)
    return _keyfob_tool_usage ("list", _("Give “--json” or “--names”, not both."));
  if (expiring != NULL && !_keyfob_tool_parse_days ("--expiring", expiring, &days, &error))
    return _keyfob_tool_usage ("list", "%s", error->message);

  /* The providers say which attributes are fields (a KeePassXC entry's Title is none). */
  if (!_keyfob_tool_context_load_catalogue (context, FALSE, &error))
    return _keyfob_tool_fail (error);

  tokens = _keyfob_tool_context_list_tokens (context, &error);
  if (tokens == NULL)
    return _keyfob_tool_fail (error);

  if (expiring != NULL)
    keep_expiring (tokens, days);

  g_ptr_array_sort (tokens, compare_tokens);

  if (json)
    print_json (tokens);
  else if (names)
    print_names (tokens);
  else if (tokens->len > 0)
    print_table (tokens);
  else if (expiring != NULL)
    /* Translators: %u is the number of days the user gave */
    _keyfob_tool_say (stderr, g_dngettext (GETTEXT_PACKAGE,
                                           "No token expires within %u day.\n",
                                           "No token expires within %u days.\n", days),
                      days);
  else
    _keyfob_tool_say (stderr, _("No tokens yet: store one with “keyfob-tool add”.\n"));

  /* For scripts and timers, as grep does: something found, something to act on. */
  if (expiring != NULL && tokens->len > 0)
    return KEYFOB_TOOL_EXIT_FAILED;

  return KEYFOB_TOOL_EXIT_OK;
}
