/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-name-lock"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "keyfob-name-lock.h"

/* How often a waiting process tries again: a lock is held for a few keyring calls. */
#define RETRY_MS 20

struct _KeyfobNameLock
{
  int fd;  /* -1: no lock could be had, and the re-check after storing is all there is */
};

static KeyfobNameLock *
lock_new (int fd)
{
  KeyfobNameLock *lock = g_new0 (KeyfobNameLock, 1);

  lock->fd = fd;
  return lock;
}

/* The lock file, in the user's runtime directory (private to the user, gone at logout). */
static int
open_lock_file (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "keyfob", NULL);
  g_autofree char *path = g_build_filename (dir, "names.lock", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return -1;

  return g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
}

static gboolean
try_lock_cb (gpointer user_data)
{
  GTask *task = user_data;
  int fd = GPOINTER_TO_INT (g_task_get_task_data (task));

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      g_task_set_task_data (task, NULL, NULL);
      g_task_return_pointer (task, lock_new (fd), (GDestroyNotify) _keyfob_name_lock_release);
      return G_SOURCE_REMOVE;
    }

  if (errno == EWOULDBLOCK || errno == EINTR)
    return G_SOURCE_CONTINUE;

  /* A file system without locks: go on without one. */
  g_debug ("Cannot lock the names: %s", g_strerror (errno));
  g_task_set_task_data (task, NULL, NULL);
  g_close (fd, NULL);
  g_task_return_pointer (task, lock_new (-1), (GDestroyNotify) _keyfob_name_lock_release);
  return G_SOURCE_REMOVE;
}

static void
close_fd (gpointer data)
{
  g_close (GPOINTER_TO_INT (data), NULL);
}

/* Waits for the lock without blocking the main loop, until @cancellable is cancelled. */
void
_keyfob_name_lock_acquire_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  int fd = open_lock_file ();

  g_task_set_source_tag (task, _keyfob_name_lock_acquire_async);

  if (fd < 0)
    {
      g_debug ("Cannot open the names' lock file: %s", g_strerror (errno));
      g_task_return_pointer (task, lock_new (-1), (GDestroyNotify) _keyfob_name_lock_release);
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (fd), close_fd);
  if (try_lock_cb (task) == G_SOURCE_CONTINUE)
    g_timeout_add_full (G_PRIORITY_DEFAULT, RETRY_MS, try_lock_cb, g_object_ref (task),
                        g_object_unref);
}

KeyfobNameLock *
_keyfob_name_lock_acquire_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_keyfob_name_lock_release (KeyfobNameLock *lock)
{
  if (lock == NULL)
    return;

  if (lock->fd >= 0)
    g_close (lock->fd, NULL);
  g_free (lock);
}
