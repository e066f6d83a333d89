/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/stat.h>

#include "keyfob-dotenv.h"

G_BEGIN_DECLS

struct _KeyfobDotenv
{
  char        *data;        /* the file's bytes, wiped when freed */
  gsize        length;
  GPtrArray   *entries;     /* of KeyfobDotenvEntry, in file order, the last of each key */
  GHashTable  *by_key;      /* key -> KeyfobDotenvEntry, borrowed */
  GPtrArray   *duplicates;  /* of KeyfobDotenvDuplicate */

  /* Set by keyfob_dotenv_load(): the file a rewrite replaces, as it was when read. */
  char        *path;
  struct stat  read_stat;
};

G_END_DECLS
