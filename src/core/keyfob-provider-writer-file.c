/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider-writer"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "keyfob-provider-writer.h"

/* Where the "Other service" form's provider files go, and how they are written and removed:
 * from a thread, each whole or not at all. */

/* The user's providers folder, which the catalogue reads after the built-in ones. */
char *
keyfob_provider_writer_dup_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "keyfob", "providers", NULL);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KeyfobProvider *provider = source_object;
  GBytes *json = task_data;
  g_autofree char *dir = keyfob_provider_writer_dup_dir ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (json, &size);

  /* Written whole or not at all: the catalogue never reads half a file. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: a folder, then why it could not be made */
      g_task_return_new_error (task, KEYFOB_PROVIDER_WRITER_ERROR,
                               KEYFOB_PROVIDER_WRITER_ERROR_FILE,
                               _("Could not make the folder %s: %s"), dir,
                               g_strerror (saved_errno));
      return;
    }

  if (!g_file_set_contents_full (keyfob_provider_get_origin (provider), data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_task_return_new_error (task, KEYFOB_PROVIDER_WRITER_ERROR,
                             KEYFOB_PROVIDER_WRITER_ERROR_FILE, "%s", error->message);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * keyfob_provider_writer_save_async:
 * @provider: from keyfob_provider_spec_build(), which names its file
 * @json: the file, from the same call
 *
 * Writes the provider file into the user's providers folder. Load the catalogue again to use it.
 */
void
keyfob_provider_writer_save_async (KeyfobProvider      *provider,
                                   GBytes              *json,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));
  g_return_if_fail (json != NULL);

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_provider_writer_save_async);
  g_task_set_task_data (task, g_bytes_ref (json), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, save_thread);
}

gboolean
keyfob_provider_writer_save_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KeyfobProvider *provider = source_object;
  const char *path = keyfob_provider_get_origin (provider);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      /* Translators: a file, then why it could not be removed */
      g_task_return_new_error (task, KEYFOB_PROVIDER_WRITER_ERROR,
                               KEYFOB_PROVIDER_WRITER_ERROR_FILE,
                               _("Could not remove %s: %s"), path, g_strerror (saved_errno));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * keyfob_provider_writer_remove_async:
 * @provider: one the form wrote (keyfob_provider_get_custom())
 *
 * Removes the provider's file. Its tokens stay in the keyring, under an unknown provider.
 */
void
keyfob_provider_writer_remove_async (KeyfobProvider      *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));
  g_return_if_fail (keyfob_provider_get_custom (provider));

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_provider_writer_remove_async);
  g_task_run_in_thread (task, remove_thread);
}

gboolean
keyfob_provider_writer_remove_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
