/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "keyfob-text.h"
#include "keyfob-token-rules.h"
#include "keyfob-tool-context.h"

/* Wider than any sentence of ours with a name in it; a 1 MB name is cut. */
#define LINE_MAX_COLUMNS 1024

KeyfobToolContext *
_keyfob_tool_context_new (void)
{
  KeyfobToolContext *self;

  self = g_new0 (KeyfobToolContext, 1);
  self->loop = g_main_loop_new (NULL, FALSE);
  self->cancellable = g_cancellable_new ();

  return self;
}

void
_keyfob_tool_context_free (KeyfobToolContext *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->prompt_notice_id, g_source_remove);
  g_clear_object (&self->result);
  g_clear_pointer (&self->noted, g_ptr_array_unref);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->tokens);
  g_clear_object (&self->store);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_free (self);
}

/* KeePassXC answers every create and delete with a prompt that completes unseen: only one
 * still open after this long is a person's to answer. */
#define PROMPT_NOTICE_MS 1000

static gboolean
prompt_notice_cb (gpointer user_data)
{
  KeyfobToolContext *self = user_data;

  self->prompt_notice_id = 0;
  self->said_prompt = TRUE;
  _keyfob_tool_say (stderr, _("keyfob-tool: The keyring shows a prompt: answer it to go on "
                              "(keyfob-tool waits up to five minutes).\n"));
  return G_SOURCE_REMOVE;
}

/* A prompt is the user's to answer: say it is there, once, since the command now waits. */
static void
prompting_cb (KeyfobStore       *store,
              GParamSpec        *pspec,
              KeyfobToolContext *self)
{
  if (!keyfob_store_get_prompting (store))
    g_clear_handle_id (&self->prompt_notice_id, g_source_remove);
  else if (!self->said_prompt && self->prompt_notice_id == 0)
    self->prompt_notice_id = g_timeout_add (PROMPT_NOTICE_MS, prompt_notice_cb, self);
}

/* The live token list, the commands' one way to the keyring; it holds only the tokens a
 * command found or listed. */
KeyfobTokenList *
_keyfob_tool_context_get_tokens (KeyfobToolContext *self)
{
  if (self->tokens == NULL)
    {
      self->store = keyfob_store_new ();
      keyfob_store_set_catalogue (self->store, self->catalogue);
      g_signal_connect (self->store, "notify::prompting", G_CALLBACK (prompting_cb), self);
      self->tokens = keyfob_token_list_new (self->store);
    }

  return self->tokens;
}

/* The callback for one call at a time: keeps the result for _keyfob_tool_context_wait(). */
void
_keyfob_tool_context_ready_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  KeyfobToolContext *self = user_data;

  g_assert (self->result == NULL);

  self->result = g_object_ref (result);
  g_main_loop_quit (self->loop);
}

/* Runs the main loop until the call started with _keyfob_tool_context_ready_cb() completes. */
GAsyncResult *
_keyfob_tool_context_wait (KeyfobToolContext *self)
{
  while (self->result == NULL)
    g_main_loop_run (self->loop);

  return g_steal_pointer (&self->result);
}

/* For several calls in flight at once: each holds before it starts and releases when done. */
void
_keyfob_tool_context_hold (KeyfobToolContext *self)
{
  self->pending++;
}

void
_keyfob_tool_context_release (KeyfobToolContext *self)
{
  g_assert (self->pending > 0);

  if (--self->pending == 0)
    g_main_loop_quit (self->loop);
}

void
_keyfob_tool_context_wait_all (KeyfobToolContext *self)
{
  while (self->pending > 0)
    g_main_loop_run (self->loop);
}

/**
 * _keyfob_tool_context_load_catalogue:
 * @report: say on stderr which provider files could not be used, for the commands that use
 *   providers (list only reads which attributes are fields)
 */
