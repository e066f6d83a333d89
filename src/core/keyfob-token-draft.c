/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-check-host.h"
#include "keyfob-secret.h"
#include "keyfob-token-draft.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"

struct _KeyfobTokenDraft
{
  GObject            parent_instance;

  KeyfobProvider    *provider;
  char              *name;     /* normalised */
  GHashTable        *fields;   /* key → value as given, each checked on its own */
  GDateTime         *expires;
  SecretValue       *secret;   /* normalised, in non-pageable memory */
  KeyfobCheckResult *check;    /* of this secret with these fields, stored with the token */
  gboolean           changed;  /* since the draft was made */
};

G_DEFINE_FINAL_TYPE (KeyfobTokenDraft, keyfob_token_draft, G_TYPE_OBJECT)

static void
keyfob_token_draft_finalize (GObject *object)
{
  KeyfobTokenDraft *self = (KeyfobTokenDraft *) object;

  g_clear_object (&self->provider);
  g_free (self->name);
  g_hash_table_unref (self->fields);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->secret, secret_value_unref);
  g_clear_pointer (&self->check, keyfob_check_result_free);

  G_OBJECT_CLASS (keyfob_token_draft_parent_class)->finalize (object);
}

static void
keyfob_token_draft_class_init (KeyfobTokenDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = keyfob_token_draft_finalize;
}

static void
keyfob_token_draft_init (KeyfobTokenDraft *self)
{
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

KeyfobTokenDraft *
keyfob_token_draft_new (KeyfobProvider *provider)
{
  KeyfobTokenDraft *self;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);

  self = g_object_new (KEYFOB_TYPE_TOKEN_DRAFT, NULL);
  self->provider = g_object_ref (provider);

  return self;
}

/**
 * keyfob_token_draft_new_edit:
 *
 * A draft of changes to a stored token: it starts from the token's name, fields and expiry,
 * and has no secret until a new one (rotation) is set.
 */
KeyfobTokenDraft *
keyfob_token_draft_new_edit (KeyfobProvider *provider,
                             KeyfobToken    *token)
{
  KeyfobTokenDraft *self;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (KEYFOB_IS_TOKEN (token), NULL);

  self = keyfob_token_draft_new (provider);
  self->name = g_strdup (keyfob_token_get_name (token));
  g_hash_table_iter_init (&iter, keyfob_token_get_fields (token));
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->fields, g_strdup (key), g_strdup (value));
  if (keyfob_token_get_expires (token) != NULL)
    self->expires = g_date_time_ref (keyfob_token_get_expires (token));

  return self;
}

KeyfobProvider *
keyfob_token_draft_get_provider (KeyfobTokenDraft *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), NULL);

  return self->provider;
}

gboolean
keyfob_token_draft_set_name (KeyfobTokenDraft  *self,
                             const char        *name,
                             GError           **error)
{
  char *normalised;

  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), FALSE);

  if (!(normalised = keyfob_name_normalise (name, error)))
    return FALSE;

  g_free (self->name);
  self->name = normalised;
  self->changed = TRUE;
  return TRUE;
}

const char *
keyfob_token_draft_get_name (KeyfobTokenDraft *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), NULL);

  return self->name;
}

static const char *
secret_text (KeyfobTokenDraft *self)
{
  return self->secret != NULL ? keyfob_secret_value_get_text (self->secret) : NULL;
}

/**
 * keyfob_token_draft_set_field:
 * @value: (nullable): what the user gave; %NULL or blank takes the provider's default
 */
gboolean
keyfob_token_draft_set_field (KeyfobTokenDraft  *self,
                              const char        *key,
                              const char        *value,
                              GError           **error)
{
  g_autofree char *checked = NULL;

  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (keyfob_provider_lookup_field (self->provider, key) == NULL)
    {
      g_autoptr(GHashTable) unknown = g_hash_table_new (g_str_hash, g_str_equal);

      /* The provider's own message lists the fields it has. */
      g_hash_table_insert (unknown, (gpointer) key, (gpointer) "");
      g_free (keyfob_provider_normalise_fields (self->provider, unknown, NULL, error));
      return FALSE;
    }

  if (!keyfob_provider_check_field (self->provider, key, value, secret_text (self), &checked,
                                    error))
    return FALSE;

  if (value != NULL && value[0] != '\0')
    g_hash_table_replace (self->fields, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (self->fields, key);
  /* A field may say where the check goes: what it proved was for the fields as they were. */
  g_clear_pointer (&self->check, keyfob_check_result_free);
  self->changed = TRUE;
  return TRUE;
}

/**
 * keyfob_token_draft_set_expires:
 * @date: (nullable): YYYY-MM-DD; %NULL or blank for none
 */
gboolean
keyfob_token_draft_set_expires (KeyfobTokenDraft  *self,
                                const char        *date,
                                GError           **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (date != NULL ? date : ""));
  GDateTime *expires = NULL;

  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), FALSE);

  if (trimmed[0] != '\0' && !(expires = keyfob_date_parse (trimmed, error)))
    return FALSE;

  g_clear_pointer (&self->expires, g_date_time_unref);
  self->expires = expires;
  self->changed = TRUE;
  return TRUE;
}

GDateTime *
keyfob_token_draft_get_expires (KeyfobTokenDraft *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), NULL);

  return self->expires;
}

