/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "keyfob-json-path.h"
#include "keyfob-provider-private.h"
#include "keyfob-token-rules.h"

const char * const _keyfob_provider_auth_schemes[] = { "bearer", "raw", "x-api-key", NULL };

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member_name,
                  gpointer    user_data)
{
  ParseContext *ctx = user_data;
  g_autofree char *object_key = g_strdup_printf ("%p", (gpointer) object);

  /* The object itself is remembered by its first member's line. */
  if (!g_hash_table_contains (ctx->lines, object_key))
    g_hash_table_insert (ctx->lines, g_steal_pointer (&object_key),
                         GUINT_TO_POINTER (json_parser_get_current_line (parser)));

  g_hash_table_insert (ctx->lines,
                       g_strdup_printf ("%p/%s", (gpointer) object, member_name),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static guint
line_of (ParseContext *ctx,
         JsonObject   *object,
         const char   *member)
{
  g_autofree char *key = g_strdup_printf ("%p/%s", (gpointer) object, member);
  g_autofree char *object_key = g_strdup_printf ("%p", (gpointer) object);

  if (g_hash_table_contains (ctx->lines, key))
    return GPOINTER_TO_UINT (g_hash_table_lookup (ctx->lines, key));

  /* A missing member: point at the object that lacks it. */
  return MAX (1, GPOINTER_TO_UINT (g_hash_table_lookup (ctx->lines, object_key)));
}

gboolean
_keyfob_provider_fail (ParseContext  *ctx,
                       JsonObject    *object,
                       const char    *member,
                       GError       **error,
                       const char    *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
               "%s:%u: %s", ctx->origin, line_of (ctx, object, member), message);

  return FALSE;
}

gboolean
_keyfob_provider_read_member (ParseContext  *ctx,
                              JsonObject    *object,
                              const char    *member,
                              JsonNodeType   type,
                              gboolean       required,
                              JsonNode     **out,
                              GError       **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;

      return _keyfob_provider_fail (ctx, object, member, error,
                                    _("the required member “%s” is missing"), member);
    }

  /* Whole sentences, not a type name put into one: a translation may need the article or
   * the case to agree. */
  if (json_node_get_node_type (node) != type)
    switch (type)
      {
      case JSON_NODE_OBJECT:
        return _keyfob_provider_fail (ctx, object, member, error,
                                      _("“%s” must be an object"), member);
      case JSON_NODE_ARRAY:
        return _keyfob_provider_fail (ctx, object, member, error,
                                      _("“%s” must be an array"), member);
      case JSON_NODE_VALUE:
      case JSON_NODE_NULL:
      default:
        return _keyfob_provider_fail (ctx, object, member, error,
                                      _("“%s” must be a value"), member);
      }

  *out = node;
  return TRUE;
}

