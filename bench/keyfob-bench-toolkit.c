/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-bench-toolkit"

#include <stdio.h>
#include <string.h>

#include <adwaita.h>

/* The first frame's floor: what GTK and libadwaita alone take to paint a window with a
 * header bar and a few labels. Writes "MONOTONIC_US RSS_KIB" to KEYFOB_BENCH_FIRST_FRAME after
 * its first frame, as Keyfob's own probe does, and quits. */

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  g_autofree char *status = NULL;
  g_autofree char *line = NULL;
  const char *rss = NULL;
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (rss = strstr (status, "VmRSS:")) != NULL)
    rss += strlen ("VmRSS:");
  line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", now,
                          rss != NULL ? g_ascii_strtoll (rss, NULL, 10) : 0);
  g_file_set_contents (g_getenv ("KEYFOB_BENCH_FIRST_FRAME"), line, -1, NULL);
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
mapped_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  for (guint i = 0; i < 16; i++)
    gtk_box_append (GTK_BOX (box), gtk_label_new ("token"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 600);
  g_signal_connect (window, "map", G_CALLBACK (mapped_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.keyfob.BenchToolkit",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
