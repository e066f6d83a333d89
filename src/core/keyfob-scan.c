/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-scan"

#include "config.h"

#include <string.h>

#include "keyfob-scan.h"

/* Finding any of N secrets in a text costs one table probe per byte of text, whatever N is,
 * rather than N searches: a bitmap of the secrets' first two bytes rules out most positions,
 * and a hash table of their first KEYFOB_SCAN_KEY_BYTES bytes gives the few candidates to
 * compare whole. The secrets stay in their SecretValues (libsecret's memory, wiped when
 * freed); the table's keys point into them, so no copy of a secret is made. */

typedef struct _Entry Entry;

struct _Entry
{
  SecretValue *secret;
  const char  *bytes;   /* inside secret */
  gsize        length;
  gpointer     data;
  Entry       *next;    /* another secret with the same first bytes */
};

struct _KeyfobScanIndex
{
  GHashTable *by_key;   /* first KEYFOB_SCAN_KEY_BYTES bytes -> Entry chain */
  guint8      starts[65536 / 8];
  guint       size;
};

static guint
key_hash (gconstpointer key)
{
  const guint8 *p = key;
  guint32 hash = 2166136261u;  /* FNV-1a */

  for (guint i = 0; i < KEYFOB_SCAN_KEY_BYTES; i++)
    hash = (hash ^ p[i]) * 16777619u;

  return hash;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, KEYFOB_SCAN_KEY_BYTES) == 0;
}

static void
entry_chain_free (gpointer data)
{
  Entry *entry = data;

  while (entry != NULL)
    {
      Entry *next = entry->next;

      secret_value_unref (entry->secret);
      g_free (entry);
      entry = next;
    }
}

KeyfobScanIndex *
keyfob_scan_index_new (void)
{
  KeyfobScanIndex *self = g_new0 (KeyfobScanIndex, 1);

  self->by_key = g_hash_table_new_full (key_hash, key_equal, NULL, entry_chain_free);

  return self;
}

void
keyfob_scan_index_free (KeyfobScanIndex *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_free (self);
}

static guint
start_of (const char *bytes)
{
  return ((guint8) bytes[0] << 8) | (guint8) bytes[1];
}

/**
 * keyfob_scan_index_add:
 * @data: what a match of @secret reports
 *
 * Returns: %FALSE when @secret is shorter than KEYFOB_SCAN_KEY_BYTES and cannot be searched for
 */
gboolean
keyfob_scan_index_add (KeyfobScanIndex *self,
                       SecretValue     *secret,
                       gpointer         data)
{
  Entry *entry;
  Entry *chain;
  gsize length = 0;
  const char *bytes;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  bytes = secret_value_get (secret, &length);
  if (length < KEYFOB_SCAN_KEY_BYTES)
    return FALSE;

  entry = g_new0 (Entry, 1);
  entry->secret = secret_value_ref (secret);
  entry->bytes = bytes;
  entry->length = length;
  entry->data = data;

  /* The chain's head keeps its key: it points into the head's own secret. */
  chain = g_hash_table_lookup (self->by_key, bytes);
  if (chain != NULL)
    {
      entry->next = chain->next;
      chain->next = entry;
    }
  else
    {
      g_hash_table_insert (self->by_key, (gpointer) bytes, entry);
    }

  self->starts[start_of (bytes) / 8] |= 1 << (start_of (bytes) % 8);
  self->size++;

  return TRUE;
}

guint
keyfob_scan_index_get_size (KeyfobScanIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/**
 * keyfob_scan_index_search:
 *
 * Calls @func for every exact occurrence of an indexed secret in @text, in the order of their
 * offsets.
 */
void
keyfob_scan_index_search (KeyfobScanIndex *self,
                          const char      *text,
                          gsize            length,
                          KeyfobScanFunc   func,
                          gpointer         user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || length == 0);
  g_return_if_fail (func != NULL);

  if (length < KEYFOB_SCAN_KEY_BYTES || self->size == 0)
    return;

  for (gsize i = 0; i <= length - KEYFOB_SCAN_KEY_BYTES; i++)
    {
      guint start = start_of (text + i);
      Entry *entry;

      if ((self->starts[start / 8] & (1 << (start % 8))) == 0)
        continue;

      for (entry = g_hash_table_lookup (self->by_key, text + i); entry != NULL;
           entry = entry->next)
        if (entry->length <= length - i && memcmp (text + i, entry->bytes, entry->length) == 0)
          func (i, entry->data, user_data);
    }
}
