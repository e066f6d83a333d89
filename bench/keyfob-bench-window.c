/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real application, with the bench's probes, which the shipping window does not carry:
 *
 *   KEYFOB_BENCH_FIRST_FRAME=FILE  "MONOTONIC_US RSS_KIB" once the first frame with rows is
 *                                  painted;
 *   KEYFOB_BENCH_ALL_LOADED=FILE   "MONOTONIC_US RSS_KIB N_TOKENS" once the frame after the
 *                                  window's first full load is painted;
 *   KEYFOB_BENCH_EXIT=1            quit once the probe asked for has written.
 *
 * Built by bench/meson.build against libkeyfob-app: the same window, resources and keyring
 * code as src/app/keyfob. */
#include "config.h"

#include <string.h>

#include "keyfob-application.h"
#include "keyfob-window-private.h"

typedef struct
{
  KeyfobWindow *window;
  const char   *path;
  gboolean      with_count;
} Probe;

static void
write_stamp (Probe *probe)
{
  g_autofree char *status = NULL;
  g_autofree char *line = NULL;
  const char *rss = NULL;
  gint64 now = g_get_monotonic_time ();

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (rss = strstr (status, "VmRSS:")) != NULL)
    rss += strlen ("VmRSS:");
  line = probe->with_count
    ? g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u\n", now,
                       rss != NULL ? g_ascii_strtoll (rss, NULL, 10) : 0,
                       g_list_model_get_n_items (G_LIST_MODEL (probe->window->tokens)))
    : g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", now,
                       rss != NULL ? g_ascii_strtoll (rss, NULL, 10) : 0);
  g_file_set_contents (probe->path, line, -1, NULL);

  if (g_strcmp0 (g_getenv ("KEYFOB_BENCH_EXIT"), "1") == 0)
    g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (probe->window))));
}

static void
after_paint_cb (GdkFrameClock *clock,
                Probe         *probe)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, probe);
  write_stamp (probe);
  g_free (probe);
}

/* Ticks run before layout and paint: this frame's paint is the first to show the state. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), user_data);
  return G_SOURCE_REMOVE;
}

static void
arm (KeyfobWindow *window,
     const char   *path,
     gboolean      with_count)
{
  Probe *probe = g_new0 (Probe, 1);

  probe->window = window;
  probe->path = path;
  probe->with_count = with_count;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, probe, NULL);
}

static void
rows_changed_cb (GListModel   *rows,
                 guint         position,
                 guint         removed,
                 guint         added,
                 KeyfobWindow *window)
{
  if (g_list_model_get_n_items (rows) == 0)
    return;

  g_signal_handlers_disconnect_by_func (rows, rows_changed_cb, window);
  arm (window, g_getenv ("KEYFOB_BENCH_FIRST_FRAME"), FALSE);
}

static void
loading_cb (KeyfobTokenList *tokens,
            GParamSpec      *pspec,
            KeyfobWindow    *window)
{
  if (keyfob_token_list_get_loading (tokens) ||
      g_list_model_get_n_items (G_LIST_MODEL (tokens)) == 0)
    return;

  g_signal_handlers_disconnect_by_func (tokens, loading_cb, window);
  arm (window, g_getenv ("KEYFOB_BENCH_ALL_LOADED"), TRUE);
}

/* A window is added to the application while it is built, before it has its model: the
 * probes go in once keyfob_window_new() has returned. */
static gboolean
watch_window_cb (gpointer user_data)
{
  KeyfobWindow *self = user_data;

  if (g_getenv ("KEYFOB_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect_object (self->selection, "items-changed",
                             G_CALLBACK (rows_changed_cb), self, 0);
  if (g_getenv ("KEYFOB_BENCH_ALL_LOADED") != NULL)
    g_signal_connect_object (self->tokens, "notify::loading", G_CALLBACK (loading_cb), self, 0);

  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  if (!KEYFOB_IS_WINDOW (window))
    return;

  g_signal_handlers_disconnect_by_func (application, window_added_cb, NULL);
  g_idle_add_full (G_PRIORITY_HIGH, watch_window_cb, g_object_ref (window), g_object_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KeyfobApplication) app = keyfob_application_new ();

  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