gboolean
_keyfob_tool_context_load_catalogue (KeyfobToolContext  *self,
                                     gboolean            report,
                                     GError            **error)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *problems;

  if (self->catalogue != NULL)
    return TRUE;

  keyfob_catalogue_load_async (catalogue, self->cancellable, _keyfob_tool_context_ready_cb, self);
  result = _keyfob_tool_context_wait (self);

  if (!keyfob_catalogue_load_finish (catalogue, result, error))
    return FALSE;

  /* A broken provider file must not stop the others: say what is wrong with it and go on. */
  problems = keyfob_catalogue_get_problems (catalogue);
  for (guint i = 0; report && problems != NULL && i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      _keyfob_tool_warn ("%s", problem->message);
    }

  self->catalogue = g_steal_pointer (&catalogue);
  if (self->store != NULL)
    keyfob_store_set_catalogue (self->store, self->catalogue);

  return TRUE;
}

/* A file that replaces a built-in provider decides where its tokens go: a command that uses
 * the provider says so, once. */
void
_keyfob_tool_context_note_replaced (KeyfobToolContext *self,
                                    KeyfobProvider    *provider)
{
  if (provider == NULL || keyfob_provider_get_replaced (provider) == NULL)
    return;

  if (self->noted == NULL)
    self->noted = g_ptr_array_new ();
  if (g_ptr_array_find (self->noted, provider, NULL))
    return;
  g_ptr_array_add (self->noted, provider);

  /* Translators: a file name, then a provider id */
  _keyfob_tool_warn (_("%s replaces the built-in provider “%s”. Keyfob asks before it sends a "
                       "token stored with the built-in one to a new address."),
                     keyfob_provider_get_origin (provider), keyfob_provider_get_id (provider));
}

KeyfobProvider *
_keyfob_tool_context_lookup_provider (KeyfobToolContext  *self,
                                      const char         *id,
                                      GError            **error)
{
  g_autoptr(GString) known = NULL;
  KeyfobProvider *provider;
  GPtrArray *providers;

  g_assert (self->catalogue != NULL);

  provider = keyfob_catalogue_lookup (self->catalogue, id);
  if (provider != NULL)
    {
      _keyfob_tool_context_note_replaced (self, provider);
      return provider;
    }

  providers = keyfob_catalogue_get_providers (self->catalogue);
  known = g_string_new (NULL);
  for (guint i = 0; i < providers->len; i++)
    {
      if (i > 0)
        g_string_append (known, ", ");
      g_string_append (known, keyfob_provider_get_id (g_ptr_array_index (providers, i)));
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: the first %s is a provider id, the second a list of them */
               _("There is no provider “%s”. Known providers: %s (see “keyfob-tool providers”)."),
               id, known->str);

  return NULL;
}

KeyfobToken *
_keyfob_tool_context_find_token (KeyfobToolContext  *self,
                                 const char         *name_or_id,
                                 GError            **error)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (self);
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_token_list_find_async (tokens, name_or_id, self->cancellable,
                                _keyfob_tool_context_ready_cb, self);
  result = _keyfob_tool_context_wait (self);

  return keyfob_token_list_find_finish (tokens, result, error);
}

/**
 * _keyfob_tool_context_list_tokens:
 *
 * Returns: (transfer container): every token in the keyring
 */
GPtrArray *
_keyfob_tool_context_list_tokens (KeyfobToolContext  *self,
                                  GError            **error)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (self);
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *listed;
  guint n;

  keyfob_token_list_reload_async (tokens, self->cancellable, _keyfob_tool_context_ready_cb,
                                  self);
  result = _keyfob_tool_context_wait (self);
  if (!keyfob_token_list_reload_finish (tokens, result, error))
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (tokens));
  listed = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (listed, g_list_model_get_item (G_LIST_MODEL (tokens), i));

  return listed;
}

