/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-check-result"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-check-result.h"

/* Machine names: stored in the keyring and printed by the tool, never translated. */
static const struct
{
  const char *name;
  const char *description;
  const char *label;  /* for a badge: a word or two */
} verdicts[] = {
  /* Translators: the labels are a check's verdict on a small badge; keep them short */
  [KEYFOB_VERDICT_VALID] = { "valid", N_("Valid"), N_("Valid") },
  [KEYFOB_VERDICT_INVALID] = { "invalid", N_("Rejected by the provider"), N_("Rejected") },
  [KEYFOB_VERDICT_FORBIDDEN] = { "forbidden", N_("Valid, but lacks a permission"),
                                 N_("No permission") },
  [KEYFOB_VERDICT_RATE_LIMITED] = { "rate-limited", N_("Rate limited"), N_("Rate limited") },
  [KEYFOB_VERDICT_SERVER_ERROR] = { "server-error", N_("Provider server error"),
                                    N_("Server error") },
  [KEYFOB_VERDICT_NETWORK] = { "network", N_("Network error"), N_("Network error") },
  [KEYFOB_VERDICT_TLS] = { "tls", N_("Secure connection failed"), N_("TLS error") },
  [KEYFOB_VERDICT_TIMEOUT] = { "timeout", N_("Timed out"), N_("Timed out") },
  [KEYFOB_VERDICT_UNEXPECTED] = { "unexpected", N_("Unexpected answer"), N_("Unexpected") },
};

G_DEFINE_BOXED_TYPE (KeyfobCheckResult, keyfob_check_result,
                     keyfob_check_result_copy, keyfob_check_result_free)

KeyfobCheckResult *
keyfob_check_result_new (KeyfobVerdict verdict)
{
  KeyfobCheckResult *self = g_new0 (KeyfobCheckResult, 1);

  self->verdict = verdict;
  self->retry_after = -1;
  self->checked_at = g_date_time_new_now_utc ();

  return self;
}

KeyfobCheckResult *
keyfob_check_result_copy (const KeyfobCheckResult *self)
{
  KeyfobCheckResult *copy = g_memdup2 (self, sizeof *self);

  copy->account = g_strdup (self->account);
  copy->vendor_message = g_strdup (self->vendor_message);
  copy->field = g_strdup (self->field);
  copy->detail = g_strdup (self->detail);
  copy->host = g_strdup (self->host);
  copy->checked_at = self->checked_at ? g_date_time_ref (self->checked_at) : NULL;

  return copy;
}

void
keyfob_check_result_free (KeyfobCheckResult *self)
{
  if (self == NULL)
    return;

  g_free (self->account);
  g_free (self->vendor_message);
  g_free (self->field);
  g_free (self->detail);
  g_free (self->host);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  g_free (self);
}

/* Only the provider refusing the credentials proves that a revocation took effect. */
gboolean
keyfob_check_result_proves_revoked (const KeyfobCheckResult *self)
{
  return self->verdict == KEYFOB_VERDICT_INVALID;
}

/* Whether the check says anything about the token itself, rather than the way to the provider. */
gboolean
keyfob_check_result_is_conclusive (const KeyfobCheckResult *self)
{
  switch (self->verdict)
    {
    case KEYFOB_VERDICT_VALID:
    case KEYFOB_VERDICT_INVALID:
    case KEYFOB_VERDICT_FORBIDDEN:
      return TRUE;
    case KEYFOB_VERDICT_RATE_LIMITED:
    case KEYFOB_VERDICT_SERVER_ERROR:
    case KEYFOB_VERDICT_NETWORK:
    case KEYFOB_VERDICT_TLS:
    case KEYFOB_VERDICT_TIMEOUT:
    case KEYFOB_VERDICT_UNEXPECTED:
    default:
      return FALSE;
    }
}

const char *
keyfob_verdict_to_string (KeyfobVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (verdicts), NULL);

  return verdicts[verdict].name;
}

gboolean
keyfob_verdict_from_string (const char    *text,
                            KeyfobVerdict *verdict)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (verdicts); i++)
    {
      if (g_str_equal (text, verdicts[i].name))
        {
          *verdict = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
keyfob_verdict_describe (KeyfobVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (verdicts), NULL);

  return _(verdicts[verdict].description);
}

/* The verdict in a word or two, for a badge beside its token; describe () says it whole. */
const char *
keyfob_verdict_get_label (KeyfobVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (verdicts), NULL);

  return _(verdicts[verdict].label);
}

/* Valid is good news, a rejection bad news; anything else says nothing about the token. */
KeyfobSeverity
keyfob_verdict_get_severity (KeyfobVerdict verdict)
{
  switch (verdict)
    {
    case KEYFOB_VERDICT_VALID:
      return KEYFOB_SEVERITY_SUCCESS;
    case KEYFOB_VERDICT_INVALID:
      return KEYFOB_SEVERITY_ERROR;
    case KEYFOB_VERDICT_FORBIDDEN:
    case KEYFOB_VERDICT_RATE_LIMITED:
    case KEYFOB_VERDICT_SERVER_ERROR:
    case KEYFOB_VERDICT_NETWORK:
    case KEYFOB_VERDICT_TLS:
    case KEYFOB_VERDICT_TIMEOUT:
    case KEYFOB_VERDICT_UNEXPECTED:
    default:
      return KEYFOB_SEVERITY_WARNING;
    }
}
