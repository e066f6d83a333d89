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

/* Moves @text (a normalised, NUL-terminated token) into a SecretValue: libsecret's memory,
 * kept out of swap and wiped when freed. @text itself is wiped and freed. */
SecretValue *
keyfob_secret_value_new_take (char *text)
{
  SecretValue *value;

  g_return_val_if_fail (text != NULL, NULL);

  value = secret_value_new (text, -1, "text/plain");
  keyfob_secret_free (text);

  return value;
}

const char *
keyfob_secret_value_get_text (SecretValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  return secret_value_get_text (value);
}