SecretValue *
_keyfob_tool_context_load_secret (KeyfobToolContext  *self,
                                  KeyfobToken        *token,
                                  GError            **error)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (self);
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_token_list_load_secret_async (tokens, token, self->cancellable,
                                       _keyfob_tool_context_ready_cb, self);
  result = _keyfob_tool_context_wait (self);

  return keyfob_token_list_load_secret_finish (tokens, result, error);
}

/* Returns: (transfer full) (element-type SecretValue): see keyfob_store_load_secrets_async() */
GPtrArray *
_keyfob_tool_context_load_secrets (KeyfobToolContext  *self,
                                   GPtrArray          *tokens,
                                   GError            **error)
{
  KeyfobTokenList *list = _keyfob_tool_context_get_tokens (self);
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_token_list_load_secrets_async (list, tokens, self->cancellable,
                                        _keyfob_tool_context_ready_cb, self);
  result = _keyfob_tool_context_wait (self);

  return keyfob_token_list_load_secrets_finish (list, result, error);
}

/**
 * _keyfob_tool_context_add_token:
 *
 * Returns: (transfer full): the token stored
 */
KeyfobToken *
_keyfob_tool_context_add_token (KeyfobToolContext  *self,
                                KeyfobTokenDraft   *draft,
                                GError            **error)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (self);
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_token_list_add_async (tokens, draft, self->cancellable,
                               _keyfob_tool_context_ready_cb, self);
  result = _keyfob_tool_context_wait (self);

  return keyfob_token_list_add_finish (tokens, result, error);
}

/* Waits for a change started on the list with this context's callback. */
static gboolean
wait_for_change (KeyfobToolContext  *self,
                 GError            **error)
{
  g_autoptr(GAsyncResult) result = _keyfob_tool_context_wait (self);

  return keyfob_token_list_change_finish (self->tokens, result, error);
}

gboolean
_keyfob_tool_context_rename_token (KeyfobToolContext  *self,
                                   KeyfobToken        *token,
                                   const char         *new_name,
                                   GError            **error)
{
  keyfob_token_list_rename_async (_keyfob_tool_context_get_tokens (self), token, new_name,
                                  self->cancellable, _keyfob_tool_context_ready_cb, self);
  return wait_for_change (self, error);
}

gboolean
_keyfob_tool_context_edit_token (KeyfobToolContext  *self,
                                 KeyfobToken        *token,
                                 KeyfobTokenDraft   *draft,
                                 GError            **error)
{
  keyfob_token_list_edit_async (_keyfob_tool_context_get_tokens (self), token, draft,
                                self->cancellable, _keyfob_tool_context_ready_cb, self);
  return wait_for_change (self, error);
}

gboolean
_keyfob_tool_context_delete_token (KeyfobToolContext  *self,
                                   KeyfobToken        *token,
                                   GError            **error)
{
  keyfob_token_list_delete_async (_keyfob_tool_context_get_tokens (self), token,
                                  self->cancellable, _keyfob_tool_context_ready_cb, self);
  return wait_for_change (self, error);
}

/* The one place that turns an error into the exit code of the CLI contract. */
int
_keyfob_tool_exit_code (const GError *error)
{
  if (error == NULL)
    return KEYFOB_TOOL_EXIT_OK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return KEYFOB_TOOL_EXIT_CANCELLED;

  if (error->domain == KEYFOB_INPUT_ERROR || error->domain == G_OPTION_ERROR)
    return KEYFOB_TOOL_EXIT_USAGE;

  if (error->domain == KEYFOB_STORE_ERROR)
    {
      if (error->code == KEYFOB_STORE_ERROR_NOT_FOUND)
        return KEYFOB_TOOL_EXIT_FAILED;

      return KEYFOB_TOOL_EXIT_KEYRING;
    }

  return KEYFOB_TOOL_EXIT_FAILED;
}

/**
 * _keyfob_tool_say:
 * @format: one line, with or without its newline
 *
 * Every human-readable line the tool prints goes through here: names, labels, attributes,
 * provider texts and vendor messages all come from outside, so control and bidi characters are
 * made visible and the line is bounded. Standard output is flushed before anything goes to
 * standard error, to keep the two in order on a terminal.
 */
