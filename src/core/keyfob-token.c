/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-secret.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"

struct _KeyfobToken
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *provider_id;
  char       *preview;
  GHashTable *fields;
  GDateTime  *created;
  GDateTime  *expires;
  GDateTime  *last_checked;
  char       *last_result;

  SecretItem *item;  /* NULL until the token is in the keyring */
};

G_DEFINE_FINAL_TYPE (KeyfobToken, keyfob_token, G_TYPE_OBJECT)

/* Keyring attributes that are ours; any other (but xdg:schema) is a provider field. */
static const char * const own_attributes[] = {
  "xdg:schema", "provider", "token-id", "preview", "created", "expires", "last-checked",
  "last-result", NULL
};

static GHashTable *
new_string_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
keyfob_token_finalize (GObject *object)
{
  KeyfobToken *self = (KeyfobToken *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->provider_id);
  g_free (self->preview);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  g_free (self->last_result);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (keyfob_token_parent_class)->finalize (object);
}

static void
keyfob_token_class_init (KeyfobTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keyfob_token_finalize;
}

static void
keyfob_token_init (KeyfobToken *self)
{
  self->fields = new_string_table ();
}

KeyfobToken *
keyfob_token_new (const char *provider_id,
                  const char *name,
                  const char *preview,
                  GHashTable *fields,
                  GDateTime  *expires)
{
  KeyfobToken *self;

  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (preview != NULL, NULL);

  self = g_object_new (KEYFOB_TYPE_TOKEN, NULL);
  self->id = g_uuid_string_random ();
  self->provider_id = g_strdup (provider_id);
  self->name = g_strdup (name);
  self->preview = g_strdup (preview);
  self->created = g_date_time_new_now_utc ();
  self->expires = expires ? g_date_time_ref (expires) : NULL;

  if (fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->fields, g_strdup (key), g_strdup (value));
    }

  return self;
}

/**
 * keyfob_token_new_from_input:
 * @expires: (nullable): YYYY-MM-DD
 * @pasted: what the user pasted, not necessarily NUL-terminated
 * @secret: (out): the normalised token
 *
 * Applies every rule to what a user typed and pasted: the token's text and format, the name,
 * the provider's fields and the expiry date. Nothing is stored.
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
  g_autoptr(GHashTable) normalised_fields = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *normalised_name = NULL;
  g_autofree char *preview = NULL;
  char *token;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  if (!(normalised_name = keyfob_name_normalise (name, error)))
    return NULL;

  if (expires != NULL && !(expiry = keyfob_date_parse (expires, error)))
    return NULL;

  if (!(token = keyfob_token_normalise (pasted, pasted_length, error)))
    return NULL;

  if (!keyfob_provider_check_token (provider, token, error) ||
      !(normalised_fields = keyfob_provider_normalise_fields (provider, fields, token, error)))
    {
      keyfob_secret_free (token);
      return NULL;
    }

  preview = keyfob_token_mask (token);
  *secret = keyfob_secret_value_new_take (token);

  return keyfob_token_new (keyfob_provider_get_id (provider), normalised_name, preview,
                           normalised_fields, expiry);
}

static GDateTime *
parse_attribute_date (GHashTable *attributes,
                      const char *name)
{
  const char *text = g_hash_table_lookup (attributes, name);

  /* Written by another program, perhaps: a bad date reads as none rather than failing. */
  return text != NULL && text[0] != '\0' ? keyfob_date_parse (text, NULL) : NULL;
}

/* Reads an item our schema matched; attributes may be missing or malformed if another
 * program wrote it, so everything falls back to something displayable. */
KeyfobToken *
_keyfob_token_new_from_item (SecretItem *item)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
  g_autofree char *label = secret_item_get_label (item);
  KeyfobToken *self = g_object_new (KEYFOB_TYPE_TOKEN, NULL);
  const char *id = g_hash_table_lookup (attributes, "token-id");
  GHashTableIter iter;
  gpointer key, value;

  self->item = g_object_ref (item);
  self->id = g_strdup (id != NULL && id[0] != '\0' ? id : g_dbus_proxy_get_object_path (G_DBUS_PROXY (item)));
  self->name = g_strdup (label != NULL && g_utf8_validate (label, -1, NULL) ? label : "");
  self->provider_id = g_strdup (g_hash_table_lookup (attributes, "provider"));
  if (self->provider_id == NULL)
    self->provider_id = g_strdup ("");
  self->preview = g_strdup (g_hash_table_lookup (attributes, "preview"));
  if (self->preview == NULL)
    self->preview = g_strdup ("");
  self->created = parse_attribute_date (attributes, "created");
  self->expires = parse_attribute_date (attributes, "expires");
  self->last_checked = parse_attribute_date (attributes, "last-checked");
  self->last_result = g_strdup (g_hash_table_lookup (attributes, "last-result"));

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_strv_contains (own_attributes, key))
      g_hash_table_insert (self->fields, g_strdup (key), g_strdup (value));

  return self;
}

SecretItem *
_keyfob_token_get_item (KeyfobToken *self)
{
  return self->item;
}

static void
set_date_attribute (GHashTable *attributes,
                    const char *name,
                    GDateTime  *date)
{
  if (date != NULL)
    g_hash_table_insert (attributes, g_strdup (name), keyfob_date_format (date));
}

GHashTable *
_keyfob_token_to_attributes (KeyfobToken *self)
{
  GHashTable *attributes = new_string_table ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (attributes, g_strdup (key), g_strdup (value));

  g_hash_table_insert (attributes, g_strdup ("xdg:schema"), g_strdup (KEYFOB_SCHEMA_NAME));
  g_hash_table_insert (attributes, g_strdup ("provider"), g_strdup (self->provider_id));
  g_hash_table_insert (attributes, g_strdup ("token-id"), g_strdup (self->id));
  g_hash_table_insert (attributes, g_strdup ("preview"), g_strdup (self->preview));
  set_date_attribute (attributes, "created", self->created);
  set_date_attribute (attributes, "expires", self->expires);
  set_date_attribute (attributes, "last-checked", self->last_checked);
  if (self->last_result != NULL)
    g_hash_table_insert (attributes, g_strdup ("last-result"), g_strdup (self->last_result));

  return attributes;
}

void
_keyfob_token_set_name (KeyfobToken *self,
                        const char  *name)
{
  g_free (self->name);
  self->name = g_strdup (name);
}

void
_keyfob_token_set_last_check (KeyfobToken *self,
                              GDateTime   *checked,
                              const char  *result)
{
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  self->last_checked = g_date_time_ref (checked);
  g_free (self->last_result);
  self->last_result = g_strdup (result);
}

const char *
keyfob_token_get_id (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->id;
}

const char *
keyfob_token_get_name (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->name;
}

const char *
keyfob_token_get_provider_id (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->provider_id;
}

const char *
keyfob_token_get_preview (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->preview;
}

/**
 * keyfob_token_get_fields:
 *
 * Returns: (transfer none) (element-type utf8 utf8): the provider fields by key
 */
GHashTable *
keyfob_token_get_fields (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->fields;
}

GDateTime *
keyfob_token_get_created (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->created;
}

GDateTime *
keyfob_token_get_expires (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->expires;
}

GDateTime *
keyfob_token_get_last_checked (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->last_checked;
}

const char *
keyfob_token_get_last_result (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->last_result;
}
