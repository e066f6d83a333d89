/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "keyfob-check-result.h"
#include "keyfob-json-path.h"
#include "keyfob-provider-private.h"
#include "keyfob-secret.h"
#include "keyfob-token-rules.h"
#include "keyfob-uri.h"

struct _KeyfobProvider
{
  GObject           parent_instance;

  char             *origin;
  char             *id;
  char             *name;
  char             *description;
  char             *color;
  char             *docs_url;
  char             *dashboard_url;
  char             *auth_scheme;
  char             *auth_header;   /* the header's name, for the "header" scheme */
  gboolean          has_expiry;
  gboolean          custom;        /* written by the app's "Other service" form */
  GStrv             env_names;  /* environment variables its tokens are usually kept in */

  GRegex           *token_pattern;
  GRegex           *token_recognise;  /* a value this distinctive is this provider's token */
  char             *token_description;
  guint             token_length;
  guint             token_min_length;
  guint             token_max_length;

  GPtrArray        *fields;
  KeyfobVerifySpec  verify;

  char             *label_name;
  char             *create_role;
  GStrv             create_steps;
  gboolean          shown_once;
  char             *revoke_title;
  char             *revoke_confirm;
  GStrv             revoke_steps;
  char             *rename_note;

  KeyfobProvider   *replaced;  /* the built-in provider a user file with its id replaces */
};

G_DEFINE_FINAL_TYPE (KeyfobProvider, keyfob_provider, G_TYPE_OBJECT)

G_DEFINE_QUARK (keyfob-provider-error-quark, keyfob_provider_error)

static const char * const auth_schemes[] = { "bearer", "raw", "x-api-key", NULL };

/* Attribute names the keyring item uses itself: a field may not take them. */
static const char * const reserved_keys[] = {
  "provider", "token-id", "preview", "created", "expires", "last-checked", "last-result",
  "account", "check-host", "auth", NULL
};

/* Where each member sat in the file, so that a problem found after parsing can name its line. */
typedef struct
{
  const char *origin;
  GHashTable *lines;
} ParseContext;

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

G_GNUC_PRINTF (5, 6)
static gboolean
fail (ParseContext  *ctx,
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

static gboolean
read_member (ParseContext  *ctx,
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

      return fail (ctx, object, member, error, _("the required member “%s” is missing"),
                   member);
    }

  /* Whole sentences, not a type name put into one: a translation may need the article or
   * the case to agree. */
  if (json_node_get_node_type (node) != type)
    switch (type)
      {
      case JSON_NODE_OBJECT:
        return fail (ctx, object, member, error, _("“%s” must be an object"), member);
      case JSON_NODE_ARRAY:
        return fail (ctx, object, member, error, _("“%s” must be an array"), member);
      case JSON_NODE_VALUE:
      case JSON_NODE_NULL:
      default:
        return fail (ctx, object, member, error, _("“%s” must be a value"), member);
      }

  *out = node;
  return TRUE;
}

