/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-verifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "keyfob-json-path.h"
#include "keyfob-provider-private.h"
#include "keyfob-scrub.h"
#include "keyfob-text.h"
#include "keyfob-verifier-private.h"

/* What a vendor's answer says about a token: its verdict, and a sentence for the user. */

#define HTTP_TOO_MANY_REQUESTS 429  /* libsoup 3.2 has no name for it */
/* A check's sentence: Keyfob's words around at most one vendor text. */
#define DETAIL_MAX_CHARS (2 * KEYFOB_VENDOR_TEXT_MAX_CHARS)
/* A wait longer than this is no advice: Keyfob says "later" instead. */
#define RETRY_AFTER_MAX_SECONDS (24 * 60 * 60)

/* Text from a vendor as Keyfob keeps, prints and shows it: one line, at most @max_chars long,
 * without any echo of the token. Takes @text. */
static char *
tidy (char       *text,
      const char *token,
      guint       max_chars)
{
  g_autofree char *owned = text;
  g_autofree char *line = keyfob_text_one_line (owned, max_chars);

  return keyfob_scrub_token (line, token);
}

static char *
first_string (JsonNode *root,
              GStrv     paths)
{
  for (guint i = 0; root != NULL && paths != NULL && paths[i] != NULL; i++)
    {
      char *text = keyfob_json_path_dup_string (root, paths[i]);

      if (text != NULL)
        return text;
    }

  return NULL;
}

static const char *
matching_hint (const KeyfobVerifySpec *spec,
               guint                   status,
               const char             *body,
               gsize                   length)
{
  for (guint i = 0; i < spec->hints->len; i++)
    {
      const KeyfobVerifyHint *hint = g_ptr_array_index (spec->hints, i);

      if ((hint->status == 0 || hint->status == status) &&
          (hint->contains == NULL ||
           (body != NULL && g_strstr_len (body, length, hint->contains) != NULL)))
        return hint->detail;
    }

  return NULL;
}

static gboolean
body_has_success_shape (const KeyfobVerifySpec *spec,
                        JsonNode               *root)
{
  GHashTableIter iter;
  gpointer key, value;

  if (spec->success_any)
    return TRUE;

  if (root == NULL)
    return FALSE;

  if (!(JSON_NODE_HOLDS_OBJECT (root) && spec->success_object) &&
      !(JSON_NODE_HOLDS_ARRAY (root) && spec->success_array))
    return FALSE;

  g_hash_table_iter_init (&iter, spec->success_equals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *actual = keyfob_json_path_dup_string (root, key);

      if (g_strcmp0 (actual, value) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Retry-After is either a number of seconds or an HTTP date. */
static gint64
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &seconds, NULL))
    {
      if ((date = soup_date_time_new_from_http_string (value)) == NULL)
        return -1;

      now = g_date_time_new_now_utc ();
      seconds = MAX (0, g_date_time_difference (date, now) / G_TIME_SPAN_SECOND);
    }

  return seconds <= RETRY_AFTER_MAX_SECONDS ? (gint64) seconds : -1;
}

/* "try again in 7 seconds", "in 2 minutes", "in 3 hours": rounded up, never sooner. */
static char *
describe_wait (const char *provider_name,
               gint64      seconds)
{
  int minutes = (int) ((seconds + 59) / 60);
  int hours = (minutes + 59) / 60;

  if (seconds < 0)
    return g_strdup_printf (_("%s is rate limiting requests: try again later"), provider_name);
  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s is rate limiting requests: try again in %d second",
                                         "%s is rate limiting requests: try again in %d seconds",
                                         seconds),
                            provider_name, (int) seconds);
  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s is rate limiting requests: try again in %d minute",
                                         "%s is rate limiting requests: try again in %d minutes",
                                         minutes),
                            provider_name, minutes);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s is rate limiting requests: try again in %d hour",
                                       "%s is rate limiting requests: try again in %d hours",
                                       hours),
                          provider_name, hours);
}

static KeyfobVerdict
verdict_for_status (const KeyfobVerifySpec  *spec,
                    guint                    status,
                    char                   **field)
{
  const char *mapped = g_hash_table_lookup (spec->status_map, GUINT_TO_POINTER (status));
  KeyfobVerdict verdict;

  if (mapped != NULL && g_str_has_prefix (mapped, "field:"))
    {
      *field = g_strdup (mapped + strlen ("field:"));
      return KEYFOB_VERDICT_UNEXPECTED;
    }

  if (mapped != NULL && keyfob_verdict_from_string (mapped, &verdict))
    return verdict;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return KEYFOB_VERDICT_VALID;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return KEYFOB_VERDICT_INVALID;
  if (status == SOUP_STATUS_FORBIDDEN)
    return KEYFOB_VERDICT_FORBIDDEN;
  if (status == HTTP_TOO_MANY_REQUESTS)
    return KEYFOB_VERDICT_RATE_LIMITED;
  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return KEYFOB_VERDICT_SERVER_ERROR;

  return KEYFOB_VERDICT_UNEXPECTED;
}

