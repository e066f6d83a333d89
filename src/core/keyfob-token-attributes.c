/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token"

#include "config.h"

#include "keyfob-text.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"

/* A token as its keyring item's attributes hold it, and back. */

/* Keyring attributes that are Keyfob's own; a provider field is any other its provider file
 * declares. */
static const char * const own_attributes[] = {
  "xdg:schema", KEYFOB_ATTRIBUTE_APPLICATION, "keyfob-format", "name", "provider", "token-id",
  "preview", "created", "expires",
  "last-checked", "last-result", "last-status", "last-message", "last-latency", "account",
  "check-host", "rotated", NULL
};

/* The longest check Keyfob would wait for, with room to spare: more is no latency. */
#define MAX_LATENCY_MS (60 * 60 * 1000)

static GDateTime *
parse_attribute_date (GHashTable *attributes,
                      const char *name)
{
  const char *text = g_hash_table_lookup (attributes, name);

  /* Written by another program, perhaps: a bad date reads as none rather than failing. */
  return text != NULL && text[0] != '\0' ? keyfob_date_parse (text, NULL) : NULL;
}

/* A number Keyfob wrote, in [@min, @max]; anything else reads as unknown (-1). */
static int
parse_attribute_number (GHashTable *attributes,
                        const char *name,
                        guint64     min,
                        guint64     max)
{
  const char *text = g_hash_table_lookup (attributes, name);
  guint64 number = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    return -1;

  return (int) number;
}

/* An HTTP status, or 0 for none: another program may have written anything. */
static int
parse_attribute_status (GHashTable *attributes)
{
  int status = parse_attribute_number (attributes, "last-status", 0, 599);

  return status == 0 || status >= 100 ? status : -1;
}

/* Whether an attribute of an item of @provider is one of its fields: all it declares. Without
 * the provider, all that Keyfob does not own, since nothing tells them from a service's own
 * (KeePassXC's Title, Uuid...). */
static gboolean
is_field (KeyfobProvider *provider,
          const char     *key)
{
  if (g_strv_contains (own_attributes, key))
    return FALSE;

  return provider == NULL || keyfob_provider_lookup_field (provider, key) != NULL;
}

/* Keyfob writes an attribute it removes as empty (KeePassXC keeps what a write leaves out):
 * empty is unset. */
static const char *
lookup_set (GHashTable *attributes,
            const char *key)
{
  const char *value = g_hash_table_lookup (attributes, key);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/**
 * _keyfob_token_new_from_attributes:
 * @label: (nullable): the item's label, for an item without the name attribute
 * @path: the item's object path
 * @provider: (nullable): the token's provider, which says which attributes are its fields
 *
 * Reads the attributes of an item our schema matched; they may be missing or malformed if
 * another program wrote it, so everything falls back to something displayable. The id is the
 * token-id when Keyfob wrote it (a UUID); an item without one is known by its path.
 */
KeyfobToken *
_keyfob_token_new_from_attributes (GHashTable     *attributes,
                                   const char     *label,
                                   const char     *path,
                                   KeyfobProvider *provider)
{
  KeyfobToken *self = g_object_new (KEYFOB_TYPE_TOKEN, NULL);
  const char *id = g_hash_table_lookup (attributes, "token-id");
  const char *name = g_hash_table_lookup (attributes, "name");
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (path != NULL, NULL);

  /* Keyfob writes the label as the name: a label that differs was changed by another program,
   * Seahorse's rename say, and the caller may take it as the new name. */
  if (name == NULL)
    name = label;
  else if (label != NULL && g_utf8_validate (label, -1, NULL) && !g_str_equal (label, name))
    self->relabel = g_strdup (label);

  self->id = g_strdup (id != NULL && g_uuid_string_is_valid (id) ? id : path);
  self->object_path = g_strdup (path);
  self->name = g_strdup (name != NULL && g_utf8_validate (name, -1, NULL) ? name : "");
  self->provider_id = g_strdup (g_hash_table_lookup (attributes, "provider"));
  if (self->provider_id == NULL)
    self->provider_id = g_strdup ("");
  self->preview = g_strdup (g_hash_table_lookup (attributes, "preview"));
  if (self->preview == NULL)
    self->preview = g_strdup ("");
  self->created = parse_attribute_date (attributes, "created");
  self->expires = parse_attribute_date (attributes, "expires");
  self->last_checked = parse_attribute_date (attributes, "last-checked");
  self->rotated = parse_attribute_date (attributes, "rotated");
  self->last_result = g_strdup (lookup_set (attributes, "last-result"));
  self->last_status = parse_attribute_status (attributes);
  /* The vendor's words as Keyfob kept them: one line, bounded. Another program may not have. */
  self->last_message = keyfob_text_one_line (lookup_set (attributes, "last-message"),
                                             KEYFOB_VENDOR_TEXT_MAX_CHARS);
  self->last_latency = parse_attribute_number (attributes, "last-latency", 0, MAX_LATENCY_MS);
  self->account = g_strdup (lookup_set (attributes, "account"));
  self->check_host = g_strdup (lookup_set (attributes, "check-host"));

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (is_field (provider, key) && *(const char *) value != '\0')
      g_hash_table_insert (self->fields, g_strdup (key), g_strdup (value));

  return self;
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
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (attributes, g_strdup (key), g_strdup (value));

  g_hash_table_insert (attributes, g_strdup ("xdg:schema"), g_strdup (KEYFOB_SCHEMA_NAME));
  g_hash_table_insert (attributes, g_strdup ("keyfob-format"), g_strdup ("2"));
  g_hash_table_insert (attributes, g_strdup (KEYFOB_ATTRIBUTE_APPLICATION),
                       g_strdup (KEYFOB_APPLICATION));
  g_hash_table_insert (attributes, g_strdup ("name"), g_strdup (self->name));
  g_hash_table_insert (attributes, g_strdup ("provider"), g_strdup (self->provider_id));
  g_hash_table_insert (attributes, g_strdup ("token-id"), g_strdup (self->id));
  g_hash_table_insert (attributes, g_strdup ("preview"), g_strdup (self->preview));
  set_date_attribute (attributes, "created", self->created);
  set_date_attribute (attributes, "expires", self->expires);
  set_date_attribute (attributes, "last-checked", self->last_checked);
  set_date_attribute (attributes, "rotated", self->rotated);
  if (self->last_result != NULL)
    g_hash_table_insert (attributes, g_strdup ("last-result"), g_strdup (self->last_result));
  if (self->last_status >= 0)
    g_hash_table_insert (attributes, g_strdup ("last-status"),
                         g_strdup_printf ("%d", self->last_status));
  if (self->last_message != NULL)
    g_hash_table_insert (attributes, g_strdup ("last-message"), g_strdup (self->last_message));
  if (self->last_latency >= 0)
    g_hash_table_insert (attributes, g_strdup ("last-latency"),
                         g_strdup_printf ("%d", self->last_latency));
  if (self->account != NULL)
    g_hash_table_insert (attributes, g_strdup ("account"), g_strdup (self->account));
  if (self->check_host != NULL)
    g_hash_table_insert (attributes, g_strdup ("check-host"), g_strdup (self->check_host));

  return attributes;
}

static gboolean
dates_equal (GDateTime *a,
             GDateTime *b)
{
  return a == b || (a != NULL && b != NULL && g_date_time_equal (a, b));
}

static void
replace_date (GDateTime **date,
              GDateTime  *newer)
{
  g_clear_pointer (date, g_date_time_unref);
  *date = newer != NULL ? g_date_time_ref (newer) : NULL;
}

static void
copy_fields (GHashTable *to,
             GHashTable *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (to, g_strdup (key), g_strdup (value));
}

static gboolean
fields_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;

  return TRUE;
}

