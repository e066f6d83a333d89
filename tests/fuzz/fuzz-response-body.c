/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "keyfob-check-result.h"
#include "keyfob-provider.h"
#include "keyfob-text.h"
#include "keyfob-verifier-private.h"

/* A vendor's answer to a check, as every built-in provider would read it.
 *
 * Input: a first line "STATUS" or "STATUS RETRY-AFTER" (e.g. "429 30" or
 * "429 Wed, 21 Oct 2065 07:28:00 GMT"), then the body, byte for byte. The check was of
 * FUZZ_TOKEN: seeds that echo it test the scrubbing. */

#define FUZZ_TOKEN "pylon_api_0123456789abcdefghijklmnopqrstuv"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *cursor = (const char *) data;
  const char *end = cursor + size;
  GPtrArray *providers = fuzz_get_providers ();
  g_autofree char *head = fuzz_next_part (&cursor, end, '\n');
  g_autofree char *retry_after = NULL;
  char *space;
  guint64 status = 0;

  if ((space = strchr (head, ' ')) != NULL)
    {
      *space = '\0';
      retry_after = g_strdup (space + 1);
    }

  if (!g_ascii_string_to_unsigned (head, 10, 0, 999, &status, NULL))
    return -1;  /* not an input this target reads: keep it out of the corpus */

  for (guint i = 0; i < providers->len; i++)
    {
      g_autoptr(KeyfobCheckResult) result = NULL;

      result = _keyfob_verifier_interpret (g_ptr_array_index (providers, i), status, cursor,
                                           end - cursor, retry_after, FUZZ_TOKEN);

      g_assert_nonnull (result);
      g_assert_nonnull (result->detail);
      g_assert_cmpuint (result->http_status, ==, status);
      g_assert_true (result->verdict != KEYFOB_VERDICT_VALID || (status >= 200 && status < 300));
      g_assert_true (result->verdict != KEYFOB_VERDICT_RATE_LIMITED || result->retry_after >= -1);
      g_assert_cmpint (result->retry_after, <=, 24 * 60 * 60);

      /* Shown in labels, printed to terminals and stored in the keyring (account). */
      fuzz_assert_vendor_text (result->account, KEYFOB_VENDOR_TEXT_MAX_CHARS, FUZZ_TOKEN);
      fuzz_assert_vendor_text (result->vendor_message, KEYFOB_VENDOR_TEXT_MAX_CHARS, FUZZ_TOKEN);
      fuzz_assert_vendor_text (result->detail, 2 * KEYFOB_VENDOR_TEXT_MAX_CHARS, FUZZ_TOKEN);
    }

  return 0;
}