static char *
describe (KeyfobProvider    *provider,
          KeyfobCheckResult *result,
          const char        *reason)
{
  const char *name = keyfob_provider_get_name (provider);
  const char *message = result->vendor_message;
  guint status = result->http_status;

  switch (result->verdict)
    {
    case KEYFOB_VERDICT_VALID:
      if (result->account != NULL)
        /* Translators: “Valid (Acme Inc)” */
        return g_strdup_printf (_("Valid (%s)"), result->account);
      return g_strdup (_("Valid"));

    case KEYFOB_VERDICT_INVALID:
      return g_strdup_printf (_("%s rejected the token (HTTP %u%s%s)"), name, status,
                              message ? ": " : "", message ? message : "");

    case KEYFOB_VERDICT_FORBIDDEN:
      return g_strdup_printf (_("The token works but lacks a permission (HTTP %u%s%s)"),
                              status, message ? ": " : "", message ? message : "");

    case KEYFOB_VERDICT_RATE_LIMITED:
      return describe_wait (name, result->retry_after);

    case KEYFOB_VERDICT_SERVER_ERROR:
      return g_strdup_printf (_("%s had a server error (HTTP %u): try again later"), name,
                              status);

    case KEYFOB_VERDICT_UNEXPECTED:
    case KEYFOB_VERDICT_NETWORK:
    case KEYFOB_VERDICT_TLS:
    case KEYFOB_VERDICT_TIMEOUT:
    default:
      if (status != 0)
        return g_strdup_printf (_("Unexpected answer from %s (HTTP %u): %s"), name, status,
                                reason);
      return g_strdup (reason);
    }
}

/* What a response to a check of @token says about it: its verdict and a sentence, each text
 * one line and free of the token. A @length above KEYFOB_VERIFIER_MAX_BODY means the body was
 * cut off there. */
KeyfobCheckResult *
_keyfob_verifier_interpret (KeyfobProvider *provider,
                            guint           status,
                            const char     *body,
                            gsize           length,
                            const char     *retry_after,
                            const char     *token)
{
  const KeyfobVerifySpec *spec = _keyfob_provider_get_verify_spec (provider);
  gboolean truncated = length > KEYFOB_VERIFIER_MAX_BODY;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;
  KeyfobJsonShape shape = KEYFOB_JSON_SHAPE_NOT_ONE_VALUE;
  KeyfobCheckResult *result;
  JsonNode *root = NULL;
  const char *hint;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  if (!truncated && length > 0)
    shape = keyfob_json_check_shape (body, length, NULL);
  if (shape == KEYFOB_JSON_SHAPE_OK && json_parser_load_from_data (parser, body, length, NULL))
    root = json_parser_get_root (parser);

  result = keyfob_check_result_new (verdict_for_status (spec, status, &field));
  result->http_status = status;
  result->vendor_message = tidy (first_string (root, spec->message_paths), token,
                                 KEYFOB_VENDOR_TEXT_MAX_CHARS);

  if (result->verdict == KEYFOB_VERDICT_RATE_LIMITED)
    result->retry_after = parse_retry_after (retry_after);

  if (result->verdict == KEYFOB_VERDICT_VALID)
    {
      if (truncated)
        reason = g_strdup_printf (_("the answer is larger than %d MiB"),
                                  KEYFOB_VERIFIER_MAX_BODY / (1024 * 1024));
      else if (shape == KEYFOB_JSON_SHAPE_TOO_DEEP)
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "the answer nests more than %d level deep",
                                               "the answer nests more than %d levels deep",
                                               KEYFOB_JSON_MAX_DEPTH),
                                  KEYFOB_JSON_MAX_DEPTH);
      else if (!body_has_success_shape (spec, root))
        reason = g_strdup (length == 0 ? _("the answer is empty")
                                       : _("the answer is not the JSON the provider sends"));

      if (reason != NULL)
        result->verdict = KEYFOB_VERDICT_UNEXPECTED;
      else
        result->account = tidy (first_string (root, spec->account_paths), token,
                                KEYFOB_VENDOR_TEXT_MAX_CHARS);
    }

  if (field != NULL)
    {
      const KeyfobProviderField *bad = keyfob_provider_lookup_field (provider, field);

      result->field = g_steal_pointer (&field);
      result->detail = g_strdup_printf (_("%s does not know this %s: check it; the token itself "
                                          "may be fine (HTTP %u)"),
                                        keyfob_provider_get_name (provider), bad->label, status);
    }

  /* The provider file's advice, after the vendor's own words when it gave some. */
  if ((hint = matching_hint (spec, status, body, length)) != NULL)
    {
      g_free (result->detail);
      if (result->vendor_message != NULL)
        /* Translators: a provider name, its own message, then advice on what to do */
        result->detail = g_strdup_printf (_("%s says “%s”. %s"),
                                          keyfob_provider_get_name (provider),
                                          result->vendor_message, hint);
      else
        result->detail = g_strdup (hint);
    }

  if (result->detail == NULL)
    result->detail = describe (provider, result,
                               reason ? reason
                                      : _("this status is not one the provider documents"));
  result->detail = tidy (result->detail, token, DETAIL_MAX_CHARS);

  return result;
}


/* The sentence for a check that got no usable answer (a network, TLS or timeout failure, a
 * redirect elsewhere), free of the token. */
char *
_keyfob_verifier_describe (KeyfobProvider    *provider,
                           KeyfobCheckResult *result,
                           const char        *reason,
                           const char        *token)
{
  return tidy (describe (provider, result, reason), token, DETAIL_MAX_CHARS);
}
