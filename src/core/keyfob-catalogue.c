/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-catalogue"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "keyfob-catalogue.h"
#include "keyfob-provider-private.h"

#define BUILTIN_PATH   "/io/github/keyfob/providers"
#define MAX_FILE_SIZE  (256 * 1024)
#define MAX_USER_FILES 256

struct _KeyfobCatalogue
{
  GObject    parent_instance;

  GPtrArray *providers;  /* sorted by id */
  GPtrArray *problems;   /* of GError */
};

G_DEFINE_FINAL_TYPE (KeyfobCatalogue, keyfob_catalogue, G_TYPE_OBJECT)

typedef struct
{
  GHashTable *by_id;
  GHashTable *builtin_by_id;
  GPtrArray  *problems;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->by_id, g_hash_table_unref);
  g_clear_pointer (&result->builtin_by_id, g_hash_table_unref);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

static void
add_provider (LoadResult *result,
              const char *origin,
              GBytes     *bytes,
              gboolean    builtin)
{
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;
  KeyfobProvider *previous;
  const char *id;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  provider = keyfob_provider_new_from_data (origin, data, size, &error);
  if (provider == NULL)
    {
      g_ptr_array_add (result->problems, g_steal_pointer (&error));
      return;
    }

  id = keyfob_provider_get_id (provider);
  if (builtin)
    {
      g_hash_table_replace (result->builtin_by_id, (gpointer) id, g_object_ref (provider));
      g_hash_table_replace (result->by_id, (gpointer) id, provider);
      return;
    }

  /* A user file replaces the built-in provider with the same id: never silently, since it
   * decides where that provider's tokens are sent. It remembers the one it replaced. */
  _keyfob_provider_set_replaced (provider, g_hash_table_lookup (result->builtin_by_id, id));

  previous = g_hash_table_lookup (result->by_id, id);
  if (previous != NULL && previous != g_hash_table_lookup (result->builtin_by_id, id))
    /* Translators: a file name, a provider id, then another file name */
    g_ptr_array_add (result->problems,
                     g_error_new (KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
                                  _("%s: it describes “%s”, as %s does: Keyfob uses this one, "
                                    "the last by name. Remove one of them."),
                                  origin, id, keyfob_provider_get_origin (previous)));

  g_hash_table_replace (result->by_id, (gpointer) id, provider);
}

static void
load_builtin (LoadResult *result)
{
  g_auto(GStrv) names = g_resources_enumerate_children (BUILTIN_PATH, 0, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", BUILTIN_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

      if (bytes != NULL)
        add_provider (result, names[i], bytes, TRUE);
    }
}

static int
compare_file_names (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GError *
file_problem (const char *path,
              const char *problem)
{
  /* Translators: a file's path, then what is wrong with it */
  return g_error_new (KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID, _("%s: %s"), path,
                      problem);
}

/* Anyone may put anything in the folder, under a .json name: a FIFO would block the read, a
 * link to /dev/zero would never end, a huge file would be read whole. Only a regular file is
 * read, and no more of it than a provider description can be. */
static GBytes *
read_user_file (const char  *path,
                GError     **error)
{
  g_autofree char *data = NULL;
  struct stat info;
  gsize filled = 0;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &info) != 0)
    {
      saved_errno = errno;
      if (fd >= 0)
        g_close (fd, NULL);
      *error = file_problem (path, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (info.st_mode))
    {
      g_close (fd, NULL);
      *error = file_problem (path, _("not a regular file (a directory, pipe or device): a "
                                     "provider description is a plain JSON file"));
      return NULL;
    }

  data = g_malloc (MAX_FILE_SIZE + 1);
  while (info.st_size <= MAX_FILE_SIZE && filled <= MAX_FILE_SIZE)
    {
      gssize n = read (fd, data + filled, MAX_FILE_SIZE + 1 - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          g_close (fd, NULL);
          *error = file_problem (path, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      filled += n;
    }
  g_close (fd, NULL);

  if (info.st_size > MAX_FILE_SIZE || filled > MAX_FILE_SIZE)
    {
      g_autofree char *problem =
        g_strdup_printf (_("the file is larger than %d KiB: a provider description is much "
                           "smaller"), MAX_FILE_SIZE / 1024);

      *error = file_problem (path, problem);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&data), filled);
}

static void
load_user_dir (LoadResult   *result,
               GCancellable *cancellable)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "keyfob", "providers", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));

  /* Sorted, so that which of two files with one id wins does not depend on the disk. */
  g_ptr_array_sort (names, compare_file_names);

  if (names->len > MAX_USER_FILES)
    {
      g_autofree char *problem =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "more than %d provider file: Keyfob read the first %d by "
                                      "name",
                                      "more than %d provider files: Keyfob read the first %d by "
                                      "name",
                                      MAX_USER_FILES),
                         MAX_USER_FILES, MAX_USER_FILES);

      g_ptr_array_add (result->problems, file_problem (path, problem));
      g_ptr_array_set_size (names, MAX_USER_FILES);
    }

  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autoptr(GBytes) bytes = NULL;
      GError *error = NULL;

      if ((bytes = read_user_file (file, &error)) == NULL)
        g_ptr_array_add (result->problems, error);
      else
        add_provider (result, file, bytes, FALSE);
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  result->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  result->builtin_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  load_builtin (result);
  load_user_dir (result, cancellable);

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  KeyfobProvider *pa = *(KeyfobProvider **) a;
  KeyfobProvider *pb = *(KeyfobProvider **) b;

  return g_strcmp0 (keyfob_provider_get_id (pa), keyfob_provider_get_id (pb));
}

