/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How soon a change made by another process shows in a live token list: the window's model,
 * without its drawing. keyfob-tool adds, then renames, a token while this process only
 * watches; each figure is from the moment the tool exits (its change is in the keyring) to the
 * moment the list has it. Run in a keyring session filled by keyfob-bench-fill.
 *
 * Usage: keyfob-bench-live KEYFOB-TOOL REPS
 * Prints one line per change: "add MS" and "rename MS". Never a secret. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-token-list.h"

#define SECRET "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define GIVE_UP_US (30 * G_USEC_PER_SEC)

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs keyfob-tool to its end while the list keeps hearing the keyring; returns when it exited. */
static gint64
run_tool (const char *tool,
          const char *input,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) tool);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, result_cb, &done);
  wait_for (&done);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, done, NULL, NULL, &error));
  g_assert_true (g_subprocess_get_successful (process));

  return g_get_monotonic_time ();
}

static KeyfobToken *
named (KeyfobTokenList *list,
       const char      *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_str_equal (keyfob_token_get_name (token), name))
        return token;
    }

  return NULL;
}

/* Milliseconds from @since until the list has a token called @name; 0 if it had it before. */
static double
until_listed (KeyfobTokenList *list,
              const char      *name,
              gint64           since)
{
  gint64 now;

  while (named (list, name) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time () - since, <, GIVE_UP_US);
      g_main_context_iteration (NULL, TRUE);
    }
  now = g_get_monotonic_time ();

  return now > since ? (now - since) / 1000.0 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(KeyfobTokenList) list = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) reloaded = NULL;
  const char *tool;
  int reps;

  if (argc != 3)
    {
      g_printerr ("usage: keyfob-bench-live KEYFOB-TOOL REPS\n");
      return 2;
    }
  tool = argv[1];
  reps = atoi (argv[2]);

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  wait_for (&loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, loaded, NULL));
  keyfob_store_set_catalogue (store, catalogue);
  list = keyfob_token_list_new (store);
  keyfob_token_list_reload_async (list, NULL, result_cb, &reloaded);
  wait_for (&reloaded);
  g_assert_true (keyfob_token_list_reload_finish (list, reloaded, NULL));

  for (int i = 0; i < reps; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-live-%d", i);
      g_autofree char *renamed = g_strdup_printf ("bench-live-%d-renamed", i);
      gint64 exited;

      exited = run_tool (tool, SECRET "\n", "add", "--provider", "pulsetic", "--name", name, NULL);
      printf ("add %.1f\n", until_listed (list, name, exited));

      exited = run_tool (tool, NULL, "rename", name, renamed, NULL);
      printf ("rename %.1f\n", until_listed (list, renamed, exited));

      run_tool (tool, NULL, "delete", renamed, NULL);
    }

  return 0;
}
