/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-bench-search"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "keyfob-catalogue.h"
#include "keyfob-token.h"

/* The search target: one keystroke refilters N rows. Builds the window's model chain
 * (KeyfobWindow's setup_model(): a GtkCustomFilter calling keyfob_token_matches_folded() with
 * the provider's name from the catalogue, told how the query changed as search_changed_cb()
 * tells it, a GtkFilterListModel, a GtkSortListModel sorted by
 * name) over N tokens made with keyfob_token_new(), no keyring and no display involved, then
 * types QUERY one character at a time and times gtk_filter_changed() up to the sorted
 * model's new item count, the work GTK does before it can lay out the rows.
 *
 *   keyfob-bench-search N REPEATS [QUERY]
 *
 * Prints one line per repeat: the median and the worst keystroke in milliseconds, then the
 * number of rows the full query leaves. */

static const char * const providers[] = { "pylon", "pushly", "cutover", "pulsetic" };
static const char * const teams[] = {
  "billing", "deploy", "support", "release", "analytics", "alerts", "marketing", "sso",
};
static const char * const envs[] = { "prod", "staging", "dev", "ci" };

typedef struct
{
  KeyfobCatalogue *catalogue;
  char            *query;  /* casefolded */
} Search;

/* As KeyfobWindow's search_changed_cb(): fold once, and narrow or widen where it can. */
static void
search_for (Search     *search,
            GtkFilter  *filter,
            const char *typed)
{
  g_autofree char *old = search->query;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  search->query = keyfob_token_fold_query (typed);
  if (strstr (search->query, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, search->query) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  gtk_filter_changed (filter, change);
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  Search *search = user_data;
  KeyfobToken *token = item;
  KeyfobProvider *provider = keyfob_catalogue_lookup (search->catalogue,
                                                      keyfob_token_get_provider_id (token));

  return keyfob_token_matches_folded (token,
                                      provider ? keyfob_provider_get_name (provider) : NULL,
                                      search->query);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!keyfob_catalogue_load_finish (KEYFOB_CATALOGUE (object), result, &error))
    g_error ("catalogue: %s", error->message);
  g_main_loop_quit (user_data);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GListStore) store = g_list_store_new (KEYFOB_TYPE_TOKEN);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkCustomFilter *filter;
  GtkSorter *sorter;
  Search search = { 0 };
  const char *query;
  guint n;
  guint repeats;

  if (argc < 3)
    {
      g_printerr ("Usage: %s N REPEATS [QUERY]\n", argv[0]);
      return 2;
    }
  n = strtoul (argv[1], NULL, 10);
  repeats = strtoul (argv[2], NULL, 10);
  query = argc > 3 ? argv[3] : "deploy prod 0";

  search.catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (search.catalogue, NULL, loaded_cb, loop);
  g_main_loop_run (loop);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s %05u", teams[i / 4 % G_N_ELEMENTS (teams)],
                                               envs[i / 32 % G_N_ELEMENTS (envs)], i);
      g_autoptr(KeyfobToken) token = NULL;

      token = keyfob_token_new (providers[i % G_N_ELEMENTS (providers)], name,
                                "pylon_••••••••1234", NULL, NULL);
      g_list_store_append (store, token);
    }

  search.query = g_strdup ("");
  filter = gtk_custom_filter_new (filter_cb, &search, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)), GTK_FILTER (filter));
  sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (KEYFOB_TYPE_TOKEN,
                                                                           NULL, "name")));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (filtered)), sorter);
  g_assert (g_list_model_get_n_items (G_LIST_MODEL (sorted)) == n);

  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      guint len = strlen (query);
      guint rows = 0;

      /* Type the query, then erase it, as a user who corrects a search does. */
      for (guint step = 1; step <= 2 * len; step++)
        {
          g_autofree char *typed = g_strndup (query, step <= len ? step : 2 * len - step);
          gint64 start;
          double ms;

          start = g_get_monotonic_time ();
          search_for (&search, GTK_FILTER (filter), typed);
          rows = g_list_model_get_n_items (G_LIST_MODEL (sorted));
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (times, ms);
          if (step == len)
            printf ("rows %u\n", rows);
        }

      g_array_sort (times, compare_doubles);
      printf ("keystroke median_ms %.3f max_ms %.3f\n",
              g_array_index (times, double, times->len / 2),
              g_array_index (times, double, times->len - 1));
      search_for (&search, GTK_FILTER (filter), "");
    }

  g_free (search.query);
  g_object_unref (search.catalogue);

  return 0;
}