static gboolean
read_string (ParseContext  *ctx,
             JsonObject    *object,
             const char    *member,
             gboolean       required,
             char         **out,
             GError       **error)
{
  JsonNode *node = NULL;

  if (!read_member (ctx, object, member, JSON_NODE_VALUE, required, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (ctx, object, member, error, _("“%s” must be a string"), member);

  if (required && json_node_get_string (node)[0] == '\0')
    return fail (ctx, object, member, error, _("“%s” must not be empty"), member);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_boolean (ParseContext  *ctx,
              JsonObject    *object,
              const char    *member,
              gboolean      *out,
              GError       **error)
{
  JsonNode *node = NULL;

  if (!read_member (ctx, object, member, JSON_NODE_VALUE, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (ctx, object, member, error, _("“%s” must be true or false"), member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_uint (ParseContext  *ctx,
           JsonObject    *object,
           const char    *member,
           guint          max,
           guint         *out,
           GError       **error)
{
  JsonNode *node = NULL;
  gint64 value;

  if (!read_member (ctx, object, member, JSON_NODE_VALUE, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (ctx, object, member, error, _("“%s” must be a whole number"), member);

  value = json_node_get_int (node);
  if (value < 0 || value > max)
    return fail (ctx, object, member, error, _("“%s” must be between 0 and %u"), member, max);

  *out = (guint) value;
  return TRUE;
}

static gboolean
read_string_array (ParseContext  *ctx,
                   JsonObject    *object,
                   const char    *member,
                   GStrv         *out,
                   GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = NULL;
  JsonArray *array;

  if (!read_member (ctx, object, member, JSON_NODE_ARRAY, FALSE, &node, error))
    return FALSE;

  if (node != NULL)
    {
      array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return fail (ctx, object, member, error,
                         _("“%s” must be an array of strings"), member);

          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_regex (ParseContext  *ctx,
            JsonObject    *object,
            const char    *member,
            GRegex       **out,
            GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) regex_error = NULL;

  if (!read_string (ctx, object, member, FALSE, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  *out = g_regex_new (text, G_REGEX_OPTIMIZE, 0, &regex_error);
  if (*out == NULL)
    return fail (ctx, object, member, error, _("“%s” is not a valid regular expression: %s"),
                 member, regex_error->message);

  return TRUE;
}

/* Environment variable names, as a provider file lists them: a few, each a valid name. */
static gboolean
read_env_names (ParseContext  *ctx,
                JsonObject    *object,
                GStrv         *out,
                GError       **error)
{
  g_autoptr(GRegex) name_rule = g_regex_new ("^[A-Za-z_][A-Za-z0-9_]{0,127}$", 0, 0, NULL);

  if (!read_string_array (ctx, object, "env", out, error))
    return FALSE;

  if (g_strv_length (*out) > KEYFOB_PROVIDER_MAX_ENV_NAMES)
    return fail (ctx, object, "env", error, _("“env” lists more than %d names"),
                 KEYFOB_PROVIDER_MAX_ENV_NAMES);

  for (guint i = 0; (*out)[i] != NULL; i++)
    if (!g_regex_match (name_rule, (*out)[i], 0, NULL))
      return fail (ctx, object, "env", error,
                   _("“env” names environment variables: letters, digits and _, not starting "
                     "with a digit, at most 128 characters"));

  return TRUE;
}

static void
field_choice_free (gpointer data)
{
  KeyfobFieldChoice *choice = data;

  g_free (choice->value);
  g_free (choice->label);
  g_free (choice->token_prefix);
  g_clear_pointer (&choice->vars, g_hash_table_unref);
  g_free (choice);
}

static void
provider_field_free (gpointer data)
{
  KeyfobProviderField *field = data;

  g_free (field->key);
  g_free (field->label);
  g_free (field->description);
  g_free (field->placeholder);
  g_free (field->hint);
  g_free (field->default_value);
  g_clear_pointer (&field->choices, g_ptr_array_unref);
  g_clear_pointer (&field->pattern, g_regex_unref);
  g_strfreev (field->env);
  g_free (field);
}

static void
verify_hint_free (gpointer data)
{
  KeyfobVerifyHint *hint = data;

  g_free (hint->contains);
  g_free (hint->detail);
  g_free (hint);
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

/* A URL Keyfob will send a token to: https, or plain http to this machine only. */
static gboolean
url_is_safe (const char *url)
{
  return g_str_has_prefix (url, "https://") || keyfob_uri_is_loopback_http (url);
}

/* A field's key: it becomes a keyring attribute, so none of Keyfob's own. */
gboolean
_keyfob_provider_key_is_valid (const char *key)
{
  g_autoptr(GRegex) key_rule = g_regex_new ("^[a-z][a-z0-9_]{0,31}$", 0, 0, NULL);

  return g_regex_match (key_rule, key, 0, NULL) && !g_strv_contains (reserved_keys, key);
}

gboolean
_keyfob_provider_url_is_safe (const char *url)
{
  return url_is_safe (url);
}

/* A header of its own for the token: an HTTP token (RFC 9110), and none that HTTP itself or
 * libsoup sets, which would not carry it or would break the request. */
gboolean
_keyfob_provider_header_name_is_valid (const char *name)
{
  static const char * const taken[] = {
    "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Cookie",
    "Accept", "Accept-Encoding", "User-Agent", "Location", NULL
  };
  gsize length = strlen (name);

  if (length == 0 || length > 64)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;

  for (guint i = 0; taken[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, taken[i]) == 0)
      return FALSE;

  return TRUE;
}

static gboolean
parse_choice (ParseContext        *ctx,
              KeyfobProviderField *field,
              JsonNode            *node,
              GError             **error)
{
  g_autoptr(GHashTable) vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  KeyfobFieldChoice *choice;
  JsonObject *object;
  JsonNode *vars_node = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
                   _("%s: the choices of field “%s” must be objects"), ctx->origin, field->key);
      return FALSE;
    }

  object = json_node_get_object (node);
  choice = g_new0 (KeyfobFieldChoice, 1);
  g_ptr_array_add (field->choices, choice);

  if (!read_string (ctx, object, "value", TRUE, &choice->value, error) ||
      !read_string (ctx, object, "label", TRUE, &choice->label, error) ||
      !read_string (ctx, object, "token_prefix", FALSE, &choice->token_prefix, error) ||
      !read_member (ctx, object, "vars", JSON_NODE_OBJECT, FALSE, &vars_node, error))
    return FALSE;

  if (vars_node != NULL)
    {
      JsonObject *vars_object = json_node_get_object (vars_node);
      g_autoptr(GList) names = json_object_get_members (vars_object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!read_string (ctx, vars_object, l->data, TRUE, &value, error))
            return FALSE;

          if (strstr (value, "://") != NULL && !url_is_safe (value))
            return fail (ctx, vars_object, l->data, error,
                         _("“%s” must be an https:// address: Keyfob sends tokens over "
                           "plain http only to this machine"), (const char *) l->data);

          if (g_str_equal (l->data, "auth") && !g_strv_contains (auth_schemes, value))
            return fail (ctx, vars_object, l->data, error,
                         _("“auth” must be bearer, raw or x-api-key"));

          g_hash_table_insert (vars, g_strdup (l->data), g_steal_pointer (&value));
        }
    }

  choice->vars = g_steal_pointer (&vars);
  return TRUE;
}

static gboolean
parse_field (ParseContext  *ctx,
             JsonNode      *node,
             GPtrArray     *fields,
             GError       **error)
{
  KeyfobProviderField *field;
  g_autofree char *type = NULL;
  JsonObject *object;
  JsonNode *choices = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
                   _("%s: each of “fields” must be an object"), ctx->origin);
      return FALSE;
    }

  object = json_node_get_object (node);
  field = g_new0 (KeyfobProviderField, 1);
  field->choices = g_ptr_array_new_with_free_func (field_choice_free);
  g_ptr_array_add (fields, field);

  if (!read_string (ctx, object, "key", TRUE, &field->key, error) ||
      !read_string (ctx, object, "label", TRUE, &field->label, error) ||
      !read_string (ctx, object, "description", FALSE, &field->description, error) ||
      !read_string (ctx, object, "placeholder", FALSE, &field->placeholder, error) ||
      !read_string (ctx, object, "hint", FALSE, &field->hint, error) ||
      !read_string (ctx, object, "type", TRUE, &type, error) ||
      !read_boolean (ctx, object, "required", &field->required, error) ||
      !read_string (ctx, object, "default", FALSE, &field->default_value, error) ||
      !read_regex (ctx, object, "pattern", &field->pattern, error) ||
      !read_uint (ctx, object, "extract_group", 9, &field->extract_group, error) ||
      !read_env_names (ctx, object, &field->env, error))
    return FALSE;

  if (!_keyfob_provider_key_is_valid (field->key))
    return fail (ctx, object, "key", error,
                 _("“%s” cannot be a field key: use lowercase letters, digits and _, "
                   "and none of Keyfob’s own attribute names"), field->key);

  if (field->pattern != NULL &&
      field->extract_group > (guint) g_regex_get_capture_count (field->pattern))
    return fail (ctx, object, "extract_group", error,
                 _("“extract_group” names a group the pattern does not have"));

  if (g_str_equal (type, "text"))
    {
      field->kind = KEYFOB_FIELD_TEXT;
    }
  else if (g_str_equal (type, "choice"))
    {
      JsonArray *array;

      field->kind = KEYFOB_FIELD_CHOICE;

      if (!read_member (ctx, object, "choices", JSON_NODE_ARRAY, TRUE, &choices, error))
        return FALSE;

      array = json_node_get_array (choices);
      if (json_array_get_length (array) == 0)
        return fail (ctx, object, "choices", error, _("“choices” must not be empty"));

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!parse_choice (ctx, field, json_array_get_element (array, i), error))
          return FALSE;
    }
  else
    {
      return fail (ctx, object, "type", error, _("“type” must be text or choice"));
    }

  return TRUE;
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

  if (!read_member (ctx, root, "token", JSON_NODE_OBJECT, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  token = json_node_get_object (node);

  if (!read_regex (ctx, token, "pattern", &self->token_pattern, error) ||
      !read_regex (ctx, token, "recognise", &self->token_recognise, error) ||
      !read_string (ctx, token, "description", FALSE, &self->token_description, error) ||
      !read_uint (ctx, token, "length", KEYFOB_TOKEN_MAX_BYTES, &self->token_length, error) ||
      !read_uint (ctx, token, "min_length", KEYFOB_TOKEN_MAX_BYTES,
                  &self->token_min_length, error) ||
      !read_uint (ctx, token, "max_length", KEYFOB_TOKEN_MAX_BYTES,
                  &self->token_max_length, error))
    return FALSE;

  if (self->token_min_length > self->token_max_length)
    return fail (ctx, token, "min_length", error,
                 _("“min_length” must not be above “max_length”"));

  return TRUE;
}

static gboolean
is_known_variable (KeyfobProvider *self,
                   const char     *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      KeyfobProviderField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->key, name))
        return TRUE;

      for (guint j = 0; j < field->choices->len; j++)
        {
          KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, j);

          if (g_hash_table_contains (choice->vars, name))
            return TRUE;
        }
    }

  return FALSE;
}

/* Placeholders name fields or choice variables; never the token, which only travels in the
 * authentication header. */
static gboolean
check_template (KeyfobProvider  *self,
                ParseContext    *ctx,
                JsonObject      *object,
                const char      *member,
                const char      *template,
                GError         **error)
{
  for (const char *p = strchr (template, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      const char *end = strchr (p, '}');
      g_autofree char *name = NULL;

      if (end == NULL)
        return fail (ctx, object, member, error, _("“%s” has a “{” without its “}”"), member);

      name = g_strndup (p + 1, end - p - 1);

      if (g_str_equal (name, "token"))
        return fail (ctx, object, member, error,
                     _("“%s” would put the token into the request: tokens are sent only in "
                       "the header that “auth” names"), member);

      if (!is_known_variable (self, name))
        return fail (ctx, object, member, error,
                     _("“%s” uses {%s}, which is no field or choice variable"), member, name);
    }

  return TRUE;
}

static gboolean
parse_status_map (KeyfobProvider  *self,
                  ParseContext    *ctx,
                  JsonObject      *verify,
                  GError         **error)
{
  g_autoptr(GList) names = NULL;
  JsonNode *node = NULL;
  JsonObject *map;

  self->verify.status_map = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!read_member (ctx, verify, "status", JSON_NODE_OBJECT, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  map = json_node_get_object (node);
  names = json_object_get_members (map);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *value = NULL;
      guint64 status = 0;
      KeyfobVerdict verdict;

      if (!g_ascii_string_to_unsigned (l->data, 10, 100, 599, &status, NULL))
        return fail (ctx, map, l->data, error, _("“%s” is not an HTTP status"),
                     (const char *) l->data);

      if (!read_string (ctx, map, l->data, TRUE, &value, error))
        return FALSE;

      if (g_str_has_prefix (value, "field:"))
        {
          if (keyfob_provider_lookup_field (self, value + strlen ("field:")) == NULL)
            return fail (ctx, map, l->data, error, _("“%s” names no field of this provider"),
                         value);
        }
      else if (!keyfob_verdict_from_string (value, &verdict))
        {
          return fail (ctx, map, l->data, error,
                       _("“%s” is no result: use valid, invalid, forbidden, rate-limited, "
                         "server-error, unexpected or field:KEY"), value);
        }

      g_hash_table_insert (self->verify.status_map, GUINT_TO_POINTER ((guint) status),
                           g_steal_pointer (&value));
    }

  return TRUE;
}

static gboolean
parse_hints (KeyfobProvider  *self,
             ParseContext    *ctx,
             JsonObject      *verify,
             GError         **error)
{
  JsonNode *node = NULL;
  JsonArray *array;

  self->verify.hints = g_ptr_array_new_with_free_func (verify_hint_free);

  if (!read_member (ctx, verify, "hints", JSON_NODE_ARRAY, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      KeyfobVerifyHint *hint;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (ctx, verify, "hints", error, _("each of “hints” must be an object"));

      object = json_node_get_object (element);
      hint = g_new0 (KeyfobVerifyHint, 1);
      g_ptr_array_add (self->verify.hints, hint);

      if (!read_uint (ctx, object, "status", 599, &hint->status, error) ||
          !read_string (ctx, object, "contains", FALSE, &hint->contains, error) ||
          !read_string (ctx, object, "detail", TRUE, &hint->detail, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_verify (KeyfobProvider  *self,
              ParseContext    *ctx,
              JsonObject      *root,
              GError         **error)
{
  g_auto(GStrv) success = NULL;
  JsonNode *node = NULL;
  JsonNode *headers = NULL;
  JsonNode *equals = NULL;
  JsonObject *verify;

  self->verify.header_names = g_ptr_array_new_with_free_func (g_free);
  self->verify.header_values = g_ptr_array_new_with_free_func (g_free);
  self->verify.success_equals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!read_member (ctx, root, "verify", JSON_NODE_OBJECT, TRUE, &node, error))
    return FALSE;

  verify = json_node_get_object (node);
  self->verify.method = g_strdup ("GET");

  if (!read_string (ctx, verify, "method", FALSE, &self->verify.method, error) ||
      !read_string (ctx, verify, "url", TRUE, &self->verify.url, error) ||
      !read_string_array (ctx, verify, "success", &success, error) ||
      !read_string_array (ctx, verify, "account", &self->verify.account_paths, error) ||
      !read_string_array (ctx, verify, "message", &self->verify.message_paths, error) ||
      !read_member (ctx, verify, "headers", JSON_NODE_OBJECT, FALSE, &headers, error) ||
      !read_member (ctx, verify, "success_equals", JSON_NODE_OBJECT, FALSE, &equals, error) ||
      !parse_status_map (self, ctx, verify, error) ||
      !parse_hints (self, ctx, verify, error))
    return FALSE;

  if (!g_str_equal (self->verify.method, "GET") && !g_str_equal (self->verify.method, "HEAD"))
    return fail (ctx, verify, "method", error,
                 _("“method” must be GET or HEAD: a check must not change anything"));

  if (!g_str_has_prefix (self->verify.url, "{") && !url_is_safe (self->verify.url))
    return fail (ctx, verify, "url", error,
                 _("“url” must be an https:// address: Keyfob sends tokens over plain http "
                   "only to this machine"));

  if (!check_template (self, ctx, verify, "url", self->verify.url, error))
    return FALSE;

  for (guint i = 0; success[i] != NULL; i++)
    {
      if (g_str_equal (success[i], "object"))
        self->verify.success_object = TRUE;
      else if (g_str_equal (success[i], "array"))
        self->verify.success_array = TRUE;
      else if (g_str_equal (success[i], "any"))
        self->verify.success_any = TRUE;
      else
        return fail (ctx, verify, "success", error,
                     _("“success” lists body types: object, array, any"));
    }

  if (headers != NULL)
    {
      JsonObject *object = json_node_get_object (headers);
      g_autoptr(GList) names = json_object_get_members (object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!read_string (ctx, object, l->data, TRUE, &value, error) ||
              !check_template (self, ctx, object, l->data, value, error))
            return FALSE;

          if (g_ascii_strcasecmp (l->data, "Authorization") == 0 ||
              g_ascii_strcasecmp (l->data, "X-API-KEY") == 0)
            return fail (ctx, object, l->data, error,
                         _("“%s” is set by “auth”, not by “headers”"), (const char *) l->data);

          g_ptr_array_add (self->verify.header_names, g_strdup (l->data));
          g_ptr_array_add (self->verify.header_values, g_steal_pointer (&value));
        }
    }

  if (equals != NULL)
    {
      JsonObject *object = json_node_get_object (equals);
      g_autoptr(GList) names = json_object_get_members (object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!read_string (ctx, object, l->data, TRUE, &value, error))
            return FALSE;

          g_hash_table_insert (self->verify.success_equals, g_strdup (l->data),
                               g_steal_pointer (&value));
        }
    }

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

  if (!read_member (ctx, root, "flows", JSON_NODE_OBJECT, TRUE, &node, error))
    return FALSE;

  flows = json_node_get_object (node);

  return read_string (ctx, flows, "label_name", TRUE, &self->label_name, error) &&
         read_string (ctx, flows, "create_role", FALSE, &self->create_role, error) &&
         read_string_array (ctx, flows, "create_steps", &self->create_steps, error) &&
         read_boolean (ctx, flows, "shown_once", &self->shown_once, error) &&
         read_string (ctx, flows, "revoke_title", TRUE, &self->revoke_title, error) &&
         read_string (ctx, flows, "revoke_confirm", TRUE, &self->revoke_confirm, error) &&
         read_string_array (ctx, flows, "revoke_steps", &self->revoke_steps, error) &&
         read_string (ctx, flows, "rename_note", FALSE, &self->rename_note, error);
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

  if (!read_string (ctx, root, "id", TRUE, &self->id, error) ||
      !read_string (ctx, root, "name", TRUE, &self->name, error) ||
      !read_string (ctx, root, "description", FALSE, &self->description, error) ||
      !read_string (ctx, root, "color", FALSE, &self->color, error) ||
      !read_string (ctx, root, "docs_url", TRUE, &self->docs_url, error) ||
      !read_string (ctx, root, "dashboard_url", TRUE, &self->dashboard_url, error) ||
      !read_string (ctx, root, "auth", FALSE, &self->auth_scheme, error) ||
      !read_string (ctx, root, "auth_header", FALSE, &self->auth_header, error) ||
      !read_boolean (ctx, root, "custom", &self->custom, error) ||
      !read_boolean (ctx, root, "expiry", &self->has_expiry, error) ||
      !parse_token_rules (self, ctx, root, error) ||
      !read_env_names (ctx, root, &self->env_names, error) ||
      !read_member (ctx, root, "fields", JSON_NODE_ARRAY, FALSE, &fields, error))
    return FALSE;

  if (!g_regex_match (id_rule, self->id, 0, NULL))
    return fail (ctx, root, "id", error,
                 _("“id” must be lowercase letters, digits, - and _ (“%s” is not)"), self->id);

  if (!g_strv_contains (auth_schemes, self->auth_scheme) &&
      !g_str_equal (self->auth_scheme, "header"))
    return fail (ctx, root, "auth", error,
                 _("“auth” must be bearer, raw, x-api-key or header"));

  if (g_str_equal (self->auth_scheme, "header") != (self->auth_header != NULL))
    return fail (ctx, root, "auth", error,
                 _("“auth” header needs “auth_header”, the header’s name, and only it does"));

  if (self->auth_header != NULL && !_keyfob_provider_header_name_is_valid (self->auth_header))
    return fail (ctx, root, "auth_header", error,
                 _("“auth_header” must be a header name of letters, digits and -, and not one "
                   "HTTP sets itself (“%s” is not)"), self->auth_header);

  if (fields != NULL)
    {
      JsonArray *array = json_node_get_array (fields);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!parse_field (ctx, json_array_get_element (array, i), self->fields, error))
          return FALSE;
    }

  return parse_verify (self, ctx, root, error) && parse_flows (self, ctx, root, error);
}

static void
keyfob_provider_finalize (GObject *object)
{
  KeyfobProvider *self = (KeyfobProvider *) object;

  g_free (self->origin);
  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->color);
  g_free (self->docs_url);
  g_free (self->dashboard_url);
  g_free (self->auth_scheme);
  g_free (self->auth_header);
  g_clear_pointer (&self->token_pattern, g_regex_unref);
  g_clear_pointer (&self->token_recognise, g_regex_unref);
  g_strfreev (self->env_names);
  g_free (self->token_description);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  g_free (self->verify.method);
  g_free (self->verify.url);
  g_clear_pointer (&self->verify.header_names, g_ptr_array_unref);
  g_clear_pointer (&self->verify.header_values, g_ptr_array_unref);
  g_clear_pointer (&self->verify.success_equals, g_hash_table_unref);
  g_strfreev (self->verify.account_paths);
  g_strfreev (self->verify.message_paths);
  g_clear_pointer (&self->verify.status_map, g_hash_table_unref);
  g_clear_pointer (&self->verify.hints, g_ptr_array_unref);

  g_free (self->label_name);
  g_free (self->create_role);
  g_strfreev (self->create_steps);
  g_free (self->revoke_title);
  g_free (self->revoke_confirm);
  g_strfreev (self->revoke_steps);
  g_free (self->rename_note);
  g_clear_object (&self->replaced);

  G_OBJECT_CLASS (keyfob_provider_parent_class)->finalize (object);
}

static void
keyfob_provider_class_init (KeyfobProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keyfob_provider_finalize;
}

static void
keyfob_provider_init (KeyfobProvider *self)
{
  self->fields = g_ptr_array_new_with_free_func (provider_field_free);
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

const char *
keyfob_provider_get_id (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->id;
}

const char *
keyfob_provider_get_name (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->name;
}

const char *
keyfob_provider_get_origin (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->origin;
}

const char *
keyfob_provider_get_description (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->description;
}

const char *
keyfob_provider_get_color (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->color;
}

const char *
keyfob_provider_get_docs_url (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->docs_url;
}

/* The dashboard page for a token with these fields, or NULL when a field it needs is unset. */
char *
keyfob_provider_dup_dashboard_url (KeyfobProvider *self,
                                   GHashTable     *fields)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return _keyfob_provider_expand (self, self->dashboard_url, fields, TRUE, NULL);
}

/* Where to send a user about this provider's tokens: the dashboard, else the docs. */
char *
keyfob_provider_dup_help_url (KeyfobProvider *self,
                              GHashTable     *fields)
{
  char *url;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  url = keyfob_provider_dup_dashboard_url (self, fields);

  return url != NULL ? url : g_strdup (self->docs_url);
}

const char *
keyfob_provider_get_auth_scheme (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->auth_scheme;
}

/* Returns: (nullable): the header that carries the token, for the "header" scheme */
const char *
keyfob_provider_get_auth_header (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->auth_header;
}

/* Whether the app's "Other service" form wrote this provider, so that it can edit it. */
gboolean
keyfob_provider_get_custom (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), FALSE);

  return self->custom;
}

gboolean
keyfob_provider_get_has_expiry (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), FALSE);

  return self->has_expiry;
}

guint
keyfob_provider_get_n_fields (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), 0);

  return self->fields->len;
}