/* A reload read @newer from the keyring: take what may have changed, keeping this object,
 * which views and running checks hold. */
void
_keyfob_token_update_from (KeyfobToken *self,
                           KeyfobToken *newer)
{
  if (g_strcmp0 (self->object_path, newer->object_path) != 0)
    {
      g_free (self->object_path);
      self->object_path = g_strdup (newer->object_path);
    }

  if (g_strcmp0 (self->name, newer->name) != 0)
    _keyfob_token_set_name (self, newer->name);

  if (g_strcmp0 (self->preview, newer->preview) != 0)
    {
      g_free (self->preview);
      self->preview = g_strdup (newer->preview);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_PREVIEW);
    }

  if (!dates_equal (self->expires, newer->expires))
    {
      replace_date (&self->expires, newer->expires);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_EXPIRES);
    }

  if (!dates_equal (self->rotated, newer->rotated))
    {
      replace_date (&self->rotated, newer->rotated);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_ROTATED);
    }

  if (!fields_equal (self->fields, newer->fields))
    {
      g_hash_table_remove_all (self->fields);
      copy_fields (self->fields, newer->fields);
      g_clear_pointer (&self->search_text, g_free);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_FIELDS);
    }

  if (g_strcmp0 (self->last_result, newer->last_result) != 0 ||
      (self->last_checked == NULL) != (newer->last_checked == NULL) ||
      (self->last_checked != NULL &&
       !g_date_time_equal (self->last_checked, newer->last_checked)))
    {
      g_clear_pointer (&self->last_checked, g_date_time_unref);
      self->last_checked = newer->last_checked ? g_date_time_ref (newer->last_checked) : NULL;
      g_free (self->last_result);
      self->last_result = g_strdup (newer->last_result);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_LAST_CHECKED);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_LAST_RESULT);
    }
  _keyfob_token_set_check_details (self, newer->last_status, newer->last_message,
                                   newer->last_latency);

  if (g_strcmp0 (self->check_host, newer->check_host) != 0)
    {
      g_free (self->check_host);
      self->check_host = g_strdup (newer->check_host);
    }

  if (g_strcmp0 (self->account, newer->account) != 0)
    {
      g_free (self->account);
      self->account = g_strdup (newer->account);
      g_clear_pointer (&self->search_text, g_free);
      _keyfob_token_notify (self, KEYFOB_TOKEN_PROP_ACCOUNT);
    }
}
