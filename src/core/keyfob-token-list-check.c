/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-store-private.h"
#include "keyfob-token-check.h"
#include "keyfob-token-list-check.h"
#include "keyfob-token-list-private.h"

void
keyfob_token_outcome_free (KeyfobTokenOutcome *outcome)
{
  g_clear_object (&outcome->token);
  g_clear_pointer (&outcome->result, keyfob_check_result_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

/* ---- one token ---- */

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobCheckResult *check = keyfob_token_check_finish (KEYFOB_TOKEN (object), result, &error);

  if (check == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_token_list_note_change (g_task_get_source_object (task), KEYFOB_TOKEN (object));
  g_task_return_pointer (task, check, (GDestroyNotify) keyfob_check_result_free);
}

/**
 * keyfob_token_list_check_async:
 * @allowed_host: (nullable): a host the user agreed to send the token to, if its provider's
 *   checks now go elsewhere than when it was stored
 *
 * Checks the token with its provider, as the store's catalogue (keyfob_store_set_catalogue())
 * has it, and records the result in the keyring and in the token.
 * Fails with KEYFOB_TOKEN_CHECK_ERROR when the check cannot be made, and KEYFOB_STORE_ERROR
 * when the keyring fails (also after the check: a result that could not be kept).
 */
void
keyfob_token_list_check_async (KeyfobTokenList     *self,
                               KeyfobVerifier      *verifier,
                               KeyfobToken         *token,
                               const char          *allowed_host,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeyfobStore *store;
  KeyfobCatalogue *catalogue;
  KeyfobProvider *provider = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));
  g_return_if_fail (KEYFOB_IS_VERIFIER (verifier));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_token_list_check_async);

  store = _keyfob_token_list_get_store (self);
  catalogue = _keyfob_store_get_catalogue (store);
  if (catalogue != NULL)
    provider = keyfob_catalogue_lookup (catalogue, keyfob_token_get_provider_id (token));
  if (provider == NULL)
    {
      g_task_return_new_error (task, KEYFOB_TOKEN_CHECK_ERROR,
                               KEYFOB_TOKEN_CHECK_ERROR_NO_PROVIDER,
                               _("The provider “%s” is not in the catalogue, so this token "
                                 "cannot be checked: restore its provider file."),
                               keyfob_token_get_provider_id (token));
      return;
    }

  keyfob_token_check_async (store, verifier, provider, token, allowed_host, cancellable,
                            checked_cb, g_steal_pointer (&task));
}

/**
 * keyfob_token_list_check_finish:
 *
 * Returns: (transfer full): the check's result
 */
KeyfobCheckResult *
keyfob_token_list_check_finish (KeyfobTokenList  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- every token ---- */

typedef struct
{
  GPtrArray *outcomes;  /* in the list's order */
  guint      pending;
} CheckAll;

static void
check_all_free (CheckAll *all)
{
  g_ptr_array_unref (all->outcomes);
  g_free (all);
}

/* One check of the run: its outcome slot, and the run it reports to. */
typedef struct
{
  GTask              *task;
  KeyfobTokenOutcome *outcome;
} OneCheck;

static void
one_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OneCheck *one = user_data;
  g_autoptr(GTask) task = one->task;
  CheckAll *all = g_task_get_task_data (task);

  one->outcome->result = keyfob_token_list_check_finish (KEYFOB_TOKEN_LIST (object), result,
                                                         &one->outcome->error);
  g_free (one);

  if (--all->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (all->outcomes),
                           (GDestroyNotify) g_ptr_array_unref);
}

/**
 * keyfob_token_list_check_all_async:
 *
 * Checks every token the list holds now, all started at once: the verifier keeps a few in
 * flight, and each loads its secret only when its turn comes.
 */
void
keyfob_token_list_check_all_async (KeyfobTokenList     *self,
                                   KeyfobVerifier      *verifier,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckAll *all = g_new0 (CheckAll, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self));

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_token_list_check_all_async);
  all->outcomes = g_ptr_array_new_full (n, (GDestroyNotify) keyfob_token_outcome_free);
  g_task_set_task_data (task, all, (GDestroyNotify) check_all_free);

  /* The extra count keeps the run from ending before every check has started. */
  all->pending = 1;
  for (guint i = 0; i < n; i++)
    {
      OneCheck *one = g_new0 (OneCheck, 1);

      one->outcome = g_new0 (KeyfobTokenOutcome, 1);
      one->outcome->token = g_list_model_get_item (G_LIST_MODEL (self), i);
      one->task = g_object_ref (task);
      g_ptr_array_add (all->outcomes, one->outcome);
      all->pending++;
      keyfob_token_list_check_async (self, verifier, one->outcome->token, NULL, cancellable,
                                     one_checked_cb, one);
    }

  if (--all->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (all->outcomes),
                           (GDestroyNotify) g_ptr_array_unref);
}

/**
 * keyfob_token_list_check_all_finish:
 *
 * Returns: (transfer container) (element-type KeyfobTokenOutcome): one outcome per token, in
 *   the list's order
 */
GPtrArray *
keyfob_token_list_check_all_finish (KeyfobTokenList  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