const KeyfobProviderField *
keyfob_provider_get_field (KeyfobProvider *self,
                           guint           position)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (position < self->fields->len, NULL);

  return g_ptr_array_index (self->fields, position);
}

const KeyfobProviderField *
keyfob_provider_lookup_field (KeyfobProvider *self,
                              const char     *key)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const KeyfobProviderField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->key, key))
        return field;
    }

  return NULL;
}

const char *
keyfob_provider_get_label_name (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->label_name;
}

const char *
keyfob_provider_get_create_role (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->create_role;
}

const char * const *
keyfob_provider_get_create_steps (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return (const char * const *) self->create_steps;
}

gboolean
keyfob_provider_get_shown_once (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), FALSE);

  return self->shown_once;
}

const char *
keyfob_provider_get_revoke_title (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->revoke_title;
}

const char *
keyfob_provider_get_revoke_confirm (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->revoke_confirm;
}

const char * const *
keyfob_provider_get_revoke_steps (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return (const char * const *) self->revoke_steps;
}

const char *
keyfob_provider_get_rename_note (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->rename_note;
}

/**
 * keyfob_provider_get_replaced:
 *
 * Returns: (transfer none) (nullable): the built-in provider this one, a user's file with the
 *   same id, replaces
 */
KeyfobProvider *
keyfob_provider_get_replaced (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->replaced;
}