gboolean
_keyfob_provider_read_string (ParseContext  *ctx,
                              JsonObject    *object,
                              const char    *member,
                              gboolean       required,
                              char         **out,
                              GError       **error)
{
  JsonNode *node = NULL;

  if (!_keyfob_provider_read_member (ctx, object, member, JSON_NODE_VALUE, required, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return _keyfob_provider_fail (ctx, object, member, error, _("“%s” must be a string"), member);

  if (required && json_node_get_string (node)[0] == '\0')
    return _keyfob_provider_fail (ctx, object, member, error, _("“%s” must not be empty"), member);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
_keyfob_provider_read_boolean (ParseContext  *ctx,
                               JsonObject    *object,
                               const char    *member,
                               gboolean      *out,
                               GError       **error)
{
  JsonNode *node = NULL;

  if (!_keyfob_provider_read_member (ctx, object, member, JSON_NODE_VALUE, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _keyfob_provider_fail (ctx, object, member, error,
                                  _("“%s” must be true or false"), member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_keyfob_provider_read_uint (ParseContext  *ctx,
                            JsonObject    *object,
                            const char    *member,
                            guint          max,
                            guint         *out,
                            GError       **error)
{
  JsonNode *node = NULL;
  gint64 value;

  if (!_keyfob_provider_read_member (ctx, object, member, JSON_NODE_VALUE, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return _keyfob_provider_fail (ctx, object, member, error,
                                  _("“%s” must be a whole number"), member);

  value = json_node_get_int (node);
  if (value < 0 || value > max)
    return _keyfob_provider_fail (ctx, object, member, error,
                                  _("“%s” must be between 0 and %u"), member, max);

  *out = (guint) value;
  return TRUE;
}

gboolean
_keyfob_provider_read_string_array (ParseContext  *ctx,
                                    JsonObject    *object,
                                    const char    *member,
                                    GStrv         *out,
                                    GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = NULL;
  JsonArray *array;

  if (!_keyfob_provider_read_member (ctx, object, member, JSON_NODE_ARRAY, FALSE, &node, error))
    return FALSE;

  if (node != NULL)
    {
      array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return _keyfob_provider_fail (ctx, object, member, error,
                                          _("“%s” must be an array of strings"), member);

          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
_keyfob_provider_read_regex (ParseContext  *ctx,
                             JsonObject    *object,
                             const char    *member,
                             GRegex       **out,
                             GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) regex_error = NULL;

  if (!_keyfob_provider_read_string (ctx, object, member, FALSE, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  *out = g_regex_new (text, G_REGEX_OPTIMIZE, 0, &regex_error);
  if (*out == NULL)
    return _keyfob_provider_fail (ctx, object, member, error,
                                  _("“%s” is not a valid regular expression: %s"),
                                  member, regex_error->message);

  return TRUE;
}

/* Environment variable names, as a provider file lists them: a few, each a valid name. */
gboolean
_keyfob_provider_read_env_names (ParseContext  *ctx,
                                 JsonObject    *object,
                                 GStrv         *out,
                                 GError       **error)
{
  g_autoptr(GRegex) name_rule = g_regex_new ("^[A-Za-z_][A-Za-z0-9_]{0,127}$", 0, 0, NULL);

  if (!_keyfob_provider_read_string_array (ctx, object, "env", out, error))
    return FALSE;

  if (g_strv_length (*out) > KEYFOB_PROVIDER_MAX_ENV_NAMES)
    return _keyfob_provider_fail (ctx, object, "env", error, _("“env” lists more than %d names"),
                                  KEYFOB_PROVIDER_MAX_ENV_NAMES);

  for (guint i = 0; (*out)[i] != NULL; i++)
    if (!g_regex_match (name_rule, (*out)[i], 0, NULL))
      return _keyfob_provider_fail (ctx, object, "env", error,
                                    _("“env” names environment variables: letters, digits "
                                      "and _, not starting with a digit, at most 128 "
                                      "characters"));

  return TRUE;
}

/* The built-in files' texts are in the catalogue with the provider's id as context
 * (build-aux/provider-strings writes them out for xgettext). A user's file finds none of its
 * own texts there and keeps its words; "" is never looked up, it would find the header. */
static void
translate (const char  *context,
           char       **text)
{
  const char *translated;

  if (*text == NULL || **text == '\0')
    return;

  translated = g_dpgettext2 (GETTEXT_PACKAGE, context, *text);
  if (translated != *text)
    {
      g_free (*text);
      *text = g_strdup (translated);
    }
}

/* Every text build-aux/provider-strings extracts, and no other: the vendor's own names
 * (label_name, create_role, revoke_title, revoke_confirm) stay as the vendor spells them. */
static void
translate_texts (KeyfobProvider *self)
{
  translate (self->id, &self->description);
  translate (self->id, &self->token_description);

  for (guint i = 0; i < self->fields->len; i++)
    {
      KeyfobProviderField *field = g_ptr_array_index (self->fields, i);

      translate (self->id, &field->label);
      translate (self->id, &field->description);
      translate (self->id, &field->hint);
      for (guint j = 0; field->choices != NULL && j < field->choices->len; j++)
        {
          KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, j);

          translate (self->id, &choice->label);
        }
    }

  for (guint i = 0; i < self->verify.hints->len; i++)
    {
      KeyfobVerifyHint *hint = g_ptr_array_index (self->verify.hints, i);

      translate (self->id, &hint->detail);
    }

  for (guint i = 0; self->create_steps != NULL && self->create_steps[i] != NULL; i++)
    translate (self->id, &self->create_steps[i]);
  for (guint i = 0; self->revoke_steps != NULL && self->revoke_steps[i] != NULL; i++)
    translate (self->id, &self->revoke_steps[i]);
  translate (self->id, &self->rename_note);
}

static gboolean
parse_token_rules (KeyfobProvider  *self,
                   ParseContext    *ctx,
                   JsonObject      *root,
                   GError         **error)
{
  JsonNode *node = NULL;
  JsonObject *token;

  self->token_min_length = KEYFOB_TOKEN_MIN_BYTES;
  self->token_max_length = KEYFOB_TOKEN_MAX_BYTES;

  if (!_keyfob_provider_read_member (ctx, root, "token", JSON_NODE_OBJECT, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  token = json_node_get_object (node);

  if (!_keyfob_provider_read_regex (ctx, token, "pattern", &self->token_pattern, error) ||
      !_keyfob_provider_read_regex (ctx, token, "recognise", &self->token_recognise, error) ||
      !_keyfob_provider_read_string (ctx, token, "description", FALSE,
                                     &self->token_description, error) ||
      !_keyfob_provider_read_uint (ctx, token, "length", KEYFOB_TOKEN_MAX_BYTES,
                                   &self->token_length, error) ||
      !_keyfob_provider_read_uint (ctx, token, "min_length", KEYFOB_TOKEN_MAX_BYTES,
                                   &self->token_min_length, error) ||
      !_keyfob_provider_read_uint (ctx, token, "max_length", KEYFOB_TOKEN_MAX_BYTES,
                                   &self->token_max_length, error))
    return FALSE;

  if (self->token_min_length > self->token_max_length)
    return _keyfob_provider_fail (ctx, token, "min_length", error,
                                  _("“min_length” must not be above “max_length”"));

  return TRUE;
}

static gboolean
parse_flows (KeyfobProvider  *self,
             ParseContext    *ctx,
             JsonObject      *root,
             GError         **error)
{
  JsonNode *node = NULL;
  JsonObject *flows;

  if (!_keyfob_provider_read_member (ctx, root, "flows", JSON_NODE_OBJECT, TRUE, &node, error))
    return FALSE;

  flows = json_node_get_object (node);

  return _keyfob_provider_read_string (ctx, flows, "label_name", TRUE, &self->label_name, error) &&
         _keyfob_provider_read_string (ctx, flows, "create_role", FALSE,
                                       &self->create_role, error) &&
         _keyfob_provider_read_string_array (ctx, flows, "create_steps",
                                             &self->create_steps, error) &&
         _keyfob_provider_read_boolean (ctx, flows, "shown_once", &self->shown_once, error) &&
         _keyfob_provider_read_string (ctx, flows, "revoke_title", TRUE,
                                       &self->revoke_title, error) &&
         _keyfob_provider_read_string (ctx, flows, "revoke_confirm", TRUE,
                                       &self->revoke_confirm, error) &&
         _keyfob_provider_read_string_array (ctx, flows, "revoke_steps",
                                             &self->revoke_steps, error) &&
         _keyfob_provider_read_string (ctx, flows, "rename_note", FALSE, &self->rename_note, error);
}

static gboolean
parse_provider (KeyfobProvider  *self,
                ParseContext    *ctx,
                JsonNode        *root_node,
                GError         **error)
{
  g_autoptr(GRegex) id_rule = g_regex_new ("^[a-z0-9][a-z0-9_-]{0,63}$", 0, 0, NULL);
  JsonNode *fields = NULL;
  JsonObject *root;

  /* An empty file parses to no node at all. */
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
                   _("%s:1: a provider file must hold one JSON object"), ctx->origin);
      return FALSE;
    }

  root = json_node_get_object (root_node);
  self->auth_scheme = g_strdup ("bearer");

  if (!_keyfob_provider_read_string (ctx, root, "id", TRUE, &self->id, error) ||
      !_keyfob_provider_read_string (ctx, root, "name", TRUE, &self->name, error) ||
      !_keyfob_provider_read_string (ctx, root, "description", FALSE, &self->description, error) ||
      !_keyfob_provider_read_string (ctx, root, "color", FALSE, &self->color, error) ||
      !_keyfob_provider_read_string (ctx, root, "docs_url", TRUE, &self->docs_url, error) ||
      !_keyfob_provider_read_string (ctx, root, "dashboard_url", TRUE,
                                     &self->dashboard_url, error) ||
      !_keyfob_provider_read_string (ctx, root, "auth", FALSE, &self->auth_scheme, error) ||
      !_keyfob_provider_read_string (ctx, root, "auth_header", FALSE, &self->auth_header, error) ||
      !_keyfob_provider_read_boolean (ctx, root, "custom", &self->custom, error) ||
      !_keyfob_provider_read_boolean (ctx, root, "expiry", &self->has_expiry, error) ||
      !parse_token_rules (self, ctx, root, error) ||
      !_keyfob_provider_read_env_names (ctx, root, &self->env_names, error) ||
      !_keyfob_provider_read_member (ctx, root, "fields", JSON_NODE_ARRAY, FALSE, &fields, error))
    return FALSE;

  if (!g_regex_match (id_rule, self->id, 0, NULL))
    return _keyfob_provider_fail (ctx, root, "id", error,
                                  _("“id” must be lowercase letters, digits, - and _ "
                                    "(“%s” is not)"), self->id);

  if (!g_strv_contains (_keyfob_provider_auth_schemes, self->auth_scheme) &&
      !g_str_equal (self->auth_scheme, "header"))
    return _keyfob_provider_fail (ctx, root, "auth", error,
                                  _("“auth” must be bearer, raw, x-api-key or header"));

  if (g_str_equal (self->auth_scheme, "header") != (self->auth_header != NULL))
    return _keyfob_provider_fail (ctx, root, "auth", error,
                                  _("“auth” header needs “auth_header”, the header’s name, "
                                    "and only it does"));

  if (self->auth_header != NULL && !_keyfob_provider_header_name_is_valid (self->auth_header))
    return _keyfob_provider_fail (ctx, root, "auth_header", error,
                                  _("“auth_header” must be a header name of letters, digits "
                                    "and -, and not one HTTP sets itself (“%s” is not)"),
                                  self->auth_header);

  if (fields != NULL)
    {
      JsonArray *array = json_node_get_array (fields);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!_keyfob_provider_parse_field (ctx, json_array_get_element (array, i),
                                           self->fields, error))
          return FALSE;
    }

  return _keyfob_provider_parse_verify (self, ctx, root, error) &&
         parse_flows (self, ctx, root, error);
}

/**
 * keyfob_provider_new_from_data:
 * @origin: the file name, for messages
 *
 * Parses one provider description. Errors name @origin, the line and the problem.
 */
KeyfobProvider *
keyfob_provider_new_from_data (const char  *origin,
                               const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(KeyfobProvider) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) parse_error = NULL;
  ParseContext ctx = { origin, lines };
  KeyfobJsonShape shape;
  gsize bad = 0;

  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), &ctx);

  if (length < 0)
    length = strlen (data);

  /* json-glib would accept and leak a second value after the first, and overflow its stack
   * on deep nesting. */
  if ((shape = keyfob_json_check_shape (data, length, &bad)) != KEYFOB_JSON_SHAPE_OK)
    {
      gboolean started = FALSE;
      guint line = 1;

      for (gsize i = 0; i < bad; i++)
        {
          line += data[i] == '\n';
          started |= !g_ascii_isspace (data[i]);
        }

      if (shape == KEYFOB_JSON_SHAPE_TOO_DEEP)
        g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_SYNTAX,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s:%u: the file nests objects and arrays more than %d level "
                                  "deep: a provider description needs a few",
                                  "%s:%u: the file nests objects and arrays more than %d levels "
                                  "deep: a provider description needs a few",
                                  KEYFOB_JSON_MAX_DEPTH),
                     origin, line, KEYFOB_JSON_MAX_DEPTH);
      else if (!started)
        g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
                     _("%s:%u: a provider file must hold one JSON object"), origin, line);
      else
        g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_SYNTAX,
                     _("%s:%u: a provider file holds one JSON object and nothing else: no "
                       "comments, no second value"), origin, line);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: problem"; name the file instead. */
      const char *problem = parse_error->message;

      if (g_str_has_prefix (problem, "<data>:"))
        problem += strlen ("<data>:");

      g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_SYNTAX,
                   "%s:%s", origin, problem);
      return NULL;
    }

  self = g_object_new (KEYFOB_TYPE_PROVIDER, NULL);
  self->origin = g_strdup (origin);

  if (!parse_provider (self, &ctx, json_parser_get_root (parser), error))
    return NULL;

  translate_texts (self);

  return g_steal_pointer (&self);
}
