/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "keyfob-catalogue.h"
#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"

/* What the UI tests share beyond a window: the application as it runs, the clipboard as a
 * paste sees it, and what a user sees and clicks. */

/* The application, registered on the test session's bus beside any other instance, once its
 * four built-in providers are loaded. */
KeyfobApplication *
keyfob_test_register_application (void)
{
  g_autoptr(KeyfobApplication) application = keyfob_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_catalogue_get_providers (
                            keyfob_application_get_catalogue (application))->len == 4);

  return g_steal_pointer (&application);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
text_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

/* Returns: (transfer full) (nullable): the clipboard's text, %NULL when it holds none */
char *
keyfob_test_read_clipboard (GdkClipboard *clipboard)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, &read);
  KEYFOB_TEST_WAIT_UNTIL (read.done);

  return read.text;
}

/* The question showing, among the toplevels. */
AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* The button under @widget labelled @label; with %NULL, the one that closes (a toast, say). */
GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) &&
      (label != NULL ? g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0
                     : g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)),
                                  "window-close-symbolic") == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Runs what a key press would: the shortcut bound to ACCEL in the widget's class. */
gboolean
press_shortcut (GtkWidget  *widget,
                const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, accel))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}