void
_keyfob_provider_set_replaced (KeyfobProvider *self,
                               KeyfobProvider *builtin)
{
  g_set_object (&self->replaced, builtin);
}

/**
 * keyfob_provider_check_token:
 * @token: a normalised token
 *
 * Checks @token against the provider's documented format.
 */
gboolean
keyfob_provider_check_token (KeyfobProvider  *self,
                             const char      *token,
                             GError         **error)
{
  gsize length;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  length = strlen (token);

  if (self->token_length != 0 && length != self->token_length)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN_FORMAT,
                   /* Translators: “%s tokens are %u characters long; the pasted one has %u.” */
                   _("%s tokens are %u characters long; the pasted one has %u. "
                     "Copy the whole token, and only the token, and try again."),
                   self->name, self->token_length, (guint) length);
      return FALSE;
    }

  if (length < self->token_min_length || length > self->token_max_length)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN_FORMAT,
                   _("%s tokens are %u to %u characters long; the pasted one has %u. "
                     "Copy the whole token and try again."),
                   self->name, self->token_min_length, self->token_max_length, (guint) length);
      return FALSE;
    }

  if (self->token_pattern != NULL && !g_regex_match (self->token_pattern, token, 0, NULL))
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN_FORMAT,
                   _("This is not a %s token: they are %s. Check that you copied the right "
                     "token."),
                   self->name,
                   self->token_description ? self->token_description : _("in another format"));
      return FALSE;
    }

  return TRUE;
}