static void
keyfob_catalogue_finalize (GObject *object)
{
  KeyfobCatalogue *self = (KeyfobCatalogue *) object;

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (keyfob_catalogue_parent_class)->finalize (object);
}

static void
keyfob_catalogue_class_init (KeyfobCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keyfob_catalogue_finalize;
}

static void
keyfob_catalogue_init (KeyfobCatalogue *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

KeyfobCatalogue *
keyfob_catalogue_new (void)
{
  return g_object_new (KEYFOB_TYPE_CATALOGUE, NULL);
}

/**
 * keyfob_catalogue_load_async:
 *
 * Loads the built-in providers and the user's own from $XDG_DATA_HOME/keyfob/providers.
 * A file that cannot be used becomes a problem; the others still load.
 */
void
keyfob_catalogue_load_async (KeyfobCatalogue     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEYFOB_IS_CATALOGUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_catalogue_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
keyfob_catalogue_load_finish (KeyfobCatalogue  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  LoadResult *loaded;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  g_ptr_array_set_size (self->providers, 0);
  g_hash_table_iter_init (&iter, loaded->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (self->providers, g_object_ref (value));
  g_ptr_array_sort (self->providers, compare_by_id);

  g_ptr_array_unref (self->problems);
  self->problems = g_steal_pointer (&loaded->problems);

  load_result_free (loaded);

  return TRUE;
}

/**
 * keyfob_catalogue_get_providers:
 *
 * Returns: (transfer none) (element-type KeyfobProvider): the providers, sorted by id
 */
GPtrArray *
keyfob_catalogue_get_providers (KeyfobCatalogue *self)
{
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (self), NULL);

  return self->providers;
}

/**
 * keyfob_catalogue_get_problems:
 *
 * Returns: (transfer none) (element-type GError): why some files were not loaded
 */
GPtrArray *
keyfob_catalogue_get_problems (KeyfobCatalogue *self)
{
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (self), NULL);

  return self->problems;
}

KeyfobProvider *
keyfob_catalogue_lookup (KeyfobCatalogue *self,
                         const char      *id)
{
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (self), NULL);

  for (guint i = 0; id != NULL && i < self->providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (self->providers, i);

      if (g_str_equal (keyfob_provider_get_id (provider), id))
        return provider;
    }

  return NULL;
}

static gboolean
lists_name (const char * const *names,
            const char         *name)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return TRUE;

  return FALSE;
}

/**
 * keyfob_catalogue_recognise:
 * @name: an environment variable's name
 * @value: its value
 *
 * Which providers' token the variable holds: those whose file lists @name (in any case)
 * among its “env” names; when none does, those whose distinctive token format @value has.
 * The name decides first because it is what the user chose; a format is only a guess. More
 * than one provider means the variable is ambiguous.
 *
 * Returns: (transfer container) (element-type KeyfobProvider): the providers, maybe none
 */
GPtrArray *
keyfob_catalogue_recognise (KeyfobCatalogue *self,
                            const char      *name,
                            const char      *value)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (self->providers, i);

      if (lists_name (keyfob_provider_get_env_names (provider), name))
        g_ptr_array_add (found, provider);
    }

  for (guint i = 0; found->len == 0 && i < self->providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (self->providers, i);

      if (keyfob_provider_recognises_token (provider, value))
        g_ptr_array_add (found, provider);
    }

  return g_steal_pointer (&found);
}

/**
 * keyfob_catalogue_lookup_field_env:
 * @name: an environment variable's name
 *
 * Returns: (transfer none) (nullable): the first provider that has a field whose value
 *   @name usually holds (“env” of the field), and sets @field to that field
 */
KeyfobProvider *
keyfob_catalogue_lookup_field_env (KeyfobCatalogue            *self,
                                   const char                 *name,
                                   const KeyfobProviderField **field)
{
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (self->providers, i);

      for (guint j = 0; j < keyfob_provider_get_n_fields (provider); j++)
        {
          const KeyfobProviderField *candidate = keyfob_provider_get_field (provider, j);

          if (lists_name ((const char * const *) candidate->env, name))
            {
              if (field != NULL)
                *field = candidate;
              return provider;
            }
        }
    }

  return NULL;
}
