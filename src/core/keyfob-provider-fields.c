/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keyfob-provider-private.h"
#include "keyfob-token-rules.h"

/* Attribute names the keyring item uses itself: a field may not take them. */
static const char * const reserved_keys[] = {
  "provider", "token-id", "preview", "created", "expires", "last-checked", "last-result",
  "account", "check-host", "auth", NULL
};

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

void
_keyfob_provider_field_free (gpointer data)
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

/* A field's key: it becomes a keyring attribute, so none of Keyfob's own. */
gboolean
_keyfob_provider_key_is_valid (const char *key)
{
  g_autoptr(GRegex) key_rule = g_regex_new ("^[a-z][a-z0-9_]{0,31}$", 0, 0, NULL);

  return g_regex_match (key_rule, key, 0, NULL) && !g_strv_contains (reserved_keys, key);
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

  if (!_keyfob_provider_read_string (ctx, object, "value", TRUE, &choice->value, error) ||
      !_keyfob_provider_read_string (ctx, object, "label", TRUE, &choice->label, error) ||
      !_keyfob_provider_read_string (ctx, object, "token_prefix", FALSE,
                                     &choice->token_prefix, error) ||
      !_keyfob_provider_read_member (ctx, object, "vars", JSON_NODE_OBJECT, FALSE,
                                     &vars_node, error))
    return FALSE;

  if (vars_node != NULL)
    {
      JsonObject *vars_object = json_node_get_object (vars_node);
      g_autoptr(GList) names = json_object_get_members (vars_object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!_keyfob_provider_read_string (ctx, vars_object, l->data, TRUE, &value, error))
            return FALSE;

          if (strstr (value, "://") != NULL && !_keyfob_provider_url_is_safe (value))
            return _keyfob_provider_fail (ctx, vars_object, l->data, error,
                                          _("“%s” must be an https:// address: Keyfob sends "
                                            "tokens over plain http only to this machine"),
                                          (const char *) l->data);

          if (g_str_equal (l->data, "auth") &&
              !g_strv_contains (_keyfob_provider_auth_schemes, value))
            return _keyfob_provider_fail (ctx, vars_object, l->data, error,
                                          _("“auth” must be bearer, raw or x-api-key"));

          g_hash_table_insert (vars, g_strdup (l->data), g_steal_pointer (&value));
        }
    }

  choice->vars = g_steal_pointer (&vars);
  return TRUE;
}

gboolean
_keyfob_provider_parse_field (ParseContext  *ctx,
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

  if (!_keyfob_provider_read_string (ctx, object, "key", TRUE, &field->key, error) ||
      !_keyfob_provider_read_string (ctx, object, "label", TRUE, &field->label, error) ||
      !_keyfob_provider_read_string (ctx, object, "description", FALSE,
                                     &field->description, error) ||
      !_keyfob_provider_read_string (ctx, object, "placeholder", FALSE,
                                     &field->placeholder, error) ||
      !_keyfob_provider_read_string (ctx, object, "hint", FALSE, &field->hint, error) ||
      !_keyfob_provider_read_string (ctx, object, "type", TRUE, &type, error) ||
      !_keyfob_provider_read_boolean (ctx, object, "required", &field->required, error) ||
      !_keyfob_provider_read_string (ctx, object, "default", FALSE, &field->default_value, error) ||
      !_keyfob_provider_read_regex (ctx, object, "pattern", &field->pattern, error) ||
      !_keyfob_provider_read_uint (ctx, object, "extract_group", 9, &field->extract_group, error) ||
      !_keyfob_provider_read_env_names (ctx, object, &field->env, error))
    return FALSE;

  if (!_keyfob_provider_key_is_valid (field->key))
    return _keyfob_provider_fail (ctx, object, "key", error,
                                  _("“%s” cannot be a field key: use lowercase letters, "
                                    "digits and _, and none of Keyfob’s own attribute names"),
                                  field->key);

  if (field->pattern != NULL &&
      field->extract_group > (guint) g_regex_get_capture_count (field->pattern))
    return _keyfob_provider_fail (ctx, object, "extract_group", error,
                                  _("“extract_group” names a group the pattern does not have"));

  if (g_str_equal (type, "text"))
    {
      field->kind = KEYFOB_FIELD_TEXT;
    }
  else if (g_str_equal (type, "choice"))
    {
      JsonArray *array;

      field->kind = KEYFOB_FIELD_CHOICE;

      if (!_keyfob_provider_read_member (ctx, object, "choices", JSON_NODE_ARRAY, TRUE,
                                         &choices, error))
        return FALSE;

      array = json_node_get_array (choices);
      if (json_array_get_length (array) == 0)
        return _keyfob_provider_fail (ctx, object, "choices", error,
                                      _("“choices” must not be empty"));

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!parse_choice (ctx, field, json_array_get_element (array, i), error))
          return FALSE;
    }
  else
    {
      return _keyfob_provider_fail (ctx, object, "type", error, _("“type” must be text or choice"));
    }

  return TRUE;
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

const char *
_keyfob_provider_lookup_choice_var (KeyfobProvider *self,
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

      if ((value = _keyfob_provider_lookup_choice_var (self, fields, name)) != NULL)
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
