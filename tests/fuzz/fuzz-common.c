/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "keyfob-provider.h"
#include "keyfob-scrub.h"

#define BUILTIN_PATH "/io/github/keyfob/providers"

static GPtrArray *providers;

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (keyfob_provider_get_id (*(KeyfobProvider **) a),
                    keyfob_provider_get_id (*(KeyfobProvider **) b));
}

/* Once per process: a warning or critical is a bug the fuzzer must report as a crash. */
void
fuzz_setup (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;

  /* Before GLib's first g_slice: its magazines would hide leaks and overflows from ASan. */
  g_setenv ("G_SLICE", "always-malloc", FALSE);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The built-in providers, from the GResource the core links in; loaded once and kept, so
 * the heap does not grow from one input to the next. */
GPtrArray *
fuzz_get_providers (void)
{
  g_auto(GStrv) names = NULL;

  if (providers != NULL)
    return providers;

  fuzz_setup ();
  providers = g_ptr_array_new_with_free_func (g_object_unref);
  names = g_resources_enumerate_children (BUILTIN_PATH, 0, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", BUILTIN_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr(GError) error = NULL;
      KeyfobProvider *provider;
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      provider = keyfob_provider_new_from_data (names[i], data, size, &error);
      if (provider == NULL)
        g_error ("built-in provider %s: %s", names[i], error->message);
      g_ptr_array_add (providers, provider);
    }

  if (providers->len == 0)
    g_error ("no built-in providers in " BUILTIN_PATH);

  g_ptr_array_sort (providers, compare_by_id);

  return providers;
}

/* The text up to @separator (or the end), as a new string; the cursor moves past it. */
char *
fuzz_next_part (const char **cursor,
                const char  *end,
                char         separator)
{
  const char *start = *cursor;
  const char *stop = start;

  while (stop < end && *stop != separator)
    stop++;

  *cursor = stop < end ? stop + 1 : end;

  return g_strndup (start, stop - start);
}

/* Everything Keyfob shows or writes to the keyring (D-Bus strings) must be UTF-8. */
void
fuzz_assert_utf8 (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_printerr ("not UTF-8: %s\n", text);
      abort ();
    }
}

/* One line of at most @max_chars characters, nothing in it to drive a terminal, and no run of
 * KEYFOB_SCRUB_MIN_RUN characters of @token: what the verifier keeps of a vendor's words. */
void
fuzz_assert_vendor_text (const char *text,
                         guint       max_chars,
                         const char *token)
{
  gsize token_length = strlen (token);

  if (text == NULL)
    return;

  fuzz_assert_utf8 (text);
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      g_printerr ("longer than %u characters: %s\n", max_chars, text);
      abort ();
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        {
          g_printerr ("control character U+%04X in: %s\n", c, text);
          abort ();
        }
    }

  for (gsize i = 0; i + KEYFOB_SCRUB_MIN_RUN <= token_length; i++)
    {
      g_autofree char *run = g_strndup (token + i, KEYFOB_SCRUB_MIN_RUN);

      if (strstr (text, run) != NULL)
        {
          g_printerr ("an echo of the token in: %s\n", text);
          abort ();
        }
    }
}
