/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-import-dialog"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "keyfob-catalogue.h"
#include "keyfob-emulator.h"
#include "keyfob-import-dialog.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

/* The Import dialog on a real display, the session's keyring and the vendor emulator. */

#define PYLON_TOKEN    "pylon_api_5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"
#define PYLON_BACKUP   "pylon_api_0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
#define PULSETIC_TOKEN "9d2c4e6a8b0f1d3c5e7a9b2d4f6a8c0e1b3d5f7a"

#define SAMPLE \
  "PYLON_API_KEY=" PYLON_TOKEN "\n" \
  "BACKUP_KEY='" PYLON_BACKUP "'\n" \
  "PULSETIC_API_KEY=" PULSETIC_TOKEN "\n" \
  "DATABASE_URL=postgres://app@localhost/app\n"

static const char * const secrets[] = { PYLON_TOKEN, PYLON_BACKUP, PULSETIC_TOKEN };

static KeyfobEmulator *emulator;

typedef struct
{
  KeyfobCatalogue    *catalogue;
  KeyfobStore        *store;
  KeyfobTokenList    *tokens;
  KeyfobVerifier     *verifier;
  char               *dir;
  KeyfobImportDialog *dialog;      /* weak: it closes itself once it imported */
  guint               n_imported;
  gboolean            imported;
} Fixture;

static void
reload (Fixture *fixture)
{
  g_autoptr(GAsyncResult) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_token_list_reload_async (fixture->tokens, NULL, keyfob_test_result_cb, &reloaded);
  g_assert_true (keyfob_token_list_reload_finish (fixture->tokens,
                                                  keyfob_test_wait_for (&reloaded), &error));
  g_assert_no_error (error);
}

static void
delete_all (Fixture *fixture)
{
  reload (fixture);
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->tokens)) > 0)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->tokens), 0);
      g_autoptr(GAsyncResult) deleted = NULL;
      g_autoptr(GError) error = NULL;

      keyfob_token_list_delete_async (fixture->tokens, token, NULL, keyfob_test_result_cb,
                                      &deleted);
      g_assert_true (keyfob_token_list_change_finish (fixture->tokens,
                                                      keyfob_test_wait_for (&deleted), &error));
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;

  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, keyfob_test_result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue, keyfob_test_wait_for (&loaded),
                                               &error));
  fixture->store = keyfob_store_new ();
  keyfob_store_set_catalogue (fixture->store, fixture->catalogue);
  fixture->tokens = keyfob_token_list_new (fixture->store);
  fixture->verifier = keyfob_verifier_new ();
  fixture->dir = g_dir_make_tmp ("keyfob-import-XXXXXX", &error);
  g_assert_no_error (error);

  delete_all (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);

  delete_all (fixture);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);

  g_clear_object (&fixture->verifier);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->catalogue);
}

static void
imported_cb (KeyfobImportDialog *dialog,
             guint               n_imported,
             Fixture            *fixture)
{
  fixture->n_imported = n_imported;
  fixture->imported = TRUE;
}

static void
open_dialog (Fixture    *fixture,
             const char *contents,
             gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->dir, ".env", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  /* The dialog compares with what the list holds. */
  reload (fixture);
  fixture->imported = FALSE;
  fixture->dialog = keyfob_import_dialog_new (NULL, fixture->catalogue, fixture->tokens,
                                              fixture->verifier, file);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "imported", G_CALLBACK (imported_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog)));
}

/* ---- finding widgets as a person would: by what they show ---- */

static GtkWidget *
find_descendant (GtkWidget *widget,
                 gboolean (*match) (GtkWidget *, gconstpointer),
                 gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_check_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                              label) == 0;
}

/* No text the dialog shows holds a secret. */
static gboolean
shows_secret (GtkWidget     *widget,
              gconstpointer  data)
{
  const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : NULL;

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (secrets); i++)
    if (strstr (text, secrets[i]) != NULL)
      return TRUE;

  return FALSE;
}

static AdwActionRow *
row (Fixture    *fixture,
     const char *title)
{
  GtkWidget *found = find_descendant (GTK_WIDGET (fixture->dialog), is_row_titled, title);

  if (found == NULL)
    g_error ("no row “%s”", title);
  return ADW_ACTION_ROW (found);
}

static GtkCheckButton *
check_of (Fixture    *fixture,
          const char *title)
{
  return GTK_CHECK_BUTTON (find_descendant (GTK_WIDGET (row (fixture, title)), is_check_button,
                                            NULL));
}

static GtkWidget *
import_button (Fixture *fixture)
{
  return find_descendant (GTK_WIDGET (fixture->dialog), is_button_labelled, "_Import");
}