void
_keyfob_tool_say (FILE       *stream,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  gboolean newline;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  newline = g_str_has_suffix (message, "\n");
  if (newline)
    message[strlen (message) - 1] = '\0';
  line = keyfob_text_for_terminal (message, LINE_MAX_COLUMNS);

  if (stream == stderr)
    fflush (stdout);
  fputs (line, stream);
  if (newline)
    fputc ('\n', stream);
  fflush (stream);
}

int
_keyfob_tool_fail (const GError *error)
{
  g_assert (error != NULL);

  _keyfob_tool_say (stderr, "keyfob-tool: %s\n", error->message);

  return _keyfob_tool_exit_code (error);
}

int
_keyfob_tool_usage (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  _keyfob_tool_say (stderr, "keyfob-tool: %s\n", message);
  if (command != NULL)
    /* Translators: %s is a command name such as “add” */
    _keyfob_tool_say (stderr, _("Run “keyfob-tool %s --help” to see how to use it.\n"), command);
  else
    _keyfob_tool_say (stderr, _("Run “keyfob-tool --help” to see how to use it.\n"));

  return KEYFOB_TOOL_EXIT_USAGE;
}

void
_keyfob_tool_warn (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: %s is a warning message */
  _keyfob_tool_say (stderr, _("keyfob-tool: warning: %s\n"), message);
}

GOptionContext *
_keyfob_tool_option_context_new (const char         *command,
                                 const char         *parameters,
                                 const char         *summary,
                                 const GOptionEntry *entries)
{
  g_autofree char *prgname = g_strdup_printf ("keyfob-tool %s", command);
  GOptionContext *context;

  /* So that --help says “Usage: keyfob-tool add [OPTION…] …”. */
  g_set_prgname (prgname);

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* Dates are stored in UTC; a table shows the calendar day, as the --expires option takes it. */
char *
_keyfob_tool_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;

  utc = g_date_time_to_utc (date);

  return g_date_time_format (utc, "%Y-%m-%d");
}

char *
_keyfob_tool_format_iso8601 (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;

  utc = g_date_time_to_utc (date);

  return g_date_time_format_iso8601 (utc);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_date_or_null (JsonBuilder *builder,
                  const char  *member,
                  GDateTime   *date)
{
  g_autofree char *text = _keyfob_tool_format_iso8601 (date);

  add_string_or_null (builder, member, text);
}

/* The members every token object has in --json output. */
void
_keyfob_tool_json_add_token (JsonBuilder *builder,
                             KeyfobToken *token)
{
  g_autoptr(GList) keys = NULL;
  GHashTable *fields;

  add_string_or_null (builder, "id", keyfob_token_get_id (token));
  add_string_or_null (builder, "name", keyfob_token_get_name (token));
  add_string_or_null (builder, "provider", keyfob_token_get_provider_id (token));
  add_string_or_null (builder, "preview", keyfob_token_get_preview (token));
  add_date_or_null (builder, "created", keyfob_token_get_created (token));
  add_date_or_null (builder, "expires", keyfob_token_get_expires (token));

  add_date_or_null (builder, "last_checked", keyfob_token_get_last_checked (token));
  add_string_or_null (builder, "last_result", keyfob_token_get_last_result (token));
  add_string_or_null (builder, "account", keyfob_token_get_account (token));

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  fields = keyfob_token_get_fields (token);
  if (fields != NULL)
    keys = g_list_sort (g_hash_table_get_keys (fields), (GCompareFunc) g_strcmp0);
  for (const GList *l = keys; l != NULL; l = l->next)
    add_string_or_null (builder, l->data, g_hash_table_lookup (fields, l->data));
  json_builder_end_object (builder);
}

/* Machine output: UTF-8 whatever the locale, never translated. */
void
_keyfob_tool_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}