/**
 * keyfob_provider_get_env_names:
 *
 * Returns: (transfer none): the environment variables this provider's tokens are usually kept
 *   in, as its file lists them; empty when it lists none
 */
const char * const *
keyfob_provider_get_env_names (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return (const char * const *) self->env_names;
}

/**
 * keyfob_provider_recognises_token:
 * @value: any text, such as a variable's value
 *
 * Whether @value has this provider's distinctive token format (“recognise” in the provider
 * file's “token”) and passes its token rules. A provider without one recognises nothing.
 */
gboolean
keyfob_provider_recognises_token (KeyfobProvider *self,
                                  const char     *value)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  /* The length bound first: the regular expression comes from a file, so keep its input small. */
  return self->token_recognise != NULL &&
         strlen (value) <= KEYFOB_TOKEN_MAX_BYTES &&
         g_regex_match (self->token_recognise, value, 0, NULL) &&
         keyfob_provider_check_token (self, value, NULL);
}

static const KeyfobFieldChoice *
lookup_choice (const KeyfobProviderField *field,
               const char                *value)
{
  for (guint i = 0; value != NULL && i < field->choices->len; i++)
    {
      const KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, i);

      if (g_ascii_strcasecmp (choice->value, value) == 0)
        return choice;
    }

  return NULL;
}

