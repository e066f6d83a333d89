/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "keyfob-emulator.h"

G_BEGIN_DECLS

/* One form of one canary to look for. */
typedef struct
{
  char   *what;   /* says which form of which canary, for the failure message */
  GBytes *bytes;
} Needle;

extern char           *pulsetic_canary;   /* "kfcanary" and 32 random hex digits */
extern char           *cutover_canary;    /* 48 hex digits: "c0ffeeca" and 40 random ones */
extern char           *cutover_short;     /* the same, one digit short: a rejected token */
extern KeyfobEmulator *emulator;

void      keyfob_test_hygiene_init (int         *argc,
                                    char      ***argv);
int       keyfob_test_hygiene_run  (void);

Needle   *find_canary              (const char  *data,
                                    gsize        length,
                                    gsize       *offset);
gboolean  check_clean              (const char  *where,
                                    const char  *data,
                                    gsize        length);
void      check_log_clean          (const char  *part);

G_END_DECLS
