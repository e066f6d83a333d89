/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-secret"

#include "config.h"

#include <string.h>

#include "keyfob-secret.h"

void
keyfob_secret_wipe (gpointer buffer,
                    gsize    length)
{
  if (buffer != NULL)
    explicit_bzero (buffer, length);
}

/* The only way a plain buffer that held a token is released. */
void
keyfob_secret_free (gpointer text)
{
  if (text == NULL)
    return;

  keyfob_secret_wipe (text, strlen (text));
  g_free (text);
}

/* Takes @text (a normalised, NUL-terminated token) into a SecretValue that wipes it when freed. */
SecretValue *
keyfob_secret_value_new_take (char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return secret_value_new_full (text, strlen (text), "text/plain", keyfob_secret_free);
}

const char *
keyfob_secret_value_get_text (SecretValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  return secret_value_get_text (value);
}
