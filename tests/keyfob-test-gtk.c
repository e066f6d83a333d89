/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "keyfob-catalogue.h"
#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"

/* What the UI tests share beyond a window: the application as it runs, and the clipboard as a
 * paste sees it. */

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