/**
 * keyfob_provider_field_implied_choice:
 * @token: (nullable): a normalised token
 *
 * Returns: (nullable): the choice whose token prefix is the longest one @token starts with
 */
const KeyfobFieldChoice *
keyfob_provider_field_implied_choice (const KeyfobProviderField *field,
                                      const char                *token)
{
  const KeyfobFieldChoice *best = NULL;

  for (guint i = 0; token != NULL && i < field->choices->len; i++)
    {
      const KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, i);

      if (choice->token_prefix != NULL &&
          g_str_has_prefix (token, choice->token_prefix) &&
          (best == NULL || strlen (choice->token_prefix) > strlen (best->token_prefix)))
        best = choice;
    }

  return best;
}

static char *
normalise_choice (const KeyfobProviderField  *field,
                  const char                 *given,
                  const char                 *token,
                  GError                    **error)
{
  const KeyfobFieldChoice *implied = keyfob_provider_field_implied_choice (field, token);
  const KeyfobFieldChoice *choice = lookup_choice (field, given);

  if (given != NULL && choice == NULL)
    {
      g_autoptr(GString) values = g_string_new (NULL);

      for (guint i = 0; i < field->choices->len; i++)
        {
          const KeyfobFieldChoice *c = g_ptr_array_index (field->choices, i);

          g_string_append_printf (values, "%s%s", i > 0 ? ", " : "", c->value);
        }

      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                   /* Translators: “Region must be one of: us, eu (not “asia”).” */
                   _("%s must be one of: %s (not “%s”)."), field->label, values->str, given);
      return NULL;
    }

  if (choice != NULL && implied != NULL && choice != implied)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                   _("This token starts with “%s”, so it belongs to %s %s, but %s is set to "
                     "%s. Set %s to %s (%s=%s)."),
                   implied->token_prefix, field->label, implied->label, field->label,
                   choice->label, field->label, implied->label, field->key, implied->value);
      return NULL;
    }

  if (choice == NULL)
    choice = implied != NULL ? implied : lookup_choice (field, field->default_value);

  return choice != NULL ? g_strdup (choice->value) : NULL;
}

