/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KEYFOB_TOKEN_MAX_BYTES 4096
#define KEYFOB_TOKEN_MIN_BYTES 16
#define KEYFOB_NAME_MAX_CHARS  200

/* Bad input, whatever its source: the tool exits 2, the app shows it inline. */
#define KEYFOB_INPUT_ERROR (keyfob_input_error_quark ())

typedef enum
{
  KEYFOB_INPUT_ERROR_TOKEN = 1,
  KEYFOB_INPUT_ERROR_TOKEN_FORMAT,
  KEYFOB_INPUT_ERROR_NAME,
  KEYFOB_INPUT_ERROR_DUPLICATE_NAME,
  KEYFOB_INPUT_ERROR_FIELD,
  KEYFOB_INPUT_ERROR_DATE,
  KEYFOB_INPUT_ERROR_AMBIGUOUS,
} KeyfobInputError;

GQuark     keyfob_input_error_quark (void);

char      *keyfob_token_normalise   (const char  *pasted,
                                     gsize        length,
                                     GError     **error);
char      *keyfob_token_mask        (const char  *token);
char      *keyfob_name_normalise    (const char  *name,
                                     GError     **error);
GError    *keyfob_name_taken_error  (const char  *name);
GDateTime *keyfob_date_parse        (const char  *text,
                                     GError     **error);
char      *keyfob_date_format       (GDateTime   *date);

G_END_DECLS
