/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A run of this many letters and digits shared with the token is taken for an echo of it. */
#define KEYFOB_SCRUB_MIN_RUN 10

char *keyfob_scrub_token (const char *text,
                          const char *token);

G_END_DECLS
