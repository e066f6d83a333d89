/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "keyfob-clipboard.h"

/* The clipboard copy of a token, on the real display: what readers get, what clipboard managers
 * are offered, and that it is gone (its memory wiped with it) once cleared. This test also runs
 * under AddressSanitizer, whose leak check catches a copy that is never freed. */

#define TOKEN "pylon_api_0123456789abcdef0123456789"

typedef struct
{
  char     *text;
  gboolean  done;
} Read;

static gboolean
timed_out_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    guint id_ = g_timeout_add_seconds (10, timed_out_cb, (gpointer) #condition); \
    while (!(condition)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (id_); \
  } G_STMT_END

static void
text_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Read *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static char *
read_text (GdkClipboard *clipboard)
{
  Read read = { NULL, FALSE };

  gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, &read);
  WAIT_UNTIL (read.done);

  return read.text;
}

static GdkClipboard *
display_clipboard (void)
{
  return gdk_display_get_clipboard (gdk_display_get_default ());
}

static void
test_copy_offers (void)
{
  g_autoptr(KeyfobClipboard) ours = keyfob_clipboard_new ();
  GdkClipboard *clipboard = display_clipboard ();
  g_autoptr(GdkContentFormats) storable = NULL;
  g_autofree char *text = NULL;
  GdkContentProvider *content;
  gsize n_storable = 0;

  keyfob_clipboard_copy (ours, clipboard, TOKEN, 0);
  g_assert_true (keyfob_clipboard_holds_ours (ours));

  text = read_text (clipboard);
  g_assert_cmpstr (text, ==, TOKEN);

  /* Clipboard managers are asked to keep no history of it, and are offered nothing to keep
   * when Keyfob quits. */
  content = gdk_clipboard_get_content (clipboard);
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                        "x-kde-passwordManagerHint"));
  storable = gdk_content_provider_ref_storable_formats (content);
  gdk_content_formats_get_mime_types (storable, &n_storable);
  g_assert_cmpuint (n_storable, ==, 0);

  keyfob_clipboard_clear (ours);
}

/* Cleared after the delay: nothing of ours on the clipboard, and the content that held the
 * token freed (its secret with it). */
static void
test_clear_frees (void)
{
  g_autoptr(KeyfobClipboard) ours = keyfob_clipboard_new ();
  GdkClipboard *clipboard = display_clipboard ();
  GdkContentProvider *content;

  keyfob_clipboard_copy (ours, clipboard, TOKEN, 1);
  content = gdk_clipboard_get_content (clipboard);
  g_assert_nonnull (content);
  g_object_add_weak_pointer (G_OBJECT (content), (gpointer *) &content);

  WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
  g_assert_false (keyfob_clipboard_holds_ours (ours));
  /* The display lets go of it once the X server has taken the clear. */
  WAIT_UNTIL (content == NULL);
}

/* A second copy drops the first at once; what someone else copied since stays. */
static void
test_replace (void)
{
  g_autoptr(KeyfobClipboard) ours = keyfob_clipboard_new ();
  GdkClipboard *clipboard = display_clipboard ();
  g_autofree char *left = NULL;
  GdkContentProvider *first;

  keyfob_clipboard_copy (ours, clipboard, TOKEN, 1);
  first = gdk_clipboard_get_content (clipboard);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  keyfob_clipboard_copy (ours, clipboard, "Authorization: Bearer " TOKEN, 1);
  g_assert_null (first);

  gdk_clipboard_set_text (clipboard, "something else");
  g_assert_false (keyfob_clipboard_holds_ours (ours));
  keyfob_clipboard_clear (ours);

  left = read_text (clipboard);
  g_assert_cmpstr (left, ==, "something else");
  gdk_clipboard_set_content (clipboard, NULL);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  WAIT_UNTIL (done);
}

/* Where the compositor takes a clear only from the focused client (GNOME on Wayland), a clear
 * that falls due while Keyfob has no focus waits for it; focused, it happens on time. */
static void
test_clear_waits_for_focus (void)
{
  g_autoptr(KeyfobClipboard) ours = g_object_new (KEYFOB_TYPE_CLIPBOARD,
                                                  "clear-needs-focus", TRUE, NULL);
  GdkClipboard *clipboard = display_clipboard ();

  /* The X server still tells GDK about the last test's claims for a moment: one of those
   * arriving after the copy below would make it look replaced. */
  spin_for (500);
  keyfob_clipboard_set_focused (ours, FALSE);
  keyfob_clipboard_copy (ours, clipboard, TOKEN, 1);
  /* Past the delay: g_timeout_add_seconds() may run up to a second late. */
  spin_for (2500);
  g_assert_true (keyfob_clipboard_holds_ours (ours));

  keyfob_clipboard_set_focused (ours, TRUE);
  g_assert_false (keyfob_clipboard_holds_ours (ours));
  g_assert_null (gdk_clipboard_get_content (clipboard));

  keyfob_clipboard_copy (ours, clipboard, TOKEN, 1);
  WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
}

/* Elsewhere (X11) a clear needs no focus, and happens on time. */
static void
test_clear_without_focus (void)
{
  g_autoptr(KeyfobClipboard) ours = keyfob_clipboard_new ();
  GdkClipboard *clipboard = display_clipboard ();

  keyfob_clipboard_set_focused (ours, FALSE);
  keyfob_clipboard_copy (ours, clipboard, TOKEN, 1);
  WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
  g_assert_false (keyfob_clipboard_holds_ours (ours));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/ui/clipboard/copy-offers", test_copy_offers);
  g_test_add_func ("/ui/clipboard/clear-frees", test_clear_frees);
  g_test_add_func ("/ui/clipboard/replace", test_replace);
  g_test_add_func ("/ui/clipboard/clear-waits-for-focus", test_clear_waits_for_focus);
  g_test_add_func ("/ui/clipboard/clear-without-focus", test_clear_without_focus);

  return g_test_run ();
}
