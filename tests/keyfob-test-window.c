/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"
#include "keyfob-test-window.h"

/* The fixture the window's UI tests share: one application per process, as in real use, a
 * window on the throwaway keyring, and a vendor emulator. */

static KeyfobApplication *application;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

KeyfobToken *
window_fixture_store_token (Fixture    *fixture,
                            const char *provider_id,
                            const char *name,
                            const char *field_key,
                            const char *field_value,
                            const char *expires,
                            const char *secret_text)
{
  KeyfobProvider *provider = keyfob_catalogue_lookup (
    keyfob_application_get_catalogue (fixture->app), provider_id);
  KeyfobStore *store = keyfob_application_get_store (fixture->app);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  if (field_key != NULL)
    g_hash_table_insert (fields, (char *) field_key, (char *) field_value);

  token = keyfob_token_new_from_input (provider, name, fields, expires, secret_text,
                                       strlen (secret_text), &secret, &error);
  g_assert_no_error (error);
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  g_assert_true (keyfob_store_add_finish (store, result, &error));
  g_assert_no_error (error);

  return token;
}

void
window_fixture_reload (Fixture *fixture)
{
  _keyfob_window_reload (fixture->window);
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (fixture->window->tokens));
}

static KeyfobApplication *
get_application (void)
{
  if (application == NULL)
    application = keyfob_test_register_application ();

  return application;
}

void
window_fixture_set_up (Fixture       *fixture,
                       gconstpointer  data)
{
  fixture->emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emulator), TRUE);
  fixture->app = get_application ();

  fixture->window = g_object_ref_sink (keyfob_window_new (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (fixture->window->tokens));
}

void
window_fixture_delete_all (Fixture *fixture)
{
  KeyfobStore *store = keyfob_application_get_store (fixture->app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  keyfob_store_list_async (store, NULL, result_cb, &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  tokens = keyfob_store_list_finish (store, result, NULL);

  for (guint i = 0; tokens != NULL && i < tokens->len; i++)
    {
      g_autoptr(GAsyncResult) deleted = NULL;

      keyfob_store_delete_async (store, g_ptr_array_index (tokens, i), NULL, result_cb, &deleted);
      KEYFOB_TEST_WAIT_UNTIL (deleted != NULL);
    }
}

void
window_fixture_tear_down (Fixture       *fixture,
                          gconstpointer  data)
{
  window_fixture_delete_all (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

/* The text of a label somewhere under @widget that starts with @prefix, as it is shown. */
const char *
find_label_text (GtkWidget  *widget,
                 const char *prefix)
{
  if (GTK_IS_LABEL (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_label_text (child, prefix);

      if (text != NULL)
        return text;
    }

  return NULL;
}

/* The label somewhere under @widget whose text starts with @prefix: a menu's items are built
 * with their popover, and a label is sensitive only where its item is. */
GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }

  return NULL;
}

void
window_fixture_shutdown (void)
{
  g_clear_object (&application);
}