static char *
normalise_text (const KeyfobProviderField  *field,
                const char                 *given,
                GError                    **error)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (field->pattern == NULL)
    return g_strdup (given);

  if (!g_regex_match (field->pattern, given, 0, &match))
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                   /* Translators: “Domain ID “abc” is not valid. The Domain ID is a number…” */
                   _("%s “%s” is not valid. %s"), field->label, given,
                   field->hint ? field->hint : "");
      return NULL;
    }

  return g_match_info_fetch (match, field->extract_group);
}

/**
 * keyfob_provider_check_field:
 * @key: a field of this provider
 * @given: (nullable): what the user gave, untrimmed
 * @token: (nullable): the normalised token, whose prefix may decide a choice
 * @value: (out) (optional) (nullable): the value to store, %NULL for an optional field left out
 *
 * One field's rules, so that a form can show each field's problem beside it.
 */
gboolean
keyfob_provider_check_field (KeyfobProvider  *self,
                             const char      *key,
                             const char      *given,
                             const char      *token,
                             char           **value,
                             GError         **error)
{
  const KeyfobProviderField *field;
  g_autofree char *trimmed = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail ((field = keyfob_provider_lookup_field (self, key)) != NULL, FALSE);

  trimmed = given != NULL ? g_strstrip (g_strdup (given)) : NULL;
  if (trimmed != NULL && trimmed[0] == '\0')
    g_clear_pointer (&trimmed, g_free);

  if (field->kind == KEYFOB_FIELD_CHOICE)
    result = normalise_choice (field, trimmed, token, &local_error);
  else if (trimmed != NULL)
    result = normalise_text (field, trimmed, &local_error);
  else if (field->default_value != NULL)
    result = g_strdup (field->default_value);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (result == NULL && field->required)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                   /* Translators: “Pushly needs the Domain ID (field domain_id). …” */
                   _("%s needs the %s (field %s). %s"), self->name, field->label, field->key,
                   field->description ? field->description : "");
      return FALSE;
    }

  if (value != NULL)
    *value = g_steal_pointer (&result);

  return TRUE;
}

