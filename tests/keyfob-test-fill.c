/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>

#include "keyfob-secret.h"
#include "keyfob-test-fill.h"

typedef struct
{
  guint       next;
  guint       pending;
  guint       n;
  const char *prefix;
  gboolean    descending;
} Filling;

static void store_next (Filling *filling);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Filling *filling = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);
  g_assert_no_error (error);
  filling->pending--;
  store_next (filling);
}

static void
store_next (Filling *filling)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *name = NULL;
  guint i = filling->next;

  if (i >= filling->n)
    return;

  filling->next++;
  filling->pending++;
  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  name = g_strdup_printf ("%s %04u", filling->prefix,
                          filling->descending ? filling->n - 1 - i : i);
  value = keyfob_secret_value_new_take (g_strdup_printf ("secret-value-%08u", i));

  g_hash_table_insert (attributes, (char *) "xdg:schema", g_strdup ("io.github.keyfob.Token"));
  g_hash_table_insert (attributes, (char *) "provider", g_strdup ("pulsetic"));
  g_hash_table_insert (attributes, (char *) "token-id", g_uuid_string_random ());
  g_hash_table_insert (attributes, (char *) "preview", g_strdup ("secret••••••••0000"));
  secret_password_storev_binary (NULL, attributes, SECRET_COLLECTION_DEFAULT, name, value,
                                 NULL, stored_cb, filling);
}

/**
 * keyfob_test_fill_keyring:
 * @prefix: the items are named "@prefix 0000", "@prefix 0001"…
 * @descending: whether the first item stored has the last name
 *
 * Stores @n items straight through libsecret, with an older Keyfob's schema, as another
 * Keyfob instance would have. gnome-keyring rewrites its file on every store, so a few at a
 * time: a thousand at once would run into D-Bus's call timeout.
 */
void
keyfob_test_fill_keyring (guint       n,
                          const char *prefix,
                          gboolean    descending)
{
  Filling filling = { .n = n, .prefix = prefix, .descending = descending };

  for (guint i = 0; i < 4; i++)
    store_next (&filling);

  while (filling.pending > 0)
    g_main_context_iteration (NULL, TRUE);
}
