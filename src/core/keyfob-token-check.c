/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-check-host.h"
#include "keyfob-token-check.h"
#include "keyfob-token-private.h"
#include "keyfob-verifier-private.h"

G_DEFINE_QUARK (keyfob-token-check-error-quark, keyfob_token_check_error)

/* A live check of a stored token: its secret from the keyring, the provider's verdict, and
 * the verdict written back to the keyring item. */
typedef struct
{
  KeyfobToken       *token;
  KeyfobStore       *store;
  KeyfobVerifier    *verifier;
  KeyfobProvider    *provider;
  KeyfobCheckResult *result;
} TokenCheck;

static void
token_check_free (TokenCheck *check)
{
  g_clear_object (&check->token);
  g_clear_object (&check->store);
  g_clear_object (&check->verifier);
  g_clear_object (&check->provider);
  g_clear_pointer (&check->result, keyfob_check_result_free);
  g_free (check);
}

/* The check is over before anyone hears of its end, so views never show it running after. */
static void
return_error (GTask  *task,
              GError *error)
{
  TokenCheck *check = g_task_get_task_data (task);

  _keyfob_token_end_check (check->token);
  g_task_return_error (task, error);
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TokenCheck *check = g_task_get_task_data (task);

  /* The verdict stands even when the keyring could not take the note of it; but a keyring that
   * went away under the check is the user's to hear of (a fresh, empty one may have taken its
   * place). */
  if (!keyfob_store_record_check_finish (KEYFOB_STORE (object), result, &error))
    {
      if (g_error_matches (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE))
        {
          return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Could not record the check of token %s: %s",
               keyfob_token_get_id (check->token), error->message);
    }

  _keyfob_token_end_check (check->token);
  g_task_return_pointer (task, g_steal_pointer (&check->result),
                         (GDestroyNotify) keyfob_check_result_free);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TokenCheck *check = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  check->result = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  if (check->result == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  keyfob_store_record_check_async (check->store, check->token, check->result, cancellable,
                                   recorded_cb, g_steal_pointer (&task));
}

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = NULL;
  TokenCheck *check = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  secret = keyfob_store_load_secret_finish (KEYFOB_STORE (object), result, &error);
  if (secret == NULL)
    {
      _keyfob_verifier_release (check->verifier);
      return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_verifier_check_reserved_async (check->verifier, check->provider,
                                         keyfob_token_get_fields (check->token), secret,
                                         cancellable, checked_cb, g_steal_pointer (&task));
}

/* The secret is loaded once the check can start: "test all" holds a few at a time. */
static void
reserved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TokenCheck *check = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!_keyfob_verifier_reserve_finish (KEYFOB_VERIFIER (object), result, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  keyfob_store_load_secret_async (check->store, check->token, cancellable, secret_loaded_cb,
                                  g_steal_pointer (&task));
}

/* Where the token's checks went when it was stored: the host it remembers, or for a token
 * stored before Keyfob remembered one, the built-in provider's if a user file replaced it. */
static char *
expected_host (KeyfobProvider *provider,
               KeyfobToken    *token)
{
  KeyfobProvider *builtin = keyfob_provider_get_replaced (provider);

  if (keyfob_token_get_check_host (token) != NULL)
    return g_strdup (keyfob_token_get_check_host (token));
  if (builtin != NULL)
    return keyfob_check_host_for (builtin, keyfob_token_get_fields (token), NULL);

  return NULL;
}

/* A stored field decides where the token goes too (Cutover's api_host): one another program
 * wrote, or an older Keyfob let through, must pass the provider's rules before any request. */
static gboolean
fields_valid (KeyfobProvider  *provider,
              KeyfobToken     *token,
              GError         **error)
{
  GHashTable *fields = keyfob_token_get_fields (token);

  for (guint i = 0; i < keyfob_provider_get_n_fields (provider); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (provider, i);
      g_autoptr(GError) local_error = NULL;

      if (!keyfob_provider_check_field (provider, field->key,
                                        g_hash_table_lookup (fields, field->key), NULL, NULL,
                                        &local_error))
        {
          g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                       /* Translators: a token name, then why its field is refused */
                       _("“%s” was not checked: its stored fields do not pass the provider’s "
                         "rules. %s Edit the token to fix them."),
                       keyfob_token_get_name (token), local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* A provider file decides where the token goes: a changed one must not send it elsewhere
 * unnoticed. */
static gboolean
check_host_unchanged (KeyfobProvider  *provider,
                      KeyfobToken     *token,
                      const char      *allowed_host,
                      GError         **error)
{
  g_autofree char *current = keyfob_check_host_for (provider, keyfob_token_get_fields (token),
                                                    error);
  g_autofree char *expected = NULL;

  if (current == NULL)
    return FALSE;

  expected = expected_host (provider, token);
  if (expected == NULL || g_str_equal (current, expected) ||
      g_strcmp0 (current, allowed_host) == 0)
    return TRUE;

  g_set_error (error, KEYFOB_TOKEN_CHECK_ERROR, KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED,
               /* Translators: a provider name, a token name, a host, a file, then a host */
               _("%s would now send “%s” to %s (as %s says), but it went to %s when the token "
                 "was stored. Keyfob did not send it."),
               keyfob_provider_get_name (provider), keyfob_token_get_name (token), current,
               keyfob_provider_get_origin (provider), expected);
  return FALSE;
}

/**
 * keyfob_token_check_async:
 * @allowed_host: (nullable): a new check host the user agreed to, after
 *   %KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED; the token remembers it from then on
 *
 * Checks a stored token live and records the verdict on its keyring item.
 */
void
keyfob_token_check_async (KeyfobStore         *store,
                          KeyfobVerifier      *verifier,
                          KeyfobProvider      *provider,
                          KeyfobToken         *token,
                          const char          *allowed_host,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  TokenCheck *check;

  g_return_if_fail (KEYFOB_IS_STORE (store));
  g_return_if_fail (KEYFOB_IS_VERIFIER (verifier));
  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  task = g_task_new (token, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_token_check_async);

  check = g_new0 (TokenCheck, 1);
  check->token = g_object_ref (token);
  check->store = g_object_ref (store);
  check->verifier = g_object_ref (verifier);
  check->provider = g_object_ref (provider);
  g_task_set_task_data (task, check, (GDestroyNotify) token_check_free);
  _keyfob_token_begin_check (token);

  /* Before the secret is even loaded. */
  if (!fields_valid (provider, token, &error) ||
      !check_host_unchanged (provider, token, allowed_host, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_verifier_reserve_async (verifier, cancellable, reserved_cb, g_steal_pointer (&task));
}

/**
 * keyfob_token_check_finish:
 *
 * Returns: (transfer full): the verdict, or %NULL when the check could not run
 */
KeyfobCheckResult *
keyfob_token_check_finish (KeyfobToken   *token,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, token), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
