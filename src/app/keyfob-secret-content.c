/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-secret-content"

#include "config.h"

#include <string.h>

#include "keyfob-secret-content.h"

#define TEXT_MIME_TYPE "text/plain;charset=utf-8"
/* Asks clipboard managers (Klipper, CopyQ, GPaste) to keep no history of it. */
#define HINT_MIME_TYPE "x-kde-passwordManagerHint"
#define HINT           "secret"

struct _KeyfobSecretContent
{
  GdkContentProvider  parent_instance;

  SecretValue        *secret;
};

G_DEFINE_FINAL_TYPE (KeyfobSecretContent, keyfob_secret_content, GDK_TYPE_CONTENT_PROVIDER)

static GdkContentFormats *
keyfob_secret_content_ref_formats (GdkContentProvider *provider)
{
  static const char *mime_types[] = { TEXT_MIME_TYPE, HINT_MIME_TYPE };

  return gdk_content_formats_new (mime_types, G_N_ELEMENTS (mime_types));
}

/* Nothing to hand over for safekeeping: on X11, GDK gives the storable formats to the
 * clipboard manager when Keyfob quits, which would keep the token after it. */
static GdkContentFormats *
keyfob_secret_content_ref_storable_formats (GdkContentProvider *provider)
{
  return gdk_content_formats_new (NULL, 0);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Straight from the secret's memory to the reader: no copy of ours on the heap. The task keeps
 * the secret while the write runs. */
static void
keyfob_secret_content_write_mime_type_async (GdkContentProvider  *provider,
                                             const char          *mime_type,
                                             GOutputStream       *stream,
                                             int                  io_priority,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  KeyfobSecretContent *self = KEYFOB_SECRET_CONTENT (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *data;
  gsize length = 0;

  g_task_set_source_tag (task, keyfob_secret_content_write_mime_type_async);
  g_task_set_priority (task, io_priority);

  if (g_str_equal (mime_type, TEXT_MIME_TYPE))
    {
      g_task_set_task_data (task, secret_value_ref (self->secret),
                            (GDestroyNotify) secret_value_unref);
      data = secret_value_get (self->secret, &length);
    }
  else if (g_str_equal (mime_type, HINT_MIME_TYPE))
    {
      data = HINT;
      length = strlen (HINT);
    }
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Cannot provide the contents as “%s”", mime_type);
      return;
    }

  g_output_stream_write_all_async (stream, data, length, io_priority, cancellable, written_cb,
                                   g_steal_pointer (&task));
}

static gboolean
keyfob_secret_content_write_mime_type_finish (GdkContentProvider  *provider,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
keyfob_secret_content_finalize (GObject *object)
{
  KeyfobSecretContent *self = (KeyfobSecretContent *) object;

  g_clear_pointer (&self->secret, secret_value_unref);

  G_OBJECT_CLASS (keyfob_secret_content_parent_class)->finalize (object);
}

static void
keyfob_secret_content_class_init (KeyfobSecretContentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  object_class->finalize = keyfob_secret_content_finalize;
  provider_class->ref_formats = keyfob_secret_content_ref_formats;
  provider_class->ref_storable_formats = keyfob_secret_content_ref_storable_formats;
  provider_class->write_mime_type_async = keyfob_secret_content_write_mime_type_async;
  provider_class->write_mime_type_finish = keyfob_secret_content_write_mime_type_finish;
}

static void
keyfob_secret_content_init (KeyfobSecretContent *self)
{
}

GdkContentProvider *
keyfob_secret_content_new (SecretValue *secret)
{
  KeyfobSecretContent *self;

  g_return_val_if_fail (secret != NULL, NULL);

  self = g_object_new (KEYFOB_TYPE_SECRET_CONTENT, NULL);
  self->secret = secret_value_ref (secret);

  return GDK_CONTENT_PROVIDER (self);
}
