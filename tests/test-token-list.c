/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-secret.h"
#include "keyfob-store.h"
#include "keyfob-token-list.h"

/* Runs against the throwaway gnome-keyring that tests/keyfob-test-session starts. The list
 * reads a large keyring a piece at a time; these tests hold it to showing every piece as it
 * comes, and to keeping the objects it already had. */

#define N_TOKENS 40  /* more than the first piece, a screenful */

typedef struct
{
  KeyfobStore     *store;
  KeyfobTokenList *list;
  GPtrArray       *additions;  /* of guint: how many items each items-changed added */
  guint            n_removed;
  guint            n_loading_notifies;
} Fixture;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/* A UUID, as Keyfob writes ids, that says which item it is. */
static char *
id_for (guint i)
{
  return g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
}

static GHashTable *
attributes_for (guint i)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (char *) "xdg:schema", g_strdup ("io.github.keyfob.Token"));
  g_hash_table_insert (attributes, (char *) "provider", g_strdup ("pulsetic"));
  g_hash_table_insert (attributes, (char *) "token-id", id_for (i));
  g_hash_table_insert (attributes, (char *) "preview", g_strdup ("secret••••••••0000"));

  return attributes;
}

/* Written with libsecret directly, as another Keyfob instance would. */
static void
store_item (guint i)
{
  g_autoptr(GHashTable) attributes = attributes_for (i);
  g_autoptr(SecretValue) value = keyfob_secret_value_new_take (g_strdup_printf ("secret-%u", i));
  g_autofree char *label = g_strdup_printf ("token %04u", i);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  secret_password_storev_binary (NULL, attributes, SECRET_COLLECTION_DEFAULT, label, value,
                                 NULL, result_cb, &result);
  g_assert_true (secret_password_store_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static SecretItem *
find_item (guint i)
{
  g_autoptr(GHashTable) attributes = attributes_for (i);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretItem *item;

  secret_service_search (NULL, NULL, attributes, SECRET_SEARCH_NONE, NULL, result_cb, &result);
  items = secret_service_search_finish (NULL, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  item = g_object_ref (items->data);
  g_list_free_full (items, g_object_unref);

  return item;
}

static void
delete_item (guint i)
{
  g_autoptr(SecretItem) item = find_item (i);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  secret_item_delete (item, NULL, result_cb, &result);
  g_assert_true (secret_item_delete_finish (item, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  fixture->n_removed += removed;
  if (added > 0)
    g_ptr_array_add (fixture->additions, GUINT_TO_POINTER (added));
}

static void
loading_cb (GObject    *object,
            GParamSpec *pspec,
            Fixture    *fixture)
{
  fixture->n_loading_notifies++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < N_TOKENS; i++)
    store_item (i);

  fixture->store = keyfob_store_new ();
  fixture->list = keyfob_token_list_new (fixture->store);
  fixture->additions = g_ptr_array_new ();
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->list, "notify::loading", G_CALLBACK (loading_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) ours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (ours, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  secret_password_clearv (NULL, ours, NULL, result_cb, &result);
  secret_password_clear_finish (wait_for (&result), &error);
  g_assert_no_error (error);

  g_ptr_array_unref (fixture->additions);
  g_assert_finalize_object (fixture->list);
  /* The list's reads of what the keyring announced end cancelled, and say so first. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
}

static void
reload (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_token_list_reload_async (fixture->list, NULL, result_cb, &result);
  g_assert_true (keyfob_token_list_get_loading (fixture->list));
  g_assert_true (keyfob_token_list_reload_finish (fixture->list, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_false (keyfob_token_list_get_loading (fixture->list));
}

static KeyfobToken *
token_at (Fixture *fixture,
          guint    position)
{
  g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->list), position);

  return token;  /* the list holds it */
}

/* The first rows come before the rest is read, and every item arrives once. */
static void
test_pieces (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint total = 0;

  reload (fixture);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_TOKENS);
  g_assert_cmpuint (keyfob_token_list_get_n_listed (fixture->list), ==, N_TOKENS);
  g_assert_cmpuint (fixture->additions->len, >=, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (fixture->additions, 0)), <, N_TOKENS);
  g_assert_cmpuint (fixture->n_loading_notifies, ==, 2);
  g_assert_cmpuint (fixture->n_removed, ==, 0);

  for (guint i = 0; i < fixture->additions->len; i++)
    total += GPOINTER_TO_UINT (g_ptr_array_index (fixture->additions, i));
  g_assert_cmpuint (total, ==, N_TOKENS);

  for (guint i = 0; i < N_TOKENS; i++)
    {
      KeyfobToken *token = token_at (fixture, i);
      const char *id = keyfob_token_get_id (token);
      g_autofree char *name = g_strdup_printf ("token %s", id + strlen (id) - 4);

      g_assert_true (g_hash_table_add (seen, (gpointer) keyfob_token_get_id (token)));
      g_assert_cmpstr (keyfob_token_get_name (token), ==, name);
      g_assert_true (keyfob_token_list_lookup (fixture->list, keyfob_token_get_id (token)) ==
                     token);
    }
}

/* A second reload keeps the objects views hold, updates them in place, drops what is gone
 * and adds what is new. */
static void
test_reload_in_place (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SecretItem) item = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) renamed = NULL;
  g_autoptr(KeyfobToken) deleted = NULL;

  g_autofree char *id_0007 = id_for (7);
  g_autofree char *id_0003 = id_for (3);
  g_autofree char *id_0040 = id_for (40);

  reload (fixture);
  renamed = g_object_ref (keyfob_token_list_lookup (fixture->list, id_0007));
  deleted = g_object_ref (keyfob_token_list_lookup (fixture->list, id_0003));

  item = find_item (7);
  secret_item_set_label (item, "renamed elsewhere", NULL, result_cb, &result);
  g_assert_true (secret_item_set_label_finish (item, wait_for (&result), &error));
  g_assert_no_error (error);
  delete_item (3);
  store_item (N_TOKENS);

  g_ptr_array_set_size (fixture->additions, 0);
  reload (fixture);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_TOKENS);
  g_assert_cmpuint (fixture->n_removed, ==, 1);
  g_assert_cmpuint (fixture->additions->len, ==, 1);
  g_assert_true (keyfob_token_list_lookup (fixture->list, id_0007) == renamed);
  g_assert_cmpstr (keyfob_token_get_name (renamed), ==, "renamed elsewhere");
  g_assert_null (keyfob_token_list_lookup (fixture->list, id_0003));
  g_assert_nonnull (keyfob_token_list_lookup (fixture->list, id_0040));
  g_assert_true (token_at (fixture, N_TOKENS - 1) ==
                 keyfob_token_list_lookup (fixture->list, id_0040));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/token-list/pieces", Fixture, NULL, fixture_set_up, test_pieces,
              fixture_tear_down);
  g_test_add ("/token-list/reload-in-place", Fixture, NULL, fixture_set_up,
              test_reload_in_place, fixture_tear_down);

  return g_test_run ();
}
