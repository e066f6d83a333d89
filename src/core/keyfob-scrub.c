/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-scrub"

#include "config.h"

#include <string.h>

#include "keyfob-scrub.h"
#include "keyfob-secret.h"

#define MASK "•••"

/* Vendors echo what they were sent, whole or in part ("unknown key pylon_api_…"), and a
 * hostile one may disguise it. Text is compared by its skeleton: its ASCII letters and digits,
 * lowercased, so that case, spaces and separators hide nothing; and with the token's reversed,
 * hex and base64 forms as well as the token itself. */

/* The skeleton of @text; @origins (optional) gets the byte offset each character came from. */
static char *
skeleton (const char *text,
          gsize       length,
          GArray     *origins)
{
  char *out = g_malloc (length + 1);
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (text[i]))
        continue;
      out[n++] = g_ascii_tolower (text[i]);
      if (origins != NULL)
        g_array_append_val (origins, i);
    }
  out[n] = '\0';

  return out;
}

/* Every run of @run characters of @form's skeleton goes into @runs. Wipes @form. */
static void
add_runs (GHashTable *runs,
          char       *form,
          gsize       skip,
          guint       run)
{
  gsize length = strlen (form);
  char *bones = skeleton (form, length, NULL);
  gsize n = strlen (bones);

  for (gsize i = MIN (skip, n); i + run <= n; i++)
    g_hash_table_add (runs, g_strndup (bones + i, run));

  keyfob_secret_free (bones);
  keyfob_secret_free (form);
}

static char *
hex_form (const char *token)
{
  GString *hex = g_string_sized_new (2 * strlen (token));

  for (const char *p = token; *p != '\0'; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);

  return g_string_free (hex, FALSE);
}

/* Base64 of the token as it would appear after 0, 1 or 2 other bytes: each shifts the
 * encoding. @skip: the characters that depend on those bytes too. */
static char *
base64_form (const char *token,
             guint       offset,
             gsize      *skip)
{
  gsize length = strlen (token);
  g_autofree guchar *shifted = g_malloc0 (length + offset);
  char *encoded;

  memcpy (shifted + offset, token, length);
  encoded = g_base64_encode (shifted, length + offset);
  keyfob_secret_wipe (shifted, length + offset);
  *skip = offset == 0 ? 0 : offset + 1;

  return encoded;
}

static void
wipe_run (gpointer run)
{
  keyfob_secret_free (run);
}

/**
 * keyfob_scrub_token:
 * @text: (nullable): what a vendor said
 * @token: the token the vendor was sent
 *
 * Masks every stretch of @text that shares a run of %KEYFOB_SCRUB_MIN_RUN letters and digits
 * (or the whole token, if shorter) with the token, in any case, reversed, in hex or in base64.
 *
 * Returns: (transfer full) (nullable): @text without the token
 */
char *
keyfob_scrub_token (const char *text,
                    const char *token)
{
  g_autoptr(GHashTable) runs = NULL;
  g_autoptr(GArray) origins = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree gboolean *masked = NULL;
  g_autofree char *bones = NULL;
  char *token_bones;
  gsize n_bones;
  gsize copied = 0;
  guint run;

  g_return_val_if_fail (token != NULL, NULL);

  if (text == NULL)
    return NULL;

  token_bones = skeleton (token, strlen (token), NULL);
  run = MIN (KEYFOB_SCRUB_MIN_RUN, strlen (token_bones));
  keyfob_secret_free (token_bones);
  if (run == 0)
    return g_strdup (text);

  runs = g_hash_table_new_full (g_str_hash, g_str_equal, wipe_run, NULL);
  add_runs (runs, g_strdup (token), 0, run);
  add_runs (runs, g_strreverse (g_strdup (token)), 0, run);
  add_runs (runs, hex_form (token), 0, run);
  for (guint offset = 0; offset < 3; offset++)
    {
      gsize skip = 0;
      char *encoded = base64_form (token, offset, &skip);

      add_runs (runs, encoded, skip, run);
    }

  origins = g_array_new (FALSE, FALSE, sizeof (gsize));
  bones = skeleton (text, strlen (text), origins);
  n_bones = strlen (bones);
  masked = g_new0 (gboolean, n_bones + 1);

  for (gsize i = 0; i + run <= n_bones; i++)
    {
      char *window = g_strndup (bones + i, run);

      if (g_hash_table_contains (runs, window))
        for (gsize j = i; j < i + run; j++)
          masked[j] = TRUE;
      keyfob_secret_free (window);
    }

  /* Each masked stretch goes, with the separators inside it, from its first character's
   * byte to its last's. */
  out = g_string_new (NULL);
  for (gsize i = 0; i < n_bones; i++)
    {
      gsize start = g_array_index (origins, gsize, i);
      gsize end;

      if (!masked[i])
        continue;
      while (i + 1 < n_bones && masked[i + 1])
        i++;
      end = g_array_index (origins, gsize, i) + 1;

      g_string_append_len (out, text + copied, start - copied);
      g_string_append (out, MASK);
      copied = end;
    }
  g_string_append (out, text + copied);

  keyfob_secret_free (g_steal_pointer (&bones));

  return g_string_free (g_steal_pointer (&out), FALSE);
}
