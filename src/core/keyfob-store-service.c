/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store-service"

#include "config.h"

#include "keyfob-store-service.h"

struct _KeyfobStoreService
{
  SecretService parent_instance;
};

G_DEFINE_FINAL_TYPE (KeyfobStoreService, keyfob_store_service, SECRET_TYPE_SERVICE)

enum {
  SIGNAL_PROMPTING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
prompted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  reply = SECRET_SERVICE_CLASS (keyfob_store_service_parent_class)->prompt_finish (
    SECRET_SERVICE (object), result, &error);
  g_signal_emit (object, signals[SIGNAL_PROMPTING], 0, FALSE);

  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) g_variant_unref);
}

static void
keyfob_store_service_prompt_async (SecretService       *service,
                                   SecretPrompt        *prompt,
                                   const GVariantType  *return_type,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (service, cancellable, callback, user_data);

  g_task_set_source_tag (task, keyfob_store_service_prompt_async);
  g_signal_emit (service, signals[SIGNAL_PROMPTING], 0, TRUE);
  SECRET_SERVICE_CLASS (keyfob_store_service_parent_class)->prompt_async (
    service, prompt, return_type, cancellable, prompted_cb, task);
}

static GVariant *
keyfob_store_service_prompt_finish (SecretService  *service,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
keyfob_store_service_class_init (KeyfobStoreServiceClass *klass)
{
  SecretServiceClass *service_class = SECRET_SERVICE_CLASS (klass);

  service_class->prompt_async = keyfob_store_service_prompt_async;
  service_class->prompt_finish = keyfob_store_service_prompt_finish;

  /**
   * KeyfobStoreService::prompting:
   * @open: TRUE when a prompt opens, FALSE when it closes
   */
  signals[SIGNAL_PROMPTING] =
    g_signal_new ("prompting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
keyfob_store_service_init (KeyfobStoreService *self)
{
}
