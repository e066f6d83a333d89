/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "keyfob-types.h"

G_BEGIN_DECLS

/* A check's verdict is a value, not an error: the check ran and this is what it found. */
typedef enum
{
  KEYFOB_VERDICT_VALID,
  KEYFOB_VERDICT_INVALID,
  KEYFOB_VERDICT_FORBIDDEN,
  KEYFOB_VERDICT_RATE_LIMITED,
  KEYFOB_VERDICT_SERVER_ERROR,
  KEYFOB_VERDICT_NETWORK,
  KEYFOB_VERDICT_TLS,
  KEYFOB_VERDICT_TIMEOUT,
  KEYFOB_VERDICT_UNEXPECTED,
} KeyfobVerdict;

/* How a view should colour a verdict. */
typedef enum
{
  KEYFOB_SEVERITY_SUCCESS,
  KEYFOB_SEVERITY_WARNING,
  KEYFOB_SEVERITY_ERROR,
} KeyfobSeverity;

struct _KeyfobCheckResult
{
  KeyfobVerdict  verdict;
  guint          http_status;     /* 0 when no response arrived */
  guint          latency_ms;
  gint64         retry_after;     /* seconds, -1 when the vendor did not say */
  char          *account;         /* account, org or user name from a success body */
  char          *vendor_message;  /* the provider's own error message */
  char          *field;           /* the user field the vendor refused, if any */
  char          *detail;          /* one human sentence summing it up */
  char          *host;            /* where the provider's check address pointed, before any
                                     KEYFOB_ENDPOINT_OVERRIDE; NULL if it never got that far */
  GDateTime     *checked_at;
};

#define KEYFOB_TYPE_CHECK_RESULT (keyfob_check_result_get_type ())

GType              keyfob_check_result_get_type     (void) G_GNUC_CONST;
KeyfobCheckResult *keyfob_check_result_new          (KeyfobVerdict             verdict);
KeyfobCheckResult *keyfob_check_result_copy         (const KeyfobCheckResult  *self);
void               keyfob_check_result_free         (KeyfobCheckResult        *self);
gboolean           keyfob_check_result_proves_revoked (const KeyfobCheckResult *self);
gboolean           keyfob_check_result_is_conclusive (const KeyfobCheckResult *self);

const char        *keyfob_verdict_to_string         (KeyfobVerdict             verdict);
gboolean           keyfob_verdict_from_string       (const char               *text,
                                                     KeyfobVerdict            *verdict);
const char        *keyfob_verdict_describe          (KeyfobVerdict             verdict);
const char        *keyfob_verdict_get_label         (KeyfobVerdict             verdict);
KeyfobSeverity     keyfob_verdict_get_severity      (KeyfobVerdict             verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobCheckResult, keyfob_check_result_free)

G_END_DECLS
