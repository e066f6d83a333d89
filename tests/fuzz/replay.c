/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz-replay"

#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

/* Feeds every seed and every crasher to a fuzz target, built without libFuzzer (gcc), so
 * that the normal test suite catches a regression. Arguments are files or directories; a
 * missing directory is skipped (git keeps no empty crashers/ directory). Prints TAP. */

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
collect (GPtrArray  *inputs,
         const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_ptr_array_add (inputs, g_strdup (path));
      return;
    }

  if ((dir = g_dir_open (path, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (name[0] != '.' && !g_str_has_prefix (name, "README") &&
          g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (inputs, g_steal_pointer (&file));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    collect (inputs, argv[i]);

  g_ptr_array_sort (inputs, compare_paths);

  if (inputs->len == 0)
    {
      g_print ("1..0 # SKIP no inputs\n");
      return 0;
    }

  g_print ("1..%u\n", inputs->len);

  for (guint i = 0; i < inputs->len; i++)
    {
      const char *path = g_ptr_array_index (inputs, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize size = 0;
      void *copy;

      if (!g_file_get_contents (path, &contents, &size, &error))
        {
          g_print ("not ok %u %s # %s\n", i + 1, path, error->message);
          continue;
        }

      /* Exactly the input's size, as libFuzzer passes it: an overread is past the end. */
      copy = g_memdup2 (contents, MAX (size, 1));
      LLVMFuzzerTestOneInput (copy, size);
      g_free (copy);

      g_print ("ok %u %s\n", i + 1, path);
    }

  return 0;
}
