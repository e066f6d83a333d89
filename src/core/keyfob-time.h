/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *keyfob_time_describe           (GDateTime *date,
                                          GDateTime *now);
GTimeSpan  keyfob_time_describe_valid_for (GDateTime *date,
                                          GDateTime *now);
char      *keyfob_time_format_day         (GDateTime *date);

G_END_DECLS