/**
 * keyfob_token_draft_set_secret:
 * @pasted: what the user pasted, not necessarily NUL-terminated; the caller wipes it
 */
gboolean
keyfob_token_draft_set_secret (KeyfobTokenDraft  *self,
                               const char        *pasted,
                               gsize              pasted_length,
                               GError           **error)
{
  char *token;

  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), FALSE);

  if (!(token = keyfob_token_normalise (pasted, pasted_length, error)))
    return FALSE;

  if (!keyfob_provider_check_token (self->provider, token, error))
    {
      keyfob_secret_free (token);
      return FALSE;
    }

  g_clear_pointer (&self->secret, secret_value_unref);
  self->secret = keyfob_secret_value_new_take (token);
  g_clear_pointer (&self->check, keyfob_check_result_free);
  self->changed = TRUE;
  return TRUE;
}

/**
 * keyfob_token_draft_set_check:
 * @check: (nullable): a live check of the draft's token, as it is now
 *
 * The check keyfob_token_draft_build() gives the token as its last one, so that adding it
 * stores both in one write. Setting the token or a field again forgets it.
 */
void
keyfob_token_draft_set_check (KeyfobTokenDraft        *self,
                              const KeyfobCheckResult *check)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_DRAFT (self));

  g_clear_pointer (&self->check, keyfob_check_result_free);
  if (check != NULL)
    self->check = keyfob_check_result_copy (check);
}

/**
 * keyfob_token_draft_get_secret:
 *
 * Returns: (transfer none) (nullable): the normalised token, once one was set
 */
SecretValue *
keyfob_token_draft_get_secret (KeyfobTokenDraft *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), NULL);

  return self->secret;
}

/* Whether anything was set since the draft was made: an edit of nothing changes nothing. */
gboolean
keyfob_token_draft_get_changed (KeyfobTokenDraft *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), FALSE);

  return self->changed;
}

/**
 * keyfob_token_draft_dup_fields:
 *
 * Checks the fields together, with the provider's defaults and the values the token implies.
 *
 * Returns: (transfer full): every field's value by key, or %NULL with a KEYFOB_INPUT_ERROR
 */
GHashTable *
keyfob_token_draft_dup_fields (KeyfobTokenDraft  *self,
                               GError           **error)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), NULL);

  return keyfob_provider_normalise_fields (self->provider, self->fields, secret_text (self),
                                          error);
}

/**
 * keyfob_token_draft_build:
 *
 * The new token's metadata, once the draft is complete; the secret stays in the draft.
 * Nothing is stored.
 *
 * Returns: (transfer full): the token, or %NULL with a KEYFOB_INPUT_ERROR saying what is missing
 */
KeyfobToken *
keyfob_token_draft_build (KeyfobTokenDraft  *self,
                          GError           **error)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *check_host = NULL;
  g_autofree char *preview = NULL;
  KeyfobToken *token;

  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (self), NULL);

  if (self->name == NULL)
    {
      g_set_error_literal (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME,
                           _("The token needs a name: give the one it has in the provider’s "
                             "dashboard, so that you can tell them apart."));
      return NULL;
    }

  if (self->secret == NULL)
    {
      g_set_error_literal (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                           _("No token was pasted: copy it from the provider’s dashboard and "
                             "paste it."));
      return NULL;
    }

  if (!(fields = keyfob_token_draft_dup_fields (self, error)) ||
      !(check_host = keyfob_check_host_for (self->provider, fields, error)))
    return NULL;

  preview = keyfob_token_mask (secret_text (self));
  token = keyfob_token_new (keyfob_provider_get_id (self->provider), self->name, preview, fields,
                           self->expires);
  _keyfob_token_set_check_host (token, check_host);
  if (self->check != NULL)
    _keyfob_token_set_last_check (token, self->check);

  return token;
}

/**
 * keyfob_token_new_from_input:
 * @expires: (nullable): YYYY-MM-DD
 * @pasted: what the user pasted, not necessarily NUL-terminated
 * @secret: (out): the normalised token
 *
 * A draft filled and built in one go, for callers that have every value at once.
 *
 * Returns: (transfer full): the new token's metadata, or %NULL with a KEYFOB_INPUT_ERROR
 */
KeyfobToken *
keyfob_token_new_from_input (KeyfobProvider  *provider,
                             const char      *name,
                             GHashTable      *fields,
                             const char      *expires,
                             const char      *pasted,
                             gsize            pasted_length,
                             SecretValue    **secret,
                             GError         **error)
{
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  KeyfobToken *token;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  draft = keyfob_token_draft_new (provider);
  if (!keyfob_token_draft_set_name (draft, name, error) ||
      !keyfob_token_draft_set_expires (draft, expires, error) ||
      !keyfob_token_draft_set_secret (draft, pasted, pasted_length, error))
    return NULL;

  /* Each field is checked with the others, once the token is known. */
  if (fields != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (keyfob_provider_lookup_field (provider, key) != NULL)
          g_hash_table_replace (draft->fields, g_strdup (key), g_strdup (value));
        else if (!keyfob_token_draft_set_field (draft, key, value, error))
          return NULL;
    }

  if (!(token = keyfob_token_draft_build (draft, error)))
    return NULL;

  *secret = secret_value_ref (draft->secret);
  return token;
}