static void
assert_subtitle_has (Fixture    *fixture,
                     const char *title,
                     const char *part)
{
  const char *subtitle = adw_action_row_get_subtitle (row (fixture, title));

  if (subtitle == NULL || strstr (subtitle, part) == NULL)
    g_error ("row “%s” says “%s”, not “%s”", title, subtitle, part);
}

static KeyfobToken *
stored_named (Fixture    *fixture,
              const char *name)
{
  GListModel *model = G_LIST_MODEL (fixture->tokens);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (model, i);

      if (g_str_equal (keyfob_token_get_name (token), name))
        return token;
    }

  return NULL;
}

/* ---- tests ---- */

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  KeyfobToken *stored;

  open_dialog (fixture, SAMPLE, -1);

  /* Tested: the button waits for every verdict. */
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (import_button (fixture)));
  g_assert_cmpuint (keyfob_emulator_get_n_requests_for (emulator, PYLON_TOKEN), ==, 1);

  g_assert_true (gtk_check_button_get_active (check_of (fixture, "PYLON_API_KEY")));
  assert_subtitle_has (fixture, "PYLON_API_KEY", "Pylon · pylon_");
  /* Recognised by its format alone. */
  g_assert_true (gtk_check_button_get_active (check_of (fixture, "BACKUP_KEY")));
  /* Rejected by the vendor: not offered. */
  g_assert_false (gtk_check_button_get_active (check_of (fixture, "PULSETIC_API_KEY")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (check_of (fixture,
                                                                 "PULSETIC_API_KEY"))));
  assert_subtitle_has (fixture, "PULSETIC_API_KEY", "Pulsetic did not accept it");
  /* Not a token: listed with the reason, no box to tick. */
  assert_subtitle_has (fixture, "DATABASE_URL", "not a token");
  g_assert_null (find_descendant (GTK_WIDGET (row (fixture, "DATABASE_URL")), is_check_button,
                                  NULL));
  g_assert_null (find_descendant (GTK_WIDGET (fixture->dialog), shows_secret, NULL));

  /* The user leaves one out. */
  gtk_check_button_set_active (check_of (fixture, "BACKUP_KEY"), FALSE);
  g_assert_true (gtk_widget_is_sensitive (import_button (fixture)));
  g_signal_emit_by_name (import_button (fixture), "clicked");
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  g_assert_true (fixture->imported);
  g_assert_cmpuint (fixture->n_imported, ==, 1);

  reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->tokens)), ==, 1);
  stored = stored_named (fixture, "PYLON_API_KEY");
  g_assert_nonnull (stored);
  g_assert_cmpstr (keyfob_token_get_provider_id (stored), ==, "pylon");
  /* Its test, read back from the keyring: the token's last check. */
  g_assert_cmpstr (keyfob_token_get_last_result (stored), ==, "valid");
  g_assert_nonnull (keyfob_token_get_last_checked (stored));

  /* Again: the token is known, and offered no more. */
  open_dialog (fixture, SAMPLE, -1);
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (import_button (fixture)));
  assert_subtitle_has (fixture, "PYLON_API_KEY", "already stored as “PYLON_API_KEY”");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (check_of (fixture, "PYLON_API_KEY"))));
  g_assert_cmpuint (keyfob_emulator_get_n_requests_for (emulator, PYLON_TOKEN), ==, 1);
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  part)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL;
}

/* A file that is not text: it says so, offers nothing, and no vendor hears of it. */
static void
test_bad_file (Fixture       *fixture,
               gconstpointer  data)
{
  static const char junk[] = "PYLON_API_KEY=" PYLON_TOKEN "\n\0\x01\x02";
  guint n_requests = keyfob_emulator_get_n_requests (emulator);
  GtkWidget *message = NULL;

  open_dialog (fixture, junk, sizeof junk - 1);

  KEYFOB_TEST_WAIT_UNTIL ((message = find_descendant (GTK_WIDGET (fixture->dialog),
                                                      is_label_with, "holds a NUL byte")) != NULL &&
                          gtk_widget_get_visible (message));
  g_assert_null (find_descendant (GTK_WIDGET (fixture->dialog), is_check_button, NULL));
  g_assert_false (gtk_widget_is_sensitive (import_button (fixture)));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (emulator), ==, n_requests);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under tests/keyfob-test-session");
      return 77;
    }

  /* Before GTK starts threads that may read the environment. */
  emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);
  keyfob_emulator_set_token (emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (emulator, PYLON_BACKUP, KEYFOB_EMULATOR_VALID);

  gtk_init ();
  adw_init ();

  g_test_add ("/ui/import-dialog/import", Fixture, NULL, fixture_set_up, test_import,
              fixture_tear_down);
  g_test_add ("/ui/import-dialog/bad-file", Fixture, NULL, fixture_set_up, test_bad_file,
              fixture_tear_down);

  status = g_test_run ();
  keyfob_emulator_free (emulator);

  return status;
}
