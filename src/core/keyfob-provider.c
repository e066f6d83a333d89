/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keyfob-provider-private.h"
#include "keyfob-secret.h"
#include "keyfob-token-rules.h"

G_DEFINE_FINAL_TYPE (KeyfobProvider, keyfob_provider, G_TYPE_OBJECT)

G_DEFINE_QUARK (keyfob-provider-error-quark, keyfob_provider_error)

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
  self->fields = g_ptr_array_new_with_free_func (_keyfob_provider_field_free);
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
  const char *scheme = _keyfob_provider_lookup_choice_var (self, fields, "auth");

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
