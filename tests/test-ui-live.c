/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-live"

#include "config.h"

#include <string.h>

#include "keyfob-application.h"
#include "keyfob-test-async.h"
#include "keyfob-test-cli.h"
#include "keyfob-time.h"
#include "keyfob-window-private.h"

/* An open window follows what another process does to the keyring: keyfob-tool adds, edits,
 * renames and deletes while the window only watches, and each change shows in its cells
 * without a reload. On the session's throwaway keyring, under Xvfb. */

#define TOOL_TIMEOUT_SECONDS 60
#define CUTOVER_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"

/* Runs keyfob-tool in a process of its own, while this one's main loop keeps running. */
static char *data_home;  /* the tool's, where its standard input is written */

static int
tool (const char *input,
      ...) G_GNUC_NULL_TERMINATED;

static int
tool (const char *input,
      ...)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  run = keyfob_test_run_tool (data_home, input, input != NULL ? strlen (input) : 0, NULL,
                              TOOL_TIMEOUT_SECONDS, (const char * const *) args->pdata);
  g_test_message ("keyfob-tool %s: %d %s", (const char *) args->pdata[0], run->status,
                  run->err);
  return run->status;
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* Whether the table shows @text as a whole cell, as a sighted user would read it. */
static gboolean
shows (KeyfobWindow *window,
       const char   *text)
{
  g_autoptr(GString) labels = g_string_new ("\n");
  g_autofree char *line = g_strdup_printf ("\n%s\n", text);

  collect_labels (GTK_WIDGET (window->token_view), labels);
  return strstr (labels->str, line) != NULL;
}

static char *
in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (then),
                                                  g_date_time_get_month (then),
                                                  g_date_time_get_day_of_month (then), 0, 0, 0);

  return keyfob_time_describe (day, now);
}

static char *
date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
test_outside_changes (void)
{
  g_autoptr(KeyfobApplication) app = keyfob_application_new ();
  g_autoptr(KeyfobWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_expiry = date_in_days (200);
  g_autofree char *second_expiry = date_in_days (40);
  g_autofree char *first_shown = in_days (200);
  g_autofree char *second_shown = in_days (40);
  GListModel *rows;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_catalogue_get_providers (
                            keyfob_application_get_catalogue (app))->len > 0);

  window = g_object_ref_sink (keyfob_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (window->tokens));
  rows = G_LIST_MODEL (window->selection);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);

  g_assert_cmpint (tool (CUTOVER_TOKEN "\n", "add", "--provider", "cutover", "--name",
                         "Release bot", "--field", "instance=acme", "--expires", first_expiry,
                         NULL), ==, 0);
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (rows) == 1 && shows (window, "Release bot"));
  KEYFOB_TEST_WAIT_UNTIL (shows (window, first_shown));

  g_assert_cmpint (tool (NULL, "edit", "Release bot", "--expires", second_expiry, NULL), ==, 0);
  KEYFOB_TEST_WAIT_UNTIL (shows (window, second_shown));
  g_assert_false (shows (window, first_shown));

  g_assert_cmpint (tool (NULL, "rename", "Release bot", "Deploy bot", NULL), ==, 0);
  KEYFOB_TEST_WAIT_UNTIL (shows (window, "Deploy bot"));
  g_assert_false (shows (window, "Release bot"));

  g_assert_cmpint (tool (NULL, "delete", "Deploy bot", NULL), ==, 0);
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (rows) == 0);
  KEYFOB_TEST_WAIT_UNTIL (g_str_equal (gtk_stack_get_visible_child_name (window->stack), "empty"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  data_home = g_dir_make_tmp ("keyfob-ui-live-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/live/outside-changes", test_outside_changes);

  status = g_test_run ();
  keyfob_test_remove_tree (data_home);
  g_free (data_home);

  return status;
}
