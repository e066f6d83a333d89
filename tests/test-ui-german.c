/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "keyfob-add-dialog.h"
#include "keyfob-application.h"
#include "keyfob-i18n.h"
#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"
#include "keyfob-window-private.h"

/* The window and the Add dialog in German, as LANGUAGE=de shows them with the build's .mo
 * files (KEYFOB_LOCALEDIR, set by tests/meson.build): the .ui templates' texts, the C code's,
 * and a provider file's steps. */

static KeyfobApplication *application;

static void
test_window (void)
{
  g_autoptr(KeyfobWindow) window = g_object_ref_sink (keyfob_window_new (application));
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (window->tokens));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  page = gtk_stack_get_visible_child (window->stack);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Noch keine Token");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->search_button), ==, "Token suchen");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_add_dialog (void)
{
  KeyfobAddDialog *dialog = keyfob_add_dialog_new (NULL,
                                                   keyfob_application_get_catalogue (application),
                                                   keyfob_application_get_tokens (application),
                                                   keyfob_application_get_verifier (application));
  GObject *steps;
  GObject *group;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  keyfob_add_dialog_select_provider (dialog, "pylon");

  group = gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_ADD_DIALOG,
                                         "steps_group");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                   "Ein Token in Pylon erstellen");
  steps = gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_ADD_DIALOG,
                                         "steps_list");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     gtk_widget_get_first_child (GTK_WIDGET (steps)))), ==,
                   "Öffnen Sie in Pylon »Settings > Integrations & dev > API tokens«.");

  gtk_window_destroy (GTK_WINDOW (dialog));
  KEYFOB_TEST_WAIT_UNTIL (dialog == NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before GTK or anything else translates: GLib decides once whether to. */
  g_assert_nonnull (g_getenv ("KEYFOB_LOCALEDIR"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  keyfob_i18n_init ();

  g_test_init (&argc, &argv, NULL);

  application = keyfob_test_register_application ();

  g_test_add_func ("/ui/german/window", test_window);
  g_test_add_func ("/ui/german/add-dialog", test_add_dialog);

  status = g_test_run ();

  g_clear_object (&application);

  return status;
}
