/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A dotenv file is a user's file, read whole: larger ones are refused, not cut. */
#define KEYFOB_DOTENV_MAX_BYTES (1024 * 1024)
#define KEYFOB_DOTENV_KEY_MAX   255

#define KEYFOB_DOTENV_ERROR (keyfob_dotenv_error_quark ())

/* A file that cannot be read as KEY=value lines: the message names the line, never a value. */
typedef enum
{
  KEYFOB_DOTENV_ERROR_READ = 1,
  KEYFOB_DOTENV_ERROR_TOO_LARGE,
  KEYFOB_DOTENV_ERROR_BINARY,
  KEYFOB_DOTENV_ERROR_SYNTAX,
  KEYFOB_DOTENV_ERROR_CHANGED,
} KeyfobDotenvError;

/* Read-only, owned by its KeyfobDotenv. */
typedef struct
{
  char  *key;
  char  *value;        /* unquoted and unescaped; wiped when freed, as it may be a token */
  guint  line;
  gsize  value_start;  /* the value as written, quotes included, in the file's bytes */
  gsize  value_end;
} KeyfobDotenvEntry;

/* A key set twice: the later value is the one used. */
typedef struct
{
  char  *key;
  guint  first_line;
  guint  line;
} KeyfobDotenvDuplicate;

typedef struct _KeyfobDotenv KeyfobDotenv;

GQuark                   keyfob_dotenv_error_quark     (void);

KeyfobDotenv            *keyfob_dotenv_parse           (const char    *data,
                                                        gsize          length,
                                                        GError       **error);
KeyfobDotenv            *keyfob_dotenv_load            (const char    *path,
                                                        GError       **error);
void                     keyfob_dotenv_free            (KeyfobDotenv  *self);
guint                    keyfob_dotenv_get_n_entries   (KeyfobDotenv  *self);
const KeyfobDotenvEntry *keyfob_dotenv_get_entry       (KeyfobDotenv  *self,
                                                        guint          position);
const KeyfobDotenvEntry *keyfob_dotenv_lookup          (KeyfobDotenv  *self,
                                                        const char    *key);
GPtrArray               *keyfob_dotenv_get_duplicates  (KeyfobDotenv  *self);
gboolean                 keyfob_dotenv_rewrite         (KeyfobDotenv  *self,
                                                        GHashTable    *replacements,
                                                        gboolean       keep_backup,
                                                        char         **backup_path,
                                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobDotenv, keyfob_dotenv_free)

G_END_DECLS