/**
 * keyfob_provider_normalise_fields:
 * @fields: (element-type utf8 utf8) (nullable): the values the user gave, by key
 * @token: (nullable): the normalised token, whose prefix may decide a choice
 *
 * Checks the user's values, fills in defaults and the values a token prefix implies.
 *
 * Returns: (transfer full): every field's value by key
 */
GHashTable *
keyfob_provider_normalise_fields (KeyfobProvider  *self,
                                  GHashTable      *fields,
                                  const char      *token,
                                  GError         **error)
{
  g_autoptr(GHashTable) result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  if (fields != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          if (keyfob_provider_lookup_field (self, key) == NULL)
            {
              g_autoptr(GString) known = g_string_new (NULL);

              for (guint i = 0; i < self->fields->len; i++)
                {
                  const KeyfobProviderField *field = g_ptr_array_index (self->fields, i);

                  g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", field->key);
                }

              g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                           _("%s has no field “%s”. Its fields are: %s."), self->name,
                           (const char *) key, known->len > 0 ? known->str : _("none"));
              return NULL;
            }
        }
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      const KeyfobProviderField *field = g_ptr_array_index (self->fields, i);
      g_autofree char *value = NULL;

      if (!keyfob_provider_check_field (self, field->key,
                                        fields ? g_hash_table_lookup (fields, field->key) : NULL,
                                        token, &value, error))
        return NULL;

      if (value != NULL)
        g_hash_table_insert (result, g_strdup (field->key), g_steal_pointer (&value));
    }

  return g_steal_pointer (&result);
}

static const char *
lookup_choice_var (KeyfobProvider *self,
                   GHashTable     *fields,
                   const char     *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const KeyfobProviderField *field = g_ptr_array_index (self->fields, i);
      const KeyfobFieldChoice *choice;

      if (field->kind != KEYFOB_FIELD_CHOICE)
        continue;

      choice = lookup_choice (field, fields ? g_hash_table_lookup (fields, field->key) : NULL);
      if (choice == NULL)
        choice = lookup_choice (field, field->default_value);

      if (choice != NULL && g_hash_table_contains (choice->vars, name))
        return g_hash_table_lookup (choice->vars, name);
    }

  return NULL;
}

/* Fills a template's {placeholders}: field values (escaped in URLs) and choice variables
 * (trusted: they come from the provider file). */
char *
_keyfob_provider_expand (KeyfobProvider  *self,
                         const char      *template,
                         GHashTable      *fields,
                         gboolean         for_url,
                         GError         **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = template;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open ? strchr (open, '}') : NULL;
      g_autofree char *name = NULL;
      const char *value;

      if (open == NULL || close == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, open - p);
      name = g_strndup (open + 1, close - open - 1);

      if ((value = lookup_choice_var (self, fields, name)) != NULL)
        {
          g_string_append (out, value);
        }
      else if (fields != NULL && (value = g_hash_table_lookup (fields, name)) != NULL)
        {
          if (for_url)
            g_string_append_uri_escaped (out, value, NULL, FALSE);
          else
            g_string_append (out, value);
        }
      else
        {
          g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                       _("This %s token has no value for “%s”: set it and try again."),
                       self->name, name);
          return NULL;
        }

      p = close + 1;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * keyfob_provider_format_auth:
 * @header_name: (out): the header to send
 *
 * Returns: the header value carrying @token; release it with keyfob_secret_free().
 */
char *
keyfob_provider_format_auth (KeyfobProvider  *self,
                             GHashTable      *fields,
                             const char      *token,
                             char           **header_name)
{
  const char *scheme = lookup_choice_var (self, fields, "auth");

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  if (scheme == NULL)
    scheme = self->auth_scheme;

  if (g_str_equal (scheme, "x-api-key"))
    {
      *header_name = g_strdup ("X-API-KEY");
      return g_strdup (token);
    }

  if (g_str_equal (scheme, "header"))
    {
      *header_name = g_strdup (self->auth_header);
      return g_strdup (token);
    }

  *header_name = g_strdup ("Authorization");

  if (g_str_equal (scheme, "raw"))
    return g_strdup (token);

  return g_strconcat ("Bearer ", token, NULL);
}

/**
 * keyfob_provider_format_auth_line:
 *
 * Returns: the whole header line, "Authorization: Bearer …"; release it with
 *   keyfob_secret_free()
 */
char *
keyfob_provider_format_auth_line (KeyfobProvider *self,
                                  GHashTable     *fields,
                                  const char     *token)
{
  g_autofree char *name = NULL;
  char *value = keyfob_provider_format_auth (self, fields, token, &name);
  char *line = g_strconcat (name, ": ", value, NULL);

  keyfob_secret_free (value);

  return line;
}

/* The dashboard address as the file gives it, its {placeholders} not filled in. */
const char *
_keyfob_provider_get_dashboard_template (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return self->dashboard_url;
}

const KeyfobVerifySpec *
_keyfob_provider_get_verify_spec (KeyfobProvider *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (self), NULL);

  return &self->verify;
}
